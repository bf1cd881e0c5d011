-- Pending responses of the long layout (moment_agg(response_id, dimension,
-- score, dimensions, overall)): states that carry many of them, built with
-- rows in ascending, descending and random response order, merged in every
-- layout (ids interleaved, in disjoint ranges, the same ids with answers
-- that complete each other), give what one pass over all the rows gives:
-- the same counts and pending responses, and the same moments up to
-- rounding, exactly where the responses complete in the same order.

-- long_partial: the long aggregate without its final function, whose
-- state keeps the pending responses (as a partial state of a parallel
-- plan or a shard does)
CREATE AGGREGATE pg_temp.long_partial(bigint, text, double precision, text[], text) (
    SFUNC = moment_state_accum, STYPE = moment_state, COMBINEFUNC = moment_state_combine,
    PARALLEL = SAFE
);
-- moments(s): means, standard deviations and correlations; worst(a, b):
-- the largest difference relative to the larger of 1 and b
CREATE FUNCTION pg_temp.moments(s moment_state) RETURNS float8[] LANGUAGE sql AS $$
    SELECT ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means(s))
           || ARRAY(SELECT correlation FROM moment_correlations(s))
$$;
CREATE FUNCTION pg_temp.worst(a float8[], b float8[]) RETURNS float8 LANGUAGE sql AS $$
    SELECT max(abs(x - y) / greatest(1, abs(y))) FROM unnest(a, b) AS u(x, y)
$$;
-- pending(s): the pending responses of the text form
CREATE FUNCTION pg_temp.pending(s moment_state) RETURNS text LANGUAGE sql AS $$
    SELECT substring(s::text FROM ' pending=.*$')
$$;
-- as_reference(s, r): the same counts and pending responses, moments within 1e-12
CREATE FUNCTION pg_temp.as_reference(s moment_state, r moment_state) RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT (responses, incomplete, total_weight) FROM moment_summary(s))
           = (SELECT (responses, incomplete, total_weight) FROM moment_summary(r))
       AND pg_temp.pending(s) IS NOT DISTINCT FROM pg_temp.pending(r)
       AND pg_temp.worst(pg_temp.moments(s), pg_temp.moments(r)) < 1e-12
$$;

-- 2000 responses, ids from about -1e12 to 1e12, one answer in 16 missing
-- (about a quarter of the responses stay incomplete)
CREATE TEMP TABLE dp_answers AS
SELECT (r - 1000) * 1000000007::bigint AS id, r, q AS question, qi,
       ((hashint4(r * 5 + qi::int) & 2147483647) % 1000) / 7.0 AS score
FROM generate_series(1, 2000) AS r,
     unnest(ARRAY['speed', 'ease', 'price', 'overall']) WITH ORDINALITY AS t(q, qi)
WHERE (hashint4(r * 11 + qi::int) & 15) <> 0;
CREATE TEMP TABLE dp_order(ord text, key text);
INSERT INTO dp_order VALUES ('ascending', 'id, qi'), ('descending', 'id DESC, qi'),
    ('random', 'hashint8(id + qi * 7)');
-- state(key, rows): long_partial over the rows where `rows`, in the order `key`
CREATE FUNCTION pg_temp.state(key text, rows text) RETURNS moment_state LANGUAGE plpgsql AS $$
DECLARE
    st moment_state;
BEGIN
    EXECUTE format('SELECT pg_temp.long_partial(id, question, score, ARRAY[''speed'', ''ease'', ''price''], ''overall''
                    ORDER BY %s) FROM dp_answers WHERE %s', key, rows) INTO st;
    RETURN st;
END
$$;
CREATE TEMP TABLE dp_reference AS SELECT pg_temp.state('id, qi', 'true') AS st;

-- The reference: complete responses, pending ones, and their number
SELECT (moment_summary(st)).responses, (moment_summary(st)).incomplete,
       length(pg_temp.pending(st)) - length(replace(pg_temp.pending(st), '(', '')) - 1 AS pending
FROM dp_reference;

-- One pass in each order: the same state up to rounding, and the same
-- pending responses (output lists them by id)
SELECT ord, pg_temp.as_reference(pg_temp.state(key, 'true'), (SELECT st FROM dp_reference)) AS as_reference
FROM dp_order ORDER BY ord;

-- Two partial states in each layout, each built in each order: A + B,
-- B + A and moment_agg over both in either order give the one pass
CREATE TEMP TABLE dp_layout(layout text, part text);
INSERT INTO dp_layout VALUES
    ('interleaved ids', 'r % 2'),
    ('disjoint ids', '(id >= 0)::int'),
    ('same ids, answers scattered', 'hashint8(id * 13 + qi) & 1'),
    ('same ids, answers split', 'qi % 2');
