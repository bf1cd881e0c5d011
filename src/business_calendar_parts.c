/*-------------------------------------------------------------------------
 *
 * business_calendar_parts.c
 *	  Collecting and normalizing the parts of a business_calendar.
 *
 * Input is lenient about order and overlap where the meaning is plain
 * (working hours and holidays are sets of times and days, so they are
 * merged), and strict where it is not: an extra working date given twice,
 * or also a holiday, or taking the hours of a weekday without any, dates
 * given hours twice or also holidays, versions out of order, are errors.
 *
 * Exceptions (holidays, extra working dates, dated hours) belong to the
 * calendar, not to a version: a date's exception applies whichever version
 * is in force on it, and an extra working date takes the hours of its
 * weekday in the version whose dates include it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "business_calendar_value.h"

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

static void
start_version(CalendarParts *parts, int32 from)
{
	CalendarVersionParts *version;

	parts->versions = ensure_room(parts->versions, parts->nversions,
								  &parts->maxversions, sizeof(CalendarVersionParts));
	version = &parts->versions[parts->nversions++];
	memset(version, 0, sizeof(CalendarVersionParts));
	version->from = from;
}

void
sq_calendar_parts_init(CalendarParts *parts)
{
	memset(parts, 0, sizeof(CalendarParts));
	start_version(parts, 0);
}

static const CalendarProblem version_out_of_order = {
	"a date after the previous from= date (versions come in the order of their dates)",
	"the versions are not in ascending order of their first dates"
};

/*
 * The order is checked as each version is read, not when the parts are
 * finished, so that the dates bound the number of versions (one per date of
 * years 1 to 9999 at most: 3.65 million, in at most 512 MB of parts), and
 * input that repeats a date stops at its second instance instead of
 * collecting versions up to the allocation limit.
 */
const CalendarProblem *
sq_calendar_parts_add_version(CalendarParts *parts, int32 from)
{
	if (parts->nversions > 1 && from <= parts->versions[parts->nversions - 1].from)
		return &version_out_of_order;
	start_version(parts, from);
	return NULL;
}

void
sq_calendar_parts_set_zone(CalendarParts *parts, const char *canonical)
{
	parts->versions[parts->nversions - 1].zone = pstrdup(canonical);
}

void
sq_calendar_spans_add(CalendarSpans *spans, int32 start, int32 end)
{
	CalendarRange *span;

	Assert(start >= 0 && start < end && end <= CALENDAR_DAY_SECONDS);
	spans->ranges = ensure_room(spans->ranges, spans->count, &spans->allocated,
								sizeof(CalendarRange));
	span = &spans->ranges[spans->count++];
	span->from = start;
	span->to = end;
}

void
sq_calendar_parts_add_span(CalendarParts *parts, int weekday, int32 start, int32 end)
{
	Assert(weekday >= 0 && weekday < CALENDAR_WEEKDAYS);
	sq_calendar_spans_add(&parts->versions[parts->nversions - 1].week[weekday], start, end);
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

void
sq_calendar_parts_add_dated(CalendarParts *parts, int32 first, int32 last,
							const CalendarSpans *spans, int origin)
{
	CalendarDated *dated;

	Assert(first <= last && spans->count > 0);
	parts->dated = ensure_room(parts->dated, parts->ndated, &parts->maxdated,
							   sizeof(CalendarDated));
	dated = &parts->dated[parts->ndated++];
	dated->first = first;
	dated->last = last;
	dated->origin = origin;
	memset(&dated->spans, 0, sizeof(CalendarSpans));
	for (int i = 0; i < spans->count; i++)
		sq_calendar_spans_add(&dated->spans, spans->ranges[i].from, spans->ranges[i].to);
}

static int
range_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const CalendarRange *x = a;
	const CalendarRange *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

static int
workday_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const CalendarWorkday *x = a;
	const CalendarWorkday *y = b;

	if (x->date != y->date)
		return (x->date > y->date) - (x->date < y->date);
	/* of two entries for one date, report the one given later */
	return (x->origin > y->origin) - (x->origin < y->origin);
}

static int
dated_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const CalendarDated *x = a;
	const CalendarDated *y = b;

	if (x->first != y->first)
		return (x->first > y->first) - (x->first < y->first);
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
	sq_qsort_interruptible(ranges, *count, sizeof(CalendarRange), range_cmp, NULL);
	for (int i = 1; i < *count; i++)
	{
		if ((int64) ranges[i].from <= (int64) ranges[kept].to + join_gap)
			ranges[kept].to = Max(ranges[kept].to, ranges[i].to);
		else
			ranges[++kept] = ranges[i];
	}
	*count = kept + 1;
}

static bool
same_spans(const CalendarSpans *a, const CalendarSpans *b)
{
	return a->count == b->count &&
		(a->count == 0 ||
		 memcmp(a->ranges, b->ranges, sizeof(CalendarRange) * a->count) == 0);
}

static const CalendarProblem no_zone = {
	"\"tz=\" and a time zone name (the calendar has none)",
	"the calendar has no time zone"
};
static const CalendarProblem dated_twice = {
	"dates whose hours were not given before",
	"dates are given hours of their own twice"
};
static const CalendarProblem dated_on_holiday = {
	"dates that are not also holidays",
	"dates with hours of their own are also holidays"
};
static const CalendarProblem date_twice = {
	"a working date not given before",
	"an extra working date is given twice"
};
static const CalendarProblem date_on_holiday = {
	"a working date that is not also a holiday",
	"an extra working date is also a holiday"
};
static const CalendarProblem date_with_hours = {
	"a working date that does not have hours of its own",
	"an extra working date also has hours of its own"
};
static const CalendarProblem no_default_weekday = {
	"\":\" and the weekday whose hours the date takes, as in 2026-02-14:mon (no weekday has working hours to take by default)",
	"an extra working date names no weekday, and no weekday has working hours"
};
static const CalendarProblem weekday_without_hours = {
	"a working date taking the hours of a weekday that has working hours",
	"an extra working date takes the hours of a weekday without working hours"
};

