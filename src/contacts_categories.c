/*-------------------------------------------------------------------------
 *
 * contacts_categories.c
 *	  Complaint (or contact) categories read from a category_state: shares
 *	  with Wilson intervals, cumulative shares and Pareto (ABC) classes, the
 *	  top k, and the comparison of two periods' mixes (methodology section
 *	  4.4; docs/contacts.md).
 *
 * A weighted state's intervals and tests use Kish's effective sample size
 * n_eff = (sum w)^2 / sum w^2 in place of the count: its share of category
 * c is W_c / W, observed as if on n_eff rows.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "utils/array.h"
#include "utils/builtins.h"
#include "catalog/pg_type.h"

#include "category_state.h"
#include "numerics.h"
#include "proportion_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(category_shares);
PG_FUNCTION_INFO_V1(category_top);
PG_FUNCTION_INFO_V1(category_count);
PG_FUNCTION_INFO_V1(category_share);
PG_FUNCTION_INFO_V1(category_total);
PG_FUNCTION_INFO_V1(category_compare);
PG_FUNCTION_INFO_V1(category_mix_test);

/* What shares are computed from: per category its amount, and the totals. */
typedef struct Mix
{
	const CategoryState *s;
	uint32		n;				/* categories (NULL last) */
	const int64 *count;
	double	   *amount;			/* weight, or count */
	double	   *rest;			/* sum of the other categories' amounts */
	double		total;			/* sum of amounts */
	double		n_eff;			/* rows, or Kish's effective size; NaN if none */
} Mix;

static void
mix_init(Mix *m, const CategoryState *s)
{
	const double *weights = category_weights(s);
	double		rows = 0.0,
				after;

	m->s = s;
	m->n = category_n(s);
	m->count = category_counts(s);
	m->amount = palloc(Max(m->n, 1) * sizeof(double));
	m->rest = palloc(Max(m->n, 1) * sizeof(double));
	m->total = 0.0;
	for (uint32 i = 0; i < m->n; i++)
	{
		m->amount[i] = weights ? weights[i] : (double) m->count[i];
		m->rest[i] = m->total;	/* the amounts before i, so far */
		m->total += m->amount[i];
		rows += (double) m->count[i];
	}

	/*
	 * The others' amounts as a sum of their own, not total - amount, which
	 * cancels when one category holds nearly everything.
	 */
	after = 0.0;
	for (uint32 i = m->n; i-- > 0;)
	{
		m->rest[i] += after;
		after += m->amount[i];
	}
	if (weights)
		m->n_eff = sq_kish_effective_n_of_rows(m->total, s->sumsq, rows);
	else
		m->n_eff = rows;
}

static double
mix_share(const Mix *m, uint32 i)
{
	return m->total > 0.0 ? m->amount[i] / m->total : NAN;
}

/*
 * The effective counts in category i (-1: one the mix does not have) and
 * outside it: the amounts scaled to the effective size.
 */
static void
mix_counts(const Mix *m, int64 i, double *in, double *out)
{
	double		scale = m->n_eff / m->total;

	*in = i < 0 ? 0.0 : m->amount[i] * scale;
	*out = i < 0 ? m->n_eff : m->rest[i] * scale;
}

/* Wilson interval of share p on the mix's effective size; NaN when none. */
static void
mix_wilson(const Mix *m, double p, double z, double bounds[2])
{
	if (isnan(p) || !(m->n_eff > 0.0))
	{
		bounds[0] = bounds[1] = NAN;
		return;
	}
	sq_wilson_interval(p * m->n_eff, m->n_eff, z, &bounds[0], &bounds[1]);
}

static Datum
name_datum(const CategoryState *s, uint32 i, bool *isnull)
{
	*isnull = i >= s->ncategories;
	return *isnull ? (Datum) 0 :
		sq_names_listed_text(category_name_ends(s), category_name_bytes(s), i);
}

/* Categories by amount, largest first; equal amounts by name, NULL last. */
static int
by_amount(const void *a, const void *b, void *arg)
{
	const Mix  *m = arg;
	uint32		i = *(const uint32 *) a;
	uint32		j = *(const uint32 *) b;

	if (m->amount[i] != m->amount[j])
		return m->amount[i] > m->amount[j] ? -1 : 1;
	return (i > j) - (i < j);	/* the index order is name order, NULL last */
}

static uint32 *
ranked(const Mix *m)
{
	uint32	   *order = palloc(Max(m->n, 1) * sizeof(uint32));

	for (uint32 i = 0; i < m->n; i++)
		order[i] = i;
	qsort_arg(order, m->n, sizeof(uint32), by_amount, (void *) m);
	return order;
}

static void
check_share_limits(double class_a, double class_b)
{
	if (!(class_a > 0.0 && class_a <= class_b && class_b <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Pareto class limits %s and %s are invalid", sq_float8_text(class_a), sq_float8_text(class_b)),
				 errdetail("The limits are cumulative shares with 0 < class_a <= class_b <= 1, e.g. 0.8 and 0.95.")));
}

