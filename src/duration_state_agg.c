/*-------------------------------------------------------------------------
 *
 * duration_state_agg.c
 *	  Transition, combine and final functions of duration_agg, and the +
 *	  operator of duration_state.
 *
 * Transition functions run once per row.  They keep the state in its dense
 * form and update it in place; they allocate only on the first row and when
 * a duration falls outside the buckets allocated so far, which happens a
 * logarithmic number of times.  A new state is always allocated in the
 * current (per-call) context: the executor copies a transition value that
 * is not the one it passed in into the aggregate's context and frees the
 * old one.  NULL durations skip the row, as built-in aggregates skip NULLs.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "duration_state.h"

PG_FUNCTION_INFO_V1(duration_state_accum_interval);
PG_FUNCTION_INFO_V1(duration_state_accum_interval_alpha);
PG_FUNCTION_INFO_V1(duration_state_accum_seconds);
PG_FUNCTION_INFO_V1(duration_state_accum_seconds_alpha);
PG_FUNCTION_INFO_V1(duration_state_combine);
PG_FUNCTION_INFO_V1(duration_state_compact);
PG_FUNCTION_INFO_V1(duration_state_plus);

/*
 * The state to update for this row: the running state in an aggregate, a
 * fresh one on the first row, a private dense copy when called directly.
 */
static inline DurationState *
state_for_update(FunctionCallInfo fcinfo, double alpha, bool in_aggregate)
{
	DurationState *state;

	if (PG_ARGISNULL(0))
	{
		sq_duration_check_alpha(alpha);
		return sq_duration_state_new(alpha, 0, 0);
	}
	state = in_aggregate ? (DurationState *) PG_GETARG_POINTER(0) : PG_GETARG_DURATION_STATE(0);
	if (unlikely(!in_aggregate || state->form != DURATION_FORM_DENSE))
		state = sq_duration_state_unpack(state);

	if (unlikely(state->alpha != alpha))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("accuracy %s differs from the accuracy %s of the duration state",
						sq_float8_text(alpha), sq_float8_text(state->alpha)),
				 errdetail("Every row of one aggregate must use the same accuracy.")));
	return state;
}

static inline double
accuracy_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("accuracy of duration_agg must not be NULL"),
				 errdetail("The relative accuracy must be from %s to %s, e.g. 0.01 for 1%%.",
						   sq_float8_text(DURATION_MIN_ALPHA), sq_float8_text(DURATION_MAX_ALPHA))));
	return PG_GETARG_FLOAT8(argno);
}

/*
 * Called directly (not as an aggregate's transition), the result is packed
 * like every other function's, so that a table never stores the dense form.
 */
static inline Datum
accumulate(FunctionCallInfo fcinfo, int64 us, double alpha)
{
	bool		in_aggregate = SQ_IN_AGGREGATE(fcinfo);
	DurationState *state = duration_state_add(state_for_update(fcinfo, alpha, in_aggregate), us);

	if (!in_aggregate)
		state = sq_duration_state_pack(state);
	PG_RETURN_DURATION_STATE(state);
}

Datum
duration_state_accum_interval(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return accumulate(fcinfo, sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(1), "duration"),
					  DURATION_DEFAULT_ALPHA);
}

Datum
duration_state_accum_interval_alpha(PG_FUNCTION_ARGS)
{
	double		alpha = accuracy_arg(fcinfo, 2);

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return accumulate(fcinfo, sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(1), "duration"),
					  alpha);
}

Datum
duration_state_accum_seconds(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return accumulate(fcinfo, sq_duration_us_from_seconds(PG_GETARG_FLOAT8(1), "duration"),
					  DURATION_DEFAULT_ALPHA);
}

Datum
duration_state_accum_seconds_alpha(PG_FUNCTION_ARGS)
{
	double		alpha = accuracy_arg(fcinfo, 2);

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return accumulate(fcinfo, sq_duration_us_from_seconds(PG_GETARG_FLOAT8(1), "duration"),
					  alpha);
}

/*
 * Combine function of duration_agg, and transition function of the merge
 * aggregate duration_agg(duration_state).  Strict: the executor starts from
 * a copy of the first non-NULL state.  Inside an aggregate the first state
 * is updated in place when it is dense and its buckets cover the second's;
 * otherwise the result is a new dense state.  Called directly, it returns
 * the packed form, like +.
 */
Datum
duration_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	DurationState *dst = PG_GETARG_DURATION_STATE(0);
	const DurationState *src = sq_state_to_read(PG_GETARG_DATUM(1), &src_copy, "duration_state",
												DURATION_STATE_VERSION);
	int32		lo,
				hi;

	if (!SQ_IN_AGGREGATE(fcinfo))
		PG_RETURN_DURATION_STATE(sq_duration_state_pack(sq_duration_state_merge(dst, src)));

	/* of two empty states the finer accuracy wins, as in + (commutative) */
	if (src->count == 0 && (dst->count > 0 || dst->alpha <= src->alpha))
		PG_RETURN_DURATION_STATE(dst);
	if (dst->count > 0 && dst->form == DURATION_FORM_DENSE &&
		dst == (DurationState *) PG_GETARG_POINTER(0))
	{
		sq_duration_check_mergeable(dst, src);
		if (!sq_duration_state_span(src, &lo, &hi) ||
			(lo >= dst->first && hi < dst->first + dst->nslots))
		{
			sq_duration_state_merge_into(dst, src);
			PG_RETURN_DURATION_STATE(dst);
		}
	}
	PG_RETURN_DURATION_STATE(sq_duration_state_merge(dst, src));
}

/* Final function of duration_agg: the packed form, as tables store it. */
Datum
duration_state_compact(PG_FUNCTION_ARGS)
{
	PG_RETURN_DURATION_STATE(sq_duration_state_pack(PG_GETARG_DURATION_STATE(0)));
}

/* The + operator: a new state holding both. */
Datum
duration_state_plus(PG_FUNCTION_ARGS)
{
	PG_RETURN_DURATION_STATE(sq_duration_state_pack(sq_duration_state_merge(PG_GETARG_DURATION_STATE(0),
																			PG_GETARG_DURATION_STATE(1))));
}