CREATE TEMP TABLE dp_two AS
SELECT layout, ord, p, pg_temp.state(key, format('%s = %s', part, p)) AS st
FROM dp_layout, dp_order, generate_series(0, 1) AS p;
SELECT a.layout, a.ord,
       (moment_summary(a.st)).responses + (moment_summary(b.st)).responses AS complete_in_parts,
       pg_temp.as_reference(a.st + b.st, r.st) AS a_b,
       pg_temp.as_reference(b.st + a.st, r.st) AS b_a,
       pg_temp.as_reference((SELECT moment_agg(st ORDER BY p) FROM dp_two AS c
                             WHERE (c.layout, c.ord) = (a.layout, a.ord)), r.st) AS agg,
       pg_temp.as_reference((SELECT moment_agg(st ORDER BY p DESC) FROM dp_two AS c
                             WHERE (c.layout, c.ord) = (a.layout, a.ord)), r.st) AS agg_reversed
FROM dp_two AS a JOIN dp_two AS b USING (layout, ord), dp_reference AS r
WHERE a.p = 0 AND b.p = 1
ORDER BY a.layout, a.ord;

-- Parts without a complete response (each answers some of the variables):
-- every response completes in the merge, in id order, as in one pass in
-- ascending order, so the state is the same byte for byte
SELECT a.ord, (a.st + b.st)::text = r.st::text AS a_b, (b.st + a.st)::text = r.st::text AS b_a
FROM dp_two AS a JOIN dp_two AS b USING (layout, ord), dp_reference AS r
WHERE a.layout = 'same ids, answers split' AND a.p = 0 AND b.p = 1
ORDER BY a.ord;

-- Three partial states of scattered answers, grouped every way
CREATE TEMP TABLE dp_three AS
SELECT ord, p, pg_temp.state(key, format('(hashint8(id * 17 + qi) & 2147483647) %% 3 = %s', p)) AS st
FROM dp_order, generate_series(0, 2) AS p;
SELECT a.ord,
       pg_temp.as_reference((a.st + b.st) + c.st, r.st) AS ab_c,
       pg_temp.as_reference(a.st + (b.st + c.st), r.st) AS a_bc,
       pg_temp.as_reference((c.st + a.st) + b.st, r.st) AS ca_b,
       pg_temp.as_reference((SELECT moment_agg(st ORDER BY p DESC) FROM dp_three AS d WHERE d.ord = a.ord), r.st) AS agg
FROM dp_three AS a JOIN dp_three AS b USING (ord) JOIN dp_three AS c USING (ord), dp_reference AS r
WHERE (a.p, b.p, c.p) = (0, 1, 2)
ORDER BY a.ord;

-- Many small states merged into one, in three orders
SELECT pg_temp.as_reference(moment_agg(st ORDER BY g), (SELECT st FROM dp_reference)) AS ascending,
       pg_temp.as_reference(moment_agg(st ORDER BY g DESC), (SELECT st FROM dp_reference)) AS descending,
       pg_temp.as_reference(moment_agg(st ORDER BY hashint4(g)), (SELECT st FROM dp_reference)) AS random
FROM (SELECT r % 97 AS g, pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall') AS st
      FROM dp_answers GROUP BY 1) AS parts;

-- A parallel plan whose workers build partial states from rows in random
-- order gives the serial state
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
CREATE TEMP TABLE dp_shuffled AS SELECT * FROM dp_answers ORDER BY hashint8(id * 3 + qi);
-- a temporary table is not read by workers: copy it to a permanent one
CREATE TABLE dp_shuffled_shared AS SELECT * FROM dp_shuffled;
ANALYZE dp_shuffled_shared;
\i test/sql/include/plan_outline.psql
SELECT pg_temp.plan_outline($$SELECT pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall')
                              FROM dp_shuffled_shared$$) AS plan;
SELECT pg_temp.as_reference(pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall'),
                            (SELECT st FROM dp_reference)) AS parallel_as_serial
FROM dp_shuffled_shared;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE dp_shuffled_shared;

-- A running window in descending order: each row's state is the
-- aggregate over the rows so far; the last is the whole table's
SELECT count(*) AS rows, bool_and(w IS NOT NULL) AS all_states,
       (array_agg(w::text ORDER BY id, qi DESC))[1]
       = (SELECT pg_temp.state('id DESC, qi', 'true')::text) AS last_as_whole
FROM (SELECT id, qi, pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall')
                         OVER (ORDER BY id DESC, qi ROWS UNBOUNDED PRECEDING) AS w
      FROM dp_answers) AS running;

