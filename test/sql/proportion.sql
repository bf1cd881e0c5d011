-- Proportions: successes out of trials, mergeable, with the Wilson score
-- interval; checked by hand and against plain SQL.

-- NULL outcomes are skipped; no trials gives NULL
SELECT proportion(x) AS share, proportion_agg(x) AS state
FROM (VALUES (true), (false), (NULL), (false)) AS t(x);
SELECT proportion(x) IS NULL AS no_rows, proportion_agg(x) IS NULL AS no_state
FROM (VALUES (NULL::boolean)) AS t(x);
SELECT proportion('v1 0/0'::proportion_state) AS empty, proportion_ci('v1 0/0') AS empty_ci,
       proportion_successes('v1 3/40') AS successes, proportion_trials('v1 3/40') AS trials,
       proportion('v1 3/40'::proportion_state) AS share, proportion_of(3, 40) AS from_counts;

-- Wilson score interval.  By hand for 1 of 3 at 95% (z = 1.959964):
--   center = (1/3 + z^2/6) / (1 + z^2/3) = 0.42692,
--   half = z / (1 + z^2/3) * sqrt((1/3)(2/3)/3 + z^2/36) = 0.36542
--   -> (0.0615, 0.7923); 0 of 20: (0, 0.1611); 20 of 20: (0.8389, 1);
--   50 of 100: 0.5 -/+ 0.0962 (symmetric)
SELECT s, round(ci.lower::numeric, 4) AS lower, round(ci.upper::numeric, 4) AS upper
FROM (VALUES ('v1 1/3'::proportion_state), ('v1 0/20'), ('v1 20/20'), ('v1 50/100')) AS t(s),
     proportion_ci(s) AS ci;
-- unlike the Wald interval it never leaves [0, 1] and never has zero width
-- for 0 or all successes; higher levels give wider intervals
SELECT level, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM (VALUES (0.8), (0.95), (0.99)) AS l(level), proportion_ci('v1 2/40', level);
-- the bounds solve |p_hat - p| = z sqrt(p (1 - p) / n) exactly (checked in plain SQL)
SELECT s, bool_and(abs(abs(p_hat - b) - 1.959963984540054 * sqrt(b * (1 - b) / n)) < 1e-12) AS bounds_solve_the_equation
FROM (SELECT s::text AS s, proportion(s) AS p_hat, proportion_trials(s) AS n, unnest(ARRAY[c.lower, c.upper]) AS b
      FROM (VALUES ('v1 1/3'::proportion_state), ('v1 7/1000'), ('v1 999/1000'), ('v1 123456/1000000')) AS t(s),
           proportion_ci(s) AS c) AS x
GROUP BY s ORDER BY s;

-- Merging: + and proportion_agg(state) add the counts
SELECT 'v1 3/10'::proportion_state + 'v1 1/5' AS plus,
       proportion_agg(s) AS merged
FROM (VALUES ('v1 3/10'::proportion_state), ('v1 1/5'), ('v1 0/0')) AS t(s);

-- A rolling 28-day rate uses the inverse transition; it equals the plain-SQL
-- count over the same frame on every row
CREATE TABLE pr_refunds AS
SELECT i, i % 7 AS g, date '2026-01-01' + (i % 90) AS day,
       CASE WHEN i % 13 = 0 THEN NULL ELSE hashint4(i) % 7 = 0 END AS disputed
FROM generate_series(1, 20000) AS i;
SELECT count(*) AS rows, count(*) FILTER (WHERE ours IS NOT DISTINCT FROM plain) AS identical
FROM (SELECT proportion(disputed) OVER w AS ours,
             (count(*) FILTER (WHERE disputed) OVER w)::float8 / nullif(count(disputed) OVER w, 0) AS plain
      FROM pr_refunds
      WINDOW w AS (ORDER BY day RANGE BETWEEN interval '27 days' PRECEDING AND CURRENT ROW)) AS x;

-- Serial, parallel and merged plans give the same state
SET max_parallel_workers_per_gather = 0;
CREATE TABLE pr_serial AS SELECT g, proportion_agg(disputed)::text AS st FROM pr_refunds GROUP BY 1;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT g, proportion_agg(disputed) FROM pr_refunds GROUP BY 1;
CREATE TABLE pr_parallel AS SELECT g, proportion_agg(disputed)::text AS st FROM pr_refunds GROUP BY 1;
SELECT count(*) AS groups, count(*) FILTER (WHERE s.st = p.st) AS same FROM pr_serial s JOIN pr_parallel p USING (g);
SELECT (SELECT proportion_agg(st) FROM (SELECT proportion_agg(disputed) AS st FROM pr_refunds GROUP BY day) d)::text
     = (SELECT proportion_agg(disputed) FROM pr_refunds)::text AS daily_merged_equals_all;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Binary form: version byte, then successes and trials as int64
SELECT proportion_state_send('v1 3/40') AS binary_form;
SELECT '  v1   3/40 '::proportion_state AS spaces_are_free, 'v1 0/0'::proportion_state AS empty;

-- The readers name the state state, as proportion_ci does: named notation
-- finds them and gives what the positional call gives
SELECT proportion_successes(state => st) AS successes, proportion_trials(state => st) AS trials,
       (proportion(state => st), proportion_successes(state => st), proportion_trials(state => st))
       IS NOT DISTINCT FROM (proportion(st), proportion_successes(st), proportion_trials(st)) AS named_as_positional
FROM (SELECT proportion_agg(disputed) AS st FROM pr_refunds) AS x;

DROP TABLE pr_refunds, pr_serial, pr_parallel;
