/*-------------------------------------------------------------------------
 *
 * numerics_gamma.c
 *	  Regularized incomplete gamma functions P(a, x) and Q(a, x).
 *
 * The method follows DiDonato & Morris (1986), "Computation of the
 * incomplete gamma function ratios and their inverse", ACM TOMS 12 (377),
 * and Gautschi (1979), ACM TOMS 5: choose, by region, a method that yields
 * the smaller of P and Q without cancellation, and the other as 1 minus it
 * only where it is at least about 1/3:
 *
 *	- a >= 20 and x near a (|eta| <= 0.4, see below): Temme's uniform
 *	  asymptotic expansion (Temme 1979, SIAM J. Math. Anal. 10), which gives
 *	  P and Q both directly and stays accurate for a in the millions, where
 *	  the series and the continued fraction would need O(sqrt(a)) terms;
 *	- a < 1 and x < 1.1: the Taylor series of P, with Q formed as
 *	  (1 - x^a / Gamma(1 + a)) - (the rest), the first part by expm1, so
 *	  small Q keeps its digits when a is tiny;
 *	- otherwise x < a: the power series of P (positive terms);
 *	- otherwise: Legendre's continued fraction for Q, evaluated by the
 *	  modified Lentz method (Lentz 1976; Thompson & Barnett 1986).
 *
 * The factor x^a e^-x / Gamma(a) in front of the series and the fraction is
 * formed for a >= 10 as sqrt(a / 2 pi) exp(a log1pmx(x/a - 1) - Stirling's
 * remainder), which avoids the cancellation between a log x, x and
 * log Gamma(a) that costs digits for large a.
 *
 * lgamma() from libm sets the global signgam: harmless here (PostgreSQL
 * backends are single-threaded, and our arguments are positive).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "numerics.h"

#define SQ_SQRT_2PI 2.5066282746310005024
#define TEMME_MIN_A 20.0
#define TEMME_MAX_ETA 0.4
#define GAMMA_MAX_TERMS 100000

/*
 * Coefficients C_k(eta) of Temme's expansion as Taylor polynomials in eta,
 * constant term first, derived in exact rational arithmetic by
 * test/scripts/numerics_temme_coefficients.py (which documents the
 * derivation; the numerics suite checks this table against it).  Truncated
 * so that on |eta| <= 0.4 and a >= 20 each omitted part is below 1e-17.
 */
