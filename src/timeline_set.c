/*-------------------------------------------------------------------------
 *
 * timeline_set.c
 *	  The working form of timeline_set (an expanded object holding a hash
 *	  table of cases) and its flattening into the canonical form.
 *
 * The table is open addressing with linear probing over 64-byte cases, at
 * most half full (blocks of neighbouring ids, see slot_of, make runs longer
 * than single keys would).  A case holds up to SET_INLINE_EVENTS events in
 * its own cache line, so an event row costs one cache line in the common
 * case; stage names live once in the set's dictionary.
 *
 * The rules are timeline_agg's: events are distinct (stage, at) pairs, at
 * most TIMELINE_MAX_STAGES stages and TIMELINE_MAX_EVENTS events per case,
 * and flattening writes each case as the canonical timeline_state that
 * timeline_agg would make of the same events, byte for byte.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <sys/mman.h>

#include "utils/memutils.h"

#include "timeline_set.h"

#define FIRST_SLOTS 16

StaticAssertDecl(sizeof(SetCase) == 64, "a case of a timeline_set is one cache line");

static Size set_get_flat_size(ExpandedObjectHeader *eohptr);
static void set_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);
static void discard_flattening(TimelineSetWork *w);

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

/*
 * A zeroed table of nslots cases, aligned to a cache line at least;
 * w->cases_chunk remembers the allocation.
 *
 * A million cases take a table of 128 MB, which every event row probes at
 * a random place.  With 4 kB pages that is a TLB miss per row and, as the
 * table fills, a page fault per 4 kB; on Linux, large tables ask for
 * transparent huge pages (when the system allows them on request), which
 * took a tenth off the time of a one-million-refund set on our bench
 * machine.  The table is aligned to 2 MB for that.
 */
#define HUGE_PAGE_BYTES ((Size) 2 * 1024 * 1024)

/* Where the timelines start in a flat set of ncases cases. */
static Size
ids_end(uint64 ncases)
{
	return MAXALIGN(sizeof(TimelineSet) + ncases * (sizeof(int64) + sizeof(uint32)));
}

static SetCase *
alloc_cases(TimelineSetWork *w, uint64 nslots)
{
	Size		bytes = nslots * sizeof(SetCase);
	char	   *table;

#ifdef MADV_HUGEPAGE
	if (bytes >= 2 * HUGE_PAGE_BYTES)
	{
		w->cases_chunk = MemoryContextAllocExtended(w->hdr.eoh_context, bytes + HUGE_PAGE_BYTES,
													MCXT_ALLOC_HUGE);
		table = (char *) TYPEALIGN(HUGE_PAGE_BYTES, w->cases_chunk);
		(void) madvise(table, bytes, MADV_HUGEPAGE);	/* only a hint */
		memset(table, 0, bytes);
		return (SetCase *) table;
	}
#endif
	/* a case is one cache line only if the table starts on one */
	w->cases_chunk = MemoryContextAllocExtended(w->hdr.eoh_context, bytes + PG_CACHE_LINE_SIZE,
												MCXT_ALLOC_HUGE);
	table = (char *) TYPEALIGN(PG_CACHE_LINE_SIZE, w->cases_chunk);
	memset(table, 0, bytes);
	return (SetCase *) table;
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
	w->cases = alloc_cases(w, FIRST_SLOTS);
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

/* Called before every change: what was prepared for flattening is stale. */
static inline void
invalidate_flat(TimelineSetWork *w)
{
	if (w->flattening)
		discard_flattening(w);
}

/* Index of a stage name in the set's dictionary, added if new. */
static int
stage_index(TimelineSetWork *w, const char *name, int len)
{
	SetDictionary *d = &w->dict;
	uint32		h = (uint32) len * 0x9E3779B1u;
	char	   *copy;

	for (int i = 0; i < len; i++)
		h = (h ^ (uint8) name[i]) * 0x01000193u;
	for (h &= SET_STAGE_LOOKUP - 1; d->lookup[h] != 0; h = (h + 1) & (SET_STAGE_LOOKUP - 1))
	{
		int			s = d->lookup[h] - 1;

		if (d->lens[s] == len && memcmp(d->names[s], name, len) == 0)
			return s;
	}
	timeline_check_name(len);
	if (d->nstages == SET_MAX_STAGES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("timeline_set has more than %d distinct stage names", SET_MAX_STAGES),
				 errdetail("A timeline_set holds at most %d distinct stage names over all its cases.",
						   SET_MAX_STAGES),
				 errhint("Aggregate only the stages you measure, or build one set per group of cases.")));
	copy = MemoryContextAlloc(w->hdr.eoh_context, Max(len, 1));
	memcpy(copy, name, len);
	d->names[d->nstages] = copy;
	d->lens[d->nstages] = (uint8) len;
	d->lookup[h] = (uint8) (d->nstages + 1);
	return d->nstages++;
}

