/*-------------------------------------------------------------------------
 *
 * business_calendar_binary.c
 *	  business_calendar binary input and output.
 *
 * Every malformed value, truncated ones included, is reported as 22P03
 * with what is wrong; a value that reads is checked as text input is
 * (sq_calendar_parts_finish).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/datetime.h"

#include "business_calendar.h"
#include "business_calendar_value.h"

PG_FUNCTION_INFO_V1(business_calendar_recv);
PG_FUNCTION_INFO_V1(business_calendar_send);

/*
 * Binary form (docs/formats.md), version 1: the version byte, a flags byte
 * (0), the zone name as an int16 length and its bytes, then for each
 * weekday Monday to Sunday an int32 count of spans and each span as int32
 * start and end seconds, an int32 count of holiday ranges, each as int32
 * first and last dates (days since 2000-01-01, as in PostgreSQL's binary
 * date), and an int32 count of extra working dates, each as an int32 date
 * and an int32 ISO weekday (1 = Monday) whose hours it takes.  Version 2
 * goes on with an int32 count of date ranges with hours of their own, each
 * as int32 first and last dates and an int32 count of spans with the
 * spans, then an int32 count of later versions, each as an int32 first
 * date, its zone and its week as above.
 */
static void
send_zone_and_week(StringInfo buf, const CalendarVersionView *version)
{
	pq_sendint16(buf, strlen(version->zone));
	pq_sendbytes(buf, version->zone, strlen(version->zone));
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		pq_sendint32(buf, calendar_day_spans(version, d));
		for (int i = 0; i < 2 * calendar_day_spans(version, d); i++)
			pq_sendint32(buf, calendar_day_span_list(version, d)[i]);
	}
}

Datum
business_calendar_send(PG_FUNCTION_ARGS)
{
	const BusinessCalendar *cal = DatumGetBusinessCalendar(PG_GETARG_DATUM(0));
	CalendarView view;
	StringInfoData buf;

	sq_calendar_view(cal, &view);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, cal->version);
	pq_sendbyte(&buf, 0);
	send_zone_and_week(&buf, &view.versions[0]);
	pq_sendint32(&buf, view.nholidays);
	for (int i = 0; i < 2 * view.nholidays; i++)
		pq_sendint32(&buf, view.holidays[i]);
	pq_sendint32(&buf, view.nworkdays);
	for (int i = 0; i < view.nworkdays; i++)
	{
		pq_sendint32(&buf, view.workdays[2 * i]);
		pq_sendint32(&buf, view.workdays[2 * i + 1] + 1);
	}
	if (cal->version == BUSINESS_CALENDAR_V2)
	{
		pq_sendint32(&buf, view.ndated);
		for (int i = 0; i < view.ndated; i++)
		{
			pq_sendint32(&buf, view.dated[i].first);
			pq_sendint32(&buf, view.dated[i].last);
			pq_sendint32(&buf, view.dated[i].nspans);
			for (int j = 0; j < 2 * view.dated[i].nspans; j++)
				pq_sendint32(&buf, view.dated[i].spans[j]);
		}
		pq_sendint32(&buf, view.nversions - 1);
		for (int k = 1; k < view.nversions; k++)
		{
			pq_sendint32(&buf, view.versions[k].from);
			send_zone_and_week(&buf, &view.versions[k]);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* 22P03 with what is wrong in the calendar read */
pg_attribute_noreturn() static void
report_bad_calendar(const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary business_calendar"),
			 errdetail("In this calendar %s.", problem)));
}

/* A date as text input writes it: 2026-01-01 */
static char *
date_text(int32 date)
{
	int			year,
				month,
				day;

	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	return psprintf("%04d-%02d-%02d", year, month, day);
}

/* An integer of 1, 2 or 4 bytes, if the value still holds one. */
static int32
recv_int(StringInfo buf, int bytes)
{
	sq_recv_require(buf, bytes, "business_calendar");
	return (int32) pq_getmsgint(buf, bytes);
}

/* A count of entries of at least entry_bytes, which the rest must hold. */
static int
recv_count(StringInfo buf, int entry_bytes)
{
	int32		count = recv_int(buf, 4);

	if (count < 0)
		report_bad_calendar(psprintf("a count of entries is negative (%d)", count));
	sq_recv_require(buf, (int64) count * entry_bytes, "business_calendar");
	return count;
}

static int32
recv_date(StringInfo buf)
{
	int32		date = recv_int(buf, 4);

	if (date < CALENDAR_FIRST_DATE || date > CALENDAR_LAST_DATE)
		report_bad_calendar(psprintf("a date (day %d from 2000-01-01) is outside 0001-01-01 to 9999-12-31 (days %d to %d)",
									 date, CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE));
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
	if ((int) strlen(zone) != zone_len || !pg_verifymbstr(zone, zone_len, true))
		report_bad_calendar("the time zone's name is not text");
	if (sq_calendar_find_zone(zone, true, &canonical) == NULL)
		report_bad_calendar(psprintf("the time zone \"%s\" is not one of the IANA database known to PostgreSQL",
									 zone));
	sq_calendar_parts_set_zone(parts, canonical);
}

