/*-------------------------------------------------------------------------
 *
 * business_calendar_binary.c
 *	  business_calendar binary input and output (send/recv).
 *
 * Every malformed message, truncated ones included, is reported as
 * 22P03 with what was expected.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"

#include "business_calendar.h"
#include "business_calendar_value.h"

PG_FUNCTION_INFO_V1(business_calendar_recv);
PG_FUNCTION_INFO_V1(business_calendar_send);

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

pg_attribute_noreturn() static void
report_bad_binary(const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary business_calendar"),
			 errdetail("Expected %s.", expected)));
}

/* An integer of 1, 2 or 4 bytes, if the message still holds one. */
static int32
recv_int(StringInfo buf, int bytes)
{
	if (buf->len - buf->cursor < bytes)
		report_bad_binary("more data (the message ends too early)");
	return (int32) pq_getmsgint(buf, bytes);
}

/* A count of pairs of int32 that the rest of the message can hold. */
static int
recv_count(StringInfo buf)
{
	int32		count = recv_int(buf, 4);

	if (count < 0 || count > (buf->len - buf->cursor) / 8)
		report_bad_binary("a count of entries that the message holds");
	return count;
}

static int32
recv_date(StringInfo buf)
{
	int32		date = recv_int(buf, 4);

	if (date < CALENDAR_FIRST_DATE || date > CALENDAR_LAST_DATE)
		report_bad_binary("dates from 0001-01-01 to 9999-12-31");
	return date;
}

Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CalendarParts parts;
	int			zone_len;
	char	   *zone;
	const char *canonical;
	const char *problem;
	int			origin;

	calendar_check_version(recv_int(buf, 1), ERRCODE_INVALID_BINARY_REPRESENTATION);
	if (recv_int(buf, 1) != 0)
		report_bad_binary("flags 0");
	calendar_parts_init(&parts);

	zone_len = recv_int(buf, 2);
	if (buf->len - buf->cursor < zone_len)
		report_bad_binary("more data (the message ends too early)");
	zone = pnstrdup(pq_getmsgbytes(buf, zone_len), zone_len);
	if ((int) strlen(zone) != zone_len || calendar_find_zone(zone, true, &canonical) == NULL)
		report_bad_binary("a time zone of the IANA database known to PostgreSQL");
	parts.zone = pstrdup(canonical);

	for (int d = 0; d < CALENDAR_WEEKDAYS; d++)
	{
		int			count = recv_count(buf);

		for (int i = 0; i < count; i++)
		{
			int32		start = recv_int(buf, 4);
			int32		end = recv_int(buf, 4);

			if (start < 0 || end > CALENDAR_DAY_SECONDS || start >= end)
				report_bad_binary("spans with 0 <= start < end <= 86400 seconds");
			calendar_parts_add_span(&parts, d, start, end);
		}
	}
	for (int i = recv_count(buf); i > 0; i--)
	{
		int32		first = recv_date(buf);
		int32		last = recv_date(buf);

		if (last < first)
			report_bad_binary("holiday ranges ending on or after their first date");
		calendar_parts_add_holidays(&parts, first, last);
	}
	for (int i = recv_count(buf); i > 0; i--)
	{
		int32		date = recv_date(buf);
		int32		weekday = recv_int(buf, 4);

		if (weekday < 1 || weekday > CALENDAR_WEEKDAYS)
			report_bad_binary("ISO weekdays from 1 (Monday) to 7 (Sunday)");
		calendar_parts_add_workday(&parts, date, weekday - 1, i);
	}
	if (buf->cursor != buf->len)
		report_bad_binary("the end of the message after the extra working dates");

	problem = calendar_parts_finish(&parts, &origin);
	if (problem != NULL)
		report_bad_binary(problem);
	PG_RETURN_POINTER(calendar_from_parts(&parts));
}
