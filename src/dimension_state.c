/*-------------------------------------------------------------------------
 *
 * dimension_state.c
 *	  dimension_state type: construction, named dimensions, merging.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "utils/datum.h"

#include "dimension_state.h"

DimensionState *
sq_dimension_state_new(int kind, int ndims)
{
	DimensionState *state;

	if (ndims > SATISFACTION_MAX_DIMENSIONS)
		sq_satisfaction_report_too_many_dimensions(ndims);
	state = palloc0(DimensionStateSize(kind, ndims));
	SET_VARSIZE(state, DimensionStateSize(kind, ndims));
	state->version = DIMENSION_STATE_VERSION;
	state->kind = kind;
	state->ndims = ndims;
	return state;
}

int
sq_dimension_state_find(const DimensionState *state, const char *name)
{
	return sq_satisfaction_find_name(DimensionStateNames(state), state->ndims, name);
}

DimensionState *
sq_dimension_state_insert(const DimensionState *state, int at, const char *name)
{
	DimensionState *grown = sq_dimension_state_new(DIMENSION_NAMED, state->ndims + 1);

	sq_satisfaction_copy_with_gap(grown->dims, state->dims, state->ndims, sizeof(DimensionStats), at);
	sq_satisfaction_copy_with_gap(DimensionStateNames(grown), DimensionStateNames(state), state->ndims,
								  sizeof(DimensionName), at);
	strlcpy(DimensionStateNames(grown)[at], name, sizeof(DimensionName));
	return grown;
}

void
sq_dimension_state_report_overflow(int position, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum or variance of the scores of dimension %s is out of range",
					sq_satisfaction_dimension_label(position, name)),
			 errdetail("Scores this far apart cannot be summarized in double precision.")));
}

/* Chan, Golub and LeVeque: combine two sets' counts, sums and squared deviations. */
static void
dimension_stats_merge(DimensionStats *a, const DimensionStats *b, int position, const char *name)
{
	int64		n;
	double		mean_difference;

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
				 errmsg("number of answers of dimension %s exceeds the 64-bit range",
						sq_satisfaction_dimension_label(position, name))));
	mean_difference = dimension_stats_mean(a) - dimension_stats_mean(b);
	a->m2 += b->m2 + (double) a->n * (double) b->n * mean_difference * mean_difference / (double) n;
	a->sum += b->sum;
	a->min = Min(a->min, b->min);
	a->max = Max(a->max, b->max);
	a->n = n;
	if (isinf(a->m2) || isinf(a->sum))
		sq_dimension_state_report_overflow(position, name);
}

/*
 * Merge src into dst; returns dst, or a new state when dst must grow (new
 * names, or dst empty).  Positional states must agree on their number of
 * dimensions.
 */
DimensionState *
sq_dimension_state_merge(DimensionState *dst, const DimensionState *src)
{
	if (src->kind == DIMENSION_EMPTY)
		return dst;
	if (dst->kind == DIMENSION_EMPTY)
		return (DimensionState *) DatumGetPointer(datumCopy(PointerGetDatum(src), false, -1));
	if (dst->kind != src->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a dimension_state with named dimensions and one with positional dimensions"),
				 errhint("Aggregate all responses in one form: dimension_agg(scores) or dimension_agg(dimension, score).")));
	if (dst->kind == DIMENSION_POSITIONAL)
	{
		if (dst->ndims != src->ndims)
			sq_satisfaction_report_merge_mismatch("dimension_state", dst->ndims, src->ndims);
		for (int i = 0; i < dst->ndims; i++)
			dimension_stats_merge(&dst->dims[i], &src->dims[i], i + 1, NULL);
		return dst;
	}
	for (int j = 0; j < src->ndims; j++)
	{
		const char *name = DimensionStateNames(src)[j];
		int			at = sq_dimension_state_find(dst, name);

		if (at < 0)
		{
			at = -at - 1;
			if (dst->ndims >= SATISFACTION_MAX_DIMENSIONS)
				sq_satisfaction_report_too_many_dimensions(dst->ndims + 1);
			dst = sq_dimension_state_insert(dst, at, name);
		}
		dimension_stats_merge(&dst->dims[at], &src->dims[j], at + 1, name);
	}
	return dst;
}
