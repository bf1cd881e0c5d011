/*-------------------------------------------------------------------------
 *
 * timeline_set.c
 *	  The working form of timeline_set: an expanded object holding a hash
 *	  table of cases, filled by aggregation, input and merging (its
 *	  flattening is in timeline_set_flat.c).
 *
 * The table is open addressing with linear probing over 64-byte cases, at
 * most half full (blocks of neighbouring ids, see slot_of, make runs longer
 * than single keys would).  A case holds up to SET_INLINE_EVENTS events in
 * its own cache line, so an event row costs one cache line in the common
 * case; stage names live once in the set's dictionary.  In a table larger
 * than the caches, event rows wait in a batch (SET_BATCH) to be added
 * together, each case's line requested ahead.
 *
 * The rules are timeline_agg's: events are distinct (stage, at) pairs, at
 * most TIMELINE_MAX_STAGES stages and TIMELINE_MAX_EVENTS events per case,
 * and each case flattens to the canonical timeline_state that timeline_agg
 * would make of the same events, byte for byte.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "timeline_set.h"

#define FIRST_SLOTS 16

StaticAssertDecl(sizeof(SetCase) == 64, "a case of a timeline_set is one cache line");

/*
 * Slot of a case id.  Case ids are usually serials, and the events that
 * arrive together belong to cases created at about the same time, whose
 * ids are close: ids that differ only in their last 4 bits keep their
 * order in one 16-slot block, so such rows touch a few cache lines rather
 * than one line each.  The blocks themselves are spread by a seeded hash,
 * as probing on raw ids would pile up, and so would ids chosen to meet
 * under a fixed hash.
 */
#define BLOCK_BITS 4

static inline uint64
slot_of(const TimelineSetWork *w, int64 id)
{
	uint64		h = sq_hash_int64((uint64) id >> BLOCK_BITS, w->seed);

	return ((h << BLOCK_BITS) | ((uint64) id & ((1 << BLOCK_BITS) - 1))) & w->mask;
}

/*
 * A table of nslots free cases, which rows probe at random places (a
 * million cases take 128 MB; see sq_alloc_probed_table); a case is one
 * cache line, as the table starts on one.  Only nevents marks a slot as
 * free: a case is zeroed when it is claimed (case_for_adding) or copied
 * whole (grow_table), so one store per slot clears the table, rather than
 * a memset of all of it.
 */
static SetCase *
alloc_cases(TimelineSetWork *w, uint64 nslots)
{
	SetCase    *cases = sq_alloc_probed_table(w->hdr.eoh_context, nslots * sizeof(SetCase),
											  &w->cases_chunk);

	for (uint64 i = 0; i < nslots; i++)
		cases[i].nevents = 0;
	return cases;
}

TimelineSetWork *
sq_timeline_set_work_new(MemoryContext parent)
{
	/*
	 * Small first blocks: a GROUP BY may hold many sets at once.  Large sets
	 * get large blocks as they grow.
	 */
	MemoryContext cxt = AllocSetContextCreate(parent, "timeline_set",
											  ALLOCSET_SMALL_MINSIZE,
											  ALLOCSET_SMALL_INITSIZE,
											  ALLOCSET_DEFAULT_MAXSIZE);

	return sq_timeline_set_work_new_in(cxt);
}

TimelineSetWork *
sq_timeline_set_work_new_in(MemoryContext cxt)
{
	TimelineSetWork *w = MemoryContextAllocZero(cxt, sizeof(TimelineSetWork));

	EOH_init_header(&w->hdr, &sq_timeline_set_methods, cxt);
	w->seed = sq_hash_seed();
	w->cases = alloc_cases(w, FIRST_SLOTS);
	w->mask = FIRST_SLOTS - 1;
	return w;
}

TimelineSetWork *
sq_timeline_set_work_of(Datum d)
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
		sq_timeline_set_discard_flattening(w);
}

