#!/usr/bin/env bash
# Rollups under concurrency and faults.
#
# 1. For CONCURRENCY_SECONDS (default 60): 8 connections insert survey and
#    case rows and, in the same transaction, merge their states into a rollup
#    table with INSERT ... ON CONFLICT DO UPDATE SET s = t.s + excluded.s
#    (6 at READ COMMITTED, 2 at REPEATABLE READ); another connection folds
#    the new rows into a second, batch-maintained rollup and refreshes two
#    materialized views CONCURRENTLY, one over the raw rows and one merging
#    the rollup's states; a last one reads the rollup.  The only error
#    allowed is SQLSTATE 40001 at REPEATABLE READ (a transaction merging into
#    a group that another one changed after its snapshot: it must retry, as
#    pgbench does); READ COMMITTED upserts never fail.  At the end, every
#    state of both rollups and both views equals the state recomputed from
#    the raw rows.
# 2. Faults: the backend folding a large batch into the rollup is stopped
#    with pg_terminate_backend, and the backend refreshing a view with
#    kill -9 (the server goes through crash recovery); after recovery, and
#    again after a restart, nothing committed is lost and nothing half-done
#    is kept: the watermark did not move, and after the interrupted work is
#    run again, the rollups and views equal a recomputation.
#
# State types: rating_state (plain and weighted), proportion_state,
# duration_state, dimension_state, timeline_state, moment_state,
# outcome_state, duration_outcome_state, funnel_state (each row a case whose
# timeline is its event and its resolution, handled later), contact_state
# and category_state (weighted).  Integer scores, dyadic weights and
# whole-second durations keep every merge exact, so states are compared byte
# for byte (binary send form), except dimension_state and moment_state,
# whose sums of squared deviations and co-moments depend on the merge order:
# their counts must be equal, and their means, variances (standard
# deviations) and correlations within 1e-9.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/../scripts/tap.sh"

seconds=${CONCURRENCY_SECONDS:-60}
export PGOPTIONS="-c client_min_messages=warning"
groups=200
work=$(mktemp -d)
chmod 755 "$work"
trap 'sq_cleanup; rm -rf "$work"' EXIT
sq_prepare_unless_prepared || exit 1

q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
# check_empty NAME SQL: SQL lists offenders; none is a pass
check_empty() {
    local out
    out=$(q "$2" 2>&1) || out="failed: $out"
    tap_empty "$1" "$out"
}

# synchronous_commit on: a commit must survive the crash of another backend
sq_cluster_start concurrency "max_connections = 40" "synchronous_commit = on" >/dev/null ||
    { tap_result fail "cluster starts"; tap_done; exit 1; }
cluster="$SQ_WORK/concurrency"

# The states of raw rows per group, the same in the writers, the fold, the
# views and the recomputation; and how a rollup row absorbs new states: a
# NULL state (all of a group's rows so far were NULL in that column) plus a
# state is NULL with the strict +, so the merge keeps the side that is not.
states="rating_agg(score) AS ratings, rating_agg(score, weight) AS weighted,
    proportion_agg(ok) AS props, duration_agg(handled) AS durations,
    dimension_agg(dims) AS dims, timeline_agg(stage, at) AS timeline,
    moment_agg(score::float8, dims) AS moments, outcome_agg(score >= 9, ok) AS linked,
    duration_outcome_agg(handled, ok, ARRAY[interval '1 hour', interval '1 day']) AS by_duration,
    funnel_agg(timeline_state_accum(timeline_state_accum(NULL, stage, at), 'resolved', at + handled)) AS funnels,
    contact_agg(customer, stage, at, interval '30 minutes') AS contacts,
    category_agg(stage, weight) AS categories"
merged_states="rating_agg(ratings) AS ratings, rating_agg(weighted) AS weighted,
    proportion_agg(props) AS props, duration_agg(durations) AS durations,
    dimension_agg(dims) AS dims, timeline_agg(timeline) AS timeline,
    moment_agg(moments) AS moments, outcome_agg(linked) AS linked,
    duration_outcome_agg(by_duration) AS by_duration, funnel_agg(funnels) AS funnels,
    contact_agg(contacts) AS contacts, category_agg(categories) AS categories"
