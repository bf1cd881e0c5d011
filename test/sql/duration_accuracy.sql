-- The accuracy guarantee of duration_state, checked against exact answers on
-- generated data.  Quantiles: for q in {0, 0.01, 0.5, 0.9, 0.99, 1}, the
-- value reported in seconds is within alpha (relative) of percentile_disc at
-- the same q, and the interval result within alpha plus half a microsecond.
-- SLA shares: the exact share lies within duration_sla_bounds, so does the
-- estimate, and the bounds lie between the exact shares at target / gamma
-- and target * gamma, gamma = (1 + alpha) / (1 - alpha).
--
-- Data come from hashes of row numbers (the same on every platform) turned
-- into uniforms in (0, 1); only counts of checks and of violations are
-- printed, so the output does not depend on the libm that shaped the data.
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00

CREATE TABLE acc_uniform AS
SELECT i, (hashint4(i)::float8 + 2147483649) / 4294967297 AS u,
       (hashint4(i + 1000003)::float8 + 2147483649) / 4294967297 AS v,
       (hashint4(i + 2000003)::float8 + 2147483649) / 4294967297 AS w
FROM generate_series(1, 20000) AS i;

-- Durations in seconds on the microsecond grid (so the seconds and interval
-- inputs describe the same values).  Box-Muller gives normal deviates.
CREATE TABLE acc_data (dist text, x float8);
INSERT INTO acc_data
SELECT 'exponential, mean 10 min', -ln(u) * 600 FROM acc_uniform
UNION ALL
SELECT 'log-normal, median 30 min', exp(ln(1800) + 1.5 * sqrt(-2 * ln(u)) * cos(2 * pi() * v)) FROM acc_uniform
UNION ALL
SELECT 'bimodal: chat 2 min, escalations 3 days',
       CASE WHEN w < 0.8 THEN exp(ln(120) + 0.5 * sqrt(-2 * ln(u)) * cos(2 * pi() * v))
            ELSE exp(ln(259200) + 0.3 * sqrt(-2 * ln(u)) * cos(2 * pi() * v)) END
FROM acc_uniform
UNION ALL
SELECT 'log-uniform, 1 ms to 3 years', exp(ln(0.001) + u * (ln(3 * 31557600) - ln(0.001))) FROM acc_uniform
UNION ALL
SELECT 'constant 4 h', 14400 FROM acc_uniform WHERE i <= 1000
UNION ALL
SELECT 'heavy ties: whole minutes, 10% zero',
       CASE WHEN w < 0.1 THEN 0 ELSE 60 * (ARRAY[1, 2, 5, 15, 60, 240, 1440])[1 + floor(u * 7)::int] END
FROM acc_uniform
UNION ALL
SELECT 'one row', 1234.5
UNION ALL
SELECT 'two rows', x FROM (VALUES (0.25::float8), (86400.000001)) AS t(x);
UPDATE acc_data SET x = round(x * 1e6) / 1e6;
SELECT dist, count(*) AS n, min(x) = 0 AS has_zero FROM acc_data GROUP BY dist ORDER BY dist;

CREATE TABLE acc_q AS SELECT unnest('{0, 0.01, 0.5, 0.9, 0.99, 1}'::float8[]) AS q;

-- Exact quantiles, interval and seconds, per distribution
CREATE TABLE acc_exact AS
SELECT dist, q, percentile_disc(q) WITHIN GROUP (ORDER BY make_interval(secs => x)) AS exact_i,
       percentile_disc(q) WITHIN GROUP (ORDER BY x) AS exact_s
FROM acc_data, acc_q GROUP BY dist, q;

