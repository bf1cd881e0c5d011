-- Defects found by hostile use (issue 19), one section each; every query
-- here failed (an error, a wrong value or a wrong SQLSTATE) before its fix.
-- The input validity rules and their boundaries are in state_validity.sql.
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql
\i test/sql/include/same_bytes.psql

-------------------------------------------------------------------------------
-- 1. Moving windows with a NULL first input.  A frame whose start moves (ROWS
-- 1 PRECEDING) runs the moving-aggregate transition function, which
-- PostgreSQL does not allow to return NULL; a NULL first row used to raise
-- "moving-aggregate transition function must not return null".
-------------------------------------------------------------------------------
CREATE TEMP TABLE mw (i int, s int, ok boolean);
INSERT INTO mw VALUES (1, NULL, NULL), (2, 5, true), (3, NULL, NULL), (4, NULL, NULL),
                      (5, 3, false), (6, 4, NULL), (7, NULL, true);
-- frames {1}, {1,2}, {2,3}, {3,4}, {4,5}, {5,6}, {6,7}: on the 1-5 scale
-- 5 and 4 are satisfied, 3 is not; every score here is an NPS detractor
SELECT i, nps(s) OVER w AS nps, csat(s) OVER w AS csat,
       proportion(ok) OVER w AS proportion, proportion_agg(ok) OVER w AS proportion_agg
FROM mw WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
-- every score type of nps and csat, and RANGE and GROUPS frames, equal the
-- aggregate recomputed over each frame (a subquery, no window machinery)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE a.n2 IS NOT DISTINCT FROM r.n AND a.n4 IS NOT DISTINCT FROM r.n
                          AND a.n8 IS NOT DISTINCT FROM r.n AND a.nn IS NOT DISTINCT FROM r.n) AS nps_same,
       count(*) FILTER (WHERE a.c2 IS NOT DISTINCT FROM r.c AND a.c4 IS NOT DISTINCT FROM r.c
                          AND a.c8 IS NOT DISTINCT FROM r.c AND a.cn IS NOT DISTINCT FROM r.c) AS csat_same,
       count(*) FILTER (WHERE a.g IS NOT DISTINCT FROM r.n AND a.p IS NOT DISTINCT FROM r.p) AS frames_same
