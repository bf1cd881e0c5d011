/*-------------------------------------------------------------------------
 *
 * statistics_one_sample.c
 *	  One sample against a target: a rate (proportion_test, the exact
 *	  binomial test with the Clopper-Pearson interval), an NPS (nps_test,
 *	  the z test on its standard error) and a duration quantile against an
 *	  SLA (duration_quantile_test, the exact binomial test on the count at
 *	  or under the target).
 *
 * alternative names what the test looks for: 'greater' (the true value is
 * above the target), 'less' (below it) or 'two_sided'.  The interval
 * matches the test, as in R: one-sided at the level for a one-sided
 * alternative (the other end is the end of the range), so the test rejects
 * at 1 - level exactly when the target lies outside the interval.  The
 * two-sided exact p-value is twice the smaller tail (capped at 1), the
 * p-value that agrees with the Clopper-Pearson interval; R's binom.test
 * and SciPy's binomtest sum the outcomes no more likely than the observed
 * one instead, which can be smaller.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "nps.h"
#include "numerics.h"
#include "proportion_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(proportion_test);
PG_FUNCTION_INFO_V1(nps_test);
PG_FUNCTION_INFO_V1(duration_quantile_test);
PG_FUNCTION_INFO_V1(duration_quantile_test_seconds);

typedef enum Alternative
{
	TWO_SIDED,
	GREATER,
	LESS
} Alternative;

static Alternative
alternative_of(text *alternative_text)
{
	char	   *alternative = text_to_cstring(alternative_text);

	if (strcmp(alternative, "two_sided") == 0)
		return TWO_SIDED;
	if (strcmp(alternative, "greater") == 0)
		return GREATER;
	if (strcmp(alternative, "less") == 0)
		return LESS;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("alternative \"%s\" is not supported", alternative),
			 errdetail("Use 'two_sided', 'greater' (the true value is above the target) or 'less' (below it).")));
	pg_unreachable();
}

static void
check_target(double target, double lowest, double highest, const char *what)
{
	if (!(target >= lowest && target <= highest))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target %s is outside the range of %s", sq_float8_text(target), what),
				 errdetail("The target must lie between %s and %s.", sq_float8_text(lowest), sq_float8_text(highest))));
}

/* The p-value from the two tails a test may look at. */
static double
p_of(Alternative alternative, double p_greater, double p_less)
{
	switch (alternative)
	{
		case GREATER:
			return p_greater;
		case LESS:
			return p_less;
		case TWO_SIDED:
			break;
	}
	return fmin(1.0, 2.0 * fmin(p_greater, p_less));
}

/* One-sided errors allowed below and above the estimate. */
static void
tail_errors(Alternative alternative, double level, double *below, double *above)
{
	double		alpha = 1.0 - level;

	*below = alternative == TWO_SIDED ? alpha / 2.0 : alternative == GREATER ? alpha : 0.0;
	*above = alternative == TWO_SIDED ? alpha / 2.0 : alternative == LESS ? alpha : 0.0;
}

/*
 * proportion_test(state, target, alternative, level): estimate, p_value,
 * lower, upper (the p-value before the interval, as in every comparison).
 * Exact: P(B >= k) for 'greater', P(B <= k) for 'less',
 * B binomial with the trials and the target rate.
 */
Datum
proportion_test(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);
	double		target = PG_GETARG_FLOAT8(1);
	Alternative alternative = alternative_of(PG_GETARG_TEXT_PP(2));
	double		level = PG_GETARG_FLOAT8(3);
	int64		k = state->successes,
				n = state->trials;
	double		below,
				above,
				out[4];

	check_target(target, 0.0, 1.0, "a proportion");
	sq_check_level(level);
	if (state->trials == 0)
		PG_RETURN_NULL();
	tail_errors(alternative, level, &below, &above);
	out[0] = (double) k / (double) n;
	out[1] = p_of(alternative, sq_binomial_upper(k, n, target), sq_binomial_cdf(k, n, target));
	out[2] = sq_clopper_pearson_lower(k, n, below);
	out[3] = sq_clopper_pearson_upper(k, n, above);
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, 4));
}

/*
 * nps_test(state, target, alternative, level, method): estimate (the NPS),
 * stderr, z, p_value, lower, upper; z = (NPS - target) / stderr, with the
 * adjusted shares' NPS and standard error for 'adjusted_wald' (the
 * estimate stays the observed score).  z and p do not exist for a
 * unanimous sample under Wald (standard error 0).
 */
