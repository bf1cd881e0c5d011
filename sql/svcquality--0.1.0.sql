-- svcquality 0.1.0: generated from sql/*.sql by the Makefile; edit those.
\echo Use "CREATE EXTENSION svcquality" to load this file. \quit

-- from sql/rating_state.sql
-- rating_state: histogram of whole-number ratings 0-10 (optionally weighted),
-- the mergeable transition state behind nps() and other rating-scale metrics.

CREATE TYPE rating_state;

CREATE FUNCTION rating_state_in(cstring) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_out(rating_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_recv(internal) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_send(rating_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE rating_state (
    INPUT = rating_state_in,
    OUTPUT = rating_state_out,
    RECEIVE = rating_state_recv,
    SEND = rating_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION rating_state_in(cstring) IS 'Text input of rating_state';
COMMENT ON FUNCTION rating_state_out(rating_state) IS 'Text output of rating_state (exact: reads back to the same state)';
COMMENT ON FUNCTION rating_state_recv(internal) IS 'Binary input of rating_state';
COMMENT ON FUNCTION rating_state_send(rating_state) IS 'Binary output of rating_state';
COMMENT ON TYPE rating_state IS
    'Histogram of ratings 0-10 (optionally weighted): mergeable state of nps() and rating metrics. Text form: v1 rating:count ...';

-- Merging: the combine function of every rating aggregate, nps_agg(rating_state) and +.
CREATE FUNCTION rating_state_combine(rating_state, rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_combine(rating_state, rating_state) IS
    'Merge two rating states (combine function of the rating aggregates)';

CREATE FUNCTION rating_state_plus(rating_state, rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_plus(rating_state, rating_state) IS
    'Merge two rating states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = rating_state,
    RIGHTARG = rating_state,
    FUNCTION = rating_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (rating_state, rating_state) IS
    'Merge two rating states: the state of both sets of responses';

CREATE FUNCTION rating_counts(rating_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'rating_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_counts(rating_state) IS
    'Responses per rating 0..10 (array element 1 holds rating 0)';

-- Transition functions: add one score (and weight) to the state.
CREATE FUNCTION rating_state_accum(rating_state, smallint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, integer) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, bigint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, numeric) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, smallint, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, integer, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, bigint, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_accum(rating_state, numeric, double precision) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_accum_weighted_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_accum(rating_state, smallint) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, integer) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, bigint) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, numeric) IS 'Add one score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, smallint, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, integer, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, bigint, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';
COMMENT ON FUNCTION rating_state_accum(rating_state, numeric, double precision) IS 'Add one weighted score 0-10 to a rating state (transition function)';

-- Inverse transitions, so rolling windows (e.g. 28 days) do not recompute each frame.
CREATE FUNCTION rating_state_retract(rating_state, smallint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, integer) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, bigint) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_retract(rating_state, numeric) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'rating_state_retract_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rating_state_retract(rating_state, smallint) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, integer) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, bigint) IS 'Remove one score from a rating state (inverse transition for moving windows)';
COMMENT ON FUNCTION rating_state_retract(rating_state, numeric) IS 'Remove one score from a rating state (inverse transition for moving windows)';

-- from sql/nps.sql
-- Net Promoter Score: promoters 9-10, passives 7-8, detractors 0-6;
-- NPS = % promoters - % detractors, in points from -100 to 100.

CREATE FUNCTION nps(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps(rating_state) IS
    'Net Promoter Score of a rating state in points (-100 to 100); NULL without responses';

CREATE AGGREGATE nps(smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(smallint) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(integer) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(bigint) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(numeric) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(smallint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(smallint, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(integer, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(integer, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(bigint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(bigint, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(numeric, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(numeric, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(smallint) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(integer) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(bigint) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(numeric) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(smallint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(smallint, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(integer, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(integer, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(bigint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(bigint, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(numeric, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(numeric, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(rating_state) IS
    'Merge rating states (e.g. daily rollups) into one';

-- The mix
CREATE FUNCTION nps_responses(rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_responses(rating_state) IS 'Number of responses (rows) in the state';
CREATE FUNCTION nps_promoters(rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_promoters(rating_state) IS 'Number of promoter responses (scores 9-10)';
CREATE FUNCTION nps_passives(rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_passives(rating_state) IS 'Number of passive responses (scores 7-8)';
CREATE FUNCTION nps_detractors(rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_detractors(rating_state) IS 'Number of detractor responses (scores 0-6)';
CREATE FUNCTION nps_promoter_share(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_promoter_share(rating_state) IS 'Share of promoters, 0-1 (by weight when weighted)';
CREATE FUNCTION nps_passive_share(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_passive_share(rating_state) IS 'Share of passives, 0-1 (by weight when weighted)';
CREATE FUNCTION nps_detractor_share(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_detractor_share(rating_state) IS 'Share of detractors, 0-1 (by weight when weighted)';

-- Uncertainty
CREATE FUNCTION nps_effective_n(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_effective_n(rating_state) IS
    'Sample size behind the estimate: responses, or Kish''s (sum w)^2 / sum w^2 when weighted';
CREATE FUNCTION nps_stderr(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_stderr(rating_state) IS
    'Standard error of the NPS in points: 100 * sqrt((p + d - (p - d)^2) / n)';
CREATE FUNCTION nps_ci(state rating_state, level double precision DEFAULT 0.95,
                       method text DEFAULT 'wald',
                       OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_ci(rating_state, double precision, text) IS
    'Confidence interval of the NPS in points (default level 0.95), clipped to [-100, 100]; method ''wald'' (default) or ''adjusted_wald'' (better for small or unanimous samples)';
CREATE FUNCTION nps_compare(a rating_state, b rating_state, level double precision DEFAULT 0.95,
                            OUT difference double precision, OUT stderr double precision,
                            OUT z double precision, OUT p_value double precision,
                            OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_compare(rating_state, rating_state, double precision) IS
    'Is nps(a) - nps(b) real? Difference in points, standard error, z, two-sided p-value and confidence interval';

-- For BI tools
CREATE FUNCTION nps_json(rating_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'nps_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_json(rating_state) IS
    'The state as jsonb: counts, shares, NPS, standard error, effective n and the rating histogram';
CREATE CAST (rating_state AS jsonb) WITH FUNCTION nps_json(rating_state);
COMMENT ON CAST (rating_state AS jsonb) IS 'Same as nps_json(rating_state)';

-- from sql/satisfaction.sql
-- Satisfaction: CSAT on rating scales, multi-dimension states and the
-- weighted 0-100 index, gap and driver analysis, AHP weights, scorecards.

-------------------------------------------------------------------------------
-- CSAT, mean and distribution of a rating, from the rating_state of nps.sql
-------------------------------------------------------------------------------

CREATE FUNCTION csat(state rating_state, scale_min integer DEFAULT 1, scale_max integer DEFAULT 5,
                     satisfied_from integer DEFAULT 4)
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat(rating_state, integer, integer, integer) IS
    'CSAT in percent: share of responses rated satisfied_from or higher on the scale (default 1-5, satisfied 4-5); NULL without responses';
CREATE FUNCTION csat_final(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_final(rating_state) IS
    'CSAT in percent on the 1-5 scale with 4-5 satisfied (final function of the csat aggregates)';
CREATE FUNCTION csat_ci(state rating_state, scale_min integer DEFAULT 1, scale_max integer DEFAULT 5,
                        satisfied_from integer DEFAULT 4, level double precision DEFAULT 0.95,
                        OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_ci(rating_state, integer, integer, integer, double precision) IS
    'Wilson confidence interval of the CSAT in percent (Kish effective n when weighted)';
CREATE FUNCTION rating_mean(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_mean(rating_state) IS
    'Mean rating (by weight when weighted); NULL without responses';
CREATE FUNCTION rating_stddev(rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rating_stddev(rating_state) IS
    'Sample standard deviation of the ratings, as stddev_samp (weighted: with Kish effective n); NULL below 2 responses';
CREATE FUNCTION rating_distribution(state rating_state, scale_min integer DEFAULT 1,
                                    scale_max integer DEFAULT 5)
    RETURNS TABLE (rating integer, responses bigint, share double precision,
                   cumulative_share double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION rating_distribution(rating_state, integer, integer) IS
    'One row per rating of the scale: responses, share and cumulative share (by weight when weighted)';

CREATE AGGREGATE rating_agg(smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(smallint) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(smallint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(smallint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(smallint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(rating_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(smallint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(smallint, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(integer) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(integer, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(integer, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(integer) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(rating_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(integer, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(integer, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(bigint) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(bigint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(bigint, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(bigint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(rating_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(bigint, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(bigint, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';

CREATE AGGREGATE rating_agg(numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(numeric) IS
    'Rating state of whole-number ratings 0-10 (as nps_agg), to query with csat, rating_mean, rating_distribution';
CREATE AGGREGATE rating_agg(numeric, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(numeric, double precision) IS
    'Weighted rating state of ratings 0-10 with survey weights (finite, >= 0)';
CREATE AGGREGATE csat(numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(numeric) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(rating_agg(score), min, max, satisfied_from))';
CREATE AGGREGATE csat(numeric, double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = csat_final,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(numeric, double precision) IS
    'Weighted CSAT in percent of ratings 1-5 with survey weights (finite, >= 0)';
CREATE AGGREGATE rating_agg(rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rating_agg(rating_state) IS
    'Merge rating states (e.g. daily rollups) into one, as nps_agg(rating_state)';

-------------------------------------------------------------------------------
-- dimension_state: per dimension n, sum, squared deviations (Youngs-Cramer), min, max
-------------------------------------------------------------------------------

CREATE TYPE dimension_state;

CREATE FUNCTION dimension_state_in(cstring) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_out(dimension_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_recv(internal) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dimension_state_send(dimension_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dimension_state (
    INPUT = dimension_state_in,
    OUTPUT = dimension_state_out,
    RECEIVE = dimension_state_recv,
    SEND = dimension_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION dimension_state_in(cstring) IS 'Text input of dimension_state';
COMMENT ON FUNCTION dimension_state_out(dimension_state) IS 'Text output of dimension_state (exact: reads back to the same state)';
COMMENT ON FUNCTION dimension_state_recv(internal) IS 'Binary input of dimension_state';
COMMENT ON FUNCTION dimension_state_send(dimension_state) IS 'Binary output of dimension_state';
COMMENT ON TYPE dimension_state IS
    'Per satisfaction dimension (by position or by name): answers, sum, squared deviations from the mean, min, max. Text form: v1 (n sum m2 min max) ..., named: v1 "name" (n sum m2 min max) ...';

CREATE FUNCTION dimension_state_combine(dimension_state, dimension_state) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_combine(dimension_state, dimension_state) IS
    'Merge two dimension states (combine function of dimension_agg)';
CREATE FUNCTION dimension_state_plus(dimension_state, dimension_state) RETURNS dimension_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_plus(dimension_state, dimension_state) IS
    'Merge two dimension states into a new one (the + operator)';
CREATE OPERATOR + (
    LEFTARG = dimension_state, RIGHTARG = dimension_state,
    FUNCTION = dimension_state_plus, COMMUTATOR = +
);
COMMENT ON OPERATOR + (dimension_state, dimension_state) IS
    'Merge two dimension states: the state of both sets of responses';

CREATE FUNCTION dimension_state_accum(dimension_state, double precision[]) RETURNS dimension_state
    AS 'MODULE_PATHNAME', 'dimension_state_accum_wide' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_accum(dimension_state, double precision[]) IS
    'Add one response (scores by dimension position, NULL = not answered) to a dimension state (transition function)';
CREATE FUNCTION dimension_state_accum(dimension_state, text, double precision) RETURNS dimension_state
    AS 'MODULE_PATHNAME', 'dimension_state_accum_long' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dimension_state_accum(dimension_state, text, double precision) IS
    'Add one answer (dimension name, score) to a dimension state (transition function)';

CREATE AGGREGATE dimension_agg(double precision[]) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(double precision[]) IS
    'Dimension state of wide survey rows: one array of scores per response, dimensions by position, NULL = not answered';
CREATE AGGREGATE dimension_agg(text, double precision) (
    SFUNC = dimension_state_accum, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(text, double precision) IS
    'Dimension state of long survey rows: one (dimension name, score) per answer';
CREATE AGGREGATE dimension_agg(dimension_state) (
    SFUNC = dimension_state_combine, STYPE = dimension_state,
    COMBINEFUNC = dimension_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE dimension_agg(dimension_state) IS
    'Merge dimension states (e.g. daily rollups) into one';

CREATE FUNCTION dimension_names(dimension_state) RETURNS text[]
    AS 'MODULE_PATHNAME', 'dimension_state_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_names(dimension_state) IS
    'Names of the dimensions in the state''s order (sorted); NULL for positional dimensions';
CREATE FUNCTION dimension_counts(dimension_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'dimension_state_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_counts(dimension_state) IS 'Answers per dimension';
CREATE FUNCTION dimension_means(dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_means(dimension_state) IS
    'Mean score per dimension (NULL without answers)';
CREATE FUNCTION dimension_variances(dimension_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'dimension_state_variances' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dimension_variances(dimension_state) IS
    'Sample variance per dimension, as var_samp (NULL with fewer than 2 answers)';

-------------------------------------------------------------------------------
-- The weighted satisfaction index (0-100) and its breakdown
-------------------------------------------------------------------------------

CREATE FUNCTION satisfaction_index(state dimension_state, weights double precision[],
                                   scale_min double precision DEFAULT 1,
                                   scale_max double precision DEFAULT 5)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'satisfaction_index_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION satisfaction_index(dimension_state, double precision[], double precision, double precision) IS
    'Weighted satisfaction index 0-100 of positional dimensions: sum w_i (mean_i - min) / (max - min) * 100 / sum w_i; NULL when a weighted dimension has no answers';
CREATE FUNCTION satisfaction_index(state dimension_state, weights jsonb,
                                   scale_min double precision DEFAULT 1,
                                   scale_max double precision DEFAULT 5)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'satisfaction_index_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION satisfaction_index(dimension_state, jsonb, double precision, double precision) IS
    'Weighted satisfaction index 0-100 of named dimensions, weights as {"dimension": weight}; NULL when a weighted dimension has no answers';

CREATE FUNCTION satisfaction_breakdown(state dimension_state, weights double precision[],
                                       scale_min double precision DEFAULT 1,
                                       scale_max double precision DEFAULT 5,
                                       names text[] DEFAULT NULL,
                                       level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, mean double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision,
                   weight double precision, score double precision, contribution double precision)
    AS 'MODULE_PATHNAME', 'satisfaction_breakdown_array' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION satisfaction_breakdown(dimension_state, double precision[], double precision, double precision, text[], double precision) IS
    'Per positional dimension: answers, mean, stddev, confidence interval, weight share, score 0-100 and contribution to the index';
CREATE FUNCTION satisfaction_breakdown(state dimension_state, weights jsonb,
                                       scale_min double precision DEFAULT 1,
                                       scale_max double precision DEFAULT 5,
                                       level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, mean double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision,
                   weight double precision, score double precision, contribution double precision)
    AS 'MODULE_PATHNAME', 'satisfaction_breakdown_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION satisfaction_breakdown(dimension_state, jsonb, double precision, double precision, double precision) IS
    'Per named dimension: answers, mean, stddev, confidence interval, weight share, score 0-100 and contribution to the index';

-------------------------------------------------------------------------------
-- paired_state: per dimension the co-moments of pairs, for gap and driver analysis
-------------------------------------------------------------------------------

CREATE TYPE paired_state;

CREATE FUNCTION paired_state_in(cstring) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_out(paired_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_recv(internal) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION paired_state_send(paired_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE paired_state (
    INPUT = paired_state_in,
    OUTPUT = paired_state_out,
    RECEIVE = paired_state_recv,
    SEND = paired_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION paired_state_in(cstring) IS 'Text input of paired_state';
COMMENT ON FUNCTION paired_state_out(paired_state) IS 'Text output of paired_state (exact: reads back to the same state)';
COMMENT ON FUNCTION paired_state_recv(internal) IS 'Binary input of paired_state';
COMMENT ON FUNCTION paired_state_send(paired_state) IS 'Binary output of paired_state';
COMMENT ON TYPE paired_state IS
    'Per dimension the co-moments of score pairs (gap: expectation, perception; driver: overall, dimension). Text form: v1 gap|driver (n sum_x sum_y m2_x m2_y c_xy m2_d) ...';

CREATE FUNCTION paired_state_combine(paired_state, paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_combine(paired_state, paired_state) IS
    'Merge two paired states (combine function of gap_agg and driver_agg)';
CREATE FUNCTION paired_state_plus(paired_state, paired_state) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_plus(paired_state, paired_state) IS
    'Merge two paired states into a new one (the + operator)';
CREATE OPERATOR + (
    LEFTARG = paired_state, RIGHTARG = paired_state,
    FUNCTION = paired_state_plus, COMMUTATOR = +
);
COMMENT ON OPERATOR + (paired_state, paired_state) IS
    'Merge two paired states: the state of both sets of responses';

CREATE FUNCTION paired_state_accum_gap(paired_state, double precision[], double precision[]) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_accum_gap(paired_state, double precision[], double precision[]) IS
    'Add one response (expectation and perception scores by dimension) to a gap state (transition function)';
CREATE FUNCTION paired_state_accum_driver(paired_state, double precision, double precision[]) RETURNS paired_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION paired_state_accum_driver(paired_state, double precision, double precision[]) IS
    'Add one response (overall score and dimension scores) to a driver state (transition function)';

CREATE AGGREGATE gap_agg(double precision[], double precision[]) (
    SFUNC = paired_state_accum_gap, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE gap_agg(double precision[], double precision[]) IS
    'Gap analysis state of (expectation scores, perception scores) per response, dimensions by position';
CREATE AGGREGATE driver_agg(double precision, double precision[]) (
    SFUNC = paired_state_accum_driver, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE driver_agg(double precision, double precision[]) IS
    'Driver analysis state of (overall score, dimension scores) per response, dimensions by position';
CREATE AGGREGATE paired_agg(paired_state) (
    SFUNC = paired_state_combine, STYPE = paired_state,
    COMBINEFUNC = paired_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE paired_agg(paired_state) IS
    'Merge paired states (gap or driver, e.g. daily rollups) into one';

CREATE FUNCTION gap_analysis(state paired_state, names text[] DEFAULT NULL,
                             level double precision DEFAULT 0.95)
    RETURNS TABLE (dimension text, n bigint, expectation double precision,
                   perception double precision, gap double precision, stddev double precision,
                   ci_lower double precision, ci_upper double precision, p_value double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION gap_analysis(paired_state, text[], double precision) IS
    'Per dimension: pairs, mean expectation and perception, mean gap (perception - expectation) with its stddev, confidence interval and paired p-value';

CREATE FUNCTION driver_analysis(state paired_state, names text[] DEFAULT NULL)
    RETURNS TABLE (dimension text, n bigint, performance double precision,
                   correlation double precision, importance double precision, quadrant text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION driver_analysis(paired_state, text[]) IS
    'Per dimension: pairs, mean score, correlation with overall, importance (share of positive correlations) and importance-performance quadrant';
CREATE FUNCTION driver_correlations(paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION driver_correlations(paired_state) IS
    'Pearson correlation of each dimension with the overall score, as corr() (NULL when either does not vary)';
CREATE FUNCTION driver_importance(paired_state) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION driver_importance(paired_state) IS
    'Importance weights from a driver state: each positive correlation''s share of their sum (negative ones get 0), usable as index weights';

-------------------------------------------------------------------------------
-- Weights from judgments (AHP) and scorecards
-------------------------------------------------------------------------------

CREATE FUNCTION ahp_weights(comparisons double precision[],
                            OUT weights double precision[], OUT lambda_max double precision,
                            OUT consistency_index double precision,
                            OUT consistency_ratio double precision, OUT consistent boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ahp_weights(double precision[]) IS
    'AHP weights (principal eigenvector, sum 1) of a reciprocal pairwise comparison matrix, with lambda_max, consistency index and ratio; consistent is false (and a warning is raised) when the ratio exceeds 0.1';

CREATE FUNCTION metric_score(value double precision, worst double precision, best double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION metric_score(double precision, double precision, double precision) IS
    'A metric on 0-100 between references: 0 at worst, 100 at best, clipped; best < worst means lower is better';
CREATE FUNCTION scorecard(scores double precision[], weights double precision[])
    RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION scorecard(double precision[], double precision[]) IS
    'Weighted composite sum(w_i s_i) / sum(w_i) of scores; NULL when a score with a positive weight is NULL';

-- from sql/duration.sql
-- duration_state: mergeable summary of durations (response, handling,
-- resolution times): exact count, sum, min and max, and quantiles within a
-- guaranteed relative accuracy (logarithmic buckets).

CREATE TYPE duration_state;

CREATE FUNCTION duration_state_in(cstring) RETURNS duration_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_state_out(duration_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_state_recv(internal) RETURNS duration_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_state_send(duration_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE duration_state (
    INPUT = duration_state_in,
    OUTPUT = duration_state_out,
    RECEIVE = duration_state_recv,
    SEND = duration_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION duration_state_in(cstring) IS 'Text input of duration_state';
COMMENT ON FUNCTION duration_state_out(duration_state) IS 'Text output of duration_state (exact: reads back to the same state)';
COMMENT ON FUNCTION duration_state_recv(internal) IS 'Binary input of duration_state';
COMMENT ON FUNCTION duration_state_send(duration_state) IS 'Binary output of duration_state';
COMMENT ON TYPE duration_state IS
    'Durations summarized: exact count, sum, min, max and log buckets for quantiles within a relative accuracy. Text form: v1 accuracy=... n=... sum=... min=... max=... zero=... index:count,...';

-- Merging: combine function of duration_agg, the merge aggregate and +.
CREATE FUNCTION duration_state_combine(duration_state, duration_state) RETURNS duration_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_combine(duration_state, duration_state) IS
    'Merge two duration states (combine function of duration_agg)';

CREATE FUNCTION duration_state_plus(duration_state, duration_state) RETURNS duration_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_plus(duration_state, duration_state) IS
    'Merge two duration states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = duration_state,
    RIGHTARG = duration_state,
    FUNCTION = duration_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (duration_state, duration_state) IS
    'Merge two duration states: the state of both sets of durations';

CREATE FUNCTION duration_state_compact(duration_state) RETURNS duration_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_compact(duration_state) IS
    'The compact form of a duration state, as tables store it (final function of duration_agg)';

-- Transition functions: add one duration to the state.
CREATE FUNCTION duration_state_accum(duration_state, interval) RETURNS duration_state
    AS 'MODULE_PATHNAME', 'duration_state_accum_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_state_accum(duration_state, interval, double precision) RETURNS duration_state
    AS 'MODULE_PATHNAME', 'duration_state_accum_interval_alpha' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_state_accum(duration_state, double precision) RETURNS duration_state
    AS 'MODULE_PATHNAME', 'duration_state_accum_seconds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_state_accum(duration_state, double precision, double precision) RETURNS duration_state
    AS 'MODULE_PATHNAME', 'duration_state_accum_seconds_alpha' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_accum(duration_state, interval) IS
    'Add one duration to a duration state (transition function)';
COMMENT ON FUNCTION duration_state_accum(duration_state, interval, double precision) IS
    'Add one duration to a duration state of the given accuracy (transition function)';
COMMENT ON FUNCTION duration_state_accum(duration_state, double precision) IS
    'Add one duration in seconds to a duration state (transition function)';
COMMENT ON FUNCTION duration_state_accum(duration_state, double precision, double precision) IS
    'Add one duration in seconds to a duration state of the given accuracy (transition function)';

CREATE AGGREGATE duration_agg(interval) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval) IS
    'Duration state of intervals (days of 24 h, months of 30 days, years of 365.25 days), quantiles within 1%';

CREATE AGGREGATE duration_agg(interval, double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval, double precision) IS
    'Duration state of intervals with quantiles within the given relative accuracy (0.0001 to 0.5)';

CREATE AGGREGATE duration_agg(double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(double precision) IS
    'Duration state of durations in seconds (rounded to the microsecond), quantiles within 1%';

CREATE AGGREGATE duration_agg(double precision, double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(double precision, double precision) IS
    'Duration state of durations in seconds with quantiles within the given relative accuracy (0.0001 to 0.5)';

CREATE AGGREGATE duration_agg(duration_state) (
    SFUNC = duration_state_combine, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(duration_state) IS
    'Merge duration states (e.g. daily rollups) into one';

-- Exact figures
CREATE FUNCTION duration_count(duration_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_count(duration_state) IS 'Number of durations in the state';
CREATE FUNCTION duration_sum(duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sum(duration_state) IS 'Exact sum of the durations (days of 24 hours plus time)';
CREATE FUNCTION duration_sum_seconds(duration_state) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sum_seconds(duration_state) IS 'Exact sum of the durations in seconds';
CREATE FUNCTION duration_mean(duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_mean(duration_state) IS 'Mean duration, exact sum / count rounded to the microsecond';
CREATE FUNCTION duration_mean_seconds(duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_mean_seconds(duration_state) IS 'Mean duration in seconds';
CREATE FUNCTION duration_min(duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_min(duration_state) IS 'Shortest duration (exact)';
CREATE FUNCTION duration_min_seconds(duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_min_seconds(duration_state) IS 'Shortest duration in seconds (exact)';
CREATE FUNCTION duration_max(duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_max(duration_state) IS 'Longest duration (exact)';
CREATE FUNCTION duration_max_seconds(duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_max_seconds(duration_state) IS 'Longest duration in seconds (exact)';

-- Quantiles (percentile_disc ranks), within the state's accuracy
CREATE FUNCTION duration_quantile(duration_state, double precision) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile(duration_state, double precision) IS
    'Duration at quantile q (0-1, rank as percentile_disc), within the state''s relative accuracy';
CREATE FUNCTION duration_quantile_seconds(duration_state, double precision) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_seconds(duration_state, double precision) IS
    'Duration in seconds at quantile q (0-1, rank as percentile_disc), within the state''s relative accuracy';
CREATE FUNCTION duration_quantiles(duration_state, double precision[]) RETURNS interval[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantiles(duration_state, double precision[]) IS
    'Durations at several quantiles at once, as an array of the same shape';
CREATE FUNCTION duration_quantiles_seconds(duration_state, double precision[]) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantiles_seconds(duration_state, double precision[]) IS
    'Durations in seconds at several quantiles at once, as an array of the same shape';

-- SLA compliance
CREATE FUNCTION duration_sla_share(duration_state, interval) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sla_share(duration_state, interval) IS
    'Share (0-1) of durations at or under the target; only the target''s bucket is interpolated (see duration_sla_bounds)';
CREATE FUNCTION duration_sla_share_seconds(duration_state, double precision) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sla_share_seconds(duration_state, double precision) IS
    'Share (0-1) of durations at or under the target in seconds; only the target''s bucket is interpolated';
CREATE FUNCTION duration_sla_bounds(state duration_state, target interval,
                                    OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sla_bounds(duration_state, interval) IS
    'Lowest and highest share (0-1) of durations at or under the target consistent with the state: the exact share lies between';
CREATE FUNCTION duration_sla_bounds_seconds(state duration_state, target_seconds double precision,
                                            OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sla_bounds_seconds(duration_state, double precision) IS
    'Lowest and highest share (0-1) of durations at or under the target in seconds: the exact share lies between';

-- Histograms for charts
CREATE FUNCTION duration_histogram(state duration_state,
                                   OUT lower interval, OUT upper interval, OUT count bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION duration_histogram(duration_state) IS
    'One row per bucket from the shortest to the longest duration: durations in (lower, upper], and a [0, 0] row for zero durations';
CREATE FUNCTION duration_histogram(state duration_state, bins integer,
                                   OUT lower interval, OUT upper interval, OUT count bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION duration_histogram(duration_state, integer) IS
    'At most the given number of bins of equal logarithmic width (whole buckets each), plus a [0, 0] bin for zero durations';
CREATE FUNCTION duration_histogram_seconds(state duration_state,
                                           OUT lower double precision, OUT upper double precision, OUT count bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION duration_histogram_seconds(duration_state) IS
    'duration_histogram with bounds in seconds';
CREATE FUNCTION duration_histogram_seconds(state duration_state, bins integer,
                                           OUT lower double precision, OUT upper double precision, OUT count bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION duration_histogram_seconds(duration_state, integer) IS
    'duration_histogram with at most the given number of bins, bounds in seconds';

-- About the state itself
CREATE FUNCTION duration_accuracy(duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_accuracy(duration_state) IS
    'Relative accuracy of the state''s quantiles (0.01 = every quantile within 1%)';
CREATE FUNCTION duration_state_size(duration_state) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_size(duration_state) IS
    'Bytes the state takes in a table (its compact form, before any compression)';

-- from sql/business_calendar.sql
-- business_calendar: a team's working hours per weekday in its time zone,
-- with holidays and extra working dates; elapsed working time, deadlines
-- and working instants for SLAs stated in business hours.

CREATE TYPE business_calendar;

CREATE FUNCTION business_calendar_in(cstring) RETURNS business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_out(business_calendar) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_recv(internal) RETURNS business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_calendar_send(business_calendar) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE business_calendar (
    INPUT = business_calendar_in,
    OUTPUT = business_calendar_out,
    RECEIVE = business_calendar_recv,
    SEND = business_calendar_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = main
);
COMMENT ON FUNCTION business_calendar_in(cstring) IS 'Text input of business_calendar';
COMMENT ON FUNCTION business_calendar_out(business_calendar) IS
    'Text output of business_calendar (canonical: reads back to the same calendar)';
COMMENT ON FUNCTION business_calendar_recv(internal) IS 'Binary input of business_calendar';
COMMENT ON FUNCTION business_calendar_send(business_calendar) IS 'Binary output of business_calendar';
COMMENT ON TYPE business_calendar IS
    'Working hours per weekday in a time zone, with holidays and extra working dates. Text form: v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=... workdays=...';

-- IMMUTABLE on the terms of timezone(text, timestamptz): the results follow
-- the server's time zone data, which an update may change (README).
CREATE FUNCTION business_time(start_at timestamptz, end_at timestamptz, calendar business_calendar)
    RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_time(timestamptz, timestamptz, business_calendar) IS
    'Working time from start_at to end_at under the calendar, in hours (negative when end_at is before start_at)';

CREATE FUNCTION business_deadline(start_at timestamptz, amount interval, calendar business_calendar)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION business_deadline(timestamptz, interval, business_calendar) IS
    'First instant at which amount (hours, minutes, seconds) of working time has passed since start_at; NULL if the calendar never gets there';

CREATE FUNCTION is_business_time(ts timestamptz, calendar business_calendar) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_business_time(timestamptz, business_calendar) IS
    'Is ts inside the working hours of the calendar (local date and time in its zone)?';

-- from sql/proportion.sql
-- proportion_state: successes out of trials, for rates (dispute rate,
-- self-completion rate, ...), with the Wilson score confidence interval.

CREATE TYPE proportion_state;

CREATE FUNCTION proportion_state_in(cstring) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_out(proportion_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_recv(internal) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_send(proportion_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE proportion_state (
    INPUT = proportion_state_in,
    OUTPUT = proportion_state_out,
    RECEIVE = proportion_state_recv,
    SEND = proportion_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION proportion_state_in(cstring) IS 'Text input of proportion_state';
COMMENT ON FUNCTION proportion_state_out(proportion_state) IS 'Text output of proportion_state';
COMMENT ON FUNCTION proportion_state_recv(internal) IS 'Binary input of proportion_state';
COMMENT ON FUNCTION proportion_state_send(proportion_state) IS 'Binary output of proportion_state';
COMMENT ON TYPE proportion_state IS
    'Successes out of trials: mergeable state of proportion() and proportion_agg(). Text form: v1 successes/trials';

CREATE FUNCTION proportion_state_accum(proportion_state, boolean) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_accum(proportion_state, boolean) IS
    'Add one outcome to a proportion state (transition function; NULL is skipped)';
CREATE FUNCTION proportion_state_retract(proportion_state, boolean) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_retract(proportion_state, boolean) IS
    'Remove one outcome from a proportion state (inverse transition for moving windows)';
CREATE FUNCTION proportion_state_combine(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_combine(proportion_state, proportion_state) IS
    'Merge two proportion states (combine function of the proportion aggregates)';
CREATE FUNCTION proportion_state_plus(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_state_plus(proportion_state, proportion_state) IS
    'Merge two proportion states into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = proportion_state,
    RIGHTARG = proportion_state,
    FUNCTION = proportion_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (proportion_state, proportion_state) IS
    'Merge two proportion states: successes and trials of both';

CREATE FUNCTION proportion_of(successes bigint, trials bigint) RETURNS proportion_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_of(bigint, bigint) IS
    'A proportion state from counts (0 <= successes <= trials)';

CREATE FUNCTION proportion(proportion_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'proportion_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion(proportion_state) IS
    'Successes / trials, 0-1; NULL without trials';
CREATE FUNCTION proportion_successes(proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_successes(proportion_state) IS 'Number of successes (true outcomes)';
CREATE FUNCTION proportion_trials(proportion_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_trials(proportion_state) IS 'Number of trials (non-NULL outcomes)';
CREATE FUNCTION proportion_ci(state proportion_state, level double precision DEFAULT 0.95,
                              OUT lower double precision, OUT upper double precision)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_ci(proportion_state, double precision) IS
    'Wilson score confidence interval of the proportion at the given level (default 0.95); NULL without trials';

CREATE AGGREGATE proportion(boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state, FINALFUNC = proportion,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state, MFINALFUNC = proportion,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion(boolean) IS
    'Share of true among non-NULL outcomes, 0-1';

CREATE AGGREGATE proportion_agg(boolean) (
    SFUNC = proportion_state_accum, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine,
    MSFUNC = proportion_state_accum, MINVFUNC = proportion_state_retract,
    MSTYPE = proportion_state,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion_agg(boolean) IS
    'Proportion state of outcomes (true = success, NULL skipped), to store, merge and query with the proportion_* functions';

CREATE AGGREGATE proportion_agg(proportion_state) (
    SFUNC = proportion_state_combine, STYPE = proportion_state,
    COMBINEFUNC = proportion_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE proportion_agg(proportion_state) IS
    'Merge proportion states (e.g. daily rollups) into one';

-- from sql/timeline.sql
-- timeline_state: the events (stage, at) of one case, order-independent and
-- mergeable; durations between stages and time spent in stages.

CREATE TYPE timeline_state;

CREATE FUNCTION timeline_state_in(cstring) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_out(timeline_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_recv(internal) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_state_send(timeline_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE timeline_state (
    INPUT = timeline_state_in,
    OUTPUT = timeline_state_out,
    RECEIVE = timeline_state_recv,
    SEND = timeline_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = main
);
COMMENT ON FUNCTION timeline_state_in(cstring) IS 'Text input of timeline_state';
COMMENT ON FUNCTION timeline_state_out(timeline_state) IS
    'Text output of timeline_state: events in time order, timestamps in UTC (reads back to the same state)';
COMMENT ON FUNCTION timeline_state_recv(internal) IS 'Binary input of timeline_state';
COMMENT ON FUNCTION timeline_state_send(timeline_state) IS 'Binary output of timeline_state';
COMMENT ON TYPE timeline_state IS
    'The distinct events (stage, at) of one case: mergeable state of timeline_agg. Text form: v1 <UTC timestamp> "<stage>", ...';

CREATE FUNCTION timeline_state_accum(timeline_state, text, timestamptz) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_accum(timeline_state, text, timestamptz) IS
    'Add one event (stage, at) to a timeline (transition function; NULL stage or time skips the row)';

CREATE FUNCTION timeline_state_combine(timeline_state, timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_combine(timeline_state, timeline_state) IS
    'Merge two timelines (combine function of the timeline aggregates)';

CREATE FUNCTION timeline_state_final(timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_final(timeline_state) IS
    'Final function of the timeline aggregates: the state without the room it kept for growing';

CREATE FUNCTION timeline_state_plus(timeline_state, timeline_state) RETURNS timeline_state
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_plus(timeline_state, timeline_state) IS
    'Merge two timelines into a new one (the + operator)';

CREATE OPERATOR + (
    LEFTARG = timeline_state,
    RIGHTARG = timeline_state,
    FUNCTION = timeline_state_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (timeline_state, timeline_state) IS
    'Merge two timelines: the union of their events';

-- SSPACE: a typical case's state (128 or 256 bytes) plus its allocation
-- header, so the planner sizes hash aggregation over many cases correctly.
CREATE AGGREGATE timeline_agg(text, timestamptz) (
    SFUNC = timeline_state_accum, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(text, timestamptz) IS
    'Timeline of one case from its events (stage, at): order-independent, repeated events count once, NULLs skipped';

CREATE AGGREGATE timeline_agg(timeline_state) (
    SFUNC = timeline_state_combine, STYPE = timeline_state, SSPACE = 160,
    FINALFUNC = timeline_state_final,
    COMBINEFUNC = timeline_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(timeline_state) IS
    'Merge timelines (e.g. partial histories of one case) into one';

-- Stages
CREATE FUNCTION timeline_first(timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_first(timeline_state, text) IS
    'When the stage was first reached; NULL if never';
CREATE FUNCTION timeline_last(timeline_state, stage text) RETURNS timestamptz
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_last(timeline_state, text) IS
    'When the stage was last reached; NULL if never';
CREATE FUNCTION timeline_reached(timeline_state, stage text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_reached(timeline_state, text) IS
    'Whether the stage was ever reached';
CREATE FUNCTION timeline_count(timeline_state, stage text) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_count(timeline_state, text) IS
    'How many distinct events of the stage the timeline holds (0 if never reached)';
CREATE FUNCTION timeline_stages(timeline_state) RETURNS text[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_stages(timeline_state) IS
    'The distinct stages in the order they were first reached';
CREATE FUNCTION timeline_events(timeline_state, OUT stage text, OUT at timestamptz) RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION timeline_events(timeline_state) IS
    'The events of a timeline as rows (stage, at), in time order (ties by stage name)';

-- Durations.  Business-time overloads take the same arguments and a
-- trailing business calendar.
CREATE FUNCTION timeline_duration(timeline_state, from_stage text, to_stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text, text) IS
    'Time from the first from_stage to the first to_stage at or after it; NULL if either is missing';
CREATE FUNCTION timeline_duration(timeline_state, from_stages text[], to_stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text[], text[]) IS
    'Time from the first event in from_stages to the first event in to_stages at or after it; NULL if either is missing';
CREATE FUNCTION timeline_time_in(timeline_state, stage text) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text) IS
    'Time spent in the stage: the sum of its spells, each ending at the next event of another stage (an open spell at the last event)';
CREATE FUNCTION timeline_time_in(timeline_state, stages text[]) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[]) IS
    'Time spent in any of the stages: the sum of spells, each ending at the next event outside them (an open spell at the last event)';
CREATE FUNCTION timeline_time_in(timeline_state, stage text, until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, timestamptz) IS
    'Time spent in the stage up to until: later events are ignored and an open spell runs to until';
CREATE FUNCTION timeline_time_in(timeline_state, stages text[], until timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], timestamptz) IS
    'Time spent in any of the stages up to until: later events are ignored and an open spell runs to until';

-- The same durations in business time: the working time of a business_calendar.
-- Write literals with their type (timestamptz '...'): an untyped one could be
-- either the until argument or a calendar.
CREATE FUNCTION timeline_duration(timeline_state, from_stage text, to_stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text, text, business_calendar) IS
    'Working time of the calendar from the first from_stage to the first to_stage at or after it; NULL if either is missing';
CREATE FUNCTION timeline_duration(timeline_state, from_stages text[], to_stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_duration_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_duration(timeline_state, text[], text[], business_calendar) IS
    'Working time of the calendar from the first event in from_stages to the first event in to_stages at or after it; NULL if either is missing';
CREATE FUNCTION timeline_time_in(timeline_state, stage text, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, business_calendar) IS
    'Working time of the calendar spent in the stage (sum of its spells)';
CREATE FUNCTION timeline_time_in(timeline_state, stages text[], calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], business_calendar) IS
    'Working time of the calendar spent in any of the stages (sum of spells)';
CREATE FUNCTION timeline_time_in(timeline_state, stage text, until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_text_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text, timestamptz, business_calendar) IS
    'Working time of the calendar spent in the stage up to until';
CREATE FUNCTION timeline_time_in(timeline_state, stages text[], until timestamptz, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'timeline_time_in_until_array_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_time_in(timeline_state, text[], timestamptz, business_calendar) IS
    'Working time of the calendar spent in any of the stages up to until';

-- from sql/timeline_set.sql
-- timeline_set: the timelines of many cases keyed by case id, built in one
-- pass over an event table (no GROUP BY case_id) and read back with unnest().

CREATE TYPE timeline_set;

CREATE FUNCTION timeline_set_in(cstring) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_out(timeline_set) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_recv(internal) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_set_send(timeline_set) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE timeline_set (
    INPUT = timeline_set_in,
    OUTPUT = timeline_set_out,
    RECEIVE = timeline_set_recv,
    SEND = timeline_set_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON FUNCTION timeline_set_in(cstring) IS 'Text input of timeline_set';
COMMENT ON FUNCTION timeline_set_out(timeline_set) IS
    'Text output of timeline_set: cases by ascending id, each with its events in time order (reads back to the same set)';
COMMENT ON FUNCTION timeline_set_recv(internal) IS 'Binary input of timeline_set';
COMMENT ON FUNCTION timeline_set_send(timeline_set) IS 'Binary output of timeline_set';
COMMENT ON TYPE timeline_set IS
    'The timelines of many cases keyed by case id: mergeable state of timeline_set_agg. Text form: v1 <case id> (<UTC timestamp> "<stage>", ...), ...';

CREATE FUNCTION timeline_set_accum(timeline_set, case_id bigint, stage text, at timestamptz)
    RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_accum(timeline_set, bigint, text, timestamptz) IS
    'Add one event (case_id, stage, at) to a set (transition function; a NULL case id, stage or time skips the row)';

-- COST: merging two sets takes time in proportion to their cases, which the
-- planner cannot see; the estimate is that of merging sets of about a million
-- cases (0.5 s on our bench machine, about 10 million operator costs).  With
-- the default cost of one operator, the planner would choose parallel partial
-- aggregation for any large event table, and with events in time order every
-- worker's set holds most of the cases: the leader's merge then costs more
-- than the workers save (the parallel plan took 1.5-2x the serial plan's time
-- on 2 cores).  Parallel plans remain for tables large enough to pay for it.
CREATE FUNCTION timeline_set_combine(timeline_set, timeline_set) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10000000;
COMMENT ON FUNCTION timeline_set_combine(timeline_set, timeline_set) IS
    'Merge two sets (combine function of the timeline_set aggregates; NULL is the empty set)';

CREATE FUNCTION timeline_set_plus(timeline_set, timeline_set) RETURNS timeline_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_plus(timeline_set, timeline_set) IS
    'The cases of both sets; the timelines of a case in both are merged';

CREATE OPERATOR + (
    LEFTARG = timeline_set,
    RIGHTARG = timeline_set,
    FUNCTION = timeline_set_plus,
    COMMUTATOR = +
);
COMMENT ON OPERATOR + (timeline_set, timeline_set) IS
    'The cases of both sets; the timelines of a case in both are merged';

-- SSPACE: an empty set already takes about 8 kB (its table, dictionary and
-- memory context), which the planner should count per group when it
-- considers hashing a GROUP BY.
CREATE AGGREGATE timeline_set_agg(case_id bigint, stage text, at timestamptz) (
    SFUNC = timeline_set_accum, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_set_agg(bigint, text, timestamptz) IS
    'The timeline of every case of an event table, keyed by case id, in one pass (read with unnest)';

CREATE AGGREGATE timeline_set_agg(timeline_set) (
    SFUNC = timeline_set_combine, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_set_agg(timeline_set) IS
    'Merge stored timeline_set values (e.g. daily rollups; a case spread over several sets gets one timeline)';

CREATE FUNCTION unnest(timeline_set, OUT case_id bigint, OUT timeline timeline_state)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'timeline_set_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION unnest(timeline_set) IS
    'The cases of a set as rows (case_id, timeline), by ascending case id';

CREATE FUNCTION timeline_set_cases(timeline_set) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION timeline_set_cases(timeline_set) IS
    'Number of cases in a set';

-- from sql/refund.sql
-- Refunds (domain.md section 3): the four refund paths, and refund times and
-- outcomes from a refund's timeline.

CREATE TYPE refund_path AS ENUM (
    'not shipped', 'shipped, not received', 'received, refund only', 'received, returned'
);
COMMENT ON TYPE refund_path IS
    'The four refund paths, in order 1-4: not shipped; shipped, not received; received, refund only; received, returned';

CREATE FUNCTION refund_path(shipped boolean, received boolean, return_required boolean) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_from_facts' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(boolean, boolean, boolean) IS
    'Refund path from the state of the goods at the request; NULL only when a fact the decision needs is NULL';
CREATE FUNCTION refund_path(path_number integer) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_from_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(integer) IS 'The refund path with number 1-4';
CREATE FUNCTION refund_path_number(refund_path) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path_number(refund_path) IS 'Number 1-4 of a refund path';

CREATE FUNCTION refund_vocabulary(vocabulary jsonb DEFAULT '{}', OUT role text, OUT stages text[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION refund_vocabulary(jsonb) IS
    'The refund stage roles and the stage names each matches under a vocabulary mapping (default: the role names)';

-- Each function of a refund timeline comes as f(timeline_state) with the
-- standard stage names, and f(timeline_state, vocabulary jsonb) mapping
-- roles to your own stage names.
CREATE FUNCTION refund_path(timeline_state) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(timeline_state) IS
    'Refund path of a refund timeline (shipped/received at or before the first request, any return stage); NULL without a request';
CREATE FUNCTION refund_path(timeline_state, vocabulary jsonb) RETURNS refund_path
    AS 'MODULE_PATHNAME', 'refund_path_of_timeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_path(timeline_state, jsonb) IS
    'Refund path of a refund timeline whose stage names are mapped by the vocabulary';

-- Times.  Business-time overloads take the same arguments and a trailing
-- business calendar.
CREATE FUNCTION refund_completion_time(timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state) IS
    'Refund completion time: from the first request to the first success or close after it';
CREATE FUNCTION refund_completion_time(timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, jsonb) IS
    'Refund completion time, stage names mapped by the vocabulary';
CREATE FUNCTION refund_response_time(timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state) IS
    'Refund response time: from the first request to the merchant''s first response (responded, agreed or refused) after it';
CREATE FUNCTION refund_response_time(timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, jsonb) IS
    'Refund response time, stage names mapped by the vocabulary';
CREATE FUNCTION refund_handling_time(timeline_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state) IS
    'Refund handling time: paths 1-3 from the request, path 4 from the return''s receipt, to the merchant''s decision (agreed, refused or succeeded)';
CREATE FUNCTION refund_handling_time(timeline_state, vocabulary jsonb) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, jsonb) IS
    'Refund handling time, stage names mapped by the vocabulary';

-- The refund times in business time.  Write the vocabulary as '...'::jsonb
-- (or vocabulary => '...'): an untyped literal could be either argument.
CREATE FUNCTION refund_completion_time(timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, business_calendar) IS
    'Refund completion time in working time of the calendar';
CREATE FUNCTION refund_completion_time(timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_completion_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completion_time(timeline_state, jsonb, business_calendar) IS
    'Refund completion time in working time of the calendar, stage names mapped by the vocabulary';
CREATE FUNCTION refund_response_time(timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, business_calendar) IS
    'Refund response time in working time of the calendar';
CREATE FUNCTION refund_response_time(timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_response_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_response_time(timeline_state, jsonb, business_calendar) IS
    'Refund response time in working time of the calendar, stage names mapped by the vocabulary';
CREATE FUNCTION refund_handling_time(timeline_state, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, business_calendar) IS
    'Refund handling time in working time of the calendar';
CREATE FUNCTION refund_handling_time(timeline_state, vocabulary jsonb, calendar business_calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'refund_handling_time_vocabulary_business' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_handling_time(timeline_state, jsonb, business_calendar) IS
    'Refund handling time in working time of the calendar, stage names mapped by the vocabulary';

-- Outcomes, as booleans for proportion() and proportion_agg()
CREATE FUNCTION refund_completed(timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completed(timeline_state) IS 'Whether the refund succeeded or was closed';
CREATE FUNCTION refund_completed(timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_completed(timeline_state, jsonb) IS
    'Whether the refund succeeded or was closed, stage names mapped by the vocabulary';
CREATE FUNCTION refund_intervened(timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened(timeline_state) IS 'Whether the platform intervened (a dispute)';
CREATE FUNCTION refund_intervened(timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened(timeline_state, jsonb) IS
    'Whether the platform intervened, stage names mapped by the vocabulary';
CREATE FUNCTION refund_self_completed(timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_self_completed(timeline_state) IS
    'Completed without platform intervention; NULL while not completed (so proportion() gives the self-completion rate)';
CREATE FUNCTION refund_self_completed(timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_self_completed(timeline_state, jsonb) IS
    'Completed without platform intervention, stage names mapped by the vocabulary';
CREATE FUNCTION refund_intervened_self_completed(timeline_state) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened_self_completed(timeline_state) IS
    'Intervened and completed without a platform ruling (the merchant settled the dispute); NULL unless intervened and completed';
CREATE FUNCTION refund_intervened_self_completed(timeline_state, vocabulary jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_intervened_self_completed(timeline_state, jsonb) IS
    'Intervened and completed without a platform ruling, stage names mapped by the vocabulary';
