-- Dated hours, versions, business_start and business days against an
-- independent plain-SQL reference, as business_calendar_reference does for
-- the rest: every minute of a window is classified from schedule tables
-- written separately from the calendar texts, under the version in force
-- at that minute (the last one whose start instant, its first date's
-- midnight read in its zone by timezone(), is at or before it), with a
-- date's own hours first, then holidays, then extra working dates, then
-- the weekday's hours of that version.  Business days come from the
-- dates: a date has the hours of the version whose first date is the
-- last on or before it, it closes at the end of its last span (read by
-- timezone(); no close here falls in a skipped or repeated hour), and
-- never before an earlier one (a running max).  Every count of
-- mismatches below must be 0.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

CREATE TABLE bcv_calendar (id int PRIMARY KEY, cal business_calendar,
                           window_from timestamptz, window_to timestamptz);
-- versions: k = 0 is in force from the beginning; from_date is null for it
CREATE TABLE bcv_version (id int, k int, from_date date, zone text);
CREATE TABLE bcv_hours (id int, k int, isodow int, start_time time, end_time time);
CREATE TABLE bcv_dated (id int, day date, start_time time, end_time time);
CREATE TABLE bcv_holiday (id int, day date);
CREATE TABLE bcv_workday (id int, day date, isodow int);

-- 1: Berlin, summer hours from Monday 1 June: a short Friday (29 May), a
-- holiday (Whit Monday, 25 May), Saturday 6 June worked with the summer
-- Friday's hours, dates with hours of their own on a Friday and a Saturday
INSERT INTO bcv_calendar VALUES (1,
    'v2 tz=Europe/Berlin mon-fri=08:00-12:00,12:30-16:30 holidays=2026-05-25 workdays=2026-06-06:fri
     2026-05-29=08:00-12:00 2026-06-12,2026-06-13=10:00-14:00
     from=2026-06-01 mon-thu=07:00-15:00 fri=07:00-12:00',
    timezone('Europe/Berlin', timestamp '2026-05-18'), timezone('Europe/Berlin', timestamp '2026-06-15'));
INSERT INTO bcv_version VALUES (1, 0, NULL, 'Europe/Berlin'), (1, 1, '2026-06-01', 'Europe/Berlin');
INSERT INTO bcv_hours SELECT 1, 0, d, s::time, e::time FROM generate_series(1, 5) d,
    (VALUES ('08:00', '12:00'), ('12:30', '16:30')) AS h(s, e);
INSERT INTO bcv_hours SELECT 1, 1, d, '07:00', '15:00' FROM generate_series(1, 4) d;
INSERT INTO bcv_hours VALUES (1, 1, 5, '07:00', '12:00');
INSERT INTO bcv_holiday VALUES (1, '2026-05-25');
INSERT INTO bcv_workday VALUES (1, '2026-06-06', 5);
INSERT INTO bcv_dated VALUES (1, '2026-05-29', '08:00', '12:00'),
    (1, '2026-06-12', '10:00', '14:00'), (1, '2026-06-13', '10:00', '14:00');

-- 2, 3: Berlin's clock changes on dates with hours of their own: 29 March
-- 01:30-03:30 loses 02:00-03:00, 25 October 01:00-04:00 repeats it; the
-- Monday after the fall change is a holiday; from 1 October Saturdays work
INSERT INTO bcv_calendar SELECT id,
    'v2 tz=Europe/Berlin mon-fri=09:00-17:00 sun=10:00-12:00 holidays=2026-10-26
     2026-03-29=01:30-03:30 2026-10-25=01:00-04:00,22:00-24:00
     from=2026-10-01 mon-fri=09:00-17:00 sat=08:00-10:00',
    timezone('Europe/Berlin', f), timezone('Europe/Berlin', t)
FROM (VALUES (2, timestamp '2026-03-16', timestamp '2026-04-13'),
             (3, '2026-10-12', '2026-11-09')) AS w(id, f, t);
INSERT INTO bcv_version SELECT id, 0, NULL, 'Europe/Berlin' FROM generate_series(2, 3) id;
INSERT INTO bcv_version SELECT id, 1, '2026-10-01', 'Europe/Berlin' FROM generate_series(2, 3) id;
INSERT INTO bcv_hours SELECT id, k, d, '09:00', '17:00' FROM generate_series(2, 3) id, generate_series(0, 1) k,
    generate_series(1, 5) d;
