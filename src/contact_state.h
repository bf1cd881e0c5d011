/*-------------------------------------------------------------------------
 *
 * contact_state.h
 *	  contact_state: the contacts of customers on topics, reduced to what
 *	  repeat contacts and first-contact resolution need, exactly and in a
 *	  form that merges in any order (docs/contacts.md, "How it stays exact").
 *
 * A contact at s repeats an earlier contact at t of the same customer and
 * topic when s comes within the window after t: t <= s <= t + window in
 * calendar time, elapsed working time from t to s <= window in business
 * time.  Let X(s) be the earliest instant the window reaches back from s:
 * s - window, or the first instant with working time to s <= window.  Then
 * t is repeated by s exactly when t lies in the closed interval [X(s), s],
 * and X never decreases as s grows.
 *
 * Per customer and topic (a key), the union of those intervals over the
 * key's contacts splits into disjoint closed intervals, one per episode: a
 * chain of contacts each within the window of the one before.  Each
 * episode keeps its interval [start = X(first), last], its first contact,
 * its number of contacts and the label and "resolved" flag of its first
 * contact.  Within an episode every contact but the last is repeated; the
 * last is not (yet).  Merging two states is the union of the intervals,
 * key by key: episodes whose intervals meet join, adding their counts.
 * Since that union is the same whatever the grouping of the contacts, the
 * merge is exact, associative and commutative: states of days, of shards
 * split by customer, of parallel workers holding arbitrary rows all merge
 * to the state of all the rows.  (Two contacts at the same instant: one
 * repeats the other, as the next row in time order does with lead().)
 *
 * Counts per topic follow: contacts = sum of episode counts, repeated =
 * contacts - episodes; an episode of one contact whose case was resolved
 * is a first-contact resolution.
 *
 * Two forms, as for timeline_set:
 *   - while aggregating, an expanded object (ContactWork, contact_state.c)
 *	   holding name dictionaries and a hash table of keys with their
 *	   episodes, into which each contact is merged as it comes;
 *   - the flat, canonical form (ContactState) everywhere else, which an
 *	   aggregate merging two flat states of 1 MB or more together holds in
 *	   an expanded object of its own (contact_state_held.c), so that the
 *	   executor does not copy it:
 *
 *	 ContactState header (56 bytes)
 *	 uint32		name_end[ntopics + nlabels + ncustomers]
 *								end of each name in the name bytes, cumulative
 *								over topics, then labels, then text customers
 *	 char		names[names_bytes]	each list in byte order, no name twice
 *	 (zero padding to a multiple of 8)
 *	 ContactKey	keys[nkeys]		by topic (NULL topic last), then customer
 *	 ContactEpisode episodes[nepisodes]	by key, then start
 *
 * Memory: 16 bytes per key and 32 per episode, plus the names; a state
 * holds at most CONTACT_MAX_EPISODES episodes (SQLSTATE 54000 beyond).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CONTACT_STATE_H
#define CONTACT_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/expandeddatum.h"

#include "svcquality.h"
#include "svcquality_names.h"

#define CONTACT_STATE_VERSION 1

#define CONTACT_MAX_NAME_BYTES 255
#define CONTACT_MAX_TOPICS 65535	/* and labels */
#define CONTACT_MAX_EPISODES (8 * 1024 * 1024)

/* flags */
#define CONTACT_TEXT_CUSTOMERS 0x01 /* customers are text, not bigint */
#define CONTACT_BUSINESS_TIME 0x02	/* the window is working time */
#define CONTACT_FLAGS (CONTACT_TEXT_CUSTOMERS | CONTACT_BUSINESS_TIME)

/* whether the first contact's case was resolved (the team's rule) */
#define CONTACT_RESOLVED_UNKNOWN 0
#define CONTACT_RESOLVED_NO 1
#define CONTACT_RESOLVED_YES 2

typedef struct ContactState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CONTACT_STATE_VERSION */
	uint8		flags;
	uint16		reserved;		/* zero */
	int64		window;			/* microseconds of calendar or working time */
	uint64		calendar;		/* fingerprint of the business calendar, or 0 */
	int64		latest_start;	/* X(latest contact); 0 without episodes */
	uint32		ntopics;		/* named topics; ntopics: the NULL topic */
	uint32		nlabels;
	uint32		ncustomers;		/* text customers; 0 for bigint customers */
	uint32		nkeys;
	uint32		nepisodes;
	uint32		names_bytes;
} ContactState;

