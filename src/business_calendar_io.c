/*-------------------------------------------------------------------------
 *
 * business_calendar_io.c
 *	  business_calendar text input and output.
 *
 * Text form (docs/formats.md): "v1" or "v2", then items separated by
 * spaces, in any order:
 *
 *	 tz=Asia/Shanghai						the time zone (required)
 *	 mon-fri=09:00-12:00,13:00-18:00		working hours of weekdays
 *	 sat,sun=10:00-14:00					(several items, a weekday once)
 *	 holidays=2026-01-01,2026-02-15..2026-02-23
 *	 workdays=2026-02-14:mon,2026-02-28		extra working dates, taking the
 *											hours of the weekday named (by
 *											default the first weekday from
 *											Monday that has hours)
 *	 2026-12-24,2026-12-31=09:00-13:00		(v2) dates with hours of their own
 *	 from=2026-06-01						(v2) a version from that date: the
 *											tz= and weekday items after it
 *
 * Items that belong to the whole calendar (holidays=, workdays=, dated
 * hours) come before the first from=.  Times are HH:MM or HH:MM:SS from
 * 00:00 to 24:00, each span within its day.  Output is canonical: tz first,
 * weekdays with equal hours grouped into ranges, spans, holidays and dated
 * hours sorted and merged, every extra working date with its weekday,
 * times with seconds only when they have some, then the later versions; a
 * calendar without dated hours or versions in v1.  It reads back to the
 * same value.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/datetime.h"

#include "business_calendar.h"
#include "business_calendar_value.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(business_calendar_in);
PG_FUNCTION_INFO_V1(business_calendar_out);

#define WEEKDAY_EXPECTED "a weekday (mon, tue, wed, thu, fri, sat, sun)"

/* Exactly n digits (no sign, no spaces), or -1. */
static int
take_digits(StateScanner *scan, int n)
{
	int			value = 0;

	for (int i = 0; i < n; i++)
	{
		if (scan->pos[i] < '0' || scan->pos[i] > '9')
			return -1;
		value = value * 10 + (scan->pos[i] - '0');
	}
	scan->pos += n;
	return value;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The weekday named next (mon ... sun), or -1 without consuming anything. */
static int
try_weekday(StateScanner *scan)
{
	sq_scan_skip_space(scan);
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		if (strncmp(scan->pos, sq_calendar_weekday_names[d], 3) == 0 &&
			!(scan->pos[3] >= 'a' && scan->pos[3] <= 'z'))
		{
			scan->pos += 3;
			return d;
		}
	}
	return -1;
}

static int
scan_weekday(StateScanner *scan)
{
	int			weekday = try_weekday(scan);

	if (weekday < 0)
		sq_scan_error(scan, WEEKDAY_EXPECTED);
	return weekday;
}

/* HH:MM or HH:MM:SS, as seconds after midnight; 24:00 only as an end. */
static int32
scan_time(StateScanner *scan, bool is_end)
{
	const char *at;
	int			hour,
				minute,
				second = 0;

	sq_scan_skip_space(scan);
	at = scan->pos;
	hour = take_digits(scan, 2);
	if (hour >= 0 && *scan->pos == ':')
	{
		scan->pos++;
		minute = take_digits(scan, 2);
		if (minute >= 0 && *scan->pos == ':')
		{
			scan->pos++;
			second = take_digits(scan, 2);
		}
		if (minute >= 0 && minute <= 59 && second >= 0 && second <= 59 &&
			!(*scan->pos >= '0' && *scan->pos <= '9') &&
			(hour < 24 || (is_end && hour == 24 && minute == 0 && second == 0)))
			return hour * 3600 + minute * 60 + second;
	}
	scan->pos = at;
	sq_scan_error(scan, is_end ? "a time HH:MM or HH:MM:SS from 00:00 to 24:00" :
				  "a time HH:MM or HH:MM:SS from 00:00 to 23:59:59");
}

