-- The refund metrics of the after-sales methodology (docs/methodology.md section 3.4)
-- per shop, per refund path and per 28-day window, from the example CRM
-- schema of examples/refund_crm.sql.  Run after that file:
--
--   psql -f examples/refund_crm.sql -f examples/refund_metrics.sql
--
-- The pattern: one timeline per refund from its events plus the order's
-- shipping and receipt (NULL times are skipped), then the refund functions.
\pset footer off

CREATE TEMP TABLE refund_facts AS
SELECT r.refund_id, r.order_id, r.agent_id, o.shop_id, r.wrong_refund, r.misjudged,
       -- a timeline carries no amount: a partial refund is one for less than
       -- the order, read from the amounts of the rows
       r.amount < o.amount AS partial,
       t.timeline,
       refund_path(t.timeline) AS path,
       timeline_first(t.timeline, 'requested') AS requested_at,
       refund_completion_time(t.timeline) AS completion_time,
       refund_response_time(t.timeline) AS response_time,
       refund_handling_time(t.timeline) AS handling_time,
       refund_completed(t.timeline) AS completed,
       refund_intervened(t.timeline) AS intervened,
       refund_self_completed(t.timeline) AS self_completed,
       refund_intervened_self_completed(t.timeline) AS intervened_self_completed
FROM crm_refunds r
JOIN crm_orders o USING (order_id)
JOIN (SELECT refund_id, timeline_agg(stage, at) AS timeline
      FROM (SELECT refund_id, stage, at FROM crm_refund_events
            UNION ALL
            SELECT r.refund_id, s.stage, s.at
            FROM crm_refunds r JOIN crm_orders o USING (order_id),
                 LATERAL (VALUES ('shipped', o.shipped_at), ('received', o.received_at)) AS s(stage, at)
           ) AS events
      GROUP BY refund_id) AS t USING (refund_id)
WHERE timeline_first(t.timeline, 'requested') < timestamptz '2026-03-30 00:00+08';

