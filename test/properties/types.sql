-- Property-based tests: the state types, as data for harness.sql.  A new
-- state type is a row of prop.variant (or several, for its kinds of input),
-- the checks of its accessors in prop.accessor, and its aggregates with an
-- inverse transition in prop.moving; prop.coverage names whatever is
-- missing.  Generators draw with random() (the suite seeds it per variant):
-- NULLs, ties, empty parts and the ends of each domain are frequent.

-------------------------------------------------------------------------------
-- variants
-------------------------------------------------------------------------------
INSERT INTO prop.variant (name, type, rows, agg, merge, read, tolerance, absolute, cases) VALUES
-- ratings 0-10 and 1-5 (for the csat aggregates) with NULLs, up to 40 a case
('rating', 'rating_state', $$
    SELECT c, i, CASE WHEN random() < 0.15 THEN NULL ELSE floor(random() * 11)::int END AS score,
           CASE WHEN random() < 0.15 THEN NULL ELSE 1 + floor(random() * 5)::int END AS score5
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'nps_agg(score)', 'nps_agg', NULL, 0, 0, 300),
-- weights in quarters: every sum exact, so merged states are identical
('rating_weighted_quarters', 'rating_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 11)::int END AS score,
           floor(random() * 13) / 4.0::float8 AS weight
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'nps_agg(score, weight)', 'nps_agg', NULL, 0, 0, 300),
-- survey weights of every magnitude a case: ordinary, tiny (squares
-- underflow), huge (near the limit of the squares), zero
('rating_weighted_real', 'rating_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 11)::int END AS score,
           CASE WHEN random() < 0.05 THEN 0 ELSE random() END * scale AS weight
    FROM generate_series(1, :cases) c,
         LATERAL (SELECT (ARRAY[1, 1, 1e-170, 1e-300, 1e150, 1e-3])[1 + floor(random() * 6)::int + c - c] AS scale) s,
         generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'rating_agg(score, weight)', 'rating_agg',
 $$ARRAY[nps({}), nps_promoter_share({}), nps_detractor_share({}), nps_effective_n({}), rating_mean({}),
         rating_stddev({})] || rating_counts({})::float8[]$$, 1e-12, 0, 300),
-- wide survey rows: three dimensions, scores 1-5 or reals with an offset,
-- unanswered ones NULL; with the offset 1e6 and a spread of 1, merged
-- states agree to 1e-6 relative (as paired_driver below)
('dimension_wide', 'dimension_state', $$
    SELECT c, i, ARRAY[CASE WHEN random() < 0.1 THEN NULL ELSE base + floor(random() * 5) * step END,
                       CASE WHEN random() < 0.4 THEN NULL ELSE base + random() * 4 * step END,
                       base + 4 * step * (random() < 0.5)::int]::float8[] AS scores
    FROM generate_series(1, :cases) c,
         LATERAL (SELECT (ARRAY[1, 1, -1e3, 1e6, 1e-200])[k] AS base, (ARRAY[1, 1, 0.1, 1, 1e-201])[k] AS step
                  FROM (SELECT 1 + floor(random() * 5)::int + c - c AS k) k) s,
         generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'dimension_agg(scores)', 'dimension_agg',
 $$dimension_counts({})::float8[] || dimension_means({}) || dimension_variances({})$$, 1e-6, 0, 300),
-- long survey rows: named dimensions (quotes, backslashes, non-ASCII)
('dimension_long', 'dimension_state', $$
    SELECT c, i, (ARRAY['speed', 'attitude', 'say "hi"', E'back\\slash', 'délai'])[1 + floor(random() * 5)::int] AS dimension,
           CASE WHEN random() < 0.1 THEN NULL ELSE 1 + floor(random() * 5)::float8 END AS score
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'dimension_agg(dimension, score)', 'dimension_agg',
 $$dimension_counts({})::float8[] || dimension_means({}) || dimension_variances({})$$, 1e-9, 0, 300),
-- gap analysis: expected and perceived scores, pairs with a NULL skipped
('paired_gap', 'paired_state', $$
    SELECT c, i, ARRAY[CASE WHEN random() < 0.1 THEN NULL ELSE 1 + floor(random() * 5) END,
                       3 + random()]::float8[] AS expected,
                 ARRAY[1 + floor(random() * 5), CASE WHEN random() < 0.2 THEN NULL ELSE 2 + 2 * random() END]::float8[]
                   AS perceived
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'gap_agg(expected, perceived)', 'paired_agg',
 $$ARRAY(SELECT unnest(ARRAY[n, expectation, perception, gap, stddev]) FROM gap_analysis({}))$$, 1e-9, 0, 300),
-- driver analysis: overall score 0-10 and three dimension scores, the last
-- with a mean of 1e6 and a spread of 1, whose co-moments keep about 8
-- digits (16, less 6 for the mean's magnitude, less 2 for sums of 40):
-- differently merged states agree to 1e-6 relative, correlations near 0
-- to 1e-8 absolute
('paired_driver', 'paired_state', $$
    SELECT c, i, floor(random() * 11)::float8 AS overall,
           ARRAY[1 + floor(random() * 5), CASE WHEN random() < 0.3 THEN NULL ELSE random() * 10 END,
                 1e6 + random()]::float8[] AS scores
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'driver_agg(overall, scores)', 'paired_agg',
 $$ARRAY(SELECT unnest(ARRAY[n, performance, correlation, importance]) FROM driver_analysis({}))$$, 1e-6, 1e-8, 300),
-- durations as intervals, from 0 to 10^12 seconds on a log scale, NULLs
('duration_interval', 'duration_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL WHEN random() < 0.1 THEN interval '0'
                      ELSE make_interval(secs => round((10 ^ (18 * random() - 6))::numeric, 6)) END AS d
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'duration_agg(d)', 'duration_agg', NULL, 0, 0, 300),
-- durations in seconds at accuracy 0.002, a few values repeated (ties)
('duration_seconds', 'duration_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL
                      ELSE (ARRAY[0, 1e-6, 59.5, 3600, 1e12 - 86400])[1 + floor(random() * 5)::int]
                           + (random() < 0.5)::int * random() * 86400 END AS s
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'duration_agg(s, 0.002)', 'duration_agg', NULL, 0, 0, 300),
('proportion', 'proportion_state', $$
    SELECT c, i, CASE WHEN random() < 0.2 THEN NULL ELSE random() < share END AS ok
    FROM generate_series(1, :cases) c, LATERAL (SELECT random() + c - c AS share) s,
         generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'proportion_agg(ok)', 'proportion_agg', NULL, 0, 0, 300),
-- refund events: stages of the default vocabulary and others, ties
('timeline', 'timeline_state', $$
    SELECT c, i, CASE WHEN random() < 0.05 THEN NULL
                      ELSE (ARRAY['shipped', 'received', 'requested', 'responded', 'agreed', 'refused',
                                  'return_shipped', 'return_received', 'succeeded', 'closed', 'intervened',
                                  'ruled', 'note', 'say "hi"'])[1 + floor(random() * 14)::int] END AS stage,
           timestamptz '2026-03-02 08:00+00' + floor(random() * 200) * interval '37 minutes' AS at
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 25))::int) i$$,
 'timeline_agg(stage, at)', 'timeline_agg', NULL, 0, 0, 300),
('timeline_set', 'timeline_set', $$
    SELECT c, i, floor(random() * 6)::bigint - 2 AS case_id,
           (ARRAY['requested', 'responded', 'agreed', 'succeeded', 'closed'])[1 + floor(random() * 5)::int] AS stage,
           CASE WHEN random() < 0.05 THEN NULL
                ELSE timestamptz '2026-03-02 08:00+00' + floor(random() * 100) * interval '41 minutes' END AS at
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 31))::int) i$$,
 'timeline_set_agg(case_id, stage, at)', 'timeline_set_agg', NULL, 0, 0, 200),
-- business calendars: no aggregate makes them; values built from parts
('business_calendar', 'business_calendar', $$
    SELECT c, 1 AS i,
           format('v1 tz=%s %s=%s:00-%s:00%s%s', tz, days, to_char(6 + floor(random() * 5), 'FM00'),
                  12 + floor(random() * 6),
                  CASE WHEN random() < 0.5 THEN format(',%s:30-23:00', 19 + floor(random() * 3)) ELSE '' END,
                  CASE WHEN random() < 0.5 THEN ' holidays=2026-03-0' || (1 + floor(random() * 9)) ELSE '' END
           )::business_calendar AS st
    FROM generate_series(1, :cases) c,
         LATERAL (SELECT (ARRAY['UTC', 'Europe/Berlin', 'Asia/Shanghai', 'America/New_York'])[1 + floor(random() * 4)::int + c - c] AS tz,
                         (ARRAY['mon-fri', 'mon,wed,fri', 'mon-sun', 'sat'])[1 + floor(random() * 4)::int] AS days) z$$,
 NULL, NULL, NULL, 0, 0, 300);

-------------------------------------------------------------------------------
-- aggregates with an inverse transition, over moving frames
-------------------------------------------------------------------------------
INSERT INTO prop.moving VALUES
    ('nps(smallint)', 'rating', 'nps(score::smallint)'),
    ('nps(integer)', 'rating', 'nps(score)'),
    ('nps(bigint)', 'rating', 'nps(score::bigint)'),
    ('nps(numeric)', 'rating', 'nps(score::numeric)'),
    ('csat(smallint)', 'rating', 'csat(score5::smallint)'),
    ('csat(integer)', 'rating', 'csat(score5)'),
    ('csat(bigint)', 'rating', 'csat(score5::bigint)'),
    ('csat(numeric)', 'rating', 'csat(score5::numeric)'),
    ('proportion(boolean)', 'proportion', 'proportion(ok)'),
    ('proportion_agg(boolean)', 'proportion', 'proportion_agg(ok)');
-- the unweighted rating state builders, every score type
INSERT INTO prop.moving
SELECT format('%s(%s)', agg, t), 'rating',
       format('%s(%s%s)', agg, col, CASE WHEN t = 'integer' THEN '' ELSE '::' || t END)
FROM (VALUES ('nps_agg', 'score'), ('rating_agg', 'score5'), ('csat_agg', 'score5')) AS a(agg, col),
     unnest(ARRAY['smallint', 'integer', 'bigint', 'numeric']) AS t;

