# SLA policies: first reply, next reply and agent work time of every ticket
# in a team's business hours against targets by priority (re-evaluated when
# the priority changes): the share of tickets that met each SLA and the
# breach instants.  Ours (timeline_set_agg, unnest, sla_met and
# sla_breach_at) against the plain-SQL formulation the dbt packages use:
# status spells with lead() over the events, the clocks' spells by window
# functions, working time from a spine of working hours built with
# generate_series (each span with the working time before it), breach
# instants where the running clock crosses the target, found in the spine.
#
# BENCH_ROWS/10 tickets (1 million at the default size) with about 6 events
# each: creation (new, the customer's message, a priority), then 1 to 3
# steps (agent replies setting pending, customer messages reopening, on
# hold, solves, priority changes); events stored in time order, as a help
# desk appends them.
#
# The summary reads most SLA columns twice.  Without a fence the planner
# pulls the per-ticket subquery up and evaluates each SLA function once per
# reference (12 calls a ticket; the kept summaries of src/sla_metrics.c make
# the repeats cheap, not free); with OFFSET 0, as docs/sla.md recommends for
# such queries, once per ticket (6 calls).  The target is on the fenced
# form; the unfenced one is timed too, for information.  Measured numbers
# and what they say are in docs/sla.md ("Speed"); under load, compare the
# server's CPU time too.
bench_tickets=$((BENCH_ROWS / 10))
bench_sql "
    DROP TABLE IF EXISTS bench_sla_events, bench_sla_spine, bench_sla_setup;
    CREATE TABLE bench_sla_events (ticket_id bigint, stage text, at timestamptz);
    INSERT INTO bench_sla_events
    SELECT c, stage, at
    FROM (SELECT c, 'new' AS stage, t0 AS at FROM (SELECT c, timestamptz '2026-03-01' + (hashint8(c) & 2147483647) % 25920000 * interval '1 second' AS t0
                                                  FROM generate_series(1::bigint, ${bench_tickets}) AS c) AS t
          UNION ALL
          SELECT c, s.stage, at
          FROM (SELECT c, k, t0, (hashint8(c * 131 + k) & 2147483647) % 100 AS kind,
                       t0 + sum(CASE WHEN k = 0 THEN 0 ELSE ((hashint8(c * 23 + k) & 2147483647) % 1000) ^ 2 / 4 END)
                                OVER (PARTITION BY c ORDER BY k) * interval '1 second' AS at
                FROM (SELECT c, timestamptz '2026-03-01' + (hashint8(c) & 2147483647) % 25920000 * interval '1 second' AS t0
                      FROM generate_series(1::bigint, ${bench_tickets}) AS c) AS t,
                     generate_series(0, 4) AS k
                WHERE k <= 1 + (hashint8(c * 7) & 2147483647) % 3) AS st,
               LATERAL unnest(CASE
                   WHEN k = 0 THEN ARRAY['customer_message',
                                         'priority:' || (ARRAY['urgent', 'high', 'normal', 'normal', 'low'])[1 + (hashint8(c * 3) & 2147483647) % 5]]
                   WHEN kind < 35 THEN ARRAY['agent_reply', 'pending']
                   WHEN kind < 60 THEN ARRAY['customer_message', 'open']
                   WHEN kind < 68 THEN ARRAY['on_hold']
                   WHEN kind < 90 THEN ARRAY['solved']
                   ELSE ARRAY['priority:' || (ARRAY['urgent', 'high', 'normal', 'low'])[1 + kind % 4]] END) AS s(stage)) AS e
    ORDER BY at;
    VACUUM (FREEZE, ANALYZE) bench_sla_events;
    -- the team's calendar and the policy, for ours
    CREATE TABLE bench_sla_setup AS
    SELECT 'v1 tz=Europe/Berlin mon-fri=09:00-12:30,13:30-17:30 holidays=2026-04-03,2026-04-06,2026-05-01,2026-05-14,2026-05-25,2026-10-03,2026-12-24..2026-12-26,2026-12-31'::business_calendar AS cal,
           '{\"first_reply\": {\"urgent\": \"1 hour\", \"high\": \"4 hours\", \"normal\": \"8 hours\", \"low\": \"16 hours\"},
             \"next_reply\": {\"urgent\": \"30 minutes\", \"high\": \"2 hours\", \"normal\": \"4 hours\", \"low\": \"8 hours\"},
             \"agent_work\": {\"urgent\": \"2 hours\", \"high\": \"6 hours\", \"normal\": \"12 hours\", \"low\": \"20 hours\"},
             \"default_priority\": \"normal\"}'::jsonb AS p;
    -- the same hours as a spine of working spans, for the plain SQL
    CREATE TABLE bench_sla_spine AS
    SELECT row_number() OVER (ORDER BY lo) AS n, lo, hi, sum(hi - lo) OVER (ORDER BY lo) - (hi - lo) AS before
    FROM (SELECT (d + f) AT TIME ZONE 'Europe/Berlin' AS lo, (d + t) AT TIME ZONE 'Europe/Berlin' AS hi
          FROM generate_series(timestamp '2026-02-01', '2027-03-31', '1 day') AS d,
               (VALUES (time '09:00', time '12:30'), (time '13:30', time '17:30')) AS s(f, t)
          WHERE extract(isodow FROM d) <= 5
            AND d::date NOT IN ('2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25',
                                '2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31')) AS s;
    CREATE INDEX ON bench_sla_spine (before);
    ANALYZE bench_sla_spine, bench_sla_setup;"

