-- duration_state text and binary forms: documented, exact, strict.
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00

-- Text form: "v1", the accuracy, n, sum, min and max in seconds (exact
-- decimals of microseconds), the count of zero durations, then runs of
-- consecutive non-empty buckets "first_index:count,count,...".
-- By hand for {0, 1 s, 1 s, 2 s, 2.5 s}: n = 5, sum = 6.5, zero = 1; 1 s
-- is bucket 0, 2 s bucket ceil(ln 2 / ln gamma) = 35, 2.5 s bucket 46.
SELECT duration_agg(x) FROM (VALUES (0.0::float8), (1), (1), (2), (2.5)) AS t(x);
-- consecutive buckets form one run; microseconds are written exactly
SELECT duration_agg(x) FROM (VALUES (1.0::float8), (1.02), (1.04), (1.5), (0.000001), (86400.123456)) AS t(x);
-- on input, spacing is free, zero counts inside runs are accepted and
-- dropped, and the state is written back in the canonical form
SELECT E' v1  accuracy=0.01\tn=5 sum=6.50 min=0.0 max=2.500000\n zero=1 0:2,0,0 35:1 46:1 '::duration_state AS canonical;
SELECT 'v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'::duration_state AS empty,
       'v1 accuracy=0.001 n=3 sum=0 min=0 max=0 zero=3'::duration_state AS only_zeros;

-- Text output then input reproduces the state exactly, whatever
-- extra_float_digits says (the accuracy is written in its shortest exact form)
SET extra_float_digits = -15;
SELECT st::text, st::text::duration_state::text = st::text AS round_trip
FROM (SELECT duration_agg(x, a) AS st
      FROM (VALUES (0.1::float8), (1), (7200)) AS t(x),
           (VALUES (0.01::float8), (1.0 / 3.0 / 100.0)) AS acc(a) GROUP BY a) AS s
ORDER BY 1;
RESET extra_float_digits;

-- Binary form: the version byte (1), accuracy, n, zero, min, max (int8,
-- microseconds), sum as high and low 64 bits, the first bucket index, then
-- the packed bucket stream.  By hand for {1 s, 2 s}: 1 + 8 * 7 + 4 = 61
-- header bytes; stream: count 1 (varint 2 = \x02), a run of 34 empty
-- buckets (varint 2 * 33 + 1 = 67 = \x43), count 1 (\x02).
SELECT substr(b, 1, 1) AS version, substr(b, 58, 4) AS first_bucket, substr(b, 62) AS stream,
       length(b) AS bytes
FROM (SELECT duration_state_send(duration_agg(x)) AS b FROM (VALUES (1.0::float8), (2.0)) AS t(x)) AS s;
-- the same stream is what a table stores: the 88-byte header plus 3 bytes
SELECT duration_state_size(duration_agg(x)) AS bytes FROM (VALUES (1.0::float8), (2.0)) AS t(x);

