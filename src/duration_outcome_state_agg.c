/*-------------------------------------------------------------------------
 *
 * duration_outcome_state_agg.c
 *	  Transition functions of duration_outcome_agg (durations as interval
 *	  or as seconds, with the bucket edges as an array of the same kind),
 *	  the combine function (also the merge aggregate's transition) and the
 *	  + operator.
 *
 * The edges are an argument of every row, normally a constant: then they
 * are read and checked once per query, and every state of the aggregate has
 * them.  Otherwise an array is read and checked when its bytes differ from
 * those of the array read last (kept in fn_extra), and every row's edges
 * must be its group's.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "duration_outcome_state.h"
#include "duration_state.h"

PG_FUNCTION_INFO_V1(duration_outcome_state_accum_interval);
PG_FUNCTION_INFO_V1(duration_outcome_state_accum_seconds);
PG_FUNCTION_INFO_V1(duration_outcome_state_combine);
PG_FUNCTION_INFO_V1(duration_outcome_state_plus);

/* An edge as given: an interval, or a number of seconds. */
static char *
edge_text(Datum edge, bool seconds)
{
	if (seconds)
		return psprintf("%s seconds", sq_float8_text(DatumGetFloat8(edge)));
	return DatumGetCString(DirectFunctionCall1(interval_out, edge));
}

/*
 * The edges of an interval[] or double precision[] (seconds) argument in
 * microseconds: 1 to 1000 of them, none NULL, each a valid duration,
 * increasing.  Their number is returned.
 */
static int32
read_edges(ArrayType *array, bool seconds, int64 *edges)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;

	sq_check_list_dimensions(ARR_NDIM(array), "bucket edges");
	if (seconds)
		deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &count);
	else
		deconstruct_array(array, INTERVALOID, sizeof(Interval), false, TYPALIGN_DOUBLE,
						  &elems, &nulls, &count);
	if (count < 1 || count > DURATION_OUTCOME_MAX_EDGES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%d bucket edges are given", count),
				 errdetail("Give 1 to %d increasing durations at which buckets start, e.g. ARRAY[interval '3 days', interval '4 days'].",
						   DURATION_OUTCOME_MAX_EDGES)));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("bucket edge %d is NULL", i + 1)));
		edges[i] = seconds ?
			sq_duration_us_from_seconds(DatumGetFloat8(elems[i]), "bucket edge") :
			sq_duration_us_from_interval(DatumGetIntervalP(elems[i]), "bucket edge");
		/* seconds under a microsecond apart: "not longer" would mislead */
		if (i > 0 && edges[i] == edges[i - 1] && seconds &&
			DatumGetFloat8(elems[i]) > DatumGetFloat8(elems[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bucket edges must increase"),
					 errdetail("Edge %d, %s, is edge %d, %s, to the microsecond: edges are kept in whole microseconds.",
							   i + 1, edge_text(elems[i], seconds), i, edge_text(elems[i - 1], seconds))));
		if (i > 0 && edges[i] <= edges[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bucket edges must increase"),
					 errdetail("Edge %d, %s, is not longer than edge %d, %s.",
							   i + 1, edge_text(elems[i], seconds), i, edge_text(elems[i - 1], seconds))));
	}
	return count;
}

/*
 * The edges array last read, as bytes, and the edges it gave.  An array
 * with the same bytes gives the same edges, so each row only compares
 * bytes, and then the edges with its group's (groups of one aggregate
 * share fn_extra, and a group may be given other edges than the last).
 */
typedef struct EdgesCache
{
	bool		constant;		/* a Const of the query: the same on every row */
	bool		made_every_state;	/* constant, and every state passed was
									 * made from them: no row need check */
	int32		nedges;
	int64		edges[DURATION_OUTCOME_MAX_EDGES];
	Size		size;
	char		bytes[FLEXIBLE_ARRAY_MEMBER];
} EdgesCache;

/*
 * Read (or find again) the edges of this row's array, once per query for
 * constant edges.  Out of line, so that the transition function called on
 * every row does not save and restore the registers this one needs.
 */
static pg_noinline const EdgesCache *
edges_read(FunctionCallInfo fcinfo, bool seconds)
{
	EdgesCache *cache = (EdgesCache *) fcinfo->flinfo->fn_extra;
	ArrayType  *array = PG_GETARG_ARRAYTYPE_P(3);

	if (cache != NULL && cache->size == VARSIZE(array) &&
		memcmp(cache->bytes, array, cache->size) == 0)
		return cache;
	if (cache == NULL || cache->size < VARSIZE(array))
	{
		if (cache != NULL)
			pfree(cache);
		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
								   offsetof(EdgesCache, bytes) + VARSIZE(array));
		fcinfo->flinfo->fn_extra = cache;
	}
	/* invalid, and not taken for constant, until read_edges returns */
	cache->size = 0;
	cache->constant = cache->made_every_state = false;
	cache->nedges = read_edges(array, seconds, cache->edges);
	cache->size = VARSIZE(array);
	memcpy(cache->bytes, array, cache->size);
	cache->constant = sq_aggregate_argument_is_const(fcinfo, 3);

	/*
	 * A direct call, or an aggregate of a user's with an initial state, may
	 * pass a state with other edges than the constant ones.
	 */
	cache->made_every_state = cache->constant && sq_aggregate_starts_empty(fcinfo);
	return cache;
}

