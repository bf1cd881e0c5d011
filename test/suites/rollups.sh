#!/usr/bin/env bash
# Rollups (docs/rollups.md): states stored per day, merged for any range.
#   - a daily materialized view of every state type per day and channel
#     (funnels too),
#     REFRESH ... CONCURRENTLY picking up new rows;
#   - every week, every 28-day window, every quarter and the year, per
#     channel: merged states equal the states of the raw rows (identical for
#     the exact ones, to 1e-9 for float sums), duration quantiles within the
#     state's accuracy of percentile_disc;
#   - incremental rollup tables (INSERT ... ON CONFLICT DO UPDATE SET
#     state = t.state + excluded.state) loaded in batches of arrival, with
#     refund events arriving late: every refund's timeline equals the one
#     built from all its events, whatever the batch order;
#   - monthly partitions, old months detached and still merged;
#   - a refresh scheduled with pg_cron runs and the rollup then holds the
#     new rows.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

export PGTZ=UTC PGDATESTYLE="ISO, YMD"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1" 2>&1; }

# --- the raw tables and the daily rollup ------------------------------------------
sq_cluster_start rollups "max_parallel_workers_per_gather = 0" "work_mem = 64MB"
raw_tables="
CREATE TABLE surveys AS
SELECT i AS id, timestamptz '2026-01-01 00:00+00' + i * interval '15 minutes' AS answered_at,
       (ARRAY['chat', 'email', 'phone'])[1 + i % 3] AS channel,
       (ARRAY[0, 2, 4, 5, 6, 7, 7, 8, 8, 9, 9, 9, 9, 10, 10, 10])[1 + (hashint4(i) & 15)] AS score,
       ARRAY[1 + (hashint4(i + 2) & 3), 2 + (hashint4(i + 3) & 3),
             CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + (hashint4(i + 4) & 3) END]::float8[] AS dimensions
FROM generate_series(0, 35039) AS i;
CREATE TABLE tickets AS
SELECT i AS id, (ARRAY['chat', 'email', 'phone'])[1 + i % 3] AS channel, opened_at,
       opened_at + make_interval(secs => 30 + (hashint4(i) & 16383)) AS first_reply_at,
       opened_at + make_interval(secs => 1 + (hashint4(i + 1) & 65535) * (1 + (hashint4(i + 2) & 15))) AS resolved_at
FROM (SELECT i, timestamptz '2026-01-01 00:00+00' + i * interval '30 minutes' AS opened_at
      FROM generate_series(0, 17519) AS i) AS t;
CREATE VIEW ticket_events AS
SELECT id, channel, opened_at, stage, at FROM tickets
CROSS JOIN LATERAL (VALUES ('opened', opened_at), ('replied', first_reply_at), ('resolved', resolved_at)) AS e(stage, at);
CREATE MATERIALIZED VIEW daily AS
WITH answers AS (
    SELECT answered_at::date AS day, channel, nps_agg(score) AS ratings,
           dimension_agg(dimensions) AS dimensions, driver_agg(score, dimensions) AS drivers,
           moment_agg(score, dimensions) AS moments
    FROM surveys GROUP BY 1, 2),
cases AS (
    SELECT opened_at::date AS day, channel, duration_agg(resolved_at - opened_at) AS resolution,
           proportion_agg(first_reply_at - opened_at <= interval '1 hour') AS fast_replies,
           outcome_agg(first_reply_at - opened_at <= interval '1 hour',
                       resolved_at - opened_at <= interval '1 day') AS resolved_in_a_day,
           duration_outcome_agg(first_reply_at - opened_at, resolved_at - opened_at <= interval '1 day',
                                ARRAY[interval '30 minutes', interval '1 hour', interval '2 hours']) AS resolved_by_reply
    FROM tickets GROUP BY 1, 2),
events AS (
    SELECT opened_at::date AS day, channel, timeline_set_agg(id, stage, at) AS timelines
    FROM ticket_events GROUP BY 1, 2),
funnels AS (
    SELECT day, channel, funnel_agg(t) AS funnel
    FROM (SELECT opened_at::date AS day, channel, timeline_agg(stage, at) AS t FROM ticket_events GROUP BY 1, 2, id) AS c
    GROUP BY 1, 2),
