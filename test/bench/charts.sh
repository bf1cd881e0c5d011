#!/usr/bin/env bash
# Charts of the growth curves and of the paired rounds as one PNG, for
# docs/performance.md: the CSVs of runs of test/bench/curves.sh and
# test/bench/parallel.sh drawn with Apache ECharts
# (test/bench/curves/charts_html.js, the approach of the demo's visual
# report) and photographed in headless Chromium.  The test command runs it
# on docs/data/performance (test/suites/perf_charts.sh).
#
#   bash test/bench/charts.sh OUT.png run1.csv [run2.csv ...]
#
# Fails, and writes no PNG, unless every chart finished drawing without a
# script error.  ECharts comes from the npm registry (or npm's cache) into
# CHARTS_WORK [build/charts], where the HTML page stays (curves.html);
# CHARTS keeps only some of the charts (charts_html.js).
set -euo pipefail
source "$(dirname "$0")/../scripts/chromium.sh"
[ $# -ge 2 ] || { echo "usage: bash test/bench/charts.sh OUT.png run1.csv [run2.csv ...]" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
png=$(realpath -m "$1")
shift
csvs=()
for csv in "$@"; do
    [ -f "$csv" ] || { echo "charts.sh: no such CSV: $csv" >&2; exit 2; }
    csvs+=("$(realpath "$csv")")
done

bash "$repo/test/scripts/install-deps.sh" chromium nodejs >/dev/null
work=${CHARTS_WORK:-$repo/build/charts}
mkdir -p "$work"
rm -f "$work/curves.html"
echarts_js=$work/node_modules/echarts/dist/echarts.min.js
[ -f "$echarts_js" ] || (cd "$work" && npm install --no-audit --no-fund --silent echarts@5 >/dev/null)
node "$repo/test/bench/curves/charts_html.js" "$echarts_js" "$work/curves.html" "${csvs[@]}"

# the window holds every chart: a row of two every 520 pixels (a chart of
# 420, its heading and the gap), each chart of paired rounds a row of its own
charts=$(grep -o '<div class="chart" id="[a-z_0-9]*"' "$work/curves.html" | sed 's/.*id="\([a-z_0-9]*\)"/\1/')
halves=$(grep -cv '^paired_' <<<"$charts" || true)
height=$((180 + 520 * ((halves + 1) / 2 + $(grep -c '^paired_' <<<"$charts" || true))))
chromium_run() { sq_chromium "$work" "1400,$height" "$work/curves.html" "$@"; }
chromium_run --dump-dom >"$work/dom.html"
failed=0
for chart in $charts; do
    shapes=$(sq_chart_shapes "$work/dom.html" "$chart")
    if [ "${shapes:-0}" -lt 10 ]; then
        echo "charts.sh: chart $chart did not draw (SVG shapes: ${shapes:-none})" >&2
        failed=1
    fi
done
if grep -q 'data-errors=' "$work/dom.html"; then
    echo "charts.sh: script errors: $(grep -o 'data-errors="[^"]*"' "$work/dom.html")" >&2
    failed=1
fi
[ $failed = 0 ] || exit 1
rm -f "$png"
chromium_run --screenshot="$png" >/dev/null
[ "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 20000 ] || { echo "charts.sh: no screenshot in $png" >&2; exit 1; }
echo "$(wc -l <<<"$charts") charts from ${#csvs[@]} CSV(s): $png ($(stat -c %s "$png") bytes); HTML: $work/curves.html"
