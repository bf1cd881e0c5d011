/*-------------------------------------------------------------------------
 *
 * rating_state.h
 *	  rating_state: a histogram of whole-number ratings 0-10, optionally
 *	  weighted.  It is the transition state of nps() and serves every metric
 *	  of a bounded rating scale (NPS, CSAT top-box, mean, distribution).
 *
 * Counts are exact 64-bit integers, so unweighted results are exact and
 * merging is associative.  Weighted states also keep, per rating, the sum of
 * weights, and overall the sum of squared weights for Kish's effective
 * sample size n_eff = (sum w)^2 / sum w^2.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RATING_STATE_H
#define RATING_STATE_H

#include "postgres.h"
#include "fmgr.h"

#include <math.h>

#include "svcquality.h"

#define RATING_MIN 0
#define RATING_MAX 10
#define RATING_BUCKETS (RATING_MAX - RATING_MIN + 1)

#define RATING_STATE_VERSION 1

/* flags */
#define RATING_STATE_WEIGHTED 0x01

typedef struct RatingState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RATING_STATE_VERSION */
	uint8		flags;
	uint16		reserved;		/* zero; keeps the arrays 8-byte aligned */
	int64		count[RATING_BUCKETS];	/* responses per rating */
	double		weight[RATING_BUCKETS]; /* sum of weights per rating */
	double		weight_sq;		/* sum of squared weights */
} RatingState;

#define RatingStateIsWeighted(s) (((s)->flags & RATING_STATE_WEIGHTED) != 0)

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetRatingState(d) \
	((RatingState *) sq_detoast_state((d), "rating_state", RATING_STATE_VERSION))
#define DatumGetRatingStateCopy(d) \
	((RatingState *) sq_detoast_state_copy((d), "rating_state", RATING_STATE_VERSION))
#define PG_GETARG_RATING_STATE(n) DatumGetRatingState(PG_GETARG_DATUM(n))
#define PG_GETARG_RATING_STATE_COPY(n) DatumGetRatingStateCopy(PG_GETARG_DATUM(n))
#define PG_RETURN_RATING_STATE(s) PG_RETURN_POINTER(s)

extern RatingState *sq_rating_state_new(MemoryContext context, bool weighted);
extern int64 sq_rating_state_responses(const RatingState *state);
extern int64 sq_rating_state_count(const RatingState *state, int lo, int hi);

/*
 * Totals of one state, in the units its shares are defined in: response
 * counts when unweighted, sums of weights when weighted.
 */
extern double sq_rating_state_mass(const RatingState *state, int lo, int hi);
extern double sq_rating_state_effective_n(const RatingState *state);

/*
 * Mean rating (by weight when weighted, kept within the lowest and highest
 * rating held against rounding; NaN without mass) and the sample
 * variance, as var_samp (weighted: the weighted variance times
 * n_eff / (n_eff - 1); NaN unless n_eff > 1).
 */
extern double sq_rating_state_mean(const RatingState *state);
extern double sq_rating_state_variance(const RatingState *state);
pg_attribute_noreturn() extern void sq_rating_state_report_weight_overflow(void);
pg_attribute_noreturn() extern void sq_rating_state_report_count_overflow(int64 total, int64 added);

/*
 * Why a decoded state is unacceptable, or NULL when it is fine: the rules
 * text and binary input share.
 */
extern const char *sq_rating_state_problem(const RatingState *state);

/*
 * Add src into dst.  An empty state merges with anything; two non-empty
 * states must agree on being weighted.
 */
extern void sq_rating_state_merge_into(RatingState *dst, const RatingState *src);

/*
 * Sums of weights must stay finite, or the state could not be written out.
 * Checked on every weighted row, so only the comparison is inline.
 */
static inline void
rating_state_check_weights(const RatingState *state, int rating)
{
	if (unlikely(isinf(state->weight_sq) || isinf(state->weight[rating])))
		sq_rating_state_report_weight_overflow();
}

#endif							/* RATING_STATE_H */
