/*-------------------------------------------------------------------------
 *
 * proportion_state.c
 *	  proportion_state type: construction and the rules its counts follow.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "proportion_state.h"

ProportionState *
sq_proportion_state_new(int64 successes, int64 trials)
{
	ProportionState *state = palloc0(sizeof(ProportionState));

	SET_VARSIZE(state, sizeof(ProportionState));
	state->version = PROPORTION_STATE_VERSION;
	state->successes = successes;
	state->trials = trials;
	return state;
}

const char *
sq_proportion_counts_problem(int64 successes, int64 trials)
{
	if (successes < 0 || trials < 0)
		return psprintf("counts must not be negative (successes " INT64_FORMAT ", trials " INT64_FORMAT ")",
						successes, trials);
	if (successes > trials)
		return psprintf("successes (" INT64_FORMAT ") must not exceed trials (" INT64_FORMAT ")",
						successes, trials);
	return NULL;
}
