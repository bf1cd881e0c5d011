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
-- near the top of the range, W * (W / c) rounds past it where aggregation
-- summed the squares to a finite value: such states read back, in text and
-- binary (0.1.0 made them too), and compare a quarter of each side
SELECT s AS state, pg_temp.text_input(s::text, 'rating_state') = s::text AS text_reads_back,
       pg_temp.binary_input(rating_state_send(s), 'rating_state') = s::text AS binary_reads_back
FROM (VALUES (9, 5, 5.996153992122477e153::float8), (9, 6, 5.473714666266891e153),
             (3, 10, 4.239921148868592e153)) AS v(score, rows, weight),
     LATERAL (SELECT nps_agg(r.score, r.weight) AS s
              FROM (SELECT v.score, v.weight FROM generate_series(1, v.rows)) AS r) AS a;
-- there, a sum of squares below the least is still refused, as is a least
-- past the range, which no sum of squares reaches (also with 10^16 rows,
-- where the rounding allowance reaches 1)
SELECT rule, pg_temp.text_input(input, 'rating_state') AS result FROM (VALUES
    ('sumsq 1 with the weights of five of 5.996e153', 'v1 weighted sumsq=1 9:5:2.9980769960612387e+154'),
    ('a least past the range in 10^16 rows', 'v1 weighted sumsq=1 9:10000000000000000:1e170')
) AS t(rule, input);
SELECT pg_temp.text_input('v1 weighted sumsq=1 "a":10000000000000000:1e170', 'category_state') AS category_least_past_the_range;
-- and Kish's effective size of such a state is its number of rows, as with
-- equal unit weights: (sum w)^2 overflows, sum w / sqrt(sum w^2) does not
SELECT round(nps_effective_n(h)::numeric, 9) AS effective_n, nps_effective_n(u) AS unit_weights,
       abs(nps_stderr(h) - nps_stderr(u)) < 1e-9 AS same_stderr,
       abs((nps_ci(h)).lower - (nps_ci(u)).lower) < 1e-9 AS same_interval,
       (SELECT bool_and(abs(x.lower - y.lower) < 1e-9 AND abs(x.upper - y.upper) < 1e-9)
        FROM category_shares(hc) AS x JOIN category_shares(uc) AS y USING (category)) AS same_category_intervals
FROM (SELECT nps_agg(score, 3e153) AS h, nps_agg(score, 1.0) AS u,
             category_agg(score::text, 3e153) AS hc, category_agg(score::text) AS uc
      FROM (VALUES (10), (9), (9), (7), (2)) AS v(score)) AS s;
-- binary: the sum of squared weights (bytes 178-185) of 'v1 weighted sumsq=0.5 5:2:1'
SELECT rule, pg_temp.binary_input(overlay(rating_state_send('v1 weighted sumsq=0.5 5:2:1')
                                          PLACING float8send(sumsq) FROM 179 FOR 8), 'rating_state') AS result
FROM (VALUES ('sumsq 1/2', 0.5::float8), ('sumsq 1e-14 below', 0.49999999999999),
             ('sumsq 1', 1), ('sumsq 1e-13 above', 1.0000000000001)) AS t(rule, sumsq);
-- binary: the flags (byte 2) of 'v1 9:2', only the weighted bit (1) known,
-- which needs the weights after the counts; another bit is refused
SELECT rule, pg_temp.binary_input(overlay(rating_state_send('v1 9:2') PLACING flags FROM 2 FOR 1), 'rating_state') AS result
FROM (VALUES ('flags 0', '\x00'::bytea), ('flags 1 without weights', '\x01'), ('flags 2', '\x02'),
             ('flags 0x80', '\x80')) AS t(rule, flags);

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
-- a negative sum (all 128 bits: high 64 at bytes 42-49) is named with its
-- sign, as any other sum below the least
SELECT rule, pg_temp.binary_input(overlay(duration_state_send('v1 accuracy=0.01 n=3 sum=5 min=1 max=2 zero=0 0:1 35:2')
                                          PLACING int8send(-1) || int8send(sum_us) FROM 42 FOR 16), 'duration_state') AS result
FROM (VALUES ('sum -0.000001', -1), ('sum -2.5', -2500000)) AS t(rule, sum_us);

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
-- binary: a set's case count (bytes 2-5) of 'v1 17 (2026-03-01 10:00:00+00
-- "requested")' (0 leaves its case as trailing bytes), and its case 17
-- (bytes 6-13) with an empty timeline, which text spells "17 ()"
SELECT rule, pg_temp.binary_input(overlay(timeline_set_send('v1 17 (2026-03-01 10:00:00+00 "requested")') PLACING int4send(n) FROM 2 FOR 4),
                                  'timeline_set') AS result
