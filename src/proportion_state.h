/*-------------------------------------------------------------------------
 *
 * proportion_state.h
 *	  proportion_state: successes out of trials, for rates such as the
 *	  refund dispute rate or the self-completion rate.
 *
 * Counts are exact 64-bit integers, so merging is exact, associative and
 * commutative.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PROPORTION_STATE_H
#define PROPORTION_STATE_H

#include "postgres.h"
#include "fmgr.h"

#include "svcquality.h"

#define PROPORTION_STATE_VERSION 1

typedef struct ProportionState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* PROPORTION_STATE_VERSION */
	uint8		reserved[3];	/* zero */
	int64		successes;
	int64		trials;
} ProportionState;

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetProportionState(d) \
	((ProportionState *) sq_detoast_state((d), "proportion_state", PROPORTION_STATE_VERSION))
#define DatumGetProportionStateCopy(d) \
	((ProportionState *) sq_detoast_state_copy((d), "proportion_state", PROPORTION_STATE_VERSION))
#define PG_GETARG_PROPORTION_STATE(n) DatumGetProportionState(PG_GETARG_DATUM(n))
#define PG_GETARG_PROPORTION_STATE_COPY(n) DatumGetProportionStateCopy(PG_GETARG_DATUM(n))

/* A new state holding these counts, palloc'd in the current context. */
extern ProportionState *sq_proportion_state_new(int64 successes, int64 trials);

/* Why counts are unacceptable (as "successes must not exceed trials"), or NULL. */
extern const char *sq_proportion_counts_problem(int64 successes, int64 trials);

/* Add src's counts into dst (22003 beyond the 64-bit range). */
extern void sq_proportion_state_merge_into(ProportionState *dst, const ProportionState *src);

/*
 * The Wilson score interval of successes out of n (effective counts may be
 * fractional) at the critical value z, within [0, 1]: shared by
 * proportion_ci and csat_ci.  Written as centre -/+ half-width, which stays
 * accurate beyond 1e16 trials.
 */
extern void sq_wilson_interval(double successes, double n, double z,
							   double *lower, double *upper);

#endif							/* PROPORTION_STATE_H */
