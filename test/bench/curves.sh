#!/usr/bin/env bash
# Growth curves of every aggregate family (test/bench/curves/families.sh):
# how time and memory grow with rows, groups and parallel workers, and how
# big the states get.  Not part of the test command: a full run takes hours.
#
#   bash test/bench/curves.sh [family ...]        (default: every family)
#
# For each family, on its own table (curves_<family>, grown in place from the
# smallest size to the largest):
#   rows     the aggregate and its floor (count() of the same column) in one
#            group, serial, at each size of CURVES_ROWS, with the state's size
#   workers  at CURVES_GROUP_ROWS rows, with 0, 1, 2 parallel workers
#            (max_parallel_workers_per_gather): speed-up of each against its
#            own serial time, and the aggregate's speed-up over count()'s;
#            the workers the planner chose are recorded (it may keep a
#            serial plan)
#   groups   at CURVES_GROUP_ROWS rows, GROUP BY k % g for g in CURVES_GROUPS,
#            serial, hash aggregation at CURVES_WORK_MEM (the default 4MB):
#            time, peak memory, disk used by spilling, batches; k is signed,
#            so g gives 2g - 1 groups (as many as the rows allow)
#   state    bytes of one group's state (pg_column_size) over the first n
#            rows, n = 1, 10, ... up to CURVES_STATE_ROWS, for typical data
#            and for the family's worst case (family_worst)
# Timings are medians of CURVES_REPS interleaved runs (test/bench/lib.sh),
# with the fastest and slowest run.  Printed as tables and written as CSV.
#
# Environment (defaults in brackets):
#   CURVES_ROWS        sizes of the rows curve ["1000000 10000000 50000000"]
#   CURVES_GROUP_ROWS  rows of the workers and groups curves [10000000]
#   CURVES_GROUPS      ["1 10 100 1000 10000 100000 1000000"]
#   CURVES_WORKERS     ["0 1 2"]
#   CURVES_STATE_ROWS  largest n of the state sizes [1000000]
#   CURVES_MAX_ROWS    caps every size above, for a quick run [none]
#   CURVES_ONLY        the curves to run, of "rows workers groups state" [all]
#   CURVES_REPS [3], CURVES_WORK_MEM [4MB], CURVES_CSV [build/curves.csv]
#   CURVES_MEMORY      0: the groups curve skips its EXPLAIN ANALYZE of each
#                      query for memory, disk and batches, which do not
#                      change from run to run (saves a quarter of its time) [1]
# Quick check that everything runs: CURVES_MAX_ROWS=20000 CURVES_REPS=1.
# Full run: about 10 minutes per family on an idle 2-core machine (loading 50 million rows
# is a third of it), some 2 hours for the 10 families.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/curves/lib.sh"
trap sq_cleanup EXIT

cap() {
    local n
    for n in "$@"; do
        [ -n "${CURVES_MAX_ROWS:-}" ] && [ "$n" -gt "$CURVES_MAX_ROWS" ] && n=$CURVES_MAX_ROWS
        echo "$n"
    done | sort -nu | tr '\n' ' '
}
read -ra rows_sizes <<<"$(cap ${CURVES_ROWS:-1000000 10000000 50000000})"
group_rows=$(cap "${CURVES_GROUP_ROWS:-10000000}")
group_rows=${group_rows% }
read -ra group_counts <<<"${CURVES_GROUPS:-1 10 100 1000 10000 100000 1000000}"
read -ra worker_counts <<<"${CURVES_WORKERS:-0 1 2}"
state_rows=$(cap "${CURVES_STATE_ROWS:-1000000}")
state_rows=${state_rows% }
BENCH_REPS=${CURVES_REPS:-3}
CURVES_CSV=${CURVES_CSV:-$SQ_REPO/build/curves.csv}
read -ra curves_wanted <<<"${CURVES_ONLY:-rows workers groups state}"
for curve in "${curves_wanted[@]}"; do
    case "$curve" in
        rows | workers | groups | state) ;;
        *) echo "CURVES_ONLY: unknown curve '$curve' (known: rows workers groups state)" >&2; exit 2 ;;
    esac
done
wanted() { [[ " ${curves_wanted[*]} " == *" $1 "* ]]; }
# a table grows only as far as the curves run need it
sizes=()
wanted rows && sizes+=("${rows_sizes[@]}")
wanted workers || wanted groups && sizes+=("$group_rows")
wanted state && sizes+=("$state_rows")
read -ra table_sizes <<<"$(cap "${sizes[@]}")"
curves_select_families "$@"

