/*-------------------------------------------------------------------------
 *
 * business_calendar_io.c
 *	  business_calendar text and binary input and output.
 *
 * Text form, version 1: "v1" then items separated by spaces, in any order:
 *
 *	 tz=Asia/Shanghai						the time zone (required)
 *	 mon-fri=09:00-12:00,13:00-18:00		working hours of weekdays
 *	 sat,sun=10:00-14:00					(several items, a weekday once)
 *	 holidays=2026-01-01,2026-02-15..2026-02-23
 *	 workdays=2026-02-14:mon,2026-02-28		extra working dates, taking the
 *											hours of the weekday named (by
 *											default the first weekday from
 *											Monday that has hours)
 *
 * Times are HH:MM or HH:MM:SS from 00:00 to 24:00, each span within its day.
 * Output is canonical: tz first, weekdays with equal hours grouped into
 * ranges, spans and holidays merged, every extra working date with its
 * weekday, times with seconds only when they have some.  It reads back to
 * the same value.
 *
 * Binary form, version 1: see business_calendar_send().  Every malformed
 * value, truncated ones included, is reported as 22P03 with what is wrong.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "utils/datetime.h"

#include "business_calendar.h"
#include "business_calendar_value.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(business_calendar_in);
PG_FUNCTION_INFO_V1(business_calendar_out);
PG_FUNCTION_INFO_V1(business_calendar_recv);
PG_FUNCTION_INFO_V1(business_calendar_send);

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
	parts->zone = pstrdup(canonical);
}

/* mon-fri,sun=09:00-12:00,13:00-18:00 */
static void
scan_hours(StateScanner *scan, CalendarParts *parts, bool *given)
{
	bool		listed[CALENDAR_WEEKDAYS] = {false};

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
		for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
			if (listed[d])
				sq_calendar_parts_add_span(parts, d, start, end);
	} while (sq_scan_try(scan, ","));

	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
		given[d] = given[d] || listed[d];
}

/* 2026-01-01,2026-02-15..2026-02-23 */
static void
scan_holidays(StateScanner *scan, CalendarParts *parts)
{
	do
	{
		int32		first = scan_date(scan);
		int32		last = first;

		if (sq_scan_try(scan, ".."))
		{
			const char *last_at;

			sq_scan_skip_space(scan);
			last_at = scan->pos;
			last = scan_date(scan);
			if (last < first)
			{
				scan->pos = last_at;
				sq_scan_error(scan, "a last date on or after the first");
			}
		}
		sq_calendar_parts_add_holidays(parts, first, last);
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

		sq_scan_skip_space(scan);
		origin = scan->pos - scan->input;
		date = scan_date(scan);
		if (sq_scan_try(scan, ":"))
			weekday = scan_weekday(scan);
		sq_calendar_parts_add_workday(parts, date, weekday, origin);
	} while (sq_scan_try(scan, ","));
}

/* Items are separated by spaces, and tz=, holidays= and workdays= appear once. */
static void
check_item(StateScanner *scan, const char *item, bool seen_before)
{
	const char *expected = NULL;

	if (!is_space(item[-1]))
		expected = "a space before the next item";
	else if (seen_before)
		expected = "an item not given before (tz=, holidays= and workdays= appear once each)";
	if (expected != NULL)
	{
		scan->pos = item;
		sq_scan_error(scan, expected);
	}
}

