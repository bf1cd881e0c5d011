/*-------------------------------------------------------------------------
 *
 * contact_state.c
 *	  The working form of contact_state: an expanded object holding name
 *	  dictionaries and a hash table of keys (customer, topic) with their
 *	  episodes, filled by aggregation, merging and input (its flat form is
 *	  written by contact_state_flat.c).
 *
 * A contact, or an episode of another state, is merged into its key's
 * episodes as it comes: the episodes whose closed intervals meet the new
 * one join it (contact_state.h says why that is exact).  A row costs a
 * probe of the topic dictionary and two of the key table (the first, a
 * few rows ahead, to request the lines of the key's episodes); a key with
 * one episode keeps it in its own slot.
 *
 * The table is open addressing with linear probing, at most three
 * quarters full: 48 bytes a slot, so 64 to 128 bytes a key.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "contact_state.h"

#define FIRST_SLOTS 16

/*
 * Episodes of a key's array that a row may shift; a row that lands further
 * from the end moves the key's episodes into a tree (contact_state_tree.c).
 */
#define CONTACT_MAX_SHIFT 64

StaticAssertDecl(sizeof(ContactSlot) == 48, "a contact_state slot is 48 bytes");

void
sq_contact_report_too_many_episodes(uint64 n)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("contact_state of " UINT64_FORMAT " episodes exceeds the limit of %d", n,
					CONTACT_MAX_EPISODES),
			 errdetail("A contact_state holds at most %d episodes (a customer, a topic and a chain of contacts within the window), 48 bytes each when stored.",
					   CONTACT_MAX_EPISODES),
			 errhint("Build one state per shard of customers (e.g. customer %% 16): per-topic counts of shards split by customer add up.")));
}

void
sq_contact_check_flat_size(Size size, uint64 nepisodes)
{
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("contact_state of " UINT64_FORMAT " episodes exceeds the 1 GB limit of a value",
						nepisodes),
				 errhint("Build one state per shard of customers (e.g. customer %% 16): per-topic counts of shards split by customer add up.")));
}

static void
contact_check_name(uint32 len, const char *what)
{
	if (len > CONTACT_MAX_NAME_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s of %u bytes is too long", what, len),
				 errdetail("Topics, labels and customer ids given as text are at most %d bytes.",
						   CONTACT_MAX_NAME_BYTES)));
}

void
sq_contact_check_dictionary_size(uint64 n, const char *what)
{
	if (n > CONTACT_MAX_TOPICS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("contact_state has more than %d distinct %s", CONTACT_MAX_TOPICS, what),
				 errhint("Group contacts by a coarser topic or label.")));
}

static char *
window_text(int64 window)
{
	Interval	span = {.time = window};

	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&span)));
}

void
sq_contact_check_compatible(uint8 flags1, int64 window1, uint64 calendar1,
							uint8 flags2, int64 window2, uint64 calendar2)
{
	if ((flags1 ^ flags2) & CONTACT_TEXT_CUSTOMERS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge contact states of bigint customers with contact states of text customers"),
				 errhint("Give customers as the same type everywhere, e.g. customer_id::text.")));
	if ((flags1 ^ flags2) & CONTACT_BUSINESS_TIME)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a contact state with a window of working time with one of calendar time")));
	if (window1 != window2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge contact states of different windows: %s and %s",
						window_text(window1), window_text(window2)),
				 errdetail("A contact is repeated when the customer comes back within the window; states of different windows do not count the same thing.")));
	if (calendar1 != calendar2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge contact states built with different business calendars")));
}

/* A zeroed table of n slots in w's context (see sq_alloc_probed_table). */
static ContactSlot *
alloc_slots(ContactWork *w, uint64 n)
{
	Size		bytes = n * sizeof(ContactSlot);
	void	   *table = sq_alloc_probed_table(w->hdr.eoh_context, bytes, &w->slots_chunk);

	memset(table, 0, bytes);
	return (ContactSlot *) table;
}

ContactWork *
sq_contact_work_new(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "contact_state",
											  ALLOCSET_SMALL_MINSIZE,
											  ALLOCSET_SMALL_INITSIZE,
											  ALLOCSET_DEFAULT_MAXSIZE);

	return sq_contact_work_new_in(cxt);
}

