/*-------------------------------------------------------------------------
 *
 * duration_bucket_test.c
 *	  Standalone check of duration_bucket_of_us() (src/duration_bucket.h),
 *	  used by test/suites/duration_bucket.sh: the fast bucket index must be
 *	  the index of the definition, ceil(log(us / 1e6) * scale), for every
 *	  duration, or states would not be the same bucket for bucket.
 *
 *	 duration_bucket_test ALPHA RANDOM
 *
 * compares the two at one accuracy on
 *	 - every bucket edge from 1 microsecond to 10^12 seconds: the first
 *	   duration of each bucket, found by bisection on the definition, and
 *	   the 3 durations on either side of it, plus the durations 1 and 2
 *	   ulps of a double away where a double's ulp exceeds a microsecond;
 *	 - every duration from 1 to 2,000,000 microseconds (2 s), where
 *	   buckets are narrower than a microsecond at first;
 *	 - RANDOM durations spread log-uniformly over the whole range, and as
 *	   many random 64-bit patterns cut to it (uniform bits, any size).
 * duration_bucket_of_us() answers from its table at accuracies from
 * 0.00775 up and at some finer ones, by the estimate at the others; the
 * estimate is also checked on its own wherever it decides.
 * It prints one line with the counts and exits with 1 on any difference;
 * when the estimated position ever came within 100 times of the margin
 * that the estimate assumes (DURATION_BUCKET_MARGIN * scale) of the
 * definition's; or when the estimate left more than 1 in 10^5 of the
 * random durations to the definition, or no table was built at an
 * accuracy of 0.01 or above, or at one given with a third argument
 * "table" (the fast path would be gone).
 *
 *-------------------------------------------------------------------------
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration_bucket.h"

#define MAX_US DURATION_BUCKET_MAX_US	/* 10^12 seconds */
#define CONSECUTIVE INT64_C(2000000)

static double scale;
static long long compared;
static long long differences;
static long long estimated;
static double worst_error;		/* of the estimated position, over scale */

/* The definition, written out: the reference for every comparison. */
static int32_t
reference(int64_t us)
{
	return (int32_t) ceil(log((double) us / 1e6) * scale);
}

static void
compare(int64_t us)
{
	int32_t		expected,
				actual,
				estimate;
	bool		decided;

	if (us < 1 || us > MAX_US)
		return;
	expected = reference(us);
	actual = duration_bucket_of_us(us, scale);
	compared++;
	worst_error = fmax(worst_error,
					   fabs((duration_log_us(us) - DURATION_LN_USECS_PER_SECOND) * scale -
							log((double) us / 1e6) * scale) / scale);
	estimate = duration_bucket_estimate(us, scale, &decided);
	if (decided)
	{
		estimated++;
		if (estimate != expected)
			actual = estimate;	/* report a wrong estimate too */
	}
	if (actual != expected && differences++ < 10)
		printf("  %" PRId64 " us: bucket %d, definition %d\n", us, (int) actual, (int) expected);
}

/* The first duration with a bucket above `index`, in (lo, hi]. */
static int64_t
first_above(int32_t index, int64_t lo, int64_t hi)
{
	while (hi - lo > 1)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (reference(mid) > index)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* The duration k ulps of (double) us away, as a whole microsecond. */
static int64_t
ulps_away(int64_t us, int k)
{
	double		x = (double) us;

	for (; k > 0; k--)
		x = nextafter(x, INFINITY);
	for (; k < 0; k++)
		x = nextafter(x, 0.0);
	return (int64_t) x;
}

static int
check_edges(void)
{
	int32_t		lowest = reference(1),
				highest = reference(MAX_US);
	int			edges = 0;

	for (int32_t index = lowest; index < highest; index++)
	{
		int64_t		edge = first_above(index, 0, MAX_US);

		edges++;
		for (int64_t d = -3; d <= 3; d++)
			compare(edge + d);
		for (int k = -2; k <= 2; k++)
			compare(ulps_away(edge, k));
	}
	return edges;
}

/* splitmix64: a fixed, portable sequence. */
static uint64_t
next_random(uint64_t *seed)
{
	uint64_t	z = (*seed += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

int
main(int argc, char **argv)
{
	double		alpha;
	long long	random_count;
	uint64_t	seed = UINT64_C(20260301);
	int			edges;
	long long	random_compared,
				random_estimated;
	bool		tabled,
				table_expected;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "table") != 0))
	{
		fprintf(stderr, "usage: %s ALPHA RANDOM [table]\n", argv[0]);
		return 2;
	}
	table_expected = argc == 4;
	alpha = atof(argv[1]);
	random_count = atoll(argv[2]);
	scale = 1.0 / duration_log_gamma(alpha);

	edges = check_edges();
	for (int64_t us = 1; us <= CONSECUTIVE; us++)
		compare(us);
	random_compared = compared;
	random_estimated = estimated;
	for (long long i = 0; i < random_count; i++)
	{
		double		u = (double) (next_random(&seed) >> 11) / 9007199254740992.0;
		uint64_t	bits = next_random(&seed);

		compare((int64_t) llround(exp(u * log((double) MAX_US))));
		compare((int64_t) ((bits >> (bits & 63)) % (uint64_t) MAX_US) + 1);
	}
	tabled = sq_duration_bucket_table.scale == scale;
	random_compared = compared - random_compared;
	random_estimated = estimated - random_estimated;

	printf("alpha %g: %s; %d bucket edges, %lld durations compared, %lld differ; "
		   "the estimate decided %lld of %lld random ones; its worst error %.2g * scale\n",
		   alpha, tabled ? "from the table" : "by the estimate", edges, compared, differences, random_estimated, random_compared, worst_error);
	if (differences > 0)
		return 1;
	if (worst_error > DURATION_BUCKET_MARGIN / 100)
	{
		printf("  the estimate strays too far: the margin is not safe\n");
		return 1;
	}
	if ((alpha >= 0.01 || table_expected) && !tabled)
	{
		printf("  no table at this accuracy: the fast path is not taken\n");
		return 1;
	}
	if ((double) (random_compared - random_estimated) > 1e-5 * (double) random_compared)
	{
		printf("  the estimate decided too few: the fast path is not taken\n");
		return 1;
	}
	return 0;
}
