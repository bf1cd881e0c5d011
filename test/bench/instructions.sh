#!/usr/bin/env bash
# Instructions per row of each aggregate family (test/bench/curves/families.sh)
# and of its floor, count() over the same column(s): the executor's run of
# each query counted by callgrind in a single-user backend, one query per
# backend, one group, no parallel workers, JIT off.  Instruction counts do
# not depend on the machine's load, unlike timings: this is how a change to
# a transition function is measured on a shared machine.  Beside them, the
# conditional jumps mispredicted per row by callgrind's branch simulation
# (--branch-sim=yes), a model of a predictor of about 2004, not the host's:
# it finds the jumps on data that cost time when instructions do not show
# it, and also counts the end of a short loop of fixed length, which a
# processor predicts (docs/performance_log.md, "Mispredicted jumps counted
# beside instructions").  Its indirect jumps are left
# out: the executor dispatches each step of an expression by one, which
# the model mispredicts and a modern processor does not.  The hash tables'
# seed differs from one backend to the next (docs/security.md), so where a
# family's few keys may share a slot, its counts vary a little between runs
# (docs/performance_log.md, "Seeded hash tables").
#
#   bash test/bench/instructions.sh [family ...]        (default: every family)
#   bash test/bench/instructions.sh merge               (the merge aggregates)
#
# Environment: INSTR_ROWS (default 1000000) rows per table; INSTR_BASE=<commit>
# also measures the library built from that commit (same SQL entry points
# needed) on the same tables, for before/after; INSTR_CSV (default
# build/instructions.csv).  Counts include reading the table from shared
# buffers (the same for the aggregate and its floor).  About 30 s per family
# and build at 1 million rows.
# packages: valgrind
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/curves/lib.sh"
trap sq_cleanup EXIT

INSTR_ROWS=${INSTR_ROWS:-1000000}
INSTR_CSV=${INSTR_CSV:-$SQ_REPO/build/instructions.csv}
bash "$SQ_REPO/test/scripts/install-deps.sh" valgrind
sq_prepare
builds=("current:$SQ_PG_BIN")
if [ -n "${INSTR_BASE:-}" ]; then
    sq_log "building $INSTR_BASE"
    sq_stage_commit "$INSTR_BASE" "$SQ_WORK/base"
    builds+=("$(git -C "$SQ_REPO" rev-parse --short "$INSTR_BASE"):$(sq_stage_bin "$SQ_WORK/base")")
fi
sq_cluster_start instr "shared_buffers = 1GB" "jit = off" "autovacuum = off"
psql -X -q -c "CREATE EXTENSION svcquality" >/dev/null
curves_select_families "$@"
for name in "${CURVES_SELECTED[@]}"; do
    sq_log "loading curves_$name ($INSTR_ROWS rows)"
    curves_create_table "$name" 0 "$INSTR_ROWS"
done
data="$SQ_WORK/instr/data"
sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$data" -w stop >/dev/null

# instructions QUERY BIN: the instructions of the executor's run of QUERY
# and its mispredicted conditional jumps (events Ir Bc Bcm Bi Bim)
instructions() {
    local out
    out=$(sq_as_server_user mktemp "$SQ_WORK/instr/callgrind.XXXXXX")
    printf '%s\n' "$(tr '\n' ' ' <<<"$1")" |
        sq_as_server_user valgrind --tool=callgrind --branch-sim=yes \
            --toggle-collect=standard_ExecutorRun \
            --callgrind-out-file="$out" "$2/postgres" --single -D "$data" \
            -c max_parallel_workers_per_gather=0 -c jit=off postgres >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2, $4; exit }' "$out"
    rm -f "$out"
}

mkdir -p "$(dirname "$INSTR_CSV")"
echo "build,family,aggregate,rows,aggregate_instructions_per_row,floor_instructions_per_row,ratio,aggregate_mispredicts_per_row,floor_mispredicts_per_row" >"$INSTR_CSV"
printf '\n%s rows per table, one group, serial; instructions of the executor run per row,\n' "$INSTR_ROWS"
printf 'and its conditional jumps mispredicted per row (callgrind'"'"'s branch simulation)\n\n'
printf '  %-10s %-22s %-40s %12s %12s %7s %8s %8s\n' build family aggregate "ours/row" "floor/row" ratio missed "floor"
for build in "${builds[@]}"; do
    for name in "${CURVES_SELECTED[@]}"; do
        read -r agg agg_missed < <(instructions "$(curves_query "$name" agg)" "${build#*:}")
        read -r floor floor_missed < <(instructions "$(curves_query "$name" floor)" "${build#*:}")
        read -r per_agg per_floor ratio missed_agg missed_floor < <(awk -v a="$agg" -v f="$floor" \
            -v am="$agg_missed" -v fm="$floor_missed" -v n="$INSTR_ROWS" \
            'BEGIN { printf "%.1f %.1f %.3f %.3f %.3f\n", a / n, f / n, a / f, am / n, fm / n }')
        printf '  %-10s %-22s %-40s %12s %12s %7s %8s %8s\n' "${build%%:*}" "$name" "${CURVES_AGG[$name]}" \
            "$per_agg" "$per_floor" "$ratio" "$missed_agg" "$missed_floor"
        echo "${build%%:*},$name,\"${CURVES_AGG[$name]}\",$INSTR_ROWS,$per_agg,$per_floor,$ratio,$missed_agg,$missed_floor" >>"$INSTR_CSV"
    done
done
echo
echo "CSV: $INSTR_CSV"