contacts AS (
    SELECT opened_at::date AS day, channel,
           contact_agg(id / 3 % 40, (ARRAY['damage', 'late', 'refund'])[1 + id / 360 % 3], opened_at, interval '3 days') AS contacts,
           category_agg((ARRAY['damage', 'late', 'refund', 'other'])[1 + (hashint4(id) & 3)]) AS reasons
    FROM tickets GROUP BY 1, 2)
SELECT * FROM answers FULL JOIN cases USING (day, channel) FULL JOIN events USING (day, channel)
    FULL JOIN funnels USING (day, channel) FULL JOIN contacts USING (day, channel);
CREATE UNIQUE INDEX ON daily (day, channel);"
q "CREATE EXTENSION svcquality; $raw_tables" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/test/scripts/sq_close.sql"
tap_is "the daily rollup has a row per day and channel" 1095 "$(q "SELECT count(*) FROM daily")"
tap_empty "every state type of the extension is in the daily rollup or the refund tables below" "$(q "
    SELECT string_agg(t.typname, ', ') FROM pg_type t
    JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
    WHERE t.typtype = 'b' AND t.typcategory <> 'A'
      AND EXISTS (SELECT FROM pg_aggregate a WHERE a.aggtranstype = t.oid)
      AND t.typname NOT IN ('timeline_state')
      AND NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'daily'::regclass AND atttypid = t.oid)")"

q "INSERT INTO surveys SELECT 1000000 + i, timestamptz '2026-12-31 23:00+00' + i * interval '1 second', 'chat', 10, ARRAY[5, 5, 5]
   FROM generate_series(1, 40) i;
   INSERT INTO tickets SELECT 1000000 + i, 'phone', timestamptz '2026-12-31 23:00+00', timestamptz '2026-12-31 23:01+00',
                              timestamptz '2027-01-01 01:00+00' FROM generate_series(1, 7) i" >/dev/null
if out=$(q "REFRESH MATERIALIZED VIEW CONCURRENTLY daily"); then
    tap_is "REFRESH MATERIALIZED VIEW CONCURRENTLY adds the new rows to their day" "72 23" \
        "$(q "SELECT nps_responses(d1.ratings) || ' ' || duration_count(d2.resolution)
              FROM daily d1, daily d2 WHERE d1.day = '2026-12-31' AND d1.channel = 'chat'
                AND d2.day = '2026-12-31' AND d2.channel = 'phone'")"
else
    tap_result fail "REFRESH MATERIALIZED VIEW CONCURRENTLY adds the new rows to their day" "$out"
fi

# --- every window of the year, merged from the days vs from the raw rows -------------
q "CREATE TABLE windows (kind text, first_day date, last_day date);
   INSERT INTO windows
   -- weeks from Monday to Sunday (the first and last ones cut to the year)
   SELECT 'week', greatest(d::date, date '2026-01-01'), least(d::date + 6, date '2026-12-31')
       FROM generate_series(date '2025-12-29', date '2026-12-28', interval '7 days') AS d
   UNION ALL SELECT '28 days', d::date, d::date + 27
       FROM generate_series(date '2026-01-01', date '2026-12-04', interval '1 day') AS d
   UNION ALL SELECT 'quarter', d::date, (d + interval '3 months')::date - 1
       FROM generate_series(date '2026-01-01', date '2026-10-01', interval '3 months') AS d
   UNION ALL SELECT 'year', date '2026-01-01', date '2026-12-31';
   CREATE TABLE from_days AS
   SELECT kind, first_day, channel, nps_agg(ratings) AS ratings, dimension_agg(dimensions) AS dimensions,
          driver_agg(drivers) AS drivers, moment_agg(moments) AS moments, duration_agg(resolution) AS resolution,
          proportion_agg(fast_replies) AS fast_replies, timeline_set_agg(timelines) AS timelines,
          outcome_agg(resolved_in_a_day) AS resolved_in_a_day,
          duration_outcome_agg(resolved_by_reply) AS resolved_by_reply,
          funnel_agg(funnel) AS funnel,
          contact_agg(contacts) AS contacts, category_agg(reasons) AS reasons
   FROM windows JOIN daily ON day BETWEEN first_day AND last_day GROUP BY 1, 2, 3;
   CREATE TABLE from_surveys AS
   SELECT kind, first_day, channel, nps_agg(score) AS ratings, dimension_agg(dimensions) AS dimensions,
          driver_agg(score, dimensions) AS drivers, moment_agg(score, dimensions) AS moments
   FROM windows JOIN surveys ON answered_at::date BETWEEN first_day AND last_day GROUP BY 1, 2, 3;
   CREATE TABLE from_tickets AS
   SELECT kind, first_day, channel, duration_agg(resolved_at - opened_at) AS resolution,
          proportion_agg(first_reply_at - opened_at <= interval '1 hour') AS fast_replies,
          outcome_agg(first_reply_at - opened_at <= interval '1 hour',
                      resolved_at - opened_at <= interval '1 day') AS resolved_in_a_day,
          duration_outcome_agg(first_reply_at - opened_at, resolved_at - opened_at <= interval '1 day',
                               ARRAY[interval '30 minutes', interval '1 hour', interval '2 hours']) AS resolved_by_reply,
          percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY resolved_at - opened_at) AS exact_quantiles,
          contact_agg(id / 3 % 40, (ARRAY['damage', 'late', 'refund'])[1 + id / 360 % 3], opened_at, interval '3 days') AS contacts,
          category_agg((ARRAY['damage', 'late', 'refund', 'other'])[1 + (hashint4(id) & 3)]) AS reasons
   FROM windows JOIN tickets ON opened_at::date BETWEEN first_day AND last_day GROUP BY 1, 2, 3;
   CREATE TABLE from_events AS
   SELECT kind, first_day, channel, timeline_set_agg(id, stage, at) AS timelines
   FROM windows JOIN ticket_events ON opened_at::date BETWEEN first_day AND last_day GROUP BY 1, 2, 3;
   CREATE TABLE from_timelines AS
   SELECT kind, first_day, channel, funnel_agg(t) AS funnel
   FROM windows
   JOIN (SELECT opened_at::date AS day, channel, timeline_agg(stage, at) AS t FROM ticket_events GROUP BY 1, 2, id) AS c
       ON day BETWEEN first_day AND last_day GROUP BY 1, 2, 3;" >/dev/null
