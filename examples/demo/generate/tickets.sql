-- The demo CRM generator, part 2 of 4 (examples/demo/generate.sql):
-- tickets with their status histories, a survey response per ticket, and
-- contact volumes per half hour.  Needs part 1 (generate/setup.sql).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT n, n / 4 AS customers FROM crm.settings \gset

\echo [generate] tickets and their events
-- A ticket: odd ids may be repeat contacts of the ticket just before them
-- (same customer and topic, days later), with the topic's repeat chance.
-- a category drawn by its share: width_bucket over the cumulative shares
SELECT array_agg(channel ORDER BY cum) AS channel_names, array_agg(cum ORDER BY cum) AS channel_cums FROM crm.channels \gset
SELECT array_agg(topic ORDER BY cum) AS topic_names, array_agg(cum ORDER BY cum) AS topic_cums FROM crm.topics \gset
CREATE TEMP TABLE base AS
SELECT i AS ticket_id,
       (:'channel_names'::text[])[1 + width_bucket(crm.u(i, 1), :'channel_cums'::float8[])] AS channel,
       (:'topic_names'::text[])[1 + width_bucket(crm.u(i, 2), :'topic_cums'::float8[])] AS topic,
       1 + (hashint8(i * 7) & 2147483647) % :customers AS customer_id,
       -- weekends: 60% of the contacts wait for Monday; the day peaks after lunch
       date '2026-01-01' + floor(181 * crm.u(i, 3))::int AS day,
       crm.u(i, 4) < 0.6 AS waits_for_monday,
       interval '7 hours' + (crm.u(i, 5) + crm.u(i, 6)) / 2 * interval '15 hours' AS local_time
FROM generate_series(1, :n) AS i;
ANALYZE base;    -- without statistics the join below sorts both sides on disk
-- the contact each odd ticket may repeat: the one just before it
CREATE TEMP TABLE pairs AS
SELECT b.*, p.channel AS p_channel, p.topic AS p_topic, p.customer_id AS p_customer_id,
       p.day + p.local_time AS p_local_at,
       b.ticket_id % 2 = 1 AND crm.u(b.ticket_id, 8) < pt.repeat_chance AS is_repeat
FROM base b
LEFT JOIN base p ON p.ticket_id = b.ticket_id - 1 AND b.ticket_id % 2 = 1
LEFT JOIN crm.topics pt ON pt.topic = p.topic;

CREATE TABLE crm.tickets AS
SELECT b.ticket_id, CASE WHEN b.is_repeat THEN b.p_customer_id ELSE b.customer_id END AS customer_id,
       c.channel, CASE WHEN pilot THEN 'Pilot' ELSE c.team END AS team,
       CASE WHEN pilot THEN (SELECT first_agent FROM crm.teams WHERE team = 'Pilot') + b.ticket_id % 4
            ELSE t.first_agent + (hashint8(b.ticket_id * 3) & 2147483647) % t.agents END AS agent_id,
       CASE WHEN b.is_repeat THEN b.p_topic ELSE b.topic END AS topic,
       (ARRAY['normal', 'normal', 'normal', 'normal', 'high', 'high', 'urgent', 'normal'])[1 + (hashint8(b.ticket_id * 5) & 7)] AS priority,
       CASE WHEN b.is_repeat
            THEN (b.p_local_at AT TIME ZONE t.tz) + crm.lognormal(b.ticket_id, 9, '1 day', 0.9)
            ELSE (b.day + CASE WHEN b.waits_for_monday AND extract(isodow FROM b.day) >= 6
                               THEN 8 - extract(isodow FROM b.day)::int ELSE 0 END
                  + b.local_time) AT TIME ZONE t.tz END AS opened_at,
       CASE WHEN b.is_repeat THEN b.ticket_id - 1 END AS repeat_of,
       extract(epoch FROM crm.lognormal(b.ticket_id, 10, c.handle_median, 0.5))::float8 AS handle_seconds
FROM pairs b
JOIN crm.channels c ON c.channel = CASE WHEN b.is_repeat THEN b.p_channel ELSE b.channel END
JOIN crm.teams t ON t.team = c.team
-- the pilot team takes about 150 chats, whatever the size
CROSS JOIN LATERAL (SELECT c.channel = 'chat' AND crm.u(b.ticket_id, 7) < 500.0 / :n AS pilot) AS pl;
ALTER TABLE crm.tickets ADD PRIMARY KEY (ticket_id);
ANALYZE crm.tickets;

