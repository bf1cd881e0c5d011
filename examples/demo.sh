#!/usr/bin/env bash
# The main job: build svcquality, start an embedded throwaway PostgreSQL 15
# cluster, load a small CRM survey sample and print an NPS report by channel
# with confidence intervals.  The cluster is removed when the script ends.
set -euo pipefail
source "$(dirname "$0")/../test/scripts/pg_cluster.sh"
trap sq_cleanup EXIT

sq_prepare
sq_cluster_start demo
sq_log "loading examples/sample_survey.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/sample_survey.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/nps_report.sql"
