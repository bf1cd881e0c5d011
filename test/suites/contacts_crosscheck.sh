#!/usr/bin/env bash
# Category shares, their comparison between periods and the chi-square test
# of the mix against independent implementations in Python (statsmodels'
# Wilson and Newcombe intervals, SciPy's chi2_contingency) over 300 random
# pairs of mixes; see test/scripts/contacts_check.py.  (Repeat contacts are
# cross-checked against plain SQL in test/sql/contacts_crosscheck.sql.)
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-numpy python3-scipy python3-statsmodels >/dev/null
sq_cluster_start contacts
psql -X -q -c "CREATE EXTENSION svcquality"
/usr/bin/python3 "$SQ_REPO/test/scripts/contacts_check.py"
