/*-------------------------------------------------------------------------
 *
 * drivers_weights.c
 *	  Johnson's relative weights: driver_relative_weights.
 *
 * Johnson (2000), "A heuristic method for estimating the relative weight
 * of predictor variables in multiple regression", Multivariate Behavioral
 * Research 35(1), 1-19.  The dimensions X are replaced by their closest
 * orthonormal approximation Z (Johnson-Lindeman-Gold); with the
 * eigendecomposition R_xx = V diag(lambda) V':
 *	 Lambda = R_xx^(1/2) = V diag(sqrt(lambda)) V'	(X regressed on Z),
 *	 beta* = R_xx^(-1/2) r_xy						(y regressed on Z),
 *	 eps_j = sum_k Lambda_jk^2 beta*_k^2.
 * Each column of Lambda has unit length, so the eps_j add up to
 * |beta*|^2 = r_xy' R_xx^-1 r_xy = R^2.  Rescaled weights are eps_j / R^2 in
 * percent.
 *
 * There is no significance test here: the sampling distribution of a
 * relative weight has no closed form, and the bootstrap that Tonidandel,
 * LeBreton and Johnson (2009) propose needs the raw responses, which a
 * state of moments no longer has.  driver_report tests the regression
 * coefficient instead, and says so.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"

#include "drivers.h"
#include "numerics.h"

PG_FUNCTION_INFO_V1(driver_relative_weights);

#define RELATIVE_WEIGHTS_EIGEN_FLOOR 1e-14

void
sq_driver_relative_weights(const DriverModel *m, double *eps)
{
	int			p = m->p;
	double	   *rxx = palloc(sizeof(double) * p * p);
	double	   *root = palloc(sizeof(double) * p * p);
	double	   *inverse_root = palloc(sizeof(double) * p * p);
	double	   *work = palloc(sizeof(double) * (2 * p * p + p));
	double	   *beta = palloc(sizeof(double) * p);

	for (int r = 0; r < p; r++)
		memcpy(rxx + r * p, m->corr + r * m->k, sizeof(double) * p);

	/*
	 * The caller's full-rank rule (each dimension's 1 - R^2 on the others at
	 * least 1e-10) is what refuses collinear dimensions, for every measure
	 * alike; an eigenvalue ratio of 1e-10 was stricter, and refused relative
	 * weights of data the regression fits.  This floor only guards the square
	 * roots against eigenvalues that are rounding.
	 */
	if (sq_symmetric_power(rxx, p, 0.5, RELATIVE_WEIGHTS_EIGEN_FLOOR, root, work) != 0 ||
		sq_symmetric_power(rxx, p, -0.5, RELATIVE_WEIGHTS_EIGEN_FLOOR, inverse_root, work) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the correlation matrix of the dimensions is too close to singular for relative weights"),
				 errdetail("Its smallest eigenvalue is within 1e-14 of 0 relative to its largest."),
				 errhint("Leave out a dimension that nearly duplicates others.")));
	for (int i = 0; i < p; i++)
	{
		beta[i] = 0.0;
		for (int j = 0; j < p; j++)
			beta[i] += inverse_root[i * p + j] * m->corr[j * m->k + p];
	}
	for (int j = 0; j < p; j++)
	{
		eps[j] = 0.0;
		for (int i = 0; i < p; i++)
			eps[j] += root[j * p + i] * root[j * p + i] * beta[i] * beta[i];
	}
}

/* Raw weights and their share of R^2 in percent. */
Datum
driver_relative_weights(PG_FUNCTION_ARGS)
{
	return sq_driver_importance_rows(fcinfo, sq_driver_relative_weights);
}
