/*-------------------------------------------------------------------------
 *
 * sla.c
 *	  Clocks that pause, given by their stages: sla_clock (the time a
 *	  clock ran) and sla_clock_status (against a target: met, breach
 *	  instant, time remaining).
 *
 * Both are one instance of the engine's clock (sla_clock.c): it starts at
 * the first start event, runs in the running statuses (or while the case
 * has none), pauses in the paused ones, and stops at the first stop event
 * at or after its start, or at every one when a reopening resumes it.
 * Their optional arguments (paused, running, as_of, calendar, reopen)
 * take their defaults when NULL; a NULL timeline, stage list or target
 * gives NULL.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "sla.h"
#include "svcquality_names.h"
#include "timeline_args.h"

PG_FUNCTION_INFO_V1(sla_clock);
PG_FUNCTION_INFO_V1(sla_clock_status);

/* Positions of a clock's arguments. */
typedef struct ClockArgs
{
	int			start;
	int			stop;
	int			paused;
	int			running;
	int			as_of;
	int			calendar;
	int			reopen;
} ClockArgs;

static const ClockArgs clock_args = {1, 2, 3, 4, 5, 6, 7};
static const ClockArgs status_args = {1, 2, 4, 5, 6, 7, 8};

typedef struct OneInstance
{
	bool		found;
	SlaInstance instance;
} OneInstance;

static void
keep_instance(void *arg, const SlaInstance *instance)
{
	OneInstance *one = arg;

	one->found = true;
	one->instance = *instance;
}

/*
 * A status both runs and pauses the clock: 22023 naming the first running
 * status, in the order given, that is also paused.  The paused names go in
 * a hash table, so a check costs the length of the lists, and it runs again
 * only when the call site parses a new list: constant lists are checked on
 * the first row.
 */
static void
check_disjoint(FunctionCallInfo fcinfo, const ClockArgs *args)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);

	/* paused first, as the arguments come: a bad list named as before */
	const StageList *paused = sq_timeline_stage_list(fcinfo, args->paused);
	const StageList *running = sq_timeline_stage_list(fcinfo, args->running);
	MemoryContext cxt;
	SqNames		names;

	if (call->disjoint[0] == running->parse && call->disjoint[1] == paused->parse)
		return;
	cxt = AllocSetContextCreate(CurrentMemoryContext, "svcquality paused stages",
								ALLOCSET_DEFAULT_SIZES);
	sq_names_init(&names, cxt);
	for (int k = 0; k < paused->n; k++)
		(void) sq_names_intern(&names, paused->names[k], paused->lens[k]);
	for (int i = 0; i < running->n; i++)
		if (sq_names_find(&names, running->names[i], running->lens[i]) >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("stage \"%.*s\" is both a running and a paused status",
							running->lens[i], running->names[i]),
					 errdetail("A status either runs the clock or pauses it.")));
	MemoryContextDelete(cxt);
	call->disjoint[0] = running->parse;
	call->disjoint[1] = paused->parse;
}

static StageMask
optional_stages(FunctionCallInfo fcinfo, int argno, const TimelineState *t)
{
	return PG_ARGISNULL(argno) ? 0 : sq_timeline_stage_arg(fcinfo, argno, true, t);
}

/*
 * Run the clock of the call's arguments over its timeline.  False when a
 * required argument is NULL.
 */
static bool
run_clock(FunctionCallInfo fcinfo, const ClockArgs *args, const SlaTargets *targets,
		  OneInstance *one)
{
	SqShortCopy copy;
	const TimelineState *t;
	SlaClockSpec spec = {0};
	TimelineClock clock;
	TimestampTz as_of = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(args->start) || PG_ARGISNULL(args->stop))
		return false;
	if (!PG_ARGISNULL(args->paused) && !PG_ARGISNULL(args->running))
		check_disjoint(fcinfo, args);
	if (!PG_ARGISNULL(args->as_of))
	{
		as_of = PG_GETARG_TIMESTAMPTZ(args->as_of);
		sq_sla_check_instant(as_of, "as_of");
	}
	clock = sq_timeline_clock_arg(fcinfo, args->calendar);
	t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	spec.start = sq_timeline_stage_arg(fcinfo, args->start, true, t);
	spec.stop = sq_timeline_stage_arg(fcinfo, args->stop, true, t);
	spec.paused = optional_stages(fcinfo, args->paused, t);
	spec.running = optional_stages(fcinfo, args->running, t);
	spec.reopen = !PG_ARGISNULL(args->reopen) && PG_GETARG_BOOL(args->reopen);
	spec.instances = SLA_ONCE;
	one->found = false;
	sq_sla_walk(t, &spec, targets, &clock, PG_ARGISNULL(args->as_of) ? NULL : &as_of,
				keep_instance, one);
	return true;
}

/* sla_clock(t, start_stages, stop_stages, paused, running, as_of, calendar, reopen) */
Datum
sla_clock(PG_FUNCTION_ARGS)
{
	OneInstance one;

	if (!run_clock(fcinfo, &clock_args, NULL, &one) || !one.found || !one.instance.has_value)
		PG_RETURN_NULL();
	return sq_timeline_interval_datum(one.instance.elapsed);
}

/* The call's result row type, blessed once per call site. */
static Datum
status_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);

	if (call->row_desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	desc;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		call->row_desc = BlessTupleDesc(desc);
		MemoryContextSwitchTo(old);
	}
	return HeapTupleGetDatum(heap_form_tuple((TupleDesc) call->row_desc, values, nulls));
}

/*
 * sla_clock_status(t, start_stages, stop_stages, target, paused, running,
 * as_of, calendar, reopen): (elapsed, met, breach_at, remaining).
 */
Datum
sla_clock_status(PG_FUNCTION_ARGS)
{
	SlaTargets	targets = {0};
	OneInstance one;
	const SlaInstance *inst = &one.instance;
	Datum		values[4] = {0};
	bool		nulls[4] = {true, true, true, true};
	int			met;

	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	targets.initial = sq_sla_amount_usecs(PG_GETARG_INTERVAL_P(3), "SLA target", false);
	if (!run_clock(fcinfo, &status_args, &targets, &one))
		PG_RETURN_NULL();
	if (one.found)
	{
		met = sla_instance_met(inst);
		nulls[0] = nulls[3] = !inst->has_value;
		if (inst->has_value)
		{
			values[0] = sq_timeline_interval_datum(inst->elapsed);
			values[3] = sq_timeline_interval_datum(inst->target - inst->elapsed);
		}
		nulls[1] = met < 0;
		values[1] = BoolGetDatum(met == 1);
		nulls[2] = !inst->breached;
		values[2] = TimestampTzGetDatum(inst->breach_at);
	}
	return status_row(fcinfo, values, nulls);
}
