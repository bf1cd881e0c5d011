#!/usr/bin/env bash
# svcquality benchmark: ours vs the plain-SQL formulation vs peers, side by
# side in one run on one throwaway cluster.  Not part of the test suite.
#
#   bash test/bench/run.sh [suite ...]     suites: test/bench/suites/*.sh (default: all)
#
# A suite file may declare the Debian packages it needs on lines
# "# packages: name ..."; they are installed first.
#
# Environment: BENCH_ROWS (default 10000000), BENCH_REPS (default 5),
# BENCH_JIT (off|on, default off: JIT compile time would dominate some queries).
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/lib.sh"
trap sq_cleanup EXIT

suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
    for f in "$SQ_REPO"/test/bench/suites/*.sh; do suites+=("$(basename "$f" .sh)"); done
fi

# A suite may need Debian packages (a peer extension to compare with), named
# on "# packages: a b" lines.  They must be installed before sq_prepare copies
# the server tree, or the private copy would not contain them.
packages=()
for suite in "${suites[@]}"; do
    read -ra listed <<<"$(sed -n 's/^# packages://p' "$SQ_REPO/test/bench/suites/$suite.sh" | tr '\n' ' ')"
    packages+=("${listed[@]}")
done
bash "$SQ_REPO/test/scripts/install-deps.sh" "${packages[@]}"
sq_prepare
sq_cluster_start bench \
    "shared_buffers = 4GB" "work_mem = 1GB" "maintenance_work_mem = 1GB" \
    "max_worker_processes = 8" "max_parallel_workers = 8" "max_parallel_workers_per_gather = 2" \
    "jit = ${BENCH_JIT:-off}" "autovacuum = off"
psql -X -q -c "CREATE EXTENSION svcquality" >/dev/null

echo "svcquality benchmark: $(nproc) cores, rows=${BENCH_ROWS}, reps=${BENCH_REPS}, jit=${BENCH_JIT:-off}"
echo "$(psql -X -At -c 'SELECT version()')"
for suite in "${suites[@]}"; do
    echo
    echo "== $suite =="
    BENCH_ORDER=()
    source "$SQ_REPO/test/bench/suites/$suite.sh"
done
echo
echo "targets missed: $BENCH_MISSED"
