/*-------------------------------------------------------------------------
 *
 * contact_state_flat.c
 *	  Writing a working contact_state in its flat, canonical form: the
 *	  expanded-object methods.
 *
 * The flat form lists names in byte order and keys by topic and customer,
 * whatever order the working form met them in: flattening ranks the names
 * (leaving out labels that no episode carries any more, their episode
 * having joined an earlier one), sorts the keys and writes them.  That is
 * prepared when the executor asks for the size and used when it asks for
 * the value right after; the working form keeps what it holds (only the
 * keys that hold their episodes in a tree get them back in an array).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/memutils.h"

#include "contact_state.h"

/* A key to write: its customer (a text customer's rank, or the id) and slot. */
typedef struct KeyRef
{
	int64		customer;
	ContactSlot *slot;
} KeyRef;

#if PG_VERSION_NUM >= 140000
#define ST_SORT sort_refs_by_customer
#define ST_ELEMENT_TYPE KeyRef
#define ST_COMPARE(a, b) (((a)->customer > (b)->customer) - ((a)->customer < (b)->customer))
#define ST_SCOPE static
#define ST_DECLARE
#define ST_DEFINE
#include "lib/sort_template.h"
#else
static int
ref_customer_cmp(const void *a, const void *b)
{
	int64		x = ((const KeyRef *) a)->customer;
	int64		y = ((const KeyRef *) b)->customer;

	return (x > y) - (x < y);
}

static void
sort_refs_by_customer(KeyRef *refs, size_t n)
{
	qsort(refs, n, sizeof(KeyRef), ref_customer_cmp);
}
#endif

typedef struct ContactFlattening
{
	uint32	   *topic_order;	/* topic index of each rank */
	uint32	   *topic_rank;		/* rank of each topic index; NULL topic:
								 * ntopics */
	uint32	   *label_order;	/* label index of each rank among the used */
	uint32	   *label_rank;		/* 1-based rank of each used label index, else
								 * 0 */
	uint32		nlabels;		/* used */
	uint64		label_bytes;
	uint32	   *customer_order; /* text customers */
	KeyRef	   *refs;			/* keys in flat order */
	Size		size;
} ContactFlattening;

static uint32 *
invert(const uint32 *order, uint32 n)
{
	uint32	   *rank = palloc_extended((Size) Max(n, 1) * sizeof(uint32), MCXT_ALLOC_HUGE);

	for (uint32 r = 0; r < n; r++)
		rank[order[r]] = r;
	return rank;
}

/* Rank the labels that some episode still carries. */
static void
rank_used_labels(ContactWork *w, ContactFlattening *f)
{
	uint32	   *order = sq_names_order(&w->labels);
	bool	   *used = palloc0(Max(w->labels.n, 1) * sizeof(bool));

	for (uint64 i = 0; i <= w->mask; i++)
	{
		ContactSlot *slot = &w->slots[i];
		ContactEpisode *eps = contact_slot_episodes(slot);

		for (uint32 j = 0; j < slot->nepisodes; j++)
			if (eps[j].label != 0)
				used[eps[j].label - 1] = true;
	}
	f->label_rank = palloc0(Max(w->labels.n, 1) * sizeof(uint32));
	f->label_order = order;
	for (uint32 r = 0; r < w->labels.n; r++)
		if (used[order[r]])
		{
			f->label_order[f->nlabels++] = order[r];
			f->label_rank[order[r]] = f->nlabels;
			f->label_bytes += w->labels.entry[order[r]].len;
		}
	pfree(used);
}

/*
 * The keys in flat order: counted into topic buckets (topics are few),
 * then sorted by customer (an id, or a text customer's rank) within each.
 */
static KeyRef *
order_keys(ContactWork *w, ContactFlattening *f)
{
	uint32		ntopics = w->topics.n + 1;
	uint64	   *bucket = palloc0((ntopics + 1) * sizeof(uint64));
	uint32	   *customer_rank = NULL;
	KeyRef	   *refs = palloc_extended(Max(w->nkeys, 1) * sizeof(KeyRef), MCXT_ALLOC_HUGE);

	if (w->flags & CONTACT_TEXT_CUSTOMERS)
		customer_rank = invert(f->customer_order, w->customers.n);
	for (uint64 i = 0; i <= w->mask; i++)
		if (w->slots[i].nepisodes != 0)
			bucket[f->topic_rank[w->slots[i].topic == CONTACT_NULL_TOPIC ? w->topics.n :
								 w->slots[i].topic] + 1]++;
	for (uint32 t = 1; t <= ntopics; t++)
		bucket[t] += bucket[t - 1];
	if (bucket[ntopics] != w->nkeys)
		elog(ERROR, "contact_state: the table does not hold the keys counted");
	for (uint64 i = 0; i <= w->mask; i++)
	{
		ContactSlot *slot = &w->slots[i];
		KeyRef	   *ref;

		if (slot->nepisodes == 0)
			continue;
		ref = &refs[bucket[f->topic_rank[slot->topic == CONTACT_NULL_TOPIC ? w->topics.n :
										 slot->topic]]++];
		ref->customer = customer_rank ? customer_rank[slot->customer] : slot->customer;
		ref->slot = slot;
	}
	/* bucket[t] now ends topic t */
	for (uint32 t = 0; t < ntopics; t++)
	{
		uint64		from = t == 0 ? 0 : bucket[t - 1];

		sort_refs_by_customer(refs + from, bucket[t] - from);
	}
	pfree(bucket);
	if (customer_rank)
		pfree(customer_rank);
	return refs;
}

