-- No function changes its arguments when called directly: a transition or
-- combine function updates its state in place only inside an aggregate,
-- and every other function only reads.  Stored states of every type, in
-- three sizes (short: a 1-byte header on disk; medium: inline, a 4-byte
-- header; long: compressed or in the TOAST table), with a second state s2
-- of the same configuration, are given to every transition, combine and
-- + function (the cases below; a query checks that none is missing) four
-- ways in SQL (a table scan, a sorted subquery, a fresh 4-byte value made
-- from text, a CTE) and three in PL/pgSQL (a variable set from the row, a
-- fresh value, the record's field), and to every
-- other function with a state argument (found in the catalog, with
-- typical values for the other arguments) two ways in each.  A call is
-- checked by the text of its arguments before and after it, in the same
-- row; the stored tables by a fingerprint.
SET client_min_messages = warning;
CREATE SCHEMA argcheck;
SET search_path = argcheck, public;

CREATE TABLE sizes(label text, n int, m int);
INSERT INTO sizes VALUES ('short', 1, 1), ('medium', 12, 3), ('long', 300, 30);

-- rating_state (fixed size) unweighted and weighted; both contain 9s
CREATE TABLE st_rating AS
SELECT z.label,
  (SELECT nps_agg(g % 11) FROM generate_series(0, 20 * z.n) g) s,
  (SELECT nps_agg((g * 7) % 11) FROM generate_series(0, 5 * z.n) g) s2
FROM sizes z;
CREATE TABLE st_rating_w AS
SELECT z.label,
  (SELECT nps_agg(g % 11, 1.5) FROM generate_series(0, 20 * z.n) g) s,
  (SELECT nps_agg((g * 7) % 11, 0.5) FROM generate_series(0, 5 * z.n) g) s2
FROM sizes z;

-- rating_state of a 1-5 scale, for the csat functions that refuse other scores
CREATE TABLE st_csat AS
SELECT z.label,
  (SELECT csat_agg(g % 5 + 1) FROM generate_series(0, 20 * z.n) g) s,
  (SELECT csat_agg((g * 3) % 5 + 1) FROM generate_series(0, 5 * z.n) g) s2
FROM sizes z;
-- dimension_state positional (m dims) and named
CREATE TABLE st_dim AS
SELECT z.label,
  (SELECT dimension_agg(ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m * 3) d)) FROM generate_series(1, 10) g) s,
  (SELECT dimension_agg(ARRAY(SELECT ((g * d) % 5 + 1)::float8 FROM generate_series(1, z.m * 3) d)) FROM generate_series(1, 4) g) s2
FROM sizes z;
CREATE TABLE st_dim_named AS
SELECT z.label,
  (SELECT dimension_agg('d' || (g % (z.m * 3)), (g % 5 + 1)::float8) FROM generate_series(1, 60) g) s,
  (SELECT dimension_agg('d' || (g % (z.m * 3)), (g % 4 + 1)::float8) FROM generate_series(1, 20) g) s2
FROM sizes z;

