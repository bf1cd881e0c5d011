# The aggregate families measured by the growth curves (test/bench/curves.sh)
# and the instruction counts (test/bench/instructions.sh): one line each.
#
#   family NAME COLUMNS VALUES AGGREGATE FLOOR
#   merge_family NAME COLUMNS VALUES AGGREGATE FLOOR   (a merge aggregate)
#   family_state NAME AGGREGATE       (optional)
#   family_worst NAME VALUES          (optional)
#   family_group_by NAME EXPRESSION   (optional)
#   family_limit NAME ROWS            (optional)
#
# NAME       a short name (the table is curves_NAME)
# COLUMNS    the columns of the table, as in CREATE TABLE
# VALUES     one row of those columns from i (bigint, 1..rows), as a SELECT list:
#            typical data, deterministic (hashint8 of i, no random())
# AGGREGATE  the aggregate call measured, over those columns
# FLOOR      the executor's own cost of the scan: count() of the column(s)
#            the aggregate reads, over the same rows; of two or more, count()
#            of the last in the table, so that the scan extracts every column
#            the aggregate reads, as the aggregate's own scan does
#
# family_state names the aggregate that returns the state, when AGGREGATE
# returns a number (nps(score): nps_agg(score)), for the state sizes.
# family_worst gives VALUES for the largest state the family can grow, used
# for the state size per group only.  family_group_by is for an aggregate of
# one case (a timeline): every query groups by that expression, the curve of
# groups is not drawn (the rows curve is one of cases).  family_limit is the
# most rows the family's aggregate can take in one group, or its table can
# keep in shared buffers: its table grows no further, and larger sizes of the
# rows curve are skipped.
#
# Every table also has k bigint, a hash of i (negative or not), for GROUP BY
# k % g: 2g - 1 groups.
# Adding a family is adding one line.

# a uniform hash of i in [0, n)
h() { echo "((hashint8(i * 8 + $2) & 2147483647) % $1)"; }

family nps "score int" "$(h 11 1)" \
    "nps(score)" "count(score)"
family_state nps "nps_agg(score)"
family nps_weighted "score int, weight float8" "$(h 11 1), 0.5 + $(h 4 2) * 0.25" \
    "nps(score, weight)" "count(weight)"
family_state nps_weighted "nps_agg(score, weight)"
family csat "score int" "1 + $(h 5 1)" \
    "csat(score)" "count(score)"
family_state csat "csat_agg(score)"
family proportion "ok boolean" "$(h 10 1) < 7" \
    "proportion(ok)" "count(ok)"
family_state proportion "proportion_agg(ok)"
# durations of minutes to days (log-normal-like), seconds precision
family duration "d interval" "make_interval(secs => 60 + $(h 1000 1) * $(h 300 2))" \
    "duration_agg(d)" "count(d)"
family_worst duration "make_interval(secs => exp(ln(1e-6) + $(h 1000000 1) / 1e6 * (ln(0.99e12) - ln(1e-6))))"
family dimension "scores float8[]" \
    "ARRAY[1 + $(h 5 1), 1 + $(h 5 2), 1 + $(h 5 3), 1 + $(h 5 4), 1 + $(h 5 5), 1 + $(h 5 6)]::float8[]" \
    "dimension_agg(scores)" "count(scores)"
family_worst dimension "(SELECT array_agg(1 + $(h 5 1) + j) FROM generate_series(1, 100) AS j)::float8[]"
family gap "expectation float8[], perception float8[]" \
    "ARRAY[1 + $(h 5 1), 1 + $(h 5 2), 1 + $(h 5 3), 1 + $(h 5 4), 1 + $(h 5 5)]::float8[],
     ARRAY[1 + $(h 5 6), 1 + $(h 5 7), 1 + $(h 5 8), 1 + $(h 5 9), 1 + $(h 5 10)]::float8[]" \
    "gap_agg(expectation, perception)" "count(perception)"
family driver "overall float8, scores float8[]" \
    "1 + $(h 10 1), ARRAY[1 + $(h 5 2), 1 + $(h 5 3), 1 + $(h 5 4), 1 + $(h 5 5), 1 + $(h 5 6)]::float8[]" \
    "driver_agg(overall, scores)" "count(scores)"
# events of refunds: 8 stages, a case every 8 rows
family timeline "case_id bigint, stage text, at timestamptz" \
    "i / 8, (ARRAY['shipped', 'received', 'requested', 'responded', 'agreed', 'return_shipped',
            'return_received', 'succeeded'])[1 + i % 8],
     timestamptz '2026-01-01' + i * interval '1 minute'" \
    "timeline_agg(stage, at)" "count(at)"
family_group_by timeline case_id
family timeline_set "case_id bigint, stage text, at timestamptz" \
    "i / 8, (ARRAY['shipped', 'received', 'requested', 'responded', 'agreed', 'return_shipped',
                  'return_received', 'succeeded'])[1 + i % 8],
     timestamptz '2026-01-01' + i * interval '1 minute'" \
    "timeline_set_agg(case_id, stage, at)" "count(at)"
