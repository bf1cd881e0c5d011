-- Property-based tests of the state types: the machinery (issue 19).
--
-- What is tested is data: one row per variant of a state type in
-- prop.variant (how to generate random input rows, the aggregate that makes
-- a state of them, the merge aggregate, how to compare two states), rows of
-- prop.accessor (what every function reading the type must return), rows of
-- prop.moving (how to call each aggregate that has an inverse transition).
-- test/properties/types.sql fills them; docs/development.md ("Property-based
-- tests") says how to add a type.  prop.run(variant) checks, for every case
-- (a random set of rows, split at random into three parts A, B and C):
--
--   merge commutative     A + B = B + A
--   merge associative     (A + B) + C = A + (B + C)
--   union                 the aggregate over all rows = the merge aggregate
--                         over A, B, C (in reverse order) = A + B + C
--   parallel              the aggregate and the merge aggregate in a forced
--                         parallel plan (checked: workers launched, partial
--                         aggregates) = the serial aggregate
--   text round trip       every state read back from its text is the same
--   binary round trip     bytes (record image equality), and from COPY
--                         (FORMAT binary)
--   accessors in range    every check of prop.accessor holds on every state
--   moving windows        every aggregate with an inverse transition, over
--                         random frames (ROWS, GROUPS, RANGE) of rows with
--                         NULLs = the aggregate recomputed over each frame
--
-- States are equal when their binary forms are (read IS NULL), or when the
-- numbers read from them agree within the variant's relative tolerance
-- (floating-point sums merged in another order).  prop.result collects one
-- row per variant and property: cases checked, failures, a failing example.
-- prop.coverage() lists what the tables miss: a state type without a
-- variant, a function reading a state without an accessor check, an
-- aggregate with an inverse transition without a prop.moving row.

CREATE SCHEMA prop;

CREATE TABLE prop.variant (
    name text PRIMARY KEY,
    type regtype NOT NULL,
    -- a query over generate_series(1, :cases) AS c: columns c, i (the order
    -- of the rows of a case, 1, 2, ...), then the columns agg reads; with
    -- agg NULL (a type no aggregate makes), a column st of values instead
    rows text NOT NULL,
    agg text,
    merge text,
    -- NULL: compare states by their binary form; else a float8[] read from
    -- the state {}, compared within tolerance
    read text,
    tolerance float8 NOT NULL DEFAULT 1e-9,  -- relative
    absolute float8 NOT NULL DEFAULT 0,      -- and absolute, for numbers near 0
    cases int NOT NULL DEFAULT 300
);

-- checks: a boolean SQL expression over a state {} of the type, true when
-- every value the covered functions return is in its documented range;
-- variants: the variants it applies to (NULL: every variant of the type);
-- covers: the functions it reads, as regprocedure text; sample: check the
-- states of every sample-th case only (for checks that cost much per state).
CREATE TABLE prop.accessor (
    type regtype NOT NULL,
    variants text[],
    covers text[] NOT NULL,
    checks text NOT NULL,
    sample int NOT NULL DEFAULT 1
);

-- call: the aggregate called over the variant's columns
CREATE TABLE prop.moving (
    aggregate text PRIMARY KEY,
    variant text NOT NULL REFERENCES prop.variant,
    call text NOT NULL
);

CREATE TABLE prop.result (
    variant text,
    property text,
    cases bigint,
    failures bigint,
    example text
);

CREATE FUNCTION prop.same_bytes(a anyelement, b anyelement) RETURNS boolean LANGUAGE sql AS $$
    SELECT x *= y FROM (SELECT a) x, (SELECT b) y
$$;

-- two arrays equal within a relative and an absolute tolerance, NULLs in
-- the same places
CREATE FUNCTION prop.close(a float8[], b float8[], tolerance float8, absolute float8) RETURNS boolean
LANGUAGE sql AS $$
    SELECT a IS NOT DISTINCT FROM b
        OR coalesce(cardinality(a) = cardinality(b)
                    AND (SELECT bool_and(x IS NOT DISTINCT FROM y
                                         OR abs(x - y) <= tolerance * greatest(abs(x), abs(y)) + absolute)
                         FROM unnest(a, b) AS u(x, y)), false)
$$;

-- SQL: whether states a and b (SQL expressions) are equal for variant v
CREATE FUNCTION prop.equal_sql(v prop.variant, a text, b text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN v.read IS NULL
        THEN format('coalesce((%1$s) IS NULL AND (%2$s) IS NULL OR %3$s(%1$s) = %3$s(%2$s), false)',
                    a, b, (SELECT typsend FROM pg_type WHERE oid = v.type))
        ELSE format('coalesce((%1$s) IS NULL AND (%2$s) IS NULL OR prop.close(%3$s, %4$s, %5$s, %6$s), false)',
                    a, b, replace(v.read, '{}', '(' || a || ')'), replace(v.read, '{}', '(' || b || ')'),
                    v.tolerance, v.absolute)
    END
$$;

-- Record a property: the query gives one row per case checked (c, ok,
-- example text).
CREATE FUNCTION prop.record(v text, property text, query text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO prop.result
                    SELECT %L, %L, count(*), count(*) FILTER (WHERE NOT ok),
                           (array_agg(''case '' || c || '': '' || example ORDER BY c) FILTER (WHERE NOT ok))[1]
                    FROM (%s) q', v, property, query);
END $$;

-- Run a query with parallel workers forced: an error unless workers were
-- launched and aggregated partially (under load, one worker may well scan
-- every block of a small table before the other starts; the leader then
-- combines a single partial state per group).  The planner is talked into
-- partial aggregation: no cost for workers, their tuples or functions (the
-- combine function of timeline_set has a high COST), and the caller makes
-- the table look like it has few groups (n_distinct), as a case has few
-- rows.
CREATE FUNCTION prop.run_parallel(query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    line text;
    launched int := 0;
    partial boolean := false;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '2', true),
            set_config('parallel_setup_cost', '0', true),
            set_config('parallel_tuple_cost', '0.1', true),
            set_config('cpu_operator_cost', '0', true),
            set_config('min_parallel_table_scan_size', '0', true),
            set_config('parallel_leader_participation', 'off', true);
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
        launched := greatest(launched, coalesce(substring(line FROM 'Workers Launched: (\d+)')::int, 0));
        partial := partial OR line ~ 'Partial \w*Aggregate';
    END LOOP;
    PERFORM set_config('max_parallel_workers_per_gather', '0', true),
            set_config('cpu_operator_cost', '0.0025', true);
    IF launched = 0 OR NOT partial THEN
        RAISE EXCEPTION 'no parallel partial aggregation (workers launched: %) for %', launched, query;
    END IF;
END $$;

-- Rows and states of a variant: prop.r_<name> (the rows, each with its part
-- 0, 1 or 2) and prop.s_<name> (per case: the states of the parts a, b, cc
-- and of all rows, whole).
CREATE FUNCTION prop.build(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r text := 'prop.r_' || v.name;
    s text := 'prop.s_' || v.name;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    PERFORM setseed((abs(hashtext(v.name)) % 1000) / 1000.0);
    -- rows in random order, so that a parallel scan gives the rows of a
    -- case to both workers
    EXECUTE format('CREATE TABLE %s AS SELECT * FROM (SELECT g.*, floor(random() * 3)::int AS part FROM (%s) g) x
                    ORDER BY random()', r, replace(v.rows, ':cases', v.cases::text));
    EXECUTE format('CREATE INDEX ON %s (c, i)', r);
    EXECUTE format('ALTER TABLE %s ALTER COLUMN c SET (n_distinct = 2)', r);
    EXECUTE format('ANALYZE %s', r);
    IF v.agg IS NULL THEN
        EXECUTE format('CREATE TABLE %s AS SELECT c, st AS whole FROM %s', s, r);
        RETURN;
    END IF;
    EXECUTE format($q$
        CREATE TABLE %1$s AS
        SELECT k.c, p0.st AS a, p1.st AS b, p2.st AS cc, w.st AS whole
        FROM generate_series(1, %3$s) AS k(c)
        LEFT JOIN (SELECT c, %4$s AS st FROM %2$s WHERE part = 0 GROUP BY c) p0 USING (c)
        LEFT JOIN (SELECT c, %4$s AS st FROM %2$s WHERE part = 1 GROUP BY c) p1 USING (c)
        LEFT JOIN (SELECT c, %4$s AS st FROM %2$s WHERE part = 2 GROUP BY c) p2 USING (c)
        LEFT JOIN (SELECT c, %4$s AS st FROM %2$s GROUP BY c) w USING (c)$q$,
        s, r, v.cases, v.agg);
END $$;

-- merge commutative, associative; union = merge aggregate = +; parallel
CREATE FUNCTION prop.check_merges(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s text := 'prop.s_' || v.name;
BEGIN
    PERFORM prop.record(v.name, 'merge commutative', format(
        'SELECT c, %s AS ok, format(''a %%s, b %%s'', a, b) AS example FROM %s WHERE a IS NOT NULL AND b IS NOT NULL',
        prop.equal_sql(v, 'a + b', 'b + a'), s));
    PERFORM prop.record(v.name, 'merge associative', format(
        'SELECT c, %s AS ok, format(''a %%s, b %%s, c %%s'', a, b, cc) AS example FROM %s
         WHERE a IS NOT NULL AND b IS NOT NULL AND cc IS NOT NULL',
        prop.equal_sql(v, '(a + b) + cc', 'a + (b + cc)'), s));
    PERFORM prop.record(v.name, 'union = merge of the parts', format(
        'SELECT c, %s AND (a IS NULL OR b IS NULL OR cc IS NULL OR %s) AS ok,
                format(''whole %%s, parts %%s | %%s | %%s'', whole, a, b, cc) AS example
         FROM (SELECT *, (SELECT %s(x ORDER BY k DESC) FROM (VALUES (0, a), (1, b), (2, cc)) p(k, x)) AS merged
               FROM %s) q',
        prop.equal_sql(v, 'whole', 'merged'), prop.equal_sql(v, 'whole', 'a + b + cc'), v.merge, s));

    -- the same in parallel plans: the aggregate over the rows, the merge
    -- aggregate over a table of the parts' states
    EXECUTE format('CREATE TABLE prop.p_%1$s AS SELECT c, x AS st FROM %2$s, LATERAL (VALUES (a), (b), (cc)) p(x)
                    ORDER BY random()', v.name, s);
    EXECUTE format('ALTER TABLE prop.p_%s ALTER COLUMN c SET (n_distinct = 2)', v.name);
    EXECUTE format('ANALYZE prop.p_%s', v.name);
    PERFORM prop.run_parallel(format('CREATE TABLE prop.pa_%1$s AS SELECT c, %2$s AS st FROM prop.r_%1$s GROUP BY c',
                                     v.name, v.agg));
    PERFORM prop.run_parallel(format('CREATE TABLE prop.pm_%1$s AS SELECT c, %2$s(st) AS st FROM prop.p_%1$s GROUP BY c',
                                     v.name, v.merge));
    PERFORM prop.record(v.name, 'serial = parallel', format(
        'SELECT c, %s AND %s AS ok, format(''serial %%s, parallel %%s, merged in parallel %%s'', whole, pa.st, pm.st) AS example
         FROM %s s LEFT JOIN prop.pa_%s pa USING (c) LEFT JOIN prop.pm_%s pm USING (c)',
        prop.equal_sql(v, 'whole', 'pa.st'), prop.equal_sql(v, 'whole', 'pm.st'), s, v.name, v.name));
END $$;

-- Every state of the variant, one per row: prop.all_<name> (c, kind, st).
CREATE FUNCTION prop.collect(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF v.agg IS NULL THEN
        EXECUTE format('CREATE TABLE prop.all_%1$s AS SELECT c, ''value'' AS kind, whole AS st FROM prop.s_%1$s',
                       v.name);
        RETURN;
    END IF;
    EXECUTE format($q$
        CREATE TABLE prop.all_%1$s AS
        SELECT c, kind, st FROM prop.s_%1$s,
               LATERAL (VALUES ('part a', a), ('part b', b), ('part c', cc), ('whole', whole),
                               ('a + b', a + b)) x(kind, st)
        WHERE st IS NOT NULL
        UNION ALL SELECT c, 'parallel', st FROM prop.pa_%1$s WHERE st IS NOT NULL
        UNION ALL SELECT c, 'merged in parallel', st FROM prop.pm_%1$s WHERE st IS NOT NULL$q$, v.name);
END $$;

-- text and binary round trips, byte for byte
CREATE FUNCTION prop.check_round_trips(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/svcquality_properties.bin';
BEGIN
    PERFORM prop.record(v.name, 'text round trip, byte for byte', format(
        'SELECT c, coalesce(prop.same_bytes(st, st::text::%s), false) AS ok, kind || '' '' || st::text AS example
         FROM prop.all_%s', v.type, v.name));
    EXECUTE format('CREATE TABLE prop.bin_%s (n bigint, st %s)', v.name, v.type);
    EXECUTE format('COPY (SELECT row_number() OVER (ORDER BY c, kind), st FROM prop.all_%s ORDER BY c, kind) TO %L (FORMAT binary)',
                   v.name, path);
    EXECUTE format('COPY prop.bin_%s FROM %L (FORMAT binary)', v.name, path);
    PERFORM prop.record(v.name, 'binary round trip, byte for byte', format(
        'SELECT c, coalesce(prop.same_bytes(a.st, b.st), false) AS ok, kind || '' '' || a.st::text AS example
         FROM (SELECT row_number() OVER (ORDER BY c, kind) AS n, * FROM prop.all_%1$s) a
         LEFT JOIN prop.bin_%1$s b USING (n)', v.name));
END $$;

-- every accessor check on every state
CREATE FUNCTION prop.check_accessors(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    acc prop.accessor;
BEGIN
    FOR acc IN SELECT * FROM prop.accessor
               WHERE type = v.type AND (variants IS NULL OR v.name = ANY (variants)) LOOP
        PERFORM prop.record(v.name, 'accessors in range: '
                            || (SELECT string_agg(DISTINCT split_part(f, '(', 1), ', ') FROM unnest(acc.covers) f)
                            || CASE WHEN acc.sample > 1 THEN format(' (every %sth case)', acc.sample) ELSE '' END,
                            format(
            'SELECT c, coalesce(%s, false) AS ok, kind || '' '' || st::text AS example FROM prop.all_%s
             WHERE c %% %s = 0',
            replace(acc.checks, '{}', 'st'), v.name, acc.sample));
    END LOOP;
END $$;

-- Moving windows: random frames over each case's rows (ordered by i, with
-- peers i / 2 for GROUPS and RANGE), against the aggregate recomputed over
-- the rows of each frame; one result per aggregate, every frame's rows.
-- Values are compared by their text, NULL only with NULL: a moving frame
-- must give NULL where the recomputed one does, not an empty state
-- (PostgreSQL picks the moving implementation by the frame clause).
CREATE FUNCTION prop.check_moving(v prop.variant) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m prop.moving;
    queries text;
BEGIN
    FOR m IN SELECT * FROM prop.moving WHERE variant = v.name ORDER BY aggregate LOOP
        SELECT string_agg(format(
                   'SELECT c, %1$s AS ok, format(''%2$s, row %%s: window %%s, recomputed %%s'', i, w, r) AS example
                    FROM (SELECT c, i, %3$s OVER (PARTITION BY c ORDER BY %4$s %2$s) AS w FROM prop.r_%5$s) x,
                         LATERAL (SELECT %3$s AS r FROM prop.r_%5$s y
                                  WHERE y.c = x.c AND y.%4$s BETWEEN x.%4$s - %6$s AND x.%4$s + %7$s) z',
                   'w::text IS NOT DISTINCT FROM r::text', spec, m.call, key, v.name, p, f), ' UNION ALL ')
        INTO queries
        FROM (SELECT DISTINCT format('ROWS BETWEEN %s PRECEDING AND %s FOLLOWING', p, f) AS spec, 'i' AS key, p, f
              FROM (SELECT floor(random() * 5)::int AS p, floor(random() * 3)::int AS f
                    FROM generate_series(1, 4)) x
              UNION ALL SELECT 'ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING', 'i', 3, -1
              UNION ALL SELECT 'GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW', 'i / 2', 1, 0
              UNION ALL SELECT 'RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING', 'i / 2', 2, 1) frames;
        PERFORM prop.record(v.name, 'moving window ' || m.aggregate || ', random frames', queries);
    END LOOP;
END $$;

CREATE FUNCTION prop.run(name text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v prop.variant := (SELECT x FROM prop.variant x WHERE x.name = run.name);
BEGIN
    PERFORM prop.build(v);
    IF v.agg IS NOT NULL THEN
        PERFORM prop.check_merges(v);
    END IF;
    PERFORM prop.collect(v);
    PERFORM prop.check_round_trips(v);
    PERFORM prop.check_accessors(v);
    PERFORM prop.check_moving(v);
END $$;

-- What the tables miss, one row per omission.
CREATE VIEW prop.coverage AS
WITH ext AS (
    SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
    WHERE e.extname = 'svcquality' AND d.deptype = 'e'
), types AS (
    SELECT t.oid FROM pg_type t JOIN ext ON ext.classid = 'pg_type'::regclass AND ext.objid = t.oid
    WHERE t.typtype = 'b'
), support AS (
    SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggmtransfn, aggminvtransfn, aggmfinalfn])::oid AS f
    FROM pg_aggregate
    UNION SELECT oprcode FROM pg_operator
    UNION SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend])::oid FROM pg_type
), readers AS (
    SELECT p.oid::regprocedure::text AS f FROM pg_proc p JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid
    WHERE p.prokind = 'f' AND p.proargtypes::oid[] && ARRAY(SELECT oid FROM types)
      AND p.oid NOT IN (SELECT f FROM support WHERE f <> 0)
)
SELECT 'state type without a variant: ' || t.oid::regtype AS missing FROM types t
WHERE NOT EXISTS (SELECT 1 FROM prop.variant v WHERE v.type = t.oid)
UNION ALL
SELECT 'function without an accessor check: ' || f FROM readers
WHERE NOT EXISTS (SELECT 1 FROM prop.accessor a, unnest(a.covers) c WHERE to_regprocedure(c)::text = readers.f)
UNION ALL
SELECT 'accessor check naming no function: ' || c FROM prop.accessor a, unnest(a.covers) c
WHERE to_regprocedure(c) IS NULL
UNION ALL
SELECT 'aggregate with an inverse transition without a moving row: ' || a.aggfnoid::regprocedure
FROM pg_aggregate a JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = a.aggfnoid
WHERE a.aggminvtransfn <> 0
  AND NOT EXISTS (SELECT 1 FROM prop.moving m WHERE to_regprocedure(m.aggregate) = a.aggfnoid);
