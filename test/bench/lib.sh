# Benchmark helpers, sourced by test/bench/run.sh for each suite.
#
# A suite (test/bench/suites/<name>.sh) creates its data with bench_sql,
# registers queries with bench_query, measures them with bench_measure and
# states its targets with bench_ratio (bench_speedup_ratio for workers). All
# queries of a suite run in one psql session on one cluster, interleaved
# (A B C A B C ...) so that drift in the machine's speed hits every query
# alike; each time is client-side (psql \timing), and the median of
# BENCH_REPS runs is reported, with the fastest and slowest run: a wide
# spread means the machine was noisy and the ratios of that run deserve less
# trust.

BENCH_ROWS=${BENCH_ROWS:-10000000}
BENCH_REPS=${BENCH_REPS:-5}
declare -A BENCH_SQL BENCH_WORKERS BENCH_MEDIAN BENCH_SPREAD
BENCH_ORDER=()
BENCH_MISSED=0

# bench_sql SQL: statements run one by one (autocommit), so VACUUM is allowed.
bench_sql() {
    printf '%s\n' "$1" | PGOPTIONS="-c client_min_messages=warning" \
        psql -X -q -v ON_ERROR_STOP=1 -f - >/dev/null
}

# bench_query NAME WORKERS SQL: WORKERS is max_parallel_workers_per_gather.
bench_query() {
    BENCH_ORDER+=("$1")
    BENCH_WORKERS[$1]=$2
    BENCH_SQL[$1]=$3
}

bench_measure() {
    local script name rep median spread
    script=$(mktemp)
    {
        echo '\o /dev/null'
        # one untimed warm-up round: loads the data into shared buffers
        for rep in $(seq 0 "$BENCH_REPS"); do
            for name in "${BENCH_ORDER[@]}"; do
                echo '\timing off'
                echo "SET max_parallel_workers_per_gather = ${BENCH_WORKERS[$name]};"
                [ "$rep" -gt 0 ] && echo '\timing on' && echo "\\echo @@ $name"
                echo "${BENCH_SQL[$name]};"
            done
        done
    } >"$script"
    psql -X -q -v ON_ERROR_STOP=1 -f "$script" >"$script.out" || { cat "$script.out"; return 1; }
    for name in "${BENCH_ORDER[@]}"; do
        read -r median spread < <(awk -v n="$name" '
            $0 == "@@ " n { want = 1; next }
            want && /^Time: / { print $2; want = 0 }' "$script.out" |
            sort -g | awk '{ v[NR] = $1 }
                END { printf "%s %.1f-%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR] }')
        BENCH_MEDIAN[$name]=$median
        BENCH_SPREAD[$name]=$spread
    done
    rm -f "$script" "$script.out"
    printf '\n  %-46s %8s %12s  %s\n' "query" "workers" "median ms" "fastest-slowest ms"
    for name in "${BENCH_ORDER[@]}"; do
        printf '  %-46s %8s %12.1f  %s\n' "$name" "${BENCH_WORKERS[$name]}" "${BENCH_MEDIAN[$name]}" "${BENCH_SPREAD[$name]}"
    done
    echo
}

# bench_check LABEL RATIO OP TARGET: prints the ratio and whether
# "RATIO OP TARGET" holds, OP being <= or >=, counting the targets missed.
bench_check() {
    local label=$1 ratio=$2 op=$3 target=$4 verdict
    if awk -v r="$ratio" -v t="$target" -v op="$op" 'BEGIN { exit !((op == "<=") ? r <= t : r >= t) }'; then
        verdict="met"
    else
        verdict="MISSED"
        BENCH_MISSED=$((BENCH_MISSED + 1))
    fi
    printf '  %-62s %7sx  (target %s %s: %s)\n' "$label" "$ratio" "$op" "$target" "$verdict"
}

# bench_ratio LABEL A B OP TARGET: prints A/B (medians) and checks "A/B OP TARGET".
bench_ratio() {
    bench_check "$1" "$(awk -v a="${BENCH_MEDIAN[$2]}" -v b="${BENCH_MEDIAN[$3]}" \
        'BEGIN { printf "%.3f", a / b }')" "$4" "$5"
}

# bench_speedup_ratio LABEL SERIAL PARALLEL FLOOR_SERIAL FLOOR_PARALLEL:
# the speed-up of a query with workers over the speed-up of its floor (the
# scan, count() of the same column), checked against 0.95, the parallel
# target of docs/performance.md: a target that means the same on any
# number of cores.  From medians of a few repetitions, so a first look:
# test/bench/parallel.sh settles it in paired rounds.
bench_speedup_ratio() {
    bench_check "$1" "$(awk -v a="${BENCH_MEDIAN[$2]}" -v b="${BENCH_MEDIAN[$3]}" \
        -v c="${BENCH_MEDIAN[$4]}" -v d="${BENCH_MEDIAN[$5]}" \
        'BEGIN { printf "%.3f", (a / b) / (c / d) }')" ">=" 0.95
}

# bench_compare LABEL A B: prints A/B for information, with no target.
bench_compare() {
    local ratio
    ratio=$(awk -v a="${BENCH_MEDIAN[$2]}" -v b="${BENCH_MEDIAN[$3]}" 'BEGIN { printf "%.3f", a / b }')
    printf '  %-62s %7sx  (no target)\n' "$1" "$ratio"
}

# bench_note TEXT: a line in the report (e.g. accuracy figures next to timings).
bench_note() {
    printf '  %s\n' "$1"
}
