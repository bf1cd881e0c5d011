-- What the functions read from every stored value: for each column of the
-- sq_* and fx_* tables and materialized views whose type has functions in
-- the accessor list of 0.1.0 (valid for every later version), one line per
-- row and function, rows numbered in the order of their text.  Two
-- databases holding the same values print the same lines.  Run with psql -At.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 1;
\ir ../fixtures/0.1.0/accessor_list.sql

CREATE TEMP TABLE sq_read (line text);
DO $$
DECLARE rel record; col record; acc record; rows_of_col text;
BEGIN
    -- rows numbered once per relation, in the order of their text
    FOR rel IN SELECT relname FROM pg_class
               WHERE relkind IN ('r', 'm') AND relnamespace = 'public'::regnamespace
                 AND (relname LIKE 'sq\_%' OR relname LIKE 'fx\_%') LOOP
        EXECUTE format('CREATE TEMP TABLE %I AS SELECT row_number() OVER (ORDER BY t::text) AS sq_n, t.* FROM %I t',
                       'numbered_' || rel.relname, rel.relname);
    END LOOP;
    FOR col IN SELECT c.relname, a.attname, a.atttypid,
                      (SELECT string_agg(format('(%L, (%s)::text)', f.expr, replace(f.expr, '$1', 's.v')), ', ')
                       FROM fx_accessor f WHERE f.type = a.atttypid) AS reads
               FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
               WHERE c.relkind IN ('r', 'm') AND c.relnamespace = 'public'::regnamespace
                 AND (c.relname LIKE 'sq\_%' OR c.relname LIKE 'fx\_%')
                 AND a.attnum > 0 AND NOT a.attisdropped
                 AND a.atttypid IN (SELECT type FROM fx_accessor) LOOP
        rows_of_col := format('(SELECT sq_n AS n, %I AS v FROM %I) s', col.attname, 'numbered_' || col.relname);
        -- every function over the column in one query; when some value
        -- raises an error, function by function, and row by row (an error
        -- becomes its SQLSTATE, as in fx_read) for the functions that raise
        BEGIN
            EXECUTE format('INSERT INTO sq_read SELECT %L || n || '': '' || x.expr || '' = '' || coalesce(x.result, ''NULL'')
                            FROM %s CROSS JOIN LATERAL (VALUES %s) AS x(expr, result)',
                           col.relname || '.' || col.attname || ' row ', rows_of_col, col.reads);
        EXCEPTION WHEN OTHERS THEN
            FOR acc IN SELECT f.expr FROM fx_accessor f WHERE f.type = col.atttypid LOOP
                BEGIN
                    EXECUTE format('INSERT INTO sq_read SELECT %L || n || %L || coalesce((%s)::text, ''NULL'') FROM %s',
                                   col.relname || '.' || col.attname || ' row ', ': ' || acc.expr || ' = ',
                                   replace(acc.expr, '$1', 's.v'), rows_of_col);
                EXCEPTION WHEN OTHERS THEN
                    EXECUTE format('INSERT INTO sq_read SELECT %L || n || %L || pg_temp.fx_read(%L, v) FROM %s',
                                   col.relname || '.' || col.attname || ' row ', ': ' || acc.expr || ' = ',
                                   acc.expr, rows_of_col);
                END;
            END LOOP;
        END;
    END LOOP;
END $$;
SELECT line FROM sq_read ORDER BY line COLLATE "C";
