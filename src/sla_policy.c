/*-------------------------------------------------------------------------
 *
 * sla_policy.c
 *	  SLA policies: the jsonb form (targets per metric and priority, stage
 *	  names, priority settings) parsed and checked once per call site, a
 *	  timeline seen through a policy, the clock of each metric, and the SQL
 *	  functions that show what a policy says (sla_policy_targets,
 *	  sla_vocabulary).
 *
 * A policy is parsed in a memory context of its own under the call site's,
 * and a few are kept per call site keyed on their bytes, so a constant
 * policy, or one per team, is parsed once per query.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "sla.h"
#include "timeline_args.h"

PG_FUNCTION_INFO_V1(sla_policy_targets);
PG_FUNCTION_INFO_V1(sla_vocabulary);

static const VocabularySpec sla_spec = {
	.what = "SLA",
	.object_message = "\"stages\" of an SLA policy must be a JSON object",
	.object_example = "Map roles to your stage names, e.g. {\"stages\": {\"solved\": [\"solved\", \"closed\"]}}.",
	.value_example = "Map each role to your stage names, e.g. {\"agent_reply\": [\"public_reply\", \"email_sent\"]}.",
	.nroles = SLA_ROLES,
	.roles = {
		[SLA_ROLE_NEW] = "new",
		[SLA_ROLE_OPEN] = "open",
		[SLA_ROLE_PENDING] = "pending",
		[SLA_ROLE_ON_HOLD] = "on_hold",
		[SLA_ROLE_SOLVED] = "solved",
		[SLA_ROLE_CUSTOMER_MESSAGE] = "customer_message",
		[SLA_ROLE_AGENT_REPLY] = "agent_reply",
	},
	.defaults = {[SLA_ROLE_SOLVED] = {"solved", "closed"}},
};

static const char *const metric_names[SLA_METRICS] = {
	[SLA_FIRST_REPLY] = "first_reply",
	[SLA_NEXT_REPLY] = "next_reply",
	[SLA_PERIODIC_UPDATE] = "periodic_update",
	[SLA_REQUESTER_WAIT] = "requester_wait",
	[SLA_AGENT_WORK] = "agent_work",
	[SLA_RESOLUTION] = "resolution",
};

#define SLA_METRIC_LIST "first_reply, next_reply, periodic_update, requester_wait, agent_work, resolution"
#define SLA_MAX_PRIORITIES 64
#define POLICY_CACHE_ENTRIES 4

typedef struct PolicyCacheEntry
{
	struct varlena *key;		/* the jsonb bytes, NULL: empty entry */
	MemoryContext context;		/* holds the key and the policy */
	SlaPolicy  *policy;
} PolicyCacheEntry;

typedef struct PolicyCache
{
	PolicyCacheEntry standard;	/* the default policy, key unused */
	PolicyCacheEntry entries[POLICY_CACHE_ENTRIES];
	int			next_entry;
	bool		metric_known;	/* the call's metric is the same in every row */
	SlaMetric	metric;
} PolicyCache;

static PolicyCache *
policy_cache(FunctionCallInfo fcinfo)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);

	if (call->sla == NULL)
		call->sla = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PolicyCache));
	return (PolicyCache *) call->sla;
}

/* A target read from a policy, before all the priority names are known. */
typedef struct ParsedTarget
{
	SlaMetric	metric;
	int			priority;		/* index, -1: every priority */
	int64		usecs;
} ParsedTarget;

typedef struct PolicyParse
{
	SlaPolicy  *policy;
	ParsedTarget *targets;
	int			ntargets;
	int			capacity;
} PolicyParse;

static int
metric_of_name(const char *name, int len)
{
	for (int m = 0; m < SLA_METRICS; m++)
		if ((int) strlen(metric_names[m]) == len && memcmp(metric_names[m], name, len) == 0)
			return m;
	return -1;
}

static int
priority_index(SlaPolicy *p, const char *name, int len)
{
	for (int i = 0; i < p->npriorities; i++)
		if (p->priority_lens[i] == len && memcmp(p->priorities[i], name, len) == 0)
			return i;
	if (p->npriorities == SLA_MAX_PRIORITIES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an SLA policy names more than %d priorities", SLA_MAX_PRIORITIES),
				 errdetail("Priority \"%.*s\" would be number %d; the targets of all metrics together name at most %d priorities.",
						   len, name, SLA_MAX_PRIORITIES + 1, SLA_MAX_PRIORITIES)));
	p->priorities[p->npriorities] = pnstrdup(name, len);
	p->priority_lens[p->npriorities] = len;
	return p->npriorities++;
}

