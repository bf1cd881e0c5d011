/*-------------------------------------------------------------------------
 *
 * funnel_state_work.c
 *	  The working form of funnel_state: an expanded object that funnel_agg
 *	  updates case by case and merges partial states into, and its
 *	  flattening into the canonical flat form.
 *
 * Stages get indexes in the order they are met (a given list's order);
 * a small hash table finds a name's index.  Per stage the counts and a
 * dense duration_state of the cases' times; per stage moved from, a row of
 * move counts, made on first use; sequences in a hash table of exact
 * counts, pruned to FUNNEL_SEQUENCES (funnel_state.c) only when it holds
 * WORK_SEQUENCES of them, and when flattened.  Flattening sorts the stages
 * by name (unless given), so the flat form does not depend on the order
 * the cases came in.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "funnel_state.h"

#define STAGE_LOOKUP 256		/* slots of the name table, a power of 2 */
#define WORK_SEQUENCES 4096		/* exact sequence counts kept while working */
#define FUNNEL_MEMO_BYTES 256	/* stage names of a case kept by map_stages */

typedef struct FunnelMoves
{
	int64		count[FUNNEL_MAX_STAGES];
	int64		cases[FUNNEL_MAX_STAGES];
} FunnelMoves;

typedef struct SequenceTable
{
	FunnelSequence *entries;
	int			n;
	int			cap;
	uint32	   *slots;			/* entry index + 1, or 0; 2 * cap of them */
} SequenceTable;

struct FunnelWork
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	bool		configured;		/* flags (and a given list) are fixed */
	uint8		flags;
	uint64		seed;			/* of the name and sequence tables */
	struct varlena *stage_list; /* a given list as an aggregate passed it */
	int			nstages;
	char	   *names[FUNNEL_MAX_STAGES];
	uint8		lens[FUNNEL_MAX_STAGES];
	uint8		lookup[STAGE_LOOKUP];	/* stage index + 1, or 0 */
	int64		cases;
	FunnelStage stage[FUNNEL_MAX_STAGES];
	DurationState *time[FUNNEL_MAX_STAGES]; /* dense, or NULL before a time */
	FunnelMoves *moves[FUNNEL_MAX_STAGES];	/* from each stage, or NULL */
	SequenceTable seq;
	FunnelState *flat;			/* the flat form while w is unchanged */
	/* one case's times and moves, zero between cases */
	int64		case_time[FUNNEL_MAX_STAGES];
	uint64		case_moves[FUNNEL_MAX_STAGES];

	/*
	 * The stage dictionary of the case added last and its map: the cases of a
	 * query mostly share one, and a case whose dictionary has the same bytes
	 * takes the map without a lookup.  A stage keeps its index for the life
	 * of w, so a map stays right.
	 */
	uint16		memo_len;		/* bytes in memo_names; 0: no memo */
	uint8		memo_nstages;
	char		memo_names[FUNNEL_MEMO_BYTES];
	int			memo_map[TIMELINE_MAX_STAGES];
};

static const ExpandedObjectMethods funnel_methods;

FunnelWork *
sq_funnel_work_new(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "funnel_state",
											  ALLOCSET_SMALL_MINSIZE,
											  ALLOCSET_SMALL_INITSIZE,
											  ALLOCSET_DEFAULT_MAXSIZE);

	return sq_funnel_work_new_in(cxt);
}

FunnelWork *
sq_funnel_work_new_in(MemoryContext cxt)
{
	FunnelWork *w = MemoryContextAllocZero(cxt, sizeof(FunnelWork));

	EOH_init_header(&w->hdr, &funnel_methods, cxt);
	w->seed = sq_hash_seed();
	return w;
}

FunnelWork *
sq_funnel_work_of(Datum d)
{
	return (FunnelWork *) sq_expanded_object(d, &funnel_methods);
}

Datum
sq_funnel_work_datum(FunnelWork *w)
{
	return EOHPGetRWDatum(&w->hdr);
}

