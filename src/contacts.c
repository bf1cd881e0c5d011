/*-------------------------------------------------------------------------
 *
 * contacts.c
 *	  Repeat contacts and first-contact resolution read from a
 *	  contact_state: contact_repeats, contact_repeat_rate, contact_fcr,
 *	  contact_summary (docs/contacts.md; methodology sections 4.3 and 4.5).
 *
 * Every episode (contact_state.h) gives its counts: count contacts, of
 * which count - 1 repeated; its last contact is repeated only when a
 * later state follows it (followed_by: its last contact lies in the
 * closed interval of an episode of the same key there).  A last contact
 * not repeated is undecided while a contact at the latest instant of the
 * data would still repeat it: a period's state read alone counts such
 * contacts as not repeated, which the next period's state may change.
 * An episode is a first-contact resolution when it has one contact, is
 * not followed, and its case was not marked unresolved.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "contact_state.h"
#include "numerics.h"
#include "proportion_state.h"

PG_FUNCTION_INFO_V1(contact_repeats);
PG_FUNCTION_INFO_V1(contact_repeat_rate);
PG_FUNCTION_INFO_V1(contact_repeat_rate_topic);
PG_FUNCTION_INFO_V1(contact_fcr);
PG_FUNCTION_INFO_V1(contact_summary);

/* The episodes of a later state, looked up by the keys of an earlier one. */
typedef struct Follower
{
	const ContactState *b;
	uint64	   *first_episode;	/* of each key of b */
	int64	   *topic;			/* of each topic of a (and NULL) in b, or -1 */
	int64	   *customer;		/* of each text customer of a in b, or -1 */
} Follower;

/* Index of a name among names from..from+n of s (in byte order), or -1. */
static int64
find_name(const ContactState *s, uint32 from, uint32 n, const char *name, uint32 len)
{
	return sq_names_search(contact_name_ends(s), contact_name_bytes(s), from, n, name, len);
}

static int64 *
map_to(const ContactState *a, const ContactState *b, uint32 a_from, uint32 n, uint32 b_from,
	   uint32 b_n)
{
	int64	   *map = palloc((n + 1) * sizeof(int64));

	for (uint32 i = 0; i < n; i++)
	{
		uint32		len;
		const char *name = contact_name(a, a_from + i, &len);

		map[i] = find_name(b, b_from, b_n, name, len);
	}
	return map;
}

/* The instant of the latest contact of s, or of its earliest: first. */
static TimestampTz
contact_extreme(const ContactState *s, bool earliest)
{
	const ContactEpisode *e = contact_episodes(s);
	TimestampTz t = earliest ? e[0].first : e[0].last;

	for (uint32 i = 1; i < s->nepisodes; i++)
		t = earliest ? Min(t, e[i].first) : Max(t, e[i].last);
	return t;
}

/*
 * Every contact of b is read as coming after every contact of a: with an
 * earlier one, a return would be counted before the contact it repeats.
 * (timestamptz_to_str writes into one static buffer: the first is copied.)
 */
static void
check_follows(const ContactState *a, const ContactState *b)
{
	TimestampTz a_last,
				b_first;
	char	   *b_first_text;

	if (a->nepisodes == 0 || b->nepisodes == 0)
		return;
	a_last = contact_extreme(a, false);
	b_first = contact_extreme(b, true);
	if (b_first >= a_last)
		return;
	b_first_text = pstrdup(timestamptz_to_str(b_first));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("followed_by has a contact at %s, before the last contact of the state it follows, at %s",
					b_first_text, timestamptz_to_str(a_last)),
			 errdetail("followed_by is the state of the contacts that came after the period: each at or after its last contact."),
			 errhint("Build followed_by from the days after the period, e.g. WHERE day >= the period's end.")));
}

