-- The demo CRM generator, part 3 of 4 (examples/demo/generate.sql):
-- paid orders, refunds over the four paths and their events.  Needs part 1
-- (generate/setup.sql); independent of part 2.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT n, n / 4 AS customers FROM crm.settings \gset

\echo [generate] orders, refunds and their events
-- Three paid orders per refund; each order ships (log-normal, ~1 day) and
-- arrives (~3 days later).  A refund picks one of its three orders and a
-- path: 1 before shipping, 2 shipped not received, 3 received refund only,
-- 4 received and returned.
CREATE TABLE crm.orders AS
SELECT o AS order_id, 1 + (hashint8(o * 11) & 2147483647) % :customers AS customer_id,
       s.shop_id, p.paid_at,
       p.paid_at + crm.lognormal(o, 2, '20 hours', 0.6) AS shipped_at,
       p.paid_at + crm.lognormal(o, 2, '20 hours', 0.6) + crm.lognormal(o, 4, '3 days', 0.4) AS received_at
FROM generate_series(1, 3 * :n) AS o
CROSS JOIN LATERAL (SELECT ((date '2026-01-01' + floor(181 * crm.u(o, 6))::int)
                            + interval '8 hours' + (crm.u(o, 7) + crm.u(o, 8)) / 2 * interval '16 hours')
                           AT TIME ZONE 'Asia/Shanghai' AS paid_at) AS p
CROSS JOIN LATERAL (SELECT 1 + floor((SELECT count(*) FROM crm.shops) * crm.u(o, 9) ^ 1.6)::int AS shop_id) AS s;
ALTER TABLE crm.orders ADD PRIMARY KEY (order_id);
ANALYZE crm.orders, crm.shops;

CREATE TEMP TABLE refund_base AS
SELECT r.refund_id, o.order_id, o.shop_id, sh.quality, o.paid_at, o.shipped_at, o.received_at,
       p.path,
       CASE p.path WHEN 1 THEN o.paid_at + crm.u(r.refund_id, 3) * (o.shipped_at - o.paid_at)
                   WHEN 2 THEN o.shipped_at + crm.u(r.refund_id, 3) * (o.received_at - o.shipped_at)
                   ELSE o.received_at + crm.lognormal(r.refund_id, 4, '1 day', 0.8) END AS requested_at,
       (SELECT first_agent FROM crm.teams WHERE team = 'Shanghai')
           + (hashint8(r.refund_id * 13) & 2147483647) % (SELECT agents FROM crm.teams WHERE team = 'Shanghai') AS agent_id
FROM generate_series(1, :n) AS r(refund_id)
JOIN crm.orders o ON o.order_id = 3 * r.refund_id - (hashint8(r.refund_id) & 2147483647) % 3
JOIN crm.shops sh USING (shop_id)
CROSS JOIN LATERAL (SELECT CASE WHEN crm.u(r.refund_id, 1) < 0.30 THEN 1 WHEN crm.u(r.refund_id, 1) < 0.45 THEN 2
                                WHEN crm.u(r.refund_id, 1) < 0.65 THEN 3 ELSE 4 END AS path) AS p;

CREATE TABLE crm.refunds AS
SELECT refund_id, order_id, agent_id,
       crm.u(refund_id, 60) < 0.01 AS wrong_refund, crm.u(refund_id, 61) < 0.005 AS misjudged
FROM refund_base;
ALTER TABLE crm.refunds ADD PRIMARY KEY (refund_id);

-- The merchant responds (log-normal, slower at worse shops), agrees or
-- refuses; path 4 ships the goods back; 3-7% of refunds (worse shops more)
-- are disputed and the platform intervenes, ruling on 70% of them; 5% are
-- closed by the buyer; 2% are still open.
CREATE TEMP TABLE refund_steps AS
SELECT b.*, x.*,
       b.requested_at + crm.lognormal(b.refund_id, 10, CASE b.path WHEN 1 THEN interval '20 minutes' ELSE interval '2 hours' END * b.quality, 1.0)
           AS responded_at,
       b.requested_at + crm.lognormal(b.refund_id, 10, CASE b.path WHEN 1 THEN interval '20 minutes' ELSE interval '2 hours' END * b.quality, 1.0)
           + crm.lognormal(b.refund_id, 12, CASE b.path WHEN 1 THEN interval '10 minutes' WHEN 2 THEN interval '5 hours'
                                                       WHEN 3 THEN interval '8 hours' ELSE interval '3 hours' END * b.quality, 0.9)
           AS decided_at
