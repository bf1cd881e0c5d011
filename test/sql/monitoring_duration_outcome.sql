-- The outcome rate by duration bucket: duration_outcome_agg, its rows
-- (duration_outcome, duration_outcome_seconds) and the Cochran-Armitage
-- trend test across buckets (duration_outcome_trend).
SET intervalstyle = 'postgres';

CREATE TEMP TABLE refunds (id int, day int, completion interval, churned boolean);
INSERT INTO refunds
SELECT i, i % 4, make_interval(hours => (i * 37) % 170),
       CASE WHEN i % 31 = 0 THEN NULL ELSE (i * 13) % 100 < 5 + ((i * 37) % 170) / 8 END
FROM generate_series(1, 3000) AS i;
INSERT INTO refunds VALUES (0, 0, NULL, true);   -- skipped

-- churn by refund completion time: under 3 days, 3 to 4 days, 4 days and more
SELECT bucket, duration_from, duration_to, outcomes, trials, round(rate::numeric, 4) AS rate,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM duration_outcome((SELECT duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days'])
                       FROM refunds));
-- the counts by plain SQL, and Wilson's interval of the middle bucket by
-- proportion_ci (the same interval as proportion_ci of its counts)
SELECT CASE WHEN completion < interval '3 days' THEN 1 WHEN completion < interval '4 days' THEN 2 ELSE 3 END AS bucket,
       count(*) FILTER (WHERE churned) AS outcomes, count(churned) AS trials
FROM refunds WHERE completion IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT abs(d.lower - c.lower) < 1e-15 AND abs(d.upper - c.upper) < 1e-15 AS wilson_as_proportion_ci
FROM duration_outcome((SELECT duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days'])
                       FROM refunds)) AS d,
     proportion_ci(proportion_of(d.outcomes, d.trials)) AS c
WHERE d.bucket = 2;

-- daily states merged equal the state of all rows; + likewise; the seconds
-- form with edges in seconds builds the same state
WITH daily AS (SELECT day, duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days']) AS st
               FROM refunds GROUP BY day)
