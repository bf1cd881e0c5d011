/*-------------------------------------------------------------------------
 *
 * statistics_binomial.c
 *	  The exact binomial: tail probabilities, Clopper-Pearson limits and the
 *	  ranks of distribution-free quantile intervals.
 *
 * Everything is the regularized incomplete beta function of the numerical
 * core and its inverse:
 *	 P(B >= k) = I_p(k, n - k + 1),  P(B <= k) = 1 - I_p(k + 1, n - k),
 * each computed directly, so small tails keep their relative accuracy.
 * The counts come in as integers and n - k is formed exactly: past 2^53
 * trials a k near n had no double of its own (k = n - 3 read as k = n).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "numerics.h"
#include "statistics.h"

double
sq_binomial_cdf(int64 k, int64 n, double p)
{
	if (k < 0)
		return 0.0;
	if (k >= n)
		return 1.0;
	return sq_beta_inc_c((double) k + 1.0, (double) (n - k), p);
}

double
sq_binomial_upper(int64 k, int64 n, double p)
{
	if (k <= 0)
		return 1.0;
	if (k > n)
		return 0.0;
	return sq_beta_inc((double) k, (double) (n - k) + 1.0, p);
}

double
sq_clopper_pearson_lower(int64 k, int64 n, double alpha)
{
	if (k <= 0 || alpha <= 0.0)
		return 0.0;
	return sq_beta_inc_inv((double) k, (double) (n - k) + 1.0, alpha);
}

double
sq_clopper_pearson_upper(int64 k, int64 n, double alpha)
{
	if (k >= n || alpha <= 0.0)
		return 1.0;
	return sq_beta_inc_c_inv((double) k + 1.0, (double) (n - k), alpha);
}

/*
 * The rank where a binomial tail crosses alpha, by bisection between a rank
 * known to have tail(rank) <= alpha (good) and one known not to (bad), in
 * either order: the lower tail P(B <= k) grows with k, the upper tail
 * P(B >= k) falls.  About 64 evaluations at most, whatever n.  The
 * distance is unsigned: from -1 to n = 2^63 - 1 it does not fit an int64.
 */
static int64
bisect_tail(int64 good, int64 bad, int64 n, double q, double alpha, bool lower_tail)
{
	for (;;)
	{
		uint64		distance = good < bad ? (uint64) bad - (uint64) good : (uint64) good - (uint64) bad;
		int64		mid;
		double		tail;

		if (distance <= 1)
			return good;
		mid = good < bad ? good + (int64) (distance / 2) : good - (int64) (distance / 2);
		tail = lower_tail ? sq_binomial_cdf(mid, n, q) : sq_binomial_upper(mid, n, q);
		if (tail <= alpha)
			good = mid;
		else
			bad = mid;
	}
}

/* The largest k in [-1, n - 1] with P(B <= k) <= alpha (k = -1 always is). */
int64
sq_quantile_lower_rank(int64 n, double q, double alpha)
{
	if (alpha <= 0.0)
		return 0;
	return bisect_tail(-1, n, n, q, alpha, true) + 1;
}

/* The smallest u in [1, n] with P(B >= u) <= alpha, or 0 when there is none. */
int64
sq_quantile_upper_rank(int64 n, double q, double alpha)
{
	if (alpha <= 0.0 || n < 1 || sq_binomial_upper(n, n, q) > alpha)
		return 0;
	return bisect_tail(n, 0, n, q, alpha, false);
}
