/*-------------------------------------------------------------------------
 *
 * monitoring_control.c
 *	  Control limits for one period against a baseline: the p-chart of a
 *	  rate (proportion_control_limits), the NPS chart (nps_control_limits)
 *	  and the x-bar chart of the mean rating (rating_mean_control_limits).
 *
 * Shewhart's charts with a standard given (Montgomery, Introduction to
 * Statistical Quality Control, 6th ed., ch. 6-7): the center line and the
 * spread come from the baseline, a state judged in control (a previous
 * quarter, or every period merged in a first, retrospective look); the
 * limits of period i are center -/+ sigmas * sd / sqrt(n_i), so they
 * widen for small periods and narrow for large ones.  sd is, per response,
 *	 rates	sqrt(p (1 - p)), p the baseline rate (the p-chart);
 *	 NPS	100 sqrt(p + d - (p - d)^2), p and d the baseline promoter and
 *			detractor shares (nps_stderr's formula);
 *	 means	the baseline's standard deviation of the ratings.
 * n_i is the period's trials, or its responses (Kish's effective n when
 * weighted).  Limits are clipped to the possible range of rates and NPS.
 * z = (estimate - center) / (sd / sqrt(n_i)), with a two-sided normal p;
 * a period is out of control when its estimate is beyond a limit (|z| >
 * sigmas, unless clipping moved the limit).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "nps.h"
#include "numerics.h"
#include "proportion_state.h"
#include "rating_state.h"

PG_FUNCTION_INFO_V1(proportion_control_limits);
PG_FUNCTION_INFO_V1(nps_control_limits);
PG_FUNCTION_INFO_V1(rating_mean_control_limits);

/* sigmas: positive and finite */
static double
sigmas_argument(FunctionCallInfo fcinfo)
{
	double		sigmas = PG_GETARG_FLOAT8(2);

	if (!(sigmas > 0.0 && isfinite(sigmas)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("control limits at %s sigmas are not supported", sq_float8_text(sigmas)),
				 errdetail("sigmas must be a positive number, usually 3.")));
	return sigmas;
}

/*
 * The row estimate, center, lower, upper, stderr, z, p_value,
 * out_of_control of a period with n (effective) responses; the limits are
 * clipped to [floor, ceiling].  difference is estimate - center, which the
 * caller forms so that it keeps its digits near the ends of the range.
 * Without responses in the period (or without an effective n, NaN) only
 * the center exists; with a standard deviation of 0 the limits are the
 * center and z does not exist.
 */
static Datum
control_row(FunctionCallInfo fcinfo, double estimate, double center, double difference,
			double sd, double n, double sigmas, double floor, double ceiling)
{
	double		out[7] = {NAN, center, NAN, NAN, NAN, NAN, NAN};
	Datum		values[8];
	bool		nulls[8];

	if (n > 0.0 && !isnan(estimate))
	{
		double		stderr = sd / sqrt(n);

		out[0] = estimate;
		out[2] = fmax(floor, center - sigmas * stderr);
		out[3] = fmin(ceiling, center + sigmas * stderr);
		out[4] = stderr;
		out[5] = stderr > 0.0 ? difference / stderr : NAN;
		out[6] = stderr > 0.0 ? sq_normal_two_sided_p(out[5]) : NAN;
	}
	for (int i = 0; i < 7; i++)
		values[i] = sq_float8_or_null(out[i], &nulls[i]);
	nulls[7] = isnan(out[0]);
	values[7] = BoolGetDatum(!nulls[7] && (out[0] < out[2] || out[0] > out[3]));
	return sq_result_row(fcinfo, values, nulls);
}

Datum
proportion_control_limits(PG_FUNCTION_ARGS)
{
	ProportionState *baseline = PG_GETARG_PROPORTION_STATE(0);
	ProportionState *period = PG_GETARG_PROPORTION_STATE(1);
	double		sigmas = sigmas_argument(fcinfo),
				p,
				q,
				rate = NAN,
				rate_failing = NAN;

	if (baseline->trials == 0)
		PG_RETURN_NULL();
	/* 1 - p from the failures: it cancels when p is within 10^-9 of 1 */
	p = (double) baseline->successes / (double) baseline->trials;
	q = (double) (baseline->trials - baseline->successes) / (double) baseline->trials;
	if (period->trials > 0)
	{
		rate = (double) period->successes / (double) period->trials;
		rate_failing = (double) (period->trials - period->successes) / (double) period->trials;
	}
	return control_row(fcinfo, rate, p, p > 0.5 && rate > 0.5 ? q - rate_failing : rate - p,
					   sqrt(p * q), (double) period->trials, sigmas, 0.0, 1.0);
}

Datum
nps_control_limits(PG_FUNCTION_ARGS)
{
	NpsSummary	baseline = sq_nps_summarize(PG_GETARG_RATING_STATE(0));
	NpsSummary	period = sq_nps_summarize(PG_GETARG_RATING_STATE(1));
	double		sigmas = sigmas_argument(fcinfo);

	if (!baseline.valid)
		PG_RETURN_NULL();
	return control_row(fcinfo, period.valid ? period.score : NAN, baseline.score,
					   period.valid ? sq_nps_difference(&period, &baseline) : NAN,
					   100.0 * sqrt(sq_nps_unit_variance(baseline.promoter_share,
														 baseline.passive_share,
														 baseline.detractor_share)),
					   period.valid ? period.effective_n : 0.0, sigmas, -100.0, 100.0);
}

Datum
rating_mean_control_limits(PG_FUNCTION_ARGS)
{
	RatingState *baseline = PG_GETARG_RATING_STATE(0);
	RatingState *period = PG_GETARG_RATING_STATE(1);
	double		sigmas = sigmas_argument(fcinfo),
				variance = sq_rating_state_variance(baseline),
				estimate = sq_rating_state_mean(period),
				center = sq_rating_state_mean(baseline);

	if (isnan(variance))
		PG_RETURN_NULL();
	return control_row(fcinfo, estimate, center, estimate - center, sqrt(variance),
					   sq_rating_state_effective_n(period), sigmas, -INFINITY, INFINITY);
}
