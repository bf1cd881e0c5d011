/*-------------------------------------------------------------------------
 *
 * paired_state_agg.c
 *	  Transition functions of gap_agg and driver_agg, the combine function
 *	  and the + operator of paired_state.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/float.h"

#include "paired_state.h"

PG_FUNCTION_INFO_V1(paired_state_accum_gap);
PG_FUNCTION_INFO_V1(paired_state_accum_gap_long);
PG_FUNCTION_INFO_V1(paired_state_accum_driver);
PG_FUNCTION_INFO_V1(paired_state_combine);
PG_FUNCTION_INFO_V1(paired_state_plus);
PG_FUNCTION_INFO_V1(paired_state_merged_gap);
PG_FUNCTION_INFO_V1(paired_state_merged_driver);

/* Youngs and Cramer's update, extended to the cross and difference deviations. */
static inline void
paired_stats_add(PairedStats *s, double x, double y, int position, const char *name)
{
	double		n,
				dx,
				dy,
				scale;

	satisfaction_check_score(x, position, name);
	satisfaction_check_score(y, position, name);
	if (unlikely(s->n == PG_INT64_MAX))
		sq_paired_state_report_count_overflow(position, name, s->n, 1);
	s->n++;
	s->sum_x += x;
	s->sum_y += y;
	if (s->n > 1)
	{
		/* n times the deviations from the new means */
		n = (double) s->n;
		dx = x * n - s->sum_x;
		dy = y * n - s->sum_y;
		scale = 1.0 / (n * (n - 1.0));
		s->m2_x += dx * dx * scale;
		s->m2_y += dy * dy * scale;
		s->c_xy += dx * dy * scale;
		s->m2_d += (dy - dx) * (dy - dx) * scale;
	}
	if (unlikely(isinf(s->sum_x) || isinf(s->sum_y) || isinf(s->m2_x) || isinf(s->m2_y) ||
				 isinf(s->c_xy) || isinf(s->m2_d)))
		sq_paired_state_report_overflow(position, name);
}

/*
 * The running state, updatable in place; a new one on the first row.  `what`
 * names the row's array of ndims scores in errors.
 */
static PairedState *
state_for_update(FunctionCallInfo fcinfo, int kind, int ndims, const char *what)
{
	PairedState *state = NULL;

	if (!PG_ARGISNULL(0))
	{
		if (SQ_IN_AGGREGATE(fcinfo))
			state = (PairedState *) PG_GETARG_POINTER(0);
		else
			state = PG_GETARG_PAIRED_STATE_COPY(0);
		if (state->kind == PAIRED_EMPTY)
			state = NULL;
		else if (state->kind == PAIRED_GAP_NAMED && kind == PAIRED_GAP)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot add positional gap pairs to a paired_state of named dimensions"),
					 errhint("Aggregate all pairs in one form: gap_agg(expectations, perceptions) or gap_agg(dimension, expectation, perception).")));
		else if (state->kind != kind)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot add %s pairs to a paired_state of a %s analysis",
							sq_paired_kind_names[kind], sq_paired_kind_names[state->kind])));
	}
	if (state == NULL)
	{
		if (ndims == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is empty", what),
					 errdetail("Give one element per dimension; NULL for an unanswered one.")));
		return sq_paired_state_new(kind, ndims);
	}
	if (unlikely(state->ndims != ndims))
		sq_satisfaction_report_dimension_mismatch(what, ndims, "paired_state", state->ndims);
	return state;
}

/* gap_agg(expectation float8[], perception float8[]): one response */
Datum
paired_state_accum_gap(PG_FUNCTION_ARGS)
{
	PairedState *state;
	ScoreArray	expectation,
				perception;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	sq_score_array_open(PG_GETARG_DATUM(1), &expectation, "expectation");
	sq_score_array_open(PG_GETARG_DATUM(2), &perception, "perception");
	if (expectation.length != perception.length)
		sq_satisfaction_report_length_mismatch("expectation array", expectation.length,
											   "perception array", perception.length);
	state = state_for_update(fcinfo, PAIRED_GAP, expectation.length, "expectation array");
	for (int i = 0; i < expectation.length; i++)
	{
		double		x,
					y;
		bool		have_x = score_array_next(&expectation, i, &x);

		/* both readers must advance, so evaluate both */
		if (score_array_next(&perception, i, &y) && have_x)
			paired_stats_add(&state->dims[i], x, y, i + 1, NULL);
	}
	PG_RETURN_POINTER(state);
}

