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
