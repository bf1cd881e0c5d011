/*-------------------------------------------------------------------------
 *
 * timeline_set_agg.c
 *	  timeline_set_agg(case_id, stage, at) and timeline_set_agg(timeline_set):
 *	  transition and combine functions, and the + operator.
 *
 * Inside an aggregate the state is a read-write expanded object whose
 * memory context is a child of the aggregate context: the executor then
 * keeps it as it is from row to row, and flattens it (through the
 * object's methods) when the result leaves the aggregate.  Called
 * directly, the functions take and return flat sets and never modify an
 * argument.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "timeline_set.h"

PG_FUNCTION_INFO_V1(timeline_set_accum);
PG_FUNCTION_INFO_V1(timeline_set_combine);
PG_FUNCTION_INFO_V1(timeline_set_plus);

/*
 * The working set to update in place for state argument 0 of an aggregate
 * call: the state itself once it is our expanded object, else a new one
 * (holding the cases of a flat state, when there is one) that the
 * executor will keep from now on.  The sets of all groups share one memory
 * context, so every caller returns this set, updated.
 */
static TimelineSetWork *
aggregate_work(FunctionCallInfo fcinfo, MemoryContext aggcontext)
{
	TimelineSetWork *w;

	if (!PG_ARGISNULL(0) && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		return (TimelineSetWork *) DatumGetEOHP(PG_GETARG_DATUM(0));
	w = sq_timeline_set_work_new_in(sq_aggregate_arena(aggcontext));
	if (!PG_ARGISNULL(0))
		sq_timeline_set_work_merge(w, PG_GETARG_DATUM(0));
	return w;
}

/*
 * Rows with a NULL case id, stage or time are skipped.  Called directly, a
 * new set is made and handed out flat.
 */
Datum
timeline_set_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	bool		in_aggregate;
	TimelineSetWork *w;
	text	   *stage;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return sq_keep_state(fcinfo);
	stage = PG_GETARG_TEXT_PP(2);
	in_aggregate = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	if (in_aggregate)
		w = aggregate_work(fcinfo, aggcontext);
	else
		w = PG_ARGISNULL(0) ? sq_timeline_set_work_new(CurrentMemoryContext) :
			sq_timeline_set_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);
	sq_timeline_set_work_add(w, PG_GETARG_INT64(1), VARDATA_ANY(stage), VARSIZE_ANY_EXHDR(stage),
							 PG_GETARG_TIMESTAMPTZ(3));
	if (!in_aggregate)
		PG_RETURN_POINTER(sq_timeline_set_flatten_and_free(w));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

/*
 * Combine function of both aggregates, and transition function of the
 * merge aggregate.  Not strict, so that the first partial state is read
 * into a working set directly rather than copied first.
 */
Datum
timeline_set_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	TimelineSetWork *w;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	if (!AggCheckCallContext(fcinfo, &aggcontext))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(PG_GETARG_TIMELINE_SET_COPY(1));
		return timeline_set_plus(fcinfo);
	}
	w = aggregate_work(fcinfo, aggcontext);
	sq_timeline_set_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

/* The + operator: the cases of both sets, timelines of a common case merged. */
Datum
timeline_set_plus(PG_FUNCTION_ARGS)
{
	TimelineSetWork *w = sq_timeline_set_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);

	sq_timeline_set_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_POINTER(sq_timeline_set_flatten_and_free(w));
}
