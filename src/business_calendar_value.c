/*-------------------------------------------------------------------------
 *
 * business_calendar_value.c
 *	  The stored layouts of business_calendar: writing finished parts,
 *	  reading either layout, and the time zones calendars may name.
 *
 * A calendar of one version without dated hours is stored in layout
 * version 1, byte for byte as svcquality 0.1.0 stored it, so values stored
 * then and values made now of the same calendar are equal; any other
 * calendar in layout version 2 (business_calendar_value.h).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

/* fmgr.h brings the varlena macros (from varatt.h since PostgreSQL 16) */
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "pgtime.h"
#include "utils/memutils.h"

#include "business_calendar_value.h"

const char *const sq_calendar_weekday_names[CALENDAR_WEEKDAYS] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* Write a week's spans at out, setting day_first (indexes from base). */
static int32 *
write_week(int32 *out, const CalendarSpans *week, int32 base, int32 *day_first)
{
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		day_first[d] = base;
		for (int i = 0; i < week[d].count; i++)
		{
			*out++ = week[d].ranges[i].from;
			*out++ = week[d].ranges[i].to;
		}
		base += week[d].count;
	}
	day_first[CALENDAR_WEEKDAYS] = base;
	return out;
}

/* Holidays, then extra working dates, as pairs. */
static int32 *
write_exceptions(int32 *out, const CalendarParts *parts)
{
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
	return out;
}

static int
week_spans(const CalendarVersionParts *version)
{
	int			n = 0;

	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
		n += version->week[d].count;
	return n;
}

static BusinessCalendar *
layout_v1(const CalendarParts *parts)
{
	const CalendarVersionParts *version = &parts->versions[0];
	int			nspans = week_spans(version);
	Size		zone_len = strlen(version->zone) + 1;
	Size		size;
	CalendarLayoutV1 *cal;
	int32	   *out;

	size = offsetof(CalendarLayoutV1, data) +
		sizeof(int32) * 2 * ((Size) nspans + parts->nholidays + parts->nworkdays) +
		zone_len;
	cal = palloc0(size);
	SET_VARSIZE(cal, size);
	cal->header.version = BUSINESS_CALENDAR_V1;
	cal->nholidays = parts->nholidays;
	cal->nworkdays = parts->nworkdays;
	out = write_week(cal->data, version->week, 0, cal->day_first);
	out = write_exceptions(out, parts);
	memcpy(out, version->zone, zone_len);
	return (BusinessCalendar *) cal;
}

static BusinessCalendar *
layout_v2(const CalendarParts *parts)
{
	int			nspans = 0;
	int			ndated_spans = 0;
	Size		zones_len = 0;
	Size		ints;
	Size		size;
	CalendarLayoutV2 *cal;
	int32	   *out;
	char	   *zones;

	for (int k = 0; k < parts->nversions; k++)
	{
		nspans += week_spans(&parts->versions[k]);
		zones_len += strlen(parts->versions[k].zone) + 1;
	}
	for (int i = 0; i < parts->ndated; i++)
		ndated_spans += parts->dated[i].spans.count;
	ints = (Size) CALENDAR_V2_VERSION_INTS * parts->nversions +
		2 * ((Size) nspans + parts->nholidays + parts->nworkdays + ndated_spans) +
		4 * (Size) parts->ndated;
	size = offsetof(CalendarLayoutV2, data) + sizeof(int32) * ints + zones_len;
	cal = palloc0(size);
	SET_VARSIZE(cal, size);
	cal->header.version = BUSINESS_CALENDAR_V2;
	cal->nversions = parts->nversions;
	cal->nspans = nspans;
	cal->nholidays = parts->nholidays;
	cal->nworkdays = parts->nworkdays;
	cal->ndated = parts->ndated;
	cal->ndated_spans = ndated_spans;

	/* the versions' records, then their spans after all records */
	zones = (char *) (cal->data + ints);
	out = cal->data + (Size) CALENDAR_V2_VERSION_INTS * parts->nversions;
	nspans = 0;
	zones_len = 0;
	for (int k = 0; k < parts->nversions; k++)
	{
		const CalendarVersionParts *version = &parts->versions[k];
		int32	   *record = cal->data + (Size) CALENDAR_V2_VERSION_INTS * k;

		record[0] = k == 0 ? 0 : version->from;
		record[1] = (int32) zones_len;
		out = write_week(out, version->week, nspans, record + 2);
		nspans = record[2 + CALENDAR_WEEKDAYS];
		strcpy(zones + zones_len, version->zone);
		zones_len += strlen(version->zone) + 1;
	}
	out = write_exceptions(out, parts);

	/* dated records, then their spans */
	ndated_spans = 0;
	for (int i = 0; i < parts->ndated; i++)
	{
		*out++ = parts->dated[i].first;
		*out++ = parts->dated[i].last;
		*out++ = ndated_spans;
		*out++ = parts->dated[i].spans.count;
		ndated_spans += parts->dated[i].spans.count;
	}
	for (int i = 0; i < parts->ndated; i++)
	{
		for (int j = 0; j < parts->dated[i].spans.count; j++)
		{
			*out++ = parts->dated[i].spans.ranges[j].from;
			*out++ = parts->dated[i].spans.ranges[j].to;
		}
	}
	Assert((char *) out == zones);
	return (BusinessCalendar *) cal;
}

