/*-------------------------------------------------------------------------
 *
 * numerics_beta.c
 *	  Regularized incomplete beta function I_x(a, b), its complement and
 *	  its inverse.
 *
 * The method is chosen by region, after DiDonato & Morris (1992),
 * "Significant digit computation of the incomplete beta function ratios",
 * ACM TOMS 708, so that the smaller of I_x(a, b) and 1 - I_x(a, b) is
 * computed directly and the other is 1 minus it:
 *
 *	- one parameter large, the other small (big >= 200, (small + 1)^2 <=
 *	  big / 5; Student's t with large df, F tests with many residual degrees
 *	  of freedom): an expansion in incomplete gamma functions, as TOMS 708's
 *	  BGRAT;
 *	- both parameters >= 3000 (binomial intervals on large counts):
 *	  Gauss-Legendre quadrature of the tail away from the mean;
 *	- otherwise: the continued fraction (Abramowitz & Stegun 26.5.8; TOMS
 *	  708's BFRAC) by the modified Lentz method on the side of the mean
 *	  where it converges (x < (a + 1) / (a + b + 2), else the symmetry
 *	  I_x(a, b) = 1 - I_y(b, a)), and, when the value on the other side is
 *	  the smaller (skewed small parameters), that one from the
 *	  hypergeometric series of positive terms.
 *
 * Callers pass y = 1 - x separately, so that x near 1 (Student's t with
 * large df) keeps its digits.  The factor x^a y^b / B(a, b) is where
 * accuracy is won or lost for large parameters, as log B(a, b) would cancel
 * against a log x + b log y; as in TOMS 708's BRCOMP it is formed from
 * Stirling's formula, with the distance of x from the mean carried to
 * twice the working precision.
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>

#include "numerics.h"

#define SQ_LOG_SQRT_2PI 0.91893853320467274178
#define M_PI_VALUE 3.14159265358979323846
#define BETA_MAX_TERMS 1000000
#define STIRLING_MIN 10.0

/*
 * x (a + b) - a, the distance of x from the mean a / (a + b) scaled by
 * a + b, to twice the working precision: x (a + b) by Dekker's product
 * (fma) and a + b by Knuth's two-sum.  Rounding it would cost a (x/x0 - 1)
 * ulps in the exponent of the prefix below, up to 1e-11 for a = 1e8.
 */
static double
offset_from_mean(double x, double a, double b)
{
	double		n = a + b;
	double		b_part = n - a;
	double		n_error = (a - (n - b_part)) + (b - b_part);
	double		xn = x * n;
	double		xn_error = fma(x, n, -xn);

	return (xn - a) + xn_error + x * n_error;
}

/* log(r) - r + 1 for r = 1 + offset = x / x0, with x / x0 given for r small */
static double
log_ratio_term(double offset, double ratio)
{
	if (offset < -0.6)
		return log(ratio) - offset;
	return sq_log1pmx(offset);
}

/*
 * big log(1 + small/big) - small, without the cancellation of its two
 * terms: with t the rounded small / big and e = small - big t (exact by
 * fma), big log1p(small / big) = big log1p(t) + e / (1 + t) to first order,
 * so the whole is big log1pmx(t) - e t / (1 + t).
 */
static double
log1p_ratio_term(double big, double small)
{
	double		t = small / big;
	double		e = fma(-big, t, small);

	return big * sq_log1pmx(t) - e * t / (1.0 + t);
}

/*
 * log(x^big y^small Gamma(big + small) / (Gamma(big) Gamma(small))) for
 * big >= 10: with Stirling's formula, log Gamma(big + small) - log
 * Gamma(big) = small log big + (big + small - 1/2) log1p(small / big)
 * - small + S(big + small) - S(big), S the Stirling remainder.
 */
static double
log_prefix_one_large(double big, double small, double log_xbig, double log_ysmall)
{
	return big * log_xbig + small * log_ysmall - lgamma(small)
		+ small * log(big) + log1p_ratio_term(big, small)
		+ (small - 0.5) * log1p(small / big)
		- sq_stirling_remainder(big) + sq_stirling_remainder(big + small);
}

