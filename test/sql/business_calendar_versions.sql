-- Calendar history (v2): versions in force from a date, each with its own
-- zone and weekly hours.  A version takes over at the instant from which
-- its zone's clocks read its first date (local midnight in the new zone,
-- or the end of a skipped hour that swallows it) and stays in force until
-- the next takes over.  Cases computed by hand.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SET timezone = 'UTC';

CREATE TABLE bcy_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bcy_calendar VALUES
    -- Berlin (CEST, +02), summer hours from Monday 1 June to Monday 31
    -- August: 07:00-15:00 instead of 08:00-17:00
    ('summer', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00 from=2026-06-01 mon-fri=07:00-15:00
                from=2026-09-01 mon-fri=08:00-17:00'),
    -- a team moving east, from New York (-05) to Tokyo (+09) on Monday 2
    -- March: Tokyo's midnight is 15:00 UTC, 10:00 on Sunday in New York
    ('east', 'v2 tz=America/New_York mon-fri=09:00-17:00 sun=06:00-24:00
              from=2026-03-02 tz=Asia/Tokyo mon=00:00-02:00 tue-fri=09:00-18:00'),
    -- a team moving west, from Shanghai (+08) to Los Angeles (-07) on
    -- Monday 1 June: midnight there is 07:00 UTC, 15:00 in Shanghai
    ('west', 'v2 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00
              from=2026-06-01 tz=America/Los_Angeles mon-fri=08:00-17:00'),
    -- Havana skips its midnight on 8 March (00:00 CST is 01:00 CDT, 05:00
    -- UTC): the version starting that day takes over at 05:00 UTC
    ('havana', 'v2 tz=UTC mon-sun=00:00-24:00 from=2026-03-08 tz=America/Havana mon-sun=10:00-12:00'),
    -- Pago Pago (-11) from 1 July would start at 11:00 UTC; Kiritimati (+14)
    -- from 2 July starts at 10:00 UTC, before it: Pago Pago is never in force
    ('overtaken', 'v2 tz=UTC mon-fri=09:00-17:00 from=2026-07-01 tz=Pacific/Pago_Pago mon-sun=08:00-20:00
                   from=2026-07-02 tz=Pacific/Kiritimati mon-sun=08:00-20:00');

CREATE TABLE bcy_span (n int, calendar text, label text, a timestamptz, b timestamptz, expected interval);
INSERT INTO bcy_span VALUES
    (1, 'summer', 'Fri 16:00 to Mon 08:00: 1 + 1 (07-08)', '2026-05-29 16:00+02', '2026-06-01 08:00+02', '02:00'),
    (2, 'summer', 'Friday 29 May: 9', '2026-05-29 00:00+02', '2026-05-30 00:00+02', '09:00'),
    (3, 'summer', 'Monday 1 June: 8', '2026-06-01 00:00+02', '2026-06-02 00:00+02', '08:00'),
    (4, 'summer', 'Mon 31 Aug 14:00 to Tue 09:00: 1 + 1', '2026-08-31 14:00+02', '2026-09-01 09:00+02', '02:00'),
    (5, 'summer', 'June: 22 weekdays x 8', '2026-06-01 00:00+02', '2026-07-01 00:00+02', '176:00'),
    (6, 'summer', 'the year: (107 + 88) x 9 + 66 x 8', '2026-01-01 00:00+01', '2027-01-01 00:00+01', '2283:00'),
    (7, 'east', 'Sun 08:00 EST to Mon 01:00 JST: 2 + 1', '2026-03-01 08:00-05', '2026-03-02 01:00+09', '03:00'),
    (8, 'east', 'Fri 16:00 EST to Tue 10:00 JST: 1 + 4 + 2 + 1', '2026-02-27 16:00-05', '2026-03-03 10:00+09', '08:00'),
    (9, 'east', 'Sunday 1 March in New York: 06:00-10:00 only', '2026-03-01 00:00-05', '2026-03-02 00:00-05', '06:00'),
    (10, 'west', 'Mon 14:00 CST to Mon 09:00 PDT: 1 + 1', '2026-06-01 14:00+08', '2026-06-01 09:00-07', '02:00'),
    (11, 'west', 'Fri 17:00 CST to Mon 09:00 PDT: 1 + 5 + 1', '2026-05-29 17:00+08', '2026-06-01 09:00-07', '07:00'),
    (12, 'havana', '7 and 8 March UTC: 24 + 5 + 2', '2026-03-07 00:00+00', '2026-03-09 00:00+00', '31:00'),
    (13, 'overtaken', '1 July UTC: 1 (UTC) + 6 (Kiritimati)', '2026-07-01 00:00+00', '2026-07-02 00:00+00', '07:00');
SELECT s.n, s.calendar, s.label, business_time(s.a, s.b, c.cal) AS business_time,
       business_time(s.a, s.b, c.cal) = s.expected AS as_computed
FROM bcy_span s JOIN bcy_calendar c ON c.name = s.calendar ORDER BY s.n;

-- Deadlines and latest starts across the changes
CREATE TABLE bcy_deadline (n int, calendar text, label text, a timestamptz, amount interval, expected timestamptz);
INSERT INTO bcy_deadline VALUES
    (1, 'summer', 'Fri 16:00 + 3h: 1, then Mon 07:00-09:00', '2026-05-29 16:00+02', '3 hours', '2026-06-01 09:00+02'),
    (2, 'summer', 'Mon 31 Aug 14:00 + 2h: 1, then Tue 08:00-09:00', '2026-08-31 14:00+02', '2 hours', '2026-09-01 09:00+02'),
    (3, 'east', 'Sun 09:00 EST + 3h: 1, then Mon 00:00-02:00 JST', '2026-03-01 09:00-05', '3 hours', '2026-03-02 02:00+09'),
    (4, 'east', 'Sun 09:00 EST + 4h: and Tue 09:00-10:00 JST', '2026-03-01 09:00-05', '4 hours', '2026-03-03 10:00+09'),
    (5, 'west', 'Fri 17:00 CST + 6h: 1 + 5, reached as Los Angeles takes over', '2026-05-29 17:00+08', '6 hours', '2026-06-01 15:00+08'),
    (6, 'west', 'Fri 17:00 CST + 6.5h: then Mon 08:00-08:30 PDT', '2026-05-29 17:00+08', '6.5 hours', '2026-06-01 08:30-07'),
    (7, 'havana', 'Sat 23:00 UTC + 7h: 6 in UTC, Havana 10:00-11:00', '2026-03-07 23:00+00', '7 hours', '2026-03-08 11:00-04');
SELECT d.n, d.calendar, d.label, business_deadline(d.a, d.amount, c.cal) AS deadline,
       business_deadline(d.a, d.amount, c.cal) = d.expected AS as_computed
FROM bcy_deadline d JOIN bcy_calendar c ON c.name = d.calendar ORDER BY d.n;

CREATE TABLE bcy_start (n int, calendar text, label text, deadline timestamptz, amount interval, expected timestamptz);
INSERT INTO bcy_start VALUES
    (1, 'summer', 'Mon 08:00 - 2h: 1 (07-08), Fri 16:00-17:00', '2026-06-01 08:00+02', '2 hours', '2026-05-29 16:00+02'),
    (2, 'summer', 'Tue 1 Sep 09:00 - 2h: 1, Mon 14:00-15:00', '2026-09-01 09:00+02', '2 hours', '2026-08-31 14:00+02'),
    (3, 'east', 'Tue 10:00 JST - 3h: 1, Mon 00:00-02:00 JST', '2026-03-03 10:00+09', '3 hours', '2026-03-02 00:00+09'),
    (4, 'east', 'Tue 10:00 JST - 4h: and Sun 09:00-10:00 EST', '2026-03-03 10:00+09', '4 hours', '2026-03-01 09:00-05'),
    (5, 'west', 'Mon 09:00 PDT - 2h: 1, Mon 14:00-15:00 CST', '2026-06-01 09:00-07', '2 hours', '2026-06-01 14:00+08');
SELECT s.n, s.calendar, s.label, business_start(s.deadline, s.amount, c.cal) AS latest_start,
       business_start(s.deadline, s.amount, c.cal) = s.expected AS as_computed
FROM bcy_start s JOIN bcy_calendar c ON c.name = s.calendar ORDER BY s.n;

-- Which version is in force: at 07:30 on Monday 1 June summer hours have
-- begun, on Friday 29 May not yet, on Tuesday 1 September no longer; 10:00
-- Sunday in New York is 00:00 Monday in Tokyo (working), 12:00 is 02:00
-- (not); 14:30 in Shanghai on 1 June is still Shanghai's; at 06:30 UTC
-- on 2 July Pago Pago would be working, Kiritimati is not
SELECT c.name, t, is_business_time(t, c.cal) AS working
FROM bcy_calendar c
CROSS JOIN LATERAL unnest(CASE c.name
    WHEN 'summer' THEN ARRAY[timestamptz '2026-05-29 07:30+02', '2026-06-01 07:30+02', '2026-08-31 16:00+02',
                             '2026-09-01 07:30+02']
    WHEN 'east' THEN ARRAY[timestamptz '2026-03-01 09:59:59-05', '2026-03-01 10:00-05', '2026-03-01 11:59:59-05',
                           '2026-03-01 12:00-05']
    WHEN 'west' THEN ARRAY[timestamptz '2026-06-01 14:59:59+08', '2026-06-01 15:00+08', '2026-06-01 08:00-07']
    WHEN 'havana' THEN ARRAY[timestamptz '2026-03-08 04:59:59+00', '2026-03-08 05:00+00']
    WHEN 'overtaken' THEN ARRAY[timestamptz '2026-07-01 09:59:59+00', '2026-07-01 10:00+00', '2026-07-02 06:30+00']
END) AS t
ORDER BY c.name, t;

-- An extra working date takes its weekday from the version whose dates
-- include it, and works that weekday's hours of the version in force:
-- Saturday 30 May, the first date of Los Angeles' version, is under
-- Shanghai's until 15:00 there, so from midnight to 15:00 it works
-- Shanghai's Monday (09:00-12:00, 13:00-15:00: 5 hours); where Shanghai's
-- version has no Monday hours, none
SELECT business_time('2026-05-30 00:00+08', '2026-05-30 15:00+08',
                     'v2 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 workdays=2026-05-30
                      from=2026-05-30 tz=America/Los_Angeles mon-fri=08:00-17:00') AS shanghai_monday,
       business_time('2026-05-30 00:00+08', '2026-05-30 15:00+08',
                     'v2 tz=Asia/Shanghai sat=09:00-12:00 workdays=2026-05-30:mon
                      from=2026-05-30 tz=America/Los_Angeles mon-fri=08:00-17:00') AS no_shanghai_monday,
       business_time('2026-05-30 15:00+08', '2026-05-31 00:00-07',
                     'v2 tz=Asia/Shanghai sat=09:00-12:00 workdays=2026-05-30:mon
                      from=2026-05-30 tz=America/Los_Angeles mon-fri=08:00-17:00') AS los_angeles_monday;

DROP TABLE bcy_calendar, bcy_span, bcy_deadline, bcy_start;

-- A version is read on dates past the next one's first date where the
-- next zone lies west: from Kiritimati (+14) to Pago Pago (-11) on 2 July,
-- Pago Pago's midnight is 01:00 on 3 July in Kiritimati, so Kiritimati's
-- version works its 3 July from 00:00 to 01:00, unless 3 July is a holiday
-- (each version's week keeps the exceptions of its dates and a week either
-- side: this one must keep the holiday on the date after its last)
SELECT business_time('2026-07-02 10:00+00', '2026-07-02 11:00+00',
                     'v2 tz=Pacific/Kiritimati mon-sun=00:00-24:00 holidays=2026-07-03
                      from=2026-07-02 tz=Pacific/Pago_Pago mon-sun=08:00-20:00') AS holiday,
       business_time('2026-07-02 10:00+00', '2026-07-02 11:00+00',
                     'v2 tz=Pacific/Kiritimati mon-sun=00:00-24:00 2026-07-03=00:00-00:30
                      from=2026-07-02 tz=Pacific/Pago_Pago mon-sun=08:00-20:00') AS short_day,
       business_time('2026-07-02 10:00+00', '2026-07-02 11:00+00',
                     'v2 tz=Pacific/Kiritimati mon-sun=00:00-24:00
                      from=2026-07-02 tz=Pacific/Pago_Pago mon-sun=08:00-20:00') AS weekly_hours;

-- A calendar of 200 versions and 20,800 exceptions (a holiday every other
-- day for 110 years, dated hours and extra working dates in between; the
-- versions 200 days apart, in three zones).  Each version's weeks hold the
-- exceptions of its own dates only, so preparing it is linear in its size
-- (copying every exception into every version's weeks took 660 MB here).
-- Within a version's dates, the calendar agrees with one holding only that
-- version and the exceptions of its dates (and ten days either side).
CREATE TEMP TABLE bcy_version AS
SELECT k, date '2000-01-01' + 200 * k AS first_date,
       (ARRAY['UTC', 'Europe/Berlin', 'America/New_York'])[k % 3 + 1] AS zone,
       (ARRAY['mon-fri=09:00-17:00', 'mon-sat=08:00-12:00', 'tue-sun=10:00-18:30'])[k % 3 + 1] AS hours
FROM generate_series(0, 199) AS k;
CREATE TEMP TABLE bcy_exception AS
SELECT date '2000-01-01' + 2 * i AS day, to_char(date '2000-01-01' + 2 * i, 'YYYY-MM-DD') AS item, 'h' AS kind
FROM generate_series(0, 19999) AS i
UNION ALL
SELECT date '2000-01-02' + 100 * i, to_char(date '2000-01-02' + 100 * i, 'YYYY-MM-DD') || '=10:00-11:00', 'x'
FROM generate_series(0, 399) AS i
UNION ALL
SELECT date '2000-01-02' + 100 * i + 50, to_char(date '2000-01-02' + 100 * i + 50, 'YYYY-MM-DD') || ':wed', 'w'
FROM generate_series(0, 399) AS i;
-- versions k0..k1 and the exceptions dated lo..hi
CREATE FUNCTION pg_temp.bcy_text(k0 int, k1 int, lo date, hi date) RETURNS business_calendar
LANGUAGE sql AS $$
SELECT ('v2 tz=' || (SELECT zone || ' ' || hours FROM bcy_version WHERE k = k0)
    || coalesce(' holidays=' || (SELECT string_agg(item, ',' ORDER BY day) FROM bcy_exception
                                 WHERE kind = 'h' AND day BETWEEN lo AND hi), '')
    || coalesce(' workdays=' || (SELECT string_agg(item, ',' ORDER BY day) FROM bcy_exception
                                 WHERE kind = 'w' AND day BETWEEN lo AND hi), '')
    || coalesce(' ' || (SELECT string_agg(item, ' ' ORDER BY day) FROM bcy_exception
                        WHERE kind = 'x' AND day BETWEEN lo AND hi), '')
    || coalesce(' ' || (SELECT string_agg('from=' || first_date || ' tz=' || zone || ' ' || hours, ' ' ORDER BY k)
                        FROM bcy_version WHERE k > k0 AND k <= k1), ''))::business_calendar
$$;
CREATE TEMP TABLE bcy_big AS SELECT pg_temp.bcy_text(0, 199, '1999-01-01', '2200-01-01') AS cal;
-- each version alone; from is its local midnight, split an instant at
-- 06:00 UTC on its first date, between the closes of the dates before it
-- and those of its own
CREATE TEMP TABLE bcy_alone AS
SELECT v.k, v.first_date, v.first_date::timestamp AT TIME ZONE v.zone AS from_at,
       v.first_date + time '06:00' AT TIME ZONE 'UTC' AS split_at,
       pg_temp.bcy_text(v.k, v.k, v.first_date - 10, coalesce(n.first_date, '2200-01-01') + 10) AS cal
FROM bcy_version v LEFT JOIN bcy_version n ON n.k = v.k + 1;
SELECT count(*) AS versions, (SELECT count(*) FROM bcy_exception) AS exceptions FROM bcy_alone;

-- spans, deadlines and business days within a version's dates
SELECT a.k, count(*) AS cases,
       bool_and(business_time(s.a, s.b, big.cal) = business_time(s.a, s.b, a.cal)) AS business_time,
       bool_and(business_days(s.a, s.b, big.cal) = business_days(s.a, s.b, a.cal)) AS business_days,
       bool_and(business_deadline(s.a, '20 hours', big.cal) = business_deadline(s.a, '20 hours', a.cal)) AS deadline,
       bool_and(business_day_deadline(s.a, 7, big.cal) = business_day_deadline(s.a, 7, a.cal)) AS day_deadline,
       bool_and(is_business_time(s.a, big.cal) = is_business_time(s.a, a.cal)) AS is_business_time
FROM bcy_alone a CROSS JOIN bcy_big big
CROSS JOIN LATERAL (SELECT a.first_date + d + time '13:30' AT TIME ZONE 'UTC' AS a,
                           a.first_date + d + 30 + time '07:45' AT TIME ZONE 'UTC' AS b
                    FROM generate_series(1, 161, 20) AS d) AS s
WHERE a.k IN (0, 1, 2, 3, 50, 101, 152, 198, 199)
GROUP BY a.k ORDER BY a.k;

-- across all versions: the sum of each version's share while it is in
-- force (working time), or of the closes of its dates (business days)
SELECT business_time(timestamptz '2000-06-01 00:00+00', timestamptz '2110-01-01 00:00+00', big.cal) AS business_time,
       business_time(timestamptz '2000-06-01 00:00+00', timestamptz '2110-01-01 00:00+00', big.cal) =
       (SELECT sum(business_time(greatest(a.from_at, '2000-06-01 00:00+00'),
                                 coalesce(n.from_at, '2110-01-01 00:00+00'), a.cal)) FROM bcy_alone a
        LEFT JOIN bcy_alone n ON n.k = a.k + 1) AS as_sum,
       business_days(timestamptz '2000-06-01 00:00+00', timestamptz '2110-01-01 00:00+00', big.cal) AS business_days,
       business_days(timestamptz '2000-06-01 00:00+00', timestamptz '2110-01-01 00:00+00', big.cal) =
       (SELECT sum(business_days(greatest(a.split_at, '2000-06-01 00:00+00'),
                                 coalesce(n.split_at, '2110-01-01 00:00+00'), a.cal)) FROM bcy_alone a
        LEFT JOIN bcy_alone n ON n.k = a.k + 1) AS as_sum
FROM bcy_big big;

-- What the prepared calendar takes (both contexts: one call site prepares
-- working time, the other business days too): under 10 MB for these
-- 21,000 items; 660 MB when each version's weeks held every exception.
DO $$
DECLARE
    cal business_calendar := (SELECT cal FROM bcy_big);
    t interval;
    n bigint;
    bytes bigint;
BEGIN
    t := business_time('2010-01-01 00:00+00', '2011-01-01 00:00+00', cal);
    n := business_days('2010-01-01 00:00+00', '2011-01-01 00:00+00', cal);
    SELECT sum(total_bytes) INTO bytes FROM pg_backend_memory_contexts WHERE name = 'business_calendar';
    RAISE NOTICE 'working time %, business days %, prepared under 10 MB: %', t, n, bytes < 10 * 1024 * 1024;
END $$;

-- 20,000 versions, one a day, in UTC: business days and day deadlines
-- find the version of a date by bisection (a scan of the versions for each
-- made them quadratic: 54 s for 100,000 versions).  A date is a business
-- day when the version whose dates include it has hours on its weekday.
CREATE TEMP TABLE bcy_daily AS
SELECT k, date '2000-01-02' + k AS first_date,
       (ARRAY['mon-sun=09:00-17:00', 'sat=09:00-10:00', 'mon-fri=09:00-17:00'])[k % 3 + 1] AS hours,
       (ARRAY['1234567', '6', '12345'])[k % 3 + 1] AS isodows
FROM generate_series(0, 19999) AS k;
CREATE TEMP TABLE bcy_many AS
SELECT ('v2 tz=UTC ' || string_agg(CASE WHEN k = 0 THEN '' ELSE 'from=' || first_date || ' ' END || hours, ' ' ORDER BY k))::business_calendar AS cal
FROM bcy_daily;
CREATE TEMP TABLE bcy_open AS
SELECT d.first_date AS day, row_number() OVER (ORDER BY d.first_date) AS n,
       d.first_date + CASE WHEN d.hours = 'sat=09:00-10:00' THEN time '10:00' ELSE time '17:00' END AT TIME ZONE 'UTC' AS close_at
FROM bcy_daily d
WHERE position(extract(isodow FROM d.first_date)::text IN d.isodows) > 0;
SELECT count(*) AS business_dates FROM bcy_open;
-- (a scan per version took 3.5 s for each of these two queries, cancelled
-- only at their end; they take a tenth of a second)
SET statement_timeout = '2s';
SELECT business_days(timestamptz '2000-01-02 00:00+00', timestamptz '2054-10-01 00:00+00', m.cal) AS business_days,
       business_days(timestamptz '2000-01-02 00:00+00', timestamptz '2054-10-01 00:00+00', m.cal) =
       (SELECT count(*) FROM bcy_open WHERE day < '2054-10-01') AS as_counted,
       business_days(timestamptz '2020-02-29 12:00+00', timestamptz '2031-07-04 12:00+00', m.cal) =
       (SELECT count(*) FROM bcy_open WHERE close_at >= '2020-02-29 12:00+00' AND close_at < '2031-07-04 12:00+00') AS inner_span
FROM bcy_many m;
SELECT n, business_day_deadline(timestamptz '2000-01-02 00:00+00', n, m.cal) AS deadline,
       business_day_deadline(timestamptz '2000-01-02 00:00+00', n, m.cal) =
       (SELECT close_at FROM bcy_open o WHERE o.n = d.n + 1) AS as_counted
FROM bcy_many m CROSS JOIN (VALUES (0), (1), (1000), (9999), (12000)) AS d(n)
ORDER BY n;
RESET statement_timeout;

-- An exception range that begins in the days a version's week covers and
-- ends after them (version 1 from 1 June: its week covers to 8 June; the
-- range 5-12 June): by hand, 25-29 May 5 days of 8 hours, 1-4 June 4 of 8,
-- 15-19 June 5 of 8: 112 hours, 14 days; with the range as dated hours of
-- 10:00-11:00 instead of holidays, 8 more hours (8 dates of 1 hour)
SELECT business_time('2026-05-25', '2026-06-20', 'v2 tz=UTC mon-fri=09:00-17:00 holidays=2026-06-05..2026-06-12 from=2026-06-01 mon-fri=08:00-16:00') AS holiday_range,
       business_days('2026-05-25', '2026-06-20', 'v2 tz=UTC mon-fri=09:00-17:00 holidays=2026-06-05..2026-06-12 from=2026-06-01 mon-fri=08:00-16:00') AS days,
       business_time('2026-05-25', '2026-06-20', 'v2 tz=UTC mon-fri=09:00-17:00 2026-06-05..2026-06-12=10:00-11:00 from=2026-06-01 mon-fri=08:00-16:00') AS dated_range;

DROP TABLE bcy_version, bcy_exception, bcy_big, bcy_alone, bcy_daily, bcy_many, bcy_open;
