-- business_calendar text and binary forms, version 2: dates with hours of
-- their own and versions in force from a date.  A calendar that uses
-- neither keeps the version 1 forms, whichever version its input named.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- Canonical output: after the first version's zone and week, holidays=,
-- workdays=, then dated hours (dates with the same hours in one item,
-- ascending, adjacent dates with the same hours merged into a range), then
-- each later version: from=, its zone when it differs from the one before,
-- its week.  A version with the zone and week of the one before is
-- dropped; a calendar left with one version and no dated hours is v1.
SELECT input, input::business_calendar AS canonical FROM (VALUES
    ('v2 tz=UTC mon-fri=09:00-17:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 holidays=2026-12-25 workdays=2026-12-27'),
    ('v2 tz=UTC mon-fri=09:00-17:00 from=2026-06-01 mon-fri=09:00-17:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 from=2026-06-01 tz=Etc/UTC mon-fri=09:00-17:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 2026-12-31=09:00-12:00 2026-12-24=09:00-12:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 2026-12-24..2026-12-25=09:00-12:00 2026-12-26=09:00-12:00,11:00-12:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 2026-12-31,2026-12-24=10:00-12:00,09:00-10:00 2026-12-28=13:00-14:00'),
    ('v2 tz=UTC mon-fri=09:00-17:00 2026-12-24,2026-12-26,2026-12-28,2026-12-30,2027-01-02=09:00-12:00'),
    ('v2 2026-07-04=10:00-11:00 tz=utc'),
    ('v2 tz=europe/berlin mon-fri=08:00-17:00 from=2026-06-01 mon-fri=07:00-15:00 from=2026-09-01 mon-fri=08:00-17:00'),
    ('v2 tz=Asia/Shanghai mon-fri=09:00-18:00 from=2026-06-01 tz=America/Los_Angeles mon-fri=09:00-18:00 from=2027-01-01 tz=asia/shanghai'),
    ('v2 tz=UTC mon=09:00-17:00 from=2026-06-01 mon=09:00-17:00 from=2026-07-01 mon=10:00-17:00 from=2026-08-01 mon=10:00-17:00'),
    (E'v2\ttz=UTC  mon = 09:00 - 17:00 , 18:00 - 19:00   2026-12-24 .. 2026-12-25 , 2026-12-31 = 09:00 - 12:00\n from=2027-01-01  tue = 10:00 - 11:00')
) AS t(input);

-- A v2 input without the new parts is stored as the same bytes as the v1
-- input, and sent as version 1
SELECT 'v2 tz=UTC mon-fri=09:00-17:00 holidays=2026-12-25'::business_calendar::text =
           'v1 tz=UTC mon-fri=09:00-17:00 holidays=2026-12-25'::business_calendar::text AS same_text,
       business_calendar_send('v2 tz=UTC mon-fri=09:00-17:00 holidays=2026-12-25') =
           business_calendar_send('v1 tz=UTC mon-fri=09:00-17:00 holidays=2026-12-25') AS same_bytes,
       get_byte(business_calendar_send('v2 tz=UTC mon-fri=09:00-17:00'), 0) AS version_sent;