/*
 * interval_in, with its syntax errors restated as a policy's (22P02).  It
 * reads the text as IntervalStyle postgres has it whatever the session's
 * setting (sql_standard would apply a leading minus to every field), so a
 * policy means the same everywhere: the functions reading it are immutable.
 */
static Interval *
interval_of(const char *text, const char *where)
{
	MemoryContext context = CurrentMemoryContext;
	int			style = IntervalStyle;
	Interval   *volatile result = NULL;

	IntervalStyle = INTSTYLE_POSTGRES;
	PG_TRY();
	{
		result = DatumGetIntervalP(DirectFunctionCall3(interval_in, CStringGetDatum(text),
													   ObjectIdGetDatum(InvalidOid),
													   Int32GetDatum(-1)));
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		IntervalStyle = style;
		MemoryContextSwitchTo(context);
		edata = CopyErrorData();
		if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
			PG_RE_THROW();
		FlushErrorState();

		/*
		 * Text that is no interval is malformed (22P02); an interval beyond
		 * the type's range keeps interval_in's code (22015), as in a cast.
		 */
		if (edata->sqlerrcode == ERRCODE_INTERVAL_FIELD_OVERFLOW ||
			edata->sqlerrcode == ERRCODE_DATETIME_VALUE_OUT_OF_RANGE)
			ereport(ERROR,
					(errcode(edata->sqlerrcode),
					 errmsg("SLA target of %s is beyond the range of an interval: \"%s\"",
							where, text),
					 errdetail("%s", edata->message)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("SLA target of %s is not an interval: \"%s\"", where, text),
				 errdetail("%s", edata->message)));
	}
	PG_END_TRY();
	IntervalStyle = style;
	return result;
}

static void
add_target(PolicyParse *parse, SlaMetric metric, int priority, const JsonbValue *value,
		   const char *where)
{
	char	   *text;
	char	   *what;

	if (value->type != jbvString)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("SLA target of %s must be a string", where),
				 errdetail("Write targets as intervals, e.g. {\"first_reply\": {\"urgent\": \"1 hour\"}}.")));
	text = pnstrdup(value->val.string.val, value->val.string.len);

	what = psprintf("SLA target of %s", where);
	if (parse->ntargets == parse->capacity)
	{
		parse->capacity *= 2;
		parse->targets = repalloc(parse->targets, parse->capacity * sizeof(ParsedTarget));
	}
	parse->targets[parse->ntargets].metric = metric;
	parse->targets[parse->ntargets].priority = priority;
	parse->targets[parse->ntargets].usecs = sq_sla_amount_usecs(interval_of(text, where), what, false);
	parse->ntargets++;
}

/* The value of a metric's key: one target, or an object of priorities. */
static void
parse_metric(PolicyParse *parse, SlaMetric metric, const JsonbValue *value)
{
	const char *name = metric_names[metric];
	JsonbIterator *it;
	JsonbValue	key,
				target;

	if (value->type == jbvString)
	{
		add_target(parse, metric, -1, value, psprintf("\"%s\"", name));
		return;
	}
	if (value->type != jbvBinary || !JsonContainerIsObject(value->val.binary.data))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("targets of \"%s\" in the SLA policy must be a string or an object of priorities", name),
				 errdetail("E.g. {\"%s\": \"4 hours\"} or {\"%s\": {\"urgent\": \"1 hour\", \"normal\": \"8 hours\"}}.",
						   name, name)));
	it = JsonbIteratorInit(value->val.binary.data);
	(void) JsonbIteratorNext(&it, &key, true);	/* WJB_BEGIN_OBJECT */
	while (JsonbIteratorNext(&it, &key, true) == WJB_KEY)
	{
		int			priority;

		/* as default_priority: a priority is named */
		if (key.val.string.len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a priority of \"%s\" in the SLA policy has an empty name", name),
					 errdetail("Priorities are the non-empty names that follow the priority prefix in a stage name.")));
		priority = priority_index(parse->policy, key.val.string.val, key.val.string.len);
		(void) JsonbIteratorNext(&it, &target, true);
		add_target(parse, metric, priority, &target,
				   psprintf("\"%s.%s\"", name, parse->policy->priorities[priority]));
	}
}

