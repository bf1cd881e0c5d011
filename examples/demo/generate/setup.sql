-- The demo CRM generator, part 1 of 4 (examples/demo/generate.sql): the
-- size, the deterministic draw functions, teams with their calendars,
-- agents, channels, topics, customers and shops.  Run with psql -v size=...
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
ANALYZE crm.customers, crm.agents, crm.shops;
CREATE TABLE crm.category_benchmarks (category text PRIMARY KEY, dispute_rate float8,
                                      completion_hours float8, self_completion float8);
INSERT INTO crm.category_benchmarks VALUES
    ('apparel', 0.002, 30, 0.99), ('electronics', 0.004, 40, 0.98), ('home', 0.003, 36, 0.98),
    ('beauty', 0.002, 28, 0.99), ('food', 0.001, 20, 0.995);

