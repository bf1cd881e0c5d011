/*-------------------------------------------------------------------------
 *
 * timeline_clock.c
 *	  The clocks timeline durations are measured by: calendar time, and the
 *	  working time of a business_calendar.
 *
 * The business-time overloads of the timeline and refund duration
 * functions take the calendar as their last argument.  Their call-site
 * cache (fn_extra) already belongs to the timeline code, so the prepared
 * calendars live in its free clock slot rather than through
 * sq_business_calendar_lookup(): a constant calendar, or one per team, is
 * prepared once per query.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/timestamp.h"

#include "business_calendar.h"
#include "timeline_args.h"
#include "timeline_clock.h"

void
sq_timeline_report_interval_overflow(void)
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
		sq_timeline_report_interval_overflow();
	return usecs;
}

static int64
business_elapsed(void *calendar, TimestampTz from, TimestampTz to)
{
	return sq_business_calendar_elapsed((BusinessCalendarPrepared *) calendar, from, to);
}

TimelineClock
sq_timeline_clock(FunctionCallInfo fcinfo, bool business)
{
	TimelineCallCache *call;
	TimelineClock clock = {calendar_elapsed, NULL};

	if (!business)
		return clock;
	call = sq_timeline_call_cache(fcinfo);
	if (call->clock == NULL)
		call->clock = sq_business_calendar_cache_create(fcinfo->flinfo->fn_mcxt);
	clock.elapsed = business_elapsed;
	clock.arg = sq_business_calendar_cache_get((BusinessCalendarCache *) call->clock,
											   PG_GETARG_DATUM(PG_NARGS() - 1));
	return clock;
}

int64
sq_timeline_elapsed(const TimelineClock *clock, TimestampTz from, TimestampTz to)
{
	int64		usecs;

	Assert(from <= to);
	usecs = clock->elapsed(clock->arg, from, to);
	if (usecs < 0)
		elog(ERROR, "clock returned a negative elapsed time");
	return usecs;
}

Datum
sq_timeline_interval_datum(int64 usecs)
{
	Interval   *result = palloc(sizeof(Interval));

	result->month = 0;
	result->day = 0;
	result->time = usecs;
	return IntervalPGetDatum(result);
}
