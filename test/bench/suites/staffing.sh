# Staffing: a plan for 10,000 intervals (about seven months of 30-minute
# intervals for one queue, 0-300 Erlangs with a daily and weekly curve),
# erlang_c_agents() called per interval through LATERAL, against the same
# plan with a faithful PL/pgSQL Erlang C inverse (the same Erlang B
# recursion, stepping up from the load one agent at a time, as hand-written
# staffing functions do).  Both must give the same agents for every interval.
# Then the time of one call at 500 Erlangs: erlang_c(), erlang_c_agents()
# and erlang_a_agents(), each called 10,000 times with arguments that vary
# (so that nothing is folded into a constant), minus nothing: the figure
# includes the executor's cost of a LATERAL call.
#
# The suite is sized by the task, not by BENCH_ROWS.
staffing_intervals=10000
staffing_calls=10000

bench_sql "
    DROP TABLE IF EXISTS bench_forecast;
    CREATE TABLE bench_forecast AS
    SELECT i, timestamptz '2025-01-06 00:00+08' + (i - 1) * interval '30 minutes' AS starts_at,
           -- half-hourly calls: a daytime hump peaking at 15:00 local, weekends at 60%, noise +-10%
           round(1800 * greatest(0, sin(pi() * (((i - 1) % 48) - 14) / 34.0))
                 * CASE WHEN ((i - 1) / 48) % 7 >= 5 THEN 0.6 ELSE 1 END
                 * (0.9 + 0.2 * ((hashint4(i) & 1023) / 1023.0))) AS calls
    FROM generate_series(1, ${staffing_intervals}) AS i;
    ALTER TABLE bench_forecast ADD COLUMN arrivals_per_hour float8;
    UPDATE bench_forecast SET arrivals_per_hour = calls * 2;
    VACUUM (FREEZE, ANALYZE) bench_forecast;

    CREATE OR REPLACE FUNCTION bench_erlang_c_agents_plpgsql(arrivals_per_hour float8, aht_seconds float8,
                                                             target float8, answer_within float8)
    RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS \$\$
    DECLARE
        a float8 := arrivals_per_hour * aht_seconds / 3600.0;
        n integer;
        recip float8 := 1;   -- 1 / Erlang B(n, a)
        wait float8;
    BEGIN
        IF a = 0 THEN
            RETURN 0;
        END IF;
        n := floor(a)::integer;
        FOR k IN 1 .. n LOOP
            recip := 1 + k / a * recip;
        END LOOP;
        LOOP
            n := n + 1;
            recip := 1 + n / a * recip;
            wait := n / (recip * (n - a) + a);
            IF 1 - wait * exp(-(n - a) * answer_within / aht_seconds) >= target THEN
                RETURN n;
            END IF;
        END LOOP;
    END \$\$;"

ours_plan="SELECT sum(s.agents), sum(s.scheduled_agents) FROM bench_forecast f
    CROSS JOIN LATERAL erlang_c_agents(f.arrivals_per_hour, 300, 0.8, 20, shrinkage => 0.3) AS s"
plpgsql_plan="SELECT sum(n), sum(ceil(n / 0.7)) FROM bench_forecast f
    CROSS JOIN LATERAL bench_erlang_c_agents_plpgsql(f.arrivals_per_hour, 300, 0.8, 20) AS n"

agree=$(psql -X -At -c "
    SELECT count(*) FILTER (WHERE s.agents = bench_erlang_c_agents_plpgsql(f.arrivals_per_hour, 300, 0.8, 20))
           || ' of ' || count(*) || ' intervals, peak load ' || max(s.load_erlangs) || ' Erlangs, '
           || sum(s.agents) || ' agent-intervals'
    FROM bench_forecast f CROSS JOIN LATERAL erlang_c_agents(f.arrivals_per_hour, 300, 0.8, 20) AS s")
bench_note "erlang_c_agents agrees with the PL/pgSQL inverse on ${agree}"

bench_query "plan: erlang_c_agents LATERAL w0" 0 "${ours_plan}"
bench_query "plan: PL/pgSQL Erlang C inverse w0" 0 "${plpgsql_plan}"
bench_query "plan: erlang_a_agents LATERAL w0" 0 "SELECT sum(s.agents) FROM bench_forecast f
    CROSS JOIN LATERAL erlang_a_agents(f.arrivals_per_hour, 300, 120, 0.8, 20) AS s"
bench_query "scan of the forecast w0" 0 "SELECT sum(arrivals_per_hour) FROM bench_forecast f"
# 500 Erlangs: 6000 calls an hour of 300 s
bench_query "${staffing_calls} x erlang_c at 500 Erlangs w0" 0 "SELECT sum(c.service_level)
    FROM generate_series(1, ${staffing_calls}) AS i CROSS JOIN LATERAL erlang_c(6000 + (i % 7) * 1e-6::float8, 300, 520, 20) AS c"
bench_query "${staffing_calls} x erlang_c_agents at 500 Erlangs w0" 0 "SELECT sum(s.agents)
    FROM generate_series(1, ${staffing_calls}) AS i CROSS JOIN LATERAL erlang_c_agents(6000 + (i % 7) * 1e-6::float8, 300, 0.8, 20) AS s"
bench_query "${staffing_calls} x erlang_a_agents at 500 Erlangs w0" 0 "SELECT sum(s.agents)
    FROM generate_series(1, ${staffing_calls}) AS i CROSS JOIN LATERAL erlang_a_agents(6000 + (i % 7) * 1e-6::float8, 300, 120, 0.8, 20) AS s"
bench_query "${staffing_calls} x PL/pgSQL inverse at 500 Erlangs w0" 0 "SELECT sum(n)
    FROM generate_series(1, ${staffing_calls}) AS i CROSS JOIN LATERAL bench_erlang_c_agents_plpgsql(6000 + (i % 7) * 1e-6::float8, 300, 0.8, 20) AS n"
bench_query "${staffing_calls} x generate_series alone w0" 0 "SELECT sum(i) FROM generate_series(1, ${staffing_calls}) AS i"
bench_measure

bench_ratio "plan of ${staffing_intervals} intervals: PL/pgSQL / erlang_c_agents" \
    "plan: PL/pgSQL Erlang C inverse w0" "plan: erlang_c_agents LATERAL w0" ">=" 5
bench_compare "plan: erlang_a_agents / erlang_c_agents" "plan: erlang_a_agents LATERAL w0" "plan: erlang_c_agents LATERAL w0"
bench_ratio "at 500 Erlangs: PL/pgSQL inverse / erlang_c_agents" \
    "${staffing_calls} x PL/pgSQL inverse at 500 Erlangs w0" "${staffing_calls} x erlang_c_agents at 500 Erlangs w0" ">=" 10
for fn in erlang_c erlang_c_agents erlang_a_agents; do
    bench_note "$(awk -v t="${BENCH_MEDIAN["${staffing_calls} x ${fn} at 500 Erlangs w0"]}" -v n="${staffing_calls}" \
        -v fn="${fn}" 'BEGIN { printf "%s at 500 Erlangs: %.2f us per call (LATERAL call overhead included)", fn, 1000 * t / n }')"
done
bench_sql "DROP TABLE bench_forecast; DROP FUNCTION bench_erlang_c_agents_plpgsql(float8, float8, float8, float8)"
