-- Complaint categories (docs/contacts.md): shares with Wilson intervals,
-- Pareto classes, the top k, and comparisons of two periods' mixes; cases
-- computed by hand and against published values.
SET extra_float_digits = 0;

-- 100 complaints: logistics damage 25, late delivery 20, wrong item 15,
-- quality 10, refund slow 10, packaging 8, other 7, no reason given (NULL) 5
CREATE TEMP TABLE complaints AS
SELECT reason, 1 + i % 3 AS day
FROM (VALUES ('logistics damage', 25), ('late delivery', 20), ('wrong item', 15), ('quality', 10),
             ('refund slow', 10), ('packaging', 8), ('other', 7), (NULL, 5)) AS r(reason, n),
     generate_series(1, n) AS i;
SELECT category_agg(reason) AS state FROM complaints;

-- Shares from the largest (equal counts by name, NULL last), cumulative
-- shares 25, 45, 60, 70, 80, 88, 95, 100%.  Class A: the categories before
-- which less than 80% is reached (the first five, exactly 80%), B: less
-- than 95% before (packaging, other), C: the rest.
SELECT rank, category, count, weight, share, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       cumulative_share, pareto_class
FROM category_shares((SELECT category_agg(reason) FROM complaints));
-- the interval is proportion_ci's Wilson interval of count / total
SELECT bool_and(s.lower = p.lower AND s.upper = p.upper) AS wilson_of_proportion
FROM category_shares((SELECT category_agg(reason) FROM complaints), 0.9) AS s,
     proportion_ci(proportion_of(s.count, 100), 0.9) AS p;
-- other limits: A before 50%, B before 90%
SELECT string_agg(coalesce(category, 'NULL') || ':' || pareto_class, ', ' ORDER BY rank) AS classes
FROM category_shares((SELECT category_agg(reason) FROM complaints), class_a => 0.5, class_b => 0.9);

-- The top k, counts and shares of one category, the total
SELECT category_top(s, 3) AS top3, category_top(s, 0) AS top0, category_top(s, 10) AS all_of_them,
       category_count(s, 'quality') AS quality, category_count(s, 'unknown') AS unknown,
       category_share(s, 'late delivery') AS late_share, category_share(s, 'unknown') AS unknown_share,
       category_total(s) AS total
FROM (SELECT category_agg(reason) AS s FROM complaints) AS x;

-- Daily states merge exactly to the state of all rows, in any order, with
-- the merge aggregate and with +
SELECT (SELECT category_agg(d ORDER BY day DESC) FROM (SELECT day, category_agg(reason) AS d FROM complaints GROUP BY day) AS x)::text
       = (SELECT category_agg(reason) FROM complaints)::text AS merge_is_one_pass,
       (SELECT a.d + b.d FROM (SELECT category_agg(reason) AS d FROM complaints WHERE day = 1) AS a,
                              (SELECT category_agg(reason) AS d FROM complaints WHERE day = 2) AS b)::text
       = (SELECT category_agg(reason) FROM complaints WHERE day < 3)::text AS plus;
-- A state without rows merges with either kind, in either order, as the
-- other state; of two without rows the weighted kind is kept
SELECT a, b, (SELECT category_agg(s ORDER BY o) FROM (VALUES (1, a), (2, b)) AS t(o, s)) AS merged,
       (SELECT category_agg(s ORDER BY o DESC) FROM (VALUES (1, a), (2, b)) AS t(o, s)) AS merged_reversed,
       a + b AS plus, b + a AS plus_reversed, category_state_combine(b, a) AS combine_reversed
FROM (VALUES ('v1'::category_state, 'v1 weighted sumsq=1 "a":1:1'::category_state),
             ('v1 weighted sumsq=0', 'v1 "a":1 null:2'),
             ('v1', 'v1 weighted sumsq=0')) AS x(a, b);