Datum
nps_test(PG_FUNCTION_ARGS)
{
	NpsSummary	s = sq_nps_summarize(PG_GETARG_RATING_STATE(0));
	double		target = PG_GETARG_FLOAT8(1);
	Alternative alternative = alternative_of(PG_GETARG_TEXT_PP(2));
	double		level = PG_GETARG_FLOAT8(3);
	bool		adjusted = sq_nps_method_is_adjusted(PG_GETARG_TEXT_PP(4));
	double		below,
				above,
				out[6];

	check_target(target, -100.0, 100.0, "an NPS");
	sq_check_level(level);
	/* as nps_compare: no row without a standard error */
	if (!s.valid || isnan(s.stderr_points))
		PG_RETURN_NULL();
	out[0] = s.score;
	if (adjusted)
		s = sq_nps_adjusted(s);
	out[1] = s.stderr_points;
	out[2] = s.stderr_points > 0.0 ? (s.score - target) / s.stderr_points : NAN;
	out[3] = s.stderr_points > 0.0 ?
		p_of(alternative, sq_normal_upper_tail(out[2]), sq_normal_cdf(out[2])) : NAN;
	tail_errors(alternative, level, &below, &above);
	out[4] = below > 0.0 ?
		fmax(-100.0, s.score - sq_normal_upper_quantile(below) * s.stderr_points) : -100.0;
	out[5] = above > 0.0 ?
		fmin(100.0, s.score + sq_normal_upper_quantile(above) * s.stderr_points) : 100.0;
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, 6));
}

/*
 * duration_quantile_test(state, fraction, target, alternative, level):
 * quantile, share_within, p_value, lower, upper.
 *
 * K, the durations at or under the target, is binomial (n, F(target)), and
 * the q-quantile is under the target when F(target) > q: 'less' (the
 * quantile is below the target, the SLA is met) is P(B >= K) and 'greater'
 * P(B <= K), B binomial (n, q).  The state knows K only within the bucket
 * holding the target (duration_sla_bounds): each p-value takes the count
 * least favourable to its alternative, so it is an upper bound of the
 * p-value of the exact durations.  The interval is the quantile's (as in
 * duration_quantile_compare), one-sided for a one-sided alternative.
 */
static Datum
quantile_test_common(FunctionCallInfo fcinfo, int64 target_us, bool as_interval)
{
	DurationState *state = PG_GETARG_DURATION_STATE(0);
	double		q = PG_GETARG_FLOAT8(1);
	Alternative alternative = alternative_of(PG_GETARG_TEXT_PP(3));
	double		level = PG_GETARG_FLOAT8(4);
	double		n = (double) state->count,
				below,
				above,
				bounds[3];
	DurationCdf cdf;
	SqQuantileInterval interval;
	SlaCounts	within;
	Datum		values[5];
	bool		nulls[5] = {false};
	static const int column[3] = {0, 3, 4}; /* of quantile, lower, upper */

	sq_duration_check_fraction(q);
	sq_check_level(level);
	if (state->count == 0)
		PG_RETURN_NULL();
	tail_errors(alternative, level, &below, &above);
	sq_duration_cdf_init(&cdf, state);
	interval = sq_duration_quantile_interval(&cdf, q, below, above);
	within = sq_duration_sla_counts(state, target_us);

	bounds[0] = interval.estimate.exact ? duration_us_to_seconds(interval.estimate.us) :
		interval.estimate.seconds;
	bounds[1] = interval.lower;
	bounds[2] = interval.upper;
	for (int i = 0; i < 3; i++)
	{
		int			c = column[i];

		if (!as_interval || isnan(bounds[i]))
			values[c] = sq_float8_or_null(bounds[i], &nulls[c]);
		else
			values[c] = IntervalPGetDatum(sq_duration_interval_from_us(i == 0 ? interval.estimate.us :
																	   (int128) rint(bounds[i] * USECS_PER_SECOND_F)));
	}
	values[1] = Float8GetDatum(within.estimate / n);
	values[2] = Float8GetDatum(p_of(alternative,
									sq_binomial_cdf(within.upper, state->count, q),
									sq_binomial_upper(within.lower, state->count, q)));
	PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
}

Datum
duration_quantile_test(PG_FUNCTION_ARGS)
{
	return quantile_test_common(fcinfo, sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(2), "target"),
								true);
}

Datum
duration_quantile_test_seconds(PG_FUNCTION_ARGS)
{
	return quantile_test_common(fcinfo, sq_duration_us_from_seconds(PG_GETARG_FLOAT8(2), "target"),
								false);
}
