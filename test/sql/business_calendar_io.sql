-- business_calendar text and binary forms: documented, canonical, exact;
-- calendars stored in tables, however large.
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- Input is free in order, spacing and overlap; output is canonical: tz
-- first (spelled as in the tz database), weekdays with equal hours grouped,
-- spans and holidays sorted and merged, every extra working date with the
-- weekday whose hours it takes (by default the first weekday from Monday
-- that has hours).  Zones are names of the IANA database, legacy ones
-- included; POSIX rule strings are refused (see business_calendar_errors).
SELECT input, input::business_calendar AS canonical FROM (VALUES
    ('v1 tz=UTC'),
    ('v1 tz=utc mon-sun=00:00-24:00'),
    ('v1 tz=asia/shanghai mon-fri=09:00-12:00,13:00-18:00'),
    ('v1 tz=est5edt mon-fri=09:00-17:00'),
    ('v1 tz=Etc/GMT-8 mon-fri=09:00-17:00'),
    (E'  v1\n  tz=Europe/Berlin   sat , sun = 10:00 - 14:00\tmon-fri=08:00-17:00  '),
    ('v1 tz=UTC mon,wed=09:00-12:00 tue=09:00-12:00 thu=09:00-11:00 fri=09:00-12:00'),
    ('v1 tz=UTC mon=13:00-14:00,09:00-12:30,12:00-13:00,16:00-17:00,16:30-16:45'),
    ('v1 tz=UTC mon=08:00:30-12:00:15'),
    ('v1 tz=UTC sat=22:00-24:00 sun=00:00-06:00'),
    ('v1 tz=UTC mon=09:00-17:00 holidays=2026-12-26,2026-12-24..2026-12-25,2026-12-31,2027-01-01,2026-12-28..2026-12-30'),
    ('v1 workdays=2026-02-28:fri,2026-02-14 holidays=2026-02-15..2026-02-23 tz=Asia/Shanghai tue-fri=09:00-18:00 mon=10:00-18:00'),
    ('v1 tz=America/New_York sun=09:00-10:00 workdays=2026-12-26')
) AS t(input);

-- Output then input gives the same calendar, and output is stable
CREATE TABLE bci_calendar (id serial, cal business_calendar);
INSERT INTO bci_calendar (cal) VALUES
    ('v1 tz=UTC'),
    ('v1 tz=Pacific/Chatham mon-sun=00:00-24:00'),
    ('v1 tz=Asia/Kolkata mon-fri=09:30-13:00,14:00-18:30 sat=09:30-13:00 holidays=2026-01-26,2026-03-04,2026-08-15,2026-10-02'),
    ('v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23 workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri'),
    ('v1 tz=America/Sao_Paulo mon-fri=08:00:01-17:59:59 holidays=0001-01-01,9999-12-31 workdays=2026-05-02:mon');
SELECT id, cal::text::business_calendar::text = cal::text AS text_round_trip,
       business_calendar_send(cal::text::business_calendar) = business_calendar_send(cal) AS same_value
FROM bci_calendar ORDER BY id;

