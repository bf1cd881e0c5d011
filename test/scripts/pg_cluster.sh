# Throwaway PostgreSQL clusters for tests, the demo and the benchmark.
# Source this file; it defines:
#
#   sq_prepare                 build svcquality and install it into a private copy
#                              of the PostgreSQL server (the system install is untouched)
#   sq_cluster_start NAME [setting=value ...]
#                              initdb + start a cluster on a private unix socket, as the
#                              postgres OS user when run as root; exports PGHOST/PGPORT/PGUSER
#                              for the most recently started cluster and sets
#                              SQ_HOST_<NAME> and SQ_PORT_<NAME>.  With SQ_TCP=1 it also
#                              listens on 127.0.0.1, on a free port (nodes that reach each
#                              other over libpq, like Citus); SQ_CLUSTER_BIN=dir runs the
#                              server binaries of another stage (sq_stage_commit)
#   sq_stage_copy DEST         a private copy of the server tree at DEST, without svcquality
#   sq_stage_commit COMMIT DEST
#                              svcquality as of a git commit (a release), built from
#                              `git archive` and installed into the server copy DEST;
#                              its binaries are in $(sq_stage_bin DEST)
#   sq_stage_add_package PKG ...
#                              install Debian packages of server extensions (pg_cron) and
#                              copy their files into the private server copy, which
#                              sq_prepare made before the suite knew it needed them
#   sq_cleanup                 stop the clusters this shell started, and remove the
#                              work directory if this shell made it (install it as an
#                              EXIT trap: clusters are torn down even when a step fails)
#
# sq_prepare exports SQ_WORK and SQ_PG_BIN, so a child script (a test suite)
# can source this file and start clusters of its own without rebuilding.
#
# By default nothing listens on TCP: each cluster's socket lives in its own
# temporary directory, so any number of runs can share a machine without port
# clashes.

PG_MAJOR=${PG_MAJOR:-15}
SQ_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SQ_PG_BIN_SYSTEM="/usr/lib/postgresql/${PG_MAJOR}/bin"
export PG_CONFIG="${SQ_PG_BIN_SYSTEM}/pg_config"
SQ_CLUSTERS=()
# The commit each release was built from (for tests that build an old release).
declare -A SQ_RELEASE_COMMIT=([0.1.0]=3989728fdf746e7e8196340447e2791aceb093d9)

sq_log() { echo "[$(date +%H:%M:%S)] $*"; }

# Run a command as the server's OS user: postgres refuses to run as root.
sq_as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

sq_stage_bin() {
    echo "$1$(dirname "$("$PG_CONFIG" --pkglibdir)")/bin"
}

# The server finds its lib and share directories relative to its own binary,
# so a copied tree plus `make install DESTDIR=` is a complete, private
# installation with exactly one build of the extension.
sq_stage_copy() {
    local stage=$1 libdir sharedir
    libdir=$("$PG_CONFIG" --pkglibdir)
    sharedir=$("$PG_CONFIG" --sharedir)
    mkdir -p "$stage$(dirname "$libdir")" "$stage$(dirname "$sharedir")" || return 1
    cp -a "$(dirname "$libdir")/." "$stage$(dirname "$libdir")/" || return 1
    cp -a "$sharedir" "$stage$(dirname "$sharedir")/" || return 1
    rm -f "$stage$libdir"/svcquality.so "$stage$sharedir"/extension/svcquality*
    rm -rf "$stage$libdir"/bitcode/svcquality*
}

# Each step returns on failure: callers test sq_prepare with ||, where bash
# ignores set -e inside the function, so a failed build would go on to
# start clusters without the extension.
sq_prepare() {
    bash "$SQ_REPO/test/scripts/install-deps.sh" || return 1
    SQ_WORK=$(mktemp -d /tmp/svcquality.XXXXXX) || return 1
    SQ_WORK_OWNER=$BASHPID
    chmod 755 "$SQ_WORK"
    sq_stage_copy "$SQ_WORK/stage" || return 1
    sq_log "building svcquality"
    make -C "$SQ_REPO" -s -j2 PG_CONFIG="$PG_CONFIG" >/dev/null || return 1
    make -C "$SQ_REPO" -s install PG_CONFIG="$PG_CONFIG" DESTDIR="$SQ_WORK/stage" >/dev/null || return 1
    chmod -R a+rX "$SQ_WORK"
    SQ_PG_BIN=$(sq_stage_bin "$SQ_WORK/stage")
    export SQ_WORK SQ_PG_BIN
}

