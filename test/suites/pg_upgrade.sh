#!/usr/bin/env bash
# States survive pg_upgrade, the way users move a cluster to a new
# PostgreSQL major (docs/upgrades.md, "Upgrading PostgreSQL with
# pg_upgrade"), from 15 to a fresh 15 cluster (pg_dump --binary-upgrade of
# the extension, cheap) and from 13 to 15 (13 from Debian 11's packages,
# test/scripts/pg13_root.sh, with the extension built for it).
#
# The old cluster has a database with the default version and one with
# 0.1.0, each holding every state type in tables, materialized views and
# views (every aggregate and operator, test/scripts/stored_objects.sql), the
# 0.1.0 fixtures, a generated column, an expression and a partial index over
# the extension's functions and arrays of states (upgraded_objects.sql).
# After pg_upgrade --check and pg_upgrade (copy mode, as the postgres OS
# user, sockets in the suite's directory) the new cluster must print the
# same text, send the same bytes and give the same function results; find
# the same rows through the indexes, which amcheck finds consistent with
# the new library; REFRESH every materialized view to the same rows; update
# 0.1.0 to the default version, whose catalog then equals a fresh install's,
# as the upgraded default version's must; and merge the old cluster's states
# with states built by the new one as it merged the old ones.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/stored.sh"
source "$SQ_REPO/test/scripts/pg13_root.sh"

work=$(mktemp -d)
chmod 755 "$work"
trap 'sq_cleanup; rm -rf "$work"' EXIT
# the clusters of this suite, in its own directory (SQ_PG_BIN stays the
# private 15 with the extension that sq_prepare made)
# shellcheck disable=SC2034 # read by sq_cluster_start
SQ_WORK=$work
# the server's OS user may not be allowed into the checkout, and pg_upgrade
# writes its scripts where it is called
cd "$work" || exit 1
export PGTZ=UTC PGDATESTYLE="ISO, YMD"
scripts=$SQ_REPO/test/scripts
default=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SQ_REPO/svcquality.control")

# fill DB VERSION LABEL: the extension at VERSION and everything stored
fill() {
    if ! out=$(sq_q postgres "CREATE DATABASE $1" 2>&1 &&
        sq_q "$1" "CREATE EXTENSION svcquality VERSION '$2'" 2>&1); then
        tap_result fail "$3: CREATE EXTENSION svcquality VERSION '$2'" "$out"
        return 1
    fi
    sq_stored_objects "$1" || return 1
    out=$(sq_sql "$1" "$scripts/upgraded_objects.sql" 2>&1) ||
        { tap_result fail "$3: the generated column, indexes and arrays are created in $1" "$out"; return 1; }
    sq_coverage_checks "$1" "$3: $1 ($2)"
}

# record DB FILE: what the database reads and the rows found through the
# indexes, in FILE.*
record() {
    sq_rows "$1" "$2.rows" &&
        sq_stored_accessors "$1" "$2.accessors" &&
        sq_read "rows found through the indexes" "$1" "$2.indexed" sq_q "$1" "SELECT * FROM sq_pgu_indexed()"
}
# mixed DB SCHEMA FILE: the merges of the stored daily states with those of
# SCHEMA (upgraded_objects.sql), in FILE
mixed() { sq_read "merges" "$1" "$3" sq_q "$1" "SELECT * FROM sq_pgu_mixed('$2')"; }

