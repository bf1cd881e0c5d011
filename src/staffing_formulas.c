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
#include "lib/stringinfo.h"
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

/* Each formula's arguments before shrinkage, in order. */
static const char *const reception_args[] = {"daily_chat_inquiries", "chats_per_agent_per_day"};
static const char *const review_args[] = {"daily_orders_to_review", "reviews_per_agent_per_day"};
static const char *const refund_args[] = {
	"monthly_refunds", "refunds_per_agent_per_day", "handling_cycle_days"
};

/*
 * 22003 naming the arguments the agents were computed from: a volume too
 * large for its rate, or a rate that is tiny rather than 0, can overflow.
 */
pg_attribute_noreturn() static void
report_agents_out_of_range(FunctionCallInfo fcinfo, const char *const *names, int nargs)
{
	StringInfoData args;

	initStringInfo(&args);
	for (int i = 0; i < nargs; i++)
		appendStringInfo(&args, "%s%s %s", i == 0 ? "" : i == nargs - 1 ? " and " : ", ",
						 names[i], sq_float8_text(sq_staffing_arg(fcinfo, i)));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("agents needed for %s are out of range for type double precision",
					args.data)));
}

/*
 * The row (agents, scheduled_agents) for agents before shrinkage, computed
 * from the nargs arguments names gives; shrinkage is the next argument.
 */
static Datum
agents_row(FunctionCallInfo fcinfo, double agents, const char *const *names, int nargs)
{
	Datum		values[2];
	bool		nulls[2] = {false, false};
	double		shrinkage = sq_staffing_arg(fcinfo, nargs);

	sq_staffing_check_shrinkage(shrinkage);
	if (!isfinite(agents))
		report_agents_out_of_range(fcinfo, names, nargs);
	values[0] = Float8GetDatum(agents);
	values[1] = Int32GetDatum(sq_staffing_headcount(agents, shrinkage));
	return sq_result_row_cached(fcinfo, values, nulls);
}

/*
 * Argument 0, a volume, over argument 1, what one agent handles in the same
 * time; names gives their names.
 */
static double
per_agent_quotient(FunctionCallInfo fcinfo, const char *const *names)
{
	double		volume = sq_staffing_arg(fcinfo, 0);
	double		per_agent = sq_staffing_arg(fcinfo, 1);

	check_volume(names[0], volume);
	check_rate(names[1], per_agent);
	return volume / per_agent;
}

Datum
reception_agents(PG_FUNCTION_ARGS)
{
	return agents_row(fcinfo, per_agent_quotient(fcinfo, reception_args), reception_args,
					  lengthof(reception_args));
}

Datum
review_agents(PG_FUNCTION_ARGS)
{
	return agents_row(fcinfo, per_agent_quotient(fcinfo, review_args), review_args,
					  lengthof(review_args));
}

Datum
refund_agents(PG_FUNCTION_ARGS)
{
	double		agent_days_per_month = per_agent_quotient(fcinfo, refund_args);
	double		cycle_days = sq_staffing_arg(fcinfo, 2);

	sq_staffing_check(cycle_days > 0.0 && cycle_days <= 31.0, refund_args[2], cycle_days,
					  "a number of days greater than 0 and at most 31: the days of a month "
					  "in which that month's refunds are handled");
	return agents_row(fcinfo, agent_days_per_month / cycle_days, refund_args,
					  lengthof(refund_args));
}
