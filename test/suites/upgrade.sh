#!/usr/bin/env bash
# Upgrades keep users' data (docs/upgrades.md):
#   1. a database that installed 0.1.0 and stores every state type in tables,
#      materialized views and views (every aggregate and operator) reads the
#      same after ALTER EXTENSION svcquality UPDATE, and its views and
#      REFRESH still work;
#   2. its catalog then equals a fresh install of the new version, and the
#      comparison catches a change left out of the upgrade script;
#   3. states written by the real 0.1.0 (test/fixtures/0.1.0, text and
#      binary COPY) read back identically in the new build;
#   4. with git history: the real sequence, 0.1.0's library and data, the
#      library swapped for the new one, then UPDATE; an index, a partial
#      index and a generated column that keep results 0.2.0 changes are
#      stale until rebuilt, and docs/upgrades.md's query lists them.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/stored.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

old=0.1.0
new=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SQ_REPO/svcquality.control")
fixtures=$SQ_FIXTURES
scripts="$SQ_REPO/test/scripts"
out="$SQ_WORK/upgrade"
mkdir -p "$out"
# text forms of timestamps and intervals do not depend on the session
export PGTZ=UTC PGDATESTYLE="ISO, YMD"

# serial plans: float sums in the views add up in one order every time
sq_cluster_start upgrade "max_parallel_workers_per_gather = 0"

q() { sq_q "$@"; }

# The storable types of the installed version (base types and enums): the
# ones fixtures and stored tables must cover.
storable_types() {
    q "$1" "SELECT t.typname FROM pg_type t
            JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
            JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
            WHERE t.typtype IN ('b', 'e') AND t.typcategory <> 'A' ORDER BY 1"
}

accessors() { sq_sql "$1" "$fixtures/accessors.sql" >"$2"; }
# What the functions must read: what the old release read, but for the
# changes the new one makes on purpose, each declared in a patch with its
# reason (and in CHANGELOG.md).  Any other difference fails.
expected="$out/accessors.expected"
if [ -f "$fixtures/accessors-$new.patch" ]; then
    bash "$SQ_REPO/test/scripts/install-deps.sh" patch >/dev/null
    patch -s -o "$expected" "$fixtures/accessors.out" <"$fixtures/accessors-$new.patch" ||
        { tap_result fail "accessors-$new.patch applies to $old's accessors.out"; tap_done; exit 1; }
else
    cp "$fixtures/accessors.out" "$expected"
fi

# --- 1. stored objects across ALTER EXTENSION UPDATE --------------------------
db=upgraded
q postgres "CREATE DATABASE $db" >/dev/null
q $db "CREATE EXTENSION svcquality VERSION '$old'"
tap_is "installs $old with the new library" "$old" "$(sq_extversion $db)"
sq_stored_objects $db
sq_coverage_checks $db "$old"
old_types=$(storable_types $db | tr '\n' ' ')
sq_rows $db "$out/rows.before"
accessors $db "$out/accessors.before"
tap_same_values "the new library reads $old's fixtures as $old did, under $old's SQL objects" \
    "$expected" "$out/accessors.before"

q $db "ALTER EXTENSION svcquality UPDATE"
tap_is "ALTER EXTENSION svcquality UPDATE goes from $old to $new" "$new" "$(sq_extversion $db)"
sq_rows $db "$out/rows.after"
tap_same_file "tables, materialized views, views and merges read the same after the update" \
    "$out/rows.before" "$out/rows.after"
if sq_refresh_all $db; then
    sq_rows $db "$out/rows.refreshed"
    tap_same_file "REFRESH MATERIALIZED VIEW (and CONCURRENTLY) after the update gives the same rows" \
        "$out/rows.before" "$out/rows.refreshed"
else
    tap_result fail "REFRESH MATERIALIZED VIEW (and CONCURRENTLY) after the update gives the same rows"
fi
accessors $db "$out/accessors.after"
tap_same_values "the functions read the fixtures as $old did after the update" \
    "$expected" "$out/accessors.after"