-------------------------------------------------------------------------------
-- accessors: every function reading a state, and the ranges the manual gives
-------------------------------------------------------------------------------
-- mass of a rating state: responses, or the sum of weights when weighted
CREATE FUNCTION prop.rating_mass(s rating_state) RETURNS float8 LANGUAGE sql AS $$
    SELECT coalesce((nps_json(s) ->> 'weight_total')::float8, nps_responses(s))
$$;
-- the lowest and highest rating with responses
CREATE FUNCTION prop.rating_span(s rating_state, OUT lowest int, OUT highest int) LANGUAGE sql AS $$
    SELECT min(r - 1), max(r - 1) FROM unnest(rating_counts(s)) WITH ORDINALITY AS u(n, r) WHERE n > 0
$$;
-- per dimension of a dimension state: n, min and max, read from its text
CREATE FUNCTION prop.dimension_bounds(s dimension_state, OUT n bigint[], OUT lo float8[], OUT hi float8[])
LANGUAGE sql AS $$
    SELECT array_agg(f[1]::bigint ORDER BY k), array_agg(f[4]::float8 ORDER BY k), array_agg(f[5]::float8 ORDER BY k)
    FROM regexp_matches(s::text, '\(([^()]*)\)', 'g') WITH ORDINALITY AS m(g, k),
         LATERAL string_to_array(g[1], ' ') AS f
$$;

INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('rating_state', NULL,
 '{nps(rating_state),nps_responses(rating_state),rating_responses(rating_state),nps_promoters(rating_state),nps_passives(rating_state),nps_detractors(rating_state),rating_counts(rating_state),nps_json(rating_state)}',
 $$nps_promoters({}) + nps_passives({}) + nps_detractors({}) = nps_responses({})
   AND rating_responses({}) = nps_responses({})
   AND cardinality(rating_counts({})) = 11 AND 0 <= ALL (rating_counts({}))
   AND (SELECT sum(n) FROM unnest(rating_counts({})) n) = nps_responses({})
   AND CASE WHEN prop.rating_mass({}) > 0 THEN nps({}) BETWEEN -100 AND 100 ELSE nps({}) IS NULL END
   AND (nps_json({}) ->> 'responses')::bigint = nps_responses({})
   AND (nps_json({}) ->> 'nps')::float8 IS NOT DISTINCT FROM nps({})$$),
('rating_state', NULL,
 '{nps_promoter_share(rating_state),nps_passive_share(rating_state),nps_detractor_share(rating_state)}',
 $$CASE WHEN prop.rating_mass({}) > 0
        THEN nps_promoter_share({}) BETWEEN 0 AND 1 AND nps_passive_share({}) BETWEEN 0 AND 1
             AND nps_detractor_share({}) BETWEEN 0 AND 1
             AND abs(nps_promoter_share({}) + nps_passive_share({}) + nps_detractor_share({}) - 1) <= 1e-12
             AND abs(100 * (nps_promoter_share({}) - nps_detractor_share({})) - nps({})) <= 1e-9
        ELSE nps_promoter_share({}) IS NULL AND nps_passive_share({}) IS NULL AND nps_detractor_share({}) IS NULL END$$),
-- Kish's effective n is at most the responses and at least 1 (NULL when
-- every squared weight underflowed); the standard error at most 100 points
('rating_state', NULL,
 '{nps_effective_n(rating_state),nps_stderr(rating_state)}',
 $$CASE WHEN nps_effective_n({}) IS NULL THEN (nps_json({}) ->> 'weighted')::boolean AND prop.rating_mass({}) > 0
        WHEN prop.rating_mass({}) > 0 THEN nps_effective_n({}) BETWEEN 1 - 1e-12 AND nps_responses({}) * (1 + 1e-12)
        ELSE nps_effective_n({}) = 0 END
   AND coalesce(nps_stderr({}) BETWEEN 0 AND 100, nps_effective_n({}) IS NULL OR prop.rating_mass({}) = 0)$$),
-- intervals within -100 to 100 (-200 to 200 for a difference) holding the
-- estimate; a comparison with a unanimous side (standard error 0) has no
-- test and no interval
('rating_state', NULL,
 '{"nps_ci(rating_state,double precision,text)","nps_compare(rating_state,rating_state,double precision)"}',
 $$(SELECT bool_and(coalesce(-100 <= lower AND lower <= upper AND upper <= 100
                             AND (m = 'adjusted_wald' OR nps({}) BETWEEN lower - 1e-9 AND upper + 1e-9),
                             lower IS NULL AND upper IS NULL AND nps_stderr({}) IS NULL))
    FROM (VALUES ('wald', 0.95), ('adjusted_wald', 0.95), ('wald', 0.5), ('adjusted_wald', 0.999)) v(m, level),
         LATERAL nps_ci({}, level, m))
   AND (SELECT CASE WHEN nps_stderr({}) = 0
                    THEN difference BETWEEN -200 AND 200 AND stderr >= 0
                         AND p_value IS NULL AND lower IS NULL AND upper IS NULL
                    ELSE coalesce(difference BETWEEN -200 AND 200 AND stderr >= 0
                                  AND (p_value IS NULL OR p_value BETWEEN 0 AND 1)
                                  AND -200 <= lower AND lower <= difference + 1e-9
                                  AND difference <= upper + 1e-9 AND upper <= 200,
                                  nps_stderr({}) IS NULL) END
        FROM nps_compare({}, 'v1 0:3 7:2 10:5'))$$),
('rating_state', NULL,
 '{"csat(rating_state,integer,integer,integer)","csat_ci(rating_state,integer,integer,integer,double precision)"}',
 $$CASE WHEN prop.rating_mass({}) > 0 THEN csat({}, 0, 10, 7) BETWEEN 0 AND 100 ELSE csat({}, 0, 10, 7) IS NULL END
   AND (SELECT coalesce(0 <= lower AND lower <= upper AND upper <= 100
                        AND csat({}, 0, 10, 7) BETWEEN lower - 1e-9 AND upper + 1e-9,
                        lower IS NULL AND NOT coalesce(nps_effective_n({}) > 0 AND prop.rating_mass({}) > 0, false))
        FROM csat_ci({}, 0, 10, 7, 0.95))$$),
-- the mean within the ratings given, the standard deviation at most half
-- their range times sqrt(n / (n - 1)) (n >= 2)
('rating_state', NULL,
 '{rating_mean(rating_state),rating_stddev(rating_state)}',
 $$CASE WHEN prop.rating_mass({}) > 0
        THEN rating_mean({}) BETWEEN (prop.rating_span({})).lowest AND (prop.rating_span({})).highest
        ELSE rating_mean({}) IS NULL END
   AND coalesce(rating_stddev({}) BETWEEN 0 AND ((prop.rating_span({})).highest - (prop.rating_span({})).lowest) * 0.7072,
                NOT coalesce(nps_effective_n({}) > 1 AND prop.rating_mass({}) > 0, false))$$),
-- the mean's t interval: within 0-10 around the mean, wider at higher
-- levels, NULL exactly where the standard deviation is NULL or 0
('rating_state', NULL,
 '{"rating_mean_ci(rating_state,double precision)"}',
 $$(SELECT bool_and(CASE WHEN rating_stddev({}) > 0
                         THEN coalesce(0 <= lower AND lower <= rating_mean({}) AND rating_mean({}) <= upper
                                       AND upper <= 10, false)
                         ELSE lower IS NULL AND upper IS NULL END)
           AND coalesce(bool_and(lower <= lower_before AND upper >= upper_before), true)
    FROM (SELECT ci.*, lag(ci.lower) OVER w AS lower_before, lag(ci.upper) OVER w AS upper_before
          FROM (VALUES (0.5), (0.95), (0.999)) v(level), LATERAL rating_mean_ci({}, level) ci
          WINDOW w AS (ORDER BY level)) x)$$),
('rating_state', NULL,
 '{"rating_distribution(rating_state,integer,integer)"}',
 $$(SELECT count(*) = 11 AND sum(responses) = nps_responses({})
           AND bool_and(CASE WHEN prop.rating_mass({}) > 0
                             THEN share BETWEEN 0 AND 1 AND cumulative_share BETWEEN 0 AND 1
                             ELSE share IS NULL AND cumulative_share IS NULL END)
           AND (prop.rating_mass({}) = 0 OR max(cumulative_share) = 1)
           AND coalesce(bool_and(cumulative_share >= previous), true)
    FROM (SELECT *, lag(cumulative_share) OVER (ORDER BY rating) AS previous
          FROM rating_distribution({}, 0, 10)) d)$$),

-- dimensions: counts, means within each dimension's min and max, sample
-- variances at most (max - min)^2 / 4 * n / (n - 1), within the rounding
-- of scores far from 0 (1e-14 n |x|max (max - min))
('dimension_state', NULL,
 '{dimension_counts(dimension_state),dimension_means(dimension_state),dimension_variances(dimension_state),dimension_names(dimension_state)}',
 $$(SELECT bool_and(n >= 0 AND n = bn
                    AND CASE WHEN n = 0 THEN m IS NULL ELSE m BETWEEN lo AND hi END
                    AND CASE WHEN n < 2 THEN v IS NULL
                             ELSE v >= 0 AND v::numeric <= (hi - lo)::numeric ^ 2 / 4 * n / (n - 1) * (1 + 1e-9)
                                  + 1e-14 * n * greatest(abs(lo), abs(hi))::numeric * (hi - lo)::numeric END)
    FROM unnest(dimension_counts({}), dimension_means({}), dimension_variances({}),
                (prop.dimension_bounds({})).n, (prop.dimension_bounds({})).lo, (prop.dimension_bounds({})).hi)
         AS u(n, m, v, bn, lo, hi))
   AND CASE WHEN {}::text ~ '^v1 "'
            THEN dimension_names({}) = ARRAY(SELECT DISTINCT x COLLATE "C" FROM unnest(dimension_names({})) x ORDER BY 1)
                 AND cardinality(dimension_names({})) = cardinality(dimension_counts({}))
            ELSE dimension_names({}) IS NULL END$$),
