-- Bad input to the staffing functions: a clear error naming the argument,
-- its value and what is allowed, with its SQLSTATE; never a crash.
\i test/sql/include/error_of.psql

-- The formulas: volumes >= 0, rates > 0, all finite; the refund cycle is
-- at most the 31 days of a month; shrinkage in [0, 1)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT reception_agents(-1, 80)'),
    ('SELECT reception_agents(''NaN'', 80)'),
    ('SELECT reception_agents(''Infinity'', 80)'),
    ('SELECT reception_agents(100, 0)'),
    ('SELECT reception_agents(100, -5)'),
    ('SELECT reception_agents(100, ''Infinity'')'),
    ('SELECT review_agents(-0.5, 10)'),
    ('SELECT review_agents(10, ''NaN'')'),
    ('SELECT refund_agents(-1, 25, 22)'),
    ('SELECT refund_agents(6600, 0, 22)'),
    ('SELECT refund_agents(6600, 25, 0)'),
    ('SELECT refund_agents(6600, 25, 45)'),
    ('SELECT refund_agents(6600, 25, ''NaN'')'),
    ('SELECT reception_agents(100, 10, 1)'),
    ('SELECT reception_agents(100, 10, -0.1)'),
    ('SELECT reception_agents(100, 10, ''NaN'')'),
    ('SELECT reception_agents(1e300, 1e-300)'),
    ('SELECT reception_agents(1000, 1e-320)'),
    ('SELECT refund_agents(1e300, 1, 1e-10)'),
    ('SELECT reception_agents(1e12, 1)')
) AS t(q);

-- Erlang C: arrivals >= 0, times > 0 (answer target >= 0), all finite;
-- agents from 0 to 1000000 and above the load
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT erlang_c(-1, 180, 10, 20)'),
    ('SELECT erlang_c(''NaN'', 180, 10, 20)'),
    ('SELECT erlang_c(''Infinity'', 180, 10, 20)'),
    ('SELECT erlang_c(100, 0, 10, 20)'),
    ('SELECT erlang_c(100, ''-0'', 10, 20)'),
    ('SELECT erlang_c(100, -180, 10, 20)'),
    ('SELECT erlang_c(100, ''NaN'', 10, 20)'),
    ('SELECT erlang_c(100, ''Infinity'', 10, 20)'),
    ('SELECT erlang_c(100, 180, 10, -1)'),
    ('SELECT erlang_c(100, 180, 10, ''NaN'')'),
    ('SELECT erlang_c(100, 180, 10, ''Infinity'')'),
    ('SELECT erlang_c(100, 180, -1, 20)'),
    ('SELECT erlang_c(100, 180, 1000001, 20)'),
    ('SELECT erlang_c(200, 180, 10, 20)'),
    ('SELECT erlang_c(300, 180, 10, 20)'),
    ('SELECT erlang_c(1e300, 1e300, 10, 20)'),
    ('SELECT erlang_c(100, 180, 0, 20)')
) AS t(q);

-- The inverse: service-level target strictly between 0 and 1 (a share, not
-- a percentage), occupancy ceiling in (0, 1], shrinkage in [0, 1); a load
-- needing more than 1000000 agents is out of range
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT erlang_c_agents(200, 180, 80, 20)'),
    ('SELECT erlang_c_agents(200, 180, 1, 20)'),
    ('SELECT erlang_c_agents(200, 180, 1.5, 20)'),
    ('SELECT erlang_c_agents(200, 180, 0, 20)'),
    ('SELECT erlang_c_agents(200, 180, -0.2, 20)'),
    ('SELECT erlang_c_agents(200, 180, ''NaN'', 20)'),
    ('SELECT erlang_c_agents(200, 180, 0.8, -20)'),
    ('SELECT erlang_c_agents(200, 0, 0.8, 20)'),
    ('SELECT erlang_c_agents(-200, 180, 0.8, 20)'),
    ('SELECT erlang_c_agents(200, 180, 0.8, 20, max_occupancy => 0)'),
    ('SELECT erlang_c_agents(200, 180, 0.8, 20, max_occupancy => 1.2)'),
    ('SELECT erlang_c_agents(200, 180, 0.8, 20, max_occupancy => ''NaN'')'),
    ('SELECT erlang_c_agents(200, 180, 0.8, 20, shrinkage => 1)'),
    ('SELECT erlang_c_agents(200, 180, 0.8, 20, shrinkage => -0.3)'),
    ('SELECT erlang_c_agents(2e7, 180, 0.8, 20)'),
    ('SELECT erlang_c_agents(1e300, 1e300, 0.8, 20)'),
    -- a load under the limit whose occupancy ceiling asks for more agents
    ('SELECT erlang_c_agents(600000, 3600, 0.8, 20, max_occupancy => 0.5)')
) AS t(q);