/*
 * category_shares(state, level, class_a, class_b): per category by rank,
 * its count, sum of weights (weighted), share with Wilson interval,
 * cumulative share and Pareto class.  A category is in class A when the
 * categories ranked before it make less than class_a of the total (so the
 * largest is always A: A is the fewest categories that reach class_a), in
 * B when they make less than class_b, else in C.
 */
Datum
category_shares(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	double		level = PG_GETARG_FLOAT8(1);
	double		class_a = PG_GETARG_FLOAT8(2);
	double		class_b = PG_GETARG_FLOAT8(3);
	double		before = 0.0;	/* amount of the categories ranked before */
	double		z;
	Mix			m;
	uint32	   *order;
	SqRows		rows;

	sq_check_level(level);
	check_share_limits(class_a, class_b);
	z = sq_normal_critical_value(level);
	mix_init(&m, s);
	order = ranked(&m);
	sq_rows_begin(fcinfo, &rows);
	for (uint32 r = 0; r < m.n; r++)
	{
		uint32		i = order[r];
		double		share = mix_share(&m, i);
		double		bounds[2];
		Datum		values[9];
		bool		nulls[9] = {false};
		const char *pareto = before < class_a * m.total ? "A" :
		before < class_b * m.total ? "B" : "C";

		mix_wilson(&m, share, z, bounds);
		before += m.amount[i];
		values[0] = Int32GetDatum((int32) r + 1);
		values[1] = name_datum(s, i, &nulls[1]);
		values[2] = Int64GetDatum(m.count[i]);
		values[3] = Float8GetDatum(m.amount[i]);
		nulls[3] = !(s->flags & CATEGORY_WEIGHTED);
		values[4] = sq_float8_or_null(share, &nulls[4]);
		values[5] = sq_float8_or_null(bounds[0], &nulls[5]);
		values[6] = sq_float8_or_null(bounds[1], &nulls[6]);
		values[7] = sq_float8_or_null(isnan(share) ? NAN : Min(before / m.total, 1.0), &nulls[7]);
		values[8] = CStringGetTextDatum(pareto);
		nulls[8] = isnan(share);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* category_top(state, k): the k largest categories, largest first (NULL as an element). */
Datum
category_top(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	int32		k = PG_GETARG_INT32(1);
	Mix			m;
	uint32	   *order;
	Datum	   *elems;
	bool	   *nulls;
	int			dims[1];
	int			lbs[1] = {1};

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of top categories %d is negative", k),
				 errdetail("Ask for 0 or more categories.")));
	mix_init(&m, s);
	order = ranked(&m);
	dims[0] = (int) Min((uint32) k, m.n);
	elems = palloc(Max(dims[0], 1) * sizeof(Datum));
	nulls = palloc(Max(dims[0], 1) * sizeof(bool));
	for (int r = 0; r < dims[0]; r++)
		elems[r] = name_datum(s, order[r], &nulls[r]);
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false,
											 TYPALIGN_INT));
}

/* Index of a named category, or -1. */
static int64
find_category(const CategoryState *s, text *category)
{
	return sq_names_search(category_name_ends(s), category_name_bytes(s), 0, s->ncategories,
						   VARDATA_ANY(category), VARSIZE_ANY_EXHDR(category));
}

Datum
category_count(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	int64		i = find_category(s, PG_GETARG_TEXT_PP(1));

	PG_RETURN_INT64(i < 0 ? 0 : category_counts(s)[i]);
}

