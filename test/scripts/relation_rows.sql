-- sq_relation_rows(): every row of the relations named sq_* and fx_*
-- (tables, materialized views, views; stored_objects.sql and the fixtures)
-- as "relation: row as text md5-of-its-binary-form": equal output means
-- equal values, in any database.  Used by the suites that move stored
-- states (upgrade, dump_restore).  The binary form is each column's send
-- function, not record_send, whose output holds the columns' type OIDs,
-- which differ between databases.  The binary forms of dimension_state and
-- paired_state moved to version 2 after 0.1.0 (names as text in the client
-- encoding), which in the suites' UTF8 databases differs from 0.1.0's
-- version 1 in the version byte alone: it is read as 1 here, so that the
-- upgrade suite can compare the rows of 0.1.0's library with this one's.
CREATE FUNCTION sq_relation_rows() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE rel record;
BEGIN
    FOR rel IN SELECT c.oid, c.relname,
                      (SELECT string_agg(format(CASE WHEN ty.typname IN ('dimension_state', 'paired_state')
                                                     THEN 'coalesce(set_byte(%s(t.%I), 0, 1), ''\x'')'
                                                     ELSE 'coalesce(%s(t.%I), ''\x'')' END,
                                                ty.typsend::regproc, a.attname),
                                         ' || ' ORDER BY a.attnum)
                       FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS binary_form
               FROM pg_class c
               WHERE c.relkind IN ('r', 'm', 'v') AND c.relnamespace = 'public'::regnamespace
                 AND (c.relname LIKE 'sq\_%' OR c.relname LIKE 'fx\_%')
                 AND c.relname NOT LIKE 'sq\_%missing'
               ORDER BY c.relname LOOP
        RETURN QUERY EXECUTE format(
            'SELECT %L || '': '' || t::text || '' '' || md5(%s) FROM %I t ORDER BY 1',
            rel.relname, rel.binary_form, rel.relname);
    END LOOP;
END $$;
