/*-------------------------------------------------------------------------
 *
 * business_calendar.c
 *	  business_time(), business_deadline() and is_business_time().
 *
 * Working time is exchanged with SQL as an interval made of microseconds
 * only ('37:30:00', never '1 day 13:30:00'): a working day has no fixed
 * length, so days and months would be ambiguous.  For the same reason an
 * amount with days or months is refused rather than guessed at.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "business_calendar.h"

PG_FUNCTION_INFO_V1(business_time);
PG_FUNCTION_INFO_V1(business_deadline);
PG_FUNCTION_INFO_V1(is_business_time);

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

Datum
business_deadline(PG_FUNCTION_ARGS)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	Interval   *amount = PG_GETARG_INTERVAL_P(1);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);
	TimestampTz deadline;

	if (amount->month != 0 || amount->day != 0 || amount->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("working time amount %s is invalid",
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(amount)))),
				 errdetail("The amount must be zero or positive and given in hours, minutes and seconds, without days or months."),
				 errhint("A working day has no fixed length: write '48 hours' rather than '2 days'.")));
	if (!sq_business_calendar_deadline(cal, start, amount->time, &deadline))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(deadline);
}

Datum
is_business_time(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 1);

	PG_RETURN_BOOL(sq_business_calendar_is_working(cal, ts));
}
