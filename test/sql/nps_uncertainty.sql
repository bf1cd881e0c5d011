-- Standard error, confidence interval and comparison of two NPS states.
-- Var = (p + d - (p - d)^2) / n on the 0-1 scale; points are x100.

-- {9, 10, 6, 8}: p = 0.5, d = 0.25 -> Var = (0.75 - 0.0625) / 4 = 0.171875
SELECT nps_stderr(st) AS stderr, 100 * sqrt(0.171875::float8) AS by_hand
FROM (SELECT nps_agg(s) AS st FROM (VALUES (9), (10), (6), (8)) t(s)) x;
-- 95%: 25 -/+ 1.959964 * 41.4578 = [-56.26, 106.26], clipped to [-56.26, 100]
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM nps_ci('v1 6:1 8:1 9:1 10:1');
-- other levels; the interval widens with the level
SELECT level, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM (VALUES (0.5), (0.8), (0.9), (0.95), (0.99), (0.999)) AS l(level),
     LATERAL nps_ci('v1 0:200 7:300 9:500', level);
-- by hand for the 99% row: p = 0.5, d = 0.2, se = 100 sqrt((0.7 - 0.09) / 1000)
SELECT round((30 - 2.5758293035489 * 100 * sqrt(0.61 / 1000))::numeric, 4) AS lower_99,
       round((30 + 2.5758293035489 * 100 * sqrt(0.61 / 1000))::numeric, 4) AS upper_99;

-- Nearly unanimous at scale: the variance is computed as (p + d) s + 4 p d
-- with passive share s, equal to p + d - (p - d)^2 but without its
-- cancellation.  Against the formula in numeric arithmetic (scale 40):
-- 10^12 promoters beside one detractor, 10^6 beside one, and 10^12 beside
-- one passive; the textbook form in doubles kept 5 and 10 digits of the
-- first two.  Adjusted Wald adds 1.5 to the passives (3 - 2 x 0.75).
CREATE TEMP TABLE near_unanimous (promoters bigint, passives bigint, detractors bigint);
INSERT INTO near_unanimous VALUES (1000000000000, 0, 1), (1000000, 0, 1), (1000000000000, 1, 0);
SELECT u.promoters, u.passives, u.detractors,
       abs(nps_stderr(st)::numeric / (100 * sqrt((p + d - (p - d) ^ 2) / n)) - 1) < 1e-14 AS wald_ok,
       abs(t.stderr::numeric / (100 * sqrt((pa + da - (pa - da) ^ 2) / (n + 3))) - 1) < 1e-14 AS adjusted_ok
FROM near_unanimous u,
     LATERAL (SELECT format('v1 10:%s 8:%s 0:%s', u.promoters, u.passives, u.detractors)::rating_state AS st,
                     (u.promoters + u.passives + u.detractors)::numeric(60, 40) AS n) AS s,
     LATERAL (SELECT u.promoters / n AS p, u.detractors / n AS d,
                     (u.promoters + 0.75) / (n + 3) AS pa, (u.detractors + 0.75) / (n + 3) AS da) AS shares,
     LATERAL nps_test(st, 0, method => 'adjusted_wald') AS t
ORDER BY 1, 2;

-- Near -100 (or 100) on both sides, the difference is formed from the
-- small shares: 10^18 detractors beside 5 promoters against 10^16
-- detractors beside 5 passives and 5 promoters (rated 8 and 5: 5 is a
-- detractor too).  Against numeric arithmetic (scale 40) for z, with the
-- textbook variance; from the two rounded scores, z was -1.906 for -2.191.
WITH c AS (SELECT 1000000000000000005::numeric(60, 40) AS na, 10000000000000010::numeric(60, 40) AS nb),
     s AS (SELECT 5 / na AS pa, (na - 5) / na AS da, 0 / nb AS pb, (nb - 5) / nb AS db, na, nb FROM c),
     h AS (SELECT 100 * ((pa - da) - (pb - db)) AS d,
                  100 * sqrt((pa + da - (pa - da) ^ 2) / na + (pb + db - (pb - db) ^ 2) / nb) AS se FROM s)
