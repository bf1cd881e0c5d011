-- Deadlines backwards: business_start(deadline, amount, calendar), the
-- latest start that still gets amount of working time by the deadline,
-- and business_window_start(end_at, amount, calendar), where the last
-- amount of working time before end_at begins.  Cases computed by hand.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SET timezone = 'UTC';

CREATE TABLE bcs_calendar (name text PRIMARY KEY, cal business_calendar NOT NULL);
INSERT INTO bcs_calendar VALUES
    -- Shanghai (+08): 09:00-12:00 and 13:00-18:00; New Year 1-3 January and
    -- the Spring Festival 15-23 February off, Sunday 4 January and
    -- Saturday 14 February worked with Monday's hours
    ('shanghai', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00
                  holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23
                  workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri'),
    -- New York with Sunday night hours across the clock changes (8 March:
    -- 02:00 EST is 03:00 EDT; 1 November: 02:00 EDT is 01:00 EST)
    ('new_york', 'v1 tz=America/New_York mon-fri=09:00-17:00 sun=01:00-04:00'),
    -- Berlin's Christmas: Thursday 24 short (08:00-12:00), 25-26 off,
    -- Sunday 27 worked with Friday's hours
    ('berlin', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-12-25..2026-12-26
                workdays=2026-12-27:fri 2026-12-24=08:00-12:00'),
    ('closed', 'v1 tz=UTC'),
    ('dates_only', 'v2 tz=UTC 2026-03-04=09:00-12:00');

CREATE TABLE bcs_case (n int, calendar text, label text, deadline timestamptz, amount interval, expected timestamptz);
INSERT INTO bcs_case VALUES
    (1, 'shanghai', 'Mon 10:00 - 2h: 1, over the weekend, Fri 17:00', '2026-03-09 10:00+08', '2 hours', '2026-03-06 17:00+08'),
    (2, 'shanghai', 'Mon 10:00 - 1h: start at opening, not on Friday', '2026-03-09 10:00+08', '1 hour', '2026-03-09 09:00+08'),
    (3, 'shanghai', 'Mon 09:00 - 1h: Fri 17:00', '2026-03-09 09:00+08', '1 hour', '2026-03-06 17:00+08'),
    (4, 'shanghai', 'Tue 24 Feb 10:00 - 2h: 1, the festival, worked Sat 17:00', '2026-02-24 10:00+08', '2 hours', '2026-02-14 17:00+08'),
    (5, 'shanghai', 'Tue 24 Feb 10:00 - 10h: 1 + Sat 8 + Fri 13 17:00', '2026-02-24 10:00+08', '10 hours', '2026-02-13 17:00+08'),
    (6, 'shanghai', 'Sat 10:00 - 0: the deadline itself', '2026-03-07 10:00+08', '0', '2026-03-07 10:00+08'),
    (7, 'shanghai', 'Mon 10:00 - 0: the deadline itself', '2026-03-02 10:00+08', '0', '2026-03-02 10:00+08'),
    (8, 'shanghai', 'Sat 10:00 - 1s: Fri 17:59:59', '2026-03-07 10:00+08', '1 second', '2026-03-06 17:59:59+08'),
    (9, 'shanghai', 'Mon 13:30 - 1h: 0.5 + 0.5 before lunch', '2026-03-02 13:30+08', '1 hour', '2026-03-02 11:30+08'),
    (10, 'shanghai', 'Mon 13:00 - 1h: 11:00', '2026-03-02 13:00+08', '1 hour', '2026-03-02 11:00+08'),
    (11, 'shanghai', 'Mon 5 Jan 10:00 - 10h: 1 + Sun 4 8 + Wed 31 Dec 17:00', '2026-01-05 10:00+08', '10 hours', '2025-12-31 17:00+08'),
    (12, 'shanghai', '2000h = 250 days: 252 before Mon 28 Dec, less 4 and 5 Jan', '2026-12-28 09:00+08', '2000 hours', '2026-01-06 09:00+08'),
    (13, 'new_york', 'Sun 8 Mar 03:30 EDT - 1h: 0.5, skipped hour, 01:30 EST', '2026-03-08 03:30-04', '1 hour', '2026-03-08 01:30-05'),
    (14, 'new_york', 'Sun 1 Nov 01:30 EST - 1h: 0.5, back to 01:30 EDT', '2026-11-01 01:30-05', '1 hour', '2026-11-01 01:30-04'),
    (15, 'new_york', 'Sun 1 Nov 05:00 EST - 4h: all 4 of the night, 01:00 EDT', '2026-11-01 05:00-05', '4 hours', '2026-11-01 01:00-04'),
    (16, 'new_york', 'Mon 9 Mar 10:00 EDT - 2h: 1, Sun 03:00 EDT', '2026-03-09 10:00-04', '2 hours', '2026-03-08 03:00-04'),
    (17, 'berlin', 'Mon 28 09:00 - 2h: 1, worked Sunday 16:00', '2026-12-28 09:00+01', '2 hours', '2026-12-27 16:00+01'),
    (18, 'berlin', 'Mon 28 09:00 - 11h: 1 + 9 + short Thu 11:00', '2026-12-28 09:00+01', '11 hours', '2026-12-24 11:00+01'),
    (19, 'closed', 'no working time: none', '2026-03-02 10:00+00', '1 hour', NULL),
    (20, 'closed', 'no working time, 0: the deadline itself', '2026-03-02 10:00+00', '0', '2026-03-02 10:00+00'),
    (21, 'dates_only', '2h before 10 March: 4 March 10:00', '2026-03-10 00:00+00', '2 hours', '2026-03-04 10:00+00'),
    (22, 'dates_only', '3h before 10 March: 4 March 09:00', '2026-03-10 00:00+00', '3 hours', '2026-03-04 09:00+00'),
    (23, 'dates_only', '4h before 10 March: none', '2026-03-10 00:00+00', '4 hours', NULL);
SELECT b.n, b.calendar, b.label, business_start(b.deadline, b.amount, c.cal) AS latest_start,
       business_start(b.deadline, b.amount, c.cal) IS NOT DISTINCT FROM b.expected AS as_computed
FROM bcs_case b JOIN bcs_calendar c ON c.name = b.calendar ORDER BY b.n;

-- The latest start meets the deadline with nothing to spare: the deadline
-- computed forward from it is the given one when working time runs just
-- before that (cases 1, 2, 4, 5, 9, 11, 13, 14, 16-18); when the given
-- deadline ends a pause or lies in one (Monday 09:00, 13:00 after lunch,
-- Saturday, a night), the forward deadline is where the pause began
-- (cases 3, 8, 10, 12, 15, 21, 22)
SELECT b.n, b.deadline AS given, business_deadline(business_start(b.deadline, b.amount, c.cal), b.amount, c.cal) AS forward,
       business_deadline(business_start(b.deadline, b.amount, c.cal), b.amount, c.cal) = b.deadline AS same
FROM bcs_case b JOIN bcs_calendar c ON c.name = b.calendar
WHERE b.amount > interval '0' AND b.expected IS NOT NULL ORDER BY b.n;

-- Window starts: the first instant from which at most amount of working
-- time passes until end_at.  Where working time pauses before end_at, it
-- is where it paused, not where it resumes: 1 hour before Monday 10:00 is
-- [Fri 18:00, Mon 10:00], with its latest start Monday 09:00
CREATE TABLE bcs_window (n int, calendar text, label text, end_at timestamptz, amount interval, expected timestamptz);
INSERT INTO bcs_window VALUES
    (1, 'shanghai', 'Mon 10:00, 1h: Fri 18:00', '2026-03-09 10:00+08', '1 hour', '2026-03-06 18:00+08'),
    (2, 'shanghai', 'Mon 10:00, 2h: Fri 17:00 (as the latest start)', '2026-03-09 10:00+08', '2 hours', '2026-03-06 17:00+08'),
    (3, 'shanghai', 'Mon 10:00, 0: itself', '2026-03-09 10:00+08', '0', '2026-03-09 10:00+08'),
    (4, 'shanghai', 'Sat 10:00, 0: Fri 18:00', '2026-03-07 10:00+08', '0', '2026-03-06 18:00+08'),
    (5, 'shanghai', 'Mon 13:30, 30min: 12:00', '2026-03-02 13:30+08', '30 minutes', '2026-03-02 12:00+08'),
    (6, 'shanghai', 'Tue 24 Feb 09:00, 8h: the worked Saturday, back to Fri 18:00', '2026-02-24 09:00+08', '8 hours', '2026-02-13 18:00+08'),
    (7, 'shanghai', 'Tue 24 Feb 09:00, 7h: worked Saturday 10:00', '2026-02-24 09:00+08', '7 hours', '2026-02-14 10:00+08'),
    (8, 'new_york', 'Mon 9 Mar 09:00 EDT, 1h: Sun 03:00 EDT', '2026-03-09 09:00-04', '1 hour', '2026-03-08 03:00-04'),
    (9, 'closed', 'no working time: none', '2026-03-02 10:00+00', '1 hour', NULL),
    (10, 'dates_only', '3h before 10 March: all of time, none', '2026-03-10 00:00+00', '3 hours', NULL),
    (11, 'dates_only', '2h59m before 10 March: 4 March 09:01', '2026-03-10 00:00+00', '2 hours 59 minutes', '2026-03-04 09:01+00'),
    (12, 'dates_only', '3h01m before 10 March: none', '2026-03-10 00:00+00', '3 hours 1 minute', NULL);
SELECT w.n, w.calendar, w.label, business_window_start(w.end_at, w.amount, c.cal) AS window_start,
       business_window_start(w.end_at, w.amount, c.cal) IS NOT DISTINCT FROM w.expected AS as_computed
FROM bcs_window w JOIN bcs_calendar c ON c.name = w.calendar ORDER BY w.n;

-- So "opened within the last 8 working hours" (before Monday 09:00) is a
-- range condition: from Thursday 18:00 on (Friday's 8 hours)
CREATE TABLE bcs_ticket (id int, opened_at timestamptz);
INSERT INTO bcs_ticket VALUES (1, '2026-03-05 17:30+08'), (2, '2026-03-05 18:00+08'), (3, '2026-03-06 09:30+08'),
    (4, '2026-03-06 12:30+08'), (5, '2026-03-06 19:00+08'), (6, '2026-03-07 11:00+08'), (7, '2026-03-09 08:00+08');
SELECT t.id, t.opened_at >= business_window_start('2026-03-09 09:00+08', '8 hours', c.cal) AS within_8h,
       business_time(t.opened_at, '2026-03-09 09:00+08', c.cal) AS working_time_since
FROM bcs_ticket t, bcs_calendar c WHERE c.name = 'shanghai' ORDER BY t.id;

DROP TABLE bcs_calendar, bcs_case, bcs_window, bcs_ticket;
