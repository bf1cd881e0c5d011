-- The demo report: NPS by channel with 95% confidence intervals, the
-- promoter/passive/detractor mix, and whether the VIP gap is real.
\pset footer off
\echo
\echo 'NPS by channel, with 95% confidence intervals (survey_responses)'
\echo '================================================================='
SELECT coalesce(channel, 'all channels') AS channel,
       nps_responses(st) AS responses,
       round(100 * nps_promoter_share(st)) || '%' AS promoters,
       round(100 * nps_passive_share(st)) || '%' AS passives,
       round(100 * nps_detractor_share(st)) || '%' AS detractors,
       round(nps(st)::numeric, 1) AS nps,
       format('%s to %s', round(ci.lower::numeric, 1), round(ci.upper::numeric, 1)) AS "95% CI",
       round(nps_stderr(st)::numeric, 1) AS stderr
FROM (SELECT channel, nps_agg(score) AS st
      FROM survey_responses GROUP BY ROLLUP (channel)) AS by_channel,
     LATERAL nps_ci(st) AS ci
ORDER BY channel IS NULL, nps(st) DESC;

\echo
\echo 'Weighted NPS (survey weights; Kish effective sample size)'
\echo '========================================================='
SELECT round(nps(score)::numeric, 1) AS unweighted,
       round(nps(score, weight)::numeric, 1) AS weighted,
       count(score) AS responses,
       round(nps_effective_n(nps_agg(score, weight))::numeric) AS effective_n
FROM survey_responses;

\echo
\echo 'VIP vs ordinary customers: is the gap real?'
\echo '==========================================='
SELECT round(nps(vip)::numeric, 1) AS vip, round(nps(ordinary)::numeric, 1) AS ordinary,
       round(c.difference::numeric, 1) AS difference,
       format('%s to %s', round(c.lower::numeric, 1), round(c.upper::numeric, 1)) AS "95% CI",
       round(c.z::numeric, 2) AS z, to_char(c.p_value, '9.9EEEE') AS p_value
FROM (SELECT nps_agg(score) FILTER (WHERE segment = 'VIP') AS vip,
             nps_agg(score) FILTER (WHERE segment = 'ordinary') AS ordinary
      FROM survey_responses) AS s,
     LATERAL nps_compare(vip, ordinary) AS c;

\echo
\echo 'Each channel against all the others: which gaps are real at the 5% level?'
\echo '========================================================================='
SELECT c.channel, round(nps(c.st)::numeric, 1) AS nps, round(nps(rest.st)::numeric, 1) AS others,
       round(cmp.difference::numeric, 1) AS difference, round(cmp.p_value::numeric, 4) AS p_value,
       CASE WHEN cmp.p_value < 0.05 THEN 'real' ELSE 'within the noise' END AS verdict
FROM (SELECT channel, nps_agg(score) AS st FROM survey_responses GROUP BY channel) AS c,
     LATERAL (SELECT nps_agg(score) AS st FROM survey_responses
              WHERE channel <> c.channel) AS rest,
     LATERAL nps_compare(c.st, rest.st) AS cmp
ORDER BY cmp.difference DESC;
