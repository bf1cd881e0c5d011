-- A small CRM survey table for the demo: one row per NPS survey response.
-- Deterministic (hash-based), so the demo prints the same report every run.
CREATE EXTENSION IF NOT EXISTS svcquality;

CREATE TABLE survey_responses (
    response_id  bigint PRIMARY KEY,
    customer_id  bigint NOT NULL,
    channel      text NOT NULL,          -- where the service happened
    segment      text NOT NULL,          -- 'VIP' or 'ordinary'
    responded_at timestamptz NOT NULL,
    score        smallint,               -- 0-10; NULL when the question was skipped
    weight       double precision NOT NULL  -- survey weight (post-stratification)
);

-- channel, responses, promoter share, detractor share
WITH channels(channel, responses, promoters, detractors, first_id) AS (
    VALUES ('app', 1200, 0.60, 0.15, 0), ('phone', 800, 0.55, 0.20, 10000),
           ('store', 300, 0.50, 0.20, 20000), ('chat', 1500, 0.45, 0.25, 30000),
           ('email', 400, 0.35, 0.30, 40000), ('social', 150, 0.30, 0.40, 50000)
),
draws AS (
    SELECT c.channel, c.first_id + i AS response_id, c.promoters, c.detractors,
           (hashint4(c.first_id + i) & 2147483647) / 2147483647.0 AS u,
           (hashint4(c.first_id + i + 7777777) & 2147483647) / 2147483647.0 AS v
    FROM channels c, generate_series(1, c.responses) AS i
)
INSERT INTO survey_responses
SELECT response_id,
       1000 + response_id % 2700,
       channel,
       CASE WHEN v < 0.2 THEN 'VIP' ELSE 'ordinary' END,
       timestamptz '2026-10-01 08:00+08' + (response_id % 61) * interval '1 day'
           + (response_id % 600) * interval '1 minute',
       CASE WHEN u > 0.995 THEN NULL
            WHEN u < promoters THEN 9 + (v * 2)::int / 2                   -- 9 or 10
            WHEN u < 1 - detractors THEN 7 + (v * 2)::int / 2              -- 7 or 8
            ELSE (6 - floor(v * v * 7))::int                              -- 0-6, mostly 4-6
       END,
       -- VIP customers answer more often, so they are down-weighted
       CASE WHEN v < 0.2 THEN 0.5 ELSE 1.125 END
FROM draws;
-- VIP customers are happier: move a share of their passives up to promoters
UPDATE survey_responses SET score = 10
WHERE segment = 'VIP' AND score IN (7, 8) AND response_id % 3 <> 0;
ANALYZE survey_responses;
