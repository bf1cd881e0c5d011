/*-------------------------------------------------------------------------
 *
 * drivers_model.c
 *	  The correlation matrix of a moment_state, the checks that the
 *	  regression of the overall score on the dimensions can be fitted, and
 *	  the fit itself (by sweeping the correlation matrix).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "drivers.h"
#include "numerics.h"


/*
 * Pearson's r from co-moments; NaN when either variable does not vary.
 * sqrt(cii * cjj) is corr()'s formula; when the product overflows or
 * underflows, the product of the roots gives the denominator instead.
 * Rounding can push |r| a hair above 1, hence the clip.
 */
static double
correlation(double cij, double cii, double cjj)
{
	double		denominator;

	if (!(cii > 0.0) || !(cjj > 0.0))
		return NAN;
	denominator = sqrt(cii * cjj);
	if (!isnormal(denominator))
		denominator = sqrt(cii) * sqrt(cjj);
	return fmax(-1.0, fmin(1.0, cij / denominator));
}

static void
model_of(const MomentState *s, DriverModel *m)
{
	int			k = moment_variables(s);

	m->state = s;
	m->p = s->ndims;
	m->k = k;
	m->n = s->weight;
	m->mean = moment_state_means(s);
	m->sd = palloc(sizeof(double) * k);
	m->corr = palloc(sizeof(double) * k * k);
	for (int i = 0; i < k; i++)
	{
		m->sd[i] = m->n > 1.0 ? sqrt(moment_state_comoment(s, i, i) / (m->n - 1.0)) : NAN;
		for (int j = 0; j < k; j++)
		{
			double		r = correlation(moment_state_comoment(s, i, j), moment_state_comoment(s, i, i),
										moment_state_comoment(s, j, j));

			m->corr[i * k + j] = (i == j && !isnan(r)) ? 1.0 : r;
		}
	}
	if (m->n <= 1.0)
		for (int i = 0; i < k * k; i++)
			m->corr[i] = NAN;
}

bool
sq_driver_model_argument(FunctionCallInfo fcinfo, DriverModel *m)
{
	const MomentState *s = PG_GETARG_MOMENT_STATE(0);

	if (s->kind == MOMENT_EMPTY)
		return false;
	model_of(s, m);
	return true;
}

Datum
sq_driver_label_datum(const DriverModel *m, int i)
{
	return CStringGetTextDatum(sq_moment_state_label(m->state, i));
}

static const char *
quoted_label(const DriverModel *m, int i)
{
	if (i == m->p)
		return m->state->kind == MOMENT_NAMED ?
			psprintf("the overall score \"%s\"", moment_state_names(m->state)[i]) : "the overall score";
	return psprintf("dimension \"%s\"", sq_moment_state_label(m->state, i));
}

/*
 * Dimension j lies within the span of the dimensions before it: name the
 * ones its regression on them uses (the sweep of R_xx on 0..j-1 leaves
 * those coefficients in column j).
 */
pg_attribute_noreturn() static void
report_collinear(const DriverModel *m, int j)
{
	int			p = m->p;
	double	   *a = palloc(sizeof(double) * p * p);
	StringInfoData others;

	for (int r = 0; r < p; r++)
		memcpy(a + r * p, m->corr + r * m->k, sizeof(double) * p);
	for (int i = 0; i < j; i++)
		(void) sq_sweep(a, p, i, SQ_COLLINEAR);
	initStringInfo(&others);
	for (int i = 0; i < j; i++)
		if (fabs(a[i * p + j]) > 1e-6)
			appendStringInfo(&others, "%s\"%s\"", others.len > 0 ? ", " : "",
							 sq_moment_state_label(m->state, i));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is a linear combination of %s", quoted_label(m, j),
					others.len > 0 ? others.data : "the dimensions before it"),
			 errdetail("Its scores are determined by theirs (R^2 = %.12g), so no regression can tell their effects apart.",
					   1.0 - a[j * p + j]),
			 errhint("Leave one of these dimensions out, or combine them into one.")));
}

/*
 * The overall score's R^2 on the dimensions, r' R^-1 r from the Cholesky
 * factor l of their correlations, is at most 1 for moments of real
 * responses.  A state given as text or binary can hold co-moments that no
 * responses have (input checks each variable's block, not the whole):
 * beyond 1 by more than rounding, every analysis would be fiction.  The
 * rounding grows with the squared standardized coefficients x = R^-1 r,
 * large when the overall score is a small difference of large dimensions
 * (hold time as total - wait - talk came to 1 + 2.7e-10 with |x|^2 near
 * 8e5), so the tolerance scales with them.
 */
