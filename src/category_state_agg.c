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

static CategoryWork *
aggregate_work(FunctionCallInfo fcinfo, MemoryContext aggcontext)
{
	if (PG_ARGISNULL(0))
		return sq_category_work_new(aggcontext);
	if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		return sq_category_work_of(PG_GETARG_DATUM(0));
	return sq_category_work_from_datum(PG_GETARG_DATUM(0), aggcontext);
}

/*
 * A NULL category counts as a category of its own (as GROUP BY has it); a
 * row with a NULL weight is skipped.
 */
static Datum
accumulate(FunctionCallInfo fcinfo, bool weighted)
{
	MemoryContext aggcontext;
	bool		in_aggregate;
	CategoryWork *w;
	text	   *category = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	double		weight = 1.0;

	if (weighted)
	{
		if (PG_ARGISNULL(2))
			return sq_keep_state(fcinfo);
		weight = PG_GETARG_FLOAT8(2);
		sq_category_check_weight(weight);
	}
	in_aggregate = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	if (in_aggregate)
		w = aggregate_work(fcinfo, aggcontext);
	else
		w = PG_ARGISNULL(0) ? sq_category_work_new(CurrentMemoryContext) :
			sq_category_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);
	sq_category_work_configure(w, weighted);
	sq_category_work_add(w, category ? VARDATA_ANY(category) : NULL,
						 category ? VARSIZE_ANY_EXHDR(category) : 0, 1, weight);
	if (weighted)
	{
		w->sumsq += weight * weight;
		if (isinf(w->sumsq))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("category_state sum of squared weights exceeds the range of its type")));
	}
	if (!in_aggregate)
		PG_RETURN_POINTER(sq_category_work_flatten_and_free(w));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

Datum
category_state_accum(PG_FUNCTION_ARGS)
{
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
	MemoryContext aggcontext;
	CategoryWork *w;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	if (!AggCheckCallContext(fcinfo, &aggcontext))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1)));
		return category_state_plus(fcinfo);
	}
	w = aggregate_work(fcinfo, aggcontext);
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