-- Quantile errors at three accuracies, from interval and from seconds input
CREATE FUNCTION pg_temp.quantile_check(alpha float8)
RETURNS TABLE (dist text, checks bigint, within_alpha bigint, interval_within bigint, zero_exact bool)
LANGUAGE sql AS $$
    WITH states AS (
        SELECT dist, duration_agg(make_interval(secs => x), alpha) AS si,
               duration_agg(x, alpha) AS ss
        FROM acc_data GROUP BY dist),
    results AS (
        SELECT e.dist, e.q, e.exact_s, e.exact_i,
               duration_quantile_seconds(si, e.q) AS from_interval_s,
               duration_quantile_seconds(ss, e.q) AS from_seconds_s,
               duration_quantile(si, e.q) AS from_interval_i
        FROM acc_exact e JOIN states USING (dist))
    SELECT dist, count(*),
           count(*) FILTER (WHERE abs(from_interval_s - exact_s) <= alpha * exact_s
                              AND abs(from_seconds_s - exact_s) <= alpha * exact_s),
           count(*) FILTER (WHERE abs(extract(epoch FROM from_interval_i - exact_i))
                              <= alpha * extract(epoch FROM exact_i) + 0.0000005),
           bool_and(from_interval_s = 0 AND from_seconds_s = 0) FILTER (WHERE exact_s = 0)
    FROM results GROUP BY dist ORDER BY dist
$$;
SELECT * FROM pg_temp.quantile_check(0.01);
SELECT * FROM pg_temp.quantile_check(0.001);
SELECT * FROM pg_temp.quantile_check(0.05);

-- The worst relative error over all distributions and quantiles stays within
-- alpha, and is not trivially small either (the sketch does approximate)
SELECT alpha, max(err) <= alpha AS worst_within_alpha, max(err) > alpha / 2 AS uses_the_room
FROM (VALUES (0.01::float8), (0.001), (0.05)) AS a(alpha),
     LATERAL (SELECT abs(duration_quantile_seconds(s, e.q) - e.exact_s) / e.exact_s AS err
              FROM (SELECT dist, duration_agg(x, alpha) AS s FROM acc_data GROUP BY dist) AS st
              JOIN acc_exact e USING (dist) WHERE e.exact_s > 0) AS errs
GROUP BY alpha ORDER BY alpha;

-- Several quantiles at once give what one at a time gives
SELECT count(*) AS dists,
       count(*) FILTER (WHERE many = ARRAY(SELECT duration_quantile(s, q) FROM acc_q ORDER BY q)) AS same
FROM (SELECT duration_agg(x) AS s, duration_quantiles(duration_agg(x), ARRAY(SELECT q FROM acc_q ORDER BY q)) AS many
      FROM acc_data GROUP BY dist) AS t;

-- SLA shares: targets at every exact quantile of the grid below, at round
-- service targets, and just around them
CREATE TABLE acc_targets AS
SELECT DISTINCT dist, t FROM (
    SELECT dist, unnest(percentile_disc(ARRAY(SELECT g / 40.0 FROM generate_series(0, 40) AS g))
                        WITHIN GROUP (ORDER BY x)) AS t
    FROM acc_data GROUP BY dist
    UNION ALL
    SELECT dist, t * f FROM (SELECT DISTINCT dist FROM acc_data) AS d,
        unnest('{0, 1, 60, 120, 900, 3600, 7200, 14400, 86400, 259200, 345600}'::float8[]) AS t,
        unnest('{0.999, 1, 1.001}'::float8[]) AS f) AS x;
-- exact shares at or under a value, by a running count over data and
-- targets sorted together (a duration equal to the value counts)
CREATE FUNCTION pg_temp.exact_shares(alpha float8)
RETURNS TABLE (dist text, t float8, exact float8, exact_below float8, exact_above float8)
LANGUAGE sql AS $$
    WITH probes AS (
        SELECT dist, t, kind, CASE kind WHEN 'exact' THEN round(t * 1e6) / 1e6
                                        WHEN 'below' THEN t * (1 - alpha) / (1 + alpha)
                                        ELSE t * (1 + alpha) / (1 - alpha) END AS v
        FROM acc_targets, unnest('{exact, below, above}'::text[]) AS kind),
    merged AS (
        SELECT dist, x AS v, 0 AS is_probe, NULL::float8 AS t, NULL::text AS kind FROM acc_data
        UNION ALL SELECT dist, v, 1, t, kind FROM probes),
    running AS (
        SELECT dist, t, kind, count(*) FILTER (WHERE is_probe = 0)
                   OVER (PARTITION BY dist ORDER BY v, is_probe) AS at_or_under
        FROM merged)
    SELECT r.dist, r.t,
           max(at_or_under) FILTER (WHERE kind = 'exact')::float8 / n.n,
           max(at_or_under) FILTER (WHERE kind = 'below')::float8 / n.n,
           max(at_or_under) FILTER (WHERE kind = 'above')::float8 / n.n
    FROM running r JOIN (SELECT dist, count(*) AS n FROM acc_data GROUP BY dist) AS n USING (dist)
    WHERE r.kind IS NOT NULL GROUP BY r.dist, r.t, n.n
