-- funnel_state: text and binary forms (round trips, byte for byte), every
-- validity rule of the input functions, and every error and limit of the
-- aggregate, merges and accessors, with their SQLSTATEs.
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql
CREATE TEMP TABLE tl AS
SELECT case_id, timeline_agg(stage, at) AS t FROM (VALUES
    (1, 'new', timestamptz '2026-01-05 00:00+00'), (1, 'open', '2026-01-05 01:00+00'), (1, 'solved', '2026-01-05 03:00+00'),
    (2, 'new', '2026-01-05 00:00+00'), (2, 'open', '2026-01-05 00:30+00'), (2, 'pending', '2026-01-05 01:00+00'),
    (2, 'open', '2026-01-05 02:00+00'), (2, 'solved', '2026-01-05 04:00+00'),
    (3, 'new "quoted" \ name', '2026-01-05 00:00+00')) v(case_id, stage, at)
GROUP BY case_id;

-- Round trips: text and binary give back the same bytes, for funnels of
-- every stage seen, of a given list, in working time, and empty ones
CREATE TEMP TABLE samples AS
SELECT 'seen' AS kind, funnel_agg(t) AS f FROM tl
UNION ALL SELECT 'given', funnel_agg(t, ARRAY['solved', 'new', 'unused']) FROM tl
UNION ALL SELECT 'business', funnel_agg(t, NULL, 'v1 tz=UTC mon-fri=09:00-17:00') FROM tl
UNION ALL SELECT 'no cases', funnel_agg(f) FROM (SELECT funnel_agg(t) AS f FROM tl WHERE false) s
UNION ALL SELECT 'empty case', funnel_agg('v1'::timeline_state);
SELECT kind, f IS NULL AS is_null,
       f::text::funnel_state::text = f::text AS text_round_trip,
       funnel_state_send(f::text::funnel_state) = funnel_state_send(f) AS text_same_bytes,
       pg_temp.binary_input(funnel_state_send(f), 'funnel_state') = f::text AS binary_round_trip
FROM samples;
SELECT f::text FROM samples WHERE kind = 'given';
-- Whitespace as docs/formats.md's lexical rules allow it: any amount (tab,
-- line feed, carriage return, space) or none before each token, "stage",
-- "transition", "sequence", ">" and "+" included; each input reads as the
-- canonical form (a sequence "-", a truncated one of 32 stages with "+"
-- after its last; the sequences count 2 of 3 cases, so they are not
-- cross-checked with the stages)
CREATE TEMP TABLE canonical AS
SELECT ('v1 cases=3 stages=seen clock=calendar'
        || ' stage "a" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2)'
        || ' stage "b" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)'
        || ' transition 1>2 count=1 cases=1 sequence - cases=1 sequence ' || repeat('1>2>', 15) || '1>2+ cases=1') AS c;
SELECT c::funnel_state::text = c AS canonical_reads_back FROM canonical;
SELECT label, v::funnel_state::text = c AS reads_as_canonical
FROM canonical, LATERAL (VALUES
    ('a tab after each keyword', replace(replace(replace(c, 'stage ', E'stage\t'), 'transition ', E'transition\t'), 'sequence ', E'sequence\t')),
    ('no space after each keyword', replace(replace(replace(c, 'stage ', 'stage'), 'transition ', 'transition'), 'sequence ', 'sequence')),
    ('line feeds for every space', replace(c, ' ', E'\n')),
    ('spaces, tabs and CR LF around > and +', replace(replace(c, '>', E' \t> '), '+', E'\r\n+\r\n')),
    ('the four whitespace characters in a row', replace(c, ' ', E' \t\r\n'))
) v(label, v);
-- a tab between "stage" and its name, as a hand-written state may have it
SELECT E'v1 cases=1 stages=seen clock=calendar stage\t"a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1'::funnel_state;
-- a stage's time is read as a duration_state, whose error speaks of its own
-- text: the context line names the stage and where its time starts, at
-- character 93 (so the duration_state's character 18, x=1, is the funnel's 110)
SELECT 'v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 x=1 sum=0 min=0 max=0 zero=1)'::funnel_state;
-- the binary form of a small funnel, field by field (docs/formats.md)
SELECT funnel_state_send('v1 cases=1 stages=given clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1') AS bytes;

