# Keys chosen to collide in the in-memory hash tables (docs/security.md,
# "Hash tables and chosen keys"): names, customers, case ids and response
# ids computed by test/bench/crafted_keys.py to start their probes at one
# slot under the hashes before the seed (4d8261f), against ordinary keys of
# the same shape and number.  With the per-backend seed the crafted keys are ordinary
# keys too.  Target, each aggregate: crafted / ordinary <= 2, serial (the
# build of 4d8261f, unseeded, took 30 to 500 times as long on them; the
# figures are in the performance log, "Seeded hash tables").  Fixed sizes,
# not BENCH_ROWS: the point is the keys, and an unseeded build would take
# minutes per query at ten times these.
#
#   category_agg   10,000 names, 10 rows each, in random order
#   contact_agg    48,000 bigint customers, 2 contacts each, one topic;
#                  20,000 text customers, 2 contacts each; 20,000 topics
#   timeline_set   100,000 case ids, 2 events each
#   moment_agg     50,000 responses of long rows, by descending id (its
#                  held state)
#   vocabulary     refund_vocabulary of 20,000 names
# packages: python3-numpy
keys_dir=$(mktemp -d)
chmod 755 "$keys_dir"
for kind in "names 20000" "customers 48000" "cases 100000" "responses 50000"; do
    # shellcheck disable=SC2086
    /usr/bin/python3 "$SQ_REPO/test/bench/crafted_keys.py" $kind >"$keys_dir/${kind% *}.txt"
done
bench_sql "
    DROP TABLE IF EXISTS bench_keys_names, bench_keys_customers, bench_keys_cases, bench_keys_responses;
    CREATE TABLE bench_keys_names (crafted boolean, n text);
    CREATE TABLE bench_keys_customers (crafted boolean, c bigint);
    CREATE TABLE bench_keys_cases (crafted boolean, c bigint);
    CREATE TABLE bench_keys_responses (crafted boolean, r bigint);"
for kind in names customers cases responses; do
    psql -X -q -c "\\copy bench_keys_$kind (${kind:0:1}) FROM '$keys_dir/$kind.txt'" >/dev/null
done
rm -rf "$keys_dir"
bench_sql "
    UPDATE bench_keys_names SET crafted = true;
    UPDATE bench_keys_customers SET crafted = true;
    UPDATE bench_keys_cases SET crafted = true;
    UPDATE bench_keys_responses SET crafted = true;
    INSERT INTO bench_keys_names SELECT false, 'crafted:' || substr(md5(i::text), 1, 8) FROM generate_series(1, 20000) AS i;
    INSERT INTO bench_keys_customers SELECT false, hashint8extended(i, 0) FROM generate_series(1, 48000) AS i;
    INSERT INTO bench_keys_cases SELECT false, hashint8extended(i, 0) & 1152921504606846975 FROM generate_series(1, 100000) AS i;
    INSERT INTO bench_keys_responses SELECT false, hashint8extended(i, 0) & 9223372036854775807 FROM generate_series(1, 50000) AS i;
    DROP TABLE IF EXISTS bench_keys_category, bench_keys_contact, bench_keys_contact_text, bench_keys_topic,
                         bench_keys_timeline, bench_keys_moment;
    CREATE TABLE bench_keys_category AS
    SELECT crafted, n FROM (SELECT crafted, n, row_number() OVER (PARTITION BY crafted ORDER BY n) AS k FROM bench_keys_names) AS x,
                           generate_series(1, 10)
    WHERE k <= 10000 ORDER BY hashtext(n || generate_series);
    CREATE TABLE bench_keys_contact AS
    SELECT crafted, c, timestamptz '2026-01-01' + k * interval '1 day' AS at
    FROM bench_keys_customers, generate_series(1, 2) AS k ORDER BY k, c;
    CREATE TABLE bench_keys_contact_text AS
    SELECT crafted, n AS c, timestamptz '2026-01-01' + k * interval '1 day' AS at
    FROM bench_keys_names, generate_series(1, 2) AS k ORDER BY k, n;
    CREATE TABLE bench_keys_timeline AS
    SELECT crafted, c, (ARRAY['requested', 'agreed'])[k] AS stage, timestamptz '2026-01-01' + k * interval '1 hour' AS at
    FROM bench_keys_cases, generate_series(1, 2) AS k ORDER BY k, c;
    CREATE TABLE bench_keys_moment AS
    SELECT crafted, r, d, (r % 5)::float8 AS v
    FROM bench_keys_responses, unnest(ARRAY['a', 'overall']) WITH ORDINALITY AS u(d, k) ORDER BY k, r DESC;
    VACUUM (FREEZE, ANALYZE) bench_keys_category, bench_keys_contact, bench_keys_contact_text,
                             bench_keys_names, bench_keys_timeline, bench_keys_moment;"

declare -A keys_query=(
    [category_agg]="SELECT pg_column_size(category_agg(n)) FROM bench_keys_category WHERE crafted = %s"
    [contact_agg, bigint customers]="SELECT pg_column_size(contact_agg(c, 'delivery', at, interval '3 days')) FROM bench_keys_contact WHERE crafted = %s"
    [contact_agg, text customers]="SELECT pg_column_size(contact_agg(c, 'delivery', at, interval '3 days')) FROM bench_keys_contact_text WHERE crafted = %s"
    [contact_agg, topics]="SELECT pg_column_size(contact_agg(1::bigint, n, timestamptz '2026-01-01', interval '3 days')) FROM bench_keys_names WHERE crafted = %s"
    [timeline_set_agg]="SELECT timeline_set_cases(timeline_set_agg(c, stage, at)) FROM bench_keys_timeline WHERE crafted = %s"
    [moment_agg long]="SELECT (moment_summary(moment_agg(r, d, v, ARRAY['a'], 'overall'))).responses FROM bench_keys_moment WHERE crafted = %s"
    [refund_vocabulary]="SELECT count(*) FROM refund_vocabulary((SELECT jsonb_build_object('requested', jsonb_agg(n)) FROM bench_keys_names WHERE crafted = %s))"
)
keys_order=("category_agg" "contact_agg, bigint customers" "contact_agg, text customers" "contact_agg, topics"
    "timeline_set_agg" "moment_agg long" "refund_vocabulary")
for name in "${keys_order[@]}"; do
    # shellcheck disable=SC2059
    bench_query "$name: crafted keys" 0 "$(printf "${keys_query[$name]}" true)"
    # shellcheck disable=SC2059
    bench_query "$name: ordinary keys" 0 "$(printf "${keys_query[$name]}" false)"
done
bench_measure
for name in "${keys_order[@]}"; do
    bench_ratio "$name: crafted / ordinary keys" "$name: crafted keys" "$name: ordinary keys" "<=" 2
done
bench_sql "DROP TABLE bench_keys_names, bench_keys_customers, bench_keys_cases, bench_keys_responses,
                      bench_keys_category, bench_keys_contact, bench_keys_contact_text,
                      bench_keys_timeline, bench_keys_moment"
