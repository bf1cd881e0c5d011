/*-------------------------------------------------------------------------
 *
 * numerics_dist.c
 *	  The standard normal distribution, and elementary functions the other
 *	  distributions are built on (log1pmx, Stirling's remainder, log Gamma
 *	  near 1).
 *
 * The normal tail is erfc() from libm at an argument z / sqrt(2) whose
 * rounding error is put back to first order (erfc's relative condition
 * number grows like 2 y^2, which would otherwise cost up to 1.5e-13 at
 * z = 37).  The quantile starts from the Abramowitz & Stegun 26.2.23
 * rational approximation (error below 4.5e-4) and is polished with Halley
 * steps on that tail, which converge to full precision in two or three
 * iterations; working in the tail that holds p keeps precision down to
 * p = 1e-300.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "numerics.h"

#define SQ_SQRT1_2_HI 0.70710678118654757	/* nearest double to 1/sqrt(2) */
#define SQ_SQRT1_2_LO (-4.8336466567264567e-17) /* 1/sqrt(2) - _HI */
#define SQ_LOG_SQRT_2PI 0.91893853320467274178
#define SQ_TWO_OVER_SQRT_PI 1.1283791670955125739
#define SQ_EULER_GAMMA 0.57721566490153286061

/* P(Z > z) */
double
sq_normal_upper_tail(double z)
{
	double		y = z * SQ_SQRT1_2_HI;
	double		e;

	if (isnan(z))
		return z;
	if (fabs(y) < 0.5 || fabs(y) > 26.0)
		return 0.5 * erfc(y);
	/* the exact argument is y + e; erfc(y + e) = erfc(y) - e erfc'(y) */
	e = fma(z, SQ_SQRT1_2_HI, -y) + z * SQ_SQRT1_2_LO;
	return 0.5 * (erfc(y) - e * SQ_TWO_OVER_SQRT_PI * exp(-y * y));
}

double
sq_normal_cdf(double z)
{
	return sq_normal_upper_tail(-z);
}

double
sq_normal_two_sided_p(double z)
{
	return 2.0 * sq_normal_upper_tail(fabs(z));
}

/*
 * The z with P(Z <= z) = p, 0 < p <= 3/4 (symmetry gives p > 3/4: the
 * caller's).  The tail holding p is solved for: P(Z <= z) = p for p <= 0.25,
 * and in the middle P(0 < Z <= z) = p - 1/2 (exact for p >= 1/4) through
 * erf, so that z near 0 keeps its relative accuracy too.
 */