static void
follower_init(Follower *f, const ContactState *a, const ContactState *b)
{
	const ContactKey *keys = contact_keys(b);
	uint64		e = 0;

	sq_contact_check_compatible(a->flags, a->window, a->calendar, b->flags, b->window, b->calendar);
	check_follows(a, b);
	f->b = b;
	f->first_episode = palloc((b->nkeys + 1) * sizeof(uint64));
	for (uint32 k = 0; k < b->nkeys; k++)
	{
		f->first_episode[k] = e;
		e += keys[k].nepisodes;
	}
	f->topic = map_to(a, b, 0, a->ntopics, 0, b->ntopics);
	f->topic[a->ntopics] = b->ntopics;	/* the NULL topic */
	f->customer = (a->flags & CONTACT_TEXT_CUSTOMERS) ?
		map_to(a, b, a->ntopics + a->nlabels, a->ncustomers, b->ntopics + b->nlabels,
			   b->ncustomers) : NULL;
}

/* Keys in flat order: by topic, then customer. */
static int
key_cmp(const void *a, const void *b)
{
	const ContactKey *x = a;
	const ContactKey *y = b;

	if (x->topic != y->topic)
		return x->topic < y->topic ? -1 : 1;
	return (x->customer > y->customer) - (x->customer < y->customer);
}

/* The key of b matching key of a, or -1. */
static int64
follower_key(const Follower *f, const ContactKey *key)
{
	const ContactKey *keys = contact_keys(f->b);
	ContactKey	probe = {0};
	const ContactKey *found;

	if (f->topic[key->topic] < 0 || (f->customer && f->customer[key->customer] < 0))
		return -1;
	probe.topic = (uint32) f->topic[key->topic];
	probe.customer = f->customer ? f->customer[key->customer] : key->customer;
	found = bsearch(&probe, keys, f->b->nkeys, sizeof(ContactKey), key_cmp);
	return found ? found - keys : -1;
}

