/*-------------------------------------------------------------------------
 *
 * staffing.c
 *	  SQL-callable queueing functions: erlang_c() and erlang_c_agents()
 *	  (and, with abandonment, erlang_a() and erlang_a_agents()).
 *
 * Arguments carry their units in their names: arrivals_per_hour,
 * aht_seconds, patience_seconds, answer_within_seconds.  The offered load
 * in Erlangs is arrivals_per_hour * aht_seconds / 3600.  Shares (service
 * level, occupancy, abandonment, shrinkage) are fractions of 1.
 *
 * No arrivals need no agents: the *_agents functions then return 0 agents
 * and NULL for what there is nothing to measure; erlang_c() and erlang_a()
 * do so for no arrivals and no agents.
 *
 *-------------------------------------------------------------------------
 */
#include "staffing.h"

#include <math.h>

#include "fmgr.h"
#include "utils/float.h"

#include "staffing_erlang.h"
#include "svcquality.h"

PG_FUNCTION_INFO_V1(erlang_c);
PG_FUNCTION_INFO_V1(erlang_c_agents);
PG_FUNCTION_INFO_V1(erlang_a);
PG_FUNCTION_INFO_V1(erlang_a_agents);

/*
 * The queue described by arrivals_per_hour and aht_seconds (arguments 0
 * and 1) and answer_within_seconds (argument answer_arg).
 */
static void
queue_from_args(FunctionCallInfo fcinfo, int answer_arg, SqQueue *queue)
{
	double		arrivals = sq_staffing_arg(fcinfo, 0);
	double		answer_within = sq_staffing_arg(fcinfo, answer_arg);

	sq_staffing_check(isfinite(arrivals) && arrivals >= 0.0, "arrivals_per_hour", arrivals,
					  "a finite number greater than or equal to 0");
	queue->aht = sq_staffing_arg(fcinfo, 1);
	sq_staffing_check_seconds("aht_seconds", queue->aht);
	sq_staffing_check(isfinite(answer_within) && answer_within >= 0.0, "answer_within_seconds",
					  answer_within, "a finite number of seconds greater than or equal to 0");
	queue->answer_within = answer_within;
	queue->load = arrivals * queue->aht / 3600.0;
	queue->patience = 0.0;
}

/* The queue of erlang_a() and erlang_a_agents(): patience is argument 2. */
static void
patient_queue_from_args(FunctionCallInfo fcinfo, int answer_arg, SqQueue *queue)
{
	queue_from_args(fcinfo, answer_arg, queue);
	queue->patience = sq_staffing_arg(fcinfo, 2);
	sq_staffing_check_seconds("patience_seconds", queue->patience);
}

static void
check_agents(int32 agents)
{
	sq_staffing_check(agents >= 0 && agents <= SQ_STAFFING_MAX_AGENTS, "agents", agents,
					  "from 0 to " CppAsString2(SQ_STAFFING_MAX_AGENTS));
}

/* Staffing targets from arguments: service level, then optional ceilings. */
static void
targets_from_args(FunctionCallInfo fcinfo, int service_level_arg, int max_occupancy_arg,
				  int max_abandonment_arg, SqStaffingTargets *targets)
{
	double		service_level = sq_staffing_arg(fcinfo, service_level_arg);
	double		max_occupancy = sq_staffing_arg(fcinfo, max_occupancy_arg);

	sq_staffing_check(service_level > 0.0 && service_level < 1.0, "target_service_level",
					  service_level,
					  "a share greater than 0 and less than 1, e.g. 0.8 for 80% (with random "
					  "arrivals no number of agents answers every contact in time)");
	sq_staffing_check(max_occupancy > 0.0 && max_occupancy <= 1.0, "max_occupancy",
					  max_occupancy, "a share greater than 0 and at most 1, e.g. 0.85");
	targets->service_level = service_level;
	targets->max_occupancy = max_occupancy;
	targets->max_abandonment = 1.0;
	if (max_abandonment_arg >= 0)
	{
		double		max_abandonment = sq_staffing_arg(fcinfo, max_abandonment_arg);

		sq_staffing_check(max_abandonment > 0.0 && max_abandonment <= 1.0, "max_abandonment",
						  max_abandonment, "a share greater than 0 and at most 1, e.g. 0.05");
		targets->max_abandonment = max_abandonment;
	}
}

/*
 * The result row: [agents, scheduled_agents,] load_erlangs, then the
 * measures (NULL when m is NULL): wait_probability, service_level, and
 * asa_seconds for Erlang C, abandonment and average_wait_seconds for
 * Erlang A; occupancy last.
 */
static Datum
measures_row(FunctionCallInfo fcinfo, const int32 *headcounts, double load,
			 const SqQueueMeasures *m, bool abandons)
{
	Datum		values[8];
	bool		nulls[8];
	double		measures[5];
	int			nmeasures = 0;
	int			ncolumns = 0;

	if (headcounts)
	{
		values[ncolumns] = Int32GetDatum(headcounts[0]);
		nulls[ncolumns++] = false;
		values[ncolumns] = Int32GetDatum(headcounts[1]);
		nulls[ncolumns++] = false;
	}
	values[ncolumns] = Float8GetDatum(load);
	nulls[ncolumns++] = false;
	if (m)
	{
		measures[nmeasures++] = m->wait_probability;
		measures[nmeasures++] = m->service_level;
		if (abandons)
			measures[nmeasures++] = m->abandonment;
		measures[nmeasures++] = m->average_wait;
		measures[nmeasures++] = m->occupancy;
	}
	else
		nmeasures = abandons ? 5 : 4;
	for (int i = 0; i < nmeasures; i++)
	{
		/* no measure (NaN: the occupancy of no agents) is NULL */
		nulls[ncolumns] = (m == NULL || isnan(measures[i]));
		values[ncolumns] = nulls[ncolumns] ? (Datum) 0 : Float8GetDatum(measures[i]);
		ncolumns++;
	}
	return sq_result_row_cached(fcinfo, values, nulls);
}