-- the index: 0-100 on a scale holding every score, NULL when a weighted
-- dimension has no answers; the breakdown's contributions add up to it;
-- no interval for a dimension whose answers are all equal
('dimension_state', '{dimension_wide}',
 '{"satisfaction_index(dimension_state,double precision[],double precision,double precision)","satisfaction_breakdown(dimension_state,double precision[],double precision,double precision,text[],double precision)"}',
 $$(SELECT CASE WHEN 0 = ANY (dimension_counts({})) THEN i IS NULL ELSE i BETWEEN 0 AND 100 END
           AND (SELECT (i IS NULL OR abs(sum(contribution) - i) <= 1e-9 * 100)
                       AND abs(sum(weight) - 1) <= 1e-12
                       AND bool_and(CASE WHEN n = 0 THEN score IS NULL
                                         ELSE score BETWEEN 0 AND 100 AND contribution BETWEEN 0 AND 100 END
                                    AND CASE WHEN stddev = 0 THEN ci_lower IS NULL AND ci_upper IS NULL
                                             ELSE coalesce(ci_lower <= mean AND mean <= ci_upper AND stddev >= 0, n < 2) END)
                FROM satisfaction_breakdown({}, ARRAY[1, 2, 3], lo, hi))
    FROM (SELECT min(l) - 1 AS lo, max(h) + 1 AS hi
          FROM unnest((prop.dimension_bounds({})).lo, (prop.dimension_bounds({})).hi) u(l, h)) s,
         LATERAL satisfaction_index({}, ARRAY[1, 2, 3], lo, hi) AS i)$$),
('dimension_state', '{dimension_long}',
 '{"satisfaction_index(dimension_state,jsonb,double precision,double precision)","satisfaction_breakdown(dimension_state,jsonb,double precision,double precision,double precision)"}',
 $$(SELECT i BETWEEN 0 AND 100
           AND (SELECT abs(sum(contribution) - i) <= 1e-9 * 100 AND abs(sum(weight) - 1) <= 1e-12
                       AND bool_and(score BETWEEN 0 AND 100
                                    AND CASE WHEN stddev = 0 THEN ci_lower IS NULL AND ci_upper IS NULL
                                             ELSE coalesce(ci_lower <= mean AND mean <= ci_upper AND stddev >= 0, n < 2) END)
                FROM satisfaction_breakdown({}, w, 1, 5))
    FROM (SELECT jsonb_object_agg(d, 1 + k) AS w FROM unnest(dimension_names({})) WITH ORDINALITY u(d, k)) x,
         LATERAL satisfaction_index({}, w, 1, 5) AS i)$$),

-- gap analysis: gap = perception - expectation inside its interval (none
-- when every gap is equal), p-values 0-1; driver analysis: correlations -1
-- to 1, importances 0-1 adding up to 1, quadrants exactly where there is a
-- correlation
('paired_state', '{paired_gap,paired_gap_named}',
 '{"gap_analysis(paired_state,text[],double precision)"}',
 $$(SELECT bool_and(n >= 0
                    AND CASE WHEN n = 0 THEN gap IS NULL AND expectation IS NULL AND perception IS NULL
                             ELSE abs(gap - (perception - expectation)) <= 1e-12 * greatest(abs(perception), abs(expectation), 1) END
                    AND CASE WHEN stddev = 0 THEN ci_lower IS NULL AND ci_upper IS NULL
                             ELSE coalesce(stddev >= 0 AND ci_lower <= gap AND gap <= ci_upper, n < 2) END
                    AND (p_value IS NULL OR p_value BETWEEN 0 AND 1))
    FROM gap_analysis({}))$$),
('paired_state', '{paired_driver}',
 '{"driver_analysis(paired_state,text[])",driver_correlations(paired_state),driver_importance(paired_state)}',
 $$(SELECT bool_and(n >= 0 AND (correlation IS NULL OR correlation BETWEEN -1 AND 1)
                    AND (importance IS NULL OR importance BETWEEN 0 AND 1)
                    AND (quadrant IS NULL) = (correlation IS NULL)
                    AND (n > 0) = (performance IS NOT NULL))
           AND (count(importance) = 0 OR abs(sum(importance) - 1) <= 1e-12)
           AND array_agg(correlation) IS NOT DISTINCT FROM driver_correlations({})
           AND array_agg(importance) IS NOT DISTINCT FROM driver_importance({})
    FROM driver_analysis({}))$$),

-- durations: min <= mean, quantiles <= max (quantiles within the accuracy,
-- monotone), shares 0-1 inside their bounds, histograms holding every
-- duration
('duration_state', NULL,
 '{duration_count(duration_state),duration_sum(duration_state),duration_sum_seconds(duration_state),duration_mean(duration_state),duration_mean_seconds(duration_state),duration_min(duration_state),duration_min_seconds(duration_state),duration_max(duration_state),duration_max_seconds(duration_state),duration_accuracy(duration_state),duration_state_size(duration_state),duration_state_compact(duration_state)}',
 $$duration_count({}) >= 0 AND duration_sum_seconds({}) >= 0 AND duration_sum({}) >= interval '0'
   AND CASE WHEN duration_count({}) = 0
            THEN duration_mean({}) IS NULL AND duration_min({}) IS NULL AND duration_max({}) IS NULL
                 AND duration_mean_seconds({}) IS NULL AND duration_min_seconds({}) IS NULL
            ELSE duration_min({}) <= duration_mean({}) AND duration_mean({}) <= duration_max({})
                 AND duration_min_seconds({}) <= duration_mean_seconds({})
                 AND duration_mean_seconds({}) <= duration_max_seconds({}) * (1 + 1e-15)
                 AND abs(duration_mean_seconds({}) - duration_sum_seconds({}) / duration_count({})) <= 1e-12 * duration_max_seconds({})
            END
   AND duration_accuracy({}) IN (0.01, 0.002) AND duration_state_size({}) > 0
   AND duration_state_send(duration_state_compact({})) = duration_state_send({})$$),
('duration_state', NULL,
 '{"duration_quantile(duration_state,double precision)","duration_quantile_seconds(duration_state,double precision)","duration_quantiles(duration_state,double precision[])","duration_quantiles_seconds(duration_state,double precision[])"}',
 $$CASE WHEN duration_count({}) = 0 THEN duration_quantile({}, 0.5) IS NULL
        ELSE duration_quantiles_seconds({}, ARRAY[0, 0.1, 0.5, 0.9, 0.99, 1]) = ARRAY(SELECT duration_quantile_seconds({}, q) FROM unnest(ARRAY[0, 0.1, 0.5, 0.9, 0.99, 1]) q)
             AND duration_quantiles({}, ARRAY[0, 0.5, 1]) = ARRAY[duration_quantile({}, 0), duration_quantile({}, 0.5), duration_quantile({}, 1)]
             AND (SELECT bool_and(x BETWEEN duration_min_seconds({}) AND duration_max_seconds({}))
                         AND bool_and(x >= coalesce(previous, x))
                  FROM (SELECT x, lag(x) OVER (ORDER BY k) AS previous
                        FROM unnest(duration_quantiles_seconds({}, ARRAY[0, 0.1, 0.5, 0.9, 0.99, 1])) WITH ORDINALITY u(x, k)) q)
             AND duration_quantile({}, 0) = duration_min({}) AND duration_quantile({}, 1) = duration_max({}) END$$),
('duration_state', NULL,
 '{"duration_sla_share(duration_state,interval)","duration_sla_share_seconds(duration_state,double precision)","duration_sla_bounds(duration_state,interval)","duration_sla_bounds_seconds(duration_state,double precision)"}',
 $$(SELECT bool_and(CASE WHEN duration_count({}) = 0 THEN share IS NULL
                         ELSE share BETWEEN 0 AND 1 AND 0 <= b.lower AND b.lower <= share AND share <= b.upper AND b.upper <= 1
                              AND share = duration_sla_share_seconds({}, extract(epoch FROM target)::float8)
                              AND (b.lower, b.upper) = (SELECT lower, upper FROM duration_sla_bounds_seconds({}, extract(epoch FROM target)::float8)) END)
    FROM unnest(ARRAY[interval '0', interval '1 microsecond', interval '1 minute', interval '1 day', interval '31000 years']) target,
         LATERAL duration_sla_share({}, target) share, LATERAL duration_sla_bounds({}, target) b)$$),
('proportion_state', NULL,
 '{proportion(proportion_state),proportion_successes(proportion_state),proportion_trials(proportion_state),"proportion_ci(proportion_state,double precision)"}',
 $$0 <= proportion_successes({}) AND proportion_successes({}) <= proportion_trials({})
   AND CASE WHEN proportion_trials({}) = 0 THEN proportion({}) IS NULL AND (proportion_ci({})).lower IS NULL
            ELSE proportion({}) BETWEEN 0 AND 1
                 AND (SELECT bool_and(0 <= lower AND lower <= proportion({}) AND proportion({}) <= upper AND upper <= 1)
                      FROM unnest(ARRAY[0.5, 0.95, 0.999999]) level, LATERAL proportion_ci({}, level)) END$$),

-- timelines: the events, per stage (first <= last, reached and counted);
-- durations and times in stages >= 0, in working time at most the calendar
-- time; the refund readings of the default vocabulary and of one of our own
('timeline_state', NULL,
 '{timeline_stages(timeline_state),timeline_events(timeline_state),"timeline_first(timeline_state,text)","timeline_last(timeline_state,text)","timeline_reached(timeline_state,text)","timeline_count(timeline_state,text)"}',
 $$(SELECT coalesce(bool_and(at >= coalesce(previous, at)), true) AND count(*) = coalesce(sum(1), 0)
    FROM (SELECT at, lag(at) OVER () AS previous FROM timeline_events({})) e)
   AND (SELECT coalesce(bool_and(timeline_reached({}, s) AND timeline_first({}, s) <= timeline_last({}, s)
                                 AND timeline_count({}, s) >= 1), true)
               AND count(*) = count(DISTINCT s)
        FROM unnest(timeline_stages({})) s)
   AND (SELECT sum(timeline_count({}, s)) IS NOT DISTINCT FROM (SELECT nullif(count(*), 0) FROM timeline_events({}))
        FROM unnest(timeline_stages({})) s)
   AND NOT timeline_reached({}, 'nonexistent') AND timeline_first({}, 'nonexistent') IS NULL
   AND timeline_count({}, 'nonexistent') = 0$$),