typedef struct ContactKey
{
	int64		customer;		/* the bigint id, or the index of a text one */
	uint32		topic;			/* index of the topic; ntopics: NULL */
	uint32		nepisodes;		/* >= 1 */
} ContactKey;

typedef struct ContactEpisode
{
	int64		start;			/* X(first) */
	int64		first;
	int64		last;
	uint32		count;			/* contacts, >= 1 */
	uint16		label;			/* first contact's: 0 none, else index + 1 */
	uint8		resolved;		/* of the first contact: CONTACT_RESOLVED_* */
	uint8		reserved;		/* zero */
} ContactEpisode;

StaticAssertDecl(sizeof(ContactState) == 56, "contact_state header layout");
StaticAssertDecl(sizeof(ContactKey) == 16, "contact_state key layout");
StaticAssertDecl(sizeof(ContactEpisode) == 32, "contact_state episode layout");

static inline uint32
contact_nnames(const ContactState *s)
{
	return s->ntopics + s->nlabels + s->ncustomers;
}

static inline const uint32 *
contact_name_ends(const ContactState *s)
{
	return (const uint32 *) ((const char *) s + sizeof(ContactState));
}

static inline const char *
contact_name_bytes(const ContactState *s)
{
	return (const char *) (contact_name_ends(s) + contact_nnames(s));
}

/* Bytes before the keys of a state with these dictionaries. */
static inline Size
contact_keys_offset(uint64 nnames, uint64 names_bytes)
{
	return MAXALIGN(sizeof(ContactState) + nnames * sizeof(uint32) + names_bytes);
}

static inline const ContactKey *
contact_keys(const ContactState *s)
{
	return (const ContactKey *) ((const char *) s +
								 contact_keys_offset(contact_nnames(s), s->names_bytes));
}

static inline const ContactEpisode *
contact_episodes(const ContactState *s)
{
	return (const ContactEpisode *) (contact_keys(s) + s->nkeys);
}

static inline Size
contact_state_size(uint64 nnames, uint64 names_bytes, uint64 nkeys, uint64 nepisodes)
{
	return contact_keys_offset(nnames, names_bytes) + nkeys * sizeof(ContactKey) +
		nepisodes * sizeof(ContactEpisode);
}

/* Name i of the dictionaries (topics from 0, labels from ntopics, ...). */
static inline const char *
contact_name(const ContactState *s, uint32 i, uint32 *len)
{
	return sq_names_listed(contact_name_ends(s), contact_name_bytes(s), i, len);
}

static inline const char *
contact_topic(const ContactState *s, uint32 topic, uint32 *len)
{
	return contact_name(s, topic, len);
}

/* label: as stored in an episode, 1 .. nlabels */
static inline const char *
contact_label(const ContactState *s, uint16 label, uint32 *len)
{
	return contact_name(s, s->ntopics + label - 1, len);
}

static inline const char *
contact_text_customer(const ContactState *s, int64 customer, uint32 *len)
{
	return contact_name(s, s->ntopics + s->nlabels + (uint32) customer, len);
}

/*
 * The working form: an open addressing table of keys, each holding its
 * episodes (sorted by start, disjoint), in the episode layout of the flat
 * form with working indices: topic a dictionary index (CONTACT_NULL_TOPIC
 * for NULL), label 0 or a label index + 1.  Indices never change while the
 * object lives; writing the flat form maps them to the names' ranks.  A
 * key whose episodes come out of time order holds them in a tree
 * (contact_state_tree.c) until the state is read.
 */
#define CONTACT_NULL_TOPIC PG_UINT32_MAX

typedef struct ContactTree ContactTree;

typedef struct ContactSlot
{
	int64		customer;		/* the bigint id, or a customer index */
	uint32		topic;
	uint32		nepisodes;		/* 0: a free slot; 1: inline */
	union
	{
		ContactEpisode one;
		struct
		{
			ContactEpisode *at; /* in order, or NULL: in the tree */
			ContactTree *tree;	/* or NULL */
			uint32		cap;
		}			many;
	}			ep;
} ContactSlot;

