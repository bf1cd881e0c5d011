-- Bad calendars and bad arguments: a clear error with its SQLSTATE, never a crash.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\i test/sql/include/error_of.psql

-- Malformed text: 22P02, saying what was expected and at which character
SELECT input, pg_temp.error_of(format('SELECT %L::business_calendar', input)) AS result FROM (VALUES
    (''),
    ('tz=UTC'),
    ('v3 tz=UTC'),
    ('v1'),
    ('v1 mon=09:00-17:00'),
    ('v1 tz='),
    ('v1 tz=Mars/Olympus_Mons'),
    ('v1 tz=Asia/Shangai'),
    ('v1 tz=UTC+8'),
    ('v1 tz=Asi8a/Shanghai'),
    ('v1 tz=<+08>-8'),
    ('v1 tz=localtime'),
    ('v1tz=UTC'),
    ('v1 tz=UTC mon=09:00-17:00tue=10:00-12:00'),
    ('v1 tz=UTC tz=UTC'),
    ('v1 tz=UTC holidays=2026-01-01 holidays=2026-01-02'),
    ('v1 tz=UTC mon=09:00-17:00 workdays=2026-02-14 workdays=2026-02-21'),
    ('v1 tz=UTC office=09:00-17:00'),
    ('v1 tz=UTC monday=09:00-17:00'),
    ('v1 tz=UTC Mon=09:00-17:00'),
    ('v1 tz=UTC 09:00-17:00'),
    ('v1 tz=UTC mon'),
    ('v1 tz=UTC mon 09:00-17:00'),
    ('v1 tz=UTC mon-=09:00-17:00'),
    ('v1 tz=UTC fri-mon=09:00-17:00'),
    ('v1 tz=UTC mon-mon=09:00-17:00'),
    ('v1 tz=UTC mon,=09:00-17:00'),
    ('v1 tz=UTC mon-fri=09:00-17:00 wed=18:00-20:00'),
    ('v1 tz=UTC sat,sun,sat=10:00-12:00'),
    ('v1 tz=UTC mon='),
    ('v1 tz=UTC mon=9:00-17:00'),
    ('v1 tz=UTC mon=09:00'),
    ('v1 tz=UTC mon=09:00-'),
    ('v1 tz=UTC mon=09:00-17'),
    ('v1 tz=UTC mon=09:00-1700'),
    ('v1 tz=UTC mon=09:60-17:00'),
    ('v1 tz=UTC mon=09:00:60-17:00'),
    ('v1 tz=UTC mon=25:00-26:00'),
    ('v1 tz=UTC mon=24:00-24:00'),
    ('v1 tz=UTC mon=09:00-24:00:01'),
    ('v1 tz=UTC mon=09:00-09:00'),
    ('v1 tz=UTC fri=22:00-06:00'),
    ('v1 tz=UTC mon=09:00-12:00,'),
    ('v1 tz=UTC mon=09:00-12:00;13:00-17:00'),
    ('v1 tz=UTC holidays='),
    ('v1 tz=UTC holidays=2026-02-30'),
    ('v1 tz=UTC holidays=2026-13-01'),
    ('v1 tz=UTC holidays=2026-1-01'),
    ('v1 tz=UTC holidays=26-01-01'),
    ('v1 tz=UTC holidays=0000-12-25'),
    ('v1 tz=UTC holidays=2026-01-011'),
    ('v1 tz=UTC holidays=2026-01-01..'),
    ('v1 tz=UTC holidays=2026-01-05..2026-01-01'),
    ('v1 tz=UTC holidays=2026-01-01,,2026-01-02'),
    ('v1 tz=UTC mon=09:00-17:00 workdays=2026-02-14:saturday'),
    ('v1 tz=UTC mon=09:00-17:00 workdays=2026-02-14:'),
    ('v1 tz=UTC mon=09:00-17:00 workdays=2026-02-14,2026-02-21,2026-02-14:mon'),
    ('v1 tz=UTC workdays=2026-02-14 mon=09:00-17:00 holidays=2026-02-10..2026-02-20'),
    ('v1 tz=UTC workdays=2026-02-14'),
    ('v1 tz=UTC mon=09:00-17:00 workdays=2026-02-14:sun'),
    ('v1 tz=UTC mon=09:00-17:00 and more')
) AS t(input);

-- The detail points into the input: here at the second "wed"
SELECT 'v1 tz=Asia/Shanghai mon-fri=09:00-18:00 wed=19:00-21:00'::business_calendar;

