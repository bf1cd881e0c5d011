-- Daylight saving, computed by hand.  Working hours are wall-clock times of
-- a local date; an instant works when its wall-clock reading falls in them.
-- So the skipped hour of the spring-forward day holds no working time, and
-- the repeated hour of the fall-back day counts twice when it is working.
--
-- New York 2026: Sun 8 March 02:00 EST -> 03:00 EDT (07:00 UTC);
--                Sun 1 November 02:00 EDT -> 01:00 EST (06:00 UTC).
-- Berlin 2026:   Sun 29 March 02:00 CET -> 03:00 CEST (01:00 UTC);
--                Sun 25 October 03:00 CEST -> 02:00 CET (01:00 UTC).
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SET timezone = 'UTC';
CREATE TABLE bcd_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bcd_calendar VALUES
    ('ny_24h', 'v1 tz=America/New_York mon-sun=00:00-24:00'),
    ('ny_night', 'v1 tz=America/New_York sun=01:00-04:00'),
    ('ny_office', 'v1 tz=America/New_York mon-fri=09:00-17:00'),
    ('berlin_24h', 'v1 tz=Europe/Berlin mon-sun=00:00-24:00'),
    ('berlin_night', 'v1 tz=Europe/Berlin sun=02:00-03:00'),
    ('berlin_office', 'v1 tz=Europe/Berlin mon-fri=08:00-17:00');

CREATE TABLE bcd_span (n int, calendar text, label text, a timestamptz, b timestamptz, expected interval);
INSERT INTO bcd_span VALUES
    (1, 'ny_24h', 'spring-forward day: 23h', '2026-03-08 05:00', '2026-03-09 04:00', '23:00'),
    (2, 'ny_24h', 'fall-back day: 25h', '2026-11-01 04:00', '2026-11-02 05:00', '25:00'),
    (3, 'ny_24h', 'an ordinary day: 24h', '2026-03-09 04:00', '2026-03-10 04:00', '24:00'),
    (4, 'ny_24h', 'the spring week: 7 x 24 - 1', '2026-03-07 05:00', '2026-03-14 04:00', '167:00'),
    (5, 'ny_night', 'spring: 01-02 EST, 03-04 EDT', '2026-03-07 00:00', '2026-03-10 00:00', '02:00'),
    (6, 'ny_night', 'fall: 01-02 EDT, 01-04 EST', '2026-10-31 00:00', '2026-11-03 00:00', '04:00'),
    (7, 'ny_night', 'fall, second 01:00-01:30 EST only', '2026-11-01 06:00', '2026-11-01 06:30', '00:30'),
    (8, 'ny_office', 'Fri 16:00 EST to Mon 10:00 EDT: 1 + 1', '2026-03-06 21:00', '2026-03-09 14:00', '02:00'),
    (9, 'ny_office', 'Fri 16:00 EDT to Mon 10:00 EST: 1 + 1', '2026-10-30 20:00', '2026-11-02 15:00', '02:00'),
    (10, 'berlin_24h', 'spring-forward day: 23h', '2026-03-28 23:00', '2026-03-29 22:00', '23:00'),
    (11, 'berlin_24h', 'fall-back day: 25h', '2026-10-24 22:00', '2026-10-25 23:00', '25:00'),
    (12, 'berlin_night', 'spring: 02:00-03:00 does not exist', '2026-03-28 00:00', '2026-03-30 00:00', '00:00'),
    (13, 'berlin_night', 'fall: 02:00-03:00 CEST and again CET', '2026-10-24 00:00', '2026-10-26 00:00', '02:00'),
    (14, 'berlin_office', 'Fri 16:00 CET to Mon 09:00 CEST: 1 + 1', '2026-03-27 15:00', '2026-03-30 07:00', '02:00'),
    (15, 'berlin_office', 'Fri 16:00 CEST to Mon 09:00 CET: 1 + 1', '2026-10-23 14:00', '2026-10-26 08:00', '02:00');
SELECT s.n, s.calendar, s.label, business_time(s.a, s.b, c.cal) AS business_time,
       business_time(s.a, s.b, c.cal) = s.expected AS as_computed, s.b - s.a AS elapsed
FROM bcd_span s JOIN bcd_calendar c ON c.name = s.calendar ORDER BY s.n;

-- Working instants around the transitions, with their local readings
SELECT c.name, t AS utc, t AT TIME ZONE CASE WHEN c.name LIKE 'ny%' THEN 'America/New_York'
                                             ELSE 'Europe/Berlin' END AS local_time,
       is_business_time(t, c.cal) AS working
