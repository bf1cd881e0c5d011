/*-------------------------------------------------------------------------
 *
 * business_calendar.c
 *	  Prepared calendars: elapsed working time, deadlines, working instants.
 *
 * The working clock of an instant t is
 *
 *	 W(t) = week_clock(t + offset(t)) + shift(t)
 *
 * (business_calendar_week.h, business_calendar_zone.h).  It is continuous
 * and never decreasing, grows at the speed of real time exactly in working
 * instants, and is computed in O(log) time for any t.  Elapsed working time
 * is W(end) - W(start); a deadline inverts W.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"

#include "business_calendar.h"
#include "business_calendar_value.h"
#include "business_calendar_week.h"
#include "business_calendar_zone.h"

struct BusinessCalendarPrepared
{
	CalendarWeek week;
	ZoneClock	zone;
};

BusinessCalendarPrepared *
business_calendar_prepare(const BusinessCalendar *cal, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	BusinessCalendarPrepared *prepared = palloc0(sizeof(BusinessCalendarPrepared));
	const char *canonical;
	pg_tz	   *zone;

	calendar_check_version(cal->version, ERRCODE_FEATURE_NOT_SUPPORTED);
	zone = calendar_find_zone(calendar_zone(cal), false, &canonical);
	if (zone == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" of the business calendar is not known to this server",
						calendar_zone(cal)),
				 errhint("The server's time zone data (pg_timezone_names) does not have it.")));

	week_prepare(&prepared->week, cal);
	zone_clock_init(&prepared->zone, zone, &prepared->week, mcxt);
	MemoryContextSwitchTo(old);
	return prepared;
}

static inline void
check_finite(TimestampTz t)
{
	if (unlikely(TIMESTAMP_NOT_FINITE(t)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("business time is not defined for infinite timestamps"),
				 errdetail("Working time to or from %s would be infinite or undefined.",
						   TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
}

pg_attribute_noreturn() static void
report_deadline_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range"),
			 errdetail("The deadline lies beyond the largest timestamp, 294276 AD.")));
}

/* W(t): the working clock at a finite instant. */
static inline int64
working_clock(BusinessCalendarPrepared *cal, TimestampTz t)
{
	int64		offset;
	int64		shift;

	zone_clock_state(&cal->zone, t, &offset, &shift);
	return week_clock(&cal->week, t + offset) + shift;
}

int64
business_calendar_elapsed(BusinessCalendarPrepared *cal, TimestampTz start, TimestampTz end)
{
	int64		elapsed;

	check_finite(start);
	check_finite(end);
	if (pg_sub_s64_overflow(working_clock(cal, end), working_clock(cal, start), &elapsed))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range"),
				 errdetail("The working time between these timestamps exceeds the interval range.")));
	return elapsed;
}

bool
business_calendar_deadline(BusinessCalendarPrepared *cal, TimestampTz start, int64 amount,
						   TimestampTz *deadline)
{
	ZoneClock  *zc = &cal->zone;
	int64		target;
	int			first;
	int			lo;
	int			hi;
	TimestampTz from;
	TimestampTz to;
	int64		offset;
	int64		shift;

	check_finite(start);
	if (amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("working time amount must not be negative"),
				 errdetail("Deadlines are counted forward from their start.")));
	if (amount == 0)
	{
		*deadline = start;
		return true;
	}

	/*
	 * Extra working dates take the hours of a weekday that has some, so a
	 * calendar either has working hours every week or none at all.
	 */
	if (cal->week.week_total == 0)
		return false;
	if (pg_add_s64_overflow(working_clock(cal, start), amount, &target))
		report_deadline_out_of_range();

	/* grow the window until the clock reaches the target at its end */
	while (working_clock(cal, zc->hi) < target)
	{
		if (!zone_clock_grow(zc))
			report_deadline_out_of_range();
	}

	/* the first transition after start by which the clock reaches the target */
	first = zone_clock_find(zc, start);
	lo = first;
	hi = zc->ntransitions;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const ZoneTransition *t = &zc->transitions[mid];

		if (week_clock(&cal->week, t->at + t->offset) + t->shift >= target)
			hi = mid;
		else
			lo = mid + 1;
	}

	/* the target falls in [from, to], where offset and shift are constant */
	if (lo == first)
	{
		from = start;
		zone_clock_state(zc, start, &offset, &shift);
	}
	else
	{
		from = zc->transitions[lo - 1].at;
		offset = zc->transitions[lo - 1].offset;
		shift = zc->transitions[lo - 1].shift;
	}
	to = lo < zc->ntransitions ? zc->transitions[lo].at : zc->hi;
	*deadline = week_reach(&cal->week, from + offset, to + offset, target - shift) - offset;
	return true;
}

bool
business_calendar_is_working(BusinessCalendarPrepared *cal, TimestampTz ts)
{
	int64		offset;
	int64		shift;

	check_finite(ts);
	zone_clock_state(&cal->zone, ts, &offset, &shift);
	return week_is_working(&cal->week, ts + offset);
}