-- Text input: each rule, with its error
SELECT v AS input, pg_temp.error_of(format('SELECT %L::funnel_state', v)) AS error
FROM (VALUES
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1'),
    ('v2 cases=0 stages=seen clock=calendar'),
    ('v1 cases=-1 stages=seen clock=calendar'),
    ('v1 cases=0 stages=some clock=calendar'),
    ('v1 cases=0 stages=seen clock=wall'),
    ('v1 cases=0 stages=given clock=calendar'),
    ('v1 cases=0 stages=seen clock=calendar trailing'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0)'),
    -- a stage seen listed twice, apart (stages seen may come in any order)
    ('v1 cases=1 stages=seen clock=calendar stage "b" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "a" reached=1 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "b" reached=1 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=given clock=calendar stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0) stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=1 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.02 n=1 sum=0 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=-5 min=0 max=0 zero=1)'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>1 count=1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "b" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=2'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "b" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 2>1 count=1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "b" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=1 sequence 2>1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=2'),
    ('v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) sequence 1 cases=1 sequence 1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1>1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1+ cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 3 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence - cases=1'),
    -- "+" only after the last stage of a sequence, ">" only between stages
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence - + cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 + > 1 cases=1'),
    ('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 > + cases=1')
) t(v);
-- a valid state where a few cases' sequences were dropped by the summary
-- (sequences count fewer cases than there are: not cross-checked)
SELECT 'v1 cases=3 stages=seen clock=calendar stage "a" reached=3 positions=0 starts=3 ends=3 time=(v1 accuracy=0.01 n=3 sum=0 min=0 max=0 zero=3) sequence 1 cases=1'::funnel_state IS NOT NULL AS partial_summary_ok;
-- The rules that tie sequences counting every case to the other counts,
-- each broken by a state aggregation made with one part changed (stages a
-- = 1, b = 2, c = 3):
--   cases a>b>a>b and a>b, its sequences replaced by "a>b" twice: the
--     stages agree, the 3 moves a>b do not;
--   cases a>b>a and c>b>c>b without the transitions a>b and b>a: the
--     stages and the transitions listed agree and balance, the sequences
--     also move a>b and b>a;
--   cases a>b and a>b>a, its sequences replaced by "a" and "a>b": b is
--     reached by 1, not 2;
--   the same with sequences counting 2 + 1 of 2 cases;
-- and the limits and rules of single items: a sequence of no stage, and a
-- truncated one, listed twice (the detail names it); a stage entered once
-- and started once, but reached by 2 cases; 65 stages, 1,001 sequences, a
-- sequence of 33 stages (their messages quote the whole input, so only the
-- detail is shown)
SELECT rule, left(e, 5) AS sqlstate, split_part(e, ' | ', 2) AS detail
FROM (VALUES
    ('moves not those the sequences make', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=0 time=(v1 accuracy=0.01 n=2 sum=10800 min=3600 max=7200 zero=0 410:1 445:1) stage "b" reached=2 positions=2 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=3600 min=0 max=3600 zero=1 410:1) transition 1>2 count=3 cases=2 transition 2>1 count=1 cases=1 sequence 1>2 cases=2'),
    ('sequences make moves not listed', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=3600 min=3600 max=3600 zero=0 410:1) stage "b" reached=2 positions=2 starts=0 ends=1 time=(v1 accuracy=0.01 n=2 sum=7200 min=3600 max=3600 zero=0 410:2) stage "c" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=7200 min=7200 max=7200 zero=0 445:1) transition 2>3 count=1 cases=1 transition 3>2 count=2 cases=1 sequence 1>2>1 cases=1 sequence 3>2>3>2 cases=1'),
    ('sequences reaching a stage less often', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=7200 min=3600 max=3600 zero=0 410:2) stage "b" reached=2 positions=2 starts=0 ends=1 time=(v1 accuracy=0.01 n=2 sum=3600 min=0 max=3600 zero=1 410:1) transition 1>2 count=2 cases=2 transition 2>1 count=1 cases=1 sequence 1 cases=1 sequence 1>2 cases=1'),
    ('sequences counting 3 of 2 cases', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=7200 min=3600 max=3600 zero=0 410:2) stage "b" reached=2 positions=2 starts=0 ends=1 time=(v1 accuracy=0.01 n=2 sum=3600 min=0 max=3600 zero=1 410:1) transition 1>2 count=2 cases=2 transition 2>1 count=1 cases=1 sequence 1>2 cases=2 sequence 1>2>1 cases=1'),
    ('a sequence of no stage twice', 'v1 cases=2 stages=given clock=calendar stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0) sequence - cases=1 sequence - cases=1'),
    ('a truncated sequence twice', replace((SELECT c FROM canonical), 'sequence - cases=1', 'sequence ' || repeat('1>2>', 15) || '1>2+ cases=1')),
    ('reached by 2, entered once', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2)'),
    ('65 stages', 'v1 cases=0 stages=given clock=calendar' || (SELECT string_agg(format(' stage "s%s" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0)', i), '') FROM generate_series(1, 65) i)),
    ('1001 sequences', 'v1 cases=1 stages=given clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1)' || repeat(' sequence 1 cases=1', 1001)),
    ('a sequence of 33 stages', 'v1 cases=1 stages=given clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence ' || repeat('1>', 32) || '1 cases=1')
) AS t(rule, v), LATERAL (SELECT pg_temp.error_of(format('SELECT %L::funnel_state', v)) AS e) x;

