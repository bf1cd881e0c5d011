-- Changes to objects that 0.1.0 created, for sql/svcquality--0.1.0--0.2.0.sql.
--
-- Make every change in place in its sql/<concept>.sql (that is what a fresh
-- install runs) and write here the statements that turn the 0.1.0 object into
-- the new one: ALTER FUNCTION ... (volatility, strictness, PARALLEL, COST,
-- ROWS, SUPPORT), CREATE OR REPLACE FUNCTION / AGGREGATE, COMMENT ON,
-- ALTER TYPE ... ADD VALUE.  New objects do not go here: mark them in their
-- concept file with a "-- @since 0.2.0" line (docs/upgrades.md).  This file
-- runs after those sections, so it may use the new objects.
--
-- Never drop or change an object in a way that breaks users' views, tables
-- and materialized views, and keep every C symbol that
-- sql/svcquality--0.1.0.sql names.  test/suites/upgrade.sh compares the
-- catalog after 0.1.0 + this upgrade with a fresh 0.2.0 install: a change
-- missing here fails it.

-- business_calendar: version 2 of its forms (dated hours, versions)
COMMENT ON TYPE business_calendar IS
    'Working hours per weekday in a time zone, with holidays, extra working dates, dates with hours of their own and versions in force from a date. Text form: v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=... workdays=...; v2 adds dated hours (2026-12-24=09:00-13:00) and versions (from=2026-06-01 tz=... mon-fri=...)';

-- The two-step naming rule (README, "Naming"; sql/satisfaction.sql): paired_agg
-- is now the alias of gap_agg(paired_state) and driver_agg(paired_state), and
-- the csat aggregates point to csat_agg for other scales.
COMMENT ON AGGREGATE paired_agg(paired_state) IS
    'Alias of gap_agg(paired_state) and driver_agg(paired_state), kept for compatibility: merge paired states (gap or driver, e.g. daily rollups) into one';
