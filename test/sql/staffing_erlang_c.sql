-- Erlang C (M/M/n): published worked examples, closed forms for one and two
-- agents, a plain-SQL direct sum, monotonicity in the number of agents, and
-- the inverse returning the fewest agents that meet the targets.  The Python
-- suite test/suites/staffing_crosscheck.sh compares a grid of loads from 0.1
-- to 1000 Erlangs with an independent high-precision implementation.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

-- Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked
-- Example" (callcentrehelper.com/erlang-c-formula-example-121281.htm):
-- 100 calls in 30 minutes, 180 s handling, 80% answered within 20 s,
-- occupancy at most 85%, shrinkage 30%.  Published: 10 Erlangs, 14 agents
-- (occupancy 71.4%), 20 agents after shrinkage.  Probability of waiting
-- 0.1741 and service level 0.8884 with 14 agents, and 13 agents falling
-- short, were checked independently (direct sum in Python with mpmath).
SELECT agents, scheduled_agents, load_erlangs, round(wait_probability::numeric, 4) AS wait_probability,
       round(service_level::numeric, 4) AS service_level, round(asa_seconds::numeric, 3) AS asa_seconds,
       round(occupancy::numeric, 4) AS occupancy
FROM erlang_c_agents(arrivals_per_hour => 200, aht_seconds => 180, target_service_level => 0.8,
                     answer_within_seconds => 20, max_occupancy => 0.85, shrinkage => 0.3);
SELECT n AS agents, round(wait_probability::numeric, 4) AS wait_probability,
       round(service_level::numeric, 4) AS service_level
FROM generate_series(11, 14) AS n, erlang_c(200, 180, n, 20);

-- An occupancy exactly at the ceiling meets it: 210 arrivals an hour of 36 s
-- are 2.1 Erlangs, 0.7 of 3 agents, whose service level in 20 s is 0.7014
-- (Python: Erlang B recursion, 1 - C exp(-(n - a) t / aht)); in floating
-- point 2.1 / 3 is 0.7000000000000001, which must not take a 4th agent
SELECT agents, round(service_level::numeric, 4) AS service_level, occupancy > float8 '0.7' AS above_in_floating_point
FROM erlang_c_agents(arrivals_per_hour => 210, aht_seconds => 36, target_service_level => 0.5,
                     answer_within_seconds => 20, max_occupancy => 0.7);
-- while a ceiling just below it, 0.6999, takes a 4th agent
SELECT agents FROM erlang_c_agents(arrivals_per_hour => 210, aht_seconds => 36, target_service_level => 0.5,
                                   answer_within_seconds => 20, max_occupancy => 0.6999);

-- The step-by-step Erlang-C example of Mitan Ltd's "The Erlang-C formula"
-- page, widely reproduced: 360 calls per half hour, 4-minute calls,
-- 55 agents, 15-second target: 48 Erlangs, occupancy 87.3%.  Its
-- probability of waiting 0.2387, average speed of answer 8.18 s and service
-- level 84.6% in 15 s were checked independently (direct sum in Python).
SELECT load_erlangs, round(wait_probability::numeric, 4) AS wait_probability,
       round(service_level::numeric, 4) AS service_level, round(asa_seconds::numeric, 2) AS asa_seconds,
       round(occupancy::numeric, 4) AS occupancy
FROM erlang_c(720, 240, 55, 15);

-- By hand, one agent (M/M/1): wait probability = a, ASA = a aht / (1 - a),
-- SL(t) = 1 - a exp(-(1 - a) t / aht).  10 arrivals an hour of 180 s:
-- a = 0.5, ASA = 180 s, SL(20) = 1 - 0.5 exp(-1/18) = 1 - 0.5 * 0.945959
-- = 0.527020.
-- Two agents: C = a^2 / (2 + a); 20 an hour of 180 s: a = 1, C = 1/3,
-- ASA = (1/3) 180 / 1 = 60 s, SL(20) = 1 - exp(-1/9) / 3 = 1 - 0.894839 / 3
-- = 0.701720.
SELECT agents, load_erlangs, round(wait_probability::numeric, 12) AS wait_probability,
       round(service_level::numeric, 6) AS service_level, round(asa_seconds::numeric, 9) AS asa_seconds,
       occupancy
