-- Rows an aggregate skips (a NULL where it needs a value) while the working
-- states of its groups are live.  category_agg, contact_agg, funnel_agg and
-- timeline_set_agg keep the states of all groups in one shared memory
-- context and update them in place; a skipped row must hand the executor the
-- same state back, untouched.  Each group's state, from a hashed plan that
-- spills, must equal to the byte the state a sorted plan builds from the
-- same rows with the NULL rows filtered out by the executor (FILTER), which
-- never calls the transition function for them.  The valgrind suite runs
-- this test: a state freed or moved by a skipped row shows there.
SET max_parallel_workers_per_gather = 0;
-- 300 groups; in each, the rows of a case arrive together and a group's
-- state is live before the first of its NULL rows comes
CREATE TABLE sk_events AS
SELECT c, c % 300 AS g,
       CASE WHEN c % 7 = 3 AND k = 2 THEN NULL ELSE c % 90 END AS customer,
       (ARRAY['refund', 'delivery'])[1 + c % 2] AS topic,
       CASE WHEN c % 5 = 1 AND k = 3 THEN NULL ELSE c END AS case_id,
       (ARRAY['new', 'open', 'solved'])[k] AS stage,
       CASE WHEN c % 11 = 4 AND k = 1 THEN NULL
            ELSE timestamptz '2026-01-01' + c * interval '37 minutes' + k * interval '20 minutes' END AS at,
       'reason ' || (c * k) % 6 AS reason,
       CASE WHEN c % 13 = 6 THEN NULL ELSE 1 + c % 4 END AS w
FROM generate_series(1, 3000) AS c, generate_series(1, 3) AS k
ORDER BY c, k;
ANALYZE sk_events;
SELECT count(*) FILTER (WHERE customer IS NULL) AS null_customers,
       count(*) FILTER (WHERE case_id IS NULL) AS null_case_ids,
       count(*) FILTER (WHERE at IS NULL) AS null_times,
       count(*) FILTER (WHERE w IS NULL) AS null_weights
FROM sk_events;
\i test/sql/include/hash_batches.psql

-- the transition functions skip the NULL rows
SET work_mem = '64kB';
SET enable_sort = off;
SELECT pg_temp.hash_batches($$SELECT g, contact_agg(customer, topic, at, interval '3 days'),
                                     timeline_set_agg(case_id, stage, at), category_agg(reason, w)
                              FROM sk_events GROUP BY g$$) > 1 AS skips_spill;
CREATE TABLE sk_skipped AS
SELECT g, contact_agg(customer, topic, at, interval '3 days') AS contacts,
       timeline_set_agg(case_id, stage, at) AS cases,
       category_agg(reason, w) AS reasons
FROM sk_events GROUP BY g;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TABLE sk_filtered AS
SELECT g, contact_agg(customer, topic, at, interval '3 days')
            FILTER (WHERE customer IS NOT NULL AND at IS NOT NULL) AS contacts,
       timeline_set_agg(case_id, stage, at) FILTER (WHERE case_id IS NOT NULL AND at IS NOT NULL) AS cases,
       category_agg(reason, w) FILTER (WHERE w IS NOT NULL) AS reasons
FROM sk_events GROUP BY g;
RESET enable_hashagg;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE contact_state_send(s.contacts) = contact_state_send(f.contacts)) AS contacts_as_filtered,
       count(*) FILTER (WHERE timeline_set_send(s.cases) = timeline_set_send(f.cases)) AS cases_as_filtered,
       count(*) FILTER (WHERE category_state_send(s.reasons) = category_state_send(f.reasons)) AS reasons_as_filtered
FROM sk_skipped s JOIN sk_filtered f USING (g);
-- and against plain SQL: the rows each aggregate counted
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (contact_summary(s.contacts)).contacts = p.contacts
                          AND timeline_set_cases(s.cases) = p.cases
                          AND category_total(s.reasons) = p.reasons) AS as_plain_sql
FROM sk_skipped s
JOIN (SELECT g, count(*) FILTER (WHERE customer IS NOT NULL AND at IS NOT NULL) AS contacts,
             count(DISTINCT case_id) FILTER (WHERE at IS NOT NULL) AS cases,
             count(*) FILTER (WHERE w IS NOT NULL) AS reasons
      FROM sk_events GROUP BY g) AS p USING (g);

