#!/usr/bin/env bash
# Partial aggregation across servers, the way a distributed engine does it:
# two workers each aggregate their shard into states, the coordinator merges
# them.  States travel as text (postgres_fdw, as Citus ships partial states)
# and as binary (COPY ... FORMAT binary); merged results must equal the
# aggregate over all rows on one node.  Citus itself is not packaged for this
# machine; postgres_fdw with `extensions 'svcquality'` stands in for its
# worker-to-coordinator transport and pushes our aggregates to the workers.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

sq_cluster_start mn_worker1
sq_cluster_start mn_worker2
sq_cluster_start mn_coordinator
coord=$SQ_HOST_mn_coordinator
workers=("$SQ_HOST_mn_worker1" "$SQ_HOST_mn_worker2")

q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$1" -c "$2"; }

# Every row lives on exactly one worker; the coordinator keeps a full copy
# only to compute the reference answer.
data_sql="
CREATE EXTENSION svcquality;
CREATE TABLE survey AS
SELECT i AS id, 'channel ' || (i % 5) AS channel,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       0.25 * (1 + (hashint4(i + 3) & 7)) AS weight,
       (1 + (hashint4(i + 5) & 7)) / 3.0::float8 AS weight3,
       CASE WHEN i % 23 = 0 THEN NULL
            ELSE make_interval(secs => (hashint4(i + 7) & 1048575) * (1 + (hashint4(i + 9) & 63)) / 10.0) END AS handled,
       ARRAY[1 + (hashint4(i + 11) & 3), CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + (hashint4(i + 13) & 3) END,
             1 + (hashint4(i + 15) & 3)]::float8[] AS dims,
       ARRAY[2 + (hashint4(i + 17) & 3), 3, 1 + (hashint4(i + 19) & 3)]::float8[] AS expected,
       (ARRAY['speed', 'attitude', 'resolution'])[1 + i % 3] AS dim_name,
       1 + (hashint4(i + 21) & 3)::float8 AS dim_score,
       -- a case of two events (funnel_agg's input)
       ('v1 2026-01-01 0' || (i % 10)::text || ':00:00+00 ' || chr(34) || (ARRAY['speed', 'attitude', 'resolution'])[1 + i % 3]
        || chr(34) || ', 2026-01-01 1' || (i % 7)::text || ':00:00+00 ' || chr(34) || (ARRAY['open', 'solved'])[1 + i % 2]
        || chr(34))::timeline_state AS tl
FROM generate_series(1, 200000) AS i;"
q "$coord" "$data_sql" >/dev/null
for n in 0 1; do
    q "${workers[$n]}" "$data_sql DELETE FROM survey WHERE id % 2 <> $n;" >/dev/null
done

q "$coord" "CREATE EXTENSION postgres_fdw;" >/dev/null
for n in 1 2; do
    q "$coord" "
        CREATE SERVER worker$n FOREIGN DATA WRAPPER postgres_fdw
            OPTIONS (host '${workers[$((n - 1))]}', port '5432', dbname 'postgres',
                     extensions 'svcquality');
        CREATE USER MAPPING FOR CURRENT_USER SERVER worker$n OPTIONS (user 'postgres');
        CREATE FOREIGN TABLE survey_w$n (id int, channel text, score int, weight float8, weight3 float8,
                                         handled interval, dims float8[], expected float8[],
                                         dim_name text, dim_score float8, tl timeline_state)
            SERVER worker$n OPTIONS (table_name 'survey');" >/dev/null
done

number=0
report() {
    number=$((number + 1))
    if [ "$1" = ok ]; then echo "ok $number - $2"; else echo "not ok $number - $2"; echo "# $3"; fi
}
check_sql() {
    local out
    if out=$(q "$coord" "$2" 2>&1) && [ "$out" = t ]; then report ok "$1"; else report fail "$1" "$out"; fi
}

# state_case NAME PARTIAL MERGE FINAL EXACT
#   PARTIAL: the aggregate a worker computes over survey's columns,
#   MERGE: the merge aggregate over its state type,
#   FINAL: a function of the state that gives the metric,
#   EXACT: yes when merging in any order gives the identical state (integer
#   counts, dyadic weights); no when floating-point sums may differ in the
#   last bits, and FINAL is compared to 1e-12 relative instead.
state_case() {
    local name=$1 partial=$2 merge=$3 final=$4 exact=$5 plan state_type send same
    state_type=$(q "$coord" "SELECT pg_typeof($partial)::text FROM survey LIMIT 1")
    # states are compared by their binary form: text could hide a lossy output
    send=$(q "$coord" "SELECT typsend::regproc FROM pg_type WHERE oid = '$state_type'::regtype")
    if [ "$exact" = yes ]; then
        same="$send(m.st) = $send(r.st)"
    else
        same="abs($final(m.st) - $final(r.st)) <= 1e-12 * greatest(abs($final(r.st)), 1)"
    fi

    plan=$(q "$coord" "EXPLAIN (VERBOSE, COSTS OFF) SELECT channel, $partial FROM survey_w1 GROUP BY channel")
    if grep -q "Remote SQL: SELECT channel, public\.${partial%%(*}(" <<<"$plan"; then
        report ok "$name: the aggregate runs on the worker (postgres_fdw pushdown)"
    else
        report fail "$name: the aggregate runs on the worker (postgres_fdw pushdown)" "$plan"
    fi

    check_sql "$name: states fetched through postgres_fdw merge to the single-node result" "
        WITH shards AS (
            SELECT channel, $partial AS st FROM survey_w1 GROUP BY channel
            UNION ALL
            SELECT channel, $partial AS st FROM survey_w2 GROUP BY channel),
        merged AS (SELECT channel, $merge(st) AS st FROM shards GROUP BY channel),
        reference AS (SELECT channel, $partial AS st FROM survey GROUP BY channel)
        SELECT count(*) = 5 AND bool_and($same)
        FROM merged m JOIN reference r USING (channel)"

    # Ship each worker's states twice: as text written with extra_float_digits = 0
    # (the setting that makes float8 output lossy) and as binary.  The states
    # are computed once into a table, so both transports carry the same values
    # even where a parallel plan would sum floats in another order.
    q "$coord" "CREATE TABLE shipped_text (worker int, channel text, st $state_type);
                CREATE TABLE shipped_binary (worker int, channel text, st $state_type);" >/dev/null
    for n in 0 1; do
        q "${workers[$n]}" "DROP TABLE IF EXISTS partial;
            CREATE TABLE partial AS SELECT $n AS worker, channel, $partial AS st FROM survey GROUP BY channel" >/dev/null
        PGOPTIONS="-c extra_float_digits=0" psql -X -q -h "${workers[$n]}" -v ON_ERROR_STOP=1 -c \
            "COPY partial TO STDOUT" |
            psql -X -q -h "$coord" -v ON_ERROR_STOP=1 -c "COPY shipped_text FROM STDIN"
        psql -X -q -h "${workers[$n]}" -v ON_ERROR_STOP=1 -c "COPY partial TO STDOUT (FORMAT binary)" |
            psql -X -q -h "$coord" -v ON_ERROR_STOP=1 -c "COPY shipped_binary FROM STDIN (FORMAT binary)"
    done
    check_sql "$name: text transport is exact (same states as binary transport)" "
        SELECT count(*) = 10 AND bool_and($send(t.st) = $send(b.st))
        FROM shipped_text t JOIN shipped_binary b USING (worker, channel)"
    check_sql "$name: states shipped with COPY merge to the single-node result" "
        WITH merged AS (SELECT channel, $merge(st) AS st FROM shipped_binary GROUP BY channel),
        reference AS (SELECT channel, $partial AS st FROM survey GROUP BY channel)
        SELECT count(*) = 5 AND bool_and($same)
        FROM merged m JOIN reference r USING (channel)"
    q "$coord" "DROP TABLE shipped_text, shipped_binary" >/dev/null
}

state_case "NPS" "nps_agg(score)" "nps_agg" "nps" yes
state_case "weighted NPS" "nps_agg(score, weight)" "nps_agg" "nps" yes
state_case "weighted NPS, weights in thirds" "nps_agg(score, weight3)" "nps_agg" "nps" no
state_case "durations" "duration_agg(handled)" "duration_agg" "duration_count" yes
state_case "durations at 0.5% accuracy" "duration_agg(handled, 0.005)" "duration_agg" "duration_count" yes
state_case "proportions" "proportion_agg(score >= 9)" "proportion_agg" "proportion" yes
state_case "2x2 outcomes" "outcome_agg(score >= 9, id % 3 = 0)" "outcome_agg" "outcome_exposed" yes
state_case "outcomes by duration bucket" \
    "duration_outcome_agg(handled, score >= 9, ARRAY[interval '1 day', interval '10 days'])" \
    "duration_outcome_agg" "duration_outcome_trend" yes
state_case "timelines" "timeline_agg(dim_name, to_timestamp(1767225600 + id % 300 * 3600))" \
    "timeline_agg" "timeline_stages" yes
state_case "timeline sets" "timeline_set_agg(id, dim_name, to_timestamp(1767225600 + id % 300 * 3600))" \
    "timeline_set_agg" "timeline_set_cases" yes
state_case "funnels" "funnel_agg(tl)" "funnel_agg" "funnel_cases" yes
# customers on both workers: repeats across the two shards are found in the merge
state_case "repeat contacts" "contact_agg(id % 5000, dim_name, to_timestamp(1767225600 + id % 300 * 3600), interval '1 day')" \
    "contact_agg" "contact_repeat_rate" yes
state_case "categories" "category_agg(dim_name)" "category_agg" "category_total" yes
state_case "weighted categories" "category_agg(dim_name, weight)" "category_agg" "category_total" yes
# Float sums merged in another order may differ in the last bits: these
# states are compared through a scalar of each, to 1e-12.
q "$coord" "
    CREATE FUNCTION mn_index(dimension_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT satisfaction_index(\$1, ARRAY[1, 2, 3]::float8[])\$\$;
    CREATE FUNCTION mn_index_long(dimension_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT satisfaction_index(\$1, '{\"speed\": 1, \"attitude\": 2, \"resolution\": 3}'::jsonb)\$\$;
    CREATE FUNCTION mn_driver(paired_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT (driver_correlations(\$1))[3]\$\$;
    CREATE FUNCTION mn_gap(paired_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT gap FROM gap_analysis(\$1) WHERE dimension = '1'\$\$;
    CREATE FUNCTION mn_gap_long(paired_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT gap FROM gap_analysis(\$1) WHERE dimension = 'speed'\$\$;
    CREATE FUNCTION mn_r2(moment_state) RETURNS float8 LANGUAGE sql
        AS \$\$SELECT r2 FROM driver_fit(\$1)\$\$;" >/dev/null
state_case "satisfaction dimensions, wide" "dimension_agg(dims)" "dimension_agg" "mn_index" no
state_case "satisfaction dimensions, long" "dimension_agg(dim_name, dim_score)" "dimension_agg" "mn_index_long" no
state_case "driver analysis" "driver_agg(score, dims)" "driver_agg" "mn_driver" no
state_case "gap analysis" "gap_agg(expected, dims)" "gap_agg" "mn_gap" no
state_case "gap analysis, long" "gap_agg(dim_name, dims[1], dims[3])" "gap_agg" "mn_gap_long" no
state_case "driver moments" "moment_agg(score, dims)" "moment_agg" "mn_r2" no

echo "1..$number"