/* YYYY-MM-DD, years 1 to 9999, as days since 2000-01-01. */
static int32
scan_date(StateScanner *scan)
{
	const char *at;
	int			year,
				month = -1,
				day = -1;

	sq_scan_skip_space(scan);
	at = scan->pos;
	year = take_digits(scan, 4);
	if (year >= 0 && *scan->pos == '-')
	{
		scan->pos++;
		month = take_digits(scan, 2);
		if (month >= 0 && *scan->pos == '-')
		{
			scan->pos++;
			day = take_digits(scan, 2);
		}
	}
	if (year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
		day <= day_tab[isleap(year)][month - 1] &&
		!(*scan->pos >= '0' && *scan->pos <= '9'))
		return date2j(year, month, day) - POSTGRES_EPOCH_JDATE;
	scan->pos = at;
	sq_scan_error(scan, "a date YYYY-MM-DD from 0001-01-01 to 9999-12-31");
}

static void
scan_zone(StateScanner *scan, CalendarParts *parts)
{
	const char *at;
	char	   *name;
	const char *canonical;

	sq_scan_skip_space(scan);
	at = scan->pos;
	while (*scan->pos != '\0' && !is_space(*scan->pos))
		scan->pos++;
	name = pnstrdup(at, scan->pos - at);
	if (sq_calendar_find_zone(name, true, &canonical) == NULL)
	{
		scan->pos = at;
		sq_scan_error(scan, "a time zone of the IANA database known to PostgreSQL, such as Asia/Shanghai or America/New_York (not a POSIX rule such as UTC+8, which means UTC-8)");
	}
	sq_calendar_parts_set_zone(parts, canonical);
}

/* Spans HH:MM-HH:MM[,...], each ending after its start, within the day. */
static void
scan_spans(StateScanner *scan, CalendarSpans *spans)
{
	memset(spans, 0, sizeof(CalendarSpans));
	do
	{
		int32		start = scan_time(scan, false);
		int32		end;
		const char *end_at;

		sq_scan_expect(scan, "-");
		sq_scan_skip_space(scan);
		end_at = scan->pos;
		end = scan_time(scan, true);
		if (end <= start)
		{
			scan->pos = end_at;
			sq_scan_error(scan, "an end later than the start (a span ends on its own day: split a night shift at midnight, as in fri=22:00-24:00 sat=00:00-06:00)");
		}
		sq_calendar_spans_add(spans, start, end);
	} while (sq_scan_try(scan, ","));
}

/* mon-fri,sun=09:00-12:00,13:00-18:00 */
static void
scan_hours(StateScanner *scan, CalendarParts *parts, bool *given)
{
	bool		listed[CALENDAR_WEEKDAYS] = {false};
	CalendarSpans spans;

	do
	{
		const char *at;
		int			first,
					last;

		sq_scan_skip_space(scan);
		at = scan->pos;
		first = last = scan_weekday(scan);
		if (sq_scan_try(scan, "-"))
		{
			const char *last_at;

			sq_scan_skip_space(scan);
			last_at = scan->pos;
			last = scan_weekday(scan);
			if (last <= first)
			{
				scan->pos = last_at;
				sq_scan_error(scan, "a later weekday to end the range (ranges run from mon to sun)");
			}
		}
		for (int d = first; d <= last; d++)
		{
			if (given[d] || listed[d])
			{
				scan->pos = at;
				sq_scan_error(scan, "weekdays whose hours were not given before");
			}
			listed[d] = true;
		}
	} while (sq_scan_try(scan, ","));

	sq_scan_expect(scan, "=");
	scan_spans(scan, &spans);
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		for (int i = 0; listed[d] && i < spans.count; i++)
			sq_calendar_parts_add_span(parts, d, spans.ranges[i].from, spans.ranges[i].to);
		given[d] = given[d] || listed[d];
	}
}

/* A date or a range first..last, last not before first. */
static void
scan_date_range(StateScanner *scan, CalendarRange *range)
{
	range->from = range->to = scan_date(scan);
	if (sq_scan_try(scan, ".."))
	{
		const char *last_at;

		sq_scan_skip_space(scan);
		last_at = scan->pos;
		range->to = scan_date(scan);
		if (range->to < range->from)
		{
			scan->pos = last_at;
			sq_scan_error(scan, "a last date on or after the first");
		}
	}
}

/* 2026-01-01,2026-02-15..2026-02-23 */
static void
scan_holidays(StateScanner *scan, CalendarParts *parts)
{
	do
	{
		CalendarRange range;

		CHECK_FOR_INTERRUPTS();
		scan_date_range(scan, &range);
		sq_calendar_parts_add_holidays(parts, range.from, range.to);
	} while (sq_scan_try(scan, ","));
}