INSERT INTO bcv_hours SELECT id, 0, 7, '10:00', '12:00' FROM generate_series(2, 3) id;
INSERT INTO bcv_hours SELECT id, 1, 6, '08:00', '10:00' FROM generate_series(2, 3) id;
INSERT INTO bcv_holiday SELECT id, '2026-10-26' FROM generate_series(2, 3) id;
INSERT INTO bcv_dated SELECT id, d::date, s::time, e::time FROM generate_series(2, 3) id,
    (VALUES ('2026-03-29', '01:30', '03:30'), ('2026-10-25', '01:00', '04:00'),
            ('2026-10-25', '22:00', '24:00')) AS x(d, s, e);

-- 4: a team moves east, from New York to Tokyo on Monday 2 March (00:00
-- in Tokyo is 10:00 on Sunday in New York): its Sunday hours are cut
-- there and Tokyo's Monday 00:00-02:00 follows on; that Monday closes
-- before the Sunday in New York does, so it closes with it
INSERT INTO bcv_calendar VALUES (4,
    'v2 tz=America/New_York mon-fri=09:00-17:00 sun=06:00-24:00 holidays=2026-02-16
     from=2026-03-02 tz=Asia/Tokyo mon=00:00-02:00 tue-fri=09:00-18:00',
    timezone('America/New_York', timestamp '2026-02-16'), timezone('Asia/Tokyo', timestamp '2026-03-16'));
INSERT INTO bcv_version VALUES (4, 0, NULL, 'America/New_York'), (4, 1, '2026-03-02', 'Asia/Tokyo');
INSERT INTO bcv_hours SELECT 4, 0, d, '09:00', '17:00' FROM generate_series(1, 5) d;
INSERT INTO bcv_hours VALUES (4, 0, 7, '06:00', '24:00'), (4, 1, 1, '00:00', '02:00');
INSERT INTO bcv_hours SELECT 4, 1, d, '09:00', '18:00' FROM generate_series(2, 5) d;
INSERT INTO bcv_holiday VALUES (4, '2026-02-16');

-- 5: a team moves west, from Shanghai to Los Angeles on Monday 1 June
-- (00:00 in Los Angeles is 15:00 in Shanghai): Shanghai's Monday runs
-- until then; Saturday 30 May works with Monday's hours (调休)
INSERT INTO bcv_calendar VALUES (5,
    'v2 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 workdays=2026-05-30:mon
     from=2026-06-01 tz=America/Los_Angeles mon-fri=08:00-17:00 sat=10:00-13:00',
    timezone('Asia/Shanghai', timestamp '2026-05-18'), timezone('America/Los_Angeles', timestamp '2026-06-15'));
INSERT INTO bcv_version VALUES (5, 0, NULL, 'Asia/Shanghai'), (5, 1, '2026-06-01', 'America/Los_Angeles');
INSERT INTO bcv_hours SELECT 5, 0, d, s::time, e::time FROM generate_series(1, 5) d,
    (VALUES ('09:00', '12:00'), ('13:00', '18:00')) AS h(s, e);
INSERT INTO bcv_hours SELECT 5, 1, d, '08:00', '17:00' FROM generate_series(1, 5) d;
INSERT INTO bcv_hours VALUES (5, 1, 6, '10:00', '13:00');
INSERT INTO bcv_workday VALUES (5, '2026-05-30', 1);

-- 6: a version overtaken before it starts: Pago Pago (UTC-11) from 1 July
-- starts at 11:00 UTC, Kiritimati (UTC+14) from 2 July at 10:00 UTC the
-- same day, so Pago Pago is never in force; its 1 July is still a
-- business day by date, closing at 07:00 UTC on 2 July, which Kiritimati's
-- 2 July (20:00 there, 06:00 UTC) then closes with
INSERT INTO bcv_calendar VALUES (6,
    'v2 tz=UTC mon-fri=09:00-17:00 from=2026-07-01 tz=Pacific/Pago_Pago mon-sun=08:00-20:00
     from=2026-07-02 tz=Pacific/Kiritimati mon-sun=08:00-20:00',
    '2026-06-22 00:00+00', '2026-07-13 00:00+00');
INSERT INTO bcv_version VALUES (6, 0, NULL, 'UTC'), (6, 1, '2026-07-01', 'Pacific/Pago_Pago'),
    (6, 2, '2026-07-02', 'Pacific/Kiritimati');
