#!/usr/bin/env bash
# svcquality on a real Citus cluster: a coordinator and two workers on
# 127.0.0.1 (docs/scale_out.md).
#   - CREATE EXTENSION svcquality and ALTER EXTENSION svcquality UPDATE on
#     the coordinator reach the workers, and a worker added later;
#   - every aggregate of the extension (test/scripts/aggregate_calls.sql,
#     checked against the catalog) grouped by a column that is not the
#     distribution column: EXPLAIN shows the partial aggregate on the workers
#     (worker_partial_agg) combined on the coordinator (coord_combine_agg),
#     the partial states crossing as text, and the result equals the same
#     query on a local table;
#   - stored states of every type read from the workers as text and as
#     binary (citus.enable_binary_protocol) equal the local ones;
#   - a distributed rollup table of daily states, filled incrementally with
#     INSERT ... ON CONFLICT DO UPDATE SET state = state + excluded.state and
#     merged on the coordinator;
#   - a reference table of business calendars joined with a distributed
#     ticket table.
# Citus is not a Debian package: the build in ../shared/citus (or
# /work/shared/citus) is installed into the private server copy when the
# server has no Citus.  Without either the suite is skipped, except in CI.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

# --- Citus into the private server copy ------------------------------------------
citus_dir=
for dir in "$SQ_REPO/../shared/citus" /work/shared/citus; do
    [ -f "$dir/install.sh" ] && { citus_dir=$(cd "$dir" && pwd); break; }
done
if [ -f "$("$SQ_PG_BIN/pg_config" --sharedir)/extension/citus.control" ]; then
    echo "# Citus: installed in the server"
elif [ -n "$citus_dir" ]; then
    bash "$citus_dir/install.sh" "$SQ_PG_BIN/pg_config" | sed 's/^/# /'
else
    reason="no Citus in the server and no build in $SQ_REPO/../shared/citus or /work/shared/citus"
    if [ "${CI:-}" = true ]; then
        tap_result fail "Citus is available (CI must run this suite)" "$reason"
    else
        echo "# Citus suite skipped: $reason"
        tap_skip "svcquality on a Citus cluster" "$reason"
    fi
    tap_done
    exit 0
fi

# --- a coordinator and two workers on 127.0.0.1 ----------------------------------------
# Four shards per table keep the suite quick; serial plans keep float sums
# in one order on each node.
for node in citus_coordinator citus_worker1 citus_worker2; do
    SQ_TCP=1 sq_cluster_start $node "shared_preload_libraries = 'citus'" \
        "max_parallel_workers_per_gather = 0" "citus.shard_count = 4" ||
        { tap_result fail "start $node"; tap_done; exit 1; }
done
coordinator=$SQ_PORT_citus_coordinator
workers=("$SQ_PORT_citus_worker1" "$SQ_PORT_citus_worker2")
export PGHOST=127.0.0.1 PGTZ=UTC PGDATESTYLE="ISO, YMD" PGOPTIONS="-c client_min_messages=warning"
on() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -c "$2" </dev/null; }
c() { on "$coordinator" "$1"; }

for port in "$coordinator" "${workers[@]}"; do on "$port" "CREATE EXTENSION citus"; done
c "SELECT citus_set_coordinator_host('127.0.0.1', $coordinator)" >/dev/null
for port in "${workers[@]}"; do c "SELECT citus_add_node('127.0.0.1', $port)" >/dev/null; done
tap_is "two workers in the cluster" 2 "$(c "SELECT count(*) FROM citus_get_active_worker_nodes()")"


# Installed and updated on the coordinator only: Citus runs the same
# statements on the workers, and on a worker added later.
new=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SQ_REPO/svcquality.control")
ext_version() { on "$1" "SELECT extversion FROM pg_extension WHERE extname = 'svcquality'"; }
c "CREATE EXTENSION svcquality VERSION '0.1.0'"
tap_is "CREATE EXTENSION svcquality VERSION '0.1.0' on the coordinator installs it on both workers" \
    "0.1.0 0.1.0" "$(ext_version "${workers[0]}") $(ext_version "${workers[1]}")"
c "ALTER EXTENSION svcquality UPDATE"
tap_is "ALTER EXTENSION svcquality UPDATE on the coordinator updates both workers to $new" \
    "$new $new $new" "$(ext_version "$coordinator") $(ext_version "${workers[0]}") $(ext_version "${workers[1]}")"
SQ_TCP=1 sq_cluster_start citus_worker3 "shared_preload_libraries = 'citus'" "max_parallel_workers_per_gather = 0"
on "$SQ_PORT_citus_worker3" "CREATE EXTENSION citus"
c "SELECT citus_add_node('127.0.0.1', $SQ_PORT_citus_worker3)" >/dev/null
tap_is "a worker added later gets svcquality $new from the coordinator" "$new" "$(ext_version "$SQ_PORT_citus_worker3")"
# the tables below are spread over the two workers
c "SELECT citus_remove_node('127.0.0.1', $SQ_PORT_citus_worker3)" >/dev/null
export PGHOST=127.0.0.1 PGPORT=$coordinator

