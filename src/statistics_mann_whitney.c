/*-------------------------------------------------------------------------
 *
 * statistics_mann_whitney.c
 *	  duration_compare(a, b): the probability that a case of A takes longer
 *	  than a case of B, with the Mann-Whitney test, from the buckets the two
 *	  duration states share.
 *
 * The common-language effect size (McGraw and Wong 1992), or the area
 * under the ROC curve, theta = P(X_A > X_B) + P(X_A = X_B) / 2, is
 * estimated by U / (n_a n_b), U being the Mann-Whitney statistic of A:
 * pairs where A is longer plus half the ties.  The states know each
 * duration's bucket only, so pairs in the same bucket count as ties (1/2
 * each); the true count of those pairs lies anywhere in [0, a_i b_i], so
 * the estimate is within sum_i a_i b_i / (2 n_a n_b) of the sample's own
 * (resolution_error; zero durations form an exact bucket and do not count).
 * With buckets 2% wide (the default accuracy) same-bucket pairs are near
 * ties and the actual error is far below that bound.
 *
 * The test treats buckets as tie groups: z = (U - n_a n_b / 2) / sigma,
 * sigma^2 = n_a n_b / 12 ((N + 1) - sum (t^3 - t) / (N (N - 1))), without
 * continuity correction, two-sided (scipy.stats.mannwhitneyu's asymptotic
 * method on the bucketed values gives the same).  The interval of theta
 * uses DeLong's variance (DeLong, DeLong and Clarke-Pearson 1988: the
 * variances of the placements of each sample) on the logit scale, so it
 * stays inside (0, 1); it does not exist when theta is 0 or 1.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "numerics.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(duration_compare);

/* Counts of A and of B in one bucket; the zero bucket first. */
typedef struct BucketPair
{
	double		a;
	double		b;
} BucketPair;

/* Both states' buckets side by side, ascending, the zero bucket first. */
static BucketPair *
paired_buckets(const DurationState *a, const DurationState *b, int *count)
{
	DurationBucketIter ia,
				ib;
	int32		lo_a,
				hi_a,
				lo_b,
				hi_b,
				index_a,
				index_b;
	int64		count_a,
				count_b;
	bool		more_a,
				more_b;
	int			n = 0,
				size = 1;
	BucketPair *pairs;

	if (sq_duration_state_span(a, &lo_a, &hi_a))
		size += hi_a - lo_a + 1;
	if (sq_duration_state_span(b, &lo_b, &hi_b))
		size += hi_b - lo_b + 1;
	pairs = palloc(sizeof(BucketPair) * size);
	pairs[n].a = (double) a->zero_count;
	pairs[n++].b = (double) b->zero_count;

	sq_duration_iter_init(&ia, a);
	sq_duration_iter_init(&ib, b);
	more_a = sq_duration_iter_next(&ia, &index_a, &count_a);
	more_b = sq_duration_iter_next(&ib, &index_b, &count_b);
	while (more_a || more_b)
	{
		bool		take_a = more_a && (!more_b || index_a <= index_b);
		bool		take_b = more_b && (!more_a || index_b <= index_a);

		pairs[n].a = take_a ? (double) count_a : 0.0;
		pairs[n++].b = take_b ? (double) count_b : 0.0;
		if (take_a)
			more_a = sq_duration_iter_next(&ia, &index_a, &count_a);
		if (take_b)
			more_b = sq_duration_iter_next(&ib, &index_b, &count_b);
	}
	*count = n;
	return pairs;
}

enum
{
	MW_THETA, MW_U, MW_Z, MW_P, MW_LOWER, MW_UPPER, MW_RESOLUTION, MW_COLUMNS
};

/* U, the tie-corrected z and the resolution bound. */
static void
mann_whitney(const BucketPair *pairs, int count, double na, double nb, double *out)
{
	double		b_below = 0.0,
				u = 0.0,
				ties = 0.0,
				same_bucket = 0.0,
				total = na + nb,
				sigma2;
	int			occupied = 0;

	for (int i = 0; i < count; i++)
	{
		double		t = pairs[i].a + pairs[i].b;

		u += pairs[i].a * (b_below + pairs[i].b / 2.0);
		b_below += pairs[i].b;
		ties += t * (t * t - 1.0);
		if (i > 0)
			same_bucket += pairs[i].a * pairs[i].b;
		occupied += t > 0.0;
	}
	out[MW_U] = u;
	out[MW_THETA] = u / (na * nb);
	out[MW_RESOLUTION] = same_bucket / (2.0 * na * nb);
	sigma2 = na * nb / 12.0 * ((total + 1.0) - ties / (total * (total - 1.0)));
	/* a single occupied bucket: every pair tied, no variance */
	out[MW_Z] = occupied > 1 ? (u - na * nb / 2.0) / sqrt(sigma2) : NAN;
	out[MW_P] = occupied > 1 ? sq_normal_two_sided_p(out[MW_Z]) : NAN;
}

/*
 * DeLong's variance of theta: the placement of an A in bucket i is the
 * share of B below it plus half the B in its bucket; of a B, the share of
 * A above it plus half the A in its bucket.  Both average to theta.
 */
static double
delong_variance(const BucketPair *pairs, int count, double na, double nb, double theta)
{
	double		b_below = 0.0,
				a_below = 0.0,
				spread_a = 0.0,
				spread_b = 0.0;

	for (int i = 0; i < count; i++)
	{
		double		place_a = (b_below + pairs[i].b / 2.0) / nb,
					place_b = (na - a_below - pairs[i].a / 2.0) / na;

		spread_a += pairs[i].a * (place_a - theta) * (place_a - theta);
		spread_b += pairs[i].b * (place_b - theta) * (place_b - theta);
		b_below += pairs[i].b;
		a_below += pairs[i].a;
	}
	return spread_a / (na - 1.0) / na + spread_b / (nb - 1.0) / nb;
}

Datum
duration_compare(PG_FUNCTION_ARGS)
{
	DurationState *a = PG_GETARG_DURATION_STATE(0);
	DurationState *b = PG_GETARG_DURATION_STATE(1);
	double		level = PG_GETARG_FLOAT8(2);
	double		na = (double) a->count,
				nb = (double) b->count,
				out[MW_COLUMNS],
				theta,
				variance;
	BucketPair *pairs;
	int			count;

	sq_check_level(level);
	if (a->count > 0 && b->count > 0 && a->alpha != b->alpha)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare duration states of accuracy %s and %s", sq_float8_text(a->alpha), sq_float8_text(b->alpha)),
				 errdetail("The comparison pairs durations by bucket, and buckets of different accuracies do not line up."),
				 errhint("Aggregate both with the same accuracy argument of duration_agg.")));
	if (a->count == 0 || b->count == 0)
		PG_RETURN_NULL();

	pairs = paired_buckets(a, b, &count);
	mann_whitney(pairs, count, na, nb, out);
	theta = out[MW_THETA];
	variance = delong_variance(pairs, count, na, nb, theta);
	out[MW_LOWER] = out[MW_UPPER] = NAN;
	if (theta > 0.0 && theta < 1.0 && variance > 0.0)
	{
		double		logit = log(theta / (1.0 - theta)),
					margin = sq_normal_critical_value(level) * sqrt(variance) /
		(theta * (1.0 - theta));

		out[MW_LOWER] = 1.0 / (1.0 + exp(-(logit - margin)));
		out[MW_UPPER] = 1.0 / (1.0 + exp(-(logit + margin)));
	}
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, MW_COLUMNS));
}
