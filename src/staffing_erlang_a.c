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
 * Underflow.  P(x + 1, y) underflows in two ways.  Where y < 1 (fewer than
 * one arrival per mean patience, as with a patience of 1e-300 s, or a load
 * far below the agents), the chain's sums over the waiting states converge
 * within a few terms, each term below y / j times the one before, and give
 * every measure directly (measures_by_series).  As patience tends to 0 they
 * tend to Erlang B: an arrival finding every agent busy abandons at once, so
 * P(W > 0) and P(abandon) tend to B(n, a) and the service level to 1 - B.
 *
 * Limit.  Otherwise P(x + 1, y) underflows when customers are far more
 * patient than the handling time and the load is well below the agents (x
 * large, y/x small).  Then S lies between 1 and (x + 1) / (x + 1 - y), which
 * bounds P(W > 0); when the bound is below NEGLIGIBLE_WAIT (1e-12, about the
 * accuracy of the measures) nobody waits, otherwise the measures cannot be
 * computed here (false).  With patience up to 20 times the handling time
 * the bound always decides.  A queue with x beyond MAX_PATIENT_X that the
 * bound does not decide cannot be computed either.
 *
 *-------------------------------------------------------------------------
 */
#include "staffing_erlang.h"

#include <math.h>

#include "numerics.h"

#define LOG_2PI 1.8378770664093454836

/* P(x + 1, y) below this is treated as having lost its digits */
#define GAMMA_P_FLOOR 1e-290
/* a probability of waiting below this is 0 to the measures' accuracy */
#define NEGLIGIBLE_WAIT 1e-12

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

/* Measures when, to double precision, no arrival waits. */
static void
nobody_waits(const SqQueue *queue, int agents, SqQueueMeasures *m)
{
	m->wait_probability = 0.0;
	m->service_level = 1.0;
	m->abandonment = 0.0;
	m->average_wait = 0.0;
	m->occupancy = queue->load / agents;
}

/*
 * M(1, b + 1, z) = sum_k z^k / ((b + 1)...(b + k)), Kummer's function, for
 * 0 <= z < 1 and b >= 0, where each term is below z / k times the one
 * before.
 */
static double
kummer_m1(double b, double z)
{
	double		term = 1.0,
				sum = 1.0;

	for (int k = 1; term > 1e-17 * sum; k++)
	{
		term *= z / (b + k);
		sum += term;
	}
	return sum;
}

/*
 * The measures summed over the waiting states, for y < 1, where the terms
 * u_j = pi_{n+j} / pi_n = y^j / ((x+1)...(x+j)) fall at once (y may have
 * underflowed to 0, and x with it):
 *	  S = sum_j u_j = M(1, x + 1, y),	pi_n = 1 / (1/B - 1 + S).
 * A caller finding j waiting is answered before abandoning with chance
 * x / (x + j + 1), so
 *	  P(abandon) = pi_n sum_j u_j (j + 1) / (x + j + 1),
 * and with P(x + 1, .) / P(x, y) of the closed forms above written through
 * Kummer's function,
 *	  P(answered after waiting, within t) =
 *		  pi_n x / (x + 1) (M(1, x + 2, y) - c M(1, x + 2, y_late)),
 *	  c = exp(-(x + 1) theta t + y - y_late),	y_late = y e^(-theta t).
 * Every sum has positive terms and none is divided by y; c M(1, x + 2,
 * y_late) is at most M(1, x + 2, y), and 0 when theta t is beyond double.
 */
static void
measures_by_series(const SqQueue *queue, const SqErlangB *b, double x, double y,
				   double y_late, SqQueueMeasures *m)
{
	double		n = b->agents;
	double		a = queue->load;
	double		term = 1.0,
				s = 1.0,
				abandoning = 1.0 / (x + 1.0);
	double		pi_n,
				late;

	for (int j = 1; term > 1e-17 * s; j++)
	{
		term *= y / (x + j);
		s += term;
		abandoning += term * (j + 1) / (x + j + 1.0);
	}
	pi_n = 1.0 / (b->recip_minus_one + s);
	late = exp(-(x + 1.0) * (queue->answer_within / queue->patience) + (y - y_late)) *
		kummer_m1(x + 1.0, y_late);
	m->wait_probability = pi_n * s;
	/* the same guards against rounding as sq_erlang_a_measures' */
	m->abandonment = fmax(pi_n * abandoning, fmax(1.0 - n / a, 0.0));
	m->service_level = fmin(1.0 - m->wait_probability +
							pi_n * x / (x + 1.0) * (kummer_m1(x + 1.0, y) - late), 1.0);
	m->average_wait = m->abandonment * queue->patience;
	m->occupancy = fmin(a * (1.0 - m->abandonment) / n, 1.0);
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
	if (p1 < GAMMA_P_FLOOR && y < 1.0)
	{
		measures_by_series(queue, b, x, y, y_late, m);
		return true;
	}
	if (p1 < GAMMA_P_FLOOR)
	{
		/* does even the largest S, (x + 1) / (x + 1 - y), leave P(W > 0) 0? */
		double		s_bound = (x + 1.0) / (x + 1.0 - y);

		if (y < x + 1.0 && s_bound / (b->recip_minus_one + s_bound) < NEGLIGIBLE_WAIT)
		{
			nobody_waits(queue, b->agents, m);
			return true;
		}
		return false;
	}
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
