/*-------------------------------------------------------------------------
 *
 * staffing_erlang_a.c
 *	  Erlang A (Palm's M/M/n+M): Erlang C with customers who abandon after
 *	  an exponential patience of mean 1/theta.
 *
 * Formulas as in Mandelbaum and Zeltyn's summary of the M/M/n+G queue
 * ("The M/M/n+G queue: summary of performance measures", Technion, and
 * Garnett, Mandelbaum and Reiman, "Designing a call center with impatient
 * customers", MSOM 4 (2002)), written with the regularized incomplete gamma
 * function P of src/numerics.h.  With mu = 1/aht, offered load a, n agents,
 *	  x = n mu / theta = n patience / aht,	y = lambda / theta = a patience / aht,
 * the birth-death chain has pi_{n+j} / pi_n = y^j / ((x+1)...(x+j)) for j
 * waiting, and
 *	  S = sum_j pi_{n+j} / pi_n = K P(x, y),	K = e^y y^-x Gamma(x + 1),
 *	  sum_{k<n} pi_k / pi_n = 1/B(n, a) - 1		(Erlang B),
 * so that an arrival waits with probability
 *	  P(W > 0) = S / (1/B - 1 + S).
 * An arrival finding j waiting reaches an agent after a sum of exponential
 * times of rates n mu + i theta, i = j..0; weighting by the chain and by the
 * chance exp(-theta V) of still being there gives (pi_n K = P(W>0) / P(x, y))
 *	  P(answered after waiting, within t) =
 *		  pi_n K (n / a) (P(x + 1, y) - P(x + 1, y e^(-theta t))),
 *	  P(abandon) = P(W > 0) - pi_n K (n / a) P(x + 1, y),
 *	  service level = 1 - P(W > 0) + P(answered after waiting, within t),
 *	  mean wait of all arrivals = P(abandon) / theta		(Little's law),
 * the last because abandonments leave at rate theta times the mean queue.
 * These agree with the birth-death chain summed in high precision
 * (test/scripts/staffing_crosscheck.py).
 *
 * Scale.  K is formed as a logarithm, for x >= 10 from log1pmx and
 * Stirling's remainder like the gamma function's own prefactor:
 *	  log K = -x log1pmx(a/n - 1) + log(2 pi x) / 2 + remainder(x),
 * so loads of thousands of Erlangs neither overflow nor lose digits; 1/B may
 * overflow to Infinity, which only means no arrival waits.
 *
 * Underflow.  Where P(x + 1, y) underflows (below GAMMA_P_FLOOR), with a
 * patience of 1e-300 s or customers far more patient than the handling time
 * at a load well below the agents, the measures are summed over the waiting
 * states instead (measures_by_series).  Their terms u_j = pi_{n+j} / pi_n =
 * y^j / ((x+1)...(x+j)) fall by ratios y / (x + j) <= q = y / (x + 1), and
 * underflow puts q well below 1.  P(x + 1, x + 1) > 1/2 (a gamma variable's
 * median lies below its mean), so q < 1; and by the first term of P's
 * series and Stirling's bound on Gamma(x + 2),
 *	  P(x + 1, y) >= y^(x+1) e^-y / Gamma(x + 2)
 *				 >= exp(-(x + 1) (q - 1 - log q)) / (sqrt(2 pi (x + 1)) e^(1/12)),
 * so underflow needs (x + 1) (q - 1 - log q) above 667 - log sqrt(2 pi
 * (x + 1)) - 1/12, itself above 648 for x up to 1e16: q < 1e-29 for x + 1
 * up to 10, q < 0.25 up to 1000, and for large x, where q - 1 - log q is
 * about (1 - q)^2 / 2, 1 - q > 36 / sqrt(x + 1).  The sums stop within the
 * first J terms with q^J (J + 1 / (1 - q)) <= SERIES_TOLERANCE (1 - q)
 * (waiting_sums), about (43 + 2 log(1 / (1 - q))) / (1 - q): where P(x + 1,
 * y) underflows that is 1 term for x up to 9, at most 31 up to 1000, 1357
 * up to 10^6, 5e4 up to 10^9, 1.8e6 up to 10^12 and 6.1e7 up to
 * MAX_PATIENT_X = 10^15, at 1 - q = 1.15e-6 (there 3.7e7 terms are summed,
 * in 0.12 s).  series_is_short checks that bound against
 * SERIES_MAX_TERMS = 10^8 before summing, which every underflow with x up
 * to 2.5e15 passes (every queue of up to 2000 agents with patience up to
 * 10^12 handling times).  The sums give the measures' own values however
 * small, so that a search for a ceiling on abandonment of 1e-30 finds its
 * agents (a bound on P(W > 0) below 1e-12, reported as nobody waiting,
 * would stop it early); they are 0 only where 1/B overflows, below about
 * 1e-300.  As patience tends to 0 they tend to
 * Erlang B: an arrival finding every agent busy abandons at once, so
 * P(W > 0) and P(abandon) tend to B(n, a) and the service level to 1 - B.
 *
 * Limits.  The measures cannot be computed here (false) in two places, both
 * with x beyond MAX_PATIENT_X: where P(x + 1, y) does not underflow (1 - q
 * below about 36 / sqrt(x): a load that close to the agents, or above
 * them), since the closed forms then lose the abandonment's digits; and
 * where it underflows but the sums could take more than SERIES_MAX_TERMS
 * terms, 1 - q below 7.2e-7, which underflow allows only for x beyond
 * 2.5e15.  An x beyond the double range is refused too (P(x + 1, y) is NaN
 * there).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "numerics.h"
#include "staffing_erlang.h"

#define LOG_2PI 1.8378770664093454836

/* P(x + 1, y) below this is treated as having lost its digits */
#define GAMMA_P_FLOOR 1e-290

