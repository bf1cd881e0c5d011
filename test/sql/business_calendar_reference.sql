-- business_time, business_deadline and is_business_time against an
-- independent plain-SQL reference: every minute of a window is classified
-- from its local date and time (AT TIME ZONE) and schedule tables written
-- separately from the calendar texts; working minutes are then counted with
-- a running sum.  All boundaries (hours, span ends, zone transitions) fall
-- on whole minutes, so counting minutes is exact.
--
-- The windows cover both daylight-saving transitions in New York and
-- Berlin, a half-hour transition (Lord Howe), transitions at midnight
-- (Havana, and back at midnight in Santiago), a skipped day (Samoa), the
-- turn of the year and China's Spring Festival with its adjusted
-- workdays.  Every count of mismatches below must be 0.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

CREATE TABLE bcr_calendar (id int PRIMARY KEY, zone text, cal business_calendar,
                           window_from timestamptz, window_to timestamptz);
CREATE TABLE bcr_hours (id int, isodow int, start_time time, end_time time);
CREATE TABLE bcr_holiday (id int, day date);
CREATE TABLE bcr_workday (id int, day date, isodow int);

-- 1, 2: New York, spring and fall; Sunday hours cover 01:00-03:00
INSERT INTO bcr_calendar SELECT id, 'America/New_York',
    'v1 tz=America/New_York mon-fri=09:00-12:00,13:00-17:30 sat=10:00-14:00 sun=00:30-03:30
     holidays=2026-03-02,2026-11-03..2026-11-04 workdays=2026-03-14:mon,2026-10-31:sun',
    timezone('America/New_York', f), timezone('America/New_York', t)
FROM (VALUES (1, timestamp '2026-02-23', timestamp '2026-03-23'),
             (2, '2026-10-19', '2026-11-16')) AS w(id, f, t);
INSERT INTO bcr_hours SELECT id, d, '09:00', '12:00' FROM generate_series(1, 2) id, generate_series(1, 5) d;
INSERT INTO bcr_hours SELECT id, d, '13:00', '17:30' FROM generate_series(1, 2) id, generate_series(1, 5) d;
INSERT INTO bcr_hours SELECT id, 6, '10:00', '14:00' FROM generate_series(1, 2) id;
INSERT INTO bcr_hours SELECT id, 7, '00:30', '03:30' FROM generate_series(1, 2) id;
INSERT INTO bcr_holiday SELECT id, d FROM generate_series(1, 2) id,
    unnest(ARRAY[date '2026-03-02', '2026-11-03', '2026-11-04']) d;
INSERT INTO bcr_workday SELECT id, d, dow FROM generate_series(1, 2) id,
    (VALUES (date '2026-03-14', 1), ('2026-10-31', 7)) AS x(d, dow);

-- 3, 4: Berlin, spring and fall; weekend night hours around 02:00-03:00
INSERT INTO bcr_calendar SELECT id, 'Europe/Berlin',
    'v1 tz=Europe/Berlin mon-fri=08:00-12:00,12:30-16:30 sat-sun=01:15-03:45,22:00-24:00
     holidays=2026-04-03..2026-04-06,2026-10-26 workdays=2026-03-21:fri',
    timezone('Europe/Berlin', f), timezone('Europe/Berlin', t)
FROM (VALUES (3, timestamp '2026-03-16', timestamp '2026-04-13'),
             (4, '2026-10-12', '2026-11-09')) AS w(id, f, t);
INSERT INTO bcr_hours SELECT id, d, s::time, e::time FROM generate_series(3, 4) id, generate_series(1, 5) d,
    (VALUES ('08:00', '12:00'), ('12:30', '16:30')) AS h(s, e);
INSERT INTO bcr_hours SELECT id, d, s::time, e::time FROM generate_series(3, 4) id, generate_series(6, 7) d,
    (VALUES ('01:15', '03:45'), ('22:00', '24:00')) AS h(s, e);
