-- Cross-check on 120 000 generated responses: per-dimension means, variances and
-- correlations agree with PostgreSQL's avg, var_samp and corr to 1e-9 relative;
-- merged states agree with unmerged ones; serial and parallel plans agree.

-- 6 dimensions scored 1.00-5.00 in steps of 0.01, about 1 answer in 16 missing;
-- overall loosely follows dimensions 1 and 2; expectations are perceptions plus noise
CREATE TABLE sat_cross (id int, day int, channel int, overall float8,
                        scores float8[], expectation float8[]);
INSERT INTO sat_cross
SELECT i, i % 28, i % 5,
       round((1 + ((hashint4(i * 11) & 2147483647) % 401) / 100.0 + s[1] + s[2])::numeric / 3, 2),
       s, e
FROM generate_series(1, 120000) AS i,
     LATERAL (SELECT array_agg(CASE WHEN hashint4(i * 8 + k) & 15 = 0 THEN NULL
                                    ELSE 1 + ((hashint4(i * 8 + k) & 2147483647) % 401) / 100.0 END::float8
                               ORDER BY k) AS s
              FROM generate_series(1, 6) AS k) AS scores,
     LATERAL (SELECT array_agg(CASE WHEN hashint4(i * 9 + k) & 31 = 0 THEN NULL
                                    ELSE s[k] + ((hashint4(i * 9 + k) & 2147483647) % 201 - 100) / 100.0 END::float8
                               ORDER BY k) AS e
              FROM generate_series(1, 6) AS k) AS expectations;
ANALYZE sat_cross;

-- relative difference, 0 when both are 0
CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN a = b THEN 0 ELSE abs(a - b) / greatest(abs(a), abs(b)) END $$;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE sat_cross_states AS
SELECT dimension_agg(scores) AS wide,
       (SELECT dimension_agg('dim ' || k, scores[k]) FROM sat_cross, generate_series(1, 6) AS k) AS long,
       driver_agg(overall, scores) AS driver,
       gap_agg(expectation, scores) AS gap
FROM sat_cross;

-- plain-SQL figures per dimension
CREATE TABLE sat_cross_plain AS
SELECT k, count(s) AS n, avg(s) AS mean, var_samp(s) AS variance,
       count(s) FILTER (WHERE overall IS NOT NULL) AS pairs, corr(overall, s) AS correlation,
       avg(s) FILTER (WHERE overall IS NOT NULL) AS performance,
       count(d) AS gap_pairs, avg(d) AS gap, var_samp(d) AS gap_variance,
       avg(e) FILTER (WHERE d IS NOT NULL) AS expectation
FROM sat_cross, generate_series(1, 6) AS k,
     LATERAL (SELECT scores[k] AS s, scores[k] - expectation[k] AS d, expectation[k] AS e) AS x
GROUP BY k;

-- dimension_state (wide and long) vs count, avg, var_samp
SELECT k AS dimension,
       (dimension_counts(wide))[k] = n AND (dimension_counts(long))[k] = n AS same_n,
       pg_temp.rel((dimension_means(wide))[k], mean) <= 1e-9 AS mean_ok,
       pg_temp.rel((dimension_variances(wide))[k], variance) <= 1e-9 AS variance_ok,
       pg_temp.rel((dimension_means(long))[k], mean) <= 1e-9 AS mean_long_ok,
       pg_temp.rel((dimension_variances(long))[k], variance) <= 1e-9 AS variance_long_ok
FROM sat_cross_states, sat_cross_plain ORDER BY k;
-- in fact identical: in a serial plan the state adds the same numbers in the same
-- order with the same (Youngs-Cramer) formula as avg and var_samp
SELECT count(*) FILTER (WHERE (dimension_means(wide))[k] = mean) AS identical_means,
       count(*) FILTER (WHERE (dimension_variances(wide))[k] = variance) AS identical_variances,
       count(*) FILTER (WHERE (driver_correlations(driver))[k] = correlation) AS identical_correlations
FROM sat_cross_states, sat_cross_plain;

