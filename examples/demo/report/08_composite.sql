-- The 28-day after-sales composite (2026-06-03 to 2026-06-30) of the
-- electronics shops: dispute rate (disputes / paid orders), completion
-- time and self-completion rate, each scored 0 at the category's average
-- and 100 at its platinum value, weighed 1:1:1; the lead percentage is the
-- share of the category's shops with a lower composite.
WITH last28 AS (
    SELECT s.shop_id, s.name, s.category,
           (SELECT proportion_successes(proportion_agg(disputed)) FROM crm.daily_refunds r
            WHERE r.shop_id = s.shop_id AND r.day BETWEEN '2026-06-03' AND '2026-06-30')::float8
           / (SELECT sum(paid_orders) FROM crm.daily_orders o
              WHERE o.shop_id = s.shop_id AND o.day BETWEEN '2026-06-03' AND '2026-06-30') AS dispute_rate,
           (SELECT duration_mean_seconds(duration_agg(completion)) / 3600 FROM crm.daily_refunds r
            WHERE r.shop_id = s.shop_id AND r.day BETWEEN '2026-06-03' AND '2026-06-30') AS completion_hours,
           (SELECT proportion(proportion_agg(self_completed)) FROM crm.daily_refunds r
            WHERE r.shop_id = s.shop_id AND r.day BETWEEN '2026-06-03' AND '2026-06-30') AS self_completion
    FROM crm.shops s),
scored AS (
    SELECT l.*, scorecard(ARRAY[metric_score(l.dispute_rate, avg(l.dispute_rate) OVER w, b.dispute_rate),
                                metric_score(l.completion_hours, avg(l.completion_hours) OVER w, b.completion_hours),
                                metric_score(l.self_completion, avg(l.self_completion) OVER w, b.self_completion)],
                          ARRAY[1, 1, 1]) AS composite
    FROM last28 l JOIN crm.category_benchmarks b USING (category)
    WINDOW w AS (PARTITION BY l.category)),
ranked AS (
    SELECT *, round(composite::numeric, 1) AS rounded,
           percent_rank() OVER (PARTITION BY category ORDER BY round(composite::numeric, 1)) AS lead
    FROM scored)
SELECT name AS shop, round(100 * dispute_rate::numeric, 3) AS "dispute %",
       round(completion_hours::numeric, 1) AS completion_h, round(100 * self_completion::numeric, 1) AS "self-completion %",
       rounded AS composite, round(100 * lead::numeric) AS "lead %",
       CASE WHEN lead < 0.3 THEN 'needs attention' ELSE '' END AS alarm
FROM ranked WHERE category = 'electronics'
ORDER BY composite DESC, shop;
