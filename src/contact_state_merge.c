/*-------------------------------------------------------------------------
 *
 * contact_state_merge.c
 *	  Two flat contact_states merged by reading both in order, without the
 *	  working form's table: the + operator, and the combine function on
 *	  the partial states of a parallel plan (contact_state_agg.c).
 *
 * A flat state lists its names in byte order and its keys by topic (the
 * NULL topic last), then customer.  The union of two such lists of names
 * is a merge, and the index of a name in the union grows with its index
 * in either list: mapped to the union, each state's keys stay in order,
 * and the keys of the result are a merge of the two lists of keys.  A key
 * of both states takes the union of their episodes, those whose intervals
 * meet joined (contact_state.h); labels that no episode carries any more
 * are left out, as when a working state is written.  The result is the
 * state that merging both into a working state and writing it gives, to
 * the byte, in time linear in their sizes, where the table would take a
 * cache miss for every key of a large state and allocate its memory anew.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "contact_state.h"

/* The union of a list of names of a and the same list of b. */
typedef struct NameUnion
{
	const char **name;			/* in byte order */
	uint32	   *len;
	uint32		n;
	uint64		bytes;
	uint32	   *of_a;			/* the union index of each name of a's list */
	uint32	   *of_b;
} NameUnion;

/* One state's keys, read in order and mapped to the unions. */
typedef struct KeyReader
{
	const ContactKey *key;		/* the next key */
	const ContactKey *end;
	const ContactEpisode *episodes; /* the next key's */
	uint32		null_topic;		/* the state's index of the NULL topic */
	uint32		union_null_topic;
	const uint32 *topic_of;
	const uint32 *label_of;
	const uint32 *customer_of;	/* NULL for bigint customers */
	int64		latest;			/* the latest end of an episode read */
} KeyReader;

static void *
alloc_array(uint64 n, Size size)
{
	return palloc_extended(Max(n, 1) * size, MCXT_ALLOC_HUGE);
}

/* The union of names from .. from + n - 1 of a and of b. */
static void
unite_names(const ContactState *a, uint32 a_from, uint32 a_n,
			const ContactState *b, uint32 b_from, uint32 b_n, NameUnion *u)
{
	uint32		i = 0;
	uint32		j = 0;

	u->name = alloc_array((uint64) a_n + b_n, sizeof(char *));
	u->len = alloc_array((uint64) a_n + b_n, sizeof(uint32));
	u->of_a = alloc_array(a_n, sizeof(uint32));
	u->of_b = alloc_array(b_n, sizeof(uint32));
	u->n = 0;
	u->bytes = 0;
	while (i < a_n || j < b_n)
	{
		uint32		alen = 0;
		uint32		blen = 0;
		const char *aname = i < a_n ? contact_name(a, a_from + i, &alen) : NULL;
		const char *bname = j < b_n ? contact_name(b, b_from + j, &blen) : NULL;
		int			c = bname == NULL ? -1 : aname == NULL ? 1 :
		sq_names_cmp(aname, alen, bname, blen);

		u->name[u->n] = c <= 0 ? aname : bname;
		u->len[u->n] = c <= 0 ? alen : blen;
		u->bytes += u->len[u->n];
		if (c <= 0)
			u->of_a[i++] = u->n;
		if (c >= 0)
			u->of_b[j++] = u->n;
		u->n++;
	}
}

static void
free_union(NameUnion *u)
{
	pfree(u->name);
	pfree(u->len);
	pfree(u->of_a);
	pfree(u->of_b);
}

static void
start_reader(KeyReader *r, const ContactState *s, const NameUnion *topics, const uint32 *topic_of,
			 const uint32 *label_of, const uint32 *customer_of)
{
	r->key = contact_keys(s);
	r->end = r->key + s->nkeys;
	r->episodes = contact_episodes(s);
	r->null_topic = s->ntopics;
	r->union_null_topic = topics->n;
	r->topic_of = topic_of;
	r->label_of = label_of;
	r->customer_of = customer_of;
	r->latest = PG_INT64_MIN;
}

static inline uint32
reader_topic(const KeyReader *r)
{
	return r->key->topic == r->null_topic ? r->union_null_topic : r->topic_of[r->key->topic];
}

static inline int64
reader_customer(const KeyReader *r)
{
	return r->customer_of ? (int64) r->customer_of[r->key->customer] : r->key->customer;
}

/* The order of the next keys of a and b in the result (both not at their end). */
static inline int
key_order(const KeyReader *a, const KeyReader *b)
{
	uint32		ta = reader_topic(a);
	uint32		tb = reader_topic(b);
	int64		ca;
	int64		cb;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	ca = reader_customer(a);
	cb = reader_customer(b);
	return (ca > cb) - (ca < cb);
}

static inline void
reader_next(KeyReader *r)
{
	r->episodes += r->key->nepisodes;
	r->key++;
}

