-- The pilot team's lead: is it real?  Each team against the others
-- (Holm-adjusted p-values over the comparisons).
WITH per_team AS (SELECT team, nps_agg(nps) AS st FROM crm.daily_surveys GROUP BY team)
SELECT v.label AS team, nps_responses(p.st) AS responses, round(v.estimate::numeric, 1) AS nps,
       format('%s to %s', round(ci.lower::numeric, 1), round(ci.upper::numeric, 1)) AS "95% CI",
       round(v.difference::numeric, 1) AS vs_rest, round(v.p_holm::numeric, 4) AS p_holm,
       CASE WHEN v.p_holm < 0.05 THEN 'real' ELSE 'within the noise' END AS verdict
FROM (SELECT array_agg(team ORDER BY team) AS labels, array_agg(st ORDER BY team) AS states FROM per_team) AS g
CROSS JOIN LATERAL nps_vs_rest(labels, states, method => 'adjusted_wald') AS v
JOIN per_team p ON p.team = v.label
CROSS JOIN LATERAL nps_ci(p.st, method => 'adjusted_wald') AS ci
ORDER BY v.estimate DESC;
