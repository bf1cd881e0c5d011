/*-------------------------------------------------------------------------
 *
 * statistics_groups.c
 *	  Many groups at once: labelled states read from arrays, and whether a
 *	  metric is the same in every group: Pearson's chi-square of
 *	  homogeneity for rates (proportion_homogeneity) and for the promoter /
 *	  passive / detractor mix (nps_mix_homogeneity); Cochran's Q and I^2
 *	  for NPS (nps_heterogeneity) and mean ratings
 *	  (rating_mean_heterogeneity).
 *
 * Groups come as arrays (labels text[], states <type>[]), which callers
 * build with array_agg over a GROUP BY or a rollup table: no new state type
 * is needed, any number of groups works, and the per-group states are
 * already the mergeable ones.  Groups without data (an empty or NULL
 * state) take no part in a test.
 *
 * Chi-square: X^2 = sum (O - E)^2 / E over the groups x categories table,
 * E = row total x column total / N, with (groups - 1) (categories - 1)
 * degrees of freedom; categories no group has are left out.  Weighted
 * rating states enter with effective counts (shares times Kish's n_eff), a
 * first-order design-effect correction.
 *
 * Cochran's Q: with estimates y_i, standard errors s_i and weights
 * w_i = 1 / s_i^2, the pooled (fixed-effect) estimate is
 * sum w_i y_i / sum w_i and Q = sum w_i (y_i - pooled)^2, chi-square with
 * k - 1 degrees of freedom under homogeneity (Cochran 1954); I^2 =
 * max(0, (Q - (k - 1)) / Q) in percent, the share of the variation beyond
 * chance (Higgins and Thompson 2002).  A group with a standard error of 0
 * (unanimous under Wald, all ratings equal) has infinite weight: Q does
 * not exist then.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "nps.h"
#include "numerics.h"
#include "proportion_state.h"
#include "rating_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(proportion_homogeneity);
PG_FUNCTION_INFO_V1(nps_mix_homogeneity);
PG_FUNCTION_INFO_V1(nps_heterogeneity);
PG_FUNCTION_INFO_V1(rating_mean_heterogeneity);

static int
compare_labels(const void *a, const void *b, void *arg pg_attribute_unused())
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Labels: not NULL, unique (checked on a sorted copy). */
static char **
read_labels(ArrayType *array, int expected)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **labels,
			  **sorted;

	/* the lengths compared before the labels are read: they can be many */
	sq_check_list_dimensions(ARR_NDIM(array), "labels");
	count = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
	if (count == expected)
		deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	if (count != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("labels has length %d, but states has length %d", count, expected),
				 errdetail("Each group has one label and one state, in the same order.")));
	labels = palloc(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("label %d is NULL", i + 1),
					 errdetail("Every group needs a label.")));
		labels[i] = TextDatumGetCString(elems[i]);
	}
	sorted = palloc(sizeof(char *) * Max(count, 1));
	memcpy(sorted, labels, sizeof(char *) * count);
	sq_qsort_interruptible(sorted, count, sizeof(char *), compare_labels, NULL);
	for (int i = 1; i < count; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("label \"%s\" is given for more than one group", sorted[i]),
					 errhint("Merge the states of a group first, e.g. with GROUP BY label.")));
	return labels;
}

void
sq_groups_read(FunctionCallInfo fcinfo, int labels_arg, int states_arg, const char *type_name,
			   int version, SqGroupsLimit limit, SqGroups *groups)
{
	ArrayType  *states = PG_GETARG_ARRAYTYPE_P(states_arg);

	sq_check_list_dimensions(ARR_NDIM(states), "states");
	if (limit != NULL)
		limit(ArrayGetNItems(ARR_NDIM(states), ARR_DIMS(states)));

	/* every state type is a varlena aligned to double */
	deconstruct_array(states, ARR_ELEMTYPE(states), -1, false, TYPALIGN_DOUBLE,
					  &groups->states, &groups->missing, &groups->count);
	for (int i = 0; i < groups->count; i++)
		if (!groups->missing[i])
			groups->states[i] = PointerGetDatum(sq_detoast_state(groups->states[i], type_name,
																 version));
	groups->labels = labels_arg < 0 ? NULL :
		read_labels(PG_GETARG_ARRAYTYPE_P(labels_arg), groups->count);
}

