#!/usr/bin/env bash
# Do the intervals cover?  Wilson, Wald and adjusted Wald NPS and Newcombe
# intervals by exact enumeration of every outcome, the duration quantile
# interval and rating_mean_ci's t interval by seeded simulations; floors
# under the coverage measured today, a band about 95% for the t interval
# on evenly spread ratings.
# And do the tests hold their level?  rating_mean_vs_rest's size in seeded
# leagues from one population, under ceilings just over today's figures;
# rating_mean_compare's (Welch), and the pages' figures of known weaknesses,
# category_shares' weighted share among them (test/scripts/coverage_check.py).
#
# Run by test/check.sh after sq_prepare (SQ_WORK, SQ_PG_BIN exported); run
# alone, it prepares its own build.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || { echo "not ok 1 - build"; exit 1; }
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy >/dev/null
sq_cluster_start coverage
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/coverage_check.py"
