/*-------------------------------------------------------------------------
 *
 * drivers_regression.c
 *	  driver_regression and driver_fit: ordinary least squares of the
 *	  overall score on the dimensions, from a moment_state.
 *
 * From the standardized fit (drivers_model.c), with s_j = sqrt(C_jj) the
 * root of dimension j's sum of squared deviations and n the total weight:
 *	 b_j = beta_j s_y / s_j,	b_0 = mean_y - sum_j b_j mean_j,
 *	 sigma^2 = (1 - R^2) C_yy / (n - p - 1),
 *	 var(b_j) = sigma^2 (R_xx^-1)_jj / C_jj,
 *	 var(b_0) = sigma^2 (1 / n + sum_ij mean_i mean_j (R_xx^-1)_ij / (s_i s_j)),
 * t = b / se with n - p - 1 degrees of freedom, and the F test of
 * R^2 / p against (1 - R^2) / (n - p - 1).  Where a statistic does not
 * exist (a perfect fit has no spread left to test against), it is NULL.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"

#include "drivers.h"
#include "numerics.h"

PG_FUNCTION_INFO_V1(driver_regression);
PG_FUNCTION_INFO_V1(driver_fit);

typedef struct Coefficient
{
	double		estimate;
	double		se;
	double		standardized;
} Coefficient;

/* The intercept (row 0) and the p coefficients (rows 1..p). */
static Coefficient *
coefficients(const DriverModel *m, const DriverFit *fit)
{
	int			p = m->p;
	double		c_yy = moment_state_comoment(m->state, p, p);
	double		sigma2 = (1.0 - fit->r2) * c_yy / fit->df;
	double		s_y = sqrt(c_yy);
	double	   *s = palloc(sizeof(double) * p);
	Coefficient *c = palloc(sizeof(Coefficient) * (p + 1));
	double		intercept_var = 1.0 / m->n;

	c[0].estimate = m->mean[p];
	c[0].standardized = NAN;
	for (int j = 0; j < p; j++)
	{
		s[j] = sqrt(moment_state_comoment(m->state, j, j));
		c[j + 1].standardized = fit->beta[j];
		c[j + 1].estimate = fit->beta[j] * s_y / s[j];
		c[j + 1].se = sqrt(sigma2 * fit->inverse[j * p + j]) / s[j];
		c[0].estimate -= c[j + 1].estimate * m->mean[j];
	}
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++)
			intercept_var += m->mean[i] / s[i] * fit->inverse[i * p + j] * m->mean[j] / s[j];
	c[0].se = sqrt(sigma2 * intercept_var);
	return c;
}

/* Not strict in spirit: a state without dimensions gives no rows. */
Datum
driver_regression(PG_FUNCTION_ARGS)
{
	double		level = PG_GETARG_FLOAT8(1);
	SqRows		rows;
	DriverModel m;
	DriverFit	fit;
	Coefficient *c = NULL;
	double		critical = NAN;

	fit.df = NAN;
	sq_check_level(level);
	if (!driver_rows_begin(fcinfo, &rows, &m))
		return (Datum) 0;
	if (driver_fittable(&m))
	{
		sq_driver_require_full_rank(&m);
		sq_driver_fit(&m, &fit);
		c = coefficients(&m, &fit);
		critical = sq_t_critical_value(level, fit.df);
	}
	for (int row = 0; row <= m.p; row++)
	{
		Datum		values[8];
		bool		nulls[8] = {false};
		double		estimate = c ? c[row].estimate : NAN,
					se = c ? c[row].se : NAN,
					t = se > 0.0 ? estimate / se : NAN;

		values[0] = row == 0 ? CStringGetTextDatum("intercept") : sq_driver_label_datum(&m, row - 1);
		values[1] = sq_float8_or_null(estimate, &nulls[1]);
		values[2] = sq_float8_or_null(se, &nulls[2]);
		values[3] = sq_float8_or_null(t, &nulls[3]);
		values[4] = sq_float8_or_null(isnan(t) ? NAN : sq_t_two_sided_p(t, fit.df), &nulls[4]);
		values[5] = sq_float8_or_null(estimate - critical * se, &nulls[5]);
		values[6] = sq_float8_or_null(estimate + critical * se, &nulls[6]);
		values[7] = sq_float8_or_null(c ? c[row].standardized : NAN, &nulls[7]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

Datum
driver_fit(PG_FUNCTION_ARGS)
{
	DriverModel m;
	DriverFit	fit;
	double		out[7] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};

	if (sq_driver_model_argument(fcinfo, &m))
	{
		if (driver_fittable(&m))
		{
			double		unexplained;

			sq_driver_require_full_rank(&m);
			sq_driver_fit(&m, &fit);
			unexplained = (1.0 - fit.r2) / fit.df;
			out[0] = fit.r2;
			out[1] = 1.0 - (1.0 - fit.r2) * (m.n - 1.0) / fit.df;
			out[2] = unexplained > 0.0 ? fit.r2 / m.p / unexplained : NAN;
			out[3] = m.p;
			out[4] = fit.df;
			out[5] = isnan(out[2]) ? NAN : sq_f_upper_tail(out[2], m.p, fit.df);
			out[6] = sqrt(unexplained * moment_state_comoment(m.state, m.p, m.p));
		}
	}
	return sq_float8_row(fcinfo, out, 7);
}
