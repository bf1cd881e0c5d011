#!/usr/bin/env bash
# The refund example: build svcquality, start an embedded throwaway
# PostgreSQL 15 cluster, load the example CRM refund schema with sample data
# and print the refund metrics per shop, per path and per 28-day window.
# The cluster is removed when the script ends.
set -euo pipefail
source "$(dirname "$0")/../test/scripts/pg_cluster.sh"
trap sq_cleanup EXIT

sq_prepare
sq_cluster_start refund_demo
sq_log "loading examples/refund_crm.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/refund_crm.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$SQ_REPO/examples/refund_metrics.sql"
