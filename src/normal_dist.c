/*-------------------------------------------------------------------------
 *
 * normal_dist.c
 *	  Standard normal tail probabilities and quantiles.
 *
 * The quantile starts from the Abramowitz & Stegun 26.2.23 rational
 * approximation (error below 4.5e-4) and is polished with Halley steps on
 * erfc() from libm, which converge to full double precision in two or three
 * iterations.  Working in the lower tail keeps precision for extreme levels.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "normal_dist.h"

double
normal_upper_tail(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

double
normal_two_sided_p(double z)
{
	return erfc(fabs(z) / M_SQRT2);
}

/* Quantile for 0 < p <= 0.5, where the answer is <= 0. */
static double
lower_tail_quantile(double p)
{
	double		t = sqrt(-2.0 * log(p));
	double		x;

	x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
		  (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));

	for (int i = 0; i < 3; i++)
	{
		/* Halley's method on f(x) = Phi(x) - p, with Phi(x) = P(Z > -x) */
		double		err = normal_upper_tail(-x) - p;
		double		u = err * sqrt(2.0 * M_PI) * exp(0.5 * x * x);

		x -= u / (1.0 + 0.5 * x * u);
	}
	return x;
}

double
normal_quantile(double p)
{
	Assert(p > 0.0 && p < 1.0);
	if (p <= 0.5)
		return lower_tail_quantile(p);
	return -lower_tail_quantile(1.0 - p);
}

double
normal_critical_value(double level)
{
	return -lower_tail_quantile(0.5 * (1.0 - level));
}
