-- moment_state text and binary forms: documented, exact, strict.
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql

-- Text forms: empty, positional, named, named with pending responses;
-- whitespace anywhere between tokens, one space on output
SELECT 'v1'::moment_state AS empty,
       'v1 dimensions=1 n=2 weight=2 incomplete=1 mean=(3 4) comoment=(2 2 2)'::moment_state AS positional;
SELECT E'v1\n dimensions=( "speed"  "say \\"hi\\"" )  overall="overall"\tn=2 weight=2.5 incomplete=0
      mean=(3 4 5) comoment=(2 0 1  1 0  2)'::moment_state AS named;
SELECT 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=3 mean=(0 0 0) comoment=(0 0 0 0 0 0)
        pending=((-5 _ 2 _) (12 1 _ 1))'::moment_state AS pending;
-- pending responses are sorted on input
SELECT 'v1 dimensions=("a" "b") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0)
        pending=((12 1 _ 1) (-5 _ 2 _))'::moment_state AS sorted;

-- Text output read back gives the same state, bit for bit, also for awkward
-- floats; binary output read back too (COPY ... FORMAT binary)
CREATE TEMP TABLE io_cases AS
SELECT moment_agg(i * pi(), ARRAY[sqrt(i), 1.0 / i, i % 3]) AS st FROM generate_series(1, 50) AS i
UNION ALL SELECT moment_agg(1e-300 * i, ARRAY[1e150 / i], i * 0.1) FROM generate_series(1, 20) AS i
UNION ALL SELECT moment_agg(i, ARRAY[i % 7, i % 5], ARRAY['speed', 'ease']) FROM generate_series(1, 30) AS i
UNION ALL SELECT moment_state_accum(moment_state_accum(NULL::moment_state, 7::bigint, 'b', 0.1, ARRAY['a', 'b'], 'y'),
                                    -2::bigint, 'y', 1e-20, ARRAY['a', 'b'], 'y')
UNION ALL SELECT 'v1'::moment_state;
SELECT st::text::moment_state::text = st::text AS text_round_trip,
       moment_state_send(st::text::moment_state) = moment_state_send(st) AS same_bytes,
       (moment_summary(st)).responses
FROM io_cases;
CREATE TEMP TABLE io_binary (st moment_state);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_moment_state.bin';
BEGIN
    EXECUTE format('COPY io_cases TO %L (FORMAT binary)', path);
    EXECUTE format('COPY io_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS states, count(*) FILTER (WHERE a.st::text = b.st::text) AS identical
FROM (SELECT st, row_number() OVER () AS i FROM io_cases) a
JOIN (SELECT st, row_number() OVER () AS i FROM io_binary) b USING (i);
-- binary: version 2, kind, dimensions, pending count, responses, incomplete, weight,
-- then means and co-moments (one positional dimension: 32 + 8 * (2 + 3) = 72 bytes; named:
-- then the names, a length byte each, and each pending response: id, mask, 2 scores)
SELECT encode(substr(b, 1, 8), 'hex') AS header, length(b) AS bytes
FROM (VALUES (moment_state_send('v1')),
             (moment_state_send('v1 dimensions=1 n=2 weight=2 incomplete=1 mean=(3 4) comoment=(2 2 2)')),
             (moment_state_send('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 1 _))')))
     AS t(b);

-- Malformed text: 22P02, saying what was expected and where
SELECT input, pg_temp.error_of(format('SELECT %L::moment_state', input)) AS result FROM (VALUES
    (''), ('v2'), ('v1 x'), ('v1 dimensions=0 n=0 weight=0 incomplete=0 mean=(0) comoment=(0)'),
    ('v1 dimensions=64'), ('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(1) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(1 2) comoment=(0 0 0 0)'),
    ('v1 dimensions=1 n=1 weight=1 mean=(1 2) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(1 2) comoment=(0 0 NaN)'),
    ('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(1 2) comoment=(0 0 0) pending=((1 1 _))'),
    ('v1 dimensions=() overall="y" n=0 weight=0 incomplete=0 mean=(0) comoment=(0)'),
    ('v1 dimensions=("a") n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=()'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 1))'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) x')
) AS t(input);
-- the limits of the text: 63 named dimensions and 100000 pending responses
-- (one more of each is refused where it starts; the message quotes the
-- whole input, so the SQLSTATE and detail alone are shown)
SELECT rule, CASE e WHEN 'no error' THEN 'read' ELSE left(e, 5) || ': ' || split_part(e, ' | ', 2) END AS result FROM (VALUES
    ('63 dimensions', format('v1 dimensions=(%s) overall="y" n=0 weight=0 incomplete=0 mean=(%s) comoment=(%s)',
                             (SELECT string_agg(format('"d%s"', i), ' ') FROM generate_series(1, 63) i),
                             repeat('0 ', 63) || '0', repeat('0 ', 64 * 65 / 2 - 1) || '0')),
    ('64 dimensions', 'v1 dimensions=(' || (SELECT string_agg(format('"d%s"', i), ' ') FROM generate_series(1, 64) i)
                      || ') overall="y" n=0 weight=0 incomplete=0 mean=(0) comoment=(0)'),
    ('100000 pending', 'v1 dimensions=("x") overall="o" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=('
                       || (SELECT string_agg(format('(%s 1 _)', i), ' ') FROM generate_series(1, 100000) i) || ')'),
    ('100001 pending', 'v1 dimensions=("x") overall="o" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=('
                       || (SELECT string_agg(format('(%s 1 _)', i), ' ') FROM generate_series(1, 100001) i) || ')')
) AS t(rule, input), LATERAL (SELECT pg_temp.error_of(format('SELECT %L::moment_state', input)) AS e) AS x;