-- driver: pairs, correlation with overall vs corr(), performance vs avg over the pairs
SELECT k AS dimension, d.n = pairs AS same_n,
       pg_temp.rel(d.correlation, p.correlation) <= 1e-9 AS correlation_ok,
       pg_temp.rel((driver_correlations(driver))[k], p.correlation) <= 1e-9 AS array_ok,
       pg_temp.rel(d.performance, p.performance) <= 1e-9 AS performance_ok
FROM sat_cross_states, sat_cross_plain AS p, LATERAL driver_analysis(driver) AS d
WHERE d.dimension = k::text ORDER BY k;
-- gap: mean and variance of perception - expectation vs avg and var_samp of the differences
SELECT k AS dimension, g.n = gap_pairs AS same_n,
       pg_temp.rel(g.gap, p.gap) <= 1e-9 AS gap_ok,
       pg_temp.rel(g.stddev ^ 2, gap_variance) <= 1e-9 AS variance_ok,
       pg_temp.rel(g.expectation, p.expectation) <= 1e-9 AS expectation_ok
FROM sat_cross_states AS st, sat_cross_plain AS p, LATERAL gap_analysis(st.gap) AS g
WHERE g.dimension = k::text ORDER BY k;

-- the index from the state equals the plain-SQL formulation
SELECT pg_temp.rel(satisfaction_index(wide, ARRAY[3, 2, 2, 1, 1, 1]),
                   (SELECT (3 * (avg(scores[1]) - 1) + 2 * (avg(scores[2]) - 1) + 2 * (avg(scores[3]) - 1)
                            + (avg(scores[4]) - 1) + (avg(scores[5]) - 1) + (avg(scores[6]) - 1)) / 4 * 100 / 10
                    FROM sat_cross)) <= 1e-12 AS index_as_plain_sql,
       pg_temp.rel(satisfaction_index(wide, ARRAY[3, 2, 2, 1, 1, 1]),
                   satisfaction_index(long, '{"dim 1": 3, "dim 2": 2, "dim 3": 2, "dim 4": 1, "dim 5": 1, "dim 6": 1}'::jsonb)) <= 1e-12
           AS wide_as_long
FROM sat_cross_states;

-- Merged daily states agree with the state over all rows: counts exactly, the rest
-- to rounding (the pairwise merge and the row-by-row update round differently)
CREATE TABLE sat_cross_daily AS
SELECT day, dimension_agg(scores) AS wide, driver_agg(overall, scores) AS driver,
       gap_agg(expectation, scores) AS gap
