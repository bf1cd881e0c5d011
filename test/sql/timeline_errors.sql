-- Bad input to timelines, refund functions and proportions: a clear error
-- with its SQLSTATE, never a crash.
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Event times must be finite; limits per case: 64 stages, 4096 events,
-- names of at most 255 bytes (54000 program_limit_exceeded)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT timeline_agg(''a'', ''infinity''::timestamptz)'),
    ('SELECT timeline_agg(s, at) FROM (VALUES (''a'', now()), (''b'', ''-infinity'')) v(s, at)'),
    ('SELECT timeline_agg(''s'' || i, ''2026-01-01''::timestamptz) FROM generate_series(1, 64) i'),
    ('SELECT timeline_agg(''s'' || i, ''2026-01-01''::timestamptz) FROM generate_series(1, 65) i'),
    ('SELECT timeline_agg(''s'', ''2026-01-01''::timestamptz + i * interval ''1 s'') FROM generate_series(1, 4096) i'),
    ('SELECT timeline_agg(''s'', ''2026-01-01''::timestamptz + i * interval ''1 s'') FROM generate_series(1, 4097) i'),
    ('SELECT timeline_agg(''s'', ''2026-01-01''::timestamptz + i % 4096 * interval ''1 s'') FROM generate_series(1, 20000) i'),
    ('SELECT timeline_agg(repeat(''x'', 255), now())'),
    ('SELECT timeline_agg(repeat(''x'', 256), now())'),
    ('SELECT timeline_agg(repeat(''é'', 128), now())'),
    ('SELECT timeline_state_accum(NULL, ''a'', ''infinity'')')
) AS t(q);
-- merging states can reach the limits too
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT (SELECT timeline_agg(''a'' || i, now()) FROM generate_series(1, 40) i) + (SELECT timeline_agg(''b'' || i, now()) FROM generate_series(1, 24) i)'),
    ('SELECT (SELECT timeline_agg(''a'' || i, now()) FROM generate_series(1, 40) i) + (SELECT timeline_agg(''b'' || i, now()) FROM generate_series(1, 25) i)'),
    ('SELECT timeline_agg(t) FROM (SELECT timeline_agg(''s'', ''2026-01-01''::timestamptz + i * interval ''1 s'') t FROM generate_series(1, 4000) i GROUP BY i % 2) x'),
    ('SELECT (SELECT timeline_agg(''s'', ''2026-01-01''::timestamptz + i * interval ''1 s'') FROM generate_series(1, 3000) i) + (SELECT timeline_agg(''t'', ''2026-01-01''::timestamptz + i * interval ''1 s'') FROM generate_series(1, 1097) i)')
) AS t(q);

-- Durations beyond the 64-bit microsecond range; until must be finite (22008)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT timeline_duration(''v1 4713-11-24 00:00:00+00 BC "a", 294276-12-31 23:59:59.999999+00 "b"'', ''a'', ''b'')'),
    ('SELECT timeline_time_in(''v1 4713-11-24 00:00:00+00 BC "a", 294276-12-31 23:59:59.999999+00 "b"'', ''a'')'),
    ('SELECT timeline_time_in(''v1 2026-01-01 00:00:00+00 "a"'', ''a'', ''infinity''::timestamptz)'),
    ('SELECT timeline_time_in(''v1 2026-01-01 00:00:00+00 "a"'', ARRAY[''a''], ''-infinity''::timestamptz)'),
    ('SELECT timeline_duration(''v1 100000-01-01 00:00:00+00 "a", 200000-01-01 00:00:00+00 "b"'', ''a'', ''b'')')
) AS t(q);
-- ... also as a sum of pieces each within the range: open from the first
-- timestamp to 100000-01-01 and from 100001-01-01 to 294276-12-31 (about
-- 3.3e18 and 6.1e18 microseconds), in all and within a window of all time;
-- a window of 99999-01-01 to 100002-01-01 holds 365 + 365 days of it
CREATE TEMP TABLE two_long_pieces AS
SELECT 'v1 4714-11-24 00:00:00+00 BC "open", 100000-01-01 00:00:00+00 "closed", 100001-01-01 00:00:00+00 "open", 294276-12-31 00:00:00+00 "closed"'::timeline_state AS t;
SELECT pg_temp.error_of($$SELECT timeline_time_in(t, 'open') FROM two_long_pieces$$) AS time_in,
       pg_temp.error_of($$SELECT timeline_time_in_window(t, '{open}', tstzrange('4714-11-24 00:00:00+00 BC', '294276-12-31 00:00:00+00')) FROM two_long_pieces$$) AS all_time,
       timeline_time_in_window(t, '{open}', tstzrange('99999-01-01 00:00:00+00', '100002-01-01 00:00:00+00')) AS three_years
