-- Views for BI tools (Metabase, Grafana, Superset): the demo's metrics over
-- its daily rollups (examples/demo/rollups.sql, docs/rollups.md), with
-- plain column types only: date, text, bigint, numeric, interval, boolean.
-- A BI tool cannot read svcquality's state types, and it does not need to:
-- each view reads the states and returns numbers, intervals and their
-- confidence bounds.  Dashboards that filter by day and group by month sum
-- the counts; rates and NPS over a range are in the monthly views (a rate
-- is not the mean of daily rates).
--
--   psql -f examples/demo/generate.sql -f examples/demo/rollups.sql -f examples/bi_views.sql
--
-- Point the BI tool at schema bi.  test/suites/demo.sh checks every view's
-- column types from the catalog and that each returns rows.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bi CASCADE;
CREATE SCHEMA bi;
COMMENT ON SCHEMA bi IS 'svcquality demo: views with plain column types for BI tools (examples/bi_views.sql)';

-- a share (0-1) as a percentage with two decimals
CREATE FUNCTION bi.pct(share float8) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT round((100 * share)::numeric, 2) $$;
COMMENT ON FUNCTION bi.pct(float8) IS 'a share of 1 as a percentage rounded to two decimals';

CREATE VIEW bi.nps_daily AS
SELECT day, channel, team, nps_responses(nps)::bigint AS responses,
       round(nps(nps)::numeric, 2) AS nps,
       bi.pct(nps_promoter_share(nps)) AS promoters_pct, bi.pct(nps_detractor_share(nps)) AS detractors_pct
FROM crm.daily_surveys;
COMMENT ON VIEW bi.nps_daily IS 'NPS per day, channel and team (responses, NPS, promoter and detractor percentages)';

CREATE VIEW bi.nps_monthly AS
SELECT m.month, m.channel, nps_responses(m.st)::bigint AS responses, round(nps(m.st)::numeric, 2) AS nps,
       round(ci.lower::numeric, 2) AS nps_ci_lower, round(ci.upper::numeric, 2) AS nps_ci_upper
FROM (SELECT date_trunc('month', day)::date AS month, channel, nps_agg(nps) AS st
      FROM crm.daily_surveys GROUP BY 1, 2) AS m,
     LATERAL nps_ci(m.st) AS ci;
COMMENT ON VIEW bi.nps_monthly IS 'NPS per month and channel with its 95% confidence interval';

CREATE VIEW bi.satisfaction_monthly AS
SELECT m.month, m.channel, rating_responses(m.csat)::bigint AS ratings, round(csat(m.csat)::numeric, 2) AS csat_pct,
       round(satisfaction_index(m.dims, ARRAY[25, 30, 10, 15, 10, 10])::numeric, 2) AS satisfaction_index
FROM (SELECT date_trunc('month', day)::date AS month, channel, csat_agg(csat) AS csat, dimension_agg(dimensions) AS dims
      FROM crm.daily_surveys GROUP BY 1, 2) AS m;
COMMENT ON VIEW bi.satisfaction_monthly IS 'CSAT (share rating 4-5 of 5) and the weighted satisfaction index (0-100) per month and channel';

CREATE VIEW bi.key_drivers AS
SELECT dimension, round(performance::numeric, 3) AS performance, round(correlation::numeric, 3) AS correlation,
       round(importance::numeric, 4) AS relative_weight, round(share::numeric, 2) AS share_pct, significant, quadrant
FROM driver_report((SELECT moment_agg(drivers) FROM crm.daily_surveys));
COMMENT ON VIEW bi.key_drivers IS 'key drivers of the overall rating over all responses: relative weights, share of R², importance-performance quadrant';

CREATE VIEW bi.sla_daily AS
SELECT day, team, channel, tickets,
       proportion_trials(first_reply_met)::bigint AS first_reply_measured,
       bi.pct(proportion(first_reply_met)) AS first_reply_met_pct,
       (proportion_trials(first_reply_met) - proportion_successes(first_reply_met))::bigint AS first_reply_breaches,
       bi.pct(proportion(next_reply_met)) AS next_reply_met_pct,
       (proportion_trials(next_reply_met) - proportion_successes(next_reply_met))::bigint AS next_reply_breaches,
       bi.pct(proportion(resolution_met)) AS resolution_met_pct,
       (proportion_trials(resolution_met) - proportion_successes(resolution_met))::bigint AS resolution_breaches,
       date_trunc('second', duration_quantile(first_reply, 0.5)) AS first_reply_p50,
       date_trunc('second', duration_quantile(first_reply, 0.9)) AS first_reply_p90,
       date_trunc('second', duration_quantile(resolution, 0.9)) AS resolution_p90
FROM crm.daily_tickets;
COMMENT ON VIEW bi.sla_daily IS 'SLA compliance in business hours per day, team and channel: shares met, breaches, reply and resolution quantiles (working time)';

CREATE VIEW bi.refunds_daily AS
SELECT r.day, s.name AS shop, s.category, r.path::bigint AS path, r.refunds,
       date_trunc('second', duration_mean(r.completion)) AS completion_mean,
       date_trunc('second', duration_quantile(r.completion, 0.9)) AS completion_p90,
       date_trunc('second', duration_quantile(r.response, 0.5)) AS response_p50,
       proportion_successes(r.disputed)::bigint AS disputes,
       bi.pct(proportion(r.self_completed)) AS self_completion_pct
FROM crm.daily_refunds r JOIN crm.shops s USING (shop_id);
COMMENT ON VIEW bi.refunds_daily IS 'refunds per request day, shop and path: completion and response times, disputes, self-completion';

CREATE VIEW bi.refund_rates_monthly AS
SELECT m.month, s.name AS shop, s.category, coalesce(o.paid_orders, 0) AS paid_orders, m.disputes,
       round((100.0 * m.disputes / nullif(o.paid_orders, 0))::numeric, 3) AS dispute_rate_pct,
       bi.pct(proportion(m.self_completed)) AS self_completion_pct,
       bi.pct(ci.lower) AS self_completion_ci_lower_pct, bi.pct(ci.upper) AS self_completion_ci_upper_pct
FROM (SELECT date_trunc('month', day)::date AS month, shop_id,
             sum(proportion_successes(disputed))::bigint AS disputes, proportion_agg(self_completed) AS self_completed
      FROM crm.daily_refunds GROUP BY 1, 2) AS m
LEFT JOIN (SELECT date_trunc('month', day)::date AS month, shop_id, sum(paid_orders)::bigint AS paid_orders
      FROM crm.daily_orders GROUP BY 1, 2) AS o USING (month, shop_id)
JOIN crm.shops s USING (shop_id),
     LATERAL proportion_ci(m.self_completed) AS ci;
COMMENT ON VIEW bi.refund_rates_monthly IS 'refund dispute rate (disputes / paid orders) and self-completion rate with its 95% interval, per month and shop';