INSERT INTO bcr_holiday SELECT id, d FROM generate_series(3, 4) id,
    generate_series(date '2026-04-03', date '2026-04-06', interval '1 day') d;
INSERT INTO bcr_holiday SELECT id, date '2026-10-26' FROM generate_series(3, 4) id;
INSERT INTO bcr_workday SELECT id, date '2026-03-21', 5 FROM generate_series(3, 4) id;

-- 5: Shanghai across New Year and the 2026 Spring Festival (调休: Sundays
-- and Saturdays worked with a weekday's hours)
INSERT INTO bcr_calendar VALUES (5, 'Asia/Shanghai',
    'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:30-18:00 sat=09:00-12:00
     holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23
     workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri',
    '2025-12-22 00:00+08', '2026-03-09 00:00+08');
INSERT INTO bcr_hours SELECT 5, d, s::time, e::time FROM generate_series(1, 5) d,
    (VALUES ('09:00', '12:00'), ('13:30', '18:00')) AS h(s, e);
INSERT INTO bcr_hours VALUES (5, 6, '09:00', '12:00');
INSERT INTO bcr_holiday SELECT 5, d FROM generate_series(date '2026-01-01', date '2026-01-03', interval '1 day') d;
INSERT INTO bcr_holiday SELECT 5, d FROM generate_series(date '2026-02-15', date '2026-02-23', interval '1 day') d;
INSERT INTO bcr_workday VALUES (5, '2026-01-04', 1), (5, '2026-02-14', 1), (5, '2026-02-28', 5);

-- 6: Lord Howe Island moves its clocks by half an hour (02:00 -> 01:30 on 2026-04-05)
INSERT INTO bcr_calendar VALUES (6, 'Australia/Lord_Howe',
    'v1 tz=Australia/Lord_Howe mon-fri=01:00-03:00,09:00-17:00 sat-sun=01:00-03:00',
    timezone('Australia/Lord_Howe', timestamp '2026-03-23'), timezone('Australia/Lord_Howe', timestamp '2026-04-20'));
INSERT INTO bcr_hours SELECT 6, d, '01:00', '03:00' FROM generate_series(1, 7) d;
INSERT INTO bcr_hours SELECT 6, d, '09:00', '17:00' FROM generate_series(1, 5) d;

-- 7: Havana changes its clocks at midnight (2026-03-08 00:00 -> 01:00): a 24h team
INSERT INTO bcr_calendar VALUES (7, 'America/Havana',
    'v1 tz=America/Havana mon-sun=00:00-24:00 holidays=2026-03-07,2026-03-09',
    timezone('America/Havana', timestamp '2026-02-23'), timezone('America/Havana', timestamp '2026-03-23'));
INSERT INTO bcr_hours SELECT 7, d, '00:00', '24:00' FROM generate_series(1, 7) d;
INSERT INTO bcr_holiday VALUES (7, '2026-03-07'), (7, '2026-03-09');

-- 8: Santiago turns its clocks back at midnight (2026-04-05 00:00 -> Saturday
-- 23:00 again), so the last hour of a date repeats; that Sunday is worked
-- with Saturday's hours
INSERT INTO bcr_calendar VALUES (8, 'America/Santiago',
    'v1 tz=America/Santiago mon-fri=09:00-18:00 sat=22:00-24:00 sun=00:00-01:30
     holidays=2026-04-03 workdays=2026-04-05:sat',
    timezone('America/Santiago', timestamp '2026-03-23'), timezone('America/Santiago', timestamp '2026-04-20'));
INSERT INTO bcr_hours SELECT 8, d, '09:00', '18:00' FROM generate_series(1, 5) d;
INSERT INTO bcr_hours VALUES (8, 6, '22:00', '24:00'), (8, 7, '00:00', '01:30');
INSERT INTO bcr_holiday VALUES (8, '2026-04-03');
INSERT INTO bcr_workday VALUES (8, '2026-04-05', 6);

-- 9: Samoa skipped Friday 2011-12-30 (a holiday that never happened);
-- Saturday 31 December worked with Friday's hours
INSERT INTO bcr_calendar VALUES (9, 'Pacific/Apia',
    'v1 tz=Pacific/Apia mon-thu=08:00-12:00,13:00-16:30 fri=08:00-12:00
     holidays=2011-12-26,2011-12-30 workdays=2011-12-31:fri',
    timezone('Pacific/Apia', timestamp '2011-12-12'), timezone('Pacific/Apia', timestamp '2012-01-09'));
INSERT INTO bcr_hours SELECT 9, d, s::time, e::time FROM generate_series(1, 4) d,
    (VALUES ('08:00', '12:00'), ('13:00', '16:30')) AS h(s, e);
INSERT INTO bcr_hours VALUES (9, 5, '08:00', '12:00');
INSERT INTO bcr_holiday VALUES (9, '2011-12-26'), (9, '2011-12-30');
INSERT INTO bcr_workday VALUES (9, '2011-12-31', 5);

-- The reference: each minute of each window, working or not
CREATE TABLE bcr_minute AS
SELECT c.id, m.m, EXISTS (
           SELECT 1 FROM bcr_hours h
           WHERE h.id = c.id
             AND h.isodow = coalesce(w.isodow, CASE WHEN x.day IS NULL THEN extract(isodow FROM m.local)::int END)
             AND m.local::time >= h.start_time AND m.local::time < h.end_time) AS working
FROM bcr_calendar c
CROSS JOIN LATERAL (SELECT m, m AT TIME ZONE c.zone AS local
                    FROM generate_series(c.window_from, c.window_to, interval '1 minute') AS m) AS m
LEFT JOIN bcr_workday w ON w.id = c.id AND w.day = m.local::date
LEFT JOIN bcr_holiday x ON x.id = c.id AND x.day = m.local::date;

-- working minutes before each minute of the window
CREATE TABLE bcr_clock AS
SELECT id, m, working,
       count(*) FILTER (WHERE working) OVER (PARTITION BY id ORDER BY m) - working::int AS before
FROM bcr_minute;
CREATE UNIQUE INDEX ON bcr_clock (id, m);
CREATE INDEX ON bcr_clock (id, before) WHERE working;
ANALYZE bcr_clock;

-- By hand: 28 local days are 40320 minutes (Shanghai's 77, 110880), one
-- more with both ends, 60 fewer in spring and 60 more in the fall (30 on
-- Lord Howe), 1440 fewer in Samoa.  Havana works all but two days:
-- 40261 - 2 x 1440 = 37381.
-- Santiago: 19 weekdays of 540, four Saturday nights of 120 and the
-- repeated 60 of 4 April, 120 on the Sunday that takes Saturday's hours,
-- three other Sundays of 90: 11190.  Samoa: 15 Mon-Thu of 450, four
-- Fridays of 240 less the skipped one, and the Saturday worked: 7710.
SELECT id, zone, count(*) AS minutes, count(*) FILTER (WHERE working) AS working_minutes
FROM bcr_clock JOIN bcr_calendar USING (id) GROUP BY id, zone ORDER BY id;

-- is_business_time on every minute, at a pseudo-random second inside it
SELECT count(*) AS minutes_checked,
       count(*) FILTER (WHERE is_business_time(m + ((hashint8(extract(epoch FROM m)::bigint) & 59)) * interval '1 second', c.cal)
                        IS DISTINCT FROM working) AS mismatches
FROM bcr_clock JOIN bcr_calendar c USING (id);

-- 1500 spans per window: short, a few days, or up to the whole window; every
-- tenth one reversed (end before start gives minus the working time)
CREATE TABLE bcr_span AS
SELECT c.id, n,
       c.window_from + r1 * interval '1 minute' AS a,
       c.window_from + least(r1 + len, total) * interval '1 minute' AS b
FROM bcr_calendar c
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.window_to - c.window_from) / 60)::int AS total) AS t
CROSS JOIN generate_series(1, 1500) AS n
CROSS JOIN LATERAL (SELECT (hashint4(n * 31 + c.id) & 2147483647) % total AS r1,
                           (hashint4(n * 17 + c.id * 7) & 2147483647) %
                               (CASE n % 3 WHEN 0 THEN 600 WHEN 1 THEN 4320 ELSE total END + 1) AS len) AS r;
