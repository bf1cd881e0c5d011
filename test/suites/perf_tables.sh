#!/usr/bin/env bash
# The measured numbers of the performance pages' summary tables against
# the runs they come from, kept in docs/data/performance/glance: each
# family's time against count() and its parallel ratios and verdicts in
# docs/performance.md's "At a glance" (test/bench/curves/glance.py), and in
# docs/performance_log.md the table of "Every family, three runs with this
# release's library" and of "Every family on an Intel Xeon host, this
# session's library" (test/bench/curves/ranges.py) and the three of "Every
# family's parallel target in one run", the four of "The 13 families again,
# in balanced rounds" and the two of "The two families with tables of their
# own, in balanced rounds" (paired.py).
# A number edited by hand, or a run replaced without the page, fails here.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"

page=$SQ_REPO/docs/performance.md
log=$SQ_REPO/docs/performance_log.md
glance=$SQ_REPO/docs/data/performance/glance
curves=$SQ_REPO/test/bench/curves
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# table_in HEADING NUMBER FILE: the rows of markdown table NUMBER after
# HEADING (a whole line), before the next heading, in FILE (- for standard
# input)
table_in() {
    awk -v heading="$1" -v wanted="$2" '$0 == heading { found = 1; next }
        found && /^#/ { exit }
        found && /^\|/ { if (!inside) tables++; inside = 1; if (tables == wanted) print; next }
        { inside = 0 }' "$3"
}

# At a glance: family, time, 2 workers, 1 worker (columns 1, 2, 4 and 5)
table_in "## At a glance" 1 "$page" | tail -n +3 |
    awk -F' [|] ' '{ sub(/^\| /, "", $1); print $1 " | " $2 " | " $4 " | " $5 }' >"$work/page.txt"
if python3 "$curves/glance.py" "$glance/sources.csv" >"$work/runs.txt" 2>"$work/error.txt"; then
    tap_same_file "At a glance: time and parallel ratios of the $(wc -l <"$work/runs.txt") families as computed from their runs" \
        "$work/runs.txt" "$work/page.txt"
else
    tap_result fail "At a glance: time and parallel ratios as computed from their runs" "$(cat "$work/error.txt")"
fi
# Every family, three runs: ranges.py's table of the rows curve
python3 "$curves/ranges.py" "$glance"/rows-[0-9].csv | table_in "### Rows, one group, serial" 1 - >"$work/ranges.txt"
table_in "### Every family, three runs with this release's library" 1 "$log" >"$work/every.txt"
tap_same_file "Every family, three runs: the table is ranges.py's over glance/rows-1.csv to rows-3.csv" \
    "$work/ranges.txt" "$work/every.txt"

# The same on an Intel Xeon host: ranges.py's table over its three runs
python3 "$curves/ranges.py" "$SQ_REPO"/docs/data/performance/xeon-rows-run[0-9].csv |
    table_in "### Rows, one group, serial" 1 - >"$work/xeon_ranges.txt"
table_in "### Every family on an Intel Xeon host, this session's library" 1 "$log" >"$work/xeon.txt"
tap_same_file "Every family on an Intel Xeon host: the table is ranges.py's over xeon-rows-run1.csv to run3.csv" \
    "$work/xeon_ranges.txt" "$work/xeon.txt"

# paired_table HEADING NUMBER CSV...: table NUMBER after HEADING in the log
# is paired.py's over the CSVs (file names in the glance directory)
paired_table() {
    local heading=$1 number=$2 out
    shift 2
    out=$(mktemp -p "$work")
    python3 "$curves/paired.py" "${@/#/$glance/}" >"$out"
    table_in "$heading" "$number" "$log" >"$out.page"
    tap_same_file "${heading#\#\#\# }, table $number: paired.py's over glance/$*" "$out" "$out.page"
}

# Every family's parallel target in one run: the 13 families' rounds, then
# the four families pooled with their 20 rounds more, then timeline_agg per
# case's run of its own
heading="### Every family's parallel target in one run"
paired_table "$heading" 1 paired.csv
table_in "$heading" 2 "$log" >"$work/page_pooled.txt"
families=$(tail -n +3 "$work/page_pooled.txt" | cut -d'|' -f2 | tr -d ' ' | sort -u | paste -sd'|')
python3 "$curves/paired.py" "$glance/paired.csv" "$glance/paired-more.csv" |
    awk -F' [|] ' -v keep="^($families)$" 'NR <= 2 || substr($1, 3) ~ keep' >"$work/pooled.txt"
tap_same_file "the pooled rounds of $(tr '|' '\n' <<<"$families" | wc -l) families: paired.py's over glance/paired.csv and paired-more.csv" \
    "$work/pooled.txt" "$work/page_pooled.txt"
paired_table "$heading" 3 timeline-paired.csv

# the 13 families in balanced rounds: each run, nps(score, weight)'s rounds
# alone, all of them pooled
heading="### The 13 families again, in balanced rounds"
paired_table "$heading" 1 balanced-1.csv
paired_table "$heading" 2 balanced-2.csv
paired_table "$heading" 3 balanced-weighted-1.csv balanced-weighted-2.csv
paired_table "$heading" 4 balanced-1.csv balanced-2.csv balanced-weighted-1.csv balanced-weighted-2.csv

# timeline_set_agg and contact_agg in balanced rounds: together, then
# timeline_set_agg alone
heading="### The two families with tables of their own, in balanced rounds"
paired_table "$heading" 1 tsc-paired.csv
paired_table "$heading" 2 ts-alone-paired.csv
tap_done
