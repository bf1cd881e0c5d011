-- The stored form's format version (docs/formats.md, "Version policy",
-- rules 1 and 6): the first byte after the varlena header of every state
-- is its format version, and a version this build does not read is an
-- error (0A000, naming it), never a guess.  A later release that raises a
-- type's version would otherwise have its states misread as version 1 by
-- an older backend (an old session, a lagging standby).  Until this test
-- only business_calendar checked it (funnel_state refused most reads with
-- an XX000); the other types read any first byte as version 1, and an
-- empty value could crash the server (found by a review of upgrades).
--
-- Text and binary input check their versions, so a stored form of another
-- version is forged here: pg_temp.stored(bytes, NULL::type) is the server's
-- byteain declared to return the type (it checks nothing), and
-- pg_temp.bytes(state) is byteaout, the stored form of a state as hex.
-- (CREATE CAST ... WITHOUT FUNCTION from bytea cannot do this: bytea is
-- aligned to int4, every state but business_calendar to double, and
-- PostgreSQL refuses such a cast as not physically compatible.)  Each
-- forged value is stored in a table and read back, so functions get it as
-- a table holds it (a 1-byte header, or compressed).
SET timezone = 'UTC';
SET max_parallel_workers_per_gather = 0;
\i test/sql/include/error_of.psql
CREATE FUNCTION pg_temp.stored(cstring, anyelement) RETURNS anyelement
    LANGUAGE internal IMMUTABLE AS 'byteain';
CREATE FUNCTION pg_temp.bytes(anyelement) RETURNS cstring
    LANGUAGE internal IMMUTABLE STRICT AS 'byteaout';

-- result_of(query): the query's one value as text, or its error as error_of
-- gives it
CREATE FUNCTION pg_temp.result_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE query INTO result;
    RETURN coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN pg_temp.error_of(query);
END $$;

-- One genuine state of each type, made by its aggregate (or text input).
CREATE TEMP TABLE sv_timeline AS
SELECT c AS case_id, timeline_agg(stage, at) AS t
FROM (VALUES (1, 'open', '2026-03-02 09:00+00'::timestamptz), (1, 'reply', '2026-03-02 10:00+00'),
             (1, 'close', '2026-03-02 12:00+00'), (2, 'open', '2026-03-02 11:00+00'),
             (2, 'close', '2026-03-03 09:00+00')) AS e(c, stage, at)
GROUP BY c;
CREATE TEMP TABLE sv_type (ord int, type text, genuine text);
INSERT INTO sv_type VALUES
    (1, 'rating_state', $$SELECT rating_agg(s) FROM generate_series(0, 10) AS s$$),
    (2, 'dimension_state', $$SELECT dimension_agg(ARRAY[s, 10 - s]::float8[]) FROM generate_series(0, 10) AS s$$),
    (3, 'paired_state', $$SELECT driver_agg(s::float8, ARRAY[s, s % 3]::float8[]) FROM generate_series(0, 10) AS s$$),
    (4, 'duration_state', $$SELECT duration_agg(make_interval(mins => s)) FROM generate_series(1, 10) AS s$$),
    (5, 'proportion_state', $$SELECT proportion_agg(s % 3 = 0) FROM generate_series(1, 10) AS s$$),
    (6, 'timeline_state', $$SELECT t FROM sv_timeline WHERE case_id = 1$$),
    (7, 'timeline_set', $$SELECT timeline_set_agg(c, stage, at)
                          FROM (VALUES (1, 'open', '2026-03-02 09:00+00'::timestamptz),
                                       (2, 'open', '2026-03-02 11:00+00')) AS e(c, stage, at)$$),
    (8, 'moment_state', $$SELECT moment_agg(s::float8, ARRAY[s, s % 3]::float8[]) FROM generate_series(0, 10) AS s$$),
    (9, 'outcome_state', $$SELECT outcome_agg(s % 2 = 0, s % 3 = 0) FROM generate_series(1, 10) AS s$$),
    (10, 'duration_outcome_state', $$SELECT duration_outcome_agg(make_interval(mins => s), s % 3 = 0,
                                                                  ARRAY[interval '5 minutes'])
                                      FROM generate_series(1, 10) AS s$$),
    (11, 'contact_state', $$SELECT contact_agg(s % 3, 'billing', timestamptz '2026-03-02 09:00+00' + make_interval(hours => s),
                                               interval '1 day') FROM generate_series(1, 10) AS s$$),
    (12, 'category_state', $$SELECT category_agg('reason_' || s % 4) FROM generate_series(1, 10) AS s$$),
    (13, 'funnel_state', $$SELECT funnel_agg(t) FROM sv_timeline$$),
    (14, 'business_calendar', $$SELECT 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar$$);