/*
 * The sums over the waiting states stop when what they leave out is below
 * SERIES_TOLERANCE of them, and are used only where they do so within
 * SERIES_MAX_TERMS terms (see Underflow above).  They form the factor of
 * the late terms anew every LATE_ANCHOR terms, and look for interrupts
 * every INTERRUPT_INTERVAL.
 */
#define SERIES_TOLERANCE 1e-17
#define SERIES_MAX_TERMS 1e8
#define LATE_ANCHOR 64
#define INTERRUPT_INTERVAL 1048576

/*
 * Beyond this x (agents times patience over handling time) the incomplete
 * gamma function's arguments no longer hold the digits that the
 * abandonment, a difference of two shares near the probability of waiting,
 * is made of: at 1e16 an abandonment of 8e-9 came out as 0, while up to
 * 1e15 it kept an absolute 1e-16 (checked against the chain summed in 50
 * digits).
 */
#define MAX_PATIENT_X 1e15

/* log(e^y y^-x Gamma(x + 1)), given rho_minus_one = y/x - 1 = a/n - 1 */
static double
log_k(double x, double y, double rho_minus_one)
{
	if (x < 10.0)
		return y - x * log(y) + lgamma(x + 1.0);
	return -x * sq_log1pmx(rho_minus_one) + 0.5 * (LOG_2PI + log(x)) +
		sq_stirling_remainder(x);
}

/* Measures when no agent is ever free: everyone waits until abandoning. */
static void
no_agents(const SqQueue *queue, SqQueueMeasures *m)
{
	m->wait_probability = 1.0;
	m->service_level = 0.0;
	m->abandonment = 1.0;
	m->average_wait = queue->patience;
	m->occupancy = NAN;
}

/* *sum + term, with the rounding error carried in *error (Kahan) */
static inline void
kahan_add(double *sum, double *error, double term)
{
	double		corrected = term - *error;
	double		total = *sum + corrected;

	*error = (total - *sum) - corrected;
	*sum = total;
}

/*
 * Whether waiting_sums ends within SERIES_MAX_TERMS terms, given the first
 * and largest term ratio q = u_1 = y / (x + 1) (see below): that is so when
 * q^M (M + 1 / (1 - q)) <= SERIES_TOLERANCE (1 - q), M = SERIES_MAX_TERMS.
 * False for q >= 1.
 */
static bool
series_is_short(double q)
{
	double		spare = 1.0 - q;

	return spare > 0.0 &&
		SERIES_MAX_TERMS * log(q) + log(SERIES_MAX_TERMS + 1.0 / spare) <=
		log(SERIES_TOLERANCE) + log(spare);
}

/* The sums of waiting_sums over j >= 1; late is M(1, x + 2, y_late). */
typedef struct WaitingSums
{
	double		now;			/* sum w_j = M(1, x + 2, y) */
	double		queue;			/* sum j w_j */
	double		late;			/* sum w_j e^(-(j-1) theta t) */
} WaitingSums;