/* 2026-02-14:mon,2026-02-28 */
static void
scan_workdays(StateScanner *scan, CalendarParts *parts)
{
	do
	{
		int			origin;
		int32		date;
		int			weekday = -1;

		CHECK_FOR_INTERRUPTS();
		sq_scan_skip_space(scan);
		origin = scan->pos - scan->input;
		date = scan_date(scan);
		if (sq_scan_try(scan, ":"))
			weekday = scan_weekday(scan);
		sq_calendar_parts_add_workday(parts, date, weekday, origin);
	} while (sq_scan_try(scan, ","));
}

/* 2026-12-24,2026-12-31=09:00-13:00 (v2) */
static void
scan_dated(StateScanner *scan, CalendarParts *parts)
{
	int			origin = scan->pos - scan->input;
	int			ndates = 0;
	int			maxdates = 4;
	CalendarRange *dates = palloc(sizeof(CalendarRange) * maxdates);
	CalendarSpans spans;

	do
	{
		CHECK_FOR_INTERRUPTS();
		if (ndates == maxdates)
		{
			maxdates *= 2;
			dates = repalloc(dates, sizeof(CalendarRange) * maxdates);
		}
		scan_date_range(scan, &dates[ndates++]);
	} while (sq_scan_try(scan, ","));
	sq_scan_expect(scan, "=");
	scan_spans(scan, &spans);
	for (int i = 0; i < ndates; i++)
		sq_calendar_parts_add_dated(parts, dates[i].from, dates[i].to, &spans, origin);
}

/* An error at item: tell what may come there. */
pg_attribute_noreturn() static void
reject_item(StateScanner *scan, const char *item, const char *expected)
{
	scan->pos = item;
	sq_scan_error(scan, expected);
}

/* Items are separated by spaces; some appear once. */
static void
check_item(StateScanner *scan, const char *item, bool seen_before, const char *once)
{
	if (!is_space(item[-1]))
		reject_item(scan, item, "a space before the next item");
	if (seen_before)
		reject_item(scan, item, once);
}

#define ZONE_ONCE "an item not given before (tz= appears once in each version)"
#define LISTS_ONCE "an item not given before (tz=, holidays= and workdays= appear once each)"
#define V1_ITEMS "tz=, holidays=, workdays= or weekdays with hours (mon-fri=09:00-18:00); from= and dates with hours of their own need v2"
#define V2_ITEMS "tz=, holidays=, workdays=, weekdays or dates with hours (mon-fri=09:00-18:00, 2026-12-24=09:00-13:00) or from="
#define SHARED_FIRST "tz=, weekdays with hours or from= (holidays=, workdays= and dates with hours apply to every version and come before the first from=)"

/* What business_calendar_in has seen so far. */
typedef struct InputState
{
	int			version;
	CalendarParts parts;
	bool		given[CALENDAR_WEEKDAYS];	/* of the version being read */
	bool		have_holidays;
	bool		have_workdays;
} InputState;

/* Read one item of those every version has, or return false. */
static bool
scan_version_item(StateScanner *scan, InputState *in, const char *item)
{
	CalendarParts *parts = &in->parts;

	if (sq_scan_try(scan, "tz="))
	{
		check_item(scan, item, parts->versions[parts->nversions - 1].zone != NULL,
				   in->version == BUSINESS_CALENDAR_V1 ? LISTS_ONCE : ZONE_ONCE);
		scan_zone(scan, parts);
	}
	else if (in->version == BUSINESS_CALENDAR_V2 && sq_scan_try(scan, "from="))
	{
		const char *date;
		const CalendarProblem *problem;

		check_item(scan, item, false, NULL);
		sq_scan_skip_space(scan);
		date = scan->pos;
		problem = sq_calendar_parts_add_version(parts, scan_date(scan));
		if (problem != NULL)
			reject_item(scan, date, problem->expected);
		memset(in->given, 0, sizeof(in->given));
	}
	else if (try_weekday(scan) >= 0)
	{
		check_item(scan, item, false, NULL);
		scan->pos = item;
		scan_hours(scan, parts, in->given);
	}
	else
		return false;
	return true;
}