-- Binary input: truncated, a newer version, trailing bytes, and a state
-- that breaks a rule (a stage reached by 2 of 1 case)
WITH b(bytes) AS (SELECT funnel_state_send(f) FROM samples WHERE kind = 'seen')
SELECT what, pg_temp.binary_input(v, 'funnel_state') AS error FROM b, LATERAL (VALUES
    ('truncated', substring(bytes FROM 1 FOR length(bytes) - 3)),
    ('only the version', substring(bytes FROM 1 FOR 1)),
    ('version 2', '\x02'::bytea || substring(bytes FROM 2)),
    ('trailing byte', bytes || '\x00'::bytea),
    ('unknown flag', substring(bytes FROM 1 FOR 1) || '\x80'::bytea || substring(bytes FROM 3))
) v(what, v);
-- a sequence's truncated byte is 0 or 1: the canonical state above with its
-- truncated sequence's byte (the 2nd of the last 42) at 1, as sent, at 0
-- (the same 32 stages, not truncated), then at 2 and 255
SELECT t AS truncated_byte,
       CASE r WHEN c THEN 'the canonical state' WHEN replace(c, '+', '') THEN 'the canonical state without "+"' ELSE r END AS result
FROM canonical, (VALUES (1), (0), (2), (255)) v(t),
     LATERAL (SELECT funnel_state_send(c::funnel_state) AS b) s,
     LATERAL (SELECT pg_temp.binary_input(set_byte(b, length(b) - 41, t), 'funnel_state') AS r) x;
-- the one-stage state above with its stage reached by 2 of 1 case (bytes 17-24)
SELECT pg_temp.binary_input(overlay(funnel_state_send(f) PLACING '\x0000000000000002'::bytea FROM 17 FOR 8),
                            'funnel_state') AS reached_more_than_cases
FROM (SELECT 'v1 cases=1 stages=given clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1'::funnel_state AS f) s;

-- Input order: the stages seen may come in any byte order, as a state
-- written in another encoding (WIN1252, LATIN2) comes into a UTF8 database:
-- they are put in byte order, the stage numbers of transitions and
-- sequences follow their stages, and those lists are sorted again.  The
-- canonical state of three cases (a>b>c, a>c, b>a>b), and the same state
-- with its stages listed c, b, a (so a is 3, b 2, c 1; the transitions and
-- sequences in the order of those numbers), in text and in binary
CREATE TEMP TABLE reordered AS
SELECT 'v1 cases=3 stages=seen clock=calendar stage "a" reached=3 positions=1 starts=2 ends=0 time=(v1 accuracy=0.01 n=3 sum=6000 min=600 max=3600 zero=0 320:1 375:1 410:1) stage "b" reached=2 positions=1 starts=1 ends=1 time=(v1 accuracy=0.01 n=2 sum=7800 min=600 max=7200 zero=0 320:1 445:1) stage "c" reached=2 positions=3 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) transition 1>2 count=2 cases=2 transition 1>3 count=1 cases=1 transition 2>1 count=1 cases=1 transition 2>3 count=1 cases=1 sequence 1>2>3 cases=1 sequence 1>3 cases=1 sequence 2>1>2 cases=1'::funnel_state AS canonical,
       'v1 cases=3 stages=seen clock=calendar stage "c" reached=2 positions=3 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) stage "b" reached=2 positions=1 starts=1 ends=1 time=(v1 accuracy=0.01 n=2 sum=7800 min=600 max=7200 zero=0 320:1 445:1) stage "a" reached=3 positions=1 starts=2 ends=0 time=(v1 accuracy=0.01 n=3 sum=6000 min=600 max=3600 zero=0 320:1 375:1 410:1) transition 2>1 count=1 cases=1 transition 2>3 count=1 cases=1 transition 3>1 count=1 cases=1 transition 3>2 count=2 cases=2 sequence 2>3>2 cases=1 sequence 3>1 cases=1 sequence 3>2>1 cases=1' AS text_form,
       -- the binary form field by field (docs/formats.md)
       '\x010003'::bytea
       || int4send(1) || 'c'::bytea || int4send(1) || 'b'::bytea || int4send(1) || 'a'::bytea
       || int8send(3)
       || int8send(2) || int8send(3) || int8send(0) || int8send(2)
       || int4send(length(c)) || c
       || int8send(2) || int8send(1) || int8send(1) || int8send(1)
       || int4send(length(b)) || b
       || int8send(3) || int8send(1) || int8send(2) || int8send(0)
       || int4send(length(a)) || a
       || int4send(4)
       || '\x0100'::bytea || int8send(1) || int8send(1) || '\x0102'::bytea || int8send(1) || int8send(1)
       || '\x0200'::bytea || int8send(1) || int8send(1) || '\x0201'::bytea || int8send(2) || int8send(2)
       || int4send(3)
       || '\x0300010201'::bytea || int8send(1) || '\x02000200'::bytea || int8send(1)
       || '\x0300020100'::bytea || int8send(1) AS binary_form
