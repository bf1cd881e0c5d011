/*-------------------------------------------------------------------------
 *
 * timeline_set.h
 *	  timeline_set: the timelines of many cases, keyed by case id, built by
 *	  timeline_set_agg(case_id, stage, at) in one pass over an event table.
 *
 * GROUP BY case_id with timeline_agg makes the executor's hash table do the
 * per-case work: with a million cases most of the time goes into finding
 * each row's group.  A timeline_set keeps its own table, keyed by the case
 * id alone, so an event costs one probe and an append; unnest() hands the
 * cases back as (case_id, timeline_state) rows.
 *
 * Two forms:
 *   - while aggregating, an expanded object (TimelineSetWork): an open
 *	   addressing table of cases, each holding its events (see SetCase), and
 *	   a dictionary of the stage names; it grows in place;
 *   - everywhere else (stored, sent, returned), the flat form below, in
 *	   which cases are sorted by id and each timeline is canonical, so equal
 *	   sets are byte-identical values.  The executor flattens the expanded
 *	   form through its methods whenever a value leaves the aggregate.
 *
 * Flat layout, one varlena:
 *
 *	 TimelineSet header (16 bytes)
 *	 int64		id[ncases]			case ids, ascending
 *	 uint32		offset[ncases]		byte offset of each case's timeline from
 *									the start of the set, MAXALIGNed
 *	 timelines						trimmed timeline_state values, each starting
 *									at a multiple of 8, zero padding between
 *
 * A set is one value, so it is bounded by the 1 GB limit of any value:
 * about eight million refunds of typical size.  Past it the aggregate
 * stops with SQLSTATE 54000; group by a coarser key (shop, day) instead.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_SET_H
#define TIMELINE_SET_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "svcquality.h"
#include "timeline_state.h"

#define TIMELINE_SET_VERSION 1

typedef struct TimelineSet
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* TIMELINE_SET_VERSION */
	uint8		reserved[3];	/* zero */
	uint32		ncases;
	uint32		reserved2;		/* zero */
} TimelineSet;

static inline const int64 *
timeline_set_ids(const TimelineSet *s)
{
	return (const int64 *) ((const char *) s + sizeof(TimelineSet));
}

static inline const uint32 *
timeline_set_offsets(const TimelineSet *s)
{
	return (const uint32 *) (timeline_set_ids(s) + s->ncases);
}

static inline const TimelineState *
timeline_set_case(const TimelineSet *s, uint32 i)
{
	return (const TimelineState *) ((const char *) s + timeline_set_offsets(s)[i]);
}

/*
 * One case in the working table: 64 bytes, one cache line, holding the
 * case's first events.  Events are kept as they arrive (distinct, not
 * sorted); stages index the set's dictionary.  nevents == 0 marks a free
 * slot.
 */
#define SET_INLINE_EVENTS 5

typedef struct SetCase
{
	int64		id;
	uint16		nevents;		/* distinct events */
	uint16		cap;			/* 0: events inline; else room in ext */
	uint16		names_len;		/* sum of 1 + name length over its stages */
	uint8		nstages;		/* distinct stages */
	uint8		reserved;
	union
	{
		struct
		{
			TimestampTz at[SET_INLINE_EVENTS];
			uint8		stage[SET_INLINE_EVENTS];
		}			in;
		struct
		{
			TimestampTz *at;
			uint8	   *stage;
		}			ext;
	}			ev;
} SetCase;

/*
 * Stage names of all cases of a set, each stored once; cases refer to them
 * by index.  A small hash table finds a name's index.
 */
#define SET_MAX_STAGES 255
#define SET_STAGE_LOOKUP 512

typedef struct SetDictionary
{
	int			nstages;
	const char *names[SET_MAX_STAGES];
	uint8		lens[SET_MAX_STAGES];
	uint8		lookup[SET_STAGE_LOOKUP];	/* index + 1, or 0 */
} SetDictionary;

/*
 * Partial sets handed to the combine function are kept as they come (flat,
 * sorted by id) and merged with the table in one ordered pass when the set
 * is flattened, rather than inserted case by case: with parallel workers
 * most cases are in several partial sets.  Past TIMELINE_SET_MAX_RUNS they
 * are folded into the table.
 */
#define TIMELINE_SET_MAX_RUNS 8

/*
 * Once the table outgrows the processor's caches, every event row probes
 * it at a random place and waits for that cache line.  Events then wait in
 * a batch and go into the table together, the line of each case requested
 * a few events ahead, so that the waits overlap (timeline_set.c).
 */
#define SET_BATCH 64
#define SET_BATCH_FROM_SLOTS 16384	/* a table of 1 MB */

