#!/usr/bin/env bash
# Calls that take seconds on large input stop soon after statement_timeout
# (or pg_cancel_backend): each case below, on input large enough that it
# once ran for seconds without checking for interrupts, is repeated in a
# PL/pgSQL loop that only a cancel ends, under statement_timeout = 200ms.
# It must end with SQLSTATE 57014 within 3 s of wall-clock time, and the
# backend must have spent less than 0.5 s of CPU time on it.  The CPU time
# (from /proc/self/stat) is what tells a prompt cancel from a late one on a
# busy machine too: the server spends at most the 200 ms before the timeout
# and what it runs until its next check, whatever the load; the build
# before these checks spent 0.8 s (printing the calendar) to 7.7 s
# (contact_fcr) in the first call, and driver_shapley 1.1 s.
# See docs/development.md, "Cancelling long calls".
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

WALL_LIMIT=3
CPU_LIMIT=0.5
TICKS=$(getconf CLK_TCK)

sq_cluster_start interrupts "max_parallel_workers_per_gather = 0" >/dev/null ||
    { tap_result fail "a cluster starts"; tap_done; exit 1; }
out=$(psql -X -q -v ON_ERROR_STOP=1 2>&1 <<'EOF'
CREATE EXTENSION svcquality;
-- 65535 topics, each with a label of its own: topics x labels is 4.3e9
CREATE TABLE contacts AS
SELECT contact_agg(c::bigint, 't' || c, timestamptz '2026-01-01', interval '7 days', 'l' || c, true) AS s
FROM generate_series(1, 65535) AS c;
CREATE TABLE ranking AS
SELECT array_agg('g' || i) AS labels, array_agg(proportion_of(i % 97, 100 + i % 13)) AS states
FROM generate_series(1, 1000000) AS i;
-- 10,000 values, the most a trend takes, in no order: 5e7 pairs per pass
CREATE TABLE trend AS
SELECT array_agg(((hashint4(i) & 2147483647) % 1000003)::float8) AS xs FROM generate_series(1, 10000) AS i;
-- every date of the years 1 to 9999 with hours of its own: 3.65 million
CREATE TABLE calendar AS
SELECT ('v2 tz=UTC mon-fri=09:00-17:00 ' || string_agg(
           to_char(d, 'YYYY-MM-DD') || '=' ||
           to_char(time '00:00' + (1 + i % 40000) * interval '1 second', 'HH24:MI:SS') || '-12:00,13:00-' ||
           to_char(time '13:00' + (1 + i / 40000) * interval '1 second', 'HH24:MI:SS'), ' '))::business_calendar AS cal
FROM generate_series(date '0001-01-01', date '9999-12-31', interval '1 day') WITH ORDINALITY AS g(d, i);
-- The large arrays are stored uncompressed: PostgreSQL decompresses an
-- argument before the call, without checking for interrupts (0.5 s for
-- 30 million timestamps), which would hide what the call itself does.
CREATE TABLE arrivals (at timestamptz[]);
ALTER TABLE arrivals ALTER at SET STORAGE EXTERNAL;
INSERT INTO arrivals
SELECT array_agg(timestamptz '2026-01-01 00:00+00' + ((hashint4(i) & 2147483647) % 604800) * interval '1 second')
FROM generate_series(1, 20000000) AS i;
-- 20 dimensions, the most driver_shapley takes: 2^20 regressions
CREATE TABLE drivers AS
SELECT moment_agg((hashint4(r) & 1023) / 100.0,
                  ARRAY(SELECT (hashint4(r * 32 + d) & 1023) / 100.0 + r * d / 1e4 FROM generate_series(1, 20) AS d)) AS s
FROM generate_series(1, 300) AS r;
CREATE TABLE p_values (p float8[]);
ALTER TABLE p_values ALTER p SET STORAGE EXTERNAL;
INSERT INTO p_values
SELECT array_agg((hashint4(i) & 2147483647) / 2147483647.0::float8) FROM generate_series(1, 10000000) AS i;
EOF
)
tap_status "the inputs are made" $? "$out"

# name|query: one call, which the loop repeats
cases=(
    "contact_fcr by topic and label, 65535 topics and labels|SELECT count(*) FROM contacts, contact_fcr(s, 'topic_label')"
    "proportion_ranking of a million groups|SELECT count(*) FROM ranking, proportion_ranking(labels, states)"
    "mann_kendall of 10,000 values, Hamed and Rao's correction|SELECT n FROM trend, mann_kendall(xs, 0.95, 'hamed_rao')"
    "a business_calendar with 3.65 million dated hours as text|SELECT length(cal::text) FROM calendar"
    "staffing_intervals counting 20 million arrival times|SELECT count(*) FROM arrivals, staffing_intervals('2026-01-01', '2026-01-07', '1 hour', 'v2 tz=UTC mon-fri=09:00-17:00', at)"
    "p_adjust of 10 million p-values|SELECT cardinality(p_adjust(p)) FROM p_values"
    "driver_shapley of 20 dimensions|SELECT count(*) FROM drivers, driver_shapley(s)"
)

for case in "${cases[@]}"; do
    name=${case%%|*}
    query=${case#*|}
    # the backend's user and system CPU time, in clock ticks
    cpu="(SELECT sum(f::bigint) FROM unnest((string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' '))[12:13]) AS f)"
    out=$(timeout 300 psql -X -q -At 2>&1 <<EOF
\\set VERBOSITY sqlstate
SELECT $cpu AS cpu0, clock_timestamp() AS t0 \\gset
SET statement_timeout = '200ms';
DO \$\$ BEGIN LOOP PERFORM ($query); END LOOP; END \$\$;
RESET statement_timeout;
SELECT round(($cpu - :cpu0) / $TICKS.0, 2) || ' ' || round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2);
EOF
    )
    read -r cpu_s wall_s < <(echo "$out" | tail -n 1)
    echo "# $name: $(echo "$out" | head -n 1), ${cpu_s:-?} s of CPU, ${wall_s:-?} s"
    if [ "$(echo "$out" | head -n 1)" = "ERROR:  57014" ] &&
        awk -v c="${cpu_s:-99}" -v w="${wall_s:-99}" -v cl=$CPU_LIMIT -v wl=$WALL_LIMIT \
            'BEGIN { exit !(c < cl && w < wl) }'; then
        tap_result ok "$name: cancelled by statement_timeout within ${WALL_LIMIT} s, ${CPU_LIMIT} s of CPU"
    else
        tap_result fail "$name: cancelled by statement_timeout within ${WALL_LIMIT} s, ${CPU_LIMIT} s of CPU" "$out"
    fi
done
tap_done
