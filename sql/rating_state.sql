-- rating_state: histogram of whole-number ratings 0-10 (optionally weighted),
-- the mergeable transition state behind nps() and other rating-scale metrics.

CREATE TYPE rating_state;

CREATE FUNCTION rating_state_in(cstring) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_out(rating_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_recv(internal) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_send(rating_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE rating_state (
    INPUT = rating_state_in,
    OUTPUT = rating_state_out,
    RECEIVE = rating_state_recv,
    SEND = rating_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION rating_state_in(cstring) IS 'Text input of rating_state';
COMMENT ON FUNCTION rating_state_out(rating_state) IS 'Text output of rating_state (exact: reads back to the same state)';
COMMENT ON FUNCTION rating_state_recv(internal) IS 'Binary input of rating_state';
COMMENT ON FUNCTION rating_state_send(rating_state) IS 'Binary output of rating_state';
COMMENT ON TYPE rating_state IS
    'Histogram of ratings 0-10 (optionally weighted): mergeable state of nps() and rating metrics. Text form: v1 rating:count ...';

-- Merging: the combine function of every rating aggregate, nps_agg(rating_state) and +.
CREATE FUNCTION rating_state_combine(rating_state, rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_combine(rating_state, rating_state) IS
    'Merge two rating states (combine function of the rating aggregates)';

CREATE FUNCTION rating_state_plus(rating_state, rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_plus(rating_state, rating_state) IS
    'Merge two rating states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = rating_state,
    RIGHTARG = rating_state,
    FUNCTION = rating_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (rating_state, rating_state) IS
    'Merge two rating states: the state of both sets of responses';

CREATE FUNCTION rating_counts(state rating_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'rating_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_counts(rating_state) IS
    'Responses per rating 0..10 (array element 1 holds rating 0)';

-- Transition functions: add one score (and weight) to the state.
CREATE FUNCTION rating_state_accum(rating_state, smallint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, integer) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, bigint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, numeric) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, smallint, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, integer, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, bigint, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, numeric, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_accum(rating_state, smallint) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, integer) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, bigint) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, numeric) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, smallint, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, integer, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, bigint, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, numeric, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';

-- Inverse transitions, so rolling windows (e.g. 28 days) do not recompute each frame.
CREATE FUNCTION rating_state_retract(rating_state, smallint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, integer) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, bigint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, numeric) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_retract(rating_state, smallint) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, integer) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, bigint) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, numeric) IS 'Remove one score from a rating state (inverse transition for moving windows)';

-- @since 0.2.0
-- Moving-aggregate final function of the unweighted builders nps_agg(score),
-- rating_agg(score) and csat_agg(score): a moving frame without a non-NULL
-- score holds a state without responses (PostgreSQL does not let a moving
-- state return to NULL), which this makes NULL, as a plain frame over the
-- same rows gives.
CREATE FUNCTION rating_state_mfinal(rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_mfinal(rating_state) IS
    'The state, or NULL without responses (final function of the unweighted rating state builders over moving frames)';
