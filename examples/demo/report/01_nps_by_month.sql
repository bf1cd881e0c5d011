-- NPS per month over all channels, its 95% interval, and the change from
-- the month before with its test (adjusted Wald): a real change is flagged.
SELECT month, nps_responses(st) AS responses, round(nps(st)::numeric, 1) AS nps,
       format('%s to %s', round(ci.lower::numeric, 1), round(ci.upper::numeric, 1)) AS "95% CI",
       round(c.difference::numeric, 1) AS change, round(c.p_value::numeric, 4) AS p_value,
       CASE WHEN c.p_value < 0.05 THEN CASE WHEN c.difference < 0 THEN 'DROP' ELSE 'RISE' END ELSE '' END AS flag
FROM (SELECT date_trunc('month', day)::date AS month, nps_agg(nps) AS st,
             lag(nps_agg(nps)) OVER (ORDER BY date_trunc('month', day)::date) AS previous
      FROM crm.daily_surveys WHERE day <= '2026-06-30' GROUP BY 1) AS m,
     LATERAL nps_ci(st) AS ci
     LEFT JOIN LATERAL nps_compare(st, previous, 0.95, 'adjusted_wald') AS c ON true
ORDER BY month;