tap_is "windows: $(q "SELECT string_agg(n || ' ' || kind, ', ' ORDER BY min) FROM (SELECT kind, count(*) n, min(last_day - first_day) FROM windows GROUP BY 1) x"), each per channel" \
    "1188 1188 1188 1188" "$(q "SELECT (SELECT count(*) FROM from_days) || ' ' || (SELECT count(*) FROM from_surveys) || ' '
                                       || (SELECT count(*) FROM from_tickets) || ' ' || (SELECT count(*) FROM from_events)")"
# window_check NAME TABLE CONDITION: CONDITION holds for every window and channel
window_check() {
    tap_empty "$1" "$(q "SELECT string_agg(kind || ' from ' || first_day || ' ' || channel, ', ')
                          FROM from_days d JOIN $2 r USING (kind, first_day, channel) WHERE ($3) IS NOT TRUE")"
}
window_check "NPS ratings: the merged state is the state of the raw rows" from_surveys \
    "d.ratings::text = r.ratings::text"
window_check "satisfaction dimensions: answers equal, means and variances to 1e-9" from_surveys \
    "dimension_counts(d.dimensions) = dimension_counts(r.dimensions)
     AND sq_close(dimension_means(d.dimensions) || dimension_variances(d.dimensions),
                  dimension_means(r.dimensions) || dimension_variances(r.dimensions))"
window_check "drivers: pairs equal, correlations and importance to 1e-9" from_surveys \
    "(SELECT array_agg(n) FROM driver_analysis(d.drivers)) = (SELECT array_agg(n) FROM driver_analysis(r.drivers))
     AND sq_close(driver_correlations(d.drivers) || driver_importance(d.drivers),
                  driver_correlations(r.drivers) || driver_importance(r.drivers))"
window_check "driver moments: responses equal, means, standard deviations and correlations to 1e-9" from_surveys \
    "(SELECT responses || ' ' || incomplete FROM moment_summary(d.moments))
         = (SELECT responses || ' ' || incomplete FROM moment_summary(r.moments))
     AND sq_close((SELECT array_agg(x ORDER BY variable, k) FROM moment_means(d.moments), unnest(ARRAY[mean, stddev]) WITH ORDINALITY AS u(x, k)),
                  (SELECT array_agg(x ORDER BY variable, k) FROM moment_means(r.moments), unnest(ARRAY[mean, stddev]) WITH ORDINALITY AS u(x, k)))
     AND sq_close((SELECT array_agg(correlation ORDER BY variable1, variable2) FROM moment_correlations(d.moments)),
                  (SELECT array_agg(correlation ORDER BY variable1, variable2) FROM moment_correlations(r.moments)))"
