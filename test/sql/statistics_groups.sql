-- Many groups at once: homogeneity (chi-square), heterogeneity (Cochran's Q
-- and I^2), every pair and each group against the rest with Holm and
-- Benjamini-Hochberg adjusted p-values, and p_adjust.

-------------------------------------------------------------------------------
-- p_adjust
-------------------------------------------------------------------------------

-- Benjamini and Hochberg (1995), J. R. Statist. Soc. B 57:289-300, section
-- 4.2: 15 p-values; at 0.05 their procedure rejects the 4 smallest, the
-- Bonferroni-type step-down procedure (Holm's) the 3 smallest.
CREATE TABLE stat_bh AS
SELECT ARRAY[0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
             0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000]::float8[] AS p;
SELECT (SELECT count(*) FROM unnest(p_adjust(p, 'bh')) AS q WHERE q <= 0.05) AS bh_rejects,
       (SELECT count(*) FROM unnest(p_adjust(p, 'holm')) AS q WHERE q <= 0.05) AS holm_rejects,
       (SELECT count(*) FROM unnest(p_adjust(p, 'bonferroni')) AS q WHERE q <= 0.05) AS bonferroni_rejects
FROM stat_bh;
-- By hand, m = 15: Holm (m - i + 1) p(i) made non-decreasing, BH m p(i) / i
-- made non-increasing from the top, both capped at 1.
SELECT i, p[i] AS p, round(h::numeric, 6) AS holm, round(b::numeric, 6) AS bh,
       round(least(1, (SELECT max((16 - j) * p[j]) FROM generate_series(1, i) AS j))::numeric, 6) AS holm_by_hand,
       round(least(1, (SELECT min(15 * p[j] / j) FROM generate_series(i, 15) AS j))::numeric, 6) AS bh_by_hand
FROM stat_bh, unnest(p_adjust(p, 'holm'), p_adjust(p, 'bh')) WITH ORDINALITY AS u(h, b, i);
-- the order of the input does not matter; NULLs stay NULL and do not count
SELECT p_adjust('{0.04, NULL, 0.01, 0.03}') AS holm, p_adjust('{0.04, NULL, 0.01, 0.03}', 'bh') AS bh,
       p_adjust('{0.04, NULL, 0.01, 0.03}', 'bonferroni') AS bonferroni;
-- ties: equal p-values get equal adjusted ones
SELECT p_adjust('{0.01, 0.02, 0.02, 0.5}') AS holm, p_adjust('{0.01, 0.02, 0.02, 0.5}', 'bh') AS bh;
-- one p-value, none, only NULLs, two dimensions (the shape is kept)
SELECT p_adjust('{0.3}') AS one, p_adjust('{}'::float8[]) AS none, p_adjust('{NULL, NULL}'::float8[]) AS nulls,
       p_adjust('{{0.01, 0.04}, {0.03, 0.5}}') AS two_dimensional;

-------------------------------------------------------------------------------
-- proportion_homogeneity: chi-square of groups x (success, failure)
-------------------------------------------------------------------------------

-- 10, 20 and 30 of 100: pooled 0.2, expected 20 successes per group,
-- X^2 = sum (x - 20)^2 / (100 * 0.2 * 0.8) = (100 + 0 + 100) / 16 = 12.5 on
-- 2 df; with 2 df the upper tail is exp(-x / 2)
SELECT groups, chi_square, df, round(p_value::numeric, 12) AS p_value, round(exp(-12.5 / 2)::numeric, 12) AS by_hand
FROM proportion_homogeneity(ARRAY[proportion_of(10, 100), proportion_of(20, 100), proportion_of(30, 100)]);
-- two groups: X^2 is the square of proportion_compare's pooled z
SELECT round(chi_square::numeric, 9) AS chi_square, round((c.z ^ 2)::numeric, 9) AS z_squared,
       round(h.p_value::numeric, 12) = round(c.p_value::numeric, 12) AS same_p
FROM proportion_homogeneity(ARRAY[proportion_of(56, 70), proportion_of(48, 80)]) AS h,
     proportion_compare(proportion_of(56, 70), proportion_of(48, 80)) AS c;
-- groups without trials (NULL or 0/0) take no part
SELECT groups, chi_square, df
FROM proportion_homogeneity(ARRAY[proportion_of(10, 100), NULL, proportion_of(20, 100), proportion_of(0, 0), proportion_of(30, 100)]);
-- identical groups: 0 and p 1; one group, no trials at all or one outcome
-- only: no test (NULL statistic, df and p)
SELECT (proportion_homogeneity(ARRAY[proportion_of(3, 9), proportion_of(3, 9)])).chi_square AS identical,
       (proportion_homogeneity(ARRAY[proportion_of(3, 9), proportion_of(3, 9)])).p_value AS identical_p;
SELECT * FROM proportion_homogeneity(ARRAY[proportion_of(3, 9)]);
SELECT * FROM proportion_homogeneity('{}'::proportion_state[]);
SELECT * FROM proportion_homogeneity(ARRAY[proportion_of(0, 9), proportion_of(0, 4)]);
SELECT * FROM proportion_homogeneity(ARRAY[proportion_of(9, 9), proportion_of(4, 4)]);

-------------------------------------------------------------------------------
-- nps_mix_homogeneity: chi-square of groups x (promoter, passive, detractor)
-------------------------------------------------------------------------------

-- 300/125/75 and 260/140/100 of 500 each: column totals 560, 265, 175,
-- expected 280, 132.5, 87.5 per group; X^2 = 2 (20^2/280 + 7.5^2/132.5 +
-- 12.5^2/87.5) on 2 df
SELECT groups, round(chi_square::numeric, 9) AS chi_square, df, round(p_value::numeric, 9) AS p_value,
       round((2 * (400 / 280.0 + 56.25 / 132.5 + 156.25 / 87.5))::numeric, 9) AS by_hand,
       round(exp(-(2 * (400 / 280.0 + 56.25 / 132.5 + 156.25 / 87.5)) / 2)::numeric, 9) AS p_by_hand
FROM nps_mix_homogeneity(ARRAY['v1 10:300 8:125 0:75', 'v1 10:260 8:140 0:100']::rating_state[]);
-- no passives anywhere: that column is left out, 1 df
SELECT groups, df, round(chi_square::numeric, 9) AS chi_square,
       round(((c.z) ^ 2)::numeric, 9) AS promoter_share_z_squared
FROM nps_mix_homogeneity(ARRAY['v1 10:30 0:10', 'v1 9:20 3:20']::rating_state[]),
     proportion_compare(proportion_of(30, 40), proportion_of(20, 40)) AS c;
-- weighted states enter with effective counts: unit weights change nothing
SELECT (nps_mix_homogeneity(ARRAY['v1 weighted sumsq=500 10:300:300 8:125:125 0:75:75',
                                  'v1 weighted sumsq=500 10:260:260 8:140:140 0:100:100']::rating_state[])).chi_square
     = (nps_mix_homogeneity(ARRAY['v1 10:300 8:125 0:75', 'v1 10:260 8:140 0:100']::rating_state[])).chi_square AS unit_weights;
-- and doubling every weight of a side keeps its shares and n_eff
SELECT (nps_mix_homogeneity(ARRAY['v1 weighted sumsq=2000 10:300:600 8:125:250 0:75:150',
                                  'v1 10:260 8:140 0:100']::rating_state[])).chi_square
     = (nps_mix_homogeneity(ARRAY['v1 10:300 8:125 0:75', 'v1 10:260 8:140 0:100']::rating_state[])).chi_square AS scaled_weights;
-- one group only: no test
SELECT * FROM nps_mix_homogeneity(ARRAY['v1 10:3 0:1']::rating_state[]);

-------------------------------------------------------------------------------
-- nps_heterogeneity, rating_mean_heterogeneity: Cochran's Q and I^2
-------------------------------------------------------------------------------

-- Three NPS: 45 (se 3.309078), 32 (se 3.514371), 25 (se 13.693064, 40
-- responses: 20 promoters, 10 passives, 10 detractors).  Weights 1/se^2,
-- pooled = sum w y / sum w, Q = sum w (y - pooled)^2 on 2 df, p = exp(-Q/2),
-- I^2 = (Q - 2) / Q in percent.
CREATE TABLE stat_nps_groups (channel text, s rating_state);
INSERT INTO stat_nps_groups VALUES
    ('chat', 'v1 10:300 8:125 0:75'), ('phone', 'v1 10:260 8:140 0:100'), ('email', 'v1 10:20 8:10 0:10');
SELECT groups, round(pooled::numeric, 9) AS pooled, round(q::numeric, 9) AS q, df,
       round(p_value::numeric, 9) AS p_value, round(i_squared::numeric, 6) AS i_squared
FROM nps_heterogeneity((SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups));
WITH g AS (SELECT nps(s) AS y, 1 / nps_stderr(s) ^ 2 AS w FROM stat_nps_groups),
     p AS (SELECT sum(w * y) / sum(w) AS pooled FROM g),
     q AS (SELECT sum(w * (y - pooled) ^ 2) AS q FROM g, p)
SELECT round(pooled::numeric, 9) AS pooled_by_hand, round(q::numeric, 9) AS q_by_hand,
       round(exp(-q / 2)::numeric, 9) AS p_by_hand, round((100 * (q - 2) / q)::numeric, 6) AS i_squared_by_hand
FROM p, q;
-- adjusted Wald: the adjusted NPS and standard errors
WITH a AS (SELECT 100 * ((nps_promoters(s) + 0.75) - (nps_detractors(s) + 0.75)) / (nps_responses(s) + 3.0) AS y,
                  (nps_promoters(s) + 0.75) / (nps_responses(s) + 3.0) AS pp,
                  (nps_detractors(s) + 0.75) / (nps_responses(s) + 3.0) AS dd,
                  nps_responses(s) + 3.0 AS n
           FROM stat_nps_groups),
     g AS (SELECT y, n / (100 ^ 2 * (pp + dd - (pp - dd) ^ 2)) AS w FROM a),
     p AS (SELECT sum(w * y) / sum(w) AS pooled_by_hand FROM g)
SELECT round(h.q::numeric, 9) AS q, round(sum(w * (y - pooled_by_hand) ^ 2)::numeric, 9) AS q_by_hand
FROM g, p, nps_heterogeneity((SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups), 'adjusted_wald') AS h
GROUP BY h.q;
-- a unanimous group has a zero Wald standard error (infinite weight): no Q;
-- with adjusted Wald there is one
SELECT groups, pooled, q, df, p_value, i_squared
FROM nps_heterogeneity(ARRAY['v1 10:5', 'v1 10:260 8:140 0:100']::rating_state[]);
SELECT groups, round(q::numeric, 6) AS q, df
FROM nps_heterogeneity(ARRAY['v1 10:5', 'v1 10:260 8:140 0:100']::rating_state[], 'adjusted_wald');
-- identical groups: Q = 0, p 1, I^2 0; a small Q (below its df) gives I^2 0
SELECT q, p_value, i_squared, pooled FROM nps_heterogeneity(ARRAY['v1 10:5 7:3 2:2', 'v1 10:5 7:3 2:2']::rating_state[]);
SELECT round(q::numeric, 6) AS q, i_squared FROM nps_heterogeneity(ARRAY['v1 10:50 7:30 2:20', 'v1 10:48 7:31 2:21']::rating_state[]);
-- one group: its NPS pooled, no Q; empty and NULL states take no part
SELECT groups, pooled, q, df FROM nps_heterogeneity(ARRAY['v1 10:3 0:1', NULL, 'v1']::rating_state[]);

-- Mean ratings: {5, 4, 4, 3} (mean 4, se sqrt(2/3 / 4)), {2, 3, 4} (mean 3,
-- se sqrt(1/3)): w = 6 and 3, pooled = (24 + 9) / 9 = 11/3,
-- Q = 6 (1/3)^2 + 3 (2/3)^2 = 2 on 1 df, I^2 = 50%
SELECT groups, round(pooled::numeric, 12) AS pooled, round((11 / 3.0)::numeric, 12) AS pooled_by_hand,
       round(q::numeric, 12) AS q, df, round(p_value::numeric, 9) AS p_value, round(i_squared::numeric, 9) AS i_squared
FROM rating_mean_heterogeneity(ARRAY['v1 3:1 4:2 5:1', 'v1 2:1 3:1 4:1']::rating_state[]);
-- with 1 df, Q = 2 is z = sqrt 2 on the normal scale: p = 2 (1 - Phi(sqrt 2)) = 0.157299
-- a group with one response (no variance) or all ratings equal: no Q
SELECT groups, pooled, q FROM rating_mean_heterogeneity(ARRAY['v1 3:1 4:2 5:1', 'v1 5:1']::rating_state[]);
SELECT groups, pooled, q FROM rating_mean_heterogeneity(ARRAY['v1 3:1 4:2 5:1', 'v1 5:9']::rating_state[]);
-- such a group still counts in groups and voids the whole row, pooled
-- estimate included; left out (here by rating_stddev), the others have a
-- test: means 4.5 and 4 with squared standard errors 1/76 and 1/19, pooled
-- (76 * 4.5 + 19 * 4) / 95 = 4.4, Q = 76 * 0.1^2 + 19 * 0.4^2 = 3.8 on 1 df,
-- p = erfc(sqrt(1.9)) = 0.051253, I^2 = 2.8 / 3.8 = 73.684211%
SELECT * FROM rating_mean_heterogeneity(ARRAY['v1 4:10 5:10', 'v1 3:10 5:10', 'v1 2:1']::rating_state[]);
SELECT groups, round(pooled::numeric, 12) AS pooled, round(q::numeric, 12) AS q, df,
       round(p_value::numeric, 6) AS p_value, round(i_squared::numeric, 6) AS i_squared
FROM rating_mean_heterogeneity((SELECT array_agg(s) FILTER (WHERE rating_stddev(s) > 0)
                                FROM unnest(ARRAY['v1 4:10 5:10', 'v1 3:10 5:10', 'v1 2:1']::rating_state[]) AS s));
-- weighted: one response (n_eff 1), or weights so small that their squares
-- underflow (n_eff not defined, for NPS under either method) do the same
SELECT * FROM rating_mean_heterogeneity(ARRAY['v1 4:10 5:10', 'v1 weighted sumsq=4 2:1:2']::rating_state[]);
SELECT * FROM nps_heterogeneity(ARRAY['v1 10:10 8:5 0:5', 'v1 weighted sumsq=0 0:1:1e-170 8:1:1e-170 10:2:2e-170']::rating_state[]);
SELECT * FROM nps_heterogeneity(ARRAY['v1 10:10 8:5 0:5', 'v1 weighted sumsq=0 0:1:1e-170 8:1:1e-170 10:2:2e-170']::rating_state[],
                                'adjusted_wald');
-- such a state has an NPS (2 promoters, 1 detractor of 4 by weight: 25) and a
-- mean (28 / 4 = 7), but no effective n.  Against 'v1 10:10 8:5 0:10' (NPS
-- 0, mean 5.6): nps_compare gives NULL, as 0.1.0 did (stored views read the
-- same), and so do nps_test and the pairwise rows; rating_mean_compare
-- gives the difference 1.4 alone; a control chart's period has only the
-- center; nps_mix_homogeneity has no effective counts for it and leaves it
-- out
CREATE TEMP TABLE tiny_weights AS
SELECT 'v1 weighted sumsq=0 0:1:1e-170 8:1:1e-170 10:2:2e-170'::rating_state AS tiny, 'v1 10:10 8:5 0:10'::rating_state AS plain;
SELECT nps(tiny), nps_effective_n(tiny), rating_mean(tiny) FROM tiny_weights;
SELECT c.* FROM tiny_weights, nps_compare(tiny, plain, 0.95, 'adjusted_wald') AS c;
SELECT c.* FROM tiny_weights, rating_mean_compare(tiny, plain) AS c;
SELECT t.* FROM tiny_weights, nps_test(tiny, 0) AS t;
SELECT c.* FROM tiny_weights, nps_control_limits(plain, tiny) AS c;
SELECT c.* FROM tiny_weights, rating_mean_control_limits(plain, tiny) AS c;
SELECT label_a, label_b, difference, z, p_value FROM tiny_weights, nps_pairwise(ARRAY['tiny', 'plain'], ARRAY[tiny, plain]);
SELECT m.* FROM tiny_weights, nps_mix_homogeneity(ARRAY[tiny, plain]) AS m;

-------------------------------------------------------------------------------
-- Pairwise comparisons with adjusted p-values
-------------------------------------------------------------------------------

-- Three rates; every pair in the order given, each as proportion_compare;
-- the adjusted p-values are p_adjust of the three p-values.
CREATE TABLE stat_rates (channel text, s proportion_state);
INSERT INTO stat_rates VALUES ('chat', proportion_of(10, 100)), ('email', proportion_of(20, 100)), ('phone', proportion_of(30, 100));
SELECT label_a, label_b, difference, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(p_holm::numeric, 6) AS p_holm, round(p_bh::numeric, 6) AS p_bh,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM proportion_pairwise((SELECT array_agg(channel ORDER BY channel) FROM stat_rates),
                         (SELECT array_agg(s ORDER BY channel) FROM stat_rates));
WITH pairs AS (
    SELECT a.channel AS label_a, b.channel AS label_b, c.*
    FROM stat_rates a JOIN stat_rates b ON a.channel < b.channel, proportion_compare(a.s, b.s) AS c),
     adjusted AS (
    SELECT p_adjust(array_agg(p_value ORDER BY label_a, label_b)) AS holm,
           p_adjust(array_agg(p_value ORDER BY label_a, label_b), 'bh') AS bh FROM pairs)
SELECT p.label_a, p.label_b,
       bool_and(w.difference = p.difference AND w.z = p.z AND w.p_value = p.p_value
                AND w.lower = p.lower AND w.upper = p.upper) AS as_proportion_compare,
       bool_and(w.p_holm = adjusted.holm[row_number] AND w.p_bh = adjusted.bh[row_number]) AS as_p_adjust
FROM (SELECT *, row_number() OVER (ORDER BY label_a, label_b) FROM pairs) AS p, adjusted,
     proportion_pairwise((SELECT array_agg(channel ORDER BY channel) FROM stat_rates),
                         (SELECT array_agg(s ORDER BY channel) FROM stat_rates)) AS w
WHERE w.label_a = p.label_a AND w.label_b = p.label_b
GROUP BY p.label_a, p.label_b ORDER BY 1, 2;
-- NPS and means, on the three channels; rows follow the arrays' order
SELECT label_a, label_b, round(difference::numeric, 6) AS difference, round(p_value::numeric, 6) AS p_value,
       round(p_holm::numeric, 6) AS p_holm, round(p_bh::numeric, 6) AS p_bh
FROM nps_pairwise(ARRAY['chat', 'phone', 'email'],
                  (SELECT array_agg(s ORDER BY array_position(ARRAY['chat', 'phone', 'email'], channel)) FROM stat_nps_groups));
SELECT count(*) = 3 AS all_as_nps_compare
FROM nps_pairwise((SELECT array_agg(channel ORDER BY channel) FROM stat_nps_groups),
                  (SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups), 0.9, 'adjusted_wald') AS w,
     stat_nps_groups a, stat_nps_groups b, nps_compare(a.s, b.s, 0.9, 'adjusted_wald') AS c
WHERE a.channel = w.label_a AND b.channel = w.label_b
  AND (c.difference, c.stderr, c.z, c.p_value, c.lower, c.upper) = (w.difference, w.stderr, w.z, w.p_value, w.lower, w.upper);
SELECT label_a, label_b, round(difference::numeric, 6) AS difference, round(df::numeric, 3) AS df,
       round(t::numeric, 6) AS t, round(p_value::numeric, 6) AS p_value, round(p_holm::numeric, 6) AS p_holm
FROM rating_mean_pairwise((SELECT array_agg(channel ORDER BY channel) FROM stat_nps_groups),
                          (SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups));
-- A group without data: its pairs have no statistics and leave the family
-- (here one comparison remains, so its adjusted p-values are its own)
SELECT label_a, label_b, difference, round(p_value::numeric, 6) AS p_value,
       p_holm = p_value AS holm_unadjusted, p_bh = p_value AS bh_unadjusted
FROM proportion_pairwise(ARRAY['a', 'b', 'none'], ARRAY[proportion_of(10, 100), proportion_of(20, 100), NULL]);
-- one group: no pairs; identical groups: difference 0, p 1
SELECT count(*) AS pairs_of_one FROM proportion_pairwise(ARRAY['a'], ARRAY[proportion_of(1, 2)]);
SELECT difference, z, p_value, p_holm, p_bh
FROM proportion_pairwise(ARRAY['a', 'b'], ARRAY[proportion_of(1, 2), proportion_of(1, 2)]);
-- weighted with unweighted states: each pair stands alone, so it is allowed
SELECT label_a, label_b, round(difference::numeric, 6) AS difference
FROM nps_pairwise(ARRAY['w', 'u'], ARRAY['v1 weighted sumsq=5 10:3:3 0:2:2', 'v1 10:1 0:3']::rating_state[]);

-------------------------------------------------------------------------------
-- Each group against the rest
-------------------------------------------------------------------------------

-- The rest is the merge of the other states: chat against email + phone is
-- proportion_compare(chat, email + phone)
SELECT label, estimate, rest_estimate, round(difference::numeric, 6) AS difference,
       round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(p_holm::numeric, 6) AS p_holm, round(p_bh::numeric, 6) AS p_bh
FROM proportion_vs_rest((SELECT array_agg(channel ORDER BY channel) FROM stat_rates),
                        (SELECT array_agg(s ORDER BY channel) FROM stat_rates));
SELECT bool_and(v.difference = c.difference AND v.z = c.z AND v.p_value = c.p_value
                AND v.lower = c.lower AND v.upper = c.upper) AS as_compare_with_merge
FROM proportion_vs_rest((SELECT array_agg(channel ORDER BY channel) FROM stat_rates),
                        (SELECT array_agg(s ORDER BY channel) FROM stat_rates)) AS v,
     stat_rates g,
     proportion_compare(g.s, (SELECT proportion_agg(r.s) FROM stat_rates r WHERE r.channel <> g.channel)) AS c
WHERE g.channel = v.label;
-- NPS and means likewise
SELECT label, estimate, round(rest_estimate::numeric, 6) AS rest_estimate, round(z::numeric, 6) AS z,
       round(p_value::numeric, 6) AS p_value, round(p_holm::numeric, 6) AS p_holm
FROM nps_vs_rest((SELECT array_agg(channel ORDER BY channel) FROM stat_nps_groups),
                 (SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups));
SELECT bool_and((c.difference, c.stderr, c.z, c.p_value, c.lower, c.upper) = (v.difference, v.stderr, v.z, v.p_value, v.lower, v.upper)) AS as_nps_compare
FROM nps_vs_rest((SELECT array_agg(channel ORDER BY channel) FROM stat_nps_groups),
                 (SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups), 0.95, 'adjusted_wald') AS v,
     stat_nps_groups g,
     nps_compare(g.s, (SELECT nps_agg(r.s) FROM stat_nps_groups r WHERE r.channel <> g.channel), 0.95, 'adjusted_wald') AS c
WHERE g.channel = v.label;
SELECT label, round(estimate::numeric, 6) AS estimate, round(rest_estimate::numeric, 6) AS rest_estimate,
       round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_bh::numeric, 6) AS p_bh,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM rating_mean_vs_rest((SELECT array_agg(channel ORDER BY channel) FROM stat_nps_groups),
                         (SELECT array_agg(s ORDER BY channel) FROM stat_nps_groups));
