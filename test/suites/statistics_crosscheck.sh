#!/usr/bin/env bash
# The statistics functions (comparisons, one-sample tests, many groups,
# p_adjust) against SciPy and statsmodels on generated data; see
# test/scripts/statistics_check.py.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy python3-statsmodels >/dev/null
sq_cluster_start statistics
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/statistics_check.py"
