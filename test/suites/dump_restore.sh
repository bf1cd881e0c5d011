#!/usr/bin/env bash
# States survive the ways users move databases: pg_dump -Fc + pg_restore, a
# plain-format dump replayed by psql, and binary COPY out and in.  The source
# holds every state type in tables, materialized views and views (every
# aggregate and operator, test/scripts/stored_objects.sql) and the 0.1.0
# fixtures (extreme variants of every type).  Restored values must print the
# same text, send the same bytes and give the same results from every
# function that reads them.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/stored.sh"
trap sq_cleanup EXIT

out="$SQ_WORK/dump_restore"
mkdir -p "$out"
chmod 777 "$out"
export PGTZ=UTC PGDATESTYLE="ISO, YMD"
sq_cluster_start dump "max_parallel_workers_per_gather = 0"

sq_q postgres "CREATE DATABASE source" >/dev/null
sq_q source "CREATE EXTENSION svcquality"
sq_stored_objects source
sq_coverage_checks source "$(sq_q source "SELECT 'svcquality ' || extversion FROM pg_extension WHERE extname = 'svcquality'")"
sq_rows source "$out/rows.source"
sq_stored_accessors source "$out/accessors.source"
echo "# $(wc -l <"$out/rows.source") rows, $(wc -l <"$out/accessors.source") values read by functions"

# compare NAME DB [RELATIONS]: rows and function results of DB equal the
# source's (only RELATIONS, a grep pattern on the relation names, when given)
compare() {
    local name=$1 db=$2 only=${3:-.}
    sq_rows "$db" "$out/rows.$db"
    sq_stored_accessors "$db" "$out/accessors.$db"
    tap_same_file "$name: every row prints the same text and sends the same bytes" \
        <(grep -E "^($only)[:.]" "$out/rows.source") <(grep -E "^($only)[:.]" "$out/rows.$db")
    tap_same_file "$name: every function reads the same from every state" \
        <(grep -E "^($only)[:.]" "$out/accessors.source") <(grep -E "^($only)[:.]" "$out/accessors.$db")
}

# --- pg_dump -Fc, pg_restore ----------------------------------------------------
if "$SQ_PG_BIN/pg_dump" -Fc -d source -f "$out/source.dump" 2>"$out/dump.log" &&
    sq_q postgres "CREATE DATABASE restored_custom" &&
    "$SQ_PG_BIN/pg_restore" --exit-on-error -d restored_custom "$out/source.dump" 2>"$out/restore.log"; then
    tap_result ok "pg_dump -Fc and pg_restore run without errors"
else
    tap_result fail "pg_dump -Fc and pg_restore run without errors" "$(cat "$out/dump.log" "$out/restore.log")"
fi
compare "pg_restore" restored_custom

# --- plain dump replayed by psql --------------------------------------------------
if "$SQ_PG_BIN/pg_dump" -Fp -d source -f "$out/source.sql" 2>"$out/dump_plain.log" &&
    sq_q postgres "CREATE DATABASE restored_plain" &&
    psql -X -q -v ON_ERROR_STOP=1 -d restored_plain -f "$out/source.sql" >"$out/restore_plain.log" 2>&1; then
    tap_result ok "a plain-format dump replays without errors"
else
    tap_result fail "a plain-format dump replays without errors" "$(cat "$out/dump_plain.log" "$out/restore_plain.log")"
fi
compare "plain dump" restored_plain

# --- binary COPY out and in ----------------------------------------------------------
# Every table and materialized view of the source goes into a table of the
# same name and columns in another database, as COPY ... (FORMAT binary).
sq_q postgres "CREATE DATABASE copied" >/dev/null
sq_q copied "CREATE EXTENSION svcquality"
sq_sql copied "$SQ_REPO/test/scripts/relation_rows.sql" >/dev/null
relations=$(sq_q source "SELECT relname FROM pg_class
    WHERE relkind IN ('r', 'm') AND relnamespace = 'public'::regnamespace
      AND (relname LIKE 'sq\_%' OR relname LIKE 'fx\_%') ORDER BY 1")
: >"$out/copy.log"
for rel in $relations; do
    columns=$(sq_q source "SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
        FROM pg_attribute WHERE attrelid = '$rel'::regclass AND attnum > 0 AND NOT attisdropped")
    { sq_q copied "CREATE TABLE $rel ($columns)" &&
        sq_q source "COPY (SELECT * FROM $rel) TO STDOUT (FORMAT binary)" >"$out/$rel.bin" &&
        sq_q copied "COPY $rel FROM STDIN (FORMAT binary)" <"$out/$rel.bin"; } 2>>"$out/copy.log"
done
tap_empty "binary COPY of $(wc -w <<<"$relations") tables and materialized views out and in" "$(cat "$out/copy.log")"
compare "binary COPY" copied "$(tr ' \n' '||' <<<"$relations" | sed 's/|*$//')"

tap_done