-- 30 ratings with 29 tens against 270 with 240 tens and 3 of each other
-- rating: Welch's t took the 30's own small variance (t = 4.62, p = 6e-6,
-- as SciPy's ttest_ind gives).  Drawn at random from these 300 responses,
-- 30 have a sum of at least 299 in 4.75% of draws (the exact permutation
-- distribution, from scipy.stats.hypergeom rating by rating, and 4.73% of
-- 400,000 simulated draws): p = 0.095065, twice that tail.  The Pearson
-- curve of the whole's variance and skewness gave 0.069.  Both rows have
-- the same p: twice the smaller tail, whichever side's sum it is read from
SELECT label, round(difference::numeric, 6) AS difference, round(stderr::numeric, 6) AS stderr,
       round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM rating_mean_vs_rest('{small,rest}', ARRAY['v1 9:1 10:29',
                                               'v1 0:3 1:3 2:3 3:3 4:3 5:3 6:3 7:3 8:3 9:3 10:240']::rating_state[]);
-- the same responses weighted 1 each: a weighted state keeps the curve
-- (0.068592), every other column alike
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM rating_mean_vs_rest('{small,rest}',
                         ARRAY['v1 weighted sumsq=30 9:1:1 10:29:29',
                               'v1 weighted sumsq=270 0:3:3 1:3:3 2:3:3 3:3:3 4:3:3 5:3:3 6:3:3 7:3:3 8:3:3 9:3:3 10:240:240']::rating_state[]);
-- weights other than 1, the rest's tens at 2 each: the curve, skewness
-- -0.818292, p = 0.334515 (test/scripts/statistics_check.py's reference)
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{small,rest}',
                         ARRAY['v1 weighted sumsq=33 9:1:2 10:29:29',
                               'v1 weighted sumsq=990 0:3:3 1:3:3 2:3:3 3:3:3 4:3:3 5:3:3 6:3:3 7:3:3 8:3:3 9:3:3 10:240:480']::rating_state[]);
-- symmetric wholes: the skewness comes out as a rounding residue (1e-19 to
-- 1e-18) instead of 0, and the gamma form lost z in a = 4 / g^2 = 1e37,
-- giving p = 1 whatever z; below 1e-6 the normal tails decide,
-- 2 Phi(-|z|): 5.3036e-12, 4.8974e-5, 0.17204, 0.029913 (SciPy's
-- norm.sf).  Sides of 300 and more, or weighted: the curve.
SELECT label, round(z::numeric, 6) AS z, abs(skewness) < 1e-15 AS no_skewness, to_char(p_value, '9.9999EEEE') AS p_value
FROM (VALUES (1, ARRAY['v1 4:100 6:200', 'v1 4:400 6:300']::rating_state[]),
             (2, ARRAY['v1 1:120 5:181', 'v1 1:480 5:419']::rating_state[]),
             (3, ARRAY['v1 0:140 10:161', 'v1 0:560 10:539']::rating_state[]),
             (4, ARRAY['v1 weighted sumsq=30 4:10:10 6:20:20', 'v1 weighted sumsq=70 4:40:40 6:30:30']::rating_state[])) AS c(i, s),
     rating_mean_vs_rest('{g,rest}', s)
ORDER BY i, label;
-- weights 1e300 apart: the skewness (finite, about 4e149) overflows in
-- kappa2^(3/2), which underflows; it was +-Infinity.  Skewness and p are
-- NULL, the other columns stay
SELECT label, difference, z, skewness, p_value, p_holm, lower IS NOT NULL AS has_interval
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 weighted sumsq=3 0:1:1e-300 10:3:3',
                                           'v1 weighted sumsq=2 0:1:1e-300 10:2:2']::rating_state[]);