-- Weighted: a: two rows of weight 1, b: one of weight 2.  Shares 2/4 each;
-- Kish's effective size (1 + 1 + 2)^2 / (1 + 1 + 4) = 8/3, so each share's
-- interval is the Wilson interval of 4/3 of 8/3; by hand at 95%:
--   z^2/n = 3.8415 * 3/8 = 1.44055, center 0.5, half = z/(1 + 1.44055)
--   * sqrt(0.25 * 3/8 + 1.44055 * 3/32) = 0.80308 * 0.47833 = 0.38414:
--   0.1159 to 0.8841
SELECT category, count, weight, share, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM category_shares((SELECT category_agg(r, w) FROM (VALUES ('a', 1.0), ('a', 1.0), ('b', 2.0), ('c', NULL)) AS t(r, w)));
-- zero weights count rows but weigh nothing: no shares
SELECT category, count, weight, share, lower, cumulative_share, pareto_class
FROM category_shares((SELECT category_agg(r, 0.0) FROM (VALUES ('a'), ('b')) AS t(r)));
-- weights below about 1.5e-154 have squares below the normal range, whose
-- sum loses digits (Kish's n was 3.03 for 3 equal weights of 1e-161): no
-- interval; at 1e-150 the interval of the unweighted shares
SELECT w, category, share, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM (VALUES (1e-150::float8), (1e-161)) AS v(w),
     category_shares((SELECT category_agg(r, w) FROM (VALUES ('a'), ('a'), ('b')) AS t(r)))
ORDER BY w DESC, category;

-- Comparing two periods: share(a) - share(b), a minus b as in every
-- *_compare.  Newcombe's hybrid score interval, on the example of his 1998
-- paper (table II, 56/70 against 48/80: the difference 0.2 has the
-- interval 0.0524 to 0.3339, method 10) given the other way round, 48/80
-- against 56/70: -0.2 with -0.3339 to -0.0524.
SELECT category, count_a, count_b, share_a, share_b, round(difference::numeric, 4) AS difference,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM category_compare((SELECT category_agg(r) FROM (VALUES ('x', 48), ('y', 32)) AS v(r, n), generate_series(1, n)),
                      (SELECT category_agg(r) FROM (VALUES ('x', 56), ('y', 14)) AS v(r, n), generate_series(1, n)));
-- categories of one period only have a share of 0 in the other
SELECT category, count_a, count_b, share_a, share_b, difference
FROM category_compare('v1 "a":3 "b":1', 'v1 "b":2 "c":2 null:4');
-- b against a mirrors a against b exactly: counts and shares swapped, the
-- difference negated, the limits negated and swapped (weighted too)
CREATE TEMP TABLE compare_pair AS
SELECT 'v1 "a":3 "b":1 "d":40'::category_state AS x, 'v1 "b":2 "c":2 "d":17 null:4'::category_state AS y
UNION ALL
SELECT (SELECT category_agg(c, w) FROM (VALUES ('a', 1.5), ('b', 0.25), ('a', 2.0), ('c', 7.0)) t(c, w)),
       (SELECT category_agg(c, w) FROM (VALUES ('a', 3.0), ('b', 1.0), (NULL, 0.5), ('b', 4.0)) t(c, w));
SELECT count(*) AS rows,
       bool_and(coalesce(xy.count_a = yx.count_b AND xy.count_b = yx.count_a AND xy.share_a = yx.share_b
                         AND xy.share_b = yx.share_a AND xy.difference = -yx.difference
                         AND xy.lower = -yx.upper AND xy.upper = -yx.lower, false)) AS mirrored
FROM compare_pair,
     category_compare(x, y, 0.9) AS xy
     JOIN category_compare(y, x, 0.9) AS yx ON xy.category IS NOT DISTINCT FROM yx.category;
-- a category holding nearly everything: its difference and interval come
-- from the counts outside it, against proportion_compare of the same
-- counts in the same order (its limits checked there against numeric
-- arithmetic); 10^12 "x" beside 3 and 10 others gave a difference of
-- 6.99996e-12 for 7e-12
SELECT c.category, c.difference = p.difference AS same_difference, c.lower = p.lower AS same_lower,
       c.upper = p.upper AS same_upper, c.difference
FROM category_compare('v1 "x":1000000000000 "y":3', 'v1 "x":1000000000000 "y":10') AS c,
     proportion_compare('v1 1000000000000/1000000000003', 'v1 1000000000000/1000000000010') AS p
WHERE c.category = 'x';

-- Chi-square test of homogeneity.  a: damage 40, late 60, other 100;
-- b: 20, 70, 110 (200 each).  Expected counts are half the column
-- sums: 30, 65, 105; chi2 = 2 (10^2/30 + 5^2/65 + 5^2/105) = 7.91209, df 2,
-- p = exp(-chi2/2) = 0.019139 (the chi-square upper tail with 2 degrees of
-- freedom), Cramer's V = sqrt(7.91209 / 400) = 0.140642
SELECT round(chi_square::numeric, 5) AS chi_square, df, round(p_value::numeric, 6) AS p_value,
       round(exp(-chi_square / 2)::numeric, 6) AS closed_form, min_expected, round(cramers_v::numeric, 6) AS cramers_v
FROM category_mix_test('v1 "damage":40 "late":60 "other":100', 'v1 "damage":20 "late":70 "other":110');
-- a 2 x 2 table: expected counts 10, chi2 = 4 * 3^2 / 10 = 3.6 with one
-- degree of freedom, p = P(|Z| > sqrt(3.6) = 1.897367) = 0.057780
SELECT round(p_value::numeric, 6) AS p_value
FROM category_mix_test('v1 "a":13 "b":7', 'v1 "a":7 "b":13');
-- without two categories, or without rows in a period: no test
SELECT (category_mix_test('v1 "a":5', 'v1 "a":9')).*;
SELECT (category_mix_test('v1', 'v1 "a":1 "b":1')).*;
-- a category whose rows all weigh 0 is no column of the table (its
-- expected counts would be 0): the test is the one without its row, and
-- with it the only category of weight, none
CREATE TEMP TABLE mix_weighted AS
SELECT (SELECT category_agg(c, w) FROM (VALUES ('a', 1.0), ('b', 1.0), ('a', 1.0), ('b', 2.0), ('z', 0.0)) t(c, w)) AS a_with_z,
       (SELECT category_agg(c, w) FROM (VALUES ('a', 1.0), ('b', 1.0), ('a', 1.0), ('b', 2.0)) t(c, w)) AS a,
       (SELECT category_agg(c, w) FROM (VALUES ('a', 3.0), ('b', 1.0), ('a', 1.0), ('b', 1.0)) t(c, w)) AS b;
SELECT (category_mix_test(a_with_z, b)).*, category_mix_test(a_with_z, b) = category_mix_test(a, b) AS as_without
FROM mix_weighted;
SELECT (category_mix_test((SELECT category_agg(c, w) FROM (VALUES ('a', 1.0), ('z', 0.0)) t(c, w)),
                          (SELECT category_agg(c, w) FROM (VALUES ('a', 2.0)) t(c, w)))).*;

-- Names are found by a hash of their bytes read a word at a time: names
-- that differ only in their last byte, or only in length, of every length
-- from 0 to 19 bytes (around the 4- and 8-byte reads), each counted as
-- GROUP BY counts it, past the first 16 categories a state makes room for
CREATE TABLE category_names AS
SELECT left('reason 0123456789ab', n) || suffix AS reason
FROM generate_series(0, 19) AS n, unnest(ARRAY['', '1', '2', '12']) AS suffix,
     generate_series(1, 1 + (n * 7 + length(suffix)) % 5) AS copies
ORDER BY hashtext(left('reason 0123456789ab', n) || suffix || copies);
SELECT count(*) AS categories, count(*) FILTER (WHERE s.count = p.count) AS counted_alike,
       sum(s.count) AS rows
FROM category_shares((SELECT category_agg(reason) FROM category_names)) AS s
FULL JOIN (SELECT reason, count(*) FROM category_names GROUP BY reason) AS p ON p.reason = s.category;
DROP TABLE category_names;
-- and names of every length from 1 to 40 bytes that differ from one
-- another in a single byte, at every position (from 8 bytes on, the first
-- and last words are read apart from the loop over the words between them:
-- together they must reach every byte)
CREATE TABLE category_bytes AS
SELECT CASE WHEN p = 0 THEN repeat('k', n) ELSE overlay(repeat('k', n) PLACING 'q' FROM p) END AS reason
FROM generate_series(1, 40) AS n, generate_series(0, n) AS p,
     generate_series(1, 1 + (n + p) % 3) AS copies
ORDER BY hashtext(n || ' ' || p || ' ' || copies);
SELECT count(*) AS categories, count(*) FILTER (WHERE s.count = p.count) AS counted_alike,
       sum(s.count) AS rows
FROM category_shares((SELECT category_agg(reason) FROM category_bytes)) AS s
FULL JOIN (SELECT reason, count(*) FROM category_bytes GROUP BY reason) AS p ON p.reason = s.category;
DROP TABLE category_bytes;