/*
 * gap_agg(dimension text, expectation float8, perception float8): one pair
 * of a named dimension (long rows); a NULL in any of them skips the row.
 */
Datum
paired_state_accum_gap_long(PG_FUNCTION_ARGS)
{
	PairedState *state = NULL;
	SatisfactionName name;
	int			at;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return sq_keep_state(fcinfo);
	sq_satisfaction_name_argument(PG_GETARG_TEXT_PP(1), name);

	if (!PG_ARGISNULL(0))
	{
		state = SQ_IN_AGGREGATE(fcinfo) ? (PairedState *) PG_GETARG_POINTER(0) :
			PG_GETARG_PAIRED_STATE_COPY(0);
		if (state->kind == PAIRED_EMPTY)
			state = NULL;
		else if (state->kind != PAIRED_GAP_NAMED)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot add named gap pairs to a paired_state of positional dimensions or a driver analysis")));
	}
	if (state == NULL)
		state = sq_paired_state_new(PAIRED_GAP_NAMED, 0);
	at = sq_satisfaction_find_name(PairedStateNames(state), state->ndims, name);
	if (unlikely(at < 0))
	{
		at = -at - 1;
		state = sq_paired_state_insert(state, at, name);
	}
	paired_stats_add(&state->dims[at], PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), at + 1, name);
	PG_RETURN_POINTER(state);
}

/* driver_agg(overall float8, scores float8[]): one response */
Datum
paired_state_accum_driver(PG_FUNCTION_ARGS)
{
	PairedState *state;
	ScoreArray	scores;
	double		overall;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	overall = PG_GETARG_FLOAT8(1);
	if (!isfinite(overall))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("overall score %s is not a finite number", sq_float8_text(overall)),
				 errdetail("Scores must be finite; leave an unanswered item NULL.")));
	sq_score_array_open(PG_GETARG_DATUM(2), &scores, "scores");
	state = state_for_update(fcinfo, PAIRED_DRIVER, scores.length, "scores array");
	for (int i = 0; i < scores.length; i++)
	{
		double		y;

		if (score_array_next(&scores, i, &y))
			paired_stats_add(&state->dims[i], overall, y, i + 1, NULL);
	}
	PG_RETURN_POINTER(state);
}

Datum
paired_state_combine(PG_FUNCTION_ARGS)
{
	SqShortCopy src_copy;
	PairedState *dst = sq_state_to_update(fcinfo, "paired_state", PAIRED_STATE_VERSION);
	const PairedState *src = sq_state_to_read(PG_GETARG_DATUM(1), &src_copy, "paired_state",
											  PAIRED_STATE_VERSION);

	PG_RETURN_POINTER(sq_paired_state_merge(dst, src));
}

Datum
paired_state_plus(PG_FUNCTION_ARGS)
{
	PairedState *sum = PG_GETARG_PAIRED_STATE_COPY(0);

	PG_RETURN_POINTER(sq_paired_state_merge(sum, PG_GETARG_PAIRED_STATE(1)));
}

/*
 * The final functions of gap_agg(paired_state) and driver_agg(paired_state).
 * Their transition function, the 0.1.0 merge that paired_agg keeps, takes
 * states of either analysis as long as they agree with each other, and a
 * strict aggregate takes its first state without calling it at all; so the
 * merged result is where a table of driver states merged under the gap
 * aggregate's name, or the other way round, can be told.
 */
static Datum
merged_of_kind(FunctionCallInfo fcinfo, int kind)
{
	PairedState *state = PG_GETARG_PAIRED_STATE(0);

	if (paired_analysis(state) != kind && state->kind != PAIRED_EMPTY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s_agg(paired_state) merged states of a %s analysis",
						sq_paired_kind_names[kind], sq_paired_kind_names[state->kind]),
				 errhint("Merge them with %s_agg(paired_state).",
						 sq_paired_kind_names[state->kind])));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

Datum
paired_state_merged_gap(PG_FUNCTION_ARGS)
{
	return merged_of_kind(fcinfo, PAIRED_GAP);
}

Datum
paired_state_merged_driver(PG_FUNCTION_ARGS)
{
	return merged_of_kind(fcinfo, PAIRED_DRIVER);
}