/*
 * Each group's row of figures: fill() writes it and says whether the group
 * has data.  The rows of the groups with data, one after the other, and
 * their number in *count.
 */
typedef bool (*GroupRowFill) (Datum state, bool adjusted, double *row);

static double *
group_rows(FunctionCallInfo fcinfo, const char *type_name, int version, int columns,
		   GroupRowFill fill, bool adjusted, int *count)
{
	SqGroups	g;
	double	   *rows;

	sq_groups_read(fcinfo, -1, 0, type_name, version, NULL, &g);
	rows = palloc0(sizeof(double) * columns * Max(g.count, 1));
	*count = 0;
	for (int i = 0; i < g.count; i++)
		if (!g.missing[i] && fill(g.states[i], adjusted, &rows[*count * columns]))
			(*count)++;
	return rows;
}

/* ---- chi-square of homogeneity -------------------------------------------- */

/*
 * The row of a homogeneity test: groups (integer), the statistic, df
 * (integer), p_value; the statistic, df and p are NULL where the test does
 * not exist (fewer than two groups or categories with data).
 */
static Datum
test_row(FunctionCallInfo fcinfo, int groups, double statistic, int df, double p)
{
	Datum		values[4];
	bool		nulls[4] = {false};

	values[0] = Int32GetDatum(groups);
	values[1] = sq_float8_or_null(statistic, &nulls[1]);
	values[2] = Int32GetDatum(df);
	nulls[2] = nulls[1];
	values[3] = sq_float8_or_null(p, &nulls[3]);
	return sq_result_row(fcinfo, values, nulls);
}

/*
 * Pearson's X^2 of a rows x columns table of (effective) counts, row-major,
 * each row a group with data; categories no group has are left out.
 */
static Datum
chi_square_row(FunctionCallInfo fcinfo, const double *table, int rows, int columns)
{
	double	   *row_total = palloc0(sizeof(double) * Max(rows, 1)),
				column_total[3] = {0.0, 0.0, 0.0},
				total = 0.0,
				x2 = 0.0;
	int			used_columns = 0,
				df;

	Assert(columns <= 3);
	for (int i = 0; i < rows; i++)
		for (int j = 0; j < columns; j++)
		{
			row_total[i] += table[i * columns + j];
			column_total[j] += table[i * columns + j];
			total += table[i * columns + j];
		}
	for (int j = 0; j < columns; j++)
		used_columns += column_total[j] > 0.0;
	if (rows < 2 || used_columns < 2)
		return test_row(fcinfo, rows, NAN, 0, NAN);
	df = (rows - 1) * (used_columns - 1);

	for (int i = 0; i < rows; i++)
		for (int j = 0; j < columns; j++)
		{
			double		expected = row_total[i] * column_total[j] / total,
						o = table[i * columns + j];

			if (expected > 0.0)
				x2 += (o - expected) * (o - expected) / expected;
		}
	return test_row(fcinfo, rows, x2, df, sq_chisq_upper_tail(x2, df));
}

/* Successes and failures. */
static bool
proportion_counts(Datum state, bool adjusted pg_attribute_unused(), double *row)
{
	ProportionState *s = (ProportionState *) DatumGetPointer(state);

	row[0] = (double) s->successes;
	row[1] = (double) (s->trials - s->successes);
	return s->trials > 0;
}

Datum
proportion_homogeneity(PG_FUNCTION_ARGS)
{
	int			k;
	double	   *table = group_rows(fcinfo, "proportion_state", PROPORTION_STATE_VERSION, 2,
								   proportion_counts, false, &k);

	PG_RETURN_DATUM(chi_square_row(fcinfo, table, k, 2));
}

/*
 * Promoters, passives, detractors; when unweighted n_eff is the count, and
 * share times n the count itself.
 */