-- Binary send/recv through COPY BINARY: the calendars come back identical
CREATE TABLE bci_binary (id int, cal business_calendar);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_business_calendar_io.bin';
BEGIN
    EXECUTE format('COPY bci_calendar TO %L (FORMAT binary)', path);
    EXECUTE format('COPY bci_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS calendars,
       count(*) FILTER (WHERE a.cal::text = b.cal::text) AS identical
FROM bci_calendar a JOIN bci_binary b USING (id);

-- The binary form: version 1, flags 0, zone length and name, then per
-- weekday the count of spans and each (start, end) in seconds, holiday
-- ranges, and extra working dates with an ISO weekday: here Monday
-- 09:00-17:00 (0x7e90 = 32400, 0xef10 = 61200), holiday 2026-01-01
-- (day 9497 = 0x2519 since 2000-01-01), working date 2026-02-14 (0x2545)
-- taking Monday's (1) hours.
SELECT business_calendar_send('v1 tz=UTC mon=09:00-17:00 holidays=2026-01-01 workdays=2026-02-14') AS bytes;

-- A large calendar (a holiday every Monday for two centuries, 10436 of
-- them) is compressed or moved out of line in a table; business_time
-- gives the same results whether the calendar comes from the table or
-- from a constant, and the stored value is much smaller than the raw one
CREATE TABLE bci_large (cal business_calendar);
INSERT INTO bci_large
SELECT ('v1 tz=Europe/Paris mon-fri=09:00-17:00 holidays=' ||
        string_agg(to_char(d, 'YYYY-MM-DD'), ',' ORDER BY d))::business_calendar
FROM generate_series(date '1900-01-01', date '2099-12-31', interval '7 days') AS d;
SELECT length(cal::text) AS text_length, pg_column_size(cal) < 40000 AS stored_smaller,
       business_time('2026-03-02 00:00+01', '2026-03-09 00:00+01', cal) AS week_without_monday
FROM bci_large;
CREATE TABLE bci_ticket AS
SELECT i, timestamptz '1995-01-01 00:00+00' + (hashint4(i) & 2147483647) % (40 * 365) * interval '1 day'
          + (hashint4(i + 3) & 1023) * interval '1 minute' AS a,
       (hashint4(i + 5) & 8191) * interval '11 minutes' AS len
FROM generate_series(1, 2000) AS i;
SELECT cal::text AS large_text FROM bci_large \gset
SELECT count(*) AS tickets,
       count(*) FILTER (WHERE business_time(t.a, t.a + t.len, l.cal)
                        <> business_time(t.a, t.a + t.len, :'large_text'::business_calendar)) AS differ
FROM bci_ticket t, bci_large l;

-- One call, row after row, gets that calendar stored out of line and as a
-- plain value, another compressed in line and plain, and three that differ
-- only in their zone.  Each is prepared for itself (the cache keys on the
-- bytes as they come), and every row agrees with a call on a constant.
CREATE TABLE bci_mixed (label text, cal business_calendar);
INSERT INTO bci_mixed SELECT 'large', cal FROM bci_large;
INSERT INTO bci_mixed
SELECT 'medium', ('v1 tz=Europe/Paris mon-fri=09:00-17:00 holidays=' ||
                  string_agg(to_char(d, 'YYYY-MM-DD'), ',' ORDER BY d))::business_calendar
FROM generate_series(date '2020-01-06', date '2027-12-31', interval '7 days') AS d;
INSERT INTO bci_mixed VALUES ('paris', 'v1 tz=Europe/Paris mon-fri=09:00-17:00'),
    ('tokyo', 'v1 tz=Asia/Tokyo mon-fri=09:00-17:00'), ('new_york', 'v1 tz=America/New_York mon-fri=09:00-17:00');
SELECT cal::text AS medium_text FROM bci_mixed WHERE label = 'medium' \gset
-- (a stored value larger than a block is out of line)
SELECT label, pg_column_size(cal) < octet_length(business_calendar_send(cal)) AS compressed,
       pg_column_size(cal) > current_setting('block_size')::int AS out_of_line
FROM bci_mixed ORDER BY label;
SELECT count(*) AS rows, count(DISTINCT m.label || m.plain::text) AS calendars,
       count(*) FILTER (WHERE business_time(t.a, t.a + t.len, m.cal) <> CASE m.label
           WHEN 'large' THEN business_time(t.a, t.a + t.len, :'large_text')
           WHEN 'medium' THEN business_time(t.a, t.a + t.len, :'medium_text')
           WHEN 'paris' THEN business_time(t.a, t.a + t.len, 'v1 tz=Europe/Paris mon-fri=09:00-17:00')
           WHEN 'tokyo' THEN business_time(t.a, t.a + t.len, 'v1 tz=Asia/Tokyo mon-fri=09:00-17:00')
           WHEN 'new_york' THEN business_time(t.a, t.a + t.len, 'v1 tz=America/New_York mon-fri=09:00-17:00')
       END) AS differ
FROM bci_ticket t,
     (SELECT label, cal, false AS plain FROM bci_mixed
      UNION ALL SELECT 'large', :'large_text', true
      UNION ALL SELECT 'medium', :'medium_text', true) AS m;

-- Many calendars in one query, rows of each in any order: 40 (fewer than
-- the 64 a call keeps prepared) and 80 (more).  Team k works from 00:00
-- for k times 15 minutes, UTC, every day, so a span from midnight of length
-- len has min(len, k times 15 minutes) of working time.
CREATE TABLE bci_team AS
SELECT k, format('v1 tz=UTC mon-sun=00:00-%s', to_char(time '00:00' + k * interval '15 minutes', 'HH24:MI'))::business_calendar AS cal
FROM generate_series(1, 80) AS k;
SELECT teams, count(*) AS rows, count(DISTINCT k) AS calendars,
       count(*) FILTER (WHERE business_time(a, a + len, cal) <> least(len, k * interval '15 minutes')) AS wrong
FROM (VALUES (40), (80)) AS n(teams),
     LATERAL (SELECT 1 + (hashint4(i) & 2147483647) % teams AS k,
                     timestamptz '2026-01-01 00:00+00' + (i % 300) * interval '24 hours' AS a,
                     (hashint4(i + 9) & 1023) * interval '1 minute' AS len
              FROM generate_series(1, 20000) AS i) AS t
JOIN bci_team USING (k)
GROUP BY teams ORDER BY teams;

DROP TABLE bci_calendar, bci_binary, bci_large, bci_ticket, bci_mixed, bci_team;
