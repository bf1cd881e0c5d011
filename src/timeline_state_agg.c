/*-------------------------------------------------------------------------
 *
 * timeline_state_agg.c
 *	  timeline_agg(stage, at): the transition, combine and final functions,
 *	  and the + operator.
 *
 * The transition runs once per event row.  It updates the state in place;
 * only the first row of a case and the rare growth of a state allocate.
 * New and grown states are built in the current (per-row) memory context
 * and handed to the executor, which copies them into the aggregate's
 * context once and frees the state they replace: allocating them in the
 * aggregate context instead would leave one dead copy per case there.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "timeline_state.h"

PG_FUNCTION_INFO_V1(timeline_state_accum);
PG_FUNCTION_INFO_V1(timeline_state_combine);
PG_FUNCTION_INFO_V1(timeline_state_plus);
PG_FUNCTION_INFO_V1(timeline_state_final);

/* Rows with a NULL stage or time are skipped, as aggregates skip NULLs. */
Datum
timeline_state_accum(PG_FUNCTION_ARGS)
{
	TimelineState *t;
	text	   *stage;
	TimestampTz at;
	int			len;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	stage = PG_GETARG_TEXT_PP(1);
	at = PG_GETARG_TIMESTAMPTZ(2);
	len = VARSIZE_ANY_EXHDR(stage);
	sq_timeline_check_time(at);

	if (!SQ_IN_AGGREGATE(fcinfo))
	{
		/* called directly: never touch the argument, hand out a trimmed state */
		t = PG_ARGISNULL(0) ? sq_timeline_state_new(1 + len, 1) :
			PG_GETARG_TIMELINE_STATE_COPY(0);
		PG_RETURN_TIMELINE_STATE(sq_timeline_state_trim(sq_timeline_add_event(t, VARDATA_ANY(stage), len, at)));
	}
	if (PG_ARGISNULL(0))
		t = timeline_state_first(len);
	else
	{
		t = (TimelineState *) PG_GETARG_POINTER(0);

		/*
		 * With a million cases the state is rarely in cache: request the rest
		 * of a typical (128-byte) state while its header is being fetched,
		 * rather than one cache line after the other.
		 */
		sq_prefetch((char *) t + 64);
		sq_prefetch((char *) t + 127);
	}

	PG_RETURN_TIMELINE_STATE(sq_timeline_add_event(t, VARDATA_ANY(stage), len, at));
}

/*
 * Combine function of timeline_agg, and transition function of the merge
 * aggregate timeline_agg(timeline_state).  Strict: the executor copies the
 * first non-NULL state into the aggregate context, so state 1 is ours to
 * update in place there.
 */
Datum
timeline_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;

	if (!SQ_IN_AGGREGATE(fcinfo))
		return timeline_state_plus(fcinfo);
	PG_RETURN_TIMELINE_STATE(sq_timeline_merge(PG_GETARG_TIMELINE_STATE(0),
											   sq_timeline_state_read(PG_GETARG_DATUM(1), &src_copy)));
}

/* The + operator: a new, trimmed state holding the events of both. */
Datum
timeline_state_plus(PG_FUNCTION_ARGS)
{
	TimelineState *sum = PG_GETARG_TIMELINE_STATE_COPY(0);
	SqShortCopy copy;

	sum = sq_timeline_merge(sum, sq_timeline_state_read(PG_GETARG_DATUM(1), &copy));
	PG_RETURN_TIMELINE_STATE(sq_timeline_state_trim(sum));
}

/*
 * Final function of the timeline aggregates: the state without the room it
 * kept for growing, so stored states take no more space than they need.
 */
Datum
timeline_state_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMELINE_STATE(sq_timeline_state_trim(PG_GETARG_TIMELINE_STATE(0)));
}
