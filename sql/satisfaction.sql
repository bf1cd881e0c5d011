-- Satisfaction: CSAT on rating scales, multi-dimension states and the
-- weighted 0-100 index, gap and driver analysis, AHP weights, scorecards.

-------------------------------------------------------------------------------
-- dimension_state: per dimension n, mean, squared deviations (Welford), min, max
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
    'Per satisfaction dimension (by position or by name): answers, mean, squared deviations, min, max. Text form: v1 (n mean m2 min max) ...';

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

CREATE AGGREGATE dimension_agg(double precision[]) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(double precision[]) IS
    'Dimension state of wide survey rows: one array of scores per response, dimensions by position, NULL = not answered';
CREATE AGGREGATE dimension_agg(text, double precision) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(text, double precision) IS
    'Dimension state of long survey rows: one (dimension name, score) per answer';
CREATE AGGREGATE dimension_agg(dimension_state) (
    SFUNC = dimension_state_combine, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(dimension_state) IS
    'Merge dimension states (e.g. daily rollups) into one';

CREATE FUNCTION dimension_names(dimension_state) RETURNS text[]
    AS 'MODULE_PATHNAME', 'dimension_state_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_names(dimension_state) IS
    'Names of the dimensions in the state''s order (sorted); NULL for positional dimensions';
CREATE FUNCTION dimension_counts(dimension_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'dimension_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_counts(dimension_state) IS 'Answers per dimension';
CREATE FUNCTION dimension_means(dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_means(dimension_state) IS
    'Mean score per dimension (NULL without answers)';
CREATE FUNCTION dimension_variances(dimension_state) RETURNS double precision[]
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