static void
grow_table(TimelineSetWork *w)
{
	SetCase    *old = w->cases;
	void	   *old_chunk = w->cases_chunk;
	uint64		nold = w->mask + 1;

	w->cases = alloc_cases(w, nold * 2);
	w->mask = nold * 2 - 1;
	for (uint64 i = 0; i < nold; i++)
	{
		uint64		h;

		if (old[i].nevents == 0)
			continue;
		h = slot_of(old[i].id, w->mask);
		while (w->cases[h].nevents != 0)
			h = (h + 1) & w->mask;
		w->cases[h] = old[i];
	}
	pfree(old_chunk);
	w->last = NULL;
}

/* The case of id: its own if known, else the free slot where it belongs. */
static inline SetCase *
find_case(TimelineSetWork *w, int64 id)
{
	uint64		h;

	if (w->last && w->last->id == id)
		return w->last;
	h = slot_of(id, w->mask);
	for (;;)
	{
		SetCase    *c = &w->cases[h];

		if (c->nevents == 0 || c->id == id)
			return w->last = c;
		h = (h + 1) & w->mask;
	}
}

static inline TimestampTz *
case_at(SetCase *c)
{
	return c->cap ? c->ev.ext.at : c->ev.in.at;
}

static inline uint8 *
case_stage(SetCase *c)
{
	return c->cap ? c->ev.ext.stage : c->ev.in.stage;
}

/* Bytes of the case's timeline in the flat form. */
static inline Size
case_flat_bytes(const SetCase *c)
{
	return MAXALIGN(sizeof(TimelineState) + TYPEALIGN(8, c->names_len) +
					(Size) c->nevents * (sizeof(TimestampTz) + 1));
}

/* Room for more events than fit in the case itself, doubled when full. */
static void
grow_events(TimelineSetWork *w, SetCase *c)
{
	int			cap = c->cap ? Min(2 * c->cap, TIMELINE_MAX_EVENTS) : 16;
	TimestampTz *at = MemoryContextAlloc(w->hdr.eoh_context, cap * (sizeof(TimestampTz) + 1));
	uint8	   *stage = (uint8 *) (at + cap);

	memcpy(at, case_at(c), c->nevents * sizeof(TimestampTz));
	memcpy(stage, case_stage(c), c->nevents);
	if (c->cap)
		pfree(c->ev.ext.at);
	c->ev.ext.at = at;
	c->ev.ext.stage = stage;
	c->cap = cap;
}

pg_attribute_noreturn() static void
report_too_large(uint64 ncases)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline_set of " UINT64_FORMAT " cases exceeds the 1 GB limit of a value", ncases),
			 errhint("Group the events by a coarser key (shop, day) so that each set holds fewer cases.")));
}

/*
 * Add event (s, at) to case c, a new case (nevents == 0, id set) or a known
 * one; repeated events count once.  Every limit is checked before anything
 * changes.  Keeps the flat size up to date, and stops the aggregate as soon
 * as the flat form would exceed the limit of a value.
 */