-- Malformed binary input (COPY ... FORMAT binary, drivers): 22P03.  The
-- helper writes the bytes as one binary COPY field and reads them back as
-- a business_calendar.  A valid message first, then broken ones.
CREATE TABLE bce_bytes (b bytea);
CREATE TABLE bce_calendar (cal business_calendar);
CREATE FUNCTION pg_temp.recv(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/svcquality_business_calendar.bin';
    result text;
BEGIN
    DELETE FROM bce_bytes;
    DELETE FROM bce_calendar;
    INSERT INTO bce_bytes VALUES (bytes);
    EXECUTE format('COPY bce_bytes TO %L (FORMAT binary)', path);
    EXECUTE format('COPY bce_calendar FROM %L (FORMAT binary)', path);
    SELECT cal::text INTO result FROM bce_calendar;
    RETURN result;
END $$;
-- v1, flags 0, zone "UTC", Monday 09:00-17:00, no holidays, one extra
-- working date (2026-02-14 = day 9541) with Monday's (ISO 1) hours
SELECT pg_temp.recv(('\x01' || '00' || '0003' || '555443' ||
                     '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 6) ||
                     '00000000' || '00000001' || '00002545' || '00000001')::bytea) AS valid;
SELECT label, pg_temp.error_of(format('SELECT pg_temp.recv(%L::bytea)', bytes)) AS result FROM (VALUES
    ('empty', '\x'),
    ('version 3', '\x0300'),
    ('flags 1', '\x0101'),
    ('no zone length', '\x0100'),
    ('zone cut short', '\x010000055554'),
    ('unknown zone', '\x01000003414243' || repeat('00000000', 9)),
    ('zone with a NUL byte', '\x0100000455544300' || repeat('00000000', 9)),
    ('span count missing', '\x01000003555443'),
    ('negative span count', '\x01000003555443ffffffff'),
    ('span count beyond the data', '\x0100000355544300000002000000000000000000'),
    ('span end before start', '\x01000003555443' || '00000001' || '0000ef10' || '00007e90' || repeat('00000000', 8)),
    ('span end after 24:00', '\x01000003555443' || '00000001' || '00000000' || '00015181' || repeat('00000000', 8)),
    ('negative span start', '\x01000003555443' || '00000001' || 'ffffffff' || '00000e10' || repeat('00000000', 8)),
    ('holiday before year 1', '\x01000003555443' || repeat('00000000', 7) || '00000001' || 'fff4dbf8' || '00000000' || '00000000'),
    ('holiday after 9999', '\x01000003555443' || repeat('00000000', 7) || '00000001' || '002c95d4' || '002c95d4' || '00000000'),
    ('holiday range backwards', '\x01000003555443' || repeat('00000000', 7) || '00000001' || '00000002' || '00000001' || '00000000'),
    ('holiday count missing', '\x01000003555443' || repeat('00000000', 7)),
    ('weekday 0', '\x01000003555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 7) || '00000001' || '00002545' || '00000000'),
    ('weekday 8', '\x01000003555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 7) || '00000001' || '00002545' || '00000008'),
    ('weekday without hours', '\x01000003555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 7) || '00000001' || '00002545' || '00000007'),
    ('working date twice', '\x01000003555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 7) || '00000002' || '00002545' || '00000001' || '00002545' || '00000001'),
    ('working date on a holiday', '\x01000003555443' || '00000001' || '00007e90' || '0000ef10' || repeat('00000000', 6) || '00000001' || '00002545' || '00002545' || '00000001' || '00002545' || '00000001'),
    ('trailing bytes', '\x01000003555443' || repeat('00000000', 9) || 'ff')
) AS t(label, bytes);

-- Arguments: infinite timestamps, amounts that are negative or in days or
-- months, results beyond the timestamp and interval ranges
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT business_time(''infinity'', ''2026-01-01'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_time(''2026-01-01'', ''-infinity'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''infinity'', ''1 hour'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT is_business_time(''-infinity'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''-1 hour'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''2 days'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''1 mon'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''1 day -24 hours'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_deadline(''294276-12-30'', ''100 hours'', ''v1 tz=UTC mon-sun=00:00-24:00'')'),
    ('SELECT business_deadline(''2026-01-01'', ''2000000000 hours'', ''v1 tz=UTC mon=09:00-17:00'')'),
    ('SELECT business_time(''4713-01-01 BC'', ''294276-12-31'', ''v1 tz=UTC mon-sun=00:00-24:00'')')
) AS t(q);
-- the same whole range with Monday hours only fits in an interval: 8 hours
-- for each Monday, counted from the first Monday on or after the start
SELECT business_time(timezone('UTC', a::timestamp), timezone('UTC', b::timestamp),
                     'v1 tz=UTC mon=09:00-17:00') AS all_mondays,
       business_time(timezone('UTC', a::timestamp), timezone('UTC', b::timestamp),
                     'v1 tz=UTC mon=09:00-17:00') =
           ((b - (a + (8 - extract(isodow FROM a)::int) % 7) - 1) / 7 + 1) * interval '8 hours' AS as_counted
FROM (VALUES (date '4713-01-01 BC', date '294276-12-31')) AS s(a, b);

-- A failed statement changes nothing
CREATE TABLE bce_team (team text PRIMARY KEY, cal business_calendar);
INSERT INTO bce_team VALUES ('support', 'v1 tz=Europe/Berlin mon-fri=08:00-17:00');
INSERT INTO bce_team VALUES ('night', 'v1 tz=Europe/Berlin fri=22:00-06:00');
UPDATE bce_team SET cal = 'v1 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-12-24..2026-12-20';
SELECT team, cal FROM bce_team;
DROP TABLE bce_team, bce_bytes, bce_calendar;