sq_prepare
curves_cluster_start curves "${CURVES_WORK_MEM:-4MB}"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
-- peak memory (kB), disk (kB) and batches of the plan's hash aggregation
CREATE FUNCTION curves_hash_memory(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    RETURN concat_ws(' ',
        coalesce(jsonb_path_query_first(plan, 'strict $.**."Peak Memory Usage"')::text, '-'),
        coalesce(jsonb_path_query_first(plan, 'strict $.**."Disk Usage"')::text, '0'),
        coalesce(jsonb_path_query_first(plan, 'strict $.**."HashAgg Batches"')::text, '-'));
END
$$;
-- workers the planner gives the query's Gather (0: a serial plan)
CREATE FUNCTION curves_workers_planned(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN coalesce(jsonb_path_query_first(plan, 'strict $.**."Workers Planned"')::int, 0);
END
$$;
SQL

mkdir -p "$(dirname "$CURVES_CSV")"
echo "curve,family,aggregate,rows,groups,workers,query,median_ms,fastest_ms,slowest_ms,ratio_to_floor,speedup,speedup_vs_floor,peak_memory_kb,disk_kb,batches,state_bytes,input,workers_planned" >"$CURVES_CSV"
csv() { local IFS=,; echo "$*" >>"$CURVES_CSV"; }

curves_machine "svcquality growth curves, reps=$BENCH_REPS"
echo "rows curve: ${rows_sizes[*]}; workers and groups curves at $group_rows rows; state sizes up to $state_rows rows"

# time NAME: "median fastest slowest" of a measured query
times() { echo "${BENCH_MEDIAN[$1]} ${BENCH_SPREAD[$1]/-/ }"; }

rows_curve() {
    local name=$1 n=$2 state ratio
    BENCH_ORDER=()
    bench_query "$name floor, $n rows" 0 "$(curves_query "$name" floor)"
    bench_query "$name, $n rows" 0 "$(curves_query "$name" agg)"
    bench_measure
    state=$(psql -X -At -c "$(curves_state_query "$name" "curves_$name" "$n")")
    ratio=$(awk -v a="${BENCH_MEDIAN[$name, $n rows]}" -v f="${BENCH_MEDIAN[$name floor, $n rows]}" 'BEGIN { printf "%.3f", a / f }')
    bench_note "$name / floor at $n rows: ${ratio}x; state $state bytes"
    csv rows "$name" "\"${CURVES_AGG[$name]}\"" "$n" 1 0 floor $(times "$name floor, $n rows") "" "" "" "" "" "" "" typical ""
    csv rows "$name" "\"${CURVES_AGG[$name]}\"" "$n" 1 0 aggregate $(times "$name, $n rows") "$ratio" "" "" "" "" "" "$state" typical ""
}

workers_curve() {
    local name=$1 n=$2 w kind label speedup vs_floor planned
    BENCH_ORDER=()
    for w in "${worker_counts[@]}"; do
        bench_query "$name floor w$w" "$w" "$(curves_query "$name" floor)"
        bench_query "$name w$w" "$w" "$(curves_query "$name" agg)"
    done
    bench_measure
    for w in "${worker_counts[@]}"; do
        for kind in floor aggregate; do
            [ $kind = floor ] && label="$name floor" || label=$name
            planned=$(psql -X -At -c "SET max_parallel_workers_per_gather = $w" \
                -c "SELECT curves_workers_planned(\$q\$$(curves_query "$name" "${kind/aggregate/agg}")\$q\$)" | tail -1)
            speedup=$(awk -v s="${BENCH_MEDIAN[$label w${worker_counts[0]}]}" -v p="${BENCH_MEDIAN[$label w$w]}" 'BEGIN { printf "%.3f", s / p }')
            vs_floor=""
            if [ $kind = aggregate ]; then
                vs_floor=$(awk -v as="${BENCH_MEDIAN[$name w${worker_counts[0]}]}" -v ap="${BENCH_MEDIAN[$name w$w]}" \
                    -v fs="${BENCH_MEDIAN[$name floor w${worker_counts[0]}]}" -v fp="${BENCH_MEDIAN[$name floor w$w]}" \
                    'BEGIN { printf "%.3f", (as / ap) / (fs / fp) }')
                bench_note "$name with $w workers ($planned planned): speed-up ${speedup}x, count()'s $(awk -v fs="${BENCH_MEDIAN[$name floor w${worker_counts[0]}]}" -v fp="${BENCH_MEDIAN[$name floor w$w]}" 'BEGIN { printf "%.3f", fs / fp }')x, ratio of the two ${vs_floor}"
            fi
            csv workers "$name" "\"${CURVES_AGG[$name]}\"" "$n" 1 "$w" $kind $(times "$label w$w") "" "$speedup" "$vs_floor" "" "" "" "" typical "$planned"
        done
    done
}

groups_curve() {
    local name=$1 n=$2 g kind label memory ratio
    BENCH_ORDER=()
    for g in "${group_counts[@]}"; do
        bench_query "$name floor, $g groups" 0 "$(curves_query "$name" floor "$g")"
        bench_query "$name, $g groups" 0 "$(curves_query "$name" agg "$g")"
    done
    bench_measure
    for g in "${group_counts[@]}"; do
        for kind in floor aggregate; do
            [ $kind = floor ] && label="$name floor, $g groups" || label="$name, $g groups"
            ratio=""
            [ $kind = aggregate ] && ratio=$(awk -v a="${BENCH_MEDIAN[$label]}" -v f="${BENCH_MEDIAN[$name floor, $g groups]}" 'BEGIN { printf "%.3f", a / f }')
            if [ "${CURVES_MEMORY:-1}" = 1 ]; then
                read -ra memory <<<"$(psql -X -At -c "SET max_parallel_workers_per_gather = 0" \
                    -c "SELECT curves_hash_memory(\$q\$$(curves_query "$name" "${kind/aggregate/agg}" "$g")\$q\$)" | tail -1)"
                bench_note "$label: peak ${memory[0]} kB, disk ${memory[1]} kB, ${memory[2]} batches${ratio:+; ${ratio}x the floor}"
            else
                memory=("" "" "")
                [ -z "$ratio" ] || bench_note "$label: ${ratio}x the floor"
            fi
            csv groups "$name" "\"${CURVES_AGG[$name]}\"" "$n" "$g" 0 $kind $(times "$label") "$ratio" "" "" "${memory[@]}" "" typical ""
        done
    done
}

state_sizes() {
    local name=$1 input table n bytes
    for input in typical worst; do
        table=curves_$name
        if [ $input = worst ]; then
            [ -n "${CURVES_WORST[$name]:-}" ] || continue
            table=curves_${name}_worst
            curves_create_table "$name" 0 "$state_rows" "$table" "${CURVES_WORST[$name]}"
        fi
        for ((n = 1; n <= state_rows; n *= 10)); do
            bytes=$(psql -X -At -c "$(curves_state_query "$name" "$table" "$n")")
            bench_note "$name state over $n rows ($input): $bytes bytes"
            csv state "$name" "\"${CURVES_STATE[$name]:-${CURVES_AGG[$name]}}\"" "$n" 1 0 state "" "" "" "" "" "" "" "" "" "$bytes" $input ""
        done
        [ $input = typical ] || psql -X -q -c "DROP TABLE $table"
    done
}

for name in "${CURVES_SELECTED[@]}"; do
    echo
    echo "== $name: ${CURVES_AGG[$name]} against ${CURVES_FLOOR[$name]} =="
    loaded=0
    for n in "${table_sizes[@]}"; do
        if [ -n "${CURVES_LIMIT[$name]:-}" ] && [ "$n" -gt "${CURVES_LIMIT[$name]}" ]; then
            bench_note "$name at $n rows: skipped, beyond the ${CURVES_LIMIT[$name]} rows one group can take"
            continue
        fi
        sq_log "curves_$name: loading rows $((loaded + 1))..$n"
        curves_create_table "$name" "$loaded" "$n"
        loaded=$n
        if wanted rows && [[ " ${rows_sizes[*]} " == *" $n "* ]]; then rows_curve "$name" "$n"; fi
        if [ "$n" = "$group_rows" ]; then
            wanted workers && workers_curve "$name" "$n"
            wanted groups && [ -z "${CURVES_GROUP_BY[$name]:-}" ] && groups_curve "$name" "$n"
        fi
        if wanted state && [ "$n" -ge "$state_rows" ] && [ -z "${state_done:-}" ]; then state_sizes "$name"; state_done=1; fi
    done
    wanted state && [ -z "${state_done:-}" ] && state_sizes "$name"
    unset state_done
    psql -X -q -c "DROP TABLE curves_$name"
done
echo
echo "CSV: $CURVES_CSV"