on_conflict="ON CONFLICT (g) DO UPDATE SET"
for column in ratings weighted props durations dims timeline moments linked by_duration funnels contacts categories; do
    on_conflict+="
    $column = coalesce(t.$column + excluded.$column, t.$column, excluded.$column),"
done
on_conflict=${on_conflict%,}

q "
CREATE EXTENSION svcquality;
CREATE TABLE raw (
    id bigserial PRIMARY KEY,
    g int NOT NULL,
    score int,
    weight float8 NOT NULL,
    ok boolean,
    handled interval,
    dims float8[],
    stage text NOT NULL,
    at timestamptz NOT NULL,
    customer bigint NOT NULL);

-- maintained by the writers, in their own transactions
CREATE TABLE rollup (g int PRIMARY KEY, ratings rating_state, weighted rating_state,
                     props proportion_state, durations duration_state,
                     dims dimension_state, timeline timeline_state,
                     moments moment_state, linked outcome_state,
                     by_duration duration_outcome_state, funnels funnel_state,
                     contacts contact_state, categories category_state);
-- maintained by a batch job, fold(), from the rows after its watermark
CREATE TABLE rollup_batch (LIKE rollup INCLUDING ALL);
CREATE TABLE fold_watermark (last_id bigint NOT NULL);
INSERT INTO fold_watermark VALUES (0);

-- Merges the rows after the watermark into rollup_batch and moves the
-- watermark, in one transaction.  The SHARE lock waits for the writers'
-- open transactions (a serial id is taken before its row commits, so rows
-- below the new watermark could otherwise commit after the fold) and holds
-- new writers back while the fold runs.
CREATE FUNCTION fold() RETURNS bigint
LANGUAGE plpgsql SET search_path = public AS \$\$
DECLARE
    done bigint;
    upto bigint;
BEGIN
    SELECT last_id INTO done FROM fold_watermark FOR UPDATE;
    LOCK TABLE raw IN SHARE MODE;
    SELECT coalesce(max(id), done) INTO upto FROM raw;
    INSERT INTO rollup_batch AS t
    SELECT g, $states FROM raw WHERE id > done AND id <= upto GROUP BY g ORDER BY g
    $on_conflict;
    UPDATE fold_watermark SET last_id = upto;
    RETURN upto - done;
END
\$\$;

CREATE MATERIALIZED VIEW raw_states AS SELECT g, $states FROM raw GROUP BY g;
CREATE UNIQUE INDEX ON raw_states (g);
CREATE MATERIALIZED VIEW rollup_buckets AS SELECT g % 10 AS bucket, $merged_states FROM rollup GROUP BY 1;
CREATE UNIQUE INDEX ON rollup_buckets (bucket);
" >/dev/null || { tap_result fail "schema"; tap_done; exit 1; }

# One writer transaction: 1-20 rows in up to 10 neighbouring groups, merged
# into the rollup in group order (so that writers cannot deadlock).  About
# 1 score in 8 is NULL, and so are 1 duration in 10, 1 outcome in 12 and 1
# dimension array in 9; timeline events repeat (a state keeps distinct ones);
# 30 customers come back on a topic (the stage) within the window now and then.
cat >"$work/rows.sql" <<EOF
\set base random(0, $((groups - 1)))
\set n random(1, 20)
WITH new AS (
    INSERT INTO raw (g, score, weight, ok, handled, dims, stage, at, customer)
    SELECT 1 + (:base + (random() * 9)::int) % $groups,
           CASE WHEN random() < 0.125 THEN NULL ELSE (random() * 10.49)::int END,
           (ARRAY[0.25, 0.5, 1, 1.5, 2])[1 + (random() * 4.49)::int],
           CASE WHEN random() < 0.08 THEN NULL ELSE random() < 0.7 END,
           CASE WHEN random() < 0.1 THEN NULL ELSE make_interval(secs => (random() * 200000)::int) END,
           CASE WHEN random() < 0.11 THEN NULL
                ELSE ARRAY[1 + (random() * 4)::int, 1 + (random() * 4)::int, 1 + (random() * 4)::int]::float8[] END,
           (ARRAY['opened', 'replied', 'escalated', 'resolved'])[1 + (random() * 3.49)::int],
           timestamptz '2026-03-02 08:00+00' + (random() * 99)::int * interval '1 minute',
           1 + (random() * 29)::int
    FROM generate_series(1, :n)
    RETURNING *)