-- The steps of a ticket in working time of its team's calendar: first
-- reply; 35% wait on the customer and get a next reply; 10% of the
-- normal and high tickets are escalated (to high, to urgent) after the
-- first reply; resolution; 8% reopen and resolve again; 3% stay open.
CREATE TEMP TABLE steps AS
SELECT ticket_id, hours, opened_at, priority,
       business_deadline(opened_at, crm.lognormal(ticket_id, 12, reply_median, reply_sigma), hours) AS replied_at,
       crm.u(ticket_id, 14) < 0.35 AS waits,
       crm.lognormal(ticket_id, 15, '6 hours', 1.0) AS customer_delay,
       crm.lognormal(ticket_id, 17, '50 minutes', 1.0) AS next_reply_work,
       crm.lognormal(ticket_id, 19, '3 hours', 1.1) AS resolve_work,
       crm.u(ticket_id, 21) < 0.10 AS priority_changes,
       crm.u(ticket_id, 22) < 0.08 AS reopens,
       crm.u(ticket_id, 23) < 0.03 AS still_open
FROM crm.tickets JOIN crm.teams USING (team) JOIN crm.channels USING (channel);
CREATE TEMP TABLE ticket_times AS
SELECT s.ticket_id, s.priority, s.opened_at, s.replied_at, w.waiting_at, w.customer_replied_at, w.next_reply_at,
       CASE WHEN s.priority_changes AND s.priority <> 'urgent' THEN s.replied_at + interval '20 minutes' END
           AS escalated_at,
       CASE WHEN NOT s.still_open THEN r.resolved_at END AS resolved_at,
       CASE WHEN s.reopens AND NOT s.still_open THEN r.resolved_at + r.reopen_delay END AS reopened_at,
       CASE WHEN s.reopens AND NOT s.still_open
            THEN r.resolved_at + r.reopen_delay + crm.lognormal(s.ticket_id, 26, '5 hours', 0.8) END AS resolved_again_at
FROM steps s,
     LATERAL (SELECT s.replied_at + interval '4 minutes' AS waiting_at,
                     s.replied_at + interval '4 minutes' + s.customer_delay AS customer_replied_at) AS w0,
     LATERAL (SELECT CASE WHEN s.waits THEN w0.waiting_at END AS waiting_at,
                     CASE WHEN s.waits THEN w0.customer_replied_at END AS customer_replied_at,
                     CASE WHEN s.waits THEN business_deadline(w0.customer_replied_at, s.next_reply_work, s.hours) END
                         AS next_reply_at) AS w,
     LATERAL (SELECT business_deadline(coalesce(w.next_reply_at, s.replied_at), s.resolve_work, s.hours) AS resolved_at,
                     crm.lognormal(s.ticket_id, 24, '2 days', 0.7) AS reopen_delay) AS r;
-- one row per event (UNION ALL of columns: cheaper than a lateral VALUES list);
-- a priority event names the priority ('priority:high', as help desks log
-- it): set at the opening unless normal, and at an escalation
CREATE TABLE crm.ticket_events AS
SELECT ticket_id, 'opened' AS stage, opened_at AS at FROM ticket_times
UNION ALL SELECT ticket_id, 'replied', replied_at FROM ticket_times
UNION ALL SELECT ticket_id, 'waiting_on_customer', waiting_at FROM ticket_times WHERE waiting_at IS NOT NULL
UNION ALL SELECT ticket_id, 'customer_replied', customer_replied_at FROM ticket_times WHERE customer_replied_at IS NOT NULL
UNION ALL SELECT ticket_id, 'replied', next_reply_at FROM ticket_times WHERE next_reply_at IS NOT NULL
UNION ALL SELECT ticket_id, 'priority:' || priority, opened_at FROM ticket_times WHERE priority <> 'normal'
UNION ALL SELECT ticket_id, CASE priority WHEN 'normal' THEN 'priority:high' ELSE 'priority:urgent' END, escalated_at
          FROM ticket_times WHERE escalated_at IS NOT NULL
UNION ALL SELECT ticket_id, 'resolved', resolved_at FROM ticket_times WHERE resolved_at IS NOT NULL
UNION ALL SELECT ticket_id, 'reopened', reopened_at FROM ticket_times WHERE reopened_at IS NOT NULL
UNION ALL SELECT ticket_id, 'resolved', resolved_again_at FROM ticket_times WHERE resolved_again_at IS NOT NULL;
COMMENT ON TABLE crm.ticket_events IS 'demo CRM: ticket status history (opened, replied, waiting_on_customer, customer_replied, resolved, reopened) and priorities (priority:high, priority:urgent; normal before any)';

