/*-------------------------------------------------------------------------
 *
 * normal_dist.h
 *	  Standard normal distribution: tail probabilities and quantiles, for
 *	  confidence intervals and tests.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NORMAL_DIST_H
#define NORMAL_DIST_H

/* P(Z > z) for a standard normal Z, accurate in the far tail too. */
extern double normal_upper_tail(double z);

/* Two-sided p-value of a z statistic: P(|Z| >= |z|). */
extern double normal_two_sided_p(double z);

/* The z with P(Z <= z) = p, for 0 < p < 1. */
extern double normal_quantile(double p);

/* Critical value of a two-sided interval at confidence level (0, 1). */
extern double normal_critical_value(double level);

#endif							/* NORMAL_DIST_H */