Datum
business_calendar_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	CalendarParts parts;
	bool		given[CALENDAR_WEEKDAYS] = {false};
	bool		have_holidays = false;
	bool		have_workdays = false;
	const CalendarProblem *problem;
	int			origin;

	sq_scan_init(&scan, input, "business_calendar");
	sq_check_format_version("business_calendar", sq_scan_version(&scan), BUSINESS_CALENDAR_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	sq_calendar_parts_init(&parts);

	while (!sq_scan_at_end(&scan))
	{
		const char *item = scan.pos;

		if (sq_scan_try(&scan, "tz="))
		{
			check_item(&scan, item, parts.zone != NULL);
			scan_zone(&scan, &parts);
		}
		else if (sq_scan_try(&scan, "holidays="))
		{
			check_item(&scan, item, have_holidays);
			have_holidays = true;
			scan_holidays(&scan, &parts);
		}
		else if (sq_scan_try(&scan, "workdays="))
		{
			check_item(&scan, item, have_workdays);
			have_workdays = true;
			scan_workdays(&scan, &parts);
		}
		else if (try_weekday(&scan) >= 0)
		{
			check_item(&scan, item, false);
			scan.pos = item;
			scan_hours(&scan, &parts, given);
		}
		else
			sq_scan_error(&scan, "tz=, holidays=, workdays= or weekdays with hours (mon-fri=09:00-18:00)");
	}

	problem = sq_calendar_parts_finish(&parts, &origin);
	if (problem != NULL)
	{
		scan.pos = origin >= 0 ? input + origin : input + strlen(input);
		sq_scan_error(&scan, problem->expected);
	}
	PG_RETURN_POINTER(sq_calendar_from_parts(&parts));
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

static bool
same_hours(const BusinessCalendar *cal, int a, int b)
{
	int			n = cal->day_first[a + 1] - cal->day_first[a];

	return n == cal->day_first[b + 1] - cal->day_first[b] &&
		memcmp(calendar_spans(cal) + 2 * cal->day_first[a],
			   calendar_spans(cal) + 2 * cal->day_first[b],
			   sizeof(int32) * 2 * n) == 0;
}

Datum
business_calendar_out(PG_FUNCTION_ARGS)
{
	const BusinessCalendar *cal = DatumGetBusinessCalendar(PG_GETARG_DATUM(0));
	const int32 *spans = calendar_spans(cal);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d tz=%s", BUSINESS_CALENDAR_VERSION, calendar_zone(cal));

	for (int d = 0; d < CALENDAR_WEEKDAYS;)
	{
		int			last = d;

		if (cal->day_first[d] == cal->day_first[d + 1])
		{
			d++;
			continue;
		}
		while (last + 1 < CALENDAR_WEEKDAYS && same_hours(cal, d, last + 1))
			last++;
		appendStringInfo(&buf, " %s", sq_calendar_weekday_names[d]);
		if (last > d)
			appendStringInfo(&buf, "-%s", sq_calendar_weekday_names[last]);
		for (int i = cal->day_first[d]; i < cal->day_first[d + 1]; i++)
		{
			appendStringInfoChar(&buf, i == cal->day_first[d] ? '=' : ',');
			append_time(&buf, spans[2 * i]);
			appendStringInfoChar(&buf, '-');
			append_time(&buf, spans[2 * i + 1]);
		}
		d = last + 1;
	}

	for (int i = 0; i < cal->nholidays; i++)
	{
		const int32 *h = calendar_holidays(cal) + 2 * i;

		appendStringInfoString(&buf, i == 0 ? " holidays=" : ",");
		append_date(&buf, h[0]);
		if (h[1] != h[0])
		{
			appendStringInfoString(&buf, "..");
			append_date(&buf, h[1]);
		}
	}
	for (int i = 0; i < cal->nworkdays; i++)
	{
		const int32 *w = calendar_workdays(cal) + 2 * i;

		appendStringInfoString(&buf, i == 0 ? " workdays=" : ",");
		append_date(&buf, w[0]);
		appendStringInfo(&buf, ":%s", sq_calendar_weekday_names[w[1]]);
	}
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form, version 1: the version byte, a flags byte (0), the zone name
 * as an int16 length and its bytes, then for each weekday Monday to Sunday
 * an int32 count of spans and each span as int32 start and end seconds, an
 * int32 count of holiday ranges, each as int32 first and last dates (days
 * since 2000-01-01, as in PostgreSQL's binary date), and an int32 count of
 * extra working dates, each as an int32 date and an int32 ISO weekday
 * (1 = Monday) whose hours it takes.
 */
Datum
business_calendar_send(PG_FUNCTION_ARGS)
{
	const BusinessCalendar *cal = DatumGetBusinessCalendar(PG_GETARG_DATUM(0));
	const char *zone = calendar_zone(cal);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, BUSINESS_CALENDAR_VERSION);
	pq_sendbyte(&buf, 0);
	pq_sendint16(&buf, strlen(zone));
	pq_sendbytes(&buf, zone, strlen(zone));
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		pq_sendint32(&buf, cal->day_first[d + 1] - cal->day_first[d]);
		for (int i = 2 * cal->day_first[d]; i < 2 * cal->day_first[d + 1]; i++)
			pq_sendint32(&buf, calendar_spans(cal)[i]);
	}
	pq_sendint32(&buf, cal->nholidays);
	for (int i = 0; i < 2 * cal->nholidays; i++)
		pq_sendint32(&buf, calendar_holidays(cal)[i]);
	pq_sendint32(&buf, cal->nworkdays);
	for (int i = 0; i < cal->nworkdays; i++)
	{
		pq_sendint32(&buf, calendar_workdays(cal)[2 * i]);
		pq_sendint32(&buf, calendar_workdays(cal)[2 * i + 1] + 1);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* An integer of 1, 2 or 4 bytes, if the value still holds one. */
static int32
recv_int(StringInfo buf, int bytes)
{
	sq_recv_require(buf, bytes, "business_calendar");
	return (int32) pq_getmsgint(buf, bytes);
}

/* A count of pairs of int32, which the rest of the value must hold. */
static int
recv_count(StringInfo buf)
{
	int32		count = recv_int(buf, 4);

	if (count < 0)
		sq_report_bad_binary("business_calendar", "a count of entries is negative");
	sq_recv_require(buf, (int64) count * 8, "business_calendar");
	return count;
}

static int32
recv_date(StringInfo buf)
{
	int32		date = recv_int(buf, 4);

	if (date < CALENDAR_FIRST_DATE || date > CALENDAR_LAST_DATE)
		sq_report_bad_binary("business_calendar",
							 "a date is outside 0001-01-01 to 9999-12-31");
	return date;
}

/* The zone name as sent, if the tz database known to PostgreSQL has it. */
static void
recv_zone(StringInfo buf, CalendarParts *parts)
{
	int			zone_len = recv_int(buf, 2);
	char	   *zone;
	const char *canonical;

	sq_recv_require(buf, zone_len, "business_calendar");
	zone = pnstrdup(pq_getmsgbytes(buf, zone_len), zone_len);
	if ((int) strlen(zone) != zone_len || sq_calendar_find_zone(zone, true, &canonical) == NULL)
		sq_report_bad_binary("business_calendar",
							 "the time zone is not one of the IANA database known to PostgreSQL");
	parts->zone = pstrdup(canonical);
}

Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CalendarParts parts;
	const CalendarProblem *problem;
	int			origin;

	sq_check_format_version("business_calendar", recv_int(buf, 1), BUSINESS_CALENDAR_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	if (recv_int(buf, 1) != 0)
		sq_report_bad_binary("business_calendar", "the flags byte is not 0");
	sq_calendar_parts_init(&parts);
	recv_zone(buf, &parts);
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		for (int i = recv_count(buf); i > 0; i--)
		{
			int32		start = recv_int(buf, 4);
			int32		end = recv_int(buf, 4);

			if (start < 0 || end > CALENDAR_DAY_SECONDS || start >= end)
				sq_report_bad_binary("business_calendar",
									 "a working span is not 0 <= start < end <= 86400 seconds");
			sq_calendar_parts_add_span(&parts, d, start, end);
		}
	}
	for (int i = recv_count(buf); i > 0; i--)
	{
		int32		first = recv_date(buf);
		int32		last = recv_date(buf);

		if (last < first)
			sq_report_bad_binary("business_calendar", "a holiday range ends before its first date");
		sq_calendar_parts_add_holidays(&parts, first, last);
	}
	for (int i = recv_count(buf); i > 0; i--)
	{
		int32		date = recv_date(buf);
		int32		weekday = recv_int(buf, 4);

		if (weekday < 1 || weekday > CALENDAR_WEEKDAYS)
			sq_report_bad_binary("business_calendar",
								 "an extra working date takes the hours of a weekday outside 1 (Monday) to 7 (Sunday)");
		sq_calendar_parts_add_workday(&parts, date, weekday - 1, i);
	}
	sq_recv_end(buf, "business_calendar");

	problem = sq_calendar_parts_finish(&parts, &origin);
	if (problem != NULL)
		sq_report_bad_binary("business_calendar", problem->problem);
	PG_RETURN_POINTER(sq_calendar_from_parts(&parts));
}