pg_attribute_noreturn() static void
report_bad_option(const char *key, const char *allowed)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("\"%s\" of an SLA policy must be %s", key, allowed)));
}

/* The string value of an option key, or an error saying what it must be. */
static char *
option_string(const JsonbValue *value, const char *key, const char *allowed)
{
	if (value->type != jbvString || value->val.string.len == 0)
		report_bad_option(key, allowed);
	return pnstrdup(value->val.string.val, value->val.string.len);
}

static void
parse_option(PolicyParse *parse, const char *key, const JsonbValue *value)
{
	SlaPolicy  *p = parse->policy;
	char	   *text;

	if (strcmp(key, "stages") == 0)
	{
		if (value->type != jbvBinary)
		{
			JsonbValue	scalar = *value;	/* JsonbTypeName() takes no const */

			sq_vocabulary_report_not_object(&sla_spec, JsonbTypeName(&scalar));
		}
		p->stages = sq_vocabulary_build(&sla_spec, value->val.binary.data);
	}
	else if (strcmp(key, "priority_prefix") == 0)
	{
		p->priority_prefix = option_string(value, key, "a non-empty string");
		p->priority_prefix_len = strlen(p->priority_prefix);
	}
	else if (strcmp(key, "default_priority") == 0)
	{
		text = option_string(value, key, "a non-empty string");

		p->default_priority = priority_index(p, text, strlen(text));
	}
	else if (strcmp(key, "priority_mode") == 0)
	{
		text = option_string(value, key, "\"current\" or \"initial\"");

		if (strcmp(text, "current") != 0 && strcmp(text, "initial") != 0)
			report_bad_option(key, "\"current\" or \"initial\"");
		p->current_priority = strcmp(text, "current") == 0;
	}
	else if (strcmp(key, "reopen") == 0)
	{
		text = option_string(value, key, "\"resume\" or \"ignore\"");

		if (strcmp(text, "resume") != 0 && strcmp(text, "ignore") != 0)
			report_bad_option(key, "\"resume\" or \"ignore\"");
		p->reopen = strcmp(text, "resume") == 0;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown key \"%s\" in the SLA policy", key),
				 errdetail("The keys are the metrics (" SLA_METRIC_LIST ") and stages, priority_prefix, priority_mode, default_priority, reopen.")));
}

static void
parse_policy(PolicyParse *parse, JsonbContainer *root)
{
	JsonbIterator *it;
	JsonbValue	key,
				value;

	if (!JsonContainerIsObject(root))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an SLA policy must be a JSON object, not a JSON %s",
						sq_json_type_name(root)),
				 errdetail("E.g. {\"first_reply\": {\"urgent\": \"1 hour\", \"normal\": \"8 hours\"}, \"resolution\": \"40 hours\"}.")));
	it = JsonbIteratorInit(root);
	(void) JsonbIteratorNext(&it, &key, true);	/* WJB_BEGIN_OBJECT */
	while (JsonbIteratorNext(&it, &key, true) == WJB_KEY)
	{
		char	   *name = pnstrdup(key.val.string.val, key.val.string.len);
		int			metric = metric_of_name(name, key.val.string.len);

		(void) JsonbIteratorNext(&it, &value, true);
		if (metric >= 0)
			parse_metric(parse, (SlaMetric) metric, &value);
		else
			parse_option(parse, name, &value);
	}
}

/* Each stage name is one status or one kind of message. */
static void
check_roles(const Vocabulary *v)
{
	const uint32 messages = ((uint32) 1 << SLA_ROLE_CUSTOMER_MESSAGE) |
	((uint32) 1 << SLA_ROLE_AGENT_REPLY);

	for (int k = 0; k < v->n; k++)
	{
		uint32		roles = v->entries[k].roles;

		if (pg_popcount32(roles) > 1)
		{
			int			first = pg_rightmost_one_pos32(roles);
			int			second = pg_rightmost_one_pos32(roles & (roles - 1));
			const char *name = v->entries[k].name;

			/*
			 * A mapping that gives one help-desk event a status and a kind of
			 * message is one event in two roles, logged as two rows at one
			 * instant (docs/sla.md, "Policies"); the hint keeps the message,
			 * as the page keeps a customer's reply that reopens the ticket as
			 * customer_message.  Two statuses (or two kinds of message) given
			 * one name need names of their own; a name clashing with one that
			 * a role left out keeps by default needs that role given too.
			 */
			const char *hint;

			if ((roles & v->given_roles) != roles)
				hint = "A role left out of \"stages\" keeps its default names; give it too to free one.";
			else if (pg_popcount32(roles & messages) != 1)
				hint = "Give each role stage names of its own.";
			else
				hint = psprintf("For an event that is both, map \"%s\" to %s alone and add a row of the %s role's stage at the same instant when building the timelines.",
								name, sla_spec.roles[second], sla_spec.roles[first]);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("stage name \"%s\" plays two SLA roles, %s and %s",
							name, sla_spec.roles[first], sla_spec.roles[second]),
					 errdetail("Each stage name of a help desk is one status or one kind of message."),
					 errhint("%s", hint)));
		}
	}
}