/* x^a y^b / B(a, b), for x, y > 0 with x + y = 1 */
static double
beta_prefix(double a, double b, double x, double y)
{
	double		log_x = (x <= 0.5) ? log(x) : log1p(-y);
	double		log_y = (y <= 0.5) ? log(y) : log1p(-x);

	if (a >= STIRLING_MIN && b >= STIRLING_MIN)
	{
		/*
		 * x (a + b) - a = b - y (a + b): from whichever of x and y is the
		 * smaller, which is the one known to full relative precision
		 */
		double		n = a + b;
		double		offset = (x <= y) ? offset_from_mean(x, a, b) :
		-offset_from_mean(y, b, a);
		double		exponent = a * log_ratio_term(offset / a, x * n / a) +
		b * log_ratio_term(-offset / b, y * n / b);

		exponent -= sq_stirling_remainder(a) + sq_stirling_remainder(b)
			- sq_stirling_remainder(n);
		return sqrt(a / n * b) * exp(exponent - SQ_LOG_SQRT_2PI);
	}
	if (a >= STIRLING_MIN)
		return exp(log_prefix_one_large(a, b, log_x, log_y));
	if (b >= STIRLING_MIN)
		return exp(log_prefix_one_large(b, a, log_y, log_x));
	return exp(a * log_x + b * log_y - lgamma(a) - lgamma(b) + lgamma(a + b));
}

/*
 * The continued fraction above, for x < (a + 1) / (a + b + 2), as
 * I_x(a, b) a B(a, b) / (x^a y^b).
 */
static double
beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		c = 1.0;
	double		d = 1.0 - (a + b) * x / (a + 1.0);
	double		h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m < BETA_MAX_TERMS; m++)
	{
		double		even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		double		odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		double		delta;

		d = 1.0 + even * d;
		c = 1.0 + even / c;
		d = 1.0 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		d = 1.0 + odd * d;
		c = 1.0 + odd / c;
		d = 1.0 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) <= 1e-16)
			break;
	}
	return h;
}

/*
 * Large a, small b (a >= 200, (b + 1)^2 <= a / 5), as in TOMS 708's BGRAT
 * (after Temme): with t = e^-s,
 *	 I_x(a, b) B(a, b) = int_s0^inf e^-as (1 - e^-s)^(b-1) ds, s0 = -log x,
 * and (1 - e^-s)^(b-1) = s^(b-1) sum_n c_n s^n, the powers of
 * g(s) = (1 - e^-s) / s = sum_k (-s)^k / (k+1)! by Miller's recurrence
 * (Knuth, TAOCP 2, 4.7).  Term by term,
 *	 I_x(a, b) = R sum_n c_n (b)_n a^-n Q(b + n, a s0),
 *	 1 - I_x(a, b) = R sum_n c_n (b)_n a^-n P(b + n, a s0),
 * R = Gamma(a + b) / (Gamma(a) a^b); the first is Watson's-lemma asymptotic
 * (terms fall like n! / (2 pi a)^n), the second converges for s0 < 2 pi and
 * is used for s0 <= 1 (beyond, I_x is below e^-200 and 1 - I_x is 1 minus
 * it).  Q(b + n, u) is summed upwards and P(b + n, u) downwards, each step
 * adding u^(b+n) e^-u / Gamma(b + n + 1), so neither recurrence cancels.
 */
#define LARGE_A_TERMS 30

static void
beta_large_a(double a, double b, double x, double y, double *w, double *w1)
{
	double		s0 = (x <= 0.5) ? -log(x) : -log1p(-y);
	double		u = a * s0;
	double		g[LARGE_A_TERMS],
				c[LARGE_A_TERMS],
				step[LARGE_A_TERMS],
				scale[LARGE_A_TERMS];
	double		r = exp(log1p_ratio_term(a, b) + (b - 0.5) * log1p(b / a)
						- sq_stirling_remainder(a) + sq_stirling_remainder(a + b));
	double		q,
				p,
				sum_q = 0.0,
				sum_p = 0.0;

	/*
	 * scale[n] = (b)_n a^-n, kept per term: for a past about 10^10 the last
	 * ones underflow to 0, harmlessly, but dividing back down from there (as
	 * the second sum once did) lost the first terms too.
	 */
	g[0] = c[0] = scale[0] = 1.0;
	step[0] = sq_gamma_prefix(b, u) / b;
	for (int n = 1; n < LARGE_A_TERMS; n++)
	{
		double		cn = 0.0;

		g[n] = -g[n - 1] / (n + 1);
		for (int k = 1; k <= n; k++)
			cn += (b * k - n) * g[k] * c[n - k];
		c[n] = cn / n;
		step[n] = step[n - 1] * u / (b + n);
		scale[n] = scale[n - 1] * (b + n - 1) / a;
	}
	sq_gamma_both(b, u, &p, &q);
	for (int n = 0; n < LARGE_A_TERMS; n++)
	{
		sum_q += c[n] * scale[n] * q;
		q += step[n];
	}
	*w = r * sum_q;
	if (s0 > 1.0)
	{
		*w1 = 1.0 - *w;
		return;
	}
	sq_gamma_both(b + LARGE_A_TERMS - 1, u, &p, &q);
	for (int n = LARGE_A_TERMS - 1; n >= 0; n--)
	{
		sum_p += c[n] * scale[n] * p;
		if (n > 0)
			p += step[n - 1];
	}
	*w1 = r * sum_p;
}