ContactWork *
sq_contact_work_new_in(MemoryContext cxt)
{
	ContactWork *w = MemoryContextAllocZero(cxt, sizeof(ContactWork));

	EOH_init_header(&w->hdr, &sq_contact_state_methods, cxt);
	sq_names_init(&w->topics, cxt);
	sq_names_init(&w->labels, cxt);
	sq_names_init(&w->customers, cxt);
	w->seed = sq_hash_seed();
	w->slots = alloc_slots(w, FIRST_SLOTS);
	w->mask = FIRST_SLOTS - 1;
	return w;
}

ContactWork *
sq_contact_work_of(Datum d)
{
	return (ContactWork *) sq_expanded_object(d, &sq_contact_state_methods);
}

void
sq_contact_work_configure(ContactWork *w, uint8 flags, int64 window, uint64 calendar)
{
	if (w->configured)
	{
		sq_contact_check_compatible(w->flags, w->window, w->calendar, flags, window, calendar);
		return;
	}
	w->configured = true;
	w->flags = flags;
	w->window = window;
	w->calendar = calendar;
}

static void
note_latest(ContactWork *w, TimestampTz last, TimestampTz latest_start)
{
	if (!w->any || last > w->latest)
	{
		w->any = true;
		w->latest = last;
		w->latest_start = latest_start;
	}
}

/*
 * The slot where the probe for a key starts.  The topic is added to the
 * seeded customer, not xored with the customer: keys (c, t) and (c ^ t * K
 * ^ u * K, u) would otherwise meet whatever the seed, one customer id per
 * topic all in one slot.
 */
static inline uint64
slot_of(const ContactWork *w, int64 customer, uint32 topic)
{
	return sq_mix64(((uint64) customer ^ w->seed) +
					(uint64) topic * UINT64CONST(0x9e3779b97f4a7c15)) & w->mask;
}

static void
grow_table(ContactWork *w)
{
	ContactSlot *old = w->slots;
	void	   *old_chunk = w->slots_chunk;
	uint64		nold = w->mask + 1;

	w->slots = alloc_slots(w, 2 * nold);
	w->mask = 2 * nold - 1;
	for (uint64 i = 0; i < nold; i++)
	{
		uint64		h;

		if (old[i].nepisodes == 0)
			continue;
		h = slot_of(w, old[i].customer, old[i].topic);
		while (w->slots[h].nepisodes != 0)
			h = (h + 1) & w->mask;
		w->slots[h] = old[i];
	}
	pfree(old_chunk);
	w->last = NULL;
}

/* Where the probe for a pending row's key starts. */
static inline const ContactSlot *
home_slot(const ContactWork *w, const ContactPending *p)
{
	return &w->slots[slot_of(w, p->customer, p->topic)];
}

/* The slot of a key: its own, or the free one where it belongs. */
static inline ContactSlot *
probe_slot(const ContactWork *w, int64 customer, uint32 topic)
{
	uint64		h = slot_of(w, customer, topic);

	for (;;)
	{
		ContactSlot *slot = &w->slots[h];

		if (slot->nepisodes == 0 || (slot->customer == customer && slot->topic == topic))
			return slot;
		h = (h + 1) & w->mask;
	}
}

/* probe_slot, answered without probing when the key is the last one's. */
static inline ContactSlot *
find_slot(ContactWork *w, int64 customer, uint32 topic)
{
	if (w->last && w->last->customer == customer && w->last->topic == topic)
		return w->last;
	return w->last = probe_slot(w, customer, topic);
}

bool
sq_contact_first_before(const ContactWork *w, const ContactEpisode *a, const ContactEpisode *b)
{
	if (a->first != b->first)
		return a->first < b->first;
	if (a->label != b->label)
	{
		const char *la;
		const char *lb;
		uint32		la_len;
		uint32		lb_len;

		/* labels by name, no label last */
		if (a->label == 0 || b->label == 0)
			return b->label == 0;
		la = sq_names_get(&w->labels, a->label - 1, &la_len);
		lb = sq_names_get(&w->labels, b->label - 1, &lb_len);
		return sq_names_cmp(la, la_len, lb, lb_len) < 0;
	}
	return a->resolved < b->resolved;
}

void
sq_contact_report_too_many_contacts(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("an episode of repeat contacts has more than %u contacts", PG_UINT32_MAX)));
}

/* Room for n episodes in a slot that holds several. */
static void
reserve_episodes(ContactWork *w, ContactSlot *slot, uint32 n)
{
	ContactEpisode *at;
	uint32		cap;

	if (slot->nepisodes > 1 && slot->ep.many.cap >= n)
		return;
	cap = slot->nepisodes > 1 ? 2 * slot->ep.many.cap : 4;
	at = MemoryContextAllocExtended(w->hdr.eoh_context, (Size) cap * sizeof(ContactEpisode),
									MCXT_ALLOC_HUGE);
	memcpy(at, contact_slot_episodes(slot), slot->nepisodes * sizeof(ContactEpisode));
	if (slot->nepisodes > 1)
		pfree(slot->ep.many.at);
	slot->ep.many.at = at;
	slot->ep.many.tree = NULL;
	slot->ep.many.cap = cap;
}

