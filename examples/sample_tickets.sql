-- Service tickets for the demo: the event history of each ticket, the team
-- that handles it and its working hours, and the customer's CSAT rating.
-- Deterministic (hash-based), so the demo prints the same report every run.

-- Two teams, each with its business calendar: Shanghai with a lunch break
-- and the National Day holidays (plus an adjusted working Sunday), Berlin
-- with German Unity Day.
CREATE TABLE support_teams (
    team  text PRIMARY KEY,
    hours business_calendar NOT NULL
);
INSERT INTO support_teams VALUES
    ('Shanghai', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=2026-10-01..2026-10-07 workdays=2026-09-27:mon'),
    ('Berlin',   'v1 tz=Europe/Berlin mon-fri=08:00-17:00 holidays=2026-10-03');

CREATE TABLE tickets (
    ticket_id bigint PRIMARY KEY,
    channel   text NOT NULL,
    team      text NOT NULL REFERENCES support_teams,
    csat      smallint            -- 1-5 after the ticket closed; NULL if not answered
);
CREATE TABLE ticket_events (
    ticket_id bigint NOT NULL REFERENCES tickets,
    stage     text NOT NULL,      -- opened, responded, waiting_on_customer, customer_replied, resolved
    at        timestamptz NOT NULL
);

-- u(n, k): a deterministic uniform number in [0, 1) for ticket n, draw k
CREATE FUNCTION pg_temp.u(n bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT (hashint8(n * 16 + k) & 2147483647) / 2147483648.0 $$;

-- channel, tickets, first id, team, mean minutes to the first response
WITH channels(channel, n, first_id, team, response_minutes) AS (
    VALUES ('chat', 1600, 0, 'Shanghai', 6), ('app', 900, 10000, 'Shanghai', 45),
           ('phone', 700, 20000, 'Berlin', 3), ('email', 800, 30000, 'Berlin', 240)
)
INSERT INTO tickets
SELECT first_id + i, channel, team,
       CASE WHEN pg_temp.u(first_id + i, 1) < 0.35 THEN NULL
            ELSE 1 + least(4, floor(5 * pg_temp.u(first_id + i, 2) ^ (CASE channel WHEN 'email' THEN 1.3 ELSE 0.6 END)))::int
       END
FROM channels, generate_series(1, n) AS i;

WITH t AS (
    SELECT ticket_id, channel,
           -- opened at any time in the three weeks around National Day
           timestamptz '2026-09-21 00:00+08' + pg_temp.u(ticket_id, 3) * interval '24 days' AS opened,
           -(ln(1 - pg_temp.u(ticket_id, 4))) * (SELECT response_minutes FROM (VALUES ('chat', 6), ('app', 45), ('phone', 3), ('email', 240)) m(c, response_minutes) WHERE c = channel) * interval '1 minute' AS to_response,
           pg_temp.u(ticket_id, 5) < 0.3 AS waits,
           -(ln(1 - pg_temp.u(ticket_id, 6))) * interval '20 hours' AS waiting,
           -(ln(1 - pg_temp.u(ticket_id, 7))) * interval '6 hours' AS work
    FROM tickets
)
INSERT INTO ticket_events
SELECT ticket_id, 'opened', opened FROM t
UNION ALL SELECT ticket_id, 'responded', opened + to_response FROM t
UNION ALL SELECT ticket_id, 'waiting_on_customer', opened + to_response + interval '10 minutes' FROM t WHERE waits
UNION ALL SELECT ticket_id, 'customer_replied', opened + to_response + interval '10 minutes' + waiting FROM t WHERE waits
UNION ALL SELECT ticket_id, 'resolved',
                 opened + to_response + work + CASE WHEN waits THEN interval '10 minutes' + waiting ELSE interval '0' END
FROM t WHERE pg_temp.u(ticket_id, 8) < 0.96;   -- a few are still open
ANALYZE tickets, ticket_events;
