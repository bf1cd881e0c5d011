/*-------------------------------------------------------------------------
 *
 * statistics.h
 *	  What the statistics_*.c files share: the exact binomial, two-sample
 *	  comparisons of proportions and of means, adjusted p-values, the
 *	  interval of a duration quantile, and labelled states read from arrays.
 *
 * The distributions themselves come from the numerical core (numerics.h).
 * A figure that does not exist (a z without variance, a bound the sample
 * cannot give) is NaN here and NULL in SQL, never an error.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STATISTICS_H
#define STATISTICS_H

#include "svcquality.h"

#include "duration.h"

/* ---- the exact binomial (statistics_binomial.c) ---------------------------
 *
 * B is binomial with n trials and success probability p.
 */

/* P(B <= k) and P(B >= k), from the regularized incomplete beta function. */
extern double sq_binomial_cdf(int64 k, int64 n, double p);
extern double sq_binomial_upper(int64 k, int64 n, double p);

/*
 * One-sided Clopper-Pearson limits of a proportion k / n: the lower limit
 * has P(B >= k) = alpha at it (0 when k = 0), the upper limit
 * P(B <= k) = alpha (1 when k = n).  Two-sided at level 1 - a: alpha = a / 2.
 */
extern double sq_clopper_pearson_lower(int64 k, int64 n, double alpha);
extern double sq_clopper_pearson_upper(int64 k, int64 n, double alpha);

/*
 * Ranks of the distribution-free interval of the q-quantile from n ordered
 * values (each a one-sided bound with error at most alpha, for B binomial
 * with n and q): the largest rank l with P(B < l) <= alpha, 0 when there is
 * none (or alpha is 0); the smallest rank u with P(B >= u) <= alpha, 0
 * when there is none (n + 1 would not fit at n = 2^63 - 1).
 * P(X_(l) > quantile) <= alpha and
 * P(X_(u) < quantile) <= alpha.
 */
extern int64 sq_quantile_lower_rank(int64 n, double q, double alpha);
extern int64 sq_quantile_upper_rank(int64 n, double q, double alpha);

/* ---- two samples (statistics_two_sample.c) ------------------------------- */

/*
 * p1 - p2 of x1 / (x1 + f1) and x2 / (x2 + f2), from successes and
 * failures (effective counts may be fractional):
 * out[] = {difference, z, p_value, lower, upper, risk_ratio,
 * risk_ratio_lower, risk_ratio_upper}: the pooled two-proportion z test,
 * Newcombe's hybrid score interval of the difference and Katz's log
 * interval of the ratio.  False when a side has no trials.
 */
#define SQ_PROPORTION_COMPARE_COLUMNS 8
#define SQ_PROPORTION_PAIRWISE_COLUMNS 5	/* the difference's columns */
extern bool sq_proportion_compare(double x1, double f1, double x2, double f2, double level,
								  double *out);

/*
 * Welch's t for mean1 - mean2 from sample variances and (effective) sizes:
 * out[] = {difference, stderr, df, t, p_value, lower, upper}.
 */
#define SQ_MEAN_COMPARE_COLUMNS 7
extern void sq_mean_compare(double mean1, double var1, double n1,
							double mean2, double var2, double n2,
							double level, double *out);

/* The same for the mean ratings of two states; false when one is empty. */
struct RatingState;
extern bool sq_rating_mean_compare(const struct RatingState *a, const struct RatingState *b,
								   double level, double *out);

/* ---- adjusted p-values (statistics_adjust.c) ----------------------------- */

typedef enum SqAdjustMethod
{
	SQ_ADJUST_HOLM,
	SQ_ADJUST_BH,
	SQ_ADJUST_BONFERRONI
} SqAdjustMethod;

/*
 * Adjust the p-values p[0..n-1] for the family of all of them that are not
 * NaN (a NaN stays NaN and does not count).
 */
extern void sq_p_adjust(const double *p, int n, SqAdjustMethod method, double *adjusted);

/* ---- duration quantiles (statistics_quantile.c) -------------------------- */

/*
 * The q-quantile of a non-empty state with a distribution-free interval:
 * the order statistics at the ranks above (one-sided errors alpha_lower and
 * alpha_upper; 0 for no bound on that side), each widened to the edges of
 * its bucket.  In seconds; lower is 0 and upper NaN where unbounded.
 */
typedef struct SqQuantileInterval
{
	DurationValue estimate;
	double		lower;
	double		upper;
} SqQuantileInterval;

extern SqQuantileInterval sq_duration_quantile_interval(const DurationCdf *cdf, double q,
														double alpha_lower,
														double alpha_upper);

/* ---- labelled states (statistics_groups.c) ------------------------------- */

/*
 * Groups as given by the arrays labels text[] and states <type>[] of a
 * many-groups function: a NULL state is a group without data (as an
 * aggregate over no rows gives); labels are unique and not NULL.  The
 * states are of type_name, each checked to be in its format version
 * (sq_check_stored_version).
 */
typedef struct SqGroups
{
	int			count;
	char	  **labels;			/* NULL for functions without labels */
	Datum	   *states;			/* detoasted; undefined where missing */
	bool	   *missing;
} SqGroups;

/*
 * A function's own limit on its groups: called with their number before any
 * state or label is read, it raises the error when they are too many.
 */
typedef void (*SqGroupsLimit) (int count);

/*
 * labels_arg < 0: the function takes the states only; limit NULL: no limit
 * of the function's own.
 */
extern void sq_groups_read(FunctionCallInfo fcinfo, int labels_arg, int states_arg,
						   const char *type_name, int version, SqGroupsLimit limit,
						   SqGroups *groups);

#endif							/* STATISTICS_H */
