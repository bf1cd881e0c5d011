/*-------------------------------------------------------------------------
 *
 * category_state_agg.c
 *	  category_agg(category [, weight]) and category_agg(category_state):
 *	  transition and combine functions, and the + operator.
 *
 * As for contact_state, inside an aggregate the state is a read-write
 * expanded object kept from row to row; called directly, the functions
 * take and return flat states and never modify an argument.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "category_state.h"

PG_FUNCTION_INFO_V1(category_state_accum);
PG_FUNCTION_INFO_V1(category_state_accum_weighted);
PG_FUNCTION_INFO_V1(category_state_combine);
PG_FUNCTION_INFO_V1(category_state_plus);

/*
 * The working state to update in place for state argument 0 of an
 * aggregate call: the state itself once it is our expanded object, else a
 * new one (holding the categories of a flat state, when there is one) that
 * the executor keeps from then on.  The states of all groups share one
 * memory context, so every caller returns this state, updated.
 */
static CategoryWork *
aggregate_work(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;
	CategoryWork *w;

	if (!PG_ARGISNULL(0) && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		return (CategoryWork *) DatumGetEOHP(PG_GETARG_DATUM(0));
	AggCheckCallContext(fcinfo, &aggcontext);
	w = sq_category_work_new_in(sq_aggregate_arena(aggcontext));
	if (!PG_ARGISNULL(0))
		sq_category_work_merge(w, PG_GETARG_DATUM(0));
	return w;
}

/*
 * A NULL category counts as a category of its own (as GROUP BY has it); a
 * row with a NULL weight is skipped.
 */
static Datum
accumulate(FunctionCallInfo fcinfo, bool weighted)
{
	bool		in_aggregate = SQ_IN_AGGREGATE(fcinfo);
	CategoryWork *w;
	text	   *category = PG_ARGISNULL(1) ? NULL : sq_getarg_text_pp(fcinfo, 1);
	double		weight = 1.0;

	if (weighted)
	{
		if (PG_ARGISNULL(2))
			return sq_keep_state(fcinfo);
		weight = PG_GETARG_FLOAT8(2);
		sq_category_check_weight(weight);
	}
	if (in_aggregate)
		w = aggregate_work(fcinfo);
	else
		w = PG_ARGISNULL(0) ? sq_category_work_new(CurrentMemoryContext) :
			sq_category_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);
	if (unlikely(!w->configured || w->weighted != weighted))
		sq_category_work_configure(w, weighted);
	sq_category_work_add(w, category ? VARDATA_ANY(category) : NULL,
						 category ? VARSIZE_ANY_EXHDR(category) : 0, 1, weight);
	if (weighted)
	{
		w->sumsq += weight * weight;
		if (isinf(w->sumsq))
			sq_category_report_weight_overflow();
	}
	if (!in_aggregate)
		PG_RETURN_POINTER(sq_category_work_flatten_and_free(w));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

/*
 * Nearly every row adds one to a category the state already counts: that
 * path makes no call, so it saves no registers; every other row goes on to
 * accumulate().
 */
Datum
category_state_accum(PG_FUNCTION_ARGS)
{
	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1) && SQ_IN_AGGREGATE(fcinfo) &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
	{
		text	   *category = sq_getarg_text_pp(fcinfo, 1);

		if (sq_category_work_count_known((CategoryWork *) DatumGetEOHP(PG_GETARG_DATUM(0)),
										 VARDATA_ANY(category), VARSIZE_ANY_EXHDR(category)))
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return accumulate(fcinfo, false);
}

Datum
category_state_accum_weighted(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, true);
}

/* Combine function, and transition function of category_agg(category_state). */
Datum
category_state_combine(PG_FUNCTION_ARGS)
{
	CategoryWork *w;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	if (!SQ_IN_AGGREGATE(fcinfo))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(PG_GETARG_CATEGORY_STATE_COPY(1));
		return category_state_plus(fcinfo);
	}
	w = aggregate_work(fcinfo);
	sq_category_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

Datum
category_state_plus(PG_FUNCTION_ARGS)
{
	CategoryWork *w = sq_category_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);

	sq_category_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_POINTER(sq_category_work_flatten_and_free(w));
}
