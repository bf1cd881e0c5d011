/*-------------------------------------------------------------------------
 *
 * business_calendar_clock.h
 *	  Prepared calendars: the working clock of a calendar of versions.
 *
 * Each version of a calendar has its own week (business_calendar_week.h)
 * and zone clock (business_calendar_zone.h).  Version k takes over at the
 * instant from which its zone's clocks read its first date or later for
 * good (local midnight, or the end of a skipped hour that swallows it),
 * and stays in force until the next version takes over.  A version that a
 * later one overtakes before it starts (zones far apart, dates a day
 * apart) is never in force: in force intervals are [from, until), empty
 * for such a version, and together cover all time.
 *
 * The working clock of the calendar is the clock of the version in force
 * plus that version's base, chosen so that the clock is continuous where
 * versions change.  So working time is the real time spent in instants
 * that are working time under the version in force at the instant.
 *
 * Business days are dates (business_calendar_days.c): each date is read
 * under the version whose dates include it, counted by a second week per
 * version in which each day with hours counts one microsecond.
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_CLOCK_H
#define BUSINESS_CALENDAR_CLOCK_H

#include "svcquality.h"

#include "business_calendar.h"
#include "business_calendar_value.h"
#include "business_calendar_week.h"
#include "business_calendar_zone.h"

typedef struct VersionClock
{
	TimestampTz from;			/* in force from this instant */
	TimestampTz until;			/* to this one (PG_INT64_MAX for the last) */
	int64		base;			/* calendar clock = zone clock + base */
	int64		first_date;		/* first local date it governs */
	CalendarWeek week;
	ZoneClock	zone;
	/* business days, set up on first use (business_calendar_days.c) */
	CalendarWeek days;
	int64		day_base;		/* day count = days clock + day_base */
	TimestampTz close_floor;	/* no close of its dates is earlier */
} VersionClock;

struct BusinessCalendarPrepared
{
	MemoryContext mcxt;
	const BusinessCalendar *value;	/* a copy, for what is set up later */
	int64		first_work_date;	/* first and last dates with hours of */
	int64		last_work_date; /* their own or extra working dates */
	bool		days_ready;
	int			nversions;
	VersionClock versions[FLEXIBLE_ARRAY_MEMBER];
};

static inline void
sq_calendar_check_finite(TimestampTz t)
{
	if (unlikely(TIMESTAMP_NOT_FINITE(t)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("business time is not defined for infinite timestamps"),
				 errdetail("Working time to or from %s would be infinite or undefined.",
						   TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
}

/* The version in force at t. */
static inline VersionClock *
version_at(BusinessCalendarPrepared *cal, TimestampTz t)
{
	int			lo = 0;
	int			hi = cal->nversions - 1;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cal->versions[mid].until > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &cal->versions[lo];
}

/* The calendar's working clock at t (a finite timestamp). */
static inline int64
calendar_clock(BusinessCalendarPrepared *cal, TimestampTz t)
{
	VersionClock *v = version_at(cal, t);

	return zone_working_clock(&v->zone, t) + v->base;
}

pg_attribute_noreturn() extern void sq_calendar_out_of_range(const char *what, bool after);

#endif							/* BUSINESS_CALENDAR_CLOCK_H */
