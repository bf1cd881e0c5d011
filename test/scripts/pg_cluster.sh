# Throwaway PostgreSQL clusters for tests, the demo and the benchmark.
# Source this file; it defines:
#
#   sq_prepare                 build svcquality and install it into a private copy
#                              of the PostgreSQL server (the system install is untouched)
#   sq_cluster_start NAME [setting=value ...]
#                              initdb + start a cluster on a private unix socket, as the
#                              postgres OS user when run as root; exports PGHOST/PGPORT/PGUSER
#                              for the most recently started cluster and sets
#                              SQ_HOST_<NAME>
#   sq_cleanup                 stop the clusters this shell started, and remove the
#                              work directory if this shell made it (install it as an
#                              EXIT trap: clusters are torn down even when a step fails)
#
# sq_prepare exports SQ_WORK and SQ_PG_BIN, so a child script (a test suite)
# can source this file and start clusters of its own without rebuilding.
#
# Nothing listens on TCP: each cluster's socket lives in its own temporary
# directory, so any number of runs can share a machine without port clashes.

PG_MAJOR=${PG_MAJOR:-15}
SQ_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SQ_PG_BIN_SYSTEM="/usr/lib/postgresql/${PG_MAJOR}/bin"
export PG_CONFIG="${SQ_PG_BIN_SYSTEM}/pg_config"
SQ_CLUSTERS=()

sq_log() { echo "[$(date +%H:%M:%S)] $*"; }

# Run a command as the server's OS user: postgres refuses to run as root.
sq_as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

sq_prepare() {
    bash "$SQ_REPO/test/scripts/install-deps.sh"
    SQ_WORK=$(mktemp -d /tmp/svcquality.XXXXXX)
    SQ_WORK_OWNER=$BASHPID
    chmod 755 "$SQ_WORK"
    local stage="$SQ_WORK/stage"
    local libdir sharedir
    libdir=$("$PG_CONFIG" --pkglibdir)
    sharedir=$("$PG_CONFIG" --sharedir)

    # The server finds its lib and share directories relative to its own
    # binary, so a copied tree plus `make install DESTDIR=` is a complete,
    # private installation with exactly this build of the extension.
    mkdir -p "$stage$(dirname "$libdir")" "$stage$(dirname "$sharedir")"
    cp -a "$(dirname "$libdir")/." "$stage$(dirname "$libdir")/"
    cp -a "$sharedir" "$stage$(dirname "$sharedir")/"
    rm -f "$stage$libdir"/svcquality.so "$stage$sharedir"/extension/svcquality*

    sq_log "building svcquality"
    make -C "$SQ_REPO" -s -j2 PG_CONFIG="$PG_CONFIG" >/dev/null
    make -C "$SQ_REPO" -s install PG_CONFIG="$PG_CONFIG" DESTDIR="$stage" >/dev/null
    chmod -R a+rX "$SQ_WORK"
    SQ_PG_BIN="$stage$(dirname "$libdir")/bin"
    export SQ_WORK SQ_PG_BIN
}

sq_cluster_start() {
    local name=$1
    shift
    local dir="$SQ_WORK/$name"
    mkdir -p "$dir/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    sq_as_server_user "$SQ_PG_BIN/initdb" -D "$dir/data" -A trust -U postgres \
        -E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log"; return 1; }
    {
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$dir/socket'"
        echo "port = 5432"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        for setting in "$@"; do echo "$setting"; done
    } | sq_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null
    SQ_CLUSTERS+=("$dir")
    sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { cat "$dir/server.log"; return 1; }
    export PGHOST="$dir/socket" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    printf -v "SQ_HOST_${name}" '%s' "$dir/socket"
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
