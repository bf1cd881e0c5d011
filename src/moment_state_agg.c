/*-------------------------------------------------------------------------
 *
 * moment_state_agg.c
 *	  Transition functions that add responses to a moment_state (wide rows
 *	  by position or by name, weighted or not; long rows by response), the
 *	  combine function, the final function of the long layout and the +
 *	  operator.
 *
 * Wide input is one row per response: the overall score and a float8[] of
 * the dimensions' scores; a response with any score missing (NULL) is
 * counted as incomplete and left out (listwise).  Long input is one row
 * per answer, (response id, dimension, score), with the dimensions and the
 * overall score named by the call; see moment_state.h for how responses
 * are gathered.
 *
 * Names given with each row (an array of dimension names, the overall's
 * name) are checked once and kept in fn_extra: later rows only compare
 * their bytes with the kept copy.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"

#include "moment_state.h"
#include "satisfaction_args.h"

PG_FUNCTION_INFO_V1(moment_state_accum);
PG_FUNCTION_INFO_V1(moment_state_accum_named);
PG_FUNCTION_INFO_V1(moment_state_accum_columns);
PG_FUNCTION_INFO_V1(moment_state_accum_long);
PG_FUNCTION_INFO_V1(moment_state_combine);
PG_FUNCTION_INFO_V1(moment_state_final);
PG_FUNCTION_INFO_V1(moment_state_plus);

/*
 * A long row whose answer would move this many pending entries of a flat
 * state, or more (an insertion or a completion before the last entry),
 * makes the aggregate hold its state (moment_state_held.c).  Rows in
 * response order move none.
 */
#define HOLD_MOVES 32

/*
 * Whether an aggregate may hold its state.  Not a hashed one: hashed
 * aggregation measures its memory after each new group by visiting every
 * memory context under its own, and each held state has one, so thousands
 * of held groups made it quadratic (20 000 groups: 16 s against 0.8 s
 * flat).  Sorted and plain aggregation keep one group at a time, and a
 * window one partition, so they may hold.  One context shared by the
 * groups (sq_aggregate_arena) cannot serve: the executor deletes an
 * expanded object by deleting its context.
 */
static bool
may_hold(FunctionCallInfo fcinfo)
{
	AggStrategy strategy;

	if (fcinfo->context == NULL || !IsA(fcinfo->context, AggState))
		return true;
	strategy = ((AggState *) fcinfo->context)->aggstrategy;
	return strategy != AGG_HASHED && strategy != AGG_MIXED;
}

/* The names of a call, as last seen and checked. */
typedef struct NamesCache
{
	struct varlena *dimensions; /* copy of the dimension names argument */
	struct varlena *overall;	/* copy of the overall name (long layout) */
	int			ndims;
	MomentName *names;			/* ndims + 1 names, the overall's last */
	uint8		lengths[MOMENT_MAX_DIMENSIONS + 1];
	Oid			column_types[MOMENT_MAX_DIMENSIONS];	/* columns layout, or 0 */
	bool		constant;		/* the names are constants of the query */
	const MomentState *checked; /* the state last found to have these names */
} NamesCache;

/* Whether arg, stored inline, has the bytes kept (a toasted value never does). */
static bool
same_bytes(struct varlena *kept, Datum arg)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(arg);

	if (kept == NULL || VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
		return false;
	return VARSIZE_ANY(v) == VARSIZE_ANY(kept) && memcmp(v, kept, VARSIZE_ANY(v)) == 0;
}

static void
check_name(const char *name, int len, const char *what)
{
	if (len < 1 || len > SATISFACTION_NAME_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s name \"%s\" is %s", what, name, len < 1 ? "empty" : "too long"),
				 errdetail("Names have 1 to %d bytes.", SATISFACTION_NAME_MAX)));
}