/* Called before every change: the flat form made for w is stale. */
static inline void
changing(FunnelWork *w)
{
	if (w->flat)
	{
		pfree(w->flat);
		w->flat = NULL;
	}
}

/* ---- stages ------------------------------------------------------------- */

/* The slot of a name in the lookup table: its stage's, or the free one to use. */
static inline uint32
name_slot(const FunnelWork *w, const char *name, int len)
{
	uint32		slot = sq_bytes_hash(name, len, w->seed) & (STAGE_LOOKUP - 1);

	for (; w->lookup[slot] != 0; slot = (slot + 1) & (STAGE_LOOKUP - 1))
	{
		int			s = w->lookup[slot] - 1;

		if (w->lens[s] == len && sq_bytes_equal(w->names[s], name, len))
			break;
	}
	return slot;
}

/* The index of a stage name; added (in w's context) if new and add is true, else -1. */
static int
stage_index(FunnelWork *w, const char *name, int len, bool add)
{
	uint32		slot = name_slot(w, name, len);

	if (w->lookup[slot] != 0)
		return w->lookup[slot] - 1;
	if (!add)
		return -1;
	if (w->nstages == FUNNEL_MAX_STAGES)
		sq_funnel_report_too_many_stages();
	w->names[w->nstages] = MemoryContextAlloc(w->hdr.eoh_context, Max(len, 1));
	memcpy(w->names[w->nstages], name, len);
	w->lens[w->nstages] = (uint8) len;
	w->lookup[slot] = (uint8) (w->nstages + 1);
	return w->nstages++;
}

/* Whether w's stages are the n given ones, in that order. */
static bool
same_stages(const FunnelWork *w, int n, const char *const *names, const int *lens)
{
	if (n != w->nstages)
		return false;
	for (int s = 0; s < n; s++)
		if (lens[s] != w->lens[s] || memcmp(names[s], w->names[s], lens[s]) != 0)
			return false;
	return true;
}

/* The names of a text[] stage list, checked. */
static int
stage_list_names(Datum list, char **names, int *lens)
{
	ArrayType  *array = DatumGetArrayTypeP(list);
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	sq_check_list_dimensions(ARR_NDIM(array), "the stage list of a funnel");
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the stage list of a funnel is empty"),
				 errdetail("Give the funnel's stages in order, e.g. ARRAY['new', 'open', 'solved'], or no list to count every stage.")));
	if (n > FUNNEL_MAX_STAGES)
		sq_funnel_report_too_many_stages();
	for (int s = 0; s < n; s++)
	{
		if (nulls[s])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the stage list of a funnel must not contain NULL")));
		names[s] = VARDATA_ANY(DatumGetPointer(elems[s]));
		lens[s] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[s]));
		sq_timeline_check_name(lens[s]);
		for (int r = 0; r < s; r++)
			if (lens[r] == lens[s] && memcmp(names[r], names[s], lens[s]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("stage \"%.*s\" is listed twice in the stage list of a funnel",
								lens[s], names[s])));
	}
	return n;
}

void
sq_funnel_work_configure(FunnelWork *w, uint8 flags, Datum stages)
{
	char	   *names[FUNNEL_MAX_STAGES];
	int			lens[FUNNEL_MAX_STAGES];
	struct varlena *list;
	int			n;

	if (w->configured && w->flags != flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every row of a funnel_agg must give a stage list, or none, and a calendar, or none"),
				 errdetail("The funnel was started %s a stage list and %s a calendar.",
						   (w->flags & FUNNEL_GIVEN_STAGES) ? "with" : "without",
						   (w->flags & FUNNEL_BUSINESS_TIME) ? "with" : "without")));
	if (!(flags & FUNNEL_GIVEN_STAGES))
	{
		w->configured = true;
		w->flags = flags;
		return;
	}
	list = PG_DETOAST_DATUM_PACKED(stages);
	if (w->stage_list && VARSIZE_ANY(list) == VARSIZE_ANY(w->stage_list) &&
		memcmp(list, w->stage_list, VARSIZE_ANY(list)) == 0)
		return;
	n = stage_list_names(stages, names, lens);
	if (w->configured && !same_stages(w, n, (const char *const *) names, lens))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the stage list differs from the one the funnel was started with"),
				 errdetail("Every row of a funnel_agg must give the same stage list.")));
	changing(w);
	for (int s = 0; !w->configured && s < n; s++)
		(void) stage_index(w, names[s], lens[s], true);
	w->configured = true;
	w->flags = flags;
	if (w->stage_list)
		pfree(w->stage_list);
	w->stage_list = MemoryContextAlloc(w->hdr.eoh_context, VARSIZE_ANY(list));
	memcpy(w->stage_list, list, VARSIZE_ANY(list));
}

