/*-------------------------------------------------------------------------
 *
 * paired_state.c
 *	  paired_state type: construction, merging, and the check that a state
 *	  is of the analysis a function reads.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/datum.h"
#include "utils/float.h"

#include "paired_state.h"

const char *const sq_paired_kind_names[] = {"", "gap", "driver", "gap"};

/*
 * A new state in CurrentMemoryContext, also for an aggregate: the executor
 * copies a returned state that is not its incoming one into the aggregate's
 * context (and frees the old one), so allocating there would leave a dead
 * copy per group.
 */
PairedState *
sq_paired_state_new(int kind, int ndims)
{
	PairedState *state;

	if (ndims > SATISFACTION_MAX_DIMENSIONS)
		sq_satisfaction_report_too_many_dimensions(ndims);
	state = palloc0(PairedStateSize(kind, ndims));
	SET_VARSIZE(state, PairedStateSize(kind, ndims));
	state->version = PAIRED_STATE_VERSION;
	state->kind = kind;
	state->ndims = ndims;
	return state;
}

void
sq_paired_state_report_overflow(int position, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sums or co-moments of dimension %s are out of range",
					sq_satisfaction_dimension_label(position, name)),
			 errdetail("Scores this far apart cannot be summarized in double precision.")));
}

void
sq_paired_state_report_count_overflow(int position, const char *name, int64 n, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("number of pairs of dimension %s exceeds the 64-bit range",
					sq_satisfaction_dimension_label(position, name)),
			 sq_errdetail_count_sum(n, added)));
}

/* Chan, Golub and LeVeque's pairwise merge of two sets of pairs. */
static void
paired_stats_merge(PairedStats *a, const PairedStats *b, int position, const char *name)
{
	int64		n;
	double		dx,
				dy,
				f;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		*a = *b;
		return;
	}
	if (pg_add_s64_overflow(a->n, b->n, &n))
		sq_paired_state_report_count_overflow(position, name, a->n, b->n);
	dx = PairedMeanX(a) - PairedMeanX(b);
	dy = PairedMeanY(a) - PairedMeanY(b);
	f = (double) a->n * (double) b->n / (double) n;
	a->m2_x += b->m2_x + f * dx * dx;
	a->m2_y += b->m2_y + f * dy * dy;
	a->c_xy += b->c_xy + f * dx * dy;
	a->m2_d += b->m2_d + f * (dy - dx) * (dy - dx);
	a->sum_x += b->sum_x;
	a->sum_y += b->sum_y;
	a->n = n;
	if (isinf(a->sum_x) || isinf(a->sum_y) || isinf(a->m2_x) || isinf(a->m2_y) ||
		isinf(a->c_xy) || isinf(a->m2_d))
		sq_paired_state_report_overflow(position, name);
}

PairedState *
sq_paired_state_insert(const PairedState *state, int at, const char *name)
{
	PairedState *grown;

	if (state->ndims >= SATISFACTION_MAX_DIMENSIONS)
		sq_satisfaction_report_too_many_dimensions(state->ndims + 1);
	grown = sq_paired_state_new(PAIRED_GAP_NAMED, state->ndims + 1);
	sq_satisfaction_copy_with_gap(grown->dims, state->dims, state->ndims, sizeof(PairedStats), at);
	sq_satisfaction_copy_with_gap(PairedStateNames(grown), PairedStateNames(state), state->ndims,
								  sizeof(SatisfactionName), at);
	strlcpy(PairedStateNames(grown)[at], name, sizeof(SatisfactionName));
	return grown;
}

/* Named states: dimensions matched by name, new names inserted in order. */
static PairedState *
merge_named(PairedState *dst, const PairedState *src)
{
	for (int j = 0; j < src->ndims; j++)
	{
		const char *name = PairedStateNames(src)[j];
		int			at = sq_satisfaction_find_name(PairedStateNames(dst), dst->ndims, name);

		if (at < 0)
		{
			at = -at - 1;
			dst = sq_paired_state_insert(dst, at, name);
		}
		paired_stats_merge(&dst->dims[at], &src->dims[j], at + 1, name);
	}
	return dst;
}

/*
 * The rounding a sum of squared deviations m2 of n values around a mean
 * can carry (sq_rounding_slack): its own slack, plus what the rounding of
 * the running sums, of the order slack n |x|max, does to the deviations
 * (|x|max is at most |mean| + sqrt(m2)): for equal values, what
 * sq_equal_values_m2_slack allows, which readers take for no spread
 * (paired_m2).
 */
static double
moment_slack(double m2, double mean, double n, double slack)
{
	double		reach = fabs(mean) + sqrt(m2);

	return slack * m2 + 4.0 * n * slack * reach * sqrt(m2) + sq_equal_values_m2_slack(n, reach);
}

/*
 * The co-moments of n >= 2 pairs: m2_x and m2_y are >= 0, and the cross
 * deviations obey Cauchy and Schwarz, c_xy^2 <= m2_x m2_y, with equality
 * when n is 2 (two points are always on a line); the deviations of y - x
 * give m2_d = m2_x + m2_y - 2 c_xy.  With n >= 3 every such combination is
 * reached.  Each is checked within its rounding (moment_slack), with
 * products of square roots: m2_x m2_y itself can overflow or underflow.
 */
