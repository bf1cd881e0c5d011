-- Erlang A (M/M/n+M): a published scenario, closed forms where patience
-- equals the handling time, the limit of patient customers (Erlang C),
-- monotonicity, and the inverse returning the fewest agents.  The Python
-- suite test/suites/staffing_crosscheck.sh compares a grid of loads from 0.1
-- to 1000 Erlangs with the birth-death chain summed in 50 digits.

-- The scenario of pyworkforce's Erlang A tests (an open-source Python
-- workforce library, pyworkforce/queuing/tests/test_abandonment.py): 100
-- calls in 30 minutes, 3-minute handling, 5-minute mean patience, 14
-- agents, 20 s: probability of waiting 0.14526, abandonment 0.013984,
-- occupancy 0.704297, mean wait 0.069919 min = 4.19512 s, service level
-- 0.916792.  We reproduced every figure independently with the
-- birth-death chain in 50-digit arithmetic (mpmath).
SELECT load_erlangs, round(wait_probability::numeric, 5) AS wait_probability,
       round(abandonment::numeric, 6) AS abandonment, round(occupancy::numeric, 6) AS occupancy,
       round(average_wait_seconds::numeric, 5) AS average_wait_seconds,
       round((average_wait_seconds / 60)::numeric, 6) AS average_wait_minutes,
       round(service_level::numeric, 6) AS service_level
FROM erlang_a(arrivals_per_hour => 200, aht_seconds => 180, patience_seconds => 300, agents => 14,
              answer_within_seconds => 20);

-- By hand, patience equal to the handling time: a waiting caller leaves at
-- rate n mu + j theta = (n + j) mu, so the chain is that of M/M/infinity and
-- the number present is Poisson(a).  Then P(W > 0) = P(N >= n), the
-- abandonment is E[(N - n)+] / a and the mean wait E[(N - n)+] / lambda.
-- One agent, a = 1: P(W > 0) = 1 - 1/e = 0.632121, abandonment = 1/e =
-- 0.367879, mean wait = 180 / e = 66.218 s, occupancy = 1 - 1/e;
-- two agents: P(W > 0) = 1 - 2/e = 0.264241, abandonment = 3/e - 1 =
-- 0.103638.  With t = 0 the service level is 1 - P(W > 0).
SELECT agents, round(wait_probability::numeric, 6) AS wait_probability,
       round(abandonment::numeric, 6) AS abandonment, round(average_wait_seconds::numeric, 3) AS average_wait_seconds,
       round(occupancy::numeric, 6) AS occupancy, round(service_level::numeric, 6) AS service_level
FROM generate_series(1, 2) AS agents, erlang_a(20, 180, 180, agents, 0);
-- the same closed forms over loads and agents, to 1e-12 (Poisson terms in
-- plain SQL)
SELECT count(*) AS cases,
       max(greatest(abs(e.wait_probability - (1 - p.below)), abs(e.service_level - p.below),
                    abs(e.abandonment - p.excess / e.load_erlangs),
                    abs(e.average_wait_seconds - p.excess / e.load_erlangs * 100) / 100)) < 1e-12 AS closed_forms_hold
FROM unnest(ARRAY[0.05, 0.5, 1, 2.5, 7, 20, 60]) AS a, generate_series(1, 80) AS n,
     erlang_a(a * 36, 100, 100, n, 0) AS e,
     LATERAL (SELECT sum(pk) AS below, e.load_erlangs - n + sum((n - k) * pk) AS excess
              FROM (SELECT k, exp(k * ln(e.load_erlangs) - e.load_erlangs
                                  - coalesce((SELECT sum(ln(i)) FROM generate_series(1, k) AS i), 0)) AS pk
                    FROM generate_series(0, n - 1) AS k) AS terms) AS p
WHERE n <= 4 * a + 10;

-- Customers who never abandon make Erlang C: as patience grows, Erlang A's
-- service level and probability of waiting approach Erlang C's and its
-- abandonment vanishes (10 Erlangs, 12, 14 and 18 agents)
SELECT n AS agents, patience_seconds / 180 AS patience_in_handling_times,
       round((a.service_level - c.service_level)::numeric, 6) AS sl_above_erlang_c,
       round((c.wait_probability - a.wait_probability)::numeric, 6) AS wait_below_erlang_c,
       round(a.abandonment::numeric, 6) AS abandonment
