-- One sample against a target: a rate (exact binomial, Clopper-Pearson), an
-- NPS (z on its standard error), a duration quantile against an SLA.
SET intervalstyle = 'postgres';

-- Binomial tails by plain SQL, term by term: P(B >= k) and P(B <= k).
CREATE FUNCTION pg_temp.binom_upper(k int, n int, p float8) RETURNS float8 LANGUAGE sql AS $$
    SELECT coalesce(sum((factorial(n) / (factorial(j) * factorial(n - j)))::float8 * p ^ j * (1 - p) ^ (n - j)), 0)
    FROM generate_series(greatest(k, 0), n) AS j
$$;
CREATE FUNCTION pg_temp.binom_cdf(k int, n int, p float8) RETURNS float8 LANGUAGE sql AS $$
    SELECT coalesce(sum((factorial(n) / (factorial(j) * factorial(n - j)))::float8 * p ^ j * (1 - p) ^ (n - j)), 0)
    FROM generate_series(0, least(k, n)) AS j
$$;

-------------------------------------------------------------------------------
-- proportion_test: exact binomial test, Clopper-Pearson interval
-------------------------------------------------------------------------------

-- R's binom.test example (Mendel's peas: 682 giant plants of 925, expected
-- share 3/4): the 95% Clopper-Pearson interval 0.7076683 to 0.7654066.
-- binom.test's p-value 0.3825 sums the outcomes no more likely than the
-- observed; ours is twice the smaller tail, 2 P(B <= 682) = 0.392019
-- (2 * scipy.stats.binom.cdf(682, 925, 0.75)).
SELECT round(estimate::numeric, 7) AS estimate, round(lower::numeric, 7) AS lower,
       round(upper::numeric, 7) AS upper, round(p_value::numeric, 6) AS p_value
FROM proportion_test(proportion_of(682, 925), 0.75);

-- "Is the bot at least 80% accurate?" 19 of 20 answers right, alternative
-- 'greater': p = P(B >= 19) for B binomial(20, 0.8) = 20 * 0.8^19 * 0.2 + 0.8^20
SELECT round(p_value::numeric, 9) AS p_value, round(pg_temp.binom_upper(19, 20, 0.8)::numeric, 9) AS by_hand,
       round(lower::numeric, 6) AS lower, upper
FROM proportion_test(proportion_of(19, 20), 0.8, 'greater');
-- the one-sided lower limit p_L has P(B >= 19) = 0.05 at p = p_L
SELECT round(pg_temp.binom_upper(19, 20, lower)::numeric, 12) AS tail_at_lower
FROM proportion_test(proportion_of(19, 20), 0.8, 'greater');
-- and the test rejects at 5% exactly when the target is below that limit
SELECT target, p_value < 0.05 AS rejected, target < lower AS below_limit
FROM (VALUES (0.7), (0.75), (0.76), (0.77), (0.8)) AS t(target),
     proportion_test(proportion_of(19, 20), target, 'greater');
-- a tail near 1 is 1 minus a far smaller one: 5 of 10^9 against 1/2 (and
-- the mirror image) have one-sided p-values of 1 - 10^-300000, which come
-- out as 1, not a unit above it
SELECT alternative, p_value FROM (VALUES (5, 'greater'), (999999995, 'less')) AS t(k, alternative),
     proportion_test(proportion_of(k, 1000000000), 0.5, alternative) ORDER BY alternative;

-- Past 2^53 trials a count near the trials has no double of its own: 9
-- failures in 9007199254740999 trials (2^53 + 7) against 1 - 2^-50 (8.0
-- failures expected).  n - k is formed from the integers, so P(B >= k) is
-- the chance of at most 9 failures; term by term in numeric (scale 40),
-- sum_j C(n, j) e^j (1 - e)^(n - j), e = 2^-50.  From doubles, n - k was 10
-- and the p-value 0.816.
WITH c AS (SELECT 9007199254740999::numeric AS n, (1 / 2::numeric(60, 40) ^ 50) AS e),
     terms AS (SELECT j, exp(choose.log_choose + j * ln(e) + (n - j) * ln(1 - e)) AS term
               FROM c, generate_series(0, 9) AS j,
                    LATERAL (SELECT coalesce(sum(ln((n - i)::numeric(60, 40)) - ln((i + 1)::numeric(60, 40))), 0) AS log_choose
                             FROM generate_series(0, j - 1) AS i) AS choose)