# A suite run alone, not by test/check.sh, builds and installs first; the
# suite's EXIT trap (sq_cleanup) removes what this made.
sq_prepare_unless_prepared() {
    [ -n "${SQ_WORK:-}" ] || sq_prepare >&2
}

sq_stage_commit() {
    local commit=$1 stage=$2 src
    src=$(mktemp -d "$SQ_WORK/src.XXXXXX")
    git -C "$SQ_REPO" archive "$commit" | tar -x -C "$src" || return 1
    sq_stage_copy "$stage"
    # no LLVM bitcode: JIT inlining is not what an old build is kept for
    make -C "$src" -s -j2 PG_CONFIG="$PG_CONFIG" with_llvm=no >/dev/null &&
        make -C "$src" -s install PG_CONFIG="$PG_CONFIG" with_llvm=no DESTDIR="$stage" >/dev/null ||
        return 1
    rm -rf "$src"
    chmod -R a+rX "$stage"
}

sq_stage_add_package() {
    local stage=$SQ_WORK/stage pkg file
    bash "$SQ_REPO/test/scripts/install-deps.sh" "$@" || return 1
    for pkg in "$@"; do
        while read -r file; do
            case "$file" in
            "$(dirname "$("$PG_CONFIG" --pkglibdir)")"/* | "$("$PG_CONFIG" --sharedir)"/*)
                if [ -f "$file" ] && [ ! -e "$stage$file" ]; then
                    mkdir -p "$stage$(dirname "$file")"
                    cp -a "$file" "$stage$file"
                fi ;;
            esac
        done < <(dpkg -L "$pkg")
    done
    chmod -R a+rX "$stage"
}

# A port nothing listens on now (the kernel's choice); the caller retries if
# another process takes it before the server binds it.
sq_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sq_cluster_start() {
    local name=$1
    shift
    local dir="$SQ_WORK/$name" bin=${SQ_CLUSTER_BIN:-$SQ_PG_BIN} port=5432 attempt
    mkdir -p "$dir/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    sq_as_server_user "$bin/initdb" -D "$dir/data" -A trust -U postgres \
        -E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log"; return 1; }
    {
        if [ "${SQ_TCP:-0}" = 1 ]; then
            echo "listen_addresses = '127.0.0.1'"
        else
            echo "listen_addresses = ''"
        fi
        echo "unix_socket_directories = '$dir/socket'"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        for setting in "$@"; do echo "$setting"; done
    } | sq_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null
    SQ_CLUSTERS+=("$dir")
    for attempt in 1 2 3; do
        [ "${SQ_TCP:-0}" = 1 ] && port=$(sq_free_port)
        echo "port = $port" | sq_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null
        sq_as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null && break
        # only a port taken between sq_free_port and the server's bind is retried
        if [ "${SQ_TCP:-0}" != 1 ] || [ $attempt -eq 3 ] ||
            ! grep -q "could not bind" "$dir/server.log"; then
            cat "$dir/server.log"
            return 1
        fi
    done
    export PGHOST="$dir/socket" PGPORT=$port PGUSER=postgres PGDATABASE=postgres
    printf -v "SQ_HOST_${name}" '%s' "$dir/socket"
    printf -v "SQ_PORT_${name}" '%s' "$port"
}

sq_cleanup() {
    local dir
    for dir in "${SQ_CLUSTERS[@]}"; do
        sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    done
    SQ_CLUSTERS=()
    if [ -n "${SQ_WORK:-}" ] && [ "${SQ_WORK_OWNER:-}" = "$BASHPID" ]; then
        rm -rf "$SQ_WORK"
    fi
}
