/*-------------------------------------------------------------------------
 *
 * satisfaction_index.c
 *	  The weighted satisfaction index of a dimension_state on 0-100, and its
 *	  per-dimension breakdown.
 *
 * Each dimension's mean is rescaled to 0-100 by the rating scale,
 * (mean - scale_min) / (scale_max - scale_min) * 100, and the index is the
 * weighted mean of those: sum(w_i * score_i) / sum(w_i).
 *
 * A dimension with a positive weight but no answers makes the index NULL.
 * Renormalising over the answered dimensions would quietly change what the
 * index means from group to group (a channel without "convenience" answers
 * would be scored on the other dimensions only, and then compared with
 * channels scored on all of them).  To leave a dimension out, give it
 * weight 0; the breakdown shows which dimension had no answers.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"

#include "numerics.h"
#include "dimension_state.h"

PG_FUNCTION_INFO_V1(satisfaction_index_array);
PG_FUNCTION_INFO_V1(satisfaction_index_jsonb);
PG_FUNCTION_INFO_V1(satisfaction_breakdown_array);
PG_FUNCTION_INFO_V1(satisfaction_breakdown_jsonb);

/* One dimension of an index: its answers (or none) and its weight. */
typedef struct IndexTerm
{
	char	   *label;			/* name, or position when unnamed */
	const char *name;			/* NULL for a positional dimension */
	const DimensionStats *stats;	/* NULL when the state has no such
									 * dimension */
	double		weight;
} IndexTerm;

typedef struct IndexTerms
{
	int			count;
	IndexTerm  *terms;
	double		total_weight;
} IndexTerms;

static void
require_kind(const DimensionState *state, int kind)
{
	if (state->kind == kind || state->kind == DIMENSION_EMPTY)
		return;
	if (kind == DIMENSION_POSITIONAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights of named dimensions must be given as jsonb"),
				 errhint("Use an object such as '{\"attitude\": 2, \"speed\": 1}'::jsonb.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weights of positional dimensions must be given as a double precision array"),
			 errhint("Use an array such as ARRAY[2, 1, 1], one weight per array position.")));
}

static IndexTerms
terms_from_array(const DimensionState *state, ArrayType *weights_array)
{
	IndexTerms	t;
	double	   *weights;
	int			count;

	require_kind(state, DIMENSION_POSITIONAL);

	/*
	 * an empty state has no answers for as many dimensions as there are
	 * weights
	 */
	count = state->kind == DIMENSION_EMPTY ?
		ArrayGetNItems(ARR_NDIM(weights_array), ARR_DIMS(weights_array)) : state->ndims;
	weights = sq_satisfaction_weights_from_array(weights_array, count, "dimension_state");

	t.count = count;
	t.terms = palloc0(sizeof(IndexTerm) * Max(count, 1));
	t.total_weight = 0.0;
	for (int i = 0; i < count; i++)
	{
		t.terms[i].label = psprintf("%d", i + 1);
		t.terms[i].stats = state->kind == DIMENSION_EMPTY ? NULL : &state->dims[i];
		t.terms[i].weight = weights[i];
		t.total_weight += weights[i];
	}
	return t;
}

/*
 * Every dimension of the state needs a weight: a missing key is an error
 * (it is how a misspelt key shows up).  A key the state does not have is a
 * dimension without answers.
 */
static IndexTerms
terms_from_jsonb(const DimensionState *state, Jsonb *weights)
{
	IndexTerms	t;
	SqNamedWeights w;

	require_kind(state, DIMENSION_NAMED);
	w = sq_satisfaction_weights_from_jsonb(weights, DimensionStateNames(state), state->ndims);
	t.count = w.count;
	t.terms = palloc0(sizeof(IndexTerm) * Max(w.count, 1));
	t.total_weight = 0.0;
	for (int i = 0; i < w.count; i++)
	{
		t.terms[i].name = w.names[i];
		t.terms[i].label = pstrdup(w.names[i]);
		t.terms[i].stats = w.index[i] >= 0 ? &state->dims[w.index[i]] : NULL;
		t.terms[i].weight = w.weights[i];
		t.total_weight += w.weights[i];
	}
	return t;
}

static inline bool
term_answered(const IndexTerm *term)
{
	return term->stats != NULL && term->stats->n > 0;
}

/* Every answered dimension with a positive weight must lie on the scale. */
static void
check_terms_on_scale(const IndexTerms *t, double scale_min, double scale_max)
{
	sq_satisfaction_check_scale(scale_min, scale_max);
	for (int i = 0; i < t->count; i++)
	{
		const IndexTerm *term = &t->terms[i];
		double		outside;

		if (term->weight == 0.0 || !term_answered(term))
			continue;
		if (term->stats->min >= scale_min && term->stats->max <= scale_max)
			continue;
		outside = term->stats->min < scale_min ? term->stats->min : term->stats->max;
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dimension %s has a score of %s, outside the scale %s to %s",
						term->name ? psprintf("\"%s\"", term->name) : term->label,
						sq_float8_text(outside), sq_float8_text(scale_min),
						sq_float8_text(scale_max)),
				 errhint("Pass the scale the scores were given on, e.g. 0 and 10.")));
	}
}