-- Input that parses but is not a state aggregation could produce: 22P02 with the rule
SELECT input, pg_temp.error_of(format('SELECT %L::moment_state', input)) AS result FROM (VALUES
    ('v1 dimensions=1 n=-1 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=0 weight=0 incomplete=-1 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=0 weight=1 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=2 weight=-2 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=2 weight=0 incomplete=0 mean=(1 0) comoment=(0 0 0)'),
    ('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(-1 0 1)'),
    ('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(1 2 1)'),
    ('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(1 1.0000001 1)'),
    ('v1 dimensions=("a" "a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0)'),
    ('v1 dimensions=("a") overall="a" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 1 2))'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 _ _))'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 1 _) (1 _ 2))'),
    ('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((1 NaN _))')
) AS t(input);
-- Cauchy-Schwarz within rounding: a co-moment a hair above its bound is
-- accepted; so is any co-moment of a variable whose sum of squares may have
-- underflowed (below 1e-292: scores within 1e-150 of their mean), as the
-- state of the second case above shows aggregation can produce
SELECT 'v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(1 1.0000000001 1)'::moment_state IS NOT NULL AS rounding,
       'v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(1e-300 1e-150 1)'::moment_state IS NOT NULL AS underflow;

-- Malformed binary input: 22P03
SELECT label, pg_temp.binary_input(bytes, 'moment_state') AS result FROM (VALUES
    ('version 3', '\x03'::bytea),
    ('unknown kind', '\x0103000000000000' || '\x000000000000000000000000000000000000000000000000'::bytea),
    ('64 dimensions', '\x0101004000000000' || '\x000000000000000000000000000000000000000000000000'::bytea),
    ('empty kind with dimensions', '\x0100000100000000' || '\x000000000000000000000000000000000000000000000000'::bytea),
    ('pending in a positional state', '\x0101000100000001' || '\x000000000000000000000000000000000000000000000000'::bytea),
    -- 100 000 pending responses of 63 dimensions in 32 bytes: refused before
    -- the 53 MB they would take are allocated
    ('a huge count of pending responses', '\x0102003f000186a0' || '\x000000000000000000000000000000000000000000000000'::bytea),
    ('cut in the means', substr(moment_state_send('v1 dimensions=1 n=2 weight=2 incomplete=1 mean=(3 4) comoment=(2 2 2)'), 1, 50)),
    ('a byte too many', moment_state_send('v1 dimensions=1 n=2 weight=2 incomplete=1 mean=(3 4) comoment=(2 2 2)') || '\x00'::bytea),
    ('negative sum of squares', overlay(moment_state_send('v1 dimensions=1 n=2 weight=2 incomplete=1 mean=(3 4) comoment=(2 2 2)')
                                        placing float8send(-2) from 49 for 8)),
    ('empty name', overlay(moment_state_send('v1 dimensions=("a") overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)')
                           placing '\x00'::bytea from 73 for 1))
) AS t(label, bytes);