static void
case_add_event(TimelineSetWork *w, SetCase *c, int s, TimestampTz at)
{
	TimestampTz *ats = case_at(c);
	uint8	   *stages = case_stage(c);
	bool		stage_known = false;
	Size		before = c->nevents ? case_flat_bytes(c) : 0;

	for (int e = 0; e < c->nevents; e++)
		if (stages[e] == s)
		{
			if (ats[e] == at)
				return;
			stage_known = true;
		}
	if (!stage_known && c->nstages == TIMELINE_MAX_STAGES)
		timeline_report_too_many_stages();
	if (c->nevents == TIMELINE_MAX_EVENTS)
		timeline_report_too_many_events();
	if (c->nevents == (c->cap ? c->cap : SET_INLINE_EVENTS))
		grow_events(w, c);
	if (!stage_known)
	{
		c->nstages++;
		c->names_len += 1 + w->dict.lens[s];
	}
	case_at(c)[c->nevents] = at;
	case_stage(c)[c->nevents] = (uint8) s;
	c->nevents++;
	w->case_bytes += case_flat_bytes(c) - before;
	if (ids_end(w->ncases + 1) + w->case_bytes > MaxAllocSize)
		report_too_large(w->ncases + 1);
}

/* The case of id for adding to: found, or claimed if new. */
static SetCase *
case_for_adding(TimelineSetWork *w, int64 id)
{
	SetCase    *c = find_case(w, id);

	if (c->nevents == 0)
	{
		memset(c, 0, sizeof(SetCase));
		c->id = id;
	}
	return c;
}

/* After adding to a case that was new: count it, and keep the table half empty. */
static void
case_done(TimelineSetWork *w, bool was_new)
{
	if (!was_new)
		return;
	w->ncases++;
	if (w->ncases * 2 > w->mask + 1)
		grow_table(w);
}

void
timeline_set_work_add(TimelineSetWork *w, int64 id, const char *name, int len, TimestampTz at)
{
	int			s;
	SetCase    *c;
	bool		was_new;

	timeline_check_time(at);
	invalidate_flat(w);
	s = stage_index(w, name, len);
	c = case_for_adding(w, id);
	was_new = c->nevents == 0;
	case_add_event(w, c, s, at);
	case_done(w, was_new);
}

void
timeline_set_work_merge_case(TimelineSetWork *w, int64 id, const TimelineState *t)
{
	int			map[TIMELINE_MAX_STAGES];
	const char *entry = timeline_names(t);
	SetCase    *c;
	bool		was_new;

	if (t->nevents == 0)
		return;
	invalidate_flat(w);
	for (int i = 0; i < t->nstages; i++)
	{
		map[i] = stage_index(w, entry + 1, (uint8) entry[0]);
		entry += 1 + (uint8) entry[0];
	}
	c = case_for_adding(w, id);
	was_new = c->nevents == 0;
	for (int e = 0; e < t->nevents; e++)
		case_add_event(w, c, map[timeline_stage(t)[e]], timeline_at(t)[e]);
	case_done(w, was_new);
}

static void
merge_flat_into_table(TimelineSetWork *w, const TimelineSet *s)
{
	for (uint32 i = 0; i < s->ncases; i++)
		timeline_set_work_merge_case(w, timeline_set_ids(s)[i], timeline_set_case(s, i));
}

/* Add the cases of another working set, read in place rather than flattened. */
static void
merge_work_into_table(TimelineSetWork *w, TimelineSetWork *src)
{
	int			map[SET_MAX_STAGES];

	invalidate_flat(w);
	for (int s = 0; s < src->dict.nstages; s++)
		map[s] = stage_index(w, src->dict.names[s], src->dict.lens[s]);
	for (uint64 i = 0; i <= src->mask; i++)
	{
		SetCase    *from = &src->cases[i];
		SetCase    *c;
		bool		was_new;

		if (from->nevents == 0)
			continue;
		c = case_for_adding(w, from->id);
		was_new = c->nevents == 0;
		for (int e = 0; e < from->nevents; e++)
			case_add_event(w, c, map[case_stage(from)[e]], case_at(from)[e]);
		case_done(w, was_new);
	}
	for (int r = 0; r < src->nruns; r++)
		merge_flat_into_table(w, src->runs[r]);
}

