/*-------------------------------------------------------------------------
 *
 * proportion_state_agg.c
 *	  Transition and inverse transition functions of the proportion
 *	  aggregates, the final function of proportion_agg's moving windows,
 *	  the combine function and the + operator.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"

#include "proportion_state.h"

PG_FUNCTION_INFO_V1(proportion_state_accum);
PG_FUNCTION_INFO_V1(proportion_state_retract);
PG_FUNCTION_INFO_V1(proportion_state_mfinal);
PG_FUNCTION_INFO_V1(proportion_state_combine);
PG_FUNCTION_INFO_V1(proportion_state_plus);

pg_attribute_noreturn() static void
report_count_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("proportion_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

/*
 * The state to update for this row: the running state in an aggregate, a
 * fresh one on the first row, a private copy when called directly.  As in
 * timeline_state_agg.c, a new state is built in the per-row context and the
 * executor copies it into the aggregate's context.
 */
static ProportionState *
state_for_update(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		return sq_proportion_state_new(0, 0);
	if (SQ_IN_AGGREGATE(fcinfo))
		return (ProportionState *) PG_GETARG_POINTER(0);
	return PG_GETARG_PROPORTION_STATE_COPY(0);
}

/*
 * A NULL outcome is skipped: it is neither a success nor a trial.  As the
 * moving-aggregate transition function of a window, which must not return
 * NULL, a skipped first row starts an empty state.
 */
Datum
proportion_state_accum(PG_FUNCTION_ARGS)
{
	ProportionState *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0) && sq_in_moving_window(fcinfo))
			PG_RETURN_POINTER(sq_proportion_state_new(0, 0));
		return sq_keep_state(fcinfo);
	}
	state = state_for_update(fcinfo);
	if (unlikely(state->trials == PG_INT64_MAX))
		report_count_overflow(state->trials, 1);
	state->trials++;
	/* an add of 0 or 1, not a jump that mixed outcomes would mispredict */
	state->successes += PG_GETARG_BOOL(1);
	PG_RETURN_POINTER(state);
}

/*
 * Inverse transition, so a rolling 28-day rate does not recompute each
 * frame.  A window only removes outcomes it added; called directly,
 * removing an outcome the state does not hold (from a NULL state too) is a
 * data error, never a state with more successes than trials.
 */
Datum
proportion_state_retract(PG_FUNCTION_ARGS)
{
	ProportionState *state;
	bool		success;
	int64		held;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	success = PG_GETARG_BOOL(1);
	if (PG_ARGISNULL(0))
		held = 0;
	else
	{
		state = PG_GETARG_PROPORTION_STATE(0);
		held = success ? state->successes : state->trials - state->successes;
	}
	if (held <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a %s outcome from a proportion_state that has none",
						success ? "successful" : "failed"),
				 errdetail("An inverse transition removes an outcome that was added before.")));
	state = state_for_update(fcinfo);
	state->trials--;
	if (success)
		state->successes--;
	PG_RETURN_POINTER(state);
}

/*
 * Moving-aggregate final function of proportion_agg(boolean), so that a
 * moving frame gives what the plain aggregate gives over the same rows (the
 * frame clause, not the data, picks the mode): NULL where no outcome is
 * non-NULL.  There moving mode holds the state without trials, as it cannot
 * return to NULL; every outcome it holds is a trial, so that state arises
 * nowhere else.  The state itself is returned, not a copy, as a window
 * returns the state of an aggregate without a final function; a read-only
 * final function (MFINALFUNC_MODIFY's default) may do so.
 */
Datum
proportion_state_mfinal(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);

	if (state->trials == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state);
}

/*
 * Successes never exceed trials (the validity rule), so when the trials add
 * up without overflow, so do the successes.
 */
void
sq_proportion_state_merge_into(ProportionState *dst, const ProportionState *src)
{
	int64		trials;

	if (pg_add_s64_overflow(dst->trials, src->trials, &trials))
		report_count_overflow(dst->trials, src->trials);
	dst->trials = trials;
	dst->successes += src->successes;
}

/*
 * Combine function, and transition function of proportion_agg(state).
 * Strict: the executor copies the first non-NULL state into the aggregate
 * context, so state 1 is ours to update in place there.
 */
Datum
proportion_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	ProportionState *dst = sq_state_to_update(fcinfo, "proportion_state", PROPORTION_STATE_VERSION);

	sq_proportion_state_merge_into(dst, sq_state_to_read(PG_GETARG_DATUM(1), &src_copy,
														 "proportion_state", PROPORTION_STATE_VERSION));
	PG_RETURN_POINTER(dst);
}

Datum
proportion_state_plus(PG_FUNCTION_ARGS)
{
	ProportionState *sum = PG_GETARG_PROPORTION_STATE_COPY(0);

	sq_proportion_state_merge_into(sum, PG_GETARG_PROPORTION_STATE(1));
	PG_RETURN_POINTER(sum);
}