-- What each type is put through: {s} is the state under test, {g} the
-- genuine state, {t} the table of the type's states and {v} the variant
-- under test.  A merge aggregate gets the state under test first, then the
-- genuine one, and the other way round.
CREATE TEMP TABLE sv_operation (type text, ord int, operation text, query text);
INSERT INTO sv_operation VALUES
    ('rating_state', 3, 'accessor', $$SELECT nps_responses({s})$$),
    ('rating_state', 4, 'transition', $$SELECT rating_state_accum({s}, 5)$$),
    ('rating_state', 7, 'merge', 'nps_agg'),
    ('dimension_state', 3, 'accessor', $$SELECT dimension_counts({s})$$),
    ('dimension_state', 4, 'transition', $$SELECT dimension_state_accum({s}, ARRAY[1, 2]::float8[])$$),
    ('dimension_state', 7, 'merge', 'dimension_agg'),
    ('paired_state', 3, 'accessor', $$SELECT driver_correlations({s})$$),
    ('paired_state', 4, 'transition', $$SELECT paired_state_accum_driver({s}, 1, ARRAY[1, 2]::float8[])$$),
    ('paired_state', 7, 'merge', 'driver_agg'),
    ('duration_state', 3, 'accessor', $$SELECT duration_count({s})$$),
    ('duration_state', 4, 'transition', $$SELECT duration_state_accum({s}, interval '1 minute')$$),
    ('duration_state', 7, 'merge', 'duration_agg'),
    ('proportion_state', 3, 'accessor', $$SELECT proportion_trials({s})$$),
    ('proportion_state', 4, 'transition', $$SELECT proportion_state_accum({s}, true)$$),
    ('proportion_state', 7, 'merge', 'proportion_agg'),
    ('timeline_state', 3, 'accessor', $$SELECT timeline_stages({s})$$),
    ('timeline_state', 4, 'transition', $$SELECT timeline_state_accum({s}, 'reopen', '2026-03-04 09:00+00')$$),
    ('timeline_state', 7, 'merge', 'timeline_agg'),
    ('timeline_set', 3, 'accessor', $$SELECT timeline_set_cases({s})$$),
    ('timeline_set', 4, 'transition', $$SELECT timeline_set_accum({s}, 3, 'open', '2026-03-04 09:00+00')$$),
    ('timeline_set', 7, 'merge', 'timeline_set_agg'),
    ('moment_state', 3, 'accessor', $$SELECT array_agg(mean ORDER BY variable) FROM moment_means({s})$$),
    ('moment_state', 4, 'transition', $$SELECT moment_state_accum({s}, 1, ARRAY[1, 2]::float8[])$$),
    ('moment_state', 7, 'merge', 'moment_agg'),
    ('outcome_state', 3, 'accessor', $$SELECT outcome_exposed({s})$$),
    ('outcome_state', 4, 'transition', $$SELECT outcome_state_accum({s}, true, true)$$),
    ('outcome_state', 7, 'merge', 'outcome_agg'),
    ('duration_outcome_state', 3, 'accessor', $$SELECT array_agg(trials ORDER BY bucket) FROM duration_outcome({s})$$),
    ('duration_outcome_state', 4, 'transition', $$SELECT duration_outcome_state_accum({s}, interval '1 minute', true,
                                                                                   ARRAY[interval '5 minutes'])$$),
    ('duration_outcome_state', 7, 'merge', 'duration_outcome_agg'),
    ('contact_state', 3, 'accessor', $$SELECT contact_repeat_rate({s})$$),
    ('contact_state', 4, 'transition', $$SELECT contact_state_accum({s}, 1, 'billing', '2026-03-04 09:00+00', interval '1 day')$$),
    ('contact_state', 7, 'merge', 'contact_agg'),
    ('category_state', 3, 'accessor', $$SELECT category_total({s})$$),
    ('category_state', 4, 'transition', $$SELECT category_state_accum({s}, 'reason_9')$$),
    ('category_state', 7, 'merge', 'category_agg'),
    ('funnel_state', 3, 'accessor', $$SELECT funnel_cases({s})$$),
    ('funnel_state', 4, 'transition', $$SELECT funnel_state_accum({s}, (SELECT t FROM sv_timeline WHERE case_id = 2))$$),
    ('funnel_state', 7, 'merge', 'funnel_agg'),
    ('business_calendar', 3, 'accessor', $$SELECT business_time('2026-03-02 08:00+00', '2026-03-03 08:00+00', {s})$$);
