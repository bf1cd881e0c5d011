-- Refunds per path: completion and merchant response time (mean, p50, p90,
-- hours), the share disputed (platform intervention) and the
-- self-completion rate, each with its Wilson interval.
SELECT path, refunds,
       round((duration_mean_seconds(c) / 3600)::numeric, 1) AS completion_mean_h,
       round((duration_quantile_seconds(c, 0.5) / 3600)::numeric, 1) AS p50,
       round((duration_quantile_seconds(c, 0.9) / 3600)::numeric, 1) AS p90,
       round((duration_mean_seconds(r) / 3600)::numeric, 2) AS response_mean_h,
       round((duration_quantile_seconds(r, 0.5) / 3600)::numeric, 2) AS p50,
       round((duration_quantile_seconds(r, 0.9) / 3600)::numeric, 2) AS p90,
       round(100 * proportion(d)::numeric, 2) AS "disputed %",
       format('%s-%s', round(100 * dci.lower::numeric, 2), round(100 * dci.upper::numeric, 2)) AS "95% CI",
       round(100 * proportion(s)::numeric, 2) AS "self-completed %",
       format('%s-%s', round(100 * sci.lower::numeric, 2), round(100 * sci.upper::numeric, 2)) AS "95% CI"
FROM (SELECT path, sum(refunds) AS refunds, duration_agg(completion) AS c, duration_agg(response) AS r,
             proportion_agg(disputed) AS d, proportion_agg(self_completed) AS s
      FROM crm.daily_refunds GROUP BY path) AS p,
     LATERAL proportion_ci(d) AS dci, LATERAL proportion_ci(s) AS sci
ORDER BY path;
