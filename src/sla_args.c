/*-------------------------------------------------------------------------
 *
 * sla_args.c
 *	  The SLA functions' arguments: instants to evaluate at, amounts of time
 *	  (targets, idle times), and the clock of a metric read from a call.
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

void
sq_sla_metric_call(FunctionCallInfo fcinfo, SlaMetric metric, int policy_arg, int as_of_arg,
				   int calendar_arg, SlaMetricCall *call)
{
	SlaPolicy  *policy = sq_sla_policy_arg(fcinfo, policy_arg);

	call->has_as_of = !PG_ARGISNULL(as_of_arg);
	call->as_of = call->has_as_of ? PG_GETARG_TIMESTAMPTZ(as_of_arg) : 0;
	if (call->has_as_of)
		sq_sla_check_instant(call->as_of, "as_of");
	call->clock = sq_timeline_clock_arg(fcinfo, calendar_arg);
	call->t = sq_timeline_state_read(PG_GETARG_DATUM(0), &call->timeline_copy);
	sq_sla_view(policy, call->t, &call->view);
	sq_sla_metric_clock(policy, &call->view, metric, &call->spec, &call->targets);
	/* only next_reply (and its pairs) tells its waits from the first reply's */
	call->first_reply_stopped = metric == SLA_NEXT_REPLY &&
		sq_sla_first_reply_stop(&call->view, call->has_as_of ? &call->as_of : NULL,
								&call->first_reply_stop);
}