INSERT INTO rollup AS t SELECT g, $states FROM new GROUP BY g ORDER BY g
$on_conflict;
EOF
# a pgbench script is one transaction; an explicit one sets the level
{ echo 'BEGIN ISOLATION LEVEL REPEATABLE READ;'; cat "$work/rows.sql"; echo 'COMMIT;'; } >"$work/rows_rr.sql"
cat >"$work/refresh.sql" <<'EOF'
SELECT fold();
REFRESH MATERIALIZED VIEW CONCURRENTLY raw_states;
REFRESH MATERIALIZED VIEW CONCURRENTLY rollup_buckets;
EOF
cat >"$work/read.sql" <<EOF
\set g random(1, $groups)
SELECT nps(ratings), nps_ci(weighted), csat(ratings, 0, 10, 9), proportion_ci(props),
       duration_quantile(durations, 0.9), dimension_means(dims), timeline_stages(timeline),
       moment_summary(moments), outcome_exposed(linked), funnel_cases(funnels),
       contact_repeat_rate(contacts), category_total(categories)
FROM rollup WHERE g = :g;
EOF

pgbench_run() {
    local name=$1
    shift
    "$SQ_PG_BIN/pgbench" -n -T "$seconds" --failures-detailed "$@" >"$work/$name.out" 2>&1
    echo $? >"$work/$name.status"
}
pgbench_run rc -c 6 -j 2 -f "$work/rows.sql" &
pgbench_run rr -c 2 -j 1 -f "$work/rows_rr.sql" --max-tries=1000 &
pgbench_run refresh -c 1 -f "$work/refresh.sql" &
pgbench_run read -c 1 -f "$work/read.sql" &
wait

field() { sed -n "s/^$2: \([0-9]*\).*/\1/p" "$work/$1.out" | head -n 1; }
for run in rc rr refresh read; do
    status=$(cat "$work/$run.status")
    failed=$(field "$run" "number of failed transactions")
    processed=$(field "$run" "number of transactions actually processed")
    if [ "$status" = 0 ] && [ "${failed:-x}" = 0 ] && [ "${processed:-0}" -gt 0 ]; then
        tap_result ok "pgbench $run: $processed transactions, none failed or aborted"
    else
        tap_result fail "pgbench $run: transactions run without errors" "$(grep -vE '^(progress|pgbench \()' "$work/$run.out")"
    fi
done
rc_retried=$(field rc "number of transactions retried")
rr_retried=$(field rr "number of transactions retried")
rr_retries=$(field rr "total number of retries")
tap_result "$([ "${rc_retried:-0}" = 0 ] && echo ok || echo fail)" "READ COMMITTED upserts needed no retry"
echo "# REPEATABLE READ: ${rr_retried:-0} of the transactions were retried after serialization failures (40001), ${rr_retries:-0} retries in all"

# mismatches TARGET KEY RECOMPUTED: the keys whose states in TARGET differ
# from those of the query RECOMPUTED
cat >"$work/compare.sql" <<'EOF'
CREATE FUNCTION pg_temp.differs(a dimension_state, b dimension_state) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL) <> (b IS NULL)
        OR dimension_counts(a) IS DISTINCT FROM dimension_counts(b)
        OR EXISTS (SELECT FROM unnest(dimension_means(a), dimension_means(b),
                                      dimension_variances(a), dimension_variances(b)) AS u(ma, mb, va, vb)
                   WHERE abs(ma - mb) > 1e-9 * greatest(abs(ma), 1)
                      OR abs(va - vb) > 1e-9 * greatest(abs(va), 1))
