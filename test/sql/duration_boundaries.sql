-- duration_state at the edges of its buckets and of its ranges: durations on
-- and next to bucket boundaries (the values log() and exp() could round to
-- either side), from 1 microsecond to 10^12 seconds, at the finest, the
-- default and the coarsest accuracy.  Only counts of checks and of
-- violations are printed, so the output does not depend on the libm that
-- placed the boundaries.
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00

-- A duration's bucket is ceil(ln x / ln gamma) (README, "The accuracy
-- guarantee").  The last microsecond of every bucket comes from the
-- histogram of a state spanning 1 microsecond to 10^12 seconds; the
-- durations are that microsecond, the one before it and the two after it
-- (the first of the next bucket), for every bucket (at 0.0001, which has
-- 207,000, the 20 lowest, the highest and every 97th).  Checked below: the histogram really counts each of
-- them on the right side of that bound.
CREATE FUNCTION pg_temp.us_interval(us numeric) RETURNS interval LANGUAGE sql AS $$
    SELECT make_interval(days => div(us, 86400000000)::int, secs => mod(us, 86400000000) / 1e6)
$$;
CREATE TABLE edge_values AS
SELECT DISTINCT alpha, last_us + d AS us, pg_temp.us_interval(last_us + d) AS d
FROM unnest('{0.0001, 0.01, 0.5}'::float8[]) AS alpha,
     LATERAL (SELECT (extract(epoch FROM upper) * 1000000)::int8 AS last_us,
                     row_number() OVER () AS i, count(*) OVER () AS buckets
              FROM duration_histogram((SELECT duration_agg(x, alpha)
                                       FROM (VALUES (interval '0.000001'), (interval '1000000000000 s')) AS t(x)))) AS b,
     generate_series(-1, 2) AS d
WHERE (alpha > 0.001 OR i % 97 = 0 OR i <= 20 OR i = buckets) AND last_us + d BETWEEN 1 AND 1000000000000000000;
SELECT alpha, count(*) AS durations, min(us) AS shortest_us, max(us) AS longest_us,
       bool_and(extract(epoch FROM d) * 1000000 = us) AS interval_exact
FROM edge_values GROUP BY alpha ORDER BY alpha;
CREATE INDEX ON edge_values (alpha, d);
CREATE TABLE edge_states AS
SELECT alpha, duration_agg(d, alpha) AS s, count(*) AS n FROM edge_values GROUP BY alpha;

-- Quantiles at every fifth rank k (every rank at 0.5; percentile_disc takes
-- time per fraction): q = k / n, compared with percentile_disc at the same
-- q.  The value in seconds is within alpha of the exact one, the interval
-- within alpha plus half a microsecond.
CREATE TABLE edge_quantiles AS
SELECT alpha, unnest(qs) AS q, unnest(duration_quantiles_seconds(s, qs)) AS ours_s,
       unnest(duration_quantiles(s, qs)) AS ours_i, unnest(exact) AS exact
FROM edge_states
JOIN (SELECT alpha, percentile_disc(qs) WITHIN GROUP (ORDER BY us) AS exact, qs
      FROM (SELECT alpha, array_agg(k::float8 / n ORDER BY k) AS qs
            FROM edge_states, generate_series(1, n) AS k WHERE k % 5 = 0 OR k = 1 OR n < 1000 GROUP BY alpha) AS q
      JOIN edge_values USING (alpha) GROUP BY alpha, qs) AS e USING (alpha);
SELECT alpha, count(*) AS ranks,
       count(*) FILTER (WHERE abs(ours_s - exact / 1e6) <= alpha * (exact / 1e6)) AS seconds_within,
       count(*) FILTER (WHERE abs(extract(epoch FROM ours_i) - exact / 1e6)
                              <= alpha * (exact / 1e6) + 0.0000005) AS interval_within,
       max(abs(ours_s - exact / 1e6) / (exact / 1e6)) <= alpha AS worst_within,
       max(abs(ours_s - exact / 1e6) / (exact / 1e6)) > 0.99 * alpha AS worst_near_alpha
FROM edge_quantiles GROUP BY alpha ORDER BY alpha;

-- SLA bounds with targets on and next to the boundaries: the exact share
-- lies within them, so does the estimate, and they lie within the exact
-- shares at target / gamma and target * gamma (full alpha).  Exact counts
-- come from a running count over durations and targets sorted together.
CREATE TABLE edge_targets AS
SELECT DISTINCT alpha, us + step AS t FROM edge_values, generate_series(-1, 1) AS step WHERE us + step BETWEEN 0 AND 1000000000000000000;
CREATE TABLE edge_exact AS
WITH probes AS (
    SELECT alpha, t, kind, CASE kind WHEN 'exact' THEN t
                                     WHEN 'below' THEN t * (1 - alpha::numeric) / (1 + alpha::numeric)
                                     ELSE t * (1 + alpha::numeric) / (1 - alpha::numeric) END AS v
    FROM edge_targets, unnest('{exact, below, above}'::text[]) AS kind),