Datum
category_share(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	int64		i = find_category(s, PG_GETARG_TEXT_PP(1));
	Mix			m;

	mix_init(&m, s);
	if (m.total <= 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(i < 0 ? 0.0 : mix_share(&m, (uint32) i));
}

Datum
category_total(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	const int64 *counts = category_counts(s);
	int64		total = 0;

	for (uint32 i = 0; i < category_n(s); i++)
		total += counts[i];
	PG_RETURN_INT64(total);
}

/* One category of the union of two mixes: its index in each, or -1. */
typedef struct Paired
{
	int64		a;
	int64		b;
} Paired;

/*
 * The categories of both states, in name order with NULL last: a merge of
 * the two name lists (both in that order already).
 */
static Paired *
pair_categories(const Mix *a, const Mix *b, uint32 *n)
{
	Paired	   *p = palloc((a->n + b->n + 1) * sizeof(Paired));
	uint32		i = 0;
	uint32		j = 0;

	*n = 0;
	while (i < a->n || j < b->n)
	{
		int			c;

		if (i == a->n)
			c = 1;
		else if (j == b->n)
			c = -1;
		else if (i >= a->s->ncategories || j >= b->s->ncategories)
			c = (i >= a->s->ncategories) - (j >= b->s->ncategories);
		else
		{
			uint32		alen,
						blen;
			const char *an = category_name(a->s, i, &alen);
			const char *bn = category_name(b->s, j, &blen);

			c = sq_names_cmp(an, alen, bn, blen);
		}
		p[*n].a = c <= 0 ? (int64) i++ : -1;
		p[*n].b = c >= 0 ? (int64) j++ : -1;
		(*n)++;
	}
	return p;
}

/*
 * category_compare(a, b, level): per category the shares in both states
 * and the difference share(a) - share(b) (a minus b, as in every *_compare)
 * with Newcombe's hybrid score interval for a difference of independent
 * proportions (Newcombe 1998, method 10), as proportion_compare computes
 * it, on (effective) counts.
 */
Datum
category_compare(PG_FUNCTION_ARGS)
{
	Mix			a;
	Mix			b;
	double		level = PG_GETARG_FLOAT8(2);
	Paired	   *pairs;
	uint32		n;
	SqRows		rows;

	sq_check_level(level);
	mix_init(&a, PG_GETARG_CATEGORY_STATE(0));
	mix_init(&b, PG_GETARG_CATEGORY_STATE(1));
	pairs = pair_categories(&a, &b, &n);
	sq_rows_begin(fcinfo, &rows);
	for (uint32 k = 0; k < n; k++)
	{
		double		pa = pairs[k].a < 0 ? (a.total > 0.0 ? 0.0 : NAN) : mix_share(&a, pairs[k].a);
		double		pb = pairs[k].b < 0 ? (b.total > 0.0 ? 0.0 : NAN) : mix_share(&b, pairs[k].b);
		double		d = pa - pb;
		double		xa,
					fa,
					xb,
					fb;
		double		cmp[SQ_PROPORTION_COMPARE_COLUMNS];
		Datum		values[8];
		bool		nulls[8] = {false};

		/* effective counts in and out of the category, each from its own sum */
		mix_counts(&a, pairs[k].a, &xa, &fa);
		mix_counts(&b, pairs[k].b, &xb, &fb);
		if (isnan(d) || !sq_proportion_compare(xa, fa, xb, fb, level, cmp))
			cmp[3] = cmp[4] = NAN;
		else
			d = cmp[0];			/* taken through the failures near 1 */
		if (pairs[k].a >= 0)
			values[0] = name_datum(a.s, pairs[k].a, &nulls[0]);
		else
			values[0] = name_datum(b.s, pairs[k].b, &nulls[0]);
		values[1] = Int64GetDatum(pairs[k].a < 0 ? 0 : a.count[pairs[k].a]);
		values[2] = Int64GetDatum(pairs[k].b < 0 ? 0 : b.count[pairs[k].b]);
		values[3] = sq_float8_or_null(pa, &nulls[3]);
		values[4] = sq_float8_or_null(pb, &nulls[4]);
		values[5] = sq_float8_or_null(d, &nulls[5]);
		values[6] = sq_float8_or_null(cmp[3], &nulls[6]);
		values[7] = sq_float8_or_null(cmp[4], &nulls[7]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/*
 * category_mix_test(a, b): Pearson's chi-square test of homogeneity of the
 * 2 x K table of (effective) counts, K the categories of either state: the
 * statistic, K - 1 degrees of freedom, the p-value, the smallest expected
 * count (the approximation wants 5 or more) and Cramer's V, sqrt(chi2 / N).
 * A category of no weight in either state (rows of weight 0 only) is no
 * column of the table: its expected counts are 0.  NULL without two
 * categories of weight or rows in both states.
 */
Datum
category_mix_test(PG_FUNCTION_ARGS)
{
	Mix			a;
	Mix			b;
	Paired	   *pairs;
	uint32		n;
	uint32		columns = 0;
	double		chi2 = 0.0;
	double		min_expected = INFINITY;
	Datum		values[5];
	bool		nulls[5] = {true, true, true, true, true};

	mix_init(&a, PG_GETARG_CATEGORY_STATE(0));
	mix_init(&b, PG_GETARG_CATEGORY_STATE(1));
	pairs = pair_categories(&a, &b, &n);
	if (n < 2 || !(a.total > 0.0 && b.total > 0.0 && a.n_eff > 0.0 && b.n_eff > 0.0))
		PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
	for (uint32 k = 0; k < n; k++)
	{
		/* observed (effective) counts: share times the effective size */
		double		oa = pairs[k].a < 0 ? 0.0 : mix_share(&a, pairs[k].a) * a.n_eff;
		double		ob = pairs[k].b < 0 ? 0.0 : mix_share(&b, pairs[k].b) * b.n_eff;
		double		col = oa + ob;
		double		ea = col * a.n_eff / (a.n_eff + b.n_eff);
		double		eb = col * b.n_eff / (a.n_eff + b.n_eff);

		if (col == 0.0)
			continue;
		columns++;
		chi2 += (oa - ea) * (oa - ea) / ea + (ob - eb) * (ob - eb) / eb;
		min_expected = Min(min_expected, Min(ea, eb));
	}
	if (columns < 2)
		PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
	values[0] = sq_float8_or_null(chi2, &nulls[0]);
	values[1] = Int32GetDatum((int32) (columns - 1));
	nulls[1] = false;
	values[2] = sq_float8_or_null(sq_chisq_upper_tail(chi2, (double) (columns - 1)), &nulls[2]);
	values[3] = sq_float8_or_null(min_expected, &nulls[3]);
	values[4] = sq_float8_or_null(sqrt(chi2 / (a.n_eff + b.n_eff)), &nulls[4]);
	PG_RETURN_DATUM(sq_result_row(fcinfo, values, nulls));
}