static int
large_a_applies(double big, double small)
{
	return big >= 200.0 && (small + 1.0) * (small + 1.0) <= big / 5.0;
}

/*
 * The hypergeometric series I_x(a, b) = x^a y^b / (a B(a, b)) sum_j
 * (a + b)_j / (a + 1)_j x^j (Abramowitz & Stegun 26.5.4 with 15.3.3), all
 * terms positive, as I_x(a, b) a B(a, b) / (x^a y^b); -1 if it needs more
 * than 20000 terms (x near 1 with a + b large).
 */
static double
beta_series(double a, double b, double x)
{
	double		term = 1.0,
				sum = 1.0;

	for (int j = 0; j < 20000; j++)
	{
		term *= (a + b + j) * x / (a + 1.0 + j);
		sum += term;
		if (term <= 1e-17 * sum)
			return sum;
	}
	return -1.0;
}

/*
 * I_x(a, b), given its complement: 1 minus it, unless that is below 1/2
 * and so loses relative digits, when the series above gives it directly if
 * it converges in reasonable time (it does in the skewed small-parameter
 * cases where this happens, such as I_0.98(50, 0.001)).
 */
static double
beta_smaller_side(double a, double b, double x, double y, double complement)
{
	double		series;

	if (complement <= 0.5)
		return 1.0 - complement;
	series = beta_series(a, b, x);
	if (series < 0.0)
		return 1.0 - complement;
	return beta_prefix(a, b, x, y) / a * series;
}

/*
 * Both parameters large (min(a, b) >= 3000), where the continued fraction
 * needs O(sqrt(a)) terms and its rounding errors add up to 1e-11: the tail
 * away from the mean as an integral.  In o = t (a + b) - a (the offset of t
 * from the mean, scaled), with n = a + b,
 *	 t^(a-1) (1-t)^(b-1) / B(a, b) dt
 *	   = sqrt(a b n / (2 pi)) e^-D e^E(o) / ((a + o)(b - o)) do,
 *	 E(o) = a log1pmx(o / a) + b log1pmx(-o / b) <= 0,
 * D = S(a) + S(b) - S(n) (Stirling remainders).  The integrand falls
 * monotonically from the start; it is integrated by 10-point
 * Gauss-Legendre on pieces over which E changes by at most 1/2 (and at most
 * half a standard deviation long), until E is 40 below its start.  All
 * terms are positive, so the sum keeps the accuracy of its terms.
 */
#define QUADRATURE_MIN 3000.0

static const double legendre_nodes[] = {
	0.14887433898163122, 0.43339539412924721, 0.67940956829902444,
	0.86506336668898454, 0.97390652851717174,
};
static const double legendre_weights[] = {
	0.29552422471475298, 0.26926671930999652, 0.21908636251598201,
	0.14945134915058036, 0.066671344308688069,
};

static double
beta_integrand(double a, double b, double o)
{
	if (!(a + o > 0.0 && b - o > 0.0))
		return 0.0;
	return exp(a * sq_log1pmx(o / a) + b * sq_log1pmx(-o / b)) /
		((a + o) * (b - o));
}