FROM (VALUES ('1 case', 1), ('0 cases', 0), ('-1 cases', -1)) AS t(rule, n);
SELECT pg_temp.binary_input(substr(timeline_set_send('v1 17 (2026-03-01 10:00:00+00 "requested")'), 1, 13)
                            || timeline_state_send('v1'), 'timeline_set') AS a_case_without_events;

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
-- binary: a dated item whose hours hold no span, which text cannot spell
-- (a single date and a range): its last date (days since 2000-01-01) and
-- span count 1, 09:00-12:00 (32400-43200 s), made a count of 0
SELECT rule, pg_temp.binary_input(decode(replace(encode(business_calendar_send(input), 'hex'),
                                                 encode(int4send(last) || int4send(1) || int4send(32400) || int4send(43200), 'hex'),
                                                 encode(int4send(last) || int4send(0), 'hex')), 'hex'),
                                  'business_calendar') AS result
FROM (VALUES ('a date', 'v2 tz=UTC mon-fri=09:00-17:00 2026-12-24=09:00-12:00'::business_calendar, date '2026-12-24' - date '2000-01-01'),
             ('a range', 'v2 tz=UTC mon-fri=09:00-17:00 2026-12-24..2026-12-26=09:00-12:00', date '2026-12-26' - date '2000-01-01')
) AS t(rule, input, last);

