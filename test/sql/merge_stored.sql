-- The merge aggregates read a stored state a row: one of up to 126 bytes
-- (a 1-byte header) from a copy on the stack, a longer one in place, and
-- one moved to the TOAST table after fetching it.  For each state type,
-- states of each kind are stored in a table, and their text in another in
-- the same order.  Each merge aggregate merges the stored states, and the
-- same states made in the query from their text (4-byte headers, read in
-- place), in the same order: the results must be the same to the byte.
-- Where merging is exact (counts), they must also be the state of the raw
-- rows.  Both sides are plain aggregates over a serial scan: no sort or
-- CTE stores the states made in the query in a tuple, which would give
-- the short ones 1-byte headers again.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE mst_rows AS
SELECT n, CASE WHEN n <= 12 THEN 'short' WHEN n <= 24 THEN 'long' ELSE 'toasted' END AS kind,
       k, (k * 7 + n) % 11 AS score,
       make_interval(secs => exp(((k * 37 + n) % 1500) / 100.0)) AS d,
       (k + n) % 3 <> 0 AS ok, 'reason_' || ((k * 13 + n) % 300) AS reason
FROM generate_series(1, 30) AS n,
     generate_series(0, CASE WHEN n <= 12 THEN 1 + n % 3 WHEN n <= 24 THEN 20 + n ELSE 1500 END) AS k;
-- the edges of duration_outcome_agg for each kind of state
CREATE TEMP TABLE mst_edges AS
SELECT kind, (SELECT array_agg(make_interval(secs => exp(i / 100.0))) FROM generate_series(1, edges) AS i) AS edges
FROM (VALUES ('short', 1), ('long', 16), ('toasted', 300)) AS e(kind, edges);

-- by_kind(aggregate call, source): its result over each kind's rows, as text
CREATE FUNCTION pg_temp.by_kind(call text, source text) RETURNS text[] LANGUAGE plpgsql AS $f$
DECLARE result text[];
BEGIN
    EXECUTE format($q$SELECT ARRAY[(%1$s FILTER (WHERE kind = 'short'))::text,
                                  (%1$s FILTER (WHERE kind = 'long'))::text,
                                  (%1$s FILTER (WHERE kind = 'toasted'))::text]
                      FROM %2$s$q$, call, source) INTO result;
    RETURN result;
END
$f$;

-- check(type, state of a group's rows, merge aggregate, raw rows' state if
-- merging is exact): stores the states of the 30 groups, then compares.
-- {dims} in an expression is the group's size of arrays: 2, 8 or 90.
CREATE FUNCTION pg_temp.check(typ text, build text, merge text, exact text DEFAULT NULL)
RETURNS TABLE (type text, short_header bigint, long_inline bigint, toasted bigint,
               toast_table_used boolean, made_with_4_byte_header bigint,
               kinds_alike bigint, kinds_as_raw_rows bigint)
LANGUAGE plpgsql AS $f$
DECLARE
    dims constant text := '(CASE kind WHEN ''short'' THEN 2 WHEN ''long'' THEN 8 ELSE 90 END)';
    stored text[];
    made text[];
    raw text[];
BEGIN
    EXECUTE format('CREATE TEMP TABLE mst_stored (n int, kind text, s %s)', typ);
    -- out of line and uncompressed once a row outgrows 2 kB
    ALTER TABLE mst_stored ALTER COLUMN s SET STORAGE EXTERNAL;
    CREATE TEMP TABLE mst_text (n int, kind text, src text);
    EXECUTE format('INSERT INTO mst_stored SELECT n, kind, %s FROM mst_rows GROUP BY n, kind ORDER BY n',
                   replace(build, '{dims}', dims));
    EXECUTE format('INSERT INTO mst_text SELECT n, kind, (%s)::text FROM mst_rows GROUP BY n, kind ORDER BY n',
                   replace(build, '{dims}', dims));
    type := typ;
    EXECUTE format($q$SELECT count(*) FILTER (WHERE pg_column_size(s) <= 127),
                             count(*) FILTER (WHERE pg_column_size(s) > 127 AND pg_column_size(s) < 2000),
                             count(*) FILTER (WHERE pg_column_size(s) >= 2000),
                             (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class
                              WHERE oid = 'mst_stored'::regclass),
                             (SELECT count(*) FROM mst_stored JOIN mst_text USING (n)
                              WHERE pg_column_size(s) <= 127
                                AND pg_column_size(src::%s) = pg_column_size(s) + 3)
                      FROM mst_stored$q$, typ)
        INTO short_header, long_inline, toasted, toast_table_used, made_with_4_byte_header;
    stored := pg_temp.by_kind(merge || '(s)', 'mst_stored');
    made := pg_temp.by_kind(format('%s(src::%s)', merge, typ), 'mst_text');
    kinds_alike := (SELECT count(*) FROM generate_series(1, 3) AS i
                    WHERE stored[i] IS NOT NULL AND stored[i] = made[i]);
    IF exact IS NOT NULL THEN
        raw := pg_temp.by_kind(exact, 'mst_rows');
        kinds_as_raw_rows := (SELECT count(*) FROM generate_series(1, 3) AS i
                              WHERE raw[i] IS NOT NULL AND stored[i] = raw[i]);
    END IF;
    RETURN NEXT;
    DROP TABLE mst_stored, mst_text;
END
$f$;

SELECT * FROM pg_temp.check('duration_state', 'duration_agg(d, 0.0005)', 'duration_agg',
                            'duration_agg(d, 0.0005)')
UNION ALL
SELECT * FROM pg_temp.check('proportion_state', 'proportion_agg(ok)', 'proportion_agg',
                            'proportion_agg(ok)')
UNION ALL
SELECT * FROM pg_temp.check('outcome_state', 'outcome_agg(ok, score > 6)', 'outcome_agg',
                            'outcome_agg(ok, score > 6)')
UNION ALL
SELECT * FROM pg_temp.check('category_state',
                            'category_agg(CASE WHEN kind = ''short'' THEN left(reason, 8) ELSE reason END)',
                            'category_agg',
                            'category_agg(CASE WHEN kind = ''short'' THEN left(reason, 8) ELSE reason END)')
UNION ALL
SELECT * FROM pg_temp.check('duration_outcome_state',
                            'duration_outcome_agg(d, ok, (SELECT edges FROM mst_edges AS e WHERE e.kind = mst_rows.kind))',
                            'duration_outcome_agg')
UNION ALL
SELECT * FROM pg_temp.check('dimension_state', 'dimension_agg(array_fill((score + k % 2)::float8, ARRAY[{dims}]))',
                            'dimension_agg')
UNION ALL
SELECT * FROM pg_temp.check('paired_state',
                            'gap_agg(array_fill(score::float8, ARRAY[{dims}]), array_fill((k % 11)::float8, ARRAY[{dims}]))',
                            'gap_agg')
UNION ALL
SELECT * FROM pg_temp.check('moment_state',
                            'moment_agg(score::float8, array_fill((k % 7)::float8, ARRAY[{dims} / 3 + 1]))',
                            'moment_agg');