FROM unnest(ARRAY[12, 14, 18]) AS n, unnest(ARRAY[180, 900, 3600]) AS patience_seconds,
     erlang_a(200, 180, patience_seconds, n, 20) AS a, erlang_c(200, 180, n, 20) AS c
ORDER BY n, patience_seconds;

-- Customers who abandon at once make Erlang B: as patience tends to 0 an
-- arrival finding every agent busy leaves at once (a loss system), so the
-- probability of waiting and the abandonment tend to the blocking
-- probability B(n, a) = (a^n / n!) / sum_{k<=n} a^k / k!, the service level
-- to 1 - B, the occupancy to a (1 - B) / n and the mean wait
-- (abandonment * patience) to B * patience.  Patience from 1e-291 s, where
-- a * patience / aht puts the incomplete gamma function below the double
-- range (it raised 22003 from there down), to the smallest double, 5e-324 s,
-- where patience / aht is 0.  B here in numeric from factorials; the mean
-- wait where B * patience is a normal double.
CREATE TABLE erlang_b AS
SELECT a, n, s.b::float8 AS b
FROM unnest(ARRAY[0.5, 3, 10, 48, 100]) AS a, generate_series(1, 310) AS n,
     LATERAL (SELECT (power(a::numeric, n) / factorial(n)) / sum(power(a::numeric, k) / factorial(k)) AS b
              FROM generate_series(0, n) AS k) AS s
WHERE n <= 3 * a + 12;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE abs(e.wait_probability - b) > 1e-13 * b) AS wait_off,
       count(*) FILTER (WHERE abs(e.abandonment - b) > 1e-13 * b) AS abandonment_off,
       count(*) FILTER (WHERE abs(e.service_level - (1 - b)) > 1e-14) AS service_level_off,
       count(*) FILTER (WHERE abs(e.occupancy - a * (1 - b) / n) > 1e-13 * a * (1 - b) / n) AS occupancy_off,
       count(*) FILTER (WHERE b > 1e-307 / patience) AS average_wait_cases,
       count(*) FILTER (WHERE b > 1e-307 / patience
                        AND abs(e.average_wait_seconds / patience - b) > 1e-13 * b) AS average_wait_off
FROM erlang_b, unnest(ARRAY[5e-324, 1e-310, 1e-300, 1e-295, 1e-291]::float8[]) AS patience,
     unnest(ARRAY[0, 20]) AS t, erlang_a(a * 3600 / 300, 300, patience, n, t) AS e;
-- the example queue with callers who hang up after 1e-300 s, next to B
SELECT agents, round(wait_probability::numeric, 12) AS wait_probability,
       round(abandonment::numeric, 12) AS abandonment, round(service_level::numeric, 12) AS service_level,
       round(occupancy::numeric, 12) AS occupancy, average_wait_seconds,
       round(b.b::numeric, 12) AS erlang_b
FROM generate_series(9, 12) AS agents, erlang_a(200, 180, 1e-300, agents, 20),
     erlang_b AS b
WHERE b.a = 10 AND b.n = agents;
-- 0.5 Erlangs on 12 agents: B = 3.09e-13, not 0 (nobody waiting, to 1e-12)
SELECT round((wait_probability / b)::numeric, 12) AS wait_over_b, round((abandonment / b)::numeric, 12) AS abandonment_over_b
FROM erlang_a(6, 300, 1e-300, 12, 20), erlang_b WHERE a = 0.5 AND n = 12;
-- the fewest agents are those of the loss system: 1 - B meets the service
-- level, B the ceiling on abandonment
SELECT count(*) AS cases, count(*) FILTER (WHERE s.agents IS DISTINCT FROM
           (SELECT min(n) FROM erlang_b b WHERE b.a = v.a AND 1 - b.b >= target AND b.b <= max_ab)) AS differ