/* Read and check the names; the overall's name is overall. */
static void
read_names(NamesCache *cache, ArrayType *dimensions, const char *overall)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;

	sq_check_list_dimensions(ARR_NDIM(dimensions), "dimension names");
	deconstruct_array(dimensions, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	if (count < 1 || count > MOMENT_MAX_DIMENSIONS)
		ereport(ERROR,
				(errcode(count < 1 ? ERRCODE_INVALID_PARAMETER_VALUE : ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%d dimension names given", count),
				 errdetail("A moment_state has 1 to %d dimensions.", MOMENT_MAX_DIMENSIONS)));
	memset(cache->names, 0, sizeof(MomentName) * (count + 1));
	for (int i = 0; i <= count; i++)
	{
		const char *name = i < count ? (nulls[i] ? NULL : TextDatumGetCString(elems[i])) : overall;

		if (name == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("name of dimension %d is NULL", i + 1)));
		check_name(name, strlen(name), i < count ? "dimension" : "overall score");
		for (int j = 0; j < i; j++)
			if (strcmp(name, cache->names[j]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("name \"%s\" is given twice", name),
						 errdetail("Each dimension and the overall score need a name of their own.")));
		strlcpy(cache->names[i], name, NAMEDATALEN);
		cache->lengths[i] = strlen(name);
	}
	cache->ndims = count;
}

/*
 * The checked names of this call (argument dims_arg, and overall_arg for the
 * long layout, else -1 and the name "overall"), from fn_extra when their
 * bytes are the same as last time.
 */
static NamesCache *
call_names(FunctionCallInfo fcinfo, int dims_arg, int overall_arg)
{
	NamesCache *cache = (NamesCache *) fcinfo->flinfo->fn_extra;
	Datum		dims = PG_GETARG_DATUM(dims_arg);
	MemoryContext old;

	if (cache && (cache->constant ||
				  (same_bytes(cache->dimensions, dims) &&
				   (overall_arg < 0 || same_bytes(cache->overall, PG_GETARG_DATUM(overall_arg))))))
		return cache;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache == NULL)
	{
		cache = palloc0(sizeof(NamesCache));
		cache->names = palloc0(sizeof(MomentName) * (MOMENT_MAX_DIMENSIONS + 1));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->dimensions)
		pfree(cache->dimensions);
	if (cache->overall)
		pfree(cache->overall);
	cache->dimensions = cache->overall = NULL;
	memset(cache->column_types, 0, sizeof(cache->column_types));
	cache->checked = NULL;
	/* a Const only: a PL/pgSQL variable changes while fn_extra is kept */
	cache->constant = sq_aggregate_argument_is_const(fcinfo, dims_arg) &&
		(overall_arg < 0 || sq_aggregate_argument_is_const(fcinfo, overall_arg));
	read_names(cache, PG_GETARG_ARRAYTYPE_P(dims_arg),
			   overall_arg < 0 ? "overall" : text_to_cstring(PG_GETARG_TEXT_PP(overall_arg)));
	cache->dimensions = (struct varlena *) palloc(VARSIZE_ANY(DatumGetPointer(dims)));
	memcpy(cache->dimensions, DatumGetPointer(dims), VARSIZE_ANY(DatumGetPointer(dims)));
	if (overall_arg >= 0)
	{
		Datum		overall = PG_GETARG_DATUM(overall_arg);

		cache->overall = (struct varlena *) palloc(VARSIZE_ANY(DatumGetPointer(overall)));
		memcpy(cache->overall, DatumGetPointer(overall), VARSIZE_ANY(DatumGetPointer(overall)));
	}
	MemoryContextSwitchTo(old);
	return cache;
}

/*
 * The running state s (NULL before the first row) checked against the
 * row's kind, dimensions and names; a new state when there is none or it
 * is empty.
 */
static pg_attribute_always_inline MomentState *
checked_state(FunctionCallInfo fcinfo, MomentState *s, int kind, int ndims, NamesCache *cache)
{
	bool		in_aggregate = SQ_IN_AGGREGATE(fcinfo);

	if (s == NULL || s->kind == MOMENT_EMPTY)
	{
		s = sq_moment_state_new(kind, ndims, 0);
		if (cache)
			memcpy(moment_state_names(s), cache->names, sizeof(MomentName) * (ndims + 1));
		return s;
	}
	if (unlikely(s->kind != kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot add responses %s names to a moment_state %s names",
						kind == MOMENT_NAMED ? "with" : "without",
						kind == MOMENT_NAMED ? "without" : "with")));
	if (unlikely(s->ndims != ndims))
		sq_satisfaction_report_dimension_mismatch(cache ? "dimension names" : "scores array", ndims,
												  "moment_state", s->ndims);

	/*
	 * A state's names never change: inside an aggregate, where a state keeps
	 * its memory from row to row, check each state once per set of names.
	 */
	if (cache && (s != cache->checked || !in_aggregate))
	{
		if (memcmp(moment_state_names(s), cache->names, sizeof(MomentName) * (ndims + 1)) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimension names differ from those of the moment_state being built"),
					 errdetail("Every row of a state names the same dimensions in the same order.")));
		cache->checked = s;
	}
	return s;
}

