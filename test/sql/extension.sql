-- Conventions every svcquality object follows, checked from the catalogs so
-- that new objects are held to them too.  Each query lists offenders: an
-- empty result is a pass.

CREATE TEMP VIEW ext_objects AS
SELECT d.classid, d.objid
FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
WHERE e.extname = 'svcquality' AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e';

-- every function, aggregate, type, operator and cast has a COMMENT
SELECT pg_describe_object(classid, objid, 0) AS without_comment
FROM ext_objects
WHERE obj_description(objid, classid::regclass::text) IS NULL
  AND NOT (classid = 'pg_type'::regclass
           AND EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = objid AND t.typcategory = 'A'))
ORDER BY 1;

-- every function is PARALLEL SAFE
SELECT p.oid::regprocedure AS not_parallel_safe
FROM ext_objects o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
WHERE p.proparallel <> 's' ORDER BY 1;

-- every aggregate has a combine function and a concrete state type with binary I/O
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtranstype::regtype AS state,
       a.aggcombinefn = 0 AS no_combine, t.typtype = 'p' AS pseudo_state,
       t.typsend = 0 OR t.typreceive = 0 AS no_binary_io
FROM ext_objects o
JOIN pg_aggregate a ON o.classid = 'pg_proc'::regclass AND a.aggfnoid = o.objid
JOIN pg_type t ON t.oid = a.aggtranstype
WHERE a.aggcombinefn = 0 OR t.typtype = 'p' OR t.typsend = 0 OR t.typreceive = 0
ORDER BY 1;

-- every state type has a merge aggregate: one taking the state as its only input,
-- returning the same state type
SELECT DISTINCT a.aggtranstype::regtype AS state_without_merge_aggregate
FROM ext_objects o
JOIN pg_aggregate a ON o.classid = 'pg_proc'::regclass AND a.aggfnoid = o.objid
WHERE NOT EXISTS (
    SELECT 1 FROM pg_aggregate m JOIN pg_proc p ON p.oid = m.aggfnoid
    WHERE p.pronargs = 1 AND p.proargtypes[0] = a.aggtranstype
      AND m.aggtranstype = a.aggtranstype AND p.prorettype = a.aggtranstype)
ORDER BY 1;

-- every base type of the extension has text and binary I/O
SELECT t.oid::regtype AS type_without_io
FROM ext_objects o JOIN pg_type t ON o.classid = 'pg_type'::regclass AND t.oid = o.objid
WHERE t.typtype = 'b' AND t.typcategory <> 'A'
  AND (t.typinput = 0 OR t.typoutput = 0 OR t.typsend = 0 OR t.typreceive = 0)
ORDER BY 1;

-- no function runs with its owner's rights (SECURITY DEFINER), and every
-- function not written in C pins its search_path, so that no name it uses
-- can be captured by an object in a schema the caller controls
-- (docs/security.md)
CREATE TEMP VIEW unsafe_functions AS
SELECT p.oid::regprocedure AS unsafe_function, l.lanname AS language,
       p.prosecdef AS security_definer, p.proconfig AS settings
FROM ext_objects o
JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prosecdef
   OR (l.lanname NOT IN ('c', 'internal')
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS s WHERE s LIKE 'search_path=%'));
SELECT * FROM unsafe_functions ORDER BY unsafe_function::text;
-- the check sees such functions: three planted in the extension, one of them safe
BEGIN;
CREATE FUNCTION planted_sql(int) RETURNS int LANGUAGE sql AS 'SELECT abs($1)';
CREATE FUNCTION planted_definer(int) RETURNS int LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS 'SELECT abs($1)';
CREATE FUNCTION planted_pinned(int) RETURNS int LANGUAGE sql
    SET search_path = pg_catalog, pg_temp AS 'SELECT abs($1)';
ALTER EXTENSION svcquality ADD FUNCTION planted_sql(int);
ALTER EXTENSION svcquality ADD FUNCTION planted_definer(int);
ALTER EXTENSION svcquality ADD FUNCTION planted_pinned(int);
SELECT * FROM unsafe_functions ORDER BY unsafe_function::text;
ROLLBACK;

