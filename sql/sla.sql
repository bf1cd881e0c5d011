-- @since 0.2.0
-- SLA policies on case timelines (docs/sla.md): clocks that pause, targets
-- and breaches, the SLA metrics of a help desk under a policy, reply pairs,
-- a case at an instant and within a window of time, stalled cases.
--
-- Optional arguments (those with a DEFAULT) given as NULL take their
-- default: as_of NULL evaluates over every event, calendar NULL measures
-- calendar time.  A NULL timeline or other required argument gives NULL.
-- Write literals with their type (timestamptz '...', '...'::jsonb): an
-- untyped literal could be more than one argument.

-- Clocks given by their stages
CREATE FUNCTION sla_clock(t timeline_state, start_stages text[], stop_stages text[],
                          paused text[] DEFAULT '{}', running text[] DEFAULT '{}',
                          as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL,
                          reopen boolean DEFAULT false)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_clock(timeline_state, text[], text[], text[], text[], timestamptz, business_calendar, boolean) IS
    'Time a clock ran: from the first start event to the first stop event at or after it, paused in the paused statuses; up to as_of, or NULL while it has not stopped';

CREATE FUNCTION sla_clock_status(t timeline_state, start_stages text[], stop_stages text[], target interval,
                                 paused text[] DEFAULT '{}', running text[] DEFAULT '{}',
                                 as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL,
                                 reopen boolean DEFAULT false,
                                 OUT elapsed interval, OUT met boolean, OUT breach_at timestamptz,
                                 OUT remaining interval)
    RETURNS record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_clock_status(timeline_state, text[], text[], interval, text[], text[], timestamptz, business_calendar, boolean) IS
    'A clock against a target: the time it ran, whether it met the target (NULL while undecided), the instant it reached the target, the time remaining (negative: overdue)';

-- The SLA metrics of a help desk under a policy (jsonb: targets by metric
-- and priority, stage names, priority settings)
CREATE FUNCTION sla_time(t timeline_state, metric text, policy jsonb DEFAULT '{}',
                         as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_time(timeline_state, text, jsonb, timestamptz, business_calendar) IS
    'Time the clock of an SLA metric ran (first_reply, next_reply, periodic_update, requester_wait, agent_work, resolution; the longest for next_reply and periodic_update)';

CREATE FUNCTION sla_met(t timeline_state, metric text, policy jsonb,
                        as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL)
    RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_met(timeline_state, text, jsonb, timestamptz, business_calendar) IS
    'Whether the SLA metric met its targets: false once breached, true once stopped within them, NULL while undecided or without a target';

CREATE FUNCTION sla_breach_at(t timeline_state, metric text, policy jsonb,
                              as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_breach_at(timeline_state, text, jsonb, timestamptz, business_calendar) IS
    'The instant the SLA metric''s running clock reached its target (skipping paused spells and non-working time); NULL while met';

CREATE FUNCTION sla_remaining(t timeline_state, metric text, policy jsonb,
                              as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_remaining(timeline_state, text, jsonb, timestamptz, business_calendar) IS
    'Target minus the time the SLA metric''s clock ran (the least over its clocks), negative when overdue';

CREATE FUNCTION sla_reply_pairs(t timeline_state, policy jsonb DEFAULT '{}',
                                as_of timestamptz DEFAULT NULL, calendar business_calendar DEFAULT NULL,
                                OUT pair integer, OUT message_at timestamptz, OUT reply_at timestamptz,
                                OUT waited interval, OUT first_reply boolean, OUT target interval,
                                OUT breach_at timestamptz)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION sla_reply_pairs(timeline_state, jsonb, timestamptz, business_calendar) IS
    'Every wait for a reply: the first unanswered customer message, the agent reply that ended it (NULL if the case was solved first, or still waiting), the time waited, and its next_reply target and breach';

CREATE FUNCTION sla_policy_targets(policy jsonb, OUT metric text, OUT priority text, OUT target interval)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION sla_policy_targets(jsonb) IS
    'The targets of an SLA policy as rows (metric, priority, target), priority NULL for a target of every priority; checks the policy';

CREATE FUNCTION sla_vocabulary(policy jsonb DEFAULT '{}', OUT role text, OUT stages text[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 7;
COMMENT ON FUNCTION sla_vocabulary(jsonb) IS
    'The SLA stage roles and the stage names each matches under a policy (default: new, open, pending, on_hold, solved and closed, customer_message, agent_reply)';

CREATE FUNCTION sla_stalled(t timeline_state, idle interval, as_of timestamptz, policy jsonb DEFAULT '{}',
                            calendar business_calendar DEFAULT NULL)
    RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_stalled(timeline_state, interval, timestamptz, jsonb, business_calendar) IS
    'Whether the case is open at as_of (a status other than solved) and its latest event is more than idle before as_of';

-- A case at an instant and within a window of time.  statuses: the stages
-- that are statuses (NULL: every event is one), so messages and priority
-- changes logged in the same timeline leave the stage alone.
CREATE FUNCTION timeline_stage_at(t timeline_state, at timestamptz, statuses text[] DEFAULT NULL)
    RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_stage_at(timeline_state, timestamptz, text[]) IS
    'The stage of the case at an instant: that of its latest status event at or before it (NULL before the first)';

CREATE FUNCTION timeline_stage_periods(t timeline_state, until timestamptz DEFAULT NULL, statuses text[] DEFAULT NULL,
                                       OUT stage text, OUT entered_at timestamptz, OUT left_at timestamptz)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION timeline_stage_periods(timeline_state, timestamptz, text[]) IS
    'The periods of a case in its stages as rows (stage, entered_at, left_at); the last one left at until, or NULL without it';

-- timeline_time_in_window takes a list of stages only: with a text form as
-- well, an untyped '{a,b}' (or a driver's untyped parameter) would be read
-- as one stage's name and silently give 00:00:00; here it is a list, and an
-- untyped 'a' is an error (malformed array literal).
CREATE FUNCTION timeline_time_in_window(t timeline_state, stages text[], during tstzrange,
                                        calendar business_calendar DEFAULT NULL, statuses text[] DEFAULT NULL)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in_window(timeline_state, text[], tstzrange, business_calendar, text[]) IS
    'Time spent in any of the stages within the window (the part of each period inside it; the last period lasts to the window''s end)';
