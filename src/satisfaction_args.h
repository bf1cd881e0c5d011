/*-------------------------------------------------------------------------
 *
 * satisfaction_args.h
 *	  What the satisfaction functions share: bounds on dimensions, reading
 *	  float8[] score arrays on the per-row hot path, checking weights and
 *	  scales, and building result rows.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SATISFACTION_ARGS_H
#define SATISFACTION_ARGS_H

#include "svcquality.h"
#include "fmgr.h"

#include <math.h>

#include "utils/array.h"
#include "utils/jsonb.h"

/*
 * A state holds at most this many dimensions, and a dimension name is at
 * most NAMEDATALEN - 1 bytes, like an SQL identifier.  Both bound the state's
 * size (about 10 kB at most) and keep name look-ups cheap.
 */
#define SATISFACTION_MAX_DIMENSIONS 100
#define SATISFACTION_NAME_MAX (NAMEDATALEN - 1)

/* A dimension name as states store it: NUL-padded to NAMEDATALEN bytes. */
typedef char SatisfactionName[NAMEDATALEN];

/*
 * Index of name among count names sorted in byte order, or -(insertion
 * point) - 1 when it is not there.
 */
extern int	sq_satisfaction_find_name(const SatisfactionName * names, int count, const char *name);

/*
 * The indexes of count names in byte order of the names, into order; NULL,
 * or why the names cannot be a state's (one appears twice).
 */
extern const char *sq_satisfaction_sort_names(const SatisfactionName * names, int count, int *order);

/*
 * Copy count elements of size bytes from src to dst, leaving a gap at `at`
 * (the room for a new dimension kept in name order).
 */
extern void sq_satisfaction_copy_with_gap(void *dst, const void *src, int count, Size size, int at);

/* A dimension name argument into name: 1 to 63 bytes, else an error (22023). */
extern void sq_satisfaction_name_argument(text *dimension, SatisfactionName name);

/*
 * A one-dimensional float8[] read in place: no detoasting copy for arrays
 * stored inline (also with a 1-byte header), so the transition functions do
 * not allocate per row.  Elements may be unaligned, hence memcpy.
 */
typedef struct ScoreArray
{
	int			length;			/* number of elements, NULLs included */
	const char *data;			/* first non-NULL element */
	const uint8 *nulls;			/* NULL bitmap, or NULL when there is none */
} ScoreArray;

extern void sq_score_array_open(Datum datum, ScoreArray *array, const char *what);

/* Next element (call with i = 0, 1, ...); false for a NULL element. */
static inline bool
score_array_next(ScoreArray *array, int i, double *value)
{
	if (array->nulls && (array->nulls[i >> 3] & (1 << (i & 7))) == 0)
		return false;
	memcpy(value, array->data, sizeof(double));
	array->data += sizeof(double);
	return true;
}

pg_attribute_noreturn() extern void sq_satisfaction_report_score(double score, int position,
																 const char *name);

/* Scores must be finite; checked per element, so only the test is inline. */
static inline void
satisfaction_check_score(double score, int position, const char *name)
{
	if (unlikely(!isfinite(score)))
		sq_satisfaction_report_score(score, position, name);
}

pg_attribute_noreturn() extern void sq_satisfaction_report_length_mismatch(const char *what, int length,
																		   const char *other, int other_length);
pg_attribute_noreturn() extern void sq_satisfaction_report_dimension_mismatch(const char *what, int length,
																			  const char *type_name, int ndims);
pg_attribute_noreturn() extern void sq_satisfaction_report_merge_mismatch(const char *type_name, int ndims,
																		  int other_ndims);
pg_attribute_noreturn() extern void sq_satisfaction_report_too_many_dimensions(int count);

/*
 * Weights as given in a float8[]: one per dimension, each finite and >= 0,
 * not all zero, as many as `expected_what` has dimensions.  Returns them
 * palloc'd, scaled by the power of two that brings the largest into
 * [0.5, 1) (only their ratios matter).
 */
extern double *sq_satisfaction_weights_from_array(ArrayType *weights, int expected,
												  const char *expected_what);


/*
 * Weights by name from a jsonb object {"dimension": weight, ...} for the
 * count names of a state (sorted): every name needs a key (else an error),
 * and a key the state does not have is a dimension without data.  The
 * result lists every name and extra key in byte order, with its index in
 * names (-1 for an extra key) and its weight, normalized as above.
 */
typedef struct SqNamedWeights
{
	int			count;
	const char **names;
	int		   *index;
	double	   *weights;
} SqNamedWeights;

extern SqNamedWeights sq_satisfaction_weights_from_jsonb(Jsonb *weights,
														 const SatisfactionName * names, int count);

/* A rating scale [scale_min, scale_max] with scale_min < scale_max. */
extern void sq_satisfaction_check_scale(double scale_min, double scale_max);

/* Dimension label for messages and breakdowns: its name, else its position. */
extern char *sq_satisfaction_dimension_label(int position, const char *name);

/* Names given for the positions of a positional state (a non-NULL array). */
extern char **sq_satisfaction_names_from_array(ArrayType *names, int expected);

/*
 * Martilla and James's name of an importance-performance quadrant, for a
 * driver at or above the mean importance and the mean performance or not.
 */
extern const char *sq_satisfaction_quadrant(bool important, bool performing);

/*
 * Whether a dimension's figure is on or above a quadrant's cross-hair (a
 * mean of the dimensions' figures), counting as on it what is within
 * rounding of it.
 */
extern bool sq_satisfaction_on_or_above(double figure, double cross_hair);

/*
 * CSAT's satisfied and other responses as effective counts (the counts when
 * unweighted, masses scaled to Kish's n_eff when weighted), for
 * comparisons; scale and cut-off checked as csat() does.  False without
 * responses.
 */
struct RatingState;
extern bool sq_csat_effective_counts(const struct RatingState *state, int scale_min,
									 int scale_max, int satisfied_from,
									 double *satisfied, double *unsatisfied);

/*
 * Interval mean +/- z * stddev / sqrt(n); NaN bounds when n < 2 or when
 * every answer is equal (stddev 0): a zero-width interval would claim the
 * mean is known exactly.
 */
extern void sq_satisfaction_mean_interval(double mean, double stddev, int64 n, double z,
										  double *lower, double *upper);

#endif							/* SATISFACTION_ARGS_H */