static double
quantile(double p)
{
	double		tail = fmin(p, 1.0 - p);
	double		t = sqrt(-2.0 * log(tail));
	double		x;

	if (p == 0.5)
		return 0.0;
	x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
		  (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
	if (p > 0.5)
		x = -x;
	for (int i = 0; i < 8; i++)
	{
		/*
		 * Halley's method on f(x) = Phi(x) - p: u = f / f', with f' the
		 * density, formed in logarithms so it cannot overflow.
		 */
		double		err,
					u,
					step;

		if (p <= 0.25)
			err = sq_normal_upper_tail(-x) - p;
		else
			err = 0.5 * erf(x * SQ_SQRT1_2_HI) - (p - 0.5);
		if (err == 0.0)
			break;
		u = copysign(exp(log(fabs(err)) + 0.5 * x * x + SQ_LOG_SQRT_2PI), err);
		step = u / (1.0 + 0.5 * x * u);
		x -= step;
		if (fabs(step) <= 1e-16 * fabs(x))
			break;
	}
	return x;
}

double
sq_normal_quantile(double p)
{
	if (!(p >= 0.0 && p <= 1.0))
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	return p > 0.75 ? -quantile(1.0 - p) : quantile(p);
}

double
sq_normal_upper_quantile(double q)
{
	if (!(q >= 0.0 && q <= 1.0))
		return NAN;
	return -sq_normal_quantile(q);
}

double
sq_normal_critical_value(double level)
{
	if (!(level > 0.0 && level < 1.0))
		return NAN;
	return sq_normal_upper_quantile(0.5 * (1.0 - level));
}

/*
 * log(1 + t) - t.  Near t = 0 the difference cancels, so it is summed as a
 * series: with u = t / (2 + t), log(1 + t) = 2 atanh(u) = 2 (u + u^3/3 +
 * u^5/5 + ...) and t - 2u = u t, so log(1 + t) - t = 2 (u^3/3 + ...) - u t,
 * where |u| <= 1/2 on -0.6 <= t <= 2 (the two parts differ by a factor of
 * at least 1 / |u (1 - u) / 3|, so they do not cancel).  Outside that range
 * log1p(t) - t loses at most a bit.
 */
double
sq_log1pmx(double t)
{
	double		u,
				u2,
				power,
				sum = 0.0;

	if (!(t >= -0.6 && t <= 2.0))
		return log1p(t) - t;
	u = t / (2.0 + t);
	u2 = u * u;
	power = u * u2;
	for (int k = 3; k < 100; k += 2)
	{
		double		term = power / k;

		sum += term;
		if (fabs(term) <= 1e-17 * fabs(sum))
			break;
		power *= u2;
	}
	return 2.0 * sum - u * t;
}

/*
 * Stirling's series for log Gamma(a) - ((a - 1/2) log a - a + log sqrt(2 pi))
 * = sum B_2m / (2m (2m - 1) a^(2m-1)); at a >= 10 eight terms leave an
 * error below 3e-18.
 */
double
sq_stirling_remainder(double a)
{
	static const double coef[] = {
		1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
		-691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
	};
	double		z = 1.0 / a;
	double		z2 = z * z;
	double		sum = 0.0;

	for (int m = (int) (sizeof(coef) / sizeof(coef[0])) - 1; m >= 0; m--)
		sum = sum * z2 + coef[m];
	return z * sum;
}

/*
 * zeta(k) - 1 for k = 2, 3, ..., 28, rounded to double from 40-digit values,
 * the coefficients of the series below.
 */
static const double zeta_minus_one[] = {
	0.64493406684822641, 0.20205690315959429, 0.082323233711138186,
	0.036927755143369927, 0.01734306198444914, 0.0083492773819228271,
	0.0040773561979443396, 0.0020083928260822143, 0.00099457512781808526,
	0.00049418860411946453, 0.00024608655330804832, 0.00012271334757848915,
	6.1248135058704828e-05, 3.0588236307020493e-05, 1.5282259408651871e-05,
	7.6371976378997626e-06, 3.8172932649998402e-06, 1.908212716553939e-06,
	9.5396203387279621e-07, 4.7693298678780645e-07, 2.38450502727733e-07,
	1.1921992596531106e-07, 5.960818905125948e-08, 2.9803503514652279e-08,
	1.4901554828365043e-08, 7.4507117898354301e-09, 3.7253340247884573e-09,
};

/*
 * log Gamma(1 + a) = -gamma a + sum_{k>=2} (-1)^k zeta(k) a^k / k
 * (Abramowitz & Stegun 6.1.33), with the zeta(k) = 1 part summed in closed
 * form, sum (-1)^k a^k / k = a - log(1 + a), leaving terms that shrink
 * like (a/2)^k.  Near a = 1, Gamma(1 + a) = a Gamma(a) moves the series to
 * a - 1.
 */
double
sq_lgamma1p(double a)
{
	double		sum = 0.0,
				shift = 0.0,
				power;

	while (a > 0.5)
	{
		shift += log(a);
		a -= 1.0;
	}
	power = a * a;
	for (int k = 2; k < 29; k++)
	{
		double		term = zeta_minus_one[k - 2] * power / k;

		sum += (k % 2 == 0) ? term : -term;
		if (fabs(term) <= 1e-17 * fabs(sum))
			break;
		power *= a;
	}
	return shift + (-SQ_EULER_GAMMA * a - sq_log1pmx(a) + sum);
}

/*
 * Root of an increasing function g on (lo, hi) from the guess x: Halley's
 * method (cubic convergence, with the curvature g''/g' the caller supplies),
 * kept inside a bracket that every evaluation narrows; a step that leaves
 * the bracket is replaced by bisection (geometric when the bracket spans
 * orders of magnitude, as quantiles in far tails do).
 */
double
sq_halley_root(SqIncreasingFunction fn, void *context, double x,
			   double lo, double hi)
{
	for (int i = 0; i < 200; i++)
	{
		double		g,
					newton,
					curvature,
					halley,
					step,
					next;

		fn(x, context, &g, &newton, &curvature);
		if (g == 0.0 || isnan(g))
			break;
		if (g > 0.0)
			hi = x;
		else
			lo = x;
		/* Halley's correction, unless it is too large to trust */
		halley = 0.5 * newton * curvature;
		step = (fabs(halley) < 0.5) ? newton / (1.0 - halley) : newton;
		if (fabs(step) <= 1e-15 * fabs(x))
			return x - step;
		next = x - step;
		if (!(next > lo && next < hi))
		{
			if (lo > 0.0 && hi / lo > 4.0)
				next = isfinite(hi) ? sqrt(lo * hi) : 4.0 * lo;
			else if (lo <= 0.0 && hi > 0.0)
				next = fmin(x, hi) * 1e-3;
			else
				next = 0.5 * (lo + hi);
			if (next <= lo || next >= hi)
				break;			/* the bracket is two adjacent doubles */
		}
		x = next;
	}
	return x;
}
