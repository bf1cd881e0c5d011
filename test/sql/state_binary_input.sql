-- Binary input of every state type and business_calendar checks the bytes
-- it reads against the bytes it was given: a value cut short anywhere, and a
-- value with a byte left over, are a data error 22P03 (invalid binary
-- <type>), never PostgreSQL's protocol error 08P01 and never a value.  One
-- exception: the bucket stream of a duration_state runs to the end of the
-- value, and its reader accepts a zero count (docs/formats.md), so a 0x00
-- byte added to it reads as the same state.  The whole value reads back to
-- the value it was sent from.
--
-- Each value goes through COPY ... (FORMAT binary), as a driver's binary
-- value would reach the type's receive function (binary_input.psql).
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql

CREATE TABLE bin_samples (type regtype, sample text);
INSERT INTO bin_samples VALUES
    ('rating_state', 'v1 weighted sumsq=3.5 6:1:0.5 9:2:2.5'),
    ('dimension_state', 'v1 "attitude" (3 12 2 3 5) "speed" (0)'),
    ('paired_state', 'v1 driver (3 12 9 2 2 2 0) (0)'),
    ('paired_state', 'v1 gap "attitude" (2 8 7 2 0.5 -1 4.5) "speed" (0)'),
    ('moment_state', 'v1 dimensions=("speed" "attitude") overall="overall" n=3 weight=3.5 incomplete=1 mean=(3 4 4.5) comoment=(2 1 1.5 2 0.5 3) pending=((17 4 _ _) (23 _ 3 5))'),
    ('duration_state', 'v1 accuracy=0.01 n=5 sum=15.44 min=0 max=7.25 zero=1 -35:1,1 99:2'),
    ('proportion_state', 'v1 3/40'),
    ('timeline_state', 'v1 2026-03-01 10:00:00+00 "requested", 2026-03-01 12:30:00.5+00 "responded"'),
    ('timeline_set', 'v1 17 (2026-03-01 10:00:00+00 "requested"), 18 (2026-03-02 09:00:00+00 "requested", 2026-03-02 10:00:00+00 "closed")'),
    ('business_calendar', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=2026-01-01 workdays=2026-02-14:mon'),
    ('business_calendar', 'v2 tz=UTC mon-fri=09:00-17:00 2026-12-24=09:00-12:00 from=2026-06-01 tz=Europe/Berlin sun=10:00-11:00'),
    ('outcome_state', 'v1 exposed=54/120 unexposed=31/180'),
    ('duration_outcome_state', 'v1 edges=259200,345600 12/40 5/60 3/20'),
    ('funnel_state', 'v1 cases=2 stages=seen clock=calendar stage "opened" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=60 min=0 max=60 zero=1 205:1) stage "solved" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=1 sequence 1 cases=1 sequence 1>2 cases=1'),
    ('contact_state', 'v1 within=259200000000 customers=text ("billing" "C-17" 2 2026-03-01 10:00:00+00 2026-03-02 10:00:00+00 by "chat" resolved=yes) (null "C-9" 1 2026-03-05 09:00:00+00 2026-03-05 09:00:00+00)'),
    ('category_state', 'v1 weighted sumsq=2.25 "damage":2:1.5 null:1:1');

CREATE FUNCTION pg_temp.send_of(typ regtype, sample text) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE result bytea;
BEGIN
    EXECUTE format('SELECT %s(%L::%s)', (SELECT typsend FROM pg_type WHERE oid = typ), sample, typ)
        INTO result;
    RETURN result;
END $$;

CREATE TEMP TABLE bin_cases AS
SELECT type, sample, pg_temp.send_of(type, sample) AS payload FROM bin_samples;

-- Every prefix of every value, from 0 bytes to all but the last one: the
-- SQLSTATEs they gave (a prefix read as a value would show as 'a value').
SELECT c.type, length(c.payload) AS bytes, count(*) AS prefixes,
       string_agg(DISTINCT CASE WHEN r.result ~ '^[0-9A-Z]{5}: ' THEN left(r.result, 5) ELSE 'a value' END,
                  ', ') AS sqlstates
FROM bin_cases c
CROSS JOIN LATERAL generate_series(0, length(c.payload) - 1) AS k
CROSS JOIN LATERAL pg_temp.binary_input(substr(c.payload, 1, k), c.type) AS r(result)
GROUP BY c.type, c.payload
ORDER BY c.type::text, length(c.payload);

-- The message for the value without its last byte, for a byte left over,
-- and the whole value, which reads back to the sample
SELECT type,
       pg_temp.binary_input(substr(payload, 1, length(payload) - 1), type) AS last_byte_missing,
       pg_temp.binary_input(payload || '\x00'::bytea, type) AS byte_left_over,
       pg_temp.binary_input(payload, type) = sample AS reads_back
FROM bin_cases
ORDER BY type::text, length(payload);

-- Names are text: a zero byte, or bytes that are not text in the client
-- encoding (UTF8 here), make a malformed value (22P03) in every type whose
-- binary form carries names, as a name longer than allowed does.  The
-- name "abc" of each sample is overwritten in place.
SELECT s.type, b.bad, pg_temp.binary_input(overlay(p.payload PLACING b.bad FROM position('\x616263'::bytea IN p.payload) FOR 3),
                                          s.type) AS result
FROM (VALUES ('category_state'::regtype, 'v1 "abc":1'),
             ('dimension_state', 'v1 "abc" (1 3 0 3 3)'),
             ('paired_state', 'v1 gap "abc" (1 3 4 0 0 0 0)'),
             ('moment_state', 'v1 dimensions=("abc") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
             ('contact_state', 'v1 within=259200000000 customers=text (null "abc" 1 2026-03-05 09:00:00+00 2026-03-05 09:00:00+00)'),
             ('timeline_state', 'v1 2026-03-01 10:00:00+00 "abc"'),
             ('timeline_set', 'v1 17 (2026-03-01 10:00:00+00 "abc")'),
             ('funnel_state', 'v1 cases=1 stages=seen clock=calendar stage "abc" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1')) AS s(type, sample),
     LATERAL (SELECT pg_temp.send_of(s.type, s.sample) AS payload) AS p,
     (VALUES ('\x610062'::bytea), ('\x61ff62')) AS b(bad)
ORDER BY s.type::text, b.bad;
-- A SQL_ASCII client's bytes are passed on as they are, and the database's
-- encoding (UTF8 here) checks them: still 22P03
SET client_encoding = 'SQL_ASCII';
SELECT pg_temp.binary_input(overlay(category_state_send('v1 "abc":1') PLACING '\x61ff62'::bytea
                                    FROM position('\x616263'::bytea IN category_state_send('v1 "abc":1')) FOR 3),
                            'category_state') AS result;
RESET client_encoding;