('timeline_state', NULL,
 '{"timeline_duration(timeline_state,text,text)","timeline_duration(timeline_state,text[],text[])","timeline_time_in(timeline_state,text)","timeline_time_in(timeline_state,text[])","timeline_time_in(timeline_state,text,timestamp with time zone)","timeline_time_in(timeline_state,text[],timestamp with time zone)","timeline_duration(timeline_state,text,text,business_calendar)","timeline_duration(timeline_state,text[],text[],business_calendar)","timeline_time_in(timeline_state,text,business_calendar)","timeline_time_in(timeline_state,text[],business_calendar)","timeline_time_in(timeline_state,text,timestamp with time zone,business_calendar)","timeline_time_in(timeline_state,text[],timestamp with time zone,business_calendar)"}',
 $$(SELECT bool_and(coalesce(d >= interval '0' AND bd >= interval '0' AND bd <= d, d IS NULL AND bd IS NULL)
                    AND coalesce(t >= interval '0' AND bt >= interval '0' AND bt <= t, t IS NULL AND bt IS NULL)
                    AND coalesce(tu >= interval '0' AND btu >= interval '0' AND btu <= tu, tu IS NULL AND btu IS NULL)
                    AND coalesce(da >= interval '0' AND bda <= da AND ta >= interval '0' AND bta <= ta
                                 AND tau >= interval '0' AND btau <= tau, true))
    FROM (VALUES ('requested', 'succeeded'), ('responded', 'closed'), ('note', 'requested')) v(f, t2),
         LATERAL (SELECT 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00'::business_calendar AS cal,
                         timestamptz '2026-03-20 00:00+00' AS until) k,
         LATERAL (SELECT timeline_duration({}, f, t2) AS d, timeline_duration({}, f, t2, cal) AS bd,
                         timeline_time_in({}, f) AS t, timeline_time_in({}, f, cal) AS bt,
                         timeline_time_in({}, f, until) AS tu, timeline_time_in({}, f, until, cal) AS btu,
                         timeline_duration({}, ARRAY[f, 'note'], ARRAY[t2]) AS da,
                         timeline_duration({}, ARRAY[f, 'note'], ARRAY[t2], cal) AS bda,
                         timeline_time_in({}, ARRAY[f, t2]) AS ta, timeline_time_in({}, ARRAY[f, t2], cal) AS bta,
                         timeline_time_in({}, ARRAY[f, t2], until) AS tau,
                         timeline_time_in({}, ARRAY[f, t2], until, cal) AS btau) x)$$),
('timeline_state', NULL,
 '{refund_path(timeline_state),"refund_path(timeline_state,jsonb)",refund_completion_time(timeline_state),"refund_completion_time(timeline_state,jsonb)",refund_response_time(timeline_state),"refund_response_time(timeline_state,jsonb)",refund_handling_time(timeline_state),"refund_handling_time(timeline_state,jsonb)","refund_completion_time(timeline_state,business_calendar)","refund_completion_time(timeline_state,jsonb,business_calendar)","refund_response_time(timeline_state,business_calendar)","refund_response_time(timeline_state,jsonb,business_calendar)","refund_handling_time(timeline_state,business_calendar)","refund_handling_time(timeline_state,jsonb,business_calendar)",refund_completed(timeline_state),"refund_completed(timeline_state,jsonb)",refund_intervened(timeline_state),"refund_intervened(timeline_state,jsonb)",refund_self_completed(timeline_state),"refund_self_completed(timeline_state,jsonb)",refund_intervened_self_completed(timeline_state),"refund_intervened_self_completed(timeline_state,jsonb)"}',
 $$(SELECT bool_and((refund_path({}, voc) IS NULL) = NOT (SELECT bool_or(s = ANY (requested)) FROM unnest(timeline_stages({})) s)
                    AND coalesce(refund_completion_time({}, voc) >= interval '0'
                                 AND refund_completion_time({}, voc, cal) BETWEEN interval '0' AND refund_completion_time({}, voc), true)
                    AND coalesce(refund_response_time({}, voc) >= interval '0'
                                 AND refund_response_time({}, voc, cal) BETWEEN interval '0' AND refund_response_time({}, voc), true)
                    AND coalesce(refund_handling_time({}, voc) >= interval '0'
                                 AND refund_handling_time({}, voc, cal) BETWEEN interval '0' AND refund_handling_time({}, voc), true)
                    AND (refund_completion_time({}, voc) IS NULL) = (refund_completion_time({}, voc, cal) IS NULL)
                    AND refund_completed({}, voc) IS NOT NULL AND refund_intervened({}, voc) IS NOT NULL
                    AND (refund_self_completed({}, voc) IS NULL) = NOT refund_completed({}, voc)
                    AND (refund_intervened_self_completed({}, voc) IS NULL)
                        = NOT (refund_intervened({}, voc) AND refund_completed({}, voc)))
    FROM (VALUES (jsonb_build_object(), ARRAY['requested']), ('{"requested": ["requested", "note"]}', ARRAY['requested', 'note'])) v(voc, requested),
         LATERAL (SELECT 'v1 tz=Europe/Berlin mon-sat=08:00-20:00'::business_calendar AS cal) k)
   AND refund_path({}) IS NOT DISTINCT FROM refund_path({}, jsonb_build_object()) AND refund_completed({}) = refund_completed({}, jsonb_build_object())
   AND refund_intervened({}) = refund_intervened({}, jsonb_build_object())
   AND refund_self_completed({}) IS NOT DISTINCT FROM refund_self_completed({}, jsonb_build_object())
   AND refund_intervened_self_completed({}) IS NOT DISTINCT FROM refund_intervened_self_completed({}, jsonb_build_object())
   AND refund_completion_time({}) IS NOT DISTINCT FROM refund_completion_time({}, jsonb_build_object())
   AND refund_response_time({}) IS NOT DISTINCT FROM refund_response_time({}, jsonb_build_object())
   AND refund_handling_time({}) IS NOT DISTINCT FROM refund_handling_time({}, jsonb_build_object())
   AND refund_completion_time({}, 'v1 tz=UTC mon-sun=00:00-24:00'::business_calendar) IS NOT DISTINCT FROM refund_completion_time({})
   AND refund_response_time({}, 'v1 tz=UTC mon-sun=00:00-24:00'::business_calendar) IS NOT DISTINCT FROM refund_response_time({})
   AND refund_handling_time({}, 'v1 tz=UTC mon-sun=00:00-24:00'::business_calendar) IS NOT DISTINCT FROM refund_handling_time({})$$),

('timeline_set', NULL,
 '{unnest(timeline_set),timeline_set_cases(timeline_set)}',
 $$(SELECT count(*) = timeline_set_cases({}) AND count(DISTINCT case_id) = count(*)
           AND coalesce(bool_and((SELECT count(*) FROM timeline_events(timeline)) >= 1), true)
    FROM unnest({}))$$),

-- working time between two instants: at most the calendar time; the deadline
-- after that much working time is where it is reached; staffing intervals
-- cover the days with open shares 0-1
('business_calendar', NULL,
 '{"business_time(timestamp with time zone,timestamp with time zone,business_calendar)","business_deadline(timestamp with time zone,interval,business_calendar)","is_business_time(timestamp with time zone,business_calendar)"}',
 $$(SELECT bool_and(business_time(a, b, {}) BETWEEN interval '0' AND b - a
                    AND business_time(a, business_deadline(a, interval '3 hours', {}), {}) = interval '3 hours'
                    AND business_deadline(a, interval '3 hours', {}) >= a
                    AND is_business_time(a, {}) IS NOT NULL)
    FROM (SELECT timestamptz '2026-03-01 00:00+00' + k * interval '7 hours 13 minutes' AS a,
                 timestamptz '2026-03-01 00:00+00' + k * interval '7 hours 13 minutes' + k * interval '5 hours' AS b
          FROM generate_series(0, 12) k) x)$$),
('business_calendar', NULL,
 '{"staffing_intervals(date,date,interval,business_calendar)","staffing_intervals(date,date,interval,business_calendar,timestamp with time zone[])"}',
 $$(SELECT count(*) BETWEEN 3 * 24 - 1 AND 3 * 24 + 1
           AND bool_and(open_share BETWEEN 0 AND 1 AND is_open = (open_share > 0) AND starts_at < ends_at)
    FROM staffing_intervals('2026-03-06', '2026-03-08', '1 hour', {}))
   AND (SELECT sum(arrivals) = 3 AND bool_and(arrivals >= 0 AND arrivals_per_hour >= 0)
        FROM staffing_intervals('2026-03-06', '2026-03-08', '30 minutes', {},
                                ARRAY[timestamptz '2026-03-06 10:00+00', '2026-03-07 23:59+00', '2026-03-08 12:00+00']))$$);

-- A histogram of one row per bucket has thousands of rows for durations
-- from a microsecond to days: checked on every 10th case.
INSERT INTO prop.accessor (type, variants, covers, checks, sample) VALUES
('duration_state', NULL,
 '{duration_histogram(duration_state),duration_histogram_seconds(duration_state)}',
 $$(SELECT coalesce(sum(count), 0) = duration_count({}) AND coalesce(bool_and(lower <= upper AND count >= 0), true)
    FROM duration_histogram({}))
   AND (SELECT coalesce(sum(count), 0) = duration_count({}) AND coalesce(bool_and(lower <= upper), true)
        FROM duration_histogram_seconds({}))$$, 10),
('duration_state', NULL,
 '{"duration_histogram(duration_state,integer)","duration_histogram_seconds(duration_state,integer)"}',
 $$(SELECT coalesce(sum(count), 0) = duration_count({}) AND coalesce(bool_and(lower <= upper AND count >= 0), true)
    FROM duration_histogram({}, 5))
   AND (SELECT coalesce(sum(count), 0) = duration_count({}) AND coalesce(bool_and(lower <= upper), true)
        FROM duration_histogram_seconds({}, 3))$$, 1);

