#!/usr/bin/env bash
# A fast subset of the regression tests under valgrind memcheck: the tests
# that run the most svcquality C code per second of server time (text and
# binary input and output of every type, error paths, accessors).  The
# whole suite under valgrind takes hours and runs before each release
# (test/valgrind.sh; docs/development.md, "Memory safety: valgrind").
# VALGRIND_SUBSET="a b" runs other tests.
set -uo pipefail
subset=${VALGRIND_SUBSET:-rating_state_io duration_state_io business_calendar_io
    nps_errors duration_errors business_calendar_errors business_calendar_errors_v2
    satisfaction_errors timeline_errors statistics_errors staffing_errors
    satisfaction_dimension satisfaction_csat nps_uncertainty proportion timeline
    timeline_partial_spill skipped_rows timeline_stored merge_stored}
read -ra tests <<<"$(echo $subset)"
VALGRIND_TAP=1 exec bash "$(dirname "$0")/../valgrind.sh" "${tests[@]}"
