#!/usr/bin/env bash
# The README is the manual: every example in it runs, and its printed output
# must match what the README shows.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_cluster_start readme
psql -X -q -c "CREATE EXTENSION svcquality"
python3 "$SQ_REPO/test/scripts/readme_examples.py" "$SQ_REPO/README.md"
