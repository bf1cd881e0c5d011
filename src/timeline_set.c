/*-------------------------------------------------------------------------
 *
 * timeline_set.c
 *	  The working form of timeline_set (an expanded object holding a hash
 *	  table of case timelines) and its flattening into the canonical form.
 *
 * The table is open addressing with linear probing over (id, timeline)
 * slots, at most half full (blocks of neighbouring ids, see slot_of, make
 * runs longer than single keys would).  Each case's timeline is an ordinary
 * timeline_state, grown by timeline_add_event and timeline_merge, so a set
 * follows exactly the rules of timeline_agg: same ordering, same
 * deduplication, same limits, same canonical form.
 *
 * Rows of one case often come together (an export sorted by case, events
 * appended as they happen): the slot touched last is tried before the
 * table.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/memutils.h"

#include "timeline_set.h"

#define FIRST_SLOTS 16

static Size set_get_flat_size(ExpandedObjectHeader *eohptr);
static void set_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods set_methods = {
	set_get_flat_size,
	set_flatten_into
};

/*
 * Slot of a case id.  Case ids are usually serials, and the events that
 * arrive together belong to cases created at about the same time, whose
 * ids are close: ids that differ only in their last 4 bits keep their
 * order in one 16-slot block, so such rows touch a few cache lines rather
 * than one line each.  The blocks themselves are spread by the 64-bit
 * finalizer of MurmurHash3, as probing on raw ids would pile up.
 */
#define BLOCK_BITS 4

static inline uint64
slot_of(int64 id, uint64 mask)
{
	uint64		h = (uint64) id >> BLOCK_BITS;

	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return ((h << BLOCK_BITS) | ((uint64) id & ((1 << BLOCK_BITS) - 1))) & mask;
}

