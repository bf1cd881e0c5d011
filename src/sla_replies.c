/*-------------------------------------------------------------------------
 *
 * sla_replies.c
 *	  sla_reply_pairs: every wait of a customer for an agent's reply, as
 *	  rows (n, message_at, reply_at, waited, first_reply, target,
 *	  breach_at).
 *
 * A wait starts at a customer message when the customer is not already
 * waiting (the first unanswered message: later ones do not restart it) and
 * ends at the next agent reply at or after it, or when the case is solved.
 * The waits are the instances of the next_reply clock (sq_sla_metric_clock);
 * the one the case's first agent reply ends is the first reply's, and its
 * SLA is first_reply (measured from the case's creation), so it carries no
 * next_reply target.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "sla.h"

PG_FUNCTION_INFO_V1(sla_reply_pairs);

/* Arguments: (t, policy, as_of, calendar). */
#define ARG_TIMELINE 0
#define ARG_POLICY 1
#define ARG_AS_OF 2
#define ARG_CALENDAR 3

#define PAIR_COLUMNS 7

typedef struct PairRows
{
	SqRows		rows;
	StageMask	reply;			/* agent reply stages */
	bool		has_first_reply;
	TimestampTz first_reply_at;
	int32		n;
} PairRows;

static void
add_pair(void *arg, const SlaInstance *wait)
{
	PairRows   *p = arg;
	bool		first = !(p->has_first_reply && wait->started > p->first_reply_at);
	bool		replied = wait->stopped && wait->stopped_by >= 0 &&
	(p->reply & STAGE_BIT(wait->stopped_by)) != 0;
	Datum		values[PAIR_COLUMNS];
	bool		nulls[PAIR_COLUMNS] = {false};

	values[0] = Int32GetDatum(++p->n);
	values[1] = TimestampTzGetDatum(wait->started);
	values[2] = TimestampTzGetDatum(wait->ended);
	nulls[2] = !replied;
	values[3] = wait->has_value ? sq_timeline_interval_datum(wait->elapsed) : (Datum) 0;
	nulls[3] = !wait->has_value;
	values[4] = BoolGetDatum(first);
	values[5] = sq_timeline_interval_datum(wait->target);
	nulls[5] = first || wait->target == SLA_NO_TARGET;
	values[6] = TimestampTzGetDatum(wait->breach_at);
	nulls[6] = first || !wait->breached;
	sq_rows_add(&p->rows, values, nulls);
}

/* sla_reply_pairs(t, policy, as_of, calendar) */
Datum
sla_reply_pairs(PG_FUNCTION_ARGS)
{
	SlaMetricCall call;
	PairRows	p = {0};

	sq_rows_begin(fcinfo, &p.rows);
	if (PG_ARGISNULL(ARG_TIMELINE))
		return (Datum) 0;
	sq_sla_metric_call(fcinfo, SLA_NEXT_REPLY, ARG_POLICY, ARG_AS_OF, ARG_CALENDAR, &call);
	p.reply = call.view.role[SLA_ROLE_AGENT_REPLY];
	p.has_first_reply = call.has_first_reply;
	p.first_reply_at = call.first_reply_at;
	sla_metric_walk(&call, add_pair, &p);
	return (Datum) 0;
}
