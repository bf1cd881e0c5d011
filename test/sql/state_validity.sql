-- The input validity rule (issue 19): text and binary input of every type
-- accept exactly the states that aggregation can produce, within the
-- rounding of floating-point sums.  For each rule, a value just inside it
-- (read, and shown in its canonical form) and one just outside (22P02 in
-- text, 22P03 in binary, with a detail naming the value); and where
-- aggregation itself reaches a boundary, the state it makes.  The rules,
-- type by type, are in docs/formats.md ("Validity").
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql

-- text_input(input, type): the value's canonical text, or the error
CREATE FUNCTION pg_temp.text_input(input text, typ regtype) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE format('SELECT %L::%s::text', input, typ) INTO result;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    RETURN pg_temp.error_of(format('SELECT %L::%s', input, typ));
END $$;

-------------------------------------------------------------------------------
-- rating_state.  Counts: a total within the 64-bit range.  Weighted: for a
-- rating with c responses whose weights sum to W, the squared weights sum to
-- between W^2 / c (equal weights) and W^2 (one weight holds it all); the sum
-- of squared weights lies between the sums of these over the ratings, within
-- (n + 16) * 2.2e-16 relative (n responses) and the underflow of squares.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'rating_state') AS result FROM (VALUES
    ('total at the 64-bit limit', 'v1 0:9223372036854775806 10:1'),
    ('total beyond it', 'v1 0:9223372036854775807 10:1'),
    ('2 responses weighing 1: sumsq 1/2 (equal weights)', 'v1 weighted sumsq=0.5 5:2:1'),
    ('sumsq 1 ulp below 1/2: rounding', 'v1 weighted sumsq=0.49999999999999994 5:2:1'),
    ('sumsq 1e-14 below 1/2', 'v1 weighted sumsq=0.49999999999999 5:2:1'),
    ('sumsq 1 (one weight holds it all)', 'v1 weighted sumsq=1 5:2:1'),
    ('sumsq 1 ulp above 1: rounding', 'v1 weighted sumsq=1.0000000000000002 5:2:1'),
    ('sumsq 1e-14 above 1: rounding', 'v1 weighted sumsq=1.00000000000001 5:2:1'),
    ('sumsq 1e-13 above 1', 'v1 weighted sumsq=1.0000000000001 5:2:1'),
    ('two ratings: 1/2 + 4/3 to 1 + 4', 'v1 weighted sumsq=1.8333333333333333 5:2:1 9:3:2'),
    ('two ratings: below 1/2 + 4/3', 'v1 weighted sumsq=1.8333 5:2:1 9:3:2'),
    ('two ratings: above 1 + 4', 'v1 weighted sumsq=5.0001 5:2:1 9:3:2'),
    ('zero weights, sumsq 0', 'v1 weighted sumsq=0 5:2:0'),
    ('zero weights, sumsq of an underflow', 'v1 weighted sumsq=5e-324 5:2:0'),
    ('zero weights, sumsq not 0', 'v1 weighted sumsq=1e-300 5:2:0'),
    ('tiny weights: squares underflow to 0', 'v1 weighted sumsq=0 5:2:1e-200'),
    ('the largest weight, 1.3407807929942596e154', 'v1 weighted sumsq=1.7976931348623155e308 5:1:1.3407807929942596e154'),
    ('a weight whose square overflows', 'v1 weighted sumsq=1.7976931348623157e308 5:1:1.3407807929942597e154'),
    ('-0 reads as 0', 'v1 weighted sumsq=-0 5:2:-0')
) AS t(rule, input);
-- aggregation reaches both ends: equal weights, and one weight with the rest 0
SELECT nps_agg(5, 0.25) AS equal_weights, nps_agg(5, CASE WHEN i = 1 THEN 1.0 ELSE 0 END) AS one_weight,
       nps_agg(5, 1.3407807929942596e154) FILTER (WHERE i = 1) AS largest_weight
FROM generate_series(1, 4) AS i;
SELECT nps_agg(5, 1.3407807929942597e154);
-- binary: the sum of squared weights (bytes 178-185) of 'v1 weighted sumsq=0.5 5:2:1'
SELECT rule, pg_temp.binary_input(overlay(rating_state_send('v1 weighted sumsq=0.5 5:2:1')
                                          PLACING float8send(sumsq) FROM 179 FOR 8), 'rating_state') AS result
