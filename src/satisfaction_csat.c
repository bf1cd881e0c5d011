/*-------------------------------------------------------------------------
 *
 * satisfaction_csat.c
 *	  CSAT and the mean and distribution of a rating, read from the same
 *	  rating_state (histogram of ratings 0-10) that NPS uses.
 *
 * CSAT is the top-box share in percent: responses rated satisfied_from or
 * higher on the scale [scale_min, scale_max] (default 1-5, satisfied = 4-5)
 * over all responses; by weight for weighted states.  A state can only hold
 * ratings 0-10, so scales beyond that are out of scope here.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "numerics.h"
#include "proportion_state.h"
#include "rating_state.h"
#include "satisfaction_args.h"

PG_FUNCTION_INFO_V1(csat);
PG_FUNCTION_INFO_V1(csat_final);
PG_FUNCTION_INFO_V1(csat_ci);
PG_FUNCTION_INFO_V1(rating_mean);
PG_FUNCTION_INFO_V1(rating_stddev);
PG_FUNCTION_INFO_V1(rating_mean_ci);
PG_FUNCTION_INFO_V1(rating_distribution);

#define CSAT_DEFAULT_MIN 1
#define CSAT_DEFAULT_MAX 5
#define CSAT_DEFAULT_SATISFIED 4

static void
check_scale(int scale_min, int scale_max)
{
	if (scale_min < RATING_MIN || scale_max > RATING_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rating scale %d to %d is not supported", scale_min, scale_max),
				 errdetail("A rating_state holds whole-number ratings 0 to 10, so the scale must lie within 0 to 10.")));
	if (scale_min >= scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rating scale %d to %d is invalid", scale_min, scale_max),
				 errdetail("The scale's minimum must be below its maximum, e.g. 1 to 5.")));
}

#define SCALE_HINT_STATE "Pass the scale the ratings were given on, e.g. 0 and 10."

/*
 * The one-step aggregate takes no scale: its hint names the two-step form
 * that does.
 */
#define SCALE_HINT_AGGREGATE "csat(score [, weight]) reads ratings 1-5 with 4-5 satisfied; for another scale write csat(csat_agg(score [, weight]), scale_min, scale_max, satisfied_from), e.g. csat(csat_agg(score), 0, 10, 8)."

/* Every rating with responses must lie on the scale. */
static void
check_state_on_scale(const RatingState *state, int scale_min, int scale_max, const char *hint)
{
	check_scale(scale_min, scale_max);
	for (int r = RATING_MIN; r <= RATING_MAX; r++)
	{
		if (state->count[r] == 0 || (r >= scale_min && r <= scale_max))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rating %d is outside the scale %d to %d", r, scale_min, scale_max),
				 errdetail_plural("The state has " INT64_FORMAT " response rated %d.",
								  "The state has " INT64_FORMAT " responses rated %d.",
								  (unsigned long) state->count[r], state->count[r], r),
				 errhint("%s", hint)));
	}
}

/* Share of satisfied responses, 0-1; NaN without mass. */
static double
satisfied_share(const RatingState *state, int scale_min, int scale_max, int satisfied_from,
				const char *scale_hint)
{
	double		total;

	check_state_on_scale(state, scale_min, scale_max, scale_hint);
	if (satisfied_from < scale_min || satisfied_from > scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("satisfied_from %d is outside the scale %d to %d",
						satisfied_from, scale_min, scale_max),
				 errdetail("Ratings from satisfied_from to the scale's maximum count as satisfied.")));
	total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX);
	if (total <= 0.0)
		return NAN;
	return sq_rating_state_mass(state, satisfied_from, RATING_MAX) / total;
}

/*
 * For comparisons: the satisfied and the other responses as effective
 * counts, which are the counts themselves when unweighted and the masses
 * scaled to Kish's n_eff when weighted.  Each comes from its own mass, so
 * a share near 1 keeps its complement's digits and everyone satisfied is
 * no one else, exactly.  Checks the scale as csat() does; false without
 * responses.
 */
bool
sq_csat_effective_counts(const RatingState *state, int scale_min, int scale_max,
						 int satisfied_from, double *satisfied, double *unsatisfied)
{
	double		share = satisfied_share(state, scale_min, scale_max, satisfied_from,
										SCALE_HINT_STATE);
	double		n = sq_rating_state_effective_n(state),
				scale;

	if (isnan(share) || !(n > 0.0))
		return false;
	/* exactly 1 when unweighted: n_eff is the count, as is the mass */
	scale = n / sq_rating_state_mass(state, RATING_MIN, RATING_MAX);
	*satisfied = sq_rating_state_mass(state, satisfied_from, RATING_MAX) * scale;
	*unsatisfied = sq_rating_state_mass(state, RATING_MIN, satisfied_from - 1) * scale;
	return true;
}

