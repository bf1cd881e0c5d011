# Satisfaction index: satisfaction_index(dimension_agg(scores), weights) over
# wide rows of 6 dimensions (about 1.5% of the answers NULL), against the
# plain-SQL formulation (avg per dimension, then the weighted sum) and
# count(scores) (the cost of the scan itself), serial and with 2 workers.
score_expr() {
    local k=$1
    echo "CASE WHEN hashint4(i * 8 + $k) & 63 = 0 THEN NULL
               ELSE 1 + (hashint4(i * 8 + $k) & 2147483647) % 5 END::float8"
}
bench_sql "
    DROP TABLE IF EXISTS bench_satisfaction;
    CREATE TABLE bench_satisfaction (channel int, scores float8[]);
    INSERT INTO bench_satisfaction
    SELECT i % 6, ARRAY[$(score_expr 1), $(score_expr 2), $(score_expr 3),
                        $(score_expr 4), $(score_expr 5), $(score_expr 6)]
    FROM generate_series(1, ${BENCH_ROWS}) AS i;
    VACUUM (FREEZE, ANALYZE) bench_satisfaction;"

weights="ARRAY[3, 2, 2, 1, 1, 1]::float8[]"
plain="(3 * (avg(scores[1]) - 1) / 4 * 100 + 2 * (avg(scores[2]) - 1) / 4 * 100
        + 2 * (avg(scores[3]) - 1) / 4 * 100 + 1 * (avg(scores[4]) - 1) / 4 * 100
        + 1 * (avg(scores[5]) - 1) / 4 * 100 + 1 * (avg(scores[6]) - 1) / 4 * 100) / 10"

for w in 0 2; do
    bench_query "count(scores) w$w" $w "SELECT count(scores) FROM bench_satisfaction"
    bench_query "satisfaction_index(dimension_agg) w$w" $w \
        "SELECT satisfaction_index(dimension_agg(scores), $weights) FROM bench_satisfaction"
    bench_query "plain SQL: avg per dimension w$w" $w "SELECT $plain FROM bench_satisfaction"
done
bench_query "satisfaction_index GROUP BY channel w0" 0 \
    "SELECT channel, satisfaction_index(dimension_agg(scores), $weights) FROM bench_satisfaction GROUP BY channel"
bench_query "plain SQL GROUP BY channel w0" 0 \
    "SELECT channel, $plain FROM bench_satisfaction GROUP BY channel"
bench_measure

for w in 0 2; do
    bench_ratio "plain SQL / satisfaction_index, w$w" \
        "plain SQL: avg per dimension w$w" "satisfaction_index(dimension_agg) w$w" ">=" 1.5
    bench_compare "satisfaction_index / count(scores), w$w" \
        "satisfaction_index(dimension_agg) w$w" "count(scores) w$w"
done
bench_compare "plain SQL / satisfaction_index, GROUP BY channel" \
    "plain SQL GROUP BY channel w0" "satisfaction_index GROUP BY channel w0"
bench_note "same result: $(psql -X -At -c "SELECT abs(satisfaction_index(dimension_agg(scores), $weights) - ($plain)) < 1e-9 FROM bench_satisfaction")"
bench_sql "DROP TABLE bench_satisfaction"