BusinessCalendar *
sq_calendar_from_parts(const CalendarParts *parts)
{
	if (parts->nversions == 1 && parts->ndated == 0)
		return layout_v1(parts);
	return layout_v2(parts);
}

static void
view_v1(const CalendarLayoutV1 *cal, CalendarView *view)
{
	CalendarVersionView *version = palloc0(sizeof(CalendarVersionView));
	int			nspans = cal->day_first[CALENDAR_WEEKDAYS];

	version->spans = cal->data;
	memcpy(version->day_first, cal->day_first, sizeof(version->day_first));
	view->nversions = 1;
	view->versions = version;
	view->nholidays = cal->nholidays;
	view->holidays = cal->data + 2 * nspans;
	view->nworkdays = cal->nworkdays;
	view->workdays = view->holidays + 2 * cal->nholidays;
	view->ndated = 0;
	view->dated = NULL;
	version->zone = (const char *) (view->workdays + 2 * cal->nworkdays);
}

static void
view_v2(const CalendarLayoutV2 *cal, CalendarView *view)
{
	const int32 *spans = cal->data + (Size) CALENDAR_V2_VERSION_INTS * cal->nversions;
	const int32 *dated;
	const int32 *dated_spans;
	const char *zones;

	view->nversions = cal->nversions;
	view->versions = palloc(sizeof(CalendarVersionView) * cal->nversions);
	view->nholidays = cal->nholidays;
	view->holidays = spans + 2 * (Size) cal->nspans;
	view->nworkdays = cal->nworkdays;
	view->workdays = view->holidays + 2 * (Size) cal->nholidays;
	dated = view->workdays + 2 * (Size) cal->nworkdays;
	dated_spans = dated + 4 * (Size) cal->ndated;
	zones = (const char *) (dated_spans + 2 * (Size) cal->ndated_spans);
	for (int k = 0; k < cal->nversions; k++)
	{
		const int32 *record = cal->data + (Size) CALENDAR_V2_VERSION_INTS * k;
		CalendarVersionView *version = &view->versions[k];

		version->from = record[0];
		version->zone = zones + record[1];
		version->spans = spans;
		memcpy(version->day_first, record + 2, sizeof(version->day_first));
	}
	view->ndated = cal->ndated;
	view->dated = palloc(sizeof(CalendarDatedView) * Max(cal->ndated, 1));
	for (int i = 0; i < cal->ndated; i++)
	{
		view->dated[i].first = dated[4 * i];
		view->dated[i].last = dated[4 * i + 1];
		view->dated[i].spans = dated_spans + 2 * (Size) dated[4 * i + 2];
		view->dated[i].nspans = dated[4 * i + 3];
	}
}

void
sq_calendar_view(const BusinessCalendar *cal, CalendarView *view)
{
	if (cal->version == BUSINESS_CALENDAR_V1)
		view_v1((const CalendarLayoutV1 *) cal, view);
	else if (cal->version == BUSINESS_CALENDAR_V2)
		view_v2((const CalendarLayoutV2 *) cal, view);
	else
		sq_check_format_versions("business_calendar", cal->version, BUSINESS_CALENDAR_V1,
								 BUSINESS_CALENDAR_V2, ERRCODE_FEATURE_NOT_SUPPORTED);
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