FROM sat_cross GROUP BY day;
-- the largest relative difference between the numbers of two states' text forms;
-- Infinity when anything else differs (kind, names, number of dimensions, a count).
-- A paired_state's co-moment c_xy (6th number of a dimension) is compared relative
-- to sqrt(m2_x m2_y), the scale of its terms: for unrelated scores it is a small
-- difference of large terms, so its own relative rounding error can be large.
CREATE FUNCTION pg_temp.state_diff(a text, b text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN regexp_replace(a, '\([^)]*\)', '()', 'g') <> regexp_replace(b, '\([^)]*\)', '()', 'g')
                THEN 'Infinity'
                ELSE (SELECT coalesce(max(CASE WHEN x = y THEN 0
                                               WHEN x IS NULL OR y IS NULL OR k = 1 THEN 'Infinity'
                                               ELSE abs(x - y) / greatest(abs(x), abs(y),
                                                   CASE WHEN k = 6 AND cardinality(xs) = 7 THEN sqrt(xs[4] * xs[5]) END)
                                          END), 0)
                      FROM (SELECT string_to_array(ga.m[1], ' ')::float8[] AS xs,
                                   string_to_array(gb.m[1], ' ')::float8[] AS ys
                            FROM regexp_matches(a, '\(([^)]*)\)', 'g') WITH ORDINALITY AS ga(m, i)
                            FULL JOIN regexp_matches(b, '\(([^)]*)\)', 'g') WITH ORDINALITY AS gb(m, i) USING (i)) AS g,
                           unnest(xs, ys) WITH ORDINALITY AS u(x, y, k))
           END $$;
SELECT pg_temp.state_diff('v1 (3 1.5)', 'v1 (3 1.5)') AS same,
       pg_temp.state_diff('v1 (3 1.5)', 'v1 (3 1.6)') AS differs, pg_temp.state_diff('v1 (3 1.5)', 'v1 (4 1.5)') AS n_differs,
       pg_temp.state_diff('v1 gap (3 1.5)', 'v1 driver (3 1.5)') AS kind_differs, pg_temp.state_diff('v1 (3 1.5)', 'v1 (3 1.5) (0)') AS longer,
       pg_temp.state_diff('v1 "a" (3 1.5)', 'v1 "b" (3 1.5)') AS name_differs;
-- c_xy 1e-9 against 2e-9 with m2_x = 4 and m2_y = 9: 1e-9 / sqrt(36)
SELECT pg_temp.state_diff('v1 driver (2 1 1 4 9 1e-9 0)', 'v1 driver (2 1 1 4 9 2e-9 0)') AS co_moment_differs;
SELECT pg_temp.state_diff(m.wide::text, s.wide::text) < 1e-12 AS wide_merged,
       pg_temp.state_diff(m.driver::text, s.driver::text) < 1e-12 AS driver_merged,
       pg_temp.state_diff(m.gap::text, s.gap::text) < 1e-12 AS gap_merged,
       dimension_counts(m.wide) = dimension_counts(s.wide) AS counts_exact
FROM (SELECT dimension_agg(wide) AS wide, driver_agg(driver) AS driver, gap_agg(gap) AS gap
      FROM sat_cross_daily) AS m, sat_cross_states AS s;

-- Serial vs parallel: force a parallel plan with two workers and no leader
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT dimension_agg(scores), driver_agg(overall, scores), gap_agg(expectation, scores) FROM sat_cross;
\i test/sql/include/plan_outline.psql
SELECT * FROM pg_temp.plan_outline('SELECT dimension_agg(scores) FROM sat_cross');
CREATE TABLE sat_cross_parallel AS
SELECT dimension_agg(scores) AS wide, driver_agg(overall, scores) AS driver,
       gap_agg(expectation, scores) AS gap FROM sat_cross;
SELECT pg_temp.state_diff(p.wide::text, s.wide::text) < 1e-12 AS wide_parallel,
       pg_temp.state_diff(p.driver::text, s.driver::text) < 1e-12 AS driver_parallel,
       pg_temp.state_diff(p.gap::text, s.gap::text) < 1e-12 AS gap_parallel,
       dimension_counts(p.wide) = dimension_counts(s.wide) AS counts_exact,
       pg_temp.rel(satisfaction_index(p.wide, ARRAY[3, 2, 2, 1, 1, 1]),
                   satisfaction_index(s.wide, ARRAY[3, 2, 2, 1, 1, 1])) <= 1e-12 AS same_index
FROM sat_cross_parallel AS p, sat_cross_states AS s;
-- GROUP BY in parallel, channel by channel, against the plain-SQL means
SELECT count(*) AS channels,
       count(*) FILTER (WHERE pg_temp.rel((dimension_means(st))[1], m1) <= 1e-9
                          AND pg_temp.rel((dimension_variances(st))[6], v6) <= 1e-9) AS agreeing
FROM (SELECT channel, dimension_agg(scores) AS st, avg(scores[1]) AS m1, var_samp(scores[6]) AS v6
      FROM sat_cross GROUP BY channel) AS g;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Numerical stability: scores far from 0 with a small spread, where a naive sum of
-- squares loses every digit.  Exact variance of {1e9 + 1, 1e9 + 2, 1e9 + 3} is 1.
SELECT dimension_variances(dimension_agg(ARRAY[x]::float8[])) AS ours,
       var_samp(x::numeric) AS exact,
       (sum(x * x) - sum(x) * sum(x) / count(*)) / (count(*) - 1) AS naive_sum_of_squares
FROM (VALUES (1e9 + 1::float8), (1e9 + 2), (1e9 + 3)) AS t(x);
SELECT (driver_correlations(driver_agg(x, ARRAY[y])))[1] AS correlation, corr(x, y) AS corr
FROM (VALUES (1e9 + 1::float8, 1e9 + 2::float8), (1e9 + 2, 1e9 + 3), (1e9 + 3, 1e9 + 5)) AS t(x, y);

DROP TABLE sat_cross, sat_cross_plain, sat_cross_states, sat_cross_daily, sat_cross_parallel;
