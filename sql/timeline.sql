-- timeline_state: the events (stage, at) of one case, order-independent and
-- mergeable; durations between stages and time spent in stages.

CREATE TYPE timeline_state;

CREATE FUNCTION timeline_state_in(cstring) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_out(timeline_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_recv(internal) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_send(timeline_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE timeline_state (
    INPUT = timeline_state_in,
    OUTPUT = timeline_state_out,
    RECEIVE = timeline_state_recv,
    SEND = timeline_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION timeline_state_in(cstring) IS 'Text input of timeline_state';
COMMENT ON FUNCTION timeline_state_out(timeline_state) IS
    'Text output of timeline_state: events in time order, timestamps in UTC (reads back to the same state)';
COMMENT ON FUNCTION timeline_state_recv(internal) IS 'Binary input of timeline_state';
COMMENT ON FUNCTION timeline_state_send(timeline_state) IS 'Binary output of timeline_state';
COMMENT ON TYPE timeline_state IS
    'The distinct events (stage, at) of one case: mergeable state of timeline_agg. Text form: v1 <UTC timestamp> "<stage>", ...';

CREATE FUNCTION timeline_state_accum(timeline_state, text, timestamptz) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_accum(timeline_state, text, timestamptz) IS
    'Add one event (stage, at) to a timeline (transition function; NULL stage or time skips the row)';

CREATE FUNCTION timeline_state_combine(timeline_state, timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_combine(timeline_state, timeline_state) IS
    'Merge two timelines (combine function of the timeline aggregates)';

CREATE FUNCTION timeline_state_final(timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_final(timeline_state) IS
    'Final function of the timeline aggregates: the state without the room it kept for growing';

CREATE FUNCTION timeline_state_plus(timeline_state, timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_plus(timeline_state, timeline_state) IS
    'Merge two timelines into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = timeline_state,
    RIGHTARG = timeline_state,
    FUNCTION = timeline_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (timeline_state, timeline_state) IS
    'Merge two timelines: the union of their events';

-- SSPACE: a typical case's state (128 or 256 bytes) plus its allocation
-- header, so the planner sizes hash aggregation over many cases correctly.
CREATE AGGREGATE timeline_agg(stage text, at timestamptz) (
    SFUNC = timeline_state_accum, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(text, timestamptz) IS
    'Timeline of one case from its events (stage, at): order-independent, repeated events count once, NULLs skipped';

CREATE AGGREGATE timeline_agg(state timeline_state) (
    SFUNC = timeline_state_combine, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(timeline_state) IS
    'Merge timelines (e.g. partial histories of one case) into one';

-- Stages
CREATE FUNCTION timeline_first(t timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_first(timeline_state, text) IS
    'When the stage was first reached; NULL if never';
CREATE FUNCTION timeline_last(t timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_last(timeline_state, text) IS
    'When the stage was last reached; NULL if never';
CREATE FUNCTION timeline_reached(t timeline_state, stage text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_reached(timeline_state, text) IS
    'Whether the stage was ever reached';
CREATE FUNCTION timeline_count(t timeline_state, stage text) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_count(timeline_state, text) IS
    'How many distinct events of the stage the timeline holds (0 if never reached)';
CREATE FUNCTION timeline_stages(t timeline_state) RETURNS text[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_stages(timeline_state) IS
    'The distinct stages in the order they were first reached';
CREATE FUNCTION timeline_events(t timeline_state, OUT stage text, OUT at timestamptz) RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION timeline_events(timeline_state) IS
    'The events of a timeline as rows (stage, at), in time order (ties by stage name)';

-- Durations.  Business-time overloads take the same arguments and a
-- trailing business calendar.
CREATE FUNCTION timeline_duration(t timeline_state, from_stage text, to_stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text, text) IS
    'Time from the first from_stage to the first to_stage at or after it; NULL if either is missing';
CREATE FUNCTION timeline_duration(t timeline_state, from_stages text[], to_stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text[], text[]) IS
    'Time from the first event in from_stages to the first event in to_stages at or after it; NULL if either is missing';
CREATE FUNCTION timeline_time_in(t timeline_state, stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text) IS
    'Time spent in the stage: the sum of its spells, each ending at the next event of another stage (an open spell at the last event)';
CREATE FUNCTION timeline_time_in(t timeline_state, stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[]) IS
    'Time spent in any of the stages: the sum of spells, each ending at the next event outside them (an open spell at the last event)';
CREATE FUNCTION timeline_time_in(t timeline_state, stage text, until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, timestamptz) IS
    'Time spent in the stage up to until: later events are ignored and an open spell runs to until';
CREATE FUNCTION timeline_time_in(t timeline_state, stages text[], until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], timestamptz) IS
    'Time spent in any of the stages up to until: later events are ignored and an open spell runs to until';

-- The same durations in business time: the working time of a business_calendar.
-- Write literals with their type (timestamptz '...'): an untyped one could be
-- either the until argument or a calendar.
CREATE FUNCTION timeline_duration(t timeline_state, from_stage text, to_stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text, text, business_calendar) IS
    'Working time of the calendar from the first from_stage to the first to_stage at or after it; NULL if either is missing';
CREATE FUNCTION timeline_duration(t timeline_state, from_stages text[], to_stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text[], text[], business_calendar) IS
    'Working time of the calendar from the first event in from_stages to the first event in to_stages at or after it; NULL if either is missing';
CREATE FUNCTION timeline_time_in(t timeline_state, stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, business_calendar) IS
    'Working time of the calendar spent in the stage (sum of its spells)';
CREATE FUNCTION timeline_time_in(t timeline_state, stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], business_calendar) IS
    'Working time of the calendar spent in any of the stages (sum of spells)';
CREATE FUNCTION timeline_time_in(t timeline_state, stage text, until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, timestamptz, business_calendar) IS
    'Working time of the calendar spent in the stage up to until';
CREATE FUNCTION timeline_time_in(t timeline_state, stages text[], until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], timestamptz, business_calendar) IS
    'Working time of the calendar spent in any of the stages up to until';
