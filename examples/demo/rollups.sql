-- The demo's rollups (docs/rollups.md): one timeline per ticket and per
-- refund from their events, then daily states in materialized views.  The
-- report and the BI views (examples/bi_views.sql) read these, as a
-- dashboard would: any period, team or channel is a merge of days.
-- Run after examples/demo/generate.sql.
\set ON_ERROR_STOP 1

-- SLA targets in working hours of the team's calendar, per channel
CREATE TABLE crm.sla_targets (channel text PRIMARY KEY REFERENCES crm.channels,
                              first_reply interval, next_reply interval, resolution interval);
INSERT INTO crm.sla_targets VALUES
    ('chat', '5 minutes', '30 minutes', '8 hours'), ('phone', '5 minutes', '30 minutes', '8 hours'),
    ('app', '1 hour', '2 hours', '16 hours'), ('store', '30 minutes', '2 hours', '16 hours'),
    ('email', '4 hours', '4 hours', '24 hours'), ('social', '2 hours', '4 hours', '24 hours');
COMMENT ON TABLE crm.sla_targets IS 'demo CRM: SLA targets per channel, in working time of the team''s calendar';

\echo [rollups] ticket timelines and SLA clocks in business hours
CREATE TABLE crm.ticket_facts AS
SELECT t.ticket_id, t.channel, t.team, t.agent_id, t.topic, t.opened_at,
       (t.opened_at AT TIME ZONE tm.tz)::date AS day,
       timeline_duration(e.t, 'opened', 'replied', tm.hours) AS first_reply,
       timeline_duration(e.t, 'customer_replied', 'replied', tm.hours) AS next_reply,
       timeline_duration(e.t, 'opened', 'resolved', tm.hours) - timeline_time_in(e.t, 'waiting_on_customer', tm.hours)
           AS resolution,
       timeline_reached(e.t, 'reopened') AS reopened,
       s.first_reply AS first_reply_target, s.next_reply AS next_reply_target, s.resolution AS resolution_target
FROM crm.tickets t
JOIN (SELECT ticket_id, timeline_agg(stage, at) AS t FROM crm.ticket_events GROUP BY ticket_id) AS e USING (ticket_id)
JOIN crm.teams tm USING (team)
JOIN crm.sla_targets s USING (channel);
COMMENT ON TABLE crm.ticket_facts IS 'demo: per ticket, its SLA clocks in working time of its team''s calendar (waiting on the customer paused)';

\echo [rollups] refund timelines
CREATE TABLE crm.refund_facts AS
SELECT r.refund_id, o.shop_id, o.order_id, r.agent_id,
       (timeline_first(t.t, 'requested') AT TIME ZONE 'Asia/Shanghai')::date AS day,
       refund_path_number(refund_path(t.t)) AS path,
       refund_completion_time(t.t) AS completion_time,
       refund_response_time(t.t) AS response_time,
       refund_intervened(t.t) AS intervened,
       refund_self_completed(t.t) AS self_completed
FROM crm.refunds r
JOIN crm.orders o USING (order_id)
JOIN (SELECT refund_id, timeline_agg(stage, at) AS t
      FROM (SELECT refund_id, stage, at FROM crm.refund_events
            UNION ALL
            SELECT r.refund_id, s.stage, s.at
            FROM crm.refunds r JOIN crm.orders o USING (order_id),
                 LATERAL (VALUES ('shipped', o.shipped_at), ('received', o.received_at)) AS s(stage, at)) AS ev
      GROUP BY refund_id) AS t USING (refund_id);
COMMENT ON TABLE crm.refund_facts IS 'demo: per refund, its path, times and outcome from its timeline';

\echo [rollups] daily states
CREATE MATERIALIZED VIEW crm.daily_surveys AS
SELECT (answered_at AT TIME ZONE 'Asia/Shanghai')::date AS day, channel, team,
       nps_agg(nps_score) AS nps, csat_agg(overall) AS csat,
       dimension_agg(ARRAY[responsiveness, resolution, professionalism, attitude, convenience, communication]::float8[])
           AS dimensions,
       moment_agg(overall, ARRAY['responsiveness', 'resolution', 'professionalism', 'attitude', 'convenience',
                                 'communication'],
                  responsiveness, resolution, professionalism, attitude, convenience, communication) AS drivers
FROM crm.survey_responses GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX ON crm.daily_surveys (day, channel, team);
COMMENT ON MATERIALIZED VIEW crm.daily_surveys IS 'demo rollup: survey states per day (Shanghai), channel and team';

CREATE MATERIALIZED VIEW crm.daily_tickets AS
SELECT day, team, channel, count(*) AS tickets,
       duration_agg(first_reply) AS first_reply, duration_agg(resolution) AS resolution,
       proportion_agg(first_reply <= first_reply_target) AS first_reply_met,
       proportion_agg(next_reply <= next_reply_target) AS next_reply_met,
       proportion_agg(resolution <= resolution_target) AS resolution_met
FROM crm.ticket_facts GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX ON crm.daily_tickets (day, team, channel);
COMMENT ON MATERIALIZED VIEW crm.daily_tickets IS 'demo rollup: ticket SLA states per day (team''s zone), team and channel';

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
ANALYZE crm.ticket_facts, crm.refund_facts, crm.daily_surveys, crm.daily_tickets, crm.daily_refunds, crm.daily_orders;
