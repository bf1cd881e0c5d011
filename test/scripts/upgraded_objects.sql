-- What test/suites/pg_upgrade.sh has pg_upgrade carry besides the stored
-- objects (after stored_objects.sql, in any version):
--
--   sq_pgu_daily      a table with a generated column and expression and
--                     partial indexes over the extension's functions
--   sq_pgu_arrays     arrays of states (their binary form holds the element
--                     type's OID, which pg_upgrade must keep)
--   sq_pgu_merges     the merge aggregates of sq_calls that the installed
--                     version has
--   sq_pgu_indexed()  the rows found through those indexes
--   sq_pgu_mixed(schema)
--                     every aggregate of sq_pgu_merges and every operator
--                     of the extension over the stored daily states of the
--                     first half of the month and those of the second half
--                     in sq_sample_daily of schema: "text md5-of-binary"
--                     lines.  With the stored ones in both halves (public)
--                     before the upgrade, and states built again after it
--                     in the second half, the lines must not change.
CREATE TABLE sq_pgu_daily AS SELECT day, channel, ratings, durations, timeline FROM sq_sample_daily;
ALTER TABLE sq_pgu_daily ADD COLUMN nps double precision GENERATED ALWAYS AS (nps(ratings)) STORED;
CREATE INDEX sq_pgu_daily_p90 ON sq_pgu_daily (duration_quantile(durations, 0.9));
CREATE INDEX sq_pgu_daily_done ON sq_pgu_daily (day) WHERE timeline_reached(timeline, 'succeeded');

CREATE TABLE sq_pgu_arrays AS
SELECT channel, array_agg(ratings ORDER BY day) AS ratings, array_agg(durations ORDER BY day) AS durations,
       array_agg(cases ORDER BY day) AS cases
FROM sq_sample_daily GROUP BY channel;

CREATE TABLE sq_pgu_merges AS
SELECT aggregate, call FROM sq_calls WHERE source = 'sq_sample_daily' AND to_regprocedure(aggregate) IS NOT NULL;

CREATE FUNCTION sq_pgu_indexed() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL enable_seqscan = off;
    RETURN QUERY SELECT format('p90 %s %s %s', day, channel, duration_quantile(durations, 0.9))
                 FROM sq_pgu_daily WHERE duration_quantile(durations, 0.9) > interval '1 day 3 hours'
                 ORDER BY day, channel;
    RETURN QUERY SELECT format('done %s %s', day, channel)
                 FROM sq_pgu_daily WHERE timeline_reached(timeline, 'succeeded') AND day < date '2026-03-08'
                 ORDER BY day, channel;
END $$;

CREATE FUNCTION sq_pgu_mixed(newer text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE cols text; days text; agg record; op record;
BEGIN
    -- the columns the stored table has: a newer version's sq_sample_daily
    -- has more
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = 'public.sq_sample_daily'::regclass AND attnum > 0 AND NOT attisdropped;
    days := format('(SELECT %1$s FROM public.sq_sample_daily WHERE day < %3$L
                     UNION ALL SELECT %1$s FROM %2$I.sq_sample_daily WHERE day >= %3$L
                     ORDER BY channel, day) AS days', cols, newer, '2026-03-15');
    FOR agg IN SELECT c.aggregate, c.call, t.typsend::regproc AS send
               FROM public.sq_pgu_merges c
               JOIN pg_proc p ON p.oid = to_regprocedure(c.aggregate)
               JOIN pg_type t ON t.oid = p.prorettype
               ORDER BY c.aggregate LOOP
        RETURN QUERY EXECUTE format('SELECT %L || '' '' || channel || '': '' || coalesce(s::text || '' '' || md5(%s(s)), ''NULL'')
                                     FROM (SELECT channel, %s AS s FROM %s GROUP BY channel) x ORDER BY channel',
                                    agg.aggregate, agg.send, agg.call, days);
    END LOOP;
    -- each operator on a stored state of a day and one of the next day in
    -- the newer schema
    FOR op IN
        SELECT o.oid::regoperator::text AS name, o.oprnamespace::regnamespace AS nsp, o.oprname,
               t.typsend::regproc AS send,
               (SELECT attname FROM pg_attribute WHERE attrelid = 'public.sq_sample_daily'::regclass
                  AND atttypid = o.oprleft AND attnum > 0 ORDER BY attnum LIMIT 1) AS lcol,
               (SELECT attname FROM pg_attribute WHERE attrelid = 'public.sq_sample_daily'::regclass
                  AND atttypid = o.oprright AND attnum > 0 ORDER BY attnum LIMIT 1) AS rcol
        FROM pg_operator o
        JOIN pg_type t ON t.oid = o.oprresult
        JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
        ORDER BY 1
    LOOP
        CONTINUE WHEN op.lcol IS NULL OR op.rcol IS NULL;
        RETURN QUERY EXECUTE format('SELECT %L || '' '' || a.day || '' '' || a.channel || '': '' || coalesce(r::text || '' '' || md5(%s(r)), ''NULL'')
                                     FROM public.sq_sample_daily a
                                     JOIN %I.sq_sample_daily b ON b.channel = a.channel AND b.day = a.day + 1,
                                     LATERAL (SELECT a.%I OPERATOR(%s.%s) b.%I AS r) x
                                     ORDER BY a.day, a.channel',
                                    op.name, op.send, newer, op.lcol, op.nsp, op.oprname, op.rcol);
    END LOOP;
END $$;
