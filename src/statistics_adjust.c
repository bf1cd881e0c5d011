/*-------------------------------------------------------------------------
 *
 * statistics_adjust.c
 *	  p-values adjusted for many comparisons: Holm's step-down method, the
 *	  Benjamini-Hochberg step-up method and Bonferroni; p_adjust().
 *
 * With the m p-values sorted, p(1) <= ... <= p(m):
 *	 Holm (1979): p~(i) = max over j <= i of min(1, (m - j + 1) p(j)),
 *		controls the familywise error rate under any dependence;
 *	 Benjamini and Hochberg (1995): p~(i) = min over j >= i of
 *		min(1, m p(j) / j), controls the false discovery rate for
 *		independent (or positively dependent) tests;
 *	 Bonferroni: min(1, m p(i)).
 * These are the adjusted p-values of R's p.adjust and of statsmodels'
 * multipletests ('holm', 'fdr_bh', 'bonferroni').
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "statistics.h"

PG_FUNCTION_INFO_V1(p_adjust);

typedef struct RankedP
{
	double		p;
	int			index;
} RankedP;

/* Ascending p; equal p-values in input order, so the result is stable. */
static int
compare_ranked(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const RankedP *x = a,
			   *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->index - y->index;
}

void
sq_p_adjust(const double *p, int n, SqAdjustMethod method, double *adjusted)
{
	RankedP    *ranked = palloc(sizeof(RankedP) * Max(n, 1));
	int			m = 0;
	double		running;

	/*
	 * Each loop over the p-values checks for a cancel: with millions of them,
	 * each is a fraction of a second of fresh memory touched.
	 */
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		adjusted[i] = NAN;
		if (!isnan(p[i]))
		{
			ranked[m].p = p[i];
			ranked[m++].index = i;
		}
	}
	sq_qsort_interruptible(ranked, m, sizeof(RankedP), compare_ranked, NULL);
	switch (method)
	{
		case SQ_ADJUST_HOLM:
			running = 0.0;
			for (int i = 0; i < m; i++)
			{
				CHECK_FOR_INTERRUPTS();
				running = fmax(running, fmin(1.0, (double) (m - i) * ranked[i].p));
				adjusted[ranked[i].index] = running;
			}
			break;
		case SQ_ADJUST_BH:
			running = 1.0;
			for (int i = m - 1; i >= 0; i--)
			{
				CHECK_FOR_INTERRUPTS();
				running = fmin(running, (double) m * ranked[i].p / (double) (i + 1));
				adjusted[ranked[i].index] = running;
			}
			break;
		case SQ_ADJUST_BONFERRONI:
			for (int i = 0; i < m; i++)
			{
				CHECK_FOR_INTERRUPTS();
				adjusted[ranked[i].index] = fmin(1.0, (double) m * ranked[i].p);
			}
			break;
	}
	pfree(ranked);
}

static SqAdjustMethod
adjust_method(text *method_text)
{
	char	   *method = text_to_cstring(method_text);

	if (strcmp(method, "holm") == 0)
		return SQ_ADJUST_HOLM;
	if (strcmp(method, "bh") == 0)
		return SQ_ADJUST_BH;
	if (strcmp(method, "bonferroni") == 0)
		return SQ_ADJUST_BONFERRONI;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("p-value adjustment method \"%s\" is not supported", method),
			 errdetail("Use 'holm', 'bh' (Benjamini-Hochberg) or 'bonferroni'.")));
	pg_unreachable();
}

/*
 * p_adjust(p_values, method): the adjusted p-values in the shape of the
 * input; NULL elements stay NULL and are not counted in the family.
 */
Datum
p_adjust(PG_FUNCTION_ARGS)
{
	ArrayType  *array = PG_GETARG_ARRAYTYPE_P(0);
	SqAdjustMethod method = adjust_method(PG_GETARG_TEXT_PP(1));
	Datum	   *elems;
	bool	   *nulls;
	double	   *p,
			   *adjusted;
	int			n;

	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	p = palloc(sizeof(double) * Max(n, 1));
	adjusted = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		p[i] = nulls[i] ? NAN : DatumGetFloat8(elems[i]);
		if (!nulls[i] && !(p[i] >= 0.0 && p[i] <= 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("p-value %s is not between 0 and 1", sq_float8_text(p[i])),
					 errdetail("Element %d of the array is not a probability.", i + 1)));
	}
	sq_p_adjust(p, n, method, adjusted);
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!nulls[i])
			elems[i] = Float8GetDatum(adjusted[i]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, ARR_NDIM(array), ARR_DIMS(array),
											 ARR_LBOUND(array), FLOAT8OID, sizeof(float8),
											 FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