/*
 * Rows wait in a small batch before they go into the table: inserting a
 * batch, the slot of the row a few places ahead is prefetched, and then,
 * nearer, the key's last episodes (which the slot points to), so that the
 * cache misses of a large table overlap instead of following each other.
 */
#define CONTACT_BATCH 64

typedef struct ContactPending
{
	int64		customer;
	uint32		topic;
	uint32		reserved;
	ContactEpisode e;
} ContactPending;

typedef struct ContactWork
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	bool		configured;		/* flags, window and calendar are set */
	uint8		flags;
	int64		window;
	uint64		calendar;
	bool		any;			/* holds a contact: latest is set */
	int64		latest;
	int64		latest_start;
	SqNames		topics;
	SqNames		labels;
	SqNames		customers;		/* text customers */
	ContactSlot *slots;
	void	   *slots_chunk;	/* the allocation holding them */
	uint64		mask;			/* slots - 1 (a power of 2 minus 1) */
	uint64		seed;			/* of the key table, sq_hash_seed() */
	uint64		nkeys;
	uint64		nepisodes;
	uint64		ntrees;			/* keys holding their episodes in a tree */
	ContactSlot *last;			/* the key touched last, or NULL */
	int			npending;		/* rows waiting in pending */
	ContactPending pending[CONTACT_BATCH];
	struct ContactFlattening *flattening;	/* contact_state_flat.c, or NULL */
} ContactWork;

/* A key's episodes in order: not while they are in a tree (see sq_contact_work_settle). */
static inline ContactEpisode *
contact_slot_episodes(ContactSlot *slot)
{
	return slot->nepisodes == 1 ? &slot->ep.one : slot->ep.many.at;
}

/* Working states are expanded objects with these methods (contact_state_flat.c). */
extern const ExpandedObjectMethods sq_contact_state_methods;

/* An empty working state in a new memory context under parent. */
extern ContactWork *sq_contact_work_new(MemoryContext parent);

/*
 * An empty working state in cxt, which other states may share (an
 * aggregate's, sq_aggregate_arena): it is freed with cxt, never on its own.
 */
extern ContactWork *sq_contact_work_new_in(MemoryContext cxt);

/* Fix the kind of customers, the window and the calendar of w, or check them. */
extern void sq_contact_work_configure(ContactWork *w, uint8 flags, int64 window, uint64 calendar);

/*
 * Add one contact (w configured).  customer is the bigint id, or for text
 * customers the name; topic NULL for the NULL topic; label NULL for none.
 * start is X(at).
 */
extern void sq_contact_work_add(ContactWork *w, int64 customer, const char *customer_name,
								uint32 customer_len, const char *topic, uint32 topic_len,
								TimestampTz at, TimestampTz start, const char *label,
								uint32 label_len, uint8 resolved);

/* Add every episode of a contact_state datum (flat or expanded) to w. */
extern void sq_contact_work_merge(ContactWork *w, Datum d);

/* A working state holding the episodes of a contact_state datum. */
extern ContactWork *sq_contact_work_from_datum(Datum d, MemoryContext parent);

/* Put the rows waiting in the batch into the table (before reading it). */
extern void sq_contact_work_flush(ContactWork *w);

/*
 * Put the rows waiting in the batch into the table, and write the episodes
 * of every key that holds them in a tree into an array (before reading w).
 */
extern void sq_contact_work_settle(ContactWork *w);

/*
 * A key's episodes in a tree (contact_state_tree.c): moved there from the
 * key's array; an episode merged into them (or refused, with
 * reject_overlap, when it meets one), as slot_insert() merges it into an
 * array.
 */
extern void sq_contact_tree_from_array(ContactWork *w, ContactSlot *slot);
extern bool sq_contact_tree_insert(ContactWork *w, ContactSlot *slot, const ContactEpisode *e,
								   bool reject_overlap);

/*
 * Forget what was prepared for writing w (contact_state_flat.c), before w
 * changes; w->flattening is set (callers test it, saving a call per row).
 */
extern void sq_contact_work_discard_flattening(ContactWork *w);

/* The first contact of an episode comes before the other's (ties: label name, flag). */
extern bool sq_contact_first_before(const ContactWork *w, const ContactEpisode *a,
									const ContactEpisode *b);

