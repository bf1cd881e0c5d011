-- Net Promoter Score: promoters 9-10, passives 7-8, detractors 0-6;
-- NPS = % promoters - % detractors, in points from -100 to 100.

CREATE FUNCTION nps(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps(rating_state) IS
    'Net Promoter Score of a rating state in points (-100 to 100); NULL without responses';

CREATE AGGREGATE nps(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(smallint) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(integer) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(bigint) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = nps,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(numeric) IS
    'Net Promoter Score of scores 0-10 in points (-100 to 100)';

CREATE AGGREGATE nps(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(smallint, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(integer, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(bigint, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state, FINALFUNC = nps,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(numeric, double precision) IS
    'Weighted Net Promoter Score of scores 0-10 with survey weights (finite, >= 0)';

-- nps(score) and the unweighted builders (nps_agg here, rating_agg and
-- csat_agg in satisfaction.sql) have an inverse transition for moving
-- windows; the weighted ones none: subtracting floating-point weights would
-- not give back the exact earlier state.  The builders' moving final
-- function gives NULL over a moving frame without a non-NULL score, as a
-- plain frame over the same rows does (sql/rating_state.sql).
CREATE AGGREGATE nps_agg(score smallint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(smallint) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(score integer) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(integer) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(score bigint) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(bigint) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(score numeric) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine,
    MSFUNC = rating_state_accum, MINVFUNC = rating_state_retract,
    MSTYPE = rating_state, MFINALFUNC = rating_state_mfinal,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(numeric) IS
    'Rating state of scores 0-10, to store, merge and query with the nps_* functions';

CREATE AGGREGATE nps_agg(score smallint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(smallint, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(score integer, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(integer, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(score bigint, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(bigint, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(score numeric, weight double precision) (
    SFUNC = rating_state_accum, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(numeric, double precision) IS
    'Weighted rating state of scores 0-10 with survey weights (finite, >= 0)';

CREATE AGGREGATE nps_agg(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state,
    COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_agg(rating_state) IS
    'Merge rating states (e.g. daily rollups) into one';

-- The mix
CREATE FUNCTION nps_responses(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_responses(rating_state) IS 'Number of responses (rows) in the state';
CREATE FUNCTION nps_promoters(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_promoters(rating_state) IS 'Number of promoter responses (scores 9-10)';
CREATE FUNCTION nps_passives(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_passives(rating_state) IS 'Number of passive responses (scores 7-8)';
CREATE FUNCTION nps_detractors(state rating_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_detractors(rating_state) IS 'Number of detractor responses (scores 0-6)';
CREATE FUNCTION nps_promoter_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_promoter_share(rating_state) IS 'Share of promoters, 0-1 (by weight when weighted)';
CREATE FUNCTION nps_passive_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_passive_share(rating_state) IS 'Share of passives, 0-1 (by weight when weighted)';
CREATE FUNCTION nps_detractor_share(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_detractor_share(rating_state) IS 'Share of detractors, 0-1 (by weight when weighted)';

-- Uncertainty
CREATE FUNCTION nps_effective_n(state rating_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_effective_n(rating_state) IS
    'Sample size behind the estimate: responses, or Kish''s (sum w)^2 / sum w^2 when weighted';
CREATE FUNCTION nps_stderr(state rating_state) RETURNS double precision
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
CREATE FUNCTION nps_json(state rating_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'nps_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_json(rating_state) IS
    'The state as jsonb: counts, shares, NPS, standard error, effective n and the rating histogram';
CREATE CAST (rating_state AS jsonb) WITH FUNCTION nps_json(rating_state);
COMMENT ON CAST (rating_state AS jsonb) IS 'Same as nps_json(rating_state)';
