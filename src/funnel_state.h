/*-------------------------------------------------------------------------
 *
 * funnel_state.h
 *	  funnel_state: what the timelines of many cases have in common, built
 *	  by funnel_agg(timeline [, stages [, calendar]]): how many cases reached
 *	  each stage, the time they spent in it, the moves between stages and
 *	  the most frequent sequences of stages.
 *
 * A case's stages are read from its timeline as timeline_time_in reads
 * them: a spell of a stage starts at an event of the stage and lasts until
 * the next event of another stage; repeated events of the stage in between
 * do not end it; the last spell ends at the last event.  With a list of
 * stages the timeline is read as if it held only the events of those
 * stages.  Per case the state counts, per stage: whether it was reached,
 * its rank among the case's stages in order of first reach, whether the
 * case started or ended in it, and the time the case spent in it (the sum
 * of its spells, one duration per case that reached the stage, in a
 * duration_state); per pair of stages, the moves from one to the other and
 * the cases that made one; and the case's sequence of spells.
 *
 * Everything is an exact count except the sequences, which are kept in a
 * Misra-Gries summary of FUNNEL_SEQUENCES counters: exact while the cases
 * had at most that many distinct sequences; beyond, counts are lower
 * bounds that miss at most (cases - sum of counts) / (FUNNEL_SEQUENCES + 1)
 * each, and merged summaries keep that bound (Agarwal et al. 2012,
 * "Mergeable summaries").  Sequences longer than FUNNEL_MAX_SEQUENCE spells
 * are kept as their first FUNNEL_MAX_SEQUENCE stages, marked truncated.
 *
 * Stages: either a list given to the aggregate (FUNNEL_GIVEN_STAGES: the
 * funnel's stages, in its order; other events are ignored), or every stage
 * seen, stored in name order (bytewise).  At most FUNNEL_MAX_STAGES.
 *
 * Flat layout (stored, sent, returned; canonical, so equal states are equal
 * bytes), one varlena:
 *
 *	 FunnelState header (32 bytes)
 *	 FunnelStage		stages[nstages]			counts per stage
 *	 FunnelTransition	transitions[ntransitions]	by (from, to)
 *	 char		names[names_len]	per stage a length byte and the name,
 *									padded with zeros to a multiple of 8
 *	 sequences[nsequences]			per sequence: int64 count, uint8 length,
 *									uint8 truncated, the stage indexes,
 *									zero padding to a multiple of 8; in key
 *									order (sq_funnel_sequence_cmp)
 *	 duration_state time[nstages]	packed, each at a multiple of 8
 *
 * While aggregating the state is an expanded object (FunnelWork,
 * funnel_state_work.c) flattened when it leaves the aggregate.
 *
 *-------------------------------------------------------------------------
 */
#ifndef FUNNEL_STATE_H
#define FUNNEL_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "common/int.h"

#include "duration_state.h"
#include "svcquality.h"
#include "timeline_clock.h"
#include "timeline_state.h"

#define FUNNEL_STATE_VERSION 1

#define FUNNEL_MAX_STAGES TIMELINE_MAX_STAGES
#define FUNNEL_MAX_SEQUENCE 32	/* stages kept of a sequence */
#define FUNNEL_SEQUENCES 1000	/* counters of the sequence summary */
#define FUNNEL_ALPHA DURATION_DEFAULT_ALPHA /* accuracy of the stage times */

#define FUNNEL_GIVEN_STAGES 0x01	/* stages from a list, in its order */
#define FUNNEL_BUSINESS_TIME 0x02	/* times in a calendar's working time */
#define FUNNEL_FLAGS (FUNNEL_GIVEN_STAGES | FUNNEL_BUSINESS_TIME)

typedef struct FunnelState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* FUNNEL_STATE_VERSION */
	uint8		flags;			/* FUNNEL_GIVEN_STAGES, FUNNEL_BUSINESS_TIME */
	uint8		nstages;
	uint8		reserved;		/* zero */
	uint16		ntransitions;
	uint16		nsequences;
	uint32		names_len;		/* bytes of names[] before its padding */
	int64		cases;
	uint32		sequences_len;	/* bytes of the sequence section */
	uint32		reserved2;		/* zero */
} FunnelState;

/* Counts of one stage over the cases. */
typedef struct FunnelStage
{
	int64		reached;		/* cases with an event of the stage */
	int64		positions;		/* sum over them of its 0-based rank in the
								 * case's order of first reach */
	int64		starts;			/* cases whose first spell it was */
	int64		ends;			/* cases whose last spell it was */
	uint32		time_offset;	/* flat form: its duration_state, from the
								 * start of the state */
	uint32		reserved;		/* zero */
} FunnelStage;

/* Moves from one stage to another (from != to). */
typedef struct FunnelTransition
{
	uint8		from;
	uint8		to;
	uint8		reserved[6];	/* zero */
	int64		count;			/* moves */
	int64		cases;			/* cases that made at least one */
} FunnelTransition;

/* A sequence of stages and its count, in memory (not the flat layout). */
typedef struct FunnelSequence
{
	int64		count;
	uint8		len;
	bool		truncated;		/* the case had more than len spells */
	uint8		stages[FUNNEL_MAX_SEQUENCE];
} FunnelSequence;

/*
 * The parts of a funnel, pointing into a flat state or into memory being
 * assembled: what the input functions fill, the working form produces and
 * sq_funnel_build() lays out.
 */
typedef struct FunnelParts
{
	uint8		flags;
	int			nstages;
	const char *names[FUNNEL_MAX_STAGES];
	uint8		lens[FUNNEL_MAX_STAGES];
	int64		cases;
	FunnelStage stage[FUNNEL_MAX_STAGES];	/* time_offset unused */
	const DurationState *time[FUNNEL_MAX_STAGES];
	int			ntransitions;
	const FunnelTransition *transitions;
	int			nsequences;
	const FunnelSequence *sequences;
} FunnelParts;

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version).
 */