SELECT abs(r.z::numeric / (h.d / h.se) - 1) < 1e-12 AS z_ok, round(r.z::numeric, 4) AS z
FROM h, nps_compare('v1 0:1000000000000000000 9:5', 'v1 0:10000000000000000 8:5 5:5') AS r;
-- Unanimous samples have no sampling variance under this formula
SELECT nps_stderr('v1 10:5') AS all_promoters_se, (nps_ci('v1 10:5')).*;
SELECT nps_stderr('v1 0:5') AS all_detractors_se, (nps_ci('v1 0:5')).*;
-- Adjusted Wald (Rocks 2016): add 3/4 to promoters and detractors, 3 to n.
-- Five promoters: p' = 5.75/8, d' = 0.75/8, center 62.5,
-- se = 100 sqrt((0.8125 - 0.625^2) / 8) = 22.9640; 95%: [17.49, 100 (107.51)]
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM nps_ci('v1 10:5', method => 'adjusted_wald');
SELECT round((62.5 - 1.959963984540054 * 100 * sqrt((0.8125 - 0.390625) / 8))::numeric, 4) AS by_hand;
-- with 1000 responses the adjustment hardly matters
SELECT round(w.lower::numeric, 2) AS wald_lower, round(a.lower::numeric, 2) AS adjusted_lower,
       round(w.upper::numeric, 2) AS wald_upper, round(a.upper::numeric, 2) AS adjusted_upper
FROM nps_ci('v1 0:200 7:300 9:500') w, nps_ci('v1 0:200 7:300 9:500', 0.95, 'adjusted_wald') a;

-- no responses, or only zero weights: NULL, not an error
SELECT nps_stderr('v1') AS empty_se, nps_ci('v1') IS NULL AS empty_ci,
       nps_stderr('v1 weighted sumsq=0 9:2:0') AS zero_weight_se;
-- without mass there is no estimate but a sample size of 0: nps_effective_n
-- is 0 while nps, its shares, standard error and interval are NULL, and
-- nps_responses still counts the rows.  Two responses of weight 0, and the
-- empty state:
SELECT 'weights 0' AS state, nps_responses(s) AS responses, nps_effective_n(s) AS n_eff, nps(s),
       nps_promoter_share(s) AS promoter_share, nps_stderr(s) AS stderr, nps_ci(s) IS NULL AS no_ci,
       nps_json(s)->'effective_n' AS json_n_eff, nps_json(s)->'nps' AS json_nps
FROM (SELECT nps_agg(score, 0.0) AS s FROM (VALUES (9), (3)) AS t(score)) AS x
UNION ALL
SELECT 'empty', nps_responses(s), nps_effective_n(s), nps(s), nps_promoter_share(s), nps_stderr(s),
       nps_ci(s) IS NULL, nps_json(s)->'effective_n', nps_json(s)->'nps'
FROM (VALUES ('v1'::rating_state)) AS t(s);

-- Weighted: n is Kish's effective sample size (sum w)^2 / sum w^2.
-- Weights 2, 1, 1 on {9, 6, 8}: p = 0.5, d = 0.25, n_eff = 16/6
SELECT nps_effective_n(st) AS n_eff, nps_stderr(st) AS stderr,
       100 * sqrt((0.75 - 0.0625) / (16.0 / 6)) AS by_hand
FROM (SELECT nps_agg(s, w) AS st FROM (VALUES (9, 2.0), (6, 1.0), (8, 1.0)) t(s, w)) x;
-- unequal weights shrink n_eff below n and widen the interval
SELECT nps_responses(st) AS n, round(nps_effective_n(st)::numeric, 6) AS n_eff,
       round(nps_stderr(st)::numeric, 6) AS weighted_se,
       round(nps_stderr(unweighted)::numeric, 6) AS unweighted_se
FROM (SELECT nps_agg(s % 11, 1 + (s % 5)) AS st, nps_agg(s % 11) AS unweighted
      FROM generate_series(1, 1000) s) x;

