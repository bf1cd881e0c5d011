/*-------------------------------------------------------------------------
 *
 * business_calendar_zone.h
 *	  From instants to the local wall clock of a calendar's zone, and the
 *	  working time that daylight-saving jumps add or remove.
 *
 * Between two UTC-offset transitions of the zone, local = instant + offset,
 * and the working clock is sq_week_clock(local) + shift.  At a transition the
 * wall clock jumps from local + before to local + after; the shift changes
 * by sq_week_clock(at + before) - sq_week_clock(at + after), which keeps the
 * working clock continuous: a skipped wall-clock hour takes its working
 * time out, a repeated one adds its working time a second time.
 *
 * Transitions come from PostgreSQL's own time zone code
 * (pg_next_dst_boundary), which also extends a zone's current rules into
 * the future, so there is no horizon.  They are cached for a window of
 * time [lo, hi] that grows (at least doubling) to cover each instant asked
 * about; shifts are relative to a fixed origin, so the window can grow in
 * either direction without changing results.
 *
 * The window need not grow beyond the year 10800.  PostgreSQL extends a
 * zone's rules by repeating them in cycles of 400 years (146097 days, a
 * whole number of weeks too), and calendars name no dates after 9999: from
 * ZONE_FOLD_FROM on, an instant one cycle later has the same offset and a
 * working clock ahead by the same amount.  Once the first two cycles from
 * there are seen to repeat, later instants are folded back into the first.
 * So the cache holds at most about two transitions a year from the
 * earliest instant asked about to the year 10800.
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_ZONE_H
#define BUSINESS_CALENDAR_ZONE_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "pgtime.h"

#include "business_calendar_week.h"

#define ZONE_FIRST_INSTANT MIN_TIMESTAMP
#define ZONE_LAST_INSTANT (END_TIMESTAMP - 1)

/* 400 Gregorian years; from 10000-01-02 UTC every local date is after 9999 */
#define ZONE_CYCLE (INT64CONST(146097) * USECS_PER_DAY)
#define ZONE_FOLD_FROM ((CALENDAR_LAST_DATE + INT64CONST(2)) * USECS_PER_DAY)
#define ZONE_FOLD_CAP (ZONE_FOLD_FROM + 2 * ZONE_CYCLE)

typedef struct ZoneTransition
{
	TimestampTz at;				/* first instant with the new offset */
	int64		offset;			/* UTC offset from then on, microseconds */
	int64		shift;			/* working clock shift from then on */
} ZoneTransition;

typedef struct ZoneClock
{
	pg_tz	   *zone;
	const CalendarWeek *week;
	MemoryContext mcxt;			/* where the transitions live */
	bool		started;		/* is the window below valid? */
	TimestampTz lo;				/* instants covered: [lo, hi] */
	TimestampTz hi;
	TimestampTz asked_lo;		/* instants asked about: [asked_lo, asked_hi] */
	TimestampTz asked_hi;
	int64		lo_offset;		/* offset and shift in effect at lo */
	int64		lo_shift;
	int			ntransitions;	/* transitions in (lo, hi], ascending */
	int			maxtransitions;
	ZoneTransition *transitions;
	int			hint;			/* zone_clock_find's last answer */
	int			periodic;		/* do cycles from ZONE_FOLD_FROM repeat? 1
								 * yes, -1 no, 0 not known yet */
	int64		cycle_shift;	/* if so, the shift one cycle adds */
	int64		cycle_work;		/* and its working time */
} ZoneClock;

extern void sq_zone_clock_init(ZoneClock *zc, pg_tz *zone, const CalendarWeek *week,
							   MemoryContext mcxt);

/* Grow the window towards the future; false when it already ends at the last instant. */
extern bool sq_zone_clock_grow(ZoneClock *zc);

/* Do the zone's cycles from ZONE_FOLD_FROM repeat?  Covers the first two. */
extern bool sq_zone_clock_periodic(ZoneClock *zc);

/*
 * The instant from which the wall clock reads local (a timestamp without
 * time zone) or later for good; may lie beyond the last timestamp.
 */
extern TimestampTz sq_zone_clock_settle(ZoneClock *zc, int64 local);

/* zone_clock_state() of an instant outside the window. */
extern void sq_zone_clock_state_outside(ZoneClock *zc, TimestampTz t,
										int64 *offset, int64 *shift);

/*
 * Number of cached transitions at or before t (covered).  Consecutive
 * questions are usually about nearby instants (the start and end of one
 * span), so the previous answer is tried first.
 */
static inline int
zone_clock_find(ZoneClock *zc, TimestampTz t)
{
	int			lo = 0;
	int			hi = zc->ntransitions;
	int			k = zc->hint;

	if (k <= hi && (k == 0 || zc->transitions[k - 1].at <= t) &&
		(k == hi || t < zc->transitions[k].at))
		return k;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (zc->transitions[mid].at <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	zc->hint = lo;
	return lo;
}

/* Offset and shift in effect at t, inside the window. */
static inline void
zone_clock_lookup(ZoneClock *zc, TimestampTz t, int64 *offset, int64 *shift)
{
	int			k = zone_clock_find(zc, t);

	if (k == 0)
	{
		*offset = zc->lo_offset;
		*shift = zc->lo_shift;
	}
	else
	{
		*offset = zc->transitions[k - 1].offset;
		*shift = zc->transitions[k - 1].shift;
	}
}

/* Offset and shift in effect at t (a finite timestamp). */
static inline void
zone_clock_state(ZoneClock *zc, TimestampTz t, int64 *offset, int64 *shift)
{
	if (unlikely(!zc->started || t < zc->lo || t > zc->hi))
		sq_zone_clock_state_outside(zc, t, offset, shift);
	else
		zone_clock_lookup(zc, t, offset, shift);
}

/* The working clock at t (a finite timestamp). */
static inline int64
zone_working_clock(ZoneClock *zc, TimestampTz t)
{
	int64		offset;
	int64		shift;

	zone_clock_state(zc, t, &offset, &shift);
	return sq_week_clock(zc->week, t + offset) + shift;
}

#endif							/* BUSINESS_CALENDAR_ZONE_H */
