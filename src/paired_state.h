/*-------------------------------------------------------------------------
 *
 * paired_state.h
 *	  paired_state: per dimension, the co-moments of pairs (x, y) kept with
 *	  Youngs and Cramer's updates and Chan et al.'s merges: n, the two sums,
 *	  the two sums of squared deviations, the sum of cross deviations, and
 *	  the sum of squared deviations of the difference y - x.
 *
 * Two analyses read it, and the state records which one it was built for:
 *	 gap:	 x = expectation, y = perception of a dimension (paired scores);
 *	 driver: x = overall satisfaction, y = the dimension's score.
 *
 * The difference's squared deviations are kept directly rather than derived
 * as m2x + m2y - 2 cxy, which would cancel badly when expectation and
 * perception move together.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PAIRED_STATE_H
#define PAIRED_STATE_H

#include "satisfaction_args.h"
#include "svcquality.h"

#define PAIRED_STATE_VERSION 1

/* kind */
#define PAIRED_EMPTY 0
#define PAIRED_GAP 1
#define PAIRED_DRIVER 2
#define PAIRED_GAP_NAMED 3		/* gap analysis of named dimensions (long
								 * rows) */

typedef struct PairedStats
{
	int64		n;				/* pairs with both values present */
	double		sum_x;
	double		sum_y;
	double		m2_x;			/* sum of squared deviations of x */
	double		m2_y;
	double		c_xy;			/* sum of (x - mean of x)(y - mean of y) */
	double		m2_d;			/* sum of squared deviations of y - x */
} PairedStats;

typedef struct PairedState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* PAIRED_STATE_VERSION */
	uint8		kind;
	uint16		ndims;
	PairedStats dims[FLEXIBLE_ARRAY_MEMBER];
	/* PAIRED_GAP_NAMED: then ndims names, sorted in byte order */
} PairedState;

#define PairedStateSize(kind, ndims) \
	(offsetof(PairedState, dims) + (Size) (ndims) * \
	 (sizeof(PairedStats) + ((kind) == PAIRED_GAP_NAMED ? sizeof(SatisfactionName) : 0)))
#define PairedStateNames(s) \
	((SatisfactionName *) ((char *) (s)->dims + (s)->ndims * sizeof(PairedStats)))

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetPairedState(d) \
	((PairedState *) sq_detoast_state((d), "paired_state", PAIRED_STATE_VERSION))
#define DatumGetPairedStateCopy(d) \
	((PairedState *) sq_detoast_state_copy((d), "paired_state", PAIRED_STATE_VERSION))
#define PG_GETARG_PAIRED_STATE(n) DatumGetPairedState(PG_GETARG_DATUM(n))
#define PG_GETARG_PAIRED_STATE_COPY(n) DatumGetPairedStateCopy(PG_GETARG_DATUM(n))

#define PairedMeanX(s) ((s)->sum_x / (double) (s)->n)
#define PairedMeanY(s) ((s)->sum_y / (double) (s)->n)

/*
 * A sum of squared deviations as every reader takes it: 0 when it is within
 * what rounding leaves for n equal values of the given magnitude
 * (sq_equal_values_m2_slack, the bound input accepts for them), so that a
 * variable that does not vary reads as constant, in a state aggregated or
 * read as text or binary (0.1.0 wrote such rounding).  The difference
 * y - x takes the magnitudes of both: its deviations carry the rounding of
 * both sums.
 */
static inline double
paired_m2(double m2, int64 n, double magnitude)
{
	return n > 0 && m2 <= sq_equal_values_m2_slack((double) n, magnitude) ? 0.0 : m2;
}

#define PairedM2X(s) paired_m2((s)->m2_x, (s)->n, fabs(PairedMeanX(s)))
#define PairedM2Y(s) paired_m2((s)->m2_y, (s)->n, fabs(PairedMeanY(s)))
#define PairedM2D(s) paired_m2((s)->m2_d, (s)->n, fabs(PairedMeanX(s)) + fabs(PairedMeanY(s)))

/* The analysis a state holds: PAIRED_GAP also for named gap dimensions. */
static inline int
paired_analysis(const PairedState *state)
{
	return state->kind == PAIRED_GAP_NAMED ? PAIRED_GAP : state->kind;
}

/* Names of the kinds' analyses: "", "gap", "driver", "gap". */
extern const char *const sq_paired_kind_names[];

/*
 * A new state in CurrentMemoryContext, also for an aggregate: the executor
 * copies a returned state that is not its incoming one into the aggregate's
 * context (and frees the old one), so allocating there would leave a dead
 * copy per group.
 */
extern PairedState *sq_paired_state_new(int kind, int ndims);

/*
 * Why decoded co-moments of one dimension are unacceptable, or NULL: the
 * rule text and binary input share, so that a state passes only when pairs
 * could have produced it (within rounding).
 */
extern const char *sq_paired_stats_problem(const PairedStats *s);

/* name: NULL for a positional dimension */
pg_attribute_noreturn() extern void sq_paired_state_report_overflow(int position, const char *name);
pg_attribute_noreturn() extern void sq_paired_state_report_count_overflow(int position,
																		  const char *name,
																		  int64 n, int64 added);

/* Merge src into dst; returns dst, or a copy of src when dst is empty. */
extern PairedState *sq_paired_state_merge(PairedState *dst, const PairedState *src);

/*
 * The state of a gap (PAIRED_GAP, positional or named) or driver analysis;
 * errors when it is of another kind.
 */
extern PairedState *sq_paired_state_of_kind(Datum datum, int kind);

/* A copy of a named state with a new dimension without pairs at `at`. */
extern PairedState *sq_paired_state_insert(const PairedState *state, int at, const char *name);

#endif							/* PAIRED_STATE_H */