INSERT INTO bcv_hours SELECT 6, 0, d, '09:00', '17:00' FROM generate_series(1, 5) d;
INSERT INTO bcv_hours SELECT 6, k, d, '08:00', '20:00' FROM generate_series(1, 2) k, generate_series(1, 7) d;

-- 7: no weekly hours, only dates with hours of their own: deadlines and
-- starts beyond them do not exist
INSERT INTO bcv_calendar VALUES (7,
    'v2 tz=UTC 2026-03-04=09:00-12:00 2026-03-10..2026-03-11=13:00-17:00',
    '2026-03-01 00:00+00', '2026-03-15 00:00+00');
INSERT INTO bcv_version VALUES (7, 0, NULL, 'UTC');
INSERT INTO bcv_dated VALUES (7, '2026-03-04', '09:00', '12:00'),
    (7, '2026-03-10', '13:00', '17:00'), (7, '2026-03-11', '13:00', '17:00');

-- 8, 9: calendars of one version (v1), for business_start and business
-- days: Shanghai across the Spring Festival, New York across the fall change
INSERT INTO bcv_calendar VALUES (8,
    'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:30-18:00 sat=09:00-12:00
     holidays=2026-02-15..2026-02-23 workdays=2026-02-14:mon,2026-02-28:fri',
    '2026-02-02 00:00+08', '2026-03-09 00:00+08');
INSERT INTO bcv_version VALUES (8, 0, NULL, 'Asia/Shanghai');
INSERT INTO bcv_hours SELECT 8, 0, d, s::time, e::time FROM generate_series(1, 5) d,
    (VALUES ('09:00', '12:00'), ('13:30', '18:00')) AS h(s, e);
INSERT INTO bcv_hours VALUES (8, 0, 6, '09:00', '12:00');
INSERT INTO bcv_holiday SELECT 8, d FROM generate_series(date '2026-02-15', date '2026-02-23', interval '1 day') d;
INSERT INTO bcv_workday VALUES (8, '2026-02-14', 1), (8, '2026-02-28', 5);
INSERT INTO bcv_calendar VALUES (9,
    'v1 tz=America/New_York mon-fri=09:00-12:00,13:00-17:30 sun=00:30-03:30 holidays=2026-11-03',
    timezone('America/New_York', timestamp '2026-10-19'), timezone('America/New_York', timestamp '2026-11-16'));
INSERT INTO bcv_version VALUES (9, 0, NULL, 'America/New_York');
INSERT INTO bcv_hours SELECT 9, 0, d, s::time, e::time FROM generate_series(1, 5) d,
    (VALUES ('09:00', '12:00'), ('13:00', '17:30')) AS h(s, e);
INSERT INTO bcv_hours VALUES (9, 0, 7, '00:30', '03:30');
INSERT INTO bcv_holiday VALUES (9, '2026-11-03');

-- The reference: the start instant of each version, then each minute of
-- each window under the version in force
CREATE TABLE bcv_start AS
SELECT id, k, zone, from_date,
       CASE WHEN k = 0 THEN '-infinity' ELSE timezone(zone, from_date::timestamp) END AS takes_over
FROM bcv_version;

-- the spans of a date under a version (k), as the schedule tables say
CREATE FUNCTION pg_temp.spans_on(cid int, vk int, day date)
RETURNS TABLE (start_time time, end_time time) LANGUAGE sql STABLE AS $$
    SELECT start_time, end_time FROM bcv_dated x WHERE x.id = cid AND x.day = spans_on.day
    UNION ALL
    SELECT h.start_time, h.end_time FROM bcv_hours h
    WHERE h.id = cid AND h.k = vk
      AND NOT EXISTS (SELECT 1 FROM bcv_dated x WHERE x.id = cid AND x.day = spans_on.day)
      AND NOT EXISTS (SELECT 1 FROM bcv_holiday y WHERE y.id = cid AND y.day = spans_on.day)
      AND h.isodow = coalesce((SELECT w.isodow FROM bcv_workday w WHERE w.id = cid AND w.day = spans_on.day),
                              extract(isodow FROM spans_on.day)::int)
$$;

CREATE TABLE bcv_minute AS
SELECT c.id, m.m, EXISTS (SELECT 1 FROM pg_temp.spans_on(c.id, v.k, (m.m AT TIME ZONE v.zone)::date) s
                          WHERE (m.m AT TIME ZONE v.zone)::time >= s.start_time
                            AND ((m.m AT TIME ZONE v.zone)::time < s.end_time OR s.end_time = '24:00')) AS working