/* A new stage name in the set's dictionary, at free slot h of its lookup. */
static pg_noinline int
add_stage(TimelineSetWork *w, uint32 h, const char *name, int len)
{
	SetDictionary *d = &w->dict;
	char	   *copy;

	sq_timeline_check_name(len);
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

/*
 * Index of a stage name in the set's dictionary, added if new.  Runs for
 * every event row: the name is hashed and compared a word at a time.
 */
static pg_attribute_always_inline int
stage_index(TimelineSetWork *w, const char *name, int len)
{
	SetDictionary *d = &w->dict;
	uint32		h;

	for (h = sq_bytes_hash(name, len, w->seed) & (SET_STAGE_LOOKUP - 1); d->lookup[h] != 0;
		 h = (h + 1) & (SET_STAGE_LOOKUP - 1))
	{
		int			s = d->lookup[h] - 1;

		if (d->lens[s] == len && sq_bytes_equal(d->names[s], name, len))
			return s;
	}
	return add_stage(w, h, name, len);
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
		h = slot_of(w, old[i].id);
		while (w->cases[h].nevents != 0)
			h = (h + 1) & w->mask;
		w->cases[h] = old[i];
	}
	pfree(old_chunk);
	w->last = NULL;
	if (w->pending == NULL && w->mask + 1 >= SET_BATCH_FROM_SLOTS)
		w->pending = MemoryContextAlloc(w->hdr.eoh_context, SET_BATCH * sizeof(SetPendingEvent));
}

/* The case of id: its own if known, else the free slot where it belongs. */
static inline SetCase *
probe_case(const TimelineSetWork *w, int64 id)
{
	uint64		h = slot_of(w, id);

	for (;;)
	{
		SetCase    *c = &w->cases[h];

		if (c->nevents == 0 || c->id == id)
			return c;
		h = (h + 1) & w->mask;
	}
}

/* probe_case, answered without probing when the case is the last one's. */
static inline SetCase *
find_case(TimelineSetWork *w, int64 id)
{
	if (w->last && w->last->id == id)
		return w->last;
	return w->last = probe_case(w, id);
}

/*
 * Room for more events than fit in the case itself, doubled when full.  An
 * event takes 9 bytes, and the context rounds a request up to a power of 2:
 * 14 events fill a chunk of 128 bytes, and each doubling the next power.
 * Room for 16 took a chunk of 256 bytes for the 6 to 16 events of most
 * cases: a set of 1.25 million refunds of 8 events wrote 160 MB more, on
 * pages each new to the process, and took 8% longer (docs/performance_log.md,
 * "Room for a refund's events in one chunk").
 */
#define SET_FIRST_EXTERNAL_EVENTS 14

static void
grow_events(TimelineSetWork *w, SetCase *c)
{
	int			cap = c->cap ? Min(2 * c->cap, TIMELINE_MAX_EVENTS) : SET_FIRST_EXTERNAL_EVENTS;
	TimestampTz *at = MemoryContextAlloc(w->hdr.eoh_context, cap * (sizeof(TimestampTz) + 1));
	uint8	   *stage = (uint8 *) (at + cap);

	memcpy(at, set_case_at(c), c->nevents * sizeof(TimestampTz));
	memcpy(stage, set_case_stage(c), c->nevents);
	if (c->cap)
		pfree(c->ev.ext.at);
	c->ev.ext.at = at;
	c->ev.ext.stage = stage;
	c->cap = cap;
}

/*
 * Add event (s, at) to case c, a new case (nevents == 0, id set) or a known
 * one; repeated events count once.  Every limit is checked before anything
 * changes.  Keeps the flat size up to date, and stops the aggregate as soon
 * as the flat form would exceed the limit of a value.
 */
static pg_attribute_always_inline void
case_add_event(TimelineSetWork *w, SetCase *c, int s, TimestampTz at)
{
	TimestampTz *ats = set_case_at(c);
	uint8	   *stages = set_case_stage(c);
	int			n = c->nevents;
	bool		stage_known = false;
	Size		before;

	for (int e = 0; e < n; e++)
		if (stages[e] == s)
		{
			if (ats[e] == at)
				return;
			stage_known = true;
		}
	if (unlikely(!stage_known && c->nstages == TIMELINE_MAX_STAGES))
		sq_timeline_report_too_many_stages();
	/* room grows by doubling up to TIMELINE_MAX_EVENTS: a full case is full */
	if (unlikely(n == (c->cap ? c->cap : SET_INLINE_EVENTS)))
	{
		if (n == TIMELINE_MAX_EVENTS)
			sq_timeline_report_too_many_events();
		grow_events(w, c);
	}
	before = n ? set_case_flat_bytes(c) : 0;
	if (!stage_known)
	{
		c->nstages++;
		c->names_len += 1 + w->dict.lens[s];
	}
	set_case_at(c)[n] = at;
	set_case_stage(c)[n] = (uint8) s;
	c->nevents = n + 1;
	w->case_bytes += set_case_flat_bytes(c) - before;
	if (unlikely(timeline_set_ids_end(w->ncases + 1) + w->case_bytes > MaxAllocSize))
		sq_timeline_set_report_too_large(w->ncases + 1);
}

