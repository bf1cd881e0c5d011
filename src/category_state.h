/*-------------------------------------------------------------------------
 *
 * category_state.h
 *	  category_state: exact counts (and, weighted, sums of weights) per
 *	  category, for the shares and Pareto view of complaint reasons,
 *	  contact reasons or detractors' stated reasons (methodology section
 *	  4.4).
 *
 * Counts are exact 64-bit integers, so an unweighted state merges exactly
 * in any order; sums of weights are floating point, exact up to rounding.
 * A NULL category is a category of its own.  A state holds at most
 * CATEGORY_MAX categories (SQLSTATE 54000 beyond): shares over more
 * categories than that are free text rather than a taxonomy.
 *
 * Two forms: while aggregating, an expanded object (CategoryWork) with a
 * name dictionary and count arrays; everywhere else the flat form:
 *
 *	 CategoryState header (24 bytes)
 *	 uint32		name_end[ncategories]	end of each name in the name bytes
 *	 char		names[names_bytes]		in byte order, no name twice
 *	 (zero padding to a multiple of 8)
 *	 int64		count[n]				n = ncategories, + 1 for NULL (last)
 *	 float8		weight[n]				weighted states only
 *
 * 12 bytes per category (20 weighted) plus its name.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CATEGORY_STATE_H
#define CATEGORY_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "svcquality.h"
#include "svcquality_names.h"

#define CATEGORY_STATE_VERSION 1

#define CATEGORY_MAX 10000
#define CATEGORY_MAX_NAME_BYTES 255

/* flags */
#define CATEGORY_WEIGHTED 0x01
#define CATEGORY_HAS_NULL 0x02	/* the NULL category has rows */
#define CATEGORY_FLAGS (CATEGORY_WEIGHTED | CATEGORY_HAS_NULL)

typedef struct CategoryState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CATEGORY_STATE_VERSION */
	uint8		flags;
	uint16		reserved;		/* zero */
	uint32		ncategories;	/* named categories */
	uint32		names_bytes;
	double		sumsq;			/* sum of squared weights; 0 unweighted */
} CategoryState;

StaticAssertDecl(sizeof(CategoryState) == 24, "category_state header layout");

/* Categories with counts: the named ones, and NULL when it has rows. */
static inline uint32
category_n(const CategoryState *s)
{
	return s->ncategories + ((s->flags & CATEGORY_HAS_NULL) ? 1 : 0);
}

static inline const uint32 *
category_name_ends(const CategoryState *s)
{
	return (const uint32 *) ((const char *) s + sizeof(CategoryState));
}

static inline const char *
category_name_bytes(const CategoryState *s)
{
	return (const char *) (category_name_ends(s) + s->ncategories);
}

static inline Size
category_counts_offset(uint64 ncategories, uint64 names_bytes)
{
	return MAXALIGN(sizeof(CategoryState) + ncategories * sizeof(uint32) + names_bytes);
}

static inline const int64 *
category_counts(const CategoryState *s)
{
	return (const int64 *) ((const char *) s +
							category_counts_offset(s->ncategories, s->names_bytes));
}

/* Sums of weights; NULL for an unweighted state. */
static inline const double *
category_weights(const CategoryState *s)
{
	if (!(s->flags & CATEGORY_WEIGHTED))
		return NULL;
	/* the doubles follow the counts, MAXALIGNed */
	/* cppcheck-suppress invalidPointerCast */
	return (const double *) ((const char *) category_counts(s) + category_n(s) * sizeof(int64));
}

static inline Size
category_state_size(uint64 ncategories, uint64 names_bytes, uint64 n, bool weighted)
{
	return category_counts_offset(ncategories, names_bytes) +
		n * (sizeof(int64) + (weighted ? sizeof(double) : 0));
}

/* Name of category i < ncategories. */
static inline const char *
category_name(const CategoryState *s, uint32 i, uint32 *len)
{
	return sq_names_listed(category_name_ends(s), category_name_bytes(s), i, len);
}

/* The working form. */
typedef struct CategoryWork
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	/* what a row of a known category reads, together: */
	bool		configured;		/* weighted or not is set */
	bool		weighted;
	uint32		cap;
	int64		total;			/* rows, to report overflow early */
	int64	   *count;			/* per name index */
	SqNames		names;
	double	   *weight;			/* weighted states only */
	int64		null_count;
	double		null_weight;
	double		sumsq;
} CategoryWork;


/* A working state with a memory context of its own, a child of parent. */
extern CategoryWork *sq_category_work_new(MemoryContext parent);

/*
 * A working state in cxt, which other states may share (an aggregate's,
 * sq_aggregate_arena): it is freed with cxt, never on its own.
 */
extern CategoryWork *sq_category_work_new_in(MemoryContext cxt);

/* Add count rows of weight sum weight (ignored unweighted) to a category (NULL: name NULL). */
extern void sq_category_work_add(CategoryWork *w, const char *name, uint32 len, int64 count,
								 double weight);

/*
 * Count one unweighted row of a category w already holds, when nothing
 * else is to be done (no new name, no limit near): false otherwise, for
 * sq_category_work_add.  Inline: it is the path of nearly every row.
 */
static inline bool
sq_category_work_count_known(CategoryWork *w, const char *name, uint32 len)
{
	int64		i;

	if (w->weighted || !w->configured || w->total == PG_INT64_MAX)
		return false;
	i = sq_names_find(&w->names, name, len);
	if (i < 0 || i >= w->cap)
		return false;
	w->count[i]++;
	w->total++;
	return true;
}

/* 22003: a sum of weights or of squared weights beyond double precision. */
pg_attribute_noreturn() extern void sq_category_report_weight_overflow(void);

/* Fix weighted or not (again, while w has no rows), or check it. */
extern void sq_category_work_configure(CategoryWork *w, bool weighted);

/* Add a category_state datum (flat or expanded) into w, or a fresh w. */
extern void sq_category_work_merge(CategoryWork *w, Datum d);
extern CategoryWork *sq_category_work_from_datum(Datum d, MemoryContext parent);

/* The flat form of w, after which w is freed (w from sq_category_work_new). */
extern CategoryState *sq_category_work_flatten_and_free(CategoryWork *w);

/* Why a count or weight read from input is unacceptable, or NULL. */
extern const char *sq_category_entry_problem(int64 count, double weight, bool weighted);

/*
 * Why a state read from input is unacceptable once its entries are read
 * (its sum of squared weights against them), or NULL.
 */
extern const char *sq_category_state_problem(const CategoryState *s);

/* A weight given to category_agg: finite and >= 0, else 22023. */
extern void sq_category_check_weight(double weight);

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetCategoryState(d) \
	((CategoryState *) sq_detoast_state((d), "category_state", CATEGORY_STATE_VERSION))
#define DatumGetCategoryStateCopy(d) \
	((CategoryState *) sq_detoast_state_copy((d), "category_state", CATEGORY_STATE_VERSION))
#define PG_GETARG_CATEGORY_STATE(n) DatumGetCategoryState(PG_GETARG_DATUM(n))
#define PG_GETARG_CATEGORY_STATE_COPY(n) DatumGetCategoryStateCopy(PG_GETARG_DATUM(n))

#endif							/* CATEGORY_STATE_H */
