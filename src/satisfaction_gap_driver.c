/*-------------------------------------------------------------------------
 *
 * satisfaction_gap_driver.c
 *	  Gap analysis (expectation vs perception) and driver analysis (which
 *	  dimension moves overall satisfaction) of a paired_state.
 *
 * Gap: per dimension the mean of perception - expectation over the pairs,
 * with the standard deviation of the differences and a normal (z) interval
 * and two-sided p-value of the paired test.
 *
 * Driver: per dimension Pearson's correlation with the overall score
 * (derived importance), importance weights as the positive correlations'
 * shares, and the importance-performance quadrant with the cross-hairs at
 * the mean correlation and the mean performance over the dimensions.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"

#include "numerics.h"
#include "paired_state.h"

PG_FUNCTION_INFO_V1(gap_analysis);
PG_FUNCTION_INFO_V1(driver_analysis);
PG_FUNCTION_INFO_V1(driver_correlations);
PG_FUNCTION_INFO_V1(driver_importance);

/*
 * Names for a state's dimensions: its own when they are named, else those
 * of the optional names argument (NULL: none).
 */
static char **
names_argument(FunctionCallInfo fcinfo, int argno, const PairedState *state)
{
	char	  **names;

	if (state->kind == PAIRED_GAP_NAMED)
	{
		if (!PG_ARGISNULL(argno))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a paired_state of named dimensions takes no names argument"),
					 errdetail("Its dimensions are called by the names they were aggregated with.")));
		names = palloc(sizeof(char *) * state->ndims);
		for (int i = 0; i < state->ndims; i++)
			names[i] = PairedStateNames(state)[i];
		return names;
	}
	if (PG_ARGISNULL(argno))
		return NULL;
	return sq_satisfaction_names_from_array(PG_GETARG_ARRAYTYPE_P(argno), state->ndims);
}

static Datum
label_datum(char **names, int i)
{
	if (names)
		return CStringGetTextDatum(names[i]);
	return CStringGetTextDatum(psprintf("%d", i + 1));
}