-------------------------------------------------------------------------------
-- statistics (one state against a fixed one, or against itself): estimates
-- inside their intervals and ranges, p-values 0-1, standard errors >= 0 (a
-- t interval of a difference of means is not clipped to the scale)
-------------------------------------------------------------------------------
-- whether the values that are not NULL never decrease, within a relative
-- tolerance (and as much absolute, for values near 0); ordered(): within
-- rounding
CREATE FUNCTION prop.ordered_within(tolerance float8, VARIADIC x float8[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT coalesce(bool_and(v >= previous - tolerance * greatest(abs(v), abs(previous), 1)), true)
    FROM (SELECT v, lag(v) OVER (ORDER BY k) AS previous
          FROM unnest(x) WITH ORDINALITY AS u(v, k) WHERE v IS NOT NULL) q
$$;
CREATE FUNCTION prop.ordered(VARIADIC x float8[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT prop.ordered_within(1e-9, VARIADIC x)
$$;
CREATE FUNCTION prop.p_value(p float8) RETURNS boolean LANGUAGE sql AS $$
    SELECT p IS NULL OR p BETWEEN 0 AND 1
$$;

INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('rating_state', NULL,
 '{"nps_compare(rating_state,rating_state,double precision,text)","nps_test(rating_state,double precision,text,double precision,text)"}',
 $$(SELECT bool_and((difference IS NULL) = (nps_stderr({}) IS NULL)
                    AND prop.ordered(-200, lower, CASE WHEN method = 'wald' THEN difference END, upper, 200)
                    AND coalesce(difference BETWEEN -200 AND 200 AND stderr >= 0, true) AND prop.p_value(p_value))
    FROM unnest(ARRAY['wald', 'adjusted_wald']) method, LATERAL nps_compare({}, 'v1 0:3 7:2 10:5', 0.95, method) x)
   AND (SELECT bool_and(coalesce(x.estimate = nps({}), nps_stderr({}) IS NULL) AND coalesce(x.stderr >= 0, true)
                        AND prop.ordered(-100, x.lower, CASE WHEN method = 'wald' THEN x.estimate END, x.upper, 100)
                        AND prop.p_value(x.p_value))
        FROM unnest(ARRAY['wald', 'adjusted_wald']) method, unnest(ARRAY['two_sided', 'greater', 'less']) alternative,
             LATERAL nps_test({}, 20, alternative, 0.95, method) x)$$),
('rating_state', NULL,
 '{"csat_compare(rating_state,rating_state,integer,integer,integer,double precision)","rating_mean_compare(rating_state,rating_state,double precision)"}',
 $$(SELECT bool_and(coalesce(difference = 0, true) OR other <> 'itself')
           AND bool_and((difference IS NOT NULL) = (csat({}, 0, 10, 7) IS NOT NULL AND coalesce(nps_effective_n({}) > 0, false))
                        AND prop.ordered(-100, lower, difference, upper, 100) AND prop.p_value(p_value)
                        AND prop.ordered(0, risk_ratio_lower, risk_ratio, risk_ratio_upper))
    FROM unnest(ARRAY['fixed', 'itself']) other,
         LATERAL csat_compare({}, CASE other WHEN 'itself' THEN {} ELSE 'v1 0:3 7:2 10:5' END, 0, 10, 7) x)
   AND (SELECT bool_and(coalesce(difference = 0, true) OR other <> 'itself')
               AND bool_and((difference IS NULL) = (rating_mean({}) IS NULL)
                            AND prop.ordered(lower, difference, upper) AND coalesce(difference BETWEEN -10 AND 10, true)
                            AND prop.p_value(p_value)
                            AND coalesce(stderr >= 0 AND df > 0, true))
        FROM unnest(ARRAY['fixed', 'itself']) other,
             LATERAL rating_mean_compare({}, CASE other WHEN 'itself' THEN {} ELSE 'v1 0:3 7:2 10:5' END) x)$$),
('dimension_state', NULL,
 '{"dimension_compare(dimension_state,dimension_state,double precision)"}',
 $$(SELECT count(*) = cardinality(dimension_counts({}))
           AND coalesce(bool_and(n_a = n_b AND coalesce(difference = 0, n_a = 0)
                                 AND prop.ordered(lower, difference, upper) AND prop.p_value(p_value)
                                 AND coalesce(stderr >= 0 AND df > 0, true)), true)
           AND array_agg(n_a) IS NOT DISTINCT FROM nullif(dimension_counts({}), ARRAY[]::bigint[])
    FROM dimension_compare({}, {}))$$),
('proportion_state', NULL,
 '{"proportion_compare(proportion_state,proportion_state,double precision)","proportion_test(proportion_state,double precision,text,double precision)"}',
 $$(SELECT bool_and((difference IS NULL) = (proportion({}) IS NULL)
                    AND (other <> 'itself' OR coalesce(difference = 0, true))
                    AND prop.ordered(-1, lower, difference, upper, 1) AND prop.p_value(p_value)
                    AND prop.ordered(0, risk_ratio_lower, risk_ratio, risk_ratio_upper))
    FROM unnest(ARRAY['fixed', 'itself']) other,
         LATERAL proportion_compare({}, CASE other WHEN 'itself' THEN {} ELSE 'v1 3/10' END) x)
   AND (SELECT bool_and(estimate IS NOT DISTINCT FROM proportion({}) AND prop.ordered(0, lower, estimate, upper, 1)
                        AND prop.p_value(p_value))
        FROM unnest(ARRAY[0.01, 0.5, 0.99]) target, unnest(ARRAY['two_sided', 'greater', 'less']) alternative,
             LATERAL proportion_test({}, target, alternative) x)$$),
-- durations against a fixed state of the same accuracy: a quantile is an
-- estimate within the accuracy, its interval's bounds are durations of the
-- state (order statistics), so the two are ordered within the accuracy
('duration_state', NULL,
 '{"duration_compare(duration_state,duration_state,double precision)","duration_quantile_compare(duration_state,duration_state,double precision,double precision)","duration_quantile_compare_seconds(duration_state,duration_state,double precision,double precision)"}',
 $$(SELECT bool_and((probability_longer IS NULL) = (duration_count({}) = 0)
                    AND prop.ordered(0, lower, probability_longer, upper, 1) AND prop.p_value(p_value)
                    AND coalesce(u >= 0 AND resolution_error BETWEEN 0 AND 1, true))
    FROM (SELECT duration_agg(x, duration_accuracy({})) AS fixed
          FROM unnest(ARRAY[0, 1, 60, 3600, 86400, 1e6]::float8[]) x) f, LATERAL duration_compare({}, fixed) c)
   AND (SELECT bool_and(q.quantile_a IS NOT DISTINCT FROM duration_quantile({}, fraction)
                        AND s.quantile_a IS NOT DISTINCT FROM duration_quantile_seconds({}, fraction)
                        AND abs(extract(epoch FROM q.difference - (q.quantile_a - q.quantile_b)))
                            <= 1e-9 * extract(epoch FROM greatest(q.quantile_a, q.quantile_b)) + 1e-6
                        AND abs(s.difference - (s.quantile_a - s.quantile_b)) <= 1e-9 * greatest(s.quantile_a, s.quantile_b)
                        AND prop.ordered_within(2 * duration_accuracy({}), s.lower, s.difference, s.upper))
        FROM (SELECT duration_agg(x, duration_accuracy({})) AS fixed
              FROM unnest(ARRAY[0, 1, 60, 3600, 86400, 1e6]::float8[]) x) f,
             unnest(ARRAY[0, 0.1, 0.5, 0.9, 1]) fraction,
             LATERAL duration_quantile_compare({}, fixed, fraction) q,
             LATERAL duration_quantile_compare_seconds({}, fixed, fraction) s)$$),
('duration_state', NULL,
 '{"duration_quantile_test(duration_state,double precision,interval,text,double precision)","duration_quantile_test_seconds(duration_state,double precision,double precision,text,double precision)"}',
 $$(SELECT bool_and(q.quantile IS NOT DISTINCT FROM duration_quantile({}, fraction)
                    AND s.quantile IS NOT DISTINCT FROM duration_quantile_seconds({}, fraction)
                    AND (q.lower IS NULL) = (s.lower IS NULL) AND (q.upper IS NULL) = (s.upper IS NULL)
                    AND prop.ordered_within(2 * duration_accuracy({}), 0, s.lower, s.quantile, s.upper)
                    AND coalesce(q.share_within BETWEEN 0 AND 1 AND s.share_within BETWEEN 0 AND 1, true)
                    AND q.share_within IS NOT DISTINCT FROM s.share_within
                    AND prop.p_value(q.p_value) AND q.p_value IS NOT DISTINCT FROM s.p_value)
    FROM unnest(ARRAY[0.1, 0.5, 0.9]) fraction, unnest(ARRAY[1, 3600, 86400]::float8[]) target,
         unnest(ARRAY['two_sided', 'greater', 'less']) alternative,
         LATERAL duration_quantile_test({}, fraction, make_interval(secs => target), alternative) q,
         LATERAL duration_quantile_test_seconds({}, fraction, target, alternative) s)$$);

-- business days and latest starts: a latest start gets exactly the amount
-- by the deadline, the window start is at or before it and gets at most
-- the amount; business days add up, and a day deadline is the last
-- instant within that many business days
INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('business_calendar', NULL,
 '{"business_start(timestamp with time zone,interval,business_calendar)","business_window_start(timestamp with time zone,interval,business_calendar)"}',
 $$(SELECT bool_and(s <= d AND business_time(s, d, {}) = amount AND w <= s AND business_time(w, d, {}) <= amount)
    FROM (SELECT timestamptz '2026-03-09 00:00+00' + k * interval '7 hours 13 minutes' AS d,
                 k * interval '47 minutes' AS amount
          FROM generate_series(0, 12) k) x,
         LATERAL business_start(d, amount, {}) s, LATERAL business_window_start(d, amount, {}) w)$$),
('business_calendar', NULL,
 '{"business_day(timestamp with time zone,business_calendar)","business_days(timestamp with time zone,timestamp with time zone,business_calendar)","business_day_deadline(timestamp with time zone,integer,business_calendar)"}',
 $$(SELECT bool_and(business_days(a, a, {}) = 0 AND business_days(a, b, {}) = -business_days(b, a, {})
                    AND business_days(a, b, {}) + business_days(b, c, {}) = business_days(a, c, {})
                    AND business_day(a, {}) <= business_day(b, {})
                    AND dl >= a AND business_days(a, dl, {}) = days
                    AND business_days(a, dl + interval '1 microsecond', {}) = days + 1
                    AND business_day(dl, {}) = business_day(business_day_deadline(a, days, {}), {}))
    FROM (SELECT timestamptz '2026-03-01 00:00+00' + k * interval '7 hours 13 minutes' AS a,
                 timestamptz '2026-03-01 00:00+00' + k * interval '11 hours 5 minutes' AS b,
                 timestamptz '2026-03-01 00:00+00' + k * interval '17 hours' AS c, k % 4 AS days
          FROM generate_series(0, 12) k) x,
         LATERAL business_day_deadline(a, days, {}) dl)$$);

-------------------------------------------------------------------------------
-- key drivers and monitoring (issues 16 and 14): gap states of named
-- dimensions, moment_state, outcome_state, duration_outcome_state, and the
-- functions reading them or the older states
-------------------------------------------------------------------------------
INSERT INTO prop.variant (name, type, rows, agg, merge, read, tolerance, absolute, cases) VALUES
-- gap analysis of long rows: named dimensions (quotes, non-ASCII), a NULL
-- in any column skips the row
('paired_gap_named', 'paired_state', $$
    SELECT c, i, CASE WHEN random() < 0.05 THEN NULL
                      ELSE (ARRAY['speed', 'attitude', 'say "hi"', 'délai'])[1 + floor(random() * 4)::int] END AS dimension,
           CASE WHEN random() < 0.1 THEN NULL ELSE 1 + floor(random() * 5) END::float8 AS expectation,
           CASE WHEN random() < 0.1 THEN NULL ELSE 1 + 4 * random() END::float8 AS perception
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'gap_agg(dimension, expectation, perception)', 'paired_agg',
 $$ARRAY(SELECT unnest(ARRAY[n, expectation, perception, gap, stddev]) FROM gap_analysis({}))$$, 1e-9, 0, 300),
-- key drivers, wide rows by position: an overall score 0-10 and three
-- dimensions, one of them offset by 0, -1e3 or 1e6 a case (spread 4: the
-- co-moments keep about 9 digits, as for paired_driver), NULLs make a
-- response incomplete
('moment_wide', 'moment_state', $$
    SELECT c, i, CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * 11) END::float8 AS overall,
           ARRAY[CASE WHEN random() < 0.1 THEN NULL ELSE 1 + floor(random() * 5) END,
                 base + 4 * random(), 1 + 4 * (random() < 0.5)::int]::float8[] AS scores
    FROM generate_series(1, :cases) c,
         LATERAL (SELECT (ARRAY[0, -1e3, 1e6])[1 + floor(random() * 3)::int + c - c] AS base) s,
         generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'moment_agg(overall, scores)', 'moment_agg',
 $$ARRAY[(moment_summary({})).responses, (moment_summary({})).incomplete, (moment_summary({})).total_weight]::float8[]
   || ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means({}))
   || ARRAY(SELECT correlation FROM moment_correlations({}))$$, 1e-6, 1e-8, 300),
-- named, with frequency weights in quarters (0 included: counted, no weight)
('moment_named_weighted', 'moment_state', $$
    SELECT c, i, floor(random() * 11)::float8 AS overall,
           ARRAY[1 + floor(random() * 5), CASE WHEN random() < 0.2 THEN NULL ELSE random() * 10 END]::float8[] AS scores,
           floor(random() * 13) / 4.0::float8 AS weight
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'moment_agg(overall, scores, ARRAY[''speed'', ''say "hi"''], weight)', 'moment_agg',
 $$ARRAY[(moment_summary({})).responses, (moment_summary({})).incomplete, (moment_summary({})).total_weight]::float8[]
   || ARRAY(SELECT unnest(ARRAY[mean, stddev]) FROM moment_means({}))
   || ARRAY(SELECT correlation FROM moment_correlations({}))$$, 1e-9, 1e-9, 300),
-- 2x2 outcomes: exposure and outcome, NULLs skip the row
('outcome', 'outcome_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.4 END AS exposed,
           CASE WHEN random() < 0.1 THEN NULL ELSE random() < share END AS outcome
    FROM generate_series(1, :cases) c, LATERAL (SELECT random() + c - c AS share) s,
         generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'outcome_agg(exposed, outcome)', 'outcome_agg', NULL, 0, 0, 300),
-- outcomes per duration bucket: durations 0 to 10^7 s on a log scale and
-- exactly on the edges (a bucket starts at its edge)
('duration_outcome', 'duration_outcome_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL
                      WHEN random() < 0.2 THEN (ARRAY[0, 60, 3600, 86400])[1 + floor(random() * 4)::int]
                      ELSE 10 ^ (7 * random()) END::float8 AS seconds,
           CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.5 END AS outcome
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'duration_outcome_agg(seconds, outcome, ARRAY[60, 3600, 86400]::float8[])', 'duration_outcome_agg', NULL, 0, 0, 300);

-- The driver analyses of a state, each in its range, or the error they
-- document for a state they cannot fit (a variable that does not vary, one
-- that is a linear combination of others, or a correlation matrix too
-- close to singular): with a total weight of at least p + 2 (p dimensions),
-- R^2 in [0, 1], adjusted at most R^2, coefficients inside their
-- intervals, relative weights and Shapley values >= 0 adding up to R^2
-- (rescaled: to 100), p-values 0-1; with less, every estimate NULL.
CREATE FUNCTION prop.drivers_in_range(s moment_state) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    fit record;
    fittable boolean := (SELECT total_weight >= cardinality(dimensions) + 2 FROM moment_summary(s));
BEGIN
    SELECT * INTO fit FROM driver_fit(s);
    IF NOT fittable THEN
        RETURN fit.r2 IS NULL
            AND (SELECT bool_and(coefficient IS NULL) FROM driver_regression(s))
            AND (SELECT bool_and(raw_weight IS NULL) FROM driver_relative_weights(s))
            AND (SELECT bool_and(shapley IS NULL) FROM driver_shapley(s))
            AND (SELECT bool_and(importance IS NULL AND beta IS NULL) FROM driver_report(s));
    END IF;
    RETURN coalesce(fit.r2 BETWEEN -1e-12 AND 1 + 1e-12, false)
        AND coalesce(fit.adjusted_r2 <= fit.r2 + 1e-12, true) AND coalesce(fit.f >= 0, true)
        AND prop.p_value(fit.p_value) AND coalesce(fit.residual_stddev >= 0, true)
        AND (SELECT bool_and(prop.ordered(lower, coefficient, upper) AND coalesce(stderr >= 0, true)
                             AND prop.p_value(p_value))
             FROM driver_regression(s))
        AND (SELECT bool_and(raw_weight >= -1e-12 AND rescaled >= -1e-9)
                    AND abs(sum(raw_weight) - fit.r2) <= 1e-9 AND abs(sum(rescaled) - 100) <= 1e-6
             FROM driver_relative_weights(s))
        AND (SELECT bool_and(shapley >= -1e-12 AND rescaled >= -1e-9)
                    AND abs(sum(shapley) - fit.r2) <= 1e-9 AND abs(sum(rescaled) - 100) <= 1e-6
             FROM driver_shapley(s))
        AND (SELECT bool_and(coalesce(correlation BETWEEN -1 AND 1, true) AND prop.p_value(p_value)
                             AND coalesce(importance >= -1e-12, true) AND coalesce(share BETWEEN -1e-9 AND 100 + 1e-9, true))
             FROM driver_report(s));
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN SQLERRM ~ '(does not vary|is a linear combination of|too close to singular)';
END $$;

INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('paired_state', '{paired_gap_named}',
 '{"gap_overall(paired_state,jsonb)","gap_compare(paired_state,paired_state,text[],double precision)"}',
 $$(SELECT coalesce(abs(o.gap - (o.perception - o.expectation)) <= 1e-12 * greatest(abs(o.perception), abs(o.expectation), 1)
                        AND o.expectation BETWEEN 1 AND 5 AND o.perception BETWEEN 1 AND 5, o.gap IS NULL)
        FROM (SELECT jsonb_object_agg(d, 1) AS w FROM gap_analysis({}) g(d)) x, LATERAL gap_overall({}, w) o)
   AND (SELECT bool_and(n_a = n_b AND coalesce(difference = 0, n_a < 2) AND prop.ordered(lower, difference, upper)
                        AND coalesce(stderr >= 0, true) AND prop.p_value(p_value))
        FROM gap_compare({}, {}))$$),
('paired_state', '{paired_gap}',
 '{"gap_overall(paired_state,double precision[])"}',
 $$(SELECT coalesce(abs(gap - (perception - expectation)) <= 1e-12 * greatest(abs(perception), abs(expectation), 1)
                    AND expectation BETWEEN 1 AND 5 AND perception BETWEEN 1 AND 5, gap IS NULL)
    FROM gap_overall({}, ARRAY[1, 2]))$$),
-- counts, weights and means; standard deviations >= 0, correlations -1 to 1
('moment_state', NULL,
 '{moment_summary(moment_state),moment_means(moment_state),moment_correlations(moment_state)}',
 $$(SELECT responses >= 0 AND incomplete >= 0 AND total_weight >= 0 AND (responses > 0 OR total_weight = 0)
           AND cardinality(dimensions) >= 1 AND overall IS NOT NULL
    FROM moment_summary({}))
   AND (SELECT count(*) = cardinality((moment_summary({})).dimensions) + 1 AND bool_and(coalesce(stddev >= 0, true))
        FROM moment_means({}))
   AND (SELECT coalesce(bool_and(coalesce(correlation BETWEEN -1 AND 1, true) AND prop.p_value(p_value)), true)
        FROM moment_correlations({}))$$),
('moment_state', NULL,
 '{"driver_regression(moment_state,double precision)","driver_fit(moment_state)","driver_relative_weights(moment_state)","driver_shapley(moment_state)","driver_report(moment_state,double precision,boolean,text)"}',
 'prop.drivers_in_range({})'),
-- outcomes: each side a proportion state; risks 0-1 inside their
-- intervals, ratios >= 0 inside theirs, chi-square >= 0, p-values 0-1
('outcome_state', NULL,
 '{outcome_exposed(outcome_state),outcome_unexposed(outcome_state),"outcome_association(outcome_state,double precision,boolean)"}',
 $$proportion_successes(outcome_exposed({})) <= proportion_trials(outcome_exposed({}))
   AND proportion_successes(outcome_unexposed({})) <= proportion_trials(outcome_unexposed({}))
   AND (SELECT bool_and(risk_exposed IS NOT DISTINCT FROM proportion(outcome_exposed({}))
                        AND risk_unexposed IS NOT DISTINCT FROM proportion(outcome_unexposed({}))
                        AND prop.ordered(-1, risk_difference_lower, risk_difference, risk_difference_upper, 1)
                        AND prop.ordered(0, risk_ratio_lower, risk_ratio, risk_ratio_upper)
                        AND prop.ordered(0, odds_ratio_lower, odds_ratio_upper)
                        AND coalesce(chi_square >= 0, true) AND prop.p_value(p_value) AND prop.p_value(fisher_p_value))
        FROM unnest(ARRAY[false, true]) yates, LATERAL outcome_association({}, 0.95, yates))$$),
-- buckets: every one listed in order, outcomes <= trials, rates 0-1 inside
-- their Wilson intervals; the trend p-value 0-1
('duration_outcome_state', NULL,
 '{"duration_outcome(duration_outcome_state,double precision)","duration_outcome_seconds(duration_outcome_state,double precision)",duration_outcome_trend(duration_outcome_state)}',
 $$(SELECT count(*) = 4 AND bool_and(0 <= outcomes AND outcomes <= trials AND (rate IS NULL) = (trials = 0)
                                     AND prop.ordered(0, lower, rate, upper, 1))
           AND array_agg(bucket ORDER BY bucket) = ARRAY[1, 2, 3, 4]
    FROM duration_outcome({}))
   AND (SELECT bool_and(seconds_from < coalesce(seconds_to, 'infinity') AND prop.ordered(0, lower, rate, upper, 1))
           AND array_agg(trials ORDER BY bucket) = (SELECT array_agg(trials ORDER BY bucket) FROM duration_outcome({}))
    FROM duration_outcome_seconds({}))
   AND (SELECT buckets BETWEEN 0 AND 4 AND prop.p_value(p_value) FROM duration_outcome_trend({}))$$),
-- control limits of a period against a fixed baseline: the center is the
-- baseline's, the limits around it within the measure's range
('proportion_state', NULL,
 '{"proportion_control_limits(proportion_state,proportion_state,double precision)"}',
 $$(SELECT coalesce(estimate IS NOT DISTINCT FROM proportion({}) AND center = 0.3
                    AND prop.ordered(0, lower, center, upper, 1) AND prop.p_value(p_value), estimate IS NULL)
    FROM proportion_control_limits('v1 3/10', {}))$$),
('rating_state', NULL,
 '{"nps_control_limits(rating_state,rating_state,double precision)","rating_mean_control_limits(rating_state,rating_state,double precision)"}',
 $$(SELECT coalesce(abs(estimate - nps({})) <= 1e-9 AND prop.ordered(-100, lower, center, upper, 100)
                    AND prop.p_value(p_value), estimate IS NULL)
    FROM nps_control_limits('v1 0:3 7:2 10:5', {}))
   AND (SELECT coalesce(abs(estimate - rating_mean({})) <= 1e-9 AND prop.ordered(lower, center, upper)
                        AND prop.p_value(p_value), estimate IS NULL)
        FROM rating_mean_control_limits('v1 0:3 7:2 10:5', {}))$$);

-------------------------------------------------------------------------------
-- funnel_state, contact_state, category_state (issues 13 and 15)
-------------------------------------------------------------------------------
-- Funnels of timelines: every case a timeline of 0-6 events of five stages
-- (ties in time, repeated stages, NULL timelines), at most 30 cases a state,
-- so far fewer than the 1,000 distinct sequences beyond which sequences
-- become a frequent-items summary: merges stay exact.  With a stage list,
-- events of other stages are ignored.
INSERT INTO prop.variant (name, type, rows, agg, merge, read, tolerance, absolute, cases) VALUES
('funnel_seen', 'funnel_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE
               (SELECT timeline_agg((ARRAY['new', 'open', 'waiting', 'solved', 'say "hi"'])[1 + floor(random() * 5)::int + 0 * e],
                                    timestamptz '2026-03-02 08:00+00' + floor(random() * 50 + 0 * i) * interval '17 minutes')
                FROM generate_series(1, floor(random() * 7)::int + 0 * i + 0 * c) e) END AS tl
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 31))::int) i$$,
 'funnel_agg(tl)', 'funnel_agg', NULL, 0, 0, 200),