/*
 * A stage that starts with the priority prefix sets a priority, so no
 * status or message may: "priority_prefix": "p" would make the status
 * pending a priority "ending" as well.
 */
static void
check_priority_prefix(const SlaPolicy *p)
{
	const Vocabulary *v = p->stages;

	for (int k = 0; k < v->n; k++)
		if (v->entries[k].roles != 0 && v->entries[k].len >= p->priority_prefix_len &&
			memcmp(v->entries[k].name, p->priority_prefix, p->priority_prefix_len) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("stage name \"%s\" of the SLA role %s starts with the priority prefix \"%s\"",
							v->entries[k].name,
							sla_spec.roles[pg_rightmost_one_pos32(v->entries[k].roles)],
							p->priority_prefix),
					 errdetail("Each stage name of a help desk is one status, one kind of message or a priority.")));
}

/* A policy from its jsonb form (NULL: the default policy), in CurrentMemoryContext. */
static SlaPolicy *
build_policy(JsonbContainer *root)
{
	SlaPolicy  *p = palloc0(sizeof(SlaPolicy));
	PolicyParse parse = {p, NULL, 0, 8};

	p->priority_prefix = "priority:";
	p->priority_prefix_len = strlen(p->priority_prefix);
	p->current_priority = true;
	p->reopen = true;
	p->default_priority = -1;
	p->priorities = palloc(SLA_MAX_PRIORITIES * sizeof(char *));
	p->priority_lens = palloc(SLA_MAX_PRIORITIES * sizeof(int));
	parse.targets = palloc(parse.capacity * sizeof(ParsedTarget));
	if (root)
		parse_policy(&parse, root);
	if (p->stages == NULL)
		p->stages = sq_vocabulary_build(&sla_spec, NULL);
	check_roles(p->stages);
	check_priority_prefix(p);

	for (int m = 0; m < SLA_METRICS; m++)
	{
		p->any_target[m] = SLA_NO_TARGET;
		p->targets[m] = palloc(Max(p->npriorities, 1) * sizeof(int64));
		for (int i = 0; i < p->npriorities; i++)
			p->targets[m][i] = SLA_NO_TARGET;
	}
	for (int k = 0; k < parse.ntargets; k++)
	{
		const ParsedTarget *target = &parse.targets[k];

		if (target->priority < 0)
			p->any_target[target->metric] = target->usecs;
		else
			p->targets[target->metric][target->priority] = target->usecs;
	}
	return p;
}

SlaPolicy *
sq_sla_policy_arg(FunctionCallInfo fcinfo, int argno)
{
	PolicyCache *cache = policy_cache(fcinfo);
	PolicyCacheEntry *entry;
	struct varlena *bytes;
	MemoryContext old;

	if (argno < 0 || PG_ARGISNULL(argno))
	{
		if (cache->standard.policy == NULL)
		{
			old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
			cache->standard.policy = build_policy(NULL);
			MemoryContextSwitchTo(old);
		}
		return cache->standard.policy;
	}

	bytes = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	for (int i = 0; i < POLICY_CACHE_ENTRIES; i++)
	{
		entry = &cache->entries[i];
		if (entry->key && VARSIZE(entry->key) == VARSIZE(bytes) &&
			memcmp(entry->key, bytes, VARSIZE(bytes)) == 0)
			return entry->policy;
	}

	entry = &cache->entries[cache->next_entry];
	cache->next_entry = (cache->next_entry + 1) % POLICY_CACHE_ENTRIES;
	if (entry->context)
		MemoryContextDelete(entry->context);
	entry->key = NULL;
	entry->context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "SLA policy",
										   ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(entry->context);
	entry->policy = build_policy(&((Jsonb *) bytes)->root);
	entry->key = palloc(VARSIZE(bytes));
	memcpy(entry->key, bytes, VARSIZE(bytes));
	MemoryContextSwitchTo(old);
	return entry->policy;
}