$$;
-- a and b differ by more than 1e-9 (relative); NaN equals only NaN
CREATE FUNCTION pg_temp.far(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS DISTINCT FROM b AND coalesce(abs(a - b) > 1e-9 * greatest(abs(a), 1), true)
$$;
CREATE FUNCTION pg_temp.differs(a moment_state, b moment_state) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL) <> (b IS NULL)
        OR (SELECT (responses, incomplete, total_weight) FROM moment_summary(a))
           IS DISTINCT FROM (SELECT (responses, incomplete, total_weight) FROM moment_summary(b))
        OR (SELECT count(*) FROM moment_means(a)) <> (SELECT count(*) FROM moment_means(b))
        OR EXISTS (SELECT FROM moment_means(a) x JOIN moment_means(b) y USING (variable)
                   WHERE pg_temp.far(x.mean, y.mean) OR pg_temp.far(x.stddev, y.stddev))
        OR (SELECT count(*) FROM moment_correlations(a)) <> (SELECT count(*) FROM moment_correlations(b))
        OR EXISTS (SELECT FROM moment_correlations(a) x JOIN moment_correlations(b) y USING (variable1, variable2)
                   WHERE pg_temp.far(x.correlation, y.correlation))
$$;
CREATE FUNCTION pg_temp.mismatches(target regclass, key text, recomputed text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT format('%1$s %%s: %%s', coalesce(x.%2$I, y.%2$I),
                      concat_ws(' ', CASE WHEN x.%2$I IS NULL OR y.%2$I IS NULL THEN 'row missing' END,
                      CASE WHEN rating_state_send(x.ratings) IS DISTINCT FROM rating_state_send(y.ratings) THEN 'ratings' END,
                      CASE WHEN rating_state_send(x.weighted) IS DISTINCT FROM rating_state_send(y.weighted) THEN 'weighted' END,
                      CASE WHEN proportion_state_send(x.props) IS DISTINCT FROM proportion_state_send(y.props) THEN 'props' END,
                      CASE WHEN duration_state_send(x.durations) IS DISTINCT FROM duration_state_send(y.durations) THEN 'durations' END,
                      CASE WHEN pg_temp.differs(x.dims, y.dims) THEN 'dims' END,
                      CASE WHEN timeline_state_send(x.timeline) IS DISTINCT FROM timeline_state_send(y.timeline) THEN 'timeline' END,
                      CASE WHEN pg_temp.differs(x.moments, y.moments) THEN 'moments' END,
                      CASE WHEN outcome_state_send(x.linked) IS DISTINCT FROM outcome_state_send(y.linked) THEN 'linked' END,
                      CASE WHEN duration_outcome_state_send(x.by_duration) IS DISTINCT FROM duration_outcome_state_send(y.by_duration) THEN 'by_duration' END,
                      CASE WHEN funnel_state_send(x.funnels) IS DISTINCT FROM funnel_state_send(y.funnels) THEN 'funnels' END,
                      CASE WHEN contact_state_send(x.contacts) IS DISTINCT FROM contact_state_send(y.contacts) THEN 'contacts' END,
                      CASE WHEN category_state_send(x.categories) IS DISTINCT FROM category_state_send(y.categories) THEN 'categories' END))
        FROM %1$s x FULL JOIN (%3$s) y ON x.%2$I = y.%2$I
        WHERE x.%2$I IS NULL OR y.%2$I IS NULL
           OR rating_state_send(x.ratings) IS DISTINCT FROM rating_state_send(y.ratings)
           OR rating_state_send(x.weighted) IS DISTINCT FROM rating_state_send(y.weighted)
           OR proportion_state_send(x.props) IS DISTINCT FROM proportion_state_send(y.props)
           OR duration_state_send(x.durations) IS DISTINCT FROM duration_state_send(y.durations)
           OR pg_temp.differs(x.dims, y.dims)
           OR timeline_state_send(x.timeline) IS DISTINCT FROM timeline_state_send(y.timeline)
           OR pg_temp.differs(x.moments, y.moments)
           OR outcome_state_send(x.linked) IS DISTINCT FROM outcome_state_send(y.linked)
           OR duration_outcome_state_send(x.by_duration) IS DISTINCT FROM duration_outcome_state_send(y.by_duration)
           OR funnel_state_send(x.funnels) IS DISTINCT FROM funnel_state_send(y.funnels)
           OR contact_state_send(x.contacts) IS DISTINCT FROM contact_state_send(y.contacts)
           OR category_state_send(x.categories) IS DISTINCT FROM category_state_send(y.categories)
        ORDER BY 1 LIMIT 20$q$, target, key, recomputed);