/*
 * The first contact of a comes before b's: sq_contact_first_before() on
 * labels given as their index in the union + 1, which is in name order.
 */
static inline bool
first_before(const ContactEpisode *a, const ContactEpisode *b)
{
	if (a->first != b->first)
		return a->first < b->first;
	if (a->label != b->label)
		return a->label != 0 && (b->label == 0 || a->label < b->label);
	return a->resolved < b->resolved;
}

static void
join(ContactEpisode *dst, const ContactEpisode *src)
{
	if (src->count > PG_UINT32_MAX - dst->count)
		sq_contact_report_too_many_contacts();
	dst->count += src->count;
	dst->last = Max(dst->last, src->last);
	if (first_before(src, dst))
	{
		dst->first = src->first;
		dst->label = src->label;
		dst->resolved = src->resolved;
	}
}

/*
 * Where the merged episodes go.  The merge runs twice, so that nothing
 * but the result is allocated, large states being costly to allocate
 * where each new page is a fault: once to count keys and episodes and
 * note the labels still carried, once to write them.
 */
typedef struct EpisodeSink
{
	ContactEpisode *out;		/* the next to write; NULL when counting */
	uint64		n;				/* episodes so far */
	uint32	   *label_rank;		/* of each union label: when counting, 1 if
								 * carried; when writing, its written index +
								 * 1 */
} EpisodeSink;

static inline void
emit(EpisodeSink *sink, const ContactEpisode *e)
{
	sink->n++;
	if (sink->out == NULL)
	{
		if (e->label != 0)
			sink->label_rank[e->label - 1] = 1;
		return;
	}
	*sink->out = *e;
	sink->out->label = (uint16) (e->label == 0 ? 0 : sink->label_rank[e->label - 1]);
	sink->out++;
}

/*
 * The episode of the next key that starts first, of a's (i of na taken)
 * or of b's (j of nb), its label taken as its index in the union + 1.
 */
static inline ContactEpisode
take_episode(KeyReader *a, uint32 na, uint32 *i, KeyReader *b, uint32 nb, uint32 *j)
{
	bool		from_a = *j == nb || (*i < na && a->episodes[*i].start <= b->episodes[*j].start);
	KeyReader  *r = from_a ? a : b;
	ContactEpisode e = r->episodes[from_a ? (*i)++ : (*j)++];

	if (e.label != 0)
		e.label = (uint16) (r->label_of[e.label - 1] + 1);
	r->latest = Max(r->latest, e.last);
	return e;
}

/*
 * The episodes of the next key of a (na of them, 0 when a lacks the key),
 * of b (nb) or of both, at least one, in order of start, joined where they
 * meet; returns how many.
 */
static uint32
merge_key(KeyReader *a, uint32 na, KeyReader *b, uint32 nb, EpisodeSink *sink)
{
	uint32		i = 0;
	uint32		j = 0;
	uint64		before = sink->n;
	ContactEpisode joined = take_episode(a, na, &i, b, nb, &j);

	while (i < na || j < nb)
	{
		ContactEpisode next = take_episode(a, na, &i, b, nb, &j);

		/* in order of start: next meets joined if it starts by its end */
		if (next.start <= joined.last)
			join(&joined, &next);
		else
		{
			emit(sink, &joined);
			joined = next;
		}
	}
	emit(sink, &joined);
	return (uint32) (sink->n - before);
}

/*
 * The keys of a and b merged, with their episodes; written from keys on
 * unless NULL.  Returns how many keys.
 */
static uint64
merge_keys(const ContactState *a, const ContactState *b, const NameUnion *topics,
		   const NameUnion *labels, const NameUnion *customers, KeyReader *ra, KeyReader *rb,
		   ContactKey *keys, EpisodeSink *sink)
{
	bool		text_customers = (a->flags & CONTACT_TEXT_CUSTOMERS) != 0;
	uint64		nkeys = 0;

	start_reader(ra, a, topics, topics->of_a, labels->of_a, text_customers ? customers->of_a : NULL);
	start_reader(rb, b, topics, topics->of_b, labels->of_b, text_customers ? customers->of_b : NULL);
	while (ra->key < ra->end || rb->key < rb->end)
	{
		int			c = rb->key == rb->end ? -1 : ra->key == ra->end ? 1 : key_order(ra, rb);
		KeyReader  *first = c <= 0 ? ra : rb;
		uint32		topic = reader_topic(first);
		int64		customer = reader_customer(first);
		uint32		nepisodes = merge_key(ra, c <= 0 ? ra->key->nepisodes : 0,
										  rb, c >= 0 ? rb->key->nepisodes : 0, sink);

		if (keys)
		{
			keys[nkeys].customer = customer;
			keys[nkeys].topic = topic;
			keys[nkeys].nepisodes = nepisodes;
		}
		nkeys++;
		if (c <= 0)
			reader_next(ra);
		if (c >= 0)
			reader_next(rb);
		CHECK_FOR_INTERRUPTS();
	}
	return nkeys;
}

