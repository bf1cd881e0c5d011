/*-------------------------------------------------------------------------
 *
 * dimension_state_agg.c
 *	  Transition functions that add responses to a dimension_state, the
 *	  combine function and the + operator.
 *
 * Wide input is one float8[] per response, NULL elements meaning "not
 * answered"; it runs once per row, so after the first row it updates the
 * state in place without allocating.  Long input is one (dimension, score)
 * per answer; it allocates only when a new dimension name appears.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"

#include "dimension_state.h"

PG_FUNCTION_INFO_V1(dimension_state_accum_wide);
PG_FUNCTION_INFO_V1(dimension_state_accum_long);
PG_FUNCTION_INFO_V1(dimension_state_combine);
PG_FUNCTION_INFO_V1(dimension_state_plus);

/* The running state, updatable in place; NULL before the first row. */
static DimensionState *
state_for_update(FunctionCallInfo fcinfo, int kind)
{
	DimensionState *state;

	if (PG_ARGISNULL(0))
		return NULL;
	if (SQ_IN_AGGREGATE(fcinfo))
		state = (DimensionState *) PG_GETARG_POINTER(0);
	else
		state = PG_GETARG_DIMENSION_STATE_COPY(0);
	if (unlikely(state->kind != kind && state->kind != DIMENSION_EMPTY))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 kind == DIMENSION_NAMED ?
				 errmsg("cannot add named dimensions to a dimension_state with positional dimensions") :
				 errmsg("cannot add positional dimensions to a dimension_state with named dimensions")));
	return state;
}

/* dimension_agg(scores float8[]): one response, dimensions by position */
Datum
dimension_state_accum_wide(PG_FUNCTION_ARGS)
{
	DimensionState *state;
	ScoreArray	scores;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	sq_score_array_open(PG_GETARG_DATUM(1), &scores, "scores");
	state = state_for_update(fcinfo, DIMENSION_POSITIONAL);
	if (unlikely(state == NULL || state->kind == DIMENSION_EMPTY))
	{
		if (scores.length == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("scores array is empty"),
					 errdetail("Give one element per dimension; NULL for an unanswered one.")));
		state = sq_dimension_state_new(DIMENSION_POSITIONAL, scores.length);
	}
	else if (unlikely(scores.length != state->ndims))
		sq_satisfaction_report_dimension_mismatch("scores array", scores.length,
												  "dimension_state", state->ndims);

	for (int i = 0; i < scores.length; i++)
	{
		double		x;

		if (score_array_next(&scores, i, &x))
			dimension_stats_add(&state->dims[i], x, i + 1, NULL);
	}
	PG_RETURN_POINTER(state);
}

/* dimension_agg(dimension text, score float8): one answer, by name */
Datum
dimension_state_accum_long(PG_FUNCTION_ARGS)
{
	DimensionState *state;
	DimensionName name;
	int			at;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	sq_satisfaction_name_argument(PG_GETARG_TEXT_PP(1), name);

	state = state_for_update(fcinfo, DIMENSION_NAMED);
	if (unlikely(state == NULL))
	{
		state = sq_dimension_state_new(DIMENSION_NAMED, 1);
		strlcpy(DimensionStateNames(state)[0], name, sizeof(DimensionName));
	}
	at = sq_dimension_state_find(state, name);
	if (unlikely(at < 0))
	{
		at = -at - 1;
		if (state->ndims >= SATISFACTION_MAX_DIMENSIONS)
			sq_satisfaction_report_too_many_dimensions(state->ndims + 1);
		state = sq_dimension_state_insert(state, at, name);
	}
	dimension_stats_add(&state->dims[at], PG_GETARG_FLOAT8(2), at + 1, name);
	PG_RETURN_POINTER(state);
}

/*
 * Combine function of the dimension aggregates and transition function of
 * the merge aggregate.  Strict: state 1 is the executor's copy inside an
 * aggregate, so it is updated in place there.
 */
Datum
dimension_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	DimensionState *dst = sq_state_to_update(fcinfo, "dimension_state", DIMENSION_STATE_VERSION);
	const DimensionState *src = sq_state_to_read(PG_GETARG_DATUM(1), &src_copy, "dimension_state",
												 DIMENSION_STATE_VERSION);

	PG_RETURN_POINTER(sq_dimension_state_merge(dst, src));
}

Datum
dimension_state_plus(PG_FUNCTION_ARGS)
{
	DimensionState *sum = PG_GETARG_DIMENSION_STATE_COPY(0);

	PG_RETURN_POINTER(sq_dimension_state_merge(sum, PG_GETARG_DIMENSION_STATE(1)));
}
