/*-------------------------------------------------------------------------
 *
 * rating_state_io.c
 *	  Text and binary forms of rating_state.
 *
 * Text form, version 1 (written with ratings ascending and zero counts
 * omitted; read with ratings in any order, each at most once):
 *
 *	 v1 6:1 8:1 9:1 10:1						unweighted: rating:count
 *	 v1 weighted sumsq=3.5 6:1:0.5 9:2:2.5		weighted: rating:count:sum_of_weights
 *
 * The binary form (send/recv) carries the same version byte.  Both inputs
 * enforce sq_rating_state_problem().
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "rating_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(rating_state_in);
PG_FUNCTION_INFO_V1(rating_state_out);
PG_FUNCTION_INFO_V1(rating_state_recv);
PG_FUNCTION_INFO_V1(rating_state_send);

Datum
rating_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	RatingState *state;
	bool		seen[RATING_BUCKETS] = {false};
	const char *problem;

	sq_scan_init(&scan, input, "rating_state");
	sq_check_format_version("rating_state", sq_scan_version(&scan), RATING_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);

	state = sq_rating_state_new(CurrentMemoryContext, false);
	if (sq_scan_try(&scan, "weighted"))
	{
		state->flags |= RATING_STATE_WEIGHTED;
		sq_scan_expect(&scan, "sumsq=");
		state->weight_sq = sq_scan_float8(&scan);
	}

	while (!sq_scan_at_end(&scan))
	{
		const char *rating_at = scan.pos;
		int64		rating = sq_scan_int64(&scan);

		if (rating < RATING_MIN || rating > RATING_MAX || seen[rating - RATING_MIN])
		{
			scan.pos = rating_at;
			sq_scan_error(&scan, "a rating from 0 to 10 not given before");
		}
		seen[rating - RATING_MIN] = true;
		sq_scan_expect(&scan, ":");
		state->count[rating] = sq_scan_int64(&scan);
		if (RatingStateIsWeighted(state))
		{
			sq_scan_expect(&scan, ":");
			state->weight[rating] = sq_scan_float8(&scan);
		}
		else if (*scan.pos == ':')
			sq_scan_error(&scan, "a space (rating:count:weight needs \"weighted sumsq=...\" first)");
	}

	problem = sq_rating_state_problem(state);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_RATING_STATE(state);
}

Datum
rating_state_out(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	StringInfoData buf;
	bool		weighted = RatingStateIsWeighted(state);

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", RATING_STATE_VERSION);
	if (weighted)
	{
		appendStringInfoString(&buf, " weighted sumsq=");
		sq_append_float8(&buf, state->weight_sq);
	}
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		if (state->count[r] == 0)
			continue;
		appendStringInfo(&buf, " %d:" INT64_FORMAT, r + RATING_MIN, state->count[r]);
		if (weighted)
		{
			appendStringInfoChar(&buf, ':');
			sq_append_float8(&buf, state->weight[r]);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* Binary: version byte, flags byte, 11 counts, then 11 weights and sumsq if weighted. */
Datum
rating_state_send(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RATING_STATE_VERSION);
	pq_sendbyte(&buf, state->flags);
	for (int r = 0; r < RATING_BUCKETS; r++)
		pq_sendint64(&buf, state->count[r]);
	if (RatingStateIsWeighted(state))
	{
		for (int r = 0; r < RATING_BUCKETS; r++)
			pq_sendfloat8(&buf, state->weight[r]);
		pq_sendfloat8(&buf, state->weight_sq);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
rating_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RatingState *state = sq_rating_state_new(CurrentMemoryContext, false);
	const char *problem;

	sq_recv_require(buf, 1, "rating_state");
	sq_check_format_version("rating_state", pq_getmsgbyte(buf), RATING_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 1, "rating_state");
	state->flags = pq_getmsgbyte(buf);
	sq_recv_require(buf, RATING_BUCKETS * sizeof(int64) +
					(RatingStateIsWeighted(state) ? (RATING_BUCKETS + 1) * sizeof(double) : 0),
					"rating_state");
	for (int r = 0; r < RATING_BUCKETS; r++)
		state->count[r] = pq_getmsgint64(buf);
	if (RatingStateIsWeighted(state))
	{
		for (int r = 0; r < RATING_BUCKETS; r++)
			state->weight[r] = sq_recv_float8(buf);
		state->weight_sq = sq_recv_float8(buf);
	}
	sq_recv_end(buf, "rating_state");

	problem = sq_rating_state_problem(state);
	if (problem)
		sq_report_bad_binary("rating_state", problem);
	PG_RETURN_RATING_STATE(state);
}