FROM bcd_calendar c,
     LATERAL unnest(CASE c.name
         WHEN 'ny_night' THEN ARRAY[timestamptz '2026-03-08 06:59:59', '2026-03-08 07:00', '2026-03-08 07:59:59',
                                    '2026-03-08 08:00', '2026-11-01 05:00', '2026-11-01 05:59:59',
                                    '2026-11-01 06:00', '2026-11-01 08:59:59', '2026-11-01 09:00']
         WHEN 'berlin_night' THEN ARRAY[timestamptz '2026-03-29 00:59:59', '2026-03-29 01:00',
                                        '2026-10-25 00:00', '2026-10-25 00:59:59', '2026-10-25 01:00',
                                        '2026-10-25 01:59:59', '2026-10-25 02:00']
     END) AS t
WHERE c.name IN ('ny_night', 'berlin_night')
ORDER BY c.name, t;

-- Deadlines across the transitions
CREATE TABLE bcd_deadline (n int, calendar text, label text, a timestamptz, amount interval, expected timestamptz);
INSERT INTO bcd_deadline VALUES
    (1, 'ny_night', '1h from 01:30 EST: 0.5, skip, 03:00-03:30 EDT', '2026-03-08 06:30', '1 hour', '2026-03-08 07:30'),
    (2, 'ny_night', '1h from 01:30 EDT: 0.5, then 01:00-01:30 EST', '2026-11-01 05:30', '1 hour', '2026-11-01 06:30'),
    (3, 'ny_night', '4h from Saturday: all of the fall Sunday', '2026-10-31 12:00', '4 hours', '2026-11-01 09:00'),
    (4, 'ny_24h', '24h from Sat noon EST: Sun 13:00 EDT', '2026-03-07 17:00', '24 hours', '2026-03-08 17:00'),
    (5, 'berlin_night', '30 min from Saturday: not on the spring Sunday', '2026-03-28 12:00', '30 minutes', '2026-04-05 00:30'),
    (6, 'berlin_night', '90 min from Saturday: 02:00-03:00 CEST, 02:00-02:30 CET', '2026-10-24 12:00', '90 minutes', '2026-10-25 01:30'),
    (7, 'berlin_office', '2h from Fri 16:00 CET: Mon 09:00 CEST', '2026-03-27 15:00', '2 hours', '2026-03-30 07:00');
SELECT d.n, d.calendar, d.label, business_deadline(d.a, d.amount, c.cal) AS deadline,
       business_deadline(d.a, d.amount, c.cal) = d.expected AS as_computed
FROM bcd_deadline d JOIN bcd_calendar c ON c.name = d.calendar ORDER BY d.n;

-- Samoa skipped Friday 30 December 2011 (UTC-10 to UTC+14): office hours
-- from Thursday to Monday are Thursday's 8 only; round the clock, the same
-- local dates span 72 hours instead of 96
SELECT business_time(timezone('Pacific/Apia', timestamp '2011-12-29 00:00'),
                     timezone('Pacific/Apia', timestamp '2012-01-02 00:00'),
                     'v1 tz=Pacific/Apia mon-fri=09:00-17:00') AS office,
       business_time(timezone('Pacific/Apia', timestamp '2011-12-29 00:00'),
                     timezone('Pacific/Apia', timestamp '2012-01-02 00:00'),
                     'v1 tz=Pacific/Apia mon-sun=00:00-24:00') AS round_the_clock,
       is_business_time(timezone('Pacific/Apia', timestamp '2011-12-29 16:59'),
                        'v1 tz=Pacific/Apia mon-fri=09:00-17:00') AS thursday_afternoon;

