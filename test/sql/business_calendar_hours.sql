-- business_time, business_deadline and is_business_time: cases computed by
-- hand (each expected value is written next to its case, with the sum that
-- gives it), compared with what the functions return.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- A Shanghai office (UTC+8 all year): Mon-Fri 09:00-12:00 and 13:00-18:00,
-- 8 working hours a day.  2026: 1-3 January off (Thu-Sat) and Sunday
-- 4 January worked with Monday's hours; Spring Festival 15-23 February off,
-- Saturday 14 February worked with Monday's hours and Saturday 28 February
-- with Friday's.
CREATE TABLE bch_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bch_calendar VALUES
    ('shanghai', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00
                  holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23
                  workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri'),
    ('utc_office', 'v1 tz=UTC mon-fri=09:00-17:00'),
    ('utc_24h', 'v1 tz=UTC mon-sun=00:00-24:00'),
    ('ny_24h', 'v1 tz=America/New_York mon-sun=00:00-24:00'),
    ('closed', 'v1 tz=UTC');

-- Elapsed working time; local times are Shanghai's (+08)
CREATE TABLE bch_span (n int, calendar text, label text, a timestamptz, b timestamptz, expected interval);
INSERT INTO bch_span VALUES
    (1, 'shanghai', 'same day', '2026-03-02 10:00+08', '2026-03-02 11:30+08', '01:30'),
    (2, 'shanghai', 'across lunch: 1 + 1', '2026-03-02 11:00+08', '2026-03-02 14:00+08', '02:00'),
    (3, 'shanghai', 'inside lunch', '2026-03-02 12:10+08', '2026-03-02 12:50+08', '00:00'),
    (4, 'shanghai', 'start before opening', '2026-03-02 07:00+08', '2026-03-02 10:00+08', '01:00'),
    (5, 'shanghai', 'end after closing', '2026-03-02 17:00+08', '2026-03-02 20:00+08', '01:00'),
    (6, 'shanghai', 'both outside: 3 + 5', '2026-03-02 07:00+08', '2026-03-02 20:00+08', '08:00'),
    (7, 'shanghai', 'overnight: 1 + 1', '2026-03-02 17:00+08', '2026-03-03 10:00+08', '02:00'),
    (8, 'shanghai', 'over a weekend: Fri 1 + Mon 1', '2026-03-06 17:00+08', '2026-03-09 10:00+08', '02:00'),
    (9, 'shanghai', 'inside a weekend', '2026-03-07 10:00+08', '2026-03-08 18:00+08', '00:00'),
    (10, 'shanghai', 'a whole week: 5 x 8', '2026-03-02 00:00+08', '2026-03-09 00:00+08', '40:00'),
    (11, 'shanghai', 'New Year: 1 + Sun 4th 8 + 1', '2025-12-31 17:00+08', '2026-01-05 10:00+08', '10:00'),
    (12, 'shanghai', 'holiday only', '2026-01-01 00:00+08', '2026-01-04 00:00+08', '00:00'),
    (13, 'shanghai', 'adjusted workday (Sat)', '2026-02-14 00:00+08', '2026-02-15 00:00+08', '08:00'),
    (14, 'shanghai', 'Spring Festival: Fri 8 + Sat 8', '2026-02-13 09:00+08', '2026-02-24 09:00+08', '16:00'),
    (15, 'shanghai', 'after it: 4 x 8 + Sat 28th 8', '2026-02-23 09:00+08', '2026-03-01 00:00+08', '40:00'),
    (16, 'shanghai', 'reversed: minus case 14', '2026-02-24 09:00+08', '2026-02-13 09:00+08', '-16:00'),
    (17, 'shanghai', 'empty span', '2026-03-02 10:00+08', '2026-03-02 10:00+08', '00:00'),
    (18, 'shanghai', 'fractions: 0.5 s + 0.25 s', '2026-03-02 11:59:59.5+08', '2026-03-02 13:00:00.25+08', '00:00:00.75'),
    (19, 'utc_office', '100 years, Mon to Mon: 5218 weeks x 40', '2000-01-03 00:00+00', '2100-01-04 00:00+00', '208720:00'),
    (20, 'utc_24h', '200 years: 73049 days x 24', '1900-01-01 00:00+00', '2100-01-01 00:00+00', '1753176:00'),
    (21, 'closed', 'no working time at all', '2026-01-01 00:00+00', '2027-01-01 00:00+00', '00:00');
SELECT s.n, s.calendar, s.label, business_time(s.a, s.b, c.cal) AS business_time,
       business_time(s.a, s.b, c.cal) = s.expected AS as_computed
FROM bch_span s JOIN bch_calendar c ON c.name = s.calendar ORDER BY s.n;

-- The result is hours, minutes and seconds only, never days
SELECT business_time('2026-03-02 00:00+08', '2026-03-09 00:00+08', cal)::text AS week_as_text
FROM bch_calendar WHERE name = 'shanghai';

-- Round the clock, working time is elapsed time, over daylight saving and many years
SELECT count(*) AS spans,
       count(*) FILTER (WHERE business_time(a, b, c.cal) <> make_interval(secs => extract(epoch FROM b - a))) AS differ
FROM bch_calendar c,
     LATERAL (SELECT timestamptz '1950-01-01 00:00+00' + i * interval '13 days 17 hours 11 minutes' AS a,
                     timestamptz '1950-01-01 00:00+00' + i * interval '13 days 17 hours 11 minutes'
                         + (i % 97) * interval '97 days 3 hours' AS b
              FROM generate_series(0, 4000) AS i) AS s
WHERE c.name IN ('utc_24h', 'ny_24h');

-- Many years against a day-by-day plain-SQL sum (office hours are never
-- touched by clock changes, so a day spine is exact here)
SELECT business_time(timezone('UTC', a::timestamp), timezone('UTC', b::timestamp), c.cal) AS business_time,
       business_time(timezone('UTC', a::timestamp), timezone('UTC', b::timestamp), c.cal) = (
           SELECT sum(CASE WHEN extract(isodow FROM d) <= 5 THEN interval '8 hours' ELSE interval '0' END)
           FROM generate_series(a, b - 1, interval '1 day') AS d) AS matches_day_sum
FROM bch_calendar c, (VALUES (date '1987-06-15', date '2061-11-02')) AS s(a, b)
WHERE c.name = 'utc_office';

-- Holidays spread over centuries (found by binary search rather than a
-- date index): from Monday 1599-12-27 to Monday 2400-01-10 are two 400-year
-- cycles (2 x 146097 days, whole weeks) and two weeks, 41744 weeks of 40
-- hours, less three weekday holidays of 8: 1669736 hours
SELECT business_time(a, b, 'v1 tz=UTC mon-fri=09:00-17:00 holidays=1600-01-03,2026-03-03,2400-01-04') AS with_holidays,
       business_time(a, b, 'v1 tz=UTC mon-fri=09:00-17:00 holidays=1600-01-03,2026-03-03,2400-01-04')
           = interval '1669736 hours' AS as_computed,
       business_time('2026-03-02 00:00+00', '2026-03-09 00:00+00',
                     'v1 tz=UTC mon-fri=09:00-17:00 holidays=1600-01-03,2026-03-03,2400-01-04') AS week_of_2026_03_03
FROM (VALUES (timestamptz '1599-12-27 00:00+00', timestamptz '2400-01-10 00:00+00')) AS s(a, b);

-- Deadlines: the first instant with that much working time since the start
CREATE TABLE bch_deadline (n int, label text, a timestamptz, amount interval, expected timestamptz);
INSERT INTO bch_deadline VALUES
    (1, '2h from 10:00: the clock reaches 2h at noon', '2026-03-02 10:00+08', '2 hours', '2026-03-02 12:00+08'),
    (2, '2h from 11:00: 1 before lunch, 1 after', '2026-03-02 11:00+08', '2 hours', '2026-03-02 14:00+08'),
    (3, '2h from Fri 17:00: 1 on Fri, 1 on Mon', '2026-03-06 17:00+08', '2 hours', '2026-03-09 10:00+08'),
    (4, '2h from Fri 13 Feb 17:00: worked Saturday', '2026-02-13 17:00+08', '2 hours', '2026-02-14 10:00+08'),
    (5, '2h from Sat 14 Feb 17:30: 0.5, festival, 1.5', '2026-02-14 17:30+08', '2 hours', '2026-02-24 10:30+08'),
    (6, '0 from a Saturday: the start itself', '2026-03-07 10:00+08', '0', '2026-03-07 10:00+08'),
    (7, '8h from a Saturday: all of Monday', '2026-03-07 10:00+08', '8 hours', '2026-03-09 18:00+08'),
    (8, '24h from 31 Dec 09:00: 8 + Sun 4th 8 + Mon 8', '2025-12-31 09:00+08', '24 hours', '2026-01-05 18:00+08'),
    (9, '1.5 s from 10:00', '2026-03-02 10:00+08', '1.5 seconds', '2026-03-02 10:00:01.5+08'),
    (10, '1 s from 11:59:59.5: 0.5 + 0.5 after lunch', '2026-03-02 11:59:59.5+08', '1 second', '2026-03-02 13:00:00.5+08'),
    (11, '1000 days of 8h: Fri of week 200 (+1397 days)', '2026-03-02 09:00+08', '8000 hours', '2029-12-28 18:00+08'),
    (12, '16h from Thu 12 Feb 18:00: Fri, then Sat 14th', '2026-02-12 18:00+08', '16 hours', '2026-02-14 18:00+08');
SELECT d.n, d.label, business_deadline(d.a, d.amount, c.cal) AT TIME ZONE 'Asia/Shanghai' AS local_deadline,
       business_deadline(d.a, d.amount, c.cal) = d.expected AS as_computed,
       business_time(d.a, business_deadline(d.a, d.amount, c.cal), c.cal) = d.amount AS round_trip
FROM bch_deadline d, bch_calendar c WHERE c.name = 'shanghai' ORDER BY d.n;

-- Round the clock: a deadline is start + amount, also across daylight saving
SELECT business_deadline('2026-03-07 12:00 America/New_York', '24 hours', cal) AS ny_24h_deadline,
       timestamptz '2026-03-07 12:00 America/New_York' + interval '24 hours' AS plus_24_hours
FROM bch_calendar WHERE name = 'ny_24h';

-- Very sparse working time: one hour a year, Monday 09:00-10:00 in New
-- York with every Monday off but the first of each year, 2000 to 2199.
-- The n-th working hour ends at 10:00 on the first Monday of year 1999 + n;
-- after 2199 every Monday works again.
CREATE TABLE bch_sparse AS
SELECT ('v1 tz=America/New_York mon=09:00-10:00 holidays=' ||
        string_agg(to_char(first_monday + 1, 'YYYY-MM-DD') || '..' ||
                   to_char(next_first_monday - 1, 'YYYY-MM-DD'), ',' ORDER BY y))::business_calendar AS cal
FROM generate_series(2000, 2199) AS y,
     LATERAL (SELECT d + (8 - extract(isodow FROM d)::int) % 7 AS first_monday
              FROM make_date(y, 1, 1) AS d) AS f,
     LATERAL (SELECT d + (8 - extract(isodow FROM d)::int) % 7 AS next_first_monday
              FROM make_date(y + 1, 1, 1) AS d) AS g;
SELECT n, business_deadline('2000-01-01 00:00+00', n * interval '1 hour', cal) AT TIME ZONE 'America/New_York' AS local_deadline,
       business_deadline('2000-01-01 00:00+00', n * interval '1 hour', cal) AT TIME ZONE 'America/New_York'
           = (SELECT d + (8 - extract(isodow FROM d)::int) % 7 + time '10:00' FROM make_date(1999 + n, 1, 1) AS d)
           AS as_computed
FROM bch_sparse, unnest(ARRAY[1, 2, 30, 150, 200]) AS n ORDER BY n;
SELECT business_time('2000-01-01 00:00+00', '2200-01-01 00:00+00', cal) AS two_centuries,
       business_deadline('2000-01-01 00:00+00', '201 hours', cal) AT TIME ZONE 'America/New_York' AS hour_201
FROM bch_sparse;

-- A calendar without working hours: no working time, no deadline (NULL),
-- except for an amount of 0
SELECT business_deadline('2026-01-01', '1 hour', cal) AS never,
       business_deadline('2026-01-01', '0', cal) AS zero_amount,
       is_business_time('2026-01-01 10:00', cal) AS working
FROM bch_calendar WHERE name = 'closed';

-- Working instants: spans include their start and exclude their end
SELECT t AT TIME ZONE 'Asia/Shanghai' AS local_time, is_business_time(t, cal) AS working
FROM bch_calendar,
     unnest(ARRAY[timestamptz '2026-03-02 08:59:59.999999+08', '2026-03-02 09:00+08',
                  '2026-03-02 11:59:59+08', '2026-03-02 12:00+08', '2026-03-02 12:30+08',
                  '2026-03-02 13:00+08', '2026-03-02 17:59:59.999999+08', '2026-03-02 18:00+08',
                  '2026-03-07 10:00+08', '2026-02-14 10:00+08', '2026-02-16 10:00+08',
                  '2026-01-04 10:00+08']) AS t
WHERE name = 'shanghai' ORDER BY t;

-- NULL in, NULL out
SELECT business_time(NULL, now(), cal) IS NULL AS null_start,
       business_time(now(), NULL, cal) IS NULL AS null_end,
       business_time(now(), now(), NULL) IS NULL AS null_calendar,
       business_deadline(NULL, '1 hour', cal) IS NULL AS null_deadline_start,
       business_deadline(now(), NULL, cal) IS NULL AS null_amount,
       business_deadline(now(), '1 hour', NULL) IS NULL AS null_deadline_calendar,
       is_business_time(NULL, cal) IS NULL AS null_instant,
       is_business_time(now(), NULL) IS NULL AS null_working_calendar
FROM bch_calendar WHERE name = 'shanghai';

-- The session's TimeZone changes how timestamps print, never the results
SET timezone = 'Pacific/Kiritimati';
SELECT business_time('2026-02-13 09:00+08', '2026-02-24 09:00+08', cal) AS festival,
       business_deadline('2026-02-14 17:30+08', '2 hours', cal) = '2026-02-24 10:30+08' AS same_deadline
FROM bch_calendar WHERE name = 'shanghai';
RESET timezone;

-- One calendar per team, from a table: first response within 2 working hours?
CREATE TABLE bch_ticket (id int, calendar text, opened_at timestamptz, first_reply_at timestamptz,
                         expected interval);
INSERT INTO bch_ticket VALUES
    (1, 'shanghai', '2026-03-06 17:30+08', '2026-03-09 10:00+08', '01:30'),
    (2, 'shanghai', '2026-02-13 16:00+08', '2026-02-14 11:00+08', '04:00'),
    (3, 'utc_office', '2026-03-06 16:30+00', '2026-03-09 09:45+00', '01:15'),
    (4, 'utc_24h', '2026-03-06 16:30+00', '2026-03-06 19:00+00', '02:30'),
    (5, 'closed', '2026-03-06 16:30+00', '2026-03-09 09:45+00', '00:00');
SELECT t.id, t.calendar, business_time(t.opened_at, t.first_reply_at, c.cal) AS to_first_reply,
       business_time(t.opened_at, t.first_reply_at, c.cal) = t.expected AS as_computed,
       business_time(t.opened_at, t.first_reply_at, c.cal) <= interval '2 hours' AS within_sla
FROM bch_ticket t JOIN bch_calendar c ON c.name = t.calendar ORDER BY t.id;

-- Same results in a parallel plan (each worker prepares the calendar for
-- itself) as in a serial one
CREATE TABLE bch_many AS
SELECT i, timestamptz '2026-01-01 00:00+08' + (hashint4(i) & 65535) * interval '7 minutes' AS a,
       (hashint4(i + 1) & 4095) * interval '13 minutes' AS len
FROM generate_series(1, 100000) AS i;
ANALYZE bch_many;
SELECT cal AS shanghai FROM bch_calendar WHERE name = 'shanghai' \gset
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE bch_serial AS
SELECT sum(business_time(a, a + len, :'shanghai')) AS total,
       count(*) FILTER (WHERE is_business_time(a, :'shanghai')) AS working,
       max(business_deadline(a, len, :'shanghai')) AS last_deadline
FROM bch_many;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT sum(business_time(a, a + len, :'shanghai')) FROM bch_many;
SELECT p.total = s.total AS same_total, p.working = s.working AS same_working,
       p.last_deadline = s.last_deadline AS same_deadline
FROM bch_serial s,
     (SELECT sum(business_time(a, a + len, :'shanghai')) AS total,
             count(*) FILTER (WHERE is_business_time(a, :'shanghai')) AS working,
             max(business_deadline(a, len, :'shanghai')) AS last_deadline
      FROM bch_many) AS p;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;

DROP TABLE bch_calendar, bch_span, bch_deadline, bch_sparse, bch_ticket, bch_many;
