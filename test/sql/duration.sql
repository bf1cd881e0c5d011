-- duration_agg and the duration_* functions: exact figures, the interval to
-- seconds rule, quantile ranks, SLA shares and histograms on small data
-- checked by hand.
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00

-- Five response times: 0, 90 s, 2 min, 1 h, 1 day 2 h.
-- By hand: n = 5; sum = 0 + 90 + 120 + 3600 + 93600 = 97410 s = 1 day 03:03:30;
-- mean = 97410 / 5 = 19482 s = 05:24:42; min 0; max 1 day 02:00:00.
CREATE TABLE dur_small (d interval);
INSERT INTO dur_small VALUES ('0'), ('90 seconds'), ('2 minutes'), ('1 hour'), ('1 day 2 hours');
SELECT duration_agg(d) FROM dur_small;
SELECT duration_count(s) AS n, duration_sum(s) AS sum, duration_sum_seconds(s) AS sum_s,
       duration_mean(s) AS mean, duration_mean_seconds(s) AS mean_s,
       duration_min(s) AS min, duration_max(s) AS max,
       duration_min_seconds(s) AS min_s, duration_max_seconds(s) AS max_s
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x;
-- and they equal the built-in aggregates
SELECT duration_sum(s) = (SELECT sum(d) FROM dur_small) AS sum_ok,
       duration_mean(s) = (SELECT avg(d) FROM dur_small) AS mean_ok,
       duration_min(s) = (SELECT min(d) FROM dur_small) AS min_ok,
       duration_max(s) = (SELECT max(d) FROM dur_small) AS max_ok
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x;

-- Quantile ranks are percentile_disc's: rank max(1, ceil(q n)).  n = 5:
-- q = 0 and 0.2 -> rank 1 (min, exact 0); 0.21 -> rank 2 (90 s); 0.5 -> rank 3
-- (120 s); 0.8 -> rank 4 (1 h); 0.81 and 1 -> rank 5 (max, exact).  Ranks 2-4
-- are bucket values, shown here with the relative error against the true value.
-- (The casts change nothing here: extract() returns float8 before
-- PostgreSQL 14, and test/suites/postgresql13.sh runs this test on 13.)
SELECT q, duration_quantile(s, q) AS ours, exact,
       round((abs(extract(epoch FROM duration_quantile(s, q)) - extract(epoch FROM exact))
              / nullif(extract(epoch FROM exact), 0))::numeric, 4) AS rel_error
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x,
     (VALUES (0.0), (0.2), (0.21), (0.5), (0.8), (0.81), (1.0)) AS qs(q),
     LATERAL (SELECT percentile_disc(q) WITHIN GROUP (ORDER BY d) AS exact FROM dur_small) AS e
ORDER BY q;
-- several at once, in seconds and as intervals, with NULL elements and the
-- shape of the input array kept, as percentile_disc does
SELECT duration_quantiles(s, ARRAY[0, 1, NULL]) AS intervals,
       duration_quantiles_seconds(s, ARRAY[[0, 0.2], [0.81, 1]]) AS seconds_2d,
       duration_quantiles(s, '{}') AS no_fractions
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x;

-- Zero durations are exact, whatever the quantile lands on
SELECT duration_quantile(s, 0.5) AS median_of_zeros, duration_max(s) AS max,
       duration_quantiles(s, '{0, 0.6, 0.61, 1}') AS q
FROM (SELECT duration_agg(d) AS s
      FROM (VALUES ('0'::interval), ('0'), ('0'), ('3 hours'), ('5 hours')) AS t(d)) AS x;
