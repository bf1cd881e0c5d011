/*-------------------------------------------------------------------------
 *
 * timeline_duration.c
 *	  Durations of a timeline, measured by a clock: from one stage to
 *	  another, and time spent in stages.
 *
 * Definitions (the README states them for users):
 *	 - timeline_duration(t, A, B): from the first event in A to the first
 *	   event in B at or after it.  B events before the first A are ignored,
 *	   so the result is never negative; no A, or no B from then on, gives
 *	   NULL.  A reopened ticket's second "resolved" counts only when no
 *	   earlier "resolved" follows the first A.
 *	 - timeline_time_in(t, S [, until]): time spent in a set of stages, the
 *	   sum of its spells.  A spell starts at an event in the set that does
 *	   not follow another one in the set, and ends at the next event outside
 *	   the set.  A spell still open at the end ends at the last event, so
 *	   each event in the set counts the time to the next event.  With until,
 *	   events after it are ignored and an open spell runs to until.  0 when
 *	   the set was never entered.
 *
 * Each has a business-time overload with a trailing business_calendar
 * (timeline_clock.h).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/timestamp.h"

#include "timeline_args.h"
#include "timeline_clock.h"

PG_FUNCTION_INFO_V1(timeline_duration_text);
PG_FUNCTION_INFO_V1(timeline_duration_text_business);
PG_FUNCTION_INFO_V1(timeline_duration_array);
PG_FUNCTION_INFO_V1(timeline_duration_array_business);
PG_FUNCTION_INFO_V1(timeline_time_in_text);
PG_FUNCTION_INFO_V1(timeline_time_in_text_business);
PG_FUNCTION_INFO_V1(timeline_time_in_array);
PG_FUNCTION_INFO_V1(timeline_time_in_array_business);
PG_FUNCTION_INFO_V1(timeline_time_in_until_text);
PG_FUNCTION_INFO_V1(timeline_time_in_until_text_business);
PG_FUNCTION_INFO_V1(timeline_time_in_until_array);
PG_FUNCTION_INFO_V1(timeline_time_in_until_array_business);

static inline void
add_elapsed(int64 *total, const TimelineClock *clock, TimestampTz from, TimestampTz to)
{
	if (pg_add_s64_overflow(*total, sq_timeline_elapsed(clock, from, to), total))
		sq_timeline_report_interval_overflow();
}

static int64
time_in(const TimelineState *t, StageMask stages, const TimestampTz *until,
		const TimelineClock *clock)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stage_of = timeline_stage(t);
	int64		total = 0;
	bool		inside = false;
	TimestampTz spell_start = 0;

	if (stages == 0)
		return 0;
	for (int e = 0; e < t->nevents; e++)
	{
		bool		member = (stages & STAGE_BIT(stage_of[e])) != 0;

		if (until && ats[e] > *until)
			break;
		if (member && !inside)
		{
			inside = true;
			spell_start = ats[e];
		}
		else if (!member && inside)
		{
			inside = false;
			add_elapsed(&total, clock, spell_start, ats[e]);
		}
	}
	if (inside)
		add_elapsed(&total, clock, spell_start,
					until ? *until : timeline_at(t)[t->nevents - 1]);
	return total;
}

/* timeline_duration(timeline_state, from, to [, calendar]) */
static Datum
duration_between(FunctionCallInfo fcinfo, bool stage_arrays, bool business)
{
	TimelineClock clock = sq_timeline_clock(fcinfo, business);
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	StageMask	from = sq_timeline_stage_arg(fcinfo, 1, stage_arrays, t);
	StageMask	to = sq_timeline_stage_arg(fcinfo, 2, stage_arrays, t);
	TimestampTz start,
				end;

	if (!sq_timeline_span(t, from, to, &start, &end))
		PG_RETURN_NULL();
	return sq_timeline_interval_datum(sq_timeline_elapsed(&clock, start, end));
}

/* timeline_time_in(timeline_state, stages [, until] [, calendar]) */
static Datum
time_in_stages(FunctionCallInfo fcinfo, bool stage_array, bool has_until, bool business)
{
	TimelineClock clock = sq_timeline_clock(fcinfo, business);
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	StageMask	stages = sq_timeline_stage_arg(fcinfo, 1, stage_array, t);
	TimestampTz until;

	if (has_until)
	{
		until = PG_GETARG_TIMESTAMPTZ(2);
		if (TIMESTAMP_NOT_FINITE(until))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("until must be a finite timestamp"),
					 errdetail("An open spell would last forever; pass e.g. now() or the end of the reporting period.")));
	}
	return sq_timeline_interval_datum(time_in(t, stages, has_until ? &until : NULL, &clock));
}

/* The SQL entry points: stage arguments as text or text[], calendar or business time. */

Datum
timeline_duration_text(PG_FUNCTION_ARGS)
{
	return duration_between(fcinfo, false, false);
}

Datum
timeline_duration_array(PG_FUNCTION_ARGS)
{
	return duration_between(fcinfo, true, false);
}

Datum
timeline_duration_text_business(PG_FUNCTION_ARGS)
{
	return duration_between(fcinfo, false, true);
}

Datum
timeline_duration_array_business(PG_FUNCTION_ARGS)
{
	return duration_between(fcinfo, true, true);
}

Datum
timeline_time_in_text(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, false, false, false);
}

Datum
timeline_time_in_array(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, true, false, false);
}

Datum
timeline_time_in_until_text(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, false, true, false);
}

Datum
timeline_time_in_until_array(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, true, true, false);
}

Datum
timeline_time_in_text_business(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, false, false, true);
}

Datum
timeline_time_in_array_business(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, true, false, true);
}

Datum
timeline_time_in_until_text_business(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, false, true, true);
}

Datum
timeline_time_in_until_array_business(PG_FUNCTION_ARGS)
{
	return time_in_stages(fcinfo, true, true, true);
}
