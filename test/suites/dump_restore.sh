#!/usr/bin/env bash
# States survive the ways users move databases: pg_dump -Fc + pg_restore, a
# plain-format dump replayed by psql, and binary COPY out and in.  The source
# holds every state type in tables, materialized views and views (every
# aggregate and operator, test/scripts/stored_objects.sql) and the 0.1.0
# fixtures (extreme variants of every type).  Restored values must print the
# same text, send the same bytes and give the same results from every
# function that reads them.  Last, funnel states made in WIN1252 and LATIN2
# databases, whose names sort otherwise there, restore into UTF8.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/stored.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

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

# --- from a database in another encoding ---------------------------------------------
# A funnel_state lists the stages seen in byte order of their names, and
# encodings order characters differently: '€' (0x80 in WIN1252) sorts before
# 'é' (0xE9) there and after it in UTF8 (E2 82 AC, C3 A9); so does 'ś'
# (0xB6 in LATIN2, C5 9B in UTF8).  A state made in such a database, dumped
# (custom and plain format) or copied in binary into a UTF8 database, must
# read as the state the same cases give there.  Three cases: é > x, x > é > x
# and é > a, x the character of the encoding.
export PGCLIENTENCODING=UTF8
for source in WIN1252:€ LATIN2:ś; do
    encoding=${source%%:*} x=${source#*:}
    src=from_${encoding,,} dst=into_utf8_${encoding,,}
    funnel="SELECT funnel_agg(t) AS s FROM (SELECT timeline_agg(n, timestamptz '2026-01-01' + i * interval '1 min') AS t
        FROM (VALUES (1, 'é', 0), (1, '$x', 1), (2, '$x', 0), (2, 'é', 1), (2, '$x', 2), (3, 'é', 0), (3, 'a', 1)) v(c, n, i)
        GROUP BY c) x"
    if { sq_q postgres "CREATE DATABASE $src ENCODING '$encoding' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" &&
        sq_q postgres "CREATE DATABASE $dst" &&
        sq_q "$src" "CREATE EXTENSION svcquality" && sq_q "$dst" "CREATE EXTENSION svcquality" &&
        sq_q "$src" "CREATE TABLE f AS $funnel" &&
        "$SQ_PG_BIN/pg_dump" -Fc -t f -d "$src" -f "$out/$src.dump" &&
        "$SQ_PG_BIN/pg_restore" --exit-on-error -d "$dst" "$out/$src.dump" &&
        sq_q "$dst" "ALTER TABLE f RENAME TO restored_custom" &&
        "$SQ_PG_BIN/pg_dump" -Fp -t f -d "$src" -f "$out/$src.sql" &&
        psql -X -q -v ON_ERROR_STOP=1 -d "$dst" -f "$out/$src.sql" >/dev/null &&
        sq_q "$dst" "ALTER TABLE f RENAME TO restored_plain" &&
        sq_q "$dst" "CREATE TABLE copied (s funnel_state)" &&
        sq_q "$src" "COPY f TO STDOUT (FORMAT binary)" >"$out/$src.bin" &&
        sq_q "$dst" "COPY copied FROM STDIN (FORMAT binary)" <"$out/$src.bin"; } 2>"$out/$src.log"; then
        tap_is "a funnel_state of a $encoding database is restored and copied into UTF8 as the state made there" \
            "restored_custom 1, restored_plain 1, copied 1" \
            "$(sq_q "$dst" "WITH made AS ($funnel)
                SELECT string_agg(format('%s %s', r, n), ', ' ORDER BY o) FROM (VALUES
                    (1, 'restored_custom', (SELECT count(*) FROM restored_custom, made WHERE restored_custom.s::text = made.s::text)),
                    (2, 'restored_plain', (SELECT count(*) FROM restored_plain, made WHERE restored_plain.s::text = made.s::text)),
                    (3, 'copied', (SELECT count(*) FROM copied, made WHERE copied.s::text = made.s::text))) v(o, r, n)")"
    else
        tap_result fail "a funnel_state of a $encoding database is restored and copied into UTF8 as the state made there" \
            "$(cat "$out/$src.log")"
    fi
done

tap_done
