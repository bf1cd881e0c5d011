-- Many stage names (20 000): refund vocabularies, SLA policies' stages and
-- the running and paused statuses of a clock give the roles, results and
-- errors that a plain-SQL reading of the same input, or the same call with
-- only the names that matter, gives.  Errors name the same stage as with a
-- handful of names: the first, in the order given, that breaks the rule.
\i test/sql/include/error_of.psql
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Names of 7 to 34 bytes, many alike in length and in their first, middle
-- and last bytes; mn_name(g) for g from 1 to 20 000.
CREATE FUNCTION pg_temp.mn_name(g int) RETURNS text IMMUTABLE LANGUAGE sql
    AS $$ SELECT 'stage ' || g || repeat('.', g % 23) $$;
-- A JSON array of names in the order listed.
CREATE FUNCTION pg_temp.mn_array(names text[]) RETURNS jsonb IMMUTABLE LANGUAGE sql
    AS $$ SELECT coalesce(jsonb_agg(n ORDER BY i), '[]') FROM unnest(names) WITH ORDINALITY AS u(n, i) $$;

-- The roles a mapping's names get, read with jsonb_each: a name's entry
-- comes where the name first comes, and lists every role mapping it.
CREATE FUNCTION pg_temp.mn_roles(mapping jsonb, OUT role text, OUT stages text[]) RETURNS SETOF record
    LANGUAGE sql AS $$
    WITH listed AS (
        SELECT k.key AS role, e.name, k.ord * 1000000 + e.ord AS place
        FROM jsonb_each(mapping) WITH ORDINALITY AS k(key, value, ord),
             jsonb_array_elements_text(CASE jsonb_typeof(k.value) WHEN 'array' THEN k.value
                                       ELSE jsonb_build_array(k.value) END) WITH ORDINALITY AS e(name, ord)),
    first AS (SELECT name, min(place) AS place FROM listed GROUP BY name)
    SELECT role, array_agg(name ORDER BY place)
    FROM (SELECT DISTINCT role, name FROM listed) AS r JOIN first USING (name) GROUP BY role $$;

-- Refunds.  "succeeded": every name twice, shuffled (7919 is prime to
-- 20 000), and the empty name; "closed": the last 5 000 names backwards,
-- then "closed"; "requested": REQ.  Roles not mapped keep their defaults.
CREATE TABLE mn_refund_map AS SELECT jsonb_build_object(
    'requested', 'REQ',
    'succeeded', pg_temp.mn_array(ARRAY(SELECT pg_temp.mn_name(1 + (g * 7919) % 20000)
                                        FROM generate_series(1, 40000) g) || ''::text),
    'closed', pg_temp.mn_array(ARRAY(SELECT pg_temp.mn_name(g) FROM generate_series(20000, 15001, -1) g)
                               || 'closed'::text)) AS big;
SELECT jsonb_array_length(big -> 'succeeded') AS succeeded, jsonb_array_length(big -> 'closed') AS closed
FROM mn_refund_map;

SELECT v.role, v.stages = coalesce(m.stages, d.stages) AS as_read,
       cardinality(v.stages) AS names, v.stages[1:2] AS first_two, v.stages[cardinality(v.stages)] AS last
FROM mn_refund_map, refund_vocabulary(big) WITH ORDINALITY AS v(role, stages, ord)
LEFT JOIN pg_temp.mn_roles((SELECT big FROM mn_refund_map)) AS m USING (role)
LEFT JOIN refund_vocabulary('{"requested": [], "succeeded": [], "closed": []}') AS d USING (role)
ORDER BY v.ord;

-- Refund metrics under the mapping, and under one with only the names the
-- refunds use: the same.
CREATE TABLE mn_refund_events (refund int, stage text, at timestamptz);
INSERT INTO mn_refund_events VALUES
    (1, 'REQ', '2026-03-01 10:00Z'), (1, 'responded', '2026-03-01 10:30Z'),
    (1, pg_temp.mn_name(777), '2026-03-01 12:00Z'),
    (2, 'shipped', '2026-02-27 09:00Z'), (2, 'REQ', '2026-03-01 10:00Z'),
    (2, pg_temp.mn_name(18000), '2026-03-02 10:00Z'),
    (3, 'REQ', '2026-03-01 10:00Z'), (3, 'requested', '2026-03-01 11:00Z'),
    (3, 'closed', '2026-03-01 12:00Z'),
    (4, 'requested', '2026-03-01 10:00Z'), (4, 'succeeded', '2026-03-01 11:00Z'),
    (5, 'REQ', '2026-03-01 10:00Z'), (5, 'agreed', '2026-03-01 10:10Z'), (5, '', '2026-03-01 10:20Z');
