/*-------------------------------------------------------------------------
 *
 * sla_replies.c
 *	  sla_reply_pairs: every wait of a customer for an agent's reply, as
 *	  rows (pair, message_at, reply_at, waited, first_reply, target,
 *	  breach_at).
 *
 * A wait starts at a customer message when the customer is not already
 * waiting (the first unanswered message: later ones do not restart it) and
 * ends at the next agent reply at or after it, or when the case is solved.
 * The waits are the instances of the next_reply clock (sq_sla_metric_clock);
 * those that start no later than the first reply's clock stops (at the
 * first agent reply or solve) are the first reply's, whose SLA is first_reply
 * (measured from the case's creation), so they carry no next_reply target.
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
	const TimelineState *t;
	StageMask	reply;			/* agent reply stages */
	bool		first_reply_stopped;
	TimestampTz first_reply_stop;
	int32		n;
} PairRows;

/*
 * Whether an agent reply is logged at the instant.  Events of one instant
 * are in the order of their names, and the clock stops at the first: a
 * solve named before the reply would otherwise hide the reply that ended
 * the wait with it.
 */
static bool
reply_logged_at(const TimelineState *t, StageMask reply, TimestampTz at)
{
	const TimestampTz *when = timeline_at(t);
	const uint8 *stage = timeline_stage(t);
	int			lo = 0,
				hi = t->nevents;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (when[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int e = lo; e < t->nevents && when[e] == at; e++)
		if (reply & STAGE_BIT(stage[e]))
			return true;
	return false;
}

static void
add_pair(void *arg, const SlaInstance *wait)
{
	PairRows   *p = arg;
	bool		first = !(p->first_reply_stopped && wait->started > p->first_reply_stop);
	bool		replied = wait->stopped && reply_logged_at(p->t, p->reply, wait->ended);
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
	p.t = call.t;
	p.reply = call.view.role[SLA_ROLE_AGENT_REPLY];
	p.first_reply_stopped = call.first_reply_stopped;
	p.first_reply_stop = call.first_reply_stop;
	sla_metric_walk(&call, add_pair, &p);
	return (Datum) 0;
}
