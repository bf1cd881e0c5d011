-- timeline_set: the timelines of many cases keyed by case id, built in one
-- pass over an event table (no GROUP BY case_id) and read back with unnest().

CREATE TYPE timeline_set;

CREATE FUNCTION timeline_set_in(cstring) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_out(timeline_set) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_recv(internal) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_send(timeline_set) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE timeline_set (
    INPUT = timeline_set_in,
    OUTPUT = timeline_set_out,
    RECEIVE = timeline_set_recv,
    SEND = timeline_set_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON FUNCTION timeline_set_in(cstring) IS 'Text input of timeline_set';
COMMENT ON FUNCTION timeline_set_out(timeline_set) IS
    'Text output of timeline_set: cases by ascending id, each with its events in time order (reads back to the same set)';
COMMENT ON FUNCTION timeline_set_recv(internal) IS 'Binary input of timeline_set';
COMMENT ON FUNCTION timeline_set_send(timeline_set) IS 'Binary output of timeline_set';
COMMENT ON TYPE timeline_set IS
    'The timelines of many cases keyed by case id: mergeable state of timeline_set_agg. Text form: v1 <case id> (<UTC timestamp> "<stage>", ...), ...';

CREATE FUNCTION timeline_set_accum(state timeline_set, case_id bigint, stage text, at timestamptz)
    RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_accum(timeline_set, bigint, text, timestamptz) IS
    'Add one event (case_id, stage, at) to a set (transition function; a NULL case id, stage or time skips the row)';

-- COST: merging two sets takes time in proportion to their cases, which the
-- planner cannot see; the estimate is that of merging sets of about a million
-- cases (0.5 s on our bench machine, about 10 million operator costs).  With
-- the default cost of one operator, the planner would choose parallel partial
-- aggregation for any large event table, and with events in time order every
-- worker's set holds most of the cases: the leader's merge then costs more
-- than the workers save (the parallel plan took 1.5-2x the serial plan's time
-- on 2 cores).  Parallel plans remain for tables large enough to pay for it.
CREATE FUNCTION timeline_set_combine(timeline_set, timeline_set) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10000000;
COMMENT ON FUNCTION timeline_set_combine(timeline_set, timeline_set) IS
    'Merge two sets (combine function of the timeline_set aggregates; NULL is the empty set)';

CREATE FUNCTION timeline_set_plus(timeline_set, timeline_set) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_plus(timeline_set, timeline_set) IS
    'The cases of both sets; the timelines of a case in both are merged';

CREATE OPERATOR + (
    LEFTARG = timeline_set,
    RIGHTARG = timeline_set,
    FUNCTION = timeline_set_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (timeline_set, timeline_set) IS
    'The cases of both sets; the timelines of a case in both are merged';

-- SSPACE: an empty set already takes about 8 kB (its table, dictionary and
-- memory context), which the planner should count per group when it
-- considers hashing a GROUP BY.
CREATE AGGREGATE timeline_set_agg(case_id bigint, stage text, at timestamptz) (
    SFUNC = timeline_set_accum, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_set_agg(bigint, text, timestamptz) IS
    'The timeline of every case of an event table, keyed by case id, in one pass (read with unnest)';

-- @since 0.2.0
-- The merge aggregate's step is the combine function at the default cost:
-- with timeline_set_combine's cost, every stored set merged counted as a
-- million cases, and a merge of a few small daily sets was planned with
-- parallel workers and JIT compilation (0.35 s where a serial plan takes
-- 1.3 ms).  Its combine function keeps the cost, for the reason above.
CREATE FUNCTION timeline_set_merge(timeline_set, timeline_set) RETURNS timeline_set
    AS 'MODULE_PATHNAME', 'timeline_set_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_merge(timeline_set, timeline_set) IS
    'Merge two sets (transition function of timeline_set_agg(timeline_set); NULL is the empty set)';
-- @since 0.1.0

CREATE AGGREGATE timeline_set_agg(state timeline_set) (
    SFUNC = timeline_set_merge, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_set_agg(timeline_set) IS
    'Merge stored timeline_set values (e.g. daily rollups; a case spread over several sets gets one timeline)';

CREATE FUNCTION unnest(state timeline_set, OUT case_id bigint, OUT timeline timeline_state)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'timeline_set_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION unnest(timeline_set) IS
    'The cases of a set as rows (case_id, timeline), by ascending case id';

CREATE FUNCTION timeline_set_cases(state timeline_set) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_cases(timeline_set) IS
    'Number of cases in a set';
