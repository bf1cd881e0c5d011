/*-------------------------------------------------------------------------
 *
 * timeline_state.h
 *	  timeline_state: the history of one case (a ticket, a refund) as a set
 *	  of events (stage, at), built by timeline_agg(stage, at).
 *
 * The state is the set of distinct events, kept sorted by (at, stage name),
 * so the result of aggregating is the same whatever order the rows arrive
 * in, however often a row is repeated and however partial states are
 * merged.  Stage names are stored once per state in a dictionary; events
 * refer to them by index.
 *
 * Layout, one palloc'd varlena with room to grow inside it:
 *
 *	 TimelineState header (16 bytes)
 *	 char		names[names_cap]	dictionary: per stage a length byte and the
 *									name's bytes
 *	 TimestampTz at[event_cap]		event times, ascending
 *	 uint8		stage[event_cap]	event stages, indexes into the dictionary
 *
 * names_cap is a multiple of 8, so at[] is aligned.  While aggregating, the
 * dictionary is in arrival order and unused capacity is part of the varlena
 * (the executor copies states by their varlena size).  States handed out
 * (the aggregates' final function, +, input, direct calls) are trimmed:
 * no unused room, dictionary in order of first occurrence, so equal sets of
 * events are byte-identical states.
 *
 * Memory is bounded: at most TIMELINE_MAX_STAGES distinct stages of at most
 * TIMELINE_MAX_STAGE_BYTES bytes, and TIMELINE_MAX_EVENTS distinct events
 * per state, so no state exceeds TIMELINE_MAX_BYTES.  Beyond a limit the
 * aggregate stops with SQLSTATE 54000 rather than dropping events.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_STATE_H
#define TIMELINE_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"

#include "svcquality.h"
#include "svcquality_names.h"

#define TIMELINE_STATE_VERSION 1

#define TIMELINE_MAX_STAGES 64
#define TIMELINE_MAX_STAGE_BYTES 255
#define TIMELINE_MAX_EVENTS 4096
#define TIMELINE_MAX_NAMES_BYTES (TIMELINE_MAX_STAGES * (1 + TIMELINE_MAX_STAGE_BYTES))
#define TIMELINE_MAX_BYTES \
	(sizeof(TimelineState) + TIMELINE_MAX_NAMES_BYTES + TIMELINE_MAX_EVENTS * (sizeof(TimestampTz) + 1))

typedef struct TimelineState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* TIMELINE_STATE_VERSION */
	uint8		nstages;		/* entries in the dictionary */
	uint16		nevents;		/* distinct events */
	uint16		event_cap;		/* room in at[] and stage[] */
	uint16		names_len;		/* bytes of names[] in use */
	uint16		names_cap;		/* bytes reserved for names[], multiple of 8 */
	uint16		reserved;		/* zero */
} TimelineState;

/* A set of stages of one timeline, as a bit per dictionary index. */
typedef uint64 StageMask;

#define STAGE_BIT(i) (((StageMask) 1) << (i))

static inline char *
timeline_names(const TimelineState *t)
{
	return (char *) t + sizeof(TimelineState);
}

static inline TimestampTz *
timeline_at(const TimelineState *t)
{
	return (TimestampTz *) (timeline_names(t) + t->names_cap);
}

static inline uint8 *
timeline_stage(const TimelineState *t)
{
	return (uint8 *) (timeline_at(t) + t->event_cap);
}

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetTimelineState(d) \
	((TimelineState *) sq_detoast_state((d), "timeline_state", TIMELINE_STATE_VERSION))
#define DatumGetTimelineStateCopy(d) \
	((TimelineState *) sq_detoast_state_copy((d), "timeline_state", TIMELINE_STATE_VERSION))
#define PG_GETARG_TIMELINE_STATE(n) DatumGetTimelineState(PG_GETARG_DATUM(n))
#define PG_GETARG_TIMELINE_STATE_COPY(n) DatumGetTimelineStateCopy(PG_GETARG_DATUM(n))
#define PG_RETURN_TIMELINE_STATE(s) PG_RETURN_POINTER(s)

