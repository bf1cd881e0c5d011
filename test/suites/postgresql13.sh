#!/usr/bin/env bash
# svcquality built, installed and tested on PostgreSQL 13, the oldest major
# the C code supports: the server of Debian 11 (bullseye) in a temporary
# directory, nothing installed system-wide (test/scripts/pg13_root.sh).
#
# TAP lines: the packages came and their programs find their libraries; the
# extension compiles with the Makefile's -Wall -Wextra -Werror; CREATE
# EXTENSION gives the default version; one line per regression test (the
# tests below that need PostgreSQL 14 or later are skipped, each with its
# reason); every example of the manual (docs_examples.py).
# PG13_DOCS=0 leaves the manual out.
# See docs/development.md, "Running on PostgreSQL 13".
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/../scripts/tap.sh"
source "$(dirname "$0")/../scripts/pg13_root.sh"

# Regression tests that cannot pass on 13, and why.
declare -A excluded=(
    [business_calendar_errors_v2]="13 reads no interval literal beyond 2^31 of a unit ('9223372036854775807 microseconds') and prints no interval of 2^31 hours or more; its PST8PDT (pg_regress's zone) shows 4714 BC at -08, not in local mean time"
    [business_calendar_versions]="pg_backend_memory_contexts is new in 14"
    [duration_boundaries]="extract() returns float8 before 14: the epoch of a duration beyond 2^53 microseconds loses microseconds"
    [nps_errors]="numeric 'Infinity' is new in 14"
)

work=$(mktemp -d)
chmod 755 "$work"
trap 'sq_cleanup; rm -rf "$work"' EXIT
# the clusters of this suite, in its own directory, run by 13's binaries
# shellcheck disable=SC2034 # read by sq_cluster_start
SQ_WORK=$work
sq_pg13_install "$work" || { tap_done; exit 1; }
SQ_PG_BIN=$SQ_PG13_BIN
pg_config=$SQ_PG13_CONFIG
src=$SQ_PG13_SRC
version=$SQ_PG13_VERSION
# every program this suite runs is 13's
export LD_LIBRARY_PATH=$SQ_PG13_LIBS

# the server's OS user may not be allowed into the checkout (a clone under
# a mktemp directory), and its programs start where they are called
cd "$work" || exit 1
SQ_TCP=1 sq_cluster_start pg13 >/dev/null || { tap_result fail "$version: a cluster starts"; tap_done; exit 1; }
export PATH=$SQ_PG_BIN:$PATH
default=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SQ_REPO/svcquality.control")
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d postgres 2>&1 <<'EOF'
CREATE DATABASE pg13_extension;
\c pg13_extension
CREATE EXTENSION svcquality;
SELECT extversion FROM pg_extension WHERE extname = 'svcquality';
\c postgres
DROP DATABASE pg13_extension;
EOF
)
tap_is "$version: CREATE EXTENSION svcquality gives the default version" "$default" "$out"

# pg_regress over every test but the excluded ones: one line per test
tests=()
for file in "$src"/test/sql/*.sql; do
    name=$(basename "$file" .sql)
    [ -n "${excluded[$name]:-}" ] || tests+=("$name")
done
regress=$(make -C "$src" -s installcheck PG_CONFIG="$pg_config" with_llvm=no REGRESS="${tests[*]}" 2>&1)
diffs=$src/build/regress/regression.diffs
for name in "${tests[@]}"; do
    line=$(echo "$regress" | grep -E "^test $name +\.\.\. ")
    case "$line" in
    *" ... ok "*) tap_result ok "$version: pg_regress $name" ;;
    *)
        detail=${line:-no result: $(echo "$regress" | tail -n 5)}
        [ -s "$diffs" ] && detail="$detail
$(awk -v t="/$name.out" '/^diff / { on = index($0, t) > 0 } on' "$diffs" | head -n 30)"
        tap_result fail "$version: pg_regress $name" "$detail"
        ;;
    esac
done
for name in $(printf '%s\n' "${!excluded[@]}" | sort); do
    tap_skip "$version: pg_regress $name" "${excluded[$name]}"
done

# The manual's examples, with 13's psql; its TAP lines renumbered as ours,
# and a run that stops early is a failure of its own
if [ "${PG13_DOCS:-1}" = 1 ]; then
    out=$(cd "$SQ_REPO" && /usr/bin/python3 test/scripts/docs_examples.py 2>&1)
    echo "$out" | grep -qE '^1\.\.[0-9]+$'
    status=$?
    while IFS= read -r line; do
        case "$line" in
        "ok "*) tap_result ok "$version: ${line#ok * - }" ;;
        "not ok "*) tap_result fail "$version: ${line#not ok * - }" ;;
        "#"*) echo "$line" ;;
        esac
    done <<<"$out"
    tap_status "$version: the manual's examples ran to their plan line" $status "$(echo "$out" | tail -n 5)"
fi
tap_done