SELECT (SELECT duration_outcome_agg(st) FROM daily)::text
       = (SELECT duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days']) FROM refunds)::text
       AS merged_equals_whole,
       (SELECT a.st + b.st + c.st + d.st FROM daily a, daily b, daily c, daily d
        WHERE a.day = 0 AND b.day = 1 AND c.day = 2 AND d.day = 3)::text
       = (SELECT duration_outcome_agg(st) FROM daily)::text AS plus_equals_merge,
       (SELECT duration_outcome_agg(extract(epoch FROM completion)::float8, churned, ARRAY[259200, 345600]::float8[])
        FROM refunds)::text
       = (SELECT duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days']) FROM refunds)::text
       AS seconds_form_same;

-- the text form; a duration exactly at an edge starts the next bucket
SELECT duration_outcome_agg(d, o, ARRAY[interval '1 hour', interval '1 day'])
FROM (VALUES (interval '59 minutes', true), (interval '1 hour', false), (interval '1 hour', true),
             (interval '1 day', true), (interval '0', false)) AS v(d, o);
SELECT bucket, seconds_from, seconds_to, outcomes, trials, rate
FROM duration_outcome_seconds('v1 edges=3600,86400 1/2 1/2 1/1');

-- Buckets against every number of edges from 1 to 20, and 1000 (the
-- most): a duration's bucket is 1 + the number of edges at or below it, by
-- plain SQL, for durations at, 1 microsecond below and above every edge,
-- 0 and past the last edge
WITH sizes AS (
    SELECT n FROM generate_series(1, 20) AS n UNION ALL SELECT 1000
), edges AS (
    SELECT n, array_agg(make_interval(secs => e * 7) ORDER BY e) AS edges
    FROM sizes, generate_series(1, n) AS e GROUP BY n
), durations AS (
    SELECT n, edges, edge + s * interval '1 microsecond' AS d
    FROM edges, unnest(edges) AS edge, unnest(ARRAY[-1, 0, 1]) AS s
    UNION ALL
    SELECT n, edges, d FROM edges, unnest(ARRAY[interval '0', edges[n] + interval '1 hour']) AS d
), want AS (
    SELECT e.n, b.bucket, count(x.d) AS trials
    FROM edges AS e CROSS JOIN LATERAL generate_series(1, e.n + 1) AS b(bucket)
    LEFT JOIN (SELECT n, d, 1 + (SELECT count(*) FROM unnest(edges) AS edge WHERE edge <= d) AS bucket
               FROM durations) AS x ON x.n = e.n AND x.bucket = b.bucket
    GROUP BY e.n, b.bucket
), got AS (
    SELECT n, r.bucket, r.trials
    FROM (SELECT n, duration_outcome_agg(d, true, edges) AS st FROM durations GROUP BY n, edges) AS s,
         duration_outcome(s.st) AS r
)
SELECT count(*) AS buckets, count(*) FILTER (WHERE want.trials IS DISTINCT FROM got.trials) AS differing
FROM want FULL JOIN got USING (n, bucket);

-- Cochran-Armitage, Agresti (2007), §2.5.3, Table 2.7: infant malformation
-- by the mother's alcohol consumption (0, <1, 1-2, 3-5, >=6 drinks a day):
-- 48/17114, 38/14502, 5/793, 1/127, 1/38.  With equally spaced scores
-- (1, 2, 3, 4, 5) Agresti gives M^2 = 1.83 (P = 0.18); z^2 = M^2 N / (N - 1).
SELECT buckets, round(slope::numeric, 6) AS slope, round(z::numeric, 4) AS z, round((z * z * 32573 / 32574)::numeric, 2) AS m2,
       round(p_value::numeric, 2) AS p_value
FROM duration_outcome_trend('v1 edges=86400,172800,259200,345600 48/17114 38/14502 5/793 1/127 1/38');
-- the churn table above: does churn rise with completion time?
SELECT buckets, round(slope::numeric, 4) AS slope, round(z::numeric, 4) AS z, p_value < 1e-6 AS significant
FROM duration_outcome_trend((SELECT duration_outcome_agg(completion, churned, ARRAY[interval '3 days', interval '4 days'])
                             FROM refunds));
-- by hand for 1/2, 1/2, 1/1 (scores 1, 2, 3): p = 3/5, mean score 9/5,
-- T = sum s (x - n p) = 1 (-0.2) + 2 (-0.2) + 3 (0.4) = 0.6,
-- sum n (s - 1.8)^2 = 2 (0.64) + 2 (0.04) + 1.44 = 2.8, slope 0.6 / 2.8,
-- z = 0.6 / sqrt(0.24 (2.8)) = 0.7319
SELECT buckets, round(slope::numeric, 6) AS slope, round(z::numeric, 4) AS z,
       round((0.6 / 2.8)::numeric, 6) AS slope_by_hand, round((0.6 / sqrt(0.24 * 2.8))::numeric, 4) AS z_by_hand
FROM duration_outcome_trend('v1 edges=3600,86400 1/2 1/2 1/1');
-- nearly every trial with the outcome (10^12 of 10^12 in the last bucket,
-- 3 of 5 in the first): x - n p and 1 - p taken through the trials without
-- it; against the formula in numeric (scale 40), where doubles lost 5 digits
WITH b(score, x, n) AS (VALUES (1, 3::numeric(60, 40), 5::numeric(60, 40)),
                               (3, 1000000000000, 1000000000000)),
     s AS (SELECT sum(x) / sum(n) AS p, sum(n * score) / sum(n) AS m FROM b),
     t AS (SELECT sum((score - m) * (x - n * p)) AS t, sum(n * (score - m) ^ 2) AS spread, min(p) AS p FROM b, s)
SELECT abs(r.z::numeric / (t.t / sqrt(t.p * (1 - t.p) * t.spread)) - 1) < 1e-12 AS z_ok, round(r.z::numeric, 4) AS z
FROM t, duration_outcome_trend('v1 edges=0,7298.65151 3/5 0/0 1000000000000/1000000000000') AS r;

-- edge cases: one bucket with trials has no trend; no outcomes (or all) has
-- a slope of 0 but no z; empty buckets have no rate
SELECT * FROM duration_outcome_trend('v1 edges=3600 4/10 0/0');
SELECT * FROM duration_outcome_trend('v1 edges=3600 0/10 0/5');
SELECT * FROM duration_outcome_trend('v1 edges=3600 10/10 5/5');
-- (Wilson for 1 of 1: lower 1 / (1 + z^2) = 0.2065)
SELECT bucket, duration_from, duration_to, outcomes, trials, rate, round(lower::numeric, 4) AS lower, upper
FROM duration_outcome('v1 edges=3600 0/0 1/1');
-- no rows: NULL
SELECT duration_outcome_agg(completion, churned, ARRAY[interval '1 day']) IS NULL AS no_rows FROM refunds WHERE false;

-- Constant edges are read once per query, and every state of the
-- aggregate is made from them; edges from a column are read and compared
-- row by row.  Both give the same states, in one group or many, serially
-- or in parallel workers, and the counts of plain SQL.
CREATE TABLE outcome_rows AS
SELECT i % 7 AS g, make_interval(secs => (i * 7919) % 500000) AS d, i % 3 = 0 AS ok,
       '{1 hour, 1 day, 3 days}'::interval[] AS e
FROM generate_series(1, 20000) AS i;
SELECT o.bucket, o.trials, o.outcomes, o.trials = p.trials AND o.outcomes = p.outcomes AS as_plain_sql
FROM duration_outcome((SELECT duration_outcome_agg(d, ok, '{1 hour, 1 day, 3 days}'::interval[])
                       FROM outcome_rows)) AS o
FULL JOIN (SELECT CASE WHEN d < '1 hour' THEN 1 WHEN d < '1 day' THEN 2 WHEN d < '3 days' THEN 3 ELSE 4 END AS bucket,
                  count(*) AS trials, count(*) FILTER (WHERE ok) AS outcomes
           FROM outcome_rows GROUP BY 1) AS p USING (bucket)
ORDER BY bucket;
SELECT count(*) AS groups, count(*) FILTER (WHERE by_constant::text = by_column::text) AS same_states
FROM (SELECT g, duration_outcome_agg(d, ok, '{1 hour, 1 day, 3 days}'::interval[]) AS by_constant,
             duration_outcome_agg(d, ok, e) AS by_column
      FROM outcome_rows GROUP BY g) AS q;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF)
SELECT duration_outcome_agg(d, ok, '{1 hour, 1 day, 3 days}'::interval[]) FROM outcome_rows;
SELECT duration_outcome_agg(d, ok, '{1 hour, 1 day, 3 days}'::interval[])::text
       = (SELECT duration_outcome_agg(d, ok, e)::text FROM outcome_rows) AS parallel_same
FROM outcome_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE outcome_rows;