/* Does an episode of key k of b have t in its closed interval? */
static bool
follower_covers(const Follower *f, int64 k, TimestampTz t)
{
	const ContactEpisode *e = contact_episodes(f->b) + f->first_episode[k];
	int64		lo = 0;
	int64		hi = (int64) contact_keys(f->b)[k].nepisodes - 1;

	/* the last episode starting at or before t */
	while (lo <= hi)
	{
		int64		mid = (lo + hi) / 2;

		if (e[mid].start <= t)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return hi >= 0 && t <= e[hi].last;
}

/* What one episode counts for. */
typedef struct EpisodeView
{
	const ContactKey *key;
	const ContactEpisode *e;
	bool		followed;		/* a later state repeats its last contact */
	bool		undecided;		/* not followed, and within reach of the
								 * latest contact */
} EpisodeView;

typedef void (*EpisodeVisitor) (const EpisodeView *v, void *arg);

/*
 * Visit every episode of a (b: the optional state that follows it).  The
 * latest contact of both decides what is undecided: X of the later one is
 * the larger latest_start, X never decreasing.
 */
static void
visit_episodes(const ContactState *a, const ContactState *b, EpisodeVisitor visit, void *arg)
{
	const ContactKey *keys = contact_keys(a);
	const ContactEpisode *e = contact_episodes(a);
	int64		latest_start = a->latest_start;
	Follower	f = {0};
	EpisodeView v;

	if (b)
	{
		follower_init(&f, a, b);
		if (b->nepisodes > 0)
			latest_start = Max(latest_start, b->latest_start);
	}
	for (uint32 k = 0; k < a->nkeys; k++)
	{
		int64		bk;

		CHECK_FOR_INTERRUPTS();
		bk = b ? follower_key(&f, &keys[k]) : -1;
		v.key = &keys[k];
		for (uint32 j = 0; j < keys[k].nepisodes; j++, e++)
		{
			v.e = e;
			v.followed = bk >= 0 && follower_covers(&f, bk, e->last);
			v.undecided = !v.followed && e->last >= latest_start;
			visit(&v, arg);
		}
	}
}

/* The first argument (may be NULL: no rows), and a second state, or NULL. */
static const ContactState *
optional_state(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? NULL : PG_GETARG_CONTACT_STATE(argno);
}

static double
required_float8(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the %s must not be NULL", what)));
	return PG_GETARG_FLOAT8(argno);
}

/* Name i of s as text, NULL when none is NULL. */
static Datum
name_datum(const ContactState *s, uint32 i, bool none, bool *isnull)
{
	*isnull = none;
	return none ? (Datum) 0 : sq_names_listed_text(contact_name_ends(s), contact_name_bytes(s), i);
}

static Datum
topic_datum(const ContactState *s, uint32 topic, bool *isnull)
{
	return name_datum(s, topic, topic == s->ntopics, isnull);
}

static Datum
label_datum(const ContactState *s, uint16 label, bool *isnull)
{
	return name_datum(s, s->ntopics + label - 1, label == 0, isnull);
}

/* Counts of one topic or group, and its row. */
typedef struct Tally
{
	int64		trials;			/* contacts, or episodes */
	int64		successes;		/* repeated, or resolved at the first contact */
	int64		undecided;
} Tally;

/* Columns trials, successes, share, lower, upper from values[first] on. */
static void
tally_columns(const Tally *t, double z, Datum *values, bool *nulls, int first)
{
	double		bounds[2];

	values[first] = Int64GetDatum(t->trials);
	values[first + 1] = Int64GetDatum(t->successes);
	sq_wilson_interval((double) t->successes, (double) t->trials, z,
					   &bounds[0], &bounds[1]);
	values[first + 2] = Float8GetDatum((double) t->successes / (double) t->trials);
	values[first + 3] = Float8GetDatum(bounds[0]);
	values[first + 4] = Float8GetDatum(bounds[1]);
	for (int i = first; i < first + 5; i++)
		nulls[i] = false;
}

static void
tally_repeats(const EpisodeView *v, void *arg)
{
	Tally	   *t = (Tally *) arg + v->key->topic;

	t->trials += v->e->count;
	t->successes += v->e->count - 1 + (v->followed ? 1 : 0);
	t->undecided += v->undecided;
}

/*
 * contact_repeats(state, threshold, level, followed_by): per topic, the
 * contacts, the repeated ones, the repeat rate with its Wilson interval,
 * whether the rate is above the threshold (methodology section 4.5: 15%),
 * and the contacts still undecided.
 */
Datum
contact_repeats(PG_FUNCTION_ARGS)
{
	const ContactState *s = optional_state(fcinfo, 0);
	double		threshold = required_float8(fcinfo, 1, "threshold");
	double		level = required_float8(fcinfo, 2, "confidence level");
	const ContactState *later = optional_state(fcinfo, 3);
	double		z;
	Tally	   *tally;
	SqRows		rows;

	sq_check_level(level);
	if (!(threshold >= 0.0 && threshold <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat-rate threshold %s is out of range", sq_float8_text(threshold)),
				 errdetail("The threshold is a share from 0 to 1, e.g. 0.15 for 15%%.")));
	z = sq_normal_critical_value(level);
	sq_rows_begin(fcinfo, &rows);
	if (s == NULL)
		return (Datum) 0;
	tally = palloc0((s->ntopics + 1) * sizeof(Tally));
	visit_episodes(s, later, tally_repeats, tally);
	for (uint32 t = 0; t <= s->ntopics; t++)
	{
		Datum		values[8];
		bool		nulls[8] = {false};

		if (tally[t].trials == 0)
			continue;
		values[0] = topic_datum(s, t, &nulls[0]);
		tally_columns(&tally[t], z, values, nulls, 1);
		values[6] = BoolGetDatum((double) tally[t].successes / (double) tally[t].trials > threshold);
		values[7] = Int64GetDatum(tally[t].undecided);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* Repeated contacts out of contacts of the topics selected (all: topic < 0). */
static Datum
repeat_rate_of(FunctionCallInfo fcinfo, const ContactState *s, int64 topic)
{
	const ContactKey *keys = contact_keys(s);
	const ContactEpisode *e = contact_episodes(s);
	int64		contacts = 0;
	int64		episodes = 0;

	for (uint32 k = 0; k < s->nkeys; k++)
	{
		bool		counted = topic < 0 || keys[k].topic == (uint64) topic;

		for (uint32 j = 0; j < keys[k].nepisodes; j++, e++)
			if (counted)
			{
				contacts += e->count;
				episodes++;
			}
	}
	if (contacts == 0)
		PG_RETURN_NULL();
	return sq_float8_result(fcinfo, (double) (contacts - episodes) / (double) contacts);
}

/* contact_repeat_rate(state): the repeat rate over all topics. */
Datum
contact_repeat_rate(PG_FUNCTION_ARGS)
{
	return repeat_rate_of(fcinfo, PG_GETARG_CONTACT_STATE(0), -1);
}

/* contact_repeat_rate(state, topic): one topic's; NULL when it has no contacts. */
Datum
contact_repeat_rate_topic(PG_FUNCTION_ARGS)
{
	const ContactState *s = PG_GETARG_CONTACT_STATE(0);
	text	   *topic = PG_GETARG_TEXT_PP(1);
	int64		t = find_name(s, 0, s->ntopics, VARDATA_ANY(topic), VARSIZE_ANY_EXHDR(topic));

	if (t < 0)
		PG_RETURN_NULL();
	return repeat_rate_of(fcinfo, s, t);
}

/* FCR grouping: by topic, label (channel, agent), both, or all at once. */
typedef enum FcrBy
{
	FCR_TOPIC,
	FCR_LABEL,
	FCR_TOPIC_LABEL,
	FCR_ALL
} FcrBy;

typedef struct FcrTally
{
	const ContactState *s;
	FcrBy		by;
	bool		decided_only;
	Tally	   *tally;			/* per topic, per label, or one */
	int64		topic;			/* FCR_TOPIC_LABEL: the topic tallied, or -1 */
	uint16	   *labels;			/* by label: the labels tallied, in any order */
	uint32		nlabels;
	SqRows	   *rows;
	double		z;
} FcrTally;

/* Emit the row of a group: topic and label as grouped by, NULL otherwise. */
static void
fcr_row(const FcrTally *f, uint32 topic, uint32 label, const Tally *t)
{
	Datum		values[8];
	bool		nulls[8] = {false};

	if (t->trials == 0)
		return;
	nulls[0] = nulls[1] = true;
	if (f->by == FCR_TOPIC || f->by == FCR_TOPIC_LABEL)
		values[0] = topic_datum(f->s, topic, &nulls[0]);
	if (f->by == FCR_LABEL || f->by == FCR_TOPIC_LABEL)
		values[1] = label_datum(f->s, (uint16) label, &nulls[1]);
	tally_columns(t, f->z, values, nulls, 2);
	values[7] = Int64GetDatum(t->undecided);
	sq_rows_add(f->rows, values, nulls);
}

/* Labels 1 .. nlabels (in name order), then 0, no label. */
static int
label_row_cmp(const void *a, const void *b)
{
	uint16		x = (uint16) (*(const uint16 *) a - 1);
	uint16		y = (uint16) (*(const uint16 *) b - 1);

	return (x > y) - (x < y);
}

/*
 * The rows of the labels tallied, in label order, then of no label; their
 * tallies are cleared for the next topic.  Only those labels are visited:
 * a state can hold 65535 topics with 65535 labels, one label each.
 */
static void
fcr_label_rows(FcrTally *f, uint32 topic)
{
	CHECK_FOR_INTERRUPTS();
	qsort(f->labels, f->nlabels, sizeof(uint16), label_row_cmp);
	for (uint32 i = 0; i < f->nlabels; i++)
	{
		Tally	   *t = &f->tally[f->labels[i]];

		fcr_row(f, topic, f->labels[i], t);
		memset(t, 0, sizeof(Tally));
	}
	f->nlabels = 0;
}

static void
tally_fcr(const EpisodeView *v, void *arg)
{
	FcrTally   *f = arg;
	bool		first_time = v->e->count == 1 && !v->followed &&
	v->e->resolved != CONTACT_RESOLVED_NO;
	bool		undecided = first_time && v->undecided;
	Tally	   *t;

	if (undecided && f->decided_only)
		return;

	/*
	 * keys come in topic order: a topic's labels are done when the next
	 * begins
	 */
	if (f->by == FCR_TOPIC_LABEL && f->topic != v->key->topic)
	{
		if (f->topic >= 0)
			fcr_label_rows(f, (uint32) f->topic);
		f->topic = v->key->topic;
	}
	t = &f->tally[f->by == FCR_TOPIC ? v->key->topic : f->by == FCR_ALL ? 0 : v->e->label];
	if (t->trials == 0 && (f->by == FCR_LABEL || f->by == FCR_TOPIC_LABEL))
		f->labels[f->nlabels++] = v->e->label;
	t->trials++;
	t->successes += first_time;
	t->undecided += undecided;
}

static FcrBy
fcr_by(const char *by)
{
	if (strcmp(by, "topic") == 0)
		return FCR_TOPIC;
	if (strcmp(by, "label") == 0)
		return FCR_LABEL;
	if (strcmp(by, "topic_label") == 0)
		return FCR_TOPIC_LABEL;
	if (strcmp(by, "all") == 0)
		return FCR_ALL;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown grouping \"%s\" for first-contact resolution", by),
			 errdetail("Group by 'topic', 'label', 'topic_label' or 'all'.")));
}

