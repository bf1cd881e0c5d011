-- Satisfaction: CSAT on rating scales, multi-dimension states and the
-- weighted 0-100 index, gap and driver analysis, AHP weights, scorecards.

-------------------------------------------------------------------------------
-- CSAT, mean and distribution of a rating, from the rating_state of nps.sql
-------------------------------------------------------------------------------

CREATE FUNCTION csat(state rating_state, scale_min integer DEFAULT 1, scale_max integer DEFAULT 5,
                     satisfied_from integer DEFAULT 4)
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat(rating_state, integer, integer, integer) IS
    'CSAT in percent: share of responses rated satisfied_from or higher on the scale (default 1-5, satisfied 4-5); NULL without responses';
CREATE FUNCTION csat_final(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_final(rating_state) IS
    'CSAT in percent on the 1-5 scale with 4-5 satisfied (final function of the csat aggregates)';
CREATE FUNCTION csat_ci(state rating_state, scale_min integer DEFAULT 1, scale_max integer DEFAULT 5,
                        satisfied_from integer DEFAULT 4, level double precision DEFAULT 0.95,
                        OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_ci(rating_state, integer, integer, integer, double precision) IS
    'Wilson confidence interval of the CSAT in percent (Kish effective n when weighted)';
CREATE FUNCTION rating_mean(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean(rating_state) IS
    'Mean rating (by weight when weighted); NULL without responses';
CREATE FUNCTION rating_stddev(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_stddev(rating_state) IS
    'Sample standard deviation of the ratings, as stddev_samp (weighted: with Kish effective n); NULL below 2 responses';
CREATE FUNCTION rating_distribution(state rating_state, scale_min integer DEFAULT 1,
                                    scale_max integer DEFAULT 5)
    RETURNS TABLE (rating integer, responses bigint, share double precision,
                   cumulative_share double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION rating_distribution(rating_state, integer, integer) IS
    'One row per rating of the scale: responses, share and cumulative share (by weight when weighted)';

CREATE AGGREGATE rating_agg(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(smallint) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(smallint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(smallint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(smallint, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(integer) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(integer, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(integer) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(integer, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(bigint) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(bigint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(bigint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(bigint, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(numeric) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(numeric, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(numeric) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(numeric, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';
CREATE AGGREGATE rating_agg(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(rating_state) IS
    'Merge rating states (e.g. daily rollups) into one, as nps_agg(rating_state)';

-------------------------------------------------------------------------------
-- dimension_state: per dimension n, sum, squared deviations (Youngs-Cramer), min, max
-------------------------------------------------------------------------------

CREATE TYPE dimension_state;

CREATE FUNCTION dimension_state_in(cstring) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_out(dimension_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_recv(internal) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_send(dimension_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dimension_state (
    INPUT = dimension_state_in,
    OUTPUT = dimension_state_out,
    RECEIVE = dimension_state_recv,
    SEND = dimension_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION dimension_state_in(cstring) IS 'Text input of dimension_state';
COMMENT ON FUNCTION dimension_state_out(dimension_state) IS 'Text output of dimension_state (exact: reads back to the same state)';
COMMENT ON FUNCTION dimension_state_recv(internal) IS 'Binary input of dimension_state';
COMMENT ON FUNCTION dimension_state_send(dimension_state) IS 'Binary output of dimension_state';
COMMENT ON TYPE dimension_state IS
    'Per satisfaction dimension (by position or by name): answers, sum, squared deviations from the mean, min, max. Text form: v1 (n sum m2 min max) ..., named: v1 "name" (n sum m2 min max) ...';

CREATE FUNCTION dimension_state_combine(dimension_state, dimension_state) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_combine(dimension_state, dimension_state) IS
    'Merge two dimension states (combine function of dimension_agg)';
CREATE FUNCTION dimension_state_plus(dimension_state, dimension_state) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_plus(dimension_state, dimension_state) IS
    'Merge two dimension states into a new one (the + operator)';
CREATE OPERATOR + (
    LEFTARG = dimension_state, RIGHTARG = dimension_state,
    FUNCTION = dimension_state_plus, COMMUTATOR = +
);
COMMENT ON OPERATOR + (dimension_state, dimension_state) IS
    'Merge two dimension states: the state of both sets of responses';

CREATE FUNCTION dimension_state_accum(dimension_state, double precision[]) RETURNS dimension_state
    AS 'MODULE_PATHNAME', 'dimension_state_accum_wide' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_accum(dimension_state, double precision[]) IS
    'Add one response (scores by dimension position, NULL = not answered) to a dimension state (transition function)';
CREATE FUNCTION dimension_state_accum(dimension_state, text, double precision) RETURNS dimension_state
    AS 'MODULE_PATHNAME', 'dimension_state_accum_long' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_accum(dimension_state, text, double precision) IS
    'Add one answer (dimension name, score) to a dimension state (transition function)';

CREATE AGGREGATE dimension_agg(scores double precision[]) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(double precision[]) IS
    'Dimension state of wide survey rows: one array of scores per response, dimensions by position, NULL = not answered';
CREATE AGGREGATE dimension_agg(dimension text, score double precision) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(text, double precision) IS
    'Dimension state of long survey rows: one (dimension name, score) per answer';
CREATE AGGREGATE dimension_agg(state dimension_state) (
    SFUNC = dimension_state_combine, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(dimension_state) IS
    'Merge dimension states (e.g. daily rollups) into one';

CREATE FUNCTION dimension_names(state dimension_state) RETURNS text[]
    AS 'MODULE_PATHNAME', 'dimension_state_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_names(dimension_state) IS
    'Names of the dimensions in the state''s order (sorted); NULL for positional dimensions';
CREATE FUNCTION dimension_counts(state dimension_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'dimension_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_counts(dimension_state) IS 'Answers per dimension';
CREATE FUNCTION dimension_means(state dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_means(dimension_state) IS
    'Mean score per dimension (NULL without answers)';
CREATE FUNCTION dimension_variances(state dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_variances' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_variances(dimension_state) IS
    'Sample variance per dimension, as var_samp (NULL with fewer than 2 answers)';

-------------------------------------------------------------------------------
-- The weighted satisfaction index (0-100) and its breakdown
-------------------------------------------------------------------------------

CREATE FUNCTION satisfaction_index(state dimension_state, weights double precision[],
                                   scale_min double precision DEFAULT 1,
                                   scale_max double precision DEFAULT 5)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'satisfaction_index_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION satisfaction_index(dimension_state, double precision[], double precision, double precision) IS
    'Weighted satisfaction index 0-100 of positional dimensions: sum w_i (mean_i - min) / (max - min) * 100 / sum w_i; NULL when a weighted dimension has no answers';
CREATE FUNCTION satisfaction_index(state dimension_state, weights jsonb,
                                   scale_min double precision DEFAULT 1,
                                   scale_max double precision DEFAULT 5)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'satisfaction_index_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION satisfaction_index(dimension_state, jsonb, double precision, double precision) IS
    'Weighted satisfaction index 0-100 of named dimensions, weights as {"dimension": weight}; NULL when a weighted dimension has no answers';

CREATE FUNCTION satisfaction_breakdown(state dimension_state, weights double precision[],
                                       scale_min double precision DEFAULT 1,
                                       scale_max double precision DEFAULT 5,
                                       names text[] DEFAULT NULL,
                                       level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, mean double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision,
                   weight double precision, score double precision, contribution double precision)
    AS 'MODULE_PATHNAME', 'satisfaction_breakdown_array' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION satisfaction_breakdown(dimension_state, double precision[], double precision, double precision, text[], double precision) IS
    'Per positional dimension: answers, mean, stddev, confidence interval, weight share, score 0-100 and contribution to the index';
CREATE FUNCTION satisfaction_breakdown(state dimension_state, weights jsonb,
                                       scale_min double precision DEFAULT 1,
                                       scale_max double precision DEFAULT 5,
                                       level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, mean double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision,
                   weight double precision, score double precision, contribution double precision)
    AS 'MODULE_PATHNAME', 'satisfaction_breakdown_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION satisfaction_breakdown(dimension_state, jsonb, double precision, double precision, double precision) IS
    'Per named dimension: answers, mean, stddev, confidence interval, weight share, score 0-100 and contribution to the index';

-------------------------------------------------------------------------------
-- paired_state: per dimension the co-moments of pairs, for gap and driver analysis
-------------------------------------------------------------------------------

CREATE TYPE paired_state;

CREATE FUNCTION paired_state_in(cstring) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_out(paired_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_recv(internal) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_send(paired_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE paired_state (
    INPUT = paired_state_in,
    OUTPUT = paired_state_out,
    RECEIVE = paired_state_recv,
    SEND = paired_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION paired_state_in(cstring) IS 'Text input of paired_state';
COMMENT ON FUNCTION paired_state_out(paired_state) IS 'Text output of paired_state (exact: reads back to the same state)';
COMMENT ON FUNCTION paired_state_recv(internal) IS 'Binary input of paired_state';
COMMENT ON FUNCTION paired_state_send(paired_state) IS 'Binary output of paired_state';
COMMENT ON TYPE paired_state IS
    'Per dimension the co-moments of score pairs (gap: expectation, perception; driver: overall, dimension). Text form: v1 gap|driver (n sum_x sum_y m2_x m2_y c_xy m2_d) ...';

CREATE FUNCTION paired_state_combine(paired_state, paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_combine(paired_state, paired_state) IS
    'Merge two paired states (combine function of gap_agg and driver_agg)';
CREATE FUNCTION paired_state_plus(paired_state, paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_plus(paired_state, paired_state) IS
    'Merge two paired states into a new one (the + operator)';
CREATE OPERATOR + (
    LEFTARG = paired_state, RIGHTARG = paired_state,
    FUNCTION = paired_state_plus, COMMUTATOR = +
);
COMMENT ON OPERATOR + (paired_state, paired_state) IS
    'Merge two paired states: the state of both sets of responses';

CREATE FUNCTION paired_state_accum_gap(paired_state, double precision[], double precision[]) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_accum_gap(paired_state, double precision[], double precision[]) IS
    'Add one response (expectation and perception scores by dimension) to a gap state (transition function)';
CREATE FUNCTION paired_state_accum_driver(paired_state, double precision, double precision[]) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_accum_driver(paired_state, double precision, double precision[]) IS
    'Add one response (overall score and dimension scores) to a driver state (transition function)';

CREATE AGGREGATE gap_agg(expectation double precision[], perception double precision[]) (
    SFUNC = paired_state_accum_gap, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE gap_agg(double precision[], double precision[]) IS
    'Gap analysis state of (expectation scores, perception scores) per response, dimensions by position';
CREATE AGGREGATE driver_agg(overall double precision, scores double precision[]) (
    SFUNC = paired_state_accum_driver, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE driver_agg(double precision, double precision[]) IS
    'Driver analysis state of (overall score, dimension scores) per response, dimensions by position';
CREATE AGGREGATE paired_agg(state paired_state) (
    SFUNC = paired_state_combine, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE paired_agg(paired_state) IS
    'Alias of gap_agg(paired_state) and driver_agg(paired_state), kept for compatibility: merge paired states (gap or driver, e.g. daily rollups) into one';

CREATE FUNCTION gap_analysis(state paired_state, names text[] DEFAULT NULL,
                             level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, expectation double precision,
                   perception double precision, gap double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision, p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION gap_analysis(paired_state, text[], double precision) IS
    'Per dimension: pairs, mean expectation and perception, mean gap (perception - expectation) with its stddev, confidence interval and paired p-value';

CREATE FUNCTION driver_analysis(state paired_state, names text[] DEFAULT NULL)
    RETURNS TABLE (dimension text, n bigint, performance double precision,
                   correlation double precision, importance double precision, quadrant text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_analysis(paired_state, text[]) IS
    'Per dimension: pairs, mean score, correlation with overall, importance (share of positive correlations) and importance-performance quadrant';
CREATE FUNCTION driver_correlations(state paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION driver_correlations(paired_state) IS
    'Pearson correlation of each dimension with the overall score, as corr() (NULL when either does not vary)';
CREATE FUNCTION driver_importance(state paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION driver_importance(paired_state) IS
    'Importance weights from a driver state: each positive correlation''s share of their sum (negative ones get 0), usable as index weights';

-------------------------------------------------------------------------------
-- Weights from judgments (AHP) and scorecards
-------------------------------------------------------------------------------

CREATE FUNCTION ahp_weights(comparisons double precision[],
                            OUT weights double precision[], OUT lambda_max double precision,
                            OUT consistency_index double precision,
                            OUT consistency_ratio double precision, OUT consistent boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ahp_weights(double precision[]) IS
    'AHP weights (principal eigenvector, sum 1) of a reciprocal pairwise comparison matrix, with lambda_max, consistency index and ratio; consistent is false (and a warning is raised) when the ratio exceeds 0.1';

CREATE FUNCTION metric_score(value double precision, worst double precision, best double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION metric_score(double precision, double precision, double precision) IS
    'A metric on 0-100 between references: 0 at worst, 100 at best, clipped; best < worst means lower is better';
CREATE FUNCTION scorecard(scores double precision[], weights double precision[])
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION scorecard(double precision[], double precision[]) IS
    'Weighted composite sum(w_i s_i) / sum(w_i) of scores; NULL when a score with a positive weight is NULL';

-- @since 0.2.0

-------------------------------------------------------------------------------
-- Names that follow the two-step naming rule (README, "Naming"): the metric's
-- builder <metric>_agg(inputs) also merges, <metric>_agg(state).
-------------------------------------------------------------------------------

-- csat_agg builds the state the csat accessors read: csat(score) is
-- csat(csat_agg(score)).  The same rating_state as nps_agg and rating_agg.
CREATE AGGREGATE csat_agg(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(smallint) IS
    'Rating state of whole-number ratings 0-10, to store, merge and query with csat and csat_ci (the state rating_agg and nps_agg build)';
CREATE AGGREGATE csat_agg(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(smallint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0), for csat and csat_ci';
CREATE AGGREGATE csat_agg(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(integer) IS
    'Rating state of whole-number ratings 0-10, to store, merge and query with csat and csat_ci (the state rating_agg and nps_agg build)';
CREATE AGGREGATE csat_agg(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(integer, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0), for csat and csat_ci';
CREATE AGGREGATE csat_agg(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(bigint) IS
    'Rating state of whole-number ratings 0-10, to store, merge and query with csat and csat_ci (the state rating_agg and nps_agg build)';
CREATE AGGREGATE csat_agg(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(bigint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0), for csat and csat_ci';
CREATE AGGREGATE csat_agg(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(numeric) IS
    'Rating state of whole-number ratings 0-10, to store, merge and query with csat and csat_ci (the state rating_agg and nps_agg build)';
CREATE AGGREGATE csat_agg(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(numeric, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0), for csat and csat_ci';
CREATE AGGREGATE csat_agg(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_agg(rating_state) IS
    'Merge rating states (e.g. daily rollups) into one, as rating_agg(rating_state) and nps_agg(rating_state)';

-- Gap and driver states merge under their builders' names (paired_agg, the
-- 0.1.0 name of both, stays as an alias that takes either).
CREATE FUNCTION paired_state_merged_gap(paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_merged_gap(paired_state) IS
    'The merged state of gap_agg(paired_state), refused when it holds a driver analysis (final function)';
CREATE FUNCTION paired_state_merged_driver(paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_merged_driver(paired_state) IS
    'The merged state of driver_agg(paired_state), refused when it holds a gap analysis (final function)';
CREATE AGGREGATE gap_agg(state paired_state) (
    SFUNC = paired_state_combine, STYPE = paired_state,
    FINALFUNC = paired_state_merged_gap,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE gap_agg(paired_state) IS
    'Merge gap states (e.g. daily rollups of gap_agg) into one (a gap and a driver state do not merge)';
CREATE AGGREGATE driver_agg(state paired_state) (
    SFUNC = paired_state_combine, STYPE = paired_state,
    FINALFUNC = paired_state_merged_driver,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE driver_agg(paired_state) IS
    'Merge driver states (e.g. daily rollups of driver_agg) into one (a driver and a gap state do not merge)';

-- The rating_ family's own count of responses, so that a CSAT or rating
-- query need not borrow nps_responses (the same C function).
CREATE FUNCTION rating_responses(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME', 'nps_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_responses(rating_state) IS
    'Number of responses (rows, whatever their weights) in the state, as nps_responses';

-- The uncertainty of rating_mean, as nps_ci and csat_ci give that of nps
-- and csat: Student's t with the pieces rating_mean_compare uses.
CREATE FUNCTION rating_mean_ci(state rating_state, level double precision DEFAULT 0.95,
                               OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean_ci(rating_state, double precision) IS
    'Student''s t confidence interval of rating_mean (default level 0.95; Kish effective n when weighted, df = n - 1), clipped to [0, 10]; NULL below 2 responses or when every rating is equal';