/*
 * The running state, updatable in place: argument 0 inside an aggregate,
 * a copy when called directly, a new state (kind and ndims, names from
 * cache) when there is none or it is empty.
 */
static MomentState *
state_for_update(FunctionCallInfo fcinfo, int kind, int ndims, NamesCache *cache)
{
	MomentState *s = NULL;

	if (!PG_ARGISNULL(0))
		s = SQ_IN_AGGREGATE(fcinfo) ? (MomentState *) PG_GETARG_POINTER(0) :
			PG_GETARG_MOMENT_STATE_COPY(0);
	return checked_state(fcinfo, s, kind, ndims, cache);
}

static double
weight_argument(FunctionCallInfo fcinfo, int argno)
{
	double		w;

	if (PG_NARGS() <= argno)
		return 1.0;
	w = PG_GETARG_FLOAT8(argno);
	if (unlikely(!(w >= 0.0) || isinf(w)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %s is invalid", sq_float8_text(w)),
				 errdetail("Weights are frequency weights: finite and greater than or equal to 0.")));
	return w;
}

/*
 * The response's ndims scores in x, the overall score in argument 1: added
 * to s when complete, else counted as incomplete.
 */
static Datum
add_response(FunctionCallInfo fcinfo, MomentState *s, double *x, int ndims, bool complete,
			 double w)
{
	if (!complete)
	{
		if (unlikely(s->incomplete == PG_INT64_MAX))
			sq_moment_state_report_count_overflow(s->incomplete, 1);
		s->incomplete++;
		PG_RETURN_POINTER(s);
	}
	x[ndims] = PG_GETARG_FLOAT8(1);
	if (unlikely(!isfinite(x[ndims])))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("overall score %s is not a finite number", sq_float8_text(x[ndims])),
				 errdetail("Scores must be finite; leave an unanswered item NULL.")));
	sq_moment_state_add(s, x, w);
	PG_RETURN_POINTER(s);
}

/*
 * One wide response: overall (argument 1), scores (argument 2) and the
 * weight (argument weight_arg, if the call has one).  NULL scores or weight
 * skip the row; a NULL overall or element makes it incomplete.
 */
static Datum
accum_wide(FunctionCallInfo fcinfo, int weight_arg, NamesCache *cache)
{
	MomentState *s;
	ScoreArray	scores;
	double		x[MOMENT_MAX_DIMENSIONS + 1];
	double		w;
	bool		complete = !PG_ARGISNULL(1);

	if (PG_ARGISNULL(2) || (PG_NARGS() > weight_arg && PG_ARGISNULL(weight_arg)))
		return sq_keep_state(fcinfo);
	w = weight_argument(fcinfo, weight_arg);
	sq_score_array_open(PG_GETARG_DATUM(2), &scores, "scores");
	if (unlikely(scores.length < 1 || scores.length > MOMENT_MAX_DIMENSIONS))
		ereport(ERROR,
				(errcode(scores.length < 1 ? ERRCODE_INVALID_PARAMETER_VALUE : ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("scores array has %d elements", scores.length),
				 errdetail("A moment_state has 1 to %d dimensions.", MOMENT_MAX_DIMENSIONS)));
	if (cache && unlikely(scores.length != cache->ndims))
		sq_satisfaction_report_length_mismatch("scores array", scores.length,
											   "dimension names array", cache->ndims);
	s = state_for_update(fcinfo, cache ? MOMENT_NAMED : MOMENT_POSITIONAL, scores.length, cache);
	for (int i = 0; i < scores.length; i++)
	{
		if (!score_array_next(&scores, i, &x[i]))
			complete = false;
		else
			satisfaction_check_score(x[i], i + 1, cache ? cache->names[i] : NULL);
	}
	return add_response(fcinfo, s, x, scores.length, complete, w);
}

/* moment_agg(overall, scores [, weight]): dimensions by position */
Datum
moment_state_accum(PG_FUNCTION_ARGS)
{
	return accum_wide(fcinfo, 3, NULL);
}

/* moment_agg(overall, scores, names [, weight]): named dimensions */
Datum
moment_state_accum_named(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("dimension names are NULL"),
				 errhint("Give the names as an array, one per score, or leave them out.")));
	return accum_wide(fcinfo, 4, call_names(fcinfo, 3, -1));
}

