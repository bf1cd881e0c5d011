-- The working states of category_agg, contact_agg, funnel_agg and
-- timeline_set_agg over many groups.  The states of an aggregate's groups
-- share one memory context, which the executor frees with each group of a
-- sorted plan and with each batch of a hashed plan that spills to disk.
-- Hashed plans that spill give each group the state of a sorted plan, to
-- the byte, and the counts of plain SQL.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE mg_events AS
SELECT c, c % 1500 AS g, c % 400 AS customer, (ARRAY['refund', 'delivery'])[1 + c % 2] AS topic,
       (ARRAY['new', 'open', 'solved'])[k] AS stage,
       timestamptz '2026-01-01' + c * interval '37 minutes' + k * interval '20 minutes' AS at
FROM generate_series(1, 6000) AS c, generate_series(1, 3) AS k;
CREATE TABLE mg_cases AS SELECT c, g, timeline_agg(stage, at) AS t FROM mg_events GROUP BY c, g;
ANALYZE mg_events;
ANALYZE mg_cases;
\i test/sql/include/hash_batches.psql
CREATE FUNCTION pg_temp.build(suffix text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$CREATE TABLE mg_states_%s AS
        SELECT g, contact_agg(customer, topic, at, interval '3 days') AS contacts,
               timeline_set_agg(c, stage, at) AS cases
        FROM mg_events GROUP BY g$q$, suffix);
    EXECUTE format('CREATE TABLE mg_funnels_%s AS SELECT g, funnel_agg(t) AS f FROM mg_cases GROUP BY g', suffix);
    -- 15 states a group: contact_agg merges the first few flat, the rest
    -- into its working state
    EXECUTE format($q$CREATE TABLE mg_merged_%s AS
        SELECT s.g %% 100 AS g, contact_agg(s.contacts) AS contacts, funnel_agg(f.f) AS f
        FROM mg_states_%s s JOIN mg_funnels_%s f USING (g) GROUP BY s.g %% 100$q$, suffix, suffix, suffix);
END $$;
SET work_mem = '64kB';
SET enable_sort = off;
SELECT pg_temp.hash_batches($$SELECT g, contact_agg(customer, topic, at, interval '3 days'),
                                     timeline_set_agg(c, stage, at)
                              FROM mg_events GROUP BY g$$) > 1 AS states_spill,
       pg_temp.hash_batches('SELECT g, funnel_agg(t) FROM mg_cases GROUP BY g') > 1 AS funnels_spill;
SELECT pg_temp.build('hashed');
SELECT pg_temp.hash_batches($$SELECT s.g % 100, contact_agg(s.contacts), funnel_agg(f.f)
                              FROM mg_states_hashed s JOIN mg_funnels_hashed f USING (g)
                              GROUP BY s.g % 100$$) > 0 AS merges_hashed;
RESET enable_sort;
SET enable_hashagg = off;
SELECT pg_temp.build('sorted');
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE contact_state_send(h.contacts) = contact_state_send(o.contacts)) AS contacts_as_sorted,
       count(*) FILTER (WHERE timeline_set_send(h.cases) = timeline_set_send(o.cases)) AS sets_as_sorted,
       count(*) FILTER (WHERE funnel_state_send(hf.f) = funnel_state_send(of.f)) AS funnels_as_sorted
FROM mg_states_hashed h JOIN mg_states_sorted o USING (g)
JOIN mg_funnels_hashed hf USING (g) JOIN mg_funnels_sorted of USING (g);
SELECT count(*) AS merged_groups,
       count(*) FILTER (WHERE contact_state_send(h.contacts) = contact_state_send(o.contacts)
                          AND funnel_state_send(h.f) = funnel_state_send(o.f)) AS merged_as_sorted
FROM mg_merged_hashed h JOIN mg_merged_sorted o USING (g);
-- against plain SQL: contacts and cases per group
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (contact_summary(h.contacts)).contacts = p.rows
                          AND timeline_set_cases(h.cases) = p.cases
                          AND funnel_cases(f.f) = p.cases) AS as_plain_sql
FROM mg_states_hashed h JOIN mg_funnels_hashed f USING (g)
JOIN (SELECT g, count(*) AS rows, count(DISTINCT c) AS cases FROM mg_events GROUP BY g) AS p USING (g);
SELECT count(*) AS merged_groups,
       count(*) FILTER (WHERE (contact_summary(h.contacts)).contacts = p.rows AND funnel_cases(h.f) = p.cases)
         AS as_plain_sql
