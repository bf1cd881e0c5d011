-- An example CRM refund schema with sample data: shops and their categories,
-- after-sales agents, paid orders (with shipping and receipt times), refunds
-- and the refund events the CRM logs.  12 weeks of a few thousand orders,
-- deterministic (hash-based), so examples/refund_metrics.sql prints the same
-- report on every run.  Tables are prefixed crm_.
CREATE EXTENSION IF NOT EXISTS svcquality;

CREATE TABLE crm_categories (
    category_id int PRIMARY KEY,
    name        text NOT NULL,
    parent_id   int REFERENCES crm_categories    -- NULL for a top-level category
);

CREATE TABLE crm_shops (
    shop_id     int PRIMARY KEY,
    name        text NOT NULL,
    category_id int NOT NULL REFERENCES crm_categories
);

CREATE TABLE crm_agents (
    agent_id int PRIMARY KEY,
    shop_id  int NOT NULL REFERENCES crm_shops,
    name     text NOT NULL,
    role     text NOT NULL CHECK (role IN ('refund processing', 'refund review', 'after-sales reception'))
);

-- A paid transaction.  shipped_at / received_at are NULL until it happens.
CREATE TABLE crm_orders (
    order_id    bigint PRIMARY KEY,
    shop_id     int NOT NULL REFERENCES crm_shops,
    paid_at     timestamptz NOT NULL,
    amount      numeric(10, 2) NOT NULL,
    shipped_at  timestamptz,
    received_at timestamptz
);

-- A refund request and what the CRM knows about it besides its events.
CREATE TABLE crm_refunds (
    refund_id       bigint PRIMARY KEY,
    order_id        bigint NOT NULL REFERENCES crm_orders,
    agent_id        int REFERENCES crm_agents,   -- the agent who handled it
    amount          numeric(10, 2) NOT NULL,
    return_required boolean NOT NULL,            -- return and refund, or refund only
    wrong_refund    boolean NOT NULL DEFAULT false,  -- refunded although it should not have been (误退)
    misjudged       boolean NOT NULL DEFAULT false   -- the review decided wrongly (误判)
);

-- The status history, as the CRM logs it: in arrival order, sometimes twice.
-- Stage names follow the refund vocabulary of the README (requested,
-- responded, agreed, refused, return_requested, return_shipped,
-- return_received, succeeded, closed, intervened, ruled).
CREATE TABLE crm_refund_events (
    refund_id bigint NOT NULL REFERENCES crm_refunds,
    stage     text NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX ON crm_refund_events (refund_id);

INSERT INTO crm_categories VALUES
    (1, 'apparel', NULL), (2, 'electronics', NULL), (3, 'groceries', NULL),
    (11, 'dresses', 1), (21, 'phones', 2), (31, 'snacks', 3);
INSERT INTO crm_shops VALUES
    (1, 'Blue Orchid', 11), (2, 'North Star Mobile', 21), (3, 'Morning Snacks', 31), (4, 'City Style', 11);
INSERT INTO crm_agents VALUES
    (101, 1, 'Lin', 'refund processing'), (102, 1, 'Zhou', 'refund review'),
    (201, 2, 'Chen', 'refund processing'), (202, 2, 'Wang', 'refund processing'),
    (301, 3, 'Li', 'refund processing'), (401, 4, 'Zhao', 'refund processing'),
    (402, 4, 'Sun', 'after-sales reception');

-- u(n): a deterministic uniform number in [0, 1)
CREATE FUNCTION pg_temp.u(n bigint) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT (hashint8(n) & 2147483647) / 2147483648.0 $$;

-- 6000 orders over 84 days (three 28-day windows from 2026-01-05); about
-- one in eight is refunded.  The refund's path decides the state of the
-- goods at the request: path 1 never ships, path 2 ships but is not
-- received, paths 3 and 4 are received first.
CREATE TEMP TABLE plan AS
SELECT o,
       1 + o % 4 AS shop_id,
       timestamptz '2026-01-05 00:00+08' + (o % 84) * interval '1 day'
           + (pg_temp.u(o * 7) * 14 + 8) * interval '1 hour' AS paid_at,
       round((20 + pg_temp.u(o * 7 + 1) * 180)::numeric, 2) AS amount,
       pg_temp.u(o * 7 + 2) < 0.12 AS refunded,
       CASE WHEN pg_temp.u(o * 7 + 3) < 0.25 THEN 1 WHEN pg_temp.u(o * 7 + 3) < 0.4 THEN 2
            WHEN pg_temp.u(o * 7 + 3) < 0.7 THEN 3 ELSE 4 END AS path,
       (6 + pg_temp.u(o * 7 + 4) * 30) * interval '1 hour' AS ship_delay,
       (30 + pg_temp.u(o * 7 + 5) * 60) * interval '1 hour' AS transit,
       -- shop 2 is slow with refunds, shop 3 fast
       CASE 1 + o % 4 WHEN 2 THEN 2.5 WHEN 3 THEN 0.5 ELSE 1.0 END AS slowness
FROM generate_series(1, 6000) AS o;

INSERT INTO crm_orders
SELECT o, shop_id, paid_at, amount,
       CASE WHEN refunded AND path = 1 THEN NULL ELSE paid_at + ship_delay END,
       CASE WHEN refunded AND path <= 2 THEN NULL ELSE paid_at + ship_delay + transit END
FROM plan;

INSERT INTO crm_refunds
SELECT o, o,
       CASE shop_id WHEN 1 THEN 101 WHEN 2 THEN 201 + (o / 4) % 2 WHEN 3 THEN 301 ELSE 401 END,
       round(amount * (CASE WHEN pg_temp.u(o * 11) < 0.3 THEN 0.5 ELSE 1 END), 2),
       path = 4,
       pg_temp.u(o * 11 + 1) < 0.02,
       pg_temp.u(o * 11 + 2) < 0.01
FROM plan WHERE refunded;

-- Each refund's story: request (a return-and-refund request also logs
-- return_requested); a response after some hours (not always logged); the
-- merchant agrees or, one time in six, refuses, and a refusal is disputed
-- (the platform intervenes) half of the time, ruled on in most disputes;
-- path 4 ships the goods back and the merchant inspects them before the
-- refund; one buyer in ten cancels (closed).
CREATE TEMP TABLE story AS
SELECT p.o, p.path, p.slowness,
       CASE p.path WHEN 1 THEN p.paid_at + p.ship_delay * pg_temp.u(p.o * 13)
                   WHEN 2 THEN p.paid_at + p.ship_delay + p.transit * pg_temp.u(p.o * 13)
                   ELSE p.paid_at + p.ship_delay + p.transit + (4 + pg_temp.u(p.o * 13) * 60) * interval '1 hour' END
           AS requested,
       pg_temp.u(p.o * 13 + 1) AS u_response, pg_temp.u(p.o * 13 + 2) AS u_decision,
       pg_temp.u(p.o * 13 + 3) AS u_dispute, pg_temp.u(p.o * 13 + 4) AS u_return,
       pg_temp.u(p.o * 13 + 5) AS u_cancel
