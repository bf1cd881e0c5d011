# Timelines: the per-refund pivot of an event table into path, completion
# time and response time.  Ours (timeline_set_agg, unnest and the refund
# functions) against the plain-SQL pivot analysts write today: GROUP BY
# refund with min(at) FILTER per stage, a CASE for the path and least() for
# "success or close" and "first merchant response".  The same pivot with
# GROUP BY refund and timeline_agg is shown too.
#
# BENCH_ROWS/10 refunds with about BENCH_ROWS/2 events: 1 million refunds
# and 5.25 million events at the default size, in two physical orders:
#   - by time, as a CRM appends events: the events of a refund lie hours
#     apart in the table, so every row lands on a group that is not in cache;
#   - by refund, as after loading refunds with their history from a
#     platform's API (or CLUSTER on the refund id).
# With a million groups, finding each row's group is most of the time of any
# GROUP BY formulation: count(*) GROUP BY refund is printed for scale, and a
# trivial aggregate with a by-reference state (nps_agg of a constant: one
# increment per row) as the floor of any GROUP BY refund with a state that
# is not a plain Datum, timeline_agg included.  timeline_set_agg does not
# group in the executor: it keeps its own table of cases, keyed by refund
# id, in which refunds created together (close ids) share cache lines.
bench_refunds=$((BENCH_ROWS / 10))
bench_sql "
    DROP TABLE IF EXISTS bench_refund_events, bench_refund_events_by_refund;
    CREATE TABLE bench_refund_events (refund_id bigint, stage text, at timestamptz);
    INSERT INTO bench_refund_events
    SELECT r, s.stage,
           timestamptz '2026-01-01' + (r % 100000) * interval '1 minute' + s.k * interval '3 hours'
               + (hashint8(r * 16 + s.k) & 1023) * interval '1 second'
    FROM generate_series(1, ${bench_refunds}) AS r,
         LATERAL unnest(CASE hashint8(r) & 3
             WHEN 0 THEN ARRAY['requested', 'responded', 'agreed', 'succeeded']
             WHEN 1 THEN ARRAY['shipped', 'requested', 'responded', 'agreed', 'succeeded']
             WHEN 2 THEN ARRAY['shipped', 'received', 'requested', 'responded', 'closed']
             ELSE ARRAY['shipped', 'received', 'requested', 'agreed', 'return_shipped',
                        'return_received', 'succeeded'] END) WITH ORDINALITY AS s(stage, k)
    ORDER BY 3;
    CREATE TABLE bench_refund_events_by_refund AS
    SELECT * FROM bench_refund_events ORDER BY refund_id, at;
    VACUUM (FREEZE, ANALYZE) bench_refund_events;
    VACUUM (FREEZE, ANALYZE) bench_refund_events_by_refund;"

# ours_pivot / grouped_pivot / plain_pivot TABLE: one row per refund (id, path, completion, response)
ours_pivot() {
    echo "SELECT case_id AS refund_id, refund_path(timeline) AS path,
                 refund_completion_time(timeline) AS completion, refund_response_time(timeline) AS response
          FROM unnest((SELECT timeline_set_agg(refund_id, stage, at) FROM $1))"
}
grouped_pivot() {
    echo "SELECT refund_id, refund_path(t) AS path, refund_completion_time(t) AS completion,
                 refund_response_time(t) AS response
          FROM (SELECT refund_id, timeline_agg(stage, at) AS t FROM $1 GROUP BY refund_id) AS s"
}
stage_columns=""
for stage in shipped received requested responded agreed refused return_requested \
             return_shipped return_received succeeded closed; do
    stage_columns+="${stage_columns:+, }min(at) FILTER (WHERE stage = '$stage') AS $stage"
done
plain_pivot() {
    echo "SELECT refund_id,
                 CASE WHEN requested IS NULL THEN NULL
                      WHEN least(shipped, received) IS NULL OR least(shipped, received) > requested THEN 1
                      WHEN received IS NULL OR received > requested THEN 2
                      WHEN coalesce(return_requested, return_shipped, return_received) IS NULL THEN 3
                      ELSE 4 END AS path,
                 least(succeeded, closed) - requested AS completion,
                 least(responded, agreed, refused) - requested AS response
          FROM (SELECT refund_id, ${stage_columns} FROM $1 GROUP BY refund_id) AS p"
}

# All three give the same path, completion and response for every refund of
# this (well-ordered) data set.
for formulation in ours_pivot grouped_pivot; do
    mismatches=$(psql -X -At -c "
        SELECT count(*)
        FROM ($($formulation bench_refund_events)) AS o
        FULL JOIN ($(plain_pivot bench_refund_events)) AS p USING (refund_id)
        WHERE refund_path_number(o.path) IS DISTINCT FROM p.path
           OR o.completion IS DISTINCT FROM p.completion OR o.response IS DISTINCT FROM p.response")
    bench_note "refunds: ${bench_refunds}; refunds where ${formulation%_pivot} and the plain pivot differ: ${mismatches}"
    [ "$mismatches" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))
done

# count() of each output column: every column is computed, one row is sent.
for layout in "by time:bench_refund_events:0 2" "by refund:bench_refund_events_by_refund:0"; do
    IFS=: read -r label table workers <<<"$layout"
    for w in $workers; do
        bench_query "$label: count(*) GROUP BY refund w$w" $w \
            "SELECT count(n) FROM (SELECT refund_id, count(*) AS n FROM $table GROUP BY refund_id) AS s"
        # the floor for any aggregate whose state is passed by reference: one
        # increment per row into a 200-byte rating_state, no other work
        bench_query "$label: trivial by-reference state (nps_agg) w$w" $w \
            "SELECT count(n) FROM (SELECT refund_id, nps_agg(0) AS n FROM $table GROUP BY refund_id) AS s"
        bench_query "$label: timeline_set_agg + unnest w$w" $w \
            "SELECT count(path), count(completion), count(response) FROM ($(ours_pivot $table)) AS x"
        bench_query "$label: GROUP BY refund, timeline_agg w$w" $w \
            "SELECT count(path), count(completion), count(response) FROM ($(grouped_pivot $table)) AS x"
        bench_query "$label: plain SQL min(at) FILTER pivot w$w" $w \
            "SELECT count(path), count(completion), count(response) FROM ($(plain_pivot $table)) AS x"
    done
done
bench_measure

for run in "by time:0" "by time:2" "by refund:0"; do
    IFS=: read -r label w <<<"$run"
    bench_ratio "$label: plain pivot / ours, w$w" "$label: plain SQL min(at) FILTER pivot w$w" \
        "$label: timeline_set_agg + unnest w$w" ">=" 1.5
    bench_compare "$label: plain pivot / GROUP BY + timeline_agg, w$w" \
        "$label: plain SQL min(at) FILTER pivot w$w" "$label: GROUP BY refund, timeline_agg w$w"
    bench_compare "$label: ours / grouping alone, w$w" "$label: timeline_set_agg + unnest w$w" \
        "$label: count(*) GROUP BY refund w$w"
    bench_compare "$label: plain pivot / trivial by-reference state, w$w" \
        "$label: plain SQL min(at) FILTER pivot w$w" "$label: trivial by-reference state (nps_agg) w$w"
done
bench_sql "DROP TABLE bench_refund_events, bench_refund_events_by_refund"