SELECT abs(t.p_value::numeric / (SELECT sum(term) FROM terms) - 1) < 1e-12 AS p_ok,
       round((SELECT sum(term) FROM terms), 6) AS p_by_hand
FROM proportion_test('v1 9007199254740990/9007199254740999', 1 - 2 ^ -50::float8, 'greater') AS t;

-- 'less': 12 of 20 against 80%: p = P(B <= 12); the interval is [0, p_U]
-- with P(B <= 12) = 0.05 at p_U
SELECT round(p_value::numeric, 9) AS p_value, round(pg_temp.binom_cdf(12, 20, 0.8)::numeric, 9) AS by_hand,
       lower, round(pg_temp.binom_cdf(12, 20, upper)::numeric, 12) AS tail_at_upper
FROM proportion_test(proportion_of(12, 20), 0.8, 'less');
-- 'two_sided': twice the smaller tail, the interval's limits at 2.5% each
SELECT round(p_value::numeric, 9) AS p_value, round((2 * pg_temp.binom_cdf(12, 20, 0.8))::numeric, 9) AS by_hand,
       round(pg_temp.binom_upper(12, 20, lower)::numeric, 12) AS tail_at_lower,
       round(pg_temp.binom_cdf(12, 20, upper)::numeric, 12) AS tail_at_upper
FROM proportion_test(proportion_of(12, 20), 0.8);
-- near the target the doubled tail passes 1: capped at 1
SELECT p_value FROM proportion_test(proportion_of(16, 20), 0.8);

-- Edge cases.  All successes: upper 1 and, in closed form, lower = (alpha/2)^(1/n)
SELECT lower, upper, round(lower::numeric, 12) = round((0.025 ^ (1 / 20.0))::numeric, 12) AS closed_form,
       round(p_value::numeric, 9) AS p_value, round((2 * 0.8 ^ 20)::numeric, 9) AS by_hand
FROM proportion_test(proportion_of(20, 20), 0.8);
-- no successes: lower 0, upper = 1 - (alpha/2)^(1/n)
SELECT lower, round(upper::numeric, 12) = round((1 - 0.025 ^ (1 / 20.0))::numeric, 12) AS closed_form
FROM proportion_test(proportion_of(0, 20), 0.1);
-- n = 1: one success against 1/2 is P(B >= 1) = 1/2 one-sided
SELECT * FROM proportion_test(proportion_of(1, 1), 0.5, 'greater');
-- targets 0 and 1: certain outcomes
SELECT (proportion_test(proportion_of(3, 10), 0, 'greater')).p_value AS at_0_greater,
       (proportion_test(proportion_of(3, 10), 0, 'less')).p_value AS at_0_less,
       (proportion_test(proportion_of(3, 10), 1, 'less')).p_value AS at_1_less;
-- no trials: NULL
SELECT proportion_test(proportion_of(0, 0), 0.5) IS NULL AS empty;
-- other levels
SELECT level, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM (VALUES (0.9), (0.95), (0.99)) AS l(level), proportion_test(proportion_of(682, 925), 0.75, 'two_sided', level);

-------------------------------------------------------------------------------
-- nps_test: z on the NPS standard error
-------------------------------------------------------------------------------

-- 60% promoters, 25% passives, 15% detractors of 500: NPS 45,
-- se = 100 sqrt((0.75 - 0.45^2) / 500) = 3.309078; against an industry 40:
-- z = 5 / se = 1.510995; 'greater': p = 1 - Phi(z) = 0.065395, interval
-- [45 - 1.644854 se, 100]
SELECT estimate, round(stderr::numeric, 6) AS stderr, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 6) AS lower, upper
FROM nps_test('v1 10:300 8:125 0:75', 40, 'greater');
SELECT round((100 * sqrt((0.75 - 0.2025) / 500))::numeric, 6) AS se_by_hand,
       round((5 / (100 * sqrt((0.75 - 0.2025) / 500)))::numeric, 6) AS z_by_hand,
       round((45 - 1.6448536269514722 * 100 * sqrt((0.75 - 0.2025) / 500))::numeric, 6) AS lower_by_hand;
