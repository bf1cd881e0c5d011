/*-------------------------------------------------------------------------
 *
 * proportion.c
 *	  Rates from a proportion_state: the proportion, its counts, a state
 *	  from counts kept elsewhere, and the Wilson score interval.
 *
 * The Wilson interval is used rather than the Wald interval p +/- z se
 * because rates like the dispute rate sit near 0, where Wald collapses to
 * a zero-width interval (no disputes among 20 refunds is not proof of a
 * 0% rate) and covers far less often than the level says.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "numerics.h"
#include "proportion_state.h"

PG_FUNCTION_INFO_V1(proportion_of);
PG_FUNCTION_INFO_V1(proportion_value);
PG_FUNCTION_INFO_V1(proportion_successes);
PG_FUNCTION_INFO_V1(proportion_trials);
PG_FUNCTION_INFO_V1(proportion_ci);

/* A state from counts kept elsewhere, e.g. disputes and paid orders. */
Datum
proportion_of(PG_FUNCTION_ARGS)
{
	int64		successes = PG_GETARG_INT64(0);
	int64		trials = PG_GETARG_INT64(1);
	const char *problem = sq_proportion_counts_problem(successes, trials);

	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid counts for a proportion: " INT64_FORMAT " successes of " INT64_FORMAT " trials",
						successes, trials),
				 errdetail("The %s.", problem)));
	PG_RETURN_POINTER(sq_proportion_state_new(successes, trials));
}

Datum
proportion_value(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);

	if (state->trials == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) state->successes / (double) state->trials);
}

Datum
proportion_successes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_PROPORTION_STATE(0)->successes);
}

Datum
proportion_trials(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_PROPORTION_STATE(0)->trials);
}

/*
 * Wilson score interval: the p for which |p_hat - p| = z sqrt(p (1 - p) / n),
 *	 (p_hat + z^2/2n -/+ z sqrt(p_hat (1 - p_hat)/n + z^2/4n^2)) / (1 + z^2/n),
 * clipped to [0, 1] against rounding, and exactly 0 (1) when there are no
 * successes (failures).  Counts may be effective counts (not whole).
 */
void
sq_wilson_interval(double successes, double n, double z, double *lower, double *upper)
{
	double		p = successes / n,
				z2n = z * z / n,
				center = (p + z2n / 2.0) / (1.0 + z2n),
				half = z / (1.0 + z2n) * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));

	*lower = successes == 0.0 ? 0.0 : fmax(0.0, center - half);
	*upper = successes == n ? 1.0 : fmin(1.0, center + half);
}

/* The Wilson interval of the proportion; NULL without trials. */
Datum
proportion_ci(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);
	double		level = PG_GETARG_FLOAT8(1);
	double		bounds[2];

	sq_check_level(level);
	if (state->trials == 0)
		PG_RETURN_NULL();
	sq_wilson_interval((double) state->successes, (double) state->trials,
					   sq_normal_critical_value(level), &bounds[0], &bounds[1]);
	PG_RETURN_DATUM(sq_float8_row(fcinfo, bounds, 2));
}