-- 1 row and 2 rows: every quantile is exact (ranks 1 and n are min and max)
SELECT duration_quantiles(duration_agg(d), '{0, 0.01, 0.5, 0.9, 0.99, 1}') AS one_row
FROM (VALUES ('00:17:03.25'::interval)) AS t(d);
SELECT duration_quantiles(duration_agg(d), '{0, 0.01, 0.5, 0.9, 0.99, 1}') AS two_rows
FROM (VALUES ('00:17:03.25'::interval), ('2 days 00:00:00.000001')) AS t(d);
-- constant data: every quantile is the value itself (clamped to [min, max])
SELECT duration_quantiles(duration_agg(interval '4 hours'), '{0, 0.01, 0.5, 0.9, 0.99, 1}') AS constant
FROM generate_series(1, 1000);

-- How an interval becomes a duration: as extract(epoch from ...) counts it,
-- a day is 24 hours, a month 30 days, a year 365.25 days; the total decides,
-- so components may have mixed signs.  By hand: 1 month = 2592000 s,
-- 1 year = 31557600 s, 1 year 13 months = 2 years + 1 month = 65707200 s,
-- '2 days -1 hour' = 169200 s, '-1 day 25:00' = 3600 s.  (The cast prints
-- 13's float8 epoch as 14 and later print their numeric one.)
SELECT d, duration_sum_seconds(duration_agg(d)) AS seconds, extract(epoch FROM d)::numeric(20, 6) AS epoch
FROM (VALUES ('1 month'::interval), ('1 year'), ('1 year 13 months'), ('2 days -1 hour'),
             ('-1 day 25:00'), ('00:00:00.000001'), ('-2 months 61 days')) AS t(d)
GROUP BY d ORDER BY 2;
-- timestamptz subtraction gives days of 24 hours, so a duration across a
-- daylight-saving change is the elapsed time: 47 hours here, not 48
SET TIME ZONE 'America/New_York';
SELECT e - s AS elapsed, duration_max_seconds(duration_agg(e - s)) / 3600 AS hours
FROM (VALUES ('2026-03-07 12:00'::timestamptz, '2026-03-09 12:00'::timestamptz)) AS t(s, e)
GROUP BY 1;
RESET TIME ZONE;

-- Seconds as double precision are rounded to the microsecond, as
-- make_interval(secs => x) rounds them: both inputs give the same state
CREATE TABLE dur_secs AS
SELECT x FROM (VALUES (0.0), (0.0000004), (0.0000005), (0.0000015), (0.1), (1.2345678),
                      (59.9999996), (86400.25), (31557600.0), (1e12)) AS t(x);
SELECT duration_agg(x::float8) AS from_seconds,
       duration_agg(x::float8)::text = duration_agg(make_interval(secs => x))::text AS same_as_interval
FROM dur_secs;
-- and, the other way round, extract(epoch from d)::float8 gives the same
-- state as d for every interval of dur_small
SELECT duration_agg(d)::text = duration_agg(extract(epoch FROM d)::float8)::text AS epoch_same
FROM dur_small;

-- NULLs are skipped; no rows, or only NULLs, give NULL; an empty state
-- (from text) answers NULL except for its count
SELECT duration_count(duration_agg(d)) AS n, duration_max(duration_agg(d)) AS max
FROM (VALUES (NULL::interval), ('1 minute'), (NULL)) AS t(d);
SELECT duration_agg(d) AS no_rows FROM dur_small WHERE false;
SELECT duration_agg(d) AS only_nulls FROM (VALUES (NULL::interval), (NULL)) AS t(d);
-- ... also for seconds: 1.5 and 3 s, in buckets ceil(ln 1.5 / ln(1.01 / 0.99))
-- = 21 and ceil(ln 3 / ln(1.01 / 0.99)) = 55
SELECT duration_agg(x) AS seconds_with_null FROM (VALUES (1.5::float8), (NULL), (3.0)) AS t(x);
SELECT duration_count(s) AS n, duration_sum(s) AS sum, duration_mean_seconds(s) AS mean,
       duration_min(s) AS min, duration_quantile(s, 0.5) AS median,
       duration_quantiles(s, '{0.5}') AS quantiles, duration_sla_share(s, '1 hour') AS share,
       (SELECT count(*) FROM duration_histogram(s)) AS histogram_rows
FROM (VALUES ('v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'::duration_state)) AS t(s);

-- Accuracy: an argument of the aggregate, kept in the state
SELECT duration_accuracy(duration_agg(d)) AS default_accuracy,
       duration_accuracy(duration_agg(d, 0.001)) AS finer,
       duration_agg(d, 0.05) AS coarse_state
FROM dur_small;

-- SLA share at or under a target.  dur_small by hand: at or under 0 s and
-- 1 min: 1 of 5; 2 min: 3 of 5 (0, 90 s, 120 s); 1 h: 4 of 5; from the max
-- on: 1.  The exact share always lies within the bounds; only the target's
-- own bucket is uncertain (here the buckets of 120 s and 1 h hold one
-- duration each, so the bounds are 0.2 apart), and the estimate interpolates
-- inside it on the log scale.  Shares through log() are rounded.
SELECT target, round(duration_sla_share(s, target)::numeric, 4) AS share, b.lower, b.upper,
       (SELECT avg((d <= target)::int) FROM dur_small)::float8 AS exact
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x,
     (VALUES ('0'::interval), ('1 minute'), ('2 minutes'), ('1 hour'), ('1 day'),
             ('1 day 02:00:00'), ('3 days')) AS t(target),
     LATERAL duration_sla_bounds(s, target) AS b
ORDER BY target;
-- in seconds
SELECT round(duration_sla_share_seconds(s, 120)::numeric, 4) AS share,
       (duration_sla_bounds_seconds(s, 3600)).*
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x;
-- 100 durations of 100 s and 100 of 101 s share one bucket at 1% accuracy,
-- with the min and the max.  By hand: below 100 s nothing, from 101 s all;
-- in between the min certainly counts and the max certainly does not
-- (bounds 1/200 and 199/200), and the estimate is the log-scale position
-- between them: at 100.5 s, ln(1.005) / ln(1.01) = 0.5012; at 100.7 s,
-- ln(1.007) / ln(1.01) = 0.7010.
SELECT target, round(duration_sla_share_seconds(s, target)::numeric, 4) AS share, b.lower, b.upper
FROM (SELECT duration_agg(x) AS s
      FROM (SELECT 100.0::float8 FROM generate_series(1, 100)
            UNION ALL SELECT 101.0 FROM generate_series(1, 100)) AS t(x)) AS y,
     (VALUES (99.0::float8), (100), (100.5), (100.7), (101)) AS v(target),
     LATERAL duration_sla_bounds_seconds(s, target) AS b
ORDER BY target;
-- two durations: the bounds are exact for every target
SELECT target, duration_sla_share(s, target) AS share, b.lower, b.upper
FROM (SELECT duration_agg(d) AS s FROM (VALUES ('01:00:00'::interval), ('01:00:01')) AS t(d)) AS y,
     (VALUES ('00:59:59'::interval), ('01:00:00'), ('01:00:00.5'), ('01:00:01')) AS v(target),
     LATERAL duration_sla_bounds(s, target) AS b
ORDER BY target;

-- Histogram: one row per bucket from the shortest to the longest duration,
-- (lower, upper] each, with a [0, 0] row for zero durations.  By hand for
-- {0, 1 s, 1 s, 3 s}: 1 s = gamma^0 lies in bucket 0 = (1/gamma, 1]; 3 s in
-- bucket ceil(ln 3 / ln gamma) = 55.  Bounds are the last microsecond of a
-- bucket: 3.004272 s, as gamma^55 = 3.0042726... (through exp(): rounded).
CREATE TABLE dur_hist AS
SELECT duration_agg(x) AS s FROM (VALUES (0.0::float8), (1), (1), (3)) AS t(x);
SELECT count(*) AS rows, sum(count) AS durations, min(lower) AS first_lower, max(upper) AS last_upper,
       count(*) FILTER (WHERE count > 0) AS non_empty
FROM duration_histogram((SELECT s FROM dur_hist));
SELECT round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper, count
FROM duration_histogram_seconds((SELECT s FROM dur_hist)) WHERE count > 0;
-- at most N bins of whole buckets: 56 buckets in 10 bins are bins of 6
SELECT round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper, count
FROM duration_histogram_seconds((SELECT s FROM dur_hist), 10);
SELECT lower, upper, count FROM duration_histogram((SELECT s FROM dur_hist), 1);
-- consecutive bins share their bounds, and the counts add up to n
SELECT count(*) AS bins,
       count(*) FILTER (WHERE lower = lag_upper) AS contiguous,
       sum(count) AS total
FROM (SELECT lower, upper, count, lag(upper) OVER (ORDER BY upper) AS lag_upper
      FROM duration_histogram_seconds((SELECT s FROM dur_hist), 7) WHERE upper > 0) AS h;

-- Size: the compact form.  By hand for {1 s, 2 s, 3 s}: buckets 0, 35 and
-- 55 (ceil(ln x / ln gamma)); the 88-byte header, one byte per non-empty
-- bucket and one per run of empty buckets between them: 88 + 3 + 2 = 93
SELECT duration_state_size(duration_agg(x)) AS bytes, pg_column_size(duration_agg(x)) AS column_size
FROM (VALUES (1.0::float8), (2.0), (3.0)) AS t(x);
-- the transition function called directly returns that form too, so a
-- table never stores the dense form of a running aggregate
SELECT pg_column_size(s) AS column_size, duration_state_size(s) AS bytes, s
FROM (SELECT duration_state_accum(duration_state_accum(NULL, 1.0::float8), interval '2 s') AS s) AS x;

-- Moving windows work (the state is recomputed per frame)
SELECT d, duration_count(duration_agg(d) OVER w) AS n, duration_max(duration_agg(d) OVER w) AS running_max
FROM dur_small WINDOW w AS (ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY d;

-- Every reader names its arguments (state; fraction, fractions, target,
-- target_seconds), as duration_quantile_test does: named notation finds
-- them, in any order, and gives what the positional call gives
SELECT duration_quantile(state => s, fraction => 0.9) AS p90,
       duration_quantiles(fractions => '{0.5, 0.9}', state => s) AS "p50, p90",
       duration_sla_share(state => s, target => '2 minutes') AS within_2_minutes,
       duration_sla_share_seconds(target_seconds => 120, state => s) AS within_120_seconds,
       (duration_count(state => s), duration_sum(state => s), duration_sum_seconds(state => s),
        duration_mean(state => s), duration_mean_seconds(state => s),
        duration_min(state => s), duration_min_seconds(state => s),
        duration_max(state => s), duration_max_seconds(state => s),
        duration_quantile(state => s, fraction => 0.9), duration_quantile_seconds(state => s, fraction => 0.9),
        duration_quantiles(state => s, fractions => '{0.5, 0.9}'),
        duration_quantiles_seconds(state => s, fractions => '{0.5, 0.9}'),
        duration_sla_share(state => s, target => '2 minutes'),
        duration_sla_share_seconds(state => s, target_seconds => 120),
        duration_accuracy(state => s), duration_state_size(state => s))
       IS NOT DISTINCT FROM
       (duration_count(s), duration_sum(s), duration_sum_seconds(s), duration_mean(s), duration_mean_seconds(s),
        duration_min(s), duration_min_seconds(s), duration_max(s), duration_max_seconds(s),
        duration_quantile(s, 0.9), duration_quantile_seconds(s, 0.9),
        duration_quantiles(s, '{0.5, 0.9}'), duration_quantiles_seconds(s, '{0.5, 0.9}'),
        duration_sla_share(s, '2 minutes'), duration_sla_share_seconds(s, 120),
        duration_accuracy(s), duration_state_size(s)) AS named_as_positional
FROM (SELECT duration_agg(d) AS s FROM dur_small) AS x;

DROP TABLE dur_small, dur_secs, dur_hist;
