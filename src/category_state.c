/*-------------------------------------------------------------------------
 *
 * category_state.c
 *	  category_state: the working form (a name dictionary and count
 *	  arrays, an expanded object), merging, the validity rules of counts
 *	  and weights, and the flat form written in name order.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "common/int.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "category_state.h"

/* What makes a CategoryWork an expanded object; at the end of this file. */
static const ExpandedObjectMethods category_state_methods;

CategoryWork *
sq_category_work_new(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "category_state",
											  ALLOCSET_SMALL_MINSIZE,
											  ALLOCSET_SMALL_INITSIZE,
											  ALLOCSET_DEFAULT_MAXSIZE);

	return sq_category_work_new_in(cxt);
}

CategoryWork *
sq_category_work_new_in(MemoryContext cxt)
{
	CategoryWork *w = MemoryContextAllocZero(cxt, sizeof(CategoryWork));

	EOH_init_header(&w->hdr, &category_state_methods, cxt);
	sq_names_init(&w->names, cxt);
	return w;
}

void
sq_category_check_weight(double weight)
{
	if (unlikely(!(weight >= 0.0) || isinf(weight)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %s is invalid", sq_float8_text(weight)),
				 errdetail("Weights must be finite and greater than or equal to 0.")));
}

const char *
sq_category_entry_problem(int64 count, double weight, bool weighted)
{
	if (count < 1)
		return psprintf("a category has a count of " INT64_FORMAT ", below 1", count);
	if (weighted && !(weight >= 0.0 && isfinite(weight)))
		return "a sum of weights is negative or not finite";
	return NULL;
}

/*
 * The sum of squared weights of a weighted state read from input, after
 * its entries, against them (sq_weight_sq_problem).
 */
const char *
sq_category_state_problem(const CategoryState *s)
{
	const int64 *counts = category_counts(s);
	int64		rows = 0;

	if (!(s->flags & CATEGORY_WEIGHTED))
		return NULL;
	/* input added the counts to a working state: their total is an int64 */
	for (uint32 i = 0; i < category_n(s); i++)
		rows += counts[i];
	return sq_weight_sq_problem(s->sumsq, counts, category_weights(s), category_n(s), rows,
								"categories");
}

void
sq_category_work_configure(CategoryWork *w, bool weighted)
{
	if (!w->configured || w->total == 0)
	{
		/*
		 * Before any row, when category_index has kept no weights yet: a
		 * state without rows merges with either kind.
		 */
		Assert(w->names.n == 0 && w->null_count == 0);
		w->configured = true;
		w->weighted = weighted;
	}
	else if (w->weighted != weighted)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a weighted category_state with an unweighted one"),
				 errhint("Aggregate all rows with weights, e.g. category_agg(reason, 1.0) for unit weights.")));
}

void
sq_category_report_weight_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum of weights in category_state is out of range"),
			 errdetail("Sums of weights and of squared weights must stay below about 1e308; rescale the weights.")));
}

pg_attribute_noreturn() static void
report_count_overflow(int64 total, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("category_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(total, added)));
}

/* An array of old_n elements (none: NULL) grown to new_n, the new ones zero. */
static void *
grow_zeroed(MemoryContext cxt, void *array, uint32 old_n, uint32 new_n, Size size)
{
	char	   *grown;

	if (old_n == 0)
		grown = MemoryContextAlloc(cxt, new_n * size);
	else
		grown = repalloc(array, new_n * size);
	memset(grown + old_n * size, 0, (new_n - old_n) * size);
	return grown;
}

/*
 * The index of a named category, added if new (with room for its count, and
 * its weight in a weighted state: an unweighted one keeps no weights, so
 * that a working state among thousands of groups takes less memory and
 * cache).
 */
static uint32
category_index(CategoryWork *w, const char *name, uint32 len)
{
	uint32		i;

	if (len > CATEGORY_MAX_NAME_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("category name of %u bytes is too long", len),
				 errdetail("Category names are at most %d bytes.", CATEGORY_MAX_NAME_BYTES)));
	i = sq_names_intern(&w->names, name, len);
	if (w->names.n > CATEGORY_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("category_state has more than %d distinct categories", CATEGORY_MAX),
				 errdetail("A category_state counts a list of reasons, at most %d of them.", CATEGORY_MAX),
				 errhint("Map free text to a list of reasons first, or keep the most frequent ones and put the rest under 'other'.")));
	if (i >= w->cap)
	{
		uint32		cap = Max(16, 2 * w->cap);

		w->count = grow_zeroed(w->hdr.eoh_context, w->count, w->cap, cap, sizeof(int64));
		if (w->weighted)
			w->weight = grow_zeroed(w->hdr.eoh_context, w->weight, w->cap, cap, sizeof(double));
		w->cap = cap;
	}
	return i;
}