/*
 * Sums over the waiting states.  The term ratios r_j = y / (x + j) are
 * formed as a / (n + j step), step = aht / patience, so that 1 - r_j keeps
 * the digits of n - a however large x is (y / (x + j) would carry the
 * rounding of x and y into every ratio, and into the millionth term a
 * millionfold), and r_j is 0 where patience / aht underflows.  With
 * w_j = r_2 ... r_j (w_1 = 1), the terms for y_late = y e^(-theta t) are
 * w_j e^(-(j-1) theta t): that factor is formed by products of e^(-theta t),
 * anew by exp every LATE_ANCHOR terms, since the rounding of e^(-theta t)
 * would otherwise act like that of y.  The ratios fall with j, so once
 * w_(j-1) is summed the rest of the first sum is at most
 * w_(j-1) r_j / (1 - r_j), and of the second that times
 * (j - 1 + 1 / (1 - r_j)): the loop stops when both are below
 * SERIES_TOLERANCE of their sums (the late terms are below the first sum's),
 * which the caller has checked happens within SERIES_MAX_TERMS terms
 * (series_is_short).  The sums are compensated: they may run to tens of
 * millions of terms.
 */
static void
waiting_sums(double a, double n, double step, double theta_t, WaitingSums *sums)
{
	double		w = 1.0,
				late_factor = 1.0,
				shrink = exp(-theta_t),
				now_error = 0.0,
				queue_error = 0.0,
				late_error = 0.0;

	sums->now = sums->queue = sums->late = 1.0;
	for (int j = 2;; j++)
	{
		double		r = a / (n + j * step);
		double		rest = w * r,
					spare = 1.0 - r;

		if (rest <= SERIES_TOLERANCE * sums->now * spare &&
			rest * ((j - 1) * spare + 1.0) <= SERIES_TOLERANCE * sums->queue * spare * spare)
			break;
		w *= r;
		late_factor = (j % LATE_ANCHOR == 0) ? exp(-(j - 1) * theta_t) : late_factor * shrink;
		kahan_add(&sums->now, &now_error, w);
		kahan_add(&sums->queue, &queue_error, j * w);
		kahan_add(&sums->late, &late_error, w * late_factor);
		if (j % INTERRUPT_INTERVAL == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/*
 * (e^-u - 1 + u) / u for u >= 0 (Infinity included), in [0, 1): from its
 * Taylor series u/2 - u^2/6 + u^3/24 - ... below 1/2, where the direct form
 * would cancel.
 */
static double
decay_excess(double u)
{
	double		term = 0.5 * u,
				sum = term;

	if (u >= 0.5)
		return 1.0 + expm1(-u) / u;
	for (int k = 2; fabs(term) > 1e-17 * sum; k++)
	{
		term *= -u / (k + 1);
		sum += term;
	}
	return sum;
}

/*
 * The measures summed over the waiting states, where P(x + 1, y) underflows
 * and series_is_short(y / (x + 1)) (see Underflow above).  With the terms
 * u_j = pi_{n+j} / pi_n = y^j / ((x+1)...(x+j)) = u_1 w_j of waiting_sums,
 *	  S = sum_j u_j = 1 + u_1 M(1, x + 2, y),	pi_n = 1 / (1/B - 1 + S).
 * A caller finding j waiting is answered before abandoning with chance
 * x / (x + j + 1), so
 *	  P(abandon) = pi_n sum_j u_j (j + 1) / (x + j + 1)
 *				 = pi_n sum_{j >= 1} j u_j / y = pi_n sum_{j >= 1} j w_j / (x + 1),
 * and with P(x + 1, .) / P(x, y) of the closed forms above written through
 * Kummer's function,
 *	  P(answered after waiting, within t) =
 *		  pi_n x / (x + 1) (M(1, x + 2, y) - c M(1, x + 2, y_late)),
 *	  c = exp(-(x + 1) theta t + y - y_late),	y_late = y e^(-theta t).
 * Every sum has positive terms and none is divided by y.  c's exponent, a
 * difference of terms as large as x theta t and y, is formed without
 * cancellation as -(x + 1 - y) theta t - y theta t decay_excess(theta t),
 * with x + 1 - y = (n - a) patience / aht + 1 > 0 and y theta t = a t / aht.
 * With t = 0, c = 1 and the two sums are equal term for term: nobody is
 * answered within 0 s after waiting.
 */
static bool
measures_by_series(const SqQueue *queue, const SqErlangB *b, double ratio,
				   SqQueueMeasures *m)
{
	double		n = b->agents;
	double		a = queue->load;
	double		t = queue->answer_within;
	double		step = queue->aht / queue->patience;
	double		first = a / (n + step);
	double		theta_t = t / queue->patience;
	WaitingSums sums;
	double		s,
				pi_n,
				gone;

	if (!series_is_short(first))
		return false;
	waiting_sums(a, n, step, theta_t, &sums);
	s = 1.0 + first * sums.now;
	pi_n = 1.0 / (b->recip_minus_one + s);
	gone = theta_t * ((n - a) * ratio + 1.0) + a * (t / queue->aht) * decay_excess(theta_t);
	m->wait_probability = pi_n * s;
	/* the same guards against rounding as sq_erlang_a_measures' */
	m->abandonment = fmax(pi_n * sums.queue / (n * ratio + 1.0), fmax(1.0 - n / a, 0.0));
	m->service_level = fmin(1.0 - m->wait_probability + pi_n * (n / (n + step)) *
							(sums.now - exp(-gone) * sums.late), 1.0);
	m->average_wait = m->abandonment * queue->patience;
	m->occupancy = fmin(a * (1.0 - m->abandonment) / n, 1.0);
	return true;
}

bool
sq_erlang_a_measures(const SqQueue *queue, const SqErlangB *b, SqQueueMeasures *m)
{
	double		n = b->agents;
	double		a = queue->load;
	double		ratio = queue->patience / queue->aht;
	double		x = n * ratio;
	double		y = a * ratio;
	double		y_late = y * exp(-queue->answer_within / queue->patience);
	double		p0,
				p1,
				wait,
				served_scale;

	if (b->agents == 0)
	{
		no_agents(queue, m);
		return true;
	}
	p1 = sq_gamma_p(x + 1.0, y);
	if (p1 < GAMMA_P_FLOOR)
		return measures_by_series(queue, b, ratio, m);
	if (x > MAX_PATIENT_X)
		return false;
	p0 = sq_gamma_p(x, y);
	/* P(W > 0) = 1 / (1 + (1/B - 1) / S), S = K P(x, y) */
	wait = 1.0 / (1.0 + exp(log(b->recip_minus_one) - log_k(x, y, (a - n) / n) - log(p0)));
	/* pi_n K (n / a): P(W > 0) / P(x, y) times n / a */
	served_scale = wait / p0 * (n / a);
	m->wait_probability = wait;

	/*
	 * Rounding must not take a share outside [0, 1], nor the abandonment
	 * below 1 - n/a: n agents carry at most n of the a Erlangs offered.
	 */
	m->abandonment = fmax(wait - served_scale * p1, fmax(1.0 - n / a, 0.0));
	m->service_level = fmin(1.0 - wait + served_scale * (p1 - sq_gamma_p(x + 1.0, y_late)), 1.0);
	m->average_wait = m->abandonment * queue->patience;
	m->occupancy = fmin(a * (1.0 - m->abandonment) / n, 1.0);
	return true;
}

static int
erlang_a_meets(const SqQueue *queue, const SqStaffingTargets *targets,
			   const SqErlangB *b, SqQueueMeasures *m)
{
	if (!sq_erlang_a_measures(queue, b, m))
		return -1;
	return m->service_level >= targets->service_level &&
		m->abandonment <= targets->max_abandonment &&
		sq_occupancy_within(m->occupancy, targets->max_occupancy);
}

int
sq_erlang_a_agents(const SqQueue *queue, const SqStaffingTargets *targets, SqQueueMeasures *m)
{
	/*
	 * Agents carry at most n of the load a, so at most n / a of the arrivals
	 * are answered.  So fewer than target_service_level * a agents fall short
	 * of the service level, and fewer than (1 - max_abandonment) * a exceed
	 * the abandonment ceiling.  The bounds are shrunk by 1e-9 so that
	 * rounding cannot put them at the answer.
	 */
	double		short_of = floor(fmax(targets->service_level,
									  1.0 - targets->max_abandonment) *
								 queue->load * (1.0 - 1e-9));

	if (short_of >= SQ_STAFFING_MAX_AGENTS)
		return -1;
	return sq_staffing_fewest_agents(queue, targets, (int) short_of, erlang_a_meets, m);
}
