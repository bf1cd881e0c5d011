/*-------------------------------------------------------------------------
 *
 * rating_state_agg.c
 *	  Transition functions that add scores (and weights) to a rating_state,
 *	  the inverse transitions and final function of moving windows, the
 *	  combine function and the + operator.
 *
 * These run once per row, so they allocate only on the first non-NULL row
 * and then update the state in place.  NULL scores and NULL weights skip the
 * row, as built-in aggregates skip NULL inputs.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"

#include "rating_state.h"

PG_FUNCTION_INFO_V1(rating_state_accum_int2);
PG_FUNCTION_INFO_V1(rating_state_accum_int4);
PG_FUNCTION_INFO_V1(rating_state_accum_int8);
PG_FUNCTION_INFO_V1(rating_state_accum_numeric);
PG_FUNCTION_INFO_V1(rating_state_accum_weighted_int2);
PG_FUNCTION_INFO_V1(rating_state_accum_weighted_int4);
PG_FUNCTION_INFO_V1(rating_state_accum_weighted_int8);
PG_FUNCTION_INFO_V1(rating_state_accum_weighted_numeric);
PG_FUNCTION_INFO_V1(rating_state_retract_int2);
PG_FUNCTION_INFO_V1(rating_state_retract_int4);
PG_FUNCTION_INFO_V1(rating_state_retract_int8);
PG_FUNCTION_INFO_V1(rating_state_retract_numeric);
PG_FUNCTION_INFO_V1(rating_state_mfinal);
PG_FUNCTION_INFO_V1(rating_state_combine);
PG_FUNCTION_INFO_V1(rating_state_plus);

pg_attribute_noreturn() static void
report_out_of_range(const char *score)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("score %s is outside the rating scale 0 to 10", score),
			 errdetail("Scores must be whole numbers from 0 to 10.")));
}

static inline int
rating_from_int64(int64 score)
{
	if (unlikely(score < RATING_MIN || score > RATING_MAX))
		report_out_of_range(psprintf(INT64_FORMAT, score));
	return (int) score;
}

/* numeric_normalize writes integral values without a fraction: "9" for 9.00 */
static int
rating_from_numeric(Numeric score)
{
	char	   *digits;

	if (numeric_is_nan(score)
#if PG_VERSION_NUM >= 140000
		|| numeric_is_inf(score)
#endif
		)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score %s is outside the rating scale 0 to 10",
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(score)))),
				 errdetail("Scores must be whole numbers from 0 to 10.")));

	digits = numeric_normalize(score);
	if (strchr(digits, '.') != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score %s is not a whole number", digits),
				 errdetail("Scores must be whole numbers from 0 to 10.")));
	if (digits[0] == '-' || strlen(digits) > 2)
		report_out_of_range(digits);
	return rating_from_int64(strtol(digits, NULL, 10));
}

static inline void
check_weight(double weight)
{
	if (unlikely(!(weight >= 0.0) || isinf(weight)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %s is invalid", sq_float8_text(weight)),
				 errdetail("Weights must be finite and greater than or equal to 0.")));
}

/*
 * The state to update for this row: the running state in an aggregate, a
 * private copy when called directly, or a fresh one on the first row.  The
 * fresh one is made in the per-call context: the executor copies a new
 * state into the aggregate's context anyway, so allocating it there would
 * leave a dead copy per group.
 */
static inline RatingState *
state_for_update(FunctionCallInfo fcinfo, bool weighted)
{
	RatingState *state;

	if (PG_ARGISNULL(0))
		return sq_rating_state_new(CurrentMemoryContext, weighted);

	if (SQ_IN_AGGREGATE(fcinfo))
		state = (RatingState *) PG_GETARG_POINTER(0);
	else
		state = PG_GETARG_RATING_STATE_COPY(0);

	if (unlikely(RatingStateIsWeighted(state) != weighted))
	{
		if (sq_rating_state_responses(state) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 weighted ?
					 errmsg("cannot add weighted responses to an unweighted rating_state") :
					 errmsg("cannot add unweighted responses to a weighted rating_state")));
		state->flags ^= RATING_STATE_WEIGHTED;
	}
	return state;
}

/*
 * A row with a NULL score or weight: skipped.  As the moving-aggregate
 * transition function of a window (nps(score) OVER (ROWS 1 PRECEDING ...)),
 * which must not return NULL, a skipped first row starts an empty state.
 */
static Datum
skip_row(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0) && sq_in_moving_window(fcinfo))
		PG_RETURN_RATING_STATE(sq_rating_state_new(CurrentMemoryContext, false));
	return sq_keep_state(fcinfo);
}

/*
 * One more response must keep the total within the int64 range, as merging
 * and input require.  Only a state passed to the function directly can be
 * that full, but a stored value that its own type rejects would break a dump.
 */
static inline void
check_room_for_one(const RatingState *state)
{
	int64		total = 0;

	/*
	 * Every row comes here: the loop over the 11 counts is unrolled, where
	 * its own increments and jumps would cost as much as its adds.
	 */
	StaticAssertStmt(RATING_BUCKETS == 11, "the unroll pragma below counts the ratings");
#pragma GCC unroll 11
	for (int r = 0; r < RATING_BUCKETS; r++)
		total += state->count[r];
	if (unlikely(total == PG_INT64_MAX))
		sq_rating_state_report_count_overflow(total, 1);
}

static inline Datum
accumulate(FunctionCallInfo fcinfo, int rating)
{
	RatingState *state = state_for_update(fcinfo, false);

	check_room_for_one(state);
	state->count[rating]++;
	PG_RETURN_RATING_STATE(state);
}