-- paired_state: gap (positional), driver, gap (named)
CREATE TABLE st_gap AS
SELECT z.label,
  (SELECT gap_agg(ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d),
                  ARRAY(SELECT ((g * d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 10) g) s,
  (SELECT gap_agg(ARRAY(SELECT ((g + 2 * d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d),
                  ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_driver AS
SELECT z.label,
  (SELECT driver_agg((g % 7)::float8, ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 10) g) s,
  (SELECT driver_agg((g % 5)::float8, ARRAY(SELECT ((g * d) % 5 + 1)::float8 FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_gap_named AS
SELECT z.label,
  (SELECT gap_agg('d' || (g % (z.m * 2)), (g % 5 + 1)::float8, (g % 3 + 2)::float8) FROM generate_series(1, 60) g) s,
  (SELECT gap_agg('d' || (g % (z.m * 2)), (g % 4 + 1)::float8, (g % 2 + 2)::float8) FROM generate_series(1, 20) g) s2
FROM sizes z;

-- moment_state: positional, named, columns, long (with pending responses)
CREATE TABLE st_moment AS
SELECT z.label,
  (SELECT moment_agg((g % 7)::float8, ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m) d)) FROM generate_series(1, 10) g) s,
  (SELECT moment_agg((g % 5)::float8, ARRAY(SELECT ((g * d) % 5 + 1)::float8 FROM generate_series(1, z.m) d)) FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_moment_named AS
SELECT z.label, ARRAY(SELECT 'v' || d FROM generate_series(1, z.m) d) AS names,
  (SELECT moment_agg((g % 7)::float8, ARRAY(SELECT ((g + d) % 5 + 1)::float8 FROM generate_series(1, z.m) d),
                     ARRAY(SELECT 'v' || d FROM generate_series(1, z.m) d)) FROM generate_series(1, 10) g) s,
  (SELECT moment_agg((g % 5)::float8, ARRAY(SELECT ((g * d) % 5 + 1)::float8 FROM generate_series(1, z.m) d),
                     ARRAY(SELECT 'v' || d FROM generate_series(1, z.m) d)) FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_moment_cols AS
SELECT z.label,
  (SELECT moment_agg((g % 7)::float8, ARRAY['a', 'b'], g % 5, (g * 3) % 5) FROM generate_series(1, 10 * z.n) g) s,
  (SELECT moment_agg((g % 5)::float8, ARRAY['a', 'b'], g % 4, (g * 2) % 5) FROM generate_series(1, 6) g) s2
FROM sizes z;
-- the long layout; an aggregate without the final function keeps pending responses
CREATE AGGREGATE moment_long_raw(bigint, text, double precision, text[], text) (
    SFUNC = moment_state_accum, STYPE = moment_state);
CREATE TABLE st_moment_long AS
SELECT z.label,
  (SELECT moment_long_raw((g / 3)::bigint, (ARRAY['x','y','o'])[g % 3 + 1], (g % 5 + 1)::float8, ARRAY['x','y'], 'o')
     FROM generate_series(0, 6 * z.n * z.m + 1) g) s,
  (SELECT moment_long_raw((1000 + g / 3)::bigint, (ARRAY['x','y','o'])[g % 3 + 1], (g % 4 + 1)::float8, ARRAY['x','y'], 'o')
     FROM generate_series(0, 8) g) s2
FROM sizes z;

-- duration_state
CREATE TABLE st_duration AS
SELECT z.label,
  (SELECT duration_agg(((g::bigint * g * 7919) % 100000)::float8 / 10 + g) FROM generate_series(1, 3 * z.n * z.m) g) s,
  (SELECT duration_agg((g * 13 % 5000)::float8) FROM generate_series(1, 5 * z.n) g) s2
FROM sizes z;

-- proportion_state, outcome_state (fixed size); contain true outcomes
CREATE TABLE st_proportion AS
SELECT z.label,
  (SELECT proportion_agg(g % 3 = 0) FROM generate_series(1, 10 * z.n) g) s,
  (SELECT proportion_agg(g % 2 = 0) FROM generate_series(1, 4) g) s2
FROM sizes z;
CREATE TABLE st_outcome AS
SELECT z.label,
  (SELECT outcome_agg(g % 2 = 0, g % 3 = 0) FROM generate_series(1, 10 * z.n) g) s,
  (SELECT outcome_agg(g % 3 = 0, g % 2 = 0) FROM generate_series(1, 6) g) s2
FROM sizes z;

-- duration_outcome_state with m * 2 edges
CREATE TABLE st_doutcome AS
SELECT z.label,
  ARRAY(SELECT make_interval(hours => d) FROM generate_series(1, z.m * 2) d) edges,
  ARRAY(SELECT d * 3600.0::float8 FROM generate_series(1, z.m * 2) d) edges_s,
  (SELECT duration_outcome_agg(make_interval(mins => g * 7), g % 2 = 0,
                               ARRAY(SELECT make_interval(hours => d) FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 30) g) s,
  (SELECT duration_outcome_agg(make_interval(mins => g * 11), g % 3 = 0,
                               ARRAY(SELECT make_interval(hours => d) FROM generate_series(1, z.m * 2) d)) FROM generate_series(1, 10) g) s2
FROM sizes z;

-- timeline_state
CREATE TABLE st_timeline AS
SELECT z.label,
  (SELECT timeline_agg('stage' || (g % (2 + z.m)), timestamptz '2024-01-01' + g * interval '1 hour') FROM generate_series(1, 2 * z.n) g) s,
  (SELECT timeline_agg('stage' || (g % 3), timestamptz '2024-02-01' + g * interval '1 hour') FROM generate_series(1, 3) g) s2
FROM sizes z;

-- timeline_set
CREATE TABLE st_tset AS
SELECT z.label,
  (SELECT timeline_set_agg((g % z.n)::bigint, 'st' || (g % 4), timestamptz '2024-01-01' + g * interval '1 hour') FROM generate_series(1, 3 * z.n) g) s,
  (SELECT timeline_set_agg((g % 3)::bigint, 'st' || (g % 2), timestamptz '2024-03-01' + g * interval '1 hour') FROM generate_series(1, 5) g) s2
FROM sizes z;

-- funnel_state: plain, given stages, business calendar
CREATE TABLE tl AS
SELECT c, timeline_agg('s' || ((c + e) % 5), timestamptz '2024-01-01' + (c * 17 + e * 5) * interval '1 hour') t
FROM generate_series(1, 300) c, generate_series(0, 3) e GROUP BY c;
CREATE TABLE st_funnel AS
SELECT z.label,
  (SELECT funnel_agg(t) FROM tl WHERE c <= z.n) s,
  (SELECT funnel_agg(t) FROM tl WHERE c > 290) s2
FROM sizes z;
CREATE TABLE st_funnel_stages AS
SELECT z.label,
  (SELECT funnel_agg(t, ARRAY['s0','s1','s2','s3','s4']) FROM tl WHERE c <= z.n) s,
  (SELECT funnel_agg(t, ARRAY['s0','s1','s2','s3','s4']) FROM tl WHERE c > 290) s2
FROM sizes z;
CREATE TABLE st_funnel_biz AS
SELECT z.label,
  (SELECT funnel_agg(t, ARRAY['s0','s1','s2','s3','s4'], 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM tl WHERE c <= z.n) s,
  (SELECT funnel_agg(t, ARRAY['s0','s1','s2','s3','s4'], 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM tl WHERE c > 290) s2
FROM sizes z;

-- contact_state: bigint / text customers, calendar time / business time.
-- The sweep below reads st_contact_t and st_contact_ib, where s2 comes after
-- every contact of s, as followed_by must; in the other two s2 overlaps s,
-- so that their merges join episodes.
CREATE TABLE st_contact_i AS
SELECT z.label,
  (SELECT contact_agg((g % (z.n * 3))::bigint, 'topic' || (g % 3), timestamptz '2024-01-01' + g * interval '5 hours', interval '2 days') FROM generate_series(1, 3 * z.n) g) s,
  (SELECT contact_agg((g % 4)::bigint, 'topic' || (g % 2), timestamptz '2024-01-02' + g * interval '7 hours', interval '2 days') FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_contact_t AS
SELECT z.label,
  (SELECT contact_agg('cust' || (g % (z.n * 3)), 'topic' || (g % 3), timestamptz '2024-01-01' + g * interval '5 hours', interval '2 days') FROM generate_series(1, 3 * z.n) g) s,
  (SELECT contact_agg('cust' || (g % 4), 'topic' || (g % 2), timestamptz '2025-01-02' + g * interval '7 hours', interval '2 days') FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_contact_ib AS
SELECT z.label,
  (SELECT contact_agg((g % (z.n * 3))::bigint, 'topic' || (g % 3), timestamptz '2024-01-01' + g * interval '5 hours', interval '16 hours', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM generate_series(1, 3 * z.n) g) s,
  (SELECT contact_agg((g % 4)::bigint, 'topic' || (g % 2), timestamptz '2025-01-02' + g * interval '7 hours', interval '16 hours', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM generate_series(1, 6) g) s2
FROM sizes z;
CREATE TABLE st_contact_tb AS
SELECT z.label,
  (SELECT contact_agg('cust' || (g % (z.n * 3)), 'topic' || (g % 3), timestamptz '2024-01-01' + g * interval '5 hours', interval '16 hours', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM generate_series(1, 3 * z.n) g) s,
  (SELECT contact_agg('cust' || (g % 4), 'topic' || (g % 2), timestamptz '2024-01-02' + g * interval '7 hours', interval '16 hours', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) FROM generate_series(1, 6) g) s2
FROM sizes z;

-- category_state unweighted / weighted
CREATE TABLE st_category AS
SELECT z.label,
  (SELECT category_agg('cat' || (g % (z.n * 2))) FROM generate_series(1, 10 * z.n) g) s,
  (SELECT category_agg('cat' || (g % 3)) FROM generate_series(1, 7) g) s2
FROM sizes z;
CREATE TABLE st_category_w AS
SELECT z.label,
  (SELECT category_agg('cat' || (g % (z.n * 2)), 1.5) FROM generate_series(1, 10 * z.n) g) s,
  (SELECT category_agg('cat' || (g % 3), 0.5) FROM generate_series(1, 7) g) s2
FROM sizes z;

-- how each state is stored
CREATE TEMP TABLE storage_report(tbl text, label text, s_bytes int, s2_bytes int);
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'argcheck' AND c.relname LIKE 'st\_%' AND c.relkind = 'r' ORDER BY 1 LOOP
    EXECUTE format('INSERT INTO storage_report SELECT %L, label, pg_column_size(s), pg_column_size(s2) FROM argcheck.%I', r.relname, r.relname);
  END LOOP;
END $$;
SELECT tbl, string_agg(label || '=' || s_bytes || '/' || s2_bytes, ' ' ORDER BY label DESC) AS "pg_column_size s/s2" FROM storage_report GROUP BY tbl ORDER BY tbl;

CREATE TABLE cases(id serial, tbl text, call text, typ text);
INSERT INTO cases(tbl, call) VALUES
 ('st_rating','rating_state_accum({s}, 9::smallint)'),
 ('st_rating','rating_state_accum({s}, 9::int)'),
 ('st_rating','rating_state_accum({s}, 9::bigint)'),
 ('st_rating','rating_state_accum({s}, 9::numeric)'),
 ('st_rating','rating_state_retract({s}, 9::smallint)'),
 ('st_rating','rating_state_retract({s}, 9::int)'),
 ('st_rating','rating_state_retract({s}, 9::bigint)'),
 ('st_rating','rating_state_retract({s}, 9::numeric)'),
 ('st_rating','rating_state_combine({s}, {s2})'),
 ('st_rating','rating_state_combine({s2}, {s})'),
 ('st_rating','rating_state_plus({s}, {s2})'),
 ('st_rating','{s} + {s2}'),
 ('st_rating','{s} + {s}'),
 ('st_rating_w','rating_state_accum({s}, 9::smallint, 2.0)'),
 ('st_rating_w','rating_state_accum({s}, 9::int, 2.0)'),
 ('st_rating_w','rating_state_accum({s}, 9::bigint, 2.0)'),
 ('st_rating_w','rating_state_accum({s}, 9::numeric, 2.0)'),
 ('st_rating_w','rating_state_combine({s}, {s2})'),
 ('st_rating_w','{s} + {s2}'),
 ('st_dim','dimension_state_accum({s}, array_fill(3.0::float8, ARRAY[cardinality({x}.dims)]))'),
 ('st_dim','dimension_state_combine({s}, {s2})'),
 ('st_dim','dimension_state_combine({s2}, {s})'),
 ('st_dim','dimension_state_plus({s}, {s2})'),
 ('st_dim','{s} + {s2}'),
 ('st_dim_named','dimension_state_accum({s}, ''d1'', 3.0)'),
 ('st_dim_named','dimension_state_accum({s}, ''zz_new'', 3.0)'),
 ('st_dim_named','dimension_state_combine({s}, {s2})'),
 ('st_dim_named','{s} + {s2}'),
 ('st_gap','paired_state_accum_gap({s}, array_fill(3.0::float8, ARRAY[cardinality({x}.dims)]), array_fill(4.0::float8, ARRAY[cardinality({x}.dims)]))'),
 ('st_gap','paired_state_combine({s}, {s2})'),
 ('st_gap','paired_state_plus({s}, {s2})'),
 ('st_gap','{s} + {s2}'),
 ('st_driver','paired_state_accum_driver({s}, 4.0, array_fill(3.0::float8, ARRAY[cardinality({x}.dims)]))'),
 ('st_driver','paired_state_combine({s}, {s2})'),
 ('st_driver','{s} + {s2}'),
 ('st_gap_named','paired_state_accum_gap({s}, ''d1'', 3.0, 4.0)'),
 ('st_gap_named','paired_state_accum_gap({s}, ''zz_new'', 3.0, 4.0)'),
 ('st_gap_named','paired_state_combine({s}, {s2})'),
 ('st_gap_named','{s} + {s2}'),
 ('st_moment','moment_state_accum({s}, 4.0, array_fill(3.0::float8, ARRAY[cardinality({x}.dims)]))'),
 ('st_moment','moment_state_accum({s}, 4.0, array_fill(3.0::float8, ARRAY[cardinality({x}.dims)]), 2.0)'),
 ('st_moment','moment_state_combine({s}, {s2})'),
 ('st_moment','moment_state_plus({s}, {s2})'),
 ('st_moment','{s} + {s2}'),
 ('st_moment_named','moment_state_accum({s}, 4.0, array_fill(3.0::float8, ARRAY[cardinality({x}.names)]), {x}.names)'),
 ('st_moment_named','moment_state_accum({s}, 4.0, array_fill(3.0::float8, ARRAY[cardinality({x}.names)]), {x}.names, 2.0)'),
 ('st_moment_named','moment_state_combine({s}, {s2})'),
 ('st_moment_named','{s} + {s2}'),
 ('st_moment_cols','moment_state_accum({s}, 4.0, ARRAY[''a'', ''b''], 2, 4)'),
 ('st_moment_cols','moment_state_combine({s}, {s2})'),
 ('st_moment_cols','{s} + {s2}'),
 ('st_moment_long','moment_state_accum({s}, 99999::bigint, ''x'', 3.0, ARRAY[''x'', ''y''], ''o'')'),
 ('st_moment_long','moment_state_accum({s}, {x}.pend, ''o'', 3.0, ARRAY[''x'', ''y''], ''o'')'),
 ('st_moment_long','moment_state_final({s})'),
 ('st_moment_long','moment_state_combine({s}, {s2})'),
 ('st_moment_long','moment_state_combine({s2}, {s})'),
 ('st_moment_long','{s} + {s2}'),
 ('st_duration','duration_state_accum({s}, interval ''5 min'')'),
 ('st_duration','duration_state_accum({s}, interval ''5 min'', 0.01)'),
 ('st_duration','duration_state_accum({s}, 300.0::float8)'),
 ('st_duration','duration_state_accum({s}, 300.0::float8, 0.01)'),
 ('st_duration','duration_state_accum({s}, 1e7::float8)'),
 ('st_duration','duration_state_combine({s}, {s2})'),
 ('st_duration','duration_state_combine({s2}, {s})'),
 ('st_duration','duration_state_plus({s}, {s2})'),
 ('st_duration','duration_state_compact({s})'),
 ('st_duration','{s} + {s2}'),
 ('st_proportion','proportion_state_accum({s}, true)'),
 ('st_proportion','proportion_state_retract({s}, true)'),
 ('st_proportion','proportion_state_combine({s}, {s2})'),
 ('st_proportion','proportion_state_plus({s}, {s2})'),
 ('st_proportion','{s} + {s2}'),
 ('st_outcome','outcome_state_accum({s}, true, true)'),
 ('st_outcome','outcome_state_combine({s}, {s2})'),
 ('st_outcome','outcome_state_plus({s}, {s2})'),
 ('st_outcome','{s} + {s2}'),
 ('st_doutcome','duration_outcome_state_accum({s}, interval ''90 min'', true, {x}.edges)'),
 ('st_doutcome','duration_outcome_state_accum({s}, 5400.0::float8, true, {x}.edges_s)'),
 ('st_doutcome','duration_outcome_state_combine({s}, {s2})'),
 ('st_doutcome','duration_outcome_state_plus({s}, {s2})'),
 ('st_doutcome','{s} + {s2}'),
 ('st_timeline','timeline_state_accum({s}, ''newstage'', timestamptz ''2024-01-01 00:30'')'),
 ('st_timeline','timeline_state_accum({s}, ''stage1'', timestamptz ''2023-01-01'')'),
 ('st_timeline','timeline_state_combine({s}, {s2})'),
 ('st_timeline','timeline_state_combine({s2}, {s})'),
 ('st_timeline','timeline_state_plus({s}, {s2})'),
 ('st_timeline','timeline_state_final({s})'),
 ('st_timeline','{s} + {s2}'),
 ('st_tset','timeline_set_accum({s}, 0::bigint, ''newstage'', timestamptz ''2024-01-01 00:30'')'),
 ('st_tset','timeline_set_accum({s}, 12345::bigint, ''st1'', timestamptz ''2024-01-01 00:30'')'),
 ('st_tset','timeline_set_combine({s}, {s2})'),
 ('st_tset','timeline_set_combine(NULL::timeline_set, {s})'),
 ('st_tset','timeline_set_plus({s}, {s2})'),
 ('st_tset','{s} + {s2}'),
 ('st_funnel','funnel_state_accum({s}, (SELECT tl.t FROM argcheck.tl tl WHERE tl.c = 7))'),
 ('st_funnel','funnel_state_combine({s}, {s2})'),
 ('st_funnel','funnel_state_combine(NULL::funnel_state, {s})'),
 ('st_funnel','funnel_state_plus({s}, {s2})'),
 ('st_funnel','{s} + {s2}'),
 ('st_funnel_stages','funnel_state_accum({s}, (SELECT tl.t FROM argcheck.tl tl WHERE tl.c = 7), ARRAY[''s0'',''s1'',''s2'',''s3'',''s4''])'),
 ('st_funnel_stages','funnel_state_combine({s}, {s2})'),
 ('st_funnel_stages','{s} + {s2}'),
 ('st_funnel_biz','funnel_state_accum({s}, (SELECT tl.t FROM argcheck.tl tl WHERE tl.c = 7), ARRAY[''s0'',''s1'',''s2'',''s3'',''s4''], ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar)'),
 ('st_funnel_biz','funnel_state_combine({s}, {s2})'),
 ('st_funnel_biz','{s} + {s2}'),
 ('st_contact_i','contact_state_accum({s}, 0::bigint, ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''2 days'')'),
 ('st_contact_i','contact_state_accum({s}, 0::bigint, ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''2 days'', ''lbl'', true)'),
 ('st_contact_i','contact_state_combine({s}, {s2})'),
 ('st_contact_i','contact_state_combine(NULL::contact_state, {s})'),
 ('st_contact_i','contact_state_plus({s}, {s2})'),
 ('st_contact_i','{s} + {s2}'),
 ('st_contact_t','contact_state_accum({s}, ''cust0'', ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''2 days'')'),
 ('st_contact_t','contact_state_accum({s}, ''cust0'', ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''2 days'', ''lbl'', false)'),
 ('st_contact_t','contact_state_combine({s}, {s2})'),
 ('st_contact_t','{s} + {s2}'),
 ('st_contact_ib','contact_state_accum({s}, 0::bigint, ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''16 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar)'),
 ('st_contact_ib','contact_state_accum({s}, 0::bigint, ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''16 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, ''lbl'', true)'),
 ('st_contact_ib','contact_state_combine({s}, {s2})'),
 ('st_contact_ib','{s} + {s2}'),
 ('st_contact_tb','contact_state_accum({s}, ''cust0'', ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''16 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar)'),
 ('st_contact_tb','contact_state_accum({s}, ''cust0'', ''topic1'', timestamptz ''2024-01-01 03:00'', interval ''16 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, ''lbl'', true)'),
 ('st_contact_tb','contact_state_combine({s}, {s2})'),
 ('st_contact_tb','{s} + {s2}'),
 ('st_category','category_state_accum({s}, ''cat0'')'),
 ('st_category','category_state_accum({s}, ''brand_new'')'),
 ('st_category','category_state_combine({s}, {s2})'),
 ('st_category','category_state_combine(NULL::category_state, {s})'),
 ('st_category','category_state_plus({s}, {s2})'),
 ('st_category','{s} + {s2}'),
 ('st_category_w','category_state_accum({s}, ''cat0'', 2.0)'),
 ('st_category_w','category_state_combine({s}, {s2})'),
 ('st_category_w','{s} + {s2}');
-- each case's state type: that of its table's column s
UPDATE cases SET typ = format_type(a.atttypid, NULL)
FROM pg_attribute a WHERE a.attrelid = ('argcheck.' || cases.tbl)::regclass AND a.attname = 's';

-- functions of these kinds that no case calls
SELECT p.oid::regprocedure AS not_called
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
WHERE p.proname ~ '_(accum|retract|combine|plus)$'
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.call LIKE p.proname || '(%')
ORDER BY 1;

-- dimension counts for calls that need them
ALTER TABLE st_dim ADD COLUMN dims int[];
ALTER TABLE st_gap ADD COLUMN dims int[];
ALTER TABLE st_driver ADD COLUMN dims int[];
ALTER TABLE st_moment ADD COLUMN dims int[];
UPDATE st_dim t SET dims = array_fill(0, ARRAY[z.m * 3]) FROM sizes z WHERE z.label = t.label;
UPDATE st_gap t SET dims = array_fill(0, ARRAY[z.m * 2]) FROM sizes z WHERE z.label = t.label;
UPDATE st_driver t SET dims = array_fill(0, ARRAY[z.m * 2]) FROM sizes z WHERE z.label = t.label;
UPDATE st_moment t SET dims = array_fill(0, ARRAY[z.m]) FROM sizes z WHERE z.label = t.label;

ALTER TABLE st_moment_long ADD COLUMN pend bigint;
UPDATE st_moment_long t SET pend = 2 * z.n * z.m FROM sizes z WHERE z.label = t.label;

-- fingerprint of every stored table, before
CREATE TABLE fp_before(tbl text, fp text);
DO $$
DECLARE r record; f text;
BEGIN
  FOR r IN SELECT DISTINCT tbl FROM cases LOOP
    EXECUTE format('SELECT md5(string_agg(label || s::text || s2::text, '','' ORDER BY label)) FROM argcheck.%I', r.tbl) INTO f;
    INSERT INTO fp_before VALUES (r.tbl, f);
  END LOOP;
END $$;

CREATE TABLE results(id int, tbl text, call text, variant text, n int, results int, changed int, errors int, err text);

-- SQL: a table scan, a sorted subquery, a fresh 4-byte value, a CTE
DO $$
DECLARE c record; v record; q text; expr text; res record;
BEGIN
  FOR c IN SELECT * FROM cases ORDER BY id LOOP
    FOR v IN SELECT * FROM (VALUES
        ('sql_table',  format('argcheck.%I t', c.tbl), 't.s', 't.s2'),
        ('sql_sorted', format('(SELECT * FROM argcheck.%I ORDER BY label DESC) t', c.tbl), 't.s', 't.s2'),
        ('sql_fresh4b', format('(SELECT x.*, (x.s::text)::%s AS s4, (x.s2::text)::%s AS s24 FROM argcheck.%I x OFFSET 0) t', c.typ, c.typ, c.tbl), 't.s4', 't.s24'),
        ('sql_cte', format('(WITH m AS MATERIALIZED (SELECT * FROM argcheck.%I) SELECT * FROM m) t', c.tbl), 't.s', 't.s2')
      ) AS v(name, src, se, s2e) LOOP
      expr := replace(replace(replace(c.call, '{s2}', v.s2e), '{s}', v.se), '{x}', 't');
      -- OFFSET 0: the arguments' text before the call, the call, then after;
      -- the outer query reads r, or the planner would drop the call
      q := format('SELECT count(*)::int n, count(r)::int results, '
                  'count(*) FILTER (WHERE b IS DISTINCT FROM a OR b2 IS DISTINCT FROM a2)::int changed '
                  'FROM (SELECT %s::text b, %s::text b2, (%s)::text r, %s::text a, %s::text a2 FROM %s OFFSET 0) q',
                  v.se, v.s2e, expr, v.se, v.s2e, v.src);
      BEGIN
        EXECUTE q INTO res;
        INSERT INTO results VALUES (c.id, c.tbl, c.call, v.name, res.n, res.results, res.changed, 0, NULL);
      EXCEPTION WHEN others THEN
        INSERT INTO results VALUES (c.id, c.tbl, c.call, v.name, 0, 0, 0, 1, SQLERRM);
      END;
    END LOOP;
  END LOOP;
END $$;

-- PL/pgSQL: one function per case, the call written statically
DO $$
DECLARE c record; body text; expr_var text; expr_rec text; res record; m int;
BEGIN
  FOR c IN SELECT * FROM cases ORDER BY id LOOP
    expr_var := replace(replace(replace(c.call, '{s2}', 's2'), '{s}', 's'), '{x}', 't');
    expr_rec := replace(replace(replace(c.call, '{s2}', 't.s2'), '{s}', 't.s'), '{x}', 't');
    body := format($b$
CREATE OR REPLACE FUNCTION argcheck.plcase(mode int, OUT n int, OUT results int, OUT changed int, OUT errors int, OUT err text)
LANGUAGE plpgsql AS $f$
DECLARE t record; s %1$s; s2 %1$s; rs %1$s; b text; b2 text; r text;
BEGIN
  n := 0; results := 0; changed := 0; errors := 0;
  FOR t IN SELECT * FROM argcheck.%2$I LOOP
    IF mode = 1 THEN s := t.s; s2 := t.s2;                      -- from the row
    ELSIF mode = 2 THEN s := (t.s::text)::%1$s; s2 := (t.s2::text)::%1$s;  -- fresh 4-byte header
    END IF;
    BEGIN
      IF mode = 3 THEN                                             -- record fields directly
        b := t.s::text; b2 := t.s2::text;
        rs := %4$s;
        r := rs::text;
        IF t.s::text IS DISTINCT FROM b OR t.s2::text IS DISTINCT FROM b2 THEN
          changed := changed + 1;
          RAISE WARNING 'CHANGED %% %%: %% -> %%', %5$L, t.label, b, t.s::text;
        END IF;
      ELSE
        b := s::text; b2 := s2::text;
        rs := %3$s;
        r := rs::text;
        IF s::text IS DISTINCT FROM b OR s2::text IS DISTINCT FROM b2 THEN
          changed := changed + 1;
          RAISE WARNING 'CHANGED %% %%: %% -> %%', %5$L, t.label, b, s::text;
        END IF;
      END IF;
    EXCEPTION WHEN others THEN
      errors := errors + 1; err := SQLERRM; CONTINUE;
    END;
    n := n + 1;
    IF r IS NOT NULL THEN results := results + 1; END IF;
  END LOOP;
END $f$;$b$, c.typ, c.tbl, expr_var, expr_rec, c.call);
    EXECUTE body;
    FOR m IN 1..3 LOOP
      EXECUTE 'SELECT * FROM argcheck.plcase($1)' INTO res USING m;
      INSERT INTO results VALUES (c.id, c.tbl, c.call, (ARRAY['plpgsql_row', 'plpgsql_fresh4b', 'plpgsql_recfield'])[m],
                                  res.n, res.results, res.changed, res.errors, res.err);
    END LOOP;
  END LOOP;
END $$;

-- fingerprint after
CREATE TABLE fp_after(tbl text, fp text);
DO $$
DECLARE r record; f text;
BEGIN
  FOR r IN SELECT DISTINCT tbl FROM cases LOOP
    EXECUTE format('SELECT md5(string_agg(label || s::text || s2::text, '','' ORDER BY label)) FROM argcheck.%I', r.tbl) INTO f;
    INSERT INTO fp_after VALUES (r.tbl, f);
  END LOOP;
END $$;

-- summary
SELECT count(DISTINCT id) AS cases, count(*) AS runs, sum(n) AS calls, sum(results) AS non_null_results,
       sum(changed) AS calls_that_changed_an_argument,
       sum(errors) AS calls_with_error, count(*) FILTER (WHERE n = 0) AS runs_without_calls
FROM results;
-- runs where an argument changed
SELECT id, call, variant, n, changed FROM results WHERE changed > 0 ORDER BY id, variant;
-- runs with errors
SELECT id, call, variant, errors, err FROM results WHERE errors > 0 ORDER BY id, variant;
-- stored tables changed
SELECT b.tbl FROM fp_before b JOIN fp_after a USING (tbl) WHERE a.fp IS DISTINCT FROM b.fp ORDER BY 1;

CREATE TABLE sweep_results(fn text, call text, tbl text, variant text, n int, results int, changed int, errors int, err text);
CREATE OR REPLACE FUNCTION pg_temp.argval(t regtype, st regtype, pos int) RETURNS text LANGUAGE sql AS $$
  SELECT CASE
    WHEN t = st THEN (CASE WHEN pos = 0 THEN '{s}' ELSE '{s2}' END)
    WHEN t = (SELECT typarray FROM pg_type WHERE oid = st)::regtype THEN 'ARRAY[{s}, {s2}]'
    WHEN t = 'text[]'::regtype AND pos = 0 THEN 'ARRAY[''group a'', ''group b'']'
    WHEN t = 'double precision'::regtype THEN '0.5::float8'
    WHEN t = 'integer'::regtype THEN '3'
    WHEN t = 'bigint'::regtype THEN '1::bigint'
    WHEN t = 'text'::regtype THEN '''stage1''::text'
    WHEN t = 'boolean'::regtype THEN 'true'
    WHEN t = 'interval'::regtype THEN 'interval ''1 hour'''
    WHEN t = 'timestamp with time zone'::regtype THEN 'timestamptz ''2024-01-02'''
    WHEN t = 'text[]'::regtype THEN 'ARRAY[''stage1'', ''stage2'']'
    WHEN t = 'double precision[]'::regtype THEN 'ARRAY[0.5, 0.9]::float8[]'
    WHEN t = 'business_calendar'::regtype THEN '''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN t = 'jsonb'::regtype THEN '''{"d1": 1, "d2": 2}''::jsonb'
    WHEN t = 'tstzrange'::regtype THEN 'tstzrange(''2024-01-01'', ''2024-02-01'')'
    ELSE NULL END $$;
-- the arguments of the functions that refuse the typical values above
CREATE FUNCTION pg_temp.args_for(fn regprocedure) RETURNS text LANGUAGE sql AS $$
  SELECT CASE fn::text
    WHEN 'csat(rating_state,integer,integer,integer)'
      THEN '{s}, 0, 10, 9'
    WHEN 'csat_ci(rating_state,integer,integer,integer,double precision)'
      THEN '{s}, 0, 10, 9, 0.95::float8'
    WHEN 'csat_compare(rating_state,rating_state,integer,integer,integer,double precision)'
      THEN '{s}, {s2}, 0, 10, 9, 0.95::float8'
    WHEN 'duration_quantile_test(duration_state,double precision,interval,text,double precision)'
      THEN '{s}, 0.5::float8, interval ''1 hour'', ''two_sided'', 0.95::float8'
    WHEN 'duration_quantile_test_seconds(duration_state,double precision,double precision,text,double precision)'
      THEN '{s}, 0.5::float8, 3600::float8, ''two_sided'', 0.95::float8'
    WHEN 'gap_overall(paired_state,jsonb)'
      THEN '{s}, (SELECT jsonb_object_agg(r.dimension, 1) FROM gap_analysis({s}) AS r)'
    WHEN 'nps_ci(rating_state,double precision,text)'
      THEN '{s}, 0.95::float8, ''adjusted_wald'''
    WHEN 'nps_compare(rating_state,rating_state,double precision,text)'
      THEN '{s}, {s2}, 0.95::float8, ''adjusted_wald'''
    WHEN 'nps_heterogeneity(rating_state[],text)'
      THEN 'ARRAY[{s}, {s2}], ''wald'''
    WHEN 'nps_test(rating_state,double precision,text,double precision,text)'
      THEN '{s}, 0.5::float8, ''two_sided'', 0.95::float8, ''wald'''
    WHEN 'proportion_test(proportion_state,double precision,text,double precision)'
      THEN '{s}, 0.5::float8, ''two_sided'', 0.95::float8'
    WHEN 'refund_completed(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_completion_time(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_completion_time(timeline_state,jsonb,business_calendar)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb, ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'refund_handling_time(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_handling_time(timeline_state,jsonb,business_calendar)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb, ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'refund_intervened(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_intervened_self_completed(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_path(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_response_time(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'refund_response_time(timeline_state,jsonb,business_calendar)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb, ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'refund_self_completed(timeline_state,jsonb)'
      THEN '{s}, ''{"requested": "stage0", "succeeded": ["stage1", "stage2"]}''::jsonb'
    WHEN 'satisfaction_index(dimension_state,double precision[],double precision,double precision)'
      THEN '{s}, array_fill(1.0::float8, ARRAY[cardinality(dimension_counts({s}))]), 1.0::float8, 5.0::float8'
    WHEN 'satisfaction_index(dimension_state,jsonb,double precision,double precision)'
      THEN '{s}, (SELECT jsonb_object_agg(d, 1) FROM unnest(dimension_names({s})) AS d), 1.0::float8, 5.0::float8'
    WHEN 'sla_breach_at(timeline_state,text,jsonb,timestamp with time zone,business_calendar)'
      THEN '{s}, ''first_reply'', ''{"first_reply": "1 hour"}''::jsonb, timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'sla_clock(timeline_state,text[],text[],text[],text[],timestamp with time zone,business_calendar,boolean)'
      THEN '{s}, ARRAY[''stage1''], ARRAY[''stage2''], ARRAY[''stage0''], ''{}''::text[], timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, true'
    WHEN 'sla_clock_status(timeline_state,text[],text[],interval,text[],text[],timestamp with time zone,business_calendar,boolean)'
      THEN '{s}, ARRAY[''stage1''], ARRAY[''stage2''], interval ''1 hour'', ARRAY[''stage0''], ''{}''::text[], timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, true'
    WHEN 'sla_met(timeline_state,text,jsonb,timestamp with time zone,business_calendar)'
      THEN '{s}, ''first_reply'', ''{"first_reply": "1 hour"}''::jsonb, timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'sla_remaining(timeline_state,text,jsonb,timestamp with time zone,business_calendar)'
      THEN '{s}, ''first_reply'', ''{"first_reply": "1 hour"}''::jsonb, timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'sla_stalled(timeline_state,interval,timestamp with time zone,jsonb,business_calendar)'
      THEN '{s}, interval ''1 hour'', timestamptz ''2024-03-01'', ''{"stages": {"solved": "stage2"}}''::jsonb, ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'sla_time(timeline_state,text,jsonb,timestamp with time zone,business_calendar)'
      THEN '{s}, ''first_reply'', ''{"first_reply": "1 hour"}''::jsonb, timestamptz ''2024-03-01'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
    WHEN 'contact_fcr(contact_state,text,double precision,boolean,contact_state)'
      THEN '{s}, ''topic'', 0.95, false, {s2}'
    WHEN 'driver_report(moment_state,double precision,boolean,text)'
      THEN '{s}, 0.05, false, ''relative_weights'''
    WHEN 'nps_pairwise(text[],rating_state[],double precision,text)'
      THEN 'ARRAY[''group a'', ''group b''], ARRAY[{s}, {s2}], 0.95, ''wald'''
    WHEN 'nps_vs_rest(text[],rating_state[],double precision,text)'
      THEN 'ARRAY[''group a'', ''group b''], ARRAY[{s}, {s2}], 0.95, ''wald'''
    WHEN 'rating_distribution(rating_state,integer,integer)'
      THEN '{s}, 0, 10'
    WHEN 'satisfaction_breakdown(dimension_state,double precision[],double precision,double precision,text[],double precision)'
      THEN '{s}, array_fill(1.0::float8, ARRAY[cardinality(dimension_counts({s}))]), 1.0::float8, 5.0::float8, (SELECT array_agg(''n'' || i) FROM generate_series(1, cardinality(dimension_counts({s}))) AS i), 0.95::float8'
    WHEN 'satisfaction_breakdown(dimension_state,jsonb,double precision,double precision,double precision)'
      THEN '{s}, (SELECT jsonb_object_agg(d, 1) FROM unnest(dimension_names({s})) AS d), 1.0::float8, 5.0::float8, 0.95::float8'
    WHEN 'sla_reply_pairs(timeline_state,jsonb,timestamp with time zone,business_calendar)'
      THEN '{s}, ''{}''::jsonb, timestamptz ''2024-01-02'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar'
  END $$;

DO $$
DECLARE
  f record; tb text; args text; call text; q text; res record; v record; body text; m int;
  reps jsonb := '{"rating_state": ["st_rating", "st_rating_w", "st_csat"], "dimension_state": ["st_dim", "st_dim_named"],
                  "paired_state": ["st_gap", "st_driver", "st_gap_named"], "moment_state": ["st_moment", "st_moment_named", "st_moment_long"],
                  "duration_state": ["st_duration"], "proportion_state": ["st_proportion"], "outcome_state": ["st_outcome"],
                  "duration_outcome_state": ["st_doutcome"], "timeline_state": ["st_timeline"], "timeline_set": ["st_tset"],
                  "funnel_state": ["st_funnel", "st_funnel_biz"], "contact_state": ["st_contact_t", "st_contact_ib"],
                  "category_state": ["st_category", "st_category_w"]}';
BEGIN
  FOR f IN
    SELECT * FROM (
    SELECT p.oid, p.proname, p.proargtypes::oid[] AS types, p.pronargs, p.proretset,
           (SELECT format_type(coalesce(nullif(ty.typelem, 0), ty.oid), NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(a, i)
              JOIN pg_type ty ON ty.oid = u.a
             WHERE reps ? format_type(coalesce(nullif(ty.typelem, 0), ty.oid), NULL) ORDER BY i LIMIT 1) AS st
    FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
    WHERE p.prokind = 'f' AND p.pronargs >= 1
      AND p.proname !~ '(_accum|_retract|_combine|_plus)'
      AND NOT EXISTS (SELECT 1 FROM pg_type ty WHERE ty.typinput = p.oid OR ty.typreceive = p.oid)) f0
    WHERE st IS NOT NULL
    ORDER BY proname, oid
  LOOP
    args := pg_temp.args_for(f.oid);
    IF args IS NULL THEN
      SELECT string_agg(coalesce(pg_temp.argval(t::regtype, f.st::regtype, (i - 1)::int), 'NULL::' || format_type(t, NULL)), ', ' ORDER BY i)
        INTO args FROM unnest(f.types) WITH ORDINALITY u(t, i);
    END IF;
    call := format('%I(%s)', f.proname, args);
    -- wrap: works for scalar and set-returning functions alike; the result
    -- is counted, so that the planner cannot drop an unused scalar call
    call := format('(SELECT count(x.r) FROM (SELECT %s AS r) x)', call);
    FOR tb IN SELECT jsonb_array_elements_text(reps -> f.st) LOOP
      FOR v IN SELECT * FROM (VALUES ('sql_table', format('argcheck.%I t', tb), 't.s', 't.s2'),
                                     ('sql_fresh4b', format('(SELECT x.*, (x.s::text)::%s AS s4, (x.s2::text)::%s AS s24 FROM argcheck.%I x OFFSET 0) t', f.st, f.st, tb), 't.s4', 't.s24'))
                         AS v(name, src, se, s2e) LOOP
        q := format('SELECT count(*)::int n, count(r)::int results, '
                    'count(*) FILTER (WHERE b IS DISTINCT FROM a OR b2 IS DISTINCT FROM a2)::int changed '
                    'FROM (SELECT %s::text b, %s::text b2, %s r, %s::text a, %s::text a2 FROM %s OFFSET 0) q',
                    v.se, v.s2e, replace(replace(call, '{s2}', v.s2e), '{s}', v.se), v.se, v.s2e, v.src);
        BEGIN
          EXECUTE q INTO res;
          INSERT INTO sweep_results VALUES (f.oid::regprocedure::text, call, tb, v.name, res.n, res.results, res.changed, 0, NULL);
        EXCEPTION WHEN others THEN
          INSERT INTO sweep_results VALUES (f.oid::regprocedure::text, call, tb, v.name, 0, 0, 0, 1, SQLERRM);
        END;
      END LOOP;
      body := format($b$
CREATE OR REPLACE FUNCTION pg_temp.plsweep(mode int, OUT n int, OUT results int, OUT changed int, OUT errors int, OUT err text)
LANGUAGE plpgsql AS $f$
DECLARE t record; s %1$s; s2 %1$s; b text; b2 text; r bigint;
BEGIN
  n := 0; results := 0; changed := 0; errors := 0;
  FOR t IN SELECT * FROM argcheck.%2$I LOOP
    IF mode = 1 THEN s := t.s; s2 := t.s2; ELSE s := (t.s::text)::%1$s; s2 := (t.s2::text)::%1$s; END IF;
    b := s::text; b2 := s2::text;
    BEGIN
      r := %3$s;
    EXCEPTION WHEN others THEN errors := errors + 1; err := SQLERRM; CONTINUE;
    END;
    n := n + 1;
    IF r IS NOT NULL THEN results := results + 1; END IF;
    IF s::text IS DISTINCT FROM b OR s2::text IS DISTINCT FROM b2 THEN changed := changed + 1; END IF;
  END LOOP;
END $f$;$b$, f.st, tb, replace(replace(call, '{s2}', 's2'), '{s}', 's'));
      EXECUTE body;
      FOR m IN 1..2 LOOP
        EXECUTE 'SELECT * FROM pg_temp.plsweep($1)' INTO res USING m;
        INSERT INTO sweep_results VALUES (f.oid::regprocedure::text, call, tb, (ARRAY['plpgsql_row', 'plpgsql_fresh4b'])[m], res.n, res.results, res.changed, res.errors, res.err);
      END LOOP;
    END LOOP;
  END LOOP;
END $$;

-- sweep summary
SELECT count(DISTINCT fn) AS functions, count(*) AS runs, sum(n) AS calls, sum(results) AS non_null_results,
       sum(changed) changed, sum(errors) errored_calls,
       count(DISTINCT fn) FILTER (WHERE n > 0) AS functions_with_successful_calls
FROM sweep_results;
-- sweep: argument changed
SELECT fn, tbl, variant, n, changed FROM sweep_results WHERE changed > 0 ORDER BY fn, tbl, variant;
-- sweep: functions that never ran without an error (so never checked)
SELECT fn, min(err) FROM sweep_results GROUP BY fn HAVING sum(n) = 0 ORDER BY fn;
-- sweep: calls with an argument it has no typical value for, given as
-- NULL (a strict function would then not run at all)
SELECT DISTINCT fn, call FROM sweep_results WHERE call LIKE '%NULL::%' ORDER BY fn;

RESET search_path;
DROP SCHEMA argcheck CASCADE;
RESET client_min_messages;
