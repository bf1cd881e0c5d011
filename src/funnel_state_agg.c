/*-------------------------------------------------------------------------
 *
 * funnel_state_agg.c
 *	  funnel_agg(timeline [, stages [, calendar]]) and funnel_agg(funnel_state):
 *	  transition and combine functions, and the + operator.
 *
 * Inside an aggregate the state is a read-write expanded object whose
 * memory context is a child of the aggregate context (funnel_state_work.c):
 * the executor keeps it from row to row and flattens it when the result
 * leaves the aggregate.  Called directly, the functions take and return
 * flat states and never modify an argument.  A NULL timeline skips the
 * row, as built-in aggregates skip NULLs.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "funnel_state.h"

PG_FUNCTION_INFO_V1(funnel_state_accum);
PG_FUNCTION_INFO_V1(funnel_state_accum_stages);
PG_FUNCTION_INFO_V1(funnel_state_accum_business);
PG_FUNCTION_INFO_V1(funnel_state_combine);
PG_FUNCTION_INFO_V1(funnel_state_plus);

/*
 * The working state for state argument 0: inside an aggregate the state
 * itself once it is our expanded object, else a new one (holding a flat
 * state's counts, when there is one) that the executor keeps from now on;
 * called directly, always a new one.
 */
static FunnelWork *
work_for_update(FunctionCallInfo fcinfo, bool *in_aggregate)
{
	MemoryContext aggcontext;
	FunnelWork *w;

	*in_aggregate = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	if (*in_aggregate && !PG_ARGISNULL(0) && (w = sq_funnel_work_of(PG_GETARG_DATUM(0))) != NULL &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		return w;
	w = *in_aggregate ? sq_funnel_work_new_in(sq_aggregate_arena(aggcontext)) :
		sq_funnel_work_new(CurrentMemoryContext);
	if (!PG_ARGISNULL(0))
		sq_funnel_work_merge(w, PG_GETARG_DATUM(0));
	return w;
}

static Datum
work_result(FunnelWork *w, bool in_aggregate)
{
	if (!in_aggregate)
		PG_RETURN_POINTER(sq_funnel_flatten_and_free(w));
	return sq_funnel_work_datum(w);
}

/* One case: argument 1 a timeline, 2 a stage list (or none), 3 a calendar (or none). */
static Datum
accumulate(FunctionCallInfo fcinfo, bool has_stages, bool business)
{
	bool		in_aggregate;
	FunnelWork *w;
	TimelineClock clock = {0};
	SqShortCopy timeline_copy;
	uint8		flags = 0;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	if (business && PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("calendar of funnel_agg must not be NULL"),
				 errdetail("The times in stages of this funnel are working time of a business_calendar.")));
	if (has_stages && !PG_ARGISNULL(2))
		flags |= FUNNEL_GIVEN_STAGES;
	if (business)
	{
		flags |= FUNNEL_BUSINESS_TIME;
		clock = sq_timeline_clock(fcinfo, true);
	}
	w = work_for_update(fcinfo, &in_aggregate);
	sq_funnel_work_configure(w, flags, (flags & FUNNEL_GIVEN_STAGES) ? PG_GETARG_DATUM(2) : (Datum) 0);
	sq_funnel_work_add_case(w, sq_timeline_state_read(PG_GETARG_DATUM(1), &timeline_copy),
							business ? &clock : NULL);
	return work_result(w, in_aggregate);
}

Datum
funnel_state_accum(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, false, false);
}

Datum
funnel_state_accum_stages(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, true, false);
}

Datum
funnel_state_accum_business(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, true, true);
}

/*
 * Combine function of every funnel_agg, and transition function of the
 * merge aggregate.  Not strict, so that the first partial state is read
 * into a working state directly rather than copied first.
 */
Datum
funnel_state_combine(PG_FUNCTION_ARGS)
{
	bool		in_aggregate;
	FunnelWork *w;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	w = work_for_update(fcinfo, &in_aggregate);
	sq_funnel_work_merge(w, PG_GETARG_DATUM(1));
	return work_result(w, in_aggregate);
}

/* The + operator: the cases of both funnels. */
Datum
funnel_state_plus(PG_FUNCTION_ARGS)
{
	FunnelWork *w = sq_funnel_work_new(CurrentMemoryContext);

	sq_funnel_work_merge(w, PG_GETARG_DATUM(0));
	sq_funnel_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_POINTER(sq_funnel_flatten_and_free(w));
}
