-- The weighted satisfaction index (0-100) over six dimensions and its
-- breakdown: each dimension's mean with its interval, its weight and its
-- contribution (the contributions add up to the index).
SELECT dimension, n, round(mean::numeric, 3) AS mean,
       format('%s to %s', round(ci_lower::numeric, 3), round(ci_upper::numeric, 3)) AS "95% CI",
       round(weight::numeric, 2) AS weight, round(score::numeric, 1) AS score,
       round(contribution::numeric, 2) AS contribution,
       round(sum(contribution) OVER ()::numeric, 2) AS index
FROM satisfaction_breakdown((SELECT dimension_agg(dimensions) FROM crm.daily_surveys),
                            ARRAY[25, 30, 10, 15, 10, 10],
                            names => ARRAY['responsiveness', 'resolution', 'professionalism', 'attitude',
                                           'convenience', 'communication']);