-- every type: text output and send; + where the type has it
INSERT INTO sv_operation
SELECT type, 1, 'output', $$SELECT {s}::text$$ FROM sv_type
UNION ALL
SELECT type, 2, 'send', format($$SELECT %s_send({s})$$, type) FROM sv_type
UNION ALL
SELECT type, 5, 'left of +', $$SELECT {s} + {g}$$ FROM sv_type WHERE type <> 'business_calendar'
UNION ALL
SELECT type, 6, 'right of +', $$SELECT {g} + {s}$$ FROM sv_type WHERE type <> 'business_calendar';
-- the merge aggregates: the state under test first, then second
INSERT INTO sv_operation
SELECT type, 8, 'merge, second',
       format($$SELECT %s(s ORDER BY variant <> 'genuine') IS NOT NULL FROM {t} WHERE variant IN ('genuine', {v})$$, query)
FROM sv_operation WHERE operation = 'merge';
UPDATE sv_operation SET operation = 'merge, first',
       query = format($$SELECT %s(s ORDER BY variant = 'genuine') IS NOT NULL FROM {t} WHERE variant IN ('genuine', {v})$$, query)
WHERE operation = 'merge';
SELECT o.type, count(*) AS operations, string_agg(o.operation, ', ' ORDER BY o.ord) AS which
FROM sv_operation o JOIN sv_type t USING (type) GROUP BY o.type, t.ord ORDER BY t.ord;

-- The states: for each type a table sv_<type> of the genuine state, its
-- stored form forged back from its own bytes ('v1'), the same bytes with
-- the first byte 9 (as a later release's version 9 of the same layout
-- would be) or 0, and a value without any byte after its header.
CREATE TEMP TABLE sv_stored (type text, variant text, bytes text);
DO $$
DECLARE
    r record;
    genuine text;
BEGIN
    FOR r IN SELECT * FROM sv_type ORDER BY ord LOOP
        EXECUTE format('CREATE TEMP TABLE sv_%1$s (variant text, s %1$s)', r.type);
        EXECUTE format('INSERT INTO sv_%s SELECT ''genuine'', (%s)', r.type, r.genuine);
        EXECUTE format('SELECT pg_temp.bytes(s)::text FROM sv_%s', r.type) INTO genuine;
        INSERT INTO sv_stored VALUES
            (r.type, 'v1', genuine),
            (r.type, 'v9', '\x09' || substr(genuine, 5)),
            (r.type, 'v0', '\x00' || substr(genuine, 5)),
            (r.type, 'empty', '\x');
        EXECUTE format($q$INSERT INTO sv_%1$s
                          SELECT variant, pg_temp.stored(bytes::cstring, NULL::%1$s)
                          FROM sv_stored WHERE type = %2$L$q$, r.type, r.type);
    END LOOP;
END $$;
-- the genuine states' first bytes (their version, 1) and sizes; the
-- forged ones have the same bytes after the first
SELECT type, left(bytes, 4) AS first_byte, length(bytes) / 2 - 1 AS bytes
FROM sv_stored JOIN sv_type USING (type) WHERE variant = 'v1' ORDER BY ord;

-- pg_temp.query(type, operation query, variant): the query for one state
CREATE FUNCTION pg_temp.query(type text, query text, variant text) RETURNS text LANGUAGE sql AS $$
SELECT replace(replace(replace(replace(query,
           '{s}', format('(SELECT s FROM sv_%s WHERE variant = %L)', type, variant)),
           '{g}', format('(SELECT s FROM sv_%s WHERE variant = ''genuine'')', type)),
           '{t}', 'sv_' || type),
           '{v}', quote_literal(variant))
$$;

-- 1. Each forged version (9, 0, none) is refused by every operation of
-- every type with the same error: one line a type and version, whose count
-- of operations is all of the type's (8, business_calendar 3).
SELECT s.type, s.variant, count(*) AS operations,
       pg_temp.error_of(pg_temp.query(s.type, o.query, s.variant)) AS error
FROM sv_stored s JOIN sv_type t USING (type) JOIN sv_operation o USING (type)
WHERE s.variant <> 'v1'
GROUP BY t.ord, s.type, s.variant, 4
ORDER BY t.ord, s.variant DESC;