# ours: per ticket, met and breach instant of each of the three SLAs
# (FENCE: what ends the subquery, OFFSET 0 unless given)
ours_sla() {
    echo "SELECT s.case_id AS ticket_id,
                 sla_met(s.timeline, 'first_reply', p, calendar => cal) AS fr_met,
                 sla_breach_at(s.timeline, 'first_reply', p, calendar => cal) AS fr_breach,
                 sla_met(s.timeline, 'next_reply', p, calendar => cal) AS nr_met,
                 sla_breach_at(s.timeline, 'next_reply', p, calendar => cal) AS nr_breach,
                 sla_met(s.timeline, 'agent_work', p, calendar => cal) AS aw_met,
                 sla_breach_at(s.timeline, 'agent_work', p, calendar => cal) AS aw_breach
          FROM bench_sla_setup, unnest((SELECT timeline_set_agg(ticket_id, stage, at) FROM bench_sla_events)) AS s
          ${FENCE-OFFSET 0}"
}

# plain SQL: the same, from status spells clipped to the working-hours spine
plain_sla() {
    echo "WITH e AS (
        SELECT ticket_id AS c, stage, at, row_number() OVER (PARTITION BY ticket_id ORDER BY at, stage COLLATE \"C\") AS k
        FROM (SELECT DISTINCT ticket_id, stage, at FROM bench_sla_events) AS d),
    -- each instant: what happened, the status and priority its events left
    i AS (
        SELECT c, at, (ARRAY['new', 'open', 'pending', 'on_hold', 'solved'])[max(status_kc) % 10] AS status,
               coalesce(max(priority_kc) % 10, 3) AS prio,
               bool_or(stage = 'customer_message') AS msg, bool_or(stage = 'agent_reply') AS reply,
               bool_or(stage = 'solved') AS solve, bool_or(stage IN ('new', 'open', 'pending', 'on_hold')) AS opens
        FROM (SELECT c, at, stage,
                     max(k * 10 + array_position(ARRAY['new', 'open', 'pending', 'on_hold', 'solved'], stage))
                         OVER (PARTITION BY c ORDER BY k) AS status_kc,
                     max(k * 10 + array_position(ARRAY['priority:urgent', 'priority:high', 'priority:normal', 'priority:low'], stage))
                         OVER (PARTITION BY c ORDER BY k) AS priority_kc
              FROM e) AS s
        GROUP BY c, at),
    -- W(at): working time before each instant, from the last span starting at or before it
    w AS (
        SELECT u.c, u.at, coalesce(sp.before + least(greatest(u.at - sp.lo, interval '0'), sp.hi - sp.lo), interval '0') AS w
        FROM (SELECT c, at, kind, max(n) OVER (ORDER BY at, kind ROWS UNBOUNDED PRECEDING) AS n
              FROM (SELECT c, at, 1 AS kind, NULL::bigint AS n FROM i
                    UNION ALL SELECT NULL, lo, 0, n FROM bench_sla_spine) AS a) AS u
        LEFT JOIN bench_sla_spine AS sp ON sp.n = u.n
        WHERE u.kind = 1),
    -- spells from each instant to the next, with their working time
    seg AS (
        SELECT i.*, w.w AS w_lo, lead(w.w) OVER t - w.w AS work, lead(i.at) OVER t AS hi
        FROM i JOIN w USING (c, at)
        WINDOW t AS (PARTITION BY i.c ORDER BY i.at)),
    -- the clocks spell by spell: first reply from the creation c0 to e1; waits
    -- for a reply from a message when none is open to the next reply or
    -- solve, next replies when they start after the first reply's clock
    -- stopped (first_reply_at: e1, or without a creation the first reply or
    -- solve); agent work from c0 in new and open
    a AS (
        SELECT *, min(at) FILTER (WHERE opens) OVER ticket AS c0,
               min(at) FILTER (WHERE reply OR solve) OVER ticket AS first_stop_anywhere,
               max(at) FILTER (WHERE msg) OVER prior AS last_msg,
               max(at) FILTER (WHERE reply OR solve) OVER prior AS last_stop,
               min(at) FILTER (WHERE reply OR solve) OVER from_here AS stop_from
        FROM seg
        WINDOW ticket AS (PARTITION BY c),
               prior AS (PARTITION BY c ORDER BY at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
               from_here AS (PARTITION BY c ORDER BY at ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)),
    b AS (
        SELECT *, msg AND NOT coalesce(last_msg > last_stop OR (last_msg IS NOT NULL AND last_stop IS NULL), false) AS starts_wait,
               CASE WHEN msg THEN coalesce(stop_from, 'infinity') END AS wait_end,
               min(at) FILTER (WHERE (reply OR solve) AND at >= c0) OVER (PARTITION BY c) AS e1,
               CASE WHEN c0 IS NULL THEN first_stop_anywhere
                    ELSE min(at) FILTER (WHERE (reply OR solve) AND at >= c0) OVER (PARTITION BY c) END AS first_reply_at,
               max(w_lo) FILTER (WHERE at = c0) OVER (PARTITION BY c) AS w_c0
        FROM a),
    x AS (
        SELECT *, max(at) FILTER (WHERE starts_wait) OVER upto AS ws,
               max(wait_end) FILTER (WHERE starts_wait) OVER upto AS we,
               max(w_lo) FILTER (WHERE starts_wait) OVER upto AS w_ws,
               coalesce(sum(work) FILTER (WHERE at >= c0 AND status IN ('new', 'open'))
                            OVER (PARTITION BY c ORDER BY at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '0') AS before_aw,
               bool_or(hi IS NULL AND status = 'solved') OVER (PARTITION BY c) AS final_solved
        FROM b
        WINDOW upto AS (PARTITION BY c ORDER BY at ROWS UNBOUNDED PRECEDING)),
    -- the spells where each clock is live, with its time before and the target in force
    live AS (
        SELECT x.c, m.metric, m.start, x.at, x.hi, x.w_lo, x.work, m.running, m.before,
               (ARRAY[m.t1, m.t2, m.t3, m.t4])[x.prio]::interval AS target
        FROM x, LATERAL (VALUES
            ('fr', x.c0, x.at >= x.c0 AND x.at < coalesce(x.e1, 'infinity'), true, x.w_lo - x.w_c0,
             '1 hour', '4 hours', '8 hours', '16 hours'),
            ('nr', x.ws, x.at < x.we AND x.ws > x.first_reply_at, true, x.w_lo - x.w_ws,
             '30 minutes', '2 hours', '4 hours', '8 hours'),
            ('aw', x.c0, x.at >= x.c0 AND x.status <> 'solved', x.status IN ('new', 'open'), x.before_aw,
             '2 hours', '6 hours', '12 hours', '20 hours'))
            AS m(metric, start, live, running, before, t1, t2, t3, t4)
        WHERE m.live),
    -- breaches: where a spell starts with the clock at or over the target, or
    -- inside a running spell where W reaches W(spell) + target - before
    breach AS (
        SELECT l.c, l.metric, l.start,
               min(least(CASE WHEN l.before >= l.target THEN l.at END,
                         CASE WHEN l.running AND l.before < l.target AND l.before + l.work >= l.target THEN
                             (SELECT CASE WHEN sp.lo + (l.w_lo + l.target - l.before - sp.before) < l.hi
                                          THEN sp.lo + (l.w_lo + l.target - l.before - sp.before) END
                              FROM bench_sla_spine sp WHERE sp.before < l.w_lo + l.target - l.before
                              ORDER BY sp.before DESC LIMIT 1) END)) AS breach_at
        FROM live AS l GROUP BY l.c, l.metric, l.start),
    -- the clock instances: one first reply and one agent work per ticket, and the waits after the first reply
    inst AS (
        SELECT DISTINCT c, 'fr' AS metric, c0 AS start, e1 IS NOT NULL AS stopped FROM x WHERE c0 IS NOT NULL
        UNION ALL SELECT c, 'nr', at, wait_end < 'infinity' FROM x WHERE starts_wait AND at > first_reply_at
        UNION ALL SELECT DISTINCT c, 'aw', c0, final_solved FROM x WHERE c0 IS NOT NULL),
    per_case AS (
        SELECT i.c, i.metric, min(b.breach_at) AS breach_at,
               CASE WHEN min(b.breach_at) IS NOT NULL THEN false WHEN bool_and(i.stopped) THEN true END AS met
        FROM inst AS i LEFT JOIN breach AS b USING (c, metric, start)
        GROUP BY i.c, i.metric)
    SELECT c AS ticket_id,
           max(met::int) FILTER (WHERE metric = 'fr')::boolean AS fr_met,
           max(breach_at) FILTER (WHERE metric = 'fr') AS fr_breach,
           max(met::int) FILTER (WHERE metric = 'nr')::boolean AS nr_met,
           max(breach_at) FILTER (WHERE metric = 'nr') AS nr_breach,
           max(met::int) FILTER (WHERE metric = 'aw')::boolean AS aw_met,
           max(breach_at) FILTER (WHERE metric = 'aw') AS aw_breach
    FROM per_case GROUP BY c"
}

summary="count(*) AS tickets, count(*) FILTER (WHERE fr_met) AS fr_met, count(fr_met) AS fr_decided, count(fr_breach) AS fr_breached,
         count(*) FILTER (WHERE nr_met) AS nr_met, count(nr_met) AS nr_decided, count(nr_breach) AS nr_breached,
         count(*) FILTER (WHERE aw_met) AS aw_met, count(aw_met) AS aw_decided, count(aw_breach) AS aw_breached,
         sum(extract(epoch FROM fr_breach)) AS fr_sum, sum(extract(epoch FROM nr_breach)) AS nr_sum,
         sum(extract(epoch FROM aw_breach)) AS aw_sum"

# Both formulations agree ticket by ticket: the met verdicts and the breach
# instants of the three SLAs (a ticket without any clock is absent from the
# plain SQL and all NULL in ours).
mismatches=$(psql -X -At -c "
    SELECT count(*)
    FROM ($(ours_sla)) AS o
    FULL JOIN ($(plain_sla)) AS p USING (ticket_id)
    WHERE o.fr_met IS DISTINCT FROM p.fr_met OR o.fr_breach IS DISTINCT FROM p.fr_breach
       OR o.nr_met IS DISTINCT FROM p.nr_met OR o.nr_breach IS DISTINCT FROM p.nr_breach
       OR o.aw_met IS DISTINCT FROM p.aw_met OR o.aw_breach IS DISTINCT FROM p.aw_breach")
events=$(psql -X -At -c "SELECT count(*) FROM bench_sla_events")
bench_note "tickets: ${bench_tickets}; events: ${events}; tickets where ours and the plain SQL differ: ${mismatches}"
[ "$mismatches" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))
bench_note "$(psql -X -At -F ' ' -c "SELECT 'met / decided / breached: first reply', fr_met, fr_decided, fr_breached,
                                            '; next reply', nr_met, nr_decided, nr_breached,
                                            '; agent work', aw_met, aw_decided, aw_breached
                                     FROM (SELECT ${summary} FROM ($(ours_sla)) AS o) AS s")"

bench_query "ours: timeline_set_agg + sla_met, sla_breach_at" 0 \
    "SELECT ${summary} FROM ($(ours_sla)) AS o"
bench_query "ours without the OFFSET 0 fence" 0 \
    "SELECT ${summary} FROM ($(FENCE= ours_sla)) AS o"
bench_query "plain SQL: spells, windows, working-hours spine" 0 \
    "SELECT ${summary} FROM ($(plain_sla)) AS p"
bench_measure

bench_ratio "plain SQL / ours (first reply, next reply, agent work)" \
    "plain SQL: spells, windows, working-hours spine" "ours: timeline_set_agg + sla_met, sla_breach_at" ">=" 20
bench_compare "plain SQL / ours without the fence" \
    "plain SQL: spells, windows, working-hours spine" "ours without the OFFSET 0 fence"
bench_sql "DROP TABLE bench_sla_events, bench_sla_spine, bench_sla_setup"