/*
 * The stage names of a partial set kept as a run go into the dictionary
 * now, so that the limit on names holds for every set, whatever the plan:
 * a set that could not be read back from its text form must not be made.
 * Neighbouring cases usually have the same names; those are looked up once.
 */
static void
register_run_names(TimelineSetWork *w, const TimelineSet *run)
{
	const char *prev = NULL;
	int			prev_len = 0;

	for (uint32 i = 0; i < run->ncases; i++)
	{
		const TimelineState *t = timeline_set_case(run, i);
		const char *entry = timeline_names(t);

		if (t->names_len == prev_len && prev != NULL && memcmp(entry, prev, prev_len) == 0)
			continue;
		prev = entry;
		prev_len = t->names_len;
		for (int k = 0; k < t->nstages; k++)
		{
			(void) stage_index(w, entry + 1, (uint8) entry[0]);
			entry += 1 + (uint8) entry[0];
		}
	}
}

void
timeline_set_work_merge(TimelineSetWork *w, Datum d)
{
	TimelineSetWork *src = timeline_set_work_of(d);
	TimelineSet *run;
	MemoryContext old;

	if (src != NULL)
	{
		merge_work_into_table(w, src);
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
	run = (TimelineSet *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
	register_run_names(w, run);
	w->runs[w->nruns++] = run;
}

TimelineSetWork *
timeline_set_work_from_datum(Datum d, MemoryContext parent)
{
	TimelineSetWork *w = timeline_set_work_new(parent);

	timeline_set_work_merge(w, d);
	return w;
}

/*
 * Flattening.
 *
 * The table's cases are sorted by id and merged with the pending partial
 * sets (each sorted by id already) in one ordered pass, twice: once to
 * measure the flat form, once to write it.  A table case is written as the
 * canonical timeline of its events; a case of a partial set is canonical
 * already (trimming copies it); a case found in several sources is merged
 * (while measuring, and kept for writing).
 */

typedef struct SetCaseRef
{
	int64		id;
	SetCase    *c;
} SetCaseRef;

/*
 * Sorting a million cases by id is a visible part of flattening: with
 * PostgreSQL 14 and later, a sort specialized for the references; before,
 * qsort.
 */
#if PG_VERSION_NUM >= 140000
#define ST_SORT sort_refs_by_id
#define ST_ELEMENT_TYPE SetCaseRef
#define ST_COMPARE(a, b) (((a)->id > (b)->id) - ((a)->id < (b)->id))
#define ST_SCOPE static
#define ST_DECLARE
#define ST_DEFINE
#include "lib/sort_template.h"
#else
static int
ref_id_cmp(const void *a, const void *b)
{
	int64		x = ((const SetCaseRef *) a)->id;
	int64		y = ((const SetCaseRef *) b)->id;

	return (x > y) - (x < y);
}

static void
sort_refs_by_id(SetCaseRef *refs, size_t n)
{
	qsort(refs, n, sizeof(SetCaseRef), ref_id_cmp);
}
#endif

/* One event of a case being written, with the rank of its stage's name. */
typedef struct RankedEvent
{
	TimestampTz at;
	uint8		rank;
	uint8		stage;
} RankedEvent;

static inline bool
event_before(const RankedEvent *a, const RankedEvent *b)
{
	return a->at < b->at || (a->at == b->at && a->rank < b->rank);
}

static int
ranked_event_cmp(const void *a, const void *b)
{
	const RankedEvent *x = a;
	const RankedEvent *y = b;

	return event_before(x, y) ? -1 : event_before(y, x) ? 1 : 0;
}

/* One sorted source of cases: the sorted table, or a partial set. */
typedef struct SetCursor
{
	const SetCaseRef *refs;		/* the table's cases by id, or NULL */
	const TimelineSet *run;		/* else a flat set */
	uint64		n;
	uint64		pos;
} SetCursor;

static inline int64
cursor_id(const SetCursor *c)
{
	return c->refs ? c->refs[c->pos].id : timeline_set_ids(c->run)[c->pos];
}

/*
 * The measure of the flat form, then the writer of it (out != NULL).
 * Timelines of a case found in several sources are merged while measuring
 * and kept, in order, for writing.
 */
typedef struct FlatWriter
{
	TimelineSet *out;
	uint64		ncases;
	Size		pos;			/* end of the timelines so far */
	TimelineState **merged;
	uint64		nmerged;
	uint64		merged_cap;
	uint64		next_merged;
} FlatWriter;

/* What flattening w needs, prepared when the executor asks for the size. */
typedef struct SetFlattening
{
	SetCaseRef *refs;
	uint8		rank[SET_MAX_STAGES];	/* of each stage name, in name order */
	SetCursor	cur[1 + TIMELINE_SET_MAX_RUNS];
	int			k;
	FlatWriter	sizer;
} SetFlattening;

/* Case c as its canonical timeline, written to out (case_flat_bytes(c) bytes). */
static void
build_case(const TimelineSetWork *w, const SetFlattening *f, SetCase *c, TimelineState *out)
{
	RankedEvent small[SET_INLINE_EVENTS * 4];
	TimestampTz small_at[lengthof(small)] = {0};
	uint8		small_stage[lengthof(small)] = {0};
	int			n = c->nevents;
	bool		fits = n <= (int) lengthof(small);
	RankedEvent *events = fits ? small : palloc(n * sizeof(RankedEvent));
	TimestampTz *at = fits ? small_at : palloc(n * sizeof(TimestampTz));
	uint8	   *stage = fits ? small_stage : palloc(n);

	for (int e = 0; e < n; e++)
	{
		events[e].at = case_at(c)[e];
		events[e].stage = case_stage(c)[e];
		events[e].rank = f->rank[events[e].stage];
	}
	if (!fits)
		qsort(events, n, sizeof(RankedEvent), ranked_event_cmp);
	else
		for (int i = 1; i < n; i++)
		{
			RankedEvent e = events[i];
			int			j = i;

			for (; j > 0 && event_before(&e, &events[j - 1]); j--)
				events[j] = events[j - 1];
			events[j] = e;
		}
	for (int e = 0; e < n; e++)
	{
		at[e] = events[e].at;
		stage[e] = events[e].stage;
	}
	timeline_state_build(out, n, at, stage, w->dict.names, w->dict.lens, c->names_len);
	if (!fits)
	{
		pfree(events);
		pfree(at);
		pfree(stage);
	}
}

/* A source's case to write: a table case, or a timeline. */
typedef struct CaseToWrite
{
	SetCase    *c;
	const TimelineState *t;
} CaseToWrite;

static void
emit_case(const TimelineSetWork *w, const SetFlattening *f, FlatWriter *fw, int64 id,
		  CaseToWrite cw)
{
	Size		len = cw.c ? case_flat_bytes(cw.c) : MAXALIGN(timeline_trimmed_size(cw.t));

	if (fw->out)
	{
		TimelineState *dst = (TimelineState *) ((char *) fw->out + fw->pos);
		Size		used;

		((int64 *) timeline_set_ids(fw->out))[fw->ncases] = id;
		((uint32 *) timeline_set_offsets(fw->out))[fw->ncases] = (uint32) fw->pos;
		if (cw.c)
			build_case(w, f, cw.c, dst);
		else
			timeline_state_trim_into(cw.t, dst);	/* a copy if canonical */
		used = VARSIZE(dst);
		memset((char *) dst + used, 0, len - used);
	}
	fw->ncases++;
	fw->pos += len;
	if (fw->out == NULL && ids_end(fw->ncases) + fw->pos > MaxAllocSize)
		report_too_large(fw->ncases);
}

/* The union of the timelines of case id in every source holding it. */
static TimelineState *
union_of_sources(const TimelineSetWork *w, const SetFlattening *f, SetCursor *cur, int k, int64 id)
{
	TimelineState *merged = NULL;

	for (int i = 0; i < k; i++)
	{
		const TimelineState *t;
		TimelineState *built = NULL;
		TimelineState *grown;

		if (cur[i].pos == cur[i].n || cursor_id(&cur[i]) != id)
			continue;
		if (cur[i].refs)
		{
			SetCase    *c = cur[i].refs[cur[i].pos].c;

			built = palloc(case_flat_bytes(c));
			build_case(w, f, c, built);
			t = built;
		}
		else
			t = timeline_set_case(cur[i].run, cur[i].pos);
		cur[i].pos++;
		if (merged == NULL)
		{
			merged = built ? built : timeline_state_trim(t);
			continue;
		}
		grown = timeline_union(merged, t);
		pfree(merged);
		if (built)
			pfree(built);
		merged = grown;
	}
	return merged;
}

/*
 * Every distinct case of the sources, in ascending id, with the union of
 * its timelines, to fw.  Positions are left at the end.
 */
static void
merge_sources(const TimelineSetWork *w, SetFlattening *f, FlatWriter *fw)
{
	SetCursor  *cur = f->cur;
	int			k = f->k;

	for (int i = 0; i < k; i++)
		cur[i].pos = 0;
	for (;;)
	{
		int64		min = 0;
		int			holders = 0;
		int			holder = 0;
		CaseToWrite cw = {NULL, NULL};

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
			SetCursor  *c = &cur[holder];

			if (c->refs)
				cw.c = c->refs[c->pos].c;
			else
				cw.t = timeline_set_case(c->run, c->pos);
			c->pos++;
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
			cw.t = fw->merged[fw->nmerged++] = union_of_sources(w, f, cur, k, min);
		}
		else
		{
			for (int i = 0; i < k; i++)
				if (cur[i].pos < cur[i].n && cursor_id(&cur[i]) == min)
					cur[i].pos++;
			cw.t = fw->merged[fw->next_merged++];
		}
		emit_case(w, f, fw, min, cw);
	}
}

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
	pfree(f->refs);
	pfree(f);
	w->flattening = NULL;
}

