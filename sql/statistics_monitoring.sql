-- @since 0.2.0
-- Is it real, over time and across teams (docs/statistics.md): control limits
-- for each period from a baseline state, the Mann-Kendall trend test with
-- Sen's slope, fair rankings of small teams by empirical Bayes, and service
-- linked to outcomes (a 2x2 outcome_state; an outcome rate by duration bucket,
-- duration_outcome_state).  Arguments are checked before the data is looked
-- at; a figure that does not exist for the data is NULL.

-------------------------------------------------------------------------------
-- Control limits: one period against a baseline
-------------------------------------------------------------------------------

CREATE FUNCTION proportion_control_limits(baseline proportion_state, period proportion_state,
                                          sigmas double precision DEFAULT 3,
                                          OUT estimate double precision, OUT center double precision,
                                          OUT lower double precision, OUT upper double precision,
                                          OUT stderr double precision, OUT z double precision,
                                          OUT p_value double precision, OUT out_of_control boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_control_limits(proportion_state, proportion_state, double precision) IS
    'p-chart: the period''s rate against the baseline rate p, limits p -/+ sigmas sqrt(p (1 - p) / n) for the period''s n, clipped to [0, 1]; z, two-sided normal p and whether the rate is beyond the limits; NULL without baseline trials';

CREATE FUNCTION nps_control_limits(baseline rating_state, period rating_state,
                                   sigmas double precision DEFAULT 3,
                                   OUT estimate double precision, OUT center double precision,
                                   OUT lower double precision, OUT upper double precision,
                                   OUT stderr double precision, OUT z double precision,
                                   OUT p_value double precision, OUT out_of_control boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_control_limits(rating_state, rating_state, double precision) IS
    'NPS chart: the period''s NPS against the baseline NPS, limits at sigmas times the standard error of the baseline shares for the period''s (effective) n, clipped to [-100, 100]; z, p and the out-of-control flag; NULL without baseline responses';

CREATE FUNCTION rating_mean_control_limits(baseline rating_state, period rating_state,
                                           sigmas double precision DEFAULT 3,
                                           OUT estimate double precision, OUT center double precision,
                                           OUT lower double precision, OUT upper double precision,
                                           OUT stderr double precision, OUT z double precision,
                                           OUT p_value double precision, OUT out_of_control boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_control_limits(rating_state, rating_state, double precision) IS
    'x-bar chart of the mean rating: limits at sigmas times the baseline standard deviation over sqrt(n) of the period; z, p and the out-of-control flag; NULL without a baseline variance';

-------------------------------------------------------------------------------
-- Trends: Mann-Kendall with Sen's slope over a series of period values
-------------------------------------------------------------------------------

-- One function, times a trailing optional argument: with a (times, series)
-- form beside it, mann_kendall(series, '0.9') or a level sent untyped was
-- read as times (and failed as a malformed array), and a NULL level as NULL
-- times.  Not STRICT, so that times can default to NULL (positions); a NULL
-- series, level or correction gives NULL, as STRICT would.
CREATE FUNCTION mann_kendall(series double precision[], level double precision DEFAULT 0.95,
                             correction text DEFAULT 'none', times double precision[] DEFAULT NULL,
                             OUT n integer, OUT s bigint, OUT variance double precision,
                             OUT z double precision, OUT p_value double precision,
                             OUT tau double precision, OUT slope double precision,
                             OUT lower double precision, OUT upper double precision,
                             OUT intercept double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mann_kendall(double precision[], double precision, text, double precision[]) IS
    'Mann-Kendall trend test of values in time order (period i at time i, or at times[i] given in any order: distinct times, pairs with a NULL left out; NULL elements are missing periods): S, its tie-corrected variance, z with continuity correction and two-sided p, Kendall''s tau, Sen''s slope per period (per unit of time) with its interval and intercept; correction ''hamed_rao'' widens the variance for autocorrelation; at most 10,000 values';

-------------------------------------------------------------------------------
-- Fair rankings: empirical-Bayes shrinkage of rates and NPS
-------------------------------------------------------------------------------

CREATE FUNCTION proportion_prior(states proportion_state[],
                                 OUT groups integer, OUT mean double precision,
                                 OUT between_sd double precision, OUT strength double precision,
                                 OUT alpha double precision, OUT beta double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_prior(proportion_state[]) IS
    'The beta prior the groups'' rates are shrunk toward, fitted by the method of moments: mean rate, standard deviation of the true rates between groups, strength alpha + beta (Infinity: no variation beyond chance), alpha and beta; NULL where it cannot be fitted';

CREATE FUNCTION proportion_ranking(labels text[], states proportion_state[],
                                   level double precision DEFAULT 0.95,
                                   higher_is_better boolean DEFAULT true)
    RETURNS TABLE (label text, successes bigint, trials bigint, estimate double precision,
                   shrunken double precision, lower double precision, upper double precision,
                   rank integer, percentile double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_ranking(text[], proportion_state[], double precision, boolean) IS
    'Fair ranking of groups by rate: raw rate, empirical-Bayes (beta-binomial) shrunken rate with its credible interval, rank by the lower bound (by the upper bound, ascending, when lower is better) and percentile among the groups with data';

CREATE FUNCTION nps_prior(states rating_state[],
                          OUT groups integer, OUT nps double precision,
                          OUT between_sd double precision, OUT strength double precision,
                          OUT promoter_share double precision, OUT passive_share double precision,
                          OUT detractor_share double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_prior(rating_state[]) IS
    'The Dirichlet prior the groups'' promoter/passive/detractor mixes are shrunk toward, fitted by the method of moments: its NPS, the standard deviation of the true NPS between groups in points, strength (Infinity: no variation beyond chance) and shares';

CREATE FUNCTION nps_ranking(labels text[], states rating_state[], level double precision DEFAULT 0.95)
    RETURNS TABLE (label text, effective_n double precision, estimate double precision,
                   shrunken double precision, lower double precision, upper double precision,
                   rank integer, percentile double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_ranking(text[], rating_state[], double precision) IS
    'Fair ranking of groups by NPS: effective n (the responses, or Kish''s when weighted, as nps_effective_n), raw NPS, empirical-Bayes (Dirichlet-multinomial) shrunken NPS with its credible interval, rank by the lower bound and percentile among the groups with data';

-------------------------------------------------------------------------------
-- Service linked to outcomes: outcome_state, a 2x2 table
-------------------------------------------------------------------------------

CREATE TYPE outcome_state;

CREATE FUNCTION outcome_state_in(cstring) RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION outcome_state_out(outcome_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION outcome_state_recv(internal) RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION outcome_state_send(outcome_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE outcome_state (
    INPUT = outcome_state_in,
    OUTPUT = outcome_state_out,
    RECEIVE = outcome_state_recv,
    SEND = outcome_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION outcome_state_in(cstring) IS 'Text input of outcome_state';
COMMENT ON FUNCTION outcome_state_out(outcome_state) IS 'Text output of outcome_state';
COMMENT ON FUNCTION outcome_state_recv(internal) IS 'Binary input of outcome_state';
COMMENT ON FUNCTION outcome_state_send(outcome_state) IS 'Binary output of outcome_state';
COMMENT ON TYPE outcome_state IS
    'A 2x2 table: outcomes out of trials among the exposed and the unexposed, mergeable state of outcome_agg(). Text form: v1 exposed=x/n unexposed=x/n';

CREATE FUNCTION outcome_state_accum(outcome_state, boolean, boolean) RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION outcome_state_accum(outcome_state, boolean, boolean) IS
    'Add one row (exposed, outcome) to an outcome state (transition function; a row with a NULL is skipped)';
CREATE FUNCTION outcome_state_combine(outcome_state, outcome_state) RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_state_combine(outcome_state, outcome_state) IS
    'Merge two outcome states (combine function of the outcome aggregates)';
CREATE FUNCTION outcome_state_plus(outcome_state, outcome_state) RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_state_plus(outcome_state, outcome_state) IS
    'Merge two outcome states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = outcome_state,
    RIGHTARG = outcome_state,
    FUNCTION = outcome_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (outcome_state, outcome_state) IS
    'Merge two outcome states: the counts of both';

CREATE AGGREGATE outcome_agg(exposed boolean, outcome boolean) (
    SFUNC = outcome_state_accum, STYPE = outcome_state,
    COMBINEFUNC = outcome_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE outcome_agg(boolean, boolean) IS
    'Outcome state (2x2 table) of rows (exposed, outcome); rows with a NULL are skipped';

CREATE AGGREGATE outcome_agg(state outcome_state) (
    SFUNC = outcome_state_combine, STYPE = outcome_state,
    COMBINEFUNC = outcome_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE outcome_agg(outcome_state) IS
    'Merge outcome states (e.g. daily rollups) into one';

CREATE FUNCTION outcome_of(exposed_outcomes bigint, exposed_trials bigint,
                           unexposed_outcomes bigint, unexposed_trials bigint)
    RETURNS outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_of(bigint, bigint, bigint, bigint) IS
    'An outcome state from counts: outcomes out of trials among the exposed, then among the unexposed';

CREATE FUNCTION outcome_exposed(state outcome_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_exposed(outcome_state) IS
    'The exposed side as a proportion state: outcomes out of trials';
CREATE FUNCTION outcome_unexposed(state outcome_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_unexposed(outcome_state) IS
    'The unexposed side as a proportion state: outcomes out of trials';

CREATE FUNCTION outcome_association(state outcome_state, level double precision DEFAULT 0.95,
                                    yates boolean DEFAULT false,
                                    OUT risk_exposed double precision,
                                    OUT risk_unexposed double precision,
                                    OUT risk_difference double precision,
                                    OUT risk_difference_lower double precision,
                                    OUT risk_difference_upper double precision,
                                    OUT risk_ratio double precision,
                                    OUT risk_ratio_lower double precision,
                                    OUT risk_ratio_upper double precision,
                                    OUT odds_ratio double precision,
                                    OUT odds_ratio_lower double precision,
                                    OUT odds_ratio_upper double precision,
                                    OUT chi_square double precision, OUT p_value double precision,
                                    OUT fisher_p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION outcome_association(outcome_state, double precision, boolean) IS
    'Is the outcome linked to the exposure? Risks, risk difference (Newcombe), risk ratio (Katz), odds ratio (Woolf; 0.5 added to every cell for the interval when one is 0), Pearson''s chi-square (Yates-corrected with yates => true) with its p, and Fisher''s exact two-sided p';

-------------------------------------------------------------------------------
-- Service linked to outcomes: duration_outcome_state, a rate per duration bucket
-------------------------------------------------------------------------------

CREATE TYPE duration_outcome_state;

CREATE FUNCTION duration_outcome_state_in(cstring) RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_outcome_state_out(duration_outcome_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_outcome_state_recv(internal) RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_outcome_state_send(duration_outcome_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE duration_outcome_state (
    INPUT = duration_outcome_state_in,
    OUTPUT = duration_outcome_state_out,
    RECEIVE = duration_outcome_state_recv,
    SEND = duration_outcome_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION duration_outcome_state_in(cstring) IS 'Text input of duration_outcome_state';
COMMENT ON FUNCTION duration_outcome_state_out(duration_outcome_state) IS 'Text output of duration_outcome_state';
COMMENT ON FUNCTION duration_outcome_state_recv(internal) IS 'Binary input of duration_outcome_state';
COMMENT ON FUNCTION duration_outcome_state_send(duration_outcome_state) IS 'Binary output of duration_outcome_state';
COMMENT ON TYPE duration_outcome_state IS
    'Outcomes out of trials per duration bucket (buckets start at the given edges), mergeable state of duration_outcome_agg(). Text form: v1 edges=seconds,... x/n ...';

CREATE FUNCTION duration_outcome_state_accum(duration_outcome_state, interval, boolean, interval[])
    RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME', 'duration_outcome_state_accum_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_state_accum(duration_outcome_state, interval, boolean, interval[]) IS
    'Add one (duration, outcome) to its bucket (transition function; a row with a NULL duration or outcome is skipped)';
CREATE FUNCTION duration_outcome_state_accum(duration_outcome_state, double precision, boolean,
                                             double precision[])
    RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME', 'duration_outcome_state_accum_seconds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_state_accum(duration_outcome_state, double precision, boolean, double precision[]) IS
    'Add one (duration in seconds, outcome) to its bucket (transition function; a row with a NULL duration or outcome is skipped)';
CREATE FUNCTION duration_outcome_state_combine(duration_outcome_state, duration_outcome_state)
    RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_state_combine(duration_outcome_state, duration_outcome_state) IS
    'Merge two duration outcome states with the same edges (combine function of the duration outcome aggregates)';
CREATE FUNCTION duration_outcome_state_plus(duration_outcome_state, duration_outcome_state)
    RETURNS duration_outcome_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_state_plus(duration_outcome_state, duration_outcome_state) IS
    'Merge two duration outcome states with the same edges into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = duration_outcome_state,
    RIGHTARG = duration_outcome_state,
    FUNCTION = duration_outcome_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (duration_outcome_state, duration_outcome_state) IS
    'Merge two duration outcome states with the same edges: the counts of both per bucket';

CREATE AGGREGATE duration_outcome_agg(duration interval, outcome boolean, edges interval[]) (
    SFUNC = duration_outcome_state_accum, STYPE = duration_outcome_state,
    COMBINEFUNC = duration_outcome_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_outcome_agg(interval, boolean, interval[]) IS
    'Outcomes out of trials per duration bucket; the edges (1 to 1000 increasing intervals) start the buckets after the first, the same on every row';

CREATE AGGREGATE duration_outcome_agg(seconds double precision, outcome boolean,
                                      edges double precision[]) (
    SFUNC = duration_outcome_state_accum, STYPE = duration_outcome_state,
    COMBINEFUNC = duration_outcome_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_outcome_agg(double precision, boolean, double precision[]) IS
    'duration_outcome_agg of durations and edges in seconds (rounded to the microsecond)';

CREATE AGGREGATE duration_outcome_agg(state duration_outcome_state) (
    SFUNC = duration_outcome_state_combine, STYPE = duration_outcome_state,
    COMBINEFUNC = duration_outcome_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_outcome_agg(duration_outcome_state) IS
    'Merge duration outcome states with the same edges (e.g. daily rollups) into one';

CREATE FUNCTION duration_outcome(state duration_outcome_state, level double precision DEFAULT 0.95)
    RETURNS TABLE (bucket integer, duration_from interval, duration_to interval,
                   outcomes bigint, trials bigint, rate double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome(duration_outcome_state, double precision) IS
    'Per duration bucket, shortest first: its durations [from, to) (to NULL: no end), outcomes, trials, rate and Wilson interval';

CREATE FUNCTION duration_outcome_seconds(state duration_outcome_state,
                                         level double precision DEFAULT 0.95)
    RETURNS TABLE (bucket integer, seconds_from double precision, seconds_to double precision,
                   outcomes bigint, trials bigint, rate double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_seconds(duration_outcome_state, double precision) IS
    'duration_outcome with the bucket bounds in seconds';

CREATE FUNCTION duration_outcome_trend(state duration_outcome_state,
                                       OUT buckets integer, OUT slope double precision,
                                       OUT z double precision, OUT p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_outcome_trend(duration_outcome_state) IS
    'Does the rate rise or fall with the duration? Cochran-Armitage trend test with bucket scores 1, 2, ...: buckets with trials, the least-squares slope of the rate per bucket, z and two-sided p';
