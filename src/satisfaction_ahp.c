/*-------------------------------------------------------------------------
 *
 * satisfaction_ahp.c
 *	  Weights from judgments (analytic hierarchy process): the principal
 *	  eigenvector of a pairwise comparison matrix, with Saaty's consistency
 *	  index and ratio.
 *
 * Entry a[i][j] says how many times more important dimension i is than
 * dimension j (Saaty's 1-9 scale), so a[j][i] = 1 / a[i][j] and a[i][i] = 1.
 * The weights are the normalised principal eigenvector, found by power
 * iteration from the rows' geometric means (which converge fast for these
 * positive matrices).  CI = (lambda_max - n) / (n - 1), CR = CI / RI(n);
 * a CR above 0.1 means the judgments contradict each other too much.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "satisfaction_args.h"

PG_FUNCTION_INFO_V1(ahp_weights);

#define AHP_MAX 15
#define AHP_CR_LIMIT 0.1
/* reciprocals typed as decimals (0.333 for 1/3) are accepted less than 1% off */
#define AHP_RECIPROCAL_TOLERANCE 0.01
#define AHP_MAX_ITERATIONS 1000

/* Saaty's random consistency indices for n = 1 .. 15 */
static const double random_index[AHP_MAX + 1] = {
	0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
};

static void
report_entry(int i, int j, double value, const char *problem, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("comparison [%d][%d] = %s %s", i + 1, j + 1,
					sq_float8_text(value), problem),
			 errdetail("%s", detail)));
}

/* The matrix as n * n doubles, checked. */
static double *
read_matrix(ArrayType *array, int *n_out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count,
				n;
	double	   *a;

	if (ARR_NDIM(array) != 2 || ARR_DIMS(array)[0] != ARR_DIMS(array)[1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 ARR_NDIM(array) == 2 ?
				 errmsg("comparison matrix is %d by %d, not square",
						ARR_DIMS(array)[0], ARR_DIMS(array)[1]) :
				 errmsg("comparison matrix must be a two-dimensional array, not %d-dimensional",
						ARR_NDIM(array)),
				 errdetail("Give an n by n array such as ARRAY[[1, 3], [1/3., 1]].")));
	n = ARR_DIMS(array)[0];
	if (n > AHP_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("comparison matrix is %d by %d; at most %d dimensions are supported",
						n, n, AHP_MAX),
				 errdetail("Saaty's random indices, needed for the consistency ratio, go up to %d.",
						   AHP_MAX)));
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	a = palloc(sizeof(double) * count);
	for (int k = 0; k < count; k++)
	{
		if (nulls[k])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("comparison [%d][%d] is NULL", k / n + 1, k % n + 1),
					 errdetail("Every pair of dimensions needs a judgment.")));
		a[k] = DatumGetFloat8(elems[k]);
		if (!(a[k] > 0.0) || isinf(a[k]))
			report_entry(k / n, k % n, a[k], "is invalid",
						 "Entries are positive and finite: a[i][j] says how many times more important i is than j.");
	}
	for (int i = 0; i < n; i++)
	{
		if (fabs(a[i * n + i] - 1.0) > 1e-9)
			report_entry(i, i, a[i * n + i], "is invalid",
						 "Each dimension is as important as itself: the diagonal is 1.");
		for (int j = i + 1; j < n; j++)
		{
			if (fabs(a[i * n + j] * a[j * n + i] - 1.0) <= AHP_RECIPROCAL_TOLERANCE)
				continue;
			report_entry(j, i, a[j * n + i],
						 psprintf("is not the reciprocal of [%d][%d] = %s", i + 1, j + 1,
								  sq_float8_text(a[i * n + j])),
						 "a[j][i] must be 1 / a[i][j] (less than 1% off).");
		}
	}
	*n_out = n;
	return a;
}

/* A w, normalised to sum 1 into next; returns the sum before normalising. */
static double
multiply(const double *a, const double *w, double *next, int n)
{
	double		sum = 0.0;

	for (int i = 0; i < n; i++)
	{
		next[i] = 0.0;
		for (int j = 0; j < n; j++)
			next[i] += a[i * n + j] * w[j];
		sum += next[i];
	}
	for (int i = 0; i < n; i++)
		next[i] /= sum;
	return sum;
}

Datum
ahp_weights(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *a = read_matrix(PG_GETARG_ARRAYTYPE_P(0), &n);
	double	   *w = palloc(sizeof(double) * n),
			   *next = palloc(sizeof(double) * n);
	double		sum = 0.0,
				lambda = 0.0,
				ci,
				cr;
	Datum		values[5];
	bool		nulls[5] = {false};

	for (int i = 0; i < n; i++)
	{
		double		log_sum = 0.0;

		for (int j = 0; j < n; j++)
			log_sum += log(a[i * n + j]);
		w[i] = exp(log_sum / n);
		sum += w[i];
	}
	for (int i = 0; i < n; i++)
		w[i] /= sum;

	for (int iteration = 0; iteration < AHP_MAX_ITERATIONS; iteration++)
	{
		double		change = 0.0;

		multiply(a, w, next, n);
		for (int i = 0; i < n; i++)
		{
			change = fmax(change, fabs(next[i] - w[i]));
			w[i] = next[i];
		}
		if (change <= 1e-15)
			break;
	}

	/* lambda_max: (A w)_i / w_i, averaged; w sums to 1, so this is sum(A w) */
	lambda = multiply(a, w, next, n);
	ci = n > 2 ? fmax(0.0, (lambda - n) / (n - 1)) : 0.0;
	cr = n > 2 ? ci / random_index[n] : 0.0;
	if (cr > AHP_CR_LIMIT)
		ereport(WARNING,
				(errmsg("pairwise comparisons are inconsistent: consistency ratio %.3f is above %.1f",
						cr, AHP_CR_LIMIT),
				 errhint("Revise the judgments that contradict each other before using these weights.")));

	values[0] = sq_float8_array(w, n);
	values[1] = Float8GetDatum(lambda);
	values[2] = Float8GetDatum(ci);
	values[3] = Float8GetDatum(cr);
	values[4] = BoolGetDatum(cr <= AHP_CR_LIMIT);
	PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
}
