#!/usr/bin/env bash
# The regression suite (pg_regress over test/sql) against a server running
# under valgrind memcheck, then a report of every error valgrind found, with
# the ones in svcquality's code (a frame or an origin in svcquality.so)
# listed apart.
#
#   bash test/valgrind.sh [test ...]     tests: names in test/sql (default: all)
#
# Exit status 0 only when pg_regress passes and valgrind reports no error at
# all outside the suppressions in test/valgrind.supp (each of which says why
# it is there).  Environment:
#   VALGRIND_LOGS=dir   keep valgrind's logs there (one file per process);
#                       by default they go to a temporary directory that is
#                       removed when the run passes
#   VALGRIND_TAP=1      print the outcome as TAP lines (for test/suites)
#   VALGRIND_KEEP_GOING=1
#                       no --error-exitcode: processes with errors go on, so
#                       one run lists every error (when writing suppressions)
#   VALGRIND_TRACK_ORIGINS=no
#                       no --track-origins: about twice as fast, for the
#                       longest tests; an error found so is reported without
#                       where its undefined bytes came from (run that test
#                       again with origins to see it)
#
# How it runs: the cluster is made as usual (initdb does not run under
# valgrind), then restarted with a wrapper as its postgres executable, so
# the postmaster and every process it forks (backends, parallel workers,
# the checkpointer...) run under memcheck; --trace-children=yes follows
# any program the server executes too, except the shell and perl that
# state_input_fuzz runs 2,800 times through COPY FROM PROGRAM to feed
# binary input (their memory is not ours, and a start under valgrind costs
# a second each).  A process that had an error exits
# with --error-exitcode, which the postmaster treats as a crash: the tests
# then fail too, so an error cannot go unnoticed.  See docs/development.md
# ("Memory safety") for what such a run can and cannot find.
set -uo pipefail
source "$(dirname "$0")/scripts/pg_cluster.sh"

VG_ERROR_EXIT=86
exit_option="--error-exitcode=$VG_ERROR_EXIT"
[ "${VALGRIND_KEEP_GOING:-0}" = 1 ] && exit_option=""
track_origins=${VALGRIND_TRACK_ORIGINS:-yes}
case "$track_origins" in
    yes | no) ;;
    *) echo "VALGRIND_TRACK_ORIGINS must be yes or no, not '$track_origins'" >&2; exit 2 ;;
esac
logs=${VALGRIND_LOGS:-}
keep_logs=1
if [ -z "$logs" ]; then
    logs=$(mktemp -d /tmp/svcquality-valgrind.XXXXXX)
    keep_logs=0
fi
mkdir -p "$logs"
chmod 777 "$logs"
tap=${VALGRIND_TAP:-0}

cleanup() {
    sq_cleanup
    [ "$keep_logs" = 0 ] && [ "${passed_all:-0}" = 1 ] && rm -rf "$logs"
}
trap cleanup EXIT

say() { [ "$tap" = 1 ] && echo "# $*" || sq_log "$*"; }

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    for f in "$SQ_REPO"/test/sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
fi

if [ -z "${SQ_WORK:-}" ]; then
    bash "$SQ_REPO/test/scripts/install-deps.sh" valgrind >/dev/null || exit 1
    sq_prepare >/dev/null || exit 1
else
    bash "$SQ_REPO/test/scripts/install-deps.sh" valgrind >/dev/null || exit 1
fi

# The regression tests' settings (check.sh) but small shared buffers: a
# backend then writes more table pages itself, from its own memory, and
# memcheck sees undefined bytes of our values in them (the WAL writes that
# would show them are suppressed: test/valgrind.supp).  No JIT: LLVM's
# generated code is not ours and would only slow memcheck down.
sq_cluster_start valgrind \
    "max_worker_processes = 8" "max_parallel_workers = 4" \
    "max_parallel_workers_per_gather = 2" "shared_buffers = 16MB" \
    "jit = off" "autovacuum = off" >/dev/null || exit 1
data="$SQ_WORK/valgrind/data"
sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || exit 1

wrapper="$SQ_WORK/valgrind/postgres-under-valgrind"
cat >"$wrapper" <<EOF
#!/bin/sh
exec valgrind --tool=memcheck --quiet \\
    --trace-children=yes --trace-children-skip='*/sh,*/perl' $exit_option \\
    --track-origins=$track_origins --read-var-info=no --num-callers=40 \\
    --leak-check=no --run-libc-freeres=no \\
    --suppressions="$SQ_REPO/test/valgrind.supp" --gen-suppressions=all \\
    --error-markers=VALGRIND-ERROR-BEGIN,VALGRIND-ERROR-END \\
    --log-file="$logs/postgres.%p.log" \\
    "$SQ_PG_BIN/postgres" "\$@"