-- two-sided: twice that p, the interval 45 -/+ 1.959964 se
SELECT round(p_value::numeric, 6) AS p_value, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper,
       round((45 - 1.959963984540054 * stderr)::numeric, 6) AS lower_by_hand
FROM nps_test('v1 10:300 8:125 0:75', 40);
-- 'less' against 50: z = -1.510995, the same p, interval [-100, 45 + 1.644854 se]
SELECT round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value, lower, round(upper::numeric, 6) AS upper
FROM nps_test('v1 10:300 8:125 0:75', 50, 'less');
-- adjusted Wald: 12 promoters, 3 detractors of 20 -> shares 12.75/23 and
-- 3.75/23, center 900/23 = 39.130435, se 100 sqrt((16.5/23 - (9/23)^2) / 23);
-- the estimate stays the observed 45
SELECT estimate, round(stderr::numeric, 6) AS stderr, round(z::numeric, 6) AS z,
       round((100 * sqrt((16.5 / 23 - (9 / 23.0) ^ 2) / 23))::numeric, 6) AS se_by_hand,
       round(((900 / 23.0 - 30) / (100 * sqrt((16.5 / 23 - (9 / 23.0) ^ 2) / 23)))::numeric, 6) AS z_by_hand
FROM nps_test('v1 0:3 8:5 10:12', 30, method => 'adjusted_wald');
-- unanimous under Wald: no standard error, so no z or p; the interval is the point
SELECT * FROM nps_test('v1 10:5', 50);
SELECT estimate, round(z::numeric, 6) AS z, round(lower::numeric, 4) AS lower FROM nps_test('v1 10:5', 50, method => 'adjusted_wald');
-- weighted: Kish's n_eff, as nps_stderr
SELECT round(stderr::numeric, 12) = round(nps_stderr(s)::numeric, 12) AS same_stderr
FROM (SELECT nps_agg(r, w) AS s FROM (VALUES (9, 2.0), (6, 1.0), (8, 1.0)) AS t(r, w)) x, nps_test(s, 0);
-- no responses: NULL
SELECT nps_test('v1', 0) IS NULL AS empty;

-------------------------------------------------------------------------------
-- duration_quantile_test: a quantile against an SLA
-------------------------------------------------------------------------------

-- 1 to 10 hours; is p90 under 9.5 hours?  9 of the 10 are within it (no
-- bucket holds both 9 h and 9.5 h, so the count is exact: duration_sla_bounds).
-- 'less' (p90 below the target): p = P(B >= 9), B binomial(10, 0.9);
-- 'greater': P(B <= 9); two-sided: min(1, 2 min(both))
CREATE TABLE stat_sla AS SELECT duration_agg(make_interval(hours => h)) AS s FROM generate_series(1, 10) AS h;
SELECT lower, upper FROM stat_sla, duration_sla_bounds(s, '9 hours 30 minutes');
SELECT alternative, round(p_value::numeric, 9) AS p_value, share_within,
       round(CASE alternative WHEN 'less' THEN pg_temp.binom_upper(9, 10, 0.9)
                              WHEN 'greater' THEN pg_temp.binom_cdf(9, 10, 0.9)
                              ELSE least(1, 2 * least(pg_temp.binom_upper(9, 10, 0.9), pg_temp.binom_cdf(9, 10, 0.9))) END::numeric, 9) AS by_hand
FROM stat_sla, (VALUES ('less'), ('greater'), ('two_sided')) AS a(alternative),
     duration_quantile_test(s, 0.9, '9 hours 30 minutes', alternative);
