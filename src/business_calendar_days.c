/*-------------------------------------------------------------------------
 *
 * business_calendar_days.c
 *	  Business days: the dates with working hours, when each closes, and
 *	  counts of them.
 *
 * A business day is a local date with working hours, read under the
 * version whose dates include it (the last one whose first date is on or
 * before it).  Its close is the instant from which that version's zone
 * reads the end of the day's last span or later for good
 * (sq_zone_clock_settle: a skipped end settles where the clock jumps, a
 * repeated one at its second occurrence), and never before the close of an
 * earlier business day, which only matters where a version moves the zone
 * east.  So closes ascend with the dates.
 *
 * An instant belongs to the first business day that closes at or after
 * it.  The business days from a to b are the closes in [a, b): the index
 * of b's business day minus that of a's, where the index of a date counts
 * the business days before it (a second week per version, in which each
 * day with hours counts one microsecond, does the counting).  A deadline
 * of n business days is the close of the n-th business day after the one
 * its start belongs to.
 *
 * An instant's business day is near its local date: offsets are less than
 * a day, and so are the jumps of clocks (or one day, once), so the days
 * from three before to one after its date are tried, then the next one.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "miscadmin.h"

#include "business_calendar_clock.h"

/* Local dates whose midnight (and the next) an int64 position holds. */
#define DAYS_FIRST (MIN_TIMESTAMP / USECS_PER_DAY - 4)
#define DAYS_LAST (END_TIMESTAMP / USECS_PER_DAY + 4)

