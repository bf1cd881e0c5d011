-- proportion_state: successes out of trials, for rates (dispute rate,
-- self-completion rate, ...), with the Wilson score confidence interval.

CREATE TYPE proportion_state;

CREATE FUNCTION proportion_state_in(cstring) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_out(proportion_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_recv(internal) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_send(proportion_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE proportion_state (
    INPUT = proportion_state_in,
    OUTPUT = proportion_state_out,
    RECEIVE = proportion_state_recv,
    SEND = proportion_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION proportion_state_in(cstring) IS 'Text input of proportion_state';
COMMENT ON FUNCTION proportion_state_out(proportion_state) IS 'Text output of proportion_state';
COMMENT ON FUNCTION proportion_state_recv(internal) IS 'Binary input of proportion_state';
COMMENT ON FUNCTION proportion_state_send(proportion_state) IS 'Binary output of proportion_state';
COMMENT ON TYPE proportion_state IS
    'Successes out of trials: mergeable state of proportion() and proportion_agg(). Text form: v1 successes/trials';

CREATE FUNCTION proportion_state_accum(proportion_state, boolean) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_accum(proportion_state, boolean) IS
    'Add one outcome to a proportion state (transition function; NULL is skipped)';
CREATE FUNCTION proportion_state_retract(proportion_state, boolean) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_retract(proportion_state, boolean) IS
    'Remove one outcome from a proportion state (inverse transition for moving windows)';
CREATE FUNCTION proportion_state_combine(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_combine(proportion_state, proportion_state) IS
    'Merge two proportion states (combine function of the proportion aggregates)';
CREATE FUNCTION proportion_state_plus(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_plus(proportion_state, proportion_state) IS
    'Merge two proportion states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = proportion_state,
    RIGHTARG = proportion_state,
    FUNCTION = proportion_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (proportion_state, proportion_state) IS
    'Merge two proportion states: successes and trials of both';

CREATE FUNCTION proportion_of(successes bigint, trials bigint) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_of(bigint, bigint) IS
    'A proportion state from counts (0 <= successes <= trials)';

CREATE FUNCTION proportion(state proportion_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'proportion_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion(proportion_state) IS
    'Successes / trials, 0-1; NULL without trials';
CREATE FUNCTION proportion_successes(state proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_successes(proportion_state) IS 'Number of successes (true outcomes)';
CREATE FUNCTION proportion_trials(state proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_trials(proportion_state) IS 'Number of trials (non-NULL outcomes)';
CREATE FUNCTION proportion_ci(state proportion_state, level double precision DEFAULT 0.95,
                              OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_ci(proportion_state, double precision) IS
    'Wilson score confidence interval of the proportion at the given level (default 0.95); NULL without trials';

-- @since 0.2.0
-- Moving-aggregate final function of proportion_agg(boolean): a moving
-- frame without a non-NULL outcome holds a state without trials
-- (PostgreSQL does not let a moving state return to NULL), which this makes
-- NULL, as a plain frame over the same rows gives.
CREATE FUNCTION proportion_state_mfinal(proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_mfinal(proportion_state) IS
    'The state, or NULL without trials (final function of proportion_agg over moving frames)';
-- @since 0.1.0

CREATE AGGREGATE proportion(outcome boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state, FINALFUNC = proportion,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state, MFINALFUNC = proportion,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion(boolean) IS
    'Share of true among non-NULL outcomes, 0-1';

CREATE AGGREGATE proportion_agg(outcome boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state, MFINALFUNC = proportion_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion_agg(boolean) IS
    'Proportion state of outcomes (true = success, NULL skipped), to store, merge and query with the proportion_* functions';

CREATE AGGREGATE proportion_agg(state proportion_state) (
    SFUNC = proportion_state_combine, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion_agg(proportion_state) IS
    'Merge proportion states (e.g. daily rollups) into one';
