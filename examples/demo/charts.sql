-- The data of the demo's HTML report (examples/demo/report_html.js), one
-- JSON document from the demo's rollups.  Run with psql -At after
-- examples/demo/rollups.sql.
WITH
-- weekly NPS with its 95% interval and its control limits against the
-- first quarter as the baseline (nps_control_limits: 3 standard errors of
-- a week of that size around the baseline's NPS)
baseline AS (SELECT nps_agg(nps) AS st FROM crm.daily_surveys WHERE day < '2026-04-01'),
weeks AS (
    SELECT date_trunc('week', day)::date AS week, nps_agg(nps) AS st
    FROM crm.daily_surveys WHERE day BETWEEN '2026-01-05' AND '2026-06-28' GROUP BY 1),
nps_trend AS (
    SELECT json_agg(json_build_object(
               'week', w.week, 'nps', round(nps(w.st)::numeric, 2),
               'lower', round(ci.lower::numeric, 2), 'upper', round(ci.upper::numeric, 2),
               'centre', round(c.center::numeric, 2), 'lcl', round(c.lower::numeric, 2),
               'ucl', round(c.upper::numeric, 2), 'out_of_control', c.out_of_control)
           ORDER BY w.week) AS j
    FROM weeks w CROSS JOIN baseline b, LATERAL nps_ci(w.st) AS ci, LATERAL nps_control_limits(b.st, w.st) AS c),
refund_times AS (
    SELECT json_agg(json_build_object(
               'path', path,
               'hours', ARRAY(SELECT round((duration_quantile_seconds(c, q) / 3600)::numeric, 2)
                              FROM unnest(ARRAY[0.05, 0.25, 0.5, 0.75, 0.95]) AS q)) ORDER BY path) AS j
    FROM (SELECT path, duration_agg(completion) AS c FROM crm.daily_refunds GROUP BY path) AS p),
quadrant AS (
    SELECT json_agg(json_build_object('dimension', dimension, 'performance', round(performance::numeric, 3),
                                      'share', round(share::numeric, 2), 'quadrant', quadrant)) AS j
    FROM driver_report((SELECT moment_agg(drivers) FROM crm.daily_surveys))),
sla AS (
    SELECT json_agg(json_build_object('team', team,
                                      'first_reply', round(100 * proportion(fr)::numeric, 1),
                                      'next_reply', round(100 * proportion(nr)::numeric, 1),
                                      'resolution', round(100 * proportion(rs)::numeric, 1)) ORDER BY team) AS j
    FROM (SELECT team, proportion_agg(first_reply_met) AS fr, proportion_agg(next_reply_met) AS nr,
                 proportion_agg(resolution_met) AS rs
          FROM crm.daily_tickets GROUP BY team) AS t),
-- complaints: tickets whose survey rated them 1 or 2 of 5, by topic
pareto AS (
    SELECT json_agg(json_build_object('topic', topic, 'complaints', complaints, 'cumulative_pct', cumulative_pct)
                    ORDER BY complaints DESC, topic) AS j
    FROM (SELECT topic, complaints,
                 round(100.0 * sum(complaints) OVER (ORDER BY complaints DESC, topic) / sum(complaints) OVER (), 1)
                     AS cumulative_pct
          FROM (SELECT t.topic, count(*) AS complaints
                FROM crm.survey_responses s JOIN crm.tickets t USING (ticket_id)
                WHERE s.overall <= 2 GROUP BY t.topic) AS c) AS c),
-- the stage funnel: the tickets that reached each stage (funnel_agg's daily
-- states merged), in the order of the stages
funnel AS (
    SELECT json_agg(json_build_object('stage', stage, 'tickets', cases) ORDER BY position) AS j
    FROM funnel_stages((SELECT funnel_agg(funnel) FROM crm.daily_tickets)))
SELECT json_build_object('size', (SELECT size FROM crm.settings),
                         'nps_trend', (SELECT j FROM nps_trend), 'refund_times', (SELECT j FROM refund_times),
                         'quadrant', (SELECT j FROM quadrant), 'sla', (SELECT j FROM sla),
                         'pareto', (SELECT j FROM pareto), 'funnel', (SELECT j FROM funnel));