FROM unnest(ARRAY[0.5, 3, 10, 48, 100]) AS v(a), unnest(ARRAY[0.8, 0.9, 0.95]) AS target,
     unnest(ARRAY[1, 0.05, 0.01]) AS max_ab, unnest(ARRAY[5e-324, 1e-300]::float8[]) AS patience,
     erlang_a_agents(a * 12, 300, patience, target, 20, max_ab) AS s;

-- Overload is allowed: 12 Erlangs on 10 agents with 60 s of patience.
-- Agents carry at most 10 of the 12 Erlangs, so at least 1/6 abandon.
SELECT load_erlangs, round(abandonment::numeric, 6) AS abandonment, abandonment >= 1 / 6.0 AS at_least_a_sixth,
       round(occupancy::numeric, 6) AS occupancy, round(service_level::numeric, 6) AS service_level
FROM erlang_a(240, 180, 60, 10, 20);
-- no agents: everyone waits until abandoning, after the mean patience
SELECT * FROM erlang_a(240, 180, 60, 0, 20);
-- no arrivals: nobody waits with agents; with none, nothing to measure
SELECT * FROM erlang_a(0, 180, 60, 3, 20);
SELECT * FROM erlang_a(0, 180, 60, 0, 20);
SELECT * FROM erlang_a_agents(0, 180, 60, 0.8, 20, shrinkage => 0.3);
-- -0 arrivals are no arrivals: -0 passed the check arrivals_per_hour >= 0
-- and gave an abandonment and a wait of Infinity and an occupancy of 1.
-- Every input that may be 0 reads -0 as 0, so no result is -0 either.
SELECT * FROM erlang_a('-0', 300, 120, 30, 20);
SELECT input, same_as_0 FROM (VALUES
    ('erlang_a arrivals_per_hour',
     erlang_a('-0', 300, 120, 30, 20)::text = erlang_a(0, 300, 120, 30, 20)::text),
    ('erlang_a answer_within_seconds',
     erlang_a(200, 180, 60, 14, '-0')::text = erlang_a(200, 180, 60, 14, 0)::text),
    ('erlang_a_agents arrivals_per_hour',
     erlang_a_agents('-0', 180, 60, 0.8, 20)::text = erlang_a_agents(0, 180, 60, 0.8, 20)::text),
    ('erlang_a_agents answer_within_seconds',
     erlang_a_agents(200, 180, 60, 0.8, '-0')::text = erlang_a_agents(200, 180, 60, 0.8, 0)::text),
    ('erlang_a_agents shrinkage',
     erlang_a_agents(200, 180, 60, 0.8, 20, shrinkage => '-0')::text =
     erlang_a_agents(200, 180, 60, 0.8, 20, shrinkage => 0)::text)
) AS t(input, same_as_0);
-- far more agents than load: the incomplete gamma underflows, and the sums
-- over the waiting states give the tiny probabilities themselves, not 0
SELECT * FROM erlang_a(12, 300, 6000, 40, 20);

-- Customers far more patient than the handling time at a load below the
-- agents make the incomplete gamma function underflow with at least one
-- arrival per mean patience: the measures are summed over the waiting
-- states.  Against the chain summed in 50 digits (ErlangAChain of
-- test/scripts/staffing_crosscheck.py; the last case, 1000 agents, 1.16e-6
-- below them, patience 10^12 handling times, against those sums written as
-- integrals, since its chain has tens of millions of terms): relative 1e-12
-- for the probabilities of waiting and abandoning, the mean wait and the
-- occupancy, however small, and absolute 1e-12 for the service level.  All
-- but two raised 22003 before (not_computed); those two, 1 Erlang on 40
-- agents and 0.0036 on 50, reported 0 (off).
CREATE FUNCTION pg_temp.erlang_a_measures(arrivals float8, aht float8, patience float8, n int, t float8)
RETURNS float8[] LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT ARRAY[wait_probability, service_level, abandonment, average_wait_seconds, occupancy]
            FROM erlang_a(arrivals, aht, patience, n, t));
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN NULL;
END $$;
CREATE TABLE ea_patient AS
SELECT arrivals::float8, aht::float8, patience::float8, n, t::float8, wait::float8, sl::float8, ab::float8,
       avg_wait::float8, occ::float8,
       pg_temp.erlang_a_measures(arrivals, aht, patience, n, t) AS m