/* Priority index of each stage of t's dictionary (the priority it sets). */
static void
resolve_priorities(const SlaPolicy *p, const TimelineState *t, int8 *priority)
{
	const char *entry = timeline_names(t);

	for (int i = 0; i < t->nstages; i++)
	{
		int			len = (uint8) entry[0];
		const char *name = entry + 1;

		priority[i] = SLA_NOT_PRIORITY;
		if (len >= p->priority_prefix_len &&
			memcmp(name, p->priority_prefix, p->priority_prefix_len) == 0)
		{
			priority[i] = SLA_UNNAMED_PRIORITY;
			for (int k = 0; k < p->npriorities; k++)
				if (p->priority_lens[k] == len - p->priority_prefix_len &&
					memcmp(p->priorities[k], name + p->priority_prefix_len,
						   p->priority_lens[k]) == 0)
					priority[i] = k;
		}
		entry += 1 + len;
	}
}

void
sq_sla_view(SlaPolicy *policy, const TimelineState *t, SlaView *view)
{
	view->t = t;
	sq_vocabulary_resolve(policy->stages, t, view->role);
	resolve_priorities(policy, t, view->priority);
}

/*
 * The metric is usually a constant of the call: then it is read once per
 * query, not once per row.
 */
SlaMetric
sq_sla_metric_arg(FunctionCallInfo fcinfo, int argno)
{
	PolicyCache *cache = policy_cache(fcinfo);
	text	   *name;
	int			metric;

	if (cache->metric_known)
		return cache->metric;
	name = PG_GETARG_TEXT_PP(argno);
	metric = metric_of_name(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	if (metric < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown SLA metric \"%s\"", text_to_cstring(name)),
				 errdetail("The metrics are: " SLA_METRIC_LIST ".")));
	cache->metric = (SlaMetric) metric;
	cache->metric_known = sq_argument_is_const(fcinfo->flinfo, argno);
	return (SlaMetric) metric;
}

/* The target of a metric under a priority (an index, or a marker). */
static int64
target_of(const SlaPolicy *p, SlaMetric metric, int priority)
{
	if (priority >= 0 && p->targets[metric][priority] != SLA_NO_TARGET)
		return p->targets[metric][priority];
	return p->any_target[metric];
}

void
sq_sla_metric_clock(const SlaPolicy *policy, const SlaView *view, SlaMetric metric,
					SlaClockSpec *spec, SlaTargets *targets)
{
	const StageMask *role = view->role;
	StageMask	open_statuses = role[SLA_ROLE_NEW] | role[SLA_ROLE_OPEN] |
	role[SLA_ROLE_PENDING] | role[SLA_ROLE_ON_HOLD];
	StageMask	solved = role[SLA_ROLE_SOLVED];
	StageMask	reply = role[SLA_ROLE_AGENT_REPLY];

	memset(spec, 0, sizeof(SlaClockSpec));
	spec->instances = SLA_ONCE;
	switch (metric)
	{
		case SLA_FIRST_REPLY:
			spec->start = open_statuses;
			spec->stop = reply | solved;
			break;
		case SLA_NEXT_REPLY:
			spec->start = role[SLA_ROLE_CUSTOMER_MESSAGE];
			spec->stop = reply | solved;
			spec->instances = SLA_EACH;
			break;
		case SLA_PERIODIC_UPDATE:
			spec->start = reply;
			spec->stop = solved;
			spec->instances = SLA_CHAIN;
			break;
		case SLA_REQUESTER_WAIT:
		case SLA_AGENT_WORK:
		case SLA_RESOLUTION:
			spec->start = open_statuses;
			spec->stop = solved;
			spec->reopen = policy->reopen;
			spec->paused = metric == SLA_RESOLUTION ? 0 :
				metric == SLA_REQUESTER_WAIT ? role[SLA_ROLE_PENDING] :
				role[SLA_ROLE_PENDING] | role[SLA_ROLE_ON_HOLD];
			spec->running = open_statuses & ~spec->paused;
			break;
		case SLA_METRICS:
			elog(ERROR, "not an SLA metric");
	}

	targets->current = policy->current_priority;
	targets->priority = 0;
	targets->initial = target_of(policy, metric, policy->default_priority);
	for (int i = 0; i < view->t->nstages; i++)
	{
		if (view->priority[i] == SLA_NOT_PRIORITY)
			continue;
		targets->priority |= STAGE_BIT(i);
		targets->of_stage[i] = target_of(policy, metric, view->priority[i]);
	}
}

