-- Every aggregate of the extension, called on sample data: shared by the
-- suites that must cover all of them (upgrade, dump_restore, citus).  Each
-- suite checks the catalog against sq_calls, so an aggregate added without a
-- row here fails those suites: add one for every new aggregate.
--
--   sq_sample        raw rows (survey answers, ticket durations, refund
--                    events); psql variable sample_rows (default 3000)
--   sq_sample_daily  the states of sq_sample per (day, channel): the input of
--                    the merge aggregates
--   sq_calls         aggregate (its signature), source (sq_sample or
--                    sq_sample_daily), call (the aggregate over the source's
--                    columns), read (what a comparison reads from the
--                    result, {} standing for it) and exact: whether merging in
--                    any order gives the identical result.  Not exact: float
--                    sums (dimension and paired states), compared with
--                    sq_close() to 1e-9.
--
-- The weighted rating and category calls are marked exact although their
-- states hold float sums (weights, squared weights): the sample's weights
-- are multiples of 0.25 (0.25 to 2), so every sum is a binary fraction well
-- within double precision, the same in any order.  Weights in general (0.1,
-- 1/3) merge equal only up to float rounding (docs/scale_out.md).
\if :{?sample_rows}
\else
\set sample_rows 3000
\endif

CREATE TABLE sq_sample AS
SELECT i::bigint AS id,
       date '2026-03-01' + (i / 6) % 28 AS day,
       (ARRAY['chat', 'email', 'phone', 'shop', 'social', 'app'])[1 + i % 6] AS channel,
       'team ' || (1 + (hashint4(i) & 3)) AS team,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       1 + (hashint4(i + 1) & 2147483647) % 5 AS rating5,
       0.25 * (1 + (hashint4(i + 3) & 7)) AS weight,  -- multiples of 0.25: exact sums (above)
       CASE WHEN i % 23 = 0 THEN NULL
            ELSE make_interval(secs => (hashint4(i + 7) & 1048575) / 10.0) END AS handled,
       (hashint4(i + 5) & 1048575) / 10.0::float8 AS handled_s,
       ARRAY[1 + (hashint4(i + 11) & 3), CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + (hashint4(i + 13) & 3) END,
             1 + (hashint4(i + 15) & 3)]::float8[] AS dims,
       ARRAY[2 + (hashint4(i + 17) & 3), 3, 1 + (hashint4(i + 19) & 3)]::float8[] AS expected,
       (ARRAY['speed', 'attitude', 'resolution'])[1 + i % 3] AS dim_name,
       1 + (hashint4(i + 21) & 3)::float8 AS dim_score,
       ((hashint4(i + 23) & 2147483647) % 11)::float8 AS overall,
       (ARRAY['requested', 'responded', 'agreed', 'returned', 'succeeded'])[1 + i % 5] AS stage,
       timestamptz '2026-03-01 00:00+00' + i * interval '13 minutes' AS at,
       i / 5 AS case_id,
       CASE WHEN i % 13 = 0 THEN NULL ELSE hashint4(i + 25) % 3 = 0 END AS ok,
       -- the row's event as a timeline of one event (the input of funnel_agg)
       format('v1 %s+00 "%s"', to_char(timestamptz '2026-03-01 00:00+00' AT TIME ZONE 'UTC'
                                       + i * interval '13 minutes', 'YYYY-MM-DD HH24:MI:SS'),
              (ARRAY['requested', 'responded', 'agreed', 'returned', 'succeeded'])[1 + i % 5])::timeline_state
           AS event
FROM generate_series(1, :sample_rows) AS i;

-- States of types an older release lacks get no column there (the upgrade
-- suite runs this under 0.1.0 too).
SELECT CASE WHEN to_regtype('moment_state') IS NULL THEN ''
            ELSE 'moment_agg(overall, dims) AS moments,' END
       || CASE WHEN to_regtype('funnel_state') IS NULL THEN ''
               ELSE ' funnel_agg(event) AS funnels,' END AS sq_since_0_2_0_columns \gset

-- rows added in id order whatever the plan (stored_objects.sql says why)
CREATE TABLE sq_sample_daily AS
SELECT day, channel,
       nps_agg(score, weight) AS ratings,
       dimension_agg(dims) AS dimensions,
       gap_agg(expected, dims) AS gaps,
       driver_agg(overall, dims) AS drivers,
       :sq_since_0_2_0_columns
       duration_agg(handled) AS durations,
       proportion_agg(ok) AS outcomes,
       timeline_agg(stage, at) AS timeline,
       timeline_set_agg(case_id, stage, at) AS cases