FROM (VALUES
    (0.012, 300, 300000, 1, 20, 9.9999900000299800785e-4, 9.9906442952196797823e-1, 9.9999700201296599623e-7, 2.9999910060388979887e-1, 9.9999900000299800785e-4),
    (1.2, 300, 300000, 1, 20, 9.9988905181603726748e-2, 9.0583452065001611333e-1, 1.1094818396278802522e-4, 3.3284455188836407565e+1, 9.9988905181603726748e-2),
    (24, 300, 3e6, 6, 20, 1.8017796864676749827e-2, 9.8619969748417441875e-1, 4.5042240148200467794e-7, 1.3512672044460140338, 3.3333318319253283933e-1),
    (24, 300, 3e6, 6, 0, 1.8017796864676749827e-2, 9.8198220313532325017e-1, 4.5042240148200467794e-7, 1.3512672044460140338, 3.3333318319253283933e-1),
    (6, 300, 3e8, 3, 120, 1.5151513957760174861e-2, 9.9442606857972801168e-1, 6.0606021891678524932e-9, 1.8181806567503557479, 1.6666666565656630181e-1),
    (12, 300, 6000, 40, 20, 4.6242528945622504881e-49, 1.0, 5.9205506821560328286e-52, 3.5523304092936196971e-48, 2.5e-2),
    (118.8, 300, 3e11, 10, 20, 9.6373838579048083693e-1, 4.2665174224932647587e-2, 9.6373646796061849214e-9, 2.8912094038818554764e+3, 9.8999999045900900272e-1),
    (0.0036, 3600, 3.6e9, 50, 20, 2.140513523930835054e-187, 1.0, 4.2813352183583564096e-195, 1.5412806786090083075e-185, 7.1999999999999998029e-5),
    (3599995.8112634555, 1, 1e12, 1000, 20, 9.9995423623129964972e-1, 2.3063756883232497444e-2, 8.5814343074824143592e-10, 8.5814343074824143592e+2, 9.9999883560392860767e-1)
) AS v(arrivals, aht, patience, n, t, wait, sl, ab, avg_wait, occ);
SELECT count(*) AS cases, count(*) FILTER (WHERE m IS NULL) AS not_computed,
       count(*) FILTER (WHERE abs(m[1] / wait - 1) > 1e-12 OR abs(m[2] - sl) > 1e-12 OR abs(m[3] / ab - 1) > 1e-12
                        OR abs(m[4] / avg_wait - 1) > 1e-12 OR abs(m[5] / occ - 1) > 1e-12) AS off
FROM ea_patient;
-- 0.001 Erlangs on one agent with patience 1000 handling times: the
-- probability of waiting just below Erlang C's 0.001, a millionth abandoning
SELECT round(m[1]::numeric, 15) AS wait_probability, round(m[2]::numeric, 12) AS service_level,
       round((m[3] * 1e6)::numeric, 12) AS abandonment_per_million, round(m[4]::numeric, 12) AS average_wait_seconds
FROM ea_patient WHERE arrivals = 0.012;
-- the fewest agents in that region are those of a scan of the same chain:
-- 0.1 Erlangs at 80% within 20 s take 1 agent; 2 Erlangs at 95% and at most
-- 1e-9 abandoning take 10 (9 leave 3.5e-9 abandoning); 1 Erlang with
-- patience 20 handling times and at most 1e-30 (1e-100) abandoning take 27
-- (26 leave 1.9e-30), resp. 69 (68 leave 1.12e-100); 0.001 Erlangs at
-- 99.99% take 2 (1 answers 99.906%)
CREATE FUNCTION pg_temp.fewest_agents(arrivals float8, aht float8, patience float8, target float8,
                                      t float8, max_ab float8) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT agents FROM erlang_a_agents(arrivals, aht, patience, target, t, max_ab));
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN NULL;
END $$;
SELECT arrivals, (patience / aht)::float8 AS patience_in_handling_times, target, max_ab::float8 AS max_ab,
       pg_temp.fewest_agents(arrivals, aht, patience, target, 20, max_ab) AS agents, chain_scan
