/*-------------------------------------------------------------------------
 *
 * numerics_sampling.c
 *	  The sampling distributions of test statistics: Student's t,
 *	  chi-square and F, from the incomplete beta and gamma functions.
 *
 * Student's t with df degrees of freedom: P(|T| > |t|) = I_x(df/2, 1/2)
 * with x = df / (df + t^2), and y = t^2 / (df + t^2) formed separately so
 * that large df (x near 1) keeps its digits; df = Infinity is the normal.
 * The t quantiles invert the same function.  Chi-square: P(X > x) =
 * Q(df/2, x/2).  F(d1, d2): P(X > f) = 1 - I_x(d1/2, d2/2) with
 * x = d1 f / (d1 f + d2) (Abramowitz & Stegun 26.7.1, 26.4.19, 26.6.2).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "numerics.h"

/* P(|T| >= |t|) = I_x(df/2, 1/2); NaN for invalid arguments */
double
sq_t_two_sided_p(double t, double df)
{
	double		t2 = t * t;
	double		w,
				w1;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return sq_normal_two_sided_p(t);
	if (isinf(t2))
		return 0.0;
	sq_beta_inc_both(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2), &w, &w1);
	return w;
}

double
sq_t_quantile(double p, double df)
{
	double		tail = fmin(p, 1.0 - p),
				x,
				y,
				t;

	if (!(p >= 0.0 && p <= 1.0 && df > 0.0))
		return NAN;
	if (isinf(df))
		return sq_normal_quantile(p);
	if (p == 0.5)
		return 0.0;
	/* P(|T| > t) = 2 tail = I_x(df/2, 1/2), and t^2 = df y / x */
	sq_beta_inv_both(0.5 * df, 0.5, 2.0 * tail, 1.0 - 2.0 * tail, &x, &y);
	t = sqrt(df) * sqrt(y) / sqrt(x);
	return (p < 0.5) ? -t : t;
}

double
sq_t_upper_quantile(double q, double df)
{
	return -sq_t_quantile(q, df);
}

double
sq_t_critical_value(double level, double df)
{
	if (!(level > 0.0 && level < 1.0))
		return NAN;
	return sq_t_upper_quantile(0.5 * (1.0 - level), df);
}

double
sq_chisq_upper_tail(double x, double df)
{
	if (!(df > 0.0 && isfinite(df)) || isnan(x))
		return NAN;
	return sq_gamma_q(0.5 * df, fmax(0.5 * x, 0.0));
}

double
sq_f_upper_tail(double f, double df1, double df2)
{
	double		ratio = df1 * fmax(f, 0.0) / df2;
	double		lower,
				upper;

	if (!(df1 > 0.0 && isfinite(df1) && df2 > 0.0 && isfinite(df2)) || isnan(f))
		return NAN;
	if (isinf(ratio))
		return 0.0;
	sq_beta_inc_both(0.5 * df1, 0.5 * df2, ratio / (1.0 + ratio),
					 1.0 / (1.0 + ratio), &lower, &upper);
	return upper;
}
