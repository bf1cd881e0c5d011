# PostgreSQL 13, the oldest major the C code supports, with svcquality built
# for it: the server of Debian 11 (bullseye), its packages fetched with
# apt-get download (which checks the archive's signatures) and unpacked into
# a private root with the libraries bullseye has and this machine has not.
# Nothing is installed system-wide.  Shared by the suites that run 13
# (postgresql13.sh, pg_upgrade.sh): source this file after pg_cluster.sh and
# tap.sh.
#
#   sq_pg13_install DIR    fetches and unpacks 13 into DIR/root, copies the
#                          checkout as it is into DIR/src, builds it there and
#                          installs it into the root.  Two TAP lines: the
#                          packages came and their programs find their
#                          libraries; the extension builds (-Wall -Wextra
#                          -Werror) and installs.  Fails when the first
#                          fails (the caller stops: there is no 13 to run).
#                          Sets SQ_PG13_BIN (13's programs), SQ_PG13_LIBS
#                          (bullseye's libraries, which they need in
#                          LD_LIBRARY_PATH), SQ_PG13_CONFIG (a pg_config
#                          that prints the root's paths, for PGXS),
#                          SQ_PG13_SRC and SQ_PG13_VERSION ("PostgreSQL 13.x").
#   sq_pg13_wrappers DIR   a directory of programs named like 13's that run
#                          them with SQ_PG13_LIBS in LD_LIBRARY_PATH, for a
#                          suite that also runs 15's programs: bullseye's
#                          libpq5 has the soname of Debian 12's, so 15's
#                          programs must not see SQ_PG13_LIBS.
#
# SQ_DEBIAN_CACHE=dir keeps apt's lists and the packages there, for the next
# suite that needs them (check.sh sets it); each suite downloads its own
# otherwise.

source "$SQ_REPO/test/scripts/debian_archive.sh"

sq_pg13_packages=(postgresql-13 postgresql-client-13 postgresql-server-dev-13
    libpq5 libssl1.1 libldap-2.4-2 libicu67)

sq_pg13_install() {
    local dir=$1 apt=${SQ_DEBIAN_CACHE:-$1} root=$1/root out status pkg deb program missing
    SQ_PG13_BIN=$root/usr/lib/postgresql/13/bin
    SQ_PG13_LIBS=$root/usr/lib/x86_64-linux-gnu
    SQ_PG13_CONFIG=$root/pg_config
    SQ_PG13_SRC=$dir/src
    mkdir -p "$root"
    out=$(sq_debian_lists "$apt" bullseye)
    status=$?
    if [ $status -eq 0 ]; then
        # the server, psql and pg_regress, PGXS, and the libraries of
        # bullseye that Debian 12 has newer sonames of
        out=$(sq_debian_download "$apt" "${sq_pg13_packages[@]}")
        status=$?
        # a shared cache holds other suites' packages too: only ours
        for pkg in "${sq_pg13_packages[@]}"; do
            for deb in "$apt"/debs/"${pkg}"_*.deb; do
                [ -e "$deb" ] && { dpkg -x "$deb" "$root" || status=1; }
            done
        done
    fi
    for program in postgres initdb pg_ctl psql pg_config; do
        missing=$(LD_LIBRARY_PATH=$SQ_PG13_LIBS ldd "$SQ_PG13_BIN/$program" 2>&1 | grep -E 'not found|No such file')
        [ -z "$missing" ] || { status=1; out="$out
$program: $missing"; }
    done
    tap_status "PostgreSQL 13 from Debian 11 unpacked, its programs find their libraries" $status \
        "$(echo "$out" | tail -n 8)"
    [ $status -eq 0 ] || return 1
    SQ_PG13_VERSION=$(LD_LIBRARY_PATH=$SQ_PG13_LIBS "$SQ_PG13_BIN/pg_config" --version | cut -d " " -f 1-2)

    # No LLVM 11 here for the JIT provider
    echo "jit = off" >>"$root/usr/share/postgresql/13/postgresql.conf.sample"
    # The server finds its share and lib directories relative to its binary,
    # but pg_config prints where the package installs them: PGXS builds and
    # installs through a pg_config that prints the private root's paths.
    # shellcheck disable=SC2016 # the script expands "$@"
    printf '#!/bin/bash\nLD_LIBRARY_PATH=%q %q "$@" | sed %q\n' \
        "$SQ_PG13_LIBS" "$SQ_PG13_BIN/pg_config" "s#^/usr/#$root/usr/#" >"$SQ_PG13_CONFIG"
    chmod 755 "$SQ_PG13_CONFIG"

    # The checkout as it is, without its build products (an object of the
    # PostgreSQL 15 build would pass for up to date); files deleted but not
    # yet committed are left out
    mkdir -p "$SQ_PG13_SRC"
    # shellcheck disable=SC2016 # the inner shell expands $f
    (cd "$SQ_REPO" && git ls-files -z --cached --others --exclude-standard |
        xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
        tar --null -T - -cf -) | tar -xf - -C "$SQ_PG13_SRC"
    # no LLVM bitcode: the server has no JIT here, and clang-11 is not installed
    out=$(make -C "$SQ_PG13_SRC" -s -j2 PG_CONFIG="$SQ_PG13_CONFIG" with_llvm=no 2>&1 &&
        make -C "$SQ_PG13_SRC" -s install PG_CONFIG="$SQ_PG13_CONFIG" with_llvm=no 2>&1)
    tap_status "$SQ_PG13_VERSION: the extension builds (-Wall -Wextra -Werror) and installs" $? "$out"
    chmod -R a+rX "$root" "$SQ_PG13_SRC"
}

sq_pg13_wrappers() {
    local dir=$1 program
    mkdir -p "$dir"
    for program in "$SQ_PG13_BIN"/*; do
        # exec keeps the real path in argv[0]: pg_ctl and initdb find the
        # postgres next to it, and the server its share and lib directories
        printf '#!/bin/bash\nLD_LIBRARY_PATH=%q exec %q "$@"\n' "$SQ_PG13_LIBS" "$program" >"$dir/${program##*/}"
        chmod 755 "$dir/${program##*/}"
    done
}