-- Output then input gives the same calendar, in text and in binary
CREATE TABLE bci2_calendar (id serial, cal business_calendar);
INSERT INTO bci2_calendar (cal) VALUES
    ('v2 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-12-25..2026-12-26,2027-01-01 workdays=2026-12-27:fri
      2026-12-24,2026-12-31=08:00-12:00 from=2026-06-01 mon-thu=07:00-15:00 fri=07:00-12:00 from=2026-09-01 mon-fri=08:00-17:00'),
    ('v2 tz=America/New_York mon-fri=09:00-17:00 sun=06:00-24:00 from=2026-03-02 tz=Asia/Tokyo mon=00:00-02:00 tue-fri=09:00-18:00'),
    ('v2 tz=UTC 0001-01-01=00:00-00:00:01 9999-12-31=23:59:59-24:00'),
    ('v2 tz=UTC from=0001-01-02 sun=12:00-13:00 from=9999-12-31 mon-sun=00:00-24:00'),
    ('v2 tz=Asia/Kolkata mon-fri=09:30-13:00,14:00-18:30 2026-01-26..2026-01-30=10:00-11:00:30 from=2026-04-01 tz=Asia/Kathmandu mon-fri=09:30-18:30');
SELECT id, cal::text::business_calendar::text = cal::text AS text_round_trip,
       business_calendar_send(cal::text::business_calendar) = business_calendar_send(cal) AS same_value,
       get_byte(business_calendar_send(cal), 0) AS version
FROM bci2_calendar ORDER BY id;
CREATE TABLE bci2_binary (id int, cal business_calendar);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_business_calendar_io_v2.bin';
BEGIN
    EXECUTE format('COPY bci2_calendar TO %L (FORMAT binary)', path);
    EXECUTE format('COPY bci2_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS calendars,
       count(*) FILTER (WHERE a.cal::text = b.cal::text) AS identical_text,
       count(*) FILTER (WHERE business_calendar_send(a.cal) = business_calendar_send(b.cal)) AS identical_bytes
FROM bci2_calendar a JOIN bci2_binary b USING (id);

-- The binary form of version 2: version 1's fields (with the version byte
-- 2), then the dated hours (a count, and for each range its first and
-- last date, a count of spans and the spans), then the later versions (a
-- count, and for each its first date, its zone and its week).  Here
-- Monday 09:00-17:00 in UTC; 24 December 2026 (day 9854 = 0x267e since
-- 2000-01-01) 09:00-12:00 (0x7e90 = 32400, 0xa8c0 = 43200); from 1 June
-- 2026 (9648 = 0x25b0) Europe/Berlin (13 bytes) with Sunday 10:00-11:00
-- (0x8ca0 = 36000, 0x9ab0 = 39600).
SELECT business_calendar_send('v2 tz=UTC mon=09:00-17:00 2026-12-24=09:00-12:00
                               from=2026-06-01 tz=Europe/Berlin sun=10:00-11:00') AS bytes;

-- Values behave the same read from the table or from their text
CREATE TABLE bci2_span AS
SELECT i, timestamptz '2025-12-01 00:00+00' + (hashint4(i) & 2147483647) % 500 * interval '1 day'
          + (hashint4(i + 3) & 1023) * interval '1 minute' AS a,
       (hashint4(i + 5) & 8191) * interval '7 minutes' AS len
FROM generate_series(1, 3000) AS i;
SELECT count(*) AS spans,
       count(*) FILTER (WHERE business_time(s.a, s.a + s.len, c.cal) <> business_time(s.a, s.a + s.len, c.cal::text::business_calendar)
                           OR business_deadline(s.a, s.len / 10, c.cal) <> business_deadline(s.a, s.len / 10, c.cal::text::business_calendar)) AS differ
FROM bci2_span s, bci2_calendar c;

DROP TABLE bci2_calendar, bci2_binary, bci2_span;

-- Many dated hours: one item per set of hours, the items in the order of
-- their first dates, the dates ascending in each.  Every third date has
-- one of five sets of hours, picked by a hash so that the sets interleave;
-- every other date has a set of its own.  Dates are 3 days apart and some
-- are two-day ranges, so none are adjacent (adjacent dates with the same
-- hours would merge); the input gives them one item each, shuffled.  The
-- text expected is grouped here, in SQL.
CREATE FUNCTION pg_temp.hhmm(t time) RETURNS text LANGUAGE sql AS
$$ SELECT to_char(t, CASE WHEN extract(second FROM t) = 0 THEN 'HH24:MI' ELSE 'HH24:MI:SS' END) $$;
CREATE TABLE bci2_dated AS
SELECT i, date '2001-01-01' + 3 * i AS first, date '2001-01-01' + 3 * i + (i % 7 = 3)::int AS last,
       CASE WHEN i % 3 = 0
            THEN format('%s:00-12:00,13:00-17:00', lpad((6 + (hashint4(i) & 2147483647) % 5)::text, 2, '0'))
            ELSE pg_temp.hhmm(time '00:00' + i * interval '7 seconds') || '-23:00' END AS spans
FROM generate_series(0, 5999) AS i;
CREATE TABLE bci2_many AS
SELECT 'v2 tz=UTC mon-fri=09:00-17:00 ' ||
       string_agg(first || CASE WHEN last > first THEN '..' || last ELSE '' END || '=' || spans, ' '
                  ORDER BY hashint4(i)) AS input
FROM bci2_dated;
ALTER TABLE bci2_many ADD cal business_calendar;
UPDATE bci2_many SET cal = input::business_calendar;
WITH item AS (
    SELECT spans, min(first) AS first_date,
           string_agg(first || CASE WHEN last > first THEN '..' || last ELSE '' END, ',' ORDER BY first) AS dates
    FROM bci2_dated GROUP BY spans)
SELECT (SELECT count(*) FROM item) AS items,
       m.cal::text = 'v2 tz=UTC mon-fri=09:00-17:00 ' ||
                     (SELECT string_agg(dates || '=' || spans, ' ' ORDER BY first_date) FROM item) AS as_grouped,
       cardinality(regexp_split_to_array(m.cal::text, ' ')) - 3 AS items_written
FROM bci2_many m;
-- the first items: two of the shared sets (k 4 and 7), each with dates
-- up to the end, among sets of one date each
SELECT k, CASE WHEN length(item) > 90 THEN left(item, 47) || ' ... ' || right(item, 34) ELSE item END AS item
FROM bci2_many m, regexp_split_to_table(m.cal::text, ' ') WITH ORDINALITY AS t(item, k)
WHERE k BETWEEN 4 AND 12 ORDER BY k;

-- Printing checks for interrupts as it goes, date by date, so a statement
-- timeout or pg_cancel_backend stops it even on a calendar of millions of
-- dates with hours of their own (whose text takes seconds to write).  To
-- be deterministic, the backend cancels itself in the expression that
-- prints, just before printing, as a timeout would while it prints: the
-- sequence, advanced only once the text is complete, shows that printing
-- stopped.
\i test/sql/include/cancel_of.psql
CREATE SEQUENCE bci2_printed;
SELECT pg_temp.cancel_of($$SELECT CASE WHEN pg_cancel_backend(pg_backend_pid())
                                       THEN length(cal::text) + 0 * nextval('bci2_printed') END
                           FROM bci2_many$$) AS printing;
SELECT is_called AS printed FROM bci2_printed;

DROP TABLE bci2_dated, bci2_many;
DROP SEQUENCE bci2_printed;
