/*-------------------------------------------------------------------------
 *
 * outcome_state_io.c
 *	  Text and binary forms of outcome_state.
 *
 * Text form, version 1: "v1 exposed=x/n unexposed=x/n", outcomes out of
 * trials on each side, e.g. v1 exposed=54/120 unexposed=31/180.  Binary
 * form: version byte, then exposed outcomes, exposed trials, unexposed
 * outcomes and unexposed trials as int64.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "outcome_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(outcome_state_in);
PG_FUNCTION_INFO_V1(outcome_state_out);
PG_FUNCTION_INFO_V1(outcome_state_recv);
PG_FUNCTION_INFO_V1(outcome_state_send);

/* "<side>=x/n" */
static void
scan_side(StateScanner *scan, const char *side, int64 *outcomes, int64 *trials)
{
	sq_scan_expect(scan, side);
	*outcomes = sq_scan_int64(scan);
	sq_scan_expect(scan, "/");
	*trials = sq_scan_int64(scan);
}

Datum
outcome_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	OutcomeState *state = sq_outcome_state_new(0, 0, 0, 0);
	const char *problem;

	sq_scan_init(&scan, input, "outcome_state");
	sq_check_format_version("outcome_state", sq_scan_version(&scan), OUTCOME_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	scan_side(&scan, "exposed=", &state->exposed_outcomes, &state->exposed_trials);
	scan_side(&scan, "unexposed=", &state->unexposed_outcomes, &state->unexposed_trials);
	sq_scan_expect_end(&scan);
	problem = sq_outcome_state_problem(state);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(state);
}

Datum
outcome_state_out(PG_FUNCTION_ARGS)
{
	OutcomeState *state = PG_GETARG_OUTCOME_STATE(0);

	PG_RETURN_CSTRING(psprintf("v%d exposed=" INT64_FORMAT "/" INT64_FORMAT
							   " unexposed=" INT64_FORMAT "/" INT64_FORMAT,
							   OUTCOME_STATE_VERSION,
							   state->exposed_outcomes, state->exposed_trials,
							   state->unexposed_outcomes, state->unexposed_trials));
}

Datum
outcome_state_send(PG_FUNCTION_ARGS)
{
	OutcomeState *state = PG_GETARG_OUTCOME_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, OUTCOME_STATE_VERSION);
	pq_sendint64(&buf, state->exposed_outcomes);
	pq_sendint64(&buf, state->exposed_trials);
	pq_sendint64(&buf, state->unexposed_outcomes);
	pq_sendint64(&buf, state->unexposed_trials);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
outcome_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	OutcomeState *state = sq_outcome_state_new(0, 0, 0, 0);
	const char *problem;

	sq_recv_require(buf, 1, "outcome_state");
	sq_check_format_version("outcome_state", pq_getmsgbyte(buf), OUTCOME_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 4 * sizeof(int64), "outcome_state");
	state->exposed_outcomes = pq_getmsgint64(buf);
	state->exposed_trials = pq_getmsgint64(buf);
	state->unexposed_outcomes = pq_getmsgint64(buf);
	state->unexposed_trials = pq_getmsgint64(buf);
	sq_recv_end(buf, "outcome_state");
	problem = sq_outcome_state_problem(state);
	if (problem)
		sq_report_bad_binary("outcome_state", problem);
	PG_RETURN_POINTER(state);
}