FROM (SELECT duration_state_send('v1 accuracy=0.01 n=3 sum=6000 min=600 max=3600 zero=0 320:1 375:1 410:1') AS a,
             duration_state_send('v1 accuracy=0.01 n=2 sum=7800 min=600 max=7200 zero=0 320:1 445:1') AS b,
             duration_state_send('v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2') AS c) t;
SELECT form, v::text = canonical::text AS same_text,
       funnel_state_send(v) = funnel_state_send(canonical) AS same_bytes,
       funnel_json(v) = funnel_json(canonical) AS same_json,
       (SELECT array_agg(s ORDER BY s::text) FROM funnel_stages(v) s)
           = (SELECT array_agg(s ORDER BY s::text) FROM funnel_stages(canonical) s) AS same_stages,
       (SELECT array_agg(s ORDER BY s::text) FROM funnel_transitions(v) s)
           = (SELECT array_agg(s ORDER BY s::text) FROM funnel_transitions(canonical) s) AS same_transitions,
       (SELECT array_agg(s ORDER BY s::text) FROM funnel_sequences(v) s)
           = (SELECT array_agg(s ORDER BY s::text) FROM funnel_sequences(canonical) s) AS same_sequences
FROM reordered,
     LATERAL (VALUES ('text', text_form::funnel_state),
                     ('binary', pg_temp.binary_input(binary_form, 'funnel_state')::funnel_state)) v(form, v);
SELECT * FROM funnel_transitions((SELECT text_form::funnel_state FROM reordered));
SELECT * FROM funnel_sequences((SELECT text_form::funnel_state FROM reordered));
-- what is listed twice is still refused, apart as written and side by side
-- once sorted: in text a stage ("a" between the two "c"), a transition
-- (3>2 for 2>1) and a sequence (3>2>1 for 2>3>2); in binary a stage (the
-- second name "b" overwritten with "c"); the SQLSTATE and the detail
SELECT what, left(e, 5) || ': ' || split_part(e, ' | ', 2) AS error
FROM reordered, LATERAL (VALUES
    ('text: a stage', pg_temp.error_of(format('SELECT %L::funnel_state',
                                              replace(text_form, 'stage "b"', 'stage "c"')))),
    ('text: a transition', pg_temp.error_of(format('SELECT %L::funnel_state',
                                                   replace(text_form, 'transition 2>1 count=1 cases=1', 'transition 3>2 count=2 cases=2')))),
    ('text: a sequence', pg_temp.error_of(format('SELECT %L::funnel_state',
                                                 replace(text_form, 'sequence 2>3>2', 'sequence 3>2>1')))),
    ('binary: a stage', pg_temp.binary_input(overlay(binary_form PLACING 'c'::bytea FROM 13 FOR 1), 'funnel_state'))
) v(what, e);
-- a given list keeps its order: the same text with stages=given is read
-- with c, b, a as its stages 1, 2, 3
SELECT replace(text_form, 'stages=seen', 'stages=given')::funnel_state::text
       = replace(text_form, 'stages=seen', 'stages=given') AS given_order_kept
