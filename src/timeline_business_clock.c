/*-------------------------------------------------------------------------
 *
 * timeline_business_clock.c
 *	  Timeline durations in business time: a TimelineClock that counts only
 *	  the working time of a business_calendar.
 *
 * The business-time overloads of the timeline and refund duration
 * functions take the calendar as their last argument.  Their call-site
 * cache (fn_extra) already belongs to the timeline code, so the prepared
 * calendars live in its free clock slot rather than through
 * business_calendar_lookup(): a constant calendar, or one per team, is
 * prepared once per query.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "business_calendar.h"
#include "timeline_args.h"
#include "timeline_clock.h"

static int64
business_elapsed(void *calendar, TimestampTz from, TimestampTz to)
{
	return business_calendar_elapsed((BusinessCalendarPrepared *) calendar, from, to);
}

TimelineClock
timeline_business_clock(FunctionCallInfo fcinfo)
{
	TimelineCallCache *call = timeline_call_cache(fcinfo);
	TimelineClock clock;

	if (call->clock == NULL)
		call->clock = business_calendar_cache_create(fcinfo->flinfo->fn_mcxt);
	clock.elapsed = business_elapsed;
	clock.arg = business_calendar_cache_get((BusinessCalendarCache *) call->clock,
											PG_GETARG_DATUM(PG_NARGS() - 1));
	return clock;
}
