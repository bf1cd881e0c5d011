/*-------------------------------------------------------------------------
 *
 * timeline_args.c
 *	  Stage-name arguments of the timeline functions, cached per call site.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "timeline_args.h"

TimelineCallCache *
sq_timeline_call_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(TimelineCallCache));
	return (TimelineCallCache *) fcinfo->flinfo->fn_extra;
}

/* Mask of the stages of t named in a list. */
static StageMask
stage_mask(const TimelineState *t, const StageList *list)
{
	StageMask	mask = 0;

	for (int i = 0; i < list->n; i++)
	{
		int			index = sq_timeline_find_stage(t, list->names[i], list->lens[i]);

		if (index >= 0)
			mask |= STAGE_BIT(index);
	}
	return mask;
}

/* Parse a text[] into cache, keeping a copy of its bytes as the cache key. */
static void
parse_stage_array(StageArrayCache *cache, struct varlena *array, MemoryContext context)
{
	MemoryContext old = MemoryContextSwitchTo(context);
	ArrayType  *copy;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (cache->key)
	{
		pfree(cache->key);
		pfree(cache->list.names);
		pfree(cache->list.lens);
	}
	cache->key = palloc(VARSIZE(array));
	memcpy(cache->key, array, VARSIZE(array));
	copy = (ArrayType *) cache->key;
	deconstruct_array(copy, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);

	cache->list.names = palloc(Max(n, 1) * sizeof(char *));
	cache->list.lens = palloc(Max(n, 1) * sizeof(int));
	cache->list.n = 0;
	for (int i = 0; i < n; i++)
	{
		text	   *name;

		if (nulls[i])
			continue;
		/* elements of a flat array: never toasted, maybe short headers */
		name = (text *) DatumGetPointer(elems[i]);
		cache->list.names[cache->list.n] = VARDATA_ANY(name);
		cache->list.lens[cache->list.n] = VARSIZE_ANY_EXHDR(name);
		cache->list.n++;
	}
	pfree(elems);
	pfree(nulls);
	MemoryContextSwitchTo(old);
}

/*
 * The SQL name of input argument argno of the function called, for an
 * error about its stage list: many functions take several (from_stages,
 * paused, statuses...), all named.
 */
static const char *
argument_name(FunctionCallInfo fcinfo, int argno)
{
	HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	Oid		   *types;
	char	  **names;
	char	   *modes;
	int			n,
				input = 0;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	n = get_func_arg_info(tuple, &types, &names, &modes);
	ReleaseSysCache(tuple);
	for (int i = 0; names != NULL && i < n; i++)
	{
		if (modes != NULL && (modes[i] == PROARGMODE_OUT || modes[i] == PROARGMODE_TABLE))
			continue;
		if (input++ == argno && names[i][0] != '\0')
			return names[i];
	}
	return "a stage list";
}

const StageList *
sq_timeline_stage_list(FunctionCallInfo fcinfo, int argno)
{
	TimelineCallCache *call;
	StageArrayCache *cache;
	struct varlena *array;

	Assert(argno - 1 >= 0 && argno - 1 < TIMELINE_STAGE_ARGS);
	call = sq_timeline_call_cache(fcinfo);
	cache = &call->stage_arrays[argno - 1];
	array = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	if (cache->key == NULL || VARSIZE(cache->key) != VARSIZE(array) ||
		memcmp(cache->key, array, VARSIZE(array)) != 0)
	{
		/* before the cache changes: a list that fails is not kept */
		if (ARR_NDIM((ArrayType *) array) > 1)
			sq_report_list_dimensions(argument_name(fcinfo, argno),
									  ARR_NDIM((ArrayType *) array), NULL);
		parse_stage_array(cache, array, fcinfo->flinfo->fn_mcxt);
		cache->list.parse = ++call->stage_parses;
	}
	return &cache->list;
}

StageMask
sq_timeline_stage_arg(FunctionCallInfo fcinfo, int argno, bool is_array, const TimelineState *t)
{
	if (!is_array)
	{
		text	   *name = PG_GETARG_TEXT_PP(argno);
		int			index = sq_timeline_find_stage(t, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));

		return index >= 0 ? STAGE_BIT(index) : 0;
	}
	return stage_mask(t, sq_timeline_stage_list(fcinfo, argno));
}
