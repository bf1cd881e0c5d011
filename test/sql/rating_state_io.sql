-- rating_state text and binary forms: documented, exact, strict.

-- Text form: "v1" then rating:count pairs; weighted adds sumsq= and per-rating weight sums
SELECT 'v1 6:1 8:1 9:1 10:1'::rating_state AS unweighted,
       'v1'::rating_state AS empty,
       E'  v1\t 10:2   0:1 \n'::rating_state AS any_order_and_spacing;
SELECT 'v1 weighted sumsq=6 6:1:1 8:1:1 9:1:2'::rating_state AS weighted,
       'v1 weighted sumsq=0'::rating_state AS empty_weighted;
-- zero counts are accepted on input and omitted on output
SELECT 'v1 0:0 5:3 7:0'::rating_state AS zero_counts;

-- Text output then input reproduces the state exactly (what Citus and
-- postgres_fdw do with partial states), including awkward float weights
CREATE TEMP TABLE io_cases AS
SELECT nps_agg(s) AS st FROM generate_series(0, 10) s
UNION ALL SELECT nps_agg(s, w)
    FROM (SELECT s, (1.0 / (1 + s)) * pi() AS w FROM generate_series(0, 10) s) t
UNION ALL SELECT nps_agg(s, w)
    FROM (SELECT s % 11 AS s, 1e-300 * s AS w FROM generate_series(1, 50) s) t
UNION ALL SELECT nps_agg(s, w)
    FROM (SELECT s % 11 AS s, 1e150 / (s + 1) AS w FROM generate_series(1, 20) s) t
UNION ALL SELECT 'v1 0:9223372036854775807'::rating_state;
SELECT st::text::rating_state::text = st::text AS text_round_trip,
       nps_effective_n(st) AS n_eff,
       nps(st::text::rating_state) IS NOT DISTINCT FROM nps(st) AS same_nps,
       nps_stderr(st::text::rating_state) IS NOT DISTINCT FROM nps_stderr(st) AS same_stderr,
       length(st::text) AS text_length
FROM io_cases;

-- squares of weights below ~1e-154 underflow: the state still round-trips,
-- but its effective sample size (and so its standard error) is undefined
SELECT nps(st) IS NOT NULL AS has_nps, nps_effective_n(st) AS n_eff, nps_stderr(st) AS stderr
FROM io_cases WHERE st::text LIKE '%sumsq=0 %';
-- nor where the squares are subnormal, and their sum loses digits: three
-- equal weights of 1e-161 gave an effective n of 3.03 (an error of 1%) and
-- a standard error of 54.13 for 54.43.  Equal weights keep the unweighted
-- figures down to about 1.5e-154, the square root of the normal range.
SELECT w, round(nps_effective_n(nps_agg(x, w))::numeric, 12) AS n_eff,
       round(nps_stderr(nps_agg(x, w))::numeric, 12) AS stderr
FROM (VALUES (9), (3), (9)) AS t(x), (VALUES (1.0::float8), (1e-150), (1.6e-154), (1.4e-154), (1e-161)) AS v(w)
GROUP BY w ORDER BY w DESC;

-- Binary send/recv through COPY BINARY: the states come back identical
CREATE TEMP TABLE io_binary (st rating_state);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_rating_state.bin';
BEGIN
    EXECUTE format('COPY io_cases TO %L (FORMAT binary)', path);
    EXECUTE format('COPY io_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS states,
       count(*) FILTER (WHERE a.st::text = b.st::text) AS identical
FROM (SELECT st, row_number() OVER () AS i FROM io_cases) a
JOIN (SELECT st, row_number() OVER () AS i FROM io_binary) b USING (i);
-- the binary form starts with the format version (1) and the flags byte
-- (1 = weighted); then 11 counts, and for weighted states 11 sums and sumsq
SELECT substr(b, 1, 2) AS header, length(b) AS bytes
FROM (VALUES (rating_state_send('v1 9:1')),
             (rating_state_send('v1 weighted sumsq=1 9:1:1'))) AS t(b);

-- jsonb for BI tools, also as a cast
SELECT nps_json('v1 6:1 8:1 9:1 10:1');
SELECT jsonb_pretty('v1 weighted sumsq=6 6:1:1 8:1:1 9:1:2'::rating_state::jsonb);
SELECT nps_json('v1') AS empty;
-- Figures that do not exist are null in JSON: a sum of squared weights of
-- 1e-310 is within the rounding slack of 9.2e18 responses, so input takes
-- it, but far below their normal range, so the effective n (it was
-- Infinity) and the standard error (it was 0) do not exist
SELECT nps_effective_n(s) AS n_eff, nps_json(s)->'effective_n' AS json_n_eff, nps_json(s)->'stderr' AS json_stderr
FROM (VALUES ('v1 weighted sumsq=1e-310 9:4611686018427387904:1 0:4611686018427387903:1'::rating_state)) AS t(s);
-- Kish's effective n lies between 1 and the responses.  Input takes sums
-- within their rounding slack, whose ratio can fall outside: one response
-- typed with a sum of squares an ulp off had an effective n of
-- 1.0000000000000004 (a league of them was fitted a prior), and 9.2e18
-- responses whose sums the slack no longer bounds one of Infinity (and a
-- standard error of 0); they are kept within those bounds
SELECT nps_effective_n('v1 weighted sumsq=0.9999999999999996 9:1:1') AS one_response,
       nps_effective_n('v1 weighted sumsq=1.0000000000000004 9:1:1') AS one_response_above,
       nps_effective_n(s) = 9223372036854775807 AS at_most_responses, nps_stderr(s) > 0 AS stderr_positive
FROM (VALUES ('v1 weighted sumsq=1e-280 9:4611686018427387904:1e150 0:4611686018427387903:1e150'::rating_state)) AS t(s);

-- Responses per rating, for charts
SELECT rating_counts('v1 6:1 8:1 9:1 10:1') AS counts;

-- Malformed input is a clean 22P02 that says what was expected and where
\i test/sql/include/error_of.psql
SELECT input, pg_temp.error_of(format('SELECT %L::rating_state', input)) AS result FROM (VALUES
    (''), ('garbage'), ('v'), ('v2 9:1'), ('v99999999999 9:1'), ('1 9:1'),
    ('v1 11:1'), ('v1 -1:1'), ('v1 9:-1'), ('v1 9:1 9:2'), ('v1 10:1 9:1 10:1'),
    ('v1 9'), ('v1 9:'), ('v1 9:x'), ('v1 9:1 x'), ('v1 9:1:2'),
    ('v1 9:99999999999999999999'), ('v1 0:9223372036854775807 1:1'),
    ('v1 weighted 9:1:1'), ('v1 weighted sumsq=1 9:1'), ('v1 weighted sumsq=NaN 9:1:1'),
    ('v1 weighted sumsq=inf 9:1:1'), ('v1 weighted sumsq=1 9:1:-1'),
    ('v1 weighted sumsq=1 9:1:1e999'),
    ('v1 weighted sumsq=1 9:0:1'), ('v1 weighted sumsq=-1'), ('v1 9:1 weighted sumsq=1')
) AS t(input);
