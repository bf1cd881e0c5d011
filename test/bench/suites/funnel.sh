# Funnels across cases: the funnel of all tickets (cases reaching each stage
# and their share, time in each stage with its total, median and 90th
# percentile, transitions with the cases making them, the 10 most frequent
# sequences of stages).  Ours (funnel_agg and funnel_json) against the
# plain SQL analysts write for the same figures: status spells from the
# event table with lag()/lead(), then a GROUP BY per figure (stage,
# transition, sequence), percentile_cont for the quantiles.
#
# BENCH_ROWS/10 tickets with about 6 events each (1 million tickets and
# about 6 million events at the default size), stored by time as a CRM
# appends them.  Ours is measured two ways:
#   - from the event table: timeline_set_agg builds every ticket's timeline
#     (no executor grouping), funnel_agg reads them: the same input as the
#     plain SQL, and the figure the target is set on;
#   - from stored timelines (a table of one timeline per ticket, as the
#     event-table pattern keeps them): funnel_agg alone.
bench_tickets=$((BENCH_ROWS / 10))
bench_sql "
    DROP TABLE IF EXISTS bench_ticket_events, bench_ticket_timelines;
    CREATE TABLE bench_ticket_events (ticket_id bigint, stage text, at timestamptz);
    INSERT INTO bench_ticket_events
    SELECT tk, s.stage,
           timestamptz '2026-01-01' + (tk % 100000) * interval '1 minute'
               + s.k * interval '2 hours' + (hashint8(tk * 16 + s.k) & 4095) * interval '1 second'
    FROM generate_series(1, ${bench_tickets}) AS tk,
         LATERAL unnest(CASE hashint8(tk) & 7
             WHEN 0 THEN ARRAY['new', 'open', 'solved', 'closed']
             WHEN 1 THEN ARRAY['new', 'open', 'pending', 'open', 'solved', 'closed']
             WHEN 2 THEN ARRAY['new', 'open', 'pending', 'open', 'pending', 'open', 'solved', 'closed']
             WHEN 3 THEN ARRAY['new', 'open', 'on_hold', 'open', 'solved']
             WHEN 4 THEN ARRAY['new', 'open', 'solved', 'open', 'solved', 'closed']
             WHEN 5 THEN ARRAY['new', 'open', 'open', 'pending', 'open', 'solved', 'closed']
             WHEN 6 THEN ARRAY['new', 'solved', 'closed']
             ELSE ARRAY['new', 'open', 'pending', 'solved', 'closed', 'open', 'solved', 'closed'] END)
             WITH ORDINALITY AS s(stage, k)
    ORDER BY 3;
    CREATE TABLE bench_ticket_timelines AS
    SELECT case_id AS ticket_id, timeline AS t
    FROM unnest((SELECT timeline_set_agg(ticket_id, stage, at) FROM bench_ticket_events));
    VACUUM (FREEZE, ANALYZE) bench_ticket_events;
    VACUUM (FREEZE, ANALYZE) bench_ticket_timelines;"

ours_from_events="SELECT funnel_agg(timeline) AS f
    FROM unnest((SELECT timeline_set_agg(ticket_id, stage, at) FROM bench_ticket_events))"
ours_from_timelines="SELECT funnel_agg(t) AS f FROM bench_ticket_timelines"

