-- CSAT, mean and distribution of a rating, read from rating_state.

-- Default scale 1-5, satisfied = 4-5: {5, 4, 3, 1} -> 2 of 4 satisfied -> 50%
SELECT csat(s) FROM (VALUES (5), (4), (3), (1)) AS t(s);
-- every input type, and through the state
SELECT csat(s::smallint) AS int2, csat(s::bigint) AS int8, csat(s::numeric) AS num,
       csat(rating_agg(s)) AS via_state, csat(nps_agg(s)) AS via_nps_state
FROM (VALUES (5), (4), (3), (1)) AS t(s);
-- csat_agg builds the state csat reads (README, "Naming"), so that csat(score)
-- is csat(csat_agg(score)) for every input type, weighted or not; it is the
-- state rating_agg and nps_agg build.  {5 (w 3), 4 (w 0.5), 2 (w 1), 1 (w 2)}:
-- 2 of 4 satisfied = 50%; by weight (3 + 0.5) / 6.5 = 53.846153846153847%
CREATE TABLE csat_rows (s int, w float8);
INSERT INTO csat_rows VALUES (5, 3.0), (4, 0.5), (2, 1.0), (1, 2.0);
SELECT csat(csat_agg(s)) AS via_csat_agg, csat(csat_agg(s, w)) AS weighted_via_csat_agg,
       csat(s::smallint) = csat(csat_agg(s::smallint)) AND csat(s) = csat(csat_agg(s))
       AND csat(s::bigint) = csat(csat_agg(s::bigint)) AND csat(s::numeric) = csat(csat_agg(s::numeric))
           AS one_shot_equals_accessor,
       csat(s::smallint, w) = csat(csat_agg(s::smallint, w)) AND csat(s, w) = csat(csat_agg(s, w))
       AND csat(s::bigint, w) = csat(csat_agg(s::bigint, w)) AND csat(s::numeric, w) = csat(csat_agg(s::numeric, w))
           AS weighted_one_shot_equals_accessor,
       csat_agg(s)::text = rating_agg(s)::text AND csat_agg(s)::text = nps_agg(s)::text
       AND csat_agg(s::smallint)::text = csat_agg(s::numeric)::text AS same_state,
       csat_agg(s, w)::text = rating_agg(s, w)::text AND csat_agg(s, w)::text = nps_agg(s, w)::text
       AND csat_agg(s::bigint, w)::text = csat_agg(s::numeric, w)::text AS same_weighted_state
FROM csat_rows;
SELECT csat_agg(s, w) FROM csat_rows;
-- the rating_ readers name the state state, as rating_distribution does:
-- named notation finds them and gives what the positional call gives
SELECT rating_mean(state => st) AS mean, rating_stddev(state => st) AS stddev,
       (rating_mean(state => st), rating_stddev(state => st))
       IS NOT DISTINCT FROM (rating_mean(st), rating_stddev(st)) AS named_as_positional
FROM (SELECT rating_agg(s, w) AS st FROM csat_rows) AS x;
-- rating_responses counts the rows of a rating state whatever their
-- weights (one of 0 here), as nps_responses and count(*) do
SELECT rating_responses(rating_agg(s)) AS responses, rating_responses(csat_agg(s, w)) AS weighted,
       rating_responses(state => csat_agg(s, w)) = nps_responses(csat_agg(s, w))
       AND rating_responses(rating_agg(s)) = nps_responses(rating_agg(s)) AS as_nps_responses,
       rating_responses(csat_agg(s, w)) = count(*) AS as_count
FROM (SELECT s, w FROM csat_rows UNION ALL VALUES (3, 0.0)) AS r;
DROP TABLE csat_rows;
-- boundaries: 3 is not satisfied, 4 is; a single response gives 0 or 100
SELECT s AS rating, csat(s) FROM generate_series(1, 5) AS s GROUP BY s ORDER BY s;