typedef struct SetPendingEvent
{
	int64		id;
	TimestampTz at;
	int			stage;			/* index in the set's dictionary */
} SetPendingEvent;

typedef struct TimelineSetWork
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	SetCase    *cases;			/* open addressing table */
	void	   *cases_chunk;	/* the allocation holding it */
	uint64		mask;			/* number of slots - 1 (a power of 2 minus 1) */
	uint64		seed;			/* of the case table and the stage lookup */
	uint64		ncases;			/* cases in the table */
	Size		case_bytes;		/* their timelines' bytes in the flat form */
	SetCase    *last;			/* case touched last, or NULL */
	SetDictionary dict;
	TimelineSet *runs[TIMELINE_SET_MAX_RUNS];	/* flat sets not yet in the
												 * table */
	int			nruns;
	int			npending;		/* events waiting in pending */
	SetPendingEvent *pending;	/* SET_BATCH of them, or NULL: a small table */
	struct SetFlattening *flattening;	/* see timeline_set_flat.c, or NULL */
} TimelineSetWork;

/* Where the timelines start in a flat set of ncases cases. */
static inline Size
timeline_set_ids_end(uint64 ncases)
{
	return MAXALIGN(sizeof(TimelineSet) + ncases * (sizeof(int64) + sizeof(uint32)));
}

static inline TimestampTz *
set_case_at(SetCase *c)
{
	return c->cap ? c->ev.ext.at : c->ev.in.at;
}

static inline uint8 *
set_case_stage(SetCase *c)
{
	return c->cap ? c->ev.ext.stage : c->ev.in.stage;
}

/* Bytes of the case's timeline in the flat form. */
static inline Size
set_case_flat_bytes(const SetCase *c)
{
	return MAXALIGN(sizeof(TimelineState) + TYPEALIGN(8, c->names_len) +
					(Size) c->nevents * (sizeof(TimestampTz) + 1));
}

/* Working sets are expanded objects with these methods (timeline_set_flat.c). */
extern const ExpandedObjectMethods sq_timeline_set_methods;

/* Forget what was prepared for flattening w (before w changes); there is some. */
extern void sq_timeline_set_discard_flattening(TimelineSetWork *w);

pg_attribute_noreturn() extern void sq_timeline_set_report_too_large(uint64 ncases);

/* An empty working set in a new memory context under parent. */
extern TimelineSetWork *sq_timeline_set_work_new(MemoryContext parent);

/*
 * An empty working set in cxt, which other sets may share (an aggregate's,
 * sq_aggregate_arena): it is freed with cxt, never on its own.
 */
extern TimelineSetWork *sq_timeline_set_work_new_in(MemoryContext cxt);

/* A working set holding the cases of a timeline_set datum (flat or expanded). */
extern TimelineSetWork *sq_timeline_set_work_from_datum(Datum d, MemoryContext parent);

/* Add one event of case id.  Errors as timeline_agg does on bad input or limits. */
extern void sq_timeline_set_work_add(TimelineSetWork *w, int64 id, const char *name, int len,
									 TimestampTz at);

/* Put the events waiting in a batch into the table: before it is read. */
extern void sq_timeline_set_work_flush_pending(TimelineSetWork *w);

static inline void
sq_timeline_set_work_settle(TimelineSetWork *w)
{
	if (w->npending > 0)
		sq_timeline_set_work_flush_pending(w);
}

/* Add every case of a timeline_set datum (flat or expanded) to w. */
extern void sq_timeline_set_work_merge(TimelineSetWork *w, Datum d);

/* Merge one case's timeline into w. */
extern void sq_timeline_set_work_merge_case(TimelineSetWork *w, int64 id, const TimelineState *t);

/* The flat form of w, after which w is freed (input, direct calls). */
extern TimelineSet *sq_timeline_set_flatten_and_free(TimelineSetWork *w);

/* Number of distinct cases in w. */
extern uint64 sq_timeline_set_work_cases(TimelineSetWork *w);

/* The working set behind a datum if it is one of ours in expanded form, else NULL. */
extern TimelineSetWork *sq_timeline_set_work_of(Datum d);

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetTimelineSet(d) \
	((TimelineSet *) sq_detoast_state((d), "timeline_set", TIMELINE_SET_VERSION))
#define DatumGetTimelineSetCopy(d) \
	((TimelineSet *) sq_detoast_state_copy((d), "timeline_set", TIMELINE_SET_VERSION))
#define PG_GETARG_TIMELINE_SET(n) DatumGetTimelineSet(PG_GETARG_DATUM(n))
#define PG_GETARG_TIMELINE_SET_COPY(n) DatumGetTimelineSetCopy(PG_GETARG_DATUM(n))

#endif							/* TIMELINE_SET_H */