/* A score given as a column of any numeric type, as double precision. */
static double
column_score(Datum value, Oid type)
{
	switch (type)
	{
		case FLOAT8OID:
			return DatumGetFloat8(value);
		case FLOAT4OID:
			return DatumGetFloat4(value);
		case INT2OID:
			return DatumGetInt16(value);
		case INT4OID:
			return DatumGetInt32(value);
		case INT8OID:
			return (double) DatumGetInt64(value);
		default:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8, value));
	}
}

/*
 * "VARIADIC ARRAY[...]" would reach us as one array argument: the columns
 * form reads columns, and the array forms take such an array already.
 */
static void
refuse_variadic_array(FunctionCallInfo fcinfo)
{
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("moment_agg(overall, names, column, ...) takes score columns, not a VARIADIC array"),
				 errhint("Pass the array without VARIADIC, after the overall score: moment_agg(overall, scores, names) with scores a double precision[].")));
}

/*
 * The types of the score columns, checked on the first row of a call.  A
 * VARIADIC "any" argument is passed as it is, so a column of a domain over
 * a number comes with the domain's type.
 */
static void
check_column_types(FunctionCallInfo fcinfo, NamesCache *cache, int first)
{
	refuse_variadic_array(fcinfo);
	for (int i = 0; i < cache->ndims; i++)
	{
		Oid			declared = get_fn_expr_argtype(fcinfo->flinfo, first + i);
		Oid			type = OidIsValid(declared) ? getBaseType(declared) : InvalidOid;

		if (type != FLOAT8OID && type != FLOAT4OID && type != INT2OID && type != INT4OID &&
			type != INT8OID && type != NUMERICOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("score column of dimension \"%s\" has type %s", cache->names[i],
							type == InvalidOid ? "unknown" : format_type_be(declared)),
					 errhint("Scores are numbers: smallint, integer, bigint, real, double precision or numeric.")));
		cache->column_types[i] = type;
	}
}

/*
 * moment_agg(overall, dimensions text[], VARIADIC scores "any"): one
 * response whose scores are columns of the row, named by the array.
 * Nothing is built per row: the scores are read from the arguments as they
 * come (an ARRAY[...] of columns would cost more than the update itself).
 */
Datum
moment_state_accum_columns(PG_FUNCTION_ARGS)
{
	NamesCache *cache;
	MomentState *s;
	double		x[MOMENT_MAX_DIMENSIONS + 1];
	int			ndims = PG_NARGS() - 3;
	bool		complete = !PG_ARGISNULL(1);

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("dimension names are NULL"),
				 errhint("Give the names as an array, one per score column.")));
	cache = call_names(fcinfo, 2, -1);
	if (unlikely(cache->ndims != ndims))
	{
		refuse_variadic_array(fcinfo);
		sq_satisfaction_report_length_mismatch("dimension names array", cache->ndims,
											   "the list of score columns", ndims);
	}
	if (unlikely(cache->column_types[0] == InvalidOid))
		check_column_types(fcinfo, cache, 3);
	s = state_for_update(fcinfo, MOMENT_NAMED, ndims, cache);
	for (int i = 0; i < ndims; i++)
	{
		if (PG_ARGISNULL(3 + i))
		{
			complete = false;
			continue;
		}
		x[i] = column_score(PG_GETARG_DATUM(3 + i), cache->column_types[i]);
		satisfaction_check_score(x[i], i + 1, cache->names[i]);
	}
	return add_response(fcinfo, s, x, ndims, complete, 1.0);
}

/*
 * The long row's answer given to the aggregate's held state: the one in
 * argument 0, or, when to_hold is not NULL, a new one holding that flat
 * state.
 */
