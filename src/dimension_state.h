/*-------------------------------------------------------------------------
 *
 * dimension_state.h
 *	  dimension_state: per satisfaction dimension the number of answers, the
 *	  sum of the scores and their sum of squared deviations from the mean
 *	  (Youngs and Cramer's update), the minimum and the maximum.  Mergeable
 *	  with Chan et al.'s pairwise formulas, so parallel workers and stored
 *	  rollups combine without naive sums of squares.
 *
 * Dimensions are identified either by position (wide input: one float8[]
 * per response) or by name (long input: one (dimension, score) row per
 * answer).  Named dimensions are kept sorted by name (byte order), so a
 * state's form does not depend on the order rows arrived in.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DIMENSION_STATE_H
#define DIMENSION_STATE_H

#include "satisfaction_args.h"
#include "svcquality.h"

#define DIMENSION_STATE_VERSION 1

/* kind */
#define DIMENSION_EMPTY 0		/* no dimensions yet: merges with either kind */
#define DIMENSION_POSITIONAL 1
#define DIMENSION_NAMED 2

typedef struct DimensionStats
{
	int64		n;				/* answers */
	double		sum;			/* sum of the scores */
	double		m2;				/* sum of squared deviations from the mean */
	double		min;			/* all four are 0 while n is 0 */
	double		max;
} DimensionStats;

typedef struct DimensionState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* DIMENSION_STATE_VERSION */
	uint8		kind;
	uint16		ndims;
	DimensionStats dims[FLEXIBLE_ARRAY_MEMBER];
	/* named states: then ndims names of NAMEDATALEN bytes, NUL-padded */
} DimensionState;

typedef SatisfactionName DimensionName;

#define DimensionStateSize(kind, ndims) \
	(offsetof(DimensionState, dims) + (Size) (ndims) * \
	 (sizeof(DimensionStats) + ((kind) == DIMENSION_NAMED ? sizeof(DimensionName) : 0)))
#define DimensionStateNames(s) \
	((DimensionName *) ((char *) (s)->dims + (s)->ndims * sizeof(DimensionStats)))

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetDimensionState(d) \
	((DimensionState *) sq_detoast_state((d), "dimension_state", DIMENSION_STATE_VERSION))
#define DatumGetDimensionStateCopy(d) \
	((DimensionState *) sq_detoast_state_copy((d), "dimension_state", DIMENSION_STATE_VERSION))
#define PG_GETARG_DIMENSION_STATE(n) DatumGetDimensionState(PG_GETARG_DATUM(n))
#define PG_GETARG_DIMENSION_STATE_COPY(n) DatumGetDimensionStateCopy(PG_GETARG_DATUM(n))

/*
 * New states are made in CurrentMemoryContext, also inside an aggregate:
 * when a transition or combine function returns a pointer other than its
 * incoming state, the executor copies the result into the aggregate's
 * context and frees the old state itself, so a state allocated there would
 * be a dead copy.
 */
extern DimensionState *sq_dimension_state_new(int kind, int ndims);

/* Index of a name in a named state, or -(insertion point) - 1 when absent. */
extern int	sq_dimension_state_find(const DimensionState *state, const char *name);

/* A copy of a named state with a new, empty dimension at `at`. */
extern DimensionState *sq_dimension_state_insert(const DimensionState *state, int at,
												 const char *name);

/*
 * Why decoded statistics of one dimension are unacceptable, or NULL: the
 * rule text and binary input share, so that a state passes only when
 * answers could have produced it (within rounding).
 */
extern const char *sq_dimension_stats_problem(const DimensionStats *s);

pg_attribute_noreturn() extern void sq_dimension_state_report_overflow(int position, const char *name);
pg_attribute_noreturn() extern void sq_dimension_state_report_count_overflow(int position,
																			 const char *name,
																			 int64 n, int64 added);

/*
 * Merge src into dst; returns dst, or a new state when dst must grow (new
 * names, or dst empty).  Positional states must agree on their number of
 * dimensions.
 */
extern DimensionState *sq_dimension_state_merge(DimensionState *dst, const DimensionState *src);

/*
 * Youngs and Cramer's update with one score.  A score of -0.0 counts as 0,
 * so that it cannot become a sum, minimum or maximum of -0.0, which input
 * reads as 0 (equal values, equal bytes).
 */
static inline void
dimension_stats_add(DimensionStats *s, double x, int position, const char *name)
{
	double		n,
				deviation;

	satisfaction_check_score(x, position, name);
	x += 0.0;
	if (s->n == 0)
	{
		s->n = 1;
		s->sum = s->min = s->max = x;
		s->m2 = 0.0;
		return;
	}
	if (unlikely(s->n == PG_INT64_MAX))
		sq_dimension_state_report_count_overflow(position, name, s->n, 1);
	s->n++;
	n = (double) s->n;
	s->sum += x;
	/* n times x's deviation from the new mean */
	deviation = x * n - s->sum;
	s->m2 += deviation * deviation / (n * (n - 1.0));
	if (x < s->min)
		s->min = x;
	if (x > s->max)
		s->max = x;
	/* equal scores have no spread, whatever rounding left in the sum */
	if (s->min == s->max)
		s->m2 = 0.0;
	if (unlikely(isinf(s->m2) || isinf(s->sum)))
		sq_dimension_state_report_overflow(position, name);
}

/* The mean lies between the extremes, where the rounded sum may not put it. */
static inline double
dimension_stats_mean(const DimensionStats *s)
{
	return Min(Max(s->sum / (double) s->n, s->min), s->max);
}

/*
 * The sample variance, NaN with fewer than two answers; 0 for equal scores,
 * where a state read as text or binary may carry rounding in m2.
 */
static inline double
dimension_stats_variance(const DimensionStats *s)
{
	if (s->n < 2)
		return NAN;
	return s->min == s->max ? 0.0 : s->m2 / (double) (s->n - 1);
}

#endif							/* DIMENSION_STATE_H */