-- 28-day windows from 2026-01-05 (a Monday): a refund belongs to the window
-- of its request, an order to the window of its payment.  The sample's
-- orders fill three windows; refunds requested after them are left out.
CREATE FUNCTION pg_temp.window_of(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE
    AS $$ SELECT date '2026-01-05' + 28 * floor(((at AT TIME ZONE 'Asia/Shanghai')::date - date '2026-01-05') / 28.0)::int $$;
CREATE FUNCTION pg_temp.hours(d interval) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT round((extract(epoch FROM d) / 3600)::numeric, 1) $$;

\qecho
\qecho 'Refund paths per shop (number of refunds)'
\qecho '========================================='
SELECT s.name AS shop,
       count(*) FILTER (WHERE refund_path_number(path) = 1) AS "1 not shipped",
       count(*) FILTER (WHERE refund_path_number(path) = 2) AS "2 shipped, not received",
       count(*) FILTER (WHERE refund_path_number(path) = 3) AS "3 received, refund only",
       count(*) FILTER (WHERE refund_path_number(path) = 4) AS "4 received, returned"
FROM refund_facts JOIN crm_shops s USING (shop_id)
GROUP BY s.shop_id, s.name ORDER BY s.shop_id;

\qecho
\qecho 'Refund completion time (退款完结时长), hours: total completion time / completed refunds'
\qecho '======================================================================================='
SELECT s.name AS shop, pg_temp.window_of(requested_at) AS window_start,
       pg_temp.hours(avg(completion_time)) AS "all paths",
       pg_temp.hours(avg(completion_time) FILTER (WHERE refund_path_number(path) = 1)) AS "path 1",
       pg_temp.hours(avg(completion_time) FILTER (WHERE refund_path_number(path) = 2)) AS "path 2",
       pg_temp.hours(avg(completion_time) FILTER (WHERE refund_path_number(path) = 3)) AS "path 3",
       pg_temp.hours(avg(completion_time) FILTER (WHERE refund_path_number(path) = 4)) AS "path 4",
       count(completion_time) AS completed
FROM refund_facts JOIN crm_shops s USING (shop_id)
GROUP BY s.shop_id, s.name, 2 ORDER BY s.shop_id, 2;

\qecho
\qecho 'Refund response time (退款响应时长), handling time of partial refunds on paths 1-3 and merchant-side handling on path 4, hours'
\qecho '========================================================================================================================='
-- The methodology's handling time on paths 1-3 is over partial refunds only
-- (docs/methodology.md section 3.4); drop "AND partial" for all of them.
SELECT s.name AS shop, pg_temp.window_of(requested_at) AS window_start,
       pg_temp.hours(avg(response_time)) AS response,
       pg_temp.hours(avg(handling_time) FILTER (WHERE refund_path_number(path) <= 3 AND partial)) AS "handling, partial, paths 1-3",
       count(handling_time) FILTER (WHERE refund_path_number(path) <= 3 AND partial) AS "partial, paths 1-3",
       pg_temp.hours(avg(handling_time) FILTER (WHERE refund_path_number(path) = 4)) AS "merchant-side, path 4"
FROM refund_facts JOIN crm_shops s USING (shop_id)
GROUP BY s.shop_id, s.name, 2 ORDER BY s.shop_id, 2;

\qecho
\qecho 'Refund dispute rate (退款纠纷率): refunds with platform intervention / paid transactions'
\qecho '======================================================================================='
SELECT s.name AS shop, x.window_start,
       proportion_successes(st) AS disputes, proportion_trials(st) AS paid_orders,
       round(100 * proportion(st)::numeric, 2) AS "rate %",
       format('%s to %s', round(100 * ci.lower::numeric, 2), round(100 * ci.upper::numeric, 2)) AS "95% CI %"
FROM (SELECT o.shop_id, pg_temp.window_of(o.paid_at) AS window_start,
             proportion_agg(coalesce(f.intervened, false)) AS st
      FROM crm_orders o LEFT JOIN refund_facts f USING (order_id)
      GROUP BY 1, 2) AS x
JOIN crm_shops s USING (shop_id),
     LATERAL proportion_ci(st) AS ci
ORDER BY s.shop_id, x.window_start;

\qecho
\qecho 'Self-completion rate (退款自主完结率) and intervened self-completion rate (介入自主完结率)'
\qecho '========================================================================================'
SELECT s.name AS shop, x.window_start,
       self_st AS "self-completed",
       round(100 * proportion(self_st)::numeric, 1) AS "rate %",
       format('%s to %s', round(100 * ci.lower::numeric, 1), round(100 * ci.upper::numeric, 1)) AS "95% CI %",
       intervened_st AS "intervened, self-completed"
FROM (SELECT shop_id, pg_temp.window_of(requested_at) AS window_start,
             proportion_agg(self_completed) AS self_st,
             proportion_agg(intervened_self_completed) AS intervened_st
      FROM refund_facts GROUP BY 1, 2) AS x
JOIN crm_shops s USING (shop_id),
     LATERAL proportion_ci(self_st) AS ci
ORDER BY s.shop_id, x.window_start;

\qecho
\qecho 'Wrong and misjudged refunds per agent (误退/误判笔数)'
\qecho '===================================================='
SELECT a.name AS agent, a.role, s.name AS shop, count(*) AS refunds,
       count(*) FILTER (WHERE wrong_refund) AS wrong, count(*) FILTER (WHERE misjudged) AS misjudged
FROM refund_facts f JOIN crm_agents a USING (agent_id) JOIN crm_shops s ON s.shop_id = a.shop_id
GROUP BY a.agent_id, a.name, a.role, s.name ORDER BY a.agent_id;

\qecho
\qecho 'The last 28 days as of each Monday, merged from daily rollups'
\qecho '============================================================='
-- Daily states in a table (a materialized view in production) answer any
-- range later: proportion states merge exactly, times add up.
CREATE TEMP TABLE refund_daily AS
SELECT shop_id, (requested_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
       proportion_agg(self_completed) AS self_completion,
       sum(completion_time) AS completion_total, count(completion_time) AS completed
FROM refund_facts GROUP BY 1, 2;
SELECT s.name AS shop, m.monday AS as_of,
       round(100 * proportion(proportion_agg(d.self_completion))::numeric, 1) AS "self-completion %",
       pg_temp.hours(sum(d.completion_total) / sum(d.completed)) AS "completion, hours",
       sum(d.completed) AS completed
FROM (SELECT date '2026-02-02' + 7 * i AS monday FROM generate_series(0, 7) AS i) AS m
JOIN refund_daily d ON d.day > m.monday - 28 AND d.day <= m.monday
JOIN crm_shops s USING (shop_id)
GROUP BY s.shop_id, s.name, m.monday
ORDER BY s.shop_id, m.monday;