# one set is one value, at most 1 GB: about 5.7 million of these cases
family_limit timeline_set 40000000
# contacts of 250,000 customers on 4 topics, a contact every 0.432 s: a
# customer comes back on a topic every 5 days on average, so 45% of the
# contacts repeat one within the 3-day window
family contact "customer bigint, topic text, at timestamptz" \
    "$(h 250000 1), (ARRAY['delivery', 'refund', 'product', 'account'])[1 + $(h 4 2)],
     timestamptz '2026-01-01' + i * interval '432 milliseconds'" \
    "contact_agg(customer, topic, at, interval '3 days')" "count(at)"
# a state holds at most 8 million episodes (CONTACT_MAX_EPISODES): 55% of
# these contacts start one
family_limit contact 14000000
# complaint reasons, 20 of them, a few much more frequent than the rest
family category "reason text" "'reason ' || $(h 20 1) * $(h 20 2) / 19" \
    "category_agg(reason)" "count(reason)"
family_state category "category_agg(reason)"
family moment "overall float8, scores float8[]" \
    "1 + $(h 10 1), ARRAY[1 + $(h 5 2), 1 + $(h 5 3), 1 + $(h 5 4), 1 + $(h 5 5), 1 + $(h 5 6)]::float8[]" \
    "moment_agg(overall, scores)" "count(scores)"
family outcome "exposed boolean, outcome boolean" "$(h 10 1) < 3, $(h 10 2) < 6" \
    "outcome_agg(exposed, outcome)" "count(outcome)"
# refund completion times against a 3-day target, in 4 buckets
family duration_outcome "d interval, ok boolean" \
    "make_interval(secs => 60 + $(h 1000 1) * $(h 300 2)), $(h 10 3) < 8" \
    "duration_outcome_agg(d, ok, '{1 hour, 4 hours, 1 day, 3 days}'::interval[])" "count(ok)"
# timelines of 4 events (request, response, agreement, success), a case a row
family funnel "timeline timeline_state" \
    "('v1 ' || to_char(timestamptz '2026-01-01' + i * interval '1 minute', 'YYYY-MM-DD HH24:MI:SS+00')
         || ' \"requested\", '
         || to_char(timestamptz '2026-01-01' + i * interval '1 minute' + $(h 600 1) * interval '1 minute',
                    'YYYY-MM-DD HH24:MI:SS+00') || ' \"responded\"'
         || CASE WHEN $(h 10 2) < 8 THEN ', '
             || to_char(timestamptz '2026-01-01' + i * interval '1 minute' + (600 + $(h 1440 3)) * interval '1 minute',
                        'YYYY-MM-DD HH24:MI:SS+00') || ' \"agreed\", '
             || to_char(timestamptz '2026-01-01' + i * interval '1 minute' + (2040 + $(h 2880 4)) * interval '1 minute',
                        'YYYY-MM-DD HH24:MI:SS+00') || ' \"succeeded\"' ELSE '' END)::timeline_state" \
    "funnel_agg(timeline)" "count(timeline)"
# a table of 10 million timelines takes 1.6 GB; 50 million would not fit in
# shared_buffers (4 GB) and would be read from disk
family_limit funnel 10000000

# Merge aggregates over a rollup table: a stored state a row, each made from
# 4 raw values as a rollup of small groups stores it (20 to 125 bytes with a
# 1-byte header; a rating state is always 192 bytes), the floor count() of
# the state column.  They are measured only when named, or all as `merge`
# (instructions.sh merge): the curves of the families above do not draw them.
merged() { echo "(SELECT $1 FROM unnest(ARRAY[$(h 65536 1), $(h 65536 2), $(h 65536 3), $(h 65536 4)]) AS v)"; }
merge_family merge_nps "ratings rating_state" "$(merged "nps_agg(v % 11)")" \
    "nps_agg(ratings)" "count(ratings)"
merge_family merge_duration "durations duration_state" "$(merged "duration_agg(make_interval(secs => 30 + v))")" \
    "duration_agg(durations)" "count(durations)"
merge_family merge_proportion "shares proportion_state" "$(merged "proportion_agg(v % 3 = 0)")" \
    "proportion_agg(shares)" "count(shares)"
merge_family merge_outcome "outcomes outcome_state" "$(merged "outcome_agg(v % 3 = 0, v % 11 > 6)")" \
    "outcome_agg(outcomes)" "count(outcomes)"
merge_family merge_duration_outcome "duration_outcomes duration_outcome_state" \
    "$(merged "duration_outcome_agg(make_interval(secs => 30 + v), v % 3 = 0, '{1 hour, 4 hours}'::interval[])")" \
    "duration_outcome_agg(duration_outcomes)" "count(duration_outcomes)"
merge_family merge_dimension "dimensions dimension_state" \
    "$(merged "dimension_agg(ARRAY[v % 11, (v * 3) % 11, (v * 7) % 11]::float8[])")" \
    "dimension_agg(dimensions)" "count(dimensions)"
merge_family merge_gap "gaps paired_state" \
    "$(merged "gap_agg(ARRAY[v % 11, 5]::float8[], ARRAY[(v * 3) % 11, 4]::float8[])")" \
    "gap_agg(gaps)" "count(gaps)"
merge_family merge_moment "moments moment_state" \
    "$(merged "moment_agg((v % 11)::float8, ARRAY[(v * 3) % 11, (v * 7) % 11]::float8[])")" \
    "moment_agg(moments)" "count(moments)"
merge_family merge_category "categories category_state" \
    "$(merged "category_agg((ARRAY['billing', 'delivery', 'product', 'account'])[1 + v % 4])")" \
    "category_agg(categories)" "count(categories)"
