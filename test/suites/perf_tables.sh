#!/usr/bin/env bash
# The measured numbers of docs/performance.md's summary tables against the
# runs they come from, kept in docs/data/performance/glance: each family's
# time against count() and its parallel ratios and verdicts in "At a
# glance" (test/bench/curves/glance.py), and the table of "Every family,
# three runs with this release's library" (test/bench/curves/ranges.py).
# A number edited by hand, or a run replaced without the page, fails here.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"

page=$SQ_REPO/docs/performance.md
glance=$SQ_REPO/docs/data/performance/glance
curves=$SQ_REPO/test/bench/curves
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the rows of the markdown table that follows heading $1 (a whole line)
table_under() {
    awk -v heading="$1" '$0 == heading { found = 1; next }
        found && /^\|/ { inside = 1; print; next }
        found && inside { exit }
        found && /^#/ { exit }' "$page"
}

# At a glance: family, time, 2 workers, 1 worker (columns 1, 2, 4 and 5)
table_under "## At a glance" | tail -n +3 |
    awk -F' [|] ' '{ sub(/^\| /, "", $1); print $1 " | " $2 " | " $4 " | " $5 }' >"$work/page.txt"
if python3 "$curves/glance.py" "$glance/sources.csv" >"$work/runs.txt" 2>"$work/error.txt"; then
    tap_same_file "At a glance: time and parallel ratios of the $(wc -l <"$work/runs.txt") families as computed from their runs" \
        "$work/runs.txt" "$work/page.txt"
else
    tap_result fail "At a glance: time and parallel ratios as computed from their runs" "$(cat "$work/error.txt")"
fi
# Every family, three runs: ranges.py's table of the rows curve
python3 "$curves/ranges.py" "$glance"/rows-[0-9].csv |
    awk '/^### Rows, one group, serial$/ { found = 1; next } found && /^\|/ { print } found && /^$/ && n++ { exit }' \
        >"$work/ranges.txt"
table_under "### Every family, three runs with this release's library" >"$work/every.txt"
tap_same_file "Every family, three runs: the table is ranges.py's over glance/rows-1.csv to rows-3.csv" \
    "$work/ranges.txt" "$work/every.txt"
tap_done