window_check "resolution times: the merged state is the state of the raw rows" from_tickets \
    "d.resolution::text = r.resolution::text"
window_check "resolution p50, p90, p99 within 1% of percentile_disc" from_tickets \
    "(SELECT bool_and(abs(extract(epoch FROM q) - extract(epoch FROM x)) <= 0.01 * extract(epoch FROM x) + 1e-6)
      FROM unnest(duration_quantiles(d.resolution, ARRAY[0.5, 0.9, 0.99]), r.exact_quantiles) AS u(q, x))"
window_check "first replies within an hour: the merged proportion is the raw one" from_tickets \
    "d.fast_replies::text = r.fast_replies::text"
window_check "resolved in a day by fast reply (2x2): the merged state is the state of the raw rows" from_tickets \
    "d.resolved_in_a_day::text = r.resolved_in_a_day::text"
window_check "resolved in a day by reply-time bucket: the merged state is the state of the raw rows" from_tickets \
    "d.resolved_by_reply::text = r.resolved_by_reply::text"
window_check "ticket timelines: the merged set is the set of the raw events" from_events \
    "d.timelines::text = r.timelines::text"
window_check "ticket funnels: the merged funnel is the funnel of the raw timelines" from_timelines \
    "d.funnel::text = r.funnel::text AND funnel_cases(d.funnel) > 0"
window_check "repeat contacts: the merged state is the state of the raw rows (repeats across days found)" from_tickets \
    "d.contacts::text = r.contacts::text"
window_check "complaint categories: the merged counts are the raw ones" from_tickets \
    "d.reasons::text = r.reasons::text"
# a customer's tickets on a channel come 60 hours apart: the repeats lie across days
tap_is "repeat contacts: the year's repeats are more than the days' own" t "$(q "
    SELECT (SELECT sum(r.repeated) FROM from_days, contact_repeats(contacts) AS r WHERE kind = 'year')
         > 2 * (SELECT sum(r.repeated) FROM daily, contact_repeats(contacts) AS r)")"
echo "# largest quantile error over all windows: $(q "SELECT round(max(abs(extract(epoch FROM q) / extract(epoch FROM x) - 1))::numeric, 5)
    FROM from_days d JOIN from_tickets r USING (kind, first_day, channel),
    unnest(duration_quantiles(d.resolution, ARRAY[0.5, 0.9, 0.99]), r.exact_quantiles) AS u(q, x)")"