UPDATE bcr_span SET a = b, b = a WHERE n % 10 = 0;

SELECT count(*) AS spans,
       count(*) FILTER (WHERE a > b) AS reversed,
       count(*) FILTER (WHERE business_time(s.a, s.b, c.cal) <> (kb.before - ka.before) * interval '1 minute') AS mismatches
FROM bcr_span s
JOIN bcr_calendar c USING (id)
JOIN bcr_clock ka ON ka.id = s.id AND ka.m = s.a
JOIN bcr_clock kb ON kb.id = s.id AND kb.m = s.b;

-- Deadlines: the reference is the end of the k-th working minute after the
-- start (the start itself for k = 0), when the window holds it
CREATE TABLE bcr_deadline AS
SELECT c.id, n, c.window_from + r1 * interval '1 minute' AS s, k
FROM bcr_calendar c
CROSS JOIN LATERAL (SELECT (extract(epoch FROM c.window_to - c.window_from) / 60)::int AS total) AS t
CROSS JOIN generate_series(1, 1000) AS n
CROSS JOIN LATERAL (SELECT (hashint4(n * 13 + c.id) & 2147483647) % total AS r1,
                           (hashint4(n * 29 + c.id * 3) & 2147483647) %
                               CASE n % 3 WHEN 0 THEN 121 WHEN 1 THEN 2401 ELSE 20000 END AS k) AS r;