# The plain-SQL funnel, as CTEs: spells (a spell starts at an event of
# another stage than the one before and lasts to the next spell, the last
# one to the ticket's last event), then each figure.
plain_ctes="
    e AS (SELECT ticket_id, stage, at, lag(stage) OVER (PARTITION BY ticket_id ORDER BY at) AS prev,
                 max(at) OVER (PARTITION BY ticket_id) AS last_at
          FROM bench_ticket_events),
    spells AS MATERIALIZED (
          SELECT ticket_id, stage, at AS start, coalesce(lead(at) OVER w, last_at) AS stop,
                 lead(stage) OVER w AS next, prev IS NULL AS first
          FROM e WHERE prev IS DISTINCT FROM stage
          WINDOW w AS (PARTITION BY ticket_id ORDER BY at)),
    per_case AS (SELECT stage, ticket_id, extract(epoch FROM sum(stop - start)) AS spent
                 FROM spells GROUP BY stage, ticket_id),
    stages AS (SELECT stage, count(*) AS cases, count(*)::float8 / (SELECT count(DISTINCT ticket_id) FROM spells) AS share,
                      sum(spent) AS total, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY spent) AS q
               FROM per_case GROUP BY stage),
    moves AS (SELECT stage AS from_stage, next AS to_stage, count(*) AS moves, count(DISTINCT ticket_id) AS cases
              FROM spells GROUP BY stage, next
              UNION ALL
              SELECT NULL, stage, count(*), count(*) FROM spells WHERE first GROUP BY stage),
    sequences AS (SELECT seq, count(*) AS cases
                  FROM (SELECT ticket_id, string_agg(stage, '>' ORDER BY start) AS seq FROM spells GROUP BY ticket_id) s
                  GROUP BY seq ORDER BY count(*) DESC, seq LIMIT 10)"

# Both give the same cases, shares and total times per stage, the same
# transitions and the same top sequences.
mismatches=$(psql -X -At -c "
    WITH ${plain_ctes},
    ours AS MATERIALIZED (${ours_from_events})
    SELECT (SELECT count(*) FROM stages p FULL JOIN funnel_stages((SELECT f FROM ours)) o USING (stage)
            WHERE p.cases IS DISTINCT FROM o.cases OR abs(p.share - o.share) > 1e-12)
         + (SELECT count(*) FROM stages p FULL JOIN funnel_stage_times((SELECT f FROM ours)) o USING (stage)
            WHERE p.total IS DISTINCT FROM duration_sum_seconds(o.time))
         + (SELECT count(*) FROM moves p FULL JOIN funnel_transitions((SELECT f FROM ours)) o
                ON coalesce(p.from_stage, '-') = coalesce(o.from_stage, '-') AND coalesce(p.to_stage, '-') = coalesce(o.to_stage, '-')
            WHERE p.moves IS DISTINCT FROM o.transitions OR p.cases IS DISTINCT FROM o.cases)
         + (SELECT count(*) FROM sequences p FULL JOIN funnel_sequences((SELECT f FROM ours), 10) o
                ON p.seq = array_to_string(o.sequence, '>')
            WHERE p.cases IS DISTINCT FROM o.cases OR o.max_error <> 0)")
bench_note "tickets: ${bench_tickets}; events: $(psql -X -At -c 'SELECT count(*) FROM bench_ticket_events'); figures where ours and plain SQL differ: ${mismatches}"
[ "$mismatches" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))

for w in 0 2; do
    bench_query "funnel_agg from events (timeline_set_agg) w$w" $w \
        "SELECT length(funnel_json(f)::text) FROM (${ours_from_events}) AS x"
    bench_query "funnel_agg from stored timelines w$w" $w \
        "SELECT length(funnel_json(f)::text) FROM (${ours_from_timelines}) AS x"
    bench_query "plain SQL spells + GROUP BY per figure w$w" $w \
        "WITH ${plain_ctes}
         SELECT (SELECT count(*) FROM stages), (SELECT count(*) FROM moves), (SELECT count(*) FROM sequences)"
done
bench_measure

for w in 0 2; do
    bench_ratio "plain SQL / funnel_agg from events, w$w" "plain SQL spells + GROUP BY per figure w$w" \
        "funnel_agg from events (timeline_set_agg) w$w" ">=" 3
    bench_compare "plain SQL / funnel_agg from stored timelines, w$w" "plain SQL spells + GROUP BY per figure w$w" \
        "funnel_agg from stored timelines w$w"
done
bench_sql "DROP TABLE bench_ticket_events, bench_ticket_timelines"
