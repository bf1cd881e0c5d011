#!/usr/bin/env bash
# svcquality built, installed and tested on PostgreSQL 13, the oldest major
# the C code supports: the server of Debian 11 (bullseye), its packages
# fetched with apt-get download (which checks the archive's signatures) and
# unpacked into a temporary directory with the libraries bullseye has and
# this machine has not.  Nothing is installed system-wide.
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
source "$(dirname "$0")/../scripts/debian_archive.sh"

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
root=$work/root
SQ_PG_BIN=$root/usr/lib/postgresql/13/bin
pg_config=$root/pg_config

out=$(sq_debian_lists "$work" bullseye)
status=$?
if [ $status -eq 0 ]; then
    # the server, psql and pg_regress, PGXS, and the libraries of bullseye
    # that Debian 12 has newer sonames of
    out=$(sq_debian_download "$work" postgresql-13 postgresql-client-13 postgresql-server-dev-13 \
        libpq5 libssl1.1 libldap-2.4-2 libicu67)
    status=$?
    for deb in "$work"/debs/*.deb; do
        [ -e "$deb" ] && { dpkg -x "$deb" "$root" || status=1; }
    done
fi
export LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu
for program in postgres initdb pg_ctl psql pg_config; do
    missing=$(ldd "$SQ_PG_BIN/$program" 2>&1 | grep -E 'not found|No such file')
    [ -z "$missing" ] || { status=1; out="$out
$program: $missing"; }
done
tap_status "PostgreSQL 13 from Debian 11 unpacked, its programs find their libraries" $status \
    "$(echo "$out" | tail -n 8)"
[ $status -eq 0 ] || { tap_done; exit 1; }
version=$("$SQ_PG_BIN/pg_config" --version | cut -d " " -f 1-2)

# No LLVM 11 here for the JIT provider
echo "jit = off" >>"$root/usr/share/postgresql/13/postgresql.conf.sample"
# The server finds its share and lib directories relative to its binary,
# but pg_config prints where the package installs them: PGXS builds and
# installs through a pg_config that prints the private root's paths.
cat >"$pg_config" <<EOF
#!/bin/sh
"$SQ_PG_BIN/pg_config" "\$@" | sed 's#^/usr/#$root/usr/#'
EOF
chmod 755 "$pg_config"

# The checkout as it is, without its build products (an object of the
# PostgreSQL 15 build would pass for up to date); files deleted but not
# yet committed are left out
src=$work/src
mkdir -p "$src"
# shellcheck disable=SC2016 # the inner shell expands $f
(cd "$SQ_REPO" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
    tar --null -T - -cf -) | tar -xf - -C "$src"
# no LLVM bitcode: the server has no JIT here, and clang-11 is not installed
out=$(make -C "$src" -s -j2 PG_CONFIG="$pg_config" with_llvm=no 2>&1 &&
    make -C "$src" -s install PG_CONFIG="$pg_config" with_llvm=no 2>&1)
tap_status "$version: the extension builds (-Wall -Wextra -Werror) and installs" $? "$out"
chmod -R a+rX "$root" "$src"

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