FROM refund_base b
CROSS JOIN LATERAL (
    SELECT crm.u(b.refund_id, 20) < 0.03 * b.quality * CASE WHEN b.path = 1 THEN 0.2 ELSE 1.5 END AS disputed,
           crm.u(b.refund_id, 21) < 0.7 AS ruled,
           crm.u(b.refund_id, 22) < 0.05 AS buyer_closes,
           crm.u(b.refund_id, 23) < 0.02 AS still_open,
           crm.u(b.refund_id, 24) < 0.02 AS duplicated,
           crm.lognormal(b.refund_id, 26, '1 day', 0.6) AS return_transit,
           crm.lognormal(b.refund_id, 28, '2 days', 0.4) AS return_delivery,
           crm.lognormal(b.refund_id, 30, '10 hours', 0.8) AS inspection,
           crm.lognormal(b.refund_id, 32, '2 days', 0.5) AS dispute_delay,
           crm.lognormal(b.refund_id, 34, '1 day', 0.5) AS ruling_delay) AS x;
CREATE TEMP TABLE refund_times AS
SELECT s.refund_id, s.duplicated, s.requested_at,
       CASE WHEN s.path = 4 THEN s.requested_at END AS return_requested_at,
       s.responded_at,
       CASE WHEN s.disputed THEN 'refused' ELSE 'agreed' END AS decision, s.decided_at,
       r.return_shipped_at, r.return_received_at,
       CASE WHEN s.disputed THEN r.intervened_at END AS intervened_at,
       CASE WHEN s.disputed AND s.ruled THEN r.intervened_at + s.ruling_delay END AS ruled_at,
       CASE WHEN s.buyer_closes THEN 'closed' ELSE 'succeeded' END AS ending,
       CASE WHEN s.still_open THEN NULL
            WHEN s.disputed AND s.ruled THEN r.intervened_at + s.ruling_delay
            WHEN s.disputed THEN r.intervened_at + s.ruling_delay / 2
            WHEN s.path = 4 THEN r.return_received_at + s.inspection
            ELSE s.decided_at + interval '3 minutes' END AS ended_at
FROM refund_steps s,
     LATERAL (SELECT CASE WHEN s.path = 4 THEN s.decided_at + s.return_transit END AS return_shipped_at,
                     CASE WHEN s.path = 4 THEN s.decided_at + s.return_transit + s.return_delivery END AS return_received_at,
                     s.requested_at + s.dispute_delay AS intervened_at) AS r;
-- rows in no particular order (as a message queue delivers them); 2% of
-- the responses and successes are delivered twice
CREATE TABLE crm.refund_events AS
SELECT refund_id, 'requested' AS stage, requested_at AS at FROM refund_times
UNION ALL SELECT refund_id, 'return_requested', return_requested_at FROM refund_times WHERE return_requested_at IS NOT NULL
UNION ALL SELECT refund_id, 'responded', responded_at FROM refund_times
UNION ALL SELECT refund_id, decision, decided_at FROM refund_times
UNION ALL SELECT refund_id, 'return_shipped', return_shipped_at FROM refund_times WHERE return_shipped_at IS NOT NULL
UNION ALL SELECT refund_id, 'return_received', return_received_at FROM refund_times WHERE return_received_at IS NOT NULL
UNION ALL SELECT refund_id, 'intervened', intervened_at FROM refund_times WHERE intervened_at IS NOT NULL
UNION ALL SELECT refund_id, 'ruled', ruled_at FROM refund_times WHERE ruled_at IS NOT NULL
UNION ALL SELECT refund_id, ending, ended_at FROM refund_times WHERE ended_at IS NOT NULL
UNION ALL SELECT refund_id, 'responded', responded_at FROM refund_times WHERE duplicated
UNION ALL SELECT refund_id, 'succeeded', ended_at FROM refund_times WHERE duplicated AND ending = 'succeeded' AND ended_at IS NOT NULL;
COMMENT ON TABLE crm.refund_events IS 'demo CRM: refund events, unordered, some delivered twice; shipping and receipt are in crm.orders';
ANALYZE crm.refunds, crm.refund_events;
DROP TABLE refund_base, refund_steps, refund_times;
