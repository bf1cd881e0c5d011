/*-------------------------------------------------------------------------
 *
 * outcome_state_agg.c
 *	  The transition function of outcome_agg(exposed, outcome), the combine
 *	  function (also merge aggregate's transition) and the + operator.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "outcome_state.h"

PG_FUNCTION_INFO_V1(outcome_state_accum);
PG_FUNCTION_INFO_V1(outcome_state_combine);
PG_FUNCTION_INFO_V1(outcome_state_plus);

/*
 * One row: a NULL exposure or outcome is skipped (the row belongs to no
 * cell).  Inside an aggregate the running state is updated in place; a
 * fresh state is built in the per-row context on the first row (the
 * executor copies it into the aggregate's context); called directly, the
 * argument is copied.
 */
Datum
outcome_state_accum(PG_FUNCTION_ARGS)
{
	OutcomeState *state;
	int64	   *outcomes,
			   *trials;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	if (PG_ARGISNULL(0))
		state = sq_outcome_state_new(0, 0, 0, 0);
	else if (SQ_IN_AGGREGATE(fcinfo))
		state = (OutcomeState *) PG_GETARG_POINTER(0);
	else
		state = PG_GETARG_OUTCOME_STATE_COPY(0);

	/* picked by index, not by a jump that mixed groups would mispredict */
	{
		int64	   *outcomes_of[2] = {&state->unexposed_outcomes, &state->exposed_outcomes};
		int64	   *trials_of[2] = {&state->unexposed_trials, &state->exposed_trials};

		outcomes = outcomes_of[PG_GETARG_BOOL(1)];
		trials = trials_of[PG_GETARG_BOOL(1)];
	}
	if (unlikely(*trials == PG_INT64_MAX))
		sq_outcome_state_report_overflow(*trials, 1);
	(*trials)++;
	/* an add of 0 or 1, not a jump that mixed outcomes would mispredict */
	*outcomes += PG_GETARG_BOOL(2);
	PG_RETURN_POINTER(state);
}

/* Combine function, and transition function of outcome_agg(state); strict. */
Datum
outcome_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	OutcomeState *dst = sq_state_to_update(fcinfo, "outcome_state", OUTCOME_STATE_VERSION);

	sq_outcome_state_merge_into(dst, sq_state_to_read(PG_GETARG_DATUM(1), &src_copy, "outcome_state",
													  OUTCOME_STATE_VERSION));
	PG_RETURN_POINTER(dst);
}

Datum
outcome_state_plus(PG_FUNCTION_ARGS)
{
	OutcomeState *sum = PG_GETARG_OUTCOME_STATE_COPY(0);

	sq_outcome_state_merge_into(sum, PG_GETARG_OUTCOME_STATE(1));
	PG_RETURN_POINTER(sum);
}
