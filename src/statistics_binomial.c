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
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "numerics.h"
#include "statistics.h"

double
sq_binomial_cdf(double k, double n, double p)
{
	if (k < 0.0)
		return 0.0;
	if (k >= n)
		return 1.0;
	return sq_beta_inc_c(k + 1.0, n - k, p);
}

double
sq_binomial_upper(double k, double n, double p)
{
	if (k <= 0.0)
		return 1.0;
	if (k > n)
		return 0.0;
	return sq_beta_inc(k, n - k + 1.0, p);
}

double
sq_clopper_pearson_lower(double k, double n, double alpha)
{
	if (k <= 0.0 || alpha <= 0.0)
		return 0.0;
	return sq_beta_inc_inv(k, n - k + 1.0, alpha);
}

double
sq_clopper_pearson_upper(double k, double n, double alpha)
{
	if (k >= n || alpha <= 0.0)
		return 1.0;
	return sq_beta_inc_c_inv(k + 1.0, n - k, alpha);
}

/*
 * P(B <= k) grows with k: bisect for the largest k in [-1, n - 1] with
 * P(B <= k) <= alpha (k = -1 always qualifies, k = n never does); the rank
 * is k + 1.  About 64 evaluations at most, whatever n.
 */
int64
sq_quantile_lower_rank(int64 n, double q, double alpha)
{
	int64		good = -1,
				bad = n;

	if (alpha <= 0.0)
		return 0;
	while (bad - good > 1)
	{
		int64		mid = good + (bad - good) / 2;

		if (sq_binomial_cdf((double) mid, (double) n, q) <= alpha)
			good = mid;
		else
			bad = mid;
	}
	return good + 1;
}

/* P(B >= u) falls with u: the smallest u in [1, n + 1] with it <= alpha. */
int64
sq_quantile_upper_rank(int64 n, double q, double alpha)
{
	int64		bad = 0,
				good = n + 1;

	if (alpha <= 0.0)
		return n + 1;
	while (good - bad > 1)
	{
		int64		mid = bad + (good - bad) / 2;

		if (sq_binomial_upper((double) mid, (double) n, q) <= alpha)
			good = mid;
		else
			bad = mid;
	}
	return good;
}
