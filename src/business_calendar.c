/*-------------------------------------------------------------------------
 *
 * business_calendar.c
 *	  business_time(), business_deadline(), business_start(),
 *	  is_business_time(), business_days(), business_day() and
 *	  business_day_deadline().
 *
 * Working time is exchanged with SQL as an interval made of microseconds
 * only ('37:30:00', never '1 day 13:30:00'): a working day has no fixed
 * length, so days and months would be ambiguous.  For the same reason an
 * amount with days or months is refused rather than guessed at; amounts
 * of business days are integers, in functions of their own.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "business_calendar.h"

PG_FUNCTION_INFO_V1(business_time);
PG_FUNCTION_INFO_V1(business_deadline);
PG_FUNCTION_INFO_V1(business_start);
PG_FUNCTION_INFO_V1(business_window_start);
PG_FUNCTION_INFO_V1(is_business_time);
PG_FUNCTION_INFO_V1(business_days);
PG_FUNCTION_INFO_V1(business_day);
PG_FUNCTION_INFO_V1(business_day_deadline);

Datum
business_time(PG_FUNCTION_ARGS)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz end = PG_GETARG_TIMESTAMPTZ(1);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);
	Interval   *result = palloc(sizeof(Interval));

	result->time = sq_business_calendar_elapsed(cal, start, end);
	result->day = 0;
	result->month = 0;
	PG_RETURN_INTERVAL_P(result);
}

/* An amount of working time: zero or positive, without days or months. */
static int64
working_amount(const Interval *amount)
{
	if (amount->month != 0 || amount->day != 0 || amount->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("working time amount %s is invalid",
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(amount)))),
				 errdetail("The amount must be zero or positive and given in hours, minutes and seconds, without days or months."),
				 errhint("A working day has no fixed length: write '48 hours' rather than '2 days', or count business days with business_day_deadline().")));
	return amount->time;
}

/* The C API's searches for an instant some working time from another. */
typedef bool (*InstantSearch) (BusinessCalendarPrepared *cal, TimestampTz from,
							   int64 amount, TimestampTz *found);

/* (timestamptz, interval, business_calendar): the instant found, or NULL. */
static Datum
instant_by_amount(FunctionCallInfo fcinfo, InstantSearch search)
{
	TimestampTz from = PG_GETARG_TIMESTAMPTZ(0);
	int64		amount = working_amount(PG_GETARG_INTERVAL_P(1));
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);
	TimestampTz found;

	if (!search(cal, from, amount, &found))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(found);
}

Datum
business_deadline(PG_FUNCTION_ARGS)
{
	return instant_by_amount(fcinfo, sq_business_calendar_deadline);
}

Datum
business_start(PG_FUNCTION_ARGS)
{
	return instant_by_amount(fcinfo, sq_business_calendar_start);
}

Datum
business_window_start(PG_FUNCTION_ARGS)
{
	return instant_by_amount(fcinfo, sq_business_calendar_window_start);
}

Datum
is_business_time(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 1);

	PG_RETURN_BOOL(sq_business_calendar_is_working(cal, ts));
}

Datum
business_days(PG_FUNCTION_ARGS)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz end = PG_GETARG_TIMESTAMPTZ(1);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);

	/* local dates of timestamps are fewer than 2^31 */
	PG_RETURN_INT32((int32) sq_business_calendar_days(cal, start, end));
}

Datum
business_day(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 1);
	DateADT		day;

	if (!sq_business_calendar_day(cal, ts, &day))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(day);
}

Datum
business_day_deadline(PG_FUNCTION_ARGS)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	int32		days = PG_GETARG_INT32(1);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);
	TimestampTz deadline;

	if (!sq_business_calendar_day_deadline(cal, start, days, &deadline))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(deadline);
}