# The sample (local tables on the coordinator: the reference answers) and
# its distributed copies, distributed by a column no query groups by.
PGOPTIONS="-c client_min_messages=error" psql -X -q -v ON_ERROR_STOP=1 -p "$coordinator" \
    -f "$SQ_REPO/test/scripts/aggregate_calls.sql"
c "CREATE TABLE dist_sample (LIKE sq_sample);
   SELECT create_distributed_table('dist_sample', 'id');
   INSERT INTO dist_sample SELECT * FROM sq_sample;
   CREATE TABLE dist_sample_daily (LIKE sq_sample_daily);
   SELECT create_distributed_table('dist_sample_daily', 'day');
   INSERT INTO dist_sample_daily SELECT * FROM sq_sample_daily;" >/dev/null
tap_empty "every aggregate of the extension has a call in aggregate_calls.sql" \
    "$(c "SELECT string_agg(aggregate, ', ') FROM sq_calls_missing")"

# --- every aggregate: pushed down, and equal to the local result ----------------------
# same_sql EXACT DIST LOCAL: true when the two tables (channel, r) hold the
# same results: identical text, or (not exact: float sums merged in another
# order) equal to 1e-9 (sq_close)
same_sql() {
    local same="d.r::text IS NOT DISTINCT FROM l.r::text"
    [ "$1" = t ] || same="sq_close(d.r, l.r)"
    echo "SELECT count(*) = 6 AND bool_and($same) FROM $2 d JOIN $3 l USING (channel)"
}
while IFS=$'\t' read -r aggregate source call read exact; do
    signature=$(c "SELECT '$aggregate'::regprocedure::text")
    # as the worker query names it: schema-qualified, argument types too
    qualified=$(c "SET search_path = ''; SELECT $(c "SELECT '$aggregate'::regprocedure::oid")::regprocedure::text")
    plan=$(c "EXPLAIN (VERBOSE, COSTS OFF) SELECT channel, $call FROM dist_${source#sq_} GROUP BY channel")
    if grep -qF "worker_partial_agg('$qualified'::regprocedure" <<<"$plan" &&
        grep -q "coord_combine_agg(" <<<"$plan"; then
        tap_result ok "$signature: partial aggregates on the workers, combined on the coordinator"
    else
        tap_result fail "$signature: partial aggregates on the workers, combined on the coordinator" "$plan"
    fi
    # aggregate into temporary tables first, then read: Citus does not push
    # down a subquery over an aggregate (the paired states' readers)
    reader=${read//\{\}/st}
    if [[ $signature == *'"any"'* ]]; then
        # Citus's worker_partial_agg checks each argument's type against the
        # aggregate's declared one, which "any" never matches: the documented
        # limitation (docs/scale_out.md), and its workaround, the array form
        result=$(c "SELECT $call FROM dist_${source#sq_} GROUP BY channel" 2>&1)
        if grep -q "could not confirm type correctness" <<<"$result"; then
            tap_result ok "$signature: Citus refuses it as a partial aggregate (the documented limitation)"
        else
            tap_result fail "$signature: Citus refuses it as a partial aggregate (the documented limitation)" "$result"
        fi
        continue
    fi
    result=$(c "CREATE TEMP TABLE local_states AS SELECT channel, $call AS st FROM $source GROUP BY channel;
        CREATE TEMP TABLE dist_states AS SELECT channel, $call AS st FROM dist_${source#sq_} GROUP BY channel;
        CREATE TEMP TABLE local_result AS SELECT channel, $reader AS r FROM local_states;
        CREATE TEMP TABLE dist_result AS SELECT channel, $reader AS r FROM dist_states;
        $(same_sql "$exact" dist_result local_result)" 2>&1)
    tap_is "$signature: the distributed result equals the local one" t "$result"
done < <(psql -X -q -At -F $'\t' -p "$coordinator" -c "SELECT aggregate, source, call, read, exact FROM sq_calls ORDER BY aggregate")

# the workaround for moment_agg's column form on Citus: the array form, whose
# state is the same
result=$(c "CREATE TEMP TABLE local_columns AS
        SELECT channel, moment_agg(overall, ARRAY['speed', 'attitude', 'resolution'], dims[1], dims[2]::int, rating5) AS st
        FROM sq_sample GROUP BY channel;
    CREATE TEMP TABLE dist_arrays AS
        SELECT channel, moment_agg(overall, ARRAY[dims[1], dims[2]::int, rating5]::float8[],
                                   ARRAY['speed', 'attitude', 'resolution']) AS st
        FROM dist_sample GROUP BY channel;
    SELECT count(*) = 6 AND bool_and(sq_close(ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means(d.st)),
                                              ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means(l.st))))
    FROM dist_arrays d JOIN local_columns l USING (channel)" 2>&1)
tap_is "moment_agg's array form on Citus equals the column form computed locally" t "$result"

# stored states fetched from the shards, in both of Citus's transfer formats
for protocol in off on; do
    tap_is "stored states of every type fetched from the workers (binary protocol $protocol) equal the local ones" \
        "168 0" "$(c "SET citus.enable_binary_protocol = $protocol;
            CREATE TEMP TABLE fetched AS SELECT * FROM dist_sample_daily;
            SELECT count(*) || ' ' || (SELECT count(*) FROM (SELECT f::text FROM fetched f
                                                             EXCEPT SELECT s::text FROM sq_sample_daily s) x)
            FROM fetched")"
done

echo "# one plan, nps(integer):"
c "EXPLAIN (VERBOSE, COSTS OFF) SELECT channel, nps(score) FROM dist_sample GROUP BY channel" | sed 's/^/#   /'

# --- a distributed rollup table, filled incrementally ------------------------------------
c "CREATE TABLE rollup (day date, channel text, ratings rating_state, durations duration_state,
                        outcomes proportion_state, timeline timeline_state, PRIMARY KEY (day, channel));
   SELECT create_distributed_table('rollup', 'day');" >/dev/null
# Two batches of raw rows, every (day, channel) in both: the second batch
# merges into the states the first one stored.
for batch in 0 1; do
    c "INSERT INTO rollup
       SELECT day, channel, nps_agg(score), duration_agg(handled), proportion_agg(ok), timeline_agg(stage, at)
       FROM dist_sample WHERE id % 2 = $batch GROUP BY day, channel
       ON CONFLICT (day, channel) DO UPDATE
       SET ratings = rollup.ratings + excluded.ratings, durations = rollup.durations + excluded.durations,
           outcomes = rollup.outcomes + excluded.outcomes, timeline = rollup.timeline + excluded.timeline" >/dev/null
done
tap_is "the rollup has a row per day and channel" 168 "$(c "SELECT count(*) FROM rollup")"
tap_is "daily states merged per channel on the coordinator equal the local aggregates" "t" "$(c "
    WITH merged AS (
        SELECT channel, nps_agg(ratings) AS ratings, duration_agg(durations) AS durations,
               proportion_agg(outcomes) AS outcomes, timeline_agg(timeline) AS timeline
        FROM rollup GROUP BY channel),
    reference AS (
        SELECT channel, nps_agg(score) AS ratings, duration_agg(handled) AS durations,
               proportion_agg(ok) AS outcomes, timeline_agg(stage, at) AS timeline
        FROM sq_sample GROUP BY channel)
    SELECT count(*) = 6 AND bool_and(m.ratings::text = r.ratings::text AND m.durations::text = r.durations::text
                                     AND m.outcomes::text = r.outcomes::text AND m.timeline::text = r.timeline::text)
    FROM merged m JOIN reference r USING (channel)")"
tap_is "the whole rollup merged in one state equals the local aggregate" "t" "$(c "
    SELECT (SELECT nps_agg(ratings)::text FROM rollup) = (SELECT nps_agg(score)::text FROM sq_sample)
       AND (SELECT duration_agg(durations)::text FROM rollup) = (SELECT duration_agg(handled)::text FROM sq_sample)")"

# --- a reference table of calendars joined with distributed tickets -------------------
c "CREATE TABLE team_calendars (team text PRIMARY KEY, calendar business_calendar);
   INSERT INTO team_calendars VALUES
       ('team 1', 'v1 tz=Europe/Berlin mon-fri=09:00-17:00 holidays=2026-03-06'),
       ('team 2', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 workdays=2026-03-07:mon'),
       ('team 3', 'v1 tz=America/New_York mon-fri=08:00-20:00 sat=10:00-14:00'),
       ('team 4', 'v1 tz=UTC mon-sun=00:00-24:00');
   CREATE TABLE local_calendars AS SELECT * FROM team_calendars;
   SELECT create_reference_table('team_calendars');
   CREATE TABLE tickets AS SELECT id, team, at AS opened_at, at + handled AS closed_at FROM sq_sample;
   CREATE TABLE dist_tickets (LIKE tickets);
   SELECT create_distributed_table('dist_tickets', 'id');
   INSERT INTO dist_tickets SELECT * FROM tickets;" >/dev/null
join_query="SELECT c.team, duration_agg(business_time(t.opened_at, t.closed_at, c.calendar)) AS st
            FROM %s t JOIN %s c USING (team) GROUP BY c.team"
plan=$(c "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$join_query" dist_tickets team_calendars)")
if grep -qE "Query: .*JOIN public\.team_calendars_[0-9]+ " <<<"$plan" && grep -q "worker_partial_agg" <<<"$plan"; then
    tap_result ok "the calendar join and the partial aggregates run on the workers"
else
    tap_result fail "the calendar join and the partial aggregates run on the workers" "$plan"
fi
tap_is "business durations under the reference calendars equal the local result" "t" "$(c "
    SELECT count(*) = 4 AND bool_and(d.st::text = l.st::text)
    FROM ($(printf "$join_query" dist_tickets team_calendars)) d
    JOIN ($(printf "$join_query" tickets local_calendars)) l USING (team)")"

tap_done
