#!/usr/bin/env bash
# Portability of the C sources to the PostgreSQL majors the project supports
# besides 15, the one built and tested everywhere else: every file of src/ is
# compiled (not linked, not run) against the server headers and the compiler
# flags of each major Debian ships, PostgreSQL 13 to 18, with our -Wall
# -Wextra -Werror.  Debian has no suite with 14 or 16 any more; 13, 15 and
# 17 on either side of them check the version guards they would take.
#
# The packages come from Debian's archive through apt, which checks the
# archive's signatures, into a temporary directory: nothing is installed.
# One TAP line per major for the download, one for the compile.
# PORTABILITY_MAJORS="19" tries another major (19 is in Debian experimental).
# See docs/development.md, "Other PostgreSQL majors".
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/../scripts/tap.sh"
source "$(dirname "$0")/../scripts/debian_archive.sh"

majors=${PORTABILITY_MAJORS:-13 17 18}
suites="bullseye trixie forky sid experimental"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$SQ_REPO" || exit 1

# shellcheck disable=SC2086 # the suites are words
apt_out=$(sq_debian_lists "$work" $suites)
tap_status "apt reads the package lists of Debian $suites" $? "$(echo "$apt_out" | tail -n 5)"

# The server's own strlcpy and strlcat are declared by port.h only where
# the C library has none.  The newer majors were configured against a
# library that has them (glibc 2.38); ours may not, so their headers are
# told what this compiler's library has.
libc_has() {
    printf '#include <string.h>\nvoid *sq_probe = (void *) %s;\n' "$1" |
        gcc -D_GNU_SOURCE -Werror=implicit-function-declaration -x c -c -o /dev/null - 2>/dev/null
}

# Warning options of a major's build that this gcc does not know are left
# out (PostgreSQL's configure tests each one against its compiler too).
known_flags() {
    local flag
    for flag in "$@"; do
        echo 'int sq_probe;' | gcc -Werror "$flag" -x c -c -o /dev/null - 2>/dev/null && printf '%s\n' "$flag"
    done
}

for major in $majors; do
    debs="postgresql-server-dev-$major postgresql-client-$major"
    # shellcheck disable=SC2086 # the packages are words
    out=$(sq_debian_download "$work" $debs)
    status=$?
    root="$work/root$major"
    for deb in "$work"/debs/postgresql-*-"$major"_*.deb; do
        [ -e "$deb" ] && dpkg -x "$deb" "$root"
    done
    include="$root/usr/include/postgresql/$major/server"
    global="$root/usr/lib/postgresql/$major/lib/pgxs/src/Makefile.global"
    [ -f "$include/pg_config.h" ] && [ -f "$global" ] || status=1
    tap_status "PostgreSQL $major: $debs from Debian" $status "$(echo "$out" | tail -n 5)"
    [ $status -eq 0 ] || continue

    version=$(sed -nE 's/^#define PG_VERSION "(.*)"$/\1/p' "$include/pg_config.h")
    for function in strlcpy strlcat; do
        macro="HAVE_DECL_$(echo "$function" | tr '[:lower:]' '[:upper:]')"
        libc_has "$function" || sed -i "s/^#define $macro 1$/#define $macro 0/" "$include/pg_config.h"
    done
    # shellcheck disable=SC2046 # the flags are words
    set -- $(known_flags $(sed -nE 's/^CFLAGS = //p' "$global")) $(sed -nE 's/^CFLAGS_SL = //p' "$global")
    export include
    # a file that does not compile is named, with its first diagnostics
    # (gcc's "fatal error" for a missing header included)
    failures=$(printf '%s\0' src/*.c | xargs -0 -P "$(nproc)" -I{} sh -c \
        'out=$(gcc "$@" -Wall -Wextra -Werror -isystem "$include" -DEXTVERSION="\"0\"" -c -o /dev/null "{}" 2>&1) ||
            { echo "{}: does not compile"; printf "%s\n" "$out" | grep -E "error|warning" | head -n 3; }' _ "$@")
    tap_empty "PostgreSQL $version: every src/*.c compiles with its flags, -Wall -Wextra -Werror" "$failures"
done
tap_done
