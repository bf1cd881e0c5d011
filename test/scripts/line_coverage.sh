#!/usr/bin/env bash
# Which lines and branches of src/ the tests run (gcc's gcov): a developer's
# tool, not part of the test command (docs/development.md, "Line coverage").
#
#   bash test/scripts/line_coverage.sh [suite ...]
#
# The working tree (tracked and untracked files, not ignored ones) is copied
# to a scratch directory and built there with -O0 --coverage, so the
# checkout's own build stays as it is.  pg_regress runs first, then the
# named suites (default: every suite that runs SQL against this build, not
# those that build other servers or versions).  Backends run as the postgres
# OS user and write their counts under GCOV_PREFIX when they exit.
#
# Prints the total and the files with lines never run; writes
# build/line_coverage/summary.md (a row per file) and never_run.md (each
# never-run line with its context).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/build/line_coverage
default_suites="concurrency contacts_crosscheck coverage demo docs drivers_crosscheck dump_restore
    interrupts logical_replication monitoring_crosscheck properties rollups staffing_crosscheck
    statistics_crosscheck upgrade"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || read -ra suites <<<"$(echo $default_suites)"

bash "$repo/test/scripts/install-deps.sh" gcovr || exit 1
scratch=$(mktemp -d /tmp/svcquality-lines.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT
git -C "$repo" ls-files -z -c -o --exclude-standard |
    (cd "$repo" && tar --null -T - -cf -) | tar -xf - -C "$scratch/" || exit 1
mkdir -m 1777 "$scratch/counts"
chmod 755 "$scratch"

# Inherited by make (PGXS adds COPT to CFLAGS, also when linking) and by
# the servers the scripts start; the prefix keeps the source paths whole.
export COPT="-O0 --coverage" GCOV_PREFIX=$scratch/counts GCOV_PREFIX_STRIP=0
(
    cd "$scratch" || exit 1
    source test/scripts/pg_cluster.sh
    trap sq_cleanup EXIT
    sq_prepare >/dev/null || { echo "build failed" >&2; exit 1; }
    sq_cluster_start regress "max_worker_processes = 8" "max_parallel_workers = 4" \
        "max_parallel_workers_per_gather = 2" "shared_buffers = 128MB" || exit 1
    sq_log "pg_regress"
    make -C "$SQ_REPO" -s installcheck PG_CONFIG="$PG_CONFIG" 2>&1 | tail -n 3
    for suite in "${suites[@]}"; do
        sq_log "suite $suite"
        bash "$SQ_REPO/test/suites/$suite.sh" 2>&1 | grep -E '^not ok' || true
    done
) || exit 1

# The counts sit under the prefix at the objects' full paths; gcov wants
# them beside the notes files.
(cd "$scratch/counts$scratch" && find . -name '*.gcda' -exec cp --parents {} "$scratch/" \;)
mkdir -p "$out"
cd "$scratch" && gcovr --root "$scratch" --filter 'src/' --json "$out/gcovr.json" . || exit 1
python3 "$repo/test/scripts/line_coverage_report.py" "$out/gcovr.json" "$scratch" "$out"