COMMENT ON AGGREGATE csat(smallint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(integer) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(bigint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(numeric) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
-- Refund outcomes and path-4 handling read stages in the order of the chain
-- (docs/refund.md, "Stages out of order"): the comments say so.
COMMENT ON FUNCTION refund_handling_time(timeline_state) IS
    'Refund handling time: paths 1-3 from the request, path 4 from the return''s receipt (or the request, if later), to the merchant''s decision (agreed, refused or succeeded)';
COMMENT ON FUNCTION refund_completed(timeline_state) IS
    'Whether the refund succeeded or was closed at or after the first request (exactly when it has a completion time)';
COMMENT ON FUNCTION refund_completed(timeline_state, jsonb) IS
    'Whether the refund succeeded or was closed at or after the first request, stage names mapped by the vocabulary';
-- The refund times count a response or success at the request's instant
-- (0:00:00), as docs/refund.md says: "at or after it".
COMMENT ON FUNCTION refund_completion_time(timeline_state) IS
    'Refund completion time: from the first request to the first success or close at or after it';
COMMENT ON FUNCTION refund_response_time(timeline_state) IS
    'Refund response time: from the first request to the merchant''s first response (responded, agreed or refused) at or after it';
-- Merging stored timeline sets steps with timeline_set_merge, at the default
-- cost (sql/timeline_set.sql says why); its argument is named, as below.
CREATE OR REPLACE AGGREGATE timeline_set_agg(state timeline_set) (
    SFUNC = timeline_set_merge, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);

-- Every aggregate names its arguments, as the manual's pages do, so that \df,
-- \da and tools reading pg_proc show which is the score and which the weight.
-- CREATE OR REPLACE AGGREGATE may add names where 0.1.0 had none (it cannot
-- change a name); each statement restates the whole 0.2.0 definition, which
-- it replaces.  Calls are unaffected: positional calls resolve by types only.
-- The unweighted nps_agg and rating_agg also gain the inverse transition
-- nps(score) has, so a moving window over them no longer recomputes each
-- frame, with a moving final function that gives NULL over a frame without
-- a non-NULL score, as a plain frame does.  proportion_agg(boolean), below,
-- gains the same final function: its moving frames without a non-NULL
-- outcome gave v1 0/0 where a plain frame gives NULL.
CREATE OR REPLACE AGGREGATE nps(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE nps_agg(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE csat(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rating_agg(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE dimension_agg(scores double precision[]) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE dimension_agg(dimension text, score double precision) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE dimension_agg(state dimension_state) (
    SFUNC = dimension_state_combine, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE gap_agg(expectation double precision[], perception double precision[]) (
    SFUNC = paired_state_accum_gap, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE driver_agg(overall double precision, scores double precision[]) (
    SFUNC = paired_state_accum_driver, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE paired_agg(state paired_state) (
    SFUNC = paired_state_combine, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE duration_agg(duration interval) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE duration_agg(duration interval, accuracy double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE duration_agg(seconds double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE duration_agg(seconds double precision, accuracy double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE duration_agg(state duration_state) (
    SFUNC = duration_state_combine, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE proportion(outcome boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state, FINALFUNC = proportion,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state, MFINALFUNC = proportion,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE proportion_agg(outcome boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state, MFINALFUNC = proportion_state_mfinal,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE proportion_agg(state proportion_state) (
    SFUNC = proportion_state_combine, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE timeline_agg(stage text, at timestamptz) (
    SFUNC = timeline_state_accum, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE timeline_agg(state timeline_state) (
    SFUNC = timeline_state_combine, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);

-- The timeline and refund functions name their timeline t, as the manual's
-- pages write them (timeline_first(t, stage)) and as the sla_* functions
-- already did; 0.1.0 left it unnamed, mostly next to named arguments, so a
-- call in named notation (timeline_first(t => tl, stage => 'x')) found no
-- function.  The transition function of timeline_set_agg and
-- unnest(timeline_set) name the set state, as timeline_set_agg(state
-- timeline_set) does.  As with the aggregates, CREATE OR REPLACE FUNCTION only
-- adds names where there were none, and restates the whole 0.2.0 definition.
CREATE OR REPLACE FUNCTION timeline_first(t timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_last(t timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_reached(t timeline_state, stage text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_count(t timeline_state, stage text) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_stages(t timeline_state) RETURNS text[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_events(t timeline_state, OUT stage text, OUT at timestamptz) RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
CREATE OR REPLACE FUNCTION timeline_duration(t timeline_state, from_stage text, to_stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_duration(t timeline_state, from_stages text[], to_stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stage text, until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stages text[], until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_duration(t timeline_state, from_stage text, to_stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_duration(t timeline_state, from_stages text[], to_stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stage text, until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_time_in(t timeline_state, stages text[], until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_set_accum(state timeline_set, case_id bigint, stage text, at timestamptz)
    RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION unnest(state timeline_set, OUT case_id bigint, OUT timeline timeline_state)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'timeline_set_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE OR REPLACE FUNCTION refund_path(t timeline_state) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_path(t timeline_state, vocabulary jsonb) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completion_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completion_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_response_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_response_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_handling_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_handling_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completion_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completion_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_response_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_response_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_handling_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_handling_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_intervened(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_intervened(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_self_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_self_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_intervened_self_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_intervened_self_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The readers of a state name it state, as the 0.2.0 functions of each
-- family do (duration_quantile_test(state, fraction, target), nps_ci(state,
-- level)), and their other arguments by what the manual's pages call them:
-- fraction(s) of a quantile, target or target_seconds of an SLA share, the
-- path of refund_path_number.  0.1.0 left them unnamed, so a call in named
-- notation (duration_quantile(state => s, fraction => 0.9)) found no
-- function.  As above, CREATE OR REPLACE FUNCTION only adds names where
-- there were none, and restates the whole 0.2.0 definition; the comments of
-- the quantiles say fraction for the q they named.
CREATE OR REPLACE FUNCTION duration_count(state duration_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_sum(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_sum_seconds(state duration_state) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_mean(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_mean_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_min(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_min_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_max(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_max_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_quantile(state duration_state, fraction double precision) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_quantile_seconds(state duration_state, fraction double precision) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_quantiles(state duration_state, fractions double precision[]) RETURNS interval[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_quantiles_seconds(state duration_state, fractions double precision[]) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_sla_share(state duration_state, target interval) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_sla_share_seconds(state duration_state, target_seconds double precision) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_accuracy(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION duration_state_size(state duration_state) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_responses(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_promoters(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_passives(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_detractors(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_promoter_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_passive_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_detractor_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_effective_n(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_stderr(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION nps_json(state rating_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'nps_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION rating_counts(state rating_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'rating_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION rating_mean(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION rating_stddev(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dimension_names(state dimension_state) RETURNS text[]
    AS 'MODULE_PATHNAME', 'dimension_state_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dimension_counts(state dimension_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'dimension_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dimension_means(state dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dimension_variances(state dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_variances' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION driver_correlations(state paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION driver_importance(state paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION proportion(state proportion_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'proportion_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION proportion_successes(state proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION proportion_trials(state proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION refund_path_number(path refund_path) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION timeline_set_cases(state timeline_set) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile(duration_state, double precision) IS
    'Duration at the quantile fraction (0-1, rank as percentile_disc), within the state''s relative accuracy';
COMMENT ON FUNCTION duration_quantile_seconds(duration_state, double precision) IS
    'Duration in seconds at the quantile fraction (0-1, rank as percentile_disc), within the state''s relative accuracy';
