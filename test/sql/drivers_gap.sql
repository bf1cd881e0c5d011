-- Gap analysis of long rows (dimension, expectation, perception), the
-- weighted overall gap, and one group's gaps against another's (Welch).
\i test/sql/include/error_of.psql

-- Two groups of pairs; by hand:
--   a: speed (4,5) (3,3) (5,4) (4,2): gaps 1, 0, -1, -2, mean -0.5, var_samp 5/3;
--      expectation 4, perception 3.5
--      attitude (5,3) (4,4): gaps -2, 0, mean -1, var_samp 2; expectation 4.5, perception 3.5
--   b: speed (4,4) (5,5) (3,4): gaps 0, 0, 1, mean 1/3, var_samp 1/3
--      attitude (4,3) (5,5) (3,1): gaps -1, 0, -2, mean -1, var_samp 1
--      ease (4,4): one pair, gap 0
CREATE TABLE dg_pairs (grp text, dimension text, expectation float8, perception float8);
INSERT INTO dg_pairs VALUES
    ('a', 'speed', 4, 5), ('a', 'speed', 3, 3), ('a', 'speed', 5, 4), ('a', 'speed', 4, 2),
    ('a', 'attitude', 5, 3), ('a', 'attitude', 4, 4), ('a', 'attitude', NULL, 4), ('a', NULL, 1, 1),
    ('b', 'speed', 4, 4), ('b', 'speed', 5, 5), ('b', 'speed', 3, 4),
    ('b', 'attitude', 4, 3), ('b', 'attitude', 5, 5), ('b', 'attitude', 3, 1), ('b', 'ease', 4, 4);
-- the state keeps named dimensions in byte order, whatever the rows' order
SELECT grp, gap_agg(dimension, expectation, perception) FROM dg_pairs GROUP BY grp ORDER BY grp;
-- all pairs: speed gaps 1, 0, -1, -2, 0, 0, 1 (mean -1/7), attitude -2, 0, -1, 0, -2 (mean -1)
SELECT dimension, n, expectation, perception, round(gap::numeric, 6) AS gap,
       round(stddev::numeric, 6) AS stddev
FROM gap_analysis((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs));
-- the same from plain SQL
SELECT dimension, count(*) AS n, round(avg(perception - expectation)::numeric, 6) AS gap,
       round(stddev_samp(perception - expectation)::numeric, 6) AS stddev
FROM dg_pairs WHERE dimension IS NOT NULL AND expectation IS NOT NULL AND perception IS NOT NULL
GROUP BY dimension ORDER BY dimension;
-- merging: the groups' states give the analysis of all pairs
SELECT (SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'a')
     + (SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'b') AS plus,
       (SELECT bool_and(round(m.gap::numeric, 12) = round(o.gap::numeric, 12)
                        AND round(m.stddev::numeric, 12) = round(o.stddev::numeric, 12))
        FROM gap_analysis((SELECT paired_agg(s) FROM (SELECT gap_agg(dimension, expectation, perception) AS s
                                                      FROM dg_pairs GROUP BY grp) AS g)) AS m
        JOIN gap_analysis((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs)) AS o
        USING (dimension)) AS merged_as_one_pass;

-- The weighted overall gap of group a with weights speed 2, attitude 1:
--   expectation (2 * 4 + 4.5) / 3 = 4.166667, perception (2 * 3.5 + 3.5) / 3 = 3.5,
--   gap (2 * -0.5 + -1) / 3 = -0.666667.  ease has no pairs in a: with weight 0 it is
--   left out, with a positive weight the overall gap is NULL.
SELECT round(expectation::numeric, 6) AS expectation, round(perception::numeric, 6) AS perception,
       round(gap::numeric, 6) AS gap
FROM gap_overall((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'a'),
                 '{"speed": 2, "attitude": 1, "ease": 0}'::jsonb);
SELECT * FROM gap_overall((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'a'),
                          '{"speed": 2, "attitude": 1, "ease": 1}'::jsonb);
-- weights in wide states are an array
-- (4, 5) -> (5, 3): gaps 1 and -2, weighted 3:1: (3 - 2) / 4 = 0.25
SELECT * FROM gap_overall('v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', ARRAY[3, 1]);

-- Group a against group b, Welch per dimension:
--   speed: difference -0.5 - 1/3 = -0.833333; v_a / n_a = (5/3) / 4 = 0.416667,
--     v_b / n_b = (1/3) / 3 = 0.111111, se = sqrt(0.527778) = 0.726483, t = -1.147079,
--     df = 0.527778^2 / (0.416667^2 / 3 + 0.111111^2 / 2) = 4.349398
--   attitude: difference 0; v_a / n_a = 1, v_b / n_b = 1/3, se = sqrt(4/3) = 1.154701, t = 0, p = 1,
--     df = (4/3)^2 / (1 / 1 + (1/3)^2 / 2) = 1.684211
--   ease: only b has it (one pair): no test
SELECT dimension, n_a, n_b, gap_a, round(gap_b::numeric, 6) AS gap_b,
       round(difference::numeric, 6) AS difference, round(stderr::numeric, 6) AS stderr,
       round(df::numeric, 6) AS df, round(t::numeric, 6) AS t, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM gap_compare((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'a'),
                 (SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'b'));
-- other levels; b against a mirrors it
SELECT dimension, round(lower::numeric, 6) AS lower_80, round(upper::numeric, 6) AS upper_80,
       round(t::numeric, 6) AS t
FROM gap_compare((SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'b'),
                 (SELECT gap_agg(dimension, expectation, perception) FROM dg_pairs WHERE grp = 'a'),
                 level => 0.8)
