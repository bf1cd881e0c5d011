/*-------------------------------------------------------------------------
 *
 * moment_state.h
 *	  moment_state: the moment matrix of a key-driver analysis.  For p
 *	  dimensions and the overall score (k = p + 1 variables, the overall
 *	  last), the number of complete responses, their total weight, the
 *	  means and the matrix of centered cross products (co-moments).
 *
 * Responses are added with the weighted form of Welford's update (West
 * 1979) and states merged with the pairwise update of Chan, Golub and
 * LeVeque (1979), never as raw sums of squares and products, so scores far
 * from zero keep their precision and a merge of daily states equals one
 * pass over the rows up to rounding.  Weights are frequency weights: a
 * weight of 3 counts as three identical responses, and the total weight is
 * the sample size of every test.
 *
 * Missing answers: listwise.  A response enters the moments only when the
 * overall score and every dimension are answered; the others are counted
 * as incomplete.  In the long layout ((response, dimension, score) rows) a
 * response's answers arrive one row at a time, so the state keeps each
 * response not yet complete ("pending", sorted by response id) and folds it
 * into the moments as its last answer arrives; the final function of the
 * long aggregate counts the responses still pending as incomplete and
 * drops them.
 *
 * Layout, one varlena:
 *
 *	 MomentState header (40 bytes)
 *	 double	means[k]
 *	 double	comoments[k (k + 1) / 2]	upper triangle, row by row
 *	 names (named states): k names of NAMEDATALEN bytes, NUL-padded, the
 *		 overall score's last
 *	 pending responses (named states): MomentPending entries, ascending
 *		 by id
 *
 * While the long aggregate runs, the value may hold room for more pending
 * entries than it has (the slack past npending is zero, but in a held
 * state's flat part, whose slack is never read); every state that
 * leaves an aggregate, and every input, has exactly npending entries.  A
 * long aggregate whose rows would move many pending entries holds its
 * state as an expanded object instead, whose flat form is this one.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MOMENT_STATE_H
#define MOMENT_STATE_H

#include "postgres.h"
#include "fmgr.h"

#include "svcquality.h"

#define MOMENT_STATE_VERSION 1

/* kind */
#define MOMENT_EMPTY 0			/* nothing yet: merges with either kind */
#define MOMENT_POSITIONAL 1		/* dimensions by position */
#define MOMENT_NAMED 2			/* dimensions and the overall score by name */

/*
 * At most 63 dimensions: with the overall score 64 variables, so a pending
 * response's answered variables fit a 64-bit mask.
 */
#define MOMENT_MAX_DIMENSIONS 63

/*
 * Responses of the long layout kept while incomplete.  Rows of a response
 * that arrive together (the usual order of a survey table) keep one or two
 * pending; the bound stops a table in random order from growing the state
 * without limit (SQLSTATE 54000, with a hint to sort or pivot first).
 */
#define MOMENT_MAX_PENDING 100000

typedef char MomentName[NAMEDATALEN];

typedef struct MomentState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* MOMENT_STATE_VERSION */
	uint8		kind;
	uint16		ndims;			/* p, the dimensions (the overall not counted) */
	uint32		npending;		/* incomplete responses kept (long layout) */
	uint32		reserved;		/* zero */
	int64		responses;		/* complete responses in the moments */
	int64		incomplete;		/* responses left out for a missing answer */
	double		weight;			/* total weight of the complete responses */
	double		data[FLEXIBLE_ARRAY_MEMBER];	/* means, co-moments, ... */
} MomentState;

/* A response of the long layout that is not complete yet. */
typedef struct MomentPending
{
	int64		id;
	uint64		answered;		/* bit j: variable j has its score */
	double		values[FLEXIBLE_ARRAY_MEMBER];	/* k scores, 0 where missing */
} MomentPending;

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetMomentState(d) \
	((MomentState *) sq_detoast_state((d), "moment_state", MOMENT_STATE_VERSION))
#define DatumGetMomentStateCopy(d) \
	((MomentState *) sq_detoast_state_copy((d), "moment_state", MOMENT_STATE_VERSION))
#define PG_GETARG_MOMENT_STATE(n) DatumGetMomentState(PG_GETARG_DATUM(n))
#define PG_GETARG_MOMENT_STATE_COPY(n) DatumGetMomentStateCopy(PG_GETARG_DATUM(n))

static inline int
moment_variables(const MomentState *s)
{
	return s->ndims + 1;
}

/* Number of co-moments of k variables: the upper triangle with the diagonal. */
static inline int
moment_comoment_count(int k)
{
	return k * (k + 1) / 2;
}

/* Index of co-moment (i, j), i <= j, in the packed upper triangle. */
static inline int
moment_index(int i, int j, int k)
{
	return i * k - i * (i - 1) / 2 + (j - i);
}

static inline Size
moment_pending_size(int k)
{
	return offsetof(MomentPending, values) + sizeof(double) * k;
}

/* Bytes before the pending entries. */
static inline Size
moment_fixed_size(int kind, int ndims)
{
	int			k = ndims + 1;

	if (kind == MOMENT_EMPTY)
		return offsetof(MomentState, data);
	return offsetof(MomentState, data) + sizeof(double) * (k + moment_comoment_count(k)) +
		(kind == MOMENT_NAMED ? sizeof(MomentName) * k : 0);
}

static inline double *
moment_state_means(const MomentState *s)
{
	return (double *) s->data;
}

static inline double *
moment_state_comoments(const MomentState *s)
{
	return (double *) s->data + moment_variables(s);
}