-- A target inside a bucket (9 h 1 s shares 9 h's): 8 or 9 within it.  Each
-- p-value takes the count least favourable to its alternative: 'less' uses 8
-- (P(B >= 8)), 'greater' uses 9 (P(B <= 9)).
SELECT lower, upper FROM stat_sla, duration_sla_bounds(s, '9 hours 1 second');
SELECT alternative, round(p_value::numeric, 9) AS p_value,
       round(CASE alternative WHEN 'less' THEN pg_temp.binom_upper(8, 10, 0.9)
                              ELSE pg_temp.binom_cdf(9, 10, 0.9) END::numeric, 9) AS by_hand
FROM stat_sla, (VALUES ('less'), ('greater')) AS a(alternative),
     duration_quantile_test(s, 0.9, '9 hours 1 second', alternative);

-- 100 cases, 98 of them under 4 hours: p90 <= 4 h is well supported.
-- 'less': p = P(B >= 98), B binomial(100, 0.9).  The quantile's one-sided
-- upper limit is X_(u), u the smallest with P(B >= u) <= 0.05: u = 96, since
-- P(B >= 95) = 0.0576 > 0.05 >= P(B >= 96) = 0.0237 (the table below).
CREATE TABLE stat_sla100 AS
SELECT duration_agg(CASE WHEN i <= 98 THEN make_interval(mins => i * 2) ELSE make_interval(hours => 5 + i) END) AS s
FROM generate_series(1, 100) AS i;
SELECT k, round(pg_temp.binom_upper(k, 100, 0.9)::numeric, 6) AS p_at_least FROM generate_series(94, 98) AS k;
SELECT quantile, share_within, round(p_value::numeric, 9) AS p_value, lower, upper,
       round(pg_temp.binom_upper(98, 100, 0.9)::numeric, 9) AS by_hand
FROM stat_sla100, duration_quantile_test(s, 0.9, '4 hours', 'less');
-- the upper limit is the longest duration of the bucket of rank 96 (192 min)
SELECT upper >= interval '192 minutes' AND upper <= interval '192 minutes' * 1.0202 AS rank_96_bucket
FROM stat_sla100, duration_quantile_test(s, 0.9, '4 hours', 'less');
-- 'greater' has a lower limit and no upper one: X_(l), l - 1 the largest k
-- with P(B <= k) <= 0.05: k = 84 (P(B <= 84) = 0.0399, P(B <= 85) = 0.0726),
-- so rank 85 of 2-minute steps, 170 minutes, in its bucket
SELECT quantile, lower, upper, round(p_value::numeric, 9) AS p_value,
       lower <= interval '170 minutes' AND lower * 1.0202 >= interval '170 minutes' AS rank_85_bucket
FROM stat_sla100, duration_quantile_test(s, 0.9, '4 hours', 'greater');
-- seconds: the same test
SELECT t.p_value = ts.p_value AS same_p, abs(extract(epoch FROM t.quantile) - ts.quantile) < 1e-6 AS same_quantile,
       extract(epoch FROM t.upper) = ts.upper AS same_upper
FROM stat_sla100, duration_quantile_test(s, 0.9, '4 hours', 'less') AS t,
     duration_quantile_test_seconds(s, 0.9, 14400, 'less') AS ts;
-- a target beyond every duration: all within; below every one: none
SELECT share_within, p_value < 1e-4 AS tiny_p FROM stat_sla100, duration_quantile_test(s, 0.9, '1000 hours', 'less');
SELECT share_within, p_value FROM stat_sla100, duration_quantile_test(s, 0.9, '1 minute', 'less');
-- no durations: NULL
SELECT duration_quantile_test(duration_agg(d), 0.9, '4 hours') IS NULL AS empty
FROM (SELECT interval '1 hour' AS d WHERE false) AS t;
-- ... nor does an empty state (from text)
SELECT duration_quantile_test('v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0', 0.9, '4 hours') IS NULL AS empty_state;
-- 3 durations: P(B >= 3) = 0.729 for binomial(3, 0.9), over 0.025, so no
-- rank bounds p90 from above; from below rank 1 does (P(B < 1) = 0.001)
SELECT lower, upper FROM (SELECT duration_agg(make_interval(hours => h)) AS s FROM generate_series(1, 3) AS h) x,
     duration_quantile_test(s, 0.9, '4 hours');
-- 2^63 - 1 durations of 1 s (the most a state counts): both limits are
-- 1 s, and the difference of two such quantiles is 0 to 0; the ranks near
-- n / 2 were once lost to overflow (lower 0, difference -1 s to 1 s)
SELECT lower, upper FROM duration_quantile_test(
    'v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807 min=1 max=1 zero=0 0:9223372036854775807', 0.5, '1 hour');
SELECT difference, lower, upper FROM duration_quantile_compare(
    'v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807 min=1 max=1 zero=0 0:9223372036854775807',
    'v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807 min=1 max=1 zero=0 0:9223372036854775807', 0.5);

DROP TABLE stat_sla, stat_sla100;
