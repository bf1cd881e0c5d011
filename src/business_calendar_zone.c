/*-------------------------------------------------------------------------
 *
 * business_calendar_zone.c
 *	  The cached window of a zone's UTC-offset transitions, with the
 *	  working-clock shift each one causes, and far instants folded into it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "utils/memutils.h"

#include "business_calendar_zone.h"

/* pg_time_t counts seconds from 1970-01-01, TimestampTz from 2000-01-01. */
#define UNIX_EPOCH_SECONDS ((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

/* The window grows by at least this much (a year), and at least doubles. */
#define MIN_GROWTH (INT64CONST(366) * USECS_PER_DAY)

typedef struct RawTransition
{
	TimestampTz at;
	int64		before;			/* UTC offsets, microseconds */
	int64		after;
} RawTransition;

void
sq_zone_clock_init(ZoneClock *zc, pg_tz *zone, const CalendarWeek *week, MemoryContext mcxt)
{
	memset(zc, 0, sizeof(ZoneClock));
	zc->zone = zone;
	zc->week = week;
	zc->mcxt = mcxt;
}

static int64
shift_change(const ZoneClock *zc, const RawTransition *t)
{
	if (t->before == t->after)
		return 0;
	return sq_week_clock(zc->week, t->at + t->before) - sq_week_clock(zc->week, t->at + t->after);
}

/*
 * pg_next_dst_boundary(), but with a true answer past the end of the zone's
 * transition table.  There it extrapolates by whole 400-year cycles, and
 * at an instant exactly a number of cycles after the table's last
 * transition it lands on that transition and answers 0, "no transition
 * after this", although the rules go on: walking from one transition to
 * the next reaches such an instant (in New York, in the year 2769).  A
 * second later it extrapolates correctly; no zone changes its offset twice
 * within a second.
 */
static int
next_boundary(pg_time_t t, long int *before_gmtoff, pg_time_t *boundary,
			  long int *after_gmtoff, pg_tz *zone)
{
	int			isdst;
	int			found = pg_next_dst_boundary(&t, before_gmtoff, &isdst, boundary,
											 after_gmtoff, &isdst, zone);

	if (found == 0)
	{
		pg_time_t	later = t + 1;
		long int	later_gmtoff;

		found = pg_next_dst_boundary(&later, &later_gmtoff, &isdst, boundary,
									 after_gmtoff, &isdst, zone);
		if (found > 0 && later_gmtoff != *before_gmtoff)
			found = -1;
	}
	return found;
}

/*
 * The transitions in (from, to], in *list (allocated in zc->mcxt); returns
 * the offset in effect at from.  *final says the zone has no transition
 * after the last one listed.
 */
static int64
collect_transitions(const ZoneClock *zc, TimestampTz from, TimestampTz to,
					RawTransition **list, int *count, bool *final)
{
	pg_time_t	cursor = floor_div(from, USECS_PER_SEC) + UNIX_EPOCH_SECONDS;
	pg_time_t	last = floor_div(to, USECS_PER_SEC) + UNIX_EPOCH_SECONDS;
	int64		offset_at_from = 0;
	bool		first_call = true;
	int			allocated = 8;

	*list = MemoryContextAlloc(zc->mcxt, allocated * sizeof(RawTransition));
	*count = 0;
	*final = false;
	for (;;)
	{
		long int	before_gmtoff;
		long int	after_gmtoff;
		pg_time_t	boundary;
		int			found;

		/* boundary > cursor; at the first call cursor <= from < cursor + 1 */
		found = next_boundary(cursor, &before_gmtoff, &boundary, &after_gmtoff, zc->zone);
		if (found < 0)
			elog(ERROR, "could not find the UTC offset changes of time zone \"%s\"",
				 pg_get_timezone_name(zc->zone));
		if (first_call)
			offset_at_from = (int64) before_gmtoff * USECS_PER_SEC;
		first_call = false;
		if (found == 0)
		{
			*final = true;
			break;
		}
		if (boundary > last)
			break;
		if (*count == allocated)
		{
			allocated *= 2;
			*list = repalloc(*list, allocated * sizeof(RawTransition));
		}
		(*list)[*count].at = (boundary - UNIX_EPOCH_SECONDS) * USECS_PER_SEC;
		(*list)[*count].before = (int64) before_gmtoff * USECS_PER_SEC;
		(*list)[*count].after = (int64) after_gmtoff * USECS_PER_SEC;
		(*count)++;
		cursor = boundary;
	}
	return offset_at_from;
}

