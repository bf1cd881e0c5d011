# Memory under load: every aggregate over BENCH_ROWS rows (default 10
# million) in BENCH_GROUPS groups (default 100,000), hash-aggregated with
# PostgreSQL's default work_mem (4MB; hash_mem_multiplier 2), serial.
#
# For each aggregate it reports, from EXPLAIN (ANALYZE, FORMAT JSON), the
# HashAggregate's batches, peak memory and disk use (more than one batch:
# the aggregate spilled to disk), and from the backend's /proc status,
# sampled every 20 ms while the query runs: the peak of its private memory
# (RssAnon) and VmHWM, the peak of all resident memory, which also counts
# the shared buffers the scan touched.  Targets: every aggregate spills and
# the backend's private memory stays under BENCH_MEMORY_LIMIT_MB (default
# 100) above its size before the query, whatever the number of groups.
#
# The merge aggregates read states: one per group and each of 4 slices of
# the rows (400,000 states at the default sizes).
#
# BENCH_MEMORY_CASES, a bash regular expression on the aggregates' names as
# printed (default: all), runs some of them, e.g. "^(merge: )?funnel_agg".
#
# Run it alone (`test/bench/run.sh memory`): it needs about 4 GB of disk
# and takes about 5 minutes at the default sizes on an idle 2-core machine.
# Results: docs/memory_under_load.md.

BENCH_GROUPS=${BENCH_GROUPS:-100000}
BENCH_MEMORY_CASES=${BENCH_MEMORY_CASES:-.}
BENCH_MEMORY_LIMIT_MB=${BENCH_MEMORY_LIMIT_MB:-100}

bench_sql "
    DROP TABLE IF EXISTS mem_rows, mem_states;
    CREATE TABLE mem_rows AS
    SELECT i AS id,
           (hashint4(i) & 2147483647) % ${BENCH_GROUPS} AS g,
           CASE WHEN i % 17 = 0 THEN NULL ELSE (hashint4(i + 1) & 2147483647) % 11 END AS score,
           1 + (hashint4(i + 12) & 2147483647) % 5 AS rating,
           0.5 + (hashint4(i + 2) & 7) * 0.25 AS weight,
           (hashint4(i + 3) & 3) <> 0 AS ok,
           make_interval(secs => (hashint4(i + 4) & 1048575) / 10.0) AS handled,
           ARRAY[1 + (hashint4(i + 5) & 3), 1 + (hashint4(i + 6) & 3), 1 + (hashint4(i + 7) & 3)]::float8[] AS dims,
           ARRAY[3, 4, 3]::float8[] AS expected,
           (ARRAY['speed', 'attitude', 'resolution'])[1 + i % 3] AS dim_name,
           1 + (hashint4(i + 8) & 3)::float8 AS dim_score,
           1 + (hashint4(i + 9) & 3)::float8 AS overall,
           (ARRAY['opened', 'replied', 'escalated', 'resolved'])[1 + (hashint4(i + 10) & 3)] AS stage,
           timestamptz '2026-01-01 00:00+00' + (hashint4(i + 11) & 1048575) * interval '1 minute' AS at,
           i / 10 AS case_id
    FROM generate_series(1, ${BENCH_ROWS}) AS i;
    VACUUM (FREEZE, ANALYZE) mem_rows;"

# A case's timeline as funnel_agg reads it: the row's event and the case's
# resolution, the time it was handled later.
case_timeline="timeline_state_accum(timeline_state_accum(NULL, stage, at), 'resolved', at + handled)"
outcome_edges="ARRAY[interval '1 hour', interval '1 day']"

