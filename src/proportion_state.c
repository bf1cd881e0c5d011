/*-------------------------------------------------------------------------
 *
 * proportion_state.c
 *	  proportion_state type: construction and the rules its counts follow.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

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

/*
 * The p for which |p_hat - p| = z sqrt(p (1 - p) / n),
 *	 (p_hat + z^2/2n -/+ z sqrt(p_hat (1 - p_hat)/n + z^2/4n^2)) / (1 + z^2/n),
 * clipped to [0, 1] against rounding.
 */
void
sq_wilson_interval(double successes, double trials, double z, double bounds[2])
{
	double		n = trials;
	double		p = successes / n;
	double		z2n = z * z / n;
	double		center = (p + z2n / 2.0) / (1.0 + z2n);
	double		half = z / (1.0 + z2n) * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));

	bounds[0] = successes == 0 ? 0.0 : fmax(0.0, center - half);
	bounds[1] = successes == trials ? 1.0 : fmin(1.0, center + half);
}
