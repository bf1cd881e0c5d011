#!/usr/bin/env bash
# The regression tests against a build of svcquality with gcc's undefined
# behaviour sanitizer: signed overflow, shifts, NULL pointers handed to
# memcpy and friends, out-of-bounds array indexes, misaligned loads, and
# floats converted to integers they do not fit (float-cast-overflow, which
# -fsanitize=undefined leaves out).  Such code works on today's compiler
# and machine only by chance: the optimizer may assume it never happens.
# TAP lines: the build, its checks present, pg_regress passes, and the
# sanitizer reported nothing (each kind of report listed once, with its
# count).
# UBSAN_SUBSET="a b" runs those tests.  See docs/development.md,
# "Undefined behaviour: UBSan".
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/../scripts/tap.sh"
trap sq_cleanup EXIT

# All regression tests but the three that take half of pg_regress's time
# (2 of its 4 1/2 minutes) re-running, on large random inputs, code the
# other tests reach too: UBSAN_SKIP="" runs them as well.
skip=${UBSAN_SKIP-sla_crosscheck contacts_crosscheck contacts_limits}
subset=${UBSAN_SUBSET:-$(cd "$SQ_REPO/test/sql" && ls *.sql | sed 's/\.sql$//' |
    grep -vxF -f <(printf '%s\n' $skip))}
read -ra tests <<<"$(echo $subset)"

bash "$SQ_REPO/test/scripts/install-deps.sh" >/dev/null || { tap_result fail "dependencies are installed"; tap_done; exit 1; }
sq_prepare_unless_prepared || { tap_result fail "svcquality builds"; tap_done; exit 1; }

# The working tree's files (tracked, and new ones not ignored), built
# apart with the sanitizer into a server copy of their own: the build the
# other suites use is untouched.
work=$(mktemp -d "$SQ_WORK/ubsan.XXXXXX")
chmod 755 "$work"
mkdir -p "$work/src"
git -C "$SQ_REPO" ls-files -z --cached --others --exclude-standard |
    tar -C "$SQ_REPO" --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$work/src" -xf -
sq_stage_copy "$work/stage"
# -fno-wrapv undoes the -fwrapv of PostgreSQL's CFLAGS, under which signed
# overflow is defined and the sanitizer does not look for it.
sanitize="-fsanitize=undefined -fsanitize=float-cast-overflow -fno-wrapv"
if make -C "$work/src" -s -j2 PG_CONFIG="$PG_CONFIG" with_llvm=no COPT="$sanitize" >"$work/build.log" 2>&1 &&
    make -C "$work/src" -s install PG_CONFIG="$PG_CONFIG" with_llvm=no DESTDIR="$work/stage" >>"$work/build.log" 2>&1; then
    tap_result ok "svcquality builds with $sanitize"
else
    tap_result fail "svcquality builds with $sanitize" "$(cat "$work/build.log")"
    tap_done
    exit 1
fi
chmod -R a+rX "$work/stage"
# A build without the checks would pass whatever the code does.
library=$(find "$work/stage" -name svcquality.so)
checks=$(nm -D --undefined-only "$library" 2>/dev/null | grep -c '__ubsan_handle_')
if [ "$checks" -gt 0 ]; then
    tap_result ok "the library installed calls the sanitizer ($checks kinds of check)"
else
    tap_result fail "the library installed calls the sanitizer" "no __ubsan_handle_ symbol in $library"
    tap_done
    exit 1
fi

# The sanitizer writes its reports to the server's log, each naming a line
# of our code.  (UBSAN_OPTIONS cannot reach it, so there are no stacks: the
# runtime reads the environment from /proc/self/environ, the memory
# postgres has reused for its process titles by then.)
SQ_CLUSTER_BIN=$(sq_stage_bin "$work/stage") sq_cluster_start ubsan \
    "max_worker_processes = 8" "max_parallel_workers = 4" \
    "max_parallel_workers_per_gather = 2" "jit = off" >/dev/null ||
    { tap_result fail "a server with the sanitized build starts"; tap_done; exit 1; }

# Results apart from check.sh's build/regress; the database PGXS names
# (extension.sql grants on contrib_regression by name).
results="$work/regress"
mkdir -p "$results"
out=$(make -C "$work/src" -s installcheck PG_CONFIG="$PG_CONFIG" REGRESS="${tests[*]}" \
    REGRESS_OPTS="--inputdir=build/regress --outputdir=$results --load-extension=svcquality --dbname=contrib_regression" 2>&1)
tap_status "pg_regress passes ${#tests[@]} tests with the sanitized build" $? \
    "$(echo "$out" | grep -E 'FAILED|failed')"

# Each kind of report once, with how often it came (a process reports a
# line of code once).
log="$SQ_WORK/ubsan/server.log"
if [ -s "$log" ]; then
    reports=$(grep "runtime error" "$log" | sed 's/^.*src\//src\//' | sort | uniq -c)
    tap_empty "no undefined behaviour reported" "$reports"
else
    tap_result fail "no undefined behaviour reported" "the server's log $log is missing or empty"
fi
tap_done
