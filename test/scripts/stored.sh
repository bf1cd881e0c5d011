# Stored states for the suites that move them (upgrade, dump_restore,
# pg_upgrade): source this file after pg_cluster.sh.  Every function takes
# the database first.
#
#   sq_q DB SQL                  run SQL, print unaligned tuples
#   sq_sql DB FILE               run a file the same way
#   sq_load_fixtures DB FORMAT   tables fx_<type> (label, v) from test/fixtures/0.1.0,
#                                FORMAT text or binary
#   sq_stored_objects DB         every aggregate and operator in tables, materialized
#                                views and views (aggregate_calls.sql,
#                                stored_objects.sql), plus the fixtures
#   sq_refresh_all DB            REFRESH every materialized view of them, and
#                                sq_daily_mv CONCURRENTLY too
#   sq_coverage_checks DB LABEL  TAP lines (tap.sh): every aggregate, operator and
#                                storable type of the installed version is in them
#   sq_rows DB FILE              every row of them, text and binary (relation_rows.sql)
#   sq_stored_accessors DB FILE  what the functions read from them (stored_accessors.sql)
# The last three print "not ok" lines (tap.sh) when a query fails or a read
# prints nothing, and sq_stored_objects one when a step fails.

SQ_FIXTURES="$SQ_REPO/test/fixtures/0.1.0"

sq_q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
sq_sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -f "$2"; }
# the version of the extension installed in database $1
sq_extversion() { sq_q "$1" "SELECT extversion FROM pg_extension WHERE extname = 'svcquality'"; }

sq_load_fixtures() {
    local db=$1 format=$2 file type
    for file in "$SQ_FIXTURES"/*.txt; do
        type=$(basename "$file" .txt)
        sq_q "$db" "CREATE TABLE fx_$type (label text PRIMARY KEY, v $type)" || return 1
        if [ "$format" = binary ]; then
            sq_q "$db" "COPY fx_$type FROM STDIN (FORMAT binary)" <"$SQ_FIXTURES/$type.bin" || return 1
        else
            sq_q "$db" "COPY fx_$type FROM STDIN" <"$file" || return 1
        fi
    done
}

# A step that fails is a "not ok" line of its own (with psql's messages):
# otherwise the checks after it, which compare what two reads print, could
# pass on two reads that both failed and printed nothing.
sq_stored_objects() {
    local log
    if ! log=$({ sq_sql "$1" "$SQ_REPO/test/scripts/aggregate_calls.sql" >/dev/null &&
        sq_sql "$1" "$SQ_REPO/test/scripts/stored_objects.sql" >/dev/null &&
        sq_sql "$1" "$SQ_REPO/test/scripts/relation_rows.sql" >/dev/null &&
        sq_load_fixtures "$1" text; } 2>&1); then
        tap_result fail "the stored objects are created in database $1" "$log"
        return 1
    fi
}

# sq_read NAME DB FILE COMMAND...: COMMAND's output into FILE, and a "not
# ok" line when it fails or prints nothing
sq_read() {
    local name=$1 db=$2 file=$3 log
    shift 3
    if ! log=$("$@" 2>&1 >"$file") || [ ! -s "$file" ]; then
        tap_result fail "the $name of database $db are read" "${log:-nothing was printed}"
        return 1
    fi
}
sq_rows() { sq_read rows "$1" "$2" sq_q "$1" "SELECT * FROM sq_relation_rows()"; }
sq_stored_accessors() {
    sq_read "function results" "$1" "$2" sq_sql "$1" "$SQ_REPO/test/scripts/stored_accessors.sql"
}

sq_refresh_all() {
    sq_q "$1" "REFRESH MATERIALIZED VIEW CONCURRENTLY sq_daily_mv" &&
        for mv in $(sq_q "$1" "SELECT relname FROM pg_class WHERE relkind = 'm' AND relname LIKE 'sq\_%'"); do
            sq_q "$1" "REFRESH MATERIALIZED VIEW $mv" || return 1
        done
}

# tap_empty of a query's output, which must run: an error is not "empty"
sq_coverage_check() {
    local out
    out=$(sq_q "$2" "$3" 2>&1) || out="the query failed: $out"
    tap_empty "$1" "$out"
}

sq_coverage_checks() {
    sq_coverage_check "$2: every aggregate is called and stored" "$1" \
        "SELECT string_agg(aggregate, ', ') FROM sq_calls_missing"
    sq_coverage_check "$2: every operator is applied in a view" "$1" \
        "SELECT string_agg(operator, ', ') FROM sq_operators_missing"
    sq_coverage_check "$2: every storable type is stored in a table or materialized view" "$1" \
        "SELECT string_agg(type, ', ') FROM sq_types_missing"
}
