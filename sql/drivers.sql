-- @since 0.2.0
-- Key-driver analysis: the moment matrix of the dimensions and the overall
-- score (moment_state), correlations with p-values, regression with R^2,
-- Johnson's relative weights, Shapley values and the driver report; gap
-- analysis of long rows, the weighted overall gap and group comparisons.

-------------------------------------------------------------------------------
-- moment_state: count, weight, means and co-moments of the dimensions and the overall score
-------------------------------------------------------------------------------

CREATE TYPE moment_state;

CREATE FUNCTION moment_state_in(cstring) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION moment_state_out(moment_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION moment_state_recv(internal) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION moment_state_send(moment_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE moment_state (
    INPUT = moment_state_in,
    OUTPUT = moment_state_out,
    RECEIVE = moment_state_recv,
    SEND = moment_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION moment_state_in(cstring) IS 'Text input of moment_state';
COMMENT ON FUNCTION moment_state_out(moment_state) IS 'Text output of moment_state (exact: reads back to the same state)';
COMMENT ON FUNCTION moment_state_recv(internal) IS 'Binary input of moment_state';
COMMENT ON FUNCTION moment_state_send(moment_state) IS 'Binary output of moment_state';
COMMENT ON TYPE moment_state IS
    'Moment matrix of a key-driver analysis: complete responses, their total weight, the means and co-moments of the dimensions and the overall score. Text form: v1 dimensions=N n=... weight=... incomplete=... mean=(...) comoment=(...)';

CREATE FUNCTION moment_state_combine(moment_state, moment_state) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_combine(moment_state, moment_state) IS
    'Merge two moment states (combine function of moment_agg)';
CREATE FUNCTION moment_state_plus(moment_state, moment_state) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_plus(moment_state, moment_state) IS
    'Merge two moment states into a new one (the + operator)';
CREATE OPERATOR + (
    LEFTARG = moment_state, RIGHTARG = moment_state,
    FUNCTION = moment_state_plus, COMMUTATOR = +
);
COMMENT ON OPERATOR + (moment_state, moment_state) IS
    'Merge two moment states: the state of both sets of responses';

CREATE FUNCTION moment_state_accum(moment_state, double precision, double precision[]) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, double precision, double precision[]) IS
    'Add one response (overall score, dimension scores by position) to a moment state (transition function)';
CREATE FUNCTION moment_state_accum(moment_state, double precision, double precision[], double precision) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, double precision, double precision[], double precision) IS
    'Add one response with a frequency weight to a moment state (transition function)';
CREATE FUNCTION moment_state_accum(moment_state, double precision, double precision[], text[]) RETURNS moment_state
    AS 'MODULE_PATHNAME', 'moment_state_accum_named' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, double precision, double precision[], text[]) IS
    'Add one response (overall score, dimension scores, dimension names) to a moment state (transition function)';
CREATE FUNCTION moment_state_accum(moment_state, double precision, double precision[], text[], double precision) RETURNS moment_state
    AS 'MODULE_PATHNAME', 'moment_state_accum_named' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, double precision, double precision[], text[], double precision) IS
    'Add one response with names and a frequency weight to a moment state (transition function)';
CREATE FUNCTION moment_state_accum(moment_state, double precision, text[], VARIADIC "any") RETURNS moment_state
    AS 'MODULE_PATHNAME', 'moment_state_accum_columns' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, double precision, text[], VARIADIC "any") IS
    'Add one response (overall score, dimension names, then one score column per dimension) to a moment state (transition function)';
CREATE FUNCTION moment_state_accum(moment_state, bigint, text, double precision, text[], text) RETURNS moment_state
    AS 'MODULE_PATHNAME', 'moment_state_accum_long' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_accum(moment_state, bigint, text, double precision, text[], text) IS
    'Add one answer (response id, dimension, score; the dimensions and the overall score named) to a moment state (transition function)';
CREATE FUNCTION moment_state_final(moment_state) RETURNS moment_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION moment_state_final(moment_state) IS
    'Final function of the long moment_agg: responses still missing an answer are counted as incomplete and dropped';