static pg_noinline Datum
answer_held(FunctionCallInfo fcinfo, NamesCache *cache, const MomentState *to_hold, int64 id,
			int variable, double score)
{
	MomentHeld *held;

	if (to_hold)
	{
		MemoryContext aggcontext;

		if (!AggCheckCallContext(fcinfo, &aggcontext))
			elog(ERROR, "moment_state_accum called in a non-aggregate context");
		held = sq_moment_hold(to_hold, aggcontext);
	}
	else
		held = moment_held_of(PG_GETARG_DATUM(0));
	checked_state(fcinfo, sq_moment_held_state(held), MOMENT_NAMED, cache->ndims, cache);
	sq_moment_held_answer(held, id, variable, score);
	PG_RETURN_DATUM(sq_moment_held_datum(held));
}

/*
 * moment_agg(response_id, dimension, score, dimensions, overall): one
 * answer.  Rows without a response id, dimension or score are skipped, and
 * so are rows of a dimension the call does not name.
 */
Datum
moment_state_accum_long(PG_FUNCTION_ARGS)
{
	NamesCache *cache;
	MomentState *s,
			   *answered;
	text	   *dimension;
	int			len,
				variable;
	double		score;
	int64		id;
	bool		in_aggregate;

	if (PG_ARGISNULL(4) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the names of the dimensions and of the overall score must not be NULL")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return sq_keep_state(fcinfo);
	cache = call_names(fcinfo, 4, 5);
	dimension = PG_GETARG_TEXT_PP(2);
	len = VARSIZE_ANY_EXHDR(dimension);
	for (variable = 0; variable <= cache->ndims; variable++)
		if (cache->lengths[variable] == len &&
			memcmp(cache->names[variable], VARDATA_ANY(dimension), len) == 0)
			break;
	if (variable > cache->ndims)
		return sq_keep_state(fcinfo);
	score = PG_GETARG_FLOAT8(3);
	satisfaction_check_score(score, variable + 1, cache->names[variable]);

	id = PG_GETARG_INT64(1);
	in_aggregate = SQ_IN_AGGREGATE(fcinfo);
	if (in_aggregate && !PG_ARGISNULL(0) && unlikely(moment_held_of(PG_GETARG_DATUM(0)) != NULL))
		return answer_held(fcinfo, cache, NULL, id, variable, score);
	s = state_for_update(fcinfo, MOMENT_NAMED, cache->ndims, cache);
	answered = sq_moment_state_answer(s, id, variable, score,
									  in_aggregate && may_hold(fcinfo) ? HOLD_MOVES : PG_UINT32_MAX);
	if (unlikely(answered == NULL))
		return answer_held(fcinfo, cache, s, id, variable, score);
	if (!in_aggregate)
		answered = sq_moment_state_trim(answered);
	PG_RETURN_POINTER(answered);
}

/*
 * Combine function of every moment aggregate and transition function of
 * the merge aggregate; strict, so argument 0 is the executor's copy inside
 * an aggregate and is updated in place there.
 */
Datum
moment_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	MomentState *dst = sq_state_to_update(fcinfo, "moment_state", MOMENT_STATE_VERSION);
	MomentState *merged = sq_moment_state_merge(dst, sq_state_to_read(PG_GETARG_DATUM(1), &src_copy,
																	  "moment_state",
																	  MOMENT_STATE_VERSION));

	if (!SQ_IN_AGGREGATE(fcinfo))
		merged = sq_moment_state_trim(merged);
	PG_RETURN_POINTER(merged);
}

/*
 * Final function of the long aggregate: the responses still pending never
 * got every answer; they are counted as incomplete and dropped.
 */
Datum
moment_state_final(PG_FUNCTION_ARGS)
{
	MomentHeld *held = moment_held_of(PG_GETARG_DATUM(0));

	/*
	 * A held state is read as it is: flattening would sort the pending
	 * entries that closing drops, on every row of a running window.
	 */
	PG_RETURN_POINTER(sq_moment_state_close(held ? sq_moment_held_state(held) :
											PG_GETARG_MOMENT_STATE(0)));
}

Datum
moment_state_plus(PG_FUNCTION_ARGS)
{
	MomentState *sum = sq_moment_state_trim(PG_GETARG_MOMENT_STATE(0));

	PG_RETURN_POINTER(sq_moment_state_trim(sq_moment_state_merge(sum, PG_GETARG_MOMENT_STATE(1))));
}