CREATE TABLE mn_refunds AS SELECT refund, timeline_agg(stage, at) AS t FROM mn_refund_events GROUP BY refund;
CREATE TABLE mn_refund_small AS SELECT jsonb_build_object(
    'requested', 'REQ', 'succeeded', jsonb_build_array(pg_temp.mn_name(777), pg_temp.mn_name(18000), ''),
    'closed', jsonb_build_array(pg_temp.mn_name(18000), 'closed')) AS small;
SELECT refund, refund_path(t, big) AS path, refund_completion_time(t, big) AS completion,
       refund_response_time(t, big) AS response, refund_completed(t, big) AS completed,
       (refund_path(t, big), refund_completion_time(t, big), refund_response_time(t, big),
        refund_handling_time(t, big), refund_completed(t, big), refund_self_completed(t, big))
       IS NOT DISTINCT FROM
       (refund_path(t, small), refund_completion_time(t, small), refund_response_time(t, small),
        refund_handling_time(t, small), refund_completed(t, small), refund_self_completed(t, small))
       AS as_small
FROM mn_refunds, mn_refund_map, mn_refund_small ORDER BY refund;

-- A bad element deep in a long list: the same error as in a short one.
SELECT pg_temp.error_of(format('SELECT * FROM refund_vocabulary(%L)',
    jsonb_build_object('succeeded', (SELECT jsonb_agg(CASE g WHEN 15000 THEN to_jsonb(g) ELSE to_jsonb(pg_temp.mn_name(g)) END)
                                     FROM generate_series(1, 20000) g)))) AS result;

-- SLA policies: "solved" maps 20 000 names, "new" one; the other roles keep
-- their defaults.
CREATE TABLE mn_policy AS SELECT jsonb_build_object(
    'resolution', '40 hours',
    'stages', jsonb_build_object(
        'solved', pg_temp.mn_array(ARRAY(SELECT pg_temp.mn_name(1 + (g * 7919) % 20000) FROM generate_series(1, 20000) g)),
        'new', 'N')) AS big,
    jsonb_build_object('resolution', '40 hours', 'stages', jsonb_build_object(
        'solved', jsonb_build_array(pg_temp.mn_name(4242), pg_temp.mn_name(19999)), 'new', 'N')) AS small;
SELECT v.role, v.stages = coalesce(m.stages, d.stages) AS as_read, cardinality(v.stages) AS names, v.stages[1:2] AS first_two
FROM mn_policy, sla_vocabulary(big) WITH ORDINALITY AS v(role, stages, ord)
LEFT JOIN pg_temp.mn_roles((SELECT big -> 'stages' FROM mn_policy)) AS m USING (role)
LEFT JOIN sla_vocabulary('{"stages": {"solved": [], "new": []}}') AS d USING (role)
ORDER BY v.ord;

CREATE TABLE mn_ticket_events (ticket int, stage text, at timestamptz);
INSERT INTO mn_ticket_events VALUES
    (1, 'N', '2026-03-02 09:00Z'), (1, 'open', '2026-03-02 10:00Z'), (1, pg_temp.mn_name(4242), '2026-03-02 11:00Z'),
    (2, 'N', '2026-03-02 09:00Z'), (2, 'pending', '2026-03-02 10:00Z'),
    (2, pg_temp.mn_name(19999), '2026-03-04 10:00Z'),
    (3, 'N', '2026-03-02 09:00Z'), (3, 'solved', '2026-03-02 10:00Z'),
    (4, 'new', '2026-03-02 09:00Z'), (4, pg_temp.mn_name(4242), '2026-03-02 10:00Z');
CREATE TABLE mn_tickets AS SELECT ticket, timeline_agg(stage, at) AS t FROM mn_ticket_events GROUP BY ticket;
SELECT ticket, sla_time(t, 'resolution', big) AS resolution, sla_met(t, 'resolution', big) AS met,
       (sla_time(t, 'resolution', big), sla_met(t, 'resolution', big), sla_breach_at(t, 'resolution', big))
       IS NOT DISTINCT FROM
       (sla_time(t, 'resolution', small), sla_met(t, 'resolution', small), sla_breach_at(t, 'resolution', small))
       AS as_small
FROM mn_tickets, mn_policy ORDER BY ticket;