FROM (SELECT i,
             nps(s::smallint) OVER w AS n2, nps(s) OVER w AS n4, nps(s::bigint) OVER w AS n8,
             nps(s::numeric) OVER w AS nn,
             csat(s::smallint) OVER w AS c2, csat(s) OVER w AS c4, csat(s::bigint) OVER w AS c8,
             csat(s::numeric) OVER w AS cn,
             nps(s) OVER (ORDER BY i GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS g,
             proportion(ok) OVER (ORDER BY i RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS p
      FROM mw WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) a
JOIN LATERAL (SELECT nps(s) AS n, csat(s) AS c, proportion(ok) AS p
              FROM mw m WHERE m.i BETWEEN a.i - 1 AND a.i) r ON true;
-- The unweighted state builders nps_agg, rating_agg and csat_agg have the
-- same inverse transition.  A frame of only NULL scores ({1}, {3,4}) gives
-- NULL, as proportion_agg does, and as these give over the same rows outside
-- moving frames: their moving final function makes NULL of the state
-- without responses that moving mode holds there (it cannot return to NULL).
SELECT i, nps_agg(s) OVER w AS nps_agg, rating_agg(s) OVER w AS rating_agg, csat_agg(s) OVER w AS csat_agg
FROM mw WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
-- every score type, and GROUPS and RANGE frames, equal the state recomputed
-- over each frame, NULL where that is NULL
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (SELECT bool_and(v::text IS NOT DISTINCT FROM r.s) FROM unnest(a.states) AS v)) AS states_same
FROM (SELECT i, ARRAY[nps_agg(s::smallint) OVER w, nps_agg(s) OVER w, nps_agg(s::bigint) OVER w,
                      nps_agg(s::numeric) OVER w, rating_agg(s::smallint) OVER w, rating_agg(s) OVER w,
                      rating_agg(s::bigint) OVER w, rating_agg(s::numeric) OVER w,
                      csat_agg(s::smallint) OVER w, csat_agg(s) OVER w, csat_agg(s::bigint) OVER w,
                      csat_agg(s::numeric) OVER w,
                      nps_agg(s) OVER (ORDER BY i GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW),
                      rating_agg(s) OVER (ORDER BY i RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)] AS states
      FROM mw WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) a
JOIN LATERAL (SELECT nps_agg(s)::text AS s
              FROM mw m WHERE m.i BETWEEN a.i - 1 AND a.i) r ON true;
-- The window's state is updated in place from row to row: each row's value
-- is its own, still, once later rows have moved the frame (kept by
-- array_agg, and by lag in a second window over the first)
SELECT array_agg(x::text ORDER BY i) AS kept, array_agg(previous::text ORDER BY i) AS kept_by_lag
FROM (SELECT i, x, lag(x) OVER (ORDER BY i) AS previous
      FROM (SELECT i, nps_agg(s) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS x FROM mw) AS w) AS l;
-- PostgreSQL picks the moving implementation by the frame clause (a start
-- that moves), not by the data, so the two must agree over the same rows.
-- mf has frames of only NULL rows ({1,2}), a frame whose non-NULL rows have
-- all left ({5,6,7}) and one that every row has left (the last frame of the
-- second window).  Each frame of a sliding window (moving mode) against a
-- window over the same rows framed from UNBOUNDED PRECEDING (plain mode), for
-- the four aggregates that return their state; before their moving final
-- functions, the first gave v1 (v1 0/0) where the second gives NULL.
CREATE TEMP TABLE mf (i int, s int, ok boolean);
INSERT INTO mf VALUES (1, NULL, NULL), (2, NULL, NULL), (3, 7, true), (4, 9, false),
                      (5, NULL, NULL), (6, NULL, NULL), (7, NULL, NULL), (8, 10, true);
SELECT i, nps_agg(s) OVER w AS nps_agg, rating_agg(s) OVER w AS rating_agg,
       csat_agg(s) OVER w AS csat_agg, proportion_agg(ok) OVER w AS proportion_agg
FROM mf WINDOW w AS (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
ORDER BY i;
SELECT m.frame, count(*) AS frames, count(*) FILTER (WHERE m.n IS NULL) AS null_in_moving,
       count(*) FILTER (WHERE m.n::text IS NOT DISTINCT FROM p.n::text
                          AND m.r::text IS NOT DISTINCT FROM p.r::text
                          AND m.c::text IS NOT DISTINCT FROM p.c::text
                          AND m.p::text IS NOT DISTINCT FROM p.p::text) AS same_as_plain
FROM (SELECT i, '2 PRECEDING AND CURRENT ROW' AS frame, -2 AS lo, 0 AS hi,
             nps_agg(s) OVER w AS n, rating_agg(s) OVER w AS r, csat_agg(s) OVER w AS c,
             proportion_agg(ok) OVER w AS p
      FROM mf WINDOW w AS (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
      UNION ALL
      SELECT i, '1 FOLLOWING AND 2 FOLLOWING', 1, 2,
             nps_agg(s) OVER w, rating_agg(s) OVER w, csat_agg(s) OVER w, proportion_agg(ok) OVER w
      FROM mf WINDOW w AS (ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING)) AS m
LEFT JOIN LATERAL (
    SELECT nps_agg(s) OVER u AS n, rating_agg(s) OVER u AS r, csat_agg(s) OVER u AS c,
           proportion_agg(ok) OVER u AS p
    FROM mf y WHERE y.i BETWEEN m.i + m.lo AND m.i + m.hi
    WINDOW u AS (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    LIMIT 1) AS p ON true
GROUP BY m.frame ORDER BY m.frame;
-- Outside moving frames nothing changed: an aggregate over only NULLs, and a
-- running (non-moving) window over a NULL first row, still give NULL
SELECT nps(s) AS nps, nps_agg(s) AS nps_agg, proportion_agg(ok) AS proportion_agg
FROM mw WHERE i = 1;
SELECT i, nps_agg(s) OVER w AS nps_agg, proportion_agg(ok) OVER w AS proportion_agg
FROM mw WINDOW w AS (ORDER BY i) ORDER BY i LIMIT 2;

-------------------------------------------------------------------------------
-- 2. Transition functions called directly on a full state: one more
-- response would take the count beyond the 64-bit range (it used to wrap to
-- a negative count, a state that its own input rejects).
-------------------------------------------------------------------------------
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT rating_state_accum(''v1 0:9223372036854775807'', 5)'),
    ('SELECT rating_state_accum(''v1 0:9223372036854775800 10:7'', 5::numeric)'),
    ('SELECT rating_state_accum(''v1 weighted sumsq=0 3:9223372036854775807:0'', 5, 1.0)'),
    ('SELECT dimension_state_accum(''v1 (9223372036854775807 9223372036854775807 0 1 1)'', ARRAY[1.0]::float8[])'),
    ('SELECT dimension_state_accum(''v1 "speed" (9223372036854775807 9223372036854775807 0 1 1)'', ''speed'', 1.0)'),
    ('SELECT paired_state_accum_gap(''v1 gap (9223372036854775807 0 0 0 0 0 0)'', ARRAY[0.0], ARRAY[0.0])'),
    ('SELECT paired_state_accum_driver(''v1 driver (9223372036854775807 0 0 0 0 0 0)'', 0.0, ARRAY[0.0])'),
    ('SELECT proportion_state_accum(''v1 0/9223372036854775807'', true)'),
    ('SELECT outcome_state_accum(''v1 exposed=0/1 unexposed=0/9223372036854775807'', false, true)'),
    -- merged: the unexposed trials of the two sides
    ('SELECT ''v1 exposed=0/1 unexposed=0/9223372036854775807''::outcome_state + ''v1 exposed=0/1 unexposed=0/1''')
) AS t(q);
-- one below the limit is still room for one, and the result reads back
SELECT rating_state_accum('v1 0:9223372036854775806', 5) AS rating,
       rating_state_accum('v1 0:9223372036854775806', 5)::text::rating_state::text
         = rating_state_accum('v1 0:9223372036854775806', 5)::text AS reads_back,
       dimension_state_accum('v1 (9223372036854775806 9223372036854775806 0 1 1)', ARRAY[1.0]::float8[]) AS dimension;

-------------------------------------------------------------------------------
-- 3. Inverse transitions remove only what a state holds: retracting a
-- failure from a state without failures made 'v1 5/4' (a proportion of
-- 1.25); retracting from a NULL state was an internal error (XX000).
-------------------------------------------------------------------------------
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT proportion_state_retract(''v1 5/5'', false)'),
    ('SELECT proportion_state_retract(''v1 0/3'', true)'),
    ('SELECT proportion_state_retract(NULL, false)'),
    ('SELECT proportion_state_retract(NULL, true)'),
    ('SELECT rating_state_retract(NULL, 5)'),
    ('SELECT rating_state_retract(''v1 9:1'', 5)'),
    ('SELECT rating_state_retract(''v1 weighted sumsq=1 5:1:1'', 5)')
) AS t(q);
-- what they do hold is removed; a NULL outcome or score is skipped
SELECT proportion_state_retract('v1 5/6', false) AS failure_removed,
       proportion_state_retract('v1 5/6', true) AS success_removed,
       proportion_state_retract('v1 5/6', NULL) AS null_skipped,
       proportion_state_retract(NULL, NULL) AS null_on_null,
       rating_state_retract('v1 5:2 9:1', 5) AS rating_removed,
       rating_state_retract(NULL, NULL::int) AS rating_null_on_null;

-------------------------------------------------------------------------------
-- 5. Results stay in their documented range: nps(5, 0.028) was
-- -100.00000000000001 (100 * -0.028 / 0.028 rounds past -100).
-------------------------------------------------------------------------------
SET extra_float_digits = 3;
SELECT nps(5, 0.028::float8) AS detractor, nps(10, 0.028::float8) AS promoter;
-- a unanimous state is exactly -100 or 100 whatever its weights: 20 000
-- states of one response weighted g / 1000 or g / 7, and 4000 of two
-- responses weighted g / 999 or g / 13 each
SELECT count(*) AS states,
       count(*) FILTER (WHERE d = -100 AND p = 100) AS exact
FROM (SELECT nps(5, w) AS d, nps(10, w) AS p
      FROM generate_series(1, 10000) g, LATERAL (VALUES (g / 1000.0::float8), (g / 7.0::float8)) v(w)
      GROUP BY g, w
      UNION ALL
      SELECT nps(5, w), nps(10, w)
      FROM generate_series(1, 2000) g, LATERAL (VALUES (g / 999.0::float8), (g / 13.0::float8)) v(w),
           generate_series(1, 2) r
      GROUP BY g, w) x;
RESET extra_float_digits;

-------------------------------------------------------------------------------
-- 6. csat_ci and proportion_ci share one Wilson interval: at about 1e16
-- responses csat_ci's upper bound fell below its lower bound.  The same
-- counts give the same interval (in percent for csat_ci).
-------------------------------------------------------------------------------
SELECT n AS responses, k AS satisfied, c.lower <= c.upper AS ordered,
       c.lower = 100 * p.lower AND c.upper = 100 * p.upper AS same_as_proportion_ci,
       c.lower, c.upper
FROM (VALUES (10000000000000000, 1), (100000000000000000, 1), (100000000000000000, 3),
             (1000000000000000000, 10), (10000000000000000, 7500000000000000),
             (10000000000000000, 9999999999999999), (3000000000000000000, 2999999999999999999)) AS t(n, k),
     LATERAL csat_ci(format('v1 2:%s 4:%s', n - k, k)::rating_state) AS c,
     LATERAL proportion_ci(proportion_of(k, n)) AS p;

-------------------------------------------------------------------------------
-- 7. -0.0 reads as 0 on every input path, so equal values have equal bytes:
-- binary input kept a -0.0 weight whose text form differed.  (Truncated
-- binary input, 22P03 for every type, is state_binary_input.sql.)
-------------------------------------------------------------------------------
-- the weight of rating 5 sent as -0.0 (its sign bit set at byte 130)
SELECT pg_temp.binary_input(set_byte(rating_state_send(st), 130, 128), 'rating_state') AS received,
       rating_state_send(pg_temp.binary_input(set_byte(rating_state_send(st), 130, 128), 'rating_state')::rating_state)
         = rating_state_send(st) AS same_bytes
FROM (SELECT 'v1 weighted sumsq=0 5:1:0'::rating_state AS st) s;
-- a dimension without answers whose sum is sent as -0.0 (the sign bit at
-- byte 52 of the dimension_state: header 4 bytes, a dimension 8 + 4 x 8;
-- at byte 68 of the paired_state: a dimension 8 + 6 x 8).  Its text form
-- hides the sign ("(0)"), so the bytes of the value as stored by binary
-- input are compared (state_input_fuzz met this one by chance).
CREATE FUNCTION pg_temp.stored_bytes(bytes bytea, typ regtype) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/svcquality_stored_bytes.bin';
    result bytea;
BEGIN
    EXECUTE format('CREATE TEMP TABLE stored_value (v %s)', typ);
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, path);
    EXECUTE format('COPY stored_value FROM %L (FORMAT binary)', path);
    EXECUTE format('SELECT %s(v) FROM stored_value', (SELECT typsend FROM pg_type WHERE oid = typ)) INTO result;
    DROP TABLE stored_value;
    RETURN result;
END $$;
SELECT t.typ, pg_temp.binary_input(set_byte(t.sent, t.sign_at, 128), t.typ) AS received,
       pg_temp.stored_bytes(set_byte(t.sent, t.sign_at, 128), t.typ) = t.sent AS same_bytes
FROM (VALUES ('dimension_state'::regtype, dimension_state_send('v1 (2 4 2 1 3) (0)'), 52),
             ('paired_state', paired_state_send('v1 gap (2 8 6 2 2 2 0) (0)'), 68)) AS t(typ, sent, sign_at);
-- text input, and scores of -0.0 in aggregates (a dimension's sum, min and
-- max would have kept them), compared byte for byte
SELECT pg_temp.same_bytes('v1 weighted sumsq=-0 5:1:-0'::rating_state, 'v1 weighted sumsq=0 5:1:0') AS rating_text,
       pg_temp.same_bytes('v1 (1 -0 0 -0 -0)'::dimension_state, 'v1 (1 0 0 0 0)') AS dimension_text,
       pg_temp.same_bytes('v1 gap (1 -0 -0 0 0 0 0)'::paired_state, 'v1 gap (1 0 0 0 0 0 0)') AS paired_text,
       (SELECT dimension_agg(ARRAY[x]) FROM unnest(ARRAY[-0.0, 2, -0.0]::float8[]) x)::text AS dimension_of_minus_zero,
       pg_temp.same_bytes((SELECT dimension_agg(ARRAY[x]) FROM unnest(ARRAY[-0.0]::float8[]) x),
                          'v1 (1 0 0 0 0)') AS dimension_agg_bytes;

-------------------------------------------------------------------------------
-- Found by the property tests (test/suites/properties.sh): the weighted mean
-- rating rounded past the ratings it averages (3 * 0.1 / 0.1 is
-- 3.0000000000000004); it stays between the lowest and highest rating.
-------------------------------------------------------------------------------
SET extra_float_digits = 3;
SELECT rating_mean('v1 weighted sumsq=0.01 3:1:0.1') AS one_rating,
       rating_mean('v1 weighted sumsq=0.8995411717930125 6:1:0.948441443523538') AS another,
       rating_mean('v1 weighted sumsq=0.03 2:1:0.1 10:2:0.2') AS two_ratings;
RESET extra_float_digits;