/*
 * A timeline argument to read and not keep, for functions that take one a
 * row: see sq_state_to_read.
 */
static inline const TimelineState *
sq_timeline_state_read(Datum d, SqShortCopy *copy)
{
	return (const TimelineState *) sq_state_to_read(d, copy, "timeline_state",
													TIMELINE_STATE_VERSION);
}

/* An empty state with room for names_bytes of dictionary and events events. */
extern TimelineState *sq_timeline_state_new(int names_bytes, int events);

/*
 * The state an aggregate starts a case with, for a first stage name of len
 * bytes: 128 bytes (16 + 56 + 6 * 9 = 126), room for a typical refund or
 * ticket of up to 6 events whose stage names total 50 bytes or so.  Larger
 * cases double the part that is full.
 */
static inline TimelineState *
timeline_state_first(int len)
{
	return sq_timeline_state_new(Max(56, 1 + len), 6);
}

/* Size of the trimmed (canonical) copy of t: see sq_timeline_state_trim. */
static inline Size
timeline_trimmed_size(const TimelineState *t)
{
	return sizeof(TimelineState) + TYPEALIGN(8, t->names_len) +
		(Size) t->nevents * (sizeof(TimestampTz) + 1);
}

/*
 * Add one event; returns the state to use from now on, which is t itself
 * unless it had to grow (then a new state in CurrentMemoryContext; t is left
 * as it was).  Errors when the event is invalid or a limit is exceeded.
 */
extern TimelineState *sq_timeline_add_event(TimelineState *t, const char *name, int len,
											TimestampTz at);

/*
 * Merge src into dst: in place when dst has room (then dst is returned),
 * else into a new state in CurrentMemoryContext.
 */
extern TimelineState *sq_timeline_merge(TimelineState *dst, const TimelineState *src);

/* The events of a and b in a new state in CurrentMemoryContext; neither is changed. */
extern TimelineState *sq_timeline_union(const TimelineState *a, const TimelineState *b);

/* Index of a stage name in the dictionary, or -1. */
extern int	sq_timeline_find_stage(const TimelineState *t, const char *name, int len);

/* Index of the first event whose stage is in the mask, or -1. */
extern int	sq_timeline_first_event(const TimelineState *t, StageMask stages);

/*
 * The first event whose stage is in `from`, and the first event in `to` at
 * or after it (events at the same instant count).  False when either is
 * missing.
 */
extern bool sq_timeline_span(const TimelineState *t, StageMask from, StageMask to,
							 TimestampTz *start, TimestampTz *end);

/* Offsets of each name's length byte in names[], in dictionary order. */
extern void sq_timeline_name_offsets(const TimelineState *t, uint16 *offsets);

/* The name of a stage as text, given the offsets above (timeline.c). */
extern Datum sq_timeline_stage_text(const TimelineState *t, const uint16 *offsets, int stage);

/* Checks shared by aggregation and input. */
extern void sq_timeline_check_time(TimestampTz at);
extern void sq_timeline_check_name(int len);
pg_attribute_noreturn() extern void sq_timeline_report_too_many_stages(void);
pg_attribute_noreturn() extern void sq_timeline_report_too_many_events(void);

/* Order of stage names: the order of events at the same instant. */
static inline int
timeline_name_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	return c != 0 ? c : alen - blen;
}

/* The canonical copy, without unused room, in CurrentMemoryContext. */
extern TimelineState *sq_timeline_state_trim(const TimelineState *t);

/* The same, written to out, which has timeline_trimmed_size(t) bytes. */
extern void sq_timeline_state_trim_into(const TimelineState *t, TimelineState *out);

/*
 * Write to out the canonical state of n distinct events, given sorted by
 * (at, stage name), whose stages index a dictionary of the caller's
 * (names, lens).  names_len is the sum of 1 + lens[s] over the stages used;
 * out has sizeof(TimelineState) + TYPEALIGN(8, names_len) + 9 n bytes.
 */
extern void sq_timeline_state_build(TimelineState *out, int n, const TimestampTz *at,
									const uint8 *stage, const char *const *names,
									const uint8 *lens, int names_len);

#endif							/* TIMELINE_STATE_H */