-- Intervals: finite dates in order, a step dividing a day, a known calendar
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT staffing_intervals(''2025-03-02'', ''2025-03-01'', ''30 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''-infinity'', ''2025-03-01'', ''30 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''infinity'', ''30 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''7 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''0 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''-30 minutes'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''1 month'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''2 days'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''25 hours'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''2025-03-01'', ''2025-03-01'', ''1 day -1 hour'', ''v1 tz=UTC mon-fri=09:00-17:00'')'),
    ('SELECT staffing_intervals(''294276-12-30'', ''294276-12-31'', ''1 day'', ''v1 tz=UTC mon-fri=09:00-17:00'')')
) AS t(q);
-- arrival times are a list: a 2-D array is 22023, not read flattened
SELECT pg_temp.error_of($$SELECT count(*) FROM staffing_intervals('2025-03-03', '2025-03-03', '1 day', 'v1 tz=UTC',
                                          ARRAY[['2025-03-03 10:00+00', '2025-03-03 11:00+00']]::timestamptz[])$$) AS arrivals_2d;

-- Erlang A: patience a finite number of seconds > 0 (Infinity is Erlang C);
-- any load is allowed, but agents at most 1000000; the abandonment ceiling
-- in (0, 1]
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT erlang_a(200, 180, 0, 10, 20)'),
    ('SELECT erlang_a(200, 180, -60, 10, 20)'),
    ('SELECT erlang_a(200, 180, ''NaN'', 10, 20)'),
    ('SELECT erlang_a(200, 180, ''Infinity'', 10, 20)'),
    ('SELECT erlang_a(-200, 180, 60, 10, 20)'),
    ('SELECT erlang_a(200, 0, 60, 10, 20)'),
    ('SELECT erlang_a(200, 180, 60, -1, 20)'),
    ('SELECT erlang_a(200, 180, 60, 1000001, 20)'),
    ('SELECT erlang_a(200, 180, 60, 10, -20)'),
    ('SELECT erlang_a(1e300, 1e300, 60, 10, 20)'),
    ('SELECT erlang_a_agents(200, 180, 60, 80, 20)'),
    ('SELECT erlang_a_agents(200, 180, 60, 1, 20)'),
    ('SELECT erlang_a_agents(200, 180, 60, 0.8, 20, max_abandonment => 0)'),
    ('SELECT erlang_a_agents(200, 180, 60, 0.8, 20, max_abandonment => 1.5)'),
    ('SELECT erlang_a_agents(200, 180, 60, 0.8, 20, max_abandonment => ''NaN'')'),
    ('SELECT erlang_a_agents(200, 180, 60, 0.8, 20, max_occupancy => 0)'),
    ('SELECT erlang_a_agents(200, 180, 60, 0.8, 20, shrinkage => 1)'),
    ('SELECT erlang_a_agents(200, 180, 0, 0.8, 20)'),
    ('SELECT erlang_a_agents(3e7, 180, 60, 0.8, 20)'),
    ('SELECT erlang_a_agents(600000, 3600, 60, 0.8, 20, max_occupancy => 0.5)')
) AS t(q);

-- Agents times patience over handling time beyond 10^15 with a load near
-- the agents: 10 Erlangs on 10 agents with patience 10^15 handling times,
-- where the incomplete gamma function keeps too few digits, and 9.999997
-- Erlangs with 10^16, where it underflows but the sum over the waiting
-- states would take more than 10^8 terms (and the search meets loads above
-- the agents), and a million agents with patience 10^308 handling times,
-- beyond the range of a double: an error that says so, rather than a wrong
-- number
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT erlang_a(120, 300, 3e17, 10, 20)'),
    ('SELECT erlang_a(119.999964, 300, 3e18, 10, 20)'),
    ('SELECT erlang_a_agents(119.999964, 300, 3e18, 0.8, 20)'),
    ('SELECT erlang_a(1e-6, 1e-8, 1e300, 1000000, 1)')
) AS t(q);

-- A step of a microsecond makes 86.4 billion intervals a day: each interval
-- checks for interrupts, so a statement timeout (or pg_cancel_backend)
-- stops the call, as it stops generate_series (57014)
\i test/sql/include/cancel_of.psql
SET statement_timeout = '200ms';
SELECT pg_temp.cancel_of($$SELECT count(*) FROM staffing_intervals('2026-01-01', '2026-01-01', '1 microsecond',
                                                                  'v1 tz=UTC mon-fri=09:00-17:00')$$) AS tiny_step;
RESET statement_timeout;