/*
 * Merge episode e into a key's episodes: those whose intervals meet it
 * join it, or it goes in between.  With reject_overlap (input, where
 * episodes of a key must be apart) a meeting is refused: returns false.
 */
static bool
slot_insert(ContactWork *w, ContactSlot *slot, const ContactEpisode *e, bool reject_overlap)
{
	ContactEpisode *eps;
	uint32		n = slot->nepisodes;
	uint32		lo;
	uint32		end;
	ContactEpisode joined = *e;

	if (n > 1 && slot->ep.many.tree != NULL)
		return sq_contact_tree_insert(w, slot, e, reject_overlap);
	eps = contact_slot_episodes(slot);

	/*
	 * The first episode ending at or after e starts (ends increase too).
	 * Contacts mostly come in time order: e then follows the last episode or
	 * meets it, found by reading the last two only.
	 */
	if (eps[n - 1].last < e->start)
		lo = n;
	else if (n == 1 || eps[n - 2].last < e->start)
		lo = n - 1;
	else
	{
		uint32		hi = n - 2;

		lo = 0;
		while (lo < hi)
		{
			uint32		mid = lo + (hi - lo) / 2;

			if (eps[mid].last < e->start)
				lo = mid + 1;
			else
				hi = mid;
		}

		/*
		 * Far before the end, e would shift the episodes after it, and so
		 * would the next such row: the key takes a tree.
		 */
		if (n - lo > CONTACT_MAX_SHIFT)
		{
			sq_contact_tree_from_array(w, slot);
			return sq_contact_tree_insert(w, slot, e, reject_overlap);
		}
	}
	/* before joining: a join can overflow the counts of a refused input */
	if (reject_overlap && lo < n && eps[lo].start <= e->last)
		return false;
	for (end = lo; end < n && eps[end].start <= e->last; end++)
		contact_join_episode(w, &joined, &eps[end]);
	if (end == lo)
	{
		if (w->nepisodes >= CONTACT_MAX_EPISODES)
			sq_contact_report_too_many_episodes(w->nepisodes + 1);
		reserve_episodes(w, slot, n + 1);
		eps = slot->ep.many.at;
		memmove(&eps[lo + 1], &eps[lo], (n - lo) * sizeof(ContactEpisode));
		eps[lo] = joined;
		slot->nepisodes++;
		w->nepisodes++;
		return true;
	}
	eps[lo] = joined;
	if (end != lo + 1)
		memmove(&eps[lo + 1], &eps[end], (n - end) * sizeof(ContactEpisode));
	slot->nepisodes -= end - lo - 1;
	w->nepisodes -= end - lo - 1;
	if (slot->nepisodes == 1 && n > 1)
	{
		ContactEpisode *many = eps;

		slot->ep.one = many[0];
		pfree(many);
	}
	return true;
}

/* Merge an episode into key (customer, topic); false when it meets one and reject_overlap. */
static bool
add_to_key(ContactWork *w, int64 customer, uint32 topic, const ContactEpisode *e,
		   bool reject_overlap)
{
	ContactSlot *slot = find_slot(w, customer, topic);

	if (w->flattening)
		sq_contact_work_discard_flattening(w);
	if (slot->nepisodes != 0)
		return slot_insert(w, slot, e, reject_overlap);
	if (w->nepisodes >= CONTACT_MAX_EPISODES)
		sq_contact_report_too_many_episodes(w->nepisodes + 1);
	slot->customer = customer;
	slot->topic = topic;
	slot->nepisodes = 1;
	slot->ep.one = *e;
	w->nkeys++;
	w->nepisodes++;
	if (w->nkeys * 4 > (w->mask + 1) * 3)
		grow_table(w);
	return true;
}

