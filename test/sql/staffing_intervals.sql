-- staffing_intervals(): the intervals of local dates in a calendar's zone,
-- whether each is open, and the arrivals counted in each.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Intervals per day follow the wall clock: Berlin has 48 half-hours on an
-- ordinary day, 46 on the spring-forward day (2025-03-30) and 50 on the
-- fall-back day (2025-10-26), each of 30 real minutes; 96 quarter-hours,
-- 24 hours, or one interval per day (23 and 25 hours long on those days)
SELECT timezone('Europe/Berlin', starts_at)::date AS day, step, count(*) AS intervals,
       min(ends_at - starts_at) AS shortest, max(ends_at - starts_at) AS longest,
       sum(ends_at - starts_at) AS total
FROM unnest(ARRAY[interval '15 minutes', '30 minutes', '1 hour', '1 day']) AS step,
     staffing_intervals('2025-03-29', '2025-03-30', step, 'v1 tz=Europe/Berlin mon-fri=09:00-17:00')
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS intervals, sum(ends_at - starts_at) AS total
FROM staffing_intervals('2025-10-26', '2025-10-26', '30 minutes', 'v1 tz=Europe/Berlin mon-fri=09:00-17:00');

-- Around the changes: the local starts skip 02:00-02:30 in spring and
-- repeat 02:00 and 02:30 in autumn; starts_at moves by 30 minutes each row
SELECT starts_at, local_start FROM staffing_intervals('2025-03-30', '2025-03-30', '30 minutes',
                                                      'v1 tz=Europe/Berlin mon-fri=09:00-17:00')
WHERE local_start BETWEEN '2025-03-30 01:00' AND '2025-03-30 03:30';
SELECT starts_at, local_start FROM staffing_intervals('2025-10-26', '2025-10-26', '30 minutes',
                                                      'v1 tz=Europe/Berlin mon-fri=09:00-17:00')
WHERE local_start BETWEEN '2025-10-26 01:30' AND '2025-10-26 03:00';

-- A day whose midnight does not exist (Santiago moves from 24:00 to 01:00
-- on 2024-09-08) starts at 01:00; Lord Howe Island moves back by only 30
-- minutes (02:00 -> 01:30 on 2025-04-06), so with hourly steps its 24.5-hour
-- day ends with a 30-minute interval
SELECT min(local_start) AS first_local_start, count(*) AS intervals
FROM staffing_intervals('2024-09-08', '2024-09-08', '1 hour', 'v1 tz=America/Santiago mon-fri=09:00-17:00');
-- a skipped hour may also swallow midnight without starting at it: Toronto
-- went from 23:30 to 00:30 on 1919-03-30, so that date ends and the next
-- begins at 04:30 UTC, both 23.5 hours long (Python's zoneinfo reads
-- 04:30 UTC as 00:30-04:00 and 04:29 UTC as 23:29-05:00)
SELECT starts_at, ends_at - starts_at AS length, local_start
FROM staffing_intervals('1919-03-30', '1919-04-01', '1 day', 'v1 tz=America/Toronto mon-sun=00:00-24:00');
SELECT count(*) AS intervals, sum(ends_at - starts_at) AS total,
       max(local_start) AS last_local_start, min(ends_at - starts_at) AS shortest
FROM staffing_intervals('2025-04-06', '2025-04-06', '1 hour', 'v1 tz=Australia/Lord_Howe mon-fri=09:00-17:00');
-- A day whose midnight happens twice starts at the first: the Azores move
-- back from 01:00 to 00:00 on 2026-10-25 and Havana on 2026-11-01, so the
-- day before lasts 24 hours, the day of the change 25, and arrivals in its
-- first hour count on it
SELECT starts_at, ends_at - starts_at AS length, local_start
FROM staffing_intervals('2026-10-24', '2026-10-26', '1 day', 'v1 tz=Atlantic/Azores mon-sun=00:00-24:00');
SELECT count(*) AS intervals, min(starts_at) AS first_start, sum(arrivals) AS arrivals
FROM staffing_intervals('2026-10-25', '2026-10-25', '30 minutes', 'v1 tz=Atlantic/Azores mon-sun=00:00-24:00',
                        ARRAY['2026-10-25 00:10+00', '2026-10-25 00:50+00', '2026-10-25 01:10+00']::timestamptz[]);
SELECT starts_at, ends_at - starts_at AS length, local_start
FROM staffing_intervals('2026-10-31', '2026-11-01', '1 day', 'v1 tz=America/Havana mon-sun=00:00-24:00');

-- Open share: a Shanghai team working 09:15-12:00 and 13:00-18:00, closed
-- on the holiday 2026-01-01 (a Thursday): the 09:00 interval is half open,
-- lunch is closed, the holiday has no open interval
SELECT local_start::time AS local_time, is_open, open_share
FROM staffing_intervals('2026-01-02', '2026-01-02', '30 minutes',
                        'v1 tz=Asia/Shanghai mon-fri=09:15-12:00,13:00-18:00 holidays=2026-01-01')
