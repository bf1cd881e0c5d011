# Repeat contacts and complaint categories (docs/contacts.md).
#
# 1. The repeat rate per topic over BENCH_ROWS/10 contacts (1 million at the
#    default size: 150 000 customers, 12 topics, 60 days, stored in time
#    order as a CRM appends them): ours (contact_agg read by
#    contact_repeats) against the plain-SQL formulation analysts write,
#    lead() over (customer, topic) ordered by time, then GROUP BY topic.
#    Target: plain / ours >= 1.5, serial.  Both give the same counts (checked).
# 2. Category shares over BENCH_ROWS complaints (40 reasons, skewed): ours
#    (category_agg read by category_shares, which adds Wilson intervals and
#    Pareto classes) against GROUP BY reason plus window sums for the share
#    and the cumulative share.  The ratio is reported, with no target.
# Memory: the size of our states (as computed, and as stored, compressed),
# the working table of contact_agg (48 bytes a slot, at most 3/4 full), and
# what EXPLAIN ANALYZE reports for the plain queries' sorts and hash tables.
bench_contacts=$((BENCH_ROWS / 10))
bench_sql "
    DROP TABLE IF EXISTS bench_contacts, bench_complaints;
    CREATE TABLE bench_contacts AS
    SELECT (hashint8(i) & 2147483647) % 150000 AS customer,
           (ARRAY['delivery', 'delivery', 'delivery', 'damage', 'damage', 'refund', 'refund', 'billing',
                  'login', 'invoice', 'returns', 'warranty', 'address', 'coupon', 'quality', 'other'])
               [1 + (hashint8(i * 13) & 15)] AS topic,
           timestamptz '2026-01-01' + ((hashint8extended(i * 29, 0) & 9223372036854775807) % 5184000000000) * interval '1 microsecond' AS at
    FROM generate_series(1::bigint, ${bench_contacts}) AS i
    ORDER BY 3;
    CREATE TABLE bench_complaints AS
    SELECT 'reason ' || lpad(floor(40 * power((hashint8(i) & 2147483647) / 2147483648.0, 2.5))::text, 2, '0') AS reason
    FROM generate_series(1::bigint, ${BENCH_ROWS}) AS i;
    VACUUM (FREEZE, ANALYZE) bench_contacts;
    VACUUM (FREEZE, ANALYZE) bench_complaints;"

ours_repeats="SELECT * FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '3 days') FROM bench_contacts))"
plain_repeats="SELECT topic, count(*) AS contacts, count(*) FILTER (WHERE next_at - at <= interval '3 days') AS repeated
               FROM (SELECT topic, at, lead(at) OVER (PARTITION BY customer, topic ORDER BY at) AS next_at
                     FROM bench_contacts) AS s
               GROUP BY topic"
ours_shares="SELECT * FROM category_shares((SELECT category_agg(reason) FROM bench_complaints))"
plain_shares="SELECT reason, n, n::float8 / sum(n) OVER () AS share,
                     sum(n) OVER (ORDER BY n DESC, reason) / sum(n) OVER () AS cumulative_share
              FROM (SELECT reason, count(*) AS n FROM bench_complaints GROUP BY reason) AS g"

mismatches=$(psql -X -At -c "
    SELECT count(*) FROM ($ours_repeats) AS o FULL JOIN ($plain_repeats) AS p USING (topic)
    WHERE o.contacts IS DISTINCT FROM p.contacts OR o.repeated IS DISTINCT FROM p.repeated")
bench_note "contacts: ${bench_contacts}; topics where ours and lead() differ: ${mismatches}"
[ "$mismatches" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))
mismatches=$(psql -X -At -c "
    SELECT count(*) FROM ($ours_shares) AS o FULL JOIN ($plain_shares) AS p ON p.reason = o.category
    WHERE o.count IS DISTINCT FROM p.n OR abs(o.share - p.share) > 1e-12
       OR abs(o.cumulative_share - p.cumulative_share) > 1e-12")
bench_note "complaints: ${BENCH_ROWS}; categories where ours and GROUP BY differ: ${mismatches}"
[ "$mismatches" = 0 ] || BENCH_MISSED=$((BENCH_MISSED + 1))

# memory: our states, our working table, and the plain queries' EXPLAIN
bench_note "$(psql -X -At -F ' ' -c "
    SELECT 'contact_state: ' || pg_size_pretty(pg_column_size(s)::bigint) || ' as computed, '
           || episodes || ' episodes of ' || keys || ' customer-topic keys; working table '
           || pg_size_pretty(48 * (2 ^ ceil(log(2, keys / 0.75)))::bigint)
    FROM (SELECT contact_agg(customer, topic, at, interval '3 days') AS s FROM bench_contacts) AS x,
         contact_summary(s)")"
psql -X -q -c "CREATE TEMP TABLE bench_stored AS
                   SELECT contact_agg(customer, topic, at, interval '3 days') AS s FROM bench_contacts;" \
    -At -c "SELECT 'contact_state stored (compressed, TOAST): ' || pg_size_pretty(pg_total_relation_size('bench_stored'))" |
    while read -r line; do bench_note "$line"; done
bench_note "category_state: $(psql -X -At -c "SELECT pg_column_size(category_agg(reason)) || ' bytes' FROM bench_complaints")"
for q in "lead() per topic:$plain_repeats" "GROUP BY reason + window sums:$plain_shares"; do
    bench_note "EXPLAIN ANALYZE of the plain ${q%%:*} (work_mem $(psql -X -At -c 'SHOW work_mem')):"
    psql -X -q -At -c "SET max_parallel_workers_per_gather = 0; EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${q#*:}" |
        grep -E "Memory|Disk|^[A-Za-z]|->" | sed 's/^/      /'
done

for w in 0 2; do
    bench_query "repeats: contact_agg + contact_repeats w$w" $w "$ours_repeats"
    bench_query "repeats: plain lead() + GROUP BY topic w$w" $w "$plain_repeats"
done
for w in 0 2; do
    bench_query "shares: category_agg + category_shares w$w" $w "$ours_shares"
    bench_query "shares: plain GROUP BY + window sums w$w" $w "$plain_shares"
done
bench_measure

bench_ratio "repeat rate per topic: plain / ours, w0" "repeats: plain lead() + GROUP BY topic w0" \
    "repeats: contact_agg + contact_repeats w0" ">=" 1.5
bench_compare "repeat rate per topic: plain / ours, w2" "repeats: plain lead() + GROUP BY topic w2" \
    "repeats: contact_agg + contact_repeats w2"
for w in 0 2; do
    bench_compare "category shares: plain / ours, w$w" "shares: plain GROUP BY + window sums w$w" \
        "shares: category_agg + category_shares w$w"
done
bench_sql "DROP TABLE bench_contacts, bench_complaints"
