-- Two duration states: the difference of a quantile with its interval, and
-- the probability that a case of A takes longer than one of B (Mann-Whitney).
SET intervalstyle = 'postgres';

-- A: 1 to 10 hours; B: 30 minutes to 5 hours by 30 minutes; default accuracy
-- (1%), so every duration here has a bucket of its own.
CREATE TABLE stat_durations (grp text, d interval);
INSERT INTO stat_durations
SELECT 'a', make_interval(hours => h) FROM generate_series(1, 10) AS h
UNION ALL
SELECT 'b', make_interval(mins => 30 * h) FROM generate_series(1, 10) AS h;
CREATE TABLE stat_duration_states AS
SELECT grp, duration_agg(d) AS s FROM stat_durations GROUP BY grp;

-------------------------------------------------------------------------------
-- The median's interval, by hand
-------------------------------------------------------------------------------

-- For n = 10 and q = 0.5 the number of values at or under the median is
-- binomial(10, 1/2): P(B <= 1) = 11/1024 = 0.0107 <= 0.025 < P(B <= 2) =
-- 56/1024, so the 95% interval is [X_(2), X_(9)] (coverage 1 - 2 * 11/1024
-- = 97.9%).  The binomial by plain SQL:
SELECT k, round(sum(c) OVER (ORDER BY k) / 1024.0, 6) AS cdf
FROM (SELECT k, factorial(10) / (factorial(k) * factorial(10 - k)) AS c FROM generate_series(0, 3) AS k) AS b;

-- X_(2) = 2 h and X_(9) = 9 h of A; the state knows their buckets, so the
-- limits are the shortest duration of 2 h's bucket and the longest of 9 h's
-- (the bins of duration_histogram_seconds, one per bucket: (lower, upper]).
-- The same by plain SQL from the histogram, and the MOVER difference.
CREATE FUNCTION pg_temp.rank_bounds(s duration_state, r bigint, OUT shortest float8, OUT longest float8)
LANGUAGE sql AS $$
    SELECT CASE WHEN h.upper = 0 THEN 0 ELSE greatest(h.lower + 1e-6, duration_min_seconds(s)) END,
           least(h.upper, duration_max_seconds(s))
    FROM (SELECT lower, upper, sum(count) OVER (ORDER BY upper) AS cumulative
          FROM duration_histogram_seconds(s)) AS h
    WHERE h.cumulative >= r ORDER BY h.upper LIMIT 1
$$;
SELECT round(quantile_a::numeric, 3) AS median_a, round(quantile_b::numeric, 3) AS median_b,
       round(difference::numeric, 3) AS difference,
       round(lower::numeric, 3) AS lower, round(upper::numeric, 3) AS upper
FROM duration_quantile_compare_seconds((SELECT s FROM stat_duration_states WHERE grp = 'a'),
                                       (SELECT s FROM stat_duration_states WHERE grp = 'b'));
WITH a AS (SELECT s FROM stat_duration_states WHERE grp = 'a'),
     b AS (SELECT s FROM stat_duration_states WHERE grp = 'b'),
     v AS (SELECT duration_quantile_seconds(a.s, 0.5) AS qa, duration_quantile_seconds(b.s, 0.5) AS qb,
                  (pg_temp.rank_bounds(a.s, 2)).shortest AS la, (pg_temp.rank_bounds(a.s, 9)).longest AS ua,
                  (pg_temp.rank_bounds(b.s, 2)).shortest AS lb, (pg_temp.rank_bounds(b.s, 9)).longest AS ub
           FROM a, b)
SELECT round((qa - qb)::numeric, 3) AS difference_by_hand,
       round((qa - qb - sqrt((qa - la) ^ 2 + (ub - qb) ^ 2))::numeric, 3) AS lower_by_hand,
       round((qa - qb + sqrt((ua - qa) ^ 2 + (qb - lb) ^ 2))::numeric, 3) AS upper_by_hand,
       la <= 7200 AND 7200 <= la * 1.0202 AS a2_in_its_bucket,
       ua >= 32400 AND ua <= 32400 * 1.0202 AS a9_in_its_bucket
