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

CREATE AGGREGATE duration_agg(duration interval) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval) IS
    'Duration state of intervals (days of 24 h, months of 30 days, years of 365.25 days), quantiles within 1%';

CREATE AGGREGATE duration_agg(duration interval, accuracy double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval, double precision) IS
    'Duration state of intervals with quantiles within the given relative accuracy (0.0001 to 0.5)';

CREATE AGGREGATE duration_agg(seconds double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(double precision) IS
    'Duration state of durations in seconds (rounded to the microsecond), quantiles within 1%';

CREATE AGGREGATE duration_agg(seconds double precision, accuracy double precision) (
    SFUNC = duration_state_accum, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(double precision, double precision) IS
    'Duration state of durations in seconds with quantiles within the given relative accuracy (0.0001 to 0.5)';

CREATE AGGREGATE duration_agg(state duration_state) (
    SFUNC = duration_state_combine, STYPE = duration_state,
    FINALFUNC = duration_state_compact, COMBINEFUNC = duration_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(duration_state) IS
    'Merge duration states (e.g. daily rollups) into one';

-- Exact figures
CREATE FUNCTION duration_count(state duration_state) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_count(duration_state) IS 'Number of durations in the state';
CREATE FUNCTION duration_sum(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sum(duration_state) IS 'Exact sum of the durations (days of 24 hours plus time)';
CREATE FUNCTION duration_sum_seconds(state duration_state) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sum_seconds(duration_state) IS 'Exact sum of the durations in seconds';
CREATE FUNCTION duration_mean(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_mean(duration_state) IS 'Mean duration, exact sum / count rounded to the microsecond';
CREATE FUNCTION duration_mean_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_mean_seconds(duration_state) IS 'Mean duration in seconds';
CREATE FUNCTION duration_min(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_min(duration_state) IS 'Shortest duration (exact)';
CREATE FUNCTION duration_min_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_min_seconds(duration_state) IS 'Shortest duration in seconds (exact)';
CREATE FUNCTION duration_max(state duration_state) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_max(duration_state) IS 'Longest duration (exact)';
CREATE FUNCTION duration_max_seconds(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_max_seconds(duration_state) IS 'Longest duration in seconds (exact)';

-- Quantiles (percentile_disc ranks), within the state's accuracy
CREATE FUNCTION duration_quantile(state duration_state, fraction double precision) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile(duration_state, double precision) IS
    'Duration at the quantile fraction (0-1, rank as percentile_disc), within the state''s relative accuracy';
CREATE FUNCTION duration_quantile_seconds(state duration_state, fraction double precision) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantile_seconds(duration_state, double precision) IS
    'Duration in seconds at the quantile fraction (0-1, rank as percentile_disc), within the state''s relative accuracy';
CREATE FUNCTION duration_quantiles(state duration_state, fractions double precision[]) RETURNS interval[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantiles(duration_state, double precision[]) IS
    'Durations at several quantiles at once, as an array of the same shape';
CREATE FUNCTION duration_quantiles_seconds(state duration_state, fractions double precision[]) RETURNS double precision[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_quantiles_seconds(duration_state, double precision[]) IS
    'Durations in seconds at several quantiles at once, as an array of the same shape';

-- SLA compliance
CREATE FUNCTION duration_sla_share(state duration_state, target interval) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_sla_share(duration_state, interval) IS
    'Share (0-1) of durations at or under the target; only the target''s bucket is interpolated (see duration_sla_bounds)';
CREATE FUNCTION duration_sla_share_seconds(state duration_state, target_seconds double precision) RETURNS double precision
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
CREATE FUNCTION duration_accuracy(state duration_state) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_accuracy(duration_state) IS
    'Relative accuracy of the state''s quantiles (0.01 = every quantile within 1%)';
CREATE FUNCTION duration_state_size(state duration_state) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_state_size(duration_state) IS
    'Bytes the state takes in a table (its compact form, before any compression)';
