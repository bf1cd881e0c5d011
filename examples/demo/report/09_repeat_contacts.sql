-- Repeat contacts per topic: the share of contacts followed by another one
-- of the same customer on the same topic within 7 days, with its Wilson
-- interval; above 15% is an alarm.  (Plain SQL and proportion_agg: the
-- contacts concept of issue 15 is not on main yet.)
SELECT topic, proportion_trials(st) AS contacts, proportion_successes(st) AS repeated,
       round(100 * proportion(st)::numeric, 1) AS "repeat %",
       format('%s-%s', round(100 * ci.lower::numeric, 1), round(100 * ci.upper::numeric, 1)) AS "95% CI",
       CASE WHEN ci.lower > 0.15 THEN 'ALARM > 15%' WHEN proportion(st) > 0.15 THEN 'above 15%?' ELSE '' END AS alarm
FROM (SELECT topic, proportion_agg(coalesce(next_at <= opened_at + interval '7 days', false)) AS st
      FROM (SELECT topic, opened_at,
                   lead(opened_at) OVER (PARTITION BY customer_id, topic ORDER BY opened_at, ticket_id) AS next_at
            FROM crm.tickets) AS c
      GROUP BY topic) AS t,
     LATERAL proportion_ci(st) AS ci
ORDER BY proportion(st) DESC;