/* The flat form of w, after which w is freed (input, direct calls). */
extern ContactState *sq_contact_work_flatten_and_free(ContactWork *w);

/* The working state behind a datum if it is one of ours in expanded form, else NULL. */
extern ContactWork *sq_contact_work_of(Datum d);

/*
 * Input (text and binary) adds the episodes it reads with
 * sq_contact_work_add_episode(), which checks each against the rules both
 * forms share, then takes the result from sq_contact_work_input_result(),
 * which rejects episodes of a key that overlap or touch (they would be one
 * episode) and a latest_start that does not fit the episodes.  problem
 * gets what is wrong, for the caller to report as its form does.
 */
extern const char *sq_contact_work_add_episode(ContactWork *w, int64 customer,
											   const char *customer_name, uint32 customer_len,
											   const char *topic, uint32 topic_len,
											   const char *label, uint32 label_len,
											   const ContactEpisode *e);
extern ContactState *sq_contact_work_input_result(ContactWork *w, bool has_latest_start,
												  int64 latest_start, const char **problem);

/*
 * The flat form of the union of two flat states, read in order without a
 * table (contact_state_merge.c): the state that merging them into a
 * working state and flattening it gives, byte for byte.
 */
extern ContactState *sq_contact_state_merge(const ContactState *a, const ContactState *b,
											MemoryContext result_context);

/* Errors shared by the working and flat forms. */
pg_attribute_noreturn() extern void sq_contact_report_too_many_episodes(uint64 n);
pg_attribute_noreturn() extern void sq_contact_report_too_many_contacts(void);
extern void sq_contact_check_flat_size(Size size, uint64 nepisodes);
extern void sq_contact_check_dictionary_size(uint64 n, const char *what);
extern void sq_contact_check_compatible(uint8 flags1, int64 window1, uint64 calendar1,
										uint8 flags2, int64 window2, uint64 calendar2);

/* Join src into dst: their intervals meet. */
static inline void
contact_join_episode(const ContactWork *w, ContactEpisode *dst, const ContactEpisode *src)
{
	if (src->count > PG_UINT32_MAX - dst->count)
		sq_contact_report_too_many_contacts();
	dst->count += src->count;
	dst->start = Min(dst->start, src->start);
	dst->last = Max(dst->last, src->last);
	if (sq_contact_first_before(w, src, dst))
	{
		dst->first = src->first;
		dst->label = src->label;
		dst->resolved = src->resolved;
	}
}

/* X(s) in calendar time: s - window, no earlier than the first timestamp. */
static inline TimestampTz
contact_calendar_start(TimestampTz s, int64 window)
{
	/* s - MIN_TIMESTAMP may exceed the int64 range, not the uint64 one */
	return (uint64) s - (uint64) MIN_TIMESTAMP < (uint64) window ? MIN_TIMESTAMP : s - window;
}

/*
 * An aggregate that merges two flat states of 1 MB or more together keeps
 * their union in a holder (contact_state_held.c): an expanded object of a
 * memory context of its own, holding a flat state.
 */

/* The flat state held behind a datum, if the datum is a holder, else NULL. */
extern const ContactState *sq_contact_held_state(Datum d);

/*
 * The union of state (flat or held) and b, held: in state's holder, in
 * place of the flat state it held, or else in a new holder under
 * aggcontext.
 */
extern Datum sq_contact_hold_merge(Datum state, const ContactState *b, MemoryContext aggcontext);

/*
 * A datum's flat state, to read only: the one held, or the datum detoasted
 * (or flattened), its format version checked.
 */
extern const ContactState *sq_contact_state_of(Datum d);

#define DatumGetContactState(d) sq_contact_state_of(d)
#define PG_GETARG_CONTACT_STATE(n) DatumGetContactState(PG_GETARG_DATUM(n))

/*
 * A flat state datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetContactStateFlat(d) \
	((ContactState *) sq_detoast_state((d), "contact_state", CONTACT_STATE_VERSION))
#define DatumGetContactStateFlatCopy(d) \
	((ContactState *) sq_detoast_state_copy((d), "contact_state", CONTACT_STATE_VERSION))

#endif							/* CONTACT_STATE_H */