pg_attribute_noreturn() static void
report_too_many_agents(double load)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("more than " CppAsString2(SQ_STAFFING_MAX_AGENTS)
					" agents would be needed for a load of %s Erlangs",
					sq_float8_text(load)),
			 errdetail("The staffing functions look for at most "
					   CppAsString2(SQ_STAFFING_MAX_AGENTS) " agents.")));
}

pg_attribute_noreturn() static void
report_out_of_reach(const SqQueue *queue)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("Erlang A cannot be computed for patience_seconds %s with aht_seconds %s "
					"at a load of %s Erlangs",
					sq_float8_text(queue->patience), sq_float8_text(queue->aht),
					sq_float8_text(queue->load)),
			 errdetail("Agents times patience over handling time is beyond 10^15 with a load "
					   "this close to the agents or above them, or beyond the range of double "
					   "precision: the measures lose their digits there."),
			 errhint("Customers this patient hardly abandon: erlang_c() is their limit.")));
}

pg_attribute_noreturn() static void
report_no_steady_state(double load, int32 agents)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("load of %s Erlangs is not below the %d agents", sq_float8_text(load), agents),
			 errdetail("Erlang C needs the offered load (arrivals_per_hour * aht_seconds / 3600) "
					   "below the number of agents: otherwise the queue grows without end."),
			 errhint("erlang_c_agents() finds the agents needed; erlang_a() models customers "
					 "who abandon.")));
}

/*
 * The row of erlang_c() or erlang_a() (when the queue has patience) for a
 * number of agents; NULL measures for no arrivals and no agents.
 */
static Datum
queue_row(FunctionCallInfo fcinfo, const SqQueue *queue, int32 agents)
{
	bool		abandons = queue->patience > 0.0;
	SqErlangB	b;
	SqQueueMeasures m;

	check_agents(agents);
	if (queue->load == 0.0 && agents == 0)
		return measures_row(fcinfo, NULL, 0.0, NULL, abandons);
	if (!abandons && !(queue->load < agents))
		report_no_steady_state(queue->load, agents);
	if (!isfinite(queue->load))
		report_too_many_agents(queue->load);
	sq_erlang_b_start(&b, queue->load);
	sq_erlang_b_advance(&b, agents);
	if (!abandons)
		sq_erlang_c_measures(queue, &b, &m);
	else if (!sq_erlang_a_measures(queue, &b, &m))
		report_out_of_reach(queue);
	return measures_row(fcinfo, NULL, queue->load, &m, abandons);
}

/*
 * The row of an *_agents function: the fewest agents the search finds
 * (Erlang A's queue has patience > 0), scheduled agents after shrinkage,
 * and what the queue achieves; no agents for no arrivals.
 */
static Datum
fewest_agents_row(FunctionCallInfo fcinfo, const SqQueue *queue, const SqStaffingTargets *targets,
				  double shrinkage, SqAgentsSearch search)
{
	bool		abandons = queue->patience > 0.0;
	int32		headcounts[2] = {0, 0};
	SqQueueMeasures m;

	sq_staffing_check_shrinkage(shrinkage);
	if (queue->load == 0.0)
		return measures_row(fcinfo, headcounts, 0.0, NULL, abandons);
	headcounts[0] = search(queue, targets, &m);
	if (headcounts[0] == -1)
		report_too_many_agents(queue->load);
	if (headcounts[0] < 0)
		report_out_of_reach(queue);
	headcounts[1] = sq_staffing_headcount(headcounts[0], shrinkage);
	return measures_row(fcinfo, headcounts, queue->load, &m, abandons);
}

Datum
erlang_c(PG_FUNCTION_ARGS)
{
	SqQueue		queue;

	queue_from_args(fcinfo, 3, &queue);
	return queue_row(fcinfo, &queue, PG_GETARG_INT32(2));
}

Datum
erlang_c_agents(PG_FUNCTION_ARGS)
{
	SqQueue		queue;
	SqStaffingTargets targets;

	queue_from_args(fcinfo, 3, &queue);
	targets_from_args(fcinfo, 2, 4, -1, &targets);
	return fewest_agents_row(fcinfo, &queue, &targets, sq_staffing_arg(fcinfo, 5),
							 sq_erlang_c_agents);
}

Datum
erlang_a(PG_FUNCTION_ARGS)
{
	SqQueue		queue;

	patient_queue_from_args(fcinfo, 4, &queue);
	return queue_row(fcinfo, &queue, PG_GETARG_INT32(3));
}

Datum
erlang_a_agents(PG_FUNCTION_ARGS)
{
	SqQueue		queue;
	SqStaffingTargets targets;

	patient_queue_from_args(fcinfo, 4, &queue);
	targets_from_args(fcinfo, 3, 6, 5, &targets);
	return fewest_agents_row(fcinfo, &queue, &targets, sq_staffing_arg(fcinfo, 7),
							 sq_erlang_a_agents);
}
