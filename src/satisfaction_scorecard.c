/*-------------------------------------------------------------------------
 *
 * satisfaction_scorecard.c
 *	  Scorecards: metrics of mixed direction put on one 0-100 scale, and
 *	  their weighted composite.
 *
 * metric_score(value, worst, best) places a value linearly between a worst
 * and a best reference (e.g. the industry average and the platinum value):
 * 0 at worst, 100 at best, clipped outside.  The direction follows from the
 * references: best < worst means lower is better (dispute rate, completion
 * time), best > worst means higher is better (self-completion rate).
 * Ranking a shop among its peers is left to window functions (see the
 * README), which already do it well.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/float.h"

#include "satisfaction_args.h"

PG_FUNCTION_INFO_V1(metric_score);
PG_FUNCTION_INFO_V1(scorecard);

Datum
metric_score(PG_FUNCTION_ARGS)
{
	double		value = PG_GETARG_FLOAT8(0),
				worst = PG_GETARG_FLOAT8(1),
				best = PG_GETARG_FLOAT8(2);

	if (!isfinite(best - worst) || worst == best)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("references worst = %s and best = %s are invalid",
						sq_float8_text(worst), sq_float8_text(best)),
				 errdetail("Worst and best must be finite and different, with a finite difference; best < worst means lower is better.")));
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("metric value %s is not a finite number", sq_float8_text(value))));

	/*
	 * The fraction first: 100 * (value - worst) could overflow while the
	 * fraction is small.  value - worst itself overflows only far outside the
	 * references, where the infinite fraction is clipped correctly.
	 */
	PG_RETURN_FLOAT8(fmin(100.0, fmax(0.0, (value - worst) / (best - worst) * 100.0)));
}

/*
 * Weighted mean of scores, sum(w_i s_i) / sum(w_i), with the index's rules:
 * weights finite, >= 0, not all zero, one per score; a NULL score with a
 * positive weight makes the composite NULL (weight 0 leaves it out).
 */
Datum
scorecard(PG_FUNCTION_ARGS)
{
	ArrayType  *weights_array = PG_GETARG_ARRAYTYPE_P(1);
	int			nweights = ArrayGetNItems(ARR_NDIM(weights_array), ARR_DIMS(weights_array));
	ScoreArray	scores;
	double	   *weights;
	double		sum = 0.0,
				total = 0.0;

	sq_score_array_open(PG_GETARG_DATUM(0), &scores, "scores");
	sq_check_list_dimensions(ARR_NDIM(weights_array), "weights");
	if (nweights != scores.length)
		sq_satisfaction_report_length_mismatch("weights array", nweights, "scores array", scores.length);
	weights = sq_satisfaction_weights_from_array(weights_array, scores.length, "scorecard");
	for (int i = 0; i < scores.length; i++)
	{
		double		score;
		bool		present = score_array_next(&scores, i, &score);

		if (weights[i] == 0.0)
			continue;
		if (!present)
			PG_RETURN_NULL();
		satisfaction_check_score(score, i + 1, NULL);
		sum += weights[i] * score;
		total += weights[i];
	}
	/* with normalized weights, only scores near the float8 limit overflow */
	if (isinf(sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weighted sum of the scores is out of range"),
				 errdetail("Scores this large cannot be combined in double precision.")));
	PG_RETURN_FLOAT8(sum / total);
}