FROM v;
-- as intervals, rounded to the microsecond; the estimates are the quantiles
SELECT c.quantile_a = duration_quantile(a.s, 0.5) AS same_quantile_a,
       c.quantile_b = duration_quantile(b.s, 0.5) AS same_quantile_b,
       c.difference = c.quantile_a - c.quantile_b AS difference,
       abs(extract(epoch FROM c.lower) - cs.lower) < 1e-6 AS lower, abs(extract(epoch FROM c.upper) - cs.upper) < 1e-6 AS upper
FROM (SELECT s FROM stat_duration_states WHERE grp = 'a') AS a, (SELECT s FROM stat_duration_states WHERE grp = 'b') AS b,
     duration_quantile_compare(a.s, b.s) AS c, duration_quantile_compare_seconds(a.s, b.s) AS cs;

-- p90 of 10 values: P(B >= u) <= 0.025 for B binomial(10, 0.9) needs u = 11:
-- beyond the sample, so neither quantile has an upper limit (its lower one
-- is X_(7): P(B <= 6) = 0.0128 <= 0.025 < P(B <= 7)).  The difference's
-- upper end needs A's upper limit and its lower end B's: both unbounded.
SELECT quantile_a, quantile_b, difference, lower IS NOT NULL AS has_lower, upper
FROM duration_quantile_compare((SELECT s FROM stat_duration_states WHERE grp = 'a'),
                               (SELECT s FROM stat_duration_states WHERE grp = 'b'), 0.9);
-- not even at 80%: u = 10 would need P(B >= 10) = 0.9^10 = 0.349 <= 0.1;
-- the median at 80% has both ends
SELECT upper IS NULL AS p90_unbounded_at_80
FROM duration_quantile_compare((SELECT s FROM stat_duration_states WHERE grp = 'a'),
                               (SELECT s FROM stat_duration_states WHERE grp = 'b'), 0.9, 0.8);
SELECT round(lower::numeric, 3) AS lower, round(upper::numeric, 3) AS upper
FROM duration_quantile_compare_seconds((SELECT s FROM stat_duration_states WHERE grp = 'a'),
                                       (SELECT s FROM stat_duration_states WHERE grp = 'b'), 0.5, 0.8);
-- 80%: P(B <= 2) = 0.0547 <= 0.1 < P(B <= 3) = 0.1719, so [X_(3), X_(8)]
SELECT round((qa - qb - sqrt((qa - la) ^ 2 + (ub - qb) ^ 2))::numeric, 3) AS lower_by_hand,
       round((qa - qb + sqrt((ua - qa) ^ 2 + (qb - lb) ^ 2))::numeric, 3) AS upper_by_hand
FROM (SELECT duration_quantile_seconds(a.s, 0.5) AS qa, duration_quantile_seconds(b.s, 0.5) AS qb,
             (pg_temp.rank_bounds(a.s, 3)).shortest AS la, (pg_temp.rank_bounds(a.s, 8)).longest AS ua,
             (pg_temp.rank_bounds(b.s, 3)).shortest AS lb, (pg_temp.rank_bounds(b.s, 8)).longest AS ub
      FROM (SELECT s FROM stat_duration_states WHERE grp = 'a') AS a,
           (SELECT s FROM stat_duration_states WHERE grp = 'b') AS b) AS v;

-- Exact values: zero durations, the min and the max are known exactly, so
-- limits at those ranks are exact.  5 zeros and 5 of 1 h: the median's
-- interval [X_(2), X_(9)] is [0, 1 h] exactly; against itself the difference
-- is 0 with limits -/+ sqrt(0^2 + 3600^2) = 3600.
SELECT quantile_a, difference, lower, upper
FROM (SELECT duration_agg(d) AS s FROM (SELECT CASE WHEN h <= 5 THEN interval '0' ELSE interval '1 hour' END AS d
                                        FROM generate_series(1, 10) AS h) AS t) AS x,
     duration_quantile_compare(s, s);