static double
rescaled(const DimensionStats *s, double scale_min, double scale_max)
{
	double		score = (dimension_stats_mean(s) - scale_min) / (scale_max - scale_min) * 100.0;

	/* the mean lies within [min, max] up to rounding */
	return fmin(100.0, fmax(0.0, score));
}

/* The index, or NaN when a weighted dimension has no answers. */
static double
index_of(const IndexTerms *t, double scale_min, double scale_max)
{
	double		sum = 0.0;

	check_terms_on_scale(t, scale_min, scale_max);
	for (int i = 0; i < t->count; i++)
	{
		const IndexTerm *term = &t->terms[i];

		if (term->weight == 0.0)
			continue;
		if (!term_answered(term))
			return NAN;
		sum += term->weight * rescaled(term->stats, scale_min, scale_max);
	}
	return sum / t->total_weight;
}

static Datum
index_result(FunctionCallInfo fcinfo, IndexTerms t)
{
	return sq_float8_result(fcinfo, index_of(&t, PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3)));
}

Datum
satisfaction_index_array(PG_FUNCTION_ARGS)
{
	return index_result(fcinfo, terms_from_array(PG_GETARG_DIMENSION_STATE(0),
												 PG_GETARG_ARRAYTYPE_P(1)));
}

Datum
satisfaction_index_jsonb(PG_FUNCTION_ARGS)
{
	return index_result(fcinfo, terms_from_jsonb(PG_GETARG_DIMENSION_STATE(0),
												 PG_GETARG_JSONB_P(1)));
}

/*
 * One row per dimension: dimension, n, mean, stddev, ci_lower, ci_upper,
 * weight (share of the total weight), score (mean on 0-100) and
 * contribution (weight * score; the contributions add up to the index).
 */
static void
breakdown(FunctionCallInfo fcinfo, const IndexTerms *t, double scale_min, double scale_max,
		  double level)
{
	SqRows		rows;
	double		z;

	sq_check_level(level);
	check_terms_on_scale(t, scale_min, scale_max);
	z = sq_normal_critical_value(level);
	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < t->count; i++)
	{
		const IndexTerm *term = &t->terms[i];
		const DimensionStats *s = term->stats;
		bool		answered = term_answered(term);
		Datum		values[9];
		bool		nulls[9] = {false};
		double		stddev = NAN,
					lower,
					upper,
					share = term->weight / t->total_weight,
					score = NAN;

		if (answered && s->n > 1)
			stddev = sqrt(dimension_stats_variance(s));
		sq_satisfaction_mean_interval(answered ? dimension_stats_mean(s) : NAN, stddev,
									  answered ? s->n : 0, z,
									  &lower, &upper);
		if (answered && s->min >= scale_min && s->max <= scale_max)
			score = rescaled(s, scale_min, scale_max);

		values[0] = CStringGetTextDatum(term->label);
		values[1] = Int64GetDatum(s ? s->n : 0);
		values[2] = sq_float8_or_null(answered ? dimension_stats_mean(s) : NAN, &nulls[2]);
		values[3] = sq_float8_or_null(stddev, &nulls[3]);
		values[4] = sq_float8_or_null(lower, &nulls[4]);
		values[5] = sq_float8_or_null(upper, &nulls[5]);
		values[6] = sq_float8_or_null(share, &nulls[6]);
		values[7] = sq_float8_or_null(score, &nulls[7]);
		values[8] = sq_float8_or_null(share == 0.0 ? 0.0 : share * score, &nulls[8]);
		sq_rows_add(&rows, values, nulls);
	}
}

/* Not strict, for the names DEFAULT NULL: any other NULL argument gives no rows. */
Datum
satisfaction_breakdown_array(PG_FUNCTION_ARGS)
{
	DimensionState *state;
	ArrayType  *weights;
	char	  **names = NULL;
	IndexTerms	t;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(5))
	{
		SqRows		rows;

		sq_rows_begin(fcinfo, &rows);
		return (Datum) 0;
	}
	state = PG_GETARG_DIMENSION_STATE(0);
	weights = PG_GETARG_ARRAYTYPE_P(1);
	t = terms_from_array(state, weights);
	if (!PG_ARGISNULL(4))
		names = sq_satisfaction_names_from_array(PG_GETARG_ARRAYTYPE_P(4), t.count);
	for (int i = 0; names && i < t.count; i++)
	{
		t.terms[i].label = names[i];
		t.terms[i].name = names[i];
	}
	breakdown(fcinfo, &t, PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(5));
	return (Datum) 0;
}

Datum
satisfaction_breakdown_jsonb(PG_FUNCTION_ARGS)
{
	IndexTerms	t = terms_from_jsonb(PG_GETARG_DIMENSION_STATE(0), PG_GETARG_JSONB_P(1));

	breakdown(fcinfo, &t, PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4));
	return (Datum) 0;
}