static void
recv_spans(StringInfo buf, CalendarSpans *spans)
{
	memset(spans, 0, sizeof(CalendarSpans));
	for (int i = recv_count(buf, 8); i > 0; i--)
	{
		int32		start = recv_int(buf, 4);
		int32		end = recv_int(buf, 4);

		if (start < 0 || end > CALENDAR_DAY_SECONDS || start >= end)
			report_bad_calendar(psprintf("a working span from %d to %d seconds is not 0 <= start < end <= 86400",
										 start, end));
		sq_calendar_spans_add(spans, start, end);
	}
}

/* A version's zone and week, into the last version of parts. */
static void
recv_zone_and_week(StringInfo buf, CalendarParts *parts)
{
	recv_zone(buf, parts);
	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		CalendarSpans spans;

		recv_spans(buf, &spans);
		for (int i = 0; i < spans.count; i++)
			sq_calendar_parts_add_span(parts, d, spans.ranges[i].from, spans.ranges[i].to);
	}
}

static void
recv_exceptions(StringInfo buf, CalendarParts *parts)
{
	for (int i = recv_count(buf, 8); i > 0; i--)
	{
		int32		first;
		int32		last;

		CHECK_FOR_INTERRUPTS();
		first = recv_date(buf);
		last = recv_date(buf);
		if (last < first)
			report_bad_calendar(psprintf("a holiday range ends (%s) before its first date (%s)",
										 date_text(last), date_text(first)));
		sq_calendar_parts_add_holidays(parts, first, last);
	}
	for (int i = recv_count(buf, 8); i > 0; i--)
	{
		int32		date;
		int32		weekday;

		CHECK_FOR_INTERRUPTS();
		date = recv_date(buf);
		weekday = recv_int(buf, 4);
		if (weekday < 1 || weekday > CALENDAR_WEEKDAYS)
			report_bad_calendar(psprintf("the extra working date %s takes the hours of weekday %d, outside 1 (Monday) to 7 (Sunday)",
										 date_text(date), weekday));
		sq_calendar_parts_add_workday(parts, date, weekday - 1, i);
	}
}

/* What version 2 adds: dated hours, then later versions. */
static void
recv_v2(StringInfo buf, CalendarParts *parts)
{
	for (int i = recv_count(buf, 12); i > 0; i--)
	{
		int32		first;
		int32		last;
		CalendarSpans spans;

		CHECK_FOR_INTERRUPTS();
		first = recv_date(buf);
		last = recv_date(buf);
		if (last < first)
			report_bad_calendar(psprintf("a range of dates with hours ends (%s) before its first date (%s)",
										 date_text(last), date_text(first)));
		recv_spans(buf, &spans);
		if (spans.count == 0)
			report_bad_calendar(first == last ?
								psprintf("the date %s with hours of its own has no working span",
										 date_text(first)) :
								psprintf("the dates %s to %s with hours of their own have no working span",
										 date_text(first), date_text(last)));
		sq_calendar_parts_add_dated(parts, first, last, &spans, i);
	}
	for (int i = recv_count(buf, 4 + 2 + 4 * CALENDAR_WEEKDAYS); i > 0; i--)
	{
		const CalendarProblem *problem;

		CHECK_FOR_INTERRUPTS();
		problem = sq_calendar_parts_add_version(parts, recv_date(buf));
		if (problem != NULL)
			report_bad_calendar(problem->problem);
		recv_zone_and_week(buf, parts);
	}
}

Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CalendarParts parts;
	const CalendarProblem *problem;
	int			origin;
	int			version = recv_int(buf, 1);

	sq_check_format_versions("business_calendar", version, BUSINESS_CALENDAR_V1,
							 BUSINESS_CALENDAR_V2, ERRCODE_INVALID_BINARY_REPRESENTATION);
	if (recv_int(buf, 1) != 0)
		report_bad_calendar("the flags byte is not 0");
	sq_calendar_parts_init(&parts);
	recv_zone_and_week(buf, &parts);
	recv_exceptions(buf, &parts);
	if (version == BUSINESS_CALENDAR_V2)
		recv_v2(buf, &parts);
	sq_recv_end(buf, "business_calendar");

	problem = sq_calendar_parts_finish(&parts, &origin);
	if (problem != NULL)
		report_bad_calendar(problem->problem);
	PG_RETURN_POINTER(sq_calendar_from_parts(&parts));
}
