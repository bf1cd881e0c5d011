-- Key drivers of the overall rating: relative weights (Johnson) split R²
-- over the six dimensions; the importance-performance quadrant says where
-- to act.
SELECT dimension, round(performance::numeric, 3) AS performance, round(correlation::numeric, 3) AS correlation,
       round(beta::numeric, 3) AS beta, significant, round(importance::numeric, 4) AS relative_weight,
       round(share::numeric, 1) AS "share %", quadrant
FROM driver_report((SELECT moment_agg(drivers) FROM crm.daily_surveys))
ORDER BY share DESC;