static TimelineSetSlot *
alloc_slots(TimelineSetWork *w, uint64 nslots)
{
	return MemoryContextAllocExtended(w->hdr.eoh_context, nslots * sizeof(TimelineSetSlot),
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

TimelineSetWork *
timeline_set_work_new(MemoryContext parent)
{
	/*
	 * Small first blocks: a GROUP BY may hold many sets at once.  Large sets
	 * get large blocks as they grow.
	 */
	MemoryContext cxt = AllocSetContextCreate(parent, "timeline_set",
											  ALLOCSET_SMALL_MINSIZE,
											  ALLOCSET_SMALL_INITSIZE,
											  ALLOCSET_DEFAULT_MAXSIZE);
	TimelineSetWork *w = MemoryContextAllocZero(cxt, sizeof(TimelineSetWork));

	EOH_init_header(&w->hdr, &set_methods, cxt);
	w->slots = alloc_slots(w, FIRST_SLOTS);
	w->mask = FIRST_SLOTS - 1;
	return w;
}

TimelineSetWork *
timeline_set_work_of(Datum d)
{
	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	return (TimelineSetWork *) DatumGetEOHP(d);
}

static void discard_flattening(TimelineSetWork *w);

/* Called before every change: what was prepared for flattening is stale. */
static inline void
invalidate_flat(TimelineSetWork *w)
{
	if (w->flattening)
		discard_flattening(w);
}

static void
grow_table(TimelineSetWork *w)
{
	TimelineSetSlot *old = w->slots;
	uint64		nold = w->mask + 1;

	w->slots = alloc_slots(w, nold * 2);
	w->mask = nold * 2 - 1;
	for (uint64 i = 0; i < nold; i++)
	{
		uint64		h;

		if (old[i].t == NULL)
			continue;
		h = slot_of(old[i].id, w->mask);
		while (w->slots[h].t != NULL)
			h = (h + 1) & w->mask;
		w->slots[h] = old[i];
	}
	pfree(old);
	w->last = NULL;
}

/*
 * The slot of case id: its own if the case is known, else the free slot
 * where it belongs (t == NULL; the caller fills it and calls case_added).
 */
static inline TimelineSetSlot *
find_slot(TimelineSetWork *w, int64 id)
{
	uint64		h;

	if (w->last && w->last->id == id)
		return w->last;
	h = slot_of(id, w->mask);
	for (;;)
	{
		TimelineSetSlot *slot = &w->slots[h];

		if (slot->t == NULL || slot->id == id)
			return w->last = slot;
		h = (h + 1) & w->mask;
	}
}

/*
 * Put the case's timeline t (new, or grown from the slot's) in its slot.
 * old_bytes is what the slot's timeline took in the flat form before the
 * change: the size of the flat form is kept up to date, so that sizing it
 * needs no pass over the cases.
 */
static void
store_case(TimelineSetWork *w, TimelineSetSlot *slot, int64 id, TimelineState *t, Size old_bytes)
{
	invalidate_flat(w);
	w->case_bytes += MAXALIGN(timeline_trimmed_size(t)) - old_bytes;
	if (slot->t != NULL)
	{
		if (slot->t != t)
			pfree(slot->t);
		slot->t = t;
		return;
	}
	slot->id = id;
	slot->t = t;
	w->ncases++;
	if (w->ncases * 2 > w->mask + 1)
		grow_table(w);
}

static inline Size
flat_bytes(const TimelineState *t)
{
	return t ? MAXALIGN(timeline_trimmed_size(t)) : 0;
}

void
timeline_set_work_add(TimelineSetWork *w, int64 id, const char *name, int len, TimestampTz at)
{
	TimelineSetSlot *slot = find_slot(w, id);
	MemoryContext old;
	TimelineState *t;
	Size		old_bytes;

#if defined(__GNUC__) || defined(__clang__)

	/*
	 * With a million cases the timeline is rarely in cache: fetch the lines
	 * of a typical (128-byte) timeline at once, not one after the other.
	 */
	if (slot->t)
	{
		__builtin_prefetch((char *) slot->t + 64);
		__builtin_prefetch((char *) slot->t + 127);
	}
#endif
	old_bytes = flat_bytes(slot->t);
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	t = timeline_add_event(slot->t ? slot->t : timeline_state_first(len), name, len, at);
	MemoryContextSwitchTo(old);
	store_case(w, slot, id, t, old_bytes);
}

void
timeline_set_work_merge_case(TimelineSetWork *w, int64 id, const TimelineState *t)
{
	TimelineSetSlot *slot = find_slot(w, id);
	Size		old_bytes = flat_bytes(slot->t);
	MemoryContext old = MemoryContextSwitchTo(w->hdr.eoh_context);
	TimelineState *merged;

	if (slot->t == NULL)
	{
		merged = palloc(VARSIZE(t));
		memcpy(merged, t, VARSIZE(t));
	}
	else
		merged = timeline_merge(slot->t, t);
	MemoryContextSwitchTo(old);
	store_case(w, slot, id, merged, old_bytes);
}

static void
merge_flat_into_table(TimelineSetWork *w, const TimelineSet *s)
{
	for (uint32 i = 0; i < s->ncases; i++)
		timeline_set_work_merge_case(w, timeline_set_ids(s)[i], timeline_set_case(s, i));
}

void
timeline_set_work_merge(TimelineSetWork *w, Datum d)
{
	TimelineSetWork *src = timeline_set_work_of(d);
	MemoryContext old;

	if (src != NULL)
	{
		/* read the other working set in place rather than flattening it */
		for (uint64 i = 0; i <= src->mask; i++)
			if (src->slots[i].t != NULL)
				timeline_set_work_merge_case(w, src->slots[i].id, src->slots[i].t);
		for (int r = 0; r < src->nruns; r++)
			merge_flat_into_table(w, src->runs[r]);
		return;
	}
	invalidate_flat(w);
	if (w->nruns == TIMELINE_SET_MAX_RUNS)
	{
		for (int r = 0; r < w->nruns; r++)
		{
			merge_flat_into_table(w, w->runs[r]);
			pfree(w->runs[r]);
		}
		w->nruns = 0;
	}
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	w->runs[w->nruns++] = (TimelineSet *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
}

TimelineSetWork *
timeline_set_work_from_datum(Datum d, MemoryContext parent)
{
	TimelineSetWork *w = timeline_set_work_new(parent);

	timeline_set_work_merge(w, d);
	return w;
}

/*
 * Sorting a million cases by id is a visible part of flattening: with
 * PostgreSQL 14 and later, a sort specialized for slots; before, qsort.
 */
#if PG_VERSION_NUM >= 140000
#define ST_SORT sort_slots_by_id
#define ST_ELEMENT_TYPE TimelineSetSlot
#define ST_COMPARE(a, b) (((a)->id > (b)->id) - ((a)->id < (b)->id))
#define ST_SCOPE static
#define ST_DECLARE
#define ST_DEFINE
#include "lib/sort_template.h"
#else
static int
slot_id_cmp(const void *a, const void *b)
{
	int64		x = ((const TimelineSetSlot *) a)->id;
	int64		y = ((const TimelineSetSlot *) b)->id;

	return (x > y) - (x < y);
}

static void
sort_slots_by_id(TimelineSetSlot *slots, size_t n)
{
	qsort(slots, n, sizeof(TimelineSetSlot), slot_id_cmp);
}
#endif

/* One sorted source of cases: the sorted table, or a run. */
typedef struct SetCursor
{
	const TimelineSetSlot *slots;	/* the table's cases by id, or NULL */
	const TimelineSet *run;		/* else a flat set */
	uint64		n;
	uint64		pos;
} SetCursor;

static inline int64
cursor_id(const SetCursor *c)
{
	return c->slots ? c->slots[c->pos].id : timeline_set_ids(c->run)[c->pos];
}

static inline const TimelineState *
cursor_case(const SetCursor *c)
{
	return c->slots ? c->slots[c->pos].t : timeline_set_case(c->run, c->pos);
}

/*
 * Where the merge of the sources goes: sized first (out == NULL), then
 * written.  Timelines of a case found in several sources are merged while
 * sizing and kept, in order, for the writing pass.
 */
typedef struct FlatWriter
{
	TimelineSet *out;			/* NULL while sizing */
	uint64		ncases;
	Size		pos;			/* end of the timelines so far */
	TimelineState **merged;		/* unions made while sizing */
	uint64		nmerged;
	uint64		merged_cap;
	uint64		next_merged;	/* next one to write */
} FlatWriter;

static Size
ids_end(uint64 ncases)
{
	return MAXALIGN(sizeof(TimelineSet) + ncases * (sizeof(int64) + sizeof(uint32)));
}

/* canonical: t comes from a flat set, so it is already in canonical form */
static void
emit_case(FlatWriter *fw, int64 id, const TimelineState *t, bool canonical)
{
	Size		len = timeline_trimmed_size(t);

	if (fw->out)
	{
		TimelineState *dst = (TimelineState *) ((char *) fw->out + fw->pos);

		((int64 *) timeline_set_ids(fw->out))[fw->ncases] = id;
		((uint32 *) timeline_set_offsets(fw->out))[fw->ncases] = (uint32) fw->pos;
		if (canonical)
			memcpy(dst, t, len);
		else
			timeline_state_trim_into(t, dst);
		memset((char *) dst + len, 0, MAXALIGN(len) - len);
	}
	fw->ncases++;
	fw->pos += MAXALIGN(len);
	if (ids_end(fw->ncases) + fw->pos > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("timeline_set of more than " UINT64_FORMAT " cases exceeds the 1 GB limit of a value",
						fw->ncases),
				 errhint("Group the events by a coarser key (shop, day) so that each set holds fewer cases.")));
}

static TimelineState *
union_of_sources(SetCursor *cur, int k, int64 id)
{
	TimelineState *merged = NULL;
	const TimelineState *first = NULL;

	for (int i = 0; i < k; i++)
	{
		const TimelineState *t;

		if (cur[i].pos == cur[i].n || cursor_id(&cur[i]) != id)
			continue;
		t = cursor_case(&cur[i]);
		cur[i].pos++;
		if (first == NULL)
			first = t;
		else
		{
			TimelineState *grown = timeline_union(merged ? merged : first, t);

			if (merged)
				pfree(merged);
			merged = grown;
		}
	}
	return merged ? merged : (TimelineState *) first;
}

/*
 * Every distinct case of the sources, in ascending id, with the union of
 * its timelines, to fw.  Positions are left at the end.
 */
static void
merge_sources(SetCursor *cur, int k, FlatWriter *fw)
{
	for (;;)
	{
		int64		min = 0;
		int			holders = 0;
		int			holder = 0;
		const TimelineState *t;
		bool		canonical = false;

		for (int i = 0; i < k; i++)
		{
			if (cur[i].pos == cur[i].n)
				continue;
			if (holders == 0 || cursor_id(&cur[i]) < min)
			{
				min = cursor_id(&cur[i]);
				holders = 1;
				holder = i;
			}
			else if (cursor_id(&cur[i]) == min)
				holders++;
		}
		if (holders == 0)
			break;
		if (holders == 1)
		{
			t = cursor_case(&cur[holder]);
			canonical = cur[holder].run != NULL;
			cur[holder].pos++;
		}
		else if (fw->out == NULL)
		{
			if (fw->nmerged == fw->merged_cap)
			{
				fw->merged_cap = Max(64, 2 * fw->merged_cap);
				fw->merged = fw->merged ?
					repalloc_huge(fw->merged, fw->merged_cap * sizeof(TimelineState *)) :
					palloc_extended(fw->merged_cap * sizeof(TimelineState *), MCXT_ALLOC_HUGE);
			}
			t = fw->merged[fw->nmerged++] = union_of_sources(cur, k, min);
		}
		else
		{
			for (int i = 0; i < k; i++)
				if (cur[i].pos < cur[i].n && cursor_id(&cur[i]) == min)
					cur[i].pos++;
			t = fw->merged[fw->next_merged++];
		}
		emit_case(fw, min, t, canonical);
	}
}

/* The table's cases by id, in CurrentMemoryContext. */
static TimelineSetSlot *
sorted_slots(const TimelineSetWork *w)
{
	TimelineSetSlot *sorted = palloc_extended(Max(w->ncases, 1) * sizeof(TimelineSetSlot),
											  MCXT_ALLOC_HUGE);
	uint64		n = 0;

	for (uint64 i = 0; i <= w->mask; i++)
		if (w->slots[i].t != NULL)
			sorted[n++] = w->slots[i];
	Assert(n == w->ncases);
	sort_slots_by_id(sorted, n);
	return sorted;
}

/*
 * What flattening needs, prepared when the executor asks for the flat size
 * and used when it asks for the flat form right after: the sorted sources,
 * and the size of their merge (which takes a merging pass when partial sets
 * are pending).  Kept in w's context until w changes or is flattened.
 */
typedef struct SetFlattening
{
	TimelineSetSlot *sorted;
	SetCursor	cur[1 + TIMELINE_SET_MAX_RUNS];
	int			k;
	FlatWriter	sizer;
} SetFlattening;

static void
discard_flattening(TimelineSetWork *w)
{
	SetFlattening *f = w->flattening;

	if (f == NULL)
		return;
	for (uint64 i = 0; i < f->sizer.nmerged; i++)
		pfree(f->sizer.merged[i]);
	if (f->sizer.merged)
		pfree(f->sizer.merged);
	pfree(f->sorted);
	pfree(f);
	w->flattening = NULL;
}

static SetFlattening *
prepare_flattening(TimelineSetWork *w)
{
	MemoryContext old;
	SetFlattening *f;

	if (w->flattening)
		return w->flattening;
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	f = palloc0(sizeof(SetFlattening));
	f->sorted = sorted_slots(w);
	f->cur[f->k++] = (SetCursor) {f->sorted, NULL, w->ncases, 0};
	for (int r = 0; r < w->nruns; r++)
		f->cur[f->k++] = (SetCursor) {NULL, w->runs[r], w->runs[r]->ncases, 0};
	if (w->nruns == 0)
	{
		/* kept up to date while aggregating */
		f->sizer.ncases = w->ncases;
		f->sizer.pos = w->case_bytes;
	}
	else
		merge_sources(f->cur, f->k, &f->sizer);
	MemoryContextSwitchTo(old);
	w->flattening = f;
	return f;
}

static Size
set_get_flat_size(ExpandedObjectHeader *eohptr)
{
	SetFlattening *f = prepare_flattening((TimelineSetWork *) eohptr);

	return ids_end(f->sizer.ncases) + f->sizer.pos;
}

/* Written straight to result: a set of a million cases is not copied twice. */
static void
set_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	TimelineSetWork *w = (TimelineSetWork *) eohptr;
	SetFlattening *f = prepare_flattening(w);
	TimelineSet *out = result;
	FlatWriter	fw = f->sizer;

	if (allocated_size != ids_end(f->sizer.ncases) + f->sizer.pos)
		elog(ERROR, "timeline_set: flat form does not have the size measured");
	fw.out = out;
	fw.ncases = 0;
	fw.pos = ids_end(f->sizer.ncases);
	fw.next_merged = 0;
	memset(out, 0, ids_end(f->sizer.ncases));
	SET_VARSIZE(out, allocated_size);
	out->version = TIMELINE_SET_VERSION;
	out->ncases = (uint32) f->sizer.ncases;
	for (int i = 0; i < f->k; i++)
		f->cur[i].pos = 0;
	merge_sources(f->cur, f->k, &fw);
	if (fw.ncases != f->sizer.ncases || fw.pos != allocated_size || fw.next_merged != fw.nmerged)
		elog(ERROR, "timeline_set: flat form does not have the size measured");
	discard_flattening(w);
}

uint64
timeline_set_work_cases(TimelineSetWork *w)
{
	return w->nruns == 0 ? w->ncases : prepare_flattening(w)->sizer.ncases;
}

TimelineSet *
timeline_set_flatten(TimelineSetWork *w)
{
	Size		size = set_get_flat_size(&w->hdr);
	TimelineSet *s = palloc(size);

	set_flatten_into(&w->hdr, s, size);
	return s;
}

TimelineSet *
timeline_set_flatten_and_free(TimelineSetWork *w)
{
	TimelineSet *s = timeline_set_flatten(w);

	DeleteExpandedObject(EOHPGetRWDatum(&w->hdr));
	return s;
}
