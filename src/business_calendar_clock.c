/*-------------------------------------------------------------------------
 *
 * business_calendar_clock.c
 *	  Prepared calendars: elapsed working time, deadlines forwards and
 *	  backwards, working instants.
 *
 * The working clock of an instant t under one version is
 *
 *	 W(t) = sq_week_clock(t + offset(t)) + shift(t)
 *
 * (business_calendar_week.h, business_calendar_zone.h), and that of a
 * calendar is the clock of the version in force plus its base
 * (business_calendar_clock.h).  It is continuous and never decreasing,
 * grows at the speed of real time exactly in working instants (so by at
 * most one in a microsecond), and is computed in O(log) time for any t.
 * Elapsed working time is W(end) - W(start); a deadline inverts W, and so
 * does a start before a deadline: the last instant at which W is at most
 * a target is one microsecond before the first at which it exceeds it.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "miscadmin.h"

#include "business_calendar_clock.h"

/* The first and last dates on which exceptions give working hours. */
static void
find_work_dates(BusinessCalendarPrepared *prepared, const CalendarView *view)
{
	prepared->first_work_date = PG_INT64_MAX;
	prepared->last_work_date = PG_INT64_MIN;
	if (view->ndated > 0)
	{
		prepared->first_work_date = view->dated[0].first;
		prepared->last_work_date = view->dated[view->ndated - 1].last;
	}
	if (view->nworkdays > 0)
	{
		prepared->first_work_date = Min(prepared->first_work_date, view->workdays[0]);
		prepared->last_work_date = Max(prepared->last_work_date,
									   view->workdays[2 * (view->nworkdays - 1)]);
	}
}

/*
 * When each version is in force, and the bases that join their clocks.
 * The last version's base is 0 and earlier ones are joined to it: the
 * calendar's clock is then the last zone clock from its takeover on, and
 * before that falls back no faster than real time towards the first
 * timestamp, so like a zone clock it fits an int64 at every timestamp.
 * Joined to the first version's clock instead, it would run beyond that
 * range near the last timestamp when the versions' clocks at a takeover
 * differ by more than the few days a zone clock leaves spare.
 */
static void
join_versions(BusinessCalendarPrepared *prepared)
{
	int			n = prepared->nversions;
	VersionClock *after = &prepared->versions[n - 1];

	prepared->versions[n - 1].until = PG_INT64_MAX;
	for (int k = n - 1; k > 0; k--)
	{
		VersionClock *v = &prepared->versions[k];
		TimestampTz takes_over;

		CHECK_FOR_INTERRUPTS();
		takes_over = sq_zone_clock_settle(&v->zone, v->first_date * USECS_PER_DAY);

		v->from = Min(takes_over, v->until);
		prepared->versions[k - 1].until = v->from;
	}
	prepared->versions[0].from = ZONE_FIRST_INSTANT;
	for (int k = n - 2; k >= 0; k--)
	{
		VersionClock *v = &prepared->versions[k];

		CHECK_FOR_INTERRUPTS();
		if (v->from == v->until)
			continue;
		v->base = zone_working_clock(&after->zone, v->until) + after->base -
			zone_working_clock(&v->zone, v->until);
		after = v;
	}
}

BusinessCalendarPrepared *
sq_business_calendar_prepare(const BusinessCalendar *cal, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	BusinessCalendar *value = palloc(VARSIZE(cal));
	BusinessCalendarPrepared *prepared;
	CalendarView view;
	DayHours   *dated;

	memcpy(value, cal, VARSIZE(cal));
	sq_calendar_view(value, &view);
	prepared = palloc0(offsetof(BusinessCalendarPrepared, versions) +
					   sizeof(VersionClock) * view.nversions);
	prepared->mcxt = mcxt;
	prepared->value = value;
	prepared->nversions = view.nversions;
	find_work_dates(prepared, &view);
	dated = sq_week_dated_hours(&view);
	for (int k = 0; k < view.nversions; k++)
	{
		VersionClock *v = &prepared->versions[k];
		const char *canonical;
		pg_tz	   *zone;

		CHECK_FOR_INTERRUPTS();
		zone = sq_calendar_find_zone(view.versions[k].zone, false, &canonical);
		if (zone == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time zone \"%s\" of the business calendar is not known to this server",
							view.versions[k].zone),
					 errhint("The server's time zone data (pg_timezone_names) does not have it.")));
		v->first_date = k == 0 ? PG_INT32_MIN : view.versions[k].from;
		sq_week_prepare(&v->week, &view, k, dated, false);
		sq_zone_clock_init(&v->zone, zone, &v->week, mcxt);
	}
	join_versions(prepared);
	MemoryContextSwitchTo(old);
	return prepared;
}