FROM (SELECT * FROM sq_sample ORDER BY day, channel, id) AS rows GROUP BY day, channel;
-- states of types added after 0.1.0, in a database that has them
DO $$
BEGIN
    IF to_regtype('outcome_state') IS NOT NULL THEN
        EXECUTE $sql$
            ALTER TABLE sq_sample_daily ADD COLUMN linked outcome_state,
                                        ADD COLUMN by_duration duration_outcome_state;
            UPDATE sq_sample_daily d SET linked = s.linked, by_duration = s.by_duration
            FROM (SELECT day, channel, outcome_agg(score >= 9, ok) AS linked,
                         duration_outcome_agg(handled, ok, ARRAY[interval '1 hour', interval '1 day']) AS by_duration
                  FROM sq_sample GROUP BY day, channel) s
            WHERE s.day = d.day AND s.channel = d.channel$sql$;
    END IF;
END $$;

-- States of types added after 0.1.0, when the installed version has them
-- (the upgrade suite runs this file under 0.1.0 too)
SELECT to_regtype('contact_state') IS NOT NULL AS sq_has_contact_state \gset
\if :sq_has_contact_state
ALTER TABLE sq_sample_daily ADD COLUMN contacts contact_state, ADD COLUMN categories category_state;
UPDATE sq_sample_daily d SET contacts = n.contacts, categories = n.categories
FROM (SELECT day, channel, contact_agg(case_id % 40, dim_name, at, interval '1 day', channel, ok) AS contacts,
             category_agg(stage) AS categories
      FROM sq_sample GROUP BY day, channel) AS n
WHERE n.day = d.day AND n.channel = d.channel;
\endif