-------------------------------------------------------------------------------
-- paired_state of named dimensions (gap_agg of long rows): the same rules
-- per dimension, and each name once.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'paired_state') AS result FROM (VALUES
    ('c_xy 2, m2_d 1', 'v1 gap "speed" (3 0 0 1 4 2 1) "attitude" (0)'),
    ('c_xy beyond 2', 'v1 gap "speed" (3 0 0 1 4 2.0000001 0.9999998) "attitude" (0)'),
    ('m2_d off', 'v1 gap "attitude" (0) "speed" (3 0 0 1 4 0 5.0000001)'),
    ('one pair, a co-moment not 0', 'v1 gap "speed" (1 3 4 0 0 1e-300 0)'),
    ('a name twice', 'v1 gap "speed" (1 3 4 0 0 0 0) "speed" (0)')
) AS t(rule, input);
-- binary: c_xy (bytes 51-58: after the name's length byte and 6 bytes) of
-- 'v1 gap "speed" (3 0 0 1 4 2 1)'
SELECT rule, pg_temp.binary_input(overlay(paired_state_send('v1 gap "speed" (3 0 0 1 4 2 1)')
                                          PLACING float8send(c_xy) FROM 51 FOR 8), 'paired_state') AS result
FROM (VALUES ('c_xy 2', 2::float8), ('c_xy beyond 2', 2.0000001)) AS t(rule, c_xy);

-------------------------------------------------------------------------------
-- moment_state.  n, incomplete >= 0; the total weight finite, >= 0, and 0
-- without responses; without weight every mean and co-moment 0; one
-- response: every co-moment 0 (exactly); sums of squares >= 0; Cauchy and
-- Schwarz, |c_ij| <= sqrt(c_ii c_jj) to a relative 1e-9.  Here one
-- dimension and the overall score, c_11 1 and c_yy 4: c_1y from -2 to 2.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'moment_state') AS result FROM (VALUES
    ('c_1y 2 (on a line)', 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 2 4)'),
    ('c_1y -2', 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 -2 4)'),
    ('c_1y 2 (1 + 1e-10): rounding', 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 2.0000000002 4)'),
    ('c_1y 2 (1 + 1e-8)', 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 2.00000002 4)'),
    ('a negative sum of squares', 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(-1e-300 0 4)'),
    ('one response', 'v1 dimensions=1 n=1 weight=2.5 incomplete=4 mean=(3 4) comoment=(0 0 0)'),
    ('one response, a sum of squares not 0', 'v1 dimensions=1 n=1 weight=2.5 incomplete=0 mean=(3 4) comoment=(5e-324 0 0)'),
    ('one response, a co-moment not 0', 'v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(3 4) comoment=(0 -1e-300 0)'),
    ('two responses, on a line', 'v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1.5 3) comoment=(0.5 1 2)'),
    ('responses without weight', 'v1 dimensions=1 n=2 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('without weight, a mean not 0', 'v1 dimensions=1 n=2 weight=0 incomplete=0 mean=(1 0) comoment=(0 0 0)'),
    ('no responses, a weight', 'v1 dimensions=1 n=0 weight=1 incomplete=0 mean=(0 0) comoment=(0 0 0)'),
    ('a negative incomplete count', 'v1 dimensions=1 n=0 weight=0 incomplete=-1 mean=(0 0) comoment=(0 0 0)'),
    ('-0 reads as 0', 'v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(-0 -0) comoment=(-0 -0 -0)')
) AS t(rule, input);
-- aggregation reaches the boundaries: one response (every co-moment 0) and
-- two on a line (c_1y^2 = c_11 c_yy); a score of -0 gives a mean of 0, the
-- bytes binary input reads from its text, also in a pending response (the
-- transition function of long rows, called directly, keeps it pending)
SELECT moment_agg(y, ARRAY[x]) FILTER (WHERE x = 1) AS one_response, moment_agg(y, ARRAY[x]) AS two_on_a_line
FROM (VALUES (1::float8, 2::float8), (2, 4)) AS t(x, y);
SELECT st AS minus_zero, moment_state_send(st) = moment_state_send(st::text::moment_state) AS same_bytes,
       moment_state_send(st) = moment_state_send('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(0 0) comoment=(0 0 0)') AS zero_bytes
FROM (SELECT moment_agg('-0'::float8, ARRAY['-0'::float8]) AS st) s;
SELECT st AS minus_zero_pending, moment_state_send(st) = moment_state_send(st::text::moment_state) AS same_bytes
FROM (SELECT moment_state_accum(NULL, 7::bigint, 'speed', '-0'::float8, ARRAY['speed'], 'overall') AS st) s;
-- binary: c_1y (bytes 57-64: a 32-byte header, two means, c_11) of
-- 'v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 2 4)',
-- and the first mean (bytes 33-40) as -0
SELECT rule, pg_temp.binary_input(overlay(moment_state_send('v1 dimensions=1 n=3 weight=3 incomplete=0 mean=(0 0) comoment=(1 2 4)')
                                          PLACING float8send(c) FROM 57 FOR 8), 'moment_state') AS result
FROM (VALUES ('c_1y 2', 2::float8), ('c_1y 2 (1 + 1e-8)', 2.00000002)) AS t(rule, c);
SELECT pg_temp.binary_input(overlay(moment_state_send('v1 dimensions=1 n=1 weight=1 incomplete=0 mean=(0 0) comoment=(0 0 0)')
                                    PLACING float8send('-0') FROM 33 FOR 8), 'moment_state') AS minus_zero_mean;
-- binary: a mean not finite (the first, bytes 33-40), which text cannot spell
SELECT rule, pg_temp.binary_input(overlay(moment_state_send('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1 1) comoment=(0.5 0 0)')
                                          PLACING float8send(m) FROM 33 FOR 8), 'moment_state') AS result
FROM (VALUES ('mean 1', 1::float8), ('mean Infinity', 'Infinity'), ('mean -Infinity', '-Infinity'),
             ('mean NaN', 'NaN')) AS t(rule, m);

-------------------------------------------------------------------------------
-- outcome_state: on each side 0 <= outcomes <= trials, counts up to the
-- 64-bit limit (outcome_agg stops there, with 22003).
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'outcome_state') AS result FROM (VALUES
    ('outcomes = trials', 'v1 exposed=5/5 unexposed=0/0'),
    ('exposed outcomes beyond trials', 'v1 exposed=6/5 unexposed=0/0'),
    ('unexposed outcomes beyond trials', 'v1 exposed=0/0 unexposed=1/0'),
    ('a negative count', 'v1 exposed=0/0 unexposed=-1/3'),
    ('the 64-bit limit', 'v1 exposed=9223372036854775807/9223372036854775807 unexposed=0/9223372036854775807')
) AS t(rule, input);
SELECT outcome_agg(true, i <= 3) AS three_of_three, outcome_agg(false, NULL) AS skipped FROM generate_series(1, 3) i;
-- binary: the exposed outcomes (bytes 2-9) of 'v1 exposed=5/5 unexposed=0/0'
SELECT rule, pg_temp.binary_input(overlay(outcome_state_send('v1 exposed=5/5 unexposed=0/0')
                                          PLACING int8send(x) FROM 2 FOR 8), 'outcome_state') AS result
FROM (VALUES ('5 of 5', 5::bigint), ('6 of 5', 6), ('-1 of 5', -1)) AS t(rule, x);

-------------------------------------------------------------------------------
-- duration_outcome_state: 1 to 1000 edges, increasing, 0 to 10^12 s; per
-- bucket 0 <= outcomes <= trials.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'duration_outcome_state') AS result FROM (VALUES
    ('edges 0 and 10^12 s', 'v1 edges=0,1000000000000 0/0 3/3 0/1'),
    ('an edge beyond 10^12 s', 'v1 edges=1000000000000.000001 0/0 0/0'),
    ('edges equal', 'v1 edges=60,60 0/0 0/0 0/0'),
    ('edges decreasing', 'v1 edges=60,59.999999 0/0 0/0 0/0'),
    ('outcomes beyond trials', 'v1 edges=60 4/3 0/0'),
    ('a negative count', 'v1 edges=60 0/-1 0/0')
) AS t(rule, input);
-- binary: the first edge (bytes 6-13, in microseconds) of
-- 'v1 edges=60,3600 0/0 0/0 0/0', and the first bucket's outcomes (bytes 22-29)
SELECT rule, pg_temp.binary_input(overlay(duration_outcome_state_send('v1 edges=60,3600 0/0 0/0 0/0')
                                          PLACING int8send(us) FROM 6 FOR 8), 'duration_outcome_state') AS result
