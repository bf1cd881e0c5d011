/*-------------------------------------------------------------------------
 *
 * sla_metrics.c
 *	  The SLA metrics of a help-desk case under a policy: sla_time,
 *	  sla_met, sla_breach_at, sla_remaining.
 *
 * A metric is a clock of the engine (sq_sla_metric_clock says which):
 * first_reply and the status clocks have one instance per case, next_reply
 * one per wait for a reply after the first one, periodic_update one per gap
 * between agent replies.  Over a case's instances: the time is the longest
 * one, the breach the earliest, met is true when every instance that has a
 * target stopped within it, and the remaining time is the least.  A value
 * that depends on an instance still live at the end of a timeline read
 * without as_of is NULL.
 *
 * A query usually asks several of these about the same case and metric
 * (met and breach instant side by side), and each is a call site of its
 * own, so the summaries of the last few calls are kept for the backend,
 * keyed on every byte of the arguments they depend on: a call with the
 * same ones takes its summary instead of walking the clock again.  The
 * functions are immutable, so the result is the same either way.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "sla.h"

PG_FUNCTION_INFO_V1(sla_time);
PG_FUNCTION_INFO_V1(sla_met);
PG_FUNCTION_INFO_V1(sla_breach_at);
PG_FUNCTION_INFO_V1(sla_remaining);

/* Arguments: (t, metric, policy, as_of, calendar). */
#define ARG_TIMELINE 0
#define ARG_METRIC 1
#define ARG_POLICY 2
#define ARG_AS_OF 3
#define ARG_CALENDAR 4

typedef struct MetricSummary
{
	bool		next_reply;		/* count only waits after the first reply */
	bool		first_reply_stopped;
	TimestampTz first_reply_stop;
	int			instances;
	bool		missing_value;	/* an instance still live, without as_of */
	int64		longest;
	bool		breached;
	TimestampTz earliest_breach;
	bool		undecided;		/* an instance with a target still live */
	int			met;			/* instances that stopped within target */
	bool		has_remaining;
	int64		least_remaining;
} MetricSummary;

static void
summarize(void *arg, const SlaInstance *inst)
{
	MetricSummary *s = arg;
	int			met = sla_instance_met(inst);

	if (s->next_reply && !(s->first_reply_stopped && inst->started > s->first_reply_stop))
		return;
	s->instances++;
	if (!inst->has_value)
		s->missing_value = true;
	else
	{
		s->longest = Max(s->longest, inst->elapsed);
		if (inst->target != SLA_NO_TARGET &&
			(!s->has_remaining || inst->target - inst->elapsed < s->least_remaining))
		{
			s->has_remaining = true;
			s->least_remaining = inst->target - inst->elapsed;
		}
	}
	if (inst->breached && (!s->breached || inst->breach_at < s->earliest_breach))
	{
		s->breached = true;
		s->earliest_breach = inst->breach_at;
	}
	if (met == 1)
		s->met++;
	else if (met < 0 && inst->target != SLA_NO_TARGET)
		s->undecided = true;
}

/*
 * The arguments a summary depends on, and the summary (see the top), for
 * the last few calls: enough for every metric of a case that a query
 * asks, in any order.
 */
#define KEY_ARGS 3				/* timeline, policy, calendar */
#define KEPT_SUMMARIES 4

typedef struct KeptSummary
{
	MetricSummary summary;
	TimestampTz as_of;
	char	   *bytes[KEY_ARGS];	/* in TopMemoryContext */
	int			len[KEY_ARGS];	/* -1: NULL */
	int			capacity[KEY_ARGS];
	SlaMetric	metric;
	bool		has_as_of;
	bool		valid;
} KeptSummary;

static KeptSummary kept[KEPT_SUMMARIES];
static int	next_kept;

static const int key_args[KEY_ARGS] = {ARG_TIMELINE, ARG_POLICY, ARG_CALENDAR};

/* The key arguments of a call: their bytes, and lengths (-1: NULL). */
typedef struct CallKey
{
	struct varlena *values[KEY_ARGS];
	int			len[KEY_ARGS];
} CallKey;

/* The kept summary of the call's arguments, or NULL. */
static const MetricSummary *
kept_summary(FunctionCallInfo fcinfo, SlaMetric metric, const CallKey *key)
{
	bool		has_as_of = !PG_ARGISNULL(ARG_AS_OF);
	TimestampTz as_of = has_as_of ? PG_GETARG_TIMESTAMPTZ(ARG_AS_OF) : 0;

	for (int i = 0; i < KEPT_SUMMARIES; i++)
	{
		const KeptSummary *e = &kept[i];
		int			k;

		if (!e->valid || e->metric != metric || e->has_as_of != has_as_of || e->as_of != as_of)
			continue;
		/* the timeline first: it tells cases apart at its first bytes */
		for (k = 0; k < KEY_ARGS; k++)
			if (e->len[k] != key->len[k] ||
				(key->len[k] > 0 && memcmp(e->bytes[k], VARDATA_ANY(key->values[k]), key->len[k]) != 0))
				break;
		if (k == KEY_ARGS)
			return &e->summary;
	}
	return NULL;
}

