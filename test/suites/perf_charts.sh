#!/usr/bin/env bash
# The charts of docs/performance.md (docs/images/performance_curves.png):
# test/bench/charts.sh draws every one of them from the measurements kept in
# docs/data/performance, in headless Chromium, and the paired rounds' boxes
# agree with test/bench/curves/paired.py, computed apart in Python, on the
# rounds and the median ratio of every family.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"

data=$SQ_REPO/docs/data/performance
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
charts="rows_ratio rows_ns groups_ratio groups_disk state paired_2 paired_1"

if report=$(CHARTS=${charts// /,} CHARTS_WORK=$work/charts bash "$SQ_REPO/test/bench/charts.sh" \
    "$work/curves.png" "$data"/*.csv 2>&1); then
    last=${report##*$'\n'}
    tap_result ok "charts.sh draws the page's charts from docs/data/performance: ${last%%:*}"
else
    tap_result fail "charts.sh draws the page's charts from docs/data/performance" "$report"
fi
html=$work/charts/curves.html
tap_is "the charts drawn are those of the page, in its order" "$charts" \
    "$(grep -o '<div class="chart" id="[a-z_0-9]*"' "$html" 2>/dev/null | sed 's/.*id="\([a-z_0-9]*\)"/\1/' | tr '\n' ' ' | sed 's/ $//')"

# family (workers), rounds and median of each box, against paired.py's table
python3 - "$html" >"$work/boxes.txt" <<'EOF'
import json, re, sys
page = open(sys.argv[1]).read()
charts = json.loads(re.search(r"window\.DATA = (.*);\n\(", page).group(1))
for chart in (c for c in charts if c["id"].startswith("paired_")):
    for box in chart["series"]:
        family, workers = re.match(r"(\S+) \((\d+) workers?\)", box["name"]).groups()
        if "paired_" + workers != chart["id"]:
            sys.exit("%s is in chart %s" % (box["name"], chart["id"]))
        print(family, workers, box["rounds"], "%.3f" % box["box"][2])
EOF
sort -o "$work/boxes.txt" "$work/boxes.txt"
mapfile -t paired_csvs < <(grep -l '^round,' "$data"/*.csv)
python3 "$SQ_REPO/test/bench/curves/paired.py" "${paired_csvs[@]}" |
    awk -F' *[|] *' 'NR > 2 { print $2, $3, $4, $9 }' | sort >"$work/paired.txt"
tap_same_file "the paired rounds' medians and rounds match paired.py's ($(wc -l <"$work/paired.txt") families)" \
    "$work/paired.txt" "$work/boxes.txt"
tap_done