WHERE dimension = 'speed';
-- wide states compare by position, named with the names argument
SELECT dimension, n_a, n_b, gap_a, gap_b, difference
FROM gap_compare((SELECT gap_agg(ARRAY[4, 5]::float8[], ARRAY[5, 3]::float8[])),
                 (SELECT gap_agg(ARRAY[3, 3]::float8[], ARRAY[3, 4]::float8[])), ARRAY['speed', 'attitude']);
-- A dimension only one side has, last in byte order on either side: group
-- b's attitude and speed against its attitude alone, both ways (attitude
-- gaps -1, 0, -2: mean -1, var_samp 1, so the difference 0 has stderr
-- sqrt(1/3 + 1/3) = 0.816497 and Welch's df (2/3)^2 / (2 (1/3)^2 / 2) = 4);
-- speed (mean 1/3) has no test
SELECT g.way, g.dimension, g.n_a, g.n_b, round(g.gap_a::numeric, 6) AS gap_a, round(g.gap_b::numeric, 6) AS gap_b,
       g.difference, round(g.stderr::numeric, 6) AS stderr, g.df, g.p_value
FROM (SELECT gap_agg(dimension, expectation, perception) FILTER (WHERE dimension <> 'ease') AS two,
             gap_agg(dimension, expectation, perception) FILTER (WHERE dimension = 'attitude') AS one
      FROM dg_pairs WHERE grp = 'b') AS s,
     LATERAL (SELECT 'both against attitude' AS way, * FROM gap_compare(two, one)
              UNION ALL SELECT 'attitude against both', * FROM gap_compare(one, two)) AS g
ORDER BY g.way DESC, g.dimension;
-- no states: no rows
SELECT count(*) AS rows FROM gap_compare(NULL, NULL);

-- Errors
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT gap_agg(d, 4, 5) FROM (VALUES (''), ('x')) AS t(d)$$),
    ($$SELECT gap_agg(repeat('x', 64), 4, 5)$$),
    ($$SELECT gap_agg('speed', 'NaN', 5)$$),
    ($$SELECT 'v1 gap "speed" (1 4 5 0 0 0 0)'::paired_state + 'v1 gap (1 4 5 0 0 0 0)'$$),
    ($$SELECT 'v1 gap "speed" (1 4 5 0 0 0 0)'::paired_state + 'v1 driver (1 4 5 0 0 0 0)'$$),
    ($$SELECT paired_state_accum_gap('v1 driver (1 4 5 0 0 0 0)', 'speed', 4, 5)$$),
    ($$SELECT paired_state_accum_gap('v1 gap (1 4 5 0 0 0 0)', 'speed', 4, 5)$$),
    ($$SELECT paired_state_accum_gap(gap_agg('speed', 4::float8, 3::float8), ARRAY[4.0]::float8[], ARRAY[3.0]::float8[])$$),
    ($$SELECT * FROM gap_analysis('v1 gap "speed" (1 4 5 0 0 0 0)', ARRAY['x'])$$),
    ($$SELECT * FROM driver_analysis('v1 gap "speed" (1 4 5 0 0 0 0)')$$),
    ($$SELECT * FROM gap_overall('v1 gap "speed" (1 4 5 0 0 0 0)', ARRAY[1])$$),
    ($$SELECT * FROM gap_overall('v1 gap (1 4 5 0 0 0 0)', '{"1": 1}'::jsonb)$$),
    ($$SELECT * FROM gap_overall('v1 gap "speed" (1 4 5 0 0 0 0)', '{"ease": 1}'::jsonb)$$),
    ($$SELECT * FROM gap_overall('v1 gap "speed" (1 4 5 0 0 0 0)', '{"speed": 0}'::jsonb)$$),
    ($$SELECT * FROM gap_overall('v1 gap (1 4 5 0 0 0 0) (0)', ARRAY[1])$$),
    ($$SELECT * FROM gap_compare('v1 gap "speed" (1 4 5 0 0 0 0)', 'v1 gap (1 4 5 0 0 0 0)')$$),
    ($$SELECT * FROM gap_compare('v1 gap (1 4 5 0 0 0 0)', 'v1 gap (1 4 5 0 0 0 0) (0)')$$),
    ($$SELECT * FROM gap_compare('v1 gap "speed" (1 4 5 0 0 0 0)', 'v1 gap "speed" (1 4 5 0 0 0 0)', ARRAY['x'])$$),
    ($$SELECT * FROM gap_compare('v1 gap "speed" (1 4 5 0 0 0 0)', 'v1 driver (1 4 5 0 0 0 0)')$$),
    ($$SELECT * FROM gap_compare('v1 gap "speed" (1 4 5 0 0 0 0)', 'v1 gap "speed" (1 4 5 0 0 0 0)', level => 0)$$)
) AS t(q);

-- Text and binary forms of named gap states read back to themselves; input
-- takes dimensions in any order and rejects a name given twice
SELECT 'v1 gap "speed" (1 4 5 0 0 0 0) "attitude" (0)'::paired_state AS sorted;
\i test/sql/include/binary_input.psql
SELECT s::text::paired_state::text = s::text AS text_round_trip,
       pg_temp.binary_input(paired_state_send(s), 'paired_state') = s::text AS binary_round_trip
FROM (SELECT gap_agg(dimension, expectation / 3, perception * pi()) AS s FROM dg_pairs) AS x;
SELECT pg_temp.error_of($$SELECT 'v1 gap "speed" (1 4 5 0 0 0 0) "speed" (0)'::paired_state$$) AS duplicate,
       pg_temp.error_of($$SELECT 'v1 gap "speed" (1 4 5 0 0 0 0) (0)'::paired_state$$) AS unnamed_among_named;

DROP TABLE dg_pairs;
