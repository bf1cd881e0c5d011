/*-------------------------------------------------------------------------
 *
 * drivers_gap.c
 *	  Gap analysis beyond one state's rows: gap_overall, the weighted gap
 *	  over the dimensions, and gap_compare, one group's gaps against
 *	  another's.
 *
 * gap_overall: with weights w_d (only their ratios matter), the weighted
 * means of the dimensions' mean expectation and perception and of their
 * gaps, sum_d w_d gap_d / sum_d w_d.  As for the satisfaction index, a
 * dimension with a positive weight but no pairs makes the result NULL.
 * There is no interval: the dimensions' gaps come from the same
 * respondents, and a state of per-dimension moments has no covariance
 * between dimensions to build one from.
 *
 * gap_compare: per dimension, Welch's t test of the difference of the two
 * groups' mean gaps (a minus b), each gap's variance the sample variance
 * of its paired differences:
 *	 se = sqrt(v_a / n_a + v_b / n_b),
 *	 df = se^4 / ((v_a / n_a)^2 / (n_a - 1) + (v_b / n_b)^2 / (n_b - 1)),
 * t = difference / se, its two-sided p-value and the interval
 * difference -/+ t_(level, df) se.  Only the difference where a side has
 * fewer than 2 pairs; no t, df, p or interval where a side's gaps are all
 * equal.  The test is the statistics concept's sq_mean_compare, the one
 * its other two-sample comparisons use, and the columns are
 * dimension_compare's.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "paired_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(gap_overall_array);
PG_FUNCTION_INFO_V1(gap_overall_jsonb);
PG_FUNCTION_INFO_V1(gap_compare);

static const char *
name_of(const PairedState *s, int i)
{
	return s->kind == PAIRED_GAP_NAMED ? PairedStateNames(s)[i] : NULL;
}

/*
 * The weighted means (expectation, perception, gap) over count terms: the
 * stats of each (NULL: no such dimension in the state) and its weight.
 */
static Datum
overall_row(FunctionCallInfo fcinfo, const PairedStats **stats, const double *weights, int count)
{
	double		sum_w = 0.0,
				e = 0.0,
				p = 0.0,
				g = 0.0;
	double		result[3] = {NAN, NAN, NAN};

	for (int i = 0; i < count; i++)
	{
		const PairedStats *s = stats[i];

		if (weights[i] == 0.0)
			continue;
		if (s == NULL || s->n == 0)
			return sq_float8_row(fcinfo, result, 3);
		sum_w += weights[i];
		e += weights[i] * PairedMeanX(s);
		p += weights[i] * PairedMeanY(s);
		g += weights[i] * ((s->sum_y - s->sum_x) / (double) s->n);
	}
	result[0] = e / sum_w;
	result[1] = p / sum_w;
	result[2] = g / sum_w;
	return sq_float8_row(fcinfo, result, 3);
}

/* gap_overall(state, weights float8[]): positional dimensions */
Datum
gap_overall_array(PG_FUNCTION_ARGS)
{
	PairedState *state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_GAP);
	ArrayType  *weights_array = PG_GETARG_ARRAYTYPE_P(1);
	const PairedStats **stats;
	double	   *weights;
	int			count;

	if (state->kind == PAIRED_GAP_NAMED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights of named dimensions must be given as jsonb"),
				 errhint("Use an object such as '{\"attitude\": 2, \"speed\": 1}'::jsonb.")));
	count = state->kind == PAIRED_EMPTY ?
		ArrayGetNItems(ARR_NDIM(weights_array), ARR_DIMS(weights_array)) : state->ndims;
	weights = sq_satisfaction_weights_from_array(weights_array, count, "paired_state");
	stats = palloc0(sizeof(PairedStats *) * Max(count, 1));
	for (int i = 0; i < count && state->kind != PAIRED_EMPTY; i++)
		stats[i] = &state->dims[i];
	return overall_row(fcinfo, stats, weights, count);
}

/* gap_overall(state, weights jsonb): named dimensions */
Datum
gap_overall_jsonb(PG_FUNCTION_ARGS)
{
	PairedState *state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_GAP);
	SqNamedWeights w;
	const PairedStats **stats;

	if (state->kind == PAIRED_GAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights of positional dimensions must be given as a double precision array"),
				 errhint("Use an array such as ARRAY[2, 1, 1], one weight per array position.")));
	w = sq_satisfaction_weights_from_jsonb(PG_GETARG_JSONB_P(1), PairedStateNames(state),
										   state->ndims);
	stats = palloc0(sizeof(PairedStats *) * Max(w.count, 1));
	for (int i = 0; i < w.count; i++)
		stats[i] = w.index[i] >= 0 ? &state->dims[w.index[i]] : NULL;
	return overall_row(fcinfo, stats, w.weights, w.count);
}

/* One dimension of the comparison: its label and each side's pairs (or none). */
typedef struct ComparedDimension
{
	const char *label;
	const PairedStats *a;
	const PairedStats *b;
} ComparedDimension;

