#!/usr/bin/env bash
# The manual is README.md and docs/*.md: every example in it runs, each page
# in a fresh database of its own, and its printed output must match what the
# page shows; links between pages resolve; every function has an example.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
sq_cluster_start docs
python3 "$SQ_REPO/test/scripts/docs_examples.py"
