-- The demo's second report: response and resolution times of the service
-- tickets, SLA compliance in business hours, and customer satisfaction.
\pset footer off
\echo
\echo 'Service tickets by channel: first response and resolution'
\echo '========================================================='
\echo 'Calendar time (p50, p90 within 1%), and the share answered within the SLA'
\echo 'in the team''s working hours (2 working hours; chat and phone: 15 minutes),'
\echo 'with its 95% Wilson interval.'
WITH per_ticket AS (
    SELECT tk.channel, tk.team, timeline_agg(e.stage, e.at) AS t
    FROM ticket_events e JOIN tickets tk USING (ticket_id)
    GROUP BY tk.ticket_id, tk.channel, tk.team
),
measured AS (
    SELECT channel,
           timeline_duration(t, 'opened', 'responded') AS response,
           timeline_duration(t, 'opened', 'responded', hours)
               <= CASE WHEN channel IN ('chat', 'phone') THEN interval '15 minutes' ELSE interval '2 hours' END
               AS within_sla,
           timeline_duration(t, 'opened', 'resolved') - timeline_time_in(t, 'waiting_on_customer') AS resolution
    FROM per_ticket JOIN support_teams USING (team)
)
SELECT channel, duration_count(r) AS tickets,
       date_trunc('second', duration_quantile(r, 0.5)) AS response_p50,
       date_trunc('second', duration_quantile(r, 0.9)) AS response_p90,
       round(100 * proportion(sla)) || '%' AS within_sla,
       format('%s-%s%%', round(100 * ci.lower), round(100 * ci.upper)) AS "95% CI",
       round(extract(epoch FROM duration_quantile(res, 0.5)) / 3600, 1) AS resolution_p50_h
FROM (SELECT channel, duration_agg(response) AS r, proportion_agg(within_sla) AS sla,
             duration_agg(resolution) AS res
      FROM measured GROUP BY channel) AS s,
     LATERAL proportion_ci(sla) AS ci
ORDER BY channel;

\echo
\echo 'Customer satisfaction (CSAT: share rating 4-5 of 5) by channel'
\echo '==============================================================='
SELECT channel, nps_responses(r) AS ratings, round(rating_mean(r)::numeric, 2) AS mean,
       round(csat(r)::numeric, 1) || '%' AS csat,
       format('%s-%s%%', round(ci.lower::numeric, 1), round(ci.upper::numeric, 1)) AS "95% CI"
FROM (SELECT channel, csat_agg(csat) AS r FROM tickets GROUP BY channel) AS s,
     LATERAL csat_ci(r) AS ci
ORDER BY csat(r) DESC;
