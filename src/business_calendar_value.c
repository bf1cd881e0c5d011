/*-------------------------------------------------------------------------
 *
 * business_calendar_value.c
 *	  Building canonical business_calendar values from their parts.
 *
 * Input is lenient about order and overlap where the meaning is plain
 * (working hours and holidays are sets of times and days, so they are
 * merged), and strict where it is not: an extra working date given twice,
 * or also a holiday, or taking the hours of a weekday without any, is an
 * error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

/* fmgr.h brings the varlena macros (from varatt.h since PostgreSQL 16) */
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "pgtime.h"
#include "utils/memutils.h"

#include "business_calendar_value.h"

const char *const sq_calendar_weekday_names[CALENDAR_WEEKDAYS] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

void
sq_calendar_parts_init(CalendarParts *parts)
{
	memset(parts, 0, sizeof(CalendarParts));
}

/* Room for one more element in a growing array. */
static void *
ensure_room(void *array, int used, int *allocated, Size element_size)
{
	if (used < *allocated)
		return array;
	*allocated = Max(8, *allocated * 2);
	if (array == NULL)
		return palloc(*allocated * element_size);
	return repalloc(array, *allocated * element_size);
}

void
sq_calendar_parts_add_span(CalendarParts *parts, int weekday, int32 start, int32 end)
{
	CalendarRange *span;

	Assert(weekday >= 0 && weekday < CALENDAR_WEEKDAYS && start < end);
	parts->spans[weekday] = ensure_room(parts->spans[weekday], parts->nspans[weekday],
										&parts->maxspans[weekday], sizeof(CalendarRange));
	span = &parts->spans[weekday][parts->nspans[weekday]++];
	span->from = start;
	span->to = end;
}

void
sq_calendar_parts_add_holidays(CalendarParts *parts, int32 first, int32 last)
{
	CalendarRange *dates;

	Assert(first <= last);
	parts->holidays = ensure_room(parts->holidays, parts->nholidays,
								  &parts->maxholidays, sizeof(CalendarRange));
	dates = &parts->holidays[parts->nholidays++];
	dates->from = first;
	dates->to = last;
}

void
sq_calendar_parts_add_workday(CalendarParts *parts, int32 date, int weekday, int origin)
{
	CalendarWorkday *workday;

	parts->workdays = ensure_room(parts->workdays, parts->nworkdays,
								  &parts->maxworkdays, sizeof(CalendarWorkday));
	workday = &parts->workdays[parts->nworkdays++];
	workday->date = date;
	workday->weekday = weekday;
	workday->origin = origin;
}

static int
range_cmp(const void *a, const void *b)
{
	const CalendarRange *x = a;
	const CalendarRange *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

static int
workday_cmp(const void *a, const void *b)
{
	const CalendarWorkday *x = a;
	const CalendarWorkday *y = b;

	if (x->date != y->date)
		return (x->date > y->date) - (x->date < y->date);
	/* of two entries for one date, report the one given later */
	return (x->origin > y->origin) - (x->origin < y->origin);
}

/*
 * Sort ranges and merge those that overlap or are closer than join_gap:
 * 0 for spans, which are half-open, so touching spans are one; 1 for
 * holidays, which are inclusive, so adjacent dates are one range.
 */
static void
merge_ranges(CalendarRange *ranges, int *count, int join_gap)
{
	int			kept = 0;

	if (*count == 0)
		return;
	qsort(ranges, *count, sizeof(CalendarRange), range_cmp);
	for (int i = 1; i < *count; i++)
	{
		if ((int64) ranges[i].from <= (int64) ranges[kept].to + join_gap)
			ranges[kept].to = Max(ranges[kept].to, ranges[i].to);
		else
			ranges[++kept] = ranges[i];
	}
	*count = kept + 1;
}

static const CalendarProblem no_zone = {
	"\"tz=\" and a time zone name (the calendar has none)",
	"the calendar has no time zone"
};
static const CalendarProblem date_twice = {
	"a working date not given before",
	"an extra working date is given twice"
};
static const CalendarProblem date_on_holiday = {
	"a working date that is not also a holiday",
	"an extra working date is also a holiday"
};
static const CalendarProblem no_default_weekday = {
	"\":\" and the weekday whose hours the date takes, as in 2026-02-14:mon (no weekday has working hours to take by default)",
	"an extra working date names no weekday, and no weekday has working hours"
};
static const CalendarProblem weekday_without_hours = {
	"a working date taking the hours of a weekday that has working hours",
	"an extra working date takes the hours of a weekday without working hours"
};

const CalendarProblem *
sq_calendar_parts_finish(CalendarParts *parts, int *origin)
{
	int			default_weekday = -1;
	int			h = 0;

	*origin = -1;
	if (parts->zone == NULL)
		return &no_zone;

	for (int d = CALENDAR_WEEKDAYS - 1; d >= 0; d--)
	{
		merge_ranges(parts->spans[d], &parts->nspans[d], 0);
		if (parts->nspans[d] > 0)
			default_weekday = d;
	}
	merge_ranges(parts->holidays, &parts->nholidays, 1);

	if (parts->nworkdays > 0)
		qsort(parts->workdays, parts->nworkdays, sizeof(CalendarWorkday), workday_cmp);
	for (int i = 0; i < parts->nworkdays; i++)
	{
		CalendarWorkday *w = &parts->workdays[i];

		*origin = w->origin;
		if (i > 0 && parts->workdays[i - 1].date == w->date)
			return &date_twice;
		/* both lists ascend: walk the holidays along */
		while (h < parts->nholidays && parts->holidays[h].to < w->date)
			h++;
		if (h < parts->nholidays && parts->holidays[h].from <= w->date)
			return &date_on_holiday;
		if (w->weekday < 0)
		{
			if (default_weekday < 0)
				return &no_default_weekday;
			w->weekday = default_weekday;
		}
		if (parts->nspans[w->weekday] == 0)
			return &weekday_without_hours;
	}
	*origin = -1;
	return NULL;
}

BusinessCalendar *
sq_calendar_from_parts(const CalendarParts *parts)
{
	int			nspans = 0;
	Size		zone_len = strlen(parts->zone) + 1;
	Size		size;
	BusinessCalendar *cal;
	int32	   *out;

	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
		nspans += parts->nspans[d];
	size = offsetof(BusinessCalendar, data) +
		sizeof(int32) * 2 * ((Size) nspans + parts->nholidays + parts->nworkdays) +
		zone_len;
	cal = palloc0(size);
	SET_VARSIZE(cal, size);
	cal->version = BUSINESS_CALENDAR_VERSION;
	cal->nholidays = parts->nholidays;
	cal->nworkdays = parts->nworkdays;

	out = cal->data;
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		cal->day_first[d] = (out - cal->data) / 2;
		for (int i = 0; i < parts->nspans[d]; i++)
		{
			*out++ = parts->spans[d][i].from;
			*out++ = parts->spans[d][i].to;
		}
	}
	cal->day_first[CALENDAR_WEEKDAYS] = nspans;
	for (int i = 0; i < parts->nholidays; i++)
	{
		*out++ = parts->holidays[i].from;
		*out++ = parts->holidays[i].to;
	}
	for (int i = 0; i < parts->nworkdays; i++)
	{
		*out++ = parts->workdays[i].date;
		*out++ = parts->workdays[i].weekday;
	}
	memcpy(out, parts->zone, zone_len);
	return cal;
}