/*
 * contact_fcr(state, by, level, decided_only, followed_by): episodes, those
 * resolved at the first contact, the share with its Wilson interval, and
 * the single-contact episodes still undecided (left out with decided_only).
 */
Datum
contact_fcr(PG_FUNCTION_ARGS)
{
	const ContactState *s = optional_state(fcinfo, 0);
	double		level = required_float8(fcinfo, 2, "confidence level");
	const ContactState *later = optional_state(fcinfo, 4);
	FcrTally	f = {0};
	SqRows		rows;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the %s must not be NULL", PG_ARGISNULL(1) ? "grouping" : "decided_only flag")));
	f.by = fcr_by(text_to_cstring(PG_GETARG_TEXT_PP(1)));
	f.decided_only = PG_GETARG_BOOL(3);
	sq_check_level(level);
	f.z = sq_normal_critical_value(level);
	sq_rows_begin(fcinfo, &rows);
	if (s == NULL)
		return (Datum) 0;
	f.s = s;
	f.rows = &rows;
	f.topic = -1;
	f.tally = palloc0((Max(s->ntopics, s->nlabels) + 1) * sizeof(Tally));
	f.labels = palloc((s->nlabels + 1) * sizeof(uint16));
	visit_episodes(s, later, tally_fcr, &f);
	switch (f.by)
	{
		case FCR_TOPIC:
			for (uint32 t = 0; t <= s->ntopics; t++)
				fcr_row(&f, t, 0, &f.tally[t]);
			break;
		case FCR_TOPIC_LABEL:
			if (f.topic >= 0)
				fcr_label_rows(&f, (uint32) f.topic);
			break;
		case FCR_LABEL:
			fcr_label_rows(&f, 0);
			break;
		case FCR_ALL:
			fcr_row(&f, 0, 0, &f.tally[0]);
			break;
	}
	return (Datum) 0;
}

/* contact_summary(state): the totals and the settings of a state. */
Datum
contact_summary(PG_FUNCTION_ARGS)
{
	const ContactState *s = PG_GETARG_CONTACT_STATE(0);
	const ContactEpisode *e = contact_episodes(s);
	int64		contacts = 0;
	Interval   *within = palloc0(sizeof(Interval));
	Datum		values[8];
	bool		nulls[8] = {false};

	for (uint32 i = 0; i < s->nepisodes; i++)
		contacts += e[i].count;
	within->time = s->window;
	values[0] = Int64GetDatum(contacts);
	values[1] = Int64GetDatum(contacts - s->nepisodes);
	values[2] = Int64GetDatum(s->nepisodes);
	values[3] = Int64GetDatum(s->nkeys);
	values[4] = Int32GetDatum((int32) s->ntopics);
	values[5] = Int32GetDatum((int32) s->nlabels);
	values[6] = IntervalPGetDatum(within);
	values[7] = BoolGetDatum((s->flags & CONTACT_BUSINESS_TIME) != 0);
	PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
}