WITH expected AS (
    SELECT d.id, d.n, d.s, d.k,
           CASE WHEN d.k = 0 THEN d.s
                ELSE (SELECT e.m + interval '1 minute' FROM bcr_clock e
                      WHERE e.id = d.id AND e.working AND e.before = ks.before + d.k - 1) END AS reference
    FROM bcr_deadline d JOIN bcr_clock ks ON ks.id = d.id AND ks.m = d.s
)
SELECT count(*) AS deadlines,
       count(*) FILTER (WHERE reference IS NOT NULL) AS within_window,
       count(*) FILTER (WHERE reference IS NOT NULL AND
                        business_deadline(e.s, e.k * interval '1 minute', c.cal) IS DISTINCT FROM reference) AS mismatches
FROM expected e JOIN bcr_calendar c USING (id);

-- Deadlines to the microsecond: from random instants, random amounts;
-- the working time to the deadline is the amount, and a microsecond
-- earlier it is not yet
WITH probe AS (
    SELECT c.cal,
           c.window_from + (hashint4(n * 5 + c.id) & 2147483647) % 1000000 * interval '1.7 second' AS s,
           ((hashint4(n * 11 + c.id) & 2147483647) % 200000000)::bigint * interval '1 microsecond' * 1000 AS amount
    FROM bcr_calendar c, generate_series(1, 1500) AS n
), checked AS (
    SELECT s, amount, business_deadline(s, amount, cal) AS deadline, cal FROM probe
)
SELECT count(*) AS probes,
       count(*) FILTER (WHERE business_time(s, deadline, cal) <> amount) AS wrong_amount,
       count(*) FILTER (WHERE amount > interval '0' AND
                        business_time(s, deadline - interval '1 microsecond', cal) >= amount) AS not_earliest
FROM checked;

DROP TABLE bcr_calendar, bcr_hours, bcr_holiday, bcr_workday, bcr_minute, bcr_clock, bcr_span, bcr_deadline;