/* Keep a summary in place of the oldest one. */
static void
keep_summary(FunctionCallInfo fcinfo, SlaMetric metric, const CallKey *key,
			 const MetricSummary *s)
{
	KeptSummary *e = &kept[next_kept];

	next_kept = (next_kept + 1) % KEPT_SUMMARIES;
	e->valid = false;
	for (int k = 0; k < KEY_ARGS; k++)
	{
		int			len = key->len[k];

		if (len > e->capacity[k])
		{
			if (e->bytes[k])
				pfree(e->bytes[k]);
			e->bytes[k] = NULL; /* consistent if the allocation fails */
			e->capacity[k] = 0;
			e->bytes[k] = MemoryContextAlloc(TopMemoryContext, len);
			e->capacity[k] = len;
		}
		if (len > 0)
			memcpy(e->bytes[k], VARDATA_ANY(key->values[k]), len);
		e->len[k] = len;
	}
	e->metric = metric;
	e->has_as_of = !PG_ARGISNULL(ARG_AS_OF);
	e->as_of = e->has_as_of ? PG_GETARG_TIMESTAMPTZ(ARG_AS_OF) : 0;
	e->summary = *s;
	e->valid = true;
}

/* The summary of the call's metric; false when a required argument is NULL. */
static bool
summarize_metric(FunctionCallInfo fcinfo, bool policy_required, MetricSummary *s)
{
	SlaMetric	metric;
	SlaMetricCall call;
	CallKey		key;
	const MetricSummary *known;

	if (PG_ARGISNULL(ARG_TIMELINE) || PG_ARGISNULL(ARG_METRIC) ||
		(policy_required && PG_ARGISNULL(ARG_POLICY)))
		return false;
	metric = sq_sla_metric_arg(fcinfo, ARG_METRIC);
	for (int k = 0; k < KEY_ARGS; k++)
	{
		key.values[k] = PG_ARGISNULL(key_args[k]) ? NULL :
			PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(key_args[k]));
		key.len[k] = key.values[k] ? (int) VARSIZE_ANY_EXHDR(key.values[k]) : -1;
	}
	known = kept_summary(fcinfo, metric, &key);
	if (known)
	{
		*s = *known;
		return true;
	}
	sq_sla_metric_call(fcinfo, metric, ARG_POLICY, ARG_AS_OF, ARG_CALENDAR, &call);
	memset(s, 0, sizeof(MetricSummary));
	s->next_reply = metric == SLA_NEXT_REPLY;
	s->first_reply_stopped = call.first_reply_stopped;
	s->first_reply_stop = call.first_reply_stop;
	sla_metric_walk(&call, summarize, s);
	keep_summary(fcinfo, metric, &key, s);
	return true;
}

/* sla_time(t, metric, policy, as_of, calendar): the time the metric's clock ran */
Datum
sla_time(PG_FUNCTION_ARGS)
{
	MetricSummary s;

	if (!summarize_metric(fcinfo, false, &s) || s.instances == 0 || s.missing_value)
		PG_RETURN_NULL();
	return sq_timeline_interval_datum(s.longest);
}

/* sla_met(...): false if breached, true if stopped within target, else NULL */
Datum
sla_met(PG_FUNCTION_ARGS)
{
	MetricSummary s;

	if (!summarize_metric(fcinfo, true, &s))
		PG_RETURN_NULL();
	if (s.breached)
		PG_RETURN_BOOL(false);
	if (s.undecided || s.met == 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(true);
}

/* sla_breach_at(...): when the clock reached its target; NULL while met */
Datum
sla_breach_at(PG_FUNCTION_ARGS)
{
	MetricSummary s;

	if (!summarize_metric(fcinfo, true, &s) || !s.breached)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(s.earliest_breach);
}

/* sla_remaining(...): target minus time, negative when overdue */
Datum
sla_remaining(PG_FUNCTION_ARGS)
{
	MetricSummary s;

	if (!summarize_metric(fcinfo, true, &s) || s.missing_value || !s.has_remaining)
		PG_RETURN_NULL();
	return sq_timeline_interval_datum(s.least_remaining);
}
