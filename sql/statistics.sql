-- @since 0.2.0
-- Is it real? Two samples compared for every state type, one sample against
-- a target, many groups at once, p-values adjusted for many comparisons
-- (docs/statistics.md).  Every function checks its arguments (level in (0, 1),
-- method, alternative, target) before looking at the data; a figure that does
-- not exist for the data (z without variance, a bound the sample cannot give)
-- is NULL.

-------------------------------------------------------------------------------
-- Two samples
-------------------------------------------------------------------------------

CREATE FUNCTION proportion_compare(a proportion_state, b proportion_state,
                                   level double precision DEFAULT 0.95,
                                   OUT difference double precision, OUT z double precision,
                                   OUT p_value double precision,
                                   OUT lower double precision, OUT upper double precision,
                                   OUT risk_ratio double precision,
                                   OUT risk_ratio_lower double precision,
                                   OUT risk_ratio_upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_compare(proportion_state, proportion_state, double precision) IS
    'Is rate(a) - rate(b) real? Difference with Newcombe''s hybrid score interval, pooled two-proportion z and two-sided p, risk ratio with Katz''s log interval; NULL when a side has no trials';

CREATE FUNCTION csat_compare(a rating_state, b rating_state,
                             scale_min integer DEFAULT 1, scale_max integer DEFAULT 5,
                             satisfied_from integer DEFAULT 4,
                             level double precision DEFAULT 0.95,
                             OUT difference double precision, OUT z double precision,
                             OUT p_value double precision,
                             OUT lower double precision, OUT upper double precision,
                             OUT risk_ratio double precision,
                             OUT risk_ratio_lower double precision,
                             OUT risk_ratio_upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_compare(rating_state, rating_state, integer, integer, integer, double precision) IS
    'Is csat(a) - csat(b) real? The top-box shares compared as proportions (as proportion_compare; difference and interval in percentage points; Kish effective counts when weighted)';

CREATE FUNCTION rating_mean_compare(a rating_state, b rating_state,
                                    level double precision DEFAULT 0.95,
                                    OUT difference double precision, OUT stderr double precision,
                                    OUT df double precision, OUT t double precision,
                                    OUT p_value double precision,
                                    OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_compare(rating_state, rating_state, double precision) IS
    'Is rating_mean(a) - rating_mean(b) real? Welch''s t with Welch-Satterthwaite df, two-sided p and interval (Kish effective n when weighted); NULL when a side has no responses';

CREATE FUNCTION dimension_compare(a dimension_state, b dimension_state,
                                  level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n_a bigint, n_b bigint,
                   mean_a double precision, mean_b double precision,
                   difference double precision, stderr double precision,
                   df double precision, t double precision, p_value double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION dimension_compare(dimension_state, dimension_state, double precision) IS
    'Per dimension (by position or by name), Welch''s t of mean(a) - mean(b): answers and means of each side, difference, stderr, df, t, two-sided p and interval';

-- level and method have no defaults: a call of three arguments always means
-- 0.1.0's nps_compare(a, b, level), also with an untyped level ('0.9', or a
-- parameter a driver sends untyped), which a text argument in third place
-- would take over.
CREATE FUNCTION nps_compare(a rating_state, b rating_state, level double precision,
                            method text,
                            OUT difference double precision, OUT stderr double precision,
                            OUT z double precision, OUT p_value double precision,
                            OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME', 'nps_compare_method' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_compare(rating_state, rating_state, double precision, text) IS
    'nps_compare with a method: ''wald'' (as nps_compare(a, b, level)) or ''adjusted_wald'' (3/4 promoter and detractor and 3 responses added to each side; difference stays the observed one)';

CREATE FUNCTION duration_quantile_compare(a duration_state, b duration_state,
                                          fraction double precision DEFAULT 0.5,
                                          level double precision DEFAULT 0.95,
                                          OUT quantile_a interval, OUT quantile_b interval,
                                          OUT difference interval,
                                          OUT lower interval, OUT upper interval)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_compare(duration_state, duration_state, double precision, double precision) IS
    'Quantile of a minus quantile of b (default the median) with an interval: distribution-free order-statistic intervals widened to the bucket edges, combined by MOVER; a NULL bound is unbounded';
CREATE FUNCTION duration_quantile_compare_seconds(a duration_state, b duration_state,
                                                  fraction double precision DEFAULT 0.5,
                                                  level double precision DEFAULT 0.95,
                                                  OUT quantile_a double precision,
                                                  OUT quantile_b double precision,
                                                  OUT difference double precision,
                                                  OUT lower double precision,
                                                  OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_compare_seconds(duration_state, duration_state, double precision, double precision) IS
    'duration_quantile_compare in seconds';

CREATE FUNCTION duration_compare(a duration_state, b duration_state,
                                 level double precision DEFAULT 0.95,
                                 OUT probability_longer double precision,
                                 OUT u double precision, OUT z double precision,
                                 OUT p_value double precision,
                                 OUT lower double precision, OUT upper double precision,
                                 OUT resolution_error double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_compare(duration_state, duration_state, double precision) IS
    'Does a take longer than b? P(a longer) + P(tie)/2, Mann-Whitney U and tie-corrected z with two-sided p, DeLong''s interval of the probability (logit scale), from the shared buckets (same-bucket pairs count 1/2; resolution_error bounds the effect)';

-------------------------------------------------------------------------------
-- One sample against a target
-------------------------------------------------------------------------------

CREATE FUNCTION proportion_test(state proportion_state, target double precision,
                                alternative text DEFAULT 'two_sided',
                                level double precision DEFAULT 0.95,
                                OUT estimate double precision, OUT p_value double precision,
                                OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_test(proportion_state, double precision, text, double precision) IS
    'Exact binomial test of the rate against a target (alternative ''two_sided'', ''greater'' or ''less''), with the Clopper-Pearson interval (one-sided for a one-sided alternative); NULL without trials';

CREATE FUNCTION nps_test(state rating_state, target double precision,
                         alternative text DEFAULT 'two_sided',
                         level double precision DEFAULT 0.95, method text DEFAULT 'wald',
                         OUT estimate double precision, OUT stderr double precision,
                         OUT z double precision, OUT p_value double precision,
                         OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_test(rating_state, double precision, text, double precision, text) IS
    'z test of the NPS against a benchmark in points, Wald or adjusted Wald, with the matching interval (one-sided for a one-sided alternative); NULL without responses';

CREATE FUNCTION duration_quantile_test(state duration_state, fraction double precision,
                                       target interval, alternative text DEFAULT 'two_sided',
                                       level double precision DEFAULT 0.95,
                                       OUT quantile interval,
                                       OUT share_within double precision,
                                       OUT p_value double precision,
                                       OUT lower interval, OUT upper interval)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_test(duration_state, double precision, interval, text, double precision) IS
    'Is the quantile under an SLA target? Exact binomial test on the count within the target (''less'': the quantile is below it), conservative across the target''s bucket; the quantile with its distribution-free interval';
CREATE FUNCTION duration_quantile_test_seconds(state duration_state, fraction double precision,
                                               target_seconds double precision,
                                               alternative text DEFAULT 'two_sided',
                                               level double precision DEFAULT 0.95,
                                               OUT quantile double precision,
                                               OUT share_within double precision,
                                               OUT p_value double precision,
                                               OUT lower double precision,
                                               OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_test_seconds(duration_state, double precision, double precision, text, double precision) IS
    'duration_quantile_test with the target and the quantile in seconds';

-------------------------------------------------------------------------------
-- Many groups: arrays of states (and labels) built with array_agg
-------------------------------------------------------------------------------

CREATE FUNCTION proportion_homogeneity(states proportion_state[],
                                       OUT groups integer, OUT chi_square double precision,
                                       OUT df integer, OUT p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_homogeneity(proportion_state[]) IS
    'Is the rate the same in every group? Pearson''s chi-square of homogeneity (groups x success/failure), df and p; groups without trials left out';

CREATE FUNCTION nps_mix_homogeneity(states rating_state[],
                                    OUT groups integer, OUT chi_square double precision,
                                    OUT df integer, OUT p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_mix_homogeneity(rating_state[]) IS
    'Is the promoter/passive/detractor mix the same in every group? Pearson''s chi-square of homogeneity, df and p (Kish effective counts when weighted)';

CREATE FUNCTION nps_heterogeneity(states rating_state[], method text DEFAULT 'wald',
                                  OUT groups integer, OUT pooled double precision,
                                  OUT q double precision, OUT df integer,
                                  OUT p_value double precision, OUT i_squared double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_heterogeneity(rating_state[], text) IS
    'Is the NPS the same in every group? Cochran''s Q with the inverse-variance pooled NPS, df, p and I^2 in percent; method ''wald'' or ''adjusted_wald''';

CREATE FUNCTION rating_mean_heterogeneity(states rating_state[],
                                          OUT groups integer, OUT pooled double precision,
                                          OUT q double precision, OUT df integer,
                                          OUT p_value double precision,
                                          OUT i_squared double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_heterogeneity(rating_state[]) IS
    'Is the mean rating the same in every group? Cochran''s Q with the inverse-variance pooled mean, df, p and I^2 in percent';

CREATE FUNCTION proportion_pairwise(labels text[], states proportion_state[],
                                    level double precision DEFAULT 0.95)
    RETURNS TABLE (label_a text, label_b text, difference double precision,
                   z double precision, p_value double precision,
                   p_holm double precision, p_bh double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_pairwise(text[], proportion_state[], double precision) IS
    'Every pair of groups compared as proportion_compare, with Holm and Benjamini-Hochberg adjusted p-values';

CREATE FUNCTION nps_pairwise(labels text[], states rating_state[],
                             level double precision DEFAULT 0.95, method text DEFAULT 'wald')
    RETURNS TABLE (label_a text, label_b text, difference double precision,
                   stderr double precision, z double precision, p_value double precision,
                   p_holm double precision, p_bh double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_pairwise(text[], rating_state[], double precision, text) IS
    'Every pair of groups compared as nps_compare, with Holm and Benjamini-Hochberg adjusted p-values';

CREATE FUNCTION rating_mean_pairwise(labels text[], states rating_state[],
                                     level double precision DEFAULT 0.95)
    RETURNS TABLE (label_a text, label_b text, difference double precision,
                   stderr double precision, df double precision, t double precision,
                   p_value double precision, p_holm double precision, p_bh double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_pairwise(text[], rating_state[], double precision) IS
    'Every pair of groups compared as rating_mean_compare, with Holm and Benjamini-Hochberg adjusted p-values';

CREATE FUNCTION proportion_vs_rest(labels text[], states proportion_state[],
                                   level double precision DEFAULT 0.95)
    RETURNS TABLE (label text, estimate double precision, rest_estimate double precision,
                   difference double precision, z double precision, p_value double precision,
                   p_holm double precision, p_bh double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_vs_rest(text[], proportion_state[], double precision) IS
    'Each group against the merge of the others, compared as proportion_compare, with Holm and Benjamini-Hochberg adjusted p-values';

CREATE FUNCTION nps_vs_rest(labels text[], states rating_state[],
                            level double precision DEFAULT 0.95, method text DEFAULT 'wald')
    RETURNS TABLE (label text, estimate double precision, rest_estimate double precision,
                   difference double precision, stderr double precision, z double precision,
                   p_value double precision, p_holm double precision, p_bh double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_vs_rest(text[], rating_state[], double precision, text) IS
    'Each group against the merge of the others, compared as nps_compare, with Holm and Benjamini-Hochberg adjusted p-values';

CREATE FUNCTION rating_mean_vs_rest(labels text[], states rating_state[],
                                    level double precision DEFAULT 0.95)
    RETURNS TABLE (label text, estimate double precision, rest_estimate double precision,
                   difference double precision, stderr double precision, z double precision,
                   skewness double precision, p_value double precision, p_holm double precision,
                   p_bh double precision, lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_vs_rest(text[], rating_state[], double precision) IS
    'Each group against the merge of the others: is the group drawn like the rest? The difference of means against its permutation distribution (exact for unweighted states whose smaller side has at most 200 responses; otherwise Pearson type III tails from the variance and skewness of the whole), the interval of a shift by inverting the z test, with Holm and Benjamini-Hochberg adjusted p-values';

-------------------------------------------------------------------------------
-- Many comparisons
-------------------------------------------------------------------------------

CREATE FUNCTION p_adjust(p_values double precision[], method text DEFAULT 'holm')
    RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION p_adjust(double precision[], text) IS
    'p-values adjusted for their number: ''holm'' (familywise error), ''bh'' (Benjamini-Hochberg false discovery rate) or ''bonferroni''; NULL elements stay NULL and do not count';