/* The dimensions of both states: by position, or the union of their names. */
static ComparedDimension *
compared_dimensions(const PairedState *a, const PairedState *b, char **names, int *count)
{
	bool		named = a->kind == PAIRED_GAP_NAMED || b->kind == PAIRED_GAP_NAMED;
	int			i = 0,
				j = 0,
				n = 0;
	ComparedDimension *d = palloc0(sizeof(ComparedDimension) * Max(a->ndims + b->ndims, 1));

	if (a->kind != PAIRED_EMPTY && b->kind != PAIRED_EMPTY && a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare a paired_state of named dimensions with one of positional dimensions")));
	if (!named && a->kind != PAIRED_EMPTY && b->kind != PAIRED_EMPTY && a->ndims != b->ndims)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare paired_state values with %d and %d dimensions",
						a->ndims, b->ndims),
				 errdetail("Positional dimensions are matched by position, so both must have as many.")));
	while (i < a->ndims || j < b->ndims)
	{
		int			cmp;

		if (!named)
			cmp = i < a->ndims ? (j < b->ndims ? 0 : -1) : 1;
		else if (i >= a->ndims || j >= b->ndims)
			cmp = i < a->ndims ? -1 : 1;
		else
			cmp = strcmp(name_of(a, i), name_of(b, j));
		d[n].a = cmp <= 0 ? &a->dims[i] : NULL;
		d[n].b = cmp >= 0 ? &b->dims[j] : NULL;
		d[n].label = cmp <= 0 ? name_of(a, i) : name_of(b, j);
		if (!named)
			d[n].label = names ? names[n] : psprintf("%d", n + 1);
		i += cmp <= 0;
		j += cmp >= 0;
		n++;
	}
	*count = n;
	return d;
}

static double
gap_mean(const PairedStats *s)
{
	return s != NULL && s->n > 0 ? (s->sum_y - s->sum_x) / (double) s->n : NAN;
}

/*
 * Welch's test of the difference of the mean gaps (the statistics concept's
 * sq_mean_compare, in its column order, as dimension_compare's): difference,
 * stderr, df, t, p_value, lower, upper.
 */
static void
welch(const PairedStats *a, const PairedStats *b, double level, double *out)
{
	for (int k = 0; k < SQ_MEAN_COMPARE_COLUMNS; k++)
		out[k] = NAN;
	if (a == NULL || b == NULL || a->n == 0 || b->n == 0)
		return;
	out[0] = gap_mean(a) - gap_mean(b);
	if (a->n < 2 || b->n < 2)
		return;
	sq_mean_compare(gap_mean(a), PairedM2D(a) / (double) (a->n - 1), (double) a->n,
					gap_mean(b), PairedM2D(b) / (double) (b->n - 1), (double) b->n, level, out);
}

/* Not strict, for the names DEFAULT NULL: a NULL state or level gives no rows. */
Datum
gap_compare(PG_FUNCTION_ARGS)
{
	SqRows		rows;
	PairedState *a,
			   *b;
	ComparedDimension *d;
	char	  **names = NULL;
	double		level;
	int			count;

	sq_rows_begin(fcinfo, &rows);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return (Datum) 0;
	a = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_GAP);
	b = sq_paired_state_of_kind(PG_GETARG_DATUM(1), PAIRED_GAP);
	level = PG_GETARG_FLOAT8(3);
	sq_check_level(level);
	if (!PG_ARGISNULL(2))
	{
		if (a->kind == PAIRED_GAP_NAMED || b->kind == PAIRED_GAP_NAMED)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a paired_state of named dimensions takes no names argument"),
					 errdetail("Its dimensions are called by the names they were aggregated with.")));
		names = sq_satisfaction_names_from_array(PG_GETARG_ARRAYTYPE_P(2), Max(a->ndims, b->ndims));
	}
	d = compared_dimensions(a, b, names, &count);
	for (int i = 0; i < count; i++)
	{
		Datum		values[5 + SQ_MEAN_COMPARE_COLUMNS];
		bool		nulls[5 + SQ_MEAN_COMPARE_COLUMNS] = {false};
		double		test[SQ_MEAN_COMPARE_COLUMNS];

		welch(d[i].a, d[i].b, level, test);
		values[0] = CStringGetTextDatum(d[i].label);
		values[1] = Int64GetDatum(d[i].a ? d[i].a->n : 0);
		values[2] = Int64GetDatum(d[i].b ? d[i].b->n : 0);
		values[3] = sq_float8_or_null(gap_mean(d[i].a), &nulls[3]);
		values[4] = sq_float8_or_null(gap_mean(d[i].b), &nulls[4]);
		for (int k = 0; k < SQ_MEAN_COMPARE_COLUMNS; k++)
			values[5 + k] = sq_float8_or_null(test[k], &nulls[5 + k]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}
