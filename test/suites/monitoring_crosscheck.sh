#!/usr/bin/env bash
# The monitoring functions (control limits, Mann-Kendall and Sen's slope,
# empirical-Bayes rankings, the 2x2 outcome state, outcome rates by duration
# bucket) against SciPy, statsmodels and NumPy on generated data; see
# test/scripts/monitoring_check.py.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy python3-statsmodels >/dev/null
sq_cluster_start monitoring
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/monitoring_check.py"