# cases: "name|table|aggregate"; the merge cases read the columns of mem_states
cases=(
    "nps(score)|mem_rows|nps(score)"
    "nps(score, weight)|mem_rows|nps(score, weight)"
    "csat(rating)|mem_rows|csat(rating)"
    "rating_agg(score)|mem_rows|rating_agg(score)"
    "rating_agg(score, weight)|mem_rows|rating_agg(score, weight)"
    "dimension_agg(dims)|mem_rows|dimension_agg(dims)"
    "dimension_agg(name, score)|mem_rows|dimension_agg(dim_name, dim_score)"
    "gap_agg(dims, expected)|mem_rows|gap_agg(dims, expected)"
    "driver_agg(overall, dims)|mem_rows|driver_agg(overall, dims)"
    "moment_agg(overall, dims)|mem_rows|moment_agg(overall, dims)"
    "duration_agg(interval)|mem_rows|duration_agg(handled)"
    "duration_agg(seconds)|mem_rows|duration_agg(extract(epoch FROM handled)::float8)"
    "proportion(ok)|mem_rows|proportion(ok)"
    "proportion_agg(ok)|mem_rows|proportion_agg(ok)"
    "outcome_agg(promoter, ok)|mem_rows|outcome_agg(score >= 9, ok)"
    "duration_outcome_agg(interval, ok, edges)|mem_rows|duration_outcome_agg(handled, ok, $outcome_edges)"
    "timeline_agg(stage, at)|mem_rows|timeline_agg(stage, at)"
    "timeline_set_agg(case, stage, at)|mem_rows|timeline_set_agg(case_id, stage, at)"
    "funnel_agg(case timeline)|mem_rows|funnel_agg($case_timeline)"
    "contact_agg(customer, topic, at, 1 day)|mem_rows|contact_agg(case_id, stage, at, interval '1 day')"
    "category_agg(stage)|mem_rows|category_agg(stage)"
    "category_agg(stage, weight)|mem_rows|category_agg(stage, weight)"
    "merge: rating_agg(rating_state)|mem_states|rating_agg(ratings)"
    "merge: dimension_agg(dimension_state)|mem_states|dimension_agg(dims)"
    "merge: paired_agg(paired_state)|mem_states|paired_agg(gaps)"
    "merge: moment_agg(moment_state)|mem_states|moment_agg(moments)"
    "merge: duration_agg(duration_state)|mem_states|duration_agg(durations)"
    "merge: proportion_agg(proportion_state)|mem_states|proportion_agg(props)"
    "merge: outcome_agg(outcome_state)|mem_states|outcome_agg(linked)"
    "merge: duration_outcome_agg(duration_outcome_state)|mem_states|duration_outcome_agg(by_duration)"
    "merge: timeline_agg(timeline_state)|mem_states|timeline_agg(timeline)"
    "merge: timeline_set_agg(timeline_set)|mem_states|timeline_set_agg(timelines)"
    "merge: funnel_agg(funnel_state)|mem_states|funnel_agg(funnels)"
    "merge: contact_agg(contact_state)|mem_states|contact_agg(contacts)"
    "merge: category_agg(category_state)|mem_states|category_agg(categories)"
)
selected=()
for case in "${cases[@]}"; do
    [[ ${case%%|*} =~ $BENCH_MEMORY_CASES ]] && selected+=("$case")
done

# mem_states: the columns the selected merge cases read ("column|aggregate")
state_columns=(
    "ratings|rating_agg(score, weight)" "dims|dimension_agg(dims)" "gaps|gap_agg(dims, expected)"
    "moments|moment_agg(overall, dims)" "durations|duration_agg(handled)" "props|proportion_agg(ok)"
    "linked|outcome_agg(score >= 9, ok)" "by_duration|duration_outcome_agg(handled, ok, $outcome_edges)"
    "timeline|timeline_agg(stage, at)" "timelines|timeline_set_agg(case_id, stage, at)"
    "funnels|funnel_agg($case_timeline)" "contacts|contact_agg(case_id, stage, at, interval '1 day')"
    "categories|category_agg(stage)"
)
state_list=""
for column in "${state_columns[@]}"; do
    for case in "${selected[@]}"; do
        if [[ $case == *"|mem_states|"*"(${column%%|*})" ]]; then
            state_list+=", ${column#*|} AS ${column%%|*}"
            break
        fi
    done
done
bench_sql "
    DROP TABLE IF EXISTS mem_states;
    SET work_mem = '1GB';
    CREATE TABLE mem_states AS
    SELECT g, id % 4 AS slice${state_list}
    FROM mem_rows GROUP BY 1, 2;
    VACUUM (FREEZE, ANALYZE) mem_states;"

bench_note "rows: $(psql -X -At -c 'SELECT count(*) FROM mem_rows'), groups: ${BENCH_GROUPS}, states for the merge aggregates: $(psql -X -At -c 'SELECT count(*) FROM mem_states')"
bench_note "tables: mem_rows $(psql -X -At -c "SELECT pg_size_pretty(pg_table_size('mem_rows'))"), mem_states $(psql -X -At -c "SELECT pg_size_pretty(pg_table_size('mem_states'))")"

