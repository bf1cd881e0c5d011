/*-------------------------------------------------------------------------
 *
 * proportion_state_io.c
 *	  Text and binary forms of proportion_state.
 *
 * Text form, version 1: "v1 successes/trials", e.g. v1 3/40.  Binary form:
 * version byte, then successes and trials as int64.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "proportion_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(proportion_state_in);
PG_FUNCTION_INFO_V1(proportion_state_out);
PG_FUNCTION_INFO_V1(proportion_state_recv);
PG_FUNCTION_INFO_V1(proportion_state_send);

Datum
proportion_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	int64		successes;
	int64		trials;
	const char *problem;

	sq_scan_init(&scan, input, "proportion_state");
	sq_check_format_version("proportion_state", sq_scan_version(&scan), PROPORTION_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	successes = sq_scan_int64(&scan);
	sq_scan_expect(&scan, "/");
	trials = sq_scan_int64(&scan);
	sq_scan_expect_end(&scan);
	problem = sq_proportion_counts_problem(successes, trials);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(sq_proportion_state_new(successes, trials));
}

Datum
proportion_state_out(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);

	PG_RETURN_CSTRING(psprintf("v%d " INT64_FORMAT "/" INT64_FORMAT,
							   PROPORTION_STATE_VERSION, state->successes, state->trials));
}

Datum
proportion_state_send(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PROPORTION_STATE_VERSION);
	pq_sendint64(&buf, state->successes);
	pq_sendint64(&buf, state->trials);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
proportion_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		successes;
	int64		trials;
	const char *problem;

	sq_recv_require(buf, 1, "proportion_state");
	sq_check_format_version("proportion_state", pq_getmsgbyte(buf), PROPORTION_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 2 * sizeof(int64), "proportion_state");
	successes = pq_getmsgint64(buf);
	trials = pq_getmsgint64(buf);
	sq_recv_end(buf, "proportion_state");
	problem = sq_proportion_counts_problem(successes, trials);
	if (problem)
		sq_report_bad_binary("proportion_state", problem);
	PG_RETURN_POINTER(sq_proportion_state_new(successes, trials));
}
