#!/usr/bin/env bash
# The fast bucket index of duration_state (src/duration_bucket.h) against
# its definition, ceil(log(us / 1e6) * scale), at the smallest, the
# default, the largest and a few other accuracies: every bucket edge with
# its neighbours, every duration up to 2 seconds, and random durations
# over the whole range (10 million at the default accuracy, 1 million
# elsewhere: half log-uniform, half random 64-bit patterns cut to the range).  Built
# standalone from test/unit/duration_bucket_test.c with the project's
# warning flags; one TAP line per accuracy.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -std=c99 -O2 -Wall -Wextra -Werror -I"$SQ_REPO/src" -o "$work/duration_bucket_test" \
    "$SQ_REPO/test/unit/duration_bucket_test.c" "$SQ_REPO/src/duration_bucket.c" -lm

# accuracy:random durations[:table, when the table must be built]; 0.0076 is
# finer than the accuracy (0.00775) from which every table is built
for run in 0.01:5000000 0.0001:500000 0.001:500000 0.0076:500000:table 0.0079:500000 0.05:500000 \
    0.5:500000 0.0123456:500000; do
    IFS=: read -r alpha random table <<<"$run"
    if report=$("$work/duration_bucket_test" "$alpha" "$random" ${table:+"$table"}); then
        tap_result ok "bucket index = definition at accuracy $alpha: ${report#*: }"
    else
        tap_result fail "bucket index = definition at accuracy $alpha" "$report"
    fi
done
tap_done
