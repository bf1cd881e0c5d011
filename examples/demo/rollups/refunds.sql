-- The demo's rollups, refunds part (examples/demo/rollups.sql): one
-- timeline per refund from its events and its order's shipping and
-- receipt, the refund's path, times and outcome, and the daily states of
-- refunds and orders.  Run after generate/refunds.sql.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

\echo [rollups] refund timelines
-- One timeline per refund in one pass over its events and its order's
-- shipping and receipt (timeline_set_agg, a set per million refunds).
CREATE TABLE crm.refund_facts AS
SELECT r.refund_id, o.shop_id, o.order_id, r.agent_id,
       (timeline_first(e.timeline, 'requested') AT TIME ZONE 'Asia/Shanghai')::date AS day,
       refund_path_number(refund_path(e.timeline)) AS path,
       refund_completion_time(e.timeline) AS completion_time,
       refund_response_time(e.timeline) AS response_time,
       refund_intervened(e.timeline) AS intervened,
       refund_self_completed(e.timeline) AS self_completed
FROM (SELECT timeline_set_agg(refund_id, stage, at) AS s
      FROM (SELECT refund_id, stage, at FROM crm.refund_events
            UNION ALL
            SELECT r.refund_id, s.stage, s.at
            FROM crm.refunds r JOIN crm.orders o USING (order_id),
                 LATERAL (VALUES ('shipped', o.shipped_at), ('received', o.received_at)) AS s(stage, at)) AS ev
      GROUP BY refund_id / 1048576) AS g
CROSS JOIN LATERAL unnest(g.s) AS e
JOIN crm.refunds r ON r.refund_id = e.case_id
JOIN crm.orders o USING (order_id);
COMMENT ON TABLE crm.refund_facts IS 'demo: per refund, its path, times and outcome from its timeline';

\echo [rollups] daily states of refunds and orders
CREATE MATERIALIZED VIEW crm.daily_refunds AS
SELECT day, shop_id, path, count(*) AS refunds,
       duration_agg(completion_time) AS completion, duration_agg(response_time) AS response,
       proportion_agg(intervened) AS disputed, proportion_agg(self_completed) AS self_completed
FROM crm.refund_facts GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX ON crm.daily_refunds (day, shop_id, path);
COMMENT ON MATERIALIZED VIEW crm.daily_refunds IS 'demo rollup: refund states per request day (Shanghai), shop and path';

CREATE MATERIALIZED VIEW crm.daily_orders AS
SELECT (paid_at AT TIME ZONE 'Asia/Shanghai')::date AS day, shop_id, count(*) AS paid_orders
FROM crm.orders GROUP BY 1, 2;
CREATE UNIQUE INDEX ON crm.daily_orders (day, shop_id);
COMMENT ON MATERIALIZED VIEW crm.daily_orders IS 'demo rollup: paid orders per day (Shanghai) and shop';
ANALYZE crm.refund_facts, crm.daily_refunds, crm.daily_orders;