void
sq_calendar_out_of_range(const char *what, bool after)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range"),
			 after ? errdetail("The %s lies beyond the largest timestamp, 294276 AD.", what) :
			 errdetail("The %s lies before the smallest timestamp, 4714-11-24 BC.", what)));
}

int64
sq_business_calendar_elapsed(BusinessCalendarPrepared *cal, TimestampTz start, TimestampTz end)
{
	int64		elapsed;
	bool		overflow;

	sq_calendar_check_finite(start);
	sq_calendar_check_finite(end);
	if (likely(cal->nversions == 1))
		overflow = pg_sub_s64_overflow(zone_working_clock(&cal->versions[0].zone, end),
									   zone_working_clock(&cal->versions[0].zone, start),
									   &elapsed);
	else
		overflow = pg_sub_s64_overflow(calendar_clock(cal, end), calendar_clock(cal, start),
									   &elapsed);
	if (overflow)
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
zone_reach(ZoneClock *zc, TimestampTz start, int64 target, TimestampTz *reached)
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
			 * within one, where the window covers it.  Only a version with
			 * weekly hours gets this far (any other reaches its target before
			 * its end, or the last one's final clock is below it), and weekly
			 * hours give every cycle working time.
			 */
			TimestampTz base = Max(start, ZONE_FOLD_FROM);
			int64		more = target - zone_working_clock(zc, base + ZONE_CYCLE);

			Assert(zc->cycle_work > 0);
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

/*
 * The clock's final value, when the last version has no weekly hours: it
 * stops once that version is in force and the last date with hours of its
 * own, or working date, is over (local dates end within a day of UTC's).
 */
static int64
final_clock(BusinessCalendarPrepared *cal, TimestampTz start)
{
	VersionClock *last = &cal->versions[cal->nversions - 1];
	TimestampTz after = Max(last->from, start);

	if (cal->last_work_date != PG_INT64_MIN)
		after = Max(after, (cal->last_work_date + 2) * USECS_PER_DAY);
	return zone_working_clock(&last->zone, after) + last->base;
}

/*
 * The first instant at or after start at which the calendar's clock
 * reaches target, which is beyond its value at start; false if it never
 * does (no working hours from some point on).  An error if it does after
 * the last timestamp.
 */
static bool
calendar_reach(BusinessCalendarPrepared *cal, TimestampTz start, int64 target,
			   TimestampTz *reached)
{
	VersionClock *v = version_at(cal, start);
	VersionClock *last = &cal->versions[cal->nversions - 1];

	/* through the versions in force, to the one in which it gets there */
	while (v != last &&
		   zone_working_clock(&v->zone, v->until) + v->base < target)
	{
		CHECK_FOR_INTERRUPTS();
		start = v->until;
		do
			v++;
		while (v->from == v->until);
	}
	if (v == last && last->week.week_total == 0 && final_clock(cal, start) < target)
		return false;
	if (!zone_reach(&v->zone, start, target - v->base, reached))
		sq_calendar_out_of_range("deadline", true);
	return true;
}

bool
sq_business_calendar_deadline(BusinessCalendarPrepared *cal, TimestampTz start, int64 amount,
							  TimestampTz *deadline)
{
	int64		target;

	sq_calendar_check_finite(start);
	Assert(amount >= 0);		/* every caller checks its amount */
	if (amount == 0)
	{
		*deadline = start;
		return true;
	}
	if (pg_add_s64_overflow(calendar_clock(cal, start), amount, &target))
	{
		/*
		 * Past every clock value.  Without weekly hours at the end, the
		 * working time left (dated hours of years up to 9999, at most about
		 * 3e17 us) is far less than such an amount: no deadline.
		 */
		if (cal->versions[cal->nversions - 1].week.week_total == 0)
			return false;
		sq_calendar_out_of_range("deadline", true);
	}
	return calendar_reach(cal, start, target, deadline);
}

/*
 * The clock at end minus amount, for a search back from end; false when
 * that is below the least value an int64 holds, so below the clock's
 * value at every timestamp.
 */
static bool
clock_back(BusinessCalendarPrepared *cal, TimestampTz end, int64 amount, int64 *target)
{
	return !pg_sub_s64_overflow(calendar_clock(cal, end), amount, target);
}

/*
 * An instant before end at which the clock is below bound, stepping back
 * further each time; false when there is none: the clock is at bound or
 * more from the first timestamp on.
 */
static bool
find_below(BusinessCalendarPrepared *cal, TimestampTz end, int64 bound, int64 step,
		   TimestampTz *below)
{
	TimestampTz t = end;

	/* without weekly hours at first, the clock starts where work does */
	if (cal->versions[0].week.week_total == 0)
	{
		TimestampTz before_work = Min(end, cal->versions[0].until);

		if (cal->first_work_date != PG_INT64_MAX)
			before_work = Min(before_work, (cal->first_work_date - 2) * USECS_PER_DAY);
		if (calendar_clock(cal, before_work) >= bound)
			return false;
	}
	for (;;)
	{
		if (pg_sub_s64_overflow(t, step, &t) || t < ZONE_FIRST_INSTANT)
			t = ZONE_FIRST_INSTANT;
		if (calendar_clock(cal, t) < bound)
		{
			*below = t;
			return true;
		}
		if (t == ZONE_FIRST_INSTANT)
			return false;
		step = step > PG_INT64_MAX / 2 ? PG_INT64_MAX : 2 * step;
	}
}

bool
sq_business_calendar_start(BusinessCalendarPrepared *cal, TimestampTz end, int64 amount,
						   TimestampTz *start)
{
	int64		target;
	TimestampTz below;
	TimestampTz over;

	sq_calendar_check_finite(end);
	Assert(amount >= 0);
	if (amount == 0)
	{
		*start = end;
		return true;
	}
	/* the last instant with the clock at most target: just before it rises */
	if (!clock_back(cal, end, amount, &target) ||
		!find_below(cal, end, target + 1, amount, &below))
	{
		/* with weekly hours at first, the start is before the first timestamp */
		if (cal->versions[0].week.week_total == 0)
			return false;
		sq_calendar_out_of_range("start", false);
	}
	if (!calendar_reach(cal, below, target + 1, &over))
		elog(ERROR, "business calendar clock does not reach its value at the deadline");
	*start = over - 1;
	return true;
}

bool
sq_business_calendar_window_start(BusinessCalendarPrepared *cal, TimestampTz end, int64 amount,
								  TimestampTz *start)
{
	int64		target;
	TimestampTz below;

	sq_calendar_check_finite(end);
	Assert(amount >= 0);
	/* none when every instant from the first timestamp on is within amount */
	if (!clock_back(cal, end, amount, &target) ||
		!find_below(cal, end, target, Max(amount, USECS_PER_HOUR), &below))
		return false;
	if (!calendar_reach(cal, below, target, start))
		elog(ERROR, "business calendar clock does not reach its value at the window's end");
	return true;
}

bool
sq_business_calendar_is_working(BusinessCalendarPrepared *cal, TimestampTz ts)
{
	VersionClock *v;
	int64		offset;
	int64		shift;

	sq_calendar_check_finite(ts);
	v = version_at(cal, ts);
	zone_clock_state(&v->zone, ts, &offset, &shift);
	return sq_week_is_working(&v->week, ts + offset);
}