/* The version whose dates include date: the last that begins by it. */
static VersionClock *
version_of_date(BusinessCalendarPrepared *cal, int64 date)
{
	int			lo = 0;
	int			hi = cal->nversions - 1;

	/* versions[0] begins with all dates; first dates ascend */
	while (lo < hi)
	{
		int			mid = hi - (hi - lo) / 2;

		if (cal->versions[mid].first_date <= date)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &cal->versions[lo];
}

/* Business days before date (from an arbitrary origin). */
static int64
day_index(BusinessCalendarPrepared *cal, int64 date)
{
	VersionClock *v = version_of_date(cal, date);

	return sq_week_clock(&v->days, date * USECS_PER_DAY) + v->day_base;
}

static const DayHours *
hours_of(BusinessCalendarPrepared *cal, int64 date)
{
	return sq_week_hours_on(&version_of_date(cal, date)->week, date);
}

/* The close of a business day. */
static TimestampTz
day_close(BusinessCalendarPrepared *cal, int64 date)
{
	VersionClock *v = version_of_date(cal, date);
	const DayHours *hours = sq_week_hours_on(&v->week, date);
	int64		end = date * USECS_PER_DAY + hours->spans[hours->nspans - 1].end;

	return Max(sq_zone_clock_settle(&v->zone, end), v->close_floor);
}

/* The weeks that count days, their bases, and the floors of closes. */
static void
prepare_days(BusinessCalendarPrepared *cal)
{
	MemoryContext old = MemoryContextSwitchTo(cal->mcxt);
	CalendarView view;

	sq_calendar_view(cal->value, &view);
	for (int k = 0; k < cal->nversions; k++)
	{
		VersionClock *v = &cal->versions[k];

		CHECK_FOR_INTERRUPTS();
		sq_week_prepare(&v->days, &view, k, NULL, true);
		v->close_floor = PG_INT64_MIN;
		if (k == 0)
			continue;
		v->day_base = sq_week_clock(&v[-1].days, v->first_date * USECS_PER_DAY) + v[-1].day_base -
			sq_week_clock(&v->days, v->first_date * USECS_PER_DAY);
		for (int64 date = v->first_date - 3; date < v->first_date; date++)
			if (hours_of(cal, date)->nspans > 0)
				v->close_floor = Max(v->close_floor, day_close(cal, date));
	}
	MemoryContextSwitchTo(old);
	cal->days_ready = true;
}

/*
 * The index of the business day t belongs to, and a date on or before that
 * day whose index is not larger.
 */
static int64
day_of_instant(BusinessCalendarPrepared *cal, TimestampTz t, int64 *hint)
{
	VersionClock *v = version_at(cal, t);
	int64		offset;
	int64		shift;
	int64		date;

	if (!cal->days_ready)
		prepare_days(cal);
	zone_clock_state(&v->zone, t, &offset, &shift);
	date = floor_div(t + offset, USECS_PER_DAY);
	for (*hint = date - 3; *hint <= date + 1; (*hint)++)
		if (hours_of(cal, *hint)->nspans > 0 && day_close(cal, *hint) >= t)
			return day_index(cal, *hint);
	return day_index(cal, *hint);
}

/*
 * The business day with index n, on or after hint (whose index is not
 * larger); false when there is none (no weekly hours from some version
 * on, and no more exceptions with hours).
 */
static bool
day_with_index(BusinessCalendarPrepared *cal, int64 n, int64 hint, int64 *date)
{
	VersionClock *v = version_of_date(cal, hint);
	VersionClock *last = &cal->versions[cal->nversions - 1];
	int64		to;
	int			lo = v - cal->versions;
	int			hi = cal->nversions - 1;

	/*
	 * The last version by whose first date fewer than n + 1 days have passed:
	 * indexes at first dates ascend, so bisect them.
	 */
	while (lo < hi)
	{
		int			mid = hi - (hi - lo) / 2;

		if (day_index(cal, cal->versions[mid].first_date) <= n)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (&cal->versions[lo] != v)
	{
		v = &cal->versions[lo];
		hint = v->first_date;
	}
	if (v != last)
		to = v[1].first_date;
	else
	{
		/* gallop to a date by which the day has come */
		for (int64 step = 8;; step *= 2)
		{
			CHECK_FOR_INTERRUPTS();
			to = Min(hint + step, DAYS_LAST);
			if (day_index(cal, to) > n)
				break;
			if (to == DAYS_LAST)
			{
				if (last->days.week_total == 0)
					return false;
				sq_calendar_out_of_range("business day", true);
			}
		}
	}
	*date = floor_div(sq_week_reach(&v->days, hint * USECS_PER_DAY, to * USECS_PER_DAY,
									n + 1 - v->day_base), USECS_PER_DAY);
	return true;
}

bool
sq_business_calendar_day(BusinessCalendarPrepared *cal, TimestampTz ts, DateADT *day)
{
	int64		hint;
	int64		n;
	int64		date;

	sq_calendar_check_finite(ts);
	n = day_of_instant(cal, ts, &hint);
	if (!day_with_index(cal, n, hint, &date))
		return false;
	/* near the end, a business day may close after the last timestamp */
	if (date >= END_TIMESTAMP / USECS_PER_DAY - 2 && !IS_VALID_TIMESTAMP(day_close(cal, date)))
		sq_calendar_out_of_range("business day", true);

	/*
	 * At the start, the day before the first date: the first instant closes a
	 * day that works until midnight, or is still that day in a zone west of
	 * Greenwich.
	 */
	if (!IS_VALID_DATE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("The business day lies before the smallest date, 4714-11-24 BC.")));
	*day = (DateADT) date;
	return true;
}

int64
sq_business_calendar_days(BusinessCalendarPrepared *cal, TimestampTz start, TimestampTz end)
{
	int64		hint;

	sq_calendar_check_finite(start);
	sq_calendar_check_finite(end);
	return day_of_instant(cal, end, &hint) - day_of_instant(cal, start, &hint);
}

bool
sq_business_calendar_day_deadline(BusinessCalendarPrepared *cal, TimestampTz start, int64 days,
								  TimestampTz *deadline)
{
	int64		hint;
	int64		n;
	int64		date;

	sq_calendar_check_finite(start);
	if (days < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of business days " INT64_FORMAT " must not be negative", days),
				 errdetail("Deadlines are counted forward from their start.")));
	n = day_of_instant(cal, start, &hint) + days;
	if (!day_with_index(cal, n, hint, &date))
		return false;
	*deadline = day_close(cal, date);
	if (!IS_VALID_TIMESTAMP(*deadline))
		sq_calendar_out_of_range("deadline", true);
	return true;
}

pg_tz *
sq_business_calendar_zone(BusinessCalendarPrepared *cal, DateADT date)
{
	return version_of_date(cal, date)->zone.zone;
}
