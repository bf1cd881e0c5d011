#!/usr/bin/env bash
# The main job: build svcquality, start an embedded throwaway PostgreSQL 15
# cluster, load a small CRM sample (survey responses, service tickets with
# their event history, two teams' business calendars) and print an NPS
# report by channel with confidence intervals, then response, resolution,
# SLA compliance in business hours and CSAT by channel.  The cluster is
# removed when the script ends.
set -euo pipefail
source "$(dirname "$0")/../test/scripts/pg_cluster.sh"
trap sq_cleanup EXIT

sq_prepare
sq_cluster_start demo
sq_log "loading examples/sample_survey.sql and examples/sample_tickets.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/sample_survey.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/sample_tickets.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/nps_report.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/service_report.sql"