# --- 2. the upgraded catalog is a fresh install's -----------------------------
q postgres "CREATE DATABASE fresh" >/dev/null
q fresh "CREATE EXTENSION svcquality"
tap_is "a fresh install is $new" "$new" "$(sq_extversion fresh)"
sq_sql $db "$scripts/catalog_snapshot.sql" >"$out/catalog.upgraded"
sq_sql fresh "$scripts/catalog_snapshot.sql" >"$out/catalog.fresh"
tap_same_file "catalog after $old + upgrade equals a fresh $new install ($(wc -l <"$out/catalog.fresh") objects and properties)" \
    "$out/catalog.fresh" "$out/catalog.upgraded"

# Each change below stands for one made in a concept file (so in a fresh
# install) and forgotten in the upgrade script: the comparison must see it.
forgotten_change() {
    local name=$1 change=$2 n
    if ! { echo "BEGIN;"; echo "$change;"; cat "$scripts/catalog_snapshot.sql"; echo "ROLLBACK;"; } |
        psql -X -q -At -v ON_ERROR_STOP=1 -d fresh >"$out/catalog.changed" 2>&1; then
        tap_result fail "the catalog comparison catches a forgotten $name" "$(cat "$out/catalog.changed")"
        return
    fi
    n=$(diff "$out/catalog.changed" "$out/catalog.fresh" | grep -c '^[<>]')
    if [ "$n" -gt 0 ]; then
        tap_result ok "the catalog comparison catches a forgotten $name ($n lines differ)"
    else
        tap_result fail "the catalog comparison catches a forgotten $name"
    fi
}
forgotten_change "new function" "CREATE FUNCTION sq_forgotten() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 1';
    ALTER EXTENSION svcquality ADD FUNCTION sq_forgotten()"
forgotten_change "dropped function" "ALTER EXTENSION svcquality DROP FUNCTION nps_passives(rating_state);
    DROP FUNCTION nps_passives(rating_state)"
forgotten_change "volatility change" "ALTER FUNCTION nps(rating_state) STABLE"
forgotten_change "strictness change" "ALTER FUNCTION nps(rating_state) CALLED ON NULL INPUT"
forgotten_change "parallel label change" "ALTER FUNCTION nps(rating_state) PARALLEL RESTRICTED"
forgotten_change "cost change" "ALTER FUNCTION timeline_set_combine(timeline_set, timeline_set) COST 5000000"
forgotten_change "rows estimate change" "ALTER FUNCTION duration_histogram(duration_state) ROWS 50"
forgotten_change "security change" "ALTER FUNCTION nps(rating_state) SECURITY DEFINER"
forgotten_change "leakproof change" "ALTER FUNCTION nps(rating_state) LEAKPROOF"
forgotten_change "C symbol change" "CREATE OR REPLACE FUNCTION nps(state rating_state) RETURNS double precision
    AS '\$libdir/svcquality', 'nps_stderr' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE"
forgotten_change "default argument change" "CREATE OR REPLACE FUNCTION proportion_ci(state proportion_state,
    level double precision DEFAULT 0.9, OUT lower double precision, OUT upper double precision)
    AS '\$libdir/svcquality' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE"
forgotten_change "aggregate initial state" "CREATE OR REPLACE AGGREGATE proportion_agg(state proportion_state) (
    SFUNC = proportion_state_combine, STYPE = proportion_state, INITCOND = 'v1 0/0',
    COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE)"
forgotten_change "moving-aggregate support" "CREATE OR REPLACE AGGREGATE proportion_agg(outcome boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE)"
# an aggregate whose arguments a release named and the upgrade left unnamed (a
# name can only be added, so the unnamed one is made anew)
forgotten_change "argument name" "ALTER EXTENSION svcquality DROP AGGREGATE proportion_agg(proportion_state);
    DROP AGGREGATE proportion_agg(proportion_state);
    CREATE AGGREGATE proportion_agg(proportion_state) (
        SFUNC = proportion_state_combine, STYPE = proportion_state,
        COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE);
    ALTER EXTENSION svcquality ADD AGGREGATE proportion_agg(proportion_state);
    COMMENT ON AGGREGATE proportion_agg(proportion_state) IS 'Merge proportion states (e.g. daily rollups) into one'"
