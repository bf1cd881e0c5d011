/*-------------------------------------------------------------------------
 *
 * business_calendar_zone.h
 *	  From instants to the local wall clock of a calendar's zone, and the
 *	  working time that daylight-saving jumps add or remove.
 *
 * Between two UTC-offset transitions of the zone, local = instant + offset,
 * and the working clock is week_clock(local) + shift.  At a transition the
 * wall clock jumps from local + before to local + after; the shift changes
 * by week_clock(at + before) - week_clock(at + after), which keeps the
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
} ZoneClock;

extern void zone_clock_init(ZoneClock *zc, pg_tz *zone, const CalendarWeek *week,
							MemoryContext mcxt);

/* Grow the window to cover t (a finite timestamp). */
extern void zone_clock_cover(ZoneClock *zc, TimestampTz t);

/* Grow the window towards the future; false when it already ends at the last instant. */
extern bool zone_clock_grow(ZoneClock *zc);

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

/* Offset and shift in effect at t. */
static inline void
zone_clock_state(ZoneClock *zc, TimestampTz t, int64 *offset, int64 *shift)
{
	int			k;

	if (unlikely(!zc->started || t < zc->lo || t > zc->hi))
		zone_clock_cover(zc, t);
	k = zone_clock_find(zc, t);
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

#endif							/* BUSINESS_CALENDAR_ZONE_H */