/*
 * The tz database's names without lower-case letters but with digits
 * (EST5EDT, GMT0 ...), listed once per backend: like pg_tzset's own cache
 * of zones, it lives as long as the backend.
 */
static List *
upper_case_zones_with_digits(void)
{
	static List *names = NIL;
	static bool listed = false;
	List	   *found = NIL;
	MemoryContext old;
	pg_tzenum  *zones;
	pg_tz	   *zone;

	if (listed)
		return names;
	old = MemoryContextSwitchTo(TopMemoryContext);
	zones = pg_tzenumerate_start();
	while ((zone = pg_tzenumerate_next(zones)) != NULL)
	{
		const char *name = pg_get_timezone_name(zone);

		if (strpbrk(name, "0123456789") != NULL &&
			strpbrk(name, "abcdefghijklmnopqrstuvwxyz") == NULL)
			found = lappend(found, pstrdup(name));
	}
	pg_tzenumerate_end(zones);
	MemoryContextSwitchTo(old);
	names = found;
	listed = true;
	return names;
}

/*
 * Is this zone, as pg_tzset spells it, one of the tz database rather than
 * a POSIX rule string?  pg_tzset accepts both, but a rule like "UTC+8"
 * means UTC-8, and a typo like "Asi8a/Shanghai" parses as a rule too.
 * pg_tzset upper-cases rule strings, so a name with a lower-case letter
 * came from a zone file; a rule always has a digit in its offset; the
 * database's few upper-case names with digits are listed.  A system's zone
 * directory may also hold "localtime", a link to the server's own
 * /etc/localtime: not a place, and it would change with the server.
 */
static bool
is_database_zone(const char *canonical)
{
	ListCell   *cell;

	if (pg_strcasecmp(canonical, "localtime") == 0)
		return false;
	if (strpbrk(canonical, "abcdefghijklmnopqrstuvwxyz") != NULL ||
		strpbrk(canonical, "0123456789") == NULL)
		return true;
	foreach(cell, upper_case_zones_with_digits())
	{
		if (pg_strcasecmp(lfirst(cell), canonical) == 0)
			return true;
	}
	return false;
}

/*
 * Zones are those of the tz database that PostgreSQL accepts in SET TIME
 * ZONE, minus leap-second zones, which its timestamp arithmetic cannot
 * represent.
 */
pg_tz *
sq_calendar_find_zone(const char *name, bool check_database, const char **canonical)
{
	pg_tz	   *zone;

	if (name[0] == '\0' || strlen(name) > TZ_STRLEN_MAX)
		return NULL;
	zone = pg_tzset(name);
	if (zone == NULL || !pg_tz_acceptable(zone))
		return NULL;
	*canonical = pg_get_timezone_name(zone);
	if (check_database && !is_database_zone(*canonical))
		return NULL;
	return zone;
}
