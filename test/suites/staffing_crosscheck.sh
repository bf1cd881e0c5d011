#!/usr/bin/env bash
# Erlang C and Erlang A against independent implementations in Python
# (50-digit sums and integrals with mpmath, SciPy's incomplete gamma
# function) over grids of loads from 1e-6 to 1000 Erlangs; see
# test/scripts/staffing_crosscheck.py.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy python3-mpmath >/dev/null
sq_cluster_start staffing
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/staffing_crosscheck.py"