static bool
nps_mix(Datum state, bool adjusted pg_attribute_unused(), double *row)
{
	NpsSummary	s = sq_nps_summarize((RatingState *) DatumGetPointer(state));

	if (!s.valid || !(s.effective_n > 0.0))
		return false;
	row[0] = s.promoter_share * s.effective_n;
	row[1] = s.passive_share * s.effective_n;
	row[2] = s.detractor_share * s.effective_n;
	return true;
}

Datum
nps_mix_homogeneity(PG_FUNCTION_ARGS)
{
	int			k;
	double	   *table = group_rows(fcinfo, "rating_state", RATING_STATE_VERSION, 3, nps_mix,
								   false, &k);

	PG_RETURN_DATUM(chi_square_row(fcinfo, table, k, 3));
}

/* ---- Cochran's Q ------------------------------------------------------------ */

/*
 * The row groups, pooled, q, df, p_value, i_squared from the estimate and
 * standard error of each of the k groups with data (pairs in figures).
 */
static Datum
cochran_row(FunctionCallInfo fcinfo, const double *figures, int k)
{
	double		weight_sum = 0.0,
				weighted = 0.0,
				pooled,
				q = 0.0,
				i2;
	bool		defined = k > 0;
	Datum		values[6];
	bool		nulls[6] = {false};

	for (int i = 0; i < k; i++)
	{
		double		weight = 1.0 / (figures[2 * i + 1] * figures[2 * i + 1]);

		defined = defined && figures[2 * i + 1] > 0.0;
		weight_sum += weight;
		weighted += figures[2 * i] * weight;
	}
	pooled = defined ? weighted / weight_sum : NAN;
	for (int i = 0; i < k && defined; i++)
		q += (figures[2 * i] - pooled) * (figures[2 * i] - pooled) /
			(figures[2 * i + 1] * figures[2 * i + 1]);
	if (!defined || k < 2)
		q = NAN;
	i2 = q > (double) (k - 1) ? 100.0 * (q - (double) (k - 1)) / q : 0.0;

	values[0] = Int32GetDatum(k);
	values[1] = sq_float8_or_null(pooled, &nulls[1]);
	values[2] = sq_float8_or_null(q, &nulls[2]);
	values[3] = Int32GetDatum(k - 1);
	nulls[3] = nulls[2];
	values[4] = sq_float8_or_null(isnan(q) ? NAN : sq_chisq_upper_tail(q, k - 1), &nulls[4]);
	values[5] = sq_float8_or_null(isnan(q) ? NAN : i2, &nulls[5]);
	return sq_result_row(fcinfo, values, nulls);
}

/* NPS in points and its standard error, Wald or adjusted Wald. */
static bool
nps_figures(Datum state, bool adjusted, double *row)
{
	NpsSummary	s = sq_nps_summarize((RatingState *) DatumGetPointer(state));

	if (!s.valid)
		return false;
	if (adjusted && !isnan(s.stderr_points))
		s = sq_nps_adjusted(s);
	row[0] = s.score;
	row[1] = s.stderr_points;
	return true;
}

Datum
nps_heterogeneity(PG_FUNCTION_ARGS)
{
	bool		adjusted = sq_nps_method_is_adjusted(PG_GETARG_TEXT_PP(1));
	int			k;
	double	   *figures = group_rows(fcinfo, "rating_state", RATING_STATE_VERSION, 2,
									 nps_figures, adjusted, &k);

	PG_RETURN_DATUM(cochran_row(fcinfo, figures, k));
}

/* The mean rating and its standard error s / sqrt(n_eff). */
static bool
mean_figures(Datum state, bool adjusted pg_attribute_unused(), double *row)
{
	RatingState *s = (RatingState *) DatumGetPointer(state);

	row[0] = sq_rating_state_mean(s);
	row[1] = sqrt(sq_rating_state_variance(s) / sq_rating_state_effective_n(s));
	return !isnan(row[0]);
}

Datum
rating_mean_heterogeneity(PG_FUNCTION_ARGS)
{
	int			k;
	double	   *figures = group_rows(fcinfo, "rating_state", RATING_STATE_VERSION, 2,
									 mean_figures, false, &k);

	PG_RETURN_DATUM(cochran_row(fcinfo, figures, k));
}
