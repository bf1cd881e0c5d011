/*-------------------------------------------------------------------------
 *
 * monitoring_duration_outcome.c
 *	  An outcome rate by duration bucket, from a duration_outcome_state: the
 *	  rows of its buckets with Wilson intervals (duration_outcome,
 *	  duration_outcome_seconds) and the Cochran-Armitage test for a trend
 *	  across them (duration_outcome_trend).
 *
 * Cochran-Armitage (Cochran 1954; Armitage 1955; Agresti 2013, §5.4.6):
 * with bucket scores s_i = 1, 2, ..., k + 1, x_i outcomes of n_i trials,
 * N trials and p = sum x_i / N in all,
 *	 T = sum s_i (x_i - n_i p),  Var(T) = p (1 - p) sum n_i (s_i - s)^2,
 * s = sum n_i s_i / N, z = T / sqrt(Var(T)) with a two-sided normal p; z^2
 * is N / (N - 1) times the linear-by-linear association statistic M^2 =
 * (N - 1) r^2.  The slope T / sum n_i (s_i - s)^2 is the weighted
 * least-squares slope of the bucket rates on the scores: the change in the
 * rate from one bucket to the next.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/timestamp.h"

#include "duration.h"
#include "duration_outcome_state.h"
#include "numerics.h"
#include "proportion_state.h"

PG_FUNCTION_INFO_V1(duration_outcome);
PG_FUNCTION_INFO_V1(duration_outcome_seconds);
PG_FUNCTION_INFO_V1(duration_outcome_trend);

/*
 * Per bucket: bucket, from, to (as interval or seconds; to NULL for the
 * last), outcomes, trials, rate, lower, upper (NULL without trials).
 */
static Datum
bucket_rows(FunctionCallInfo fcinfo, bool seconds)
{
	DurationOutcomeState *state = PG_GETARG_DURATION_OUTCOME_STATE(0);
	double		level = PG_GETARG_FLOAT8(1),
				z;
	SqRows		rows;

	sq_check_level(level);
	z = sq_normal_critical_value(level);
	sq_rows_begin(fcinfo, &rows);
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		int64		from = b == 0 ? 0 : DurationOutcomeEdges(state)[b - 1],
					outcomes = DurationOutcomeOutcomes(state)[b],
					trials = DurationOutcomeTrials(state)[b];
		double		figures[3] = {NAN, NAN, NAN};
		Datum		values[8];
		bool		nulls[8] = {false};

		values[0] = Int32GetDatum(b + 1);
		values[1] = seconds ? Float8GetDatum(duration_us_to_seconds(from)) :
			IntervalPGetDatum(sq_duration_interval_from_us(from));
		nulls[2] = b == state->nedges;
		if (!nulls[2])
			values[2] = seconds ? Float8GetDatum(duration_us_to_seconds(DurationOutcomeEdges(state)[b])) :
				IntervalPGetDatum(sq_duration_interval_from_us(DurationOutcomeEdges(state)[b]));
		values[3] = Int64GetDatum(outcomes);
		values[4] = Int64GetDatum(trials);
		if (trials > 0)
		{
			figures[0] = (double) outcomes / (double) trials;
			sq_wilson_interval((double) outcomes, (double) trials, z, &figures[1], &figures[2]);
		}
		for (int i = 0; i < 3; i++)
			values[5 + i] = sq_float8_or_null(figures[i], &nulls[5 + i]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

Datum
duration_outcome(PG_FUNCTION_ARGS)
{
	return bucket_rows(fcinfo, false);
}

Datum
duration_outcome_seconds(PG_FUNCTION_ARGS)
{
	return bucket_rows(fcinfo, true);
}

/*
 * buckets (with trials), slope, z, p_value; without two buckets with
 * trials, or without both outcomes, only the number of buckets.
 */
Datum
duration_outcome_trend(PG_FUNCTION_ARGS)
{
	DurationOutcomeState *state = PG_GETARG_DURATION_OUTCOME_STATE(0);
	const int64 *outcomes = DurationOutcomeOutcomes(state),
			   *trials = DurationOutcomeTrials(state);
	double		N = 0.0,
				X = 0.0,
				F = 0.0,
				score_sum = 0.0,
				mean_score,
				p,
				q,
				t = 0.0,
				spread = 0.0,
				out[3] = {NAN, NAN, NAN};
	int			used = 0;
	Datum		values[4];
	bool		nulls[4];

	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		N += (double) trials[b];
		X += (double) outcomes[b];
		F += (double) (trials[b] - outcomes[b]);
		score_sum += (double) trials[b] * (b + 1);
		used += trials[b] > 0;
	}
	if (used >= 2)
	{
		mean_score = score_sum / N;
		p = X / N;
		q = F / N;
		for (int b = 0; b < DurationOutcomeBuckets(state); b++)
		{
			double		deviation = (b + 1) - mean_score;

			/*
			 * x - n p, or n q - (n - x) when most trials have the outcome:
			 * the smaller counts keep their digits near a rate of 1
			 */
			t += deviation * (p <= 0.5 ? (double) outcomes[b] - (double) trials[b] * p :
							  (double) trials[b] * q - (double) (trials[b] - outcomes[b]));
			spread += (double) trials[b] * deviation * deviation;
		}
		out[0] = t / spread;
		if (p > 0.0 && q > 0.0)
		{
			out[1] = t / sqrt(p * q * spread);
			out[2] = sq_normal_two_sided_p(out[1]);
		}
	}
	values[0] = Int32GetDatum(used);
	nulls[0] = false;
	for (int i = 0; i < 3; i++)
		values[1 + i] = sq_float8_or_null(out[i], &nulls[1 + i]);
	return sq_result_row(fcinfo, values, nulls);
}