-- Hashed grouping, whose groups stay flat (a held state's memory context
-- made it quadratic in the groups), over rows by descending id gives each
-- group the bytes that an aggregate ordered the same way gives in sorted
-- grouping, where the state is held
SET enable_sort = off;
EXPLAIN (COSTS OFF)
SELECT r % 4 AS part, pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall')
FROM (SELECT * FROM dp_answers ORDER BY id DESC, qi) AS rows GROUP BY 1;
CREATE TEMP TABLE dp_hashed AS
SELECT r % 4 AS part, pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall') AS st
FROM (SELECT * FROM dp_answers ORDER BY id DESC, qi) AS rows GROUP BY 1;
RESET enable_sort;
SELECT count(*) AS parts, count(*) FILTER (WHERE h.st::text = s.st::text) AS same_text,
       sum((moment_summary(h.st)).incomplete) AS pending
FROM dp_hashed AS h
JOIN (SELECT r % 4 AS part,
             pg_temp.long_partial(id, question, score, ARRAY['speed', 'ease', 'price'], 'overall'
                                  ORDER BY id DESC, qi) AS st
      FROM dp_answers GROUP BY 1) AS s USING (part);

-- Answers merged as if given one by one: response 1 completes with the b
-- of the second state (a and y from the first), and the second's y comes
-- after that, so it starts the response anew; response 2 has a and b
SELECT 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((1 1 _ 3) (2 4 _ _))'::moment_state
     + 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((1 _ 2 -0) (2 _ 5 _))'::moment_state
       AS completed_then_anew;
-- a variable answered in both states before the response completes: 22023
\i test/sql/include/error_of.psql
SELECT pg_temp.error_of($$SELECT 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((1 1 _ _) (2 4 _ 3))'::moment_state
     + 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((1 _ 2 -0) (2 4 5 _))'::moment_state$$) AS twice;
-- The limit of 100000 pending responses holds as the merge goes, in id
-- order: a new response before a completed one is one too many, after it
-- is not
CREATE TEMP TABLE dp_full AS
SELECT format('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=(%s)',
              string_agg(format('(%s 1 _)', i), ' ' ORDER BY i))::moment_state AS st
FROM generate_series(2, 100001) AS i;
SELECT pg_temp.error_of($$SELECT st + 'v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 1 _) (100001 _ 2))' FROM dp_full$$)
       AS new_first;
SELECT (moment_summary(st + 'v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((2 _ 1) (100002 1 _))')).*
FROM dp_full;
-- Partial states that end with no pending response: partitionwise
-- aggregation of a table whose two partitions each hold whole responses in
-- blocks of 40, each block's speed answers with falling ids (each one put
-- before the 32 or more pending, so the aggregate holds its state), then
-- its overall answers, which complete them all before the partial state is
-- handed on: the same responses and moments as the serial plan
CREATE TEMP TABLE dp_parts (part int, id bigint, d text, sc float8) PARTITION BY LIST (part);
CREATE TEMP TABLE dp_part1 PARTITION OF dp_parts FOR VALUES IN (1);
CREATE TEMP TABLE dp_part2 PARTITION OF dp_parts FOR VALUES IN (2);
INSERT INTO dp_parts
SELECT 1 + k % 2, 10000 - 40 * k - j, CASE r WHEN 0 THEN 'speed' ELSE 'overall' END, ((k * 7 + j * 3 + r) % 5)::float8
FROM generate_series(0, 9) AS k, generate_series(0, 1) AS r, generate_series(0, 39) AS j
ORDER BY k, r, j;
ANALYZE dp_parts;
SET enable_partitionwise_aggregate = on;
SELECT pg_temp.plan_outline($$SELECT moment_agg(id, d, sc, ARRAY['speed'], 'overall') FROM dp_parts$$);
CREATE TEMP TABLE dp_partwise AS SELECT moment_agg(id, d, sc, ARRAY['speed'], 'overall') AS st FROM dp_parts;
RESET enable_partitionwise_aggregate;
SELECT (moment_summary(p.st)).responses, (moment_summary(p.st)).incomplete,
       (SELECT bool_and(abs(x.mean - y.mean) < 1e-12 AND abs(x.stddev - y.stddev) < 1e-12)
        FROM moment_means(p.st) AS x JOIN moment_means(s.st) AS y USING (variable)) AS same_means
FROM dp_partwise AS p, (SELECT moment_agg(id, d, sc, ARRAY['speed'], 'overall') AS st FROM dp_parts) AS s;
DROP TABLE dp_parts, dp_partwise;