#define DatumGetFunnelState(d) \
	((FunnelState *) sq_detoast_state((d), "funnel_state", FUNNEL_STATE_VERSION))
#define PG_GETARG_FUNNEL_STATE(n) DatumGetFunnelState(PG_GETARG_DATUM(n))

static inline FunnelStage *
funnel_stage_array(const FunnelState *f)
{
	return (FunnelStage *) ((char *) f + sizeof(FunnelState));
}

static inline FunnelTransition *
funnel_transition_array(const FunnelState *f)
{
	return (FunnelTransition *) (funnel_stage_array(f) + f->nstages);
}

static inline char *
funnel_names(const FunnelState *f)
{
	return (char *) (funnel_transition_array(f) + f->ntransitions);
}

static inline char *
funnel_sequence_data(const FunnelState *f)
{
	return funnel_names(f) + TYPEALIGN(8, f->names_len);
}

/* Bytes of a sequence of len stages in the flat layout. */
static inline Size
funnel_sequence_size(int len)
{
	return TYPEALIGN(8, sizeof(int64) + 2 + len);
}

static inline const DurationState *
funnel_stage_time(const FunnelState *f, int stage)
{
	return (const DurationState *) ((const char *) f + funnel_stage_array(f)[stage].time_offset);
}

/* The flat state of the parts, which must be valid (sq_funnel_problem). */
extern FunnelState *sq_funnel_build(const FunnelParts *p);

/*
 * The parts of a flat state: names, times and transitions point into f;
 * the sequences are decoded into a new array.
 */
extern void sq_funnel_parts_of(const FunnelState *f, FunnelParts *p);

/*
 * Why the parts are not a valid state, or NULL: input checks these, once
 * sq_funnel_canonicalize has put them in the canonical order it assumes.
 * The readers bound the numbers of stages (FUNNEL_MAX_STAGES) and sequences
 * (FUNNEL_SEQUENCES) as they read them, into arrays of those sizes.
 */
extern const char *sq_funnel_problem(const FunnelParts *p);

/*
 * Put parts read from input in the canonical order before they are checked:
 * stages seen by name (names converted from the client encoding may sort
 * otherwise), the stage numbers of transitions and sequences following
 * their stages, and both lists sorted.  The lists are copied to new arrays.
 */
extern void sq_funnel_canonicalize(FunnelParts *p);

/*
 * The stages in the canonical order: order[r] is the stage of rank r,
 * rank[s] the rank of stage s; a given list's order, else by name.
 */
extern void sq_funnel_name_order(uint8 flags, int nstages, const char *const *names,
								 const uint8 *lens, int *order, int *rank);

/*
 * Order of sequence keys (FunnelSequence, as qsort compares them): stage by
 * stage, a prefix first, then truncated last.
 */
extern int	sq_funnel_sequence_cmp(const void *x, const void *y);

/* Misra-Gries: keep at most `keep` of the n sequences; returns how many. */
extern int	sq_funnel_prune(FunnelSequence *seqs, int n, int keep);

/* The most a sequence's count can miss (0 when the counts are exact). */
extern int64 sq_funnel_sequence_error(const FunnelParts *p);

/*
 * The funnel's order of the stages, order[0] first: a given list's order;
 * else by mean rank of first reach, then by more cases, then by name.
 */
extern void sq_funnel_order(const FunnelParts *p, int *order);

/* Errors shared by aggregation, merging and input. */
pg_attribute_noreturn() extern void sq_funnel_report_too_many_stages(void);
pg_attribute_noreturn() extern void sq_funnel_report_count_overflow(int64 count, int64 added);
pg_attribute_noreturn() extern void sq_funnel_report_mismatch(const char *problem);

/* dst += value, checked (22003 beyond the 64-bit range). */
static inline void
funnel_add_count(int64 *dst, int64 value)
{
	int64		sum;

	if (unlikely(pg_add_s64_overflow(*dst, value, &sum)))
		sq_funnel_report_count_overflow(*dst, value);
	*dst = sum;
}

/* ---- the working form (funnel_state_work.c) ---------------------------- */

typedef struct FunnelWork FunnelWork;

/* An empty working state in a new memory context under parent. */
extern FunnelWork *sq_funnel_work_new(MemoryContext parent);

/*
 * An empty working state in cxt, which other states may share (an
 * aggregate's, sq_aggregate_arena): it is freed with cxt, never on its own.
 */
extern FunnelWork *sq_funnel_work_new_in(MemoryContext cxt);

/* The working state behind a datum if it is one of ours in expanded form, else NULL. */
extern FunnelWork *sq_funnel_work_of(Datum d);

/* The expanded-object datum of w (read-write). */
extern Datum sq_funnel_work_datum(FunnelWork *w);

/*
 * Fix what a funnel_agg call says about its funnel: its flags and, with
 * FUNNEL_GIVEN_STAGES, the stage list (a text[] datum).  The first call
 * sets them; later calls must say the same (22023 otherwise).
 */
extern void sq_funnel_work_configure(FunnelWork *w, uint8 flags, Datum stages);

/* Add one case; clock NULL for calendar time. */
extern void sq_funnel_work_add_case(FunnelWork *w, const TimelineState *t,
									const TimelineClock *clock);

/* Merge a funnel_state datum (flat or expanded) into w. */
extern void sq_funnel_work_merge(FunnelWork *w, Datum d);

/* The flat form of w, after which w is freed. */
extern FunnelState *sq_funnel_flatten_and_free(FunnelWork *w);

#endif							/* FUNNEL_STATE_H */
