-- Every error of the statistics functions, with its SQLSTATE.  Arguments are
-- checked before the data is looked at, so an empty state does not hide a
-- bad argument.
\i test/sql/include/error_of.psql
SET intervalstyle = 'postgres';

SELECT q, pg_temp.error_of(q) AS error FROM (VALUES
    -- confidence levels outside (0, 1), NaN included: 22023
    ($$SELECT proportion_compare('v1 1/2', 'v1 1/2', 1)$$),
    ($$SELECT proportion_compare('v1 0/0', 'v1 0/0', 0)$$),
    ($$SELECT csat_compare('v1 5:1', 'v1 4:1', level => 'NaN')$$),
    ($$SELECT rating_mean_compare('v1', 'v1', 1.5)$$),
    ($$SELECT dimension_compare('v1', 'v1', -0.5)$$),
    ($$SELECT nps_compare('v1', 'v1', 1, 'wald')$$),
    ($$SELECT duration_quantile_compare(duration_agg(interval '1 hour'), duration_agg(interval '1 hour'), 0.5, 2)$$),
    ($$SELECT duration_compare(duration_agg(interval '1 hour'), duration_agg(interval '1 hour'), 0)$$),
    ($$SELECT proportion_test('v1 1/2', 0.5, 'two_sided', 1)$$),
    ($$SELECT nps_test('v1', 0, level => 0)$$),
    ($$SELECT duration_quantile_test(duration_agg(interval '1 hour'), 0.9, '1 hour', level => 1)$$),
    ($$SELECT proportion_pairwise('{a}', ARRAY['v1 1/2'::proportion_state], 1)$$),
    ($$SELECT rating_mean_vs_rest('{a}', '{"v1"}', 5)$$),
    -- methods and alternatives: 22023
    ($$SELECT nps_compare('v1 9:1', 'v1 9:1', 0.95, 'score')$$),
    ($$SELECT nps_test('v1 9:1', 0, method => 'exact')$$),
    ($$SELECT nps_heterogeneity('{}', 'Wald')$$),
    ($$SELECT nps_pairwise('{}', '{}', 0.95, 'bootstrap')$$),
    ($$SELECT proportion_test('v1 1/2', 0.5, 'two-sided')$$),
    ($$SELECT nps_test('v1 9:1', 0, 'above')$$),
    ($$SELECT duration_quantile_test(duration_agg(interval '1 hour'), 0.9, '1 hour', 'lesser')$$),
    ($$SELECT p_adjust('{0.5}', 'fdr')$$),
    -- targets: 22023 outside the range of the measure; a duration target as
    -- for duration_sla_share: 22003 when negative or not finite
    ($$SELECT proportion_test('v1 1/2', 1.5)$$),
    ($$SELECT proportion_test('v1 1/2', -0.1, 'less')$$),
    ($$SELECT proportion_test('v1 1/2', 'NaN')$$),
    ($$SELECT nps_test('v1 9:1', 101)$$),
    ($$SELECT nps_test('v1 9:1', 'Infinity')$$),
    ($$SELECT duration_quantile_test(duration_agg(interval '1 hour'), 0.9, '-1 hour')$$),
    ($$SELECT duration_quantile_test_seconds(duration_agg(interval '1 hour'), 0.9, 'NaN')$$),
    -- quantile fractions outside [0, 1]: 22003, as duration_quantile
    ($$SELECT duration_quantile_compare(duration_agg(interval '1 hour'), duration_agg(interval '1 hour'), 1.5)$$),
    ($$SELECT duration_quantile_test(duration_agg(interval '1 hour'), -0.1, '1 hour')$$),
    -- p-values that are not probabilities: 22023
    ($$SELECT p_adjust('{0.5, 1.5}')$$),
    ($$SELECT p_adjust('{NaN}')$$),
    -- CSAT scales, as csat(): 22023 and 22003
    ($$SELECT csat_compare('v1 5:1', 'v1 4:1', 1, 11)$$),
    ($$SELECT csat_compare('v1 5:1', 'v1 9:1')$$),
    ($$SELECT csat_compare('v1 5:1', 'v1 4:1', 1, 5, 6)$$),
    -- dimensions by position against dimensions by name: 22023
    ($$SELECT dimension_compare('v1 (1 3 0 3 3)', 'v1 "tone" (1 3 0 3 3)')$$),
    -- durations paired by bucket need one accuracy: 22023
    ($$SELECT duration_compare((SELECT duration_agg(interval '1 hour', 0.01)), (SELECT duration_agg(interval '1 hour', 0.02)))$$),
    -- labelled groups: lengths (22023), NULL labels (22004), duplicates (22023)
    ($$SELECT proportion_pairwise('{a, b}', ARRAY['v1 1/2'::proportion_state])$$),
    ($$SELECT nps_vs_rest('{a}', '{"v1 9:1", "v1 9:2"}')$$),
    ($$SELECT rating_mean_pairwise(ARRAY['a', NULL], '{"v1 9:1", "v1 9:2"}')$$),
    ($$SELECT proportion_vs_rest('{a, b, a}', ARRAY['v1 1/2', 'v1 1/3', 'v1 1/4']::proportion_state[])$$),
    -- labels and states are lists: a 2-D array of either is 22023, also
    -- with as many elements as the other has (not paired flattened)
    ($$SELECT nps_pairwise('{{a,b,c,d}}', ARRAY[['v1 9:1', 'v1 9:2'], ['v1 9:3', 'v1 0:1']]::rating_state[])$$),
    ($$SELECT proportion_pairwise('{a,b,c,d}', ARRAY[['v1 1/2', 'v1 1/3'], ['v1 1/4', 'v1 1/5']]::proportion_state[])$$),
    ($$SELECT rating_mean_vs_rest('{{a,b},{c,d}}', '{"v1 4:1", "v1 4:2", "v1 5:1", "v1 3:1"}')$$),
    ($$SELECT proportion_homogeneity(ARRAY[['v1 1/2', 'v1 1/3'], ['v1 1/4', 'v1 1/5']]::proportion_state[])$$),
    ($$SELECT nps_heterogeneity(ARRAY[['v1 9:1'], ['v1 0:1']]::rating_state[])$$),
    -- the rest merges states: weighted with unweighted is 22023, as for
    -- nps_agg (with two groups each rest is a single state: nothing to merge)
    ($$SELECT nps_vs_rest('{w, u, v}', '{"v1 weighted sumsq=1 9:1:1", "v1 9:2", "v1 8:1"}')$$),
    ($$SELECT nps_vs_rest('{w, u}', '{"v1 weighted sumsq=1 9:1:1", "v1 9:2"}')$$),
    ($$SELECT rating_mean_vs_rest('{w, u, v}', '{"v1 weighted sumsq=1 9:1:1", "v1 9:2", "v1 8:1"}')$$),
    -- a rest beyond the 64-bit range of counts is 22003, as merging is: each
    -- group fits, and so does a's rest (b and c), but not b's (a and c)
    ($$SELECT nps_vs_rest('{a, b, c}', ARRAY['v1 0:3000000000000000000 7:3000000000000000000 10:3000000000000000001',
                                             'v1 0:3000000000000000001 10:3000000000000000000',
                                             'v1 10:3000000000000000000']::rating_state[])$$),
    ($$SELECT rating_mean_vs_rest('{a, b, c}', ARRAY['v1 0:3000000000000000000 7:3000000000000000000 10:3000000000000000001',
                                                     'v1 0:3000000000000000001 10:3000000000000000000',
                                                     'v1 10:3000000000000000000']::rating_state[])$$),
    ($$SELECT proportion_vs_rest('{a, b, c}', ARRAY['v1 1/9000000000000000001', 'v1 0/6000000000000000001',
                                                    'v1 3/3000000000000000000']::proportion_state[])$$),
    -- more than 1000 groups pairwise: 54000
    ($$SELECT proportion_pairwise((SELECT array_agg(i::text) FROM generate_series(1, 1001) AS i),
                                  (SELECT array_agg('v1 1/2'::proportion_state) FROM generate_series(1, 1001)))$$),
    -- more than 1,000,000 groups against the rest: 54000, refused before the
    -- states or labels are read (groups without data cost a bit each in the
    -- array, but a whole state in the rests), for each of the three
    ($$SELECT proportion_vs_rest((SELECT array_agg(i::text) FROM generate_series(1, 1000001) AS i),
                                 array_fill(NULL::proportion_state, ARRAY[1000001]))$$),
    ($$SELECT nps_vs_rest('{a}', array_fill(NULL::rating_state, ARRAY[1000001]))$$),
    ($$SELECT rating_mean_vs_rest('{a}', array_fill(NULL::rating_state, ARRAY[1000001]))$$),
    -- labels that do not match the states are refused before they are read
    ($$SELECT proportion_vs_rest(array_fill(NULL::text, ARRAY[1000001]), '{"v1 1/2"}')$$)
) AS t(q);

-- An empty state does not hide a bad argument; NULL arguments give NULL
-- (the functions are strict)
SELECT pg_temp.error_of($$SELECT proportion_test('v1 0/0', 2)$$) AS empty_state_bad_target;
SELECT proportion_compare(NULL, 'v1 1/2') IS NULL AS null_state,
       nps_test('v1 9:1', NULL) IS NULL AS null_target,
       p_adjust(NULL) IS NULL AS null_array;
SELECT count(*) AS rows_for_null_labels FROM proportion_pairwise(NULL, ARRAY['v1 1/2'::proportion_state]);
-- the rest of weighted states is fine when all are weighted: the rest of w
-- has promoter weight 4 and detractor weight 3 of 7 (100/7 points), of v
-- 1 and 1 of 2 (0), of x 5 and 2 of 7 (300/7); v's weights are 2, 2 and 2 (sumsq 12)
SELECT label, round(estimate::numeric, 6) AS estimate, round(rest_estimate::numeric, 6) AS rest_estimate
FROM nps_vs_rest('{w, v, x}', '{"v1 weighted sumsq=1 9:1:1", "v1 weighted sumsq=12 9:2:4 0:1:2", "v1 weighted sumsq=1 0:1:1"}');