static const char *
comoment_problem(const PairedStats *s)
{
	double		n = (double) s->n,
				slack = sq_rounding_slack(n),
				mean_x = PairedMeanX(s),
				mean_y = PairedMeanY(s),
				ex = moment_slack(s->m2_x, mean_x, n, slack),
				ey = moment_slack(s->m2_y, mean_y, n, slack),
				ed = moment_slack(s->m2_d, mean_y - mean_x, n, slack),
				root_x = sqrt(s->m2_x),
				root_y = sqrt(s->m2_y),
				reach_x = fabs(mean_x) + root_x,
				reach_y = fabs(mean_y) + root_y,
				exy = slack * root_x * root_y +
	4.0 * n * slack * (reach_x * root_y + reach_y * root_x + slack * reach_x * reach_y),
				bound = sqrt(s->m2_x + ex) * sqrt(s->m2_y + ey) + exy,
				identity = s->m2_x + s->m2_y - 2.0 * s->c_xy;

	if (fabs(s->c_xy) > bound)
		return psprintf("c_xy %s is beyond +-%s, the square root of m2_x m2_y",
						sq_float8_text(s->c_xy), sq_float8_text(root_x * root_y));
	if (s->n == 2 &&
		fabs(s->c_xy) < sqrt(Max(s->m2_x - ex, 0.0)) * sqrt(Max(s->m2_y - ey, 0.0)) - exy)
		return psprintf("c_xy %s of two pairs is not +-%s, the square root of m2_x m2_y",
						sq_float8_text(s->c_xy), sq_float8_text(root_x * root_y));
	if (fabs(s->m2_d - identity) >
		slack * (s->m2_x + s->m2_y + 2.0 * fabs(s->c_xy) + s->m2_d) + ex + ey + ed + 2.0 * exy)
		return psprintf("m2_d %s is not m2_x + m2_y - 2 c_xy = %s",
						sq_float8_text(s->m2_d), sq_float8_text(identity));
	return NULL;
}

const char *
sq_paired_stats_problem(const PairedStats *s)
{
	if (s->n < 0)
		return "a number of pairs is negative";
	if (s->n == 0)
		return (s->sum_x != 0.0 || s->sum_y != 0.0 || s->m2_x != 0.0 || s->m2_y != 0.0 ||
				s->c_xy != 0.0 || s->m2_d != 0.0) ?
			"a dimension without pairs has a nonzero sum or co-moment" : NULL;
	if (!isfinite(s->sum_x) || !isfinite(s->sum_y) || !isfinite(s->m2_x) || !isfinite(s->m2_y) ||
		!isfinite(s->c_xy) || !isfinite(s->m2_d))
		return "a sum or co-moment is not finite";
	if (s->m2_x < 0.0 || s->m2_y < 0.0 || s->m2_d < 0.0)
		return "a sum of squared deviations is negative";
	if (s->n == 1)
		return (s->m2_x == 0.0 && s->m2_y == 0.0 && s->c_xy == 0.0 && s->m2_d == 0.0) ? NULL :
			"a dimension with one pair has a co-moment that is not 0";
	return comoment_problem(s);
}

/* Merge src into dst; returns dst, or a copy of src when dst is empty. */
PairedState *
sq_paired_state_merge(PairedState *dst, const PairedState *src)
{
	if (src->kind == PAIRED_EMPTY)
		return dst;
	if (dst->kind == PAIRED_EMPTY)
		return (PairedState *) DatumGetPointer(datumCopy(PointerGetDatum(src), false, -1));
	if ((dst->kind == PAIRED_GAP_NAMED) != (src->kind == PAIRED_GAP_NAMED) &&
		dst->kind != PAIRED_DRIVER && src->kind != PAIRED_DRIVER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a paired_state with named dimensions and one with positional dimensions"),
				 errhint("Aggregate all pairs in one form: gap_agg(expectations, perceptions) or gap_agg(dimension, expectation, perception).")));
	if (dst->kind != src->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a paired_state of a %s analysis with one of a %s analysis",
						sq_paired_kind_names[dst->kind], sq_paired_kind_names[src->kind])));
	if (dst->kind == PAIRED_GAP_NAMED)
		return merge_named(dst, src);
	if (dst->ndims != src->ndims)
		sq_satisfaction_report_merge_mismatch("paired_state", dst->ndims, src->ndims);
	for (int i = 0; i < dst->ndims; i++)
		paired_stats_merge(&dst->dims[i], &src->dims[i], i + 1, NULL);
	return dst;
}

PairedState *
sq_paired_state_of_kind(Datum datum, int kind)
{
	PairedState *state = DatumGetPairedState(datum);

	if (paired_analysis(state) != kind && state->kind != PAIRED_EMPTY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("this paired_state holds a %s analysis, not a %s analysis",
						sq_paired_kind_names[state->kind], sq_paired_kind_names[kind]),
				 errhint("Use %s_analysis() for a state built by %s_agg().",
						 sq_paired_kind_names[state->kind], sq_paired_kind_names[state->kind])));
	return state;
}