# --- incremental rollups, events arriving late ------------------------------------------
# Refund events, each with an arrival time: most arrive within minutes, every
# 4th refund's agreement 5 days late and every 7th refund's request a day late.
q "CREATE TABLE refund_events AS
   SELECT r AS refund_id, (ARRAY['north', 'south', 'west'])[1 + r % 3] AS shop, stage,
          timestamptz '2026-03-01 00:00+00' + r * interval '97 minutes' + offset_hours * interval '1 hour' AS at,
          timestamptz '2026-03-01 00:10+00' + r * interval '97 minutes' + offset_hours * interval '1 hour'
              + CASE WHEN stage = 'agreed' AND r % 4 = 0 THEN interval '5 days'
                     WHEN stage = 'requested' AND r % 7 = 0 THEN interval '1 day' ELSE interval '0' END AS arrived_at
   FROM generate_series(1, 600) AS r,
        LATERAL (VALUES ('requested', 0), ('responded', 1 + r % 9), ('agreed', 20 + r % 50),
                        ('succeeded', 70 + r % 90)) AS e(stage, offset_hours);
   CREATE TABLE refund_timelines (refund_id bigint PRIMARY KEY, shop text, timeline timeline_state NOT NULL);
   CREATE TABLE refund_timelines_reversed (LIKE refund_timelines INCLUDING ALL);
   CREATE TABLE shop_days (day date, shop text, refunds timeline_set NOT NULL, PRIMARY KEY (day, shop));
   CREATE TABLE batches AS
   SELECT d AS arrived_from, d + interval '1 day' AS arrived_to, row_number() OVER (ORDER BY d) AS n
   FROM generate_series(timestamptz '2026-03-01 00:00+00', timestamptz '2026-04-30 00:00+00', interval '1 day') AS d;
   CREATE PROCEDURE load_batch(target regclass, batch bigint) LANGUAGE plpgsql AS \$\$
   BEGIN
       EXECUTE format('INSERT INTO %s AS t
           SELECT refund_id, shop, timeline_agg(stage, at) FROM refund_events e JOIN batches b
             ON e.arrived_at >= b.arrived_from AND e.arrived_at < b.arrived_to
           WHERE b.n = %s GROUP BY refund_id, shop
           ON CONFLICT (refund_id) DO UPDATE SET timeline = t.timeline + excluded.timeline', target, batch);
       IF target = 'refund_timelines'::regclass THEN
           INSERT INTO shop_days AS t
           SELECT at::date, shop, timeline_set_agg(refund_id, stage, at) FROM refund_events e JOIN batches b
             ON e.arrived_at >= b.arrived_from AND e.arrived_at < b.arrived_to
           WHERE b.n = batch GROUP BY 1, 2
           ON CONFLICT (day, shop) DO UPDATE SET refunds = t.refunds + excluded.refunds;
       END IF;
   END \$\$;" >/dev/null
tap_is "late events: in $(q "SELECT count(*) FROM batches") daily batches, $(q "SELECT count(*) FROM refund_events WHERE arrived_at - at > interval '1 hour'") events arrive a day or more late" \
    0 "$(q "SELECT count(*) FROM refund_events WHERE arrived_at >= (SELECT max(arrived_to) FROM batches)")"
batch_errors=$(for n in $(q "SELECT n FROM batches ORDER BY n"); do q "CALL load_batch('refund_timelines', $n)"; done
    for n in $(q "SELECT n FROM batches ORDER BY n DESC"); do q "CALL load_batch('refund_timelines_reversed', $n)"; done)
tap_empty "every batch merges into the stored states with ON CONFLICT DO UPDATE" "$batch_errors"
tap_is "every refund's timeline equals the one built from all its events at once" "600 600" "$(q "
    SELECT count(*) || ' ' || count(*) FILTER (WHERE t.timeline::text = a.timeline::text)
    FROM refund_timelines t
    JOIN (SELECT refund_id, timeline_agg(stage, at) AS timeline FROM refund_events GROUP BY 1) a USING (refund_id)")"
tap_is "batches loaded in the reverse order give the same states" 0 "$(q "
    SELECT count(*) FROM refund_timelines t FULL JOIN refund_timelines_reversed r USING (refund_id)
    WHERE t.timeline::text IS DISTINCT FROM r.timeline::text")"
tap_is "a refund's events spread over several days merge into one timeline in the shop's merged sets" "600 600" "$(q "
    WITH merged AS (SELECT u.case_id, u.timeline FROM (SELECT shop, timeline_set_agg(refunds) AS s FROM shop_days GROUP BY shop) x,
                    unnest(x.s) AS u)
    SELECT count(*) || ' ' || count(*) FILTER (WHERE m.timeline::text = t.timeline::text)
    FROM merged m JOIN refund_timelines t ON t.refund_id = m.case_id")"
tap_is "refunds with events on more than one day" t "$(q "
    SELECT count(*) > 300 FROM (SELECT refund_id FROM refund_events GROUP BY 1 HAVING count(DISTINCT at::date) > 1) x")"

# --- monthly partitions, old months detached ----------------------------------------------
q "CREATE TABLE rollup (day date NOT NULL, channel text NOT NULL, ratings rating_state NOT NULL,
                        resolution duration_state NOT NULL, fast_replies proportion_state NOT NULL,
                        PRIMARY KEY (day, channel)) PARTITION BY RANGE (day);
   DO \$\$ BEGIN FOR m IN 1..12 LOOP
       EXECUTE format('CREATE TABLE rollup_%s PARTITION OF rollup FOR VALUES FROM (%L) TO (%L)', m,
                      make_date(2026, m, 1), make_date(2026, m, 1) + interval '1 month');
   END LOOP; END \$\$;
   INSERT INTO rollup SELECT day, channel, ratings, resolution, fast_replies FROM daily WHERE day < '2026-07-01';
   -- the second half of the year arrives in two halves of the raw rows, merged on conflict
   CREATE PROCEDURE load_half(half int) LANGUAGE sql AS \$\$
       INSERT INTO rollup AS t
       SELECT day, channel, s.ratings, c.resolution, c.fast_replies
       FROM (SELECT answered_at::date AS day, channel, nps_agg(score) AS ratings FROM surveys
             WHERE answered_at >= '2026-07-01' AND id % 2 = half GROUP BY 1, 2) s
       JOIN (SELECT opened_at::date AS day, channel, duration_agg(resolved_at - opened_at) AS resolution,
                    proportion_agg(first_reply_at - opened_at <= interval '1 hour') AS fast_replies
             FROM tickets WHERE opened_at >= '2026-07-01' AND id % 2 = half GROUP BY 1, 2) c USING (day, channel)
       ON CONFLICT (day, channel) DO UPDATE
       SET ratings = t.ratings + excluded.ratings, resolution = t.resolution + excluded.resolution,
           fast_replies = t.fast_replies + excluded.fast_replies
   \$\$;
   CALL load_half(0);
   CALL load_half(1);
   ALTER TABLE rollup DETACH PARTITION rollup_1;
   ALTER TABLE rollup DETACH PARTITION rollup_2;
   ALTER TABLE rollup DETACH PARTITION rollup_3;" >/dev/null