/* ---- sequences ---------------------------------------------------------- */

static inline uint32
sequence_hash(const FunnelSequence *seq, uint64 seed)
{
	return sq_bytes_hash((const char *) &seq->len, 2 + seq->len, seed);
}

static inline bool
same_sequence(const FunnelSequence *a, const FunnelSequence *b)
{
	return a->len == b->len && a->truncated == b->truncated &&
		sq_bytes_equal((const char *) a->stages, (const char *) b->stages, a->len);
}

/* Fill the slots of t from its entries (after growing or pruning). */
static void
sequence_rehash(SequenceTable *t, uint64 seed)
{
	uint32		mask = 2 * t->cap - 1;

	memset(t->slots, 0, 2 * t->cap * sizeof(uint32));
	for (int q = 0; q < t->n; q++)
	{
		uint32		slot = sequence_hash(&t->entries[q], seed) & mask;

		while (t->slots[slot] != 0)
			slot = (slot + 1) & mask;
		t->slots[slot] = q + 1;
	}
}

/*
 * Make room for one more sequence (in w's context), when the table is full:
 * at WORK_SEQUENCES entries, or at its capacity below that.
 */
static void
sequence_room(FunnelWork *w)
{
	SequenceTable *t = &w->seq;

	if (t->n == WORK_SEQUENCES)
		t->n = sq_funnel_prune(t->entries, t->n, FUNNEL_SEQUENCES);
	else
	{
		Assert(t->n == t->cap);
		t->cap = t->cap ? 2 * t->cap : 16;
		t->entries = t->entries ? repalloc(t->entries, t->cap * sizeof(FunnelSequence)) :
			palloc(t->cap * sizeof(FunnelSequence));
		if (t->slots)
			pfree(t->slots);
		t->slots = palloc(2 * t->cap * sizeof(uint32));
	}
	sequence_rehash(t, w->seed);
}

/* Count a sequence count more times (in w's context). */
static void
sequence_add(FunnelWork *w, const FunnelSequence *seq, int64 count)
{
	SequenceTable *t = &w->seq;
	uint32		hash = sequence_hash(seq, w->seed);
	uint32		slot;

	if (t->n == t->cap || t->n == WORK_SEQUENCES)
		sequence_room(w);
	for (slot = hash & (2 * t->cap - 1); t->slots[slot] != 0; slot = (slot + 1) & (2 * t->cap - 1))
	{
		FunnelSequence *e = &t->entries[t->slots[slot] - 1];

		if (same_sequence(e, seq))
		{
			funnel_add_count(&e->count, count);
			return;
		}
	}
	t->entries[t->n] = *seq;
	t->entries[t->n].count = count;
	t->slots[slot] = ++t->n;
}

/* ---- adding a case ------------------------------------------------------ */