static const double temme_c0[] = {
	-0.33333333333333331, 0.083333333333333329, -0.014814814814814815,
	0.0011574074074074073, 0.00035273368606701942, -0.0001787551440329218,
	3.9192631785224377e-05, -2.185448510679992e-06, -1.85406221071516e-06,
	8.2967113409530865e-07, -1.7665952736826078e-07, 6.7078535434014984e-09,
	1.0261809784240309e-08, -4.3820360184533529e-09, 9.1476995822367902e-10,
	-2.5514193994946248e-11, -5.8307721325504256e-11,
};
static const double temme_c1[] = {
	-0.0018518518518518519, -0.003472222222222222, 0.0026455026455026454,
	-0.00099022633744855963, 0.00020576131687242798, -4.018775720164609e-07,
	-1.8098550334489977e-05, 7.6491609160811098e-06, -1.6120900894563446e-06,
	4.647127802807434e-09, 1.3786334469157209e-07, -5.7525456035177047e-08,
	1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09,
	4.1627929918425828e-10,
};
static const double temme_c2[] = {
	0.0041335978835978834, -0.0026813271604938273, 0.0007716049382716049,
	2.0093878600823047e-06, -0.0001073665322636516, 5.2923448829120125e-05,
	-1.2760635188618728e-05, 3.4235787340961378e-08, 1.3721957309062934e-06,
	-6.2989921383800548e-07, 1.4280614206064242e-07, -2.0477098421990866e-10,
	-1.409252991086752e-08, 6.2289740849220218e-09,
};
static const double temme_c3[] = {
	0.00064943415637860077, 0.00022947209362139917, -0.0004691894943952557,
	0.00026772063206283885, -7.5618016718839766e-05, -2.3965051138672968e-07,
	1.1082654115347302e-05, -5.6749528269915965e-06, 1.4230900732435883e-06,
	-2.7861080291528143e-11, -1.6958404091930278e-07, 8.0994649053880827e-08,
	-1.9111168485973655e-08,
};
static const double temme_c4[] = {
	-0.00086188829091671173, 0.00078403922172006662, -0.00029907248030319018,
	-1.4638452578843418e-06, 6.6414982154651219e-05, -3.9683650471794347e-05,
	1.1375726970678419e-05, 2.5074972262375329e-10, -1.6954149536558305e-06,
	8.9075075322053094e-07, -2.2929348340008049e-07,
};
static const double temme_c5[] = {
	-0.00033679855336635813, -6.9728137583658571e-05, 0.00027727532449593918,
	-0.00019932570516188847, 6.797780477937208e-05, 1.4190629206439671e-07,
	-1.3594048189768693e-05, 8.018470256334202e-06, -2.2914811765080952e-06,
	-3.2524735512984538e-10, 3.4652846491085265e-07,
};
static const double temme_c6[] = {
	0.00053130793646399225, -0.00059216643735369393, 0.0002708782096718045,
	7.9023532326603281e-07, -8.1539693675619691e-05, 5.6116827531062497e-05,
	-1.8329116582843375e-05, -3.0796134506033047e-09, 3.4651553688036091e-06,
};
static const double temme_c7[] = {
	0.00034436760689237765, 5.1717909082605919e-05, -0.00033493161081142234,
	0.00028126951547632369, -0.00010976582244684731, -1.2741009095484485e-07,
	2.7744451511563645e-05, -1.8263488805711332e-05,
};
static const double temme_c8[] = {
	-0.00065262391859530937, 0.00083949872067208726, -0.00043829709854172099,
	-6.9690914584205523e-07, 0.00016644846642067547, -0.00012783517679769218,
};
static const double temme_c9[] = {
	-0.00059676129019274626, -7.2048954160200109e-05, 0.0006782308837667328,
	-0.0006401475260262758, 0.00027750107634328704,
};
static const double temme_c10[] = {
	0.0013324454494800656, -0.0019144384985654776, 0.0011089369134596636,
};

#define TEMME_TERM(c) { c, (int) (sizeof(c) / sizeof((c)[0])) }
static const struct
{
	const double *coef;
	int			n;
}			temme_terms[] = {

	TEMME_TERM(temme_c0), TEMME_TERM(temme_c1), TEMME_TERM(temme_c2),
	TEMME_TERM(temme_c3), TEMME_TERM(temme_c4), TEMME_TERM(temme_c5),
	TEMME_TERM(temme_c6), TEMME_TERM(temme_c7), TEMME_TERM(temme_c8),
	TEMME_TERM(temme_c9), TEMME_TERM(temme_c10),
};

/*
 * x^a e^-x / Gamma(a), for a > 0, x > 0.  For a >= 10 the exponent is
 * a (log(x/a) - x/a + 1), from log1pmx near x = a, and Gamma(a) is
 * Stirling's formula times exp(remainder).
 */
double
sq_gamma_prefix(double a, double x)
{
	double		lambda = x / a;
	double		exponent;

	if (a < 10.0)
		return exp(a * log(x) - x - lgamma(a));
	if (lambda < 0.5)
		exponent = a * (log(lambda) - lambda + 1.0);
	else
		exponent = a * sq_log1pmx((x - a) / a);
	return sqrt(a) / SQ_SQRT_2PI * exp(exponent - sq_stirling_remainder(a));
}

/* P by its power series: x^a e^-x / Gamma(a + 1) sum x^k / ((a+1)...(a+k)) */
static double
gamma_p_series(double a, double x)
{
	double		term = 1.0,
				sum = 1.0;

	for (int k = 1; k < GAMMA_MAX_TERMS; k++)
	{
		term *= x / (a + k);
		sum += term;
		if (term <= 1e-17 * sum)
			break;
	}
	return sq_gamma_prefix(a, x) / a * sum;
}

/*
 * Q by Legendre's continued fraction
 *	 Gamma(a, x) = e^-x x^a / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a)
 *				   / (x + 5 - a - ...))),
 * evaluated forwards by the modified Lentz method.  Used for x >= a, x > 0.5,
 * where x + 1 - a > 0.5 and the fraction converges quickly.
 */