/* The case of id for adding to: found, or claimed if new. */
static pg_attribute_always_inline SetCase *
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
static pg_attribute_always_inline void
case_done(TimelineSetWork *w, bool was_new)
{
	if (!was_new)
		return;
	w->ncases++;
	if (w->ncases * 2 > w->mask + 1)
		grow_table(w);
}

static pg_attribute_always_inline void
add_event(TimelineSetWork *w, int64 id, int s, TimestampTz at)
{
	SetCase    *c = case_for_adding(w, id);
	bool		was_new = c->nevents == 0;

	case_add_event(w, c, s, at);
	case_done(w, was_new);
}

/*
 * Request the cache line of waiting event i's case, once for a run of
 * events of the same case.
 */
static inline void
request_case(const TimelineSetWork *w, int i)
{
	if (i == 0 || w->pending[i].id != w->pending[i - 1].id)
		sq_prefetch(&w->cases[slot_of(w, w->pending[i].id)]);
}

void
sq_timeline_set_work_flush_pending(TimelineSetWork *w)
{
	enum
	{
		AHEAD = 16				/* events whose cases are requested ahead */
	};
	int			n = w->npending;

	for (int i = 0; i < Min(AHEAD, n); i++)
		request_case(w, i);
	for (int i = 0; i < n; i++)
	{
		const SetPendingEvent *p = &w->pending[i];

		if (i + AHEAD < n)
			request_case(w, i + AHEAD);
		add_event(w, p->id, p->stage, p->at);
	}

	/*
	 * Only now: a limit error part way leaves the whole batch waiting, so
	 * that a set used again after a caught error meets the error again rather
	 * than lose the rest of the batch (its events already in the table are
	 * found there, and added once).
	 */
	w->npending = 0;
}

/*
 * The name and the time are checked, and the name entered in the
 * dictionary, when the row comes: an error names the row that caused it.
 * The limits of a case are checked when its event enters the table.
 */
void
sq_timeline_set_work_add(TimelineSetWork *w, int64 id, const char *name, int len, TimestampTz at)
{
	int			s;
	SetPendingEvent *p;

	sq_timeline_check_time(at);
	invalidate_flat(w);
	s = stage_index(w, name, len);
	if (w->pending == NULL)
	{
		add_event(w, id, s, at);
		return;
	}
	if (w->npending == SET_BATCH)
		sq_timeline_set_work_flush_pending(w);
	p = &w->pending[w->npending++];
	p->id = id;
	p->at = at;
	p->stage = s;
}

/*
 * Add n events to case id, stage i of which is map[stages[i]] in w's
 * dictionary.
 */
static void
add_case_events(TimelineSetWork *w, int64 id, int n, const TimestampTz *ats,
				const uint8 *stages, const int *map)
{
	SetCase    *c = case_for_adding(w, id);
	bool		was_new = c->nevents == 0;

	for (int e = 0; e < n; e++)
		case_add_event(w, c, map[stages[e]], ats[e]);
	case_done(w, was_new);
}

void
sq_timeline_set_work_merge_case(TimelineSetWork *w, int64 id, const TimelineState *t)
{
	int			map[TIMELINE_MAX_STAGES];
	const char *entry = timeline_names(t);

	if (t->nevents == 0)
		return;
	invalidate_flat(w);
	for (int i = 0; i < t->nstages; i++)
	{
		map[i] = stage_index(w, entry + 1, (uint8) entry[0]);
		entry += 1 + (uint8) entry[0];
	}
	add_case_events(w, id, t->nevents, timeline_at(t), timeline_stage(t), map);
}

/* A merge of millions of cases takes seconds: interruptible between cases. */
static void
merge_flat_into_table(TimelineSetWork *w, const TimelineSet *s)
{
	for (uint32 i = 0; i < s->ncases; i++)
	{
		CHECK_FOR_INTERRUPTS();
		sq_timeline_set_work_merge_case(w, timeline_set_ids(s)[i], timeline_set_case(s, i));
	}
}