/* What writing w needs, prepared once until w changes. */
static ContactFlattening *
prepare(ContactWork *w)
{
	MemoryContext old;
	ContactFlattening *f;

	if (w->flattening)
		return w->flattening;
	sq_contact_work_settle(w);
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	f = palloc0(sizeof(ContactFlattening));
	f->topic_order = sq_names_order(&w->topics);
	f->topic_rank = palloc((w->topics.n + 1) * sizeof(uint32));
	for (uint32 r = 0; r < w->topics.n; r++)
		f->topic_rank[f->topic_order[r]] = r;
	f->topic_rank[w->topics.n] = w->topics.n;
	rank_used_labels(w, f);
	if (w->flags & CONTACT_TEXT_CUSTOMERS)
		f->customer_order = sq_names_order(&w->customers);
	f->refs = order_keys(w, f);
	f->size = contact_state_size((uint64) w->topics.n + f->nlabels + w->customers.n,
								 w->topics.bytes + f->label_bytes + w->customers.bytes,
								 w->nkeys, w->nepisodes);
	MemoryContextSwitchTo(old);
	w->flattening = f;
	sq_contact_check_flat_size(f->size, w->nepisodes);
	return f;
}

void
sq_contact_work_discard_flattening(ContactWork *w)
{
	ContactFlattening *f = w->flattening;

	Assert(f != NULL);
	pfree(f->topic_order);
	pfree(f->topic_rank);
	pfree(f->label_order);
	pfree(f->label_rank);
	if (f->customer_order)
		pfree(f->customer_order);
	pfree(f->refs);
	pfree(f);
	w->flattening = NULL;
}

static Size
contact_get_flat_size(ExpandedObjectHeader *eohptr)
{
	return prepare((ContactWork *) eohptr)->size;
}

/* Append the names of d in the given order (n of them) at *pos. */
static void
write_names(const SqNames *d, const uint32 *order, uint32 n, uint32 *ends, uint32 *nends,
			char *bytes, uint32 *pos)
{
	for (uint32 r = 0; r < n; r++)
	{
		uint32		len;
		const char *name = sq_names_get(d, order[r], &len);

		memcpy(bytes + *pos, name, len);
		*pos += len;
		ends[(*nends)++] = *pos;
	}
}

static void
write_keys(const ContactWork *w, const ContactFlattening *f, ContactState *s)
{
	ContactKey *key = (ContactKey *) contact_keys(s);
	ContactEpisode *out = (ContactEpisode *) contact_episodes(s);

	for (uint64 k = 0; k < w->nkeys; k++, key++)
	{
		ContactSlot *slot = f->refs[k].slot;
		ContactEpisode *eps = contact_slot_episodes(slot);

		key->customer = f->refs[k].customer;
		key->topic = f->topic_rank[slot->topic == CONTACT_NULL_TOPIC ? w->topics.n : slot->topic];
		key->nepisodes = slot->nepisodes;
		for (uint32 j = 0; j < slot->nepisodes; j++, out++)
		{
			*out = eps[j];
			out->label = (uint16) (eps[j].label == 0 ? 0 : f->label_rank[eps[j].label - 1]);
		}
	}
	if ((Size) ((char *) out - (char *) s) != f->size)
		elog(ERROR, "contact_state: flat form does not have the size measured");
}

/* Written straight to result: a large state is not copied twice. */
static void
contact_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	ContactWork *w = (ContactWork *) eohptr;
	ContactFlattening *f = prepare(w);
	ContactState *s = result;
	uint32		nends = 0;
	uint32		pos = 0;

	if (allocated_size != f->size)
		elog(ERROR, "contact_state: flat form does not have the size measured");
	memset(s, 0, contact_keys_offset((uint64) w->topics.n + f->nlabels + w->customers.n,
									 w->topics.bytes + f->label_bytes + w->customers.bytes));
	SET_VARSIZE(s, allocated_size);
	s->version = CONTACT_STATE_VERSION;
	s->flags = w->flags;
	s->window = w->window;
	s->calendar = w->calendar;
	s->latest_start = w->nepisodes > 0 ? w->latest_start : 0;
	s->ntopics = w->topics.n;
	s->nlabels = f->nlabels;
	s->ncustomers = w->customers.n;
	s->nkeys = (uint32) w->nkeys;
	s->nepisodes = (uint32) w->nepisodes;
	s->names_bytes = (uint32) (w->topics.bytes + f->label_bytes + w->customers.bytes);
	write_names(&w->topics, f->topic_order, w->topics.n, (uint32 *) contact_name_ends(s), &nends,
				(char *) contact_name_bytes(s), &pos);
	write_names(&w->labels, f->label_order, f->nlabels, (uint32 *) contact_name_ends(s), &nends,
				(char *) contact_name_bytes(s), &pos);
	write_names(&w->customers, f->customer_order, w->customers.n,
				(uint32 *) contact_name_ends(s), &nends, (char *) contact_name_bytes(s), &pos);
	if (nends != contact_nnames(s) || pos != s->names_bytes)
		elog(ERROR, "contact_state: flat form does not have the names counted");
	write_keys(w, f, s);
}

ContactState *
sq_contact_work_flatten_and_free(ContactWork *w)
{
	Size		size = prepare(w)->size;
	ContactState *s = palloc_extended(size, MCXT_ALLOC_HUGE);

	contact_flatten_into(&w->hdr, s, size);
	DeleteExpandedObject(EOHPGetRWDatum(&w->hdr));
	return s;
}

const ExpandedObjectMethods sq_contact_state_methods = {
	contact_get_flat_size,
	contact_flatten_into
};