WHERE local_start::time BETWEEN '08:30' AND '13:00';
SELECT local_start::date AS day, count(*) FILTER (WHERE is_open) AS open_intervals,
       sum(open_share) / 2 AS open_hours
FROM staffing_intervals('2026-01-01', '2026-01-03', '30 minutes',
                        'v1 tz=Asia/Shanghai mon-fri=09:15-12:00,13:00-18:00 holidays=2026-01-01')
GROUP BY 1 ORDER BY 1;
-- open time adds up to business_time() over the whole range (30 days in
-- New York across the spring-forward day, 15-minute steps; the cast
-- changes nothing but that extract() returns float8 before PostgreSQL 14,
-- which test/suites/postgresql13.sh runs this test on)
SELECT round((sum(open_share * extract(epoch FROM ends_at - starts_at)) / 3600)::numeric, 9) AS open_hours,
       extract(epoch FROM business_time(min(starts_at), max(ends_at),
                                        'v1 tz=America/New_York mon-sat=08:00-20:00'))::numeric(20, 6) / 3600 AS business_hours
FROM staffing_intervals('2025-03-01', '2025-03-30', '15 minutes', 'v1 tz=America/New_York mon-sat=08:00-20:00');

-- Arrivals: counted in [starts_at, ends_at), NULLs and instants outside the
-- range ignored, rate per hour over the interval's real length
SELECT local_start, arrivals, arrivals_per_hour
FROM staffing_intervals('2025-10-26', '2025-10-26', '30 minutes', 'v1 tz=Europe/Berlin mon-sun=00:00-24:00',
                        ARRAY['2025-10-26 02:10+02', '2025-10-26 02:10+01', '2025-10-26 02:30+01',
                              '2025-10-26 02:29:59.999999+01', NULL, '2025-10-25 23:59+02',
                              '2025-10-27 00:00+01', '2025-10-26 00:00+02']::timestamptz[])
WHERE arrivals > 0;
-- a step of a day: one interval per local date (25 hours on this one)
SELECT starts_at, ends_at - starts_at AS length, arrivals
FROM staffing_intervals('2025-10-25', '2025-10-27', '1 day', 'v1 tz=Europe/Berlin mon-sun=00:00-24:00',
                        '{}'::timestamptz[]);

-- The same counts as a plain-SQL range join, for 20,000 arrivals over three
-- weeks around a daylight-saving change, in any order, with duplicates
CREATE TABLE si_ticket AS
SELECT i AS id,
       timestamptz '2025-03-20 00:00+01' + ((hashint4(i) & 2147483647) % (21 * 86400)) * interval '1 second'
           + CASE WHEN i % 97 = 0 THEN interval '0' ELSE (i % 1000) * interval '1 microsecond' END AS created_at
FROM generate_series(1, 20000) AS i;
INSERT INTO si_ticket SELECT -id, created_at FROM si_ticket WHERE id % 50 = 0;
CREATE INDEX ON si_ticket (created_at);
CREATE TABLE si_ours AS
SELECT * FROM staffing_intervals('2025-03-24', '2025-04-06', '15 minutes', 'v1 tz=Europe/Berlin mon-fri=09:00-17:00',
                                 (SELECT array_agg(created_at ORDER BY id) FROM si_ticket));
SELECT count(*) AS intervals, sum(o.arrivals) AS counted,
       count(*) FILTER (WHERE o.arrivals <> (SELECT count(*) FROM si_ticket t
                                             WHERE t.created_at >= o.starts_at AND t.created_at < o.ends_at))
           AS differ,
       count(*) FILTER (WHERE o.arrivals_per_hour <> o.arrivals * 4) AS rate_differs,
       (SELECT count(*) FROM si_ticket
        WHERE created_at >= (SELECT min(starts_at) FROM si_ours) AND created_at < (SELECT max(ends_at) FROM si_ours))
           AS in_range
FROM si_ours o;

-- STRICT: a NULL calendar or array gives no rows
SELECT count(*) AS rows FROM staffing_intervals('2025-03-01', '2025-03-01', '1 hour', NULL);
SELECT count(*) AS rows FROM staffing_intervals('2025-03-01', '2025-03-01', '1 hour', 'v1 tz=UTC mon-fri=09:00-17:00', NULL);

-- The first date a timestamp holds: its day starts at the first instant
-- (there is no day before it to look at for a change of offset)
SELECT * FROM staffing_intervals('4714-11-24 BC', '4714-11-25 BC', '12 hours', 'v1 tz=UTC mon-sun=00:00-24:00');

RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