CREATE TABLE sq_calls (aggregate text PRIMARY KEY, source text, call text, read text, exact boolean);
INSERT INTO sq_calls VALUES
    ('nps(smallint)', 'sq_sample', 'nps(score::smallint)', '{}', true),
    ('nps(integer)', 'sq_sample', 'nps(score)', '{}', true),
    ('nps(bigint)', 'sq_sample', 'nps(score::bigint)', '{}', true),
    ('nps(numeric)', 'sq_sample', 'nps(score::numeric)', '{}', true),
    ('nps(smallint,double precision)', 'sq_sample', 'nps(score::smallint, weight)', '{}', true),
    ('nps(integer,double precision)', 'sq_sample', 'nps(score, weight)', '{}', true),
    ('nps(bigint,double precision)', 'sq_sample', 'nps(score::bigint, weight)', '{}', true),
    ('nps(numeric,double precision)', 'sq_sample', 'nps(score::numeric, weight)', '{}', true),
    ('nps_agg(smallint)', 'sq_sample', 'nps_agg(score::smallint)', '{}', true),
    ('nps_agg(integer)', 'sq_sample', 'nps_agg(score)', '{}', true),
    ('nps_agg(bigint)', 'sq_sample', 'nps_agg(score::bigint)', '{}', true),
    ('nps_agg(numeric)', 'sq_sample', 'nps_agg(score::numeric)', '{}', true),
    ('nps_agg(smallint,double precision)', 'sq_sample', 'nps_agg(score::smallint, weight)', '{}', true),
    ('nps_agg(integer,double precision)', 'sq_sample', 'nps_agg(score, weight)', '{}', true),
    ('nps_agg(bigint,double precision)', 'sq_sample', 'nps_agg(score::bigint, weight)', '{}', true),
    ('nps_agg(numeric,double precision)', 'sq_sample', 'nps_agg(score::numeric, weight)', '{}', true),
    ('nps_agg(rating_state)', 'sq_sample_daily', 'nps_agg(ratings)', '{}', true),
    ('rating_agg(smallint)', 'sq_sample', 'rating_agg(score::smallint)', '{}', true),
    ('rating_agg(integer)', 'sq_sample', 'rating_agg(score)', '{}', true),
    ('rating_agg(bigint)', 'sq_sample', 'rating_agg(score::bigint)', '{}', true),
    ('rating_agg(numeric)', 'sq_sample', 'rating_agg(score::numeric)', '{}', true),
    ('rating_agg(smallint,double precision)', 'sq_sample', 'rating_agg(rating5::smallint, weight)', '{}', true),
    ('rating_agg(integer,double precision)', 'sq_sample', 'rating_agg(rating5, weight)', '{}', true),
    ('rating_agg(bigint,double precision)', 'sq_sample', 'rating_agg(rating5::bigint, weight)', '{}', true),
    ('rating_agg(numeric,double precision)', 'sq_sample', 'rating_agg(rating5::numeric, weight)', '{}', true),
    ('rating_agg(rating_state)', 'sq_sample_daily', 'rating_agg(ratings)', '{}', true),
    ('csat(smallint)', 'sq_sample', 'csat(rating5::smallint)', '{}', true),
    ('csat(integer)', 'sq_sample', 'csat(rating5)', '{}', true),
    ('csat(bigint)', 'sq_sample', 'csat(rating5::bigint)', '{}', true),
    ('csat(numeric)', 'sq_sample', 'csat(rating5::numeric)', '{}', true),
    ('csat(smallint,double precision)', 'sq_sample', 'csat(rating5::smallint, weight)', '{}', true),
    ('csat(integer,double precision)', 'sq_sample', 'csat(rating5, weight)', '{}', true),
    ('csat(bigint,double precision)', 'sq_sample', 'csat(rating5::bigint, weight)', '{}', true),
    ('csat(numeric,double precision)', 'sq_sample', 'csat(rating5::numeric, weight)', '{}', true),
    ('csat_agg(smallint)', 'sq_sample', 'csat_agg(rating5::smallint)', '{}', true),
    ('csat_agg(integer)', 'sq_sample', 'csat_agg(rating5)', '{}', true),
    ('csat_agg(bigint)', 'sq_sample', 'csat_agg(rating5::bigint)', '{}', true),
    ('csat_agg(numeric)', 'sq_sample', 'csat_agg(rating5::numeric)', '{}', true),
    ('csat_agg(smallint,double precision)', 'sq_sample', 'csat_agg(rating5::smallint, weight)', '{}', true),
    ('csat_agg(integer,double precision)', 'sq_sample', 'csat_agg(rating5, weight)', '{}', true),
    ('csat_agg(bigint,double precision)', 'sq_sample', 'csat_agg(rating5::bigint, weight)', '{}', true),
    ('csat_agg(numeric,double precision)', 'sq_sample', 'csat_agg(rating5::numeric, weight)', '{}', true),
    ('csat_agg(rating_state)', 'sq_sample_daily', 'csat_agg(ratings)', '{}', true),
    ('dimension_agg(double precision[])', 'sq_sample', 'dimension_agg(dims)',
     'dimension_counts({})::float8[] || dimension_means({}) || dimension_variances({})', false),
    ('dimension_agg(text,double precision)', 'sq_sample', 'dimension_agg(dim_name, dim_score)',
     'dimension_counts({})::float8[] || dimension_means({}) || dimension_variances({})', false),
    ('dimension_agg(dimension_state)', 'sq_sample_daily', 'dimension_agg(dimensions)',
     'dimension_counts({})::float8[] || dimension_means({}) || dimension_variances({})', false),
    ('gap_agg(double precision[],double precision[])', 'sq_sample', 'gap_agg(expected, dims)',
     'ARRAY(SELECT unnest(ARRAY[n, expectation, perception, gap, stddev]) FROM gap_analysis({}))', false),
    ('driver_agg(double precision,double precision[])', 'sq_sample', 'driver_agg(overall, dims)',
     'ARRAY(SELECT unnest(ARRAY[n, performance, correlation, importance]) FROM driver_analysis({}))', false),
    ('gap_agg(paired_state)', 'sq_sample_daily', 'gap_agg(gaps)',
     'ARRAY(SELECT unnest(ARRAY[n, expectation, perception, gap, stddev]) FROM gap_analysis({}))', false),
    ('driver_agg(paired_state)', 'sq_sample_daily', 'driver_agg(drivers)',
     'ARRAY(SELECT unnest(ARRAY[n, performance, correlation, importance]) FROM driver_analysis({}))', false),
    ('paired_agg(paired_state)', 'sq_sample_daily', 'paired_agg(drivers)',
     'ARRAY(SELECT unnest(ARRAY[n, performance, correlation, importance]) FROM driver_analysis({}))', false),
    ('gap_agg(text,double precision,double precision)', 'sq_sample', 'gap_agg(dim_name, dim_score, overall)',
     'ARRAY(SELECT unnest(ARRAY[n, expectation, perception, gap, stddev]) FROM gap_analysis({}))', false),
    ('moment_agg(double precision,double precision[])', 'sq_sample', 'moment_agg(overall, dims)',
     'ARRAY(SELECT unnest(ARRAY[coefficient, stderr]) FROM driver_regression({}))', false),
    ('moment_agg(double precision,double precision[],double precision)', 'sq_sample', 'moment_agg(overall, dims, weight)',
     'ARRAY(SELECT unnest(ARRAY[coefficient, stderr]) FROM driver_regression({}))', false),
    ('moment_agg(double precision,double precision[],text[])', 'sq_sample',
     'moment_agg(overall, dims, ARRAY[''speed'', ''attitude'', ''resolution''])',
     'ARRAY(SELECT unnest(ARRAY[raw_weight, rescaled]) FROM driver_relative_weights({}))', false),
    ('moment_agg(double precision,double precision[],text[],double precision)', 'sq_sample',
     'moment_agg(overall, dims, ARRAY[''speed'', ''attitude'', ''resolution''], weight)',
     'ARRAY(SELECT unnest(ARRAY[shapley, rescaled]) FROM driver_shapley({}))', false),
    ('moment_agg(double precision,text[],"any")', 'sq_sample',
     'moment_agg(overall, ARRAY[''speed'', ''attitude'', ''resolution''], dims[1], dims[2]::int, rating5)',
     'ARRAY(SELECT unnest(ARRAY[coefficient, stderr]) FROM driver_regression({}))', false),
    ('moment_agg(bigint,text,double precision,text[],text)', 'sq_sample',
     'moment_agg(id / 3, dim_name, dim_score, ARRAY[''speed'', ''attitude''], ''resolution'')',
     'ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means({}))', false),
    ('moment_agg(moment_state)', 'sq_sample_daily', 'moment_agg(moments)',
     'ARRAY(SELECT unnest(ARRAY[coefficient, stderr]) FROM driver_regression({}))', false),
    ('duration_agg(interval)', 'sq_sample', 'duration_agg(handled)', '{}', true),
    ('duration_agg(interval,double precision)', 'sq_sample', 'duration_agg(handled, 0.005)', '{}', true),
    ('duration_agg(double precision)', 'sq_sample', 'duration_agg(handled_s)', '{}', true),
    ('duration_agg(double precision,double precision)', 'sq_sample', 'duration_agg(handled_s, 0.02)', '{}', true),
    ('duration_agg(duration_state)', 'sq_sample_daily', 'duration_agg(durations)', '{}', true),
    ('proportion(boolean)', 'sq_sample', 'proportion(ok)', '{}', true),
    ('proportion_agg(boolean)', 'sq_sample', 'proportion_agg(ok)', '{}', true),
    ('proportion_agg(proportion_state)', 'sq_sample_daily', 'proportion_agg(outcomes)', '{}', true),
    ('timeline_agg(text,timestamp with time zone)', 'sq_sample', 'timeline_agg(stage, at)', '{}', true),
    ('timeline_agg(timeline_state)', 'sq_sample_daily', 'timeline_agg(timeline)', '{}', true),
    ('timeline_set_agg(bigint,text,timestamp with time zone)', 'sq_sample', 'timeline_set_agg(case_id, stage, at)', '{}', true),
    ('timeline_set_agg(timeline_set)', 'sq_sample_daily', 'timeline_set_agg(cases)', '{}', true),
    ('funnel_agg(timeline_state)', 'sq_sample', 'funnel_agg(event)', '{}', true),
    ('funnel_agg(timeline_state,text[])', 'sq_sample', $$funnel_agg(event, ARRAY['requested', 'agreed', 'succeeded'])$$, '{}', true),
    ('funnel_agg(timeline_state,text[],business_calendar)', 'sq_sample',
     $$funnel_agg(event, NULL, 'v1 tz=UTC mon-fri=09:00-17:00')$$, '{}', true),
    ('funnel_agg(funnel_state)', 'sq_sample_daily', 'funnel_agg(funnels)', '{}', true);