/* The tail beyond x away from the mean: I_x(a, b) below it, else 1 - I_x */
static double
beta_tail_quadrature(double a, double b, double offset)
{
	double		n = a + b;
	double		direction = (offset <= 0.0) ? -1.0 : 1.0;
	double		start = a * sq_log1pmx(offset / a) + b * sq_log1pmx(-offset / b);
	double		half_sd = 0.5 * sqrt(a / n * b);
	double		o = offset,
				sum = 0.0;

	if (start < -800.0)
		return 0.0;				/* below the smallest double */
	for (int piece = 0; piece < 10000; piece++)
	{
		double		slope = fabs(o / (a + o) + o / (b - o));
		double		length = fmin(0.5 / slope, half_sd);
		double		end = o + direction * length;
		double		mid = 0.5 * (o + end);

		if (end <= -a || end >= b)
			end = (direction < 0.0) ? -a : b;
		for (int i = 0; i < 5; i++)
		{
			double		h = 0.5 * (end - o) * legendre_nodes[i];

			sum += 0.5 * fabs(end - o) * legendre_weights[i] *
				(beta_integrand(a, b, mid - h) + beta_integrand(a, b, mid + h));
		}
		o = end;
		if (o <= -a || o >= b ||
			a * sq_log1pmx(o / a) + b * sq_log1pmx(-o / b) < start - 40.0)
			break;
	}
	return sqrt(a * b * n / (2.0 * M_PI_VALUE)) * sum *
		exp(-(sq_stirling_remainder(a) + sq_stirling_remainder(b)
			  - sq_stirling_remainder(n)));
}

static void
beta_large_both(double a, double b, double x, double y, double *w, double *w1)
{
	double		offset = (x <= y) ? offset_from_mean(x, a, b) :
	-offset_from_mean(y, b, a);

	if (offset <= 0.0)
	{
		*w = beta_tail_quadrature(a, b, offset);
		*w1 = 1.0 - *w;
	}
	else
	{
		*w1 = beta_tail_quadrature(a, b, offset);
		*w = 1.0 - *w1;
	}
}

/*
 * I_x(a, b) into *w and 1 - I_x(a, b) into *w1, each directly, for a, b > 0
 * finite and 0 <= x <= 1, y = 1 - x.
 */
void
sq_beta_inc_both(double a, double b, double x, double y, double *w, double *w1)
{
	if (x == 0.0 || y == 0.0)
	{
		*w = (x == 0.0) ? 0.0 : 1.0;
		*w1 = 1.0 - *w;
		return;
	}
	if (large_a_applies(a, b))
		beta_large_a(a, b, x, y, w, w1);
	else if (large_a_applies(b, a))
		beta_large_a(b, a, y, x, w1, w);
	else if (a >= QUADRATURE_MIN && b >= QUADRATURE_MIN)
		beta_large_both(a, b, x, y, w, w1);
	else if (x < (a + 1.0) / (a + b + 2.0))
	{
		*w = beta_prefix(a, b, x, y) / a * beta_fraction(a, b, x);
		*w1 = beta_smaller_side(b, a, y, x, *w);
	}
	else
	{
		*w1 = beta_prefix(b, a, y, x) / b * beta_fraction(b, a, y);
		*w = beta_smaller_side(a, b, x, y, *w1);
	}
}

static int
beta_arguments_valid(double a, double b, double x)
{
	return a > 0.0 && isfinite(a) && b > 0.0 && isfinite(b) &&
		x >= 0.0 && x <= 1.0;
}

/*
 * I_x(a, b), or its complement if upper; NaN for invalid arguments.  A
 * tail near 1 is 1 minus the other, far smaller one, which rounding can
 * leave a unit above 1 (I_0.5(5, 10^9 - 4)): a probability goes out as at
 * most 1.
 */
static double
beta_tail(double a, double b, double x, int upper)
{
	double		w,
				w1;

	if (!beta_arguments_valid(a, b, x))
		return NAN;
	sq_beta_inc_both(a, b, x, 1.0 - x, &w, &w1);
	return fmin(1.0, upper ? w1 : w);
}

double
sq_beta_inc(double a, double b, double x)
{
	return beta_tail(a, b, x, 0);
}

double
sq_beta_inc_c(double a, double b, double x)
{
	return beta_tail(a, b, x, 1);
}

