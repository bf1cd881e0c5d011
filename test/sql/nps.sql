-- nps(): docs/methodology.md section 1 fixtures, edge cases, every input type, weights.

-- Worked fixture: {9, 10, 6, 8} -> 50% promoters, 25% detractors -> NPS 25
SELECT nps(s) FROM (VALUES (9), (10), (6), (8)) AS t(s);

-- The same through the state and its accessors
WITH st AS (SELECT nps_agg(s) AS st FROM (VALUES (9), (10), (6), (8)) AS t(s))
SELECT st, nps(st), nps_responses(st) AS n, nps_promoters(st) AS pro,
       nps_passives(st) AS pas, nps_detractors(st) AS det,
       nps_promoter_share(st) AS p_share, nps_passive_share(st) AS pas_share,
       nps_detractor_share(st) AS d_share
FROM st;

-- Domain moves: retail -10 -> 20, bank 0 -> 30, carmaker 45 -> 32 -> 58.
-- Each population of 100 responses built from (promoters, passives, detractors).
CREATE TEMP TABLE moves (label text, promoters int, passives int, detractors int);
INSERT INTO moves VALUES
    ('retail before', 30, 30, 40), ('retail after', 40, 40, 20),
    ('bank before', 35, 30, 35), ('bank after', 50, 30, 20),
    ('carmaker 45', 60, 25, 15), ('carmaker 32', 52, 28, 20), ('carmaker 58', 68, 22, 10);
SELECT label, nps(score)
FROM moves,
     LATERAL (SELECT 10 FROM generate_series(1, promoters)
              UNION ALL SELECT 7 FROM generate_series(1, passives)
              UNION ALL SELECT 0 FROM generate_series(1, detractors)) AS r(score)
GROUP BY label ORDER BY min(promoters), label;

-- Boundaries of the three groups: 6 is a detractor, 7 and 8 passive, 9 a promoter
SELECT s AS score, nps(s), nps_detractors(nps_agg(s)) AS det,
       nps_passives(nps_agg(s)) AS pas, nps_promoters(nps_agg(s)) AS pro
FROM generate_series(0, 10) AS s GROUP BY s ORDER BY s;

-- Edge cases
SELECT nps(s) AS all_promoters FROM (VALUES (9), (10), (10)) AS t(s);
SELECT nps(s) AS all_detractors FROM (VALUES (0), (3), (6)) AS t(s);
SELECT nps(s) AS all_passives FROM (VALUES (7), (8)) AS t(s);
SELECT nps(s) AS one_response FROM (VALUES (9)) AS t(s);
SELECT nps(s) AS empty, nps_agg(s) AS empty_state FROM (VALUES (1)) AS t(s) WHERE false;
SELECT nps(s) AS only_nulls, nps_agg(s) AS only_nulls_state
FROM (VALUES (NULL::int), (NULL)) AS t(s);
SELECT nps(s) AS nulls_ignored, nps_responses(nps_agg(s)) AS n
FROM (VALUES (NULL::int), (10), (NULL), (0), (9)) AS t(s);

-- Every input type gives the same state
SELECT nps_agg(s::smallint) AS int2, nps_agg(s::integer) AS int4,
       nps_agg(s::bigint) AS int8, nps_agg(s::numeric) AS num,
       nps_agg(s::numeric(4,2)) AS num_scaled
FROM (VALUES (9), (10), (6), (8)) AS t(s);
SELECT nps(x) FROM (VALUES (9.0), (10.00), (6), (8.000)) AS t(x);

-- Huge counts: the text form carries exact 64-bit counts, merging adds them
SELECT nps('v1 0:3000000000000000000 10:3000000000000000001'::rating_state) AS near_zero,
       nps_responses('v1 0:3000000000000000000 10:3000000000000000001'::rating_state +
                     'v1 9:3000000000000000000'::rating_state) AS n;
SELECT nps(s) AS million, nps_responses(nps_agg(s)) AS n
FROM (SELECT CASE WHEN i % 4 = 0 THEN 6 WHEN i % 4 = 1 THEN 8 ELSE 10 END AS s
      FROM generate_series(1, 1000000) AS i) AS t;

-- Weighted: {9 (w 2), 6 (w 1), 8 (w 1)} -> promoters 2/4, detractors 1/4 -> 25
SELECT nps(s, w) FROM (VALUES (9, 2.0), (6, 1.0), (8, 1.0)) AS t(s, w);
WITH st AS (SELECT nps_agg(s, w) AS st FROM (VALUES (9, 2.0), (6, 1.0), (8, 1.0)) AS t(s, w))
SELECT st, nps_responses(st) AS n, nps_promoter_share(st) AS p_share,
       nps_effective_n(st) AS n_eff
FROM st;
-- unit weights reproduce the unweighted score; Kish n_eff equals n then
SELECT nps(s, 1.0) AS weighted, nps(s) AS unweighted,
       nps_effective_n(nps_agg(s, 1.0)) AS n_eff
FROM (VALUES (9), (10), (6), (8)) AS t(s);
-- zero weights count as responses but carry no mass; all-zero gives NULL
SELECT nps(s, w) AS with_zero_weight, nps_responses(nps_agg(s, w)) AS n
FROM (VALUES (9, 1.0), (0, 0.0)) AS t(s, w);
SELECT nps(s, 0.0) AS all_zero_weights FROM (VALUES (9), (0)) AS t(s);
-- a NULL weight skips the row, like a NULL score
SELECT nps(s, w) FROM (VALUES (9, 1.0), (0, NULL), (NULL, 3.0)) AS t(s, w);
-- weighted input types
SELECT nps(s::smallint, 2) AS int2, nps(s::bigint, 2) AS int8, nps(s::numeric, 2) AS num
FROM (VALUES (9), (10), (6), (8)) AS t(s);

-- Rolling windows use the inverse transition: same numbers as recomputing
CREATE TEMP TABLE daily (day int, score int);
INSERT INTO daily
SELECT d, (d * 7 + k * 3) % 11 FROM generate_series(1, 10) AS d, generate_series(1, d) AS k;
SELECT day, rolling, recomputed
FROM (SELECT DISTINCT ON (day) day,
             nps(score) OVER (ORDER BY day RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS rolling
      FROM daily ORDER BY day) AS r,
     LATERAL (SELECT nps(score) AS recomputed FROM daily AS d2
              WHERE d2.day BETWEEN r.day - 2 AND r.day) AS x
ORDER BY day;

-- The readers name the state state, as nps_ci(state, level) does: named
-- notation finds them and gives what the positional call gives
SELECT nps(state => s) AS nps, nps_responses(state => s) AS responses,
       (nps(state => s), nps_responses(state => s), nps_promoters(state => s), nps_passives(state => s),
        nps_detractors(state => s), nps_promoter_share(state => s), nps_passive_share(state => s),
        nps_detractor_share(state => s), nps_effective_n(state => s), nps_stderr(state => s),
        nps_json(state => s), rating_counts(state => s))
       IS NOT DISTINCT FROM
       (nps(s), nps_responses(s), nps_promoters(s), nps_passives(s), nps_detractors(s),
        nps_promoter_share(s), nps_passive_share(s), nps_detractor_share(s), nps_effective_n(s),
        nps_stderr(s), nps_json(s), rating_counts(s)) AS named_as_positional
FROM (SELECT nps_agg(score) AS s FROM daily) AS x;