FROM plan p WHERE p.refunded;

CREATE TEMP TABLE story_times AS
SELECT o, path, requested,
       CASE WHEN u_response < 0.9 THEN requested + slowness * (0.2 + u_response * 9) * interval '1 hour' END AS responded,
       requested + slowness * (0.5 + u_response * 12) * interval '1 hour' AS decided,
       u_decision < 1.0 / 6 AS refused,
       u_dispute < 0.5 AS disputed,
       u_dispute < 0.35 AS ruled,
       u_cancel < 0.1 AS cancelled,
       u_return
FROM story;

INSERT INTO crm_refund_events
SELECT o, stage, at
FROM story_times,
     LATERAL (VALUES
        ('requested', requested),
        ('responded', responded),
        ('refused', CASE WHEN refused THEN decided END),
        ('intervened', CASE WHEN refused AND disputed THEN decided + interval '20 hours' END),
        ('ruled', CASE WHEN refused AND ruled THEN decided + interval '70 hours' END),
        ('agreed', CASE WHEN refused AND disputed AND NOT ruled THEN decided + interval '30 hours'
                        WHEN NOT refused THEN decided END),
        ('return_requested', CASE WHEN path = 4 THEN requested END),
        ('return_shipped', CASE WHEN path = 4 AND NOT refused AND NOT cancelled
                                THEN decided + (10 + u_return * 30) * interval '1 hour' END),
        ('return_received', CASE WHEN path = 4 AND NOT refused AND NOT cancelled
                                 THEN decided + (50 + u_return * 50) * interval '1 hour' END),
        ('closed', CASE WHEN cancelled THEN decided + interval '2 hours'
                        WHEN refused AND NOT disputed THEN decided + interval '48 hours' END),
        ('succeeded', CASE WHEN cancelled OR (refused AND NOT disputed) THEN NULL
                           WHEN path = 4 AND NOT refused THEN decided + (60 + u_return * 60) * interval '1 hour'
                           WHEN refused AND ruled THEN decided + interval '71 hours'
                           WHEN refused THEN decided + interval '30 hours 10 minutes'
                           ELSE decided + interval '5 minutes' END)
     ) AS e(stage, at)
WHERE at IS NOT NULL
ORDER BY at;
-- the CRM sync logs one response in twenty twice
INSERT INTO crm_refund_events
SELECT refund_id, stage, at FROM crm_refund_events WHERE stage = 'responded' AND refund_id % 20 = 0;

ANALYZE crm_orders;
ANALYZE crm_refunds;
ANALYZE crm_refund_events;