forgotten_change "function comment" "COMMENT ON FUNCTION nps(rating_state) IS 'NPS'"
forgotten_change "type comment" "COMMENT ON TYPE rating_state IS 'ratings'"
forgotten_change "new operator" "CREATE OPERATOR * (LEFTARG = rating_state, RIGHTARG = rating_state,
    FUNCTION = rating_state_plus); ALTER EXTENSION svcquality ADD OPERATOR * (rating_state, rating_state)"
forgotten_change "operator owner" "CREATE ROLE sq_forgotten; ALTER OPERATOR + (rating_state, rating_state) OWNER TO sq_forgotten"
forgotten_change "type storage change" "ALTER TYPE timeline_set SET (STORAGE = main)"
forgotten_change "cast context change" "ALTER EXTENSION svcquality DROP CAST (rating_state AS jsonb);
    DROP CAST (rating_state AS jsonb);
    CREATE CAST (rating_state AS jsonb) WITH FUNCTION nps_json(rating_state) AS ASSIGNMENT;
    COMMENT ON CAST (rating_state AS jsonb) IS 'Same as nps_json(rating_state)';
    ALTER EXTENSION svcquality ADD CAST (rating_state AS jsonb)"
forgotten_change "enum label" "ALTER TYPE refund_path ADD VALUE 'cancelled'"

# --- 3. states written by the real 0.1.0 ---------------------------------------
tap_is "fixtures exist for every type $old stores" "$old_types" \
    "$(cd "$fixtures" && ls ./*.txt | sed 's|^\./||; s/\.txt$//' | sort | tr '\n' ' ')"