FROM bcv_calendar c
CROSS JOIN LATERAL generate_series(c.window_from, c.window_to, interval '1 minute') AS m(m)
CROSS JOIN LATERAL (SELECT k, zone FROM bcv_start s WHERE s.id = c.id AND s.takes_over <= m.m
                    ORDER BY k DESC LIMIT 1) AS v;

CREATE TABLE bcv_clock AS
SELECT id, m, working,
       count(*) FILTER (WHERE working) OVER (PARTITION BY id ORDER BY m) - working::int AS before
FROM bcv_minute;
CREATE UNIQUE INDEX ON bcv_clock (id, m);
CREATE INDEX ON bcv_clock (id, before) WHERE working;
ANALYZE bcv_clock;

-- Business days: the dates around each window under the version of the
-- date, their closes, kept ascending by a running max
CREATE TABLE bcv_day AS
SELECT id, day, max(close) OVER (PARTITION BY id ORDER BY day) AS close
FROM (SELECT c.id, d::date AS day,
             timezone(v.zone, d::date + (SELECT max(s.end_time) FROM pg_temp.spans_on(c.id, v.k, d::date) s)) AS close
      FROM bcv_calendar c
      CROSS JOIN LATERAL generate_series((c.window_from - interval '4 days')::date,
                                         (c.window_to + interval '40 days')::date, interval '1 day') AS d
      CROSS JOIN LATERAL (SELECT k, zone FROM bcv_version v WHERE v.id = c.id AND coalesce(v.from_date, '-infinity') <= d
                          ORDER BY k DESC LIMIT 1) AS v) AS x
WHERE close IS NOT NULL;
CREATE INDEX ON bcv_day (id, close);

-- By hand: minutes (both ends included) and working minutes of each
-- window.  1: 28 days, 40321 minutes; 2400 in the week of 18 May, 1680 in
-- the next (Whit Monday off, the short Friday 240), summer weeks of 4 x
-- 480 + 300, the first with Saturday 6 June (300), the second with 240 on
-- the dated Friday and 240 on the Saturday: 2400 + 1680 + 2520 + 2400 =
-- 9000.  2: 40321 - 60 minutes; 20 weekdays of 480, three Sundays of 120
-- and the dated 29 March's 120 less the skipped hour: 10020.  3: 40321 + 60
-- minutes; 19 weekdays of 480, four Saturdays of 120 (no Sunday hours from
-- 1 October) and the dated 25 October, 180 + 60 repeated + 120: 9960.
-- 4: 27 days and 10 hours; New York's 9 weekdays of 480, Sunday 22
-- February's 1080 and 06:00-10:00 on 1 March, then Tokyo's two Mondays of
-- 120 and eight days of 540, and the last minute (Monday 00:00 in Tokyo):
-- 10201.  5: 28 days and 15 hours; Shanghai's 10 weekdays of 480, the
-- worked Saturday and Monday until 15:00 (300), then Los Angeles' 10
-- weekdays of 540 and two Saturdays of 180: 11340.  6: 21 days; UTC's 7
-- weekdays of 480 and 60 on 1 July, then 11 days and 6 hours of
-- Kiritimati's 720 a day, and the last minute: 11701.  7: 180 + 2 x 240.
-- 8: 5 weeks; weekdays of 450 and Saturdays of 180, the Spring Festival
-- off, two Saturdays worked as weekdays: 9810.  9: 40321 + 60 minutes; 19
-- weekdays of 450, four Sundays of 180 and 60 repeated on 1 November: 9330.
SELECT id, count(*) AS minutes, count(*) FILTER (WHERE working) AS working_minutes
FROM bcv_clock GROUP BY id ORDER BY id;

-- is_business_time on every minute, at a pseudo-random second inside it
SELECT count(*) AS minutes_checked,
       count(*) FILTER (WHERE is_business_time(m + ((hashint8(extract(epoch FROM m)::bigint) & 59)) * interval '1 second', c.cal)
                        IS DISTINCT FROM working) AS mismatches
FROM bcv_clock JOIN bcv_calendar c USING (id);

-- 1500 spans per window, every tenth one reversed
CREATE TABLE bcv_span AS
SELECT c.id, n,
       c.window_from + r1 * interval '1 minute' AS a,
       c.window_from + least(r1 + len, total) * interval '1 minute' AS b
