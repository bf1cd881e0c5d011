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
 * 1e-12 relative (the worst measured is 7e-13, most functions are within
 * 1e-13) over the documented domains, down to values of 1e-300, against
 * SciPy and mpmath: test/suites/numerics.sh prints the worst case of each
 * function.
 *
 * Functions of a continuous distribution take the point first and the
 * parameters after it, like R: sq_chisq_upper_tail(x, df).  "upper tail" is P(X > x),
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

/* ---- Student's t, df > 0 (any real; Infinity is the normal) ------------- */

extern double sq_t_two_sided_p(double t, double df);	/* P(|T| >= |t|) */

/* The t with P(T <= t) = p, resp. P(T > t) = q; p, q in [0, 1]. */
extern double sq_t_quantile(double p, double df);
extern double sq_t_upper_quantile(double q, double df);

/* The t with P(|T| <= t) = level, level in (0, 1). */
extern double sq_t_critical_value(double level, double df);

/* ---- chi-square, df > 0 finite (x < 0 counts as 0) ------------------------ */

extern double sq_chisq_upper_tail(double x, double df);

/* ---- F with df1, df2 > 0 finite (f < 0 counts as 0) ----------------------- */

extern double sq_f_upper_tail(double f, double df1, double df2);

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

/* Both at once: P(a, x) into *p, Q(a, x) into *q; arguments not checked. */
extern void sq_gamma_both(double a, double x, double *p, double *q);

/* x^a e^-x / Gamma(a) (x times the gamma density), a > 0, x > 0. */
extern double sq_gamma_prefix(double a, double x);

/* ---- beta -------------------------------------------------------------- */

/*
 * Regularized incomplete beta function I_x(a, b) and its complement
 * 1 - I_x(a, b) = I_(1-x)(b, a), a > 0, b > 0 finite, 0 <= x <= 1, each
 * computed directly; measured for a, b from 1e-3 to 1e10.  (Below a = 1e-3
 * a tail of order a may be formed as 1 minus the other, with absolute
 * accuracy 1e-16.)
 */
extern double sq_beta_inc(double a, double b, double x);
extern double sq_beta_inc_c(double a, double b, double x);

/*
 * Both at once, given x and y = 1 - x separately (so that x near 1 keeps
 * its digits in y): I_x(a, b) into *w, its complement into *w1.  Arguments
 * are not checked.
 */
extern void sq_beta_inc_both(double a, double b, double x, double y,
							 double *w, double *w1);

/*
 * Inverses: the x in [0, 1] with I_x(a, b) = p, resp. 1 - I_x(a, b) = q
 * (exact Clopper-Pearson limits are sq_beta_inc_inv(k, n - k + 1, alpha/2)
 * and sq_beta_inc_c_inv(k + 1, n - k, alpha/2)).
 */
extern double sq_beta_inc_inv(double a, double b, double p);
extern double sq_beta_inc_c_inv(double a, double b, double q);

/*
 * Both x and y = 1 - x with I_x(a, b) = p and 1 - I_x(a, b) = q, given
 * both p and q = 1 - p; each of x, y keeps its relative accuracy.
 * Arguments are not checked.
 */
extern void sq_beta_inv_both(double a, double b, double p, double q,
							 double *x, double *y);

/* ---- linear algebra --------------------------------------------------------
 *
 * Dense symmetric matrices of order n (meant for n up to about 64), stored
 * whole and row-major: a[i * n + j].  Callers provide every buffer.
 */

/*
 * Cholesky factorization A = L L' in place: the lower triangle of a becomes
 * L, the upper triangle zero.  Returns 0, or k >= 1 when the leading minor
 * of order k is not positive definite: column k - 1 is constant (a_kk <= 0)
 * or within the tolerance of the span of the columns before it, i.e. its
 * pivot (the variance left after regressing it on them) is at most
 * tolerance * a_kk; for a correlation matrix the pivot is 1 - R^2 of that
 * variable on the earlier ones.  A tolerance of 1e-10 (SQ_COLLINEAR) flags
 * collinear data while accepting any matrix worth inverting in double.
 * On failure a is partly overwritten.
 */
