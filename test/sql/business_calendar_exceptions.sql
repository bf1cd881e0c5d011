-- Dates with hours of their own (v2), beside holidays and extra working
-- dates: cases computed by hand, each expected value written next to its
-- case with the sum that gives it.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SET timezone = 'UTC';

-- Berlin (CET, +01 in winter), Mon-Fri 08:00-17:00.  The week of Christmas
-- 2026: Monday 21 to Wednesday 23 December are ordinary (9 hours), Thursday
-- 24 a short day 08:00-12:00, Friday 25 and Saturday 26 holidays, Sunday
-- 27 worked with Friday's hours.  Thursday 31 December is short too, and
-- Friday 1 January a holiday.
CREATE TABLE bcx_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bcx_calendar VALUES
    ('berlin', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-12-25..2026-12-26,2027-01-01
                workdays=2026-12-27:fri 2026-12-24,2026-12-31=08:00-12:00'),
    -- New York, office hours, with the nights of the clock changes worked
    -- as dates of their own: 8 March 00:00-06:00 loses 02:00-03:00 (5
    -- hours); 1 November 00:00-06:00 has 01:00-02:00 twice (7 hours),
    -- and 20:00-22:00
    ('new_york', 'v2 tz=America/New_York mon-fri=09:00-17:00
                  2026-03-08=00:00-06:00 2026-11-01=00:00-06:00,20:00-22:00'),
    -- nothing but dates with hours of their own
    ('dates_only', 'v2 tz=UTC 2026-03-04=09:00-12:00 2026-03-10..2026-03-11=13:00-17:00');

-- Elapsed working time (local times in each calendar's zone)
CREATE TABLE bcx_span (n int, calendar text, label text, a timestamptz, b timestamptz, expected interval);
INSERT INTO bcx_span VALUES
    (1, 'berlin', 'Christmas week: 3 x 9 + 4 + 0 + 0 + 9', '2026-12-21 00:00+01', '2026-12-28 00:00+01', '40:00'),
    (2, 'berlin', 'Thu 10:00 to Mon 10:00: 2 + Sun 9 + 2', '2026-12-24 10:00+01', '2026-12-28 10:00+01', '13:00'),
    (3, 'berlin', 'after the short day closed', '2026-12-24 12:00+01', '2026-12-24 17:00+01', '00:00'),
    (4, 'berlin', 'Wed 16:00 to Thu 09:00: 1 + 1', '2026-12-23 16:00+01', '2026-12-24 09:00+01', '02:00'),
    (5, 'berlin', 'Thu 31 09:00 to Mon 4 09:00: 3 + 0 + 1', '2026-12-31 09:00+01', '2027-01-04 09:00+01', '04:00'),
    (6, 'berlin', 'reversed: minus case 2', '2026-12-28 10:00+01', '2026-12-24 10:00+01', '-13:00'),
    (7, 'new_york', 'spring night: 6 hours less the skipped one', '2026-03-08 00:00-05', '2026-03-09 00:00-04', '05:00'),
    (8, 'new_york', 'fall night: 6 + 1 repeated, and 2', '2026-11-01 00:00-04', '2026-11-02 00:00-05', '09:00'),
    (9, 'new_york', 'from the first 01:30 to the second', '2026-11-01 01:30-04', '2026-11-01 01:30-05', '01:00'),
    (10, 'new_york', 'Fri 16:00 to Mon 10:00, spring: 1 + 5 + 1', '2026-03-06 16:00-05', '2026-03-09 10:00-04', '07:00'),
    (11, 'dates_only', 'all of it: 3 + 4 + 4', '2026-01-01 00:00+00', '2027-01-01 00:00+00', '11:00');
SELECT s.n, s.calendar, s.label, business_time(s.a, s.b, c.cal) AS business_time,
       business_time(s.a, s.b, c.cal) = s.expected AS as_computed
FROM bcx_span s JOIN bcx_calendar c ON c.name = s.calendar ORDER BY s.n;

-- Deadlines
CREATE TABLE bcx_deadline (n int, calendar text, label text, a timestamptz, amount interval, expected timestamptz);
INSERT INTO bcx_deadline VALUES
    (1, 'berlin', 'Thu 11:00 + 2h: 1 on Thu, 1 on Sun', '2026-12-24 11:00+01', '2 hours', '2026-12-27 09:00+01'),
    (2, 'berlin', 'Wed 16:00 + 6h: 1 + 4 + Sun 1', '2026-12-23 16:00+01', '6 hours', '2026-12-27 09:00+01'),
    (3, 'berlin', 'Thu 12:00 + 9h: all of Sunday', '2026-12-24 12:00+01', '9 hours', '2026-12-27 17:00+01'),
    (4, 'berlin', 'Thu 12:00 + 10h: Sun 9 + Mon 1', '2026-12-24 12:00+01', '10 hours', '2026-12-28 09:00+01'),
    (5, 'berlin', 'Thu 31 12:00 + 1h: New Year, weekend, Mon 1', '2026-12-31 12:00+01', '1 hour', '2027-01-04 09:00+01'),
    (6, 'new_york', '01:30 EST + 1h: 0.5, skip, 0.5 EDT', '2026-03-08 01:30-05', '1 hour', '2026-03-08 03:30-04'),
    (7, 'new_york', '05:00 EST + 2h: 1, then 20:00-21:00', '2026-11-01 05:00-05', '2 hours', '2026-11-01 21:00-05'),
    (8, 'new_york', '00:30 EDT + 2h: through the first 01:00-02:00, into the second', '2026-11-01 00:30-04', '2 hours', '2026-11-01 01:30-05'),
    (9, 'dates_only', 'from 1 March + 11h: the last of them', '2026-03-01 00:00+00', '11 hours', '2026-03-11 17:00+00'),
    (10, 'dates_only', 'from 1 March + 12h: never', '2026-03-01 00:00+00', '12 hours', NULL),
    (11, 'dates_only', 'from 5 March + 1h', '2026-03-05 00:00+00', '1 hour', '2026-03-10 14:00+00');
SELECT d.n, d.calendar, d.label, business_deadline(d.a, d.amount, c.cal) AS deadline,
       business_deadline(d.a, d.amount, c.cal) IS NOT DISTINCT FROM d.expected AS as_computed
FROM bcx_deadline d JOIN bcx_calendar c ON c.name = d.calendar ORDER BY d.n;

-- Working instants on the short day, the holidays and the worked Sunday
SELECT t AT TIME ZONE 'Europe/Berlin' AS local_time, is_business_time(t, cal) AS working
FROM bcx_calendar,
     unnest(ARRAY['2026-12-24 11:59:59+01', '2026-12-24 12:00+01', '2026-12-24 16:00+01', '2026-12-25 10:00+01',
                  '2026-12-26 10:00+01', '2026-12-27 08:00+01', '2026-12-27 16:59:59+01', '2026-12-27 17:00+01',
                  '2026-12-28 08:00+01']::timestamptz[]) AS t
WHERE name = 'berlin' ORDER BY t;

-- A date's own hours replace its weekday's whatever they are: the same
-- hours as the weekday change nothing, and hours on a weekend day add to
-- the week
SELECT business_time('2026-06-01 00:00+00', '2026-06-08 00:00+00',
                     'v2 tz=UTC mon-fri=09:00-17:00 2026-06-03=09:00-17:00') AS same_hours,
       business_time('2026-06-01 00:00+00', '2026-06-08 00:00+00',
                     'v1 tz=UTC mon-fri=09:00-17:00') AS weekly_only,
       business_time('2026-06-01 00:00+00', '2026-06-08 00:00+00',
                     'v2 tz=UTC mon-fri=09:00-17:00 2026-06-06=10:00-11:00,12:00-12:30') AS saturday_added,
       business_time('2026-06-01 00:00+00', '2026-06-08 00:00+00',
                     'v2 tz=UTC mon-fri=09:00-17:00 2026-06-02..2026-06-04=00:00-24:00') AS three_whole_days;

DROP TABLE bcx_calendar, bcx_span, bcx_deadline;