FROM bcv_calendar c
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.window_to - c.window_from) / 60)::int AS total) AS t
CROSS JOIN generate_series(1, 1500) AS n
CROSS JOIN LATERAL (SELECT (hashint4(n * 31 + c.id) & 2147483647) % total AS r1,
                           (hashint4(n * 17 + c.id * 7) & 2147483647) %
                               (CASE n % 3 WHEN 0 THEN 600 WHEN 1 THEN 4320 ELSE total END + 1) AS len) AS r;
UPDATE bcv_span SET a = b, b = a WHERE n % 10 = 0;

SELECT count(*) AS spans,
       count(*) FILTER (WHERE business_time(s.a, s.b, c.cal) <> (kb.before - ka.before) * interval '1 minute') AS mismatches
FROM bcv_span s
JOIN bcv_calendar c USING (id)
JOIN bcv_clock ka ON ka.id = s.id AND ka.m = s.a
JOIN bcv_clock kb ON kb.id = s.id AND kb.m = s.b;

-- Deadlines (forwards from s), latest starts and window starts (backwards
-- from s), k working minutes: the end of the k-th working minute after s;
-- the start of the k-th working minute before s (s itself for k = 0); the
-- end of the (k + 1)-th working minute before s (where the clock reaches
-- its value at s less k).  Where the window does not hold it, only
-- calendar 7, whose hours all lie in its window, knows that there is none:
-- NULL.
CREATE TABLE bcv_amount AS
SELECT c.id, n, c.window_from + r1 * interval '1 minute' AS s, k
FROM bcv_calendar c
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.window_to - c.window_from) / 60)::int AS total) AS t
CROSS JOIN generate_series(1, 1000) AS n
CROSS JOIN LATERAL (SELECT (hashint4(n * 13 + c.id) & 2147483647) % total AS r1,
                           (hashint4(n * 29 + c.id * 3) & 2147483647) %
                               CASE n % 3 WHEN 0 THEN 121 WHEN 1 THEN 2401 ELSE 20000 END AS k) AS r;

WITH expected AS (
    SELECT a.id, a.s, a.k,
           CASE WHEN a.k = 0 THEN a.s
                ELSE (SELECT e.m + interval '1 minute' FROM bcv_clock e
                      WHERE e.id = a.id AND e.working AND e.before = ks.before + a.k - 1) END AS deadline,
           CASE WHEN a.k = 0 THEN a.s
                ELSE (SELECT e.m FROM bcv_clock e
                      WHERE e.id = a.id AND e.working AND e.before = ks.before - a.k) END AS latest_start,
           (SELECT e.m + interval '1 minute' FROM bcv_clock e
            WHERE e.id = a.id AND e.working AND e.before = ks.before - a.k - 1) AS window_start
    FROM bcv_amount a JOIN bcv_clock ks ON ks.id = a.id AND ks.m = a.s
)
SELECT count(*) AS amounts,
       count(*) FILTER (WHERE deadline IS NOT NULL OR id = 7) AS deadlines_known,
       count(*) FILTER (WHERE (deadline IS NOT NULL OR id = 7) AND
                        business_deadline(e.s, e.k * interval '1 minute', c.cal) IS DISTINCT FROM deadline) AS deadline_mismatches,
       count(*) FILTER (WHERE latest_start IS NOT NULL OR id = 7) AS starts_known,
       count(*) FILTER (WHERE (latest_start IS NOT NULL OR id = 7) AND
                        business_start(e.s, e.k * interval '1 minute', c.cal) IS DISTINCT FROM latest_start) AS start_mismatches,
       count(*) FILTER (WHERE window_start IS NOT NULL OR id = 7) AS windows_known,
       count(*) FILTER (WHERE (window_start IS NOT NULL OR id = 7) AND
                        business_window_start(e.s, e.k * interval '1 minute', c.cal) IS DISTINCT FROM window_start) AS window_mismatches,
       count(*) FILTER (WHERE id = 7 AND deadline IS NULL) AS no_deadline,
       count(*) FILTER (WHERE id = 7 AND latest_start IS NULL) AS no_start,
       count(*) FILTER (WHERE id = 7 AND window_start IS NULL) AS no_window_start
FROM expected e JOIN bcv_calendar c USING (id);

