/*-------------------------------------------------------------------------
 *
 * sla_window.c
 *	  A case at an instant and within a window of time: timeline_stage_at,
 *	  timeline_stage_periods, timeline_time_in_window and sla_stalled.
 *
 * The stage of a case at an instant is the stage of its latest status event
 * at or before the instant, in timeline order (by time, then by stage name
 * at the same instant).  Status events are those whose stage is in the
 * statuses argument, or every event when it is NULL (as timeline_time_in
 * reads a timeline); other events (messages, priority changes) leave the
 * stage alone.  A period is a spell of one stage: it starts at a status
 * event of another stage than the one before, and lasts until the next
 * one.  Optional arguments given as NULL take their defaults.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "sla.h"
#include "timeline_args.h"

PG_FUNCTION_INFO_V1(timeline_stage_at);
PG_FUNCTION_INFO_V1(timeline_stage_periods);
PG_FUNCTION_INFO_V1(timeline_time_in_window);
PG_FUNCTION_INFO_V1(sla_stalled);

/* The status events of argument argno: every event when it is NULL. */
static StageMask
statuses_arg(FunctionCallInfo fcinfo, int argno, const TimelineState *t)
{
	if (PG_ARGISNULL(argno))
		return t->nstages == 0 ? 0 : (~(StageMask) 0) >> (TIMELINE_MAX_STAGES - t->nstages);
	return sq_timeline_stage_arg(fcinfo, argno, true, t);
}

/* Index of the latest event in mask at or before at, or -1. */
static int
latest_event(const TimelineState *t, StageMask mask, TimestampTz at)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	int			e = t->nevents - 1;

	while (e >= 0 && (ats[e] > at || (mask & STAGE_BIT(stages[e])) == 0))
		e--;
	return e;
}

/* timeline_stage_at(t, at, statuses) */
Datum
timeline_stage_at(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t;
	uint16		offsets[TIMELINE_MAX_STAGES];
	int			e;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	e = latest_event(t, statuses_arg(fcinfo, 2, t), PG_GETARG_TIMESTAMPTZ(1));
	if (e < 0)
		PG_RETURN_NULL();
	sq_timeline_name_offsets(t, offsets);
	PG_RETURN_DATUM(sq_timeline_stage_text(t, offsets, timeline_stage(t)[e]));
}

/* timeline_stage_periods(t, until, statuses): rows (stage, entered_at, left_at) */
Datum
timeline_stage_periods(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t;
	const TimestampTz *ats;
	const uint8 *stages;
	uint16		offsets[TIMELINE_MAX_STAGES];
	StageMask	statuses;
	TimestampTz until = 0;
	SqRows		rows;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			current = -1;

	sq_rows_begin(fcinfo, &rows);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	if (!PG_ARGISNULL(1))
	{
		until = PG_GETARG_TIMESTAMPTZ(1);
		sq_sla_check_instant(until, "until");
	}
	t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	ats = timeline_at(t);
	stages = timeline_stage(t);
	statuses = statuses_arg(fcinfo, 2, t);
	sq_timeline_name_offsets(t, offsets);
	for (int e = 0; e < t->nevents && (PG_ARGISNULL(1) || ats[e] <= until); e++)
	{
		if ((statuses & STAGE_BIT(stages[e])) == 0 || stages[e] == current)
			continue;
		if (current >= 0)
		{
			values[2] = TimestampTzGetDatum(ats[e]);
			sq_rows_add(&rows, values, nulls);
		}
		current = stages[e];
		values[0] = sq_timeline_stage_text(t, offsets, current);
		values[1] = TimestampTzGetDatum(ats[e]);
	}
	if (current >= 0)
	{
		values[2] = TimestampTzGetDatum(until);
		nulls[2] = PG_ARGISNULL(1);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* Clock time of [from, to) within [lo, hi), added to *total. */
static void
add_clipped(int64 *total, const TimelineClock *clock, TimestampTz from, TimestampTz to,
			TimestampTz lo, TimestampTz hi)
{
	from = Max(from, lo);
	to = Min(to, hi);
	if (from < to && pg_add_s64_overflow(*total, sq_timeline_elapsed(clock, from, to), total))
		sq_timeline_report_interval_overflow();
}

/* The window's bounds; false when it is empty.  22023 if it has no end. */
static bool
window_bounds(RangeType *window, TimestampTz *lo, TimestampTz *hi)
{
	TypeCacheEntry *typcache = lookup_type_cache(RangeTypeGetOid(window), TYPECACHE_RANGE_INFO);
	RangeBound	lower,
				upper;
	bool		empty;

	range_deserialize(typcache, window, &lower, &upper, &empty);
	if (empty)
		return false;
	if (upper.infinite || TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val)))
	{
		Oid			output;
		bool		varlena;

		getTypeOutputInfo(RangeTypeGetOid(window), &output, &varlena);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s has no finite upper bound",
						OidOutputFunctionCall(output, RangeTypePGetDatum(window))),
				 errdetail("Time spent in a stage the case is still in would be infinite.")));
	}
	*lo = lower.infinite ? DT_NOBEGIN : DatumGetTimestampTz(lower.val);
	*hi = DatumGetTimestampTz(upper.val);
	return true;
}