-- Twelve zones (negative daylight saving in Dublin, Ramadan in Casablanca,
-- local mean time before standard time): whether an instant is working
-- time agrees with its local time from AT TIME ZONE, on three walks through
-- time: four centuries week by week, and to the year 286000 and back in
-- steps of 71 years.  Each walk asks one prepared calendar (OFFSET 0 keeps
-- the walk inside its zone's row), so the calendar's cache of clock changes
-- grows along the walk.  Far ahead PostgreSQL repeats each zone's rules in
-- 400-year cycles, and the cache must go on past the end of the zone's own
-- table (in New York, from the year 2769).
CREATE TABLE bcd_zone AS
SELECT z, format('v1 tz=%s mon-sun=09:00-17:00', z)::business_calendar AS cal
FROM unnest(ARRAY['America/New_York', 'Europe/Berlin', 'Asia/Shanghai', 'Asia/Kolkata', 'America/Havana',
                  'Australia/Lord_Howe', 'Pacific/Apia', 'Africa/Casablanca', 'America/Sao_Paulo',
                  'Europe/Dublin', 'UTC', 'EST5EDT']) AS z;
SELECT z AS zone, walk, count(*) AS instants,
       count(*) FILTER (WHERE working <> ((t AT TIME ZONE z)::time >= '09:00'
                                          AND (t AT TIME ZONE z)::time < '17:00')) AS mismatches
FROM bcd_zone,
     (VALUES ('1700 to 2100', timestamptz '1700-01-01 00:00+00', interval '7 days 1 hour 7 minutes 13 seconds', 0, 20732, 1),
             ('2026 to 286000', '2026-01-01 00:00+00', '71 years 125 days 3 hours 17 minutes', 0, 4000, 1),
             ('286000 to 2026', '2026-01-01 00:00+00', '71 years 125 days 3 hours 17 minutes', 4000, 0, -1))
         AS w(walk, origin, step, first, last, direction),
     LATERAL (SELECT t, is_business_time(t, cal) AS working
              FROM generate_series(first, last, direction) AS i,
                   LATERAL (SELECT origin + i * step AS t) AS i_t
              OFFSET 0) AS s
GROUP BY z, walk ORDER BY z, walk;

-- Far ahead, whole 400-year cycles are counted at once.  One working hour
-- a week, Sundays at 02:00 in New York, is skipped on the spring-forward
-- Sunday and not repeated in the fall (the repeated hour is 01:00), so
-- from New Year to New Year there is an hour for each Sunday, less one for
-- each year
SELECT y, business_time(a, b, cal) AS business_time,
       business_time(a, b, cal) = (sundays - (y - 2026)) * interval '1 hour' AS as_counted
FROM (VALUES ('v1 tz=America/New_York sun=02:00-03:00'::business_calendar)) AS c(cal),
     unnest(ARRAY[2027, 2526, 10000, 10400, 10401, 10800, 10801, 12345, 100000, 294000]) AS y,
     LATERAL (SELECT timezone('America/New_York', timestamp '2026-01-01 00:00') AS a,
                     timezone('America/New_York', make_timestamp(y, 1, 1, 0, 0, 0)) AS b,
                     -- Sundays from Thursday 2026-01-01: the first is 2026-01-04
                     (make_date(y, 1, 1) - date '2026-01-04' - 1) / 7 + 1 AS sundays) AS s
ORDER BY y;

-- Deadlines far ahead: round the clock, start + amount; with that one hour
-- a week, the working time to the deadline is the amount, and a
-- microsecond earlier it is not yet
SELECT a, amount, business_deadline(a, amount, c.cal) AS sunday_deadline,
       business_time(a, business_deadline(a, amount, c.cal), c.cal) = amount AS exact,
       business_time(a, business_deadline(a, amount, c.cal) - interval '1 microsecond', c.cal) < amount AS earliest,
       business_deadline(a, amount, h.cal) = a + amount AS round_the_clock
FROM (VALUES ('v1 tz=America/New_York sun=02:00-03:00'::business_calendar)) AS c(cal),
     bcd_calendar h,
     (VALUES (timestamptz '2026-01-01 00:00', interval '400000 hours'), ('2026-01-01 00:00', '450000:00:00.000001'),
             ('2026-01-01 00:00', '700000 hours'), ('2026-01-01 00:00', '14500000 hours'),
             ('10400-01-02 00:00', '1 hour'), ('10799-12-31 12:00', '20900:30:00'),
             ('200000-06-01 12:34:56.789', '4000000:00:00.5')) AS d(a, amount)
WHERE h.name = 'ny_24h'
ORDER BY a, amount;

-- Years of transitions: round the clock, working time is elapsed time
SELECT business_time('1971-05-02 00:00', '2064-10-19 13:00', cal) AS ninety_years,
       business_time('1971-05-02 00:00', '2064-10-19 13:00', cal)
           = make_interval(secs => extract(epoch FROM timestamptz '2064-10-19 13:00' - '1971-05-02 00:00')) AS is_elapsed
FROM bcd_calendar WHERE name IN ('ny_24h', 'berlin_24h') ORDER BY name;

RESET timezone;
DROP TABLE bcd_calendar, bcd_span, bcd_deadline, bcd_zone;
