/*-------------------------------------------------------------------------
 *
 * staffing_formulas.c
 *	  The after-sales methodology's headcount formulas (docs/methodology.md,
 *	  staffing formulas): reception, review and refund agents, each a
 *	  volume divided by what one agent handles in the same time.
 *
 *	  reception agents = daily chat inquiries / chats per agent per day
 *	  review agents	   = daily orders to review / reviews per agent per day
 *	  refund agents	   = monthly refunds / refunds per agent per day
 *						 / refund handling cycle
 *
 * The first two are (contacts / day) / (contacts / agent / day) = agents.
 * The third, as written, is (refunds / month) / (refunds / agent / day),
 * that is agent-days per month, divided by the cycle.  It gives agents when
 * the cycle is read as the number of days per month in which a month's
 * refunds are handled (the team's working days, e.g. 22): then
 * monthly refunds / cycle is the daily refund volume and the formula has
 * the shape of the other two.  docs/staffing.md gives a worked example and
 * the reading this rules out (the cycle as the days one refund takes).
 *
 * These divisions size a team for its average day; they ignore peaks
 * within the day and answer-time targets, which erlang_c_agents() and
 * erlang_a_agents() take into account for queues.
 *
 *-------------------------------------------------------------------------
 */
#include "staffing.h"

#include <math.h>

#include "fmgr.h"
#include "utils/float.h"

#include "svcquality.h"

PG_FUNCTION_INFO_V1(reception_agents);
PG_FUNCTION_INFO_V1(review_agents);
PG_FUNCTION_INFO_V1(refund_agents);

static void
check_volume(const char *argument, double value)
{
	sq_staffing_check(isfinite(value) && value >= 0.0, argument, value,
					  "a finite number greater than or equal to 0");
}

static void
check_rate(const char *argument, double value)
{
	sq_staffing_check(isfinite(value) && value > 0.0, argument, value,
					  "a finite number greater than 0");
}

/* The row (agents, scheduled_agents) for agents before shrinkage. */
static Datum
agents_row(FunctionCallInfo fcinfo, double agents, double shrinkage)
{
	Datum		values[2];
	bool		nulls[2] = {false, false};

	sq_staffing_check_shrinkage(shrinkage);
	if (!isfinite(agents))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("agents needed are out of range for type double precision")));
	values[0] = Float8GetDatum(agents);
	values[1] = Int32GetDatum(sq_staffing_headcount(agents, shrinkage));
	return sq_result_row_cached(fcinfo, values, nulls);
}

/* Argument 0, a volume, over argument 1, what one agent handles in the same time. */
static double
per_agent_quotient(FunctionCallInfo fcinfo, const char *volume_name, const char *rate_name)
{
	double		volume = PG_GETARG_FLOAT8(0);
	double		per_agent = PG_GETARG_FLOAT8(1);

	check_volume(volume_name, volume);
	check_rate(rate_name, per_agent);
	return volume / per_agent;
}

Datum
reception_agents(PG_FUNCTION_ARGS)
{
	return agents_row(fcinfo,
					  per_agent_quotient(fcinfo, "daily_chat_inquiries", "chats_per_agent_per_day"),
					  PG_GETARG_FLOAT8(2));
}

Datum
review_agents(PG_FUNCTION_ARGS)
{
	return agents_row(fcinfo,
					  per_agent_quotient(fcinfo, "daily_orders_to_review", "reviews_per_agent_per_day"),
					  PG_GETARG_FLOAT8(2));
}

Datum
refund_agents(PG_FUNCTION_ARGS)
{
	double		agent_days_per_month = per_agent_quotient(fcinfo, "monthly_refunds",
														  "refunds_per_agent_per_day");
	double		cycle_days = PG_GETARG_FLOAT8(2);

	sq_staffing_check(cycle_days > 0.0 && cycle_days <= 31.0, "handling_cycle_days", cycle_days,
					  "a number of days greater than 0 and at most 31: the days of a month "
					  "in which that month's refunds are handled");
	return agents_row(fcinfo, agent_days_per_month / cycle_days, PG_GETARG_FLOAT8(3));
}