FROM (VALUES ('sumsq 1/2', 0.5::float8), ('sumsq 1e-14 below', 0.49999999999999),
             ('sumsq 1', 1), ('sumsq 1e-13 above', 1.0000000000001)) AS t(rule, sumsq);

-------------------------------------------------------------------------------
-- dimension_state.  n answers between min and max, both among them: the sum
-- between (n - 1) min + max and min + (n - 1) max; m2 between the spread of
-- the other answers all at the mean of the rest and all at min or max but
-- one; one answer: sum = min = max, m2 = 0; min = max: m2 0 (within the
-- rounding of the scores).  Here 4 answers from 0 to 1 with sum 2 (mean
-- 1/2): m2 from 1/2 (0, 1/2, 1/2, 1) to 1 (0, 0, 1, 1).
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'dimension_state') AS result FROM (VALUES
    ('m2 1/2: the least', 'v1 (4 2 0.5 0 1)'),
    ('m2 below', 'v1 (4 2 0.4999999 0 1)'),
    ('m2 1: the most', 'v1 (4 2 1 0 1)'),
    ('m2 above', 'v1 (4 2 1.0000001 0 1)'),
    ('sum 1: the least (0, 0, 0, 1), m2 3/4', 'v1 (4 1 0.75 0 1)'),
    ('sum below', 'v1 (4 0.9999999 0.75 0 1)'),
    ('sum 3: the most (0, 1, 1, 1), m2 3/4', 'v1 (4 3 0.75 0 1)'),
    ('sum above', 'v1 (4 3.0000001 0.75 0 1)'),
    ('3 answers, sum 1.5: only (0, 1/2, 1) and m2 1/2', 'v1 (3 1.5 0.5 0 1)'),
    ('3 answers, sum 1.5, m2 above', 'v1 (3 1.5 0.5000001 0 1)'),
    ('one answer', 'v1 (1 5 0 5 5)'),
    ('one answer, max not the sum', 'v1 (1 5 0 5 5.0000001)'),
    ('all answers equal', 'v1 (3 6 0 2 2)'),
    ('all answers equal, m2 not 0', 'v1 (3 6 1e-9 2 2)'),
    ('a spread whose m2 overflows', 'v1 (2 0 1e308 -1e200 1e200)'),
    ('named: the same rules', 'v1 "speed" (4 2 1.0000001 0 1)')
) AS t(rule, input);
SELECT dimension_agg(ARRAY[x]) AS least_m2, (SELECT dimension_agg(ARRAY[y]) FROM unnest(ARRAY[0, 0, 1, 1]::float8[]) y) AS most_m2
FROM unnest(ARRAY[0, 0.5, 0.5, 1]::float8[]) x;
-- binary: m2 (bytes 20-27) of 'v1 (4 2 0.5 0 1)'
SELECT rule, pg_temp.binary_input(overlay(dimension_state_send('v1 (4 2 0.5 0 1)')
                                          PLACING float8send(m2) FROM 21 FOR 8), 'dimension_state') AS result
FROM (VALUES ('m2 1/2', 0.5::float8), ('m2 below', 0.4999999), ('m2 1', 1), ('m2 above', 1.0000001)) AS t(rule, m2);

-------------------------------------------------------------------------------
-- paired_state.  Cauchy and Schwarz: c_xy^2 <= m2_x m2_y, with equality for
-- two pairs; m2_d = m2_x + m2_y - 2 c_xy; one pair: every co-moment 0.
-- Here m2_x 1 and m2_y 4: c_xy from -2 to 2.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'paired_state') AS result FROM (VALUES
    ('c_xy 2, m2_d 1', 'v1 gap (3 0 0 1 4 2 1)'),
    ('c_xy beyond 2', 'v1 gap (3 0 0 1 4 2.0000001 0.9999998)'),
    ('c_xy -2, m2_d 9', 'v1 driver (3 0 0 1 4 -2 9)'),
    ('c_xy beyond -2', 'v1 driver (3 0 0 1 4 -2.0000001 9.0000002)'),
    ('m2_d = m2_x + m2_y - 2 c_xy', 'v1 gap (3 0 0 1 4 0 5)'),
    ('m2_d off', 'v1 gap (3 0 0 1 4 0 5.0000001)'),
    ('two pairs: c_xy +-2 only', 'v1 gap (2 0 0 1 4 -2 9)'),
    ('two pairs: c_xy inside', 'v1 gap (2 0 0 1 4 1.9999999 1.0000002)'),
    ('one pair', 'v1 gap (1 3 4 0 0 0 0)'),
    ('one pair, a co-moment not 0', 'v1 gap (1 3 4 0 0 1e-300 0)')
) AS t(rule, input);
-- pairs on a line reach c_xy = +-sqrt(m2_x m2_y), and read back
SELECT gap_agg(ARRAY[x], ARRAY[2 * x]) AS on_a_line,
       gap_agg(ARRAY[x], ARRAY[2 * x])::text::paired_state::text = gap_agg(ARRAY[x], ARRAY[2 * x])::text AS reads_back,
       gap_agg(ARRAY[x], ARRAY[-2 * x]) AS on_the_other