-- 3 fives against 4 threes: the fives are the largest of the 35 ways to
-- pick 3 of the 7 (counted by enumeration), p = 2/35
SELECT label, round(p_value::numeric, 6) AS p_value FROM rating_mean_vs_rest('{fives,threes}', ARRAY['v1 5:3', 'v1 3:4']::rating_state[]);
-- the smaller side up to 200 is exact: 199 tens and a nine against 1985
-- tens and 3 others, p = 0.637344 (SciPy as above); one ten more is exact
-- too, as at most 4 of the 201 can be other than tens: 0.639834 (the
-- Pearson curve gave 0.844827)
SELECT label, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 9:1 10:199', 'v1 0:1 5:1 9:1 10:1985']::rating_state[]);
SELECT label, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 9:1 10:200', 'v1 0:1 5:1 9:1 10:1985']::rating_state[]);
-- nearly flat wholes past 200 on each side: the count of zeros among the
-- group's 301 (300) is hypergeometric, p = 0.167626 (0.431495) by SciPy's
-- hypergeom; the curve gave 0.070587 (0.182123).  10^18 tens: 105 with 5
-- (1) of the 20 zeros, p = 3.5930e-76 (4.2000e-15) in exact fractions of
-- binomials, the mode's weights rescaled on the way (their ratios near
-- 3e15); 3 billion with 1 of 4 zeros, p = 1
SELECT label, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:3 10:298', 'v1 0:1 10:699']::rating_state[]);
SELECT label, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:2 10:298', 'v1 0:1 10:699']::rating_state[]);
SELECT label, to_char(p_value, '9.9999EEEE') AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:5 10:100', 'v1 0:15 10:1000000000000000000']::rating_state[]);
SELECT label, to_char(p_value, '9.9999EEEE') AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:1 10:104', 'v1 0:19 10:1000000000000000000']::rating_state[]);
SELECT label, p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:1 10:2999999999', 'v1 0:3 10:7000000000']::rating_state[]);
-- sides near 2^63 responses: the sums are compared as the others' (the
-- side's of 10^19 would overflow); 1 of 3 zeros in half the whole, p = 1
SELECT label, p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:1 10:9223372036854775806', 'v1 0:2 10:9223372036854775805']::rating_state[]);
-- counts of 10^9: 30 against 12 billion, p = 0.011601 (summed over the
-- 496 compositions of 30 with Python's exact binomials and fractions)
SELECT label, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 0:1 10:29', 'v1 0:1000000000 5:2000000000 10:9000000000']::rating_state[]);
-- one group: the rest is empty, no comparison; a group without data has
-- none either and leaves the others' rest unchanged
SELECT label, estimate, rest_estimate, difference, p_value FROM proportion_vs_rest(ARRAY['a'], ARRAY[proportion_of(1, 2)]);
SELECT label, estimate, rest_estimate, difference, p_holm
FROM proportion_vs_rest(ARRAY['a', 'b', 'none'], ARRAY[proportion_of(1, 4), proportion_of(3, 4), NULL]);
-- no groups at all: no rows
SELECT count(*) AS rows_of_none FROM nps_vs_rest('{}', '{}');
-- 2000 groups, among them groups without data: NULL states (the first and
-- the last among them) and empty ones, whose counts are 0.  Each group's
-- rest is the sum of the other groups' counts, and its row the two-sample
-- comparison with that rest
CREATE TABLE stat_many AS
SELECT g, g % 97 = 1 OR g = 2000 AS missing,
       x * (g % 13) AS successes, x * (20 + g % 7) AS trials,
       x * (g % 5) AS c10, x * (3 * g % 4) AS c8, x * (g % 3 + 1) AS c3, x * (7 * g % 5) AS c0
FROM generate_series(1, 2000) AS g, LATERAL (SELECT (g % 97 <> 1 AND g <> 2000 AND g % 89 <> 0)::integer AS x) AS d;
CREATE VIEW stat_many_rest AS
SELECT g, CASE WHEN NOT missing THEN proportion_of(successes, trials) END AS p,
       CASE WHEN NOT missing THEN format('v1 10:%s 8:%s 3:%s 0:%s', c10, c8, c3, c0)::rating_state END AS s,
       proportion_of(sum(successes) OVER () - successes, sum(trials) OVER () - trials) AS rest_p,
       format('v1 10:%s 8:%s 3:%s 0:%s', sum(c10) OVER () - c10, sum(c8) OVER () - c8,
              sum(c3) OVER () - c3, sum(c0) OVER () - c0)::rating_state AS rest_s
FROM stat_many;
WITH c AS (SELECT m.g, c.* FROM stat_many_rest m, proportion_compare(m.p, m.rest_p) AS c),
     adjusted AS (SELECT p_adjust(array_agg(p_value ORDER BY g)) AS holm,
                         p_adjust(array_agg(p_value ORDER BY g), 'bh') AS bh FROM c)
SELECT count(*) AS groups, count(v.p_value) AS compared,
       bool_and(v.estimate IS NOT DISTINCT FROM proportion(m.p) AND v.rest_estimate = proportion(m.rest_p)
                AND (v.difference, v.z, v.p_value, v.lower, v.upper)
                    IS NOT DISTINCT FROM (c.difference, c.z, c.p_value, c.lower, c.upper)
                AND (v.p_holm, v.p_bh) IS NOT DISTINCT FROM (a.holm[m.g], a.bh[m.g])) AS as_sum_of_others
FROM proportion_vs_rest((SELECT array_agg(g::text ORDER BY g) FROM stat_many_rest),
                        (SELECT array_agg(p ORDER BY g) FROM stat_many_rest)) AS v
     JOIN stat_many_rest m ON m.g = v.label::integer JOIN c ON c.g = m.g, adjusted a;
SELECT count(*) AS groups, count(v.p_value) AS compared,
       bool_and(v.estimate IS NOT DISTINCT FROM nps(m.s) AND v.rest_estimate = nps(m.rest_s)
                AND (v.difference, v.stderr, v.z, v.p_value, v.lower, v.upper)
                    IS NOT DISTINCT FROM (c.difference, c.stderr, c.z, c.p_value, c.lower, c.upper)) AS as_sum_of_others
FROM nps_vs_rest((SELECT array_agg(g::text ORDER BY g) FROM stat_many_rest),
                 (SELECT array_agg(s ORDER BY g) FROM stat_many_rest)) AS v
     JOIN stat_many_rest m ON m.g = v.label::integer, nps_compare(m.s, m.rest_s) AS c;
-- a mean rating's row is no two-sample function's: the reference is the
-- group against its summed rest as the only other group
SELECT count(*) AS groups, count(v.p_value) AS compared,
       bool_and(v.estimate IS NOT DISTINCT FROM rating_mean(m.s) AND v.rest_estimate = rating_mean(m.rest_s)
                AND (v.difference, v.stderr, v.z, v.skewness, v.p_value, v.lower, v.upper)
                    IS NOT DISTINCT FROM (c.difference, c.stderr, c.z, c.skewness, c.p_value, c.lower, c.upper)) AS as_sum_of_others
FROM rating_mean_vs_rest((SELECT array_agg(g::text ORDER BY g) FROM stat_many_rest),
                         (SELECT array_agg(s ORDER BY g) FROM stat_many_rest)) AS v
     JOIN stat_many_rest m ON m.g = v.label::integer,
     LATERAL (SELECT * FROM rating_mean_vs_rest('{g,rest}', ARRAY[m.s, m.rest_s]) WHERE label = 'g') AS c;
DROP VIEW stat_many_rest;
DROP TABLE stat_many;

DROP TABLE stat_bh, stat_nps_groups, stat_rates;
