-- Refunds (docs/methodology.md section 3): the four refund paths, and refund times and
-- outcomes from a refund's timeline.

CREATE TYPE refund_path AS ENUM (
    'not shipped', 'shipped, not received', 'received, refund only', 'received, returned'
);
COMMENT ON TYPE refund_path IS
    'The four refund paths, in order 1-4: not shipped; shipped, not received; received, refund only; received, returned';

CREATE FUNCTION refund_path(shipped boolean, received boolean, return_required boolean) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_from_facts' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(boolean, boolean, boolean) IS
    'Refund path from the state of the goods at the request; NULL only when a fact the decision needs is NULL';
CREATE FUNCTION refund_path(path_number integer) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_from_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(integer) IS 'The refund path with number 1-4';
CREATE FUNCTION refund_path_number(path refund_path) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path_number(refund_path) IS 'Number 1-4 of a refund path';

CREATE FUNCTION refund_vocabulary(vocabulary jsonb DEFAULT '{}', OUT role text, OUT stages text[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION refund_vocabulary(jsonb) IS
    'The refund stage roles and the stage names each matches under a vocabulary mapping (default: the role names)';

-- Each function of a refund timeline comes as f(timeline_state) with the
-- standard stage names, and f(timeline_state, vocabulary jsonb) mapping
-- roles to your own stage names.
CREATE FUNCTION refund_path(t timeline_state) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(timeline_state) IS
    'Refund path of a refund timeline (shipped/received at or before the first request, any return stage); NULL without a request';
CREATE FUNCTION refund_path(t timeline_state, vocabulary jsonb) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(timeline_state, jsonb) IS
    'Refund path of a refund timeline whose stage names are mapped by the vocabulary';

-- Times.  Business-time overloads take the same arguments and a trailing
-- business calendar.
CREATE FUNCTION refund_completion_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state) IS
    'Refund completion time: from the first request to the first success or close at or after it';
CREATE FUNCTION refund_completion_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, jsonb) IS
    'Refund completion time, stage names mapped by the vocabulary';
CREATE FUNCTION refund_response_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state) IS
    'Refund response time: from the first request to the merchant''s first response (responded, agreed or refused) at or after it';
CREATE FUNCTION refund_response_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, jsonb) IS
    'Refund response time, stage names mapped by the vocabulary';
CREATE FUNCTION refund_handling_time(t timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state) IS
    'Refund handling time: paths 1-3 from the request, path 4 from the return''s receipt (or the request, if later), to the merchant''s decision (agreed, refused or succeeded)';
CREATE FUNCTION refund_handling_time(t timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, jsonb) IS
    'Refund handling time, stage names mapped by the vocabulary';

-- The refund times in business time.  Write the vocabulary as '...'::jsonb
-- (or vocabulary => '...'): an untyped literal could be either argument.
CREATE FUNCTION refund_completion_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, business_calendar) IS
    'Refund completion time in working time of the calendar';
CREATE FUNCTION refund_completion_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, jsonb, business_calendar) IS
    'Refund completion time in working time of the calendar, stage names mapped by the vocabulary';
CREATE FUNCTION refund_response_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, business_calendar) IS
    'Refund response time in working time of the calendar';
CREATE FUNCTION refund_response_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, jsonb, business_calendar) IS
    'Refund response time in working time of the calendar, stage names mapped by the vocabulary';
CREATE FUNCTION refund_handling_time(t timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, business_calendar) IS
    'Refund handling time in working time of the calendar';
CREATE FUNCTION refund_handling_time(t timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, jsonb, business_calendar) IS
    'Refund handling time in working time of the calendar, stage names mapped by the vocabulary';

-- Outcomes, as booleans for proportion() and proportion_agg()
CREATE FUNCTION refund_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completed(timeline_state) IS
    'Whether the refund succeeded or was closed at or after the first request (exactly when it has a completion time)';
CREATE FUNCTION refund_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completed(timeline_state, jsonb) IS
    'Whether the refund succeeded or was closed at or after the first request, stage names mapped by the vocabulary';
CREATE FUNCTION refund_intervened(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened(timeline_state) IS 'Whether the platform intervened (a dispute)';
CREATE FUNCTION refund_intervened(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened(timeline_state, jsonb) IS
    'Whether the platform intervened, stage names mapped by the vocabulary';
CREATE FUNCTION refund_self_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_self_completed(timeline_state) IS
    'Completed without platform intervention; NULL while not completed (so proportion() gives the self-completion rate)';
CREATE FUNCTION refund_self_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_self_completed(timeline_state, jsonb) IS
    'Completed without platform intervention, stage names mapped by the vocabulary';
CREATE FUNCTION refund_intervened_self_completed(t timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened_self_completed(timeline_state) IS
    'Intervened and completed without a platform ruling (the merchant settled the dispute); NULL unless intervened and completed';
CREATE FUNCTION refund_intervened_self_completed(t timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened_self_completed(timeline_state, jsonb) IS
    'Intervened and completed without a platform ruling, stage names mapped by the vocabulary';