/*
 * The first reply's clock runs from the creation to the first agent reply
 * or solve at or after it, so that is where it stops.  A solve fulfils the
 * first reply: a message after it starts a next_reply wait, even where no
 * agent has replied yet, and a reply logged before the creation is not
 * the first reply.  A timeline without a creation (by as_of: what came
 * after it had not happened yet) has no first reply clock; its first reply
 * or solve still ends the first wait.
 */
bool
sq_sla_first_reply_stop(const SlaView *view, const TimestampTz *as_of, TimestampTz *at)
{
	const TimelineState *t = view->t;
	const uint8 *stage = timeline_stage(t);
	const TimestampTz *when = timeline_at(t);
	StageMask	stops = view->role[SLA_ROLE_AGENT_REPLY] | view->role[SLA_ROLE_SOLVED];
	int			creation = sq_timeline_first_event(t, view->role[SLA_ROLE_NEW] |
												   view->role[SLA_ROLE_OPEN] |
												   view->role[SLA_ROLE_PENDING] |
												   view->role[SLA_ROLE_ON_HOLD]);

	if (creation >= 0 && as_of != NULL && when[creation] > *as_of)
		creation = -1;
	for (int e = 0; e < t->nevents; e++)
	{
		if (!(stops & STAGE_BIT(stage[e])) || (creation >= 0 && when[e] < when[creation]))
			continue;
		*at = when[e];
		return as_of == NULL || *at <= *as_of;
	}
	return false;
}

/* Order of the priorities of a metric's rows: shortest target first. */
static int
compare_by_target(const SlaPolicy *p, SlaMetric metric, int a, int b)
{
	int64		ta = p->targets[metric][a];
	int64		tb = p->targets[metric][b];
	int			c;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	c = memcmp(p->priorities[a], p->priorities[b], Min(p->priority_lens[a], p->priority_lens[b]));
	return c != 0 ? c : p->priority_lens[a] - p->priority_lens[b];
}

/*
 * sla_policy_targets(policy): (metric, priority, target) rows, by metric;
 * a metric's target for every priority first, then its priorities from the
 * shortest target.
 */
Datum
sla_policy_targets(PG_FUNCTION_ARGS)
{
	SlaPolicy  *p = sq_sla_policy_arg(fcinfo, 0);
	SqRows		rows;
	Datum		values[3];
	bool		nulls[3] = {false, true, false};
	int			order[SLA_MAX_PRIORITIES];

	sq_rows_begin(fcinfo, &rows);
	for (int m = 0; m < SLA_METRICS; m++)
	{
		int			n = 0;

		values[0] = CStringGetTextDatum(metric_names[m]);
		if (p->any_target[m] != SLA_NO_TARGET)
		{
			values[2] = sq_timeline_interval_datum(p->any_target[m]);
			nulls[1] = true;
			sq_rows_add(&rows, values, nulls);
		}
		for (int i = 0; i < p->npriorities; i++)
		{
			int			k;

			if (p->targets[m][i] == SLA_NO_TARGET)
				continue;
			for (k = n++; k > 0 && compare_by_target(p, (SlaMetric) m, order[k - 1], i) > 0; k--)
				order[k] = order[k - 1];
			order[k] = i;
		}
		nulls[1] = false;
		for (int k = 0; k < n; k++)
		{
			values[1] = CStringGetTextDatum(p->priorities[order[k]]);
			values[2] = sq_timeline_interval_datum(p->targets[m][order[k]]);
			sq_rows_add(&rows, values, nulls);
		}
	}
	return (Datum) 0;
}

/* sla_vocabulary(policy): each role and the stage names it matches. */
Datum
sla_vocabulary(PG_FUNCTION_ARGS)
{
	SlaPolicy  *p = sq_sla_policy_arg(fcinfo, 0);
	Datum		arrays[SLA_ROLES];
	SqRows		rows;

	sq_vocabulary_role_arrays(p->stages, arrays);
	sq_rows_begin(fcinfo, &rows);
	for (int r = 0; r < SLA_ROLES; r++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(sla_spec.roles[r]);
		values[1] = arrays[r];
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}