$$;
CREATE FUNCTION pg_temp.sla_check(alpha float8)
RETURNS TABLE (checks bigint, exact_within_bounds bigint, estimate_within_bounds bigint,
               bounds_within_gamma bigint, interval_equals_seconds bigint)
LANGUAGE sql AS $$
    WITH states AS (SELECT dist, duration_agg(x, alpha) AS s FROM acc_data GROUP BY dist),
    shares AS (
        SELECT e.*, duration_sla_share_seconds(s, e.t) AS est,
               duration_sla_share(s, make_interval(secs => e.t)) AS est_i, b.lower, b.upper
        FROM pg_temp.exact_shares(alpha) AS e JOIN states USING (dist),
             LATERAL duration_sla_bounds_seconds(s, e.t) AS b)
    SELECT count(*),
           count(*) FILTER (WHERE lower <= exact AND exact <= upper),
           count(*) FILTER (WHERE lower <= est AND est <= upper),
           count(*) FILTER (WHERE exact_below <= lower AND upper <= exact_above),
           count(*) FILTER (WHERE est = est_i)
    FROM shares
$$;
SELECT * FROM pg_temp.sla_check(0.01);
SELECT * FROM pg_temp.sla_check(0.001);

-- Compact: data spanning 1 second to 1 year at 1% fill 865 buckets; even with
-- every bucket holding 2^63 / 865 durations (the largest total a state can
-- count) the state stays under 8 KB.  Typical data take a few hundred bytes.
-- (The sum of that state puts each bucket's durations at its geometric
-- middle, gamma^(b - 1/2) seconds, as input requires a sum the buckets can
-- hold.)
CREATE TABLE acc_sizes AS
SELECT 'every bucket from 1 s to 1 year, 1 row each' AS what,
       duration_state_size(duration_agg(x)) AS bytes
FROM (SELECT 1.0::float8 UNION ALL SELECT 31557600
      UNION ALL SELECT exp((b - 0.5) * ln((1 + 0.00999999) / (1 - 0.00999999)))
      FROM generate_series(1, 863) AS b) AS t(x)
UNION ALL
SELECT 'every bucket from 1 s to 1 year, 10662472297431326 rows each',
       duration_state_size(format('v1 accuracy=0.01 n=%s sum=%s min=1 max=31557600 zero=0 0:%s',
                                  10662472297431326 * 865,
                                  round(10662472297431326 * (SELECT sum(exp((b - 0.5) * ln((1 + 0.00999999) / (1 - 0.00999999))))::numeric
                                                             FROM generate_series(0, 864) AS b)),
                                  array_to_string(array_fill(10662472297431326, ARRAY[865]), ','))::duration_state)
UNION ALL
SELECT dist, duration_state_size(duration_agg(x)) FROM acc_data GROUP BY dist;
SELECT what, bytes <= 8192 AS at_most_8kb, bytes <= 1500 AS at_most_1500_bytes
FROM acc_sizes ORDER BY what;
-- the largest state spans exactly 1 s to 1 year
SELECT duration_count(s) AS n, duration_min(s) AS min, duration_max(s) AS max,
       (SELECT count(*) FROM duration_histogram(s)) AS buckets
FROM (SELECT format('v1 accuracy=0.01 n=%s sum=%s min=1 max=31557600 zero=0 0:%s',
                    10662472297431326 * 865,
                    round(10662472297431326 * (SELECT sum(exp((b - 0.5) * ln((1 + 0.00999999) / (1 - 0.00999999))))::numeric
                                               FROM generate_series(0, 864) AS b)),
                    array_to_string(array_fill(10662472297431326, ARRAY[865]), ','))::duration_state AS s) AS x;

DROP TABLE acc_uniform, acc_data, acc_q, acc_exact, acc_targets, acc_sizes;