FROM reordered;
-- Stages '€' and 'é' in the byte order of a WIN1252 database (0x80, 0xE9),
-- in UTF8 out of order (E2 82 AC, C3 A9): as a plain dump replays its text,
-- and as binary COPY in WIN1252 sends the bytes (client_encoding WIN1252;
-- the result is compared once the client is back in UTF8)
CREATE TEMP TABLE win1252 AS
SELECT 'v1 cases=1 stages=seen clock=calendar stage "é" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) stage "€" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=60 min=60 max=60 zero=0 205:1) transition 2>1 count=1 cases=1 sequence 2>1 cases=1'::funnel_state AS canonical,
       'v1 cases=1 stages=seen clock=calendar stage "€" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=60 min=60 max=60 zero=0 205:1) stage "é" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=1 sequence 1>2 cases=1' AS text_form,
       '\x010002'::bytea || int4send(1) || '\x80'::bytea || int4send(1) || '\xe9'::bytea
       || int8send(1)
       || int8send(1) || int8send(0) || int8send(1) || int8send(0) || int4send(length(euro)) || euro
       || int8send(1) || int8send(1) || int8send(0) || int8send(1) || int4send(length(e)) || e
       || int4send(1) || '\x0001'::bytea || int8send(1) || int8send(1)
       || int4send(1) || '\x02000001'::bytea || int8send(1) AS binary_form,
       NULL::text AS binary_read
FROM (SELECT duration_state_send('v1 accuracy=0.01 n=1 sum=60 min=60 max=60 zero=0 205:1') AS euro,
             duration_state_send('v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1') AS e) t;
SET client_encoding = 'WIN1252';
UPDATE win1252 SET binary_read = pg_temp.binary_input(binary_form, 'funnel_state');
RESET client_encoding;
SELECT text_form::funnel_state::text = canonical::text AS text_same,
       binary_read = canonical::text AS binary_same,
       (SELECT array_agg(stage ORDER BY position) FROM funnel_stages(binary_read::funnel_state)) AS stages
FROM win1252;

-- Aggregate errors
SELECT q AS query, pg_temp.error_of(q) AS error FROM (VALUES
    ($$SELECT funnel_agg(t, ARRAY[]::text[]) FROM tl$$),
    ($$SELECT funnel_agg(t, ARRAY['new', NULL]) FROM tl$$),
    ($$SELECT funnel_agg(t, ARRAY[['new', 'open'], ['pending', 'solved']]) FROM tl$$),
    ($$SELECT funnel_agg(t, ARRAY['new', 'open', 'new']) FROM tl$$),
    ($$SELECT funnel_agg(t, ARRAY[repeat('x', 300)]) FROM tl$$),
    ($$SELECT funnel_agg(t, (SELECT array_agg('s' || i) FROM generate_series(1, 65) i)) FROM tl$$),
    ($$SELECT funnel_agg(t, CASE WHEN case_id = 1 THEN ARRAY['new'] ELSE ARRAY['open'] END) FROM tl$$),
    ($$SELECT funnel_agg(t, CASE WHEN case_id = 1 THEN ARRAY['new'] END) FROM tl$$),
    -- a list of another length
    ($$SELECT funnel_agg(t, CASE WHEN case_id = 1 THEN ARRAY['new', 'open'] ELSE ARRAY['new', 'open', 'solved'] END) FROM tl$$),
    ($$SELECT funnel_agg(t, NULL, NULL) FROM tl$$),
    -- 65 stages seen: 33 in one case, 32 in another
    ($$SELECT funnel_agg(t) FROM (SELECT timeline_agg('a' || i, timestamptz '2026-01-01') AS t FROM generate_series(1, 33) i
                                  UNION ALL SELECT timeline_agg('b' || i, timestamptz '2026-01-01') FROM generate_series(1, 32) i) x$$),
    -- a case in one stage for longer than 2^63 microseconds, at once (from
    -- the first timestamp to near the last) and in two visits of 3.3e18 and
    -- 6.1e18 microseconds (each within the range, their sum not)
    ($$SELECT funnel_agg(t) FROM (SELECT timeline_agg(s, at) AS t FROM (VALUES ('a', timestamptz '4714-11-24 00:00+00 BC'), ('b', '294276-12-31 00:00+00')) v(s, at)) x$$),
    ($$SELECT funnel_agg(t) FROM (SELECT timeline_agg(s, at) AS t FROM (VALUES ('a', timestamptz '4714-11-24 00:00+00 BC'), ('b', '100000-01-01 00:00+00'),
                                                                              ('a', '100001-01-01 00:00+00'), ('b', '294276-12-31 00:00+00')) v(s, at)) x$$),
    -- a case in one stage for more than 10^12 seconds
    ($$SELECT funnel_agg(t) FROM (SELECT timeline_agg(s, at) AS t FROM (VALUES ('a', timestamptz '4000-01-01 00:00+00 BC'), ('b', '200000-01-01 00:00+00')) v(s, at)) x$$),
    -- a stage name over 255 bytes in a state's text form is malformed input
    ($$SELECT ('v1 cases=0 stages=given clock=calendar stage "' || repeat('x', 256) || '" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0)')::funnel_state$$)
) t(q);
-- the same list with other array bounds is the same list
SELECT funnel_agg(t, CASE WHEN case_id = 1 THEN '{new,solved}'::text[] ELSE '[2:3]={new,solved}' END ORDER BY case_id) AS other_bounds
FROM tl;
-- A row without a timeline is skipped before its list and calendar are
-- read: over no timelines a bad list or a NULL calendar is no error
SELECT funnel_agg(NULL::timeline_state, '{}'::text[]) AS empty_list,
       funnel_agg(NULL::timeline_state, NULL, NULL::business_calendar) AS null_calendar