FROM (VALUES ('edge 0', 0::bigint), ('edge 3599.999999 s', 3599999999), ('edge 3600 s', 3600000000),
             ('edge -1 us', -1)) AS t(rule, us);
SELECT rule, pg_temp.binary_input(overlay(duration_outcome_state_send('v1 edges=60,3600 2/2 0/0 0/0')
                                          PLACING int8send(x) FROM 22 FOR 8), 'duration_outcome_state') AS result
FROM (VALUES ('2 of 2', 2::bigint), ('3 of 2', 3)) AS t(rule, x);

-------------------------------------------------------------------------------
-- funnel_state: per stage 0 < reached <= cases (a stage seen was reached),
-- starts and ends at most reached, one time per case that reached it; a
-- transition between two stages with 1 <= cases <= moves; sequences counted
-- 1 to cases times, their counts at most the cases; cases >= 0.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'funnel_state') AS result FROM (VALUES
    ('no cases', 'v1 cases=0 stages=seen clock=calendar'),
    ('negative cases', 'v1 cases=-1 stages=seen clock=calendar'),
    ('a stage reached by every case', 'v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1'),
    ('a stage reached by more cases than there are', 'v1 cases=1 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) sequence 1 cases=1'),
    ('a stage seen reached by no case', 'v1 cases=1 stages=seen clock=calendar stage "a" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0) sequence - cases=1'),
    ('times not one per case', 'v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) sequence 1 cases=1'),
    ('a sequence counted more often than the cases', 'v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=2'),
    ('a transition with more cases than moves', 'v1 cases=2 stages=seen clock=calendar stage "opened" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=60 min=0 max=60 zero=1 205:1) stage "solved" reached=1 positions=1 starts=0 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) transition 1>2 count=1 cases=2 sequence 1 cases=1 sequence 1>2 cases=1')
) AS t(rule, input);
-- aggregation makes the third of these: one case with one event
SELECT funnel_agg(tl) FROM (SELECT timeline_agg('a', timestamptz '2026-03-02 09:00+00') AS tl) t;
-- binary: the cases (bytes 4-11) of a funnel without stages; the cases
-- (bytes 9-16) and the first stage's reached (bytes 17-24) of the one-stage
-- funnel above (version, flags, 1 stage name of 4 + 1 bytes)
SELECT rule, pg_temp.binary_input(overlay(funnel_state_send('v1 cases=0 stages=seen clock=calendar')
                                          PLACING int8send(x) FROM 4 FOR 8), 'funnel_state') AS result
FROM (VALUES ('0 cases', 0::bigint), ('-1 cases', -1)) AS t(rule, x);
SELECT rule, pg_temp.binary_input(overlay(funnel_state_send('v1 cases=1 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1) sequence 1 cases=1')
                                          PLACING int8send(x) FROM k FOR 8), 'funnel_state') AS result
