-- Business days: business_day(ts), business_days(start_at, end_at) and
-- business_day_deadline(start_at, days).  A business day is a local date
-- with working hours; it closes at the end of its last span; an instant
-- belongs to the first business day that closes at or after it; the
-- business days from a to b are the closes in [a, b); a deadline of n
-- business days is the close of the n-th business day after the start's
-- own.  Cases computed by hand.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SET timezone = 'UTC';

CREATE TABLE bcb_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bcb_calendar VALUES
    -- Shanghai (+08), closing at 18:00; the Spring Festival 15-23 February
    -- off, Saturdays 14 and 28 February worked
    ('shanghai', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00
                  holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23
                  workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri'),
    -- Berlin's Christmas (+01): Thursday 24 closes at 12:00, 25-26 off,
    -- Sunday 27 worked (closes at 17:00)
    ('berlin', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-12-25..2026-12-26
                workdays=2026-12-27:fri 2026-12-24=08:00-12:00'),
    -- New York's clock-change nights as dates of their own: on 8 March the
    -- end 02:30 is skipped (the day closes when 02:00 EST becomes 03:00
    -- EDT, 07:00 UTC); on 1 November 01:30 happens twice (05:30 and 06:30
    -- UTC), and the day closes at the second
    ('new_york', 'v2 tz=America/New_York mon-fri=09:00-17:00 2026-03-08=00:30-02:30 2026-11-01=00:30-01:30'),
    -- summer hours from 1 June close at 15:00
    ('summer', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00 from=2026-06-01 mon-fri=07:00-15:00'),
    -- moving east to Tokyo on 2 March: New York's Sunday closes at 24:00
    -- EST (05:00 UTC on 2 March), Tokyo's Monday at 02:00 JST (17:00 UTC on
    -- 1 March), so Monday closes with Sunday
    ('east', 'v2 tz=America/New_York mon-fri=09:00-17:00 sun=06:00-24:00
              from=2026-03-02 tz=Asia/Tokyo mon=00:00-02:00 tue-fri=09:00-18:00'),
    ('closed', 'v1 tz=UTC'),
    ('dates_only', 'v2 tz=UTC 2026-03-04=09:00-12:00 2026-03-10..2026-03-11=13:00-17:00');

-- The business day of an instant
CREATE TABLE bcb_day (n int, calendar text, label text, ts timestamptz, expected date);
INSERT INTO bcb_day VALUES
    (1, 'shanghai', 'Monday morning', '2026-03-02 10:00+08', '2026-03-02'),
    (2, 'shanghai', 'before opening', '2026-03-02 03:00+08', '2026-03-02'),
    (3, 'shanghai', 'at lunch', '2026-03-02 12:30+08', '2026-03-02'),
    (4, 'shanghai', 'at the close', '2026-03-02 18:00+08', '2026-03-02'),
    (5, 'shanghai', 'a second after it', '2026-03-02 18:00:01+08', '2026-03-03'),
    (6, 'shanghai', 'Friday evening: Monday', '2026-03-06 19:00+08', '2026-03-09'),
    (7, 'shanghai', 'Saturday: Monday', '2026-03-07 10:00+08', '2026-03-09'),
    (8, 'shanghai', 'Fri 13 Feb evening: the worked Saturday', '2026-02-13 19:00+08', '2026-02-14'),
    (9, 'shanghai', 'Sat 14 Feb evening: after the festival', '2026-02-14 19:00+08', '2026-02-24'),
    (10, 'berlin', 'Thu 24 Dec 12:30: the worked Sunday', '2026-12-24 12:30+01', '2026-12-27'),
    (11, 'new_york', '01:45 EDT, between the two 01:30s', '2026-11-01 01:45-04', '2026-11-01'),
    (12, 'new_york', 'the second 01:30 EST', '2026-11-01 01:30-05', '2026-11-01'),
    (13, 'new_york', '01:31 EST', '2026-11-01 01:31-05', '2026-11-02'),
    (14, 'new_york', '01:59 EST on 8 March', '2026-03-08 01:59-05', '2026-03-08'),
    (15, 'new_york', '03:00 EDT on 8 March', '2026-03-08 03:00-04', '2026-03-08'),
    (16, 'new_york', '03:01 EDT on 8 March', '2026-03-08 03:01-04', '2026-03-09'),
    (17, 'closed', 'no business days', '2026-03-02 10:00+00', NULL),
    (18, 'dates_only', '1 March: the 4th', '2026-03-01 00:00+00', '2026-03-04'),
    (19, 'dates_only', '12 March: none after', '2026-03-12 00:00+00', NULL);
SELECT d.n, d.calendar, d.label, business_day(d.ts, c.cal) AS business_day,
       business_day(d.ts, c.cal) IS NOT DISTINCT FROM d.expected AS as_computed
FROM bcb_day d JOIN bcb_calendar c ON c.name = d.calendar ORDER BY d.n;

-- Business days between two instants
CREATE TABLE bcb_days (n int, calendar text, label text, a timestamptz, b timestamptz, expected int);
INSERT INTO bcb_days VALUES
    (1, 'shanghai', 'same day', '2026-03-02 10:00+08', '2026-03-02 17:00+08', 0),
    (2, 'shanghai', 'next day', '2026-03-02 10:00+08', '2026-03-03 10:00+08', 1),
    (3, 'shanghai', 'to the close', '2026-03-02 10:00+08', '2026-03-02 18:00+08', 0),
    (4, 'shanghai', 'to just after it', '2026-03-02 10:00+08', '2026-03-02 18:00:01+08', 1),
    (5, 'shanghai', 'Fri 17:00 to Mon: Friday closed', '2026-03-06 17:00+08', '2026-03-09 10:00+08', 1),
    (6, 'shanghai', 'Fri 19:00 to Mon: the same business day', '2026-03-06 19:00+08', '2026-03-09 10:00+08', 0),
    (7, 'shanghai', 'Fri 13 to Tue 24 Feb: 13 and the worked 14 closed', '2026-02-13 10:00+08', '2026-02-24 10:00+08', 2),
    (8, 'shanghai', 'Thu 12 to Wed 25 Feb: 12, 13, 14, 24', '2026-02-12 10:00+08', '2026-02-25 10:00+08', 4),
    (9, 'shanghai', 'reversed: minus case 8', '2026-02-25 10:00+08', '2026-02-12 10:00+08', -4),
    (10, 'shanghai', 'March: 22 weekdays', '2026-03-01 00:00+08', '2026-04-01 00:00+08', 22),
    (11, 'shanghai', 'February: 20 - 6 + 2', '2026-02-01 00:00+08', '2026-03-01 00:00+08', 16),
    (12, 'berlin', 'Wed 23 to Mon 28: 23, 24, Sun 27', '2026-12-23 10:00+01', '2026-12-28 10:00+01', 3),
    (13, 'east', 'Sun 09:00 EST to Tue 10:00 JST: Sunday and Monday', '2026-03-01 09:00-05', '2026-03-03 10:00+09', 2),
    (14, 'closed', 'none', '2026-01-01 00:00+00', '2027-01-01 00:00+00', 0),
    (15, 'dates_only', 'all three', '2026-01-01 00:00+00', '2027-01-01 00:00+00', 3);
SELECT d.n, d.calendar, d.label, business_days(d.a, d.b, c.cal) AS business_days,
       business_days(d.a, d.b, c.cal) = d.expected AS as_computed
FROM bcb_days d JOIN bcb_calendar c ON c.name = d.calendar ORDER BY d.n;

-- Deadlines in business days: the close of the n-th business day after
-- the one the start belongs to
CREATE TABLE bcb_deadline (n int, calendar text, label text, a timestamptz, days int, expected timestamptz);
INSERT INTO bcb_deadline VALUES
    (1, 'shanghai', 'Mon 10:00, 0: Monday''s close', '2026-03-02 10:00+08', 0, '2026-03-02 18:00+08'),
    (2, 'shanghai', 'Mon 10:00, 1', '2026-03-02 10:00+08', 1, '2026-03-03 18:00+08'),
    (3, 'shanghai', 'Mon 10:00, 5: next Monday', '2026-03-02 10:00+08', 5, '2026-03-09 18:00+08'),
    (4, 'shanghai', 'Fri 19:00, 0: Monday', '2026-03-06 19:00+08', 0, '2026-03-09 18:00+08'),
    (5, 'shanghai', 'Fri 19:00, 1: Tuesday', '2026-03-06 19:00+08', 1, '2026-03-10 18:00+08'),
    (6, 'shanghai', 'Thu 12 Feb, 2: the worked Saturday', '2026-02-12 10:00+08', 2, '2026-02-14 18:00+08'),
    (7, 'shanghai', 'Thu 12 Feb, 3: after the festival', '2026-02-12 10:00+08', 3, '2026-02-24 18:00+08'),
    (8, 'berlin', 'Wed 23, 1: the short day closes at 12:00', '2026-12-23 10:00+01', 1, '2026-12-24 12:00+01'),
    (9, 'berlin', 'Wed 23, 2: the worked Sunday', '2026-12-23 10:00+01', 2, '2026-12-27 17:00+01'),
    (10, 'berlin', 'Wed 23, 3: Monday 28', '2026-12-23 10:00+01', 3, '2026-12-28 17:00+01'),
    (11, 'new_york', '8 March 00:00, 0: at the jump', '2026-03-08 00:00-05', 0, '2026-03-08 07:00+00'),
    (12, 'new_york', '1 November 00:00, 0: the second 01:30', '2026-11-01 00:00-04', 0, '2026-11-01 06:30+00'),
    (13, 'summer', 'Fri 29 May, 1: Monday closes at 15:00', '2026-05-29 10:00+02', 1, '2026-06-01 15:00+02'),
    (14, 'east', 'Sun 09:00 EST, 0: Sunday', '2026-03-01 09:00-05', 0, '2026-03-02 05:00+00'),
    (15, 'east', 'Sun 09:00 EST, 1: Monday, closing with Sunday', '2026-03-01 09:00-05', 1, '2026-03-02 05:00+00'),
    (16, 'east', 'Sun 09:00 EST, 2: Tuesday in Tokyo', '2026-03-01 09:00-05', 2, '2026-03-03 18:00+09'),
    (17, 'closed', 'none', '2026-03-02 10:00+00', 0, NULL),
    (18, 'dates_only', '1 March, 2: 11 March', '2026-03-01 00:00+00', 2, '2026-03-11 17:00+00'),
    (19, 'dates_only', '1 March, 3: none', '2026-03-01 00:00+00', 3, NULL);
SELECT d.n, d.calendar, d.label, business_day_deadline(d.a, d.days, c.cal) AS deadline,
       business_day_deadline(d.a, d.days, c.cal) IS NOT DISTINCT FROM d.expected AS as_computed
FROM bcb_deadline d JOIN bcb_calendar c ON c.name = d.calendar ORDER BY d.n;

-- "Within n business days" is the same question whichever way it is put:
-- business_days(a, b) <= n exactly when b <= business_day_deadline(a, n),
-- over instants every 7 minutes for a month and n from 0 to 4
SELECT count(*) AS cases,
       count(*) FILTER (WHERE (business_days(a, b, c.cal) <= k) <> (b <= business_day_deadline(a, k, c.cal))) AS disagree
FROM bcb_calendar c,
     generate_series(timestamptz '2026-02-01 00:00+08', '2026-03-01 00:00+08', interval '7 hours 7 minutes') AS a,
     generate_series(0, 4) AS k,
     LATERAL (SELECT a + interval '1 minute' * (hashint8(extract(epoch FROM a)::bigint + k) & 16383) AS b) AS x
WHERE c.name IN ('shanghai', 'east', 'summer');

-- An SLA of "resolved by the end of the second business day"
CREATE TABLE bcb_ticket (id int, opened_at timestamptz, resolved_at timestamptz);
INSERT INTO bcb_ticket VALUES
    (1, '2026-03-02 10:00+08', '2026-03-04 17:00+08'),
    (2, '2026-03-02 10:00+08', '2026-03-05 09:30+08'),
    (3, '2026-03-06 19:00+08', '2026-03-10 18:00+08'),
    (4, '2026-02-13 11:00+08', '2026-02-24 11:00+08');
SELECT t.id, business_day(t.opened_at, c.cal) AS opened_on, business_day_deadline(t.opened_at, 2, c.cal) AS due,
       business_days(t.opened_at, t.resolved_at, c.cal) AS days_taken,
       t.resolved_at <= business_day_deadline(t.opened_at, 2, c.cal) AS met
FROM bcb_ticket t, bcb_calendar c WHERE c.name = 'shanghai' ORDER BY t.id;

-- A close on a wall time the clock repeats falls at the second time
-- (01:30 above), but where the repeated hour begins at the close, working
-- time stops at the first: on 1 November New York's clocks go from 02:00
-- EDT back to 01:00 EST, so Sunday 00:00-01:00 closes at 05:00 UTC and
-- 01:30 EDT already belongs to the next Sunday; Havana's go from 01:00
-- back to 00:00, so Saturday 31 October 20:00-24:00 closes at the first
-- midnight, 04:00 UTC
SELECT business_day_deadline('2026-10-31 12:00+00', 0, 'v1 tz=America/New_York sun=00:00-01:00') AS new_york_close,
       business_day('2026-11-01 05:30+00', 'v1 tz=America/New_York sun=00:00-01:00') AS day_of_0130_edt,
       business_day_deadline('2026-10-31 12:00+00', 0, 'v1 tz=America/Havana sat=20:00-24:00') AS havana_close;

DROP TABLE bcb_calendar, bcb_day, bcb_days, bcb_deadline, bcb_ticket;