-- A stage name of two roles, or starting with the priority prefix, in a
-- long list: the error names the first such name in the order the
-- vocabulary lists them (its "as_read" order), as the plain reading finds.
--  1 "on_hold" (listed before "pending": keys of one length go in byte
--    order) maps 20 000 names, "pending" 5 000 of them backwards;
--  2 "agent_reply" maps 20 000 names, "open" at 10 and "solved" at 19 000,
--    the default names of roles not mapped;
--  3 "solved" maps 20 000 names, priority:b at 12 000 and priority:a at
--    16 000.
CREATE TABLE mn_bad_policies (k int, stages jsonb);
INSERT INTO mn_bad_policies
SELECT 1, jsonb_build_object(
    'pending', pg_temp.mn_array(ARRAY(SELECT pg_temp.mn_name(g) FROM generate_series(20000, 15001, -1) g)),
    'on_hold', pg_temp.mn_array(ARRAY(SELECT pg_temp.mn_name(1 + (g * 7919) % 20000) FROM generate_series(1, 20000) g)))
UNION ALL
SELECT 2, jsonb_build_object('agent_reply', pg_temp.mn_array(ARRAY(
    SELECT CASE g WHEN 10 THEN 'open' WHEN 19000 THEN 'solved' ELSE pg_temp.mn_name(g) END FROM generate_series(1, 20000) g)))
UNION ALL
SELECT 3, jsonb_build_object('solved', pg_temp.mn_array(ARRAY(
    SELECT CASE g WHEN 12000 THEN 'priority:b' WHEN 16000 THEN 'priority:a' ELSE pg_temp.mn_name(g) END
    FROM generate_series(1, 20000) g)));
SELECT k, pg_temp.error_of(format('SELECT * FROM sla_vocabulary(%L)', jsonb_build_object('stages', p.stages))) AS result,
       (SELECT name FROM (SELECT name, min(place) AS place
                          FROM (SELECT e.name, r.ord * 1000000 + e.ord AS place
                                FROM jsonb_each(p.stages) WITH ORDINALITY AS r(role, value, ord),
                                     jsonb_array_elements_text(value) WITH ORDINALITY AS e(name, ord)) AS l
                          GROUP BY name) AS f
        WHERE name IN (SELECT name FROM jsonb_each(p.stages) AS r(role, value), jsonb_array_elements_text(value) AS e(name)
                       GROUP BY name HAVING count(DISTINCT role) > 1)
           OR name IN (SELECT unnest(d.stages) FROM sla_vocabulary('{}') AS d WHERE NOT p.stages ? d.role)
           OR name LIKE 'priority:%'
        ORDER BY place LIMIT 1) AS first_read
FROM mn_bad_policies AS p ORDER BY k;

-- Clocks: 20 000 running and 20 000 paused names besides new, open,
-- pending and on_hold, against those and the two the tickets use.
CREATE TABLE mn_lists AS SELECT
    ARRAY(SELECT 'run ' || g FROM generate_series(1, 20000) g) || '{new,open}'::text[] AS running,
    ARRAY(SELECT 'pause ' || g FROM generate_series(1, 20000) g) || '{pending,on_hold}'::text[] AS paused;
CREATE TABLE mn_clock_events (ticket int, stage text, at timestamptz);
INSERT INTO mn_clock_events VALUES
    (1, 'new', '2026-03-02 09:00Z'), (1, 'pause 77', '2026-03-02 10:00Z'),
    (1, 'run 15000', '2026-03-02 12:00Z'), (1, 'solved', '2026-03-02 13:00Z'),
    (2, 'new', '2026-03-02 09:00Z'), (2, 'pending', '2026-03-02 10:00Z'),
    (2, 'open', '2026-03-02 11:00Z'), (2, 'solved', '2026-03-02 12:30Z'),
    (3, 'new', '2026-03-02 09:00Z'), (3, 'elsewhere', '2026-03-02 10:00Z'),
    (3, 'pause 20000', '2026-03-02 11:00Z'), (3, 'run 1', '2026-03-02 12:00Z');
