# Rollups (docs/rollups.md): a year of daily states, 365 days x 6 channels,
# merged for the yearly and the 28-day figure per channel, against the same
# figures from the BENCH_ROWS raw rows, for NPS, duration quantiles and
# proportions.  The raw table has an index on its day, so the 28-day query
# reads only its days; the raw queries are measured serial and with 2
# parallel workers, and the ratios are taken against the faster of the two
# (2 workers).  Both sides compute the same states, so the answers must be
# identical: checked before timing.

bench_sql "
    DROP TABLE IF EXISTS bench_raw, bench_daily;
    CREATE TABLE bench_raw (day date, channel int, score int, handled interval, ok boolean);
    INSERT INTO bench_raw
    SELECT date '2026-01-01' + (i::bigint * 365 / ${BENCH_ROWS})::int, i % 6,
           (ARRAY[0, 2, 4, 5, 6, 7, 7, 8, 8, 9, 9, 9, 9, 10, 10, 10])[1 + (hashint4(i) & 15)],
           make_interval(secs => 30 + (hashint4(i + 1) & 65535) * (1 + (hashint4(i + 2) & 3))),
           hashint4(i + 3) % 5 <> 0
    FROM generate_series(0, ${BENCH_ROWS} - 1) AS i;
    CREATE INDEX ON bench_raw (day);
    VACUUM (FREEZE, ANALYZE) bench_raw;
    CREATE TABLE bench_daily AS
    SELECT day, channel, nps_agg(score) AS ratings, duration_agg(handled) AS durations, proportion_agg(ok) AS outcomes
    FROM bench_raw GROUP BY day, channel;
    ALTER TABLE bench_daily ADD PRIMARY KEY (day, channel);
    VACUUM (FREEZE, ANALYZE) bench_daily;"

# the figures: per channel, for the year and for the 28 days to 2026-12-31
year="TRUE"
days28="day BETWEEN date '2026-12-04' AND date '2026-12-31'"
nps_raw="SELECT channel, nps(score) FROM bench_raw WHERE %s GROUP BY channel"
nps_daily="SELECT channel, nps(nps_agg(ratings)) FROM bench_daily WHERE %s GROUP BY channel"
p90_raw="SELECT channel, duration_quantile(duration_agg(handled), 0.9) FROM bench_raw WHERE %s GROUP BY channel"
p90_daily="SELECT channel, duration_quantile(duration_agg(durations), 0.9) FROM bench_daily WHERE %s GROUP BY channel"
share_raw="SELECT channel, proportion(ok) FROM bench_raw WHERE %s GROUP BY channel"
share_daily="SELECT channel, proportion(proportion_agg(outcomes)) FROM bench_daily WHERE %s GROUP BY channel"

# the same answers from the days and from the raw rows
differing=0
for metric in nps p90 share; do
    for range in year days28; do
        raw_var=${metric}_raw daily_var=${metric}_daily
        diff=$(psql -X -At -c "SELECT count(*) FROM (($(printf "${!raw_var}" "${!range}")) EXCEPT
                                                   ($(printf "${!daily_var}" "${!range}"))) AS x")
        [ "$diff" = 0 ] || differing=$((differing + 1))
    done
done
bench_note "days: $(psql -X -At -c "SELECT count(*) FROM bench_daily") rows of states for $(psql -X -At -c "SELECT count(*) FROM bench_raw") raw rows; figures that differ between the days and the raw rows: $differing of 6"
[ "$differing" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))

for metric in nps p90 share; do
    for range in year days28; do
        raw_var=${metric}_raw daily_var=${metric}_daily
        bench_query "$metric $range: merged days" 0 "$(printf "${!daily_var}" "${!range}")"
        for w in 0 2; do
            bench_query "$metric $range: raw rows w$w" $w "$(printf "${!raw_var}" "${!range}")"
        done
    done
done
bench_measure

for metric in nps p90 share; do
    for range in year days28; do
        bench_ratio "$metric, $range: raw rows (2 workers) / merged days" \
            "$metric $range: raw rows w2" "$metric $range: merged days" ">=" 100
    done
done
bench_sql "DROP TABLE bench_raw, bench_daily"