/* Read one item that applies to every version, or return false. */
static bool
scan_shared_item(StateScanner *scan, InputState *in, const char *item)
{
	bool		later = in->parts.nversions > 1;

	if (sq_scan_try(scan, "holidays="))
	{
		check_item(scan, item, in->have_holidays, LISTS_ONCE);
		in->have_holidays = true;
		if (later)
			reject_item(scan, item, SHARED_FIRST);
		scan_holidays(scan, &in->parts);
	}
	else if (sq_scan_try(scan, "workdays="))
	{
		check_item(scan, item, in->have_workdays, LISTS_ONCE);
		in->have_workdays = true;
		if (later)
			reject_item(scan, item, SHARED_FIRST);
		scan_workdays(scan, &in->parts);
	}
	else if (in->version == BUSINESS_CALENDAR_V2 && *scan->pos >= '0' && *scan->pos <= '9')
	{
		check_item(scan, item, false, NULL);
		if (later)
			reject_item(scan, item, SHARED_FIRST);
		scan_dated(scan, &in->parts);
	}
	else
		return false;
	return true;
}

Datum
business_calendar_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	InputState	in;
	const CalendarProblem *problem;
	int			origin;

	memset(&in, 0, sizeof(in));
	sq_scan_init(&scan, input, "business_calendar");
	in.version = sq_scan_version(&scan);
	sq_check_format_versions("business_calendar", in.version, BUSINESS_CALENDAR_V1,
							 BUSINESS_CALENDAR_V2, ERRCODE_INVALID_TEXT_REPRESENTATION);
	sq_calendar_parts_init(&in.parts);

	while (!sq_scan_at_end(&scan))
	{
		const char *item = scan.pos;

		/* and per date in lists of dates, which can hold millions */
		CHECK_FOR_INTERRUPTS();
		if (!scan_version_item(&scan, &in, item) && !scan_shared_item(&scan, &in, item))
			sq_scan_error(&scan, in.version == BUSINESS_CALENDAR_V1 ? V1_ITEMS :
						  in.parts.nversions > 1 ? SHARED_FIRST : V2_ITEMS);
	}

	problem = sq_calendar_parts_finish(&in.parts, &origin);
	if (problem != NULL)
	{
		scan.pos = origin >= 0 ? input + origin : input + strlen(input);
		sq_scan_error(&scan, problem->expected);
	}
	PG_RETURN_POINTER(sq_calendar_from_parts(&in.parts));
}

static void
append_time(StringInfo buf, int32 seconds)
{
	appendStringInfo(buf, "%02d:%02d", seconds / 3600, seconds / 60 % 60);
	if (seconds % 60 != 0)
		appendStringInfo(buf, ":%02d", seconds % 60);
}

static void
append_date(StringInfo buf, int32 date)
{
	int			year,
				month,
				day;

	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	appendStringInfo(buf, "%04d-%02d-%02d", year, month, day);
}

static void
append_date_range(StringInfo buf, int32 first, int32 last)
{
	append_date(buf, first);
	if (last != first)
	{
		appendStringInfoString(buf, "..");
		append_date(buf, last);
	}
}

/* "=09:00-12:00,13:00-18:00" */
static void
append_spans(StringInfo buf, const int32 *spans, int n)
{
	for (int i = 0; i < n; i++)
	{
		appendStringInfoChar(buf, i == 0 ? '=' : ',');
		append_time(buf, spans[2 * i]);
		appendStringInfoChar(buf, '-');
		append_time(buf, spans[2 * i + 1]);
	}
}

static bool
same_spans(const int32 *a, int na, const int32 *b, int nb)
{
	return na == nb && memcmp(a, b, sizeof(int32) * 2 * na) == 0;
}

/* The weekdays with hours, consecutive ones with equal hours grouped. */
static void
append_week(StringInfo buf, const CalendarVersionView *version)
{
	for (int d = 0; d < CALENDAR_WEEKDAYS;)
	{
		int			last = d;

		if (calendar_day_spans(version, d) == 0)
		{
			d++;
			continue;
		}
		while (last + 1 < CALENDAR_WEEKDAYS &&
			   same_spans(calendar_day_span_list(version, d), calendar_day_spans(version, d),
						  calendar_day_span_list(version, last + 1), calendar_day_spans(version, last + 1)))
			last++;
		appendStringInfo(buf, " %s", sq_calendar_weekday_names[d]);
		if (last > d)
			appendStringInfo(buf, "-%s", sq_calendar_weekday_names[last]);
		append_spans(buf, calendar_day_span_list(version, d), calendar_day_spans(version, d));
		d = last + 1;
	}
}

