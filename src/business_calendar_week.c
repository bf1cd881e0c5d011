/*-------------------------------------------------------------------------
 *
 * business_calendar_week.c
 *	  Working time on the local wall clock: a version's weekly hours, and
 *	  the calendar's holidays, extra working dates and dated hours.
 *
 * The clock at the start of local date d is
 *
 *	 day_start(d) = weekly_before(d) + (changes made by overrides before d)
 *
 * where weekly_before counts whole weeks from a Monday origin and the
 * overrides carry running sums of their changes.  Within an override
 * (a holiday range, an extra working date, a range of dates with hours of
 * their own) every day has the override's hours, which replaces the weekly
 * part of the days already passed.  Counting business days is the same
 * clock with a microsecond for each day that has hours.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "miscadmin.h"

#include "business_calendar_week.h"

/* 2000-01-03, the first Monday on or after the DateADT origin. */
#define MONDAY_ORIGIN 2

/*
 * Longest range of override dates given a direct index (4 bytes a day),
 * and the most days per override: sparse overrides are bisected, so the
 * index stays within a small multiple of the overrides' own size.
 */
#define MAX_INDEXED_DAYS (1 << 17)
#define MAX_INDEXED_DAYS_PER_OVERRIDE 64

static inline int
weekday_of(int64 date)
{
	int64		days = date - MONDAY_ORIGIN;

	return (int) (days - floor_div(days, 7) * 7);
}

/* Working time of the weekly hours alone in dates [MONDAY_ORIGIN, date). */
static inline int64
weekly_before(const CalendarWeek *week, int64 date)
{
	int64		weeks = floor_div(date - MONDAY_ORIGIN, 7);

	return weeks * week->week_total +
		week->week_prefix[date - MONDAY_ORIGIN - weeks * 7];
}