# memory_case NAME TABLE AGGREGATE: one query, measured
memory_case() {
    local name=$1 table=$2 aggregate=$3 dir pid peak_anon=0 base_anon="" hwm=0 anon line
    dir=$(mktemp -d)
    chmod 777 "$dir"
    {
        echo "SET work_mem = '4MB';"
        echo "SET hash_mem_multiplier = 2;"
        echo "SET max_parallel_workers_per_gather = 0;"
        # the point is the hash aggregate: a sort would bound memory by itself
        echo "SET enable_sort = off;"
        echo "SET jit = off;"
        echo "\\o $dir/pid"
        echo "SELECT pg_backend_pid();"
        echo "\\o $dir/plan.json"
        echo "SELECT pg_sleep(0.5);"
        echo "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT g, $aggregate FROM $table GROUP BY g;"
    } >"$dir/query.sql"
    psql -X -q -At -v ON_ERROR_STOP=1 -f "$dir/query.sql" >"$dir/out" 2>&1 &
    local client=$!
    while [ ! -s "$dir/pid" ] && kill -0 $client 2>/dev/null; do sleep 0.02; done
    pid=$(tr -dc '0-9' <"$dir/pid")
    while kill -0 $client 2>/dev/null; do
        if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
            # the backend may end between the test and the read (run.sh has set -e)
            anon=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            line=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            if [ -n "$anon" ]; then
                [ -z "$base_anon" ] && base_anon=$anon
                [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
                [ -n "$line" ] && hwm=$line
            fi
        fi
        sleep 0.02
    done
    if ! wait $client; then
        bench_note "$name: FAILED $(tr '\n' ' ' <"$dir/out" | cut -c1-300)"
        BENCH_MISSED=$((BENCH_MISSED + 1))
        rm -rf "$dir"
        return
    fi
    /usr/bin/python3 - "$dir/plan.json" "$name" "${base_anon:-0}" "$peak_anon" "$hwm" "$BENCH_MEMORY_LIMIT_MB" <<'EOF' >"$dir/line"
import json, sys
path, name, base, peak, hwm, limit = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6]), int(sys.argv[6])
plan = json.loads(open(path).read().strip())[0]
def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)
agg = next(n for n in nodes(plan["Plan"]) if n["Node Type"] == "Aggregate")
batches = agg.get("HashAgg Batches", 0)
spilled = agg.get("Strategy") == "Hashed" and batches > 1
grown_mb = (peak - base) / 1024
bounded = grown_mb <= limit
print("%-52s %-8s %7d %9.1f %10.1f %8.1f %8.1f %8.1f %8.1f  %s" % (
    name, agg.get("Strategy"), batches, agg.get("Peak Memory Usage", 0) / 1024,
    agg.get("Disk Usage", 0) / 1024, base / 1024, peak / 1024, hwm / 1024,
    plan["Execution Time"] / 1000,
    "met" if spilled and bounded else
    "MISSED (%s)" % ", ".join(w for w, bad in (("no spill", not spilled), ("memory", not bounded)) if bad)))
EOF
    cat "$dir/line"
    grep -q MISSED "$dir/line" && BENCH_MISSED=$((BENCH_MISSED + 1))
    rm -rf "$dir"
}

printf '\n  %-52s %-8s %7s %9s %10s %8s %8s %8s %8s  %s\n' "aggregate" "strategy" "batches" \
    "hash MB" "disk MB" "anon0 MB" "anon MB" "HWM MB" "time s" "target"
for case in "${selected[@]}"; do
    IFS='|' read -r name table aggregate <<<"$case"
    printf '  '
    memory_case "$name" "$table" "$aggregate"
done
echo
bench_note "hash MB: the HashAggregate's peak memory (EXPLAIN); anon0/anon MB: the backend's private"
bench_note "memory (RssAnon) before the query and its peak during it; HWM MB: peak resident memory"
bench_note "including shared buffers; target: spilled (batches > 1) and anon - anon0 <= ${BENCH_MEMORY_LIMIT_MB} MB"
bench_sql "DROP TABLE mem_rows, mem_states"
