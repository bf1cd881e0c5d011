/*-------------------------------------------------------------------------
 *
 * staffing.h
 *	  What the SQL-callable staffing functions share: reading and checking
 *	  arguments, and the rounding of agents to a headcount.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STAFFING_H
#define STAFFING_H

#include "postgres.h"

#include "fmgr.h"

/*
 * Argument n of a staffing function, with -0 read as 0.  -0 passes every
 * check ">= 0" but keeps its sign through the formulas: Erlang A's
 * 1 - agents / load was +Infinity for a load of -0 (an abandonment and a
 * wait of Infinity), and quotients came out as -0 agents.  Adding +0 gives
 * +0 for -0 and every other value, NaN included, unchanged.
 */
static inline double
sq_staffing_arg(FunctionCallInfo fcinfo, int n)
{
	return PG_GETARG_FLOAT8(n) + 0.0;
}

/*
 * Unless ok, an error (22023) naming the argument and its value: "aht_seconds
 * -3 is out of range", with the detail "It must be <allowed>.".
 */
extern void sq_staffing_check(bool ok, const char *argument, double value,
							  const char *allowed);

/* A finite number of seconds greater than 0. */
extern void sq_staffing_check_seconds(const char *argument, double value);

/* A share in [0, 1) to plan for absence (breaks, leave, training). */
extern void sq_staffing_check_shrinkage(double shrinkage);

/*
 * Agents (>= 0) rounded up to a whole headcount after shrinkage: the least
 * integer >= agents / (1 - shrinkage).  A quotient within one part in 10^9
 * above an integer counts as that integer, so that rounding errors in the
 * inputs (0.3 / 0.1 is 2.9999999999999996, 2.1 / 0.7 is 3.0000000000000004)
 * do not add an agent.  22003 beyond the range of integer.
 */
extern int32 sq_staffing_headcount(double agents, double shrinkage);

#endif							/* STAFFING_H */