-- Comparing two states: a carmaker's NPS fell from 45 to 32.  With 500
-- responses each (60/25/15 % and 52/28/20 %) the drop is real (p < 0.01) ...
SELECT round(difference::numeric, 6) AS difference, round(stderr::numeric, 6) AS stderr,
       round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM nps_compare('v1 10:300 8:125 0:75', 'v1 10:260 8:140 0:100');
-- ... by hand: se = 100 sqrt((0.75 - 0.45^2)/500 + (0.72 - 0.32^2)/500)
SELECT round((100 * sqrt((0.75 - 0.2025) / 500 + (0.72 - 0.1024) / 500))::numeric, 6) AS se,
       round((13 / (100 * sqrt((0.75 - 0.2025) / 500 + (0.72 - 0.1024) / 500)))::numeric, 6) AS z;
-- ... while 45 -> 30 with 20 responses each is noise (p > 0.3)
SELECT round(difference::numeric, 6) AS difference, round(z::numeric, 6) AS z,
       round(p_value::numeric, 6) AS p_value
FROM nps_compare('v1 0:3 8:5 10:12', 'v1 0:4 8:6 10:10');
-- order matters for the sign only
SELECT (nps_compare(a, b)).difference AS a_minus_b, (nps_compare(b, a)).difference AS b_minus_a,
       (nps_compare(a, b)).p_value = (nps_compare(b, a)).p_value AS same_p
FROM (VALUES ('v1 0:3 8:5 10:12'::rating_state, 'v1 0:4 8:6 10:10'::rating_state)) t(a, b);
-- VIP customers 37 points above ordinary ones, 100 responses each: 60 vs 23.
-- Weighted states compare too; unit weights give the unweighted answer.
SELECT round(difference::numeric, 6) AS difference, round(z::numeric, 6) AS z,
       p_value < 0.001 AS significant
FROM nps_compare('v1 0:10 8:20 10:70', 'v1 0:22 8:33 10:45');
SELECT round(difference::numeric, 6) AS difference, round(z::numeric, 6) AS z
FROM nps_compare('v1 weighted sumsq=100 0:10:10 8:20:20 10:70:70',
                 'v1 weighted sumsq=100 0:22:22 8:33:33 10:45:45');
-- both unanimous: the difference is known but z, p and the interval are
-- undefined (NULL), as with one side unanimous (statistics_flat_side)
SELECT * FROM nps_compare('v1 10:5', 'v1 0:5');
-- an empty side: no comparison
SELECT nps_compare('v1', 'v1 9:3') IS NULL AS empty_side;
-- The interval of a difference is clipped to [-200, 200], the range nps(a) -
-- nps(b) can take.  'v1 0:1 10:3' (NPS 50) against 'v1 0:3 10:1' (NPS -50):
-- each Var = (1 - 0.5^2) / 4 = 0.1875, so se = 100 sqrt(2 * 0.1875) = 61.237244
-- and 100 -/+ 1.959964 * 61.237244 = [-20.022792, 220.022792]: upper 200
SELECT difference, round(stderr::numeric, 6) AS stderr, round(lower::numeric, 6) AS lower, upper
FROM nps_compare('v1 0:1 10:3', 'v1 0:3 10:1');
SELECT round((100 - 1.959963984540054 * 100 * sqrt(2 * 0.1875))::numeric, 6) AS lower_by_hand,
       round((100 + 1.959963984540054 * 100 * sqrt(2 * 0.1875))::numeric, 6) AS upper_unclipped;
-- swapped, the lower end is clipped; and both ends when the margin passes 200
-- on either side: one promoter and one detractor each, Var = 1 / 2 per side,
-- se = 100, at 99% 0 -/+ 2.575829 * 100
SELECT difference, lower, round(upper::numeric, 6) AS upper FROM nps_compare('v1 0:3 10:1', 'v1 0:1 10:3');
SELECT difference, stderr, lower, upper FROM nps_compare('v1 0:1 10:1', 'v1 0:1 10:1', 0.99);