/* What beta_inverse_step needs: I_u(a, b) = p, 1 - I_u(a, b) = q. */
typedef struct
{
	double		a;
	double		b;
	double		p;
	double		q;
} BetaInverse;

/*
 * g(u) = log I_u(a, b) - log p, or log q - log(1 - I_u(a, b)), whichever
 * tail is smaller (logarithms keep Newton's steps long in far tails).
 * With d = u^(a-1) (1-u)^(b-1) / B(a, b) and F the tail, g' = d / F and
 * g'' / g' = d' / d -+ d / F.
 */
static void
beta_inverse_step(double u, void *context, double *g, double *newton,
				  double *curvature)
{
	BetaInverse *problem = (BetaInverse *) context;
	double		a = problem->a,
				b = problem->b,
				w,
				w1,
				density,
				density_ratio;
	int			lower = problem->p <= problem->q;

	sq_beta_inc_both(a, b, u, 1.0 - u, &w, &w1);
	density = beta_prefix(a, b, u, 1.0 - u) / (u * (1.0 - u));
	density_ratio = density / (lower ? w : w1);
	*g = lower ? log(w) - log(problem->p) : log(problem->q) - log(w1);
	*newton = *g / density_ratio;
	*curvature = (a - 1.0) / u - (b - 1.0) / (1.0 - u) +
		(lower ? -density_ratio : density_ratio);
}

/*
 * A first guess at the x with I_x(a, b) = p: for a, b > 1 the normal
 * approximation of Abramowitz & Stegun 26.5.22, else the mean; then, in
 * the tail holding the smaller probability, the leading term of the series
 * there, I_x ~ x^a / (a B(a, b)) (or the same for 1 - I_x in y = 1 - x),
 * where it lies further out.
 */
static double
beta_inverse_guess(double a, double b, double p, double q)
{
	double		log_beta = lgamma(a) + lgamma(b) - lgamma(a + b);
	double		x = a / (a + b);

	if (a > 1.0 && b > 1.0)
	{
		double		z = sq_normal_upper_quantile(p);
		double		lambda = (z * z - 3.0) / 6.0;
		double		h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
		double		w = z * sqrt(h + lambda) / h -
		(1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) *
		(lambda + 5.0 / 6.0 - 2.0 / (3.0 * h));

		x = a / (a + b * exp(2.0 * w));
	}
	if (p <= q)
		x = fmin(x, exp((log(p) + log(a) + log_beta) / a));
	else
		x = fmax(x, -expm1((log(q) + log(b) + log_beta) / b));
	return x;
}

/*
 * The x (and y = 1 - x) with I_x(a, b) = p, 1 - I_x(a, b) = q, p + q = 1
 * given both so the smaller keeps its digits.  Solved for whichever of x
 * and y is below 1/2 at the first guess, so that one keeps its digits too
 * (the other is 1 minus it); in y the problem is I_y(b, a) = q.
 */
void
sq_beta_inv_both(double a, double b, double p, double q, double *x, double *y)
{
	double		guess;

	if (p == 0.0 || q == 0.0)
	{
		*x = (p == 0.0) ? 0.0 : 1.0;
		*y = 1.0 - *x;
		return;
	}
	guess = beta_inverse_guess(a, b, p, q);
	if (guess <= 0.5)
	{
		BetaInverse problem = {a, b, p, q};

		*x = sq_halley_root(beta_inverse_step, &problem,
							guess > 0.0 ? guess : DBL_MIN, 0.0, 1.0);
		*y = 1.0 - *x;
	}
	else
	{
		BetaInverse problem = {b, a, q, p};

		guess = 1.0 - guess;
		*y = sq_halley_root(beta_inverse_step, &problem,
							guess > 0.0 ? guess : DBL_MIN, 0.0, 1.0);
		*x = 1.0 - *y;
	}
}

double
sq_beta_inc_inv(double a, double b, double p)
{
	double		x,
				y;

	if (!beta_arguments_valid(a, b, p))
		return NAN;
	sq_beta_inv_both(a, b, p, 1.0 - p, &x, &y);
	return x;
}

double
sq_beta_inc_c_inv(double a, double b, double q)
{
	double		x,
				y;

	if (!beta_arguments_valid(a, b, q))
		return NAN;
	sq_beta_inv_both(a, b, 1.0 - q, q, &x, &y);
	return x;
}
