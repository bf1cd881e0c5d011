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
# the visual report at the end needs Node.js and npm (Debian 12's nodejs
# package comes without npm)
bash "$SQ_REPO/test/scripts/install-deps.sh" nodejs npm
# A throwaway cluster: nothing here has to survive a crash, so no fsync
# and minimal WAL (sq_cluster_start), room for the bulk loads' joins and
# sorts in memory, no autovacuum (the scripts ANALYZE what they load), and
# no JIT (compiling each bulk statement costs about a second and gains
# nothing on these expressions).
sq_cluster_start demo "shared_buffers = 512MB" "temp_buffers = 256MB" "work_mem = 256MB" "jit = off" \
    "maintenance_work_mem = 256MB" "max_wal_size = 8GB" "checkpoint_timeout = 30min" \
    "wal_level = minimal" "max_wal_senders = 0" "max_parallel_workers_per_gather = 2" "autovacuum = off"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION svcquality'
sq_log "svcquality built and installed, cluster started in $(elapsed "$started") s"

# run a SQL file, its progress lines timestamped
run_sql() {
    psql -X -q -v ON_ERROR_STOP=1 "$@" | while IFS= read -r line; do sq_log "$line"; done
}
# the generator's tickets part then the ticket rollups, or the same for refunds
load_part() {
    local part=$1 t
    export PGOPTIONS="-c max_parallel_workers_per_gather=0"    # the other core runs the other part
    t=$(date +%s.%N)
    run_sql -f "$DEMO_DIR/generate/$part.sql"
    sq_log "$part generated in $(elapsed "$t") s"
    t=$(date +%s.%N)
    run_sql -f "$DEMO_DIR/rollups/$part.sql"
    sq_log "$part timelines and daily rollups built in $(elapsed "$t") s"
}

sq_log "generating the demo CRM, size $DEMO_SIZE (examples/demo/generate.sql), and its rollups"
t=$(date +%s.%N)
run_sql -v size="$DEMO_SIZE" -f "$DEMO_DIR/generate/setup.sql"
# tickets and refunds are independent: two sessions, one per core
load_part tickets &
tickets_job=$!
load_part refunds &
refunds_job=$!
wait "$tickets_job"
wait "$refunds_job"
run_sql -f "$DEMO_DIR/generate/summary.sql"
sq_log "demo CRM and rollups ready in $(elapsed "$t") s"

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