FROM two_long_pieces;

-- Stage lists are lists: a 2-D array is an error (22023) naming the
-- argument, not its stages read flattened
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT timeline_duration(''v1 2026-01-01 00:00:00+00 "new", 2026-01-01 01:00:00+00 "solved"'', ''{{new},{open}}'', ''{solved}''::text[])'),
    ('SELECT timeline_duration(''v1 2026-01-01 00:00:00+00 "new", 2026-01-01 01:00:00+00 "solved"'', ARRAY[''new''], ARRAY[[''solved'']])'),
    ('SELECT timeline_time_in(''v1 2026-01-01 00:00:00+00 "new", 2026-01-01 01:00:00+00 "solved"'', ''{{new,open}}''::text[])'),
    ('SELECT timeline_time_in(''v1 2026-01-01 00:00:00+00 "new"'', ''{{new}}''::text[], ''2026-01-02''::timestamptz)'),
    ('SELECT timeline_duration(''v1 2026-01-01 00:00:00+00 "new", 2026-01-01 01:00:00+00 "solved"'', ARRAY[[''new'']], ARRAY[''solved''], ''v1 tz=UTC''::business_calendar)')
) AS t(q);

-- Malformed text input: 22P02, saying what was expected and where
SELECT input, pg_temp.error_of(format('SELECT %L::timeline_state', input)) AS result FROM (VALUES
    (''), ('v'), ('v2'), ('timeline'), ('v1 "a"'),
    ('v1 2026-03-02 09:00:00+00'), ('v1 2026-03-02 09:00:00 "a"'), ('v1 2026-03-02 09:00:00+08 "a"'),
    ('v1 2026-03-02 09:00:00+00:00 "a"'), ('v1 2026-03-02 09:00:00+001 "a"'),
    ('v1 2026-3-02 09:00:00+00 "a"'), ('v1 26-03-02 09:00:00+00 "a"'), ('v1 2026-03-02T09:00:00+00 "a"'),
    ('v1 2026-02-29 09:00:00+00 "a"'), ('v1 2026-13-01 09:00:00+00 "a"'), ('v1 2026-00-01 09:00:00+00 "a"'),
    ('v1 2026-03-02 24:00:00+00 "a"'), ('v1 2026-03-02 09:60:00+00 "a"'), ('v1 2026-03-02 09:00:60+00 "a"'),
    ('v1 2026-03-02 09:00:00.+00 "a"'), ('v1 2026-03-02 09:00:00.1234567+00 "a"'),
    ('v1 0000-03-02 09:00:00+00 "a"'), ('v1 294277-01-01 00:00:00+00 "a"'), ('v1 4714-11-23 00:00:00+00 BC "a"'),
    ('v1 1234567890-01-01 00:00:00+00 "a"'),
    ('v1 2026-03-02 09:00:00+00 a'), ('v1 2026-03-02 09:00:00+00 "a'), (E'v1 2026-03-02 09:00:00+00 "a\\x"'),
    ('v1 2026-03-02 09:00:00+00 "a" 2026-03-02 10:00:00+00 "b"'), ('v1 2026-03-02 09:00:00+00 "a",'),
    ('v1, 2026-03-02 09:00:00+00 "a"'), ('v1 2026-03-02 09:00:00+00 "a" x')
) AS t(input);
SELECT pg_temp.error_of(format('SELECT %L::timeline_state', 'v1 2026-03-02 09:00:00+00 "' || repeat('x', 256) || '"')) AS long_name,
       pg_temp.error_of(format('SELECT %L::timeline_state',
           'v1 ' || (SELECT string_agg('2026-03-02 09:00:00+00 "s' || i || '"', ', ') FROM generate_series(1, 65) i))) AS too_many_stages,
       pg_temp.error_of(format('SELECT %L::timeline_state',
           'v1 ' || (SELECT string_agg(format('2026-03-02 09:00:%s+00 "s"', to_char(i / 100.0, 'FM00.00')), ', ')
                     FROM generate_series(0, 4096) i))) AS too_many_events;

