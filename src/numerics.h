/*-------------------------------------------------------------------------
 *
 * numerics.h
 *	  The numerical core: distribution functions and small dense linear
 *	  algebra for the statistics, drivers, contacts and staffing code.
 *
 * Pure C99 with <math.h>: nothing here includes or calls PostgreSQL, so the
 * same files build into the extension and into the standalone unit test
 * (test/unit/numerics_test.c).  Callers validate their arguments and report
 * errors; a distribution function given an argument outside its documented
 * domain returns NaN, and NaN arguments give NaN.  Results are accurate to
 * about 1e-13 relative over the documented domains (measured against SciPy
 * and mpmath by test/suites/numerics.sh, which prints the worst cases).
 *
 * Functions of a continuous distribution take the point first and the
 * parameters after it, like R: sq_t_cdf(t, df).  "upper tail" is P(X > x),
 * computed directly rather than as 1 - cdf, so tiny tail probabilities keep
 * their relative accuracy (down to the smallest normal double, 2.2e-308).
 * Quantile functions take a probability p in [0, 1] (0 and 1 give the ends
 * of the support); their "upper" versions take the upper-tail probability
 * q, so a quantile at 1 - 1e-15 is asked for as q = 1e-15 without losing
 * digits to the rounding of 1 - 1e-15.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SQ_NUMERICS_H
#define SQ_NUMERICS_H

/* ---- standard normal ---------------------------------------------------- */

/* P(Z <= z); any z, including +-Infinity. */
extern double sq_normal_cdf(double z);

/* P(Z > z) = sq_normal_cdf(-z). */
extern double sq_normal_upper_tail(double z);

/* Two-sided p-value of a z statistic: P(|Z| >= |z|). */
extern double sq_normal_two_sided_p(double z);

/* The z with P(Z <= z) = p, p in [0, 1] (-Infinity at 0, +Infinity at 1). */
extern double sq_normal_quantile(double p);

/* The z with P(Z > z) = q, q in [0, 1]. */
extern double sq_normal_upper_quantile(double q);

/*
 * Critical value of a two-sided interval at confidence level in (0, 1):
 * the z with P(|Z| <= z) = level.
 */
extern double sq_normal_critical_value(double level);

/* ---- gamma -------------------------------------------------------------- */

/*
 * Regularized incomplete gamma functions, a > 0, x >= 0 (x may be
 * +Infinity):
 *	 P(a, x) = gamma(a, x) / Gamma(a),	Q(a, x) = Gamma(a, x) / Gamma(a),
 * each computed directly (neither as 1 - the other where that loses digits),
 * so both keep their relative accuracy in the tails.  Valid for any a, tiny
 * (1e-10) to huge (1e10 and beyond: Temme's uniform expansion near x = a).
 */
extern double sq_gamma_p(double a, double x);
extern double sq_gamma_q(double a, double x);

/* ---- helpers shared by the numerics files --------------------------------- */

/* log(1 + t) - t for t > -1, accurate to a few ulps also for small |t|. */
extern double sq_log1pmx(double t);

/*
 * The remainder of Stirling's formula, for a >= 10:
 *	 log Gamma(a) - ((a - 1/2) log a - a + log(2 pi) / 2).
 */
extern double sq_stirling_remainder(double a);

/*
 * log Gamma(1 + a) for -0.5 <= a <= 1.5, accurate relative to its value also
 * near a = 0 and a = 1 where it vanishes.
 */
extern double sq_lgamma1p(double a);

#endif							/* SQ_NUMERICS_H */
