/*-------------------------------------------------------------------------
 *
 * drivers_shapley.c
 *	  The Shapley value (LMG) decomposition of R^2: driver_shapley.
 *
 * Lindeman, Merenda and Gold (1980); Kruskal (1987); as a Shapley value,
 * Lipovetsky and Conklin (2001).  Dimension j's share of R^2 is its
 * increment R^2(S + j) - R^2(S) averaged over every order in which the
 * dimensions could enter the model:
 *	 phi_j = sum over S not holding j of |S|! (p - |S| - 1)! / p!
 *			 * (R^2(S + j) - R^2(S)),
 * and the phi_j add up to R^2 of the full model.  Budescu's (1993) general
 * dominance weights are the same numbers (the mean of the mean increments
 * at each subset size).
 *
 * The 2^p subset R^2 come from the correlation matrix by one sweep per
 * subset, visited in Gray-code order (sq_subset_r2 in numerics.h): about
 * 2^p (p + 1)^2 operations.  Exact up to DRIVER_SHAPLEY_MAX_DIMENSIONS
 * (20) dimensions: a million subsets, 8 MB, about a second of CPU.  Beyond
 * it the cost doubles with every dimension, and the function refuses
 * (SQLSTATE 54000, a limit of this implementation rather than anything
 * wrong with the input); relative weights have no such limit.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "port/pg_bitutils.h"

#include "drivers.h"
#include "numerics.h"

PG_FUNCTION_INFO_V1(driver_shapley);

/* for sq_subset_r2, whose second of work must stop at a cancel */
static void
check_for_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
sq_driver_shapley(const DriverModel *m, double *phi)
{
	int			p = m->p;
	uint32		subsets;
	double	   *r2;
	double	   *work = palloc(sizeof(double) * m->k * m->k);
	double		weight[DRIVER_SHAPLEY_MAX_DIMENSIONS];

	if (p > DRIVER_SHAPLEY_MAX_DIMENSIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("Shapley values of %d dimensions are beyond the limit of %d", p,
						DRIVER_SHAPLEY_MAX_DIMENSIONS),
				 errdetail("The exact decomposition fits 2^p regressions; with %d dimensions that is %.0f.",
						   p, ldexp(1.0, p)),
				 errhint("Use relative weights (driver_relative_weights, or method => 'relative_weights'), "
						 "which approximate Shapley values for any number of dimensions.")));
	subsets = (uint32) 1 << p;
	r2 = palloc(sizeof(double) * subsets);
	if (sq_subset_r2(m->corr, p, SQ_COLLINEAR, r2, work, check_for_interrupts) != 0)
		elog(ERROR, "R^2 of the subsets of %d dimensions failed", p);

	/* |S|! (p - |S| - 1)! / p! = 1 / (p * C(p - 1, |S|)) */
	weight[0] = 1.0 / p;
	for (int size = 1; size < p; size++)
		weight[size] = weight[size - 1] * size / (p - size);
	for (int j = 0; j < p; j++)
		phi[j] = 0.0;
	for (uint32 subset = 0; subset < subsets - 1; subset++)
	{
		double		w = weight[pg_popcount32(subset)];

		for (int j = 0; j < p; j++)
			if (!(subset & ((uint32) 1 << j)))
				phi[j] += w * (r2[subset | ((uint32) 1 << j)] - r2[subset]);
	}
}

Datum
driver_shapley(PG_FUNCTION_ARGS)
{
	return sq_driver_importance_rows(fcinfo, sq_driver_shapley);
}
