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
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number of pairs of dimension %s exceeds the 64-bit range",
						sq_satisfaction_dimension_label(position, name))));
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
	int			analysis = state->kind == PAIRED_GAP_NAMED ? PAIRED_GAP : state->kind;

	if (analysis != kind && state->kind != PAIRED_EMPTY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("this paired_state holds a %s analysis, not a %s analysis",
						sq_paired_kind_names[state->kind], sq_paired_kind_names[kind]),
				 errhint("Use %s_analysis() for a state built by %s_agg().",
						 sq_paired_kind_names[state->kind], sq_paired_kind_names[state->kind])));
	return state;
}