/* The override holding date, or the last one before it, or -1. */
static inline int
override_index(const CalendarWeek *week, int64 date)
{
	int			lo = 0;
	int			hi = week->noverrides;

	if (hi == 0 || date < week->overrides[0].first)
		return -1;
	if (date > week->overrides[hi - 1].last)
		return hi - 1;
	if (week->override_by_date != NULL)
		return week->override_by_date[date - week->overrides[0].first];
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (week->overrides[mid].first <= date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* The clock at the start of a date, and the hours that date has. */
typedef struct DayStart
{
	int64		clock;
	const DayHours *hours;
} DayStart;

/* Inlined: it runs twice per row, and returns its pair in registers. */
static pg_attribute_always_inline DayStart
day_start(const CalendarWeek *week, int64 date)
{
	int			i = override_index(week, date);
	const DateOverride *o;
	DayStart	result;

	if (i < 0)
	{
		result.hours = &week->weekday[weekday_of(date)];
		result.clock = weekly_before(week, date);
		return result;
	}
	o = &week->overrides[i];
	if (date > o->last)
	{
		result.hours = &week->weekday[weekday_of(date)];
		result.clock = weekly_before(week, date) + o->before + o->change;
		return result;
	}
	result.hours = o->hours;
	result.clock = weekly_before(week, o->first) + o->before +
		(date - o->first) * o->hours->total;
	return result;
}

const DayHours *
sq_week_hours_on(const CalendarWeek *week, int64 date)
{
	int			i = override_index(week, date);

	if (i >= 0 && date <= week->overrides[i].last)
		return week->overrides[i].hours;
	return &week->weekday[weekday_of(date)];
}

int64
sq_week_clock(const CalendarWeek *week, int64 local)
{
	int64		date = floor_div(local, USECS_PER_DAY);
	int64		time = local - date * USECS_PER_DAY;
	DayStart	day = day_start(week, date);
	int64		clock = day.clock;

	for (int i = 0; i < day.hours->nspans && time > day.hours->spans[i].start; i++)
		clock += Min(time, day.hours->spans[i].end) - day.hours->spans[i].start;
	return clock;
}

int64
sq_week_reach(const CalendarWeek *week, int64 from, int64 to, int64 target)
{
	int64		lo = floor_div(from, USECS_PER_DAY);
	int64		hi = floor_div(to, USECS_PER_DAY);
	DayStart	day;
	int64		remaining;

	/*
	 * The first date by whose end the clock reaches the target: gallop from
	 * the first date, as deadlines are mostly near their start, then bisect.
	 */
	for (int64 step = 1; lo + step < hi; step *= 2)
	{
		if (day_start(week, lo + step + 1).clock >= target)
		{
			hi = lo + step;
			break;
		}
		lo += step + 1;
	}
	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (day_start(week, mid + 1).clock >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	day = day_start(week, lo);
	remaining = target - day.clock;
	for (int i = 0; i < day.hours->nspans; i++)
	{
		int64		length = day.hours->spans[i].end - day.hours->spans[i].start;

		if (remaining <= length)
			return lo * USECS_PER_DAY + day.hours->spans[i].start + remaining;
		remaining -= length;
	}
	elog(ERROR, "business calendar clock does not reach its target within a day");
	pg_unreachable();
}

bool
sq_week_is_working(const CalendarWeek *week, int64 local)
{
	int64		date = floor_div(local, USECS_PER_DAY);
	int64		time = local - date * USECS_PER_DAY;
	const DayHours *hours = sq_week_hours_on(week, date);

	for (int i = 0; i < hours->nspans && time >= hours->spans[i].start; i++)
	{
		if (time < hours->spans[i].end)
			return true;
	}
	return false;
}

/* Add an override to the (ascending) list, with its running sums. */
static void
add_override(CalendarWeek *week, int32 first, int32 last, const DayHours *hours)
{
	DateOverride *o = &week->overrides[week->noverrides];
	int64		weekly = weekly_before(week, (int64) last + 1) - weekly_before(week, first);

	o->first = first;
	o->last = last;
	o->hours = hours;
	o->before = 0;
	if (week->noverrides > 0)
		o->before = o[-1].before + o[-1].change;
	o->change = ((int64) last - first + 1) * hours->total - weekly;
	week->noverrides++;
}

/* Index the overrides by date, unless their dates span centuries. */
static void
index_overrides(CalendarWeek *week)
{
	int32		first;
	int64		days;
	int			i = 0;

	if (week->noverrides == 0)
		return;
	first = week->overrides[0].first;
	days = (int64) week->overrides[week->noverrides - 1].last - first + 1;
	if (days > MAX_INDEXED_DAYS || days > (int64) MAX_INDEXED_DAYS_PER_OVERRIDE * week->noverrides)
		return;
	week->override_by_date = palloc(sizeof(int32) * days);
	for (int64 d = 0; d < days; d++)
	{
		while (i + 1 < week->noverrides && week->overrides[i + 1].first <= first + d)
			i++;
		week->override_by_date[d] = i;
	}
}

/* One microsecond of "working time" a day: how days are counted. */
static const WorkSpan unit_span = {0, 1};
static const DayHours unit_day = {1, &unit_span, 1};

DayHours *
sq_week_dated_hours(const CalendarView *view)
{
	DayHours   *dated = palloc0(sizeof(DayHours) * Max(view->ndated, 1));

	for (int i = 0; i < view->ndated; i++)
	{
		WorkSpan   *spans = palloc(sizeof(WorkSpan) * view->dated[i].nspans);

		for (int j = 0; j < view->dated[i].nspans; j++)
		{
			spans[j].start = view->dated[i].spans[2 * j] * USECS_PER_SEC;
			spans[j].end = view->dated[i].spans[2 * j + 1] * USECS_PER_SEC;
			dated[i].total += spans[j].end - spans[j].start;
		}
		dated[i].spans = spans;
		dated[i].nspans = view->dated[i].nspans;
	}
	return dated;
}

/* The weekly hours of a version, or a unit day for each day with hours. */
static void
prepare_weekdays(CalendarWeek *week, const CalendarVersionView *version, bool count_days)
{
	int			nspans = version->day_first[CALENDAR_WEEKDAYS] - version->day_first[0];
	WorkSpan   *all = palloc(sizeof(WorkSpan) * Max(nspans, 1));

	for (int i = 0; i < nspans; i++)
	{
		const int32 *span = version->spans + 2 * (version->day_first[0] + i);

		all[i].start = span[0] * USECS_PER_SEC;
		all[i].end = span[1] * USECS_PER_SEC;
	}
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		DayHours   *day = &week->weekday[d];

		day->spans = all + version->day_first[d] - version->day_first[0];
		day->nspans = version->day_first[d + 1] - version->day_first[d];
		for (int i = 0; i < day->nspans; i++)
			day->total += day->spans[i].end - day->spans[i].start;
		if (count_days && day->nspans > 0)
			*day = unit_day;
		week->week_prefix[d + 1] = week->week_prefix[d] + day->total;
	}
	week->week_total = week->week_prefix[CALENDAR_WEEKDAYS];
}

/*
 * The local dates whose clock and hours a version's week is read on: its
 * own dates, widened by WINDOW_MARGIN days on each side.  The instants in
 * which a version is in force read, on its zone's wall clock, dates from
 * its first date (a day before, at most, where a jump back repeats its
 * midnight) to within a day or two of the next version's first date (UTC
 * offsets are less than a day each way); the dates read by business days
 * are its own, and three before for the floor of closes.  Only
 * differences of the clock mean anything, and bases join the versions,
 * so overrides outside the window, which change the clock inside it by
 * a constant only, are left out: each exception is copied into the weeks
 * of the versions whose windows it meets, not into all of them.
 */
#define WINDOW_MARGIN 7

static void
version_window(const CalendarView *view, int version, int64 *lo, int64 *hi)
{
	*lo = version == 0 ? PG_INT64_MIN : (int64) view->versions[version].from - WINDOW_MARGIN;
	*hi = version == view->nversions - 1 ? PG_INT64_MAX :
		(int64) view->versions[version + 1].from + WINDOW_MARGIN;
}

/* The first of n ascending (first, last) pairs whose last is >= date. */
static int
first_pair_ending_from(const int32 *pairs, int n, int64 date, bool single)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int64		last = single ? pairs[2 * mid] : pairs[2 * mid + 1];

		if (last >= date)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int
first_dated_ending_from(const CalendarView *view, int64 date)
{
	int			lo = 0;
	int			hi = view->ndated;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (view->dated[mid].last >= date)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void
sq_week_prepare(CalendarWeek *week, const CalendarView *view, int version,
				const DayHours *dated, bool count_days)
{
	const int32 *holidays = view->holidays;
	const int32 *workdays = view->workdays;
	int64		lo;
	int64		hi;
	int			h;
	int			w;
	int			x;
	int			h_end;
	int			w_end;
	int			x_end;

	memset(week, 0, sizeof(CalendarWeek));
	prepare_weekdays(week, &view->versions[version], count_days);

	/* the exceptions that meet the window, clipped to it */
	version_window(view, version, &lo, &hi);
	h = first_pair_ending_from(holidays, view->nholidays, lo, false);
	w = first_pair_ending_from(workdays, view->nworkdays, lo, true);
	x = first_dated_ending_from(view, lo);
	h_end = hi == PG_INT64_MAX ? view->nholidays :
		first_pair_ending_from(holidays, view->nholidays, hi + 1, false);
	w_end = hi == PG_INT64_MAX ? view->nworkdays :
		first_pair_ending_from(workdays, view->nworkdays, hi + 1, true);
	x_end = hi == PG_INT64_MAX ? view->ndated : first_dated_ending_from(view, hi + 1);
	/* a range ending after the window may still begin inside it */
	if (h_end < view->nholidays && holidays[2 * h_end] <= hi)
		h_end++;
	if (x_end < view->ndated && view->dated[x_end].first <= hi)
		x_end++;

	/* the three kinds of exception never share a date: merge them */
	week->overrides = palloc(sizeof(DateOverride) *
							 Max((h_end - h) + (w_end - w) + (x_end - x), 1));
	for (;;)
	{
		int64		next_h = h < h_end ? holidays[2 * h] : PG_INT64_MAX;
		int64		next_w = w < w_end ? workdays[2 * w] : PG_INT64_MAX;
		int64		next_x = x < x_end ? view->dated[x].first : PG_INT64_MAX;

		CHECK_FOR_INTERRUPTS();
		if (next_h < next_w && next_h < next_x)
		{
			add_override(week, (int32) Max(holidays[2 * h], lo),
						 (int32) Min(holidays[2 * h + 1], hi), &week->closed);
			h++;
		}
		else if (next_w < next_x)
		{
			add_override(week, workdays[2 * w], workdays[2 * w],
						 &week->weekday[workdays[2 * w + 1]]);
			w++;
		}
		else if (next_x < PG_INT64_MAX)
		{
			add_override(week, (int32) Max(view->dated[x].first, lo),
						 (int32) Min(view->dated[x].last, hi),
						 count_days ? &unit_day : &dated[x]);
			x++;
		}
		else
			break;
	}
	index_overrides(week);
}
