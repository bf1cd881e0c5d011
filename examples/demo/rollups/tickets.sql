-- The demo's rollups, tickets part (examples/demo/rollups.sql): the SLA
-- policies, one timeline per ticket with its SLA clocks in the working
-- hours of its team's calendar, and the daily states of surveys, tickets
-- and contacts.  Run after generate/tickets.sql.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- An SLA policy per channel (docs/sla.md): targets by priority in working
-- time of the team's calendar, and the demo's stage names in the roles
-- the SLA functions read.  A ticket waiting on the customer is pending; the
-- customer's answer is a message, not a change of status.
CREATE TABLE crm.sla_policies (channel text PRIMARY KEY REFERENCES crm.channels, policy jsonb NOT NULL);
INSERT INTO crm.sla_policies
SELECT channel, jsonb_build_object(
           'first_reply', jsonb_build_object('normal', fr[1], 'high', fr[2], 'urgent', fr[3]),
           'next_reply', jsonb_build_object('normal', nr[1], 'high', nr[2], 'urgent', nr[3]),
           'resolution', jsonb_build_object('normal', rs[1], 'high', rs[2], 'urgent', rs[3]),
           'default_priority', 'normal',
           'stages', jsonb_build_object('new', 'opened', 'open', 'reopened', 'pending', 'waiting_on_customer',
                                        'solved', 'resolved', 'customer_message', 'customer_replied',
                                        'agent_reply', 'replied'))
FROM (VALUES ('chat', '{5 minutes, 5 minutes, 3 minutes}'::text[], '{30 minutes, 20 minutes, 15 minutes}'::text[],
              '{8 hours, 6 hours, 4 hours}'::text[]),
             ('phone', '{5 minutes, 5 minutes, 3 minutes}', '{30 minutes, 20 minutes, 15 minutes}', '{8 hours, 6 hours, 4 hours}'),
             ('app', '{1 hour, 45 minutes, 30 minutes}', '{2 hours, 90 minutes, 1 hour}', '{16 hours, 12 hours, 8 hours}'),
             ('store', '{30 minutes, 20 minutes, 15 minutes}', '{2 hours, 90 minutes, 1 hour}', '{16 hours, 12 hours, 8 hours}'),
             ('email', '{4 hours, 3 hours, 2 hours}', '{4 hours, 3 hours, 2 hours}', '{24 hours, 16 hours, 12 hours}'),
             ('social', '{2 hours, 90 minutes, 1 hour}', '{4 hours, 3 hours, 2 hours}', '{24 hours, 16 hours, 12 hours}'))
     AS p(channel, fr, nr, rs);
COMMENT ON TABLE crm.sla_policies IS 'demo CRM: the SLA policy of each channel (targets by priority in working time of the team''s calendar; stage roles)';

\echo [rollups] ticket timelines and SLA clocks in business hours
-- One timeline per ticket in one pass over the events (timeline_set_agg;
-- a set per million tickets keeps each set far below the 1 GB a value may
-- take, at the large size too), then the SLA functions on it: the time
-- each clock ran, met or breached (NULL while a clock of an open ticket
-- runs within its target), and for a breached first reply the instant it
-- breached.
CREATE TABLE crm.ticket_facts AS
SELECT t.ticket_id, t.customer_id, t.channel, t.team, t.agent_id, t.topic, t.priority, t.opened_at,
       (t.opened_at AT TIME ZONE tm.tz)::date AS day, e.timeline,
       sla_time(e.timeline, 'first_reply', p.policy, calendar => tm.hours) AS first_reply,
       m.first_reply_met,
       CASE WHEN NOT m.first_reply_met
            THEN sla_breach_at(e.timeline, 'first_reply', p.policy, calendar => tm.hours) END AS first_reply_breach_at,
       sla_met(e.timeline, 'next_reply', p.policy, calendar => tm.hours) AS next_reply_met,
       sla_time(e.timeline, 'resolution', p.policy, calendar => tm.hours) AS resolution,
       sla_met(e.timeline, 'resolution', p.policy, calendar => tm.hours) AS resolution_met,
       timeline_reached(e.timeline, 'reopened') AS reopened
FROM (SELECT timeline_set_agg(ticket_id, stage, at) AS s FROM crm.ticket_events GROUP BY ticket_id / 1048576) AS g
CROSS JOIN LATERAL unnest(g.s) AS e
JOIN crm.tickets t ON t.ticket_id = e.case_id
JOIN crm.teams tm USING (team)
JOIN crm.sla_policies p USING (channel)
CROSS JOIN LATERAL (SELECT sla_met(e.timeline, 'first_reply', p.policy, calendar => tm.hours) AS first_reply_met
                    OFFSET 0) AS m;
COMMENT ON TABLE crm.ticket_facts IS 'demo: per ticket, its timeline and its SLA clocks and verdicts in working time of its team''s calendar';

\echo [rollups] daily states of surveys, tickets and contacts
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
       proportion_agg(first_reply_met) AS first_reply_met,
       proportion_agg(next_reply_met) AS next_reply_met,
       proportion_agg(resolution_met) AS resolution_met,
       duration_agg(first_reply_breach_at - opened_at) AS first_reply_breached_after,
       funnel_agg(timeline, ARRAY['opened', 'replied', 'waiting_on_customer', 'customer_replied', 'resolved', 'reopened'])
           AS funnel
FROM crm.ticket_facts GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX ON crm.daily_tickets (day, team, channel);
COMMENT ON MATERIALIZED VIEW crm.daily_tickets IS 'demo rollup: ticket SLA states and the stage funnel per day (team''s zone), team and channel';

-- Repeat contacts (docs/contacts.md): a contact state per day; merging
-- days finds the repeats across them.
CREATE MATERIALIZED VIEW crm.daily_contacts AS
SELECT day, contact_agg(customer_id, topic, opened_at, interval '7 days') AS contacts
FROM crm.ticket_facts GROUP BY day;
CREATE UNIQUE INDEX ON crm.daily_contacts (day);
COMMENT ON MATERIALIZED VIEW crm.daily_contacts IS 'demo rollup: contacts of customers on topics per day (team''s zone), repeats within 7 days';
ANALYZE crm.ticket_facts, crm.daily_surveys, crm.daily_tickets, crm.daily_contacts;