FROM (VALUES (10, 1), (20, 2)) AS v(arrivals, agents), erlang_c(arrivals, 180, agents, 20);
-- the closed forms over a grid of loads (a as the function computed it
-- from the arrivals), to 1e-15 (the ASA relative to its value)
SELECT count(*) AS cases,
       max(greatest(abs(c1.wait_probability - a), abs(c2.wait_probability - a ^ 2 / (2 + a)),
                    abs(c1.service_level - (1 - a * exp(-(1 - a) * t / 100))),
                    abs(c2.service_level - (1 - a ^ 2 / (2 + a) * exp(-(2 - a) * t / 100))),
                    abs(c1.asa_seconds / (a * 100 / (1 - a)) - 1),
                    abs(c2.asa_seconds / (a ^ 2 / (2 + a) * 100 / (2 - a)) - 1))) < 1e-15 AS closed_forms_hold
FROM generate_series(1, 99) AS i, (VALUES (0.0), (5.0), (60.0)) AS w(t),
     erlang_c(i * 0.36, 100, 1, t) AS c1, erlang_c(i * 0.36, 100, 2, t) AS c2,
     LATERAL (SELECT c1.load_erlangs AS a) AS l;

-- Against a plain-SQL direct sum in log space (no recursion):
--   1/C = 1 + (1 - a/n) sum_{k<n} exp(ln(a^k/k!) - ln(a^n/n!)),
-- for small to very large centres: 48 Erlangs with 55 agents, 500 with 520,
-- 1000 with 1030 and 1000 with 1100 (where C is tiny; terms below e^-700,
-- which cannot matter, are taken as e^-700 to keep exp() from underflowing).
-- The direct sum adds up to a thousand logarithms, so it is itself only
-- good to about 1e-12: hence 1e-10 (the Python suite checks to 1e-9 over
-- the whole grid against 50-digit arithmetic).
SELECT a AS load, n AS agents, round(c.wait_probability::numeric, 12) AS wait_probability, abs(c.wait_probability - d.c) / d.c < 1e-10 AS agrees
FROM (VALUES (48.0::float8, 55), (500, 520), (1000, 1030), (1000, 1100)) AS v(a, n)
CROSS JOIN LATERAL erlang_c(a * 3600 / 300, 300, n, 20) AS c
CROSS JOIN LATERAL (
    SELECT 1 / (1 + (1 - a / n) * sum(exp(greatest(k * ln(a) - lf - (n * ln(a) - lfn), -700)))) AS c
    FROM (SELECT k, sum(ln(greatest(k, 1))) OVER (ORDER BY k) AS lf
          FROM generate_series(0, n) AS k) AS f,
         (SELECT sum(ln(j)) AS lfn FROM generate_series(1, n) AS j) AS g
    WHERE k < n) AS d
ORDER BY a, n;

-- Loads of hundreds of Erlangs: no overflow, probabilities in [0, 1]
SELECT a AS load, agents, round(service_level::numeric, 6) AS service_level,
       round(asa_seconds::numeric, 4) AS asa_seconds, round(occupancy::numeric, 4) AS occupancy
FROM (VALUES (500), (1000), (5000)) AS v(a),
     erlang_c_agents(a * 3600 / 300.0, 300, 0.8, 20);
-- far more agents than load: nothing waits (1/B overflows to Infinity: exact)
SELECT * FROM erlang_c(36, 100, 1000000, 20);
SELECT * FROM erlang_c(0.001, 100, 5000, 20);

-- No arrivals: nobody waits with agents; with none, nothing to measure;
-- the inverse needs no agents
SELECT * FROM erlang_c(0, 180, 3, 20);
SELECT * FROM erlang_c(0, 180, 0, 20);
SELECT * FROM erlang_c_agents(0, 180, 0.8, 20, shrinkage => 0.3);
-- -0 is 0 for every input that may be 0: no -0 in the results (erlang_c
-- gave wait_probability, service_level... as -0 for -0 arrivals)
SELECT * FROM erlang_c('-0', 180, 3, 20);
SELECT input, same_as_0 FROM (VALUES
    ('erlang_c arrivals_per_hour',
     erlang_c('-0', 180, 3, 20)::text = erlang_c(0, 180, 3, 20)::text),
    ('erlang_c answer_within_seconds',
     erlang_c(100, 180, 10, '-0')::text = erlang_c(100, 180, 10, 0)::text),
    ('erlang_c_agents arrivals_per_hour',
     erlang_c_agents('-0', 180, 0.8, 20)::text = erlang_c_agents(0, 180, 0.8, 20)::text),
    ('erlang_c_agents answer_within_seconds',
     erlang_c_agents(200, 180, 0.8, '-0')::text = erlang_c_agents(200, 180, 0.8, 0)::text),
    ('erlang_c_agents shrinkage',
     erlang_c_agents(200, 180, 0.8, 20, shrinkage => '-0')::text =
     erlang_c_agents(200, 180, 0.8, 20, shrinkage => 0)::text)
) AS t(input, same_as_0);

