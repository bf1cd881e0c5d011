-- @since 0.2.0
-- Staffing: the after-sales headcount formulas, and Erlang C and Erlang A
-- for chat and phone queues, fed by arrivals per interval in a business
-- calendar (docs/staffing.md).  Units are in the argument names; shares
-- (service level, occupancy, abandonment, shrinkage) are fractions of 1.

-- The methodology's divisions (docs/methodology.md, staffing formulas).
-- agents is the quotient; scheduled_agents rounds agents / (1 - shrinkage)
-- up to a whole headcount.
CREATE FUNCTION reception_agents(daily_chat_inquiries double precision,
                                 chats_per_agent_per_day double precision,
                                 shrinkage double precision DEFAULT 0,
                                 OUT agents double precision, OUT scheduled_agents integer)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION reception_agents(double precision, double precision, double precision) IS
    'Reception (chat) agents = daily chat inquiries / chats one agent handles per day; scheduled_agents rounds up after shrinkage';

CREATE FUNCTION review_agents(daily_orders_to_review double precision,
                              reviews_per_agent_per_day double precision,
                              shrinkage double precision DEFAULT 0,
                              OUT agents double precision, OUT scheduled_agents integer)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION review_agents(double precision, double precision, double precision) IS
    'Review agents = daily orders to review / reviews one agent handles per day; scheduled_agents rounds up after shrinkage';

CREATE FUNCTION refund_agents(monthly_refunds double precision,
                              refunds_per_agent_per_day double precision,
                              handling_cycle_days double precision,
                              shrinkage double precision DEFAULT 0,
                              OUT agents double precision, OUT scheduled_agents integer)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_agents(double precision, double precision, double precision, double precision) IS
    'Refund agents = monthly refunds / refunds one agent handles per day / handling cycle, the cycle read as the days of a month in which its refunds are handled (e.g. 22 working days)';

-- Erlang C (M/M/n): contacts wait as long as it takes.  The load in Erlangs
-- is arrivals_per_hour * aht_seconds / 3600 and must be below agents.
CREATE FUNCTION erlang_c(arrivals_per_hour double precision, aht_seconds double precision,
                         agents integer, answer_within_seconds double precision,
                         OUT load_erlangs double precision, OUT wait_probability double precision,
                         OUT service_level double precision, OUT asa_seconds double precision,
                         OUT occupancy double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION erlang_c(double precision, double precision, integer, double precision) IS
    'Erlang C queue with the given agents: probability of waiting, service level (share answered within answer_within_seconds), average speed of answer, occupancy';

CREATE FUNCTION erlang_c_agents(arrivals_per_hour double precision, aht_seconds double precision,
                                target_service_level double precision,
                                answer_within_seconds double precision,
                                max_occupancy double precision DEFAULT 1,
                                shrinkage double precision DEFAULT 0,
                                OUT agents integer, OUT scheduled_agents integer,
                                OUT load_erlangs double precision, OUT wait_probability double precision,
                                OUT service_level double precision, OUT asa_seconds double precision,
                                OUT occupancy double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION erlang_c_agents(double precision, double precision, double precision, double precision, double precision, double precision) IS
    'Fewest agents with which an Erlang C queue answers target_service_level of contacts within answer_within_seconds (and keeps occupancy at most max_occupancy); scheduled_agents adds shrinkage';

-- The intervals of local dates first_day..last_day in the calendar's zone
-- (each date cut from its first instant into steps of real time, so days
-- with a daylight-saving change have fewer or more intervals), whether each
-- is open, and with arrival_times the arrivals counted in each.
-- IMMUTABLE on the terms of business_time(): results follow the server's
-- time zone data.
CREATE FUNCTION staffing_intervals(first_day date, last_day date, step interval,
                                   calendar business_calendar,
                                   OUT starts_at timestamptz, OUT ends_at timestamptz,
                                   OUT local_start timestamp, OUT is_open boolean,
                                   OUT open_share double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION staffing_intervals(date, date, interval, business_calendar) IS
    'Intervals of step (dividing a day) over local dates first_day..last_day in the calendar''s zone, with their local start and the share of each that is working time';

CREATE FUNCTION staffing_intervals(first_day date, last_day date, step interval,
                                   calendar business_calendar, arrival_times timestamptz[],
                                   OUT starts_at timestamptz, OUT ends_at timestamptz,
                                   OUT local_start timestamp, OUT is_open boolean,
                                   OUT open_share double precision, OUT arrivals bigint,
                                   OUT arrivals_per_hour double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION staffing_intervals(date, date, interval, business_calendar, timestamptz[]) IS
    'Intervals of step over local dates first_day..last_day in the calendar''s zone, with the arrivals (non-NULL arrival_times) counted in each and their rate per hour';

-- Erlang A (M/M/n+M): contacts abandon after an exponential patience of mean
-- patience_seconds.  service_level is the share of all arrivals answered
-- within answer_within_seconds (abandoned ones count against it);
-- average_wait_seconds is the mean time in queue of all arrivals, answered
-- or abandoned.  Any load is allowed: abandonment keeps the queue finite.
CREATE FUNCTION erlang_a(arrivals_per_hour double precision, aht_seconds double precision,
                         patience_seconds double precision, agents integer,
                         answer_within_seconds double precision,
                         OUT load_erlangs double precision, OUT wait_probability double precision,
                         OUT service_level double precision, OUT abandonment double precision,
                         OUT average_wait_seconds double precision, OUT occupancy double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION erlang_a(double precision, double precision, double precision, integer, double precision) IS
    'Erlang A queue (customers abandon after a mean patience) with the given agents: probability of waiting, service level (share of all arrivals answered within answer_within_seconds), abandonment, mean wait of all arrivals, occupancy';

CREATE FUNCTION erlang_a_agents(arrivals_per_hour double precision, aht_seconds double precision,
                                patience_seconds double precision,
                                target_service_level double precision,
                                answer_within_seconds double precision,
                                max_abandonment double precision DEFAULT 1,
                                max_occupancy double precision DEFAULT 1,
                                shrinkage double precision DEFAULT 0,
                                OUT agents integer, OUT scheduled_agents integer,
                                OUT load_erlangs double precision, OUT wait_probability double precision,
                                OUT service_level double precision, OUT abandonment double precision,
                                OUT average_wait_seconds double precision, OUT occupancy double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION erlang_a_agents(double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision) IS
    'Fewest agents with which an Erlang A queue answers target_service_level of all arrivals within answer_within_seconds (abandonment at most max_abandonment, occupancy at most max_occupancy); scheduled_agents adds shrinkage';