# run_pg_upgrade OPTION...: 15's pg_upgrade from the old cluster (binaries
# old_bin, data of old_$tag) to new_$tag (binaries new_bin, the private 15
# by default), called in $dir; its messages and logs' ends in
# $dir/failure.log when it fails
run_pg_upgrade() {
    local log=$dir/pg_upgrade$*.log
    rm -f "$dir/failure.log"
    (cd "$dir" && sq_as_server_user "$SQ_PG_BIN/pg_upgrade" -b "$old_bin" -B "${new_bin:-$SQ_PG_BIN}" \
        -d "$work/old_$tag/data" -D "$work/new_$tag/data" -s "$dir" -p 50432 -P 50433 -U postgres "$@") \
        >"$log" 2>&1
    status=$?
    [ $status -eq 0 ] || cat "$log" "$work/new_$tag"/data/pg_upgrade_output.d/*/log/*.log 2>/dev/null |
        tail -n 30 >"$dir/failure.log"
    return $status
}

# upgrade_from LABEL OLD_BIN: a cluster of OLD_BIN filled, upgraded to a
# new cluster of the private 15, and checked there
upgrade_from() {
    local label=$1 old_bin=$2 tag dir db out status
    tag=$(echo "$label" | tr -dc '0-9_')
    dir=$work/run_$tag
    mkdir -p "$dir"
    chown postgres: "$dir" 2>/dev/null
    if ! SQ_CLUSTER_BIN=$old_bin sq_cluster_start "old_$tag" "max_parallel_workers_per_gather = 0" \
        >"$dir/start.log" 2>&1; then
        tap_result fail "$label: the old cluster starts" "$(cat "$dir/start.log")"
        return 1
    fi
    fill current "$default" "$label" || return 1
    fill v010 0.1.0 "$label" || return 1
    for db in current v010; do
        record $db "$dir/$db.before" && mixed $db public "$dir/$db.before.mixed" || return 1
    done
    echo "# $label: $(cat "$dir"/*.before.rows | wc -l) rows, $(cat "$dir"/*.before.accessors | wc -l) values read by functions"
    sq_as_server_user "$old_bin/pg_ctl" -D "$work/old_$tag/data" -w stop >/dev/null ||
        { tap_result fail "$label: the old cluster stops"; return 1; }
    # the new cluster, initdb'd like the old one and stopped, as pg_upgrade wants it
    if ! { sq_cluster_start "new_$tag" "max_parallel_workers_per_gather = 0" >/dev/null &&
        sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$work/new_$tag/data" -w stop >/dev/null; }; then
        tap_result fail "$label: the new cluster is made"
        return 1
    fi

    # a new server without the extension's library: --check must say so
    new_bin=$nolib_bin run_pg_upgrade --check
    if [ "$status" -ne 0 ] && grep -q 'loadable libraries' "$dir/pg_upgrade--check.log" &&
        grep -q 'svcquality' "$work/new_$tag"/data/pg_upgrade_output.d/*/loadable_libraries.txt; then
        tap_result ok "$label: pg_upgrade --check fails, naming svcquality, when the new server lacks its library"
    else
        tap_result fail "$label: pg_upgrade --check fails, naming svcquality, when the new server lacks its library" \
            "$(cat "$dir/pg_upgrade--check.log")"
    fi
    rm -rf "$work/new_$tag/data/pg_upgrade_output.d"
    run_pg_upgrade --check
    tap_status "$label: pg_upgrade --check passes" $? "$(cat "$dir/failure.log" 2>/dev/null)"
    run_pg_upgrade
    tap_status "$label: pg_upgrade (copy mode) upgrades the cluster" $? "$(cat "$dir/failure.log" 2>/dev/null)"
    [ "$status" -eq 0 ] || return 1
    sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$work/new_$tag/data" -l "$work/new_$tag/server.log" -w start >/dev/null ||
        { tap_result fail "$label: the upgraded cluster starts" "$(tail -n 20 "$work/new_$tag/server.log")"; return 1; }
    tap_is "$label: the databases keep their versions" "current $default, v010 0.1.0" \
        "current $(sq_extversion current), v010 $(sq_extversion v010)"

    for db in current v010; do
        record $db "$dir/$db.after"
        tap_same_file "$label: $db: every row prints the same text and sends the same bytes" \
            "$dir/$db.before.rows" "$dir/$db.after.rows"
        tap_same_file "$label: $db: every function reads the same from every state" \
            "$dir/$db.before.accessors" "$dir/$db.after.accessors"
        tap_same_file "$label: $db: the expression and partial indexes find the same rows" \
            "$dir/$db.before.indexed" "$dir/$db.after.indexed"
        out=$(sq_q $db "CREATE EXTENSION amcheck;
            SELECT count(bt_index_parent_check(c.oid, true)) FROM pg_class c
            WHERE c.relname IN ('sq_pgu_daily_p90', 'sq_pgu_daily_done')" 2>&1)
        tap_is "$label: $db: amcheck finds the 2 indexes hold every row's value of the new library" 2 "$out"
        if out=$(sq_refresh_all $db 2>&1); then
            sq_rows $db "$dir/$db.refreshed.rows"
            tap_same_file "$label: $db: REFRESH MATERIALIZED VIEW (and CONCURRENTLY) gives the same rows" \
                "$dir/$db.before.rows" "$dir/$db.refreshed.rows"
        else
            tap_result fail "$label: $db: REFRESH MATERIALIZED VIEW (and CONCURRENTLY) gives the same rows" "$out"
        fi
    done

    # the script pg_upgrade writes for the extensions the new server has
    # newer versions of: "\connect DB" and ALTER EXTENSION ... UPDATE lines
    tap_is "$label: pg_upgrade's update_extensions.sql updates svcquality in v010 alone" "v010 svcquality" \
        "$(sed -n 's/^\\connect //p; s/^ALTER EXTENSION "\(.*\)" UPDATE;$/\1/p' "$dir/update_extensions.sql" | paste -sd ' ')"
    out=$(psql -X -q -v ON_ERROR_STOP=1 -d postgres -f "$dir/update_extensions.sql" 2>&1)
    tap_is "$label: ALTER EXTENSION svcquality UPDATE (update_extensions.sql) takes v010 from 0.1.0 to $default" \
        "$default" "$(sq_extversion v010)${out:+ $out}"
    sq_rows v010 "$dir/v010.updated.rows"
    tap_same_file "$label: v010: after the update every row reads the same" \
        "$dir/v010.before.rows" "$dir/v010.updated.rows"
    sq_q postgres "CREATE DATABASE fresh" >/dev/null && sq_q fresh "CREATE EXTENSION svcquality"
    sq_sql fresh "$scripts/catalog_snapshot.sql" >"$dir/catalog.fresh"
    for db in current v010; do
        sq_sql $db "$scripts/catalog_snapshot.sql" >"$dir/catalog.$db"
        tap_same_file "$label: $db: the catalog equals a fresh $default install ($(wc -l <"$dir/catalog.fresh") lines)" \
            "$dir/catalog.fresh" "$dir/catalog.$db"
    done

    # daily states built again by the new cluster, in a schema of their own
    for db in current v010; do
        if out=$(sq_q $db "CREATE SCHEMA sq_pgu_new" 2>&1 &&
            PGOPTIONS="-c search_path=sq_pgu_new,public" sq_sql $db "$scripts/aggregate_calls.sql" 2>&1 >/dev/null); then
            mixed $db sq_pgu_new "$dir/$db.mixed"
            tap_same_file "$label: $db: merge aggregates and operators over old states and new ones give what the old ones gave ($(wc -l <"$dir/$db.before.mixed") results)" \
                "$dir/$db.before.mixed" "$dir/$db.mixed"
        else
            tap_result fail "$label: $db: the daily states are built again" "$out"
        fi
    done
    sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$work/new_$tag/data" -w stop >/dev/null
}

# the server without svcquality
sq_stage_copy "$work/nolib"
chmod -R a+rX "$work/nolib"
nolib_bin=$(sq_stage_bin "$work/nolib")

upgrade_from "15 -> 15" "$SQ_PG_BIN"

# 13's programs get bullseye's libraries through wrappers (sq_pg13_wrappers):
# an LD_LIBRARY_PATH of the suite or of pg_upgrade would hand its libpq5,
# which has the soname of Debian 12's, to pg_upgrade and 15's pg_dump too.
if sq_pg13_install "$work/pg13"; then
    sq_pg13_wrappers "$work/pg13/bin"
    upgrade_from "13 -> 15" "$work/pg13/bin"
    tap_done
else
    tap_done
    exit 1
fi