Datum
csat(PG_FUNCTION_ARGS)
{
	double		share = satisfied_share(PG_GETARG_RATING_STATE(0), PG_GETARG_INT32(1),
										PG_GETARG_INT32(2), PG_GETARG_INT32(3), SCALE_HINT_STATE);

	return sq_float8_result(fcinfo, 100.0 * share);
}

/* Final function of the csat(score) aggregates: the 1-5 scale, top-2 box. */
Datum
csat_final(PG_FUNCTION_ARGS)
{
	double		share = satisfied_share(PG_GETARG_RATING_STATE(0), CSAT_DEFAULT_MIN,
										CSAT_DEFAULT_MAX, CSAT_DEFAULT_SATISFIED,
										SCALE_HINT_AGGREGATE);

	return sq_float8_result(fcinfo, 100.0 * share);
}

/*
 * Wilson score interval of the share, in percent: it stays within 0-100
 * and, unlike the Wald interval, does not collapse to a point when every
 * response is satisfied.  n is Kish's effective sample size when weighted.
 */
Datum
csat_ci(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	double		p = satisfied_share(state, PG_GETARG_INT32(1), PG_GETARG_INT32(2),
									PG_GETARG_INT32(3), SCALE_HINT_STATE);
	double		level = PG_GETARG_FLOAT8(4);
	double		n = sq_rating_state_effective_n(state);
	double		bounds[2];

	sq_check_level(level);
	if (isnan(p) || !(n > 0.0))
		PG_RETURN_NULL();
	sq_wilson_interval(p * n, n, sq_normal_critical_value(level), &bounds[0], &bounds[1]);
	bounds[0] *= 100.0;
	bounds[1] *= 100.0;
	PG_RETURN_DATUM(sq_float8_row(fcinfo, bounds, 2));
}

Datum
rating_mean(PG_FUNCTION_ARGS)
{
	return sq_float8_result(fcinfo, sq_rating_state_mean(PG_GETARG_RATING_STATE(0)));
}

/*
 * Sample standard deviation (n - 1 in the denominator), as stddev_samp;
 * weighted states use the weighted variance scaled by n_eff / (n_eff - 1).
 */
Datum
rating_stddev(PG_FUNCTION_ARGS)
{
	return sq_float8_result(fcinfo, sqrt(sq_rating_state_variance(PG_GETARG_RATING_STATE(0))));
}

/*
 * Student's t interval of the mean, mean -/+ t(level, n - 1) s / sqrt(n),
 * from the mean, variance and n (Kish's effective n when weighted) that
 * rating_mean_compare reads, clipped to the ratings 0-10 a state holds, as
 * nps_ci is to its range.  NULL where rating_stddev is, and when every
 * rating is equal: s = 0 says the sample does not vary, not that the mean
 * is known exactly, so no zero-width interval (as rating_mean_compare and
 * satisfaction_breakdown).
 */
Datum
rating_mean_ci(PG_FUNCTION_ARGS)
{
	double		level = PG_GETARG_FLOAT8(1);
	RatingState *state;
	double		variance,
				n,
				margin,
				bounds[2];

	sq_check_level(level);
	state = PG_GETARG_RATING_STATE(0);
	variance = sq_rating_state_variance(state);
	if (!(variance > 0.0))
		PG_RETURN_NULL();
	n = sq_rating_state_effective_n(state);
	margin = sq_t_critical_value(level, n - 1.0) * sqrt(variance / n);
	bounds[0] = fmax(RATING_MIN, sq_rating_state_mean(state) - margin);
	bounds[1] = fmin(RATING_MAX, sq_rating_state_mean(state) + margin);
	PG_RETURN_DATUM(sq_float8_row(fcinfo, bounds, 2));
}

/* One row per rating of the scale, zero counts included. */
Datum
rating_distribution(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	int			scale_min = PG_GETARG_INT32(1),
				scale_max = PG_GETARG_INT32(2);
	double		total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX),
				below = 0.0;
	SqRows		rows;

	check_state_on_scale(state, scale_min, scale_max, SCALE_HINT_STATE);
	sq_rows_begin(fcinfo, &rows);
	for (int r = scale_min; r <= scale_max; r++)
	{
		Datum		values[4];
		bool		nulls[4] = {false};
		double		mass = sq_rating_state_mass(state, r, r);

		below += mass;
		values[0] = Int32GetDatum(r);
		values[1] = Int64GetDatum(state->count[r]);
		values[2] = sq_float8_or_null(total > 0.0 ? mass / total : NAN, &nulls[2]);
		values[3] = sq_float8_or_null(total > 0.0 ? below / total : NAN, &nulls[3]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}