\echo [generate] survey responses
-- One response per ticket, a day after it opened.  A latent satisfaction
-- (channel, April's drop, the customer) drives six dimensions on 1-5; the
-- overall rating depends on them with known weights (resolution most),
-- NPS on the overall rating.  Expectations are asked for two dimensions.
CREATE TABLE crm.survey_responses AS
SELECT t.ticket_id AS response_id, t.ticket_id, t.customer_id, t.channel, t.team, t.agent_id,
       t.opened_at + crm.lognormal(t.ticket_id, 30, '1 day', 0.5) AS answered_at,
       crm.score(7.6 + 2.4 * (0.7 * l.overall + 0.7 * crm.z(t.ticket_id, 32)), 0, 10) AS nps_score,
       crm.score(3.7 + 1.0 * l.overall, 1, 5) AS overall,
       d.responsiveness, d.resolution, d.professionalism, d.attitude, d.convenience, d.communication,
       crm.score(4.3 + 0.6 * crm.z(t.ticket_id, 34), 1, 5) AS expected_responsiveness,
       crm.score(4.5 + 0.5 * crm.z(t.ticket_id, 36), 1, 5) AS expected_resolution
FROM crm.tickets t
JOIN crm.channels c USING (channel)
CROSS JOIN LATERAL (
    SELECT c.nps_shift
           - CASE WHEN t.opened_at >= '2026-04-01 00:00+08' AND t.opened_at < '2026-05-01 00:00+08' THEN 0.45 ELSE 0 END
           + CASE WHEN t.team = 'Pilot' THEN 0.1 ELSE 0 END    -- an edge well within its noise
           + 0.8 * crm.z(t.ticket_id, 40) AS latent OFFSET 0) AS x
CROSS JOIN LATERAL (
    SELECT crm.score(3.8 + 0.9 * (0.6 * x.latent + 0.8 * crm.z(t.ticket_id, 42)), 1, 5) AS responsiveness,
           crm.score(3.7 + 1.0 * (0.7 * x.latent + 0.7 * crm.z(t.ticket_id, 44)), 1, 5) AS resolution,
           crm.score(4.0 + 0.8 * (0.5 * x.latent + 0.85 * crm.z(t.ticket_id, 46)), 1, 5) AS professionalism,
           crm.score(4.1 + 0.8 * (0.5 * x.latent + 0.85 * crm.z(t.ticket_id, 48)), 1, 5) AS attitude,
           crm.score(3.6 + 0.9 * (0.4 * x.latent + 0.9 * crm.z(t.ticket_id, 50)), 1, 5) AS convenience,
           crm.score(3.9 + 0.8 * (0.4 * x.latent + 0.9 * crm.z(t.ticket_id, 52)), 1, 5) AS communication OFFSET 0) AS d
CROSS JOIN LATERAL (
    -- overall on a standard scale: resolution 0.40, responsiveness 0.25, attitude 0.15,
    -- professionalism 0.10, convenience 0.05, communication 0.05, plus noise
    SELECT (0.40 * d.resolution + 0.25 * d.responsiveness + 0.15 * d.attitude + 0.10 * d.professionalism
            + 0.05 * d.convenience + 0.05 * d.communication - 3.85) / 0.55
           + 0.5 * crm.z(t.ticket_id, 54) AS overall OFFSET 0) AS l
WHERE crm.u(t.ticket_id, 56) < 1.0;    -- every ticket answers: n responses for n tickets
ALTER TABLE crm.survey_responses ADD PRIMARY KEY (response_id);


\echo [generate] interval volumes for staffing
-- Contacts per half hour and team, as a telephony or chat system exports them
CREATE TABLE crm.contact_volumes AS
SELECT team, channel, date_bin('30 minutes', opened_at, timestamptz '2026-01-01 00:00+00') AS starts_at,
       count(*)::int AS arrivals, avg(handle_seconds) AS mean_handle_seconds
FROM crm.tickets GROUP BY 1, 2, 3;
ALTER TABLE crm.contact_volumes ADD PRIMARY KEY (team, channel, starts_at);
ANALYZE crm.ticket_events, crm.survey_responses, crm.contact_volumes;
DROP TABLE base, pairs, steps, ticket_times;