CREATE AGGREGATE moment_agg(overall double precision, scores double precision[]) (
    SFUNC = moment_state_accum, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(double precision, double precision[]) IS
    'Moment state of wide survey rows (overall score, dimension scores by position); a response with a NULL score is counted as incomplete and left out';
CREATE AGGREGATE moment_agg(overall double precision, scores double precision[],
                            weight double precision) (
    SFUNC = moment_state_accum, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(double precision, double precision[], double precision) IS
    'Moment state of wide survey rows with frequency weights (finite, >= 0)';
CREATE AGGREGATE moment_agg(overall double precision, scores double precision[], names text[]) (
    SFUNC = moment_state_accum, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(double precision, double precision[], text[]) IS
    'Moment state of wide survey rows with named dimensions (one name per score)';
CREATE AGGREGATE moment_agg(overall double precision, scores double precision[], names text[],
                            weight double precision) (
    SFUNC = moment_state_accum, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(double precision, double precision[], text[], double precision) IS
    'Moment state of wide survey rows with named dimensions and frequency weights';
CREATE AGGREGATE moment_agg(overall double precision, names text[], VARIADIC columns "any") (
    SFUNC = moment_state_accum, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(double precision, text[], VARIADIC "any") IS
    'Moment state of survey rows with one column per dimension: moment_agg(overall, ARRAY[names], column, ...), scores of any numeric type';
CREATE AGGREGATE moment_agg(response_id bigint, dimension text, score double precision,
                            dimensions text[], overall text) (
    SFUNC = moment_state_accum, STYPE = moment_state, FINALFUNC = moment_state_final,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(bigint, text, double precision, text[], text) IS
    'Moment state of long survey rows (response id, dimension, score), given the dimensions to analyse and the overall score''s name; other dimensions are ignored';
CREATE AGGREGATE moment_agg(state moment_state) (
    SFUNC = moment_state_combine, STYPE = moment_state,
    COMBINEFUNC = moment_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE moment_agg(moment_state) IS
    'Merge moment states (e.g. daily rollups) into one';

-------------------------------------------------------------------------------
-- Reading a moment_state: counts, means, correlations
-------------------------------------------------------------------------------

CREATE FUNCTION moment_summary(state moment_state,
                               OUT responses bigint, OUT incomplete bigint,
                               OUT total_weight double precision, OUT dimensions text[],
                               OUT overall text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION moment_summary(moment_state) IS
    'Complete responses, incomplete responses left out, the total weight (the sample size of the tests), the dimensions'' names and the overall score''s';
CREATE FUNCTION moment_means(state moment_state)
    RETURNS TABLE (variable text, mean double precision, stddev double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION moment_means(moment_state) IS
    'Per dimension and for the overall score (last): mean and sample standard deviation over the complete responses';
CREATE FUNCTION moment_correlations(state moment_state)
    RETURNS TABLE (variable1 text, variable2 text, correlation double precision, p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 50;
COMMENT ON FUNCTION moment_correlations(moment_state) IS
    'Pearson correlation of every pair of variables (dimensions and the overall score) with the two-sided p-value of its t test';

-------------------------------------------------------------------------------
-- Regression, relative weights, Shapley values, the driver report
-------------------------------------------------------------------------------

CREATE FUNCTION driver_regression(state moment_state, level double precision DEFAULT 0.95)
    RETURNS TABLE (term text, coefficient double precision, stderr double precision,
                   t double precision, p_value double precision, lower double precision,
                   upper double precision, standardized double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_regression(moment_state, double precision) IS
    'Ordinary least squares of the overall score on the dimensions: intercept and coefficients with standard errors, t tests, confidence intervals and standardized coefficients';
CREATE FUNCTION driver_fit(state moment_state,
                           OUT r2 double precision, OUT adjusted_r2 double precision,
                           OUT f double precision, OUT df_model double precision,
                           OUT df_residual double precision, OUT p_value double precision,
                           OUT residual_stddev double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION driver_fit(moment_state) IS
    'Fit of the regression of the overall score on the dimensions: R^2, adjusted R^2, the F test and the residual standard deviation';
CREATE FUNCTION driver_relative_weights(state moment_state)
    RETURNS TABLE (dimension text, raw_weight double precision, rescaled double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_relative_weights(moment_state) IS
    'Johnson''s (2000) relative weights: each dimension''s share of R^2 (raw, adding up to R^2) and rescaled in percent of R^2';
CREATE FUNCTION driver_shapley(state moment_state)
    RETURNS TABLE (dimension text, shapley double precision, rescaled double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_shapley(moment_state) IS
    'Shapley (LMG) decomposition of R^2 over every subset of the dimensions (exact, up to 20 dimensions), raw and in percent of R^2';
CREATE FUNCTION driver_report(state moment_state, alpha double precision DEFAULT 0.05,
                              zero_insignificant boolean DEFAULT false,
                              method text DEFAULT 'relative_weights')
    RETURNS TABLE (dimension text, performance double precision, correlation double precision,
                   beta double precision, p_value double precision, significant boolean,
                   importance double precision, share double precision, quadrant text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_report(moment_state, double precision, boolean, text) IS
    'Key-driver report: per dimension its mean (performance), correlation with overall, standardized coefficient and its p-value, importance (relative weight or Shapley value) and share in percent, and the importance-performance quadrant';

-------------------------------------------------------------------------------
-- Gap analysis: long rows, the weighted overall gap, two groups compared
-------------------------------------------------------------------------------

CREATE FUNCTION paired_state_accum_gap(paired_state, text, double precision, double precision) RETURNS paired_state
    AS 'MODULE_PATHNAME', 'paired_state_accum_gap_long' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_accum_gap(paired_state, text, double precision, double precision) IS
    'Add one pair (dimension name, expectation, perception) to a gap state of named dimensions (transition function)';
CREATE AGGREGATE gap_agg(dimension text, expectation double precision,
                         perception double precision) (
    SFUNC = paired_state_accum_gap, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE gap_agg(text, double precision, double precision) IS
    'Gap analysis state of long rows: one (dimension name, expectation, perception) per row';

CREATE FUNCTION gap_overall(state paired_state, weights double precision[],
                            OUT expectation double precision, OUT perception double precision,
                            OUT gap double precision)
    AS 'MODULE_PATHNAME', 'gap_overall_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gap_overall(paired_state, double precision[]) IS
    'Weighted overall gap of positional dimensions: the weighted means of the dimensions'' mean expectation, perception and gap; NULL when a weighted dimension has no pairs';
CREATE FUNCTION gap_overall(state paired_state, weights jsonb,
                            OUT expectation double precision, OUT perception double precision,
                            OUT gap double precision)
    AS 'MODULE_PATHNAME', 'gap_overall_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gap_overall(paired_state, jsonb) IS
    'Weighted overall gap of named dimensions, weights as {"dimension": weight}; NULL when a weighted dimension has no pairs';
CREATE FUNCTION gap_compare(a paired_state, b paired_state, names text[] DEFAULT NULL,
                            level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n_a bigint, n_b bigint,
                   gap_a double precision, gap_b double precision,
                   difference double precision, stderr double precision,
                   df double precision, t double precision, p_value double precision,
                   lower double precision, upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION gap_compare(paired_state, paired_state, text[], double precision) IS
    'Per dimension, one group''s mean gap against another''s, as dimension_compare: pairs and mean gap of each side, the difference (a - b), Welch''s stderr, df, t, two-sided p and interval';
