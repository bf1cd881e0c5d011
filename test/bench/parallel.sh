#!/usr/bin/env bash
# The parallel target of the growth curves, tested with paired rounds: does
# an aggregate speed up with parallel workers as much as count() of the same
# column (test/bench/curves/families.sh)?  Not part of the test command.
#
#   bash test/bench/parallel.sh [family ...]     (default: nps duration)
#
# The workers curve (test/bench/curves.sh) compares medians of 3 runs; on a
# shared host whose speed drifts by 20% within minutes, that cannot tell a
# gap of 5%.  Here each round runs four queries of a family (six with two
# numbers of workers), in an order balanced over blocks of rounds (see
# round_order): the aggregate and its floor, serial and with
# PARALLEL_WORKERS workers.  A round gives one ratio, (aggregate's speed-up)
# / (floor's speed-up), measured within seconds, so slow drift cancels; the
# report is the median of the rounds' ratios with a 95% bootstrap interval
# (test/bench/curves/paired.py).  The target is met when the interval lies
# above 0.95, missed when it lies below, undecided otherwise (more rounds
# narrow it; paired.py pools the CSVs of several runs).
#
# Environment (defaults in brackets):
#   PARALLEL_ROWS [10000000], PARALLEL_ROUNDS [100], PARALLEL_WORKERS [2]
#   (several, as "2 1": each round's serial queries serve all of them),
#   PARALLEL_CSV [build/parallel.csv]: one line per query and round
# About 4 seconds a round and family at 10 million rows on 2 cores with
# one number of workers (some 6 with two, and the untimed read of the
# table): 100 rounds of the 8 families of one group take some 50 minutes;
# timeline (per case) takes some 20 seconds a round.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/curves/lib.sh"
trap sq_cleanup EXIT

rows=${PARALLEL_ROWS:-10000000}
rounds=${PARALLEL_ROUNDS:-100}
read -ra workers <<<"${PARALLEL_WORKERS:-2}"
[ ${#workers[@]} -gt 0 ] || { echo "PARALLEL_WORKERS: no number of workers given" >&2; exit 2; }
for w in "${workers[@]}"; do
    [[ "$w" =~ ^[1-9][0-9]*$ ]] || { echo "PARALLEL_WORKERS: not a number of workers: '$w'" >&2; exit 2; }
done
[ "$(printf '%s\n' "${workers[@]}" | sort -u | wc -l)" = ${#workers[@]} ] ||
    { echo "PARALLEL_WORKERS: a number of workers given twice: '${workers[*]}'" >&2; exit 2; }
csv_path=${PARALLEL_CSV:-$SQ_REPO/build/parallel.csv}
[ $# -gt 0 ] || set -- nps duration
curves_select_families "$@"

sq_prepare
curves_cluster_start parallel 4MB
curves_machine "svcquality parallel target, $rows rows, $rounds rounds, 0 against ${workers[*]} workers"

# the query of each family and kind, built once
declare -A query
for name in "${CURVES_SELECTED[@]}"; do
    sq_log "curves_$name: loading $rows rows"
    curves_create_table "$name" 0 "$rows"
    query[$name|agg]=$(curves_query "$name" agg)
    query[$name|floor]=$(curves_query "$name" floor)
done

# The order of a round's queries: each block of as many rounds as there are
# queries rotates one shuffled order, so that within the block every query
# runs first once, and in every other place once (a first query may find
# the caches of another family's table); the shuffle, seeded by the block,
# changes which query follows which from block to block.  Round 0, untimed,
# takes block 0.
labels=("0|agg" "0|floor" "${workers[@]/%/|agg}" "${workers[@]/%/|floor}")
round_order() {
    local k=${#labels[@]} r=$(($1 > 0 ? $1 - 1 : 0)) shuffled=("${labels[@]}") i j swap
    RANDOM=$((r / k + 1))
    for ((i = k - 1; i > 0; i--)); do
        j=$((RANDOM % (i + 1)))
        swap=${shuffled[i]} shuffled[i]=${shuffled[j]} shuffled[j]=$swap
    done
    printf '%s\n' "${shuffled[@]:r % k}" "${shuffled[@]:0:r % k}"
}
[ $((rounds % ${#labels[@]})) -eq 0 ] ||
    sq_log "$rounds rounds are not a multiple of ${#labels[@]}: the last block's order is not balanced"

script=$(mktemp)
out=$(mktemp)
{
    echo '\o /dev/null'
    # round 0 is an untimed warm-up: it loads the tables into shared buffers
    for round in $(seq 0 "$rounds"); do
        for name in "${CURVES_SELECTED[@]}"; do
            # an untimed read of the table first, so that no timed query
            # pays for bringing it back into the caches after the other
            # families' tables (their sum may exceed shared_buffers)
            echo '\timing off'
            echo "SET max_parallel_workers_per_gather = 0;"
            echo "SELECT count(*) FROM curves_$name;"
            for label in $(round_order "$round"); do
                IFS='|' read -r w kind <<<"$label"
                echo '\timing off'
                echo "SET max_parallel_workers_per_gather = $w;"
                [ "$round" -gt 0 ] && echo '\timing on' && echo "\\echo @@ $round,$name,$w,$kind"
                echo "${query[$name|$kind]};"
            done
        done
    done
} >"$script"
sq_log "running $rounds rounds of $(((2 + 2 * ${#workers[@]}) * ${#CURVES_SELECTED[@]})) queries"
psql -X -q -v ON_ERROR_STOP=1 -f "$script" >"$out" || { cat "$out"; exit 1; }
mkdir -p "$(dirname "$csv_path")"
{
    echo "round,family,workers,query,ms"
    awk '/^@@ / { label = $2; next }
        /^Time: / && label != "" { print label "," $2; label = "" }' "$out"
} >"$csv_path"
rm -f "$script" "$out"
for name in "${CURVES_SELECTED[@]}"; do
    for w in "${workers[@]}"; do
        planned=$(psql -X -At -c "SET max_parallel_workers_per_gather = $w" \
            -c "EXPLAIN ${query[$name|agg]}" | sed -n 's/.*Workers Planned: //p')
        echo "$name: ${CURVES_AGG[$name]} against ${CURVES_FLOOR[$name]}, ${planned:-0} workers planned of $w"
        [ "${planned:-0}" -ge "$w" ] ||
            echo "  fewer workers than the $w asked: $name's ratio does not test the target"
    done
done
echo
python3 "$SQ_REPO/test/bench/curves/paired.py" "$csv_path"
echo
echo "CSV: $csv_path"
