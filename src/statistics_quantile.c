/*-------------------------------------------------------------------------
 *
 * statistics_quantile.c
 *	  The interval of a duration quantile from a duration_state, and the
 *	  difference of a quantile between two states
 *	  (duration_quantile_compare).
 *
 * A quantile's interval is distribution-free: for n durations, the number
 * at or under the population q-quantile is binomial (n, q), so the order
 * statistics X_(l) and X_(u) at the ranks of statistics_binomial.c bound
 * it with the chosen errors whatever the distribution (exactly for
 * continuous durations, conservatively otherwise).  The state does not know
 * X_(l) itself, only its bucket: the lower limit is the bucket's shortest
 * possible duration and the upper limit its longest (exact for the min,
 * the max and zero durations), so the limits contain [X_(l), X_(u)] and
 * the coverage is at least the order statistics' own.
 *
 * The difference of the quantiles of two independent samples takes the
 * interval of each at the same level and combines them by the method of
 * variance estimates recovery (MOVER, Zou and Donner 2008; Newcombe's
 * method 10 for proportions is the same construction):
 *	 [d - sqrt((qa - la)^2 + (ub - qb)^2), d + sqrt((ua - qa)^2 + (qb - lb)^2)].
 * Each side's interval is exact (or conservative); their combination is a
 * large-sample approximation, as it is for proportions.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "statistics.h"

PG_FUNCTION_INFO_V1(duration_quantile_compare);
PG_FUNCTION_INFO_V1(duration_quantile_compare_seconds);

SqQuantileInterval
sq_duration_quantile_interval(const DurationCdf *cdf, double q, double alpha_lower,
							  double alpha_upper)
{
	SqQuantileInterval result;
	int64		n = cdf->state->count,
				l = sq_quantile_lower_rank(n, q, alpha_lower),
				u = sq_quantile_upper_rank(n, q, alpha_upper),
				shortest,
				longest;

	result.estimate = sq_duration_cdf_quantile(cdf, q);
	result.lower = 0.0;
	result.upper = NAN;
	if (l >= 1)
	{
		sq_duration_rank_range(cdf, l, &shortest, &longest);
		result.lower = duration_us_to_seconds(shortest);
	}
	if (u >= 1)
	{
		sq_duration_rank_range(cdf, u, &shortest, &longest);
		result.upper = duration_us_to_seconds(longest);
	}
	return result;
}

static double
value_seconds(DurationValue v)
{
	return v.exact ? duration_us_to_seconds(v.us) : v.seconds;
}

/* A column in seconds, or as an interval rounded to the microsecond. */
static Datum
duration_column(double seconds, bool as_interval, bool *isnull)
{
	if (!as_interval || isnan(seconds))
		return sq_float8_or_null(seconds, isnull);
	*isnull = false;
	return IntervalPGetDatum(sq_duration_interval_from_us((int128) rint(seconds * USECS_PER_SECOND_F)));
}

static Datum
quantile_compare_common(FunctionCallInfo fcinfo, bool as_interval)
{
	DurationState *a = PG_GETARG_DURATION_STATE(0);
	DurationState *b = PG_GETARG_DURATION_STATE(1);
	double		q = PG_GETARG_FLOAT8(2),
				level = PG_GETARG_FLOAT8(3),
				alpha,
				qa,
				qb,
				column[5];
	DurationCdf cdf_a,
				cdf_b;
	SqQuantileInterval ia,
				ib;
	Datum		values[5];
	bool		nulls[5];

	sq_duration_check_fraction(q);
	sq_check_level(level);
	if (a->count == 0 || b->count == 0)
		PG_RETURN_NULL();
	alpha = (1.0 - level) / 2.0;
	sq_duration_cdf_init(&cdf_a, a);
	sq_duration_cdf_init(&cdf_b, b);
	ia = sq_duration_quantile_interval(&cdf_a, q, alpha, alpha);
	ib = sq_duration_quantile_interval(&cdf_b, q, alpha, alpha);
	qa = value_seconds(ia.estimate);
	qb = value_seconds(ib.estimate);

	column[0] = qa;
	column[1] = qb;
	column[2] = qa - qb;
	/* an unbounded (NaN) limit on one side leaves that end unbounded */
	column[3] = column[2] - sqrt((qa - ia.lower) * (qa - ia.lower) +
								 (ib.upper - qb) * (ib.upper - qb));
	column[4] = column[2] + sqrt((ia.upper - qa) * (ia.upper - qa) +
								 (qb - ib.lower) * (qb - ib.lower));
	if (as_interval)
	{
		/* the estimates themselves are whole microseconds */
		column[0] = duration_us_to_seconds(ia.estimate.us);
		column[1] = duration_us_to_seconds(ib.estimate.us);
		column[2] = duration_us_to_seconds(ia.estimate.us - ib.estimate.us);
	}
	for (int i = 0; i < 5; i++)
		values[i] = duration_column(column[i], as_interval, &nulls[i]);
	PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
}

Datum
duration_quantile_compare(PG_FUNCTION_ARGS)
{
	return quantile_compare_common(fcinfo, true);
}

Datum
duration_quantile_compare_seconds(PG_FUNCTION_ARGS)
{
	return quantile_compare_common(fcinfo, false);
}