static void
write_names(const NameUnion *u, const uint32 *order, uint32 n, uint32 *ends, uint32 *nends,
			char *bytes, uint32 *pos)
{
	for (uint32 r = 0; r < n; r++)
	{
		uint32		i = order ? order[r] : r;

		memcpy(bytes + *pos, u->name[i], u->len[i]);
		*pos += u->len[i];
		ends[(*nends)++] = *pos;
	}
}

ContactState *
sq_contact_state_merge(const ContactState *a, const ContactState *b, MemoryContext result_context)
{
	NameUnion	topics;
	NameUnion	labels;
	NameUnion	customers = {0};
	KeyReader	ra;
	KeyReader	rb;
	EpisodeSink sink = {0};
	uint64		nkeys;
	uint64		nepisodes;
	uint32	   *label_order;
	uint32		nlabels = 0;
	uint64		label_bytes = 0;
	uint64		nnames;
	uint64		names_bytes;
	Size		size;
	ContactState *s;
	uint32		nends = 0;
	uint32		pos = 0;

	sq_contact_check_compatible(a->flags, a->window, a->calendar, b->flags, b->window, b->calendar);
	unite_names(a, 0, a->ntopics, b, 0, b->ntopics, &topics);
	sq_contact_check_dictionary_size(topics.n, "topics");
	unite_names(a, a->ntopics, a->nlabels, b, b->ntopics, b->nlabels, &labels);
	sq_contact_check_dictionary_size(labels.n, "labels");
	if (a->flags & CONTACT_TEXT_CUSTOMERS)
		unite_names(a, a->ntopics + a->nlabels, a->ncustomers,
					b, b->ntopics + b->nlabels, b->ncustomers, &customers);

	/* count, and rank the labels some episode still carries in name order */
	sink.label_rank = palloc0(Max(labels.n, 1) * sizeof(uint32));
	nkeys = merge_keys(a, b, &topics, &labels, &customers, &ra, &rb, NULL, &sink);
	nepisodes = sink.n;
	if (nepisodes > CONTACT_MAX_EPISODES)
		sq_contact_report_too_many_episodes(nepisodes);
	label_order = palloc(Max(labels.n, 1) * sizeof(uint32));
	for (uint32 i = 0; i < labels.n; i++)
		if (sink.label_rank[i] != 0)
		{
			label_order[nlabels] = i;
			sink.label_rank[i] = ++nlabels;
			label_bytes += labels.len[i];
		}

	nnames = (uint64) topics.n + nlabels + customers.n;
	names_bytes = topics.bytes + label_bytes + customers.bytes;
	size = contact_state_size(nnames, names_bytes, nkeys, nepisodes);
	sq_contact_check_flat_size(size, nepisodes);
	s = MemoryContextAllocExtended(result_context, size, MCXT_ALLOC_HUGE);
	memset(s, 0, contact_keys_offset(nnames, names_bytes));
	SET_VARSIZE(s, size);
	s->version = CONTACT_STATE_VERSION;
	s->flags = a->flags;
	s->window = a->window;
	s->calendar = a->calendar;
	/* as the working form keeps it: the start of the latest contact's window */
	if (b->nepisodes > 0 && (a->nepisodes == 0 || rb.latest > ra.latest))
		s->latest_start = b->latest_start;
	else
		s->latest_start = a->nepisodes > 0 ? a->latest_start : 0;
	s->ntopics = topics.n;
	s->nlabels = nlabels;
	s->ncustomers = customers.n;
	s->nkeys = (uint32) nkeys;
	s->nepisodes = (uint32) nepisodes;
	s->names_bytes = (uint32) names_bytes;
	write_names(&topics, NULL, topics.n, (uint32 *) contact_name_ends(s), &nends,
				(char *) contact_name_bytes(s), &pos);
	write_names(&labels, label_order, nlabels, (uint32 *) contact_name_ends(s), &nends,
				(char *) contact_name_bytes(s), &pos);
	write_names(&customers, NULL, customers.n, (uint32 *) contact_name_ends(s), &nends,
				(char *) contact_name_bytes(s), &pos);

	sink.out = (ContactEpisode *) contact_episodes(s);
	sink.n = 0;
	if (merge_keys(a, b, &topics, &labels, &customers, &ra, &rb,
				   (ContactKey *) contact_keys(s), &sink) != nkeys || sink.n != nepisodes)
		elog(ERROR, "contact_state: a merge does not write what it counted");

	free_union(&topics);
	free_union(&labels);
	if (a->flags & CONTACT_TEXT_CUSTOMERS)
		free_union(&customers);
	pfree(sink.label_rank);
	pfree(label_order);
	return s;
}
