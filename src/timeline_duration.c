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
 *	 - timeline_time_in(t, S [, until]): see timeline_clock.h.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/timestamp.h"

#include "timeline_args.h"
#include "timeline_clock.h"

PG_FUNCTION_INFO_V1(timeline_duration_text);
PG_FUNCTION_INFO_V1(timeline_duration_array);
PG_FUNCTION_INFO_V1(timeline_time_in_text);
PG_FUNCTION_INFO_V1(timeline_time_in_array);
PG_FUNCTION_INFO_V1(timeline_time_in_until_text);
PG_FUNCTION_INFO_V1(timeline_time_in_until_array);

pg_attribute_noreturn() static void
report_interval_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("interval out of range"),
			 errdetail("The duration exceeds the range of a 64-bit count of microseconds.")));
}

static int64
calendar_elapsed(void *arg pg_attribute_unused(), TimestampTz from, TimestampTz to)
{
	int64		usecs;

	if (pg_sub_s64_overflow(to, from, &usecs))
		report_interval_overflow();
	return usecs;
}

const TimelineClock timeline_calendar_clock = {calendar_elapsed, NULL};

int64
timeline_elapsed(const TimelineClock *clock, TimestampTz from, TimestampTz to)
{
	int64		usecs;

	Assert(from <= to);
	usecs = clock->elapsed(clock->arg, from, to);
	if (usecs < 0)
		elog(ERROR, "clock returned a negative elapsed time");
	return usecs;
}

/*
 * Hours, minutes and seconds without a day part: durations then add and
 * subtract cleanly (resolution - waiting is '03:00:00', not
 * '1 day -21:00:00'), and still compare equal to timestamptz subtraction.
 */
Datum
timeline_interval_datum(int64 usecs)
{
	Interval   *result = palloc(sizeof(Interval));

	result->month = 0;
	result->day = 0;
	result->time = usecs;
	return IntervalPGetDatum(result);
}

bool
timeline_span(const TimelineState *t, StageMask from, StageMask to,
			  TimestampTz *start, TimestampTz *end)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	int			e = timeline_first_event(t, from);

	if (e < 0 || to == 0)
		return false;
	*start = ats[e];
	/* back to the first event of that instant: a B tied with A counts */
	while (e > 0 && ats[e - 1] == *start)
		e--;
	while (e < t->nevents && !(to & STAGE_BIT(stages[e])))
		e++;
	if (e == t->nevents)
		return false;
	*end = ats[e];
	return true;
}

static inline void
add_elapsed(int64 *total, const TimelineClock *clock, TimestampTz from, TimestampTz to)
{
	if (pg_add_s64_overflow(*total, timeline_elapsed(clock, from, to), total))
		report_interval_overflow();
}

int64
timeline_time_in(const TimelineState *t, StageMask stages, const TimestampTz *until,
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

Datum
timeline_duration_clocked(FunctionCallInfo fcinfo, bool stage_arrays, const TimelineClock *clock)
{
	TimelineState *t = PG_GETARG_TIMELINE_STATE(0);
	StageMask	from = timeline_stage_arg(fcinfo, 1, stage_arrays, t);
	StageMask	to = timeline_stage_arg(fcinfo, 2, stage_arrays, t);
	TimestampTz start,
				end;

	if (!timeline_span(t, from, to, &start, &end))
		PG_RETURN_NULL();
	return timeline_interval_datum(timeline_elapsed(clock, start, end));
}

Datum
timeline_time_in_clocked(FunctionCallInfo fcinfo, bool stage_array, bool has_until,
						 const TimelineClock *clock)
{
	TimelineState *t = PG_GETARG_TIMELINE_STATE(0);
	StageMask	stages = timeline_stage_arg(fcinfo, 1, stage_array, t);
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
	return timeline_interval_datum(timeline_time_in(t, stages, has_until ? &until : NULL, clock));
}

/* Calendar time: the SQL entry points. */

Datum
timeline_duration_text(PG_FUNCTION_ARGS)
{
	return timeline_duration_clocked(fcinfo, false, &timeline_calendar_clock);
}

Datum
timeline_duration_array(PG_FUNCTION_ARGS)
{
	return timeline_duration_clocked(fcinfo, true, &timeline_calendar_clock);
}

Datum
timeline_time_in_text(PG_FUNCTION_ARGS)
{
	return timeline_time_in_clocked(fcinfo, false, false, &timeline_calendar_clock);
}

Datum
timeline_time_in_array(PG_FUNCTION_ARGS)
{
	return timeline_time_in_clocked(fcinfo, true, false, &timeline_calendar_clock);
}

Datum
timeline_time_in_until_text(PG_FUNCTION_ARGS)
{
	return timeline_time_in_clocked(fcinfo, false, true, &timeline_calendar_clock);
}

Datum
timeline_time_in_until_array(PG_FUNCTION_ARGS)
{
	return timeline_time_in_clocked(fcinfo, true, true, &timeline_calendar_clock);
}