/*
 * timeline_time_in_window(t, stages, during, calendar, statuses): the time the
 * case spent in the stages within the window.  The last period lasts to the
 * window's end, as the stage at any instant after it is still its stage.
 */
Datum
timeline_time_in_window(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t;
	const TimestampTz *ats;
	const uint8 *stages;
	StageMask	wanted,
				statuses;
	TimelineClock clock;
	TimestampTz lo,
				hi,
				since = 0;
	int64		total = 0;
	int			current = -1;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	if (!window_bounds(PG_GETARG_RANGE_P(2), &lo, &hi))
		return sq_timeline_interval_datum(0);
	clock = sq_timeline_clock_arg(fcinfo, 3);
	t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	ats = timeline_at(t);
	stages = timeline_stage(t);
	wanted = sq_timeline_stage_arg(fcinfo, 1, true, t);
	statuses = statuses_arg(fcinfo, 4, t);
	for (int e = 0; e < t->nevents && ats[e] < hi; e++)
	{
		if ((statuses & STAGE_BIT(stages[e])) == 0)
			continue;
		if (current >= 0 && (wanted & STAGE_BIT(current)))
			add_clipped(&total, &clock, since, ats[e], lo, hi);
		current = stages[e];
		since = ats[e];
	}
	if (current >= 0 && (wanted & STAGE_BIT(current)))
		add_clipped(&total, &clock, since, hi, lo, hi);
	return sq_timeline_interval_datum(total);
}

/*
 * sla_stalled(t, idle, as_of, policy, calendar): the case is open at as_of
 * (its status then is one of the policy's statuses other than solved) and
 * its latest event at or before as_of is more than idle ago.
 */
Datum
sla_stalled(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t;
	SlaPolicy  *policy;
	SlaView		view;
	TimestampTz as_of;
	TimelineClock clock;
	int64		idle;
	int			status,
				latest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	idle = sq_sla_amount_usecs(PG_GETARG_INTERVAL_P(1), "idle time", true);
	as_of = PG_GETARG_TIMESTAMPTZ(2);
	sq_sla_check_instant(as_of, "as_of");
	policy = sq_sla_policy_arg(fcinfo, 3);
	clock = sq_timeline_clock_arg(fcinfo, 4);
	t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	sq_sla_view(policy, t, &view);
	status = latest_event(t, sla_statuses(&view), as_of);
	if (status < 0 || (view.role[SLA_ROLE_SOLVED] & STAGE_BIT(timeline_stage(t)[status])))
		PG_RETURN_BOOL(false);
	latest = latest_event(t, ~(StageMask) 0, as_of);
	PG_RETURN_BOOL(sq_timeline_elapsed(&clock, timeline_at(t)[latest], as_of) > idle);
}