-- Malformed binary input: 22P03 (through COPY BINARY into a timeline_state
-- column); times are int64 microseconds since 2000-01-01 UTC
SET client_min_messages = warning;
SELECT note, pg_temp.binary_input(bytes, 'timeline_state') AS result FROM (VALUES
    ('valid: one stage, one event', '\x01 01 00000001 61 00000001 0000000000000000 00'::bytea),
    ('valid: empty', '\x01 00 00000000'),
    ('empty message', '\x'),
    ('version 2', '\x02 00 00000000'),
    ('65 stages', '\x01 41'),
    ('name length -1', '\x01 01 ffffffff'),
    ('name runs past the end', '\x01 01 00000005 61'),
    ('name of 256 bytes', '\x01 01 00000100' || decode(repeat('61', 256), 'hex') || '\x00000000'::bytea),
    ('name sent twice', '\x01 02 00000001 61 00000001 61 00000000'),
    ('no event count', '\x01 01 00000001 61'),
    ('4097 events', '\x01 00 00001001'),
    ('event count -1', '\x01 00 ffffffff'),
    ('fewer events than counted', '\x01 01 00000001 61 00000002 0000000000000000 00'),
    ('event of an unknown stage', '\x01 01 00000001 61 00000001 0000000000000000 01'),
    ('infinite event time', '\x01 01 00000001 61 00000001 7fffffffffffffff 00'),
    ('time before 4714 BC', '\x01 01 00000001 61 00000001 fd0f000000000000 00'),
    ('stage without events', '\x01 02 00000001 61 00000001 62 00000001 0000000000000000 00'),
    ('a byte left over', '\x01 00 00000000 00')
) AS t(note, bytes);

-- Refund paths are numbered 1-4 (22003); vocabularies must map known roles
-- to stage names (22023)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT refund_path(0)'),
    ('SELECT refund_path(5)'),
    ('SELECT refund_path(''v1 2026-01-01 00:00:00+00 "requested"''::timeline_state, ''[]'')'),
    ('SELECT refund_path(''v1 2026-01-01 00:00:00+00 "requested"''::timeline_state, ''"requested"'')'),
    ('SELECT refund_path(''v1 2026-01-01 00:00:00+00 "requested"''::timeline_state, ''null'')'),
    ('SELECT refund_path(''v1 2026-01-01 00:00:00+00 "requested"''::timeline_state, ''{"request": "x"}'')'),
    ('SELECT refund_completion_time(''v1''::timeline_state, ''{"requested": 5}''::jsonb)'),
    ('SELECT refund_response_time(''v1''::timeline_state, vocabulary => ''{"requested": null}'')'),
    ('SELECT refund_handling_time(''v1''::timeline_state, ''{"requested": {"a": "b"}}''::jsonb)'),
    ('SELECT refund_completed(''v1''::timeline_state, ''{"requested": ["a", 1]}'')'),
    ('SELECT refund_intervened(''v1''::timeline_state, ''{"requested": [["a"]]}'')'),
    ('SELECT * FROM refund_vocabulary(''{"succeeded": "ok", "Succeeded": "OK"}'')')
) AS t(q);

-- Proportions: counts must satisfy 0 <= successes <= trials (22023 from
-- proportion_of, 22P02/22P03 on input); sums must not overflow (22003);
-- confidence levels lie in (0, 1) (22023)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT proportion_of(-1, 5)'),
    ('SELECT proportion_of(6, 5)'),
    ('SELECT proportion_of(0, -1)'),
    ('SELECT ''v1 1/9223372036854775807''::proportion_state + ''v1 0/1'''),
    ('SELECT proportion_agg(s) FROM (VALUES (''v1 9223372036854775807/9223372036854775807''::proportion_state), (''v1 1/1'')) t(s)'),
    ('SELECT ''v1 1/5000000000000000000''::proportion_state + ''v1 2/4300000000000000000'''),
    ('SELECT proportion_ci(''v1 1/2'', 0)'),
    ('SELECT proportion_ci(''v1 1/2'', 1)'),
    ('SELECT proportion_ci(''v1 1/2'', ''NaN'')')
) AS t(q);
SELECT input, pg_temp.error_of(format('SELECT %L::proportion_state', input)) AS result FROM (VALUES
    (''), ('v1'), ('v1 3'), ('v1 3/'), ('v1 3/2'), ('v1 -1/2'), ('v1 1/-2'), ('v2 1/2'), ('v1 1/2 x'), ('v1 1.5/2')
) AS t(input);
SELECT note, pg_temp.binary_input(bytes, 'proportion_state') AS result FROM (VALUES
    ('valid', '\x0100000000000000010000000000000002'::bytea),
    ('version 2', '\x0200000000000000010000000000000002'),
    ('successes > trials', '\x0100000000000000030000000000000002'),
    ('negative', '\x01ffffffffffffffff0000000000000002'),
    ('truncated', '\x01000000000000000100'),
    ('a byte left over', '\x010000000000000001000000000000000200')
) AS t(note, bytes);
RESET client_min_messages;
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