/* Not strict, for the names DEFAULT NULL: a NULL state or level gives no rows. */
Datum
gap_analysis(PG_FUNCTION_ARGS)
{
	SqRows		rows;
	PairedState *state;
	char	  **names;
	double		level,
				z;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
	{
		sq_rows_begin(fcinfo, &rows);
		return (Datum) 0;
	}
	state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_GAP);
	names = names_argument(fcinfo, 1, state);
	level = PG_GETARG_FLOAT8(2);
	sq_check_level(level);
	z = sq_normal_critical_value(level);

	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < state->ndims; i++)
	{
		const PairedStats *s = &state->dims[i];
		Datum		values[9];
		bool		nulls[9] = {false};
		double		gap = s->n > 0 ? (s->sum_y - s->sum_x) / (double) s->n : NAN,
					stddev = s->n > 1 ? sqrt(PairedM2D(s) / (double) (s->n - 1)) : NAN,
					se = stddev / sqrt((double) s->n),
					lower,
					upper;

		sq_satisfaction_mean_interval(gap, stddev, s->n, z, &lower, &upper);
		values[0] = label_datum(names, i);
		values[1] = Int64GetDatum(s->n);
		values[2] = sq_float8_or_null(s->n > 0 ? PairedMeanX(s) : NAN, &nulls[2]);
		values[3] = sq_float8_or_null(s->n > 0 ? PairedMeanY(s) : NAN, &nulls[3]);
		values[4] = sq_float8_or_null(gap, &nulls[4]);
		values[5] = sq_float8_or_null(stddev, &nulls[5]);
		values[6] = sq_float8_or_null(lower, &nulls[6]);
		values[7] = sq_float8_or_null(upper, &nulls[7]);
		values[8] = sq_float8_or_null(se > 0.0 ? sq_normal_two_sided_p(gap / se) : NAN, &nulls[8]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/*
 * Pearson's r of a dimension with overall; NaN when either does not vary
 * (up to the rounding equal values leave, PairedM2X and PairedM2Y).
 * sqrt(m2_x * m2_y) is corr()'s formula; when the product overflows or
 * underflows, the product of the roots gives the right denominator instead.
 * Rounding can push |r| a hair above 1, hence the clip.
 */
static double
correlation(const PairedStats *s)
{
	double		m2_x,
				m2_y,
				denominator;

	if (s->n < 2)
		return NAN;
	m2_x = PairedM2X(s);
	m2_y = PairedM2Y(s);
	if (m2_x <= 0.0 || m2_y <= 0.0)
		return NAN;
	denominator = sqrt(m2_x * m2_y);
	if (!isnormal(denominator))
		denominator = sqrt(m2_x) * sqrt(m2_y);
	return fmax(-1.0, fmin(1.0, s->c_xy / denominator));
}

/*
 * Co-moments summed in double precision leave a correlation that is 0 at
 * about 1e-17 either side of it; below this, a correlation is no reason to
 * give a dimension importance (it could take all of it).
 */
#define DRIVER_CORRELATION_FLOOR 1e-12

typedef struct DriverFigures
{
	double	   *correlation;	/* NaN: undefined */
	double	   *importance;		/* NaN: undefined */
	double		mean_correlation;	/* the quadrant's cross-hairs */
	double		mean_performance;
} DriverFigures;

/* A correlation's part in the importance: itself above the floor, else 0. */
static inline double
positive_correlation(double r)
{
	return r > DRIVER_CORRELATION_FLOOR ? r : 0.0;
}

static DriverFigures
driver_figures(const PairedState *state)
{
	DriverFigures f;
	double		positive = 0.0,
				sum_r = 0.0,
				sum_perf = 0.0;
	int			defined = 0;

	f.correlation = palloc(sizeof(double) * Max(state->ndims, 1));
	f.importance = palloc(sizeof(double) * Max(state->ndims, 1));
	for (int i = 0; i < state->ndims; i++)
	{
		f.correlation[i] = correlation(&state->dims[i]);
		if (isnan(f.correlation[i]))
			continue;
		positive += positive_correlation(f.correlation[i]);
		sum_r += f.correlation[i];
		sum_perf += PairedMeanY(&state->dims[i]);
		defined++;
	}
	for (int i = 0; i < state->ndims; i++)
		f.importance[i] = isnan(f.correlation[i]) || positive <= 0.0 ? NAN :
			positive_correlation(f.correlation[i]) / positive;
	f.mean_correlation = defined ? sum_r / defined : NAN;
	f.mean_performance = defined ? sum_perf / defined : NAN;
	return f;
}

Datum
driver_analysis(PG_FUNCTION_ARGS)
{
	SqRows		rows;
	PairedState *state;
	char	  **names;
	DriverFigures f;

	if (PG_ARGISNULL(0))
	{
		sq_rows_begin(fcinfo, &rows);
		return (Datum) 0;
	}
	state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_DRIVER);
	names = names_argument(fcinfo, 1, state);
	f = driver_figures(state);

	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < state->ndims; i++)
	{
		const PairedStats *s = &state->dims[i];
		Datum		values[6];
		bool		nulls[6] = {false};

		values[0] = label_datum(names, i);
		values[1] = Int64GetDatum(s->n);
		values[2] = sq_float8_or_null(s->n > 0 ? PairedMeanY(s) : NAN, &nulls[2]);
		values[3] = sq_float8_or_null(f.correlation[i], &nulls[3]);
		values[4] = sq_float8_or_null(f.importance[i], &nulls[4]);
		nulls[5] = isnan(f.correlation[i]);
		if (!nulls[5])
			values[5] = CStringGetTextDatum(sq_satisfaction_quadrant(sq_satisfaction_on_or_above(f.correlation[i], f.mean_correlation),
																	 sq_satisfaction_on_or_above(PairedMeanY(s), f.mean_performance)));
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

Datum
driver_correlations(PG_FUNCTION_ARGS)
{
	PairedState *state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_DRIVER);

	PG_RETURN_DATUM(sq_float8_array(driver_figures(state).correlation, state->ndims));
}

Datum
driver_importance(PG_FUNCTION_ARGS)
{
	PairedState *state = sq_paired_state_of_kind(PG_GETARG_DATUM(0), PAIRED_DRIVER);

	PG_RETURN_DATUM(sq_float8_array(driver_figures(state).importance, state->ndims));
}