static inline MomentName *
moment_state_names(const MomentState *s)
{
	int			k = moment_variables(s);

	return (MomentName *) ((char *) s->data + sizeof(double) * (k + moment_comoment_count(k)));
}

static inline MomentPending *
moment_state_pending(const MomentState *s, uint32 i)
{
	return (MomentPending *) ((char *) s + moment_fixed_size(s->kind, s->ndims) +
							  i * moment_pending_size(moment_variables(s)));
}

/* Room for pending entries in the value as allocated (npending or more). */
static inline uint32
moment_pending_capacity(const MomentState *s)
{
	Size		fixed = moment_fixed_size(s->kind, s->ndims);

	Assert(s->kind == MOMENT_NAMED);
	return (VARSIZE(s) - fixed) / moment_pending_size(moment_variables(s));
}

/* co-moment (i, j) for any order of i and j */
static inline double
moment_state_comoment(const MomentState *s, int i, int j)
{
	return i <= j ? moment_state_comoments(s)[moment_index(i, j, moment_variables(s))] :
		moment_state_comoments(s)[moment_index(j, i, moment_variables(s))];
}

/*
 * A new state in CurrentMemoryContext with room for `capacity` pending
 * entries (also inside an aggregate: the executor copies a returned state
 * that is not its incoming one into its own context).
 */
extern MomentState *sq_moment_state_new(int kind, int ndims, uint32 capacity);

/* Add one complete response: k scores (overall last) with weight w >= 0. */
extern void sq_moment_state_add(MomentState *s, const double *x, double w);

/*
 * Merge src into dst; returns dst, or a new state when dst is empty or
 * their pending responses need more room.
 */
extern MomentState *sq_moment_state_merge(MomentState *dst, const MomentState *src);

/*
 * Answer `value` of variable `variable` for response `id` of a named state;
 * returns s, or a new state when the pending entries need more room.  An
 * answer that would move max_moved or more later pending entries (to
 * insert the response, or to remove it complete) changes nothing and
 * returns NULL instead.
 */
extern MomentState *sq_moment_state_answer(MomentState *s, int64 id, int variable, double value,
										   uint32 max_moved);

/* An error (54000) if s cannot take one more pending response. */
extern void sq_moment_state_check_pending_limit(const MomentState *s);

/* The error of a response that answers a variable twice. */
pg_attribute_noreturn() extern void sq_moment_state_report_answered_twice(const MomentState *s,
																		  int64 id, int variable);

/* The mask of a pending response with every one of k variables answered. */
static inline uint64
moment_all_answered(int k)
{
	return k == 64 ? ~UINT64CONST(0) : (UINT64CONST(1) << k) - 1;
}

/*
 * Record the answer in a pending entry of s (an error if it has one for
 * the variable already); whether the response is complete.
 */
static inline bool
moment_pending_answer(const MomentState *s, MomentPending *entry, int variable, double value)
{
	uint64		bit = UINT64CONST(1) << variable;

	if (unlikely(entry->answered & bit))
		sq_moment_state_report_answered_twice(s, entry->id, variable);
	entry->answered |= bit;
	/* + 0.0: a score of -0.0 is kept as 0, as input reads it */
	entry->values[variable] = value + 0.0;
	return entry->answered == moment_all_answered(moment_variables(s));
}

/*
 * A named state held by a long aggregate as an expanded object while its
 * rows come in an order that would move its pending entries
 * (moment_state_held.c).
 */
typedef struct MomentHeld MomentHeld;

extern const ExpandedObjectMethods sq_moment_held_methods;

/* The held state behind a datum, or NULL when it is flat. */
static inline MomentHeld *
moment_held_of(Datum d)
{
	return (MomentHeld *) sq_expanded_object(d, &sq_moment_held_methods);
}

/* A held copy of flat state s, in a new child context of aggcontext. */
extern MomentHeld *sq_moment_hold(const MomentState *s, MemoryContext aggcontext);

/* The held state's header, moments and names (its pending entries in no order). */
extern MomentState *sq_moment_held_state(MomentHeld *held);

/* The read-write datum of a held state, for a transition function to return. */
extern Datum sq_moment_held_datum(MomentHeld *held);

/* sq_moment_state_answer for a held state. */
extern void sq_moment_held_answer(MomentHeld *held, int64 id, int variable, double value);

/* A copy of a named state with room for capacity >= npending pending entries. */
extern MomentState *sq_moment_state_reserve(const MomentState *s, uint32 capacity);

/* A copy without pending responses (counted as incomplete) and without slack. */
extern MomentState *sq_moment_state_close(const MomentState *s);

/* A copy with exactly npending entries (the form that leaves an aggregate). */
extern MomentState *sq_moment_state_trim(const MomentState *s);

/* Sort the pending entries of a decoded state by response id. */
extern void sq_moment_state_sort_pending(MomentState *s);

/*
 * Why a decoded state is not one aggregation could produce, or NULL.  The
 * readers built s from what they checked as they read it (kind, dimensions
 * from 1 to MOMENT_MAX_DIMENSIONS or none for the empty kind, pending
 * responses in named states only and at most MOMENT_MAX_PENDING, names of
 * 1 to 63 bytes padded with zeros, reserved zero): the rest is checked here.
 */
extern const char *sq_moment_state_problem(const MomentState *s);

/* Label of variable i in messages and results: its name, or its position. */
extern const char *sq_moment_state_label(const MomentState *s, int i);

pg_attribute_noreturn() extern void sq_moment_state_report_count_overflow(int64 count, int64 added);

#endif							/* MOMENT_STATE_H */
