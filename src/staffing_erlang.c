/*-------------------------------------------------------------------------
 *
 * staffing_erlang.c
 *	  Erlang B and Erlang C, and the search for the fewest agents.
 *
 * Erlang C (M/M/n).  With n agents and load a < n, an arrival waits with
 * probability
 *	  C = n B / (n - a (1 - B)) = n / ((1/B) (n - a) + a),
 * its wait, when it waits, is exponential with rate (n - a) / aht, so
 *	  P(wait <= t) = 1 - C exp(-(n - a) t / aht),
 *	  mean wait (ASA) = C aht / (n - a),
 * and each agent is busy a / n of the time.  The second form of C reads
 * 1/B straight from the recursion: an Infinity there gives C = 0.
 *
 * The search.  Meeting the targets is monotone in the number of agents:
 * more agents never lower the service level nor raise the occupancy or the
 * abandonment.  Starting from a number known to fall short, the search
 * gallops (1, 2, 4, ... agents more) until the targets are met, then
 * bisects.  Erlang B advances from the last number that fell short, so the
 * whole search costs about twice the recursion up to the answer, and its
 * result always meets the targets with one agent fewer falling short, as
 * evaluated by the same formulas.
 *
 * Pure C: no PostgreSQL calls, so that the formulas can be checked on their
 * own.
 *
 *-------------------------------------------------------------------------
 */
#include "staffing_erlang.h"

#include <math.h>

void
sq_erlang_b_start(SqErlangB *b, double load)
{
	b->load = load;
	b->agents = 0;
	b->recip = 1.0;
	b->recip_minus_one = 0.0;
}

void
sq_erlang_b_advance(SqErlangB *b, int agents)
{
	double		recip = b->recip;
	double		recip_minus_one = b->recip_minus_one;

	/* once 1/B overflows it stays +Infinity: B is below every double */
	for (int k = b->agents + 1; k <= agents && !isinf(recip); k++)
	{
		recip_minus_one = (double) k / b->load * recip;
		recip = 1.0 + recip_minus_one;
	}
	b->agents = agents;
	b->recip = recip;
	b->recip_minus_one = recip_minus_one;
}

void
sq_erlang_c_measures(const SqQueue *queue, const SqErlangB *b, SqQueueMeasures *m)
{
	double		agents = b->agents;
	double		spare = agents - queue->load;
	double		wait = agents / (b->recip * spare + queue->load);

	m->wait_probability = wait;
	m->service_level = 1.0 - wait * exp(-spare * queue->answer_within / queue->aht);
	m->abandonment = 0.0;
	m->average_wait = wait * queue->aht / spare;
	m->occupancy = queue->load / agents;
}

int
sq_staffing_fewest_agents(const SqQueue *queue, const SqStaffingTargets *targets,
						  int short_of, SqMeetsTargets meets, SqQueueMeasures *m)
{
	SqErlangB	below;			/* the most agents known to fall short */
	SqErlangB	probe;
	SqQueueMeasures probe_measures;
	int			step = 1;
	int			enough;
	int			verdict;

	sq_erlang_b_start(&below, queue->load);
	sq_erlang_b_advance(&below, short_of);
	for (;;)
	{
		if (below.agents >= SQ_STAFFING_MAX_AGENTS)
			return -1;
		probe = below;
		sq_erlang_b_advance(&probe, below.agents + step < SQ_STAFFING_MAX_AGENTS ?
							below.agents + step : SQ_STAFFING_MAX_AGENTS);
		verdict = meets(queue, targets, &probe, m);
		if (verdict < 0)
			return -2;
		if (verdict > 0)
			break;
		below = probe;
		if (step < SQ_STAFFING_MAX_AGENTS)
			step *= 2;
	}
	enough = probe.agents;
	while (enough - below.agents > 1)
	{
		probe = below;
		sq_erlang_b_advance(&probe, below.agents + (enough - below.agents) / 2);
		verdict = meets(queue, targets, &probe, &probe_measures);
		if (verdict < 0)
			return -2;
		if (verdict > 0)
		{
			enough = probe.agents;
			*m = probe_measures;
		}
		else
			below = probe;
	}
	return enough;
}

static int
erlang_c_meets(const SqQueue *queue, const SqStaffingTargets *targets,
			   const SqErlangB *b, SqQueueMeasures *m)
{
	sq_erlang_c_measures(queue, b, m);
	return sq_occupancy_within(m->occupancy, targets->max_occupancy) &&
		m->service_level >= targets->service_level;
}

int
sq_erlang_c_agents(const SqQueue *queue, const SqStaffingTargets *targets, SqQueueMeasures *m)
{
	double		unstable = floor(queue->load);

	/* with agents <= load the queue grows without end: start above it */
	if (unstable >= SQ_STAFFING_MAX_AGENTS)
		return -1;
	return sq_staffing_fewest_agents(queue, targets, (int) unstable, erlang_c_meets, m);
}