static inline Datum
accumulate_weighted(FunctionCallInfo fcinfo, int rating, double weight)
{
	RatingState *state;

	check_weight(weight);
	state = state_for_update(fcinfo, true);
	check_room_for_one(state);
	state->count[rating]++;
	state->weight[rating] += weight;
	state->weight_sq += weight * weight;
	rating_state_check_weights(state, rating);
	PG_RETURN_RATING_STATE(state);
}

/*
 * Inverse transition for moving windows (e.g. a rolling 28-day NPS).  Only
 * unweighted states have one: subtracting floating-point weights would not
 * give back the exact earlier state.  A window only removes rows it added;
 * called directly, removing what the state does not hold (from a NULL state
 * too) is a data error, never a state with a negative count.
 */
static inline Datum
retract(FunctionCallInfo fcinfo, int rating)
{
	RatingState *state = PG_ARGISNULL(0) ? NULL : PG_GETARG_RATING_STATE(0);

	if (state != NULL && RatingStateIsWeighted(state))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a response from a weighted rating_state"),
				 errdetail("Only unweighted states have an inverse transition.")));
	if (state == NULL || state->count[rating] <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a response rated %d from a rating_state that has none", rating),
				 errdetail("An inverse transition removes a response that was added before.")));
	state = state_for_update(fcinfo, false);
	state->count[rating]--;
	PG_RETURN_RATING_STATE(state);
}

#define SCORE_INT(n, getter) rating_from_int64((int64) getter(n))
#define SCORE_NUMERIC(n) rating_from_numeric(PG_GETARG_NUMERIC(n))

Datum
rating_state_accum_int2(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return skip_row(fcinfo);
	return accumulate(fcinfo, SCORE_INT(1, PG_GETARG_INT16));
}

Datum
rating_state_accum_int4(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return skip_row(fcinfo);
	return accumulate(fcinfo, SCORE_INT(1, PG_GETARG_INT32));
}

Datum
rating_state_accum_int8(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return skip_row(fcinfo);
	return accumulate(fcinfo, SCORE_INT(1, PG_GETARG_INT64));
}

Datum
rating_state_accum_numeric(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return skip_row(fcinfo);
	return accumulate(fcinfo, SCORE_NUMERIC(1));
}

Datum
rating_state_accum_weighted_int2(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return skip_row(fcinfo);
	return accumulate_weighted(fcinfo, SCORE_INT(1, PG_GETARG_INT16), PG_GETARG_FLOAT8(2));
}

Datum
rating_state_accum_weighted_int4(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return skip_row(fcinfo);
	return accumulate_weighted(fcinfo, SCORE_INT(1, PG_GETARG_INT32), PG_GETARG_FLOAT8(2));
}

Datum
rating_state_accum_weighted_int8(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return skip_row(fcinfo);
	return accumulate_weighted(fcinfo, SCORE_INT(1, PG_GETARG_INT64), PG_GETARG_FLOAT8(2));
}

Datum
rating_state_accum_weighted_numeric(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return skip_row(fcinfo);
	return accumulate_weighted(fcinfo, SCORE_NUMERIC(1), PG_GETARG_FLOAT8(2));
}

Datum
rating_state_retract_int2(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return retract(fcinfo, SCORE_INT(1, PG_GETARG_INT16));
}

Datum
rating_state_retract_int4(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return retract(fcinfo, SCORE_INT(1, PG_GETARG_INT32));
}

Datum
rating_state_retract_int8(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return retract(fcinfo, SCORE_INT(1, PG_GETARG_INT64));
}

Datum
rating_state_retract_numeric(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	return retract(fcinfo, SCORE_NUMERIC(1));
}

/*
 * Moving-aggregate final function of the unweighted state builders
 * (nps_agg(score), rating_agg(score), csat_agg(score)).  PostgreSQL picks
 * moving mode from the frame clause, so both modes must give the same
 * result for the same rows.  Plain mode gives NULL over rows whose scores
 * are all NULL (the state never leaves NULL); moving mode cannot return to
 * NULL and holds a state without responses there instead, and only there:
 * every non-NULL score it holds is a response.  So that state is NULL, any
 * other is the result.  The state itself is returned, not a copy, as a
 * window returns the state of an aggregate without a final function; a
 * read-only final function (MFINALFUNC_MODIFY's default) may do so.
 */
Datum
rating_state_mfinal(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);

	if (sq_rating_state_responses(state) == 0)
		PG_RETURN_NULL();
	PG_RETURN_RATING_STATE(state);
}

/*
 * Combine function of every rating aggregate, and transition function of
 * the merge aggregate nps_agg(rating_state).  Strict: the executor copies
 * the first non-NULL state into the aggregate context, so state 1 is ours
 * to update in place there.
 */
Datum
rating_state_combine(PG_FUNCTION_ARGS)
{
	RatingState *dst = sq_state_to_update(fcinfo, "rating_state", RATING_STATE_VERSION);

	sq_rating_state_merge_into(dst, PG_GETARG_RATING_STATE(1));
	PG_RETURN_RATING_STATE(dst);
}

/* The + operator: a new state holding both. */
Datum
rating_state_plus(PG_FUNCTION_ARGS)
{
	RatingState *sum = PG_GETARG_RATING_STATE_COPY(0);

	sq_rating_state_merge_into(sum, PG_GETARG_RATING_STATE(1));
	PG_RETURN_RATING_STATE(sum);
}
