# NPS: nps(score) against count(score) (the cost of the scan itself) and the
# plain-SQL formulations, serial and with 2 parallel workers; nps(score,
# weight) against count(weight), whose scan reads both columns as it does.
bench_sql "
    DROP TABLE IF EXISTS bench_survey;
    CREATE TABLE bench_survey (channel int, score int, weight float8);
    INSERT INTO bench_survey
    SELECT i % 6, (hashint4(i) & 2147483647) % 11, 0.5 + (hashint4(i + 1) & 3) * 0.25
    FROM generate_series(1, ${BENCH_ROWS}) AS i;
    VACUUM (FREEZE, ANALYZE) bench_survey;"

for w in 0 2; do
    bench_query "count(score) w$w" $w "SELECT count(score) FROM bench_survey"
    bench_query "count(weight) w$w" $w "SELECT count(weight) FROM bench_survey"
    bench_query "nps(score) w$w" $w "SELECT nps(score) FROM bench_survey"
    bench_query "nps(score, weight) w$w" $w "SELECT nps(score, weight) FROM bench_survey"
    bench_query "plain SQL: count FILTER w$w" $w "SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) FROM bench_survey"
    bench_query "plain SQL: avg(CASE) w$w" $w "SELECT 100.0 * avg(CASE WHEN score >= 9 THEN 1 WHEN score <= 6 THEN -1 ELSE 0 END) FROM bench_survey"
done
bench_query "nps(score) GROUP BY channel w0" 0 "SELECT channel, nps(score) FROM bench_survey GROUP BY channel"
bench_query "plain SQL GROUP BY channel w0" 0 "SELECT channel, 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) FROM bench_survey GROUP BY channel"
bench_measure

for w in 0 2; do
    bench_ratio "nps(score) / count(score), w$w" "nps(score) w$w" "count(score) w$w" "<=" 1.08
    bench_ratio "count FILTER formula / nps(score), w$w" "plain SQL: count FILTER w$w" "nps(score) w$w" ">=" 1.2
    bench_ratio "avg(CASE) formula / nps(score), w$w" "plain SQL: avg(CASE) w$w" "nps(score) w$w" ">=" 1.0
    bench_ratio "nps(score, weight) / count(weight), w$w" "nps(score, weight) w$w" "count(weight) w$w" "<=" 1.2
done
bench_speedup_ratio "speed-up of nps(score) w2 / count(score)'s" \
    "nps(score) w0" "nps(score) w2" "count(score) w0" "count(score) w2"
bench_compare "plain SQL / nps(score), GROUP BY channel" "plain SQL GROUP BY channel w0" "nps(score) GROUP BY channel w0"
bench_sql "DROP TABLE bench_survey"