-- Other scales and cut-offs: 0-10 with >= 8 satisfied; {10, 8, 7, 3, 0} -> 2/5 = 40%
SELECT csat(rating_agg(s), 0, 10, 8) AS csat_0_10,
       csat(rating_agg(s), scale_min => 0, scale_max => 10, satisfied_from => 9) AS top_box_9
FROM (VALUES (10), (8), (7), (3), (0)) AS t(s);
-- 1-7 scale, top-2 box (6-7): {7, 6, 5, 2} -> 50%; top-3 box -> 75%
SELECT csat(st, 1, 7, 6) AS top2, csat(st, 1, 7, 5) AS top3
FROM (SELECT rating_agg(s) AS st FROM (VALUES (7), (6), (5), (2)) AS t(s)) AS x;

-- Weighted: {5 (w 3), 2 (w 1)} -> 3/4 = 75%; unit weights give the unweighted share
SELECT csat(s, w) AS weighted, csat(s, 1.0) AS unit_weights, csat(s) AS unweighted
FROM (VALUES (5, 3.0), (2, 1.0)) AS t(s, w);

-- NULL scores are skipped; no responses give NULL
SELECT csat(s) AS nulls_skipped FROM (VALUES (5), (NULL), (1)) AS t(s);
SELECT csat(s) AS empty FROM (VALUES (5)) AS t(s) WHERE false;
SELECT csat('v1'::rating_state) AS empty_state, rating_mean('v1') AS empty_mean,
       rating_stddev('v1 4:1') AS one_response_stddev;

-- Wilson interval in percent.  8 of 10 satisfied at 95%: the textbook values
-- are 49.02% and 94.33%.  All satisfied: the upper bound is exactly 100.
SELECT round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper
FROM csat_ci('v1 1:2 4:8');
SELECT round(lower::numeric, 4) AS lower, upper FROM csat_ci('v1 5:10');
SELECT lower, round(upper::numeric, 4) AS upper FROM csat_ci('v1 1:10');
-- by hand for 8 of 10 at 95% (z = 1.959964):
-- (2 n p + z^2 -/+ z sqrt(z^2 + 4 n p (1 - p))) / (2 (n + z^2)), p = 0.8, n = 10
SELECT round((100 * (16 + 1.959964^2 - 1.959964 * sqrt(1.959964^2 + 6.4)) / (2 * (10 + 1.959964^2)))::numeric, 2) AS lower_by_hand,
       round((100 * (16 + 1.959964^2 + 1.959964 * sqrt(1.959964^2 + 6.4)) / (2 * (10 + 1.959964^2)))::numeric, 2) AS upper_by_hand;
-- wider at higher levels; on a 0-10 scale; weighted states use Kish's n
SELECT level, round(lower::numeric, 3) AS lower, round(upper::numeric, 3) AS upper
FROM (VALUES (0.8), (0.95), (0.99)) AS l(level), csat_ci('v1 1:20 4:50 5:30', level => level);
SELECT round(lower::numeric, 3) AS lower, round(upper::numeric, 3) AS upper
FROM csat_ci('v1 0:10 8:30 10:60', 0, 10, 8);
-- weights 3, 1 on {5, 2}: share 75% with n_eff = 16 / 10 = 1.6, so the interval is
-- wider than for 3 of 4 unweighted responses (same share, n = 4)
SELECT round(w.lower::numeric, 3) AS weighted_lower, round(u.lower::numeric, 3) AS unweighted_lower,
       w.upper - w.lower > u.upper - u.lower AS weighted_is_wider
FROM csat_ci((SELECT rating_agg(s, w) FROM (VALUES (5, 3.0), (2, 1.0)) AS t(s, w))) AS w,
     csat_ci('v1 2:1 5:3') AS u;

-- Mean and standard deviation agree with avg and stddev_samp
SELECT rating_mean(rating_agg(s)) = avg(s)::float8 AS same_mean,
       abs(rating_stddev(rating_agg(s)) - stddev_samp(s)::float8) < 1e-12 AS same_stddev,
       rating_mean(rating_agg(s)) AS mean