/* Each stage of t's dictionary as a funnel stage, or -1 when not counted. */
static void
map_stages(FunnelWork *w, const TimelineState *t, int *map)
{
	uint16		offsets[TIMELINE_MAX_STAGES];
	const char *names = timeline_names(t);
	bool		add = !(w->flags & FUNNEL_GIVEN_STAGES);

	if (w->memo_len != 0 && t->names_len == w->memo_len && t->nstages == w->memo_nstages &&
		sq_bytes_equal(names, w->memo_names, t->names_len))
	{
		memcpy(map, w->memo_map, t->nstages * sizeof(int));
		return;
	}
	sq_timeline_name_offsets(t, offsets);
	for (int k = 0; k < t->nstages; k++)
	{
		const char *entry = names + offsets[k];

		map[k] = stage_index(w, entry + 1, (uint8) entry[0], add);
	}
	w->memo_len = 0;
	if (t->names_len <= FUNNEL_MEMO_BYTES)
	{
		memcpy(w->memo_names, names, t->names_len);
		memcpy(w->memo_map, map, t->nstages * sizeof(int));
		w->memo_nstages = t->nstages;
		w->memo_len = t->names_len;
	}
}

static inline void
add_spell(FunnelWork *w, int stage, TimestampTz from, TimestampTz to, const TimelineClock *clock)
{
	int64		us;

	if (clock)
		us = sq_timeline_elapsed(clock, from, to);
	else if (pg_sub_s64_overflow(to, from, &us))
		sq_timeline_report_interval_overflow();
	if (pg_add_s64_overflow(w->case_time[stage], us, &w->case_time[stage]))
		sq_timeline_report_interval_overflow();
}

static inline void
add_move(FunnelWork *w, int from, int to)
{
	FunnelMoves *m = w->moves[from];

	if (unlikely(m == NULL))
		m = w->moves[from] = palloc0(sizeof(FunnelMoves));
	funnel_add_count(&m->count[to], 1);
	if (!(w->case_moves[from] & STAGE_BIT(to)))
	{
		w->case_moves[from] |= STAGE_BIT(to);
		m->cases[to]++;
	}
}

/* The case's time in each stage it reached, into the stages' durations. */
static void
add_case_times(FunnelWork *w, uint64 reached)
{
	for (int s = 0; reached != 0; s++, reached >>= 1)
	{
		DurationState *before;
		int64		us = w->case_time[s];

		if (!(reached & 1))
			continue;
		if (us > DURATION_MAX_US)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("time in stage \"%.*s\" of a case, %s seconds, is out of range",
							w->lens[s], w->names[s], sq_float8_text((double) us / USECS_PER_SEC)),
					 errdetail("Durations must be from 0 to 10^12 seconds (about 31,700 years).")));
		if (w->time[s] == NULL)
			w->time[s] = sq_duration_state_new(FUNNEL_ALPHA, 0, 0);
		before = w->time[s];
		w->time[s] = duration_state_add(before, us);
		if (w->time[s] != before)
			pfree(before);
		w->case_time[s] = 0;
		w->case_moves[s] = 0;
	}
}

/*
 * A case: its spells, read from the events of the counted stages in time
 * order (a repeated event of the current stage continues its spell; the
 * last spell ends at the last counted event).
 */
void
sq_funnel_work_add_case(FunnelWork *w, const TimelineState *t, const TimelineClock *clock)
{
	MemoryContext old = MemoryContextSwitchTo(w->hdr.eoh_context);
	const TimestampTz *at = timeline_at(t);
	const uint8 *stage_of = timeline_stage(t);
	int			map[TIMELINE_MAX_STAGES];
	FunnelSequence seq = {1, 0, false, {0}};
	uint64		reached = 0;
	int			cur = -1;
	int			rank = 0;
	TimestampTz start = 0;
	TimestampTz last = 0;

	changing(w);
	funnel_add_count(&w->cases, 1);
	map_stages(w, t, map);
	for (int e = 0; e < t->nevents; e++)
	{
		int			s = map[stage_of[e]];

		if (s < 0)
			continue;
		if (s != cur)
		{
			if (cur >= 0)
			{
				add_spell(w, cur, start, at[e], clock);
				add_move(w, cur, s);
			}
			else
				w->stage[s].starts++;
			if (!(reached & STAGE_BIT(s)))
			{
				reached |= STAGE_BIT(s);
				w->stage[s].reached++;
				funnel_add_count(&w->stage[s].positions, rank++);
			}
			if (seq.len < FUNNEL_MAX_SEQUENCE)
				seq.stages[seq.len++] = (uint8) s;
			else
				seq.truncated = true;
			cur = s;
			start = at[e];
		}
		last = at[e];
	}
	if (cur >= 0)
	{
		add_spell(w, cur, start, last, clock);
		w->stage[cur].ends++;
	}
	add_case_times(w, reached);
	sequence_add(w, &seq, 1);
	MemoryContextSwitchTo(old);
}