END
$$;
EOF
mismatches() {
    psql -X -q -At -v ON_ERROR_STOP=1 -f "$work/compare.sql" \
        -c "SELECT * FROM pg_temp.mismatches('$1', '$2', \$r\$$3\$r\$)" 2>&1
}
# compare_all LABEL: both rollups and both views against the raw rows
compare_all() {
    local target
    q "DROP TABLE IF EXISTS recomputed; CREATE TABLE recomputed AS SELECT g, $states FROM raw GROUP BY g" ||
        tap_result fail "$1: recomputation from the raw rows"
    for target in rollup rollup_batch raw_states; do
        tap_empty "$1: $target equals the recomputation from the raw rows" \
            "$(mismatches "$target" g "TABLE recomputed")"
    done
    tap_empty "$1: rollup_buckets (merged states) equals the recomputation" \
        "$(mismatches rollup_buckets bucket "SELECT g % 10 AS bucket, $merged_states FROM recomputed GROUP BY 1")"
}

q "SELECT fold(); REFRESH MATERIALIZED VIEW CONCURRENTLY raw_states;
   REFRESH MATERIALIZED VIEW CONCURRENTLY rollup_buckets;" >/dev/null
echo "# $(q "SELECT count(*) FROM raw") raw rows in ${seconds}s, $(q "SELECT count(*) FROM rollup") groups"
check_empty "the rollup counts every raw row once (plain counts)" "
    SELECT format('responses %s vs %s, trials %s vs %s, categorized %s vs %s, cases %s vs %s',
                  r.responses, w.responses, r.trials, w.trials, r.categorized, w.rows, r.cases, w.rows)
    FROM (SELECT sum(nps_responses(ratings)) AS responses, sum(proportion_trials(props)) AS trials,
                 sum(category_total(categories)) AS categorized, sum(funnel_cases(funnels)) AS cases
          FROM rollup) r,
         (SELECT count(score) AS responses, count(ok) AS trials, count(*) AS rows FROM raw) w
    WHERE (r.responses, r.trials, r.categorized, r.cases) IS DISTINCT FROM (w.responses, w.trials, w.rows, w.rows)"
compare_all "after the concurrent run"

