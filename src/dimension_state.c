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
#include "utils/float.h"

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

void
sq_dimension_state_report_count_overflow(int position, const char *name, int64 n, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("number of answers of dimension %s exceeds the 64-bit range",
					sq_satisfaction_dimension_label(position, name)),
			 sq_errdetail_count_sum(n, added)));
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
		sq_dimension_state_report_count_overflow(position, name, a->n, b->n);
	mean_difference = dimension_stats_mean(a) - dimension_stats_mean(b);
	a->m2 += b->m2 + (double) a->n * (double) b->n * mean_difference * mean_difference / (double) n;
	a->sum += b->sum;
	a->min = Min(a->min, b->min);
	a->max = Max(a->max, b->max);
	a->n = n;
	if (a->min == a->max)
		a->m2 = 0.0;
	if (isinf(a->m2) || isinf(a->sum))
		sq_dimension_state_report_overflow(position, name);
}

/*
 * Where n >= 2 answers between min a and max b, both among them, put the
 * sum and m2.  In units of the range, u = (x - a) / (b - a) lies in [0, 1],
 * one u is 0 and one is 1; m is their mean.  Then
 *	 - the sum lies between (n - 1) a + b and a + (n - 1) b: 1/n <= m <= 1 - 1/n;
 *	 - m2 / (b - a)^2, the sum of (u - m)^2, is least when the other n - 2
 *	   are equal: m^2 + (1 - m)^2 + (2m - 1)^2 / (n - 2) (1/2 when n is 2);
 *	 - and greatest at a vertex of the box: all at 0 or 1 but one, at the
 *	   fractional part f of n m, which gives n m (1 - m) - f (1 - f);
 *	 - every value in between is reached.
 * Rounding (sq_rounding_slack) moves the sum by up to slack n |x|max, so
 * m by 2 slack |x|max / (b - a); the bounds move with m by at most 2n times
 * that, m2 by its own slack, scores all equal leave up to
 * sq_equal_values_m2_slack of m2 from rounding alone, and squares can
 * underflow.
 */
static const char *
spread_problem(const DimensionStats *s)
{
	double		n = (double) s->n,
				a = s->min,
				b = s->max,
				range = b - a,
				reach = Max(fabs(a), fabs(b)),
				slack = sq_rounding_slack(n),
				sum_slack = slack * n * reach,
				m_slack,
				m,
				f,
				least,
				most,
				tolerance;

	if (s->sum < (n - 1.0) * a + b - sum_slack || s->sum > a + (n - 1.0) * b + sum_slack)
		return psprintf("the sum %s of " INT64_FORMAT " answers is not between "
						"(n - 1) min + max and min + (n - 1) max, %s and %s",
						sq_float8_text(s->sum), s->n,
						sq_float8_text((n - 1.0) * a + b), sq_float8_text(a + (n - 1.0) * b));
	if (isinf(range * range))
		return "max - min is too large: m2 would exceed the double precision range";
	if (range == 0.0)
		return s->m2 <= sq_equal_values_m2_slack(n, reach) ? NULL :
			psprintf("m2 %s is not 0 though min = max", sq_float8_text(s->m2));

	m = Min(Max((s->sum / n - a) / range, 1.0 / n), 1.0 - 1.0 / n);
	m_slack = 2.0 * slack * reach / range;
	f = n * m - floor(n * m);
	least = s->n == 2 ? 0.5 : m * m + (1.0 - m) * (1.0 - m) + (2.0 * m - 1.0) * (2.0 * m - 1.0) / (n - 2.0);
	most = s->n == 2 ? 0.5 : n * m * (1.0 - m) - f * (1.0 - f);
	tolerance = slack * (most + 1.0) + 2.0 * n * m_slack + n * m_slack * m_slack;
	if (s->m2 < range * range * (least - tolerance) - sq_underflow_slack(n))
		return psprintf("m2 %s is below %s, the least that n, sum, min and max allow",
						sq_float8_text(s->m2), sq_float8_text(range * range * least));
	if (s->m2 > range * range * (most + tolerance) + sq_underflow_slack(n))
		return psprintf("m2 %s is above %s, the most that n, sum, min and max allow",
						sq_float8_text(s->m2), sq_float8_text(range * range * most));
	return NULL;
}

const char *
sq_dimension_stats_problem(const DimensionStats *s)
{
	if (s->n < 0)
		return "a number of answers is negative";
	if (s->n == 0)
		return (s->sum != 0.0 || s->m2 != 0.0 || s->min != 0.0 || s->max != 0.0) ?
			"a dimension without answers has a nonzero sum, m2, min or max" : NULL;
	if (!isfinite(s->sum) || !isfinite(s->m2) || !isfinite(s->min) || !isfinite(s->max))
		return "a sum, m2, min or max is not finite";
	if (s->m2 < 0.0)
		return "a sum of squared deviations (m2) is negative";
	if (s->min > s->max)
		return "a minimum is greater than its maximum";
	if (s->n == 1)
		return (s->sum == s->min && s->min == s->max && s->m2 == 0.0) ? NULL :
			"a dimension with one answer has a sum, min and max that differ, or an m2 that is not 0";
	return spread_problem(s);
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
