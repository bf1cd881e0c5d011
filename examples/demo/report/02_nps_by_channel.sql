-- NPS per channel with its 95% interval, each channel against all the
-- others (Holm-adjusted p-values over the six comparisons), and its NPS in
-- January-March, April and May-June (the few answers given in July count
-- in the whole-period columns only).
WITH per_channel AS (
    SELECT channel, nps_agg(nps) AS st,
           nps_agg(nps) FILTER (WHERE day < '2026-04-01') AS q1,
           nps_agg(nps) FILTER (WHERE day >= '2026-04-01' AND day < '2026-05-01') AS april,
           nps_agg(nps) FILTER (WHERE day >= '2026-05-01' AND day <= '2026-06-30') AS may_june
    FROM crm.daily_surveys GROUP BY channel)
SELECT p.channel, nps_responses(p.st) AS responses, round(nps(p.st)::numeric, 1) AS nps,
       format('%s to %s', round(ci.lower::numeric, 1), round(ci.upper::numeric, 1)) AS "95% CI",
       round(v.difference::numeric, 1) AS vs_rest, round(v.p_holm::numeric, 4) AS p_holm,
       CASE WHEN v.p_holm < 0.05 THEN CASE WHEN v.difference < 0 THEN 'WORSE' ELSE 'better' END ELSE '' END AS flag,
       round(nps(p.q1)::numeric, 1) AS jan_mar, round(nps(p.april)::numeric, 1) AS april,
       round(nps(p.may_june)::numeric, 1) AS may_jun
FROM per_channel p
CROSS JOIN LATERAL nps_ci(p.st) AS ci
JOIN (SELECT v.* FROM (SELECT array_agg(channel ORDER BY channel) AS labels, array_agg(st ORDER BY channel) AS states
                       FROM per_channel) AS g,
                      nps_vs_rest(labels, states, method => 'adjusted_wald') AS v) AS v ON v.label = p.channel
ORDER BY nps(p.st) DESC;
