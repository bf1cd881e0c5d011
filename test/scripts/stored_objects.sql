-- What users keep in their databases, built from every aggregate and
-- operator of the installed version (after aggregate_calls.sql): the objects
-- that upgrades, dumps and restores must carry over unchanged.
--
--   sq_stored, sq_merged    tables: per channel, one column per aggregate
--                           call over sq_sample (sq_stored) or merging the
--                           daily states of sq_sample_daily (sq_merged), named
--                           like the aggregate's signature
--   sq_stored_mv, sq_merged_mv, sq_stored_v, sq_merged_v
--                           the same queries as materialized views and views
--   sq_daily_mv             the daily rollup as a materialized view, with the
--                           unique index REFRESH ... CONCURRENTLY needs
--   sq_op_<op>_<left>_<right>  a view per operator of the extension, applied to
--                           the states of consecutive days
--   sq_calendars            business calendars and refund paths in a table,
--                           sq_business_v a view of business durations
--
-- relation_rows.sql prints them all; stored_accessors.sql reads them.

-- A column is named like the aggregate's signature; a signature longer than
-- a name can be (63 bytes) is cut and ends in 8 hex digits of its md5, so
-- that the column names of long signatures stay distinct.
DO $$
DECLARE src text; cols text; rel text; rows_in text;
BEGIN
    FOREACH src IN ARRAY ARRAY['sq_sample', 'sq_sample_daily'] LOOP
        SELECT string_agg(format('%s AS %I', call,
                                 CASE WHEN octet_length(aggregate) <= 63 THEN aggregate
                                      ELSE left(aggregate, 54) || ' ' || left(md5(aggregate), 8) END),
                          ', ' ORDER BY aggregate) INTO cols
        FROM sq_calls WHERE source = src AND to_regprocedure(aggregate) IS NOT NULL;
        rel := CASE src WHEN 'sq_sample' THEN 'sq_stored' ELSE 'sq_merged' END;
        -- The daily states are merged in day order, and the rows added in
        -- id order, whatever plan the planner picks (hash or sort, which
        -- the functions' costs and the server's major sway: 13 sorts where
        -- 15 hashes): float sums of dimension and driver states added in
        -- another order differ in their last bits, and the suites compare
        -- exactly.
        rows_in := CASE src WHEN 'sq_sample_daily' THEN '(SELECT * FROM sq_sample_daily ORDER BY channel, day) AS days'
                            ELSE '(SELECT * FROM sq_sample ORDER BY channel, id) AS rows' END;
        EXECUTE format('CREATE TABLE %I AS SELECT channel, %s FROM %s GROUP BY channel', rel, cols, rows_in);
        EXECUTE format('CREATE MATERIALIZED VIEW %I AS SELECT channel, %s FROM %s GROUP BY channel',
                       rel || '_mv', cols, rows_in);
        EXECUTE format('CREATE VIEW %I AS SELECT channel, %s FROM %s GROUP BY channel', rel || '_v', cols, rows_in);
    END LOOP;
END $$;

CREATE MATERIALIZED VIEW sq_daily_mv AS SELECT * FROM sq_sample_daily;
CREATE UNIQUE INDEX ON sq_daily_mv (day, channel);

-- Every operator of the extension on two states of its operand types, taken
-- from columns of the daily rollup (consecutive days of a channel).
-- An operator whose operand types no column holds gets no view, and the
-- suites fail on it (sq_operators_missing).
CREATE VIEW sq_operators_missing AS
SELECT o.oid::regoperator::text AS operator
FROM pg_operator o
JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
WHERE NOT EXISTS (SELECT 1 FROM pg_class c
                  WHERE c.relname = format('sq_op_%s_%s_%s', o.oprname, o.oprleft::regtype, o.oprright::regtype));

DO $$
DECLARE op record;
BEGIN
    FOR op IN
        SELECT o.oprname, o.oprnamespace::regnamespace AS nsp,
               format('sq_op_%s_%s_%s', o.oprname, o.oprleft::regtype, o.oprright::regtype) AS view,
               (SELECT attname FROM pg_attribute WHERE attrelid = 'sq_sample_daily'::regclass
                  AND atttypid = o.oprleft AND attnum > 0 ORDER BY attnum LIMIT 1) AS lcol,
               (SELECT attname FROM pg_attribute WHERE attrelid = 'sq_sample_daily'::regclass
                  AND atttypid = o.oprright AND attnum > 0 ORDER BY attnum LIMIT 1) AS rcol
        FROM pg_operator o
        JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
    LOOP
        CONTINUE WHEN op.lcol IS NULL OR op.rcol IS NULL;
        EXECUTE format('CREATE VIEW %I AS SELECT a.day, a.channel, a.%I OPERATOR(%s.%s) b.%I AS result
                        FROM sq_sample_daily a JOIN sq_sample_daily b ON b.channel = a.channel AND b.day = a.day + 1',
                       op.view, op.lcol, op.nsp, op.oprname, op.rcol);
    END LOOP;
END $$;

CREATE TABLE sq_calendars (name text PRIMARY KEY, calendar business_calendar, path refund_path);
INSERT INTO sq_calendars VALUES
    ('berlin office', 'v1 tz=Europe/Berlin mon-fri=09:00-17:00 holidays=2026-03-06', refund_path(1)),
    ('shanghai split days', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 workdays=2026-03-07:mon', refund_path(2)),
    ('round the clock', 'v1 tz=UTC mon-sun=00:00-24:00', refund_path(4));
-- a calendar of the version 2 form (from 0.2.0 on): dated hours, versions
DO $$
BEGIN
    IF (SELECT extversion FROM pg_extension WHERE extname = 'svcquality') <> '0.1.0' THEN
        EXECUTE $sql$INSERT INTO sq_calendars VALUES ('berlin short day, summer hours',
            'v2 tz=Europe/Berlin mon-fri=08:00-17:00 2026-03-05=08:00-12:00 from=2026-03-04 mon-fri=07:00-15:00',
            refund_path(3))$sql$;
    END IF;
END $$;
CREATE VIEW sq_business_v AS
SELECT c.name, d.day, d.channel, c.path,
       timeline_duration(d.timeline, 'requested', 'succeeded', c.calendar) AS business_duration,
       business_time(timestamptz '2026-03-01 00:00+00', d.day::timestamptz, c.calendar) AS business_time_so_far
FROM sq_calendars c CROSS JOIN sq_sample_daily d;

-- Every type of the extension that can be stored, without a column of it in
-- a table or materialized view here (the suites fail on any).
CREATE VIEW sq_types_missing AS
SELECT t.oid::regtype::text AS type
FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
WHERE t.typtype IN ('b', 'e') AND t.typcategory <> 'A'
  AND NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  WHERE a.atttypid = t.oid AND c.relkind IN ('r', 'm') AND c.relname LIKE 'sq\_%');