void
sq_category_work_add(CategoryWork *w, const char *name, uint32 len, int64 count, double weight)
{
	/* -1: the NULL category, counted apart */
	int64		i = name == NULL ? -1 : (int64) category_index(w, name, len);
	int64	   *c = i < 0 ? &w->null_count : &w->count[i];
	int64		total;

	if (pg_add_s64_overflow(w->total, count, &total))
		report_count_overflow(w->total, count);
	w->total = total;
	*c += count;
	if (w->weighted)
	{
		double	   *wt = i < 0 ? &w->null_weight : &w->weight[i];

		*wt += weight;
		if (isinf(*wt))
			sq_category_report_weight_overflow();
	}
}

void
sq_category_work_merge(CategoryWork *w, Datum d)
{
	SqShortCopy copy;
	const CategoryState *s = sq_state_to_read(d, &copy, "category_state", CATEGORY_STATE_VERSION);
	const int64 *counts = category_counts(s);
	const double *weights = category_weights(s);
	bool		weighted = (s->flags & CATEGORY_WEIGHTED) != 0;
	int64		rows = 0,
				total;

	/*
	 * The totals first, so that an overflow names both states' counts rather
	 * than a running sum; a valid state's own total fits (its input checks).
	 */
	for (uint32 i = 0; i < category_n(s); i++)
		rows += counts[i];
	if (pg_add_s64_overflow(w->total, rows, &total))
		report_count_overflow(w->total, rows);

	/*
	 * A state without rows leaves the kind of one with rows alone; of two
	 * without rows the weighted kind wins, so that merging stays commutative.
	 */
	if (category_n(s) > 0 || (w->total == 0 && (!w->configured || weighted)))
		sq_category_work_configure(w, weighted);
	for (uint32 i = 0; i < category_n(s); i++)
	{
		uint32		len = 0;
		const char *name = i < s->ncategories ? category_name(s, i, &len) : NULL;

		sq_category_work_add(w, name, len, counts[i], weights ? weights[i] : 0.0);
	}
	w->sumsq += s->sumsq;
	if (isinf(w->sumsq))
		sq_category_report_weight_overflow();
	if ((const char *) s != DatumGetPointer(d) && (const char *) s != copy.bytes)
		pfree(unconstify(CategoryState *, s));
}

CategoryWork *
sq_category_work_from_datum(Datum d, MemoryContext parent)
{
	CategoryWork *w = sq_category_work_new(parent);

	sq_category_work_merge(w, d);
	return w;
}

/* The names with rows, in byte order (a category is added with its first row). */
static Size
flat_size(CategoryWork *w)
{
	return category_state_size(w->names.n, w->names.bytes,
							   w->names.n + (w->null_count > 0 ? 1 : 0), w->weighted);
}

static Size
category_get_flat_size(ExpandedObjectHeader *eohptr)
{
	return flat_size((CategoryWork *) eohptr);
}

static void
category_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CategoryWork *w = (CategoryWork *) eohptr;
	CategoryState *s = result;
	uint32	   *order = sq_names_order(&w->names);
	uint32		pos = 0;
	int64	   *counts;
	double	   *weights;

	if (allocated_size != flat_size(w))
		elog(ERROR, "category_state: flat form does not have the size measured");
	memset(s, 0, allocated_size);
	SET_VARSIZE(s, allocated_size);
	s->version = CATEGORY_STATE_VERSION;
	s->flags = (w->weighted ? CATEGORY_WEIGHTED : 0) | (w->null_count > 0 ? CATEGORY_HAS_NULL : 0);
	s->ncategories = w->names.n;
	s->names_bytes = (uint32) w->names.bytes;
	s->sumsq = w->weighted ? w->sumsq : 0.0;
	counts = (int64 *) category_counts(s);
	weights = (double *) category_weights(s);
	for (uint32 r = 0; r < w->names.n; r++)
	{
		uint32		i = order[r];
		uint32		len;
		const char *name = sq_names_get(&w->names, i, &len);

		memcpy((char *) category_name_bytes(s) + pos, name, len);
		pos += len;
		((uint32 *) category_name_ends(s))[r] = pos;
		counts[r] = w->count[i];
		if (weights)
			weights[r] = w->weight[i];
	}
	if (w->null_count > 0)
	{
		counts[w->names.n] = w->null_count;
		if (weights)
			weights[w->names.n] = w->null_weight;
	}
	pfree(order);
}

CategoryState *
sq_category_work_flatten_and_free(CategoryWork *w)
{
	Size		size = flat_size(w);
	CategoryState *s = palloc(size);

	category_flatten_into(&w->hdr, s, size);
	DeleteExpandedObject(EOHPGetRWDatum(&w->hdr));
	return s;
}

static const ExpandedObjectMethods category_state_methods = {
	category_get_flat_size,
	category_flatten_into
};