static void
require_consistent_overall(const DriverModel *m, const double *l)
{
	int			p = m->p;
	double	   *x = palloc(sizeof(double) * p);
	double		r2 = 0.0,
				size = 1.0;

	for (int i = 0; i < p; i++)
		x[i] = m->corr[i * m->k + p];
	sq_cholesky_solve(l, p, x);
	for (int i = 0; i < p; i++)
	{
		r2 += m->corr[i * m->k + p] * x[i];
		size += x[i] * x[i];
	}
	if (r2 > 1.0 + SQ_COLLINEAR * size)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the co-moments of %s and the dimensions are not those of any responses",
						quoted_label(m, p)),
				 errdetail("The dimensions would explain more than all of its variance "
						   "(R^2 = %.12g).", r2),
				 errhint("A state built by moment_agg from responses has none: was this one written by hand?")));
	pfree(x);
}

void
sq_driver_require_full_rank(const DriverModel *m)
{
	int			p = m->p;
	double	   *a;
	int			failed;

	for (int i = m->k - 1; i >= 0; i--)
		if (!(moment_state_comoment(m->state, i, i) > 0.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s does not vary", quoted_label(m, i)),
					 errdetail("Every one of the %.15g complete responses (by weight) gives it the same score %.15g.",
							   m->n, m->mean[i]),
					 errhint(i == p ? "With a constant overall score there is nothing to explain." :
							 "A constant dimension cannot drive anything: leave it out.")));
	a = palloc(sizeof(double) * p * p);
	for (int r = 0; r < p; r++)
		memcpy(a + r * p, m->corr + r * m->k, sizeof(double) * p);
	failed = sq_cholesky(a, p, SQ_COLLINEAR);
	if (failed)
		report_collinear(m, failed - 1);
	require_consistent_overall(m, a);
	pfree(a);
}

/*
 * The residual share 1 - R^2 left by the sweep carries a rounding error that
 * grows with the squared standardized coefficients, as R^2 itself does (see
 * require_consistent_overall), with each of the sweeps, and with the
 * responses summed into the co-moments.  Five responses that three
 * dimensions fit exactly left a share of 6e-16 in some orders (about one
 * ulp of 1 + |beta|^2) and none in others, and the first gave an F of 6e14
 * and a p of 3e-8 made of that remainder; 3,000 responses of two nearly
 * collinear dimensions (|beta|^2 near 8e3) left up to 3e-11.  A share
 * within SQ_EXACT_FIT_ULPS ulps of 1 + |beta|^2 a variable and a square root
 * of the responses cannot be told from none: the fit is exact, and has no
 * residual to test against.
 */
#define SQ_EXACT_FIT_ULPS 4.0

void
sq_driver_fit(const DriverModel *m, DriverFit *fit)
{
	int			p = m->p,
				k = m->k;
	double	   *a = palloc(sizeof(double) * k * k);
	double		size = 1.0;

	memcpy(a, m->corr, sizeof(double) * k * k);
	for (int j = 0; j < p; j++)
		if (sq_sweep(a, k, j, SQ_COLLINEAR) != 0)
			elog(ERROR, "sweep of a full-rank correlation matrix failed at dimension %d", j + 1);
	fit->df = m->n - p - 1.0;
	fit->beta = palloc(sizeof(double) * p);
	fit->inverse = palloc(sizeof(double) * p * p);
	for (int i = 0; i < p; i++)
	{
		fit->beta[i] = a[i * k + p];
		size += fit->beta[i] * fit->beta[i];
		for (int j = 0; j < p; j++)
			fit->inverse[i * p + j] = -a[i * k + j];
	}
	fit->r2 = a[p * k + p] <= SQ_EXACT_FIT_ULPS * k * sqrt(fmax(1.0, m->n)) * DBL_EPSILON * size ? 1.0 :
		fmin(1.0, fmax(0.0, 1.0 - a[p * k + p]));
	pfree(a);
}

double
sq_driver_coefficient_p(const DriverModel *m, const DriverFit *fit, int j)
{
	double		se = sqrt((1.0 - fit->r2) * fit->inverse[j * m->p + j] / fit->df);

	if (!(se > 0.0))
		return NAN;
	return sq_t_two_sided_p(fit->beta[j] / se, fit->df);
}

Datum
sq_driver_importance_rows(FunctionCallInfo fcinfo, DriverImportance measure)
{
	SqRows		rows;
	DriverModel m;
	double	   *values;
	double		total = 0.0;

	if (!driver_rows_begin(fcinfo, &rows, &m))
		return (Datum) 0;
	values = palloc(sizeof(double) * m.p);
	for (int j = 0; j < m.p; j++)
		values[j] = NAN;
	if (driver_fittable(&m))
	{
		sq_driver_require_full_rank(&m);
		measure(&m, values);
		for (int j = 0; j < m.p; j++)
			total += values[j];
	}
	for (int j = 0; j < m.p; j++)
	{
		Datum		row[3];
		bool		nulls[3] = {false};

		row[0] = sq_driver_label_datum(&m, j);
		row[1] = sq_float8_or_null(values[j], &nulls[1]);
		row[2] = sq_float8_or_null(total > DRIVER_R2_FLOOR ? 100.0 * values[j] / total : NAN,
								   &nulls[2]);
		sq_rows_add(&rows, row, nulls);
	}
	return (Datum) 0;
}