-- To the microsecond: from random instants, random amounts; the working
-- time from the latest start is the amount, and a microsecond later it is
-- not enough; from the window start it is the amount too, and a
-- microsecond earlier more; to the deadline it is the amount, and a
-- microsecond earlier not yet
WITH probe AS (
    SELECT c.id, c.cal,
           c.window_from + (hashint4(n * 5 + c.id) & 2147483647) % 1000000 * interval '1.7 second' AS s,
           ((hashint4(n * 11 + c.id) & 2147483647) % 200000000)::bigint * interval '1 microsecond' * 1000 AS amount
    FROM bcv_calendar c, generate_series(1, 1500) AS n
), checked AS (
    SELECT s, amount, business_start(s, amount, cal) AS latest, business_window_start(s, amount, cal) AS earliest,
           business_deadline(s, amount, cal) AS deadline, cal
    FROM probe WHERE id <> 7
)
SELECT count(*) AS probes,
       count(*) FILTER (WHERE business_time(latest, s, cal) <> amount) AS start_wrong_amount,
       count(*) FILTER (WHERE amount > interval '0' AND
                        business_time(latest + interval '1 microsecond', s, cal) >= amount) AS start_not_latest,
       count(*) FILTER (WHERE business_time(earliest, s, cal) <> amount) AS window_wrong_amount,
       count(*) FILTER (WHERE business_time(earliest - interval '1 microsecond', s, cal) <= amount) AS window_not_earliest,
       count(*) FILTER (WHERE business_time(s, deadline, cal) <> amount) AS deadline_wrong_amount,
       count(*) FILTER (WHERE amount > interval '0' AND
                        business_time(s, deadline - interval '1 microsecond', cal) >= amount) AS deadline_not_earliest
FROM checked;

-- Business days: for instants at random minutes and seconds, the business
-- day (the first that closes at or after the instant), business days to
-- a second instant (closes in [a, b)), and the close of the n-th business
-- day after the instant's own
CREATE TABLE bcv_day_probe AS
SELECT c.id, n,
       c.window_from + (hashint4(n * 7 + c.id) & 2147483647) % total * interval '1 minute'
           + (hashint4(n * 3 + c.id) & 63) % 60 * interval '1 second' AS a,
       c.window_from + (hashint4(n * 19 + c.id) & 2147483647) % total * interval '1 minute'
           + (hashint4(n * 23 + c.id) & 63) % 60 * interval '1 second' AS b,
       (hashint4(n * 37 + c.id) & 2147483647) % 12 AS days
FROM bcv_calendar c
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.window_to - c.window_from) / 60)::int AS total) AS t
CROSS JOIN generate_series(1, 1000) AS n;
-- closes that fall exactly on a probe's instant, for each side of [a, b)
INSERT INTO bcv_day_probe SELECT p.id, 100000 + row_number() OVER (), d1.close, d2.close, 1
FROM (SELECT DISTINCT id FROM bcv_calendar) p
CROSS JOIN LATERAL (SELECT close FROM bcv_day d WHERE d.id = p.id ORDER BY day OFFSET 5 LIMIT 10) d1
CROSS JOIN LATERAL (SELECT close FROM bcv_day d WHERE d.id = p.id ORDER BY day OFFSET 9 LIMIT 1) d2;

WITH expected AS (
    SELECT p.*,
           (SELECT min(day) FROM bcv_day d WHERE d.id = p.id AND d.close >= p.a) AS day_of_a,
           (SELECT count(*) FILTER (WHERE d.close >= p.a AND d.close < p.b)
                 - count(*) FILTER (WHERE d.close >= p.b AND d.close < p.a)
            FROM bcv_day d WHERE d.id = p.id) AS days_between,
           (SELECT d.close FROM bcv_day d WHERE d.id = p.id AND d.close >= p.a
            ORDER BY d.day OFFSET p.days LIMIT 1) AS day_deadline
    FROM bcv_day_probe p
)
SELECT count(*) AS probes,
       count(*) FILTER (WHERE business_day(e.a, c.cal) IS DISTINCT FROM day_of_a) AS day_mismatches,
       count(*) FILTER (WHERE business_days(e.a, e.b, c.cal) <> days_between) AS days_mismatches,
       count(*) FILTER (WHERE business_day_deadline(e.a, e.days, c.cal) IS DISTINCT FROM day_deadline) AS deadline_mismatches,
       count(*) FILTER (WHERE day_of_a IS NULL) AS without_day
FROM expected e JOIN bcv_calendar c USING (id);

DROP TABLE bcv_calendar, bcv_version, bcv_hours, bcv_dated, bcv_holiday, bcv_workday, bcv_start,
    bcv_minute, bcv_clock, bcv_day, bcv_span, bcv_amount, bcv_day_probe;