-- aggregates over types added after 0.1.0: rows only where the types exist
-- (before PostgreSQL 16, to_regprocedure fails on an unknown argument type)
DO $$
BEGIN
    IF to_regtype('outcome_state') IS NOT NULL THEN
        INSERT INTO sq_calls VALUES
            ('outcome_agg(boolean,boolean)', 'sq_sample', 'outcome_agg(score >= 9, ok)', '{}', true),
            ('outcome_agg(outcome_state)', 'sq_sample_daily', 'outcome_agg(linked)', '{}', true),
            ('duration_outcome_agg(interval,boolean,interval[])', 'sq_sample',
             'duration_outcome_agg(handled, ok, ARRAY[interval ''1 hour'', interval ''1 day''])', '{}', true),
            ('duration_outcome_agg(double precision,boolean,double precision[])', 'sq_sample',
             'duration_outcome_agg(handled_s, ok, ARRAY[3600, 86400]::float8[])', '{}', true),
            ('duration_outcome_agg(duration_outcome_state)', 'sq_sample_daily',
             'duration_outcome_agg(by_duration)', '{}', true);
    END IF;
END $$;
-- aggregates of types added after 0.1.0 (to_regprocedure fails on a type
-- the installed version does not have)
\if :sq_has_contact_state
INSERT INTO sq_calls VALUES
    ('contact_agg(bigint,text,timestamp with time zone,interval)', 'sq_sample',
     'contact_agg(case_id % 40, dim_name, at, interval ''1 day'')', '{}', true),
    ('contact_agg(text,text,timestamp with time zone,interval)', 'sq_sample',
     'contact_agg(''C'' || case_id % 40, dim_name, at, interval ''1 day'')', '{}', true),
    ('contact_agg(bigint,text,timestamp with time zone,interval,business_calendar)', 'sq_sample',
     'contact_agg(case_id % 40, dim_name, at, interval ''4 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar)',
     '{}', true),
    ('contact_agg(text,text,timestamp with time zone,interval,business_calendar)', 'sq_sample',
     'contact_agg(''C'' || case_id % 40, dim_name, at, interval ''4 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar)',
     '{}', true),
    ('contact_agg(bigint,text,timestamp with time zone,interval,text,boolean)', 'sq_sample',
     'contact_agg(case_id % 40, dim_name, at, interval ''1 day'', team, ok)', '{}', true),
    ('contact_agg(text,text,timestamp with time zone,interval,text,boolean)', 'sq_sample',
     'contact_agg(''C'' || case_id % 40, dim_name, at, interval ''1 day'', team, ok)', '{}', true),
    ('contact_agg(bigint,text,timestamp with time zone,interval,business_calendar,text,boolean)', 'sq_sample',
     'contact_agg(case_id % 40, dim_name, at, interval ''4 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, team, ok)',
     '{}', true),
    ('contact_agg(text,text,timestamp with time zone,interval,business_calendar,text,boolean)', 'sq_sample',
     'contact_agg(''C'' || case_id % 40, dim_name, at, interval ''4 hours'', ''v1 tz=UTC mon-fri=09:00-17:00''::business_calendar, team, ok)',
     '{}', true),
    ('contact_agg(contact_state)', 'sq_sample_daily', 'contact_agg(contacts)', '{}', true),
    ('category_agg(text)', 'sq_sample', 'category_agg(stage)', '{}', true),
    ('category_agg(text,double precision)', 'sq_sample', 'category_agg(stage, weight)', '{}', true),
    ('category_agg(category_state)', 'sq_sample_daily', 'category_agg(categories)', '{}', true);
\endif

-- Rows naming a type an older release lacks (moment_state and funnel_state
-- under 0.1.0) go: to_regprocedure raises an error on an unknown type in
-- PostgreSQL 15.
DELETE FROM sq_calls c
WHERE EXISTS (SELECT FROM unnest(string_to_array(substring(c.aggregate FROM '\((.*)\)'), ',')) AS t(name)
              WHERE to_regtype(t.name) IS NULL);

\ir sq_close.sql

-- The extension's aggregates that have no row in sq_calls (a suite fails on
-- any), and the rows naming an aggregate that does not exist (in an older
-- release they are skipped: to_regprocedure is NULL).
CREATE VIEW sq_calls_missing AS
SELECT p.oid::regprocedure::text AS aggregate
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
WHERE p.prokind = 'a'
  AND NOT EXISTS (SELECT 1 FROM sq_calls c WHERE to_regprocedure(c.aggregate) = p.oid);