-- The naming rule of the two-step API (docs/development.md, "Naming the
-- two-step API"; the numbers are that list's):
--   1. an aggregate that returns its state is a builder named <m>_agg;
--   2. every builder <m>_agg(inputs) has a merge aggregate of the same name,
--      <m>_agg(state);
--   4. every one-shot aggregate <m>(inputs) has its builder <m>_agg(inputs)
--      (same inputs, same state) and an accessor <m>(state, ...) with its
--      result, so that <m>(inputs) = <m>(<m>_agg(inputs));
--   5. state types are named <x>_state, except timeline_set (a set of many
--      cases' timeline_states);
--   7. a merge aggregate without a builder of its name is an alias, whose
--      comment starts with "Alias of <an existing aggregate>".
CREATE TEMP VIEW naming_rule_offenders AS
WITH agg AS (
    SELECT p.oid, p.proname, p.pronargs, p.proargtypes, p.prorettype, a.aggtranstype AS state,
           p.pronargs = 1 AND p.proargtypes[0] = a.aggtranstype AS is_merge
    FROM ext_objects o
    JOIN pg_aggregate a ON o.classid = 'pg_proc'::regclass AND a.aggfnoid = o.objid
    JOIN pg_proc p ON p.oid = a.aggfnoid)
SELECT 1 AS rule, oid::regprocedure::text AS offender FROM agg
WHERE prorettype = state AND proname NOT LIKE '%\_agg'
UNION ALL
SELECT 2, b.oid::regprocedure::text FROM agg b
WHERE b.prorettype = b.state AND NOT b.is_merge
  AND NOT EXISTS (SELECT 1 FROM agg m WHERE m.proname = b.proname AND m.is_merge AND m.state = b.state)
UNION ALL
SELECT 4, s.oid::regprocedure::text FROM agg s
WHERE s.prorettype <> s.state
  AND (NOT EXISTS (SELECT 1 FROM agg b WHERE b.proname = s.proname || '_agg'
                     AND b.proargtypes = s.proargtypes AND b.state = s.state)
       OR NOT EXISTS (SELECT 1 FROM pg_proc f WHERE f.proname = s.proname AND f.prokind = 'f'
                        AND f.pronamespace = (SELECT pronamespace FROM pg_proc WHERE oid = s.oid)
                        AND f.pronargs >= 1 AND f.proargtypes[0] = s.state
                        AND f.prorettype = s.prorettype))
UNION ALL
SELECT 7, m.oid::regprocedure::text FROM agg m
WHERE m.is_merge
  AND NOT EXISTS (SELECT 1 FROM agg b WHERE b.proname = m.proname AND NOT b.is_merge)
  AND to_regprocedure(substring(obj_description(m.oid, 'pg_proc') FROM '^Alias of ([a-z_]+\([a-z_ ]+\))')) IS NULL
UNION ALL
SELECT 5, t.oid::regtype::text
FROM ext_objects o JOIN pg_type t ON o.classid = 'pg_type'::regclass AND t.oid = o.objid
WHERE EXISTS (SELECT 1 FROM agg WHERE agg.state = t.oid)
  AND t.typname NOT LIKE '%\_state' AND t.typname <> 'timeline_set';
SELECT rule, offender FROM naming_rule_offenders ORDER BY rule, offender;
-- the rule can fail: aggregates that break it, added to the extension for a moment
BEGIN;
CREATE AGGREGATE probe_ratings(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, COMBINEFUNC = rating_state_combine);
CREATE AGGREGATE probe_agg(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, COMBINEFUNC = rating_state_combine);
CREATE AGGREGATE probe_score(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine);
CREATE AGGREGATE probe_merge_agg(rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state, COMBINEFUNC = rating_state_combine);
COMMENT ON AGGREGATE probe_merge_agg(rating_state) IS 'Alias of no_such_agg(rating_state)';
ALTER EXTENSION svcquality ADD AGGREGATE probe_ratings(integer);
ALTER EXTENSION svcquality ADD AGGREGATE probe_agg(integer);
ALTER EXTENSION svcquality ADD AGGREGATE probe_score(integer);
ALTER EXTENSION svcquality ADD AGGREGATE probe_merge_agg(rating_state);
SELECT rule, offender FROM naming_rule_offenders ORDER BY rule, offender;
ROLLBACK;

-- every aggregate names its arguments as its manual page does, so that \da and
-- tools reading pg_proc tell the score from the weight; a merge aggregate's
-- one argument is named state; a one-shot aggregate <m>(inputs) names them as
-- its builder <m>_agg(inputs) does.  Names cannot be changed once released
-- (CREATE OR REPLACE AGGREGATE only adds them where there were none).
CREATE TEMP VIEW ext_aggregates AS
SELECT p.oid, p.proname, p.proargtypes, p.proargnames,
       p.pronargs = 1 AND p.proargtypes[0] = a.aggtranstype AS is_merge
FROM ext_objects o
JOIN pg_aggregate a ON o.classid = 'pg_proc'::regclass AND a.aggfnoid = o.objid
JOIN pg_proc p ON p.oid = a.aggfnoid;
SELECT s.oid::regprocedure AS aggregate, pg_get_function_arguments(s.oid) AS arguments
FROM ext_aggregates s
WHERE s.proargnames IS NULL OR '' = ANY (s.proargnames)
   OR (s.is_merge AND s.proargnames <> '{state}')
   OR EXISTS (SELECT 1 FROM ext_aggregates b
              WHERE b.proname = s.proname || '_agg' AND b.proargtypes = s.proargtypes
                AND b.proargnames IS DISTINCT FROM s.proargnames)
ORDER BY s.oid::regprocedure::text;
SELECT proname AS aggregate, pg_get_function_arguments(oid) AS arguments
FROM ext_aggregates
WHERE proname IN ('nps', 'duration_agg', 'moment_agg', 'gap_agg', 'proportion_agg', 'timeline_agg')
ORDER BY 1, 2;
-- an aggregate call refuses named arguments; a window call takes them, and
-- gives what the positional call gives
SELECT nps(score => s) FROM (VALUES (9), (3)) AS t(s);
SELECT nps(score => s, weight => w) OVER (ORDER BY s) AS named,
       nps(s, w) OVER (ORDER BY s) AS positional
FROM (VALUES (9, 1.0::float8), (3, 2.0)) AS t(s, w);

-- a function that names some of its arguments names them all: named notation
-- (timeline_first(t => tl, stage => 'x')) finds no function with a nameless
-- argument in it.  A function whose first argument is a timeline and that
-- names its arguments calls it t, as the manual's pages write them.
SELECT p.oid::regprocedure AS function, pg_get_function_arguments(p.oid) AS arguments
FROM ext_objects o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
WHERE p.prokind = 'f'
  AND ('' = ANY (p.proargnames)
       OR (p.proargtypes[0] = 'timeline_state'::regtype AND p.proargnames[1] <> 't'))
ORDER BY p.oid::regprocedure::text;

-- and every function a user calls names its arguments, so that named
-- notation (duration_quantile(state => s, fraction => 0.9)) finds it: the
-- only ones with a nameless argument are a type's input and output, an
-- aggregate's support functions and an operator's
SELECT p.oid::regprocedure AS nameless_argument
FROM ext_objects o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
WHERE p.prokind = 'f' AND p.pronargs > 0 AND (p.proargnames IS NULL OR '' = ANY (p.proargnames))
  AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
  AND NOT EXISTS (SELECT 1 FROM pg_aggregate a
                  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                  a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
  AND NOT EXISTS (SELECT 1 FROM pg_operator op WHERE op.oprcode = p.oid)
ORDER BY p.oid::regprocedure::text;

-- DROP EXTENSION removes everything it created
CREATE TEMP TABLE owned AS
SELECT classid, objid, pg_describe_object(classid, objid, 0) AS what FROM ext_objects;
DROP EXTENSION svcquality;
SELECT what AS left_behind
FROM owned
WHERE (classid = 'pg_proc'::regclass AND EXISTS (SELECT 1 FROM pg_proc WHERE oid = objid))
   OR (classid = 'pg_type'::regclass AND EXISTS (SELECT 1 FROM pg_type WHERE oid = objid))
   OR (classid = 'pg_operator'::regclass AND EXISTS (SELECT 1 FROM pg_operator WHERE oid = objid))
   OR (classid = 'pg_cast'::regclass AND EXISTS (SELECT 1 FROM pg_cast WHERE oid = objid));
SELECT count(*) AS functions_named_nps FROM pg_proc WHERE proname LIKE 'nps%';

-- The schema is chosen at CREATE time; the extension is not relocatable afterwards
CREATE SCHEMA metrics;
CREATE EXTENSION svcquality SCHEMA metrics;
SELECT metrics.nps(s) FROM (VALUES (9), (10), (6), (8)) t(s);
-- a label added to the type refund_path is none of the four paths: 22023
-- naming it (this copy of the extension is dropped below)
ALTER TYPE metrics.refund_path ADD VALUE 'lost in transit';
\i test/sql/include/error_of.psql
SELECT pg_temp.error_of($$SELECT metrics.refund_path_number('lost in transit')$$) AS result;
ALTER EXTENSION svcquality SET SCHEMA public;
DROP EXTENSION svcquality;
DROP SCHEMA metrics;

-- Trusted: a non-superuser with CREATE on the database may install it
CREATE ROLE svcq_analyst LOGIN;
GRANT CREATE ON DATABASE contrib_regression TO svcq_analyst;
SET ROLE svcq_analyst;
CREATE EXTENSION svcquality;
SELECT nps(s) AS installed_by_analyst FROM (VALUES (9), (0)) t(s);
RESET ROLE;
SELECT extname, extowner::regrole AS owner FROM pg_extension WHERE extname = 'svcquality';
DROP EXTENSION svcquality;
REVOKE CREATE ON DATABASE contrib_regression FROM svcq_analyst;
DROP ROLE svcq_analyst;

-- leave it installed for the tests that follow
CREATE EXTENSION svcquality;
