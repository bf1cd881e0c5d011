/*-------------------------------------------------------------------------
 *
 * rating_state.c
 *	  rating_state type: construction, totals, the consistency rules every
 *	  input path enforces, and merging.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "common/int.h"

#include "rating_state.h"

RatingState *
sq_rating_state_new(MemoryContext context, bool weighted)
{
	RatingState *state = MemoryContextAllocZero(context, sizeof(RatingState));

	SET_VARSIZE(state, sizeof(RatingState));
	state->version = RATING_STATE_VERSION;
	state->flags = weighted ? RATING_STATE_WEIGHTED : 0;
	return state;
}

/* Cannot overflow: merging and input reject totals beyond the int64 range. */
int64
sq_rating_state_responses(const RatingState *state)
{
	return sq_rating_state_count(state, RATING_MIN, RATING_MAX);
}

int64
sq_rating_state_count(const RatingState *state, int lo, int hi)
{
	int64		total = 0;

	for (int r = lo; r <= hi; r++)
		total += state->count[r];
	return total;
}

double
sq_rating_state_mass(const RatingState *state, int lo, int hi)
{
	double		total = 0.0;

	for (int r = lo; r <= hi; r++)
		total += RatingStateIsWeighted(state) ? state->weight[r] : (double) state->count[r];
	return total;
}

/*
 * NaN when undefined: weights below about 1.5e-154 have squares that lose
 * digits or underflow to 0 (sq_kish_effective_n_of_rows).
 */
double
sq_rating_state_effective_n(const RatingState *state)
{
	double		sum_w;
	double		responses = (double) sq_rating_state_responses(state);

	if (!RatingStateIsWeighted(state))
		return responses;
	sum_w = sq_rating_state_mass(state, RATING_MIN, RATING_MAX);
	if (sum_w == 0.0)
		return 0.0;
	return sq_kish_effective_n_of_rows(sum_w, state->weight_sq, responses);
}

double
sq_rating_state_mean(const RatingState *state)
{
	double		total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX),
				sum = 0.0;
	int			lowest = RATING_MAX,
				highest = RATING_MIN;

	if (total <= 0.0)
		return NAN;
	for (int r = RATING_MIN; r <= RATING_MAX; r++)
	{
		double		mass = sq_rating_state_mass(state, r, r);

		if (mass > 0.0)
		{
			lowest = Min(lowest, r);
			highest = Max(highest, r);
		}
		sum += r * mass;
	}
	return fmin(highest, fmax(lowest, sum / total));
}

/*
 * Deviations are taken from the mean (two passes over 11 ratings), so no
 * precision is lost to cancellation.
 */
double
sq_rating_state_variance(const RatingState *state)
{
	double		mean = sq_rating_state_mean(state),
				total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX),
				n = sq_rating_state_effective_n(state),
				squares = 0.0;

	if (isnan(mean) || !(n > 1.0))
		return NAN;
	for (int r = RATING_MIN; r <= RATING_MAX; r++)
		squares += (r - mean) * (r - mean) * sq_rating_state_mass(state, r, r);
	return squares / total * n / (n - 1.0);
}

void
sq_rating_state_report_weight_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum of weights in rating_state is out of range"),
			 errdetail("Sums of weights and of squared weights must stay below about 1e308; rescale the weights.")));
}

void
sq_rating_state_report_count_overflow(int64 total, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("rating_state response count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(total, added)));
}

/*
 * Why a decoded state is unacceptable, or NULL when it is fine.  Text and
 * binary input share these rules so that no path admits a state the
 * functions cannot handle, and a state passes only when aggregation could
 * have produced it (within rounding).
 */
const char *
sq_rating_state_problem(const RatingState *state)
{
	int64		total = 0;
	bool		weighted = RatingStateIsWeighted(state);

	if ((state->flags & ~RATING_STATE_WEIGHTED) != 0)
		return "unknown flags are set";
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		if (state->count[r] < 0)
			return psprintf("the response count of rating %d is negative (" INT64_FORMAT ")",
							r, state->count[r]);
		if (pg_add_s64_overflow(total, state->count[r], &total))
			return "the total number of responses exceeds the 64-bit range";
		if (!weighted)
			continue;
		if (!isfinite(state->weight[r]) || state->weight[r] < 0.0)
			return "a sum of weights is negative or not finite";
		if (state->count[r] == 0 && state->weight[r] != 0.0)
			return "a rating with no responses has a nonzero weight";
	}
	if (weighted)
		return sq_weight_sq_problem(state->weight_sq, state->count, state->weight,
									RATING_BUCKETS, total, "ratings");
	return NULL;
}

/*
 * Add src into dst.  An empty state merges with anything; two non-empty
 * states must agree on being weighted, since unit weights mixed with survey
 * weights would silently give a meaningless estimate.
 */
void
sq_rating_state_merge_into(RatingState *dst, const RatingState *src)
{
	int64		src_total = 0;
	int64		dst_total = 0;
	int64		total;

	/*
	 * The merge aggregate nps_agg(rating_state) comes here once a stored
	 * state, so both totals are taken in one pass of the counts, and the
	 * loops over the 11 counts are unrolled, where a loop's own increments
	 * and jumps would cost as much as its adds (GCC and clang know the
	 * pragma, which takes no macro).
	 */
	StaticAssertStmt(RATING_BUCKETS == 11, "the unroll pragmas below count the ratings");
#pragma GCC unroll 11
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		src_total += src->count[r];
		dst_total += dst->count[r];
	}
	if (src_total == 0)
		return;
	if (dst_total == 0)
	{
		memcpy(dst, src, sizeof(RatingState));
		return;
	}
	if (RatingStateIsWeighted(dst) != RatingStateIsWeighted(src))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a weighted rating_state with an unweighted one"),
				 errhint("Aggregate all responses with weights, e.g. nps_agg(score, 1.0) for unit weights.")));

	/*
	 * No count is negative (the validity rule), so when the totals add up
	 * without overflow, so does every count: one check instead of one per
	 * rating, for merge aggregates that add a stored state a row.
	 */
	if (pg_add_s64_overflow(dst_total, src_total, &total))
		sq_rating_state_report_count_overflow(dst_total, src_total);
#pragma GCC unroll 11
	for (int r = 0; r < RATING_BUCKETS; r++)
		dst->count[r] += src->count[r];
	if (!RatingStateIsWeighted(dst))
		return;					/* unweighted states hold no weights */
	for (int r = 0; r < RATING_BUCKETS; r++)
		dst->weight[r] += src->weight[r];
	dst->weight_sq += src->weight_sq;
	for (int r = 0; r < RATING_BUCKETS; r++)
		rating_state_check_weights(dst, r);
}