-- More agents never lower the service level, and never raise the wait
-- probability, the ASA or the occupancy: every step over a grid
CREATE TABLE ec_grid AS
SELECT a, t, n, c.*
FROM unnest(ARRAY[0.1, 0.5, 0.99, 1, 2.5, 10, 48, 99.5, 250, 500, 1000]) AS a,
     unnest(ARRAY[0, 20, 180]) AS t,
     LATERAL generate_series(floor(a)::int + 1, floor(a)::int + 60) AS n,
     LATERAL erlang_c(a * 36, 100, n, t) AS c;
SELECT count(*) AS steps,
       count(*) FILTER (WHERE service_level < prev_sl) AS service_level_drops,
       count(*) FILTER (WHERE wait_probability > prev_wait) AS wait_rises,
       count(*) FILTER (WHERE asa_seconds > prev_asa) AS asa_rises,
       count(*) FILTER (WHERE occupancy >= prev_occupancy) AS occupancy_not_falling,
       count(*) FILTER (WHERE service_level NOT BETWEEN 0 AND 1 OR wait_probability NOT BETWEEN 0 AND 1)
           AS outside_0_1
FROM (SELECT *, lag(service_level) OVER w AS prev_sl, lag(wait_probability) OVER w AS prev_wait,
             lag(asa_seconds) OVER w AS prev_asa, lag(occupancy) OVER w AS prev_occupancy
      FROM ec_grid WINDOW w AS (PARTITION BY a, t ORDER BY n)) AS x
WHERE prev_sl IS NOT NULL;
-- a longer answer-time target never lowers the service level
SELECT count(*) FILTER (WHERE s20.service_level < s0.service_level OR s180.service_level < s20.service_level)
       AS target_time_drops
FROM ec_grid s0 JOIN ec_grid s20 USING (a, n) JOIN ec_grid s180 USING (a, n)
WHERE s0.t = 0 AND s20.t = 20 AND s180.t = 180;

-- The inverse returns the fewest agents: n meets the targets, n - 1 does not
-- (or is not above the load), over loads, targets, answer times and
-- occupancy ceilings
CREATE TABLE ec_inverse AS
SELECT a, target, t, max_occ, s.agents, s.load_erlangs, s.service_level, s.occupancy,
       (SELECT p.service_level >= target AND p.occupancy <= max_occ
        FROM erlang_c(a * 36, 100, s.agents - 1, t) AS p
        WHERE s.agents - 1 > s.load_erlangs) AS one_fewer_meets
FROM unnest(ARRAY[0.01, 0.3, 1, 1.7, 7, 10, 33.3, 100, 480, 999.9]) AS a,
     unnest(ARRAY[0.5, 0.8, 0.95, 0.999]) AS target,
     unnest(ARRAY[0, 20, 300]) AS t,
     unnest(ARRAY[1, 0.85, 0.5]) AS max_occ,
     LATERAL erlang_c_agents(a * 36, 100, target, t, max_occ) AS s;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE service_level >= target AND occupancy <= max_occ) AS meet_targets,
       count(*) FILTER (WHERE one_fewer_meets IS NOT TRUE) AS one_fewer_falls_short,
       count(*) FILTER (WHERE occupancy > 0.85 AND max_occ = 0.85) AS over_occupancy
FROM ec_inverse;
-- the occupancy ceiling binds at light service targets: 100 Erlangs at
-- 50% within 300 s needs only 101 agents, at most 85% occupancy needs
-- ceil(100 / 0.85) = 118 and at most 50% needs 200
SELECT max_occ, agents, round(occupancy::numeric, 4) AS occupancy FROM ec_inverse
WHERE a = 100 AND target = 0.5 AND t = 300 ORDER BY max_occ DESC;

-- A staffing plan: one call per interval of a forecast table (LATERAL)
CREATE TABLE ec_forecast AS
SELECT timestamptz '2026-03-02 09:00+08' + (i - 1) * interval '30 minutes' AS starts_at,
       (ARRAY[40, 95, 130, 150, 120, 60, 0, 75])[i] AS calls
FROM generate_series(1, 8) AS i;
SELECT f.starts_at, f.calls, s.agents, s.scheduled_agents, round(s.service_level::numeric, 3) AS service_level,
       round(s.occupancy::numeric, 3) AS occupancy
FROM ec_forecast f
CROSS JOIN LATERAL erlang_c_agents(arrivals_per_hour => f.calls * 2, aht_seconds => 240,
                                   target_service_level => 0.8, answer_within_seconds => 20,
                                   shrinkage => 0.35) AS s
ORDER BY f.starts_at;

RESET TimeZone;
RESET DateStyle;
