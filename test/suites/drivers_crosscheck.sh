#!/usr/bin/env bash
# Key-driver analysis against independent implementations in Python on
# generated survey data with correlated dimensions: regression and R^2 as
# statsmodels OLS, correlations as scipy.stats.pearsonr, Johnson's relative
# weights and Shapley (LMG) values written from their definitions with
# NumPy; weighted, long-layout, merged daily and parallel states against
# one pass.  See test/scripts/drivers_check.py.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy python3-statsmodels >/dev/null
sq_cluster_start drivers "max_worker_processes = 8" "max_parallel_workers = 4" \
    "max_parallel_workers_per_gather = 2"
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/drivers_check.py"
