/*-------------------------------------------------------------------------
 *
 * numerics_sampling.c
 *	  The sampling distributions of test statistics: Student's t,
 *	  chi-square and F, from the incomplete beta and gamma functions.
 *
 * Student's t with df degrees of freedom: P(|T| > |t|) = I_x(df/2, 1/2)
 * with x = df / (df + t^2), and y = t^2 / (df + t^2) formed separately so
 * that large df (x near 1) keeps its digits; df = Infinity is the normal.
 * Chi-square: P(X <= x) = P(df/2, x/2).  F(d1, d2): P(X <= f) =
 * I_x(d1/2, d2/2) with x = d1 f / (d1 f + d2) (Abramowitz & Stegun 26.7.1,
 * 26.4.19, 26.6.2).  Quantiles invert the same functions.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "numerics.h"

/* P(T <= t), or P(T > t) if upper, directly; NaN for invalid arguments */
static double
t_tail(double t, double df, int upper)
{
	double		t2 = t * t;
	double		w,
				w1;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return upper ? sq_normal_upper_tail(t) : sq_normal_cdf(t);
	if (isinf(t2))
		w = 0.0, w1 = 1.0;
	else
		sq_beta_inc_both(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2), &w, &w1);
	/* w = P(|T| > |t|), w1 = P(|T| <= |t|): the far tail is half of w */
	return ((t < 0.0) != (upper != 0)) ? 0.5 * w : 0.5 + 0.5 * w1;
}

double
sq_t_cdf(double t, double df)
{
	return t_tail(t, df, 0);
}

double
sq_t_upper_tail(double t, double df)
{
	return t_tail(t, df, 1);
}

double
sq_t_two_sided_p(double t, double df)
{
	return 2.0 * t_tail(-fabs(t), df, 0);
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
sq_chisq_cdf(double x, double df)
{
	if (!(df > 0.0 && isfinite(df)) || isnan(x))
		return NAN;
	return sq_gamma_p(0.5 * df, fmax(0.5 * x, 0.0));
}

double
sq_chisq_upper_tail(double x, double df)
{
	if (!(df > 0.0 && isfinite(df)) || isnan(x))
		return NAN;
	return sq_gamma_q(0.5 * df, fmax(0.5 * x, 0.0));
}

double
sq_chisq_quantile(double p, double df)
{
	return 2.0 * sq_gamma_p_inv(0.5 * df, p);
}

double
sq_chisq_upper_quantile(double q, double df)
{
	return 2.0 * sq_gamma_q_inv(0.5 * df, q);
}

/* P(F <= f) into *lower, P(F > f) into *upper */
static int
f_tails(double f, double df1, double df2, double *lower, double *upper)
{
	double		ratio = df1 * fmax(f, 0.0) / df2;

	if (!(df1 > 0.0 && isfinite(df1) && df2 > 0.0 && isfinite(df2)) || isnan(f))
		return 0;
	if (isinf(ratio))
		*lower = 1.0, *upper = 0.0;
	else
		sq_beta_inc_both(0.5 * df1, 0.5 * df2, ratio / (1.0 + ratio),
						 1.0 / (1.0 + ratio), lower, upper);
	return 1;
}

double
sq_f_cdf(double f, double df1, double df2)
{
	double		lower,
				upper;

	return f_tails(f, df1, df2, &lower, &upper) ? lower : NAN;
}

double
sq_f_upper_tail(double f, double df1, double df2)
{
	double		lower,
				upper;

	return f_tails(f, df1, df2, &lower, &upper) ? upper : NAN;
}

/* The f with P(F <= f) = p and P(F > f) = q */
static double
f_inverse(double p, double q, double df1, double df2)
{
	double		x,
				y;

	if (!(df1 > 0.0 && isfinite(df1) && df2 > 0.0 && isfinite(df2) &&
		  p >= 0.0 && p <= 1.0))
		return NAN;
	sq_beta_inv_both(0.5 * df1, 0.5 * df2, p, q, &x, &y);
	return (df2 / df1) * (x / y);
}

double
sq_f_quantile(double p, double df1, double df2)
{
	return f_inverse(p, 1.0 - p, df1, df2);
}

double
sq_f_upper_quantile(double q, double df1, double df2)
{
	return f_inverse(1.0 - q, q, df1, df2);
}
