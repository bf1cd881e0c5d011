#!/usr/bin/env bash
# The whole svcquality test suite, on throwaway clusters:
#   1. install missing build dependencies (Debian packages), build, install
#      into a private copy of the server;
#   2. pg_regress: REGRESS in the Makefile (inputs test/sql, expected expected/);
#   3. every other suite: test/suites/*.sh, each printing TAP-style
#      "ok N - name" / "not ok N - name" lines.
# Clusters are torn down even on failure.  Exit status is non-zero when any
# test fails; the last line is "N passed, N failed" across all suites.
set -uo pipefail
source "$(dirname "$0")/scripts/pg_cluster.sh"
trap sq_cleanup EXIT

passed=0
failed=0

sq_prepare || { echo "0 passed, 1 failed"; exit 1; }

# --- pg_regress -------------------------------------------------------------
sq_cluster_start regress \
    "max_worker_processes = 8" "max_parallel_workers = 4" \
    "max_parallel_workers_per_gather = 2" "shared_buffers = 128MB" ||
    { echo "0 passed, 1 failed"; exit 1; }
sq_log "pg_regress (test/sql -> expected/)"
rm -rf "$SQ_REPO/build/regress/results"
regress_out=$(make -C "$SQ_REPO" -s installcheck PG_CONFIG="$PG_CONFIG" 2>&1)
regress_status=$?
echo "$regress_out" | grep -v '^make'
diffs="$SQ_REPO/build/regress/regression.diffs"
if [ $regress_status -ne 0 ] && [ -s "$diffs" ]; then
    echo "---- regression.diffs (first 200 lines; all in $diffs) ----"
    head -n 200 "$diffs"
fi
ok=$(echo "$regress_out" | grep -cE '\.\.\. ok' || true)
bad=$(echo "$regress_out" | grep -cE '\.\.\. FAILED' || true)
[ $regress_status -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
passed=$((passed + ok))
failed=$((failed + bad))

# --- other suites -----------------------------------------------------------
# the suites that run Debian 11's PostgreSQL 13 (postgresql13, pg_upgrade)
# fetch its packages once (test/scripts/pg13_root.sh)
export SQ_DEBIAN_CACHE=$SQ_WORK/debian
for suite in "$SQ_REPO"/test/suites/*.sh; do
    [ -e "$suite" ] || continue
    name=$(basename "$suite" .sh)
    sq_log "suite $name"
    suite_out=$(bash "$suite" 2>&1)
    suite_status=$?
    echo "$suite_out"
    ok=$(echo "$suite_out" | grep -cE '^ok ' || true)
    bad=$(echo "$suite_out" | grep -cE '^not ok ' || true)
    [ $suite_status -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    passed=$((passed + ok))
    failed=$((failed + bad))
done

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
