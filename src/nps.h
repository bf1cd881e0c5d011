/*-------------------------------------------------------------------------
 *
 * nps.h
 *	  The NPS figures of a rating_state, shared by nps.c and the statistics
 *	  functions (one-sample tests, many groups).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NPS_H
#define NPS_H

#include "rating_state.h"

/* The NPS figures of one state; valid is false when there is no mass. */
typedef struct NpsSummary
{
	bool		valid;
	double		promoter_share;
	double		passive_share;
	double		detractor_share;
	double		score;			/* points, -100 to 100 */
	double		effective_n;
	double		stderr_points;	/* NaN when effective_n is 0 */
} NpsSummary;

extern NpsSummary sq_nps_summarize(const RatingState *state);

/*
 * The variance of one response's NPS on the 0-1 scale from the promoter,
 * passive and detractor shares: p + d - (p - d)^2, in a form that keeps its
 * relative accuracy when one share is nearly 1.
 */
extern double sq_nps_unit_variance(double p, double s, double d);

/*
 * The summary the adjusted-Wald method works with (Rocks 2016): 3/4 of a
 * response more among the promoters and among the detractors, 3 more
 * responses in all (so 1.5 more passives); shares, score and standard error
 * of those.
 */
extern NpsSummary sq_nps_adjusted(NpsSummary s);

/* NPS(a) - NPS(b) in points, keeping its digits near 100 and -100. */
extern double sq_nps_difference(const NpsSummary *a, const NpsSummary *b);

/* The method argument of the NPS intervals and tests: true for 'adjusted_wald'. */
extern bool sq_nps_method_is_adjusted(text *method);

/*
 * nps(a) - nps(b) in points and the Wald test of it, into
 * out[] = {difference, stderr, z, p_value, lower, upper} (NaN where a figure
 * does not exist).  With adjusted, the standard error, z, p and the interval
 * are those of the adjusted shares; the difference stays the observed one.
 * False, out untouched, when a side has no responses or no standard error
 * (weights too small for an effective n): 0.1.0 gave NULL then, and stored
 * views must read the same.
 */
#define SQ_NPS_COMPARE_COLUMNS 6
extern bool sq_nps_compare(const RatingState *a, const RatingState *b, double level,
						   bool adjusted, double *out);

#endif							/* NPS_H */