-- Malformed text is a clean 22P02 that says what was expected and where
\i test/sql/include/error_of.psql
SELECT input, pg_temp.error_of(format('SELECT %L::duration_state', input)) AS result FROM (VALUES
    (''), ('garbage'), ('v2 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'),
    ('v1'), ('v1 accuracy=0.9 n=0 sum=0 min=0 max=0 zero=0'),
    ('v1 accuracy=x n=0 sum=0 min=0 max=0 zero=0'),
    ('v1 accuracy=0.01 n=-1 sum=0 min=0 max=0 zero=0'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1'),
    ('v1 accuracy=0.01 sum=1 n=1 min=1 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=1.0000001 min=1 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=1. min=1 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=-1 min=1 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1000000000001 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:1 extra'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:1,'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:-1'),
    ('v1 accuracy=0.01 n=2 sum=2 min=1 max=1 zero=0 0:1 0:1'),
    ('v1 accuracy=0.01 n=3 sum=3 min=1 max=1 zero=0 0:1,1 1:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 99999:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 1382:1,1'),
    ('v1 accuracy=0.01 n=2 sum=1 min=1 max=1 zero=0 1383:1,1'),
    ('v1 accuracy=0.01 n=2 sum=1 min=1 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:99999999999999999999'),
    ('v1 accuracy=0.01 n=9223372036854775807 sum=0 min=0 max=0 zero=9223372036854775807 0:1'),
    ('v1 accuracy=0.01 n=0 sum=1 min=0 max=0 zero=0'),
    ('v1 accuracy=0.01 n=1 sum=2 min=2 max=1 zero=0 0:1'),
    ('v1 accuracy=0.01 n=2 sum=1 min=0 max=1 zero=0 0:2'),
    ('v1 accuracy=0.01 n=2 sum=1 min=1 max=1 zero=1 0:1'),
    ('v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=1 0:1'),
    ('v1 accuracy=0.01 n=2 sum=5 min=1 max=2 zero=0 0:1 35:1'),
    ('v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 100:1'),
    ('v1 accuracy=0.01 n=2 sum=3 min=1 max=2 zero=0 0:1 200:1')
) AS t(input);

-- Malformed binary input is a clean 22P03, also when it is too short to
-- hold the header: each case is a bytea written by COPY, read back by COPY
-- into a duration_state column (so recv sees it)
CREATE TABLE dur_bin_src (b bytea);
CREATE TABLE dur_bin_dst (st duration_state);
CREATE FUNCTION pg_temp.copy_binary(source regclass, target regclass) RETURNS text LANGUAGE plpgsql AS $$
DECLARE path text := current_setting('data_directory') || '/svcquality_duration_state.bin';
BEGIN
    EXECUTE format('COPY %s TO %L (FORMAT binary)', source, path);
    RETURN pg_temp.error_of(format('COPY %s FROM %L (FORMAT binary)', target, path));
END $$;
CREATE FUNCTION pg_temp.recv_result(bytes bytea) RETURNS text LANGUAGE sql AS $$
    TRUNCATE dur_bin_src;
    INSERT INTO dur_bin_src VALUES (bytes);
    SELECT pg_temp.copy_binary('dur_bin_src', 'dur_bin_dst');
$$;
-- header(version, accuracy, n, zero, min, max, sum, first) || stream
CREATE FUNCTION pg_temp.bin(version int, accuracy float8, n int8, zero int8, min_us int8,
                            max_us int8, sum_us int8, first int4, stream bytea) RETURNS bytea
LANGUAGE sql AS $$
    SELECT set_byte('\x00'::bytea, 0, version) || float8send(accuracy) || int8send(n) || int8send(zero)
           || int8send(min_us) || int8send(max_us) || int8send(0) || int8send(sum_us) || int4send(first) || stream
$$;
SELECT what, pg_temp.recv_result(bytes) AS result FROM (VALUES
    ('valid: {1 s, 2 s}', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('version 2', pg_temp.bin(2, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('truncated header', substr(pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\x024302'), 1, 20)),
    ('accuracy 0.9', pg_temp.bin(1, 0.9, 2, 0, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('accuracy NaN', pg_temp.bin(1, 'NaN', 2, 0, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('n does not add up', pg_temp.bin(1, 0.01, 3, 0, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('truncated varint', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\x024380')),
    ('overlong varint', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\xffffffffffffffffffff7f')),
    ('bucket index out of range', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 1000000, '\x024302')),
    ('run past the last bucket', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 3000000, 0, '\x02ffffff0f02')),
    ('min above max', pg_temp.bin(1, 0.01, 2, 0, 3000000, 2000000, 3000000, 0, '\x024302')),
    ('sum below n * min', pg_temp.bin(1, 0.01, 2, 0, 1000000, 2000000, 1000000, 0, '\x024302')),
    ('zero count without min 0', pg_temp.bin(1, 0.01, 3, 1, 1000000, 2000000, 3000000, 0, '\x024302')),
    ('max not in the last bucket', pg_temp.bin(1, 0.01, 2, 0, 1000000, 9000000, 10000000, 0, '\x024302'))
) AS t(what, bytes);
SELECT st AS received FROM dur_bin_dst;

-- Binary round trips through COPY keep every state: empty, huge, of several
-- accuracies, and 50 groups of generated handling times
CREATE TABLE dur_io_cases (st duration_state);
INSERT INTO dur_io_cases VALUES ('v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'),
    ('v1 accuracy=0.5 n=3 sum=0 min=0 max=0 zero=3'),
    ('v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775.807 min=0.001 max=0.001 zero=0 -345:9223372036854775807'),
    ('v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807000000000000 min=1000000000000 max=1000000000000 zero=0 1382:9223372036854775807');
INSERT INTO dur_io_cases SELECT duration_agg(x, a)
FROM generate_series(1, 2000) AS i, unnest('{0.0001, 0.01, 0.3}'::float8[]) AS a,
     LATERAL (SELECT (i * 7919 % 2000) * 3.7 AS x) AS v GROUP BY a;
INSERT INTO dur_io_cases SELECT duration_agg(make_interval(secs => (abs(hashint4(i)) % 100000) * (1 + abs(hashint4(i + 7)) % 97) / 10.0))
FROM generate_series(1, 50000) AS i GROUP BY i % 50;
CREATE TABLE dur_io_back (st duration_state);
SELECT pg_temp.copy_binary('dur_io_cases', 'dur_io_back') AS copy;
SELECT count(*) AS states, count(*) FILTER (WHERE a.st::text = b.st::text) AS identical,
       count(*) FILTER (WHERE a.st::text::duration_state::text = a.st::text) AS text_identical
FROM (SELECT st, row_number() OVER () AS i FROM dur_io_cases) a
JOIN (SELECT st, row_number() OVER () AS i FROM dur_io_back) b USING (i);

DROP TABLE dur_bin_src, dur_bin_dst, dur_io_cases, dur_io_back;