FROM (VALUES (1.2, 300, 300000, 0.8, 1, 1), (24, 300, 3e6, 0.95, 1e-9, 10), (12, 300, 6000, 0.8, 1e-30, 27),
             (12, 300, 6000, 0.8, 1e-100, 69), (0.012, 300, 3e8, 0.9999, 1, 2))
     AS v(arrivals, aht, patience, target, max_ab, chain_scan);

-- Large centres: 500 and 1000 Erlangs, 80% within 20 s
SELECT load_erlangs, agents, round(service_level::numeric, 6) AS service_level,
       round(abandonment::numeric, 6) AS abandonment, round(occupancy::numeric, 4) AS occupancy
FROM (VALUES (500), (1000)) AS v(a), erlang_a_agents(a * 12, 300, 120, 0.8, 20);

-- More agents never lower the service level nor raise the probability of
-- waiting, the abandonment, the mean wait or the occupancy; more patience
-- never raises the abandonment.  Where the agents are saturated the
-- occupancy is 1 and the abandonment 1 - n/a to the last bit, and rounding
-- may move them by 1e-16 either way: those two are compared to 1e-14.
CREATE TABLE ea_grid AS
SELECT a, patience, t, n, e.*
FROM unnest(ARRAY[0.1, 0.9, 3, 10, 48, 250, 1000]) AS a,
     unnest(ARRAY[20, 100, 400, 2000]) AS patience,
     unnest(ARRAY[0, 20, 180]) AS t,
     LATERAL generate_series(greatest(1, floor(a * 0.7)::int), ceil(a * 1.1)::int + 40) AS n,
     LATERAL erlang_a(a * 36, 100, patience, n, t) AS e;
SELECT count(*) AS steps,
       count(*) FILTER (WHERE service_level < prev_sl) AS service_level_drops,
       count(*) FILTER (WHERE wait_probability > prev_wait) AS wait_rises,
       count(*) FILTER (WHERE abandonment > prev_ab) AS abandonment_rises,
       count(*) FILTER (WHERE average_wait_seconds > prev_avg) AS average_wait_rises,
       count(*) FILTER (WHERE occupancy > prev_occ + 1e-14) AS occupancy_rises,
       count(*) FILTER (WHERE service_level NOT BETWEEN 0 AND 1 OR abandonment NOT BETWEEN 0 AND 1
                        OR wait_probability NOT BETWEEN 0 AND 1) AS outside_0_1
FROM (SELECT *, lag(service_level) OVER w AS prev_sl, lag(wait_probability) OVER w AS prev_wait,
             lag(abandonment) OVER w AS prev_ab, lag(average_wait_seconds) OVER w AS prev_avg,
             lag(occupancy) OVER w AS prev_occ
      FROM ea_grid WINDOW w AS (PARTITION BY a, patience, t ORDER BY n)) AS x
WHERE prev_sl IS NOT NULL;
SELECT count(*) FILTER (WHERE abandonment > prev_ab + 1e-14) AS abandonment_rises_with_patience
FROM (SELECT abandonment, lag(abandonment) OVER (PARTITION BY a, t, n ORDER BY patience) AS prev_ab
      FROM ea_grid) AS x
WHERE prev_ab IS NOT NULL;

-- The inverse returns the fewest agents meeting all targets: n meets them,
-- n - 1 does not
CREATE TABLE ea_inverse AS
SELECT a, patience, target, t, max_ab, max_occ, s.agents, s.service_level, s.abandonment, s.occupancy,
       (SELECT p.service_level >= target AND p.abandonment <= max_ab AND p.occupancy <= max_occ
        FROM erlang_a(a * 36, 100, patience, s.agents - 1, t) AS p) AS one_fewer_meets