tap_is "three months detached: the partitioned table holds April to December" "2026-04-01 2026-12-31 825" \
    "$(q "SELECT min(day) || ' ' || max(day) || ' ' || count(*) FROM rollup")"
tap_is "the detached months are still queryable" "93 84 93" \
    "$(q "SELECT (SELECT count(*) FROM rollup_1) || ' ' || (SELECT count(*) FROM rollup_2) || ' ' || (SELECT count(*) FROM rollup_3)")"
tap_is "the year merged from the attached and detached months equals the raw rows' states" t "$(q "
    WITH months AS (SELECT * FROM rollup UNION ALL SELECT * FROM rollup_1 UNION ALL SELECT * FROM rollup_2
                    UNION ALL SELECT * FROM rollup_3)
    SELECT (SELECT nps_agg(ratings)::text FROM months) = (SELECT nps_agg(score)::text FROM surveys)
       AND (SELECT duration_agg(resolution)::text FROM months) = (SELECT duration_agg(resolved_at - opened_at)::text FROM tickets)
       AND (SELECT proportion_agg(fast_replies)::text FROM months)
           = (SELECT proportion_agg(first_reply_at - opened_at <= interval '1 hour')::text FROM tickets)")"

# --- a refresh scheduled with pg_cron -------------------------------------------------------
if sq_stage_add_package postgresql-15-cron >/dev/null 2>&1; then
    # background workers run the jobs: no connection to configure
    sq_cluster_start rollups_cron "shared_preload_libraries = 'pg_cron'" "cron.database_name = 'postgres'" \
        "cron.use_background_workers = on" "max_worker_processes = 16"
    q "CREATE EXTENSION pg_cron; CREATE EXTENSION svcquality; $raw_tables" >/dev/null
    q "INSERT INTO tickets SELECT 2000000 + i, 'email', timestamptz '2026-06-01 10:00+00', timestamptz '2026-06-01 10:05+00',
                                  timestamptz '2026-06-01 12:00+00' FROM generate_series(1, 5) i" >/dev/null
    tap_is "before the job runs, the rollup does not have the new tickets" 16 \
        "$(q "SELECT duration_count(resolution) FROM daily WHERE day = '2026-06-01' AND channel = 'email'")"
    job=$(q "SELECT cron.schedule('refresh daily', '* * * * *', 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily')")
    # pg_cron 1.4 schedules by the minute: the job starts within 60 s
    status=
    waited=$SECONDS
    for _ in $(seq 1 45); do
        status=$(q "SELECT status FROM cron.job_run_details WHERE jobid = $job AND status IN ('succeeded', 'failed') LIMIT 1")
        [ -n "$status" ] && break
        sleep 2
    done
    echo "# the job ran $((SECONDS - waited)) s after it was scheduled"
    [ "$status" = failed ] &&
        status="failed: $(q "SELECT return_message FROM cron.job_run_details WHERE jobid = $job LIMIT 1")"
    tap_is "pg_cron ran the scheduled REFRESH MATERIALIZED VIEW CONCURRENTLY" succeeded "${status:-no run within 90 s}"
    tap_is "after the scheduled refresh the rollup has the new tickets" 21 \
        "$(q "SELECT duration_count(resolution) FROM daily WHERE day = '2026-06-01' AND channel = 'email'")"
else
    tap_result fail "install pg_cron (postgresql-15-cron) into the server copy"
fi

tap_done
