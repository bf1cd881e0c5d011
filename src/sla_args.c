/*-------------------------------------------------------------------------
 *
 * sla_args.c
 *	  Checks of the SLA functions' time arguments: instants to evaluate at,
 *	  and amounts of time (targets, idle times).
 *
 * Amounts are hours, minutes and seconds, as business_deadline() takes
 * them: they are measured in calendar time or in a calendar's working
 * time, and a working day has no fixed length, so '2 days' would be
 * ambiguous.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "sla.h"

void
sq_sla_check_instant(TimestampTz at, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite timestamp", what),
				 errdetail("A clock still running would run forever; pass e.g. now() or the end of the reporting period.")));
}

int64
sq_sla_amount_usecs(const Interval *amount, const char *what, bool zero_ok)
{
	if (amount->month != 0 || amount->day != 0 || amount->time < 0 ||
		(amount->time == 0 && !zero_ok))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is invalid: %s", what,
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(amount)))),
				 errdetail("It must be %s and given in hours, minutes and seconds, without days or months.",
						   zero_ok ? "zero or positive" : "positive"),
				 errhint("A working day has no fixed length: write '48 hours' rather than '2 days'.")));
	return amount->time;
}
