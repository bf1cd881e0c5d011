/*-------------------------------------------------------------------------
 *
 * duration.h
 *	  What duration.c reads from a duration_state that the statistics
 *	  functions read too: quantiles by rank, the range of durations a rank
 *	  can hold, the durations within a target, and interval results.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DURATION_H
#define DURATION_H

#include "duration_state.h"

/* Cumulative counts of the non-empty buckets, for binary search by rank. */
typedef struct DurationCdf
{
	const DurationState *state;
	int			nbuckets;
	int32	   *index;
	int64	   *cumulative;		/* zero durations included */
} DurationCdf;

extern void sq_duration_cdf_init(DurationCdf *cdf, const DurationState *state);

/* A quantile as exact microseconds when it is known exactly, else seconds. */
typedef struct DurationValue
{
	bool		exact;
	int64		us;
	double		seconds;
} DurationValue;

/* A fraction in [0, 1] (22003 otherwise): 0.5 for the median. */
extern void sq_duration_check_fraction(double q);

/*
 * The quantile q (checked) of a non-empty state, at the rank
 * percentile_disc uses: max(1, ceil(q n)).
 */
extern DurationValue sq_duration_cdf_quantile(const DurationCdf *cdf, double q);

/*
 * The shortest and the longest duration the value at rank (1 to count) can
 * be: exact for rank 1 (the min), rank count (the max) and zero durations,
 * else the edges of its bucket narrowed to [min, max].
 */
extern void sq_duration_rank_range(const DurationCdf *cdf, int64 rank,
								   int64 *shortest_us, int64 *longest_us);

/*
 * Durations at or under a target: those certainly under it (lower), those
 * possibly under it (upper), and an estimate between them.
 */
typedef struct SlaCounts
{
	int64		lower;
	double		estimate;
	int64		upper;
} SlaCounts;

extern SlaCounts sq_duration_sla_counts(const DurationState *state, int64 target_us);

/* An interval of days of 24 hours plus the rest (22008 beyond its range). */
extern Interval *sq_duration_interval_from_us(int128 us);

#endif							/* DURATION_H */