EOF
chmod 755 "$wrapper"

say "server under valgrind; logs in $logs"
started=$(date +%s)
sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$data" -p "$wrapper" \
    -l "$SQ_WORK/valgrind/server.log" -w -t 600 start >/dev/null ||
    { cat "$SQ_WORK/valgrind/server.log"; exit 1; }

say "pg_regress: ${#tests[@]} tests"
# results in a directory of this run: check.sh may use build/regress
# meanwhile; the database PGXS names (REGRESS_OPTS given here replaces the
# Makefile's, and extension.sql grants on contrib_regression by name)
results="$SQ_WORK/valgrind/regress"
mkdir -p "$results"
regress_out=$(make -C "$SQ_REPO" -s installcheck PG_CONFIG="$PG_CONFIG" REGRESS="${tests[*]}" \
    REGRESS_OPTS="--inputdir=build/regress --outputdir=$results --load-extension=svcquality --dbname=contrib_regression" 2>&1)
regress_status=$?
sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null
elapsed=$(($(date +%s) - started))
cp "$results/regression.diffs" "$SQ_WORK/valgrind/server.log" "$logs/" 2>/dev/null

# One block per error, between the markers; a block is ours when a frame of
# its stack or of its origin is in svcquality.so.
report=$(awk '
    /VALGRIND-ERROR-BEGIN/ { inblock = 1; block = ""; next }
    /VALGRIND-ERROR-END/ {
        inblock = 0; total++
        if (block ~ /svcquality\.so/) { ours++; print "=== error in svcquality code (" FILENAME ")"; print block }
        else { print "=== error outside svcquality code (" FILENAME ")"; print block }
        next
    }
    inblock { sub(/^==[0-9]+== ?/, ""); block = block $0 "\n" }
    END { printf "@@ %d %d\n", total + 0, ours + 0 }' "$logs"/postgres.*.log 2>/dev/null)
read -r _ total ours <<<"$(echo "$report" | grep '^@@ ')"
total=${total:-0}
ours=${ours:-0}
processes=$(ls "$logs"/postgres.*.log 2>/dev/null | wc -l)
crashes=$(grep -c "exit code $VG_ERROR_EXIT" "$SQ_WORK/valgrind/server.log" || true)

regress_ok=$(echo "$regress_out" | grep -cE '\.\.\. ok' || true)
regress_bad=$(echo "$regress_out" | grep -cE '\.\.\. FAILED' || true)
[ $regress_status -ne 0 ] && [ "$regress_bad" -eq 0 ] && regress_bad=1

if [ "$tap" = 1 ]; then
    source "$SQ_REPO/test/scripts/tap.sh"
    echo "$regress_out" | grep -E '\.\.\. ' | sed 's/^/# /'
    echo "# valgrind: ${elapsed}s, $processes processes checked"
    for t in "${tests[@]}"; do
        # a here-string, not a pipe: grep -q stops reading at its match, and
        # under pipefail the writer's SIGPIPE would turn that into a failure
        if grep -qE "^(test )?\s*$t\s+\.\.\. ok" <<<"$regress_out"; then
            tap_result ok "$t passes under valgrind"
        else
            tap_result fail "$t passes under valgrind" "$(grep -A 20 "/$t.out" "$logs/regression.diffs" 2>/dev/null)"
        fi
    done
    tap_is "no valgrind error in svcquality code" 0 "$ours"
    tap_empty "no unsuppressed valgrind error at all ($total; logs in $logs)" \
        "$(echo "$report" | grep -v '^@@')"
    tap_done
else
    echo "$regress_out" | grep -v '^make'
    [ -s "$logs/regression.diffs" ] && echo "differences from expected/: $logs/regression.diffs"
    if [ "$total" -gt 0 ]; then
        echo "---- valgrind errors (all in $logs) ----"
        echo "$report" | grep -v '^@@'
    fi
    echo "valgrind: ${elapsed}s for ${#tests[@]} tests, $processes processes checked," \
        "$total errors ($ours in svcquality code), $crashes processes ended by an error"
    echo "${regress_ok} passed, ${regress_bad} failed"
fi

[ "$regress_bad" -eq 0 ] && [ "$total" -eq 0 ] && passed_all=1
[ "${passed_all:-0}" = 1 ]
