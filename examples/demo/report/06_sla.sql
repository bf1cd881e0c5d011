-- SLA compliance per team by each channel's SLA policy (crm.sla_policies:
-- targets by priority, re-evaluated when a ticket is escalated), in working
-- hours of the team's business calendar (holidays, adjusted working days,
-- short days): the share of tickets within the target (sla_met), its
-- Wilson interval, and the breaches.  Replies stop at the agent's answer;
-- resolution runs from the opening to the resolution, over reopenings.  For
-- a breached first reply, the calendar time from the opening to the breach
-- (sla_breach_at): the target is in working time, nights and weekends wait.
SELECT team, tickets,
       round(100 * proportion(fr)::numeric, 1) AS "first reply %",
       format('%s-%s', round(100 * ci.lower::numeric, 1), round(100 * ci.upper::numeric, 1)) AS "95% CI",
       proportion_trials(fr) - proportion_successes(fr) AS breaches,
       round(100 * proportion(nr)::numeric, 1) AS "next reply %",
       proportion_trials(nr) - proportion_successes(nr) AS breaches,
       round(100 * proportion(rs)::numeric, 1) AS "resolution %",
       proportion_trials(rs) - proportion_successes(rs) AS breaches,
       date_trunc('second', duration_quantile(frt, 0.9)) AS first_reply_p90,
       date_trunc('minute', duration_quantile(ba, 0.5)) AS "breached after, p50"
FROM (SELECT team, sum(tickets) AS tickets, proportion_agg(first_reply_met) AS fr,
             proportion_agg(next_reply_met) AS nr, proportion_agg(resolution_met) AS rs,
             duration_agg(first_reply) AS frt, duration_agg(first_reply_breached_after) AS ba
      FROM crm.daily_tickets GROUP BY team) AS t,
     LATERAL proportion_ci(fr) AS ci
ORDER BY team;