static double
gamma_q_fraction(double a, double x)
{
	const double tiny = 1e-300;
	double		b = x + 1.0 - a;
	double		c = 1.0 / tiny;
	double		d = 1.0 / b;
	double		h = d;

	for (int i = 1; i < GAMMA_MAX_TERMS; i++)
	{
		double		an = -i * (i - a);
		double		delta;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) <= 1e-16)
			break;
	}
	return sq_gamma_prefix(a, x) * h;
}

/*
 * a < 1, x < 1.1: with T = sum_{n>=1} (-x)^n / (n! (a + n)) and
 * g = x^a / Gamma(1 + a), P = g (1 + a T) and Q = (1 - g) - g a T, where
 * 1 - g = -expm1(a log x - log Gamma(1 + a)) keeps its digits for tiny a.
 */
static void
gamma_small_a(double a, double x, double *p, double *q)
{
	double		term = 1.0,
				t = 0.0,
				log_g = a * log(x) - sq_lgamma1p(a),
				g = exp(log_g);

	for (int n = 1; n < 100; n++)
	{
		term *= -x / n;
		t += term / (a + n);
		if (fabs(term) <= 1e-17 * fabs(t))
			break;
	}
	*p = g * (1.0 + a * t);
	*q = -expm1(log_g) - g * a * t;
}

/* Horner's rule for a Taylor polynomial, constant term first */
static double
polynomial(const double *coef, int n, double x)
{
	double		sum = coef[n - 1];

	for (int i = n - 2; i >= 0; i--)
		sum = sum * x + coef[i];
	return sum;
}

/*
 * Temme's expansion, given eta with eta^2 / 2 = mu - log(1 + mu), mu = x/a - 1:
 * Q = erfc(eta sqrt(a/2)) / 2 + R, P = erfc(-eta sqrt(a/2)) / 2 - R, with
 * R = exp(-a eta^2 / 2) / sqrt(2 pi a) sum_k C_k(eta) a^-k.
 */
static void
gamma_temme(double a, double eta, double *p, double *q)
{
	double		sum = 0.0,
				a_power = 1.0,
				r,
				y = eta * sqrt(0.5 * a);
	int			nterms = (int) (sizeof(temme_terms) / sizeof(temme_terms[0]));

	for (int k = 0; k < nterms; k++)
	{
		sum += polynomial(temme_terms[k].coef, temme_terms[k].n, eta) * a_power;
		a_power /= a;
	}
	r = exp(-0.5 * a * eta * eta) / (SQ_SQRT_2PI * sqrt(a)) * sum;
	*q = 0.5 * erfc(y) + r;
	*p = 0.5 * erfc(-y) - r;
}

/* Both P(a, x) and Q(a, x), for a > 0 finite and x >= 0. */
static void
gamma_pq(double a, double x, double *p, double *q)
{
	if (x == 0.0 || isinf(x))
	{
		*p = (x == 0.0) ? 0.0 : 1.0;
		*q = 1.0 - *p;
		return;
	}
	if (a >= TEMME_MIN_A && fabs(x - a) < 0.5 * a)
	{
		double		mu = (x - a) / a;
		double		eta = copysign(sqrt(-2.0 * sq_log1pmx(mu)), mu);

		if (fabs(eta) <= TEMME_MAX_ETA)
		{
			gamma_temme(a, eta, p, q);
			return;
		}
	}
	if (a < 1.0 && x < 1.1)
		gamma_small_a(a, x, p, q);
	else if (x < a)
	{
		*p = gamma_p_series(a, x);
		*q = 1.0 - *p;
	}
	else
	{
		*q = gamma_q_fraction(a, x);
		*p = 1.0 - *q;
	}
}

void
sq_gamma_both(double a, double x, double *p, double *q)
{
	gamma_pq(a, x, p, q);
}

/* P(a, x), or Q(a, x) if upper; NaN outside a > 0 finite, x >= 0 */
static double
gamma_tail(double a, double x, int upper)
{
	double		p,
				q;

	if (!(a > 0.0 && isfinite(a) && x >= 0.0))
		return NAN;
	gamma_pq(a, x, &p, &q);
	return upper ? q : p;
}

double
sq_gamma_p(double a, double x)
{
	return gamma_tail(a, x, 0);
}

double
sq_gamma_q(double a, double x)
{
	return gamma_tail(a, x, 1);
}