/*
 * What flattening needs, prepared when the executor asks for the flat size
 * and used when it asks for the flat form right after: the sorted sources,
 * the order of the stage names, and the size of the merge (which takes a
 * merging pass only when partial sets are pending).  Kept in w's context
 * until w changes or is flattened.
 */
static SetFlattening *
prepare_flattening(TimelineSetWork *w)
{
	MemoryContext old;
	SetFlattening *f;
	const SetDictionary *d = &w->dict;
	uint8		by_name[SET_MAX_STAGES];
	uint64		n = 0;

	if (w->flattening)
		return w->flattening;
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	f = palloc0(sizeof(SetFlattening));

	/* at most 255 names: an insertion sort */
	for (int s = 0; s < d->nstages; s++)
	{
		int			j = s;

		for (; j > 0 && timeline_name_cmp(d->names[s], d->lens[s], d->names[by_name[j - 1]],
										  d->lens[by_name[j - 1]]) < 0; j--)
			by_name[j] = by_name[j - 1];
		by_name[j] = (uint8) s;
	}
	for (int r = 0; r < d->nstages; r++)
		f->rank[by_name[r]] = (uint8) r;

	f->refs = palloc_extended(Max(w->ncases, 1) * sizeof(SetCaseRef), MCXT_ALLOC_HUGE);
	for (uint64 i = 0; i <= w->mask; i++)
		if (w->cases[i].nevents != 0)
		{
			if (n == w->ncases)
				elog(ERROR, "timeline_set: more cases in the table than counted");
			f->refs[n].id = w->cases[i].id;
			f->refs[n++].c = &w->cases[i];
		}
	if (n != w->ncases)
		elog(ERROR, "timeline_set: fewer cases in the table than counted");
	sort_refs_by_id(f->refs, n);

	/* sources: the table, then the partial sets (cursors zeroed by palloc0) */
	f->cur[f->k].refs = f->refs;
	f->cur[f->k++].n = n;
	for (int r = 0; r < w->nruns; r++)
	{
		f->cur[f->k].run = w->runs[r];
		f->cur[f->k++].n = w->runs[r]->ncases;
	}
	if (w->nruns == 0)
	{
		/* kept up to date while aggregating */
		f->sizer.ncases = w->ncases;
		f->sizer.pos = w->case_bytes;
	}
	else
		merge_sources(w, f, &f->sizer);
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
	merge_sources(w, f, &fw);
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
