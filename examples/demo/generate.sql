-- The demo CRM: a deterministic, set-based generator of a shop platform's
-- after-sales data, in schema crm.  Run with psql:
--
--   psql -v size=small   -f examples/demo/generate.sql   -- 5 000 of each, seconds (tests)
--   psql                 -f examples/demo/generate.sql   -- default: 1 000 000 of each
--   psql -v size=large   -f examples/demo/generate.sql   -- 5 000 000 of each (benchmarks)
--
-- "Of each": survey responses, tickets and refunds; their events, orders,
-- customers, agents and interval volumes scale with them.  Every random
-- draw is a hash of a row's id and a draw number (crm.u), so the same size
-- gives the same data on every run and machine: no row loops, no random().
--
-- Shapes built in, for the report to find:
--   * durations are log-normal (a median and a spread per channel and step);
--   * weekly and daily seasonality: weekend contacts partly wait for Monday,
--     a day peaks in the afternoon;
--   * the social channel is clearly worse (slower, lower NPS);
--   * NPS drops in April 2026 (a delivery partner's strike);
--   * contacts about installation are repeated within 7 days more than 15%
--     of the time;
--   * the pilot team (4 agents) looks best, by the luck of small numbers:
--     its customers are as satisfied as everyone's, but it has few answers;
--   * refunds follow the four paths, with out-of-order and duplicated event
--     rows, disputes and platform rulings.
-- Requires the svcquality extension (business calendars).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\if :{?size}
\else
\set size default
\endif

-- check the size before anything is dropped
SET svcquality_demo.size = :'size';
DO $$
BEGIN
    IF current_setting('svcquality_demo.size') NOT IN ('small', 'default', 'large') THEN
        RAISE EXCEPTION 'unknown demo size "%"', current_setting('svcquality_demo.size')
            USING ERRCODE = '22023', HINT = 'Use small, default or large.';
    END IF;
END $$;

DROP SCHEMA IF EXISTS crm CASCADE;
CREATE SCHEMA crm;
COMMENT ON SCHEMA crm IS 'The svcquality demo CRM (examples/demo/generate.sql)';

-- u(id, k): draw k of row id, uniform in (0, 1)
CREATE FUNCTION crm.u(id bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ((hashint8(id * 64 + k) & 2147483647)::float8 + 0.5) / 2147483648.0::float8 $$;
-- z(id, k): a standard normal deviate from draws k and k + 1 (Box-Muller)
CREATE FUNCTION crm.z(id bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT sqrt(-2 * ln(crm.u(id, k))) * cos(2 * pi() * crm.u(id, k + 1)) $$;
-- lognormal(id, k, median, sigma): a log-normal duration
CREATE FUNCTION crm.lognormal(id bigint, k int, median interval, sigma float8) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT median * exp(sigma * crm.z(id, k)) $$;
-- score(x, lo, hi): a latent value rounded onto a rating scale
CREATE FUNCTION crm.score(x float8, lo int, hi int) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT greatest(lo, least(hi, round(x)))::smallint $$;
COMMENT ON FUNCTION crm.u(bigint, int) IS 'demo generator: draw k of row id, uniform in (0, 1)';
COMMENT ON FUNCTION crm.z(bigint, int) IS 'demo generator: a standard normal deviate (Box-Muller of draws k, k + 1)';
COMMENT ON FUNCTION crm.lognormal(bigint, int, interval, float8) IS 'demo generator: a log-normal duration';
COMMENT ON FUNCTION crm.score(float8, int, int) IS 'demo generator: a latent value rounded onto a rating scale';

CREATE TABLE crm.settings AS
SELECT :'size'::text AS size,
       CASE :'size' WHEN 'small' THEN 5000 WHEN 'default' THEN 1000000 WHEN 'large' THEN 5000000 END AS n,
       date '2026-01-01' AS first_day, date '2026-06-30' AS last_day;
SELECT n AS n, n / 4 AS customers FROM crm.settings \gset
\echo [generate] size :size: :n survey responses, :n tickets, :n refunds

-- Teams and their business calendars: holidays, adjusted working days
-- (Chinese make-up Saturdays) and short days.
CREATE TABLE crm.teams (
    team text PRIMARY KEY,
    hours business_calendar NOT NULL,
    tz text NOT NULL,
    agents int NOT NULL,
    first_agent int NOT NULL
);
INSERT INTO crm.teams VALUES
    ('Shanghai', 'v2 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 sat=10:00-16:00
                  holidays=2026-01-01..2026-01-03,2026-02-15..2026-02-23,2026-04-04..2026-04-06,2026-05-01..2026-05-05
                  workdays=2026-01-04:mon,2026-02-14:mon,2026-02-28:fri,2026-05-09:fri
                  2026-02-13,2026-04-30=09:00-12:00', 'Asia/Shanghai', 0, 0),
    ('Chengdu', 'v2 tz=Asia/Shanghai mon-sun=08:00-20:00
                 holidays=2026-02-16..2026-02-18 2026-02-15=08:00-12:00', 'Asia/Shanghai', 0, 0),
    ('Berlin', 'v2 tz=Europe/Berlin mon-fri=08:00-17:00
                holidays=2026-01-01,2026-04-03,2026-04-06,2026-05-01,2026-05-14,2026-05-25
                2026-04-02=08:00-12:00', 'Europe/Berlin', 0, 0),
    ('Pilot', 'v1 tz=Asia/Shanghai mon-fri=09:00-18:00
               holidays=2026-01-01,2026-02-16..2026-02-20,2026-05-01', 'Asia/Shanghai', 4, 0);
-- agents: 4 in the pilot team, the rest split 40:30:30
UPDATE crm.teams SET agents = CASE team WHEN 'Shanghai' THEN greatest(8, :n / 2500)
                                        WHEN 'Chengdu' THEN greatest(6, :n / 3300)
                                        WHEN 'Berlin' THEN greatest(6, :n / 3300) ELSE 4 END;
UPDATE crm.teams t SET first_agent = f.first_agent
FROM (SELECT team, 1 + coalesce(sum(agents) OVER (ORDER BY team ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS first_agent
      FROM crm.teams) AS f WHERE f.team = t.team;

CREATE TABLE crm.agents AS
SELECT t.first_agent + k AS agent_id, t.team, format('%s agent %s', t.team, k + 1) AS name
FROM crm.teams t, generate_series(0, t.agents - 1) AS k;
ALTER TABLE crm.agents ADD PRIMARY KEY (agent_id);

-- Channels: mix, owning team, log-normal first reply (median, spread),
-- handling time, and the NPS shift of the channel (social is clearly worse).
CREATE TABLE crm.channels (channel text PRIMARY KEY, share float8, cum float8, team text,
                           reply_median interval, reply_sigma float8, handle_median interval, nps_shift float8);
INSERT INTO crm.channels
SELECT channel, share, sum(share) OVER (ORDER BY ord), team, reply_median, reply_sigma, handle_median, nps_shift
FROM (VALUES (1, 'chat', 0.30, 'Shanghai', interval '3 minutes', 1.0, interval '6 minutes', 0.15),
             (2, 'app', 0.18, 'Shanghai', '25 minutes', 1.1, '8 minutes', 0.1),
             (3, 'phone', 0.20, 'Chengdu', '2 minutes', 0.8, '7 minutes', 0.1),
             (4, 'store', 0.05, 'Chengdu', '10 minutes', 0.9, '12 minutes', 0.25),
             (5, 'email', 0.15, 'Berlin', '3 hours', 1.0, '15 minutes', 0.0),
             (6, 'social', 0.12, 'Berlin', '9 hours', 1.3, '20 minutes', -0.75))
     AS c(ord, channel, share, team, reply_median, reply_sigma, handle_median, nps_shift);

CREATE TABLE crm.topics (topic text PRIMARY KEY, share float8, cum float8, repeat_chance float8);
INSERT INTO crm.topics
SELECT topic, share, sum(share) OVER (ORDER BY ord), repeat_chance
FROM (VALUES (1, 'delivery', 0.34, 0.10), (2, 'refund', 0.24, 0.10), (3, 'product quality', 0.18, 0.08),
             (4, 'account', 0.12, 0.06), (5, 'installation', 0.12, 0.45))
     AS t(ord, topic, share, repeat_chance);

CREATE TABLE crm.customers AS
SELECT c AS customer_id,
       (ARRAY['consumer', 'consumer', 'consumer', 'small business', 'enterprise'])[1 + (hashint8(c) & 7) % 5] AS segment,
       crm.u(c, 1) < 0.05 AS vip
FROM generate_series(1, :customers) AS c;
ALTER TABLE crm.customers ADD PRIMARY KEY (customer_id);

-- Shops and their top-level categories; the platinum values of each
-- category for the after-sales composite.
CREATE TABLE crm.shops AS
SELECT s AS shop_id, format('shop %s', s) AS name,
       (ARRAY['apparel', 'electronics', 'home', 'beauty', 'food'])[1 + (s - 1) % 5] AS category,
       0.5 + crm.u(s, 1) AS quality      -- < 1 is a better shop, > 1 a worse one
FROM generate_series(1, CASE WHEN :n < 100000 THEN 20 ELSE 60 END) AS s;
ALTER TABLE crm.shops ADD PRIMARY KEY (shop_id);
CREATE TABLE crm.category_benchmarks (category text PRIMARY KEY, dispute_rate float8,
                                      completion_hours float8, self_completion float8);
INSERT INTO crm.category_benchmarks VALUES
    ('apparel', 0.002, 30, 0.99), ('electronics', 0.004, 40, 0.98), ('home', 0.003, 36, 0.98),
    ('beauty', 0.002, 28, 0.99), ('food', 0.001, 20, 0.995);

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
-- reply; 35% wait on the customer and get a next reply; 10% change
-- priority; resolution; 8% reopen and resolve again; 3% stay open.
CREATE TEMP TABLE steps AS
SELECT ticket_id, hours, opened_at,
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
SELECT s.ticket_id, s.opened_at, s.replied_at, w.waiting_at, w.customer_replied_at, w.next_reply_at,
       CASE WHEN s.priority_changes THEN s.replied_at + interval '20 minutes' END AS priority_changed_at,
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
-- one row per event (UNION ALL of columns: cheaper than a lateral VALUES list)
CREATE TABLE crm.ticket_events AS
SELECT ticket_id, 'opened' AS stage, opened_at AS at FROM ticket_times
UNION ALL SELECT ticket_id, 'replied', replied_at FROM ticket_times
UNION ALL SELECT ticket_id, 'waiting_on_customer', waiting_at FROM ticket_times WHERE waiting_at IS NOT NULL
UNION ALL SELECT ticket_id, 'customer_replied', customer_replied_at FROM ticket_times WHERE customer_replied_at IS NOT NULL
UNION ALL SELECT ticket_id, 'replied', next_reply_at FROM ticket_times WHERE next_reply_at IS NOT NULL
UNION ALL SELECT ticket_id, 'priority_changed', priority_changed_at FROM ticket_times WHERE priority_changed_at IS NOT NULL
UNION ALL SELECT ticket_id, 'resolved', resolved_at FROM ticket_times WHERE resolved_at IS NOT NULL
UNION ALL SELECT ticket_id, 'reopened', reopened_at FROM ticket_times WHERE reopened_at IS NOT NULL
UNION ALL SELECT ticket_id, 'resolved', resolved_again_at FROM ticket_times WHERE resolved_again_at IS NOT NULL;
COMMENT ON TABLE crm.ticket_events IS 'demo CRM: ticket status history (opened, replied, waiting_on_customer, customer_replied, priority_changed, resolved, reopened)';

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

\echo [generate] interval volumes for staffing
-- Contacts per half hour and team, as a telephony or chat system exports them
CREATE TABLE crm.contact_volumes AS
SELECT team, channel, date_bin('30 minutes', opened_at, timestamptz '2026-01-01 00:00+00') AS starts_at,
       count(*)::int AS arrivals, avg(handle_seconds) AS mean_handle_seconds
FROM crm.tickets GROUP BY 1, 2, 3;
ALTER TABLE crm.contact_volumes ADD PRIMARY KEY (team, channel, starts_at);

COMMENT ON TABLE crm.settings IS 'demo CRM: the generated size';
COMMENT ON TABLE crm.teams IS 'demo CRM: support teams, their business calendars and agents';
COMMENT ON TABLE crm.agents IS 'demo CRM: agents and their teams';
COMMENT ON TABLE crm.channels IS 'demo CRM: contact channels and the parameters they were generated with';
COMMENT ON TABLE crm.topics IS 'demo CRM: contact topics and their chance of a repeat contact';
COMMENT ON TABLE crm.customers IS 'demo CRM: customers, segment and VIP flag';
COMMENT ON TABLE crm.shops IS 'demo CRM: shops and their top-level categories';
COMMENT ON TABLE crm.category_benchmarks IS 'demo CRM: platinum values of the after-sales composite per category';
COMMENT ON TABLE crm.tickets IS 'demo CRM: service tickets (contacts), topic, channel, team, agent; repeat_of links a repeat contact';
COMMENT ON TABLE crm.survey_responses IS 'demo CRM: survey responses: NPS 0-10, overall 1-5, six dimensions and two expectations 1-5';
COMMENT ON TABLE crm.orders IS 'demo CRM: paid orders, shipping and receipt';
COMMENT ON TABLE crm.refunds IS 'demo CRM: refunds, the order and the handling agent';
COMMENT ON TABLE crm.contact_volumes IS 'demo CRM: contacts per half hour, team and channel';
ANALYZE crm.customers, crm.agents, crm.ticket_events, crm.survey_responses, crm.refunds, crm.refund_events, crm.contact_volumes;
SELECT (SELECT count(*) FROM crm.survey_responses) AS survey_responses,
       (SELECT count(*) FROM crm.tickets) AS tickets, (SELECT count(*) FROM crm.ticket_events) AS ticket_events,
       (SELECT count(*) FROM crm.refunds) AS refunds, (SELECT count(*) FROM crm.refund_events) AS refund_events,
       (SELECT count(*) FROM crm.orders) AS orders \gx
