-- business_calendar: a team's working hours per weekday in its time zone,
-- with holidays and extra working dates; elapsed working time, deadlines
-- and working instants for SLAs stated in business hours.

CREATE TYPE business_calendar;

CREATE FUNCTION business_calendar_in(cstring) RETURNS business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_out(business_calendar) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_recv(internal) RETURNS business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_send(business_calendar) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE business_calendar (
    INPUT = business_calendar_in,
    OUTPUT = business_calendar_out,
    RECEIVE = business_calendar_recv,
    SEND = business_calendar_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = main
);
COMMENT ON FUNCTION business_calendar_in(cstring) IS 'Text input of business_calendar';
COMMENT ON FUNCTION business_calendar_out(business_calendar) IS
    'Text output of business_calendar (canonical: reads back to the same calendar)';
COMMENT ON FUNCTION business_calendar_recv(internal) IS 'Binary input of business_calendar';
COMMENT ON FUNCTION business_calendar_send(business_calendar) IS 'Binary output of business_calendar';
COMMENT ON TYPE business_calendar IS
    'Working hours per weekday in a time zone, with holidays, extra working dates, dates with hours of their own and versions in force from a date. Text form: v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=... workdays=...; v2 adds dated hours (2026-12-24=09:00-13:00) and versions (from=2026-06-01 tz=... mon-fri=...)';

-- IMMUTABLE on the terms of timezone(text, timestamptz): the results follow
-- the server's time zone data, which an update may change (README).
CREATE FUNCTION business_time(start_at timestamptz, end_at timestamptz, calendar business_calendar)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_time(timestamptz, timestamptz, business_calendar) IS
    'Working time from start_at to end_at under the calendar, in hours (negative when end_at is before start_at)';

CREATE FUNCTION business_deadline(start_at timestamptz, amount interval, calendar business_calendar)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_deadline(timestamptz, interval, business_calendar) IS
    'First instant at which amount (hours, minutes, seconds) of working time has passed since start_at; NULL if the calendar never gets there';

CREATE FUNCTION is_business_time(ts timestamptz, calendar business_calendar) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_business_time(timestamptz, business_calendar) IS
    'Is ts inside the working hours of the calendar (local date and time in its zone)?';

-- @since 0.2.0
-- Deadlines backwards and business days.  IMMUTABLE on the same terms as
-- the functions above.

CREATE FUNCTION business_start(deadline timestamptz, amount interval, calendar business_calendar)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_start(timestamptz, interval, business_calendar) IS
    'Latest start that still meets the deadline: the last instant at or before deadline with amount (hours, minutes, seconds) of working time until it; NULL if the calendar has not that much before';

CREATE FUNCTION business_window_start(end_at timestamptz, amount interval, calendar business_calendar)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_window_start(timestamptz, interval, business_calendar) IS
    'Start of the last amount (hours, minutes, seconds) of working time before end_at: the first instant from which at most amount of working time passes until end_at; NULL if every earlier instant is within';

CREATE FUNCTION business_days(start_at timestamptz, end_at timestamptz, calendar business_calendar)
    RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_days(timestamptz, timestamptz, business_calendar) IS
    'Business days from start_at to end_at: the business days that close at or after start_at and before end_at (negative when end_at is before start_at)';

CREATE FUNCTION business_day(ts timestamptz, calendar business_calendar) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_day(timestamptz, business_calendar) IS
    'The business day ts belongs to: the first local date with working hours that closes at or after ts; NULL if none does';

CREATE FUNCTION business_day_deadline(start_at timestamptz, days integer, calendar business_calendar)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_day_deadline(timestamptz, integer, business_calendar) IS
    'Close of the days-th business day after the one start_at belongs to (0: that day''s close); NULL if the calendar has not that many';