sq_load_fixtures fresh text
q postgres "CREATE DATABASE fresh_binary" >/dev/null
q fresh_binary "CREATE EXTENSION svcquality"
sq_load_fixtures fresh_binary binary
copy_out() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "COPY (SELECT * FROM fx_$type ORDER BY label) TO STDOUT $2" >"$3"; }
# Binary forms whose version moved after $old (docs/formats.md, version
# policy): dimension_state and paired_state send their names as text in the
# client encoding since binary version 2, which in these UTF8 databases are
# $old's bytes but for the version byte.  Their expected bytes are $old's
# with that byte rewritten (the column v, after label).
declare -A binary_moved=([dimension_state]=2 [paired_state]=2)
for file in "$fixtures"/*.txt; do
    type=$(basename "$file" .txt)
    sent=$fixtures/$type.bin
    bytes="$old's bytes"
    if [ -n "${binary_moved[$type]:-}" ]; then
        sent=$out/$type.expected.bin
        bytes="$old's bytes in binary version ${binary_moved[$type]}"
        /usr/bin/python3 "$scripts/copy_binary_version.py" "$fixtures/$type.bin" "$sent" 1 "${binary_moved[$type]}"
    fi
    copy_out fresh "" "$out/$type.text.txt"
    copy_out fresh "(FORMAT binary)" "$out/$type.text.bin"
    copy_out fresh_binary "(FORMAT binary)" "$out/$type.binary.bin"
    copy_out fresh_binary "" "$out/$type.binary.txt"
    tap_same_file "$type: $old's text form reads back and prints identically" "$file" "$out/$type.text.txt"
    tap_same_file "$type: $old's binary form reads back and sends $bytes" "$sent" "$out/$type.binary.bin"
    tap_same_file "$type: read from $old's text, it sends $bytes" "$sent" "$out/$type.text.bin"
    tap_same_file "$type: read from $old's binary, it prints $old's text" "$file" "$out/$type.binary.txt"
done
accessors fresh "$out/accessors.fresh"
tap_same_values "$new reads what $old read from every fixture loaded as text" "$expected" "$out/accessors.fresh"
accessors fresh_binary "$out/accessors.fresh_binary"
tap_same_values "$new reads what $old read from every fixture loaded as binary" "$expected" "$out/accessors.fresh_binary"

# --- 4. the real sequence: 0.1.0's library, then the new one ------------------
commit=${SQ_RELEASE_COMMIT[$old]}
if git -C "$SQ_REPO" cat-file -e "$commit^{commit}" 2>/dev/null; then
    stage="$SQ_WORK/stage-$old"
    if sq_stage_commit "$commit" "$stage" >"$out/build-$old.log" 2>&1; then
        tap_same_file "sql/svcquality--$old.sql is the install script $old shipped" \
            "$stage$("$PG_CONFIG" --sharedir)/extension/svcquality--$old.sql" "$SQ_REPO/sql/svcquality--$old.sql"
        old_bin=$(sq_stage_bin "$stage")
        SQ_CLUSTER_BIN=$old_bin sq_cluster_start upgrade_real "max_parallel_workers_per_gather = 0"
        real="$SQ_WORK/upgrade_real/data"
        q postgres "CREATE EXTENSION svcquality"
        tap_is "the $old build installs $old" "$old" "$(sq_extversion postgres)"
        sq_stored_objects postgres
        sq_coverage_checks postgres "$old library"
        sq_rows postgres "$out/rows.real.old"
        # Results 0.2.0 changes, kept by 0.1.0: nps_stderr of this state in
        # its last bits, refund_completed of a success before the request.
        q postgres "CREATE DATABASE kept" && q kept "CREATE EXTENSION svcquality" &&
            q kept "CREATE TABLE kept (id int, r rating_state, tl timeline_state,
                                       se float8 GENERATED ALWAYS AS (nps_stderr(r)) STORED);
                    INSERT INTO kept (id, r, tl) VALUES (1, 'v1 6:1 9:11',
                        'v1 2026-03-01 09:00:00+00 \"succeeded\", 2026-03-01 10:00:00+00 \"requested\"');
                    CREATE INDEX kept_se ON kept (nps_stderr(r));
                    CREATE INDEX kept_done ON kept (id) WHERE refund_completed(tl)"
        tap_same_file "the $old library computes what the new one does under $old's SQL objects" \
            "$out/rows.before" "$out/rows.real.old"
        sq_as_server_user "$old_bin/pg_ctl" -D "$real" -w stop >/dev/null
        sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$real" -l "$SQ_WORK/upgrade_real/server.log" -w start >/dev/null
        sq_rows postgres "$out/rows.real.swapped"
        tap_same_file "library swapped, $old's SQL objects: every value reads the same" \
            "$out/rows.real.old" "$out/rows.real.swapped"
        q postgres "ALTER EXTENSION svcquality UPDATE"
        tap_is "then ALTER EXTENSION svcquality UPDATE goes to $new" "$new" "$(sq_extversion postgres)"
        sq_refresh_all postgres && sq_rows postgres "$out/rows.real.updated"
        tap_same_file "after the update and REFRESH every value reads the same" \
            "$out/rows.real.old" "$out/rows.real.updated"
        accessors postgres "$out/accessors.real"
        tap_same_values "after the update the functions read $old's fixtures as $old did" \
            "$expected" "$out/accessors.real"
        sq_sql postgres "$scripts/catalog_snapshot.sql" >"$out/catalog.real"
        tap_same_file "after the real sequence the catalog equals a fresh $new install" \
            "$out/catalog.fresh" "$out/catalog.real"
        kept_results() {
            q kept "SET enable_seqscan = off;
                    SELECT count(*) FROM kept WHERE nps_stderr(r) = nps_stderr('v1 6:1 9:11');
                    SELECT count(*) FROM kept WHERE refund_completed(tl) AND id > 0;
                    SELECT se = nps_stderr(r) FROM kept" | paste -sd ' '
        }
        q kept "ALTER EXTENSION svcquality UPDATE"
        tap_is "after the update an index, a partial index and a generated column keep $old's results" \
            "0 1 f" "$(kept_results)"
        rebuild_query=$(awk '/^```sql rebuild-query/ { on = 1; next } on && /^```/ { exit } on' \
            "$SQ_REPO/docs/upgrades.md")
        tap_is "docs/upgrades.md's query lists them" \
            "$(printf 'generated column|kept|se\nindex|kept_done|\nindex|kept_se|')" "$(q kept "$rebuild_query")"
        q kept "REINDEX INDEX kept_se; REINDEX INDEX kept_done; UPDATE kept SET r = r"
        tap_is "rebuilt as the page says, they agree with $new's functions" "1 0 t" "$(kept_results)"
    else
        tap_result fail "build $old from $commit" "$(tail -n 20 "$out/build-$old.log")"
    fi
else
    tap_skip "the real sequence with $old's library" "commit $commit of $old is not in this clone's history"
fi

tap_done