# --- faults -----------------------------------------------------------------
# wait_active PATTERN: the pid of the backend running a statement LIKE
# PATTERN, once it has been running for half a second (in its middle)
wait_active() {
    local pid="" i
    for i in $(seq 1 300); do
        pid=$(q "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '$1'
                 AND now() - query_start > interval '0.5 s' LIMIT 1" 2>/dev/null)
        [ -n "$pid" ] && break
        sleep 0.1
    done
    echo "$pid"
}
# hold_lock TABLE MODE LOCKMODE: a session in the background holding TABLE
# in MODE (pg_locks calls it LOCKMODE) for up to two minutes, its pid in
# $holder; returns once the lock is granted
hold_lock() {
    local i
    psql -X -q -At -c "BEGIN; LOCK TABLE $1 IN $2 MODE; SELECT pg_sleep(120); COMMIT" >/dev/null 2>&1 &
    holder=$!
    for i in $(seq 1 100); do
        [ "$(q "SELECT count(*) FROM pg_locks WHERE relation = '$1'::regclass AND mode = '$3' AND granted")" = 1 ] && return
        sleep 0.1
    done
}
wait_server() {
    local i
    for i in $(seq 1 120); do
        q "SELECT 1" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}
watermark_is() {
    tap_is "$2" "$1" "$(q "SELECT last_id FROM fold_watermark")"
}

# A large batch of new rows, whose fold is stopped in the middle
q "INSERT INTO raw (g, score, weight, ok, handled, dims, stage, at, customer)
   SELECT 1 + i % $groups, i % 11, 0.5 * (1 + i % 4), i % 3 = 0, make_interval(secs => i % 100000),
          ARRAY[1 + i % 5, 1 + i % 4, 1 + i % 3]::float8[],
          (ARRAY['opened', 'replied', 'escalated', 'resolved'])[1 + i % 4],
          timestamptz '2026-03-02 08:00+00' + (i % 97) * interval '1 minute', 1 + i % 31
   FROM generate_series(1, 200000) AS i" >/dev/null
watermark=$(q "SELECT last_id FROM fold_watermark")
# A session holding rollup_batch in SHARE mode keeps the fold waiting at its
# INSERT, after it has locked the watermark and read the batch: in its
# middle, however fast the machine
hold_lock rollup_batch "SHARE" ShareLock
psql -X -q -At -c "SELECT fold()" >"$work/fold.out" 2>&1 &
client=$!
pid=$(wait_active 'SELECT fold()')
[ -n "$pid" ] && q "SELECT pg_terminate_backend($pid)" >/dev/null
wait $client
status=$?
q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'BEGIN; LOCK TABLE rollup_batch%'" >/dev/null
wait $holder
if [ -n "$pid" ] && [ $status -ne 0 ] && grep -q 'terminating connection' "$work/fold.out"; then
    tap_result ok "the fold of a large batch is stopped in the middle (pg_terminate_backend)"
else
    tap_result fail "the fold of a large batch is stopped in the middle (pg_terminate_backend)" \
        "pid=$pid status=$status $(cat "$work/fold.out")"
fi
watermark_is "$watermark" "the stopped fold left the watermark where it was"

# The view's refresh killed with SIGKILL: the postmaster ends every backend
# and replays the WAL from the last checkpoint. A session holding raw in
# ACCESS EXCLUSIVE mode keeps the refresh waiting after it has locked the
# view and created its new heap, when its query reads raw: in its middle,
# however fast the machine
hold_lock raw "ACCESS EXCLUSIVE" AccessExclusiveLock
psql -X -q -At -c "REFRESH MATERIALIZED VIEW CONCURRENTLY raw_states" >"$work/refresh_kill.out" 2>&1 &
client=$!
pid=$(wait_active 'REFRESH MATERIALIZED VIEW%')
[ -n "$pid" ] && sq_as_server_user kill -9 "$pid"
wait $client
status=$?
# The crash ended the holder's session too
wait $holder
sleep 1
if wait_server && [ -n "$pid" ] && [ $status -ne 0 ] &&
    grep -q "was terminated by signal 9" "$cluster/server.log" &&
    grep -q "database system is ready to accept connections" <(sed -n '/terminated by signal 9/,$p' "$cluster/server.log"); then
    tap_result ok "a refresh killed with SIGKILL in the middle; the server recovered"
else
    tap_result fail "a refresh killed with SIGKILL in the middle; the server recovered" \
        "pid=$pid status=$status $(cat "$work/refresh_kill.out"; tail -n 20 "$cluster/server.log")"
fi
watermark_is "$watermark" "after crash recovery the watermark is where it was"

# The interrupted work, run again, and the batch brought into the writers'
# rollup as a batch job would
if q "SELECT fold();
      INSERT INTO rollup AS t SELECT g, $states FROM raw WHERE id > $watermark GROUP BY g ORDER BY g $on_conflict;
      REFRESH MATERIALIZED VIEW CONCURRENTLY raw_states;
      REFRESH MATERIALIZED VIEW CONCURRENTLY rollup_buckets" >/dev/null 2>&1; then
    tap_result ok "the fold and the refreshes run again after recovery"
else
    tap_result fail "the fold and the refreshes run again after recovery"
fi
compare_all "after crash recovery"

sq_as_server_user "$SQ_PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w restart -l "$cluster/server.log" >/dev/null
wait_server
compare_all "after a restart"
tap_done