running AS (
    SELECT alpha, t, kind, count(*) FILTER (WHERE t IS NULL) OVER (PARTITION BY alpha ORDER BY v, t NULLS FIRST) AS c
    FROM (SELECT alpha, us AS v, NULL::numeric AS t, NULL AS kind FROM edge_values
          UNION ALL SELECT alpha, v, t, kind FROM probes) AS m)
SELECT alpha, t, max(c) FILTER (WHERE kind = 'exact') AS c_exact,
       max(c) FILTER (WHERE kind = 'below') AS c_below, max(c) FILTER (WHERE kind = 'above') AS c_above
FROM running WHERE kind IS NOT NULL GROUP BY alpha, t;
SELECT alpha, count(*) AS targets,
       count(*) FILTER (WHERE b.lower <= c_exact::float8 / n AND c_exact::float8 / n <= b.upper) AS exact_within,
       count(*) FILTER (WHERE b.lower <= est AND est <= b.upper) AS estimate_within,
       count(*) FILTER (WHERE c_below::float8 / n <= b.lower AND b.upper <= c_above::float8 / n) AS within_gamma,
       count(*) FILTER (WHERE b.lower < b.upper) AS uncertain
FROM edge_exact JOIN edge_states USING (alpha),
     LATERAL duration_sla_bounds(s, pg_temp.us_interval(t)) AS b,
     LATERAL duration_sla_share(s, pg_temp.us_interval(t)) AS est
GROUP BY alpha ORDER BY alpha;

-- Histograms: each duration lies in the bin that counts it, (lower, upper]
-- microsecond for microsecond, one row per bucket and in 7 bins; bins are
-- contiguous.  The _seconds bounds are the same values in seconds.
CREATE TABLE edge_bins AS
SELECT alpha, bins, h.*
FROM edge_states, (VALUES (NULL::int), (7)) AS b(bins),
     LATERAL (SELECT *, row_number() OVER () AS bin FROM duration_histogram(s) WHERE bins IS NULL
              UNION ALL
              SELECT *, row_number() OVER () FROM duration_histogram(s, bins)) AS h;
SELECT alpha, bins, count(*) AS rows, sum(count) = max(n) AS counts_add_up,
       count(*) FILTER (WHERE lower = prev_upper) = count(*) - 1 AS contiguous,
       count(*) FILTER (WHERE count <> holds) AS miscounted
FROM (SELECT alpha, bins, bin, count, lower, lag(upper) OVER (PARTITION BY alpha, bins ORDER BY bin) AS prev_upper,
             (SELECT count(*) FROM edge_values v
              WHERE v.alpha = b.alpha AND v.d > b.lower AND v.d <= b.upper) AS holds
      FROM edge_bins b) AS c
JOIN edge_states USING (alpha)
GROUP BY alpha, bins ORDER BY alpha, bins;
SELECT alpha, count(*) AS rows,
       count(*) FILTER (WHERE h.lower = (extract(epoch FROM b.lower) * 1000000)::int8::float8 / 1e6
                          AND h.upper = (extract(epoch FROM b.upper) * 1000000)::int8::float8 / 1e6) AS same_bounds
FROM edge_bins AS b JOIN edge_states USING (alpha),
     LATERAL (SELECT *, row_number() OVER () AS bin FROM duration_histogram_seconds(s, 7)) AS h
WHERE b.bins = 7 AND h.bin = b.bin
GROUP BY alpha ORDER BY alpha;

-- Counts at the 64-bit limit: 2^63 - 2 durations of 1 microsecond and one
-- of 10^6 seconds.  q = 1 is rank n, the max, although q n rounds to 2^63,
-- beyond bigint; q = 0.5 is rank 2^62, a microsecond.  By hand: the sum is
-- 2^63 - 2 + 10^12 microseconds, the mean 1.00000010842021... microseconds.
SELECT duration_quantiles_seconds(s, '{0, 0.5, 1}') AS quantiles, duration_quantile(s, 1) AS q1,
       duration_sum_seconds(s) AS sum, duration_mean(s) AS mean, duration_mean_seconds(s) AS mean_seconds
FROM (VALUES ('v1 accuracy=0.01 n=9223372036854775807 sum=9223373036854.775806 min=0.000001 max=1000000 zero=0 -691:9223372036854775806 691:1'::duration_state)) AS t(s);

DROP TABLE edge_values, edge_states, edge_quantiles, edge_targets, edge_exact, edge_bins;