/* Intern the names of a key and label; the key's customer and topic indices. */
static void
intern_key(ContactWork *w, int64 *customer, const char *customer_name, uint32 customer_len,
		   const char *topic, uint32 topic_len, uint32 *topic_index,
		   const char *label, uint32 label_len, uint16 *label_index)
{
	*topic_index = CONTACT_NULL_TOPIC;
	*label_index = 0;
	if (topic)
	{
		contact_check_name(topic_len, "topic name");
		*topic_index = sq_names_intern(&w->topics, topic, topic_len);
		sq_contact_check_dictionary_size(w->topics.n, "topics");
	}
	if (label)
	{
		contact_check_name(label_len, "label");
		*label_index = (uint16) (sq_names_intern(&w->labels, label, label_len) + 1);
		sq_contact_check_dictionary_size(w->labels.n, "labels");
	}
	if (w->flags & CONTACT_TEXT_CUSTOMERS)
	{
		contact_check_name(customer_len, "customer id");
		*customer = sq_names_intern(&w->customers, customer_name, customer_len);
	}
}

/*
 * Request the cache lines of the key's last episodes, which slot_insert
 * reads first, when the key holds several: the slot says where they are,
 * so this is the second step after the slot's line was requested.  A key
 * not in the table yet has none.
 */
static inline void
prefetch_last_episodes(const ContactWork *w, const ContactPending *p)
{
	const ContactSlot *slot = probe_slot(w, p->customer, p->topic);

	if (slot->nepisodes > 1 && slot->ep.many.at != NULL)
	{
		const ContactEpisode *last = &slot->ep.many.at[slot->nepisodes - 1];

		sq_prefetch(last - 1);
		sq_prefetch(last);
		sq_prefetch(last + 1);
	}
}

void
sq_contact_work_flush(ContactWork *w)
{
	enum
	{
		SLOT_AHEAD = 8,			/* rows whose slot is requested ahead */
		EPISODES_AHEAD = 4		/* rows whose episodes are */
	};
	int			n = w->npending;

	for (int i = 0; i < Min(SLOT_AHEAD, n); i++)
		sq_prefetch(home_slot(w, &w->pending[i]));
	for (int i = 0; i < n; i++)
	{
		const ContactPending *p = &w->pending[i];

		if (i + SLOT_AHEAD < n)
			sq_prefetch(home_slot(w, &w->pending[i + SLOT_AHEAD]));
		if (i + EPISODES_AHEAD < n)
			prefetch_last_episodes(w, &w->pending[i + EPISODES_AHEAD]);
		add_to_key(w, p->customer, p->topic, &p->e, false);
	}
	w->npending = 0;
}

void
sq_contact_work_add(ContactWork *w, int64 customer, const char *customer_name,
					uint32 customer_len, const char *topic, uint32 topic_len,
					TimestampTz at, TimestampTz start, const char *label,
					uint32 label_len, uint8 resolved)
{
	ContactPending *p;

	if (w->npending == CONTACT_BATCH)
		sq_contact_work_flush(w);
	p = &w->pending[w->npending++];
	memset(p, 0, sizeof(ContactPending));
	intern_key(w, &customer, customer_name, customer_len, topic, topic_len, &p->topic,
			   label, label_len, &p->e.label);
	p->customer = customer;
	p->e.start = start;
	p->e.first = p->e.last = at;
	p->e.count = 1;
	p->e.resolved = resolved;
	note_latest(w, at, start);
	if (w->flattening)
		sq_contact_work_discard_flattening(w);
}

/* The index in w of each name of s, from name from on (n names). */
static uint32 *
map_names(SqNames *d, const ContactState *s, uint32 from, uint32 n)
{
	uint32	   *map = palloc(Max(n, 1) * sizeof(uint32));

	for (uint32 i = 0; i < n; i++)
	{
		uint32		len;
		const char *name = contact_name(s, from + i, &len);

		map[i] = sq_names_intern(d, name, len);
	}
	return map;
}

void
sq_contact_work_merge(ContactWork *w, Datum d)
{
	const ContactState *held = sq_contact_held_state(d);
	const ContactState *s = held ? held : DatumGetContactStateFlat(d);
	const ContactKey *keys = contact_keys(s);
	const ContactEpisode *e = contact_episodes(s);
	int64		latest = PG_INT64_MIN;
	uint32	   *topics;
	uint32	   *labels;
	uint32	   *customers = NULL;

	sq_contact_work_configure(w, s->flags, s->window, s->calendar);
	if (s->nepisodes == 0)
		return;
	sq_contact_work_flush(w);
	topics = map_names(&w->topics, s, 0, s->ntopics);
	sq_contact_check_dictionary_size(w->topics.n, "topics");
	labels = map_names(&w->labels, s, s->ntopics, s->nlabels);
	sq_contact_check_dictionary_size(w->labels.n, "labels");
	if (s->flags & CONTACT_TEXT_CUSTOMERS)
		customers = map_names(&w->customers, s, s->ntopics + s->nlabels, s->ncustomers);
	for (uint32 k = 0; k < s->nkeys; k++)
	{
		int64		customer = customers ? customers[keys[k].customer] : keys[k].customer;
		uint32		topic = keys[k].topic == s->ntopics ? CONTACT_NULL_TOPIC : topics[keys[k].topic];

		for (uint32 j = 0; j < keys[k].nepisodes; j++, e++)
		{
			ContactEpisode mapped = *e;

			mapped.label = e->label == 0 ? 0 : (uint16) (labels[e->label - 1] + 1);
			add_to_key(w, customer, topic, &mapped, false);
			latest = Max(latest, e->last);
		}
	}
	note_latest(w, latest, s->latest_start);
	pfree(topics);
	pfree(labels);
	if (customers)
		pfree(customers);
	/* a copy detoasted (or flattened) here, never the held state */
	if (held == NULL && (const void *) s != DatumGetPointer(d))
		pfree((void *) s);
}