static void
ensure_capacity(ZoneClock *zc, int needed)
{
	if (needed <= zc->maxtransitions)
		return;
	zc->maxtransitions = Max(needed, Max(16, zc->maxtransitions * 2));
	if (zc->transitions == NULL)
		zc->transitions = MemoryContextAlloc(zc->mcxt, zc->maxtransitions * sizeof(ZoneTransition));
	else
		zc->transitions = repalloc(zc->transitions, zc->maxtransitions * sizeof(ZoneTransition));
}

static void
extend_forward(ZoneClock *zc, TimestampTz new_hi)
{
	RawTransition *list;
	int			count;
	bool		final;

	collect_transitions(zc, zc->hi, new_hi, &list, &count, &final);
	ensure_capacity(zc, zc->ntransitions + count);
	for (int i = 0; i < count; i++)
	{
		ZoneTransition *t = &zc->transitions[zc->ntransitions];
		int64		shift = zc->ntransitions > 0 ? t[-1].shift : zc->lo_shift;

		t->at = list[i].at;
		t->offset = list[i].after;
		t->shift = shift + shift_change(zc, &list[i]);
		zc->ntransitions++;
	}
	zc->hi = final ? ZONE_LAST_INSTANT : new_hi;
	pfree(list);
}

/* Prepend the transitions of (new_lo, lo], working their shifts backwards. */
static void
extend_backward(ZoneClock *zc, TimestampTz new_lo)
{
	RawTransition *list;
	int			count;
	bool		final;
	int64		offset = collect_transitions(zc, new_lo, zc->lo, &list, &count, &final);
	int64		shift = zc->lo_shift;

	/* a zone without transitions may have no array: memmove wants one */
	if (count > 0)
	{
		ensure_capacity(zc, zc->ntransitions + count);
		memmove(zc->transitions + count, zc->transitions,
				zc->ntransitions * sizeof(ZoneTransition));
	}
	for (int i = count - 1; i >= 0; i--)
	{
		zc->transitions[i].at = list[i].at;
		zc->transitions[i].offset = list[i].after;
		zc->transitions[i].shift = shift;
		shift -= shift_change(zc, &list[i]);
	}
	zc->ntransitions += count;
	zc->lo = new_lo;
	zc->lo_offset = offset;
	zc->lo_shift = shift;
	pfree(list);
}

/*
 * How far the window grows in one step: the width of the time range asked
 * about so far, at least a year.  (Not the window's own width, which is
 * the whole future in zones without further transitions.)
 */
static int64
growth(const ZoneClock *zc)
{
	int64		width;

	if (pg_sub_s64_overflow(zc->asked_hi, zc->asked_lo, &width))
		return PG_INT64_MAX;
	return Max(width, MIN_GROWTH);
}

static TimestampTz
later_by(TimestampTz t, int64 step)
{
	TimestampTz result;

	if (pg_add_s64_overflow(t, step, &result) || result > ZONE_LAST_INSTANT)
		return ZONE_LAST_INSTANT;
	return result;
}

static TimestampTz
earlier_by(TimestampTz t, int64 step)
{
	TimestampTz result;

	if (pg_sub_s64_overflow(t, step, &result) || result < ZONE_FIRST_INSTANT)
		return ZONE_FIRST_INSTANT;
	return result;
}

/* The end of the window grown by a step, stopping once at ZONE_FOLD_CAP. */
static TimestampTz
next_hi(const ZoneClock *zc)
{
	TimestampTz hi = later_by(zc->hi, growth(zc));

	if (zc->hi < ZONE_FOLD_CAP && hi > ZONE_FOLD_CAP)
		return ZONE_FOLD_CAP;
	return hi;
}

bool
sq_zone_clock_grow(ZoneClock *zc)
{
	if (zc->hi >= ZONE_LAST_INSTANT)
		return false;
	zc->asked_hi = zc->hi;
	extend_forward(zc, next_hi(zc));
	return true;
}

/* Grow the window to cover t (a finite timestamp). */
static void
zone_clock_cover(ZoneClock *zc, TimestampTz t)
{
	Assert(!TIMESTAMP_NOT_FINITE(t));
	if (!zc->started)
	{
		/* an empty window at t, where the working clock's shift is 0 */
		RawTransition *none;
		int			count;
		bool		final;

		zc->lo_offset = collect_transitions(zc, t, t, &none, &count, &final);
		pfree(none);
		zc->lo = zc->asked_lo = zc->asked_hi = t;
		zc->hi = final ? ZONE_LAST_INSTANT : t;
		zc->lo_shift = 0;
		zc->started = true;
	}
	zc->asked_lo = Min(zc->asked_lo, t);
	zc->asked_hi = Max(zc->asked_hi, t);
	if (t > zc->hi)
		extend_forward(zc, Max(t, next_hi(zc)));
	if (t < zc->lo)
		extend_backward(zc, Min(t, earlier_by(zc->lo, growth(zc))));
}

