#!/usr/bin/env bash
# Property-based tests of every state type (test/properties/, issue 19):
# for each variant of test/properties/types.sql, random cases (seeded per
# variant, so every run draws the same) checked for merge commutativity and
# associativity, union = merge of the parts, serial = forced-parallel plans,
# byte-for-byte text and binary round trips, every accessor in its
# documented range, and moving windows equal to recomputation.  One TAP line
# per variant and property, with the number of cases checked; first a line
# for the coverage of the tables (a state type, an accessor or a moving
# aggregate nobody tests fails it).
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

sq_cluster_start properties "max_worker_processes = 8" "max_parallel_workers = 4" \
    "max_parallel_workers_per_gather = 2" || { tap_result fail "cluster starts"; tap_done; exit 1; }
export PGTZ=UTC PGDATESTYLE="ISO, YMD"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d properties "$@" 2>&1; }

psql -X -q -d postgres -c "CREATE DATABASE properties" >/dev/null
if ! out=$(q -c "CREATE EXTENSION svcquality" -f "$SQ_REPO/test/properties/harness.sql" \
              -f "$SQ_REPO/test/properties/types.sql"); then
    tap_result fail "property tables load" "$out"
    tap_done
    exit 1
fi
tap_empty "coverage: every state type has a variant, every function reading one a range check, every moving aggregate a row" \
    "$(q -c "SELECT missing FROM prop.coverage")"

for variant in $(q -c "SELECT name FROM prop.variant ORDER BY name"); do
    started=$SECONDS
    if ! out=$(q -c "SELECT prop.run('$variant')"); then
        tap_result fail "$variant: the properties run" "$out"
        continue
    fi
    while IFS='|' read -r property cases failures example; do
        if [ "$failures" = 0 ] && [ "$cases" -gt 0 ]; then
            tap_result ok "$variant: $property ($cases cases)"
        else
            tap_result fail "$variant: $property ($failures of $cases cases fail)" "${example:-no case was checked}"
        fi
    done < <(q -F '|' -c "SELECT property, cases, failures, example FROM prop.result
                          WHERE variant = '$variant' ORDER BY property")
    echo "# $variant: $((SECONDS - started)) s"
done
tap_done