/* The edges of this row: those of the query when they are a constant. */
static inline const EdgesCache *
edges_of(FunctionCallInfo fcinfo, bool seconds)
{
	const EdgesCache *cache = (const EdgesCache *) fcinfo->flinfo->fn_extra;

	if (likely(cache != NULL && cache->constant))
		return cache;
	return edges_read(fcinfo, seconds);
}

/*
 * A row's edges are not its state's.  Outside an aggregate, the caller gave
 * the state.  Inside one, edges from a column differ from those of the
 * group's first row; constant edges can only differ from an initial state's,
 * which an aggregate of a user's over this function may have (without one,
 * every state is made from the constant edges and no row is checked).
 */
pg_attribute_noreturn() static pg_noinline void
report_other_edges(FunctionCallInfo fcinfo, const DurationOutcomeState *state,
				   const EdgesCache *given)
{
	bool		as_many = given->nedges == state->nedges;

	if (!SQ_IN_AGGREGATE(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bucket edges differ from those of the given state"),
				 as_many ?
				 errdetail_plural("The state and the call have %d edge each, at different durations.",
								  "The state and the call have %d edges each, at different durations.",
								  state->nedges, state->nedges) :
				 errdetail_plural("The state has %d edge, the call gives %d.",
								  "The state has %d edges, the call gives %d.",
								  state->nedges, state->nedges, given->nedges),
				 errhint("A state keeps the edges it was made with: give the same edges, or a NULL state.")));
	if (!given->constant)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bucket edges differ between rows of one group"),
				 errdetail("Every row of a group must give the same edges.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("bucket edges differ from those of the aggregate's initial state"),
			 as_many ?
			 errdetail_plural("The initial state and the rows have %d edge each, at different durations.",
							  "The initial state and the rows have %d edges each, at different durations.",
							  state->nedges, state->nedges) :
			 errdetail_plural("The initial state has %d edge, the rows give %d.",
							  "The initial state has %d edges, the rows give %d.",
							  state->nedges, state->nedges, given->nedges)));
}

/*
 * (state, duration, outcome, edges): a row with a NULL duration or outcome
 * is skipped; NULL edges are an error.
 */
static pg_attribute_always_inline Datum
accumulate(FunctionCallInfo fcinfo, bool seconds)
{
	DurationOutcomeState *state;
	const EdgesCache *given;
	int64		us;
	int			bucket;
	int64	   *trials;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("bucket edges must not be NULL")));
	us = seconds ? sq_duration_us_from_seconds(PG_GETARG_FLOAT8(1), "duration") :
		sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(1), "duration");
	given = edges_of(fcinfo, seconds);

	if (PG_ARGISNULL(0))
		state = sq_duration_outcome_state_new(given->nedges, given->edges);
	else
	{
		state = SQ_IN_AGGREGATE(fcinfo) ?
			(DurationOutcomeState *) PG_GETARG_POINTER(0) :
			PG_GETARG_DURATION_OUTCOME_STATE_COPY(0);
		if (!given->made_every_state &&
			(given->nedges != state->nedges ||
			 memcmp(given->edges, DurationOutcomeEdges(state), sizeof(int64) * state->nedges) != 0))
			report_other_edges(fcinfo, state, given);
	}

	bucket = sq_duration_outcome_bucket(state, us);
	trials = DurationOutcomeTrials(state) + bucket;
	if (unlikely(*trials == PG_INT64_MAX))
		sq_duration_outcome_report_overflow(*trials, 1);
	(*trials)++;
	/* an add of 0 or 1, not a jump that mixed outcomes would mispredict */
	DurationOutcomeOutcomes(state)[bucket] += PG_GETARG_BOOL(2);
	PG_RETURN_POINTER(state);
}

Datum
duration_outcome_state_accum_interval(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, false);
}

Datum
duration_outcome_state_accum_seconds(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, true);
}

/* Combine function, and transition function of the merge aggregate; strict. */
Datum
duration_outcome_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	DurationOutcomeState *dst = sq_state_to_update(fcinfo, "duration_outcome_state",
												   DURATION_OUTCOME_STATE_VERSION);

	sq_duration_outcome_state_merge_into(dst, sq_state_to_read(PG_GETARG_DATUM(1), &src_copy,
															   "duration_outcome_state",
															   DURATION_OUTCOME_STATE_VERSION));
	PG_RETURN_POINTER(dst);
}

Datum
duration_outcome_state_plus(PG_FUNCTION_ARGS)
{
	DurationOutcomeState *sum;

	sum = PG_GETARG_DURATION_OUTCOME_STATE_COPY(0);
	sq_duration_outcome_state_merge_into(sum, PG_GETARG_DURATION_OUTCOME_STATE(1));
	PG_RETURN_POINTER(sum);
}