/* ---- merging a flat state ----------------------------------------------- */

/* Take the flat state's flags and given stages, or check that they are w's. */
static void
merge_configuration(FunnelWork *w, const FunnelParts *p)
{
	int			lens[FUNNEL_MAX_STAGES];

	for (int s = 0; s < p->nstages; s++)
		lens[s] = p->lens[s];
	if (!w->configured)
	{
		w->configured = true;
		w->flags = p->flags;
		if (p->flags & FUNNEL_GIVEN_STAGES)
			for (int s = 0; s < p->nstages; s++)
				(void) stage_index(w, p->names[s], p->lens[s], true);
		return;
	}
	if ((w->flags ^ p->flags) & FUNNEL_GIVEN_STAGES)
		sq_funnel_report_mismatch("one has a stage list and the other has none");
	if ((w->flags ^ p->flags) & FUNNEL_BUSINESS_TIME)
		sq_funnel_report_mismatch("one measures working time with a calendar and the other calendar time");
	if ((w->flags & FUNNEL_GIVEN_STAGES) && !same_stages(w, p->nstages, p->names, lens))
		sq_funnel_report_mismatch("their stage lists differ");
}

static void
merge_time(FunnelWork *w, int s, const DurationState *src)
{
	DurationState *dst = w->time[s];
	int32		lo,
				hi;

	if (src->count == 0)
		return;
	if (dst == NULL)
		w->time[s] = sq_duration_state_unpack(src);
	else if (sq_duration_state_span(src, &lo, &hi) &&
			 (lo < dst->first || hi >= dst->first + dst->nslots))
	{
		w->time[s] = sq_duration_state_merge(dst, src);
		pfree(dst);
	}
	else
		sq_duration_state_merge_into(dst, src);
}

static void
merge_parts(FunnelWork *w, const FunnelParts *p, const int *map)
{
	for (int s = 0; s < p->nstages; s++)
	{
		FunnelStage *dst = &w->stage[map[s]];

		funnel_add_count(&dst->reached, p->stage[s].reached);
		funnel_add_count(&dst->positions, p->stage[s].positions);
		funnel_add_count(&dst->starts, p->stage[s].starts);
		funnel_add_count(&dst->ends, p->stage[s].ends);
		merge_time(w, map[s], p->time[s]);
	}
	for (int t = 0; t < p->ntransitions; t++)
	{
		const FunnelTransition *tr = &p->transitions[t];
		int			from = map[tr->from];

		if (w->moves[from] == NULL)
			w->moves[from] = palloc0(sizeof(FunnelMoves));
		funnel_add_count(&w->moves[from]->count[map[tr->to]], tr->count);
		funnel_add_count(&w->moves[from]->cases[map[tr->to]], tr->cases);
	}
	for (int q = 0; q < p->nsequences; q++)
	{
		FunnelSequence seq = p->sequences[q];

		for (int i = 0; i < seq.len; i++)
			seq.stages[i] = (uint8) map[seq.stages[i]];
		sequence_add(w, &seq, seq.count);
	}
	funnel_add_count(&w->cases, p->cases);
}

void
sq_funnel_work_merge(FunnelWork *w, Datum d)
{
	FunnelState *f = DatumGetFunnelState(d);
	MemoryContext old = MemoryContextSwitchTo(w->hdr.eoh_context);
	FunnelParts p;
	int			map[FUNNEL_MAX_STAGES];

	changing(w);
	sq_funnel_parts_of(f, &p);
	merge_configuration(w, &p);
	for (int s = 0; s < p.nstages; s++)
		map[s] = stage_index(w, p.names[s], p.lens[s], true);
	merge_parts(w, &p, map);
	pfree(unconstify(FunnelSequence *, p.sequences));
	MemoryContextSwitchTo(old);
}