FROM (VALUES ('1 case', 1::bigint, 9), ('0 cases', 0, 9), ('reached 1', 1, 17), ('reached 2', 2, 17)) AS t(rule, x, k);
-- binary: the sequences of states aggregation made, changed where text
-- refuses them too (funnel_errors.sql).  The sequences come last: their
-- number (4 bytes), then each one's length, truncated byte, stages (from
-- 0) and count (8 bytes); transitions are from, to, count, cases.
--   cases a>b and a>b>a: sequences "a" and "a>b" reach b once, not twice;
--     "a>b" twice and "a>b>a" count 3 of 2 cases; a sequence of 33 stages
--     (a>b ... a, not truncated);
--   cases a>b>a>b and a>b: sequences "a>b" twice do not make 3 moves a>b;
--   cases a>b>a and c>b>c>b without the transitions a>b and b>a: the
--     sequences make moves not listed
WITH made(made, s) AS (VALUES
    ('a>b, a>b>a', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=1 time=(v1 accuracy=0.01 n=2 sum=7200 min=3600 max=3600 zero=0 410:2) stage "b" reached=2 positions=2 starts=0 ends=1 time=(v1 accuracy=0.01 n=2 sum=3600 min=0 max=3600 zero=1 410:1) transition 1>2 count=2 cases=2 transition 2>1 count=1 cases=1 sequence 1>2 cases=1 sequence 1>2>1 cases=1'),
    ('a>b>a>b, a>b', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=2 positions=0 starts=2 ends=0 time=(v1 accuracy=0.01 n=2 sum=10800 min=3600 max=7200 zero=0 410:1 445:1) stage "b" reached=2 positions=2 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=3600 min=0 max=3600 zero=1 410:1) transition 1>2 count=3 cases=2 transition 2>1 count=1 cases=1 sequence 1>2 cases=1 sequence 1>2>1>2 cases=1'),
    ('a>b>a, c>b>c>b', 'v1 cases=2 stages=seen clock=calendar stage "a" reached=1 positions=0 starts=1 ends=1 time=(v1 accuracy=0.01 n=1 sum=3600 min=3600 max=3600 zero=0 410:1) stage "b" reached=2 positions=2 starts=0 ends=1 time=(v1 accuracy=0.01 n=2 sum=7200 min=3600 max=3600 zero=0 410:2) stage "c" reached=1 positions=0 starts=1 ends=0 time=(v1 accuracy=0.01 n=1 sum=7200 min=7200 max=7200 zero=0 445:1) transition 1>2 count=1 cases=1 transition 2>1 count=1 cases=1 transition 2>3 count=1 cases=1 transition 3>2 count=2 cases=1 sequence 1>2>1 cases=1 sequence 3>2>3>2 cases=1')
)
SELECT made, change, CASE r WHEN s THEN 'reads back' ELSE r END AS result
FROM made JOIN (VALUES
    (1, 'a>b, a>b>a', 'none', ''::bytea, ''::bytea),
    (2, 'a>b, a>b>a', 'sequences a, a>b', int4send(2) || '\x02000001'::bytea || int8send(1) || '\x0300000100'::bytea || int8send(1),
     int4send(2) || '\x010000'::bytea || int8send(1) || '\x02000001'::bytea || int8send(1)),
    (3, 'a>b, a>b>a', 'a>b for 2 cases', int4send(2) || '\x02000001'::bytea || int8send(1),
     int4send(2) || '\x02000001'::bytea || int8send(2)),
    (4, 'a>b, a>b>a', 'a sequence of 33 stages', '\x0300000100'::bytea || int8send(1),
     '\x2100'::bytea || decode(repeat('0001', 16) || '00', 'hex') || int8send(1)),
    (5, 'a>b>a>b, a>b', 'none', ''::bytea, ''::bytea),
    (6, 'a>b>a>b, a>b', 'the sequence a>b for both', int4send(2) || '\x02000001'::bytea || int8send(1) || '\x040000010001'::bytea || int8send(1),
     int4send(1) || '\x02000001'::bytea || int8send(2)),
    (7, 'a>b>a, c>b>c>b', 'none', ''::bytea, ''::bytea),
    (8, 'a>b>a, c>b>c>b', 'without the transitions a>b, b>a',
     int4send(4) || '\x0001'::bytea || int8send(1) || int8send(1) || '\x0100'::bytea || int8send(1) || int8send(1), int4send(2))
) AS t(k, made, change, old, new) USING (made),
LATERAL (SELECT pg_temp.binary_input(decode(replace(encode(funnel_state_send(s::funnel_state), 'hex'), encode(old, 'hex'), encode(new, 'hex')), 'hex'),
                                     'funnel_state') AS r) AS x
ORDER BY k;

-------------------------------------------------------------------------------
-- contact_state: an episode holds 1 or more contacts, its times in the order
-- start <= first <= last (first < last only with 2 or more contacts), its
-- start its first contact minus the window and its span at most (count - 1)
-- windows (calendar time); two episodes of a customer and topic neither
-- overlap nor touch.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'contact_state') AS result FROM (VALUES
    ('one contact', 'v1 within=86400000000 customers=bigint ("t" 1 1 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00)'),
    ('no contacts', 'v1 within=86400000000 customers=bigint ("t" 1 0 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00)'),
    ('one contact, last after first', 'v1 within=86400000000 customers=bigint ("t" 1 1 2026-03-02 10:00:00+00 2026-03-02 10:00:01+00)'),
    ('two contacts, last after first', 'v1 within=86400000000 customers=bigint ("t" 1 2 2026-03-02 10:00:00+00 2026-03-02 10:00:01+00)'),
    ('last before first', 'v1 within=86400000000 customers=bigint ("t" 1 2 2026-03-02 10:00:01+00 2026-03-02 10:00:00+00)'),
    ('two episodes a window and 1 s apart', 'v1 within=86400000000 customers=bigint ("t" 1 1 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00) ("t" 1 1 2026-03-03 10:00:01+00 2026-03-03 10:00:01+00)'),
    ('two episodes a window apart', 'v1 within=86400000000 customers=bigint ("t" 1 1 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00) ("t" 1 1 2026-03-03 10:00:00+00 2026-03-03 10:00:00+00)'),
    ('two episodes overlapping', 'v1 within=86400000000 customers=bigint ("t" 1 1 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00) ("t" 1 1 2026-03-02 12:00:00+00 2026-03-02 12:00:00+00)'),
    ('2 contacts 5 months apart in a 1-day window', 'v1 within=86400000000 customers=bigint ("t" 1 2 2026-01-01 00:00:00+00 2026-06-01 00:00:00+00)'),
    ('3 contacts spanning 2 windows', 'v1 within=86400000000 customers=bigint ("t" 1 3 2026-03-02 10:00:00+00 2026-03-04 10:00:00+00)'),
    ('3 contacts spanning 2 windows and 1 s', 'v1 within=86400000000 customers=bigint ("t" 1 3 2026-03-02 10:00:00+00 2026-03-04 10:00:01+00)'),
    ('window 0: contacts at one instant', 'v1 within=0 customers=bigint ("t" 1 5 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00)'),
    ('window 0: contacts 1 s apart', 'v1 within=0 customers=bigint ("t" 1 5 2026-03-02 10:00:00+00 2026-03-02 10:00:01+00)'),
    ('3 contacts in a window of 2^62 us: (count - 1) * window is 2^63', 'v1 within=4611686018427387904 customers=bigint ("t" 1 3 2026-03-02 10:00:00+00 2026-03-02 10:00:01+00)'),
    ('the widest span (beyond 2^63 us) in the largest window and count', 'v1 within=9223372036854775807 customers=bigint ("t" 1 4294967295 4714-11-24 00:00:00+00 BC 294276-12-31 23:59:59+00)'),
    ('the widest span in a window of 1 us', 'v1 within=1 customers=bigint ("t" 1 2 4714-11-24 00:00:00+00 BC 294276-12-31 23:59:59+00)'),
    ('working time: the span is not checked', 'v1 within=3600000000 calendar=ab customers=bigint latest_start=2026-06-01 00:00:00+00 ("t" 1 2 2026-01-01 00:00:00+00 2026-06-01 00:00:00+00 from 2025-12-31 23:00:00+00)')
) AS t(rule, input);
-- the review's repro, rejected where it gave a repeat rate of 0.5; aggregation
-- makes two episodes of those contacts, and no repeat
SELECT pg_temp.error_of($$SELECT contact_repeat_rate('v1 within=86400000000 customers=bigint
    ("t" 1 2 2026-01-01 00:00:00+00 2026-06-01 00:00:00+00)'::contact_state)$$) AS five_months_apart;
SELECT contact_repeat_rate(contact_agg(1::bigint, 't', at, interval '1 day')) AS aggregated
FROM (VALUES (timestamptz '2026-01-01 00:00+00'), ('2026-06-01 00:00+00')) AS v(at);
-- what aggregation makes of contacts a window apart, and a window and 1 s
SELECT contact_agg(1::bigint, 't', at, interval '1 day') AS window_apart
FROM (VALUES (timestamptz '2026-03-02 10:00+00'), ('2026-03-03 10:00+00')) AS v(at);
SELECT contact_agg(1::bigint, 't', at, interval '1 day') AS window_and_1s_apart
FROM (VALUES (timestamptz '2026-03-02 10:00+00'), ('2026-03-03 10:00:01+00')) AS v(at);
-- contacts each a window after the one before reach the span bound: 3 in 2
-- windows, as read above; two states of 2 contacts each, a window apart,
-- join when merged (the second's interval starts at the first's last
-- contact) into 4 contacts in 3 windows, which reads back in both forms
SELECT contact_agg(1::bigint, 't', at, interval '1 day') AS three_a_window_apart
FROM (VALUES (timestamptz '2026-03-02 10:00+00'), ('2026-03-03 10:00+00'), ('2026-03-04 10:00+00')) AS v(at);
CREATE TEMP TABLE joined_contacts AS
SELECT a + b AS s
FROM (SELECT contact_agg(1::bigint, 't', at, interval '1 day') AS a
      FROM (VALUES (timestamptz '2026-03-02 10:00+00'), ('2026-03-03 10:00+00')) AS v(at)) AS x,
     (SELECT contact_agg(1::bigint, 't', at, interval '1 day') AS b
      FROM (VALUES (timestamptz '2026-03-04 10:00+00'), ('2026-03-05 10:00+00')) AS v(at)) AS y;
SELECT s AS joined, s::text::contact_state::text = s::text AS text_reads_back,
       pg_temp.binary_input(contact_state_send(s), 'contact_state') = s::text AS binary_reads_back
FROM joined_contacts;
-- binary: the count (bytes 87-94) of the 3 contacts in 2 windows, as 3 and 2
SELECT rule, pg_temp.binary_input(overlay(contact_state_send('v1 within=86400000000 customers=bigint ("t" 1 3 2026-03-02 10:00:00+00 2026-03-04 10:00:00+00)')
                                          PLACING int8send(x) FROM 88 FOR 8), 'contact_state') AS result
FROM (VALUES ('3 contacts', 3::bigint), ('2 contacts', 2)) AS t(rule, x);
-- binary: the number of keys (bytes 44-47, before the one key: customer 17,
-- topic 0, 1 episode)
SELECT position(int4send(1) || int8send(17) || int4send(0) || int4send(1) IN contact_state_send(s)) AS keys_at,
       pg_temp.binary_input(overlay(contact_state_send(s) PLACING int4send(-1) FROM 44 FOR 4), 'contact_state') AS minus_1_keys
FROM (SELECT 'v1 within=86400000000 customers=bigint ("t" 17 1 2026-03-02 10:00:00+00 2026-03-02 10:00:00+00)'::contact_state AS s) AS x;

-------------------------------------------------------------------------------
-- category_state: every category counted at least once, listed once, the
-- counts' total within the 64-bit range; sums of weights finite and at
-- least 0, and the sum of squared weights between the sums over the
-- categories of W^2 / c and W^2, within rounding, as for rating_state.
-------------------------------------------------------------------------------
SELECT rule, input, pg_temp.text_input(input, 'category_state') AS result FROM (VALUES
    ('a count of 1', 'v1 "a":1'),
    ('a count of 0', 'v1 "a":0'),
    ('a category listed twice', 'v1 "a":1 "a":2'),
    ('total at the 64-bit limit', 'v1 "a":9223372036854775806 "b":1'),
    ('total beyond it', 'v1 "a":9223372036854775807 "b":1'),
    ('a weight of 0', 'v1 weighted sumsq=0 "a":1:0'),
    ('a negative weight', 'v1 weighted sumsq=0 "a":1:-0.25'),
    ('an infinite weight (not a number to the parser)', 'v1 weighted sumsq=0 "a":1:Infinity'),
    ('one row each weighing 1: sumsq 2', 'v1 weighted sumsq=2 "a":1:1 "b":1:1'),
    ('sumsq far below 2', 'v1 weighted sumsq=1e-300 "a":1:1 "b":1:1'),
    ('2 rows weighing 2: sumsq 0', 'v1 weighted sumsq=0 "a":2:2'),
    ('a negative sumsq', 'v1 weighted sumsq=-5e-324 "a":1:0'),
    ('with NULL: 1/2 + 4/3 (equal weights)', 'v1 weighted sumsq=1.8333333333333333 "a":2:1 null:3:2'),
    ('with NULL: 1 ulp below 1/2 + 4/3: rounding', 'v1 weighted sumsq=1.833333333333333 "a":2:1 null:3:2'),
    ('with NULL: below 1/2 + 4/3', 'v1 weighted sumsq=1.8333 "a":2:1 null:3:2'),
    ('with NULL: 1 + 4 (one weight holds each)', 'v1 weighted sumsq=5 "a":2:1 null:3:2'),
    ('with NULL: above 1 + 4', 'v1 weighted sumsq=5.0001 "a":2:1 null:3:2'),
    ('zero weights, sumsq of an underflow', 'v1 weighted sumsq=5e-324 "a":2:0'),
    ('zero weights, sumsq not 0', 'v1 weighted sumsq=1e-300 "a":2:0'),
    ('no categories, sumsq 0', 'v1 weighted sumsq=0'),
    ('no categories, sumsq 1', 'v1 weighted sumsq=1'),
    ('tiny weights: squares underflow to 0', 'v1 weighted sumsq=0 "a":2:1e-200'),
    ('the largest weight, 1.3407807929942596e154', 'v1 weighted sumsq=1.7976931348623155e308 "a":1:1.3407807929942596e154'),
    ('a weight whose square overflows', 'v1 weighted sumsq=1 "a":1:1e300'),
    ('-0 reads as 0', 'v1 weighted sumsq=-0 "a":1:-0')
) AS t(rule, input);
-- aggregation reaches both ends: equal weights, and one weight with the rest 0
SELECT category_agg('a', 0) AS zero_weight, category_agg('a', 0.25) AS equal_weights,
       category_agg('a', CASE WHEN i = 1 THEN 1.0 ELSE 0 END) AS one_weight
FROM generate_series(1, 4) AS i;
-- binary: the count (an int64 after the name) of 'v1 "a":1'
SELECT rule, pg_temp.binary_input(overlay(category_state_send('v1 "a":1')
                                          PLACING int8send(x) FROM length(category_state_send('v1 "a":1')) - 7 FOR 8),
                                  'category_state') AS result
FROM (VALUES ('count 1', 1::bigint), ('count 0', 0), ('count -1', -1)) AS t(rule, x);
-- the last count of 'v1 "a":9223372036854775806 "b":1': the total
SELECT rule, pg_temp.binary_input(overlay(p PLACING int8send(x) FROM length(p) - 7 FOR 8), 'category_state') AS result
FROM (SELECT category_state_send('v1 "a":9223372036854775806 "b":1') AS p) AS s,
     (VALUES ('total at the limit', 1::bigint), ('total beyond it', 2)) AS t(rule, x);
-- the sum of squared weights (bytes 2-9) of 'v1 weighted sumsq=2 "a":1:1 "b":1:1'
SELECT rule, pg_temp.binary_input(overlay(category_state_send('v1 weighted sumsq=2 "a":1:1 "b":1:1')
                                          PLACING float8send(sumsq) FROM 3 FOR 8), 'category_state') AS result
FROM (VALUES ('sumsq 2', 2::float8), ('sumsq far below', 1e-300), ('sumsq 1e-13 above', 2.0000000000002),
             ('sumsq -1', -1), ('sumsq NaN', 'NaN')) AS t(rule, sumsq);
-- -0 as the sum of squared weights (bytes 2-9) and as the last weight: 0
SELECT pg_temp.binary_input('\x0101800000000000000000000000', 'category_state') AS empty,
       pg_temp.binary_input(overlay(overlay(p PLACING '\x8000000000000000' FROM 3)
                                    PLACING '\x8000000000000000' FROM length(p) - 7), 'category_state') AS with_a_category
FROM (SELECT category_state_send('v1 weighted sumsq=0 "a":1:0') AS p) AS s;

-- Every state aggregation makes passes input, text and binary: weights that
-- are tiny (squares that underflow, that fall among the subnormals, or that
-- round down there: 2.6e-162 squared is 4.9e-324, less than the square of
-- the sum over the count), huge, spread over 40 orders of magnitude, 0,
-- inexact (1/10 or 1/3 each: the sum of squares at its least, rounded) or
-- all on one row of each category (at its most), with a NULL category,
-- aggregated in one pass, merged from parts in either order, added with +,
-- and from a parallel plan's partial states.
CREATE TABLE cat_weights AS
SELECT f.family, i, CASE WHEN i % 6 = 0 THEN NULL ELSE 'r' || i % 5 END AS reason,
       CASE f.family
           WHEN 'tiny' THEN 1e-200 * (1 + i % 3)
           WHEN 'subnormal squares' THEN 1e-160 * (1 + i % 7) / 7
           WHEN 'squares rounded down' THEN 2.6e-162
           WHEN 'huge' THEN 1e150 * (1 + i % 3)
           WHEN 'spread' THEN CASE WHEN i % 11 = 0 THEN 0 ELSE power(10.0::float8, i % 41 - 20) END
           WHEN 'zero' THEN 0
           WHEN 'tenths' THEN 0.1
           WHEN 'thirds' THEN 1 / 3.0::float8
           WHEN 'one row' THEN CASE WHEN i <= 6 THEN 1e-5 ELSE 0 END
       END AS weight
FROM unnest('{tiny, subnormal squares, squares rounded down, huge, spread, zero, tenths, thirds, one row}'::text[]) AS f(family),
     generate_series(1, 6000) AS i;
\i test/sql/include/plan_outline.psql
CREATE FUNCTION pg_temp.reads_back(s category_state) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN t = s::text AND b = s::text THEN 'reads back' ELSE t || ' / ' || b END
    FROM (SELECT pg_temp.text_input(s::text, 'category_state') AS t,
                 pg_temp.binary_input(category_state_send(s), 'category_state') AS b) AS r
$$;
CREATE TABLE cat_states AS
SELECT family, 'one pass' AS way, category_agg(reason, weight) AS s FROM cat_weights GROUP BY family
UNION ALL
SELECT family, 'merged', category_agg(s ORDER BY part) FROM
    (SELECT family, i % 7 AS part, category_agg(reason, weight) AS s FROM cat_weights GROUP BY 1, 2) AS p
GROUP BY family
UNION ALL
SELECT family, 'merged in reverse', category_agg(s ORDER BY part DESC) FROM
    (SELECT family, i % 7 AS part, category_agg(reason, weight) AS s FROM cat_weights GROUP BY 1, 2) AS p
GROUP BY family
UNION ALL
SELECT family, '+', a.s + b.s FROM
    (SELECT family, category_agg(reason, weight) AS s FROM cat_weights WHERE i <= 1000 GROUP BY 1) AS a
    JOIN (SELECT family, category_agg(reason, weight) AS s FROM cat_weights WHERE i > 1000 GROUP BY 1) AS b
    USING (family);
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SELECT * FROM pg_temp.plan_outline('SELECT family, category_agg(reason, weight) FROM cat_weights GROUP BY family');
INSERT INTO cat_states
SELECT family, 'parallel', category_agg(reason, weight) FROM cat_weights GROUP BY family;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
SELECT family, count(*) AS states, string_agg(DISTINCT pg_temp.reads_back(s), ', ') AS input
FROM cat_states GROUP BY family ORDER BY family;
DROP TABLE cat_states, cat_weights;
