#!/usr/bin/env bash
# The main job: build svcquality, start an embedded throwaway PostgreSQL 15
# cluster, generate the demo CRM (examples/demo/generate.sql: surveys,
# tickets with their status histories, refunds with their events, teams
# with business calendars), build its daily rollups (examples/demo/rollups.sql)
# and print the analyst report: each block of examples/demo/report/ with
# the SQL that produced it and the time it took; then the visual report,
# one self-contained HTML file with charts (build/demo/report.html, or
# $DEMO_OUT/report.html).  The cluster is removed when the script ends.
#
#   bash examples/demo.sh                 # default size: 1 million of each
#   DEMO_SIZE=small bash examples/demo.sh # a few thousand rows, seconds
#   DEMO_SIZE=large bash examples/demo.sh # 5 million of each
set -euo pipefail
source "$(dirname "$0")/../test/scripts/pg_cluster.sh"
trap sq_cleanup EXIT
DEMO_SIZE=${DEMO_SIZE:-default}
DEMO_DIR="$SQ_REPO/examples/demo"

# Server commands run as the postgres OS user, which may not be able to
# enter the directory this script was started from ("could not change
# directory to ...: Permission denied"): work from a directory it can read.
cd /

started=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

sq_prepare
sq_cluster_start demo "shared_buffers = 256MB" "work_mem = 64MB" "maintenance_work_mem = 256MB" \
    "max_wal_size = 4GB" "wal_level = minimal" "max_wal_senders = 0" \
    "max_parallel_workers_per_gather = 2" "autovacuum = off"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION svcquality'

sq_log "generating the demo CRM, size $DEMO_SIZE (examples/demo/generate.sql)"
t=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -v size="$DEMO_SIZE" -f "$DEMO_DIR/generate.sql" |
    while IFS= read -r line; do sq_log "$line"; done
sq_log "generated in $(elapsed "$t") s"
t=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -f "$DEMO_DIR/rollups.sql" |
    while IFS= read -r line; do sq_log "$line"; done
sq_log "timelines and daily rollups built in $(elapsed "$t") s"

echo
echo "svcquality demo report (size $DEMO_SIZE)"
echo "========================================="
for block in "$DEMO_DIR"/report/*.sql; do
    title=$(sed -n '1s/^-- //p' "$block")
    echo
    echo "## $(basename "$block" .sql): $title"
    echo
    sed 's/^/    /' "$block"
    echo
    t=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$block"
    echo "($(basename "$block") took $(elapsed "$t") s)"
done
echo
sq_log "writing the visual report (Apache ECharts from npm, embedded inline)"
out=${DEMO_OUT:-$SQ_REPO/build/demo}
mkdir -p "$out"
echarts_js="$out/node_modules/echarts/dist/echarts.min.js"
if [ ! -f "$echarts_js" ]; then
    (cd "$out" && npm install --no-audit --no-fund --silent echarts@5 >/dev/null)
fi
psql -X -At -v ON_ERROR_STOP=1 -f "$DEMO_DIR/charts.sql" >"$out/charts.json"
node "$DEMO_DIR/report_html.js" "$out/charts.json" "$echarts_js" "$out/report.html"
echo "visual report: $out/report.html"
sq_log "demo finished in $(elapsed "$started") s (size $DEMO_SIZE)"
