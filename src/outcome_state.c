/*-------------------------------------------------------------------------
 *
 * outcome_state.c
 *	  outcome_state type: construction, merging and the rules its counts
 *	  follow.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"

#include "outcome_state.h"

OutcomeState *
sq_outcome_state_new(int64 exposed_outcomes, int64 exposed_trials,
					 int64 unexposed_outcomes, int64 unexposed_trials)
{
	OutcomeState *state = palloc0(sizeof(OutcomeState));

	SET_VARSIZE(state, sizeof(OutcomeState));
	state->version = OUTCOME_STATE_VERSION;
	state->exposed_outcomes = exposed_outcomes;
	state->exposed_trials = exposed_trials;
	state->unexposed_outcomes = unexposed_outcomes;
	state->unexposed_trials = unexposed_trials;
	return state;
}

const char *
sq_outcome_state_problem(const OutcomeState *state)
{
	const char *problem = NULL;

	if (state->exposed_outcomes < 0 || state->exposed_trials < 0 ||
		state->unexposed_outcomes < 0 || state->unexposed_trials < 0)
		problem = "counts must not be negative";
	else if (state->exposed_outcomes > state->exposed_trials ||
			 state->unexposed_outcomes > state->unexposed_trials)
		problem = "outcomes must not exceed trials";
	if (problem)
		return psprintf("%s (exposed " INT64_FORMAT "/" INT64_FORMAT ", unexposed "
						INT64_FORMAT "/" INT64_FORMAT ")", problem,
						state->exposed_outcomes, state->exposed_trials,
						state->unexposed_outcomes, state->unexposed_trials);
	return NULL;
}

void
sq_outcome_state_report_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("outcome_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

void
sq_outcome_state_merge_into(OutcomeState *dst, const OutcomeState *src)
{
	int64		exposed,
				unexposed;

	/* outcomes never exceed their trials: only the trials can overflow */
	if (unlikely(pg_add_s64_overflow(dst->exposed_trials, src->exposed_trials, &exposed)))
		sq_outcome_state_report_overflow(dst->exposed_trials, src->exposed_trials);
	if (unlikely(pg_add_s64_overflow(dst->unexposed_trials, src->unexposed_trials, &unexposed)))
		sq_outcome_state_report_overflow(dst->unexposed_trials, src->unexposed_trials);
	dst->exposed_trials = exposed;
	dst->unexposed_trials = unexposed;
	dst->exposed_outcomes += src->exposed_outcomes;
	dst->unexposed_outcomes += src->unexposed_outcomes;
}