('funnel_given', 'funnel_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE
               (SELECT timeline_agg((ARRAY['new', 'open', 'waiting', 'solved', 'other'])[1 + floor(random() * 5)::int + 0 * e],
                                    timestamptz '2026-03-02 08:00+00' + floor(random() * 50 + 0 * i) * interval '17 minutes')
                FROM generate_series(1, floor(random() * 7)::int + 0 * i + 0 * c) e) END AS tl
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 31))::int) i$$,
 'funnel_agg(tl, ARRAY[''new'', ''open'', ''solved''])', 'funnel_agg', NULL, 0, 0, 200),
-- contacts: few customers and topics (ties), NULL topics, equal times,
-- a 3-day window
('contact', 'contact_state', $$
    SELECT c, i, floor(random() * 6)::bigint - 2 AS customer,
           CASE WHEN random() < 0.15 THEN NULL ELSE (ARRAY['billing', 'delivery', 'say "hi"'])[1 + floor(random() * 3)::int] END AS topic,
           timestamptz '2026-03-02 08:00+00' + floor(random() * 40) * interval '7 hours' AS at
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'contact_agg(customer, topic, at, interval ''3 days'')', 'contact_agg', NULL, 0, 0, 300),
-- contacts with a label and resolved flag (NULL: undecided), text customers
('contact_labelled', 'contact_state', $$
    SELECT c, i, (ARRAY['C-1', 'C-2', '', 'C "q"'])[1 + floor(random() * 4)::int] AS customer,
           CASE WHEN random() < 0.1 THEN NULL ELSE (ARRAY['billing', 'delivery'])[1 + floor(random() * 2)::int] END AS topic,
           timestamptz '2026-03-02 08:00+00' + floor(random() * 40) * interval '5 hours' AS at,
           CASE WHEN random() < 0.2 THEN NULL ELSE (ARRAY['chat', 'phone'])[1 + floor(random() * 2)::int] END AS label,
           CASE WHEN random() < 0.3 THEN NULL ELSE random() < 0.6 END AS resolved
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'contact_agg(customer, topic, at, interval ''1 day'', label, resolved)', 'contact_agg', NULL, 0, 0, 300),
-- categories: few (ties), NULL, empty and quoted names
('category', 'category_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL
                      ELSE (ARRAY['damage', 'late delivery', '', 'say "hi"', 'délai'])[1 + floor(random() * 5)::int] END AS category
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'category_agg(category)', 'category_agg', NULL, 0, 0, 300),
-- weights in quarters (zero included): sums and squares exact
('category_weighted', 'category_state', $$
    SELECT c, i, CASE WHEN random() < 0.1 THEN NULL ELSE (ARRAY['damage', 'late', 'other'])[1 + floor(random() * 3)::int] END AS category,
           floor(random() * 13) / 4.0::float8 AS weight
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 41))::int) i$$,
 'category_agg(category, weight)', 'category_agg', NULL, 0, 0, 300);

INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('funnel_state', NULL,
 '{funnel_cases(funnel_state),"funnel_stages(funnel_state,double precision)","funnel_json(funnel_state,double precision)"}',
 $$funnel_cases({}) >= 0
   AND (SELECT coalesce(bool_and(cases BETWEEN 0 AND funnel_cases({})
                                 AND CASE WHEN funnel_cases({}) > 0
                                          THEN share BETWEEN 0 AND 1 AND 0 <= lower AND lower <= share + 1e-12
                                               AND share <= upper + 1e-12 AND upper <= 1
                                               AND abs(share - cases::float8 / funnel_cases({})) <= 1e-12
                                          ELSE share IS NULL END), true)
             AND coalesce(min(position) = 1 AND max(position) = count(*) AND count(DISTINCT position) = count(*), true)
        FROM funnel_stages({}, 0.9))
   AND (funnel_json({}) ->> 'cases')::bigint = funnel_cases({})$$),
('funnel_state', NULL,
 '{funnel_stage_times(funnel_state),funnel_transitions(funnel_state)}',
 $$(SELECT coalesce(bool_and(duration_count(t.time) = s.cases), true)
    FROM funnel_stage_times({}) t JOIN funnel_stages({}) s USING (position))
   AND (SELECT coalesce(bool_and(cases BETWEEN 1 AND funnel_cases({}) AND transitions >= cases), true)
        FROM funnel_transitions({}))$$),
('funnel_state', NULL,
 '{"funnel_sequences(funnel_state,integer)"}',
 $$(SELECT count(*) <= 5 AND coalesce(bool_and(cases BETWEEN 1 AND funnel_cases({}) AND max_error = 0 AND NOT truncated), true)
    FROM funnel_sequences({}, 5))
   AND (SELECT coalesce(sum(cases), 0) <= funnel_cases({}) FROM funnel_sequences({}, 1000))$$),
('contact_state', NULL,
 '{contact_summary(contact_state),contact_repeat_rate(contact_state),"contact_repeat_rate(contact_state,text)"}',
 $$(SELECT contacts >= 0 AND repeated BETWEEN 0 AND contacts AND episodes BETWEEN 0 AND contacts
           AND keys BETWEEN 0 AND contacts AND topics >= 0 AND labels >= 0
           AND CASE WHEN contacts > 0 THEN abs(contact_repeat_rate({}) - repeated::float8 / contacts) <= 1e-12
                    ELSE contact_repeat_rate({}) IS NULL END
    FROM contact_summary({}))
   AND coalesce(contact_repeat_rate({}, 'billing') BETWEEN 0 AND 1, true)$$),