#define SQ_COLLINEAR 1e-10
extern int	sq_cholesky(double *a, int n, double tolerance);

/* Solve A x = b in place (b becomes x), given L from sq_cholesky. */
extern void sq_cholesky_solve(const double *l, int n, double *b);

/*
 * Symmetric eigendecomposition by cyclic Jacobi: eigenvalues ascending into
 * values[n], the eigenvector of values[k] into column k of vectors[n * n]
 * (A = V diag(values) V').  a is overwritten.  Returns 0, or 1 if it did
 * not converge (not seen for finite input).
 */
extern int	sq_symmetric_eigen(double *a, int n, double *values, double *vectors);

/*
 * A^power (power 0.5: the symmetric square root, -0.5: the inverse square
 * root, -1: the inverse) as V diag(values^power) V', into result[n * n].
 * work holds 2 n^2 + n doubles.  Returns 0, or k >= 1 when the k-th
 * smallest eigenvalue is not above tolerance times the largest (A not
 * positive definite for that purpose), or -1 if Jacobi did not converge.
 */
extern int	sq_symmetric_power(const double *a, int n, double power,
							   double tolerance, double *result, double *work);

/*
 * The sweep operator (Goodnight 1979) on pivot k of a symmetric matrix, in
 * place, and its inverse.  Returns 1, leaving a unchanged, when |a_kk| is
 * not above tolerance (an absolute bound: pass tolerance times the pivot's
 * original value, e.g. SQ_COLLINEAR * a_kk before any sweep).
 *
 * Sweeping each predictor k of the cross-product matrix
 * [X'X X'y; y'X y'y] (y last, index n - 1) leaves ordinary least squares:
 * a[k][n-1] = the coefficient of k, a[n-1][n-1] = the residual sum of
 * squares, and the swept block = -(X'X)^-1 (standard errors:
 * sqrt(-a[k][k] * RSS / (N - p))).  Sweeps commute; a reverse sweep undoes
 * a sweep of the same pivot.
 */
extern int	sq_sweep(double *a, int n, int k, double tolerance);
extern int	sq_reverse_sweep(double *a, int n, int k, double tolerance);

/*
 * R^2 of y on every subset of p predictors, from the (p + 1) x (p + 1)
 * correlation (or covariance) matrix corr with y last: r2[mask] for the
 * subset whose bit k is set when predictor k is in (r2 holds 2^p doubles;
 * r2[0] = 0).  Subsets are visited in Gray-code order, one sweep or
 * reverse sweep each, and swept afresh from corr every 256 steps so that
 * rounding cannot accumulate.  A predictor whose pivot is at most
 * tolerance times its variance is within the span of the others in the
 * subset and is left unswept (it adds nothing to R^2); it is swept as soon
 * as a removal makes it contribute.  work holds (p + 1)^2 doubles.
 * Returns 0, or 1 for p outside [0, SQ_SUBSET_MAX_PREDICTORS] or a
 * non-positive variance of y.  Cost: about 2^p (p + 1)^2 operations, a
 * second at p = 20: poll, unless NULL, is called at every fresh sweep, so
 * that the extension can check for interrupts without this file calling
 * PostgreSQL.
 */
#define SQ_SUBSET_MAX_PREDICTORS 30
extern int	sq_subset_r2(const double *corr, int p, double tolerance,
						 double *r2, double *work, void (*poll) (void));

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

/*
 * An increasing function for sq_halley_root: at x, its value *g, the Newton
 * step *newton = g / g' and the curvature *curvature = g'' / g'.
 */
typedef void (*SqIncreasingFunction) (double x, void *context, double *g,
									  double *newton, double *curvature);

/*
 * The root of fn in (lo, hi) (hi may be Infinity), from the guess x in that
 * interval, to about 1e-15 relative.
 */
extern double sq_halley_root(SqIncreasingFunction fn, void *context,
							 double x, double lo, double hi);

#endif							/* SQ_NUMERICS_H */