FROM mg_merged_hashed h
JOIN (SELECT g % 100 AS g, count(*) AS rows, count(DISTINCT c) AS cases FROM mg_events GROUP BY g % 100) AS p
  USING (g);
DROP TABLE mg_events, mg_cases, mg_states_hashed, mg_states_sorted, mg_funnels_hashed, mg_funnels_sorted,
           mg_merged_hashed, mg_merged_sorted;

-- category_agg: every plan gives each group the counts and weights of a
-- plain GROUP BY, NULL included; with GROUPING SETS, the sets of a sorted
-- plan each have a context of their own, those of a hashed plan share one.
CREATE TABLE many_reasons AS
SELECT i, i % 2000 AS g, 1 + i % 4 AS w,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 'reason ' || (hashint8(i) & 7) END AS reason
FROM generate_series(1, 30000) AS i;
ANALYZE many_reasons;
SET work_mem = '64kB';
SET enable_sort = off;
SELECT pg_temp.hash_batches('SELECT g, category_agg(reason), category_agg(reason, w) FROM many_reasons GROUP BY g') > 1
  AS hashed_spills;
CREATE TABLE many_hashed AS
SELECT g, category_agg(reason) AS s, category_agg(reason, w) AS ws FROM many_reasons GROUP BY g;
SELECT pg_temp.hash_batches('SELECT g, reason, category_agg(reason) FROM many_reasons
                             GROUP BY GROUPING SETS ((g), (reason), ())') > 0 AS sets_hashed;
CREATE TABLE many_sets_hashed AS
SELECT GROUPING(g, reason) AS gs, g, reason, category_agg(reason) AS s
FROM many_reasons GROUP BY GROUPING SETS ((g), (reason), ());
RESET enable_sort;
SET enable_hashagg = off;
CREATE TABLE many_sorted AS
SELECT g, category_agg(reason) AS s, category_agg(reason, w) AS ws FROM many_reasons GROUP BY g;
CREATE TABLE many_sets_sorted AS
SELECT GROUPING(g, reason) AS gs, g, reason, category_agg(reason) AS s
FROM many_reasons GROUP BY GROUPING SETS ((g), (reason), ());
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE category_state_send(h.s) = category_state_send(o.s)
                          AND category_state_send(h.ws) = category_state_send(o.ws)) AS hashed_as_sorted
FROM many_hashed h JOIN many_sorted o USING (g);
SELECT count(*) AS group_categories,
       count(*) FILTER (WHERE c.count = p.n AND c.weight = p.sw) AS as_group_by
FROM (SELECT g, reason, count(*) AS n, sum(w)::float8 AS sw FROM many_reasons GROUP BY g, reason) AS p
FULL JOIN (SELECT h.g, x.category, x.count, y.weight
           FROM many_hashed h, category_shares(h.s) AS x, category_shares(h.ws) AS y
           WHERE x.category IS NOT DISTINCT FROM y.category) AS c
       ON c.g = p.g AND c.category IS NOT DISTINCT FROM p.reason;
SELECT count(*) AS set_groups,
       count(*) FILTER (WHERE category_state_send(h.s) = category_state_send(o.s)) AS hashed_as_sorted,
       count(*) FILTER (WHERE category_total(h.s) = c.n) AS totals_as_count
FROM many_sets_hashed h
JOIN many_sets_sorted o ON o.gs = h.gs AND o.g IS NOT DISTINCT FROM h.g AND o.reason IS NOT DISTINCT FROM h.reason
JOIN (SELECT GROUPING(g, reason) AS gs, g, reason, count(*) AS n
      FROM many_reasons GROUP BY GROUPING SETS ((g), (reason), ())) AS c
  ON c.gs = h.gs AND c.g IS NOT DISTINCT FROM h.g AND c.reason IS NOT DISTINCT FROM h.reason;
-- as a window over two rows, whose frame start moves: restarted on most rows
SELECT count(*) AS windows,
       count(*) FILTER (WHERE x.s::text = (SELECT category_agg(r.reason ORDER BY r.i)::text FROM many_reasons r
                                           WHERE r.g = x.g AND r.i BETWEEN x.i - 2000 AND x.i)) AS as_subquery
FROM (SELECT i, g, category_agg(reason) OVER (PARTITION BY g ORDER BY i ROWS 1 PRECEDING) AS s
      FROM many_reasons WHERE g < 20) AS x;
RESET max_parallel_workers_per_gather;
DROP TABLE many_reasons, many_hashed, many_sorted, many_sets_hashed, many_sets_sorted;