-- funnel_agg skips NULL timelines: in each group, 3 of its 10 cases have none,
-- after one that has (group 0: 4 of 10, the first among them)
CREATE TABLE sk_cases AS
SELECT c, g, CASE WHEN c / 300 % 3 = 1 THEN NULL ELSE timeline_agg(stage, at) END AS t
FROM sk_events GROUP BY c, g ORDER BY c;
ANALYZE sk_cases;
SET enable_sort = off;
SELECT pg_temp.hash_batches('SELECT g, funnel_agg(t) FROM sk_cases GROUP BY g') > 1 AS funnels_spill;
CREATE TABLE sk_funnels_skipped AS SELECT g, funnel_agg(t) AS f FROM sk_cases GROUP BY g;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TABLE sk_funnels_filtered AS
SELECT g, funnel_agg(t) FILTER (WHERE t IS NOT NULL) AS f FROM sk_cases GROUP BY g;
RESET enable_hashagg;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE funnel_state_send(s.f) = funnel_state_send(o.f)) AS funnels_as_filtered,
       count(*) FILTER (WHERE funnel_cases(s.f) = p.cases) AS cases_as_plain_sql
FROM sk_funnels_skipped s JOIN sk_funnels_filtered o USING (g)
JOIN (SELECT g, count(t) AS cases FROM sk_cases GROUP BY g) AS p USING (g);

-- the combine functions, as transition functions of the merge aggregates,
-- skip NULL states: a quarter of the groups' states are NULL, and each merged
-- group gets 12 states, some NULL
CREATE TABLE sk_states AS
SELECT s.g, CASE WHEN s.g % 4 = 1 THEN NULL ELSE s.contacts END AS contacts,
       CASE WHEN s.g % 4 = 2 THEN NULL ELSE s.cases END AS cases,
       CASE WHEN s.g % 4 = 3 THEN NULL ELSE s.reasons END AS reasons,
       CASE WHEN s.g % 4 = 0 THEN NULL ELSE f.f END AS f
FROM sk_skipped s JOIN sk_funnels_skipped f USING (g);
ANALYZE sk_states;
SET enable_sort = off;
SELECT pg_temp.hash_batches($$SELECT g % 25, contact_agg(contacts), timeline_set_agg(cases),
                                     category_agg(reasons), funnel_agg(f)
                              FROM sk_states GROUP BY g % 25$$) > 1 AS merges_spill;
CREATE TABLE sk_merged_skipped AS
SELECT g % 25 AS g, contact_agg(contacts) AS contacts, timeline_set_agg(cases) AS cases,
       category_agg(reasons) AS reasons, funnel_agg(f) AS f
FROM sk_states GROUP BY g % 25;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TABLE sk_merged_filtered AS
SELECT g % 25 AS g, contact_agg(contacts) FILTER (WHERE contacts IS NOT NULL) AS contacts,
       timeline_set_agg(cases) FILTER (WHERE cases IS NOT NULL) AS cases,
       category_agg(reasons) FILTER (WHERE reasons IS NOT NULL) AS reasons,
       funnel_agg(f) FILTER (WHERE f IS NOT NULL) AS f
FROM sk_states GROUP BY g % 25;
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE contact_state_send(s.contacts) = contact_state_send(o.contacts)
                          AND timeline_set_send(s.cases) = timeline_set_send(o.cases)
                          AND category_state_send(s.reasons) = category_state_send(o.reasons)
                          AND funnel_state_send(s.f) = funnel_state_send(o.f)) AS merged_as_filtered
FROM sk_merged_skipped s JOIN sk_merged_filtered o USING (g);
-- plain SQL: the contacts of the groups whose contact states were kept
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (contact_summary(s.contacts)).contacts = p.contacts) AS contacts_as_plain_sql
FROM sk_merged_skipped s
JOIN (SELECT g % 25 AS g, count(*) AS contacts FROM sk_events
      WHERE g % 4 <> 1 AND customer IS NOT NULL AND at IS NOT NULL GROUP BY g % 25) AS p USING (g);
RESET max_parallel_workers_per_gather;
DROP TABLE sk_events, sk_skipped, sk_filtered, sk_cases, sk_funnels_skipped, sk_funnels_filtered,
           sk_states, sk_merged_skipped, sk_merged_filtered;