FROM unnest(ARRAY[-1, 0, 1]) v, LATERAL (SELECT v / sqrt(2) AS x) s;
-- binary: c_xy (bytes 44-51) of 'v1 gap (3 0 0 1 4 2 1)'
SELECT rule, pg_temp.binary_input(overlay(paired_state_send('v1 gap (3 0 0 1 4 2 1)')
                                          PLACING float8send(c_xy) FROM 45 FOR 8), 'paired_state') AS result
FROM (VALUES ('c_xy 2', 2::float8), ('c_xy beyond 2', 2.0000001)) AS t(rule, c_xy);

-------------------------------------------------------------------------------
-- duration_state.  The sum between (n - 1) min + max and min + (n - 1) max,
-- and between the shortest and longest durations the buckets hold (within
-- min and max, edges widened by 1e-9).  Here 1 s in bucket 0 and two
-- durations of at most 2 s in bucket 35, which starts after 1.973921 s.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'duration_state') AS result FROM (VALUES
    ('sum 4.947842: the least', 'v1 accuracy=0.01 n=3 sum=4.947842 min=1 max=2 zero=0 0:1 35:2'),
    ('1 microsecond less', 'v1 accuracy=0.01 n=3 sum=4.947841 min=1 max=2 zero=0 0:1 35:2'),
    ('sum 5: the most', 'v1 accuracy=0.01 n=3 sum=5 min=1 max=2 zero=0 0:1 35:2'),
    ('1 microsecond more', 'v1 accuracy=0.01 n=3 sum=5.000001 min=1 max=2 zero=0 0:1 35:2'),
    ('two durations: sum = min + max', 'v1 accuracy=0.01 n=2 sum=3 min=1 max=2 zero=0 0:1 35:1'),
    ('sum beyond min + max', 'v1 accuracy=0.01 n=2 sum=3.000001 min=1 max=2 zero=0 0:1 35:1'),
    ('a zero duration, the shortest of the buckets: 0.980198 + 1.973921', 'v1 accuracy=0.01 n=3 sum=2.954119 min=0 max=2 zero=1 0:1 35:1'),
    ('1 microsecond less', 'v1 accuracy=0.01 n=3 sum=2.954118 min=0 max=2 zero=1 0:1 35:1')
) AS t(rule, input);
-- binary: the low 64 bits of the sum in microseconds (bytes 49-56)
SELECT rule, pg_temp.binary_input(overlay(duration_state_send('v1 accuracy=0.01 n=3 sum=5 min=1 max=2 zero=0 0:1 35:2')
                                          PLACING int8send(sum_us) FROM 50 FOR 8), 'duration_state') AS result
FROM (VALUES ('sum 4.947842', 4947842), ('sum 4.947841', 4947841), ('sum 5.000001', 5000001)) AS t(rule, sum_us);

-------------------------------------------------------------------------------
-- proportion_state: 0 <= successes <= trials.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'proportion_state') AS result FROM (VALUES
    ('as many successes as trials', 'v1 5/5'),
    ('one more success', 'v1 6/5'),
    ('the largest counts', 'v1 9223372036854775807/9223372036854775807'),
    ('negative successes', 'v1 -1/5')
) AS t(rule, input);
SELECT rule, pg_temp.binary_input(overlay(proportion_state_send('v1 5/5') PLACING int8send(successes) FROM 2 FOR 8),
                                  'proportion_state') AS result
FROM (VALUES ('successes 5', 5), ('successes 6', 6)) AS t(rule, successes);

