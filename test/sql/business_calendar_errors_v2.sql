-- Errors of the version 2 forms and of the functions added with them: a
-- clear error with its SQLSTATE, never a crash.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\i test/sql/include/error_of.psql

-- Malformed text: 22P02, saying what was expected and at which character
SELECT input, pg_temp.error_of(format('SELECT %L::business_calendar', input)) AS result FROM (VALUES
    ('v1 tz=UTC 2026-12-24=09:00-12:00'),
    ('v1 tz=UTC mon=09:00-17:00 from=2026-06-01 mon=10:00-12:00'),
    ('v2tz=UTC'),
    ('v2 tz=UTC mon=09:00-17:00 and more'),
    ('v2 tz=UTC 2026-12-24'),
    ('v2 tz=UTC 2026-12-24='),
    ('v2 tz=UTC 2026-12-24=09:00'),
    ('v2 tz=UTC 2026-12-24..2026-12-20=09:00-12:00'),
    ('v2 tz=UTC 2026-12-24=12:00-09:00'),
    ('v2 tz=UTC 2026-12-32=09:00-12:00'),
    ('v2 tz=UTC 2026-12-24=09:00-12:00,'),
    ('v2 tz=UTC 2026-12-24=09:00-12:00 2026-12-20..2026-12-24=10:00-11:00'),
    ('v2 tz=UTC 2026-12-24,2026-12-24=09:00-12:00'),
    ('v2 tz=UTC holidays=2026-12-24 2026-12-24=09:00-12:00'),
    ('v2 tz=UTC mon=09:00-17:00 workdays=2026-12-26 2026-12-26=09:00-12:00'),
    ('v2 tz=UTC from='),
    ('v2 tz=UTC from=2026-06-31'),
    ('v2 tz=UTC from=2026-06-01from=2026-07-01'),
    ('v2 tz=UTC from=2026-09-01 mon=09:00-17:00 from=2026-06-01 tue=09:00-17:00'),
    ('v2 tz=UTC from=2026-06-01 from=2026-06-01'),
    -- the first date out of order ends the input, whatever follows (so a
    -- date repeated millions of times is not collected first)
    ('v2 tz=UTC from=2026-06-01 from=2026-06-01 from=2026-06-01 and more'),
    ('v2 from=2026-06-01 tz=UTC'),
    ('v2 tz=UTC from=2026-06-01 tz=UTC+8'),
    ('v2 tz=UTC from=2026-06-01 tz=UTC tz=UTC'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 mon=10:00-12:00 mon=13:00-14:00'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 holidays=2026-12-25'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 workdays=2026-06-06'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 2026-12-24=09:00-12:00'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 mon=09:00-12:00 office'),
    ('v2 tz=UTC mon=09:00-17:00 workdays=2026-07-04:mon from=2026-07-01 tue=09:00-17:00'),
    ('v2 tz=UTC mon=09:00-17:00 workdays=2026-07-04 from=2026-07-01')
) AS t(input);

-- Malformed binary input: 22P03, as COPY ... (FORMAT binary) reads it
\i test/sql/include/binary_input.psql
-- The parts: version 2, flags 0, zone "UTC", Monday 09:00-17:00, no
-- holidays, no extra working dates (v1's fields); then 24 December 2026
-- (0x267e) 09:00-12:00; then from 1 June 2026 (0x25b0) Europe/Berlin,
-- Sunday 10:00-11:00
CREATE TEMP TABLE bce2_part (name text PRIMARY KEY, hex text);
INSERT INTO bce2_part VALUES
    ('head', '02' || '00' || '0003' || '555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 6)
             || '00000000' || '00000000'),
    ('dated', '00000001' || '0000267e' || '0000267e' || '00000001' || '00007e90' || '0000a8c0'),
    ('berlin', '000d' || '4575726f70652f4265726c696e' || repeat('00000000', 6) || '00000001' || '00008ca0' || '00009ab0');
CREATE FUNCTION pg_temp.part(n text) RETURNS text LANGUAGE sql AS $$ SELECT hex FROM bce2_part WHERE name = n $$;
SELECT pg_temp.binary_input(decode(pg_temp.part('head') || pg_temp.part('dated') || '00000001' || '000025b0'
                                   || pg_temp.part('berlin'), 'hex'), 'business_calendar') AS valid;
SELECT label, pg_temp.binary_input(decode(bytes, 'hex'), 'business_calendar') AS result FROM (VALUES
    ('version 2 without the dated hours', pg_temp.part('head')),
    ('without the versions', pg_temp.part('head') || pg_temp.part('dated')),
    ('dated count beyond the data', pg_temp.part('head') || '00000002' || substr(pg_temp.part('dated'), 9) || '00000000'),
    ('negative dated count', pg_temp.part('head') || 'ffffffff' || '00000000'),
    ('dated range backwards', pg_temp.part('head') || '00000001' || '0000267f' || '0000267e' || '00000001' || '00007e90' || '0000a8c0' || '00000000'),
    ('dated date after 9999', pg_temp.part('head') || '00000001' || '0000267e' || '002c95d4' || '00000001' || '00007e90' || '0000a8c0' || '00000000'),
    ('dated without a span', pg_temp.part('head') || '00000001' || '0000267e' || '0000267e' || '00000000' || '00000000'),
    ('dated span backwards', pg_temp.part('head') || '00000001' || '0000267e' || '0000267e' || '00000001' || '0000a8c0' || '00007e90' || '00000000'),
    ('dated twice', pg_temp.part('head') || '00000002' || '0000267e' || '0000267f' || '00000001' || '00007e90' || '0000a8c0'
                    || '0000267f' || '0000267f' || '00000001' || '00007e90' || '0000a8c0' || '00000000'),
    ('dated on a holiday', '02' || '00' || '0003' || '555443' || repeat('00000000', 7) || '00000001' || '0000267e' || '0000267e'
                           || '00000000' || pg_temp.part('dated') || '00000000'),
    ('working date with its own hours', '02' || '00' || '0003' || '555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 6)
                                        || '00000000' || '00000001' || '0000267e' || '00000001' || pg_temp.part('dated') || '00000000'),
    ('version count beyond the data', pg_temp.part('head') || '00000000' || '00000002' || '000025b0' || pg_temp.part('berlin')),
    ('version cut short', pg_temp.part('head') || '00000000' || '00000001' || '000025b0' || left(pg_temp.part('berlin'), 40)),
    ('version date before year 1', pg_temp.part('head') || '00000000' || '00000001' || 'fff4dbf8' || pg_temp.part('berlin')),
    ('version with an unknown zone', pg_temp.part('head') || '00000000' || '00000001' || '000025b0' || '0003' || '414243' || repeat('00000000', 7)),
    ('version without a zone', pg_temp.part('head') || '00000000' || '00000001' || '000025b0' || '0000' || repeat('00000000', 7)),
    ('versions out of order', pg_temp.part('head') || '00000000' || '00000002' || '000025b0' || pg_temp.part('berlin')
                              || '000025af' || pg_temp.part('berlin')),
    -- the first date out of order ends the input, before its zone is read
    ('repeated date, unknown zone', pg_temp.part('head') || '00000000' || '00000002' || '000025b0' || pg_temp.part('berlin')
                                    || '000025b0' || '0003' || '414243' || repeat('00000000', 7)),
    ('trailing bytes', pg_temp.part('head') || '00000000' || '00000000' || 'ff')
) AS t(label, bytes);

-- Arguments of the functions: infinite timestamps, amounts that are
-- negative or in days, negative numbers of days, results beyond the
-- timestamp range
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT business_start(''infinity'', ''1 hour'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_start(''2026-01-01'', ''-1 hour'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_start(''2026-01-01'', ''2 days'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_start(''4714-11-26 00:00+00 BC'', ''100 hours'', ''v1 tz=UTC mon-sun=00:00-24:00'')'),
    ('SELECT business_start(''2026-01-01'', ''2000000000 hours'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_window_start(''-infinity'', ''1 hour'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_window_start(''2026-01-01'', ''-1 second'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_days(''-infinity'', ''2026-01-01'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_day(''infinity'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_day(''294276-12-31 12:00+00'', ''v1 tz=UTC mon=09:00-10:00'')'),
    -- the first instant closes the day before the first date, and west of
    -- Greenwich it is still that day
    ('SELECT business_day(''4714-11-24 00:00+00 BC'', ''v1 tz=UTC mon-sun=00:00-24:00'')'),
    ('SELECT business_day(''4714-11-24 00:00+00 BC'', ''v1 tz=America/New_York mon-sun=00:00-24:00'')'),
    ('SELECT business_day_deadline(''infinity'', 1, ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_day_deadline(''2026-01-01'', -1, ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_day_deadline(''294276-12-01 12:00+00'', 10, ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_day_deadline(''2026-01-01'', 2147483647, ''v1 tz=UTC mon=09:00-17:00'')'),
    -- in Los Angeles (UTC-8 in December) the third working day from 29
    -- December 294276 closes at 17:00 on the 31st, 01:00 UTC on 1 January
    -- 294277 (the second closes at 01:00 UTC on the 31st, below)
    ('SELECT business_day_deadline(''294276-12-29 00:00+00'', 3, ''v1 tz=America/Los_Angeles mon-sun=09:00-17:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''2000000000 hours'', ''v2 tz=UTC 2026-12-24=09:00-12:00 from=2027-01-01 mon=09:00-17:00'')'),
    -- amounts near the largest interval, in calendars of versions
    ('SELECT business_deadline(''2026-01-01 00:00+00'', ''9223000000000000000 microseconds'', ''v2 tz=UTC mon=09:00-10:00 from=2026-03-01 mon-sun=00:00-24:00'')'),
    ('SELECT business_deadline(''1994-12-15 00:00+00'', ''9223372036854775807 microseconds'', ''v2 tz=Europe/Berlin mon-fri=03:01-14:01 from=2026-03-01 tz=Pacific/Tongatapu mon-sun=00:00-24:00'')')
) AS t(q);
-- but what fits is fine: the first and last business days a timestamp holds
SELECT business_day('4714-11-24 00:00:00.000001+00 BC', 'v1 tz=UTC mon-sun=00:00-24:00') AS first_day,
       business_day('4714-11-25 00:00+00 BC', 'v1 tz=America/New_York mon-sun=00:00-24:00') AS first_day_west,
       business_day('294276-12-30 12:00+00', 'v1 tz=UTC mon-sun=00:00-23:00') AS last_day,
       business_day_deadline('294276-12-30 00:00+00', 1, 'v1 tz=UTC mon-sun=00:00-23:00') AS last_close,
       business_day_deadline('294276-12-29 00:00+00', 2, 'v1 tz=America/Los_Angeles mon-sun=09:00-17:00') AS last_close_west,
       business_start('4714-11-25 00:00+00 BC', '24 hours', 'v1 tz=UTC mon-sun=00:00-24:00') AS first_start;


-- Calendars of versions near the ends of the timestamp range: the same
-- answers as the version in force alone, here working all day (UTC) since
-- 22 October 1995.
SET TimeZone = 'UTC';
CREATE TEMP TABLE near_ends (calendar business_calendar);
INSERT INTO near_ends VALUES ('v2 tz=UTC sun=10:00-12:00 from=1995-10-22 mon-sun=00:00-24:00'),
                             ('v2 tz=UTC from=1995-10-22 mon-sun=00:00-24:00');
SELECT business_time('2026-01-01 00:00+00', '294276-12-31 23:59:59.999999+00', calendar) AS to_last,
       business_time('2026-01-01 00:00+00', '294276-12-31 23:59:59.999999+00', calendar)
           = timestamptz '294276-12-31 23:59:59.999999+00' - timestamptz '2026-01-01 00:00+00' AS all_of_it
FROM near_ends;
SELECT business_deadline('294276-12-01 00:00+00', '240 hours', calendar) AS deadline,
       business_start('294276-12-31 23:00+00', '1 hour', calendar) AS latest_start,
       business_window_start('294276-12-31 23:00+00', '1 hour', calendar) AS window_start
FROM near_ends;
-- a deadline 2^63 - 1 microseconds away where the last version has no
-- hours: none (it moves to Shanghai's zone, without weekly hours), also
-- when dated hours under it leave the clock above 0 at the start (that
-- raised 22008), and in a calendar of dated hours alone
SELECT business_deadline('2026-01-01 00:00+00', '9223372036854775807 microseconds',
                         'v2 tz=UTC mon-sun=08:00-19:00 from=2019-06-15 tz=Asia/Shanghai') AS no_deadline,
       business_deadline('2026-01-01 00:00+00', '9223372036854775807 microseconds',
                         'v2 tz=UTC mon=09:00-17:00 2020-01-06=09:00-10:00 from=2019-06-15 tz=Asia/Shanghai')
           AS after_dated_hours,
       business_deadline('2026-01-01 00:00+00', '9223372036854775807 microseconds',
                         'v2 tz=UTC 2020-01-06=09:00-10:00') AS dated_hours_only;

-- A window that reaches back past the first timestamp has no start: every
-- earlier instant is within it, NULL as in a calendar without hours.  From
-- 4714-11-26 00:00 BC, working all day, 48 hours reach the first timestamp
-- (NULL) and 47 hours end an hour after it.  At 10:00 on the first day,
-- under 09:00-17:00 hours, 8 hours reach past its one working hour; so do
-- 10^12 seconds (some 95 000 years of 8-hour days) from 2 March 2026.
SELECT business_window_start('4714-11-26 00:00+00 BC', '100 hours', 'v1 tz=UTC mon-sun=00:00-24:00') AS past_first,
       business_window_start('4714-11-26 00:00+00 BC', '48 hours', 'v1 tz=UTC mon-sun=00:00-24:00') AS to_first,
       business_window_start('4714-11-26 00:00+00 BC', '47 hours', 'v1 tz=UTC mon-sun=00:00-24:00') AS after_first,
       business_window_start('4714-11-24 10:00+00 BC', '8 hours', 'v1 tz=UTC mon-sun=09:00-17:00') AS first_day,
       business_window_start('2026-03-02 00:00+00', '1000000000000 seconds', 'v1 tz=UTC mon-sun=09:00-17:00') AS long_ago;
-- the latest start of as much is before the first timestamp: an error
SELECT pg_temp.error_of('SELECT business_start(''4714-11-24 10:00+00 BC'', ''8 hours'', ''v1 tz=UTC mon-sun=09:00-17:00'')') AS latest_start;
RESET TimeZone;
