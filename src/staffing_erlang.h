/*-------------------------------------------------------------------------
 *
 * staffing_erlang.h
 *	  Queueing formulas for staffing a chat or phone queue: Erlang B as a
 *	  stepping stone, Erlang C (M/M/n, customers wait as long as it takes)
 *	  and Erlang A (M/M/n+M, customers abandon after an exponential
 *	  patience), and the search for the fewest agents meeting targets.
 *
 * The model.  Contacts arrive at random (a Poisson process) at rate lambda,
 * agents handle them in an exponential time of mean aht, n agents serve one
 * first-come first-served queue.  The offered load a = lambda aht (in
 * Erlangs) is the number of agents the work keeps busy on average.
 *
 * Erlang B.  B(n, a) = (a^n / n!) / sum_{k<=n} a^k / k! is never computed
 * from factorials: its reciprocal follows the recursion
 *	  1 / B(k, a) = 1 + (k / a) / B(k - 1, a),	1 / B(0, a) = 1,
 * whose terms are all positive (no cancellation) and whose rounding errors
 * do not grow: after n steps the relative error is about n units in the
 * last place.  For a load far below n the reciprocal overflows to Infinity,
 * which is exact to double precision (B is then below 1e-308).
 *
 * Every function here is pure computation on valid arguments (load > 0,
 * n >= 0, times > 0): callers check their inputs and report errors.
 * Erlang B, Erlang C and the search are in staffing_erlang.c, Erlang A in
 * staffing_erlang_a.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STAFFING_ERLANG_H
#define STAFFING_ERLANG_H

#include <stdbool.h>

/*
 * The most agents the functions accept or look for.  Erlang B costs one
 * step per agent, so this bounds a call to a few milliseconds; no single
 * queue in practice comes near it.
 */
#define SQ_STAFFING_MAX_AGENTS 1000000

/*
 * The relative error of a quotient of the inputs that must not change an
 * answer: one part in 10^9 (2.1 / 0.7 is 3.0000000000000004).
 */
#define SQ_STAFFING_ROUNDING_SLACK 1e-9

/*
 * Whether an occupancy is at most its ceiling within that slack: one exactly
 * at the ceiling can come out just above it (2.1 Erlangs on 3 agents is
 * 0.7000000000000001), and that noise must not add an agent.
 */
static inline bool
sq_occupancy_within(double occupancy, double max_occupancy)
{
	return occupancy <= max_occupancy * (1.0 + SQ_STAFFING_ROUNDING_SLACK);
}

/* 1 / B(agents, load) and 1 / B - 1 (the latter without cancellation). */
typedef struct SqErlangB
{
	double		load;			/* a > 0, Erlangs */
	int			agents;			/* n */
	double		recip;			/* 1 / B(n, a), possibly +Infinity */
	double		recip_minus_one;	/* 1 / B(n, a) - 1 = (n / a) / B(n - 1, a) */
} SqErlangB;

/* Erlang B with no agents: B(0, a) = 1. */
extern void sq_erlang_b_start(SqErlangB *b, double load);

/* Move to more agents (agents >= b->agents), one recursion step each. */
extern void sq_erlang_b_advance(SqErlangB *b, int agents);

/*
 * A queue: its load, handling time and answer-time target (seconds), and
 * for Erlang A the customers' mean patience (seconds).
 */
typedef struct SqQueue
{
	double		load;			/* offered load a, Erlangs, > 0 */
	double		aht;			/* average handling time, seconds, > 0 */
	double		patience;		/* mean patience, seconds, > 0 (Erlang A) */
	double		answer_within;	/* target answer time t, seconds, >= 0 */
} SqQueue;

/* What a queue with a number of agents achieves. */
typedef struct SqQueueMeasures
{
	double		wait_probability;	/* P(an arrival finds every agent busy) */
	double		service_level;	/* share of all arrivals answered within t */
	double		abandonment;	/* share of all arrivals abandoning (A) */
	double		average_wait;	/* seconds; mean over all arrivals */
	double		occupancy;		/* share of agent time spent handling */
} SqQueueMeasures;

/*
 * Erlang C measures for b->agents agents, which must exceed the load.
 * abandonment is 0; average_wait is the average speed of answer (every
 * arrival is answered, so it is the mean wait of answered contacts too).
 */
extern void sq_erlang_c_measures(const SqQueue *queue, const SqErlangB *b,
								 SqQueueMeasures *m);

/*
 * The staffing targets: a service level (share of arrivals answered within
 * the queue's answer_within), and ceilings on the occupancy and on the
 * abandonment (Erlang A; 1 for none).
 */
typedef struct SqStaffingTargets
{
	double		service_level;	/* in (0, 1) */
	double		max_occupancy;	/* in (0, 1] */
	double		max_abandonment;	/* in (0, 1] */
} SqStaffingTargets;

/*
 * The fewest agents with which an Erlang C queue meets the targets, and
 * what it achieves with them; -1 when more than SQ_STAFFING_MAX_AGENTS
 * would be needed.  Only agents above the load are considered (with fewer
 * the queue has no steady state).
 */
extern int	sq_erlang_c_agents(const SqQueue *queue, const SqStaffingTargets *targets,
							   SqQueueMeasures *m);

/*
 * Erlang A measures for b->agents >= 1 agents (any load).  wait_probability
 * is P(an arrival finds every agent busy); service_level the share of all
 * arrivals answered within answer_within (abandoned ones count against
 * it); abandonment the share of all arrivals that abandon; average_wait the
 * mean time in queue of all arrivals, answered or abandoned (the mean wait
 * of those answered has no closed form); occupancy the carried load
 * a (1 - abandonment) / n.  Returns false when the measures cannot be
 * computed in double precision (customers far more patient than the
 * handling time at a load well below the agents; see staffing_erlang_a.c).
 */
extern bool sq_erlang_a_measures(const SqQueue *queue, const SqErlangB *b,
								 SqQueueMeasures *m);

/*
 * The fewest agents with which an Erlang A queue meets the targets; -1
 * when more than SQ_STAFFING_MAX_AGENTS would be needed, -2 when the
 * measures cannot be computed on the way (as sq_erlang_a_measures).
 */
extern int	sq_erlang_a_agents(const SqQueue *queue, const SqStaffingTargets *targets,
							   SqQueueMeasures *m);

/* The fewest agents: sq_erlang_c_agents or sq_erlang_a_agents. */
typedef int (*SqAgentsSearch) (const SqQueue *queue, const SqStaffingTargets *targets,
							   SqQueueMeasures *m);

/*
 * Does a number of agents meet the targets?  1 yes, 0 no, -1 when it
 * cannot be told (the measures cannot be computed).  Fills *m.
 */
typedef int (*SqMeetsTargets) (const SqQueue *queue, const SqStaffingTargets *targets,
							   const SqErlangB *b, SqQueueMeasures *m);

/*
 * The fewest agents above short_of (which falls short of the targets)
 * that meet them, with what they achieve in *m: the search shared by
 * Erlang C and Erlang A.  -1 beyond SQ_STAFFING_MAX_AGENTS, -2 when meets
 * could not tell.
 */
extern int	sq_staffing_fewest_agents(const SqQueue *queue, const SqStaffingTargets *targets,
									  int short_of, SqMeetsTargets meets, SqQueueMeasures *m);

#endif							/* STAFFING_ERLANG_H */
