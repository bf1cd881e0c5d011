# Stored states for the suites that move them (upgrade, dump_restore): source
# this file after pg_cluster.sh.  Every function takes the database first.
#
#   sq_q DB SQL                  run SQL, print unaligned tuples
#   sq_sql DB FILE               run a file the same way
#   sq_load_fixtures DB FORMAT   tables fx_<type> (label, v) from test/fixtures/0.1.0,
#                                FORMAT text or binary
#   sq_stored_objects DB         every aggregate and operator in tables, materialized
#                                views and views (aggregate_calls.sql,
#                                stored_objects.sql), plus the fixtures
#   sq_coverage_checks DB LABEL  TAP lines (tap.sh): every aggregate, operator and
#                                storable type of the installed version is in them
#   sq_rows DB FILE              every row of them, text and binary (relation_rows.sql)
#   sq_stored_accessors DB FILE  what the functions read from them (stored_accessors.sql)

SQ_FIXTURES="$SQ_REPO/test/fixtures/0.1.0"

sq_q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
sq_sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -f "$2"; }

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

sq_stored_objects() {
    sq_sql "$1" "$SQ_REPO/test/scripts/aggregate_calls.sql" >/dev/null &&
        sq_sql "$1" "$SQ_REPO/test/scripts/stored_objects.sql" >/dev/null &&
        sq_sql "$1" "$SQ_REPO/test/scripts/relation_rows.sql" >/dev/null &&
        sq_load_fixtures "$1" text
}

sq_rows() { sq_q "$1" "SELECT * FROM sq_relation_rows()" >"$2"; }
sq_stored_accessors() { sq_sql "$1" "$SQ_REPO/test/scripts/stored_accessors.sql" >"$2"; }

sq_coverage_checks() {
    local db=$1
    tap_empty "$2: every aggregate is called and stored" \
        "$(sq_q "$db" "SELECT string_agg(aggregate, ', ') FROM sq_calls_missing")"
    tap_empty "$2: every operator is applied in a view" \
        "$(sq_q "$db" "SELECT string_agg(operator, ', ') FROM sq_operators_missing")"
    tap_empty "$2: every storable type is stored in a table or materialized view" \
        "$(sq_q "$db" "SELECT string_agg(type, ', ') FROM sq_types_missing")"
}