/*
 * Compare the first two cycles from ZONE_FOLD_FROM: the offsets at their
 * starts and ends, and their transitions, which must fall a cycle apart,
 * with the same offsets and shift changes.  PostgreSQL's extrapolation
 * makes them equal whenever the zone's table ends centuries before, as it
 * does in any zone data; this only makes sure.
 */
static bool
cycles_repeat(ZoneClock *zc)
{
	int64		offset[3];
	int64		shift[3];
	int			first[3];

	zone_clock_cover(zc, ZONE_FOLD_FROM);
	zone_clock_cover(zc, ZONE_FOLD_CAP);
	for (int c = 0; c < 3; c++)
	{
		TimestampTz t = ZONE_FOLD_FROM + c * ZONE_CYCLE;

		zone_clock_lookup(zc, t, &offset[c], &shift[c]);
		first[c] = zone_clock_find(zc, t);
	}
	if (offset[1] != offset[0] || offset[2] != offset[0] ||
		shift[2] - shift[1] != shift[1] - shift[0] ||
		first[2] - first[1] != first[1] - first[0])
		return false;
	for (int i = 0; i < first[1] - first[0]; i++)
	{
		const ZoneTransition *a = &zc->transitions[first[0] + i];
		const ZoneTransition *b = &zc->transitions[first[1] + i];

		if (b->at - a->at != ZONE_CYCLE || b->offset != a->offset ||
			b->shift - a->shift != shift[1] - shift[0])
			return false;
	}
	zc->cycle_shift = shift[1] - shift[0];
	zc->cycle_work = sq_week_clock(zc->week, ZONE_FOLD_FROM + ZONE_CYCLE + offset[1]) + shift[1] -
		(sq_week_clock(zc->week, ZONE_FOLD_FROM + offset[0]) + shift[0]);
	return true;
}

bool
sq_zone_clock_periodic(ZoneClock *zc)
{
	if (zc->periodic == 0)
		zc->periodic = cycles_repeat(zc) ? 1 : -1;
	return zc->periodic > 0;
}

void
sq_zone_clock_state_outside(ZoneClock *zc, TimestampTz t, int64 *offset, int64 *shift)
{
	int64		cycles;

	if (t < ZONE_FOLD_FROM + ZONE_CYCLE || !sq_zone_clock_periodic(zc) || t <= zc->hi)
	{
		zone_clock_cover(zc, t);
		zone_clock_lookup(zc, t, offset, shift);
		return;
	}
	cycles = (t - ZONE_FOLD_FROM) / ZONE_CYCLE;
	zone_clock_lookup(zc, t - cycles * ZONE_CYCLE, offset, shift);
	*shift += cycles * zc->cycle_shift;
}

/*
 * The instant from which the wall clock reads local or later for good:
 * one microsecond after the last instant whose reading is earlier.  A
 * reading skipped by a jump forward settles at the jump; one repeated by a
 * jump back, at its second occurrence.  UTC offsets are less than a day,
 * so the instant lies within two days of local; far ahead, whole cycles
 * are taken off first.  The result may lie outside the range of
 * timestamps.
 */
TimestampTz
sq_zone_clock_settle(ZoneClock *zc, int64 local)
{
	const int64 margin = 2 * USECS_PER_DAY;
	int64		cycles = 0;
	TimestampTz lo;
	TimestampTz hi;
	int			first;

	if (local > ZONE_FOLD_CAP - margin && sq_zone_clock_periodic(zc))
	{
		cycles = (local - (ZONE_FOLD_CAP - margin) + ZONE_CYCLE - 1) / ZONE_CYCLE;
		local -= cycles * ZONE_CYCLE;
	}
	lo = Max(local - margin, ZONE_FIRST_INSTANT);
	hi = Min(local + margin, ZONE_LAST_INSTANT);
	zone_clock_cover(zc, lo);
	zone_clock_cover(zc, hi);
	first = zone_clock_find(zc, lo);

	/* the latest stretch of constant offset holding an earlier reading */
	for (int k = zone_clock_find(zc, hi); k >= first; k--)
	{
		int64		offset = k == 0 ? zc->lo_offset : zc->transitions[k - 1].offset;
		TimestampTz begin = k == 0 ? ZONE_FIRST_INSTANT : zc->transitions[k - 1].at;
		TimestampTz below = local - offset;

		if (begin < below)
		{
			if (k < zc->ntransitions)
				below = Min(below, zc->transitions[k].at);
			return below + cycles * ZONE_CYCLE;
		}
	}
	/* before the first timestamp, in the offset in effect there */
	return local - (first == 0 ? zc->lo_offset : zc->transitions[first - 1].offset);
}