-- Small samples: one duration gives its quantile no upper limit at 95% (and
-- lower limit 0: durations are not negative), so the difference of two such
-- quantiles is unbounded both ways
SELECT quantile_a, lower, upper
FROM duration_quantile_compare_seconds((SELECT duration_agg(interval '1 hour')), (SELECT duration_agg(interval '1 hour')));
-- an empty side: NULL
SELECT duration_quantile_compare(duration_agg(d), (SELECT s FROM stat_duration_states WHERE grp = 'a')) IS NULL AS empty_side
FROM stat_durations WHERE false;
-- ... also an empty state (from text) on either side
SELECT duration_quantile_compare('v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0', s) IS NULL AS empty_a,
       duration_quantile_compare(s, 'v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0') IS NULL AS empty_b
FROM stat_duration_states WHERE grp = 'a';
-- states of different accuracies compare (each side stands alone)
SELECT round(difference::numeric, 1) AS difference_rounded
FROM duration_quantile_compare_seconds((SELECT duration_agg(d, 0.05) FROM stat_durations WHERE grp = 'a'),
                                       (SELECT s FROM stat_duration_states WHERE grp = 'b'));

-------------------------------------------------------------------------------
-- duration_compare: Mann-Whitney from the shared buckets
-------------------------------------------------------------------------------

-- A = {1 h, 2 h, 3 h, 5 h}, B = {30 min, 2 h, 4 h}.  Pairs where A is longer:
-- 1 h > 30 min; 2 h > 30 min and ties 2 h; 3 h > 30 min, 2 h; 5 h > all:
-- U = 1 + 1.5 + 2 + 3 = 7.5 of 12 pairs, theta = 0.625.  One tie group of 2
-- (the 2 h, in one bucket): sigma^2 = 4 * 3 / 12 * (8 - (8 - 2) / (7 * 6)) =
-- 7.857143, z = (7.5 - 6) / sigma = 0.535131.  The one same-bucket pair
-- bounds the resolution error: 1 / (2 * 12).
-- DeLong: placements of A {1/3, 1/2, 2/3, 1}, of B {1, 0.625, 0.25}:
-- var = S_A / 4 + S_B / 3 = (0.243056 / 3) / 4 + (0.28125 / 2) / 3 = 0.067130,
-- interval expit(logit 0.625 -/+ 1.959964 sqrt(var) / (0.625 * 0.375)).
CREATE TABLE stat_mw (grp text, d interval);
INSERT INTO stat_mw VALUES ('a', '1 hour'), ('a', '2 hours'), ('a', '3 hours'), ('a', '5 hours'),
                           ('b', '30 minutes'), ('b', '2 hours'), ('b', '4 hours');
SELECT probability_longer, u, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper,
       round(resolution_error::numeric, 6) AS resolution_error
FROM duration_compare((SELECT duration_agg(d) FROM stat_mw WHERE grp = 'a'),
                      (SELECT duration_agg(d) FROM stat_mw WHERE grp = 'b'));
SELECT round((1.5 / sqrt(1 * (8 - 6 / 42.0)))::numeric, 6) AS z_by_hand,
       round((1 / (1 + exp(-(ln(0.625 / 0.375) - 1.959963984540054 * sqrt(v) / (0.625 * 0.375)))))::numeric, 6) AS lower_by_hand,
       round((1 / (1 + exp(-(ln(0.625 / 0.375) + 1.959963984540054 * sqrt(v) / (0.625 * 0.375)))))::numeric, 6) AS upper_by_hand,
       round((1 / 24.0)::numeric, 6) AS resolution_by_hand
FROM (SELECT ((1 / 3.0 - 0.625) ^ 2 + (0.5 - 0.625) ^ 2 + (2 / 3.0 - 0.625) ^ 2 + (1 - 0.625) ^ 2) / 3 / 4
             + ((1 - 0.625) ^ 2 + 0 + (0.25 - 0.625) ^ 2) / 2 / 3 AS v) AS x;
-- the same by plain SQL over the raw rows: pairs longer + half the equal ones
SELECT (count(*) FILTER (WHERE a.d > b.d) + 0.5 * count(*) FILTER (WHERE a.d = b.d)) / count(*) AS theta_by_sql
FROM stat_mw a, stat_mw b WHERE a.grp = 'a' AND b.grp = 'b';
-- reversed: 1 - theta, z and the interval mirrored, same p
SELECT probability_longer, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value, round(upper::numeric, 6) AS upper
FROM duration_compare((SELECT duration_agg(d) FROM stat_mw WHERE grp = 'b'),
                      (SELECT duration_agg(d) FROM stat_mw WHERE grp = 'a'));

