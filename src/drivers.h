/*-------------------------------------------------------------------------
 *
 * drivers.h
 *	  What the key-driver functions share: the correlation matrix of a
 *	  moment_state, the checks that a regression can be fitted, and the
 *	  regression of the overall score on the dimensions.
 *
 * Everything is computed from the correlation matrix R of the k = p + 1
 * variables (the p dimensions, then the overall score y): the regression's
 * standardized coefficients are R_xx^-1 r_xy, R^2 = r_xy' R_xx^-1 r_xy, and
 * the unstandardized coefficients, their standard errors and the intercept
 * follow from the standard deviations and means.  Working on R rather
 * than on the co-moments keeps the linear algebra well scaled whatever the
 * scores' units.
 *
 * Weights are frequency weights: the total weight n is the sample size,
 * and the residual degrees of freedom are n - p - 1.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DRIVERS_H
#define DRIVERS_H

#include "svcquality.h"

#include "moment_state.h"

typedef struct DriverModel
{
	const MomentState *state;
	int			p;				/* dimensions */
	int			k;				/* variables: p + 1, the overall score last */
	double		n;				/* total weight of the complete responses */
	const double *mean;			/* k means */
	double	   *sd;				/* k sample standard deviations (NaN: n < 2) */
	double	   *corr;			/* k x k correlations (NaN where undefined) */
} DriverModel;

/* The regression of the overall score on every dimension. */
typedef struct DriverFit
{
	double		r2;
	double		df;				/* residual degrees of freedom, n - p - 1 */
	double	   *beta;			/* p standardized coefficients */
	double	   *inverse;		/* p x p, R_xx^-1 */
} DriverFit;

/* The model of the state in argument 0; false when it has no dimensions yet. */
extern bool sq_driver_model_argument(FunctionCallInfo fcinfo, DriverModel *m);

/* A set-returning function's rows begun, then the model as above. */
static inline bool
driver_rows_begin(FunctionCallInfo fcinfo, SqRows *rows, DriverModel *m)
{
	sq_rows_begin(fcinfo, rows);
	return sq_driver_model_argument(fcinfo, m);
}

/*
 * Whether the model can be fitted at all: at least p + 2 responses (by
 * weight), so that there is a residual degree of freedom.  Below that,
 * every estimate is NULL.
 */
static inline bool
driver_fittable(const DriverModel *m)
{
	return m->n >= m->p + 2;
}

/*
 * Errors (22023, naming the variable) when the overall score or a
 * dimension does not vary, or a dimension is a linear combination of the
 * dimensions before it: no coefficient, weight or share would mean
 * anything then.
 */
extern void sq_driver_require_full_rank(const DriverModel *m);

/* The regression; requires driver_fittable() and full rank. */
extern void sq_driver_fit(const DriverModel *m, DriverFit *fit);

/* Two-sided p-value of coefficient j's t test. */
extern double sq_driver_coefficient_p(const DriverModel *m, const DriverFit *fit, int j);

/* Johnson's relative weights of the p dimensions into eps (adding up to R^2). */
extern void sq_driver_relative_weights(const DriverModel *m, double *eps);

/* The Shapley values of the p dimensions into phi (adding up to R^2). */
#define DRIVER_SHAPLEY_MAX_DIMENSIONS 20
extern void sq_driver_shapley(const DriverModel *m, double *phi);

/*
 * An importance measure: the p dimensions' shares of R^2 into out, given a
 * fittable model of full rank.  Shares of a total below DRIVER_R2_FLOOR
 * are not given: that is what dimensions whose correlations are all 0 up to
 * rounding (under 1e-12, as driver_analysis counts them) explain, and the
 * shares of it would be rounding noise.
 */
#define DRIVER_R2_FLOOR 1e-24
typedef void (*DriverImportance) (const DriverModel *m, double *out);

/*
 * The rows (dimension, value, percent of the values' total) of the
 * importance measure for the state in argument 0: NULL values when the
 * model cannot be fitted, no rows for a state without dimensions.
 */
extern Datum sq_driver_importance_rows(FunctionCallInfo fcinfo, DriverImportance measure);

/* The label of variable i (a dimension, or the overall score) as text. */
extern Datum sq_driver_label_datum(const DriverModel *m, int i);

#endif							/* DRIVERS_H */