FROM generate_series(1, 3);
-- merges of funnels that count different things
SELECT q AS query, pg_temp.error_of(q) AS error FROM (VALUES
    ($$SELECT (SELECT funnel_agg(t) FROM tl) + (SELECT funnel_agg(t, ARRAY['new']) FROM tl)$$),
    ($$SELECT (SELECT funnel_agg(t, ARRAY['new', 'open']) FROM tl) + (SELECT funnel_agg(t, ARRAY['open', 'new']) FROM tl)$$),
    ($$SELECT (SELECT funnel_agg(t) FROM tl) + (SELECT funnel_agg(t, NULL, 'v1 tz=UTC mon-fri=09:00-17:00') FROM tl)$$),
    ($$SELECT funnel_agg(f) FROM samples WHERE kind IN ('seen', 'given')$$),
    -- 65 stages seen across two funnels of 33 and 32
    ($$SELECT funnel_agg(t) + (SELECT funnel_agg(t) FROM (SELECT timeline_agg('b' || i, timestamptz '2026-01-01') AS t FROM generate_series(1, 32) i) y)
       FROM (SELECT timeline_agg('a' || i, timestamptz '2026-01-01') AS t FROM generate_series(1, 33) i) x$$),
    -- counts beyond the 64-bit range (22003), the detail naming the counts
    -- added and the limit: merged, and a case added to a full state
    ($$SELECT 'v1 cases=5000000000000000000 stages=seen clock=calendar'::funnel_state
              + 'v1 cases=4300000000000000000 stages=seen clock=calendar'$$),
    ($$SELECT funnel_agg(f) FROM (VALUES ('v1 cases=5000000000000000000 stages=seen clock=calendar'::funnel_state),
                                         ('v1 cases=4300000000000000000 stages=seen clock=calendar')) AS v(f)$$),
    ($$SELECT funnel_state_accum('v1 cases=9223372036854775807 stages=seen clock=calendar', timeline_agg('a', timestamptz '2026-01-01'))$$)
) t(q);
-- accessors
SELECT q AS query, pg_temp.error_of(q) AS error FROM (VALUES
    ($$SELECT * FROM funnel_sequences((SELECT f FROM samples WHERE kind = 'seen'), -1)$$),
    ($$SELECT * FROM funnel_stages((SELECT f FROM samples WHERE kind = 'seen'), 1)$$),
    ($$SELECT funnel_json((SELECT f FROM samples WHERE kind = 'seen'), 'NaN')$$)
) t(q);
-- a funnel of no cases keeps its given stages; shares are NULL
SELECT * FROM funnel_stages('v1 cases=0 stages=given clock=calendar stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0)');
-- sequences of as many cases and the same 32 stages, one truncated (from
-- a case of more stages): the whole one first, then the truncated one
SELECT * FROM funnel_sequences((SELECT replace(c, 'sequence - cases=1', 'sequence ' || repeat('1>2>', 15) || '1>2 cases=1')::funnel_state FROM canonical));