-------------------------------------------------------------------------------
-- timeline_state and timeline_set: what timeline_agg can hold, at most 64
-- distinct stages and 4096 distinct events (timeline_agg stops there too,
-- with 54000), stage names of at most 255 bytes, finite times; a set's
-- cases each hold an event, at most 255 stage names over the set.
-------------------------------------------------------------------------------
SELECT rule, left(pg_temp.text_input(input, typ), 120) AS result FROM (VALUES
    ('64 stages', 'timeline_state'::regtype,
     'v1 ' || (SELECT string_agg(format('2026-03-02 09:00:00+00 "s%s"', i), ', ') FROM generate_series(1, 64) i)),
    ('65 stages', 'timeline_state',
     'v1 ' || (SELECT string_agg(format('2026-03-02 09:00:00+00 "s%s"', i), ', ') FROM generate_series(1, 65) i)),
    ('a name of 255 bytes', 'timeline_state', format('v1 2026-03-02 09:00:00+00 "%s"', repeat('x', 255))),
    ('a name of 256 bytes', 'timeline_state', format('v1 2026-03-02 09:00:00+00 "%s"', repeat('x', 256))),
    ('an infinite time', 'timeline_state', 'v1 infinity "requested"'),
    ('a case without events', 'timeline_set', 'v1 7 ()'),
    ('255 stage names in a set', 'timeline_set',
     'v1 ' || (SELECT string_agg(format('%s (2026-03-02 09:00:00+00 "s%s")', i, i), ', ') FROM generate_series(1, 255) i)),
    ('256 stage names in a set', 'timeline_set',
     'v1 ' || (SELECT string_agg(format('%s (2026-03-02 09:00:00+00 "s%s")', i, i), ', ') FROM generate_series(1, 256) i))
) AS t(rule, typ, input);
SELECT pg_temp.error_of($$SELECT timeline_agg('s' || i, timestamptz '2026-03-02 09:00+00') FROM generate_series(1, 65) i$$)
    AS aggregating_65_stages;

-------------------------------------------------------------------------------
-- business_calendar: no aggregation makes one; its input takes what its
-- rules allow (docs/formats.md): spans 0 <= start < end <= 24:00, dates
-- 0001-01-01 to 9999-12-31, ranges whose last date is not before the first,
-- versions in ascending order of their dates.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'business_calendar') AS result FROM (VALUES
    ('a span to 24:00', 'v1 tz=UTC mon=09:00-24:00'),
    ('a span to 24:00:01', 'v1 tz=UTC mon=09:00-24:00:01'),
    ('a span of one second', 'v1 tz=UTC mon=09:00-09:00:01'),
    ('a span of none', 'v1 tz=UTC mon=09:00-09:00'),
    ('the first and last dates', 'v1 tz=UTC holidays=0001-01-01,9999-12-31'),
    ('a date after 9999-12-31', 'v1 tz=UTC holidays=10000-01-01'),
    ('a range of one day', 'v1 tz=UTC holidays=2026-03-02..2026-03-02'),
    ('a range ending before it starts', 'v1 tz=UTC holidays=2026-03-02..2026-03-01'),
    ('versions a day apart', 'v2 tz=UTC mon=09:00-17:00 from=2026-06-01 tue=09:00-17:00 from=2026-06-02 wed=09:00-17:00'),
    ('versions on the same day', 'v2 tz=UTC mon=09:00-17:00 from=2026-06-01 tue=09:00-17:00 from=2026-06-01 wed=09:00-17:00')
) AS t(rule, input);
-- binary: Monday's span ends at byte 16 (1-based; version, flags, zone
-- length and "UTC", Monday's count, the start), the holiday's dates at
-- bytes 40 and 44 (after seven weekday counts and the holiday count)
SELECT rule, pg_temp.binary_input(overlay(business_calendar_send('v1 tz=UTC mon=09:00-24:00') PLACING int4send(seconds) FROM 16 FOR 4),
                                  'business_calendar') AS result
FROM (VALUES ('a span to 86400 seconds', 86400), ('a span to 86401 seconds', 86401)) AS t(rule, seconds);
SELECT rule, pg_temp.binary_input(overlay(overlay(business_calendar_send('v1 tz=UTC holidays=9999-12-31') PLACING int4send(day) FROM 40 FOR 4)
                                          PLACING int4send(day) FROM 44 FOR 4),
                                  'business_calendar') AS result
FROM (VALUES ('day 2921939 (9999-12-31)', 2921939), ('day 2921940', 2921940)) AS t(rule, day);
