/*-------------------------------------------------------------------------
 *
 * drivers_report.c
 *	  driver_report: the key-driver report of a moment_state, as customer
 *	  experience suites show it.
 *
 * Per dimension: performance (its mean score), its correlation with the
 * overall score, its standardized regression coefficient and that
 * coefficient's two-sided p-value, whether it is significant at alpha,
 * its importance (Johnson's relative weight, or its Shapley value) and its
 * share of the importances in percent, and the importance-performance
 * quadrant (Martilla and James) with the cross-hairs at the mean share and
 * the mean performance over the dimensions.
 *
 * Significance is the coefficient's t test: does the dimension add to the
 * prediction of the overall score given the others?  Relative weights and
 * Shapley values have no test that moments allow (see drivers_weights.c).
 * With zero_insignificant, dimensions whose coefficient is not significant
 * get importance 0, and the shares are taken over the significant ones, so
 * that they still add up to 100.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"

#include "drivers.h"
#include "numerics.h"
#include "satisfaction_args.h"

PG_FUNCTION_INFO_V1(driver_report);

typedef struct ReportColumns
{
	double	   *p_value;
	double	   *beta;
	double	   *importance;
	double	   *share;
	double		mean_share;
	double		mean_performance;
} ReportColumns;

static DriverImportance
measure_argument(text *method)
{
	char	   *name = text_to_cstring(method);

	if (strcmp(name, "relative_weights") == 0)
		return sq_driver_relative_weights;
	if (strcmp(name, "shapley") == 0)
		return sq_driver_shapley;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown importance method \"%s\"", name),
			 errdetail("The methods are 'relative_weights' and 'shapley'.")));
}

static double *
nans(int count)
{
	double	   *values = palloc(sizeof(double) * count);

	for (int i = 0; i < count; i++)
		values[i] = NAN;
	return values;
}

static ReportColumns
report_columns(const DriverModel *m, DriverImportance measure, double alpha,
			   bool zero_insignificant)
{
	ReportColumns c = {nans(m->p), nans(m->p), nans(m->p), nans(m->p), NAN, NAN};
	DriverFit	fit;
	double		total = 0.0,
				performance = 0.0;

	if (!driver_fittable(m))
		return c;
	sq_driver_require_full_rank(m);
	sq_driver_fit(m, &fit);
	measure(m, c.importance);
	for (int j = 0; j < m->p; j++)
	{
		c.beta[j] = fit.beta[j];
		c.p_value[j] = sq_driver_coefficient_p(m, &fit, j);
		if (zero_insignificant && c.p_value[j] >= alpha)
			c.importance[j] = 0.0;
		total += c.importance[j];
		performance += m->mean[j];
	}
	for (int j = 0; j < m->p; j++)
		c.share[j] = total > DRIVER_R2_FLOOR ? 100.0 * c.importance[j] / total : NAN;
	c.mean_share = total > DRIVER_R2_FLOOR ? 100.0 / m->p : NAN;
	c.mean_performance = performance / m->p;
	return c;
}

Datum
driver_report(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(1);
	bool		zero_insignificant = PG_GETARG_BOOL(2);
	DriverImportance measure = measure_argument(PG_GETARG_TEXT_PP(3));
	SqRows		rows;
	DriverModel m;
	ReportColumns c;

	if (!(alpha > 0.0 && alpha < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("significance level %s is not between 0 and 1", sq_float8_text(alpha)),
				 errdetail("alpha is the largest p-value counted as significant, such as 0.05.")));
	if (!driver_rows_begin(fcinfo, &rows, &m))
		return (Datum) 0;
	c = report_columns(&m, measure, alpha, zero_insignificant);
	for (int j = 0; j < m.p; j++)
	{
		Datum		values[9];
		bool		nulls[9] = {false};

		values[0] = sq_driver_label_datum(&m, j);
		values[1] = sq_float8_or_null(m.mean[j], &nulls[1]);
		values[2] = sq_float8_or_null(m.corr[j * m.k + m.p], &nulls[2]);
		values[3] = sq_float8_or_null(c.beta[j], &nulls[3]);
		values[4] = sq_float8_or_null(c.p_value[j], &nulls[4]);
		values[5] = BoolGetDatum(c.p_value[j] < alpha);
		nulls[5] = isnan(c.p_value[j]);
		values[6] = sq_float8_or_null(c.importance[j], &nulls[6]);
		values[7] = sq_float8_or_null(c.share[j], &nulls[7]);
		nulls[8] = isnan(c.share[j]);
		if (!nulls[8])
			values[8] = CStringGetTextDatum(sq_satisfaction_quadrant(sq_satisfaction_on_or_above(c.share[j], c.mean_share),
																	 sq_satisfaction_on_or_above(m.mean[j], c.mean_performance)));
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}