-- A and B 1 h to 10 h and 30 min to 5 h: ties across states are only real
-- ties (no two distinct values share a bucket at 1%), so the bound is small
-- and theta is the exact sample value
SELECT probability_longer, round(resolution_error::numeric, 6) AS resolution_error, round(z::numeric, 6) AS z
FROM duration_compare((SELECT s FROM stat_duration_states WHERE grp = 'a'),
                      (SELECT s FROM stat_duration_states WHERE grp = 'b'));
SELECT (count(*) FILTER (WHERE a.d > b.d) + 0.5 * count(*) FILTER (WHERE a.d = b.d)) / count(*) AS theta_by_sql
FROM stat_durations a, stat_durations b WHERE a.grp = 'a' AND b.grp = 'b';
-- Coarse buckets (50%): distinct durations share buckets and count as ties.
-- The exact theta of the rows lies within resolution_error of the estimate.
WITH c AS (
    SELECT * FROM duration_compare((SELECT duration_agg(d, 0.5) FROM stat_durations WHERE grp = 'a'),
                                   (SELECT duration_agg(d, 0.5) FROM stat_durations WHERE grp = 'b'))),
     exact AS (
    SELECT (count(*) FILTER (WHERE a.d > b.d) + 0.5 * count(*) FILTER (WHERE a.d = b.d)) / count(*) AS theta
    FROM stat_durations a, stat_durations b WHERE a.grp = 'a' AND b.grp = 'b')
SELECT probability_longer, exact.theta AS exact_theta, round(resolution_error::numeric, 6) AS resolution_error,
       abs(probability_longer - exact.theta) <= resolution_error AS exact_within_bound
FROM c, exact;

-- Zero durations form an exact bucket: 3 zeros against 1 zero and 2 of 1 h:
-- pairs longer 0, ties 3 * 1 / 2, theta = 1.5 / 9; no resolution error
SELECT round(probability_longer::numeric, 6) AS probability_longer, u, resolution_error
FROM duration_compare((SELECT duration_agg(interval '0') FROM generate_series(1, 3)),
                      (SELECT duration_agg(d) FROM (VALUES (interval '0'), ('1 hour'), ('1 hour')) AS t(d)));
-- Identical states: theta 1/2, z 0, p 1
SELECT probability_longer, z, p_value FROM stat_duration_states, duration_compare(s, s) WHERE grp = 'a';
-- Everything in one bucket: all pairs tied, no variance: z, p and interval
-- NULL; the bound is the largest possible, as the buckets cannot tell 1 h
-- from the other durations they hold
SELECT * FROM duration_compare((SELECT duration_agg(interval '1 hour') FROM generate_series(1, 3)),
                               (SELECT duration_agg(interval '1 hour') FROM generate_series(1, 2)));
-- Complete separation: theta = 1, the logit interval does not exist; z does
SELECT probability_longer, round(z::numeric, 6) AS z, lower, upper
FROM duration_compare((SELECT duration_agg(make_interval(hours => 10 + h)) FROM generate_series(1, 5) AS h),
                      (SELECT duration_agg(make_interval(hours => h)) FROM generate_series(1, 5) AS h));
-- n = 1 on a side: DeLong's variance needs two on each side
SELECT probability_longer, round(z::numeric, 6) AS z, lower, upper
FROM duration_compare((SELECT duration_agg(interval '3 hours')), (SELECT s FROM stat_duration_states WHERE grp = 'b'));
-- An empty side: NULL
SELECT duration_compare((SELECT duration_agg(d) FROM stat_durations WHERE false),
                        (SELECT s FROM stat_duration_states WHERE grp = 'a')) IS NULL AS empty_side;
SELECT duration_compare('v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0', s) IS NULL AS empty_state_a,
       duration_compare(s, 'v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0') IS NULL AS empty_state_b
FROM stat_duration_states WHERE grp = 'a';

DROP TABLE stat_durations, stat_duration_states, stat_mw;
