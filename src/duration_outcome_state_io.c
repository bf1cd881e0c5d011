/*-------------------------------------------------------------------------
 *
 * duration_outcome_state_io.c
 *	  Text and binary forms of duration_outcome_state.
 *
 * Text form, version 1: the edges in seconds (exact decimals of whole
 * microseconds, as duration_state writes them), then outcomes/trials of
 * each of the k + 1 buckets, shortest first:
 *
 *	 v1 edges=259200,345600 12/40 5/60 3/20
 *
 * (under 3 days: 12 of 40; from 3 to 4 days: 5 of 60; 4 days and more:
 * 3 of 20).  Binary form: the version byte, k (int4), the k edges in
 * microseconds (int8), then outcomes and trials (int8) of each bucket.
 * Both inputs enforce sq_duration_outcome_state_problem().
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "duration_outcome_state.h"
#include "duration_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(duration_outcome_state_in);
PG_FUNCTION_INFO_V1(duration_outcome_state_out);
PG_FUNCTION_INFO_V1(duration_outcome_state_recv);
PG_FUNCTION_INFO_V1(duration_outcome_state_send);

#define TYPE_NAME "duration_outcome_state"
#define MAX_EDGE_SECONDS ((int128) 1000000000000)	/* 10^12 */

/* "edges=s,s,...": the edges into edges[], their number returned. */
static int32
scan_edges(StateScanner *scan, int64 *edges)
{
	int32		nedges = 0;

	sq_scan_expect(scan, "edges=");
	do
	{
		if (nedges == DURATION_OUTCOME_MAX_EDGES)
			sq_scan_reject(scan, "there are more than 1000 bucket edges");
		edges[nedges++] = (int64) sq_duration_scan_seconds(scan, MAX_EDGE_SECONDS);
	} while (sq_scan_try(scan, ","));
	return nedges;
}

Datum
duration_outcome_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	int64		edges[DURATION_OUTCOME_MAX_EDGES];
	int32		nedges;
	DurationOutcomeState *state;
	const char *problem;

	sq_scan_init(&scan, input, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, sq_scan_version(&scan), DURATION_OUTCOME_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	nedges = scan_edges(&scan, edges);
	state = sq_duration_outcome_state_new(nedges, edges);
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		DurationOutcomeOutcomes(state)[b] = sq_scan_int64(&scan);
		sq_scan_expect(&scan, "/");
		DurationOutcomeTrials(state)[b] = sq_scan_int64(&scan);
	}
	sq_scan_expect_end(&scan);
	problem = sq_duration_outcome_state_problem(state);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(state);
}

Datum
duration_outcome_state_out(PG_FUNCTION_ARGS)
{
	DurationOutcomeState *state = PG_GETARG_DURATION_OUTCOME_STATE(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d edges=", DURATION_OUTCOME_STATE_VERSION);
	for (int i = 0; i < state->nedges; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		sq_duration_append_seconds(&buf, DurationOutcomeEdges(state)[i]);
	}
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
		appendStringInfo(&buf, " " INT64_FORMAT "/" INT64_FORMAT,
						 DurationOutcomeOutcomes(state)[b], DurationOutcomeTrials(state)[b]);
	PG_RETURN_CSTRING(buf.data);
}

Datum
duration_outcome_state_send(PG_FUNCTION_ARGS)
{
	DurationOutcomeState *state = PG_GETARG_DURATION_OUTCOME_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, DURATION_OUTCOME_STATE_VERSION);
	pq_sendint32(&buf, state->nedges);
	for (int i = 0; i < state->nedges; i++)
		pq_sendint64(&buf, DurationOutcomeEdges(state)[i]);
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		pq_sendint64(&buf, DurationOutcomeOutcomes(state)[b]);
		pq_sendint64(&buf, DurationOutcomeTrials(state)[b]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
duration_outcome_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		edges[DURATION_OUTCOME_MAX_EDGES];
	int32		nedges;
	DurationOutcomeState *state;
	const char *problem;

	sq_recv_require(buf, 1, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, pq_getmsgbyte(buf), DURATION_OUTCOME_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, sizeof(int32), TYPE_NAME);
	nedges = pq_getmsgint(buf, sizeof(int32));
	if (nedges < 1 || nedges > DURATION_OUTCOME_MAX_EDGES)
		sq_report_bad_binary(TYPE_NAME, "the number of bucket edges is outside 1 to 1000");
	sq_recv_require(buf, (int64) sizeof(int64) * (3 * (int64) nedges + 2), TYPE_NAME);
	for (int i = 0; i < nedges; i++)
		edges[i] = pq_getmsgint64(buf);
	state = sq_duration_outcome_state_new(nedges, edges);
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		DurationOutcomeOutcomes(state)[b] = pq_getmsgint64(buf);
		DurationOutcomeTrials(state)[b] = pq_getmsgint64(buf);
	}
	sq_recv_end(buf, TYPE_NAME);
	problem = sq_duration_outcome_state_problem(state);
	if (problem)
		sq_report_bad_binary(TYPE_NAME, problem);
	PG_RETURN_POINTER(state);
}
