/*-------------------------------------------------------------------------
 *
 * timeline_set_flat.c
 *	  Flattening a working timeline_set into its canonical flat form: the
 *	  expanded-object methods, and the helpers behind them.
 *
 * The table's cases are sorted by id and merged with the pending partial
 * sets (each sorted by id already) in one ordered pass, twice: once to
 * measure the flat form, once to write it.  A table case is written as the
 * canonical timeline of its events; a case of a partial set is canonical
 * already (trimming copies it); a case found in several sources is merged
 * (while measuring, and kept for writing).
 *
 * A merge of millions of cases takes seconds, so every loop over the cases
 * checks for interrupts, and the sort of the table's cases is
 * interruptible.  An error there (a cancel, or a limit or an allocation,
 * which could fail before) can come between any two cases.  It leaves the
 * preparation marked unfinished, made again from the start if the same
 * set is flattened later: a set outlives a caught error when a final
 * function in PL/pgSQL gets an aggregate's working set and catches it.
 * The writing pass changes nothing that a later one reads (the cursors
 * start over).  Interrupts are never served in a critical section, and
 * flattening runs in none.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "timeline_set.h"

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
#define ST_CHECK_FOR_INTERRUPTS
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

/*
 * What flattening w needs, prepared when the executor asks for the size.
 * Held by w from the start of the preparation, so that what an error part
 * way leaves is freed; trusted only once ready.
 */
typedef struct SetFlattening
{
	bool		ready;			/* prepared in full */
	SetCaseRef *refs;			/* NULL until allocated */
	uint8		rank[SET_MAX_STAGES];	/* of each stage name, in name order */
	SetCursor	cur[1 + TIMELINE_SET_MAX_RUNS];
	int			k;
	FlatWriter	sizer;
} SetFlattening;

/* Case c as its canonical timeline, written to out (set_case_flat_bytes(c) bytes). */
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
		events[e].at = set_case_at(c)[e];
		events[e].stage = set_case_stage(c)[e];
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
	sq_timeline_state_build(out, n, at, stage, w->dict.names, w->dict.lens, c->names_len);
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
	Size		len;

	Assert(cw.c != NULL || cw.t != NULL);
	len = cw.c ? set_case_flat_bytes(cw.c) : MAXALIGN(timeline_trimmed_size(cw.t));
	if (fw->out)
	{
		TimelineState *dst = (TimelineState *) ((char *) fw->out + fw->pos);
		Size		used;

		((int64 *) timeline_set_ids(fw->out))[fw->ncases] = id;
		((uint32 *) timeline_set_offsets(fw->out))[fw->ncases] = (uint32) fw->pos;
		if (cw.c)
			build_case(w, f, cw.c, dst);
		else
			sq_timeline_state_trim_into(cw.t, dst); /* a copy if canonical */
		used = VARSIZE(dst);
		memset((char *) dst + used, 0, len - used);
	}
	fw->ncases++;
	fw->pos += len;
	if (fw->out == NULL && timeline_set_ids_end(fw->ncases) + fw->pos > MaxAllocSize)
		sq_timeline_set_report_too_large(fw->ncases);
}

/*
 * The union of the timelines of case id in the sources holding it (at
 * least two), in a new state.
 */