/*
 * Whether adding the cases of src to w's table could pass the limit of a
 * value: a case merged takes at most the bytes of both its timelines, so
 * not while the two together stay below it.
 */
static bool
merge_may_pass_limit(const TimelineSetWork *w, const TimelineSetWork *src)
{
	uint64		ncases = w->ncases + src->ncases + 1;
	Size		bytes = w->case_bytes + src->case_bytes;

	for (int r = 0; r < src->nruns; r++)
	{
		ncases += src->runs[r]->ncases;
		bytes += VARSIZE(src->runs[r]);
	}
	return timeline_set_ids_end(ncases) + bytes > MaxAllocSize;
}

/* Whether case from, added to the case of its id in w, could pass a case's limits. */
static bool
case_may_pass_limits(const TimelineSetWork *w, const SetCase *from)
{
	const SetCase *c = probe_case(w, from->id);

	/* a free slot's fields are stale: a new case is from's, within them */
	return c->nevents != 0 &&
		(c->nevents + from->nevents > TIMELINE_MAX_EVENTS ||
		 c->nstages + from->nstages > TIMELINE_MAX_STAGES);
}

static int
case_id_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	int64		x = (*(SetCase *const *) a)->id;
	int64		y = (*(SetCase *const *) b)->id;

	return (x > y) - (x < y);
}

/*
 * Add the cases of another working set, read in place rather than
 * flattened.  Its table's order is its seed's, which differs between
 * backends, so it must not decide which error a merge reports: the cases
 * whose merge could pass a limit are added after the others, by id, and
 * when the union could pass the limit of a value, every case is.
 */
static void
merge_work_into_table(TimelineSetWork *w, TimelineSetWork *src)
{
	int			map[SET_MAX_STAGES];
	bool		all_by_id;
	SetCase   **later = NULL;
	uint64		nlater = 0;

	invalidate_flat(w);
	sq_timeline_set_work_settle(src);
	for (int s = 0; s < src->dict.nstages; s++)
		map[s] = stage_index(w, src->dict.names[s], src->dict.lens[s]);
	all_by_id = merge_may_pass_limit(w, src);
	for (uint64 i = 0; i <= src->mask; i++)
	{
		SetCase    *from = &src->cases[i];

		CHECK_FOR_INTERRUPTS();
		if (from->nevents == 0)
			continue;
		if (all_by_id || case_may_pass_limits(w, from))
		{
			if (later == NULL)
				later = palloc_extended(src->ncases * sizeof(SetCase *), MCXT_ALLOC_HUGE);
			later[nlater++] = from;
		}
		else
			add_case_events(w, from->id, from->nevents, set_case_at(from), set_case_stage(from), map);
	}
	if (later)
	{
		sq_qsort_interruptible(later, nlater, sizeof(SetCase *), case_id_cmp, NULL);
		for (uint64 k = 0; k < nlater; k++)
		{
			CHECK_FOR_INTERRUPTS();
			add_case_events(w, later[k]->id, later[k]->nevents, set_case_at(later[k]),
							set_case_stage(later[k]), map);
		}
		pfree(later);
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

		CHECK_FOR_INTERRUPTS();
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
sq_timeline_set_work_merge(TimelineSetWork *w, Datum d)
{
	TimelineSetWork *src = sq_timeline_set_work_of(d);
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
		/*
		 * A run is let go once it is all in the table: an error part way
		 * leaves it pending, and a case both there and in the table is merged
		 * when the set is flattened.
		 */
		while (w->nruns > 0)
		{
			merge_flat_into_table(w, w->runs[w->nruns - 1]);
			pfree(w->runs[--w->nruns]);
		}
	}
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	run = DatumGetTimelineSetCopy(d);
	MemoryContextSwitchTo(old);
	register_run_names(w, run);
	w->runs[w->nruns++] = run;
}

TimelineSetWork *
sq_timeline_set_work_from_datum(Datum d, MemoryContext parent)
{
	TimelineSetWork *w = sq_timeline_set_work_new(parent);

	sq_timeline_set_work_merge(w, d);
	return w;
}

void
sq_timeline_set_report_too_large(uint64 ncases)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline_set of " UINT64_FORMAT " cases exceeds the 1 GB limit of a value", ncases),
			 errhint("Group the events by a coarser key (shop, day) so that each set holds fewer cases.")));
}