/* Zones inherited, spans merged. */
static const CalendarProblem *
finish_versions(CalendarParts *parts)
{
	for (int k = 0; k < parts->nversions; k++)
	{
		CalendarVersionParts *v = &parts->versions[k];

		if (v->zone == NULL && k == 0)
			return &no_zone;
		if (v->zone == NULL)
			v->zone = v[-1].zone;
		for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
			merge_ranges(v->week[d].ranges, &v->week[d].count, 0);
	}
	return NULL;
}

/* Holidays merged; dated hours merged, sorted, disjoint, not on holidays. */
static const CalendarProblem *
finish_dates(CalendarParts *parts, int *origin)
{
	int			h = 0;
	int			kept = 0;

	merge_ranges(parts->holidays, &parts->nholidays, 1);
	if (parts->ndated == 0)
		return NULL;
	for (int i = 0; i < parts->ndated; i++)
		merge_ranges(parts->dated[i].spans.ranges, &parts->dated[i].spans.count, 0);
	sq_qsort_interruptible(parts->dated, parts->ndated, sizeof(CalendarDated), dated_cmp, NULL);
	for (int i = 0; i < parts->ndated; i++)
	{
		CalendarDated *d = &parts->dated[i];

		*origin = d->origin;
		if (i > 0 && d->first <= d[-1].last)
			return &dated_twice;
		/* both lists ascend: walk the holidays along */
		while (h < parts->nholidays && parts->holidays[h].to < d->first)
			h++;
		if (h < parts->nholidays && parts->holidays[h].from <= d->last)
			return &dated_on_holiday;
	}
	/* adjacent dates with the same hours make one range */
	for (int i = 1; i < parts->ndated; i++)
	{
		CalendarDated *d = &parts->dated[i];

		if ((int64) parts->dated[kept].last + 1 == d->first &&
			same_spans(&parts->dated[kept].spans, &d->spans))
			parts->dated[kept].last = d->last;
		else
			parts->dated[++kept] = *d;
	}
	parts->ndated = kept + 1;
	return NULL;
}

/* The version whose dates include date: the last one from on or before it. */
static const CalendarVersionParts *
version_on(const CalendarParts *parts, int32 date)
{
	int			lo = 0;
	int			hi = parts->nversions - 1;

	/* from dates ascend (checked as they are read): bisect them */
	while (lo < hi)
	{
		int			mid = hi - (hi - lo) / 2;

		if (parts->versions[mid].from <= date)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &parts->versions[lo];
}

/* A weekday's hours for a working date, by default the first with some. */
static const CalendarProblem *
resolve_weekday(const CalendarParts *parts, CalendarWorkday *w)
{
	const CalendarVersionParts *version = version_on(parts, w->date);

	for (int d = 0; w->weekday < 0 && d < CALENDAR_WEEKDAYS; d++)
		if (version->week[d].count > 0)
			w->weekday = d;
	if (w->weekday < 0)
		return &no_default_weekday;
	if (version->week[w->weekday].count == 0)
		return &weekday_without_hours;
	return NULL;
}

/* Extra working dates: sorted, each once, on no other exception. */
static const CalendarProblem *
finish_workdays(CalendarParts *parts, int *origin)
{
	int			h = 0;
	int			x = 0;

	if (parts->nworkdays > 0)
		sq_qsort_interruptible(parts->workdays, parts->nworkdays, sizeof(CalendarWorkday),
							   workday_cmp, NULL);
	for (int i = 0; i < parts->nworkdays; i++)
	{
		CalendarWorkday *w = &parts->workdays[i];
		const CalendarProblem *problem;

		*origin = w->origin;
		if (i > 0 && parts->workdays[i - 1].date == w->date)
			return &date_twice;
		while (h < parts->nholidays && parts->holidays[h].to < w->date)
			h++;
		if (h < parts->nholidays && parts->holidays[h].from <= w->date)
			return &date_on_holiday;
		while (x < parts->ndated && parts->dated[x].last < w->date)
			x++;
		if (x < parts->ndated && parts->dated[x].first <= w->date)
			return &date_with_hours;
		problem = resolve_weekday(parts, w);
		if (problem != NULL)
			return problem;
	}
	return NULL;
}

/* A version with the zone and week of the one before changes nothing. */
static void
drop_repeated_versions(CalendarParts *parts)
{
	int			kept = 0;

	for (int k = 1; k < parts->nversions; k++)
	{
		CalendarVersionParts *v = &parts->versions[k];
		CalendarVersionParts *before = &parts->versions[kept];
		bool		same = strcmp(v->zone, before->zone) == 0;

		for (int d = 0; same && d < CALENDAR_WEEKDAYS; d++)
			same = same_spans(&v->week[d], &before->week[d]);
		if (!same)
			parts->versions[++kept] = *v;
	}
	parts->nversions = kept + 1;
}

const CalendarProblem *
sq_calendar_parts_finish(CalendarParts *parts, int *origin)
{
	const CalendarProblem *problem;

	*origin = -1;
	problem = finish_versions(parts);
	if (problem == NULL)
		problem = finish_dates(parts, origin);
	if (problem == NULL)
		problem = finish_workdays(parts, origin);
	if (problem != NULL)
		return problem;
	drop_repeated_versions(parts);
	*origin = -1;
	return NULL;
}
