/*-------------------------------------------------------------------------
 *
 * business_calendar_week.h
 *	  The working-time clock of a calendar on local wall-clock time.
 *
 * "Local" positions are microseconds since 2000-01-01 00:00 on the wall
 * clock of the calendar's zone (a timestamp without time zone), so
 * local / USECS_PER_DAY, rounded down, is the local date as a DateADT.
 * sq_week_clock(local) is the working time in all local wall-clock time
 * before that position, counted from an arbitrary origin: only
 * differences mean anything.  It ignores time zones entirely; the zone
 * clock (business_calendar_zone.h) adds what daylight-saving jumps change.
 *
 * Whole weeks are counted arithmetically, and holidays, extra working
 * dates and dates with hours of their own through date overrides that carry running sums, found by a direct
 * index over the dates they span (or a binary search when they span
 * centuries), so any position costs the same, however far from the origin.
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_WEEK_H
#define BUSINESS_CALENDAR_WEEK_H

#include "postgres.h"

#include "business_calendar_value.h"

/* A working span of a day, in microseconds after local midnight. */
typedef struct WorkSpan
{
	int64		start;
	int64		end;
} WorkSpan;

typedef struct DayHours
{
	int			nspans;
	const WorkSpan *spans;
	int64		total;			/* working microseconds of the day */
} DayHours;

/* Dates whose hours differ from their weekday's: holidays, extra working
 * dates, dates with hours of their own. */
typedef struct DateOverride
{
	int32		first;			/* local dates, inclusive */
	int32		last;
	const DayHours *hours;		/* the hours these dates have instead */
	int64		before;			/* change made by all earlier overrides */
	int64		change;			/* change this override makes to the week */
} DateOverride;

typedef struct CalendarWeek
{
	DayHours	weekday[CALENDAR_WEEKDAYS];
	DayHours	closed;
	int64		week_total;
	int64		week_prefix[CALENDAR_WEEKDAYS + 1]; /* weekdays before d */
	int			noverrides;
	DateOverride *overrides;	/* ascending, disjoint */
	int32	   *override_by_date;	/* override_index() of each date from the
									 * first override's to the last's, or NULL
									 * when they span too long */
} CalendarWeek;

static inline int64
floor_div(int64 value, int64 divisor)
{
	int64		quotient = value / divisor;

	if (value % divisor < 0)
		quotient--;
	return quotient;
}

/* The hours of a calendar's dated exceptions, one per CalendarDatedView. */
extern DayHours *sq_week_dated_hours(const CalendarView *view);

/*
 * Build the week of a calendar's version (weekly hours of that version,
 * the calendar's exceptions that fall on its dates or within a week of
 * them), allocating in the current memory context.  The clock is right,
 * up to a constant, on the version's dates and a week either side: read
 * it there only.
 * dated is what sq_week_dated_hours() gave.  With count_days, every day
 * with working hours counts one microsecond instead, so that
 * sq_week_clock counts the dates with working hours.
 */
extern void sq_week_prepare(CalendarWeek *week, const CalendarView *view, int version,
							const DayHours *dated, bool count_days);

/* The hours of a local date. */
extern const DayHours *sq_week_hours_on(const CalendarWeek *week, int64 date);

/* Working microseconds before local position `local` (from the origin). */
extern int64 sq_week_clock(const CalendarWeek *week, int64 local);

/*
 * The first local position in [from, to] where sq_week_clock reaches target,
 * given sq_week_clock(from) < target <= sq_week_clock(to).
 */
extern int64 sq_week_reach(const CalendarWeek *week, int64 from, int64 to, int64 target);

extern bool sq_week_is_working(const CalendarWeek *week, int64 local);

#endif							/* BUSINESS_CALENDAR_WEEK_H */