/* Orders dated hours by their spans, equal spans by position. */
static int
dated_by_spans(const void *a, const void *b, void *arg)
{
	const CalendarDatedView *dated = arg;
	int			i = *(const int *) a;
	int			j = *(const int *) b;
	const CalendarDatedView *x = &dated[i];
	const CalendarDatedView *y = &dated[j];

	if (x->nspans != y->nspans)
		return (x->nspans > y->nspans) - (x->nspans < y->nspans);
	for (int k = 0; k < 2 * x->nspans; k++)
	{
		if (x->spans[k] != y->spans[k])
			return (x->spans[k] > y->spans[k]) - (x->spans[k] < y->spans[k]);
	}
	return (i > j) - (i < j);
}

/*
 * Dated hours: one item per set of hours, dates ascending in each, items in
 * the order of their first dates.  Sorting the positions by spans makes
 * each set of hours a run of ascending positions, found in n log n time
 * (a calendar can hold millions of dates with hours, all different).
 */
static void
append_dated(StringInfo buf, const CalendarView *view)
{
	int			n = view->ndated;
	int		   *order;
	int		   *run_at;

	if (n == 0)
		return;
	order = palloc(sizeof(int) * n);
	run_at = palloc(sizeof(int) * n);
	for (int i = 0; i < n; i++)
	{
		order[i] = i;
		run_at[i] = -1;
	}
	sq_qsort_interruptible(order, n, sizeof(int), dated_by_spans, view->dated);
	/* a run starts at the first of its dates */
	run_at[order[0]] = 0;
	for (int p = 1; p < n; p++)
	{
		const CalendarDatedView *d = &view->dated[order[p]];
		const CalendarDatedView *before = &view->dated[order[p - 1]];

		if (!same_spans(before->spans, before->nspans, d->spans, d->nspans))
			run_at[order[p]] = p;
	}
	for (int i = 0; i < n; i++)
	{
		const CalendarDatedView *d = &view->dated[i];
		int			p = run_at[i];

		if (p < 0)
			continue;
		do
		{
			const CalendarDatedView *e = &view->dated[order[p]];

			CHECK_FOR_INTERRUPTS();
			appendStringInfoChar(buf, order[p] == i ? ' ' : ',');
			append_date_range(buf, e->first, e->last);
			p++;
		} while (p < n && same_spans(d->spans, d->nspans,
									 view->dated[order[p]].spans,
									 view->dated[order[p]].nspans));
		append_spans(buf, d->spans, d->nspans);
	}
	pfree(order);
	pfree(run_at);
}

Datum
business_calendar_out(PG_FUNCTION_ARGS)
{
	const BusinessCalendar *cal = DatumGetBusinessCalendar(PG_GETARG_DATUM(0));
	CalendarView view;
	StringInfoData buf;

	sq_calendar_view(cal, &view);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d tz=%s", cal->version, view.versions[0].zone);
	append_week(&buf, &view.versions[0]);
	for (int i = 0; i < view.nholidays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		appendStringInfoString(&buf, i == 0 ? " holidays=" : ",");
		append_date_range(&buf, view.holidays[2 * i], view.holidays[2 * i + 1]);
	}
	for (int i = 0; i < view.nworkdays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		appendStringInfoString(&buf, i == 0 ? " workdays=" : ",");
		append_date(&buf, view.workdays[2 * i]);
		appendStringInfo(&buf, ":%s", sq_calendar_weekday_names[view.workdays[2 * i + 1]]);
	}
	append_dated(&buf, &view);
	for (int k = 1; k < view.nversions; k++)
	{
		CHECK_FOR_INTERRUPTS();
		appendStringInfoString(&buf, " from=");
		append_date(&buf, view.versions[k].from);
		if (strcmp(view.versions[k].zone, view.versions[k - 1].zone) != 0)
			appendStringInfo(&buf, " tz=%s", view.versions[k].zone);
		append_week(&buf, &view.versions[k]);
	}
	PG_RETURN_CSTRING(buf.data);
}
