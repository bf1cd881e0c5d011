-- @since 0.2.0
-- funnel_state: the stages of many cases at once, from their timelines: how
-- many cases reached each stage (the funnel, with Wilson intervals), the
-- time they spent in each stage (a duration_state per stage), the moves
-- between stages, and the most frequent sequences of stages.

CREATE TYPE funnel_state;

CREATE FUNCTION funnel_state_in(cstring) RETURNS funnel_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_state_out(funnel_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_state_recv(internal) RETURNS funnel_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_state_send(funnel_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE funnel_state (
    INPUT = funnel_state_in,
    OUTPUT = funnel_state_out,
    RECEIVE = funnel_state_recv,
    SEND = funnel_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON FUNCTION funnel_state_in(cstring) IS 'Text input of funnel_state';
COMMENT ON FUNCTION funnel_state_out(funnel_state) IS
    'Text output of funnel_state (exact: reads back to the same state)';
COMMENT ON FUNCTION funnel_state_recv(internal) IS 'Binary input of funnel_state';
COMMENT ON FUNCTION funnel_state_send(funnel_state) IS 'Binary output of funnel_state';
COMMENT ON TYPE funnel_state IS
    'The stages of many cases: cases reaching each stage, time in each stage, transitions, top sequences; mergeable state of funnel_agg. Text form: v1 cases=... stages=seen|given clock=calendar|business stage "..." ... transition i>j ... sequence i>j>... cases=...';

-- Transition functions: add one case's timeline.
CREATE FUNCTION funnel_state_accum(state funnel_state, timeline timeline_state) RETURNS funnel_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_state_accum(state funnel_state, timeline timeline_state, stages text[]) RETURNS funnel_state
    AS 'MODULE_PATHNAME', 'funnel_state_accum_stages' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_state_accum(state funnel_state, timeline timeline_state, stages text[],
                                   calendar business_calendar) RETURNS funnel_state
    AS 'MODULE_PATHNAME', 'funnel_state_accum_business' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_state_accum(funnel_state, timeline_state) IS
    'Add one case to a funnel of every stage seen (transition function; a NULL timeline skips the row)';
COMMENT ON FUNCTION funnel_state_accum(funnel_state, timeline_state, text[]) IS
    'Add one case to a funnel of the given stages, in their order (transition function; a NULL list counts every stage)';
COMMENT ON FUNCTION funnel_state_accum(funnel_state, timeline_state, text[], business_calendar) IS
    'Add one case to a funnel whose times in stages are working time of the calendar (transition function)';

CREATE FUNCTION funnel_state_combine(funnel_state, funnel_state) RETURNS funnel_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_state_combine(funnel_state, funnel_state) IS
    'Merge two funnels (combine function of funnel_agg; NULL is the empty funnel)';

CREATE FUNCTION funnel_state_plus(funnel_state, funnel_state) RETURNS funnel_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_state_plus(funnel_state, funnel_state) IS
    'Merge two funnels into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = funnel_state,
    RIGHTARG = funnel_state,
    FUNCTION = funnel_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (funnel_state, funnel_state) IS
    'Merge two funnels: the funnel of the cases of both';

-- SSPACE: the working state of one funnel takes about 8 kB.
CREATE AGGREGATE funnel_agg(timeline timeline_state) (
    SFUNC = funnel_state_accum, STYPE = funnel_state, SSPACE = 8192,
    COMBINEFUNC = funnel_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE funnel_agg(timeline_state) IS
    'The funnel of the cases'' timelines: every stage seen, in the order cases reach them';

CREATE AGGREGATE funnel_agg(timeline timeline_state, stages text[]) (
    SFUNC = funnel_state_accum, STYPE = funnel_state, SSPACE = 8192,
    COMBINEFUNC = funnel_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE funnel_agg(timeline_state, text[]) IS
    'The funnel of the cases'' timelines over the given stages, in that order (other events are ignored)';

CREATE AGGREGATE funnel_agg(timeline timeline_state, stages text[], calendar business_calendar) (
    SFUNC = funnel_state_accum, STYPE = funnel_state, SSPACE = 8192,
    COMBINEFUNC = funnel_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE funnel_agg(timeline_state, text[], business_calendar) IS
    'The funnel of the cases'' timelines, times in stages in the calendar''s working time (a NULL list counts every stage)';

CREATE AGGREGATE funnel_agg(state funnel_state) (
    SFUNC = funnel_state_combine, STYPE = funnel_state, SSPACE = 8192,
    COMBINEFUNC = funnel_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE funnel_agg(funnel_state) IS
    'Merge stored funnels (e.g. daily rollups) into the funnel of all their cases';

-- Reading a funnel.
CREATE FUNCTION funnel_cases(state funnel_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_cases(funnel_state) IS 'Number of cases in a funnel';

CREATE FUNCTION funnel_stages(state funnel_state, level double precision DEFAULT 0.95,
                              OUT "position" integer, OUT stage text, OUT cases bigint,
                              OUT share double precision, OUT lower double precision,
                              OUT upper double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION funnel_stages(funnel_state, double precision) IS
    'The funnel: per stage, in the funnel''s order, the cases that reached it, their share of all cases and its Wilson interval';

CREATE FUNCTION funnel_stage_times(state funnel_state, OUT "position" integer, OUT stage text,
                                   OUT "time" duration_state)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION funnel_stage_times(funnel_state) IS
    'Per stage, the time each case that reached it spent in it, as a duration_state (read with duration_quantile, duration_mean, ...)';

CREATE FUNCTION funnel_transitions(state funnel_state, OUT from_stage text, OUT to_stage text,
                                   OUT transitions bigint, OUT cases bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30;
COMMENT ON FUNCTION funnel_transitions(funnel_state) IS
    'Moves between stages: how many, and by how many cases; from_stage NULL for the cases'' first stages, to_stage NULL for their last';

CREATE FUNCTION funnel_sequences(state funnel_state, top integer DEFAULT 10,
                                 OUT sequence text[], OUT cases bigint, OUT max_error bigint,
                                 OUT truncated boolean)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION funnel_sequences(funnel_state, integer) IS
    'The most frequent sequences of stages and their cases (exact when max_error is 0; else at least cases, at most cases + max_error)';

CREATE FUNCTION funnel_json(state funnel_state, level double precision DEFAULT 0.95) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'funnel_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_json(funnel_state, double precision) IS
    'The whole funnel as jsonb: stages with shares, intervals and times, transitions, sequences';