ContactWork *
sq_contact_work_from_datum(Datum d, MemoryContext parent)
{
	ContactWork *w = sq_contact_work_new(parent);

	sq_contact_work_merge(w, d);
	return w;
}

const char *
sq_contact_work_add_episode(ContactWork *w, int64 customer, const char *customer_name,
							uint32 customer_len, const char *topic, uint32 topic_len,
							const char *label, uint32 label_len, const ContactEpisode *e)
{
	ContactEpisode episode = *e;
	uint32		topic_index;

	if (!IS_VALID_TIMESTAMP(e->first) || !IS_VALID_TIMESTAMP(e->last) ||
		!IS_VALID_TIMESTAMP(e->start))
		return "an episode time is not a finite timestamp within the range of timestamptz";
	if (!(e->start <= e->first && e->first <= e->last))
		return "an episode's times are not in the order start <= first <= last";
	if (e->first < e->last && e->count < 2)
		return "an episode whose last contact is after its first has fewer than 2 contacts";
	if (!(w->flags & CONTACT_BUSINESS_TIME) &&
		e->start != contact_calendar_start(e->first, w->window))
		return "an episode's start is not its first contact minus the window";

	/*
	 * Consecutive contacts of an episode are at most a window apart, in
	 * calendar time; working time between two contacts needs the calendar,
	 * which the state does not hold.  int128: count - 1 times the window
	 * reaches 2^95, and last - first can exceed the int64 range.
	 */
	if (!(w->flags & CONTACT_BUSINESS_TIME) &&
		(int128) e->last - e->first > (int128) (e->count - 1) * w->window)
		return "an episode spans more than (count - 1) windows: its contacts cannot each be within the window of the one before";
	if (e->resolved > CONTACT_RESOLVED_YES)
		return "an episode's resolved flag is not 0, 1 or 2";
	intern_key(w, &customer, customer_name, customer_len, topic, topic_len, &topic_index,
			   label, label_len, &episode.label);
	episode.reserved = 0;
	if (!add_to_key(w, customer, topic_index, &episode, true))
		return "two episodes of a customer and topic overlap or touch (they would be one episode)";
	return NULL;
}

ContactState *
sq_contact_work_input_result(ContactWork *w, bool has_latest_start, int64 latest_start,
							 const char **problem)
{
	int64		latest = PG_INT64_MIN;
	int64		max_start = PG_INT64_MIN;

	*problem = NULL;
	sq_contact_work_settle(w);
	for (uint64 i = 0; i <= w->mask; i++)
	{
		ContactSlot *slot = &w->slots[i];
		ContactEpisode *eps = contact_slot_episodes(slot);

		for (uint32 j = 0; j < slot->nepisodes; j++)
		{
			latest = Max(latest, eps[j].last);
			max_start = Max(max_start, eps[j].start);
		}
	}
	if (w->nepisodes > 0 && !(w->flags & CONTACT_BUSINESS_TIME))
		latest_start = contact_calendar_start(latest, w->window);
	else if (has_latest_start != (w->nepisodes > 0))
	{
		*problem = w->nepisodes > 0 ? "latest_start is missing" :
			"latest_start is given without episodes";
		return NULL;
	}
	if (w->nepisodes > 0)
	{
		if (!(max_start <= latest_start && latest_start <= latest))
		{
			*problem = "latest_start is not between the latest episode start and the latest contact";
			return NULL;
		}
		w->any = true;
		w->latest = latest;
		w->latest_start = latest_start;
	}
	return sq_contact_work_flatten_and_free(w);
}