FROM unnest(ARRAY[0.01, 0.4, 2, 10, 33.3, 150, 800]) AS a,
     unnest(ARRAY[30, 100, 1000]) AS patience,
     unnest(ARRAY[0.5, 0.8, 0.95]) AS target,
     unnest(ARRAY[0, 20, 300]) AS t,
     unnest(ARRAY[1, 0.03]) AS max_ab,
     unnest(ARRAY[1, 0.85]) AS max_occ,
     LATERAL erlang_a_agents(a * 36, 100, patience, target, t, max_ab, max_occ) AS s;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE service_level >= target AND abandonment <= max_ab AND occupancy <= max_occ)
           AS meet_targets,
       count(*) FILTER (WHERE one_fewer_meets IS NOT TRUE) AS one_fewer_falls_short
FROM ea_inverse;

-- Erlang C overstaffs when customers abandon: 100 calls per half hour of
-- 180 s, 80% within 20 s.  Erlang C asks for 14 agents; with a mean patience
-- of one to three minutes 12 meet the service level, because 7.6% or 5.3%
-- of callers give up; a ceiling of 3% abandonment asks for 15 (14 agents
-- leave 3.03% abandoning).
SELECT patience_seconds, a.agents AS erlang_a_agents, c.agents AS erlang_c_agents,
       round(a.service_level::numeric, 4) AS service_level, round(a.abandonment::numeric, 4) AS abandonment
FROM unnest(ARRAY[60, 180, 600]) AS patience_seconds,
     erlang_a_agents(200, 180, patience_seconds, 0.8, 20) AS a, erlang_c_agents(200, 180, 0.8, 20) AS c;
SELECT agents, round(service_level::numeric, 4) AS service_level, round(abandonment::numeric, 4) AS abandonment
FROM erlang_a_agents(200, 180, 60, 0.8, 20, max_abandonment => 0.03);
SELECT round(abandonment::numeric, 6) AS abandonment_with_14 FROM erlang_a(200, 180, 60, 14, 20);

-- An occupancy ceiling is met within one part in 10^9, as for Erlang C: 12
-- agents (occupancy 0.782 with a patience of 120 s, a service level of 0.1
-- met by far) meet a ceiling of their own occupancy times 1 - 1e-10, not one
-- of 1 - 1e-8, which takes 13
SELECT f AS ceiling_over_occupancy_of_12, s.agents
FROM erlang_a(200, 180, 120, 12, 20) AS o, (VALUES (1.0), (1 - 1e-10), (1 - 1e-8)) AS v(f),
     erlang_a_agents(200, 180, 120, 0.1, 20, max_occupancy => o.occupancy * f) AS s;

-- The reach of double precision: with patience up to 20 times the handling
-- time, loads from 0.001 to 3000 Erlangs and a tenth to ten times as many
-- agents, Erlang A is always computed (no "cannot be computed" error)
CREATE FUNCTION pg_temp.computes(a float8, ratio float8, n int) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM erlang_a(a * 12, 300, ratio * 300, n, 20);
    RETURN true;
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN false;
END $$;
SELECT count(*) AS cases, count(*) FILTER (WHERE NOT pg_temp.computes(a, ratio, n)) AS not_computed
FROM unnest(ARRAY[0.5, 1, 5, 10, 20]) AS ratio,
     unnest(ARRAY[0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 100, 300, 1000, 3000]) AS a,
     LATERAL (SELECT DISTINCT greatest(1, round(a * f))::int AS n
              FROM unnest(ARRAY[0.1, 0.5, 0.8, 0.9, 1, 1.1, 1.2, 1.5, 2, 3, 5, 10]) AS f) AS g;
-- Agents times patience over handling time beyond 10^15: at 10 Erlangs on
-- 10 agents with patience 10^15 times the handling time (10^16) the
-- abandonment, 7.9788e-9 by the chain summed in 50 digits, had lost its
-- digits and came out as 0: the error instead.  At 10^13 times (10^14) it
-- is computed: 7.9788431e-8 by the chain.
SELECT pg_temp.computes(10, 1e15, 10) AS at_1e16, pg_temp.computes(10, 1e13, 10) AS at_1e14;
SELECT round(abandonment::numeric, 12) AS abandonment FROM erlang_a(120, 300, 300e13, 10, 20);
-- occupancy is at most 1, also where rounding of the load would pass it
SELECT occupancy FROM erlang_a(3.6e12, 1, 1, 1000000, 1);
