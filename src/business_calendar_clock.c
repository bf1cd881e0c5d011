/*-------------------------------------------------------------------------
 *
 * business_calendar_clock.c
 *	  Prepared calendars: elapsed working time, deadlines, working instants.
 *
 * The working clock of an instant t is
 *
 *	 W(t) = sq_week_clock(t + offset(t)) + shift(t)
 *
 * (business_calendar_week.h, business_calendar_zone.h).  It is continuous
 * and never decreasing, grows at the speed of real time exactly in working
 * instants, and is computed in O(log) time for any t.  Elapsed working time
 * is W(end) - W(start); a deadline inverts W.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

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
sq_business_calendar_prepare(const BusinessCalendar *cal, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	BusinessCalendarPrepared *prepared = palloc0(sizeof(BusinessCalendarPrepared));
	const char *canonical;
	pg_tz	   *zone;

	sq_check_format_version("business_calendar", cal->version, BUSINESS_CALENDAR_VERSION,
							ERRCODE_FEATURE_NOT_SUPPORTED);
	zone = sq_calendar_find_zone(calendar_zone(cal), false, &canonical);
	if (zone == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" of the business calendar is not known to this server",
						calendar_zone(cal)),
				 errhint("The server's time zone data (pg_timezone_names) does not have it.")));

	sq_week_prepare(&prepared->week, cal);
	sq_zone_clock_init(&prepared->zone, zone, &prepared->week, mcxt);
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

int64
sq_business_calendar_elapsed(BusinessCalendarPrepared *cal, TimestampTz start, TimestampTz end)
{
	int64		elapsed;

	check_finite(start);
	check_finite(end);
	if (pg_sub_s64_overflow(zone_working_clock(&cal->zone, end),
							zone_working_clock(&cal->zone, start), &elapsed))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range"),
				 errdetail("The working time between these timestamps exceeds the interval range.")));
	return elapsed;
}

/*
 * The first instant at or after start at which the working clock reaches
 * target, which is beyond its value at start; false if that is after the
 * last timestamp.  Far ahead the clock gains cycle_work every ZONE_CYCLE,
 * so whole cycles are taken off first: from the start, and from the
 * target, down to where the window of transitions covers it.
 */
static bool
reach(ZoneClock *zc, TimestampTz start, int64 target, TimestampTz *reached)
{
	int64		cycles = 0;
	int			first;
	int			lo;
	int			hi;
	TimestampTz from;
	TimestampTz to;
	int64		offset;
	int64		shift;

	if (start >= ZONE_FOLD_FROM + ZONE_CYCLE && sq_zone_clock_periodic(zc))
	{
		cycles = (start - ZONE_FOLD_FROM) / ZONE_CYCLE;
		start -= cycles * ZONE_CYCLE;
		target -= cycles * zc->cycle_work;
	}

	/* grow the window until the clock reaches the target at its end */
	while (zone_working_clock(zc, zc->hi) < target)
	{
		if (zc->hi >= ZONE_FOLD_CAP && sq_zone_clock_periodic(zc))
		{
			/*
			 * The target lies more than a cycle after base; bring it back
			 * within one, where the window covers it.  (Weekly hours give
			 * every cycle working time, so cycle_work is positive.)
			 */
			TimestampTz base = Max(start, ZONE_FOLD_FROM);
			int64		more = target - zone_working_clock(zc, base + ZONE_CYCLE);

			if (zc->cycle_work <= 0)
				return false;
			more = (more - 1) / zc->cycle_work + 1;
			cycles += more;
			target -= more * zc->cycle_work;
			break;
		}
		if (!sq_zone_clock_grow(zc))
			return false;
	}

	/* the first transition after start by which the clock reaches the target */
	first = zone_clock_find(zc, start);
	lo = first;
	hi = zc->ntransitions;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const ZoneTransition *t = &zc->transitions[mid];

		if (sq_week_clock(zc->week, t->at + t->offset) + t->shift >= target)
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
	*reached = sq_week_reach(zc->week, from + offset, to + offset, target - shift) - offset;
	/* with cycles taken off, *reached is after ZONE_FOLD_FROM */
	if (cycles > 0 && cycles > (ZONE_LAST_INSTANT - *reached) / ZONE_CYCLE)
		return false;
	*reached += cycles * ZONE_CYCLE;
	return true;
}

bool
sq_business_calendar_deadline(BusinessCalendarPrepared *cal, TimestampTz start, int64 amount,
							  TimestampTz *deadline)
{
	int64		target;

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
	if (pg_add_s64_overflow(zone_working_clock(&cal->zone, start), amount, &target) ||
		!reach(&cal->zone, start, target, deadline))
		report_deadline_out_of_range();
	return true;
}

bool
sq_business_calendar_is_working(BusinessCalendarPrepared *cal, TimestampTz ts)
{
	int64		offset;
	int64		shift;

	check_finite(ts);
	zone_clock_state(&cal->zone, ts, &offset, &shift);
	return sq_week_is_working(&cal->week, ts + offset);
}