/* ---- flattening --------------------------------------------------------- */

static void
flat_transitions(const FunnelWork *w, const int *order, FunnelParts *p)
{
	FunnelTransition *out = palloc0(Max(w->nstages * w->nstages, 1) * sizeof(FunnelTransition));

	p->ntransitions = 0;
	for (int from = 0; from < w->nstages; from++)
	{
		const FunnelMoves *m = w->moves[order[from]];

		for (int to = 0; m && to < w->nstages; to++)
			if (m->count[order[to]] != 0)
			{
				out[p->ntransitions].from = (uint8) from;
				out[p->ntransitions].to = (uint8) to;
				out[p->ntransitions].count = m->count[order[to]];
				out[p->ntransitions++].cases = m->cases[order[to]];
			}
	}
	p->transitions = out;
}

static void
flat_sequences(const FunnelWork *w, const int *rank, FunnelParts *p)
{
	FunnelSequence *seqs = palloc(Max(w->seq.n, 1) * sizeof(FunnelSequence));

	for (int q = 0; q < w->seq.n; q++)
	{
		seqs[q] = w->seq.entries[q];
		for (int i = 0; i < seqs[q].len; i++)
			seqs[q].stages[i] = (uint8) rank[seqs[q].stages[i]];
	}
	p->nsequences = sq_funnel_prune(seqs, w->seq.n, FUNNEL_SEQUENCES);
	qsort(seqs, p->nsequences, sizeof(FunnelSequence), sq_funnel_sequence_cmp);
	p->sequences = seqs;
}

/* The flat form of w, in w's context; temporary memory in a child context. */
static FunnelState *
flatten(FunnelWork *w)
{
	MemoryContext scratch = AllocSetContextCreate(w->hdr.eoh_context, "funnel_state flattening",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(scratch);
	FunnelParts p;
	int			order[FUNNEL_MAX_STAGES];
	int			rank[FUNNEL_MAX_STAGES];
	FunnelState *built;
	FunnelState *flat;

	sq_funnel_name_order(w->flags, w->nstages, (const char *const *) w->names, w->lens,
						 order, rank);
	p.flags = w->flags;
	p.nstages = w->nstages;
	p.cases = w->cases;
	for (int s = 0; s < w->nstages; s++)
	{
		p.names[s] = w->names[order[s]];
		p.lens[s] = w->lens[order[s]];
		p.stage[s] = w->stage[order[s]];
		p.time[s] = w->time[order[s]] ? w->time[order[s]] :
			sq_duration_state_new(FUNNEL_ALPHA, 0, 0);
	}
	flat_transitions(w, order, &p);
	flat_sequences(w, rank, &p);
	built = sq_funnel_build(&p);
	flat = MemoryContextAlloc(w->hdr.eoh_context, VARSIZE(built));
	memcpy(flat, built, VARSIZE(built));
	MemoryContextSwitchTo(old);
	MemoryContextDelete(scratch);
	return flat;
}

static Size
funnel_get_flat_size(ExpandedObjectHeader *eohptr)
{
	FunnelWork *w = (FunnelWork *) eohptr;

	if (w->flat == NULL)
		w->flat = flatten(w);
	return VARSIZE(w->flat);
}

static void
funnel_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	FunnelWork *w = (FunnelWork *) eohptr;

	if (allocated_size != funnel_get_flat_size(eohptr))
		elog(ERROR, "funnel_state: flat form does not have the size measured");
	memcpy(result, w->flat, allocated_size);
}

static const ExpandedObjectMethods funnel_methods = {
	funnel_get_flat_size,
	funnel_flatten_into
};

FunnelState *
sq_funnel_flatten_and_free(FunnelWork *w)
{
	Size		size = funnel_get_flat_size(&w->hdr);
	FunnelState *f = palloc(size);

	memcpy(f, w->flat, size);
	DeleteExpandedObject(sq_funnel_work_datum(w));
	return f;
}