('contact_state', NULL,
 '{"contact_repeats(contact_state,double precision,double precision,contact_state)"}',
 $$(SELECT coalesce(bool_and(repeated BETWEEN 0 AND contacts AND undecided BETWEEN 0 AND contacts
                             AND repeat_rate BETWEEN 0 AND 1 AND 0 <= lower AND lower <= repeat_rate + 1e-12
                             AND repeat_rate <= upper + 1e-12 AND upper <= 1
                             AND alarm = (repeat_rate > 0.15)), true)
           AND coalesce(sum(contacts), 0) = (contact_summary({})).contacts
    FROM contact_repeats({}, 0.15, 0.9))$$),
('contact_state', NULL,
 '{"contact_fcr(contact_state,text,double precision,boolean,contact_state)"}',
 $$(SELECT coalesce(bool_and(resolved_first BETWEEN 0 AND episodes AND undecided BETWEEN 0 AND episodes
                             AND coalesce(fcr BETWEEN 0 AND 1 AND 0 <= lower AND lower <= fcr + 1e-12
                                          AND fcr <= upper + 1e-12 AND upper <= 1, fcr IS NULL)), true)
    FROM unnest(ARRAY['topic', 'label', 'topic_label', 'all']) b, LATERAL contact_fcr({}, b, 0.95, b = 'all'))$$),
('category_state', NULL,
 '{category_total(category_state),"category_shares(category_state,double precision,double precision,double precision)","category_top(category_state,integer)"}',
 $$(SELECT coalesce(sum(count), 0) = category_total({})
           AND coalesce(bool_and(count >= 1 AND coalesce(weight >= 0, true)
                                 AND CASE WHEN share IS NULL
                                          THEN weight = 0 AND lower IS NULL AND upper IS NULL
                                          ELSE coalesce(share BETWEEN 0 AND 1 AND 0 <= lower
                                                        AND lower <= share + 1e-12 AND share <= upper + 1e-12
                                                        AND upper <= 1
                                                        AND cumulative_share BETWEEN share - 1e-12 AND 1 + 1e-12
                                                        AND pareto_class IN ('A', 'B', 'C'), false) END), true)
           AND coalesce(min(rank) = 1 AND max(rank) = count(*) AND count(DISTINCT rank) = count(*), true)
           AND coalesce(abs(max(cumulative_share) - 1) <= 1e-9, true)
           AND category_top({}, 2) IS NOT DISTINCT FROM (array_agg(category ORDER BY rank))[1:2]
    FROM category_shares({}, 0.9, 0.8, 0.95))$$),
('category_state', NULL,
 '{"category_count(category_state,text)","category_share(category_state,text)"}',
 $$category_count({}, 'damage') BETWEEN 0 AND category_total({})
   AND coalesce(category_share({}, 'damage') BETWEEN 0 AND 1,
                (SELECT coalesce(sum(coalesce(weight, count)), 0) = 0 FROM category_shares({})))$$),
('category_state', NULL,
 '{"category_compare(category_state,category_state,double precision)","category_mix_test(category_state,category_state)"}',
 $$(SELECT coalesce(bool_and(coalesce(share_a BETWEEN 0 AND 1 AND share_b BETWEEN 0 AND 1
                                      AND difference BETWEEN -1 AND 1 AND -1 <= lower AND lower <= difference + 1e-12
                                      AND difference <= upper + 1e-12 AND upper <= 1, difference IS NULL)), true)
    FROM category_compare({}, 'v1 "damage":12 "late":7 null:3'))
   AND (SELECT coalesce(chi_square >= 0 AND df >= 0 AND p_value BETWEEN 0 AND 1 AND cramers_v BETWEEN 0 AND 1 + 1e-12
                        AND min_expected >= 0, chi_square IS NULL)
        FROM category_mix_test({}, 'v1 "damage":12 "late":7 null:3'))$$);

-- Support tickets for the SLA clocks (issue 13): statuses, messages and
-- priority events of the default vocabulary, ties in time, NULL stages
INSERT INTO prop.variant (name, type, rows, agg, merge, read, tolerance, absolute, cases) VALUES
('timeline_support', 'timeline_state', $$
    SELECT c, i, CASE WHEN random() < 0.05 THEN NULL
                      ELSE (ARRAY['new', 'open', 'pending', 'on_hold', 'solved', 'customer_message', 'agent_reply',
                                  'customer_message', 'agent_reply', 'priority:urgent', 'priority:normal'])[1 + floor(random() * 11)::int] END AS stage,
           timestamptz '2026-03-02 08:00+00' + floor(random() * 120) * interval '23 minutes' AS at
    FROM generate_series(1, :cases) c, generate_series(1, (c - c + floor(random() * 21))::int) i$$,
 'timeline_agg(stage, at)', 'timeline_agg', NULL, 0, 0, 200);

CREATE FUNCTION prop.sla_policy() RETURNS jsonb LANGUAGE sql AS $$
    SELECT '{"first_reply": {"urgent": "1 hour", "normal": "4 hours"}, "next_reply": "8 hours",
             "periodic_update": "16 hours", "requester_wait": "20 hours", "agent_work": "30 hours",
             "resolution": {"urgent": "16 hours", "normal": "40 hours"}, "default_priority": "normal"}'::jsonb
$$;
CREATE FUNCTION prop.sla_window() RETURNS tstzrange LANGUAGE sql AS $$
    SELECT tstzrange('2026-03-02 10:00+00', '2026-03-03 20:00+00')
$$;

INSERT INTO prop.accessor (type, variants, covers, checks) VALUES
('timeline_state', '{timeline_support}',
 '{"sla_clock(timeline_state,text[],text[],text[],text[],timestamp with time zone,business_calendar,boolean)","sla_clock_status(timeline_state,text[],text[],interval,text[],text[],timestamp with time zone,business_calendar,boolean)"}',
 $$coalesce(sla_clock({}, '{new,open}', '{solved}', '{pending}') >= interval '0', true)
   AND (SELECT coalesce(elapsed >= interval '0', true)
               AND (met IS NULL OR elapsed IS NOT NULL)
               AND (remaining IS NULL OR elapsed IS NULL OR remaining = interval '4 hours' - elapsed)
               AND (met IS NULL OR met = (elapsed <= interval '4 hours'))
        FROM sla_clock_status({}, '{new,open}', '{solved}', interval '4 hours', '{pending}', ARRAY[]::text[],
                              timestamptz '2026-03-03 12:00+00'))$$),
('timeline_state', '{timeline_support}',
 '{"sla_time(timeline_state,text,jsonb,timestamp with time zone,business_calendar)","sla_met(timeline_state,text,jsonb,timestamp with time zone,business_calendar)","sla_breach_at(timeline_state,text,jsonb,timestamp with time zone,business_calendar)","sla_remaining(timeline_state,text,jsonb,timestamp with time zone,business_calendar)"}',
 $$(SELECT bool_and(coalesce(sla_time({}, m, prop.sla_policy()) >= interval '0', true)
                    AND (sla_met({}, m, prop.sla_policy()) IS NOT true OR sla_breach_at({}, m, prop.sla_policy()) IS NULL)
                    AND (sla_met({}, m, prop.sla_policy()) IS NOT false
                         OR sla_breach_at({}, m, prop.sla_policy(), timestamptz '2030-01-01') IS NOT NULL)
                    AND (sla_met({}, m, prop.sla_policy()) IS NOT true
                         OR sla_remaining({}, m, prop.sla_policy()) >= interval '0'))
    FROM unnest(ARRAY['first_reply', 'next_reply', 'periodic_update', 'requester_wait', 'agent_work', 'resolution']) m)$$),
('timeline_state', '{timeline_support}',
 '{"sla_reply_pairs(timeline_state,jsonb,timestamp with time zone,business_calendar)","sla_stalled(timeline_state,interval,timestamp with time zone,jsonb,business_calendar)"}',
 $$(SELECT coalesce(bool_and(message_at IS NOT NULL AND coalesce(reply_at >= message_at, true)
                             AND coalesce(waited >= interval '0', true))
                    AND min(pair) = 1 AND max(pair) = count(*) AND count(DISTINCT pair) = count(*), true)
    FROM sla_reply_pairs({}, prop.sla_policy()))
   AND (sla_stalled({}, interval '6 hours', timestamptz '2026-03-04 00:00+00') IS NOT true
        OR (SELECT max(entered_at) < timestamptz '2026-03-04 00:00+00' - interval '6 hours'
            FROM timeline_stage_periods({}) WHERE entered_at <= timestamptz '2026-03-04 00:00+00'))$$),
('timeline_state', '{timeline_support}',
 '{"timeline_stage_at(timeline_state,timestamp with time zone,text[])","timeline_stage_periods(timeline_state,timestamp with time zone,text[])"}',
 $$(SELECT coalesce(bool_and(entered_at <= coalesce(left_at, entered_at)
                             AND (next_entered IS NULL OR left_at = next_entered)), true)
    FROM (SELECT *, lead(entered_at) OVER (ORDER BY entered_at) AS next_entered
          FROM timeline_stage_periods({}, timestamptz '2030-01-01', '{new,open,pending,on_hold,solved}')) p)
   AND timeline_stage_at({}, timestamptz '2026-03-03 00:00+00', '{new,open,pending,on_hold,solved}') IS NOT DISTINCT FROM
       (SELECT stage FROM timeline_stage_periods({}, timestamptz '2030-01-01', '{new,open,pending,on_hold,solved}')
        WHERE entered_at <= timestamptz '2026-03-03 00:00+00' AND left_at > timestamptz '2026-03-03 00:00+00')$$),
('timeline_state', '{timeline_support}',
 '{"timeline_time_in_window(timeline_state,text[],tstzrange,business_calendar,text[])"}',
 $$timeline_time_in_window({}, '{open}', prop.sla_window()) BETWEEN interval '0' AND upper(prop.sla_window()) - lower(prop.sla_window())
   AND timeline_time_in_window({}, ARRAY['open', 'pending'], prop.sla_window()) BETWEEN timeline_time_in_window({}, '{open}', prop.sla_window())
                                                                    AND upper(prop.sla_window()) - lower(prop.sla_window())$$);