FROM (VALUES (10), (8), (3), (0), (7)) AS t(s);
-- weighted mean: (5 * 3 + 2 * 1) / 4 = 4.25; weighted stddev with n_eff = 1.6:
-- sqrt((3 * 0.75^2 + 1 * 2.25^2) / 4 * 1.6 / 0.6) = sqrt(1.6875 * 8 / 3) = 2.1213...
SELECT rating_mean(st) AS mean, abs(rating_stddev(st) - sqrt(1.6875 * 8 / 3)) < 1e-12 AS stddev_as_by_hand
FROM (SELECT rating_agg(s, w) AS st FROM (VALUES (5, 3.0), (2, 1.0)) AS t(s, w)) AS x;

-- rating_mean_ci: Student's t, mean -/+ t(level, n - 1) s / sqrt(n).
-- {1, 4 x8, 5 x2}: n = 11, mean 43/11 = 3.909091, s = 1.044466 (stddev_samp);
-- t quantiles for df 10 from a t table (SciPy's stats.t.ppf agrees):
-- 2.228139 at 95%, 3.169273 at 99%, 1.372184 at 80%.  At 95%:
-- 3.909091 -/+ 2.228139 * 1.044466 / sqrt(11) = 3.909091 -/+ 0.701682
-- = [3.2074, 4.6108] (SciPy's stats.t.interval: 3.207409, 4.610773)
SELECT level, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM (VALUES (0.8), (0.95), (0.99)) AS l(level), rating_mean_ci('v1 1:1 4:8 5:2', level => level);
-- the same from the raw ratings in plain SQL, with the t of the table
SELECT l.level, round((m - l.t * sd / sqrt(n))::numeric, 4) AS lower_by_sql,
       round((m + l.t * sd / sqrt(n))::numeric, 4) AS upper_by_sql,
       round(ci.lower::numeric, 4) = round((m - l.t * sd / sqrt(n))::numeric, 4)
       AND round(ci.upper::numeric, 4) = round((m + l.t * sd / sqrt(n))::numeric, 4) AS same
FROM (SELECT avg(s) AS m, stddev_samp(s) AS sd, count(*) AS n, rating_agg(s) AS st
      FROM (VALUES (1), (4), (4), (4), (4), (4), (4), (4), (4), (5), (5)) AS t(s)) AS x,
     (VALUES (0.8, 1.372184), (0.95, 2.228139), (0.99, 3.169273)) AS l(level, t),
     rating_mean_ci(st, l.level) AS ci
ORDER BY l.level;
-- the default level is 0.95, and named notation gives the positional call
SELECT (SELECT (lower, upper) FROM rating_mean_ci(state => 'v1 1:1 4:8 5:2'))
       IS NOT DISTINCT FROM (SELECT (lower, upper) FROM rating_mean_ci('v1 1:1 4:8 5:2', 0.95)) AS default_level;
-- clipped to the ratings 0-10 a state holds: {9, 10, 10, 10}: mean 9.75,
-- s = 0.5, t(0.975, 3) = 3.182446, 9.75 -/+ 3.182446 * 0.25 = [8.9544, 10.5456],
-- upper clipped to 10; {0, 10}: 5 -/+ 12.706205 * 5 = [-58.5, 68.5], both
SELECT round(lower::numeric, 4) AS lower, upper FROM rating_mean_ci('v1 9:1 10:3');
SELECT lower, upper FROM rating_mean_ci('v1 0:1 10:1');
-- weighted: Kish's n and the variance rating_stddev gives.  {5 (w 2), 4 (w 2),
-- 3 (w 1), 2 (w 1)}: n_eff = 6^2 / 10 = 3.6, df = 2.6, mean 23 / 6 = 3.833333,
-- variance (2 * (7/6)^2 + 2 * (1/6)^2 + (5/6)^2 + (11/6)^2) / 6 * 3.6 / 2.6
-- = 1.576923; t(0.975, 2.6) = 3.478182 (SciPy's stats.t.ppf), so
-- 3.833333 -/+ 3.478182 * sqrt(1.576923 / 3.6) = 3.833333 -/+ 2.302006
-- = [1.5313, 6.1353] (SciPy's stats.t.interval: 1.531328, 6.135339)
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM rating_mean_ci((SELECT rating_agg(s, w) FROM (VALUES (5, 2.0), (4, 2.0), (3, 1.0), (2, 1.0)) AS t(s, w)));
-- the same from the weighted rows in plain SQL (Kish's n, the weighted
-- variance times n / (n - 1)), with SciPy's t for df 2.6
SELECT round((m - 3.478182 * sqrt(v / n))::numeric, 4) AS lower_by_sql,
       round((m + 3.478182 * sqrt(v / n))::numeric, 4) AS upper_by_sql
FROM (SELECT m, n, sum(w * (s - m) ^ 2) / sum(w) * n / (n - 1) AS v
      FROM (VALUES (5, 2.0), (4, 2.0), (3, 1.0), (2, 1.0)) AS t(s, w),
           (SELECT sum(s * w) / sum(w) AS m, sum(w) ^ 2 / sum(w ^ 2) AS n
            FROM (VALUES (5, 2.0), (4, 2.0), (3, 1.0), (2, 1.0)) AS t(s, w)) AS k
      GROUP BY m, n) AS x;
-- unit weights give the unweighted interval (n_eff = n)
SELECT (SELECT (lower, upper) FROM rating_mean_ci(rating_agg(s, 1.0)))
       = (SELECT (lower, upper) FROM rating_mean_ci(rating_agg(s))) AS unit_weights_as_unweighted
FROM (VALUES (1), (4), (4), (4), (4), (4), (4), (4), (4), (5), (5)) AS t(s);
-- NULL where rating_stddev is (no responses, one, weighted n_eff <= 1) and
-- when every rating is equal (rating_stddev 0): no zero-width interval
SELECT st, rating_stddev(st::rating_state) AS stddev, lower, upper
FROM (VALUES ('v1'), ('v1 4:1'), ('v1 weighted sumsq=4 4:1:2 7:1:0'), ('v1 4:5'),
             ('v1 weighted sumsq=5 4:2:3')) AS t(st),
     rating_mean_ci(st::rating_state);

-- Distribution: every rating of the scale, with zero counts
SELECT * FROM rating_distribution('v1 1:1 4:8 5:2');
SELECT * FROM rating_distribution('v1 0:1 10:3', 0, 10);
SELECT * FROM rating_distribution('v1 weighted sumsq=10 2:1:1 5:1:3');
SELECT count(*) AS rows_of_empty_state FROM rating_distribution('v1');

-- Moving windows use the inverse transition: same as recomputing each frame
CREATE TABLE csat_daily (day int, score int);
INSERT INTO csat_daily SELECT d, 1 + (d * 7 + k * 3) % 5 FROM generate_series(1, 10) AS d, generate_series(1, d) AS k;
SELECT count(*) AS days, count(*) FILTER (WHERE rolling = recomputed) AS identical
FROM (SELECT DISTINCT ON (day) day,
             csat(score) OVER (ORDER BY day RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS rolling
      FROM csat_daily ORDER BY day) AS r,
     LATERAL (SELECT csat(score) AS recomputed FROM csat_daily AS d2
              WHERE d2.day BETWEEN r.day - 2 AND r.day) AS x;
-- merging daily states with csat_agg(rating_state) (or rating_agg, nps_agg) gives
-- the state of all rows
SELECT csat(csat_agg(st)) = (SELECT csat(score) FROM csat_daily) AS merged_equals_whole,
       csat_agg(st)::text = (SELECT csat_agg(score)::text FROM csat_daily) AS same_state,
       csat_agg(st)::text = rating_agg(st)::text AND csat_agg(st)::text = nps_agg(st)::text AS same_merge
FROM (SELECT day, csat_agg(score) AS st FROM csat_daily GROUP BY day) AS d;
DROP TABLE csat_daily;