static TimelineState *
union_of_sources(const TimelineSetWork *w, const SetFlattening *f, SetCursor *cur, int k, int64 id)
{
	const TimelineState *so_far = NULL;
	TimelineState *owned = NULL;	/* so_far, when it is ours to free */

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

			built = palloc(set_case_flat_bytes(c));
			build_case(w, f, c, built);
			t = built;
		}
		else
			t = timeline_set_case(cur[i].run, cur[i].pos);
		cur[i].pos++;
		if (so_far == NULL)
		{
			so_far = t;
			owned = built;
			continue;
		}
		/* the table's cursor is the first: a case built from it is so_far */
		Assert(built == NULL);
		grown = sq_timeline_union(so_far, t);
		if (owned)
			pfree(owned);
		so_far = owned = grown;
	}
	Assert(owned != NULL && owned == so_far);
	return owned;
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

		CHECK_FOR_INTERRUPTS();
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
			{
				/* the table's cases are read in id order: at random places */
				if (c->pos + 8 < c->n)
					sq_prefetch(c->refs[c->pos + 8].c);
				cw.c = c->refs[c->pos].c;
			}
			else
				cw.t = timeline_set_case(c->run, c->pos);
			c->pos++;
		}
		else if (fw->out == NULL)
		{
			TimelineState *u;

			if (fw->nmerged == fw->merged_cap)
			{
				fw->merged_cap = Max(64, 2 * fw->merged_cap);
				fw->merged = fw->merged ?
					repalloc_huge(fw->merged, fw->merged_cap * sizeof(TimelineState *)) :
					palloc_extended(fw->merged_cap * sizeof(TimelineState *), MCXT_ALLOC_HUGE);
			}
			/* counted once made: a discard frees what is counted */
			u = union_of_sources(w, f, cur, k, min);
			cw.t = fw->merged[fw->nmerged++] = u;
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

void
sq_timeline_set_discard_flattening(TimelineSetWork *w)
{
	SetFlattening *f = w->flattening;

	Assert(f != NULL);
	for (uint64 i = 0; i < f->sizer.nmerged; i++)
		pfree(f->sizer.merged[i]);
	if (f->sizer.merged)
		pfree(f->sizer.merged);
	if (f->refs)
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
	{
		if (w->flattening->ready)
			return w->flattening;
		/* left unfinished by an error */
		sq_timeline_set_discard_flattening(w);
	}
	sq_timeline_set_work_settle(w);
	old = MemoryContextSwitchTo(w->hdr.eoh_context);
	f = palloc0(sizeof(SetFlattening));
	w->flattening = f;

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
	{
		CHECK_FOR_INTERRUPTS();
		if (w->cases[i].nevents != 0)
		{
			if (n == w->ncases)
				elog(ERROR, "timeline_set: more cases in the table than counted");
			f->refs[n].id = w->cases[i].id;
			f->refs[n++].c = &w->cases[i];
		}
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
	f->ready = true;
	return f;
}

static Size
set_get_flat_size(ExpandedObjectHeader *eohptr)
{
	SetFlattening *f = prepare_flattening((TimelineSetWork *) eohptr);

	return timeline_set_ids_end(f->sizer.ncases) + f->sizer.pos;
}

/* Written straight to result: a set of a million cases is not copied twice. */
static void
set_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	TimelineSetWork *w = (TimelineSetWork *) eohptr;
	SetFlattening *f = prepare_flattening(w);
	TimelineSet *out = result;
	FlatWriter	fw = f->sizer;

	if (allocated_size != timeline_set_ids_end(f->sizer.ncases) + f->sizer.pos)
		elog(ERROR, "timeline_set: flat form does not have the size measured");
	fw.out = out;
	fw.ncases = 0;
	fw.pos = timeline_set_ids_end(f->sizer.ncases);
	fw.next_merged = 0;
	memset(out, 0, timeline_set_ids_end(f->sizer.ncases));
	SET_VARSIZE(out, allocated_size);
	out->version = TIMELINE_SET_VERSION;
	out->ncases = (uint32) f->sizer.ncases;
	merge_sources(w, f, &fw);
	if (fw.ncases != f->sizer.ncases || fw.pos != allocated_size || fw.next_merged != fw.nmerged)
		elog(ERROR, "timeline_set: flat form does not have the size measured");
	sq_timeline_set_discard_flattening(w);
}

uint64
sq_timeline_set_work_cases(TimelineSetWork *w)
{
	sq_timeline_set_work_settle(w);
	return w->nruns == 0 ? w->ncases : prepare_flattening(w)->sizer.ncases;
}

/* The flat, canonical form of w, palloc'd in CurrentMemoryContext. */
static TimelineSet *
flatten(TimelineSetWork *w)
{
	Size		size = set_get_flat_size(&w->hdr);
	TimelineSet *s = palloc(size);

	set_flatten_into(&w->hdr, s, size);
	return s;
}

TimelineSet *
sq_timeline_set_flatten_and_free(TimelineSetWork *w)
{
	TimelineSet *s = flatten(w);

	DeleteExpandedObject(EOHPGetRWDatum(&w->hdr));
	return s;
}

const ExpandedObjectMethods sq_timeline_set_methods = {
	set_get_flat_size,
	set_flatten_into
};
