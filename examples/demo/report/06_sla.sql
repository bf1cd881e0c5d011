-- SLA compliance per team in working hours of the team's business calendar
-- (holidays, adjusted working days, short days), waiting on the customer
-- paused: share of tickets within the target, its Wilson interval, and the
-- breaches (tickets past the target).
SELECT team, tickets,
       round(100 * proportion(fr)::numeric, 1) AS "first reply %",
       format('%s-%s', round(100 * ci.lower::numeric, 1), round(100 * ci.upper::numeric, 1)) AS "95% CI",
       proportion_trials(fr) - proportion_successes(fr) AS breaches,
       round(100 * proportion(nr)::numeric, 1) AS "next reply %",
       proportion_trials(nr) - proportion_successes(nr) AS breaches,
       round(100 * proportion(rs)::numeric, 1) AS "resolution %",
       proportion_trials(rs) - proportion_successes(rs) AS breaches,
       date_trunc('second', duration_quantile(p90, 0.9)) AS first_reply_p90
FROM (SELECT team, sum(tickets) AS tickets, proportion_agg(first_reply_met) AS fr,
             proportion_agg(next_reply_met) AS nr, proportion_agg(resolution_met) AS rs,
             duration_agg(first_reply) AS p90
      FROM crm.daily_tickets GROUP BY team) AS t,
     LATERAL proportion_ci(fr) AS ci
ORDER BY team;