CREATE TABLE mn_clocks AS SELECT ticket, timeline_agg(stage, at) AS t FROM mn_clock_events GROUP BY ticket;
SELECT ticket, sla_clock(t, '{new}', '{solved}', paused, running) AS agent_work,
       sla_clock(t, '{new}', '{solved}', paused, running, timestamptz '2026-03-02 14:00Z') AS at_14,
       (sla_clock(t, '{new}', '{solved}', paused, running),
        sla_clock(t, '{new}', '{solved}', paused, running, timestamptz '2026-03-02 14:00Z', reopen => true),
        sla_clock_status(t, '{new}', '{solved}', '2 hours', paused, running),
        sla_clock_status(t, '{new}', '{solved}', '2 hours', paused, running, timestamptz '2026-03-02 14:00Z'))
       IS NOT DISTINCT FROM
       (sla_clock(t, '{new}', '{solved}', '{pending,on_hold,pause 77,pause 20000}', '{new,open,run 15000,run 1}'),
        sla_clock(t, '{new}', '{solved}', '{pending,on_hold,pause 77,pause 20000}', '{new,open,run 15000,run 1}',
                  timestamptz '2026-03-02 14:00Z', reopen => true),
        sla_clock_status(t, '{new}', '{solved}', '2 hours', '{pending,on_hold,pause 77,pause 20000}',
                         '{new,open,run 15000,run 1}'),
        sla_clock_status(t, '{new}', '{solved}', '2 hours', '{pending,on_hold,pause 77,pause 20000}',
                         '{new,open,run 15000,run 1}', timestamptz '2026-03-02 14:00Z'))
       AS as_small
FROM mn_clocks, mn_lists ORDER BY ticket;
-- the same lists on 60 rows
SELECT count(*) AS rows,
       count(*) FILTER (WHERE sla_clock(t, '{new}', '{solved}', paused, running) IS NOT DISTINCT FROM
                              sla_clock(t, '{new}', '{solved}', '{pending,on_hold,pause 77,pause 20000}',
                                        '{new,open,run 15000,run 1}')) AS as_small
FROM mn_clocks, mn_lists, generate_series(1, 20);

-- A status both running and paused: the error names the first running
-- status, in the running order, that is also paused.  Running: run 1 to
-- run 20000 with o2 at 100 and o1 at 19 000; paused: pause 1 to pause
-- 20000 with o1 first and o2 last.  Then lists changing from row to row,
-- checked again when either changes: rows 1 and 2 are disjoint, row 3 adds
-- "run 5000" to the paused list; in the second query row 2 adds "pause 3"
-- to the running list.
CREATE TABLE mn_overlap AS SELECT
    ARRAY(SELECT CASE g WHEN 100 THEN 'o2' WHEN 19000 THEN 'o1' ELSE 'run ' || g END FROM generate_series(1, 20000) g) AS running,
    '{o1}'::text[] || ARRAY(SELECT 'pause ' || g FROM generate_series(1, 20000) g) || '{o2}'::text[] AS paused;
SELECT pg_temp.error_of('SELECT sla_clock(t, ''{new}'', ''{solved}'', paused, running) FROM mn_clocks, mn_overlap') AS clock,
       pg_temp.error_of('SELECT sla_clock_status(t, ''{new}'', ''{solved}'', ''2 hours'', paused, running)
                         FROM mn_clocks, mn_overlap') AS status,
       (SELECT r FROM mn_overlap, unnest(running) WITH ORDINALITY AS u(r, i) WHERE r = ANY (paused) ORDER BY i LIMIT 1)
       AS first_read;
CREATE TABLE mn_changing (k int, running text[], paused text[]);
INSERT INTO mn_changing SELECT k, running, paused || CASE k WHEN 3 THEN '{run 5000}'::text[] ELSE '{}' END
FROM mn_lists, generate_series(1, 3) k;
INSERT INTO mn_changing SELECT 10 + k, running || CASE k WHEN 2 THEN '{pause 3}'::text[] ELSE '{}' END, paused
FROM mn_lists, generate_series(1, 2) k;
SELECT pg_temp.error_of(format('SELECT k, sla_clock((SELECT t FROM mn_clocks WHERE ticket = 1), ''{new}'', ''{solved}'', paused, running)
                                FROM (SELECT * FROM mn_changing WHERE k %s ORDER BY k OFFSET 0) AS c', w)) AS result
FROM (VALUES ('< 10'), ('< 3'), ('> 10'), ('= 11')) AS q(w);
-- NULL elements are no status; the empty name is one
SELECT pg_temp.error_of('SELECT sla_clock(t, ''{new}'', ''{solved}'', ''{NULL,pending}'', ''{NULL,new}'') FROM mn_clocks') AS nulls,
       pg_temp.error_of('SELECT sla_clock(t, ''{new}'', ''{solved}'', ''{pending,""}'', ''{new,""}'') FROM mn_clocks') AS empty;
