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
		return "counts must not be negative";
	if (successes > trials)
		return "successes must not exceed trials";
	return NULL;
}