-- 2. The genuine state's own bytes, forged the same way, still work: every
-- operation gives what it gives on the genuine state (no error on either).
SELECT s.type, count(*) AS operations,
       count(*) FILTER (WHERE pg_temp.result_of(pg_temp.query(s.type, o.query, 'v1')) =
                              pg_temp.result_of(pg_temp.query(s.type, o.query, 'genuine'))) AS same_result,
       count(*) FILTER (WHERE pg_temp.result_of(pg_temp.query(s.type, o.query, 'v1')) ~ '^[0-9A-Z]{5}: ') AS errors
FROM sv_stored s JOIN sv_type t USING (type) JOIN sv_operation o USING (type)
WHERE s.variant = 'v1'
GROUP BY t.ord, s.type
ORDER BY t.ord;

-- 3. Other readers of stored states: arrays of states (the many-groups
-- statistics), a timeline per row (funnel_agg, the SLA functions), the
-- cases of a set, a calendar per row, and a stored state large enough to
-- be compressed.  A merge aggregate over one state alone returns it as it
-- is (the executor copies a strict aggregate's first input, calling no
-- function of ours): the forged bytes are refused where they are read.
CREATE TEMP TABLE sv_large (variant text, s category_state);
INSERT INTO sv_large
SELECT 'genuine', category_agg('reason_' || s) FROM generate_series(1, 2000) AS s;
INSERT INTO sv_large
SELECT 'v9', pg_temp.stored(('\x09' || substr(pg_temp.bytes(s)::text, 5))::cstring, NULL::category_state)
FROM sv_large;
SELECT label, pg_temp.result_of(query) AS result
FROM (VALUES
    ('proportion_homogeneity',
     $$SELECT proportion_homogeneity(ARRAY[(SELECT s FROM sv_proportion_state WHERE variant = 'genuine'),
                                           (SELECT s FROM sv_proportion_state WHERE variant = 'v9')])$$),
    ('nps_vs_rest',
     $$SELECT count(*) FROM nps_vs_rest(ARRAY['a', 'b'], ARRAY[(SELECT s FROM sv_rating_state WHERE variant = 'genuine'),
                                                              (SELECT s FROM sv_rating_state WHERE variant = 'v0')])$$),
    ('nps_ranking',
     $$SELECT count(*) FROM nps_ranking(ARRAY['a', 'b'], ARRAY[(SELECT s FROM sv_rating_state WHERE variant = 'empty'),
                                                              (SELECT s FROM sv_rating_state WHERE variant = 'genuine')])$$),
    ('nps_agg of one forged state, as text',
     $$SELECT nps_agg(s)::text FROM sv_rating_state WHERE variant = 'v9'$$),
    ('proportion_prior',
     $$SELECT proportion_prior(ARRAY[(SELECT s FROM sv_proportion_state WHERE variant = 'v9')])$$),
    ('funnel_agg(timeline)',
     $$SELECT funnel_agg(s ORDER BY variant <> 'genuine') IS NOT NULL FROM sv_timeline_state
       WHERE variant IN ('genuine', 'v9')$$),
    ('sla_clock',
     $$SELECT sla_clock(s, ARRAY['open'], ARRAY['close']) FROM sv_timeline_state WHERE variant = 'v9'$$),
    ('timeline_first',
     $$SELECT timeline_first(s, 'open') FROM sv_timeline_state WHERE variant = 'empty'$$),
    ('unnest(timeline_set)',
     $$SELECT count(*) FROM sv_timeline_set, unnest(s) WHERE variant = 'v9'$$),
    ('contact_agg on a forged calendar',
     $$SELECT contact_agg(1, 't', '2026-03-02 09:00+00', interval '8 hours', s) FROM sv_business_calendar
       WHERE variant = 'v9'$$),
    ('compressed, category_total',
     $$SELECT category_total(s) FROM sv_large WHERE variant = 'v9'$$),
    ('compressed, +',
     $$SELECT category_total((SELECT s FROM sv_large WHERE variant = 'genuine') + s) FROM sv_large
       WHERE variant = 'v9'$$),
    ('compressed, genuine',
     $$SELECT category_total(s) FROM sv_large WHERE variant = 'genuine'$$)
) AS t(label, query);
-- the large states are stored compressed
SELECT variant, pg_column_size(s) < octet_length(pg_temp.bytes(s)::text) / 2 - 1 AS compressed
FROM sv_large ORDER BY variant;
