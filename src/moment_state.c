/*-------------------------------------------------------------------------
 *
 * moment_state.c
 *	  moment_state type: construction, adding responses, merging, the
 *	  pending responses of the long layout, and the validity rules.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <float.h>

#include "common/int.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"

#include "moment_state.h"

MomentState *
sq_moment_state_new(int kind, int ndims, uint32 capacity)
{
	Size		size = moment_fixed_size(kind, ndims) +
	(kind == MOMENT_NAMED ? capacity * moment_pending_size(ndims + 1) : 0);
	MomentState *s;

	Assert(ndims >= 0 && ndims <= MOMENT_MAX_DIMENSIONS);
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = MOMENT_STATE_VERSION;
	s->kind = kind;
	s->ndims = ndims;
	return s;
}

pg_attribute_noreturn() static void
moment_state_report_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("means or co-moments of the scores are out of range"),
			 errdetail("Scores this far apart cannot be summarized in double precision.")));
}

void
sq_moment_state_report_count_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("number of responses exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

static void
count_responses(int64 *count, int64 more)
{
	int64		sum;

	if (pg_add_s64_overflow(*count, more, &sum))
		sq_moment_state_report_count_overflow(*count, more);
	*count = sum;
}

/*
 * West's weighted form of Welford's update: with W' = W + w and the
 * deviations d = x - mean from the old means,
 *	 mean += d w / W',	C += (w W / W') d d'.
 * The hot path of every wide row: each row of the triangle is one
 * multiply-add loop, and overflow is watched through one sum that stays 0
 * while every deviation and sum of squares is finite (x - x is NaN for an
 * infinite x).
 */
void
sq_moment_state_add(MomentState *s, const double *x, double w)
{
	int			k = moment_variables(s);
	double	   *mean = moment_state_means(s);
	double	   *c = moment_state_comoments(s);
	double		d[MOMENT_MAX_DIMENSIONS + 1];
	double		total = s->weight + w;
	double		step,
				factor,
				guard = 0.0;

	count_responses(&s->responses, 1);
	if (w == 0.0)
		return;
	/* each weight is finite, their sum need not be: a step of 0 would hide it */
	if (unlikely(!isfinite(total)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of weights in moment_state is out of range"),
				 errdetail("Sums of weights must stay below about 1e308; rescale the weights.")));
	if (s->weight == 0.0)
	{
		/* + 0.0: a score of -0.0 gives a mean of 0, as input reads it */
		for (int i = 0; i < k; i++)
			mean[i] = x[i] + 0.0;
		s->weight = w;
		return;
	}
	step = w / total;
	factor = step * s->weight;	/* w W / W', one division per row */
	for (int i = 0; i < k; i++)
	{
		d[i] = x[i] - mean[i];
		mean[i] += d[i] * step;
	}
	for (int i = 0; i < k; i++)
	{
		const double *di = d + i;
		double		fi = factor * d[i];
		int			length = k - i;

		int			j = 0;

		/* in pairs: the compiler makes each pair one vector operation */
		for (; j + 1 < length; j += 2)
		{
			c[j] += fi * di[j];
			c[j + 1] += fi * di[j + 1];
		}
		if (j < length)
			c[j] += fi * di[j];
		guard += (c[0] - c[0]) + (d[i] - d[i]);
		c += length;
	}
	s->weight = total;
	if (unlikely(guard != 0.0))
		moment_state_report_overflow();
}

/* Chan, Golub and LeVeque: the moments of two sets of responses. */
static void
merge_moments(MomentState *a, const MomentState *b)
{
	int			k = moment_variables(a);
	double	   *mean = moment_state_means(a);
	double	   *c = moment_state_comoments(a);
	const double *cb = moment_state_comoments(b);
	double		d[MOMENT_MAX_DIMENSIONS + 1];
	double		total = a->weight + b->weight;
	double		factor;

	count_responses(&a->responses, b->responses);
	count_responses(&a->incomplete, b->incomplete);
	if (b->weight == 0.0)
		return;
	if (a->weight == 0.0)
	{
		memcpy(mean, moment_state_means(b), sizeof(double) * k);
		memcpy(c, cb, sizeof(double) * moment_comoment_count(k));
		a->weight = b->weight;
		return;
	}
	factor = a->weight * (b->weight / total);
	for (int i = 0; i < k; i++)
	{
		d[i] = moment_state_means(b)[i] - mean[i];
		mean[i] += d[i] * (b->weight / total);
	}
	for (int i = 0; i < k; i++)
		for (int j = i; j < k; j++)
			*c++ += *cb++ + factor * d[i] * d[j];
	a->weight = total;
	if (!isfinite(total))
		moment_state_report_overflow();
	for (int i = 0; i < k; i++)
		if (!isfinite(d[i]) || !isfinite(moment_state_comoments(a)[moment_index(i, i, k)]))
			moment_state_report_overflow();
}

static void
require_same_variables(const MomentState *a, const MomentState *b)
{
	int			k = moment_variables(a);

	if (a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a moment_state with named dimensions and one with positional dimensions"),
				 errhint("Build every state with names, or every state without.")));
	if (a->ndims != b->ndims)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge moment_state values with %d and %d dimensions",
						a->ndims, b->ndims),
				 errdetail("States merge only when they have the same dimensions in the same order.")));
	if (a->kind != MOMENT_NAMED)
		return;
	for (int i = 0; i < k; i++)
		if (strcmp(moment_state_names(a)[i], moment_state_names(b)[i]) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge moment_state values whose %s is \"%s\" in one and \"%s\" in the other",
							i == k - 1 ? "overall score" : psprintf("dimension %d", i + 1),
							moment_state_names(a)[i], moment_state_names(b)[i]),
					 errdetail("States merge only when they have the same dimensions in the same order.")));
}

pg_attribute_noreturn() static void
report_too_many_pending(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("more than %d responses are incomplete at once", MOMENT_MAX_PENDING),
			 errdetail("The long layout keeps a response until its last answer arrives; "
					   "here the answers of many responses arrive interleaved."),
			 errhint("Aggregate the rows in response order (moment_agg(... ORDER BY response_id)), "
					 "or pivot each response into an array first.")));
}

void
sq_moment_state_check_pending_limit(const MomentState *s)
{
	if (s->npending >= MOMENT_MAX_PENDING)
		report_too_many_pending();
}

void
sq_moment_state_report_answered_twice(const MomentState *s, int64 id, int variable)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("response " INT64_FORMAT " answers %s \"%s\" twice", id,
					variable == moment_variables(s) - 1 ? "the overall score" : "dimension",
					moment_state_names(s)[variable]),
			 errdetail("Each response has at most one score per dimension.")));
}

/*
 * Answers `given` (a mask of variables) for pending response id, whose
 * answers are `answered` so far: an error names the first variable
 * answered in both, as answering them one by one finds it.
 */
static void
check_answered_once(const MomentState *s, int64 id, uint64 answered, uint64 given)
{
	if (likely((answered & given) == 0))
		return;
	sq_moment_state_report_answered_twice(s, id, pg_rightmost_one_pos64(answered & given));
}

/*
 * First index in [lo, hi) of the pending entries (entry_size bytes each,
 * from base) whose id is >= id, or hi.
 */
static inline uint32
lower_bound(const char *base, Size entry_size, uint32 lo, uint32 hi, int64 id)
{
	while (lo < hi)
	{
		uint32		mid = lo + (hi - lo) / 2;

		if (((const MomentPending *) (base + mid * entry_size))->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint32
pending_lower_bound(const MomentState *s, uint32 lo, uint32 hi, int64 id)
{
	return lower_bound((const char *) moment_state_pending(s, 0),
					   moment_pending_size(moment_variables(s)), lo, hi, id);
}

/*
 * The pending responses of src merged into those of dst (whose moments
 * have src's already), in one pass over both id-sorted lists: the result
 * is what answering src's answers one by one, in id order, gives.  So a
 * response that src completes is added to the moments as the pass reaches
 * it, and the limit on pending responses applies to the count as it
 * would stand after each new response.  dst keeps its entries in place
 * where it has room: its completed ones are closed up first, then src's
 * new ones are placed from the end, so appending costs only src's entries.
 */
static MomentState *
merge_pending(MomentState *dst, const MomentState *src)
{
	int			k = moment_variables(dst);
	Size		entry_size = moment_pending_size(k);
	uint64		all = moment_all_answered(k);
	uint32		n = dst->npending;
	uint32		at = 0,
				fresh = 0,
				completed = 0,
				first_completed = n,
				result,
				w;
	bool	   *is_fresh = palloc(sizeof(bool) * src->npending);
	double		x[MOMENT_MAX_DIMENSIONS + 1];

	for (uint32 e = 0; e < src->npending; e++)
	{
		const MomentPending *given = moment_state_pending(src, e);
		MomentPending *entry;
		uint64		missing,
					upto;
		int			last;

		CHECK_FOR_INTERRUPTS();
		at = pending_lower_bound(dst, at, n, given->id);
		is_fresh[e] = at == n || moment_state_pending(dst, at)->id != given->id;
		if (is_fresh[e])
		{
			if (n + fresh - completed >= MOMENT_MAX_PENDING)
				report_too_many_pending();
			fresh++;
			continue;
		}
		entry = moment_state_pending(dst, at);
		missing = all & ~entry->answered;
		if ((missing & ~given->answered) != 0)
		{
			check_answered_once(dst, given->id, entry->answered, given->answered);
			entry->answered |= given->answered;
			for (int j = 0; j < k; j++)
				if (given->answered & (UINT64CONST(1) << j))
					entry->values[j] = given->values[j] + 0.0;
			continue;
		}

		/*
		 * Answered one by one, the response completes at its last missing
		 * variable; src's answers after that one start it anew.
		 */
		last = pg_leftmost_one_pos64(missing);
		upto = last == 63 ? ~UINT64CONST(0) : (UINT64CONST(1) << (last + 1)) - 1;
		check_answered_once(dst, given->id, entry->answered, given->answered & upto);
		memcpy(x, entry->values, sizeof(double) * k);
		for (int j = 0; j < k; j++)
			if (given->answered & upto & (UINT64CONST(1) << j))
				x[j] = given->values[j] + 0.0;
		sq_moment_state_add(dst, x, 1.0);
		if ((given->answered & ~upto) != 0)
		{
			entry->answered = given->answered & ~upto;
			for (int j = 0; j < k; j++)
				entry->values[j] = (entry->answered & (UINT64CONST(1) << j)) ?
					given->values[j] + 0.0 : 0.0;
			continue;
		}
		/* every answer marks it to close up below: no pending entry has them */
		entry->answered = all;
		if (completed++ == 0)
			first_completed = at;
	}

	w = first_completed;
	for (uint32 r = first_completed; r < n; r++)
	{
		CHECK_FOR_INTERRUPTS();
		if (moment_state_pending(dst, r)->answered == all)
			continue;
		if (w != r)
			memcpy(moment_state_pending(dst, w), moment_state_pending(dst, r), entry_size);
		w++;
	}
	n -= completed;
	if (completed > 0)
		memset(moment_state_pending(dst, n), 0, completed * entry_size);
	dst->npending = n;

	result = n + fresh;
	if (result > moment_pending_capacity(dst))
		dst = sq_moment_state_reserve(dst, Max(result, 2 * n));
	w = result;
	for (uint32 e = src->npending; e-- > 0 && w > n;)
	{
		const MomentPending *given = moment_state_pending(src, e);
		MomentPending *entry;
		uint32		after;

		CHECK_FOR_INTERRUPTS();
		if (!is_fresh[e])
			continue;
		after = pending_lower_bound(dst, 0, n, given->id);
		memmove(moment_state_pending(dst, w - (n - after)), moment_state_pending(dst, after),
				(n - after) * entry_size);
		w -= n - after + 1;
		n = after;
		entry = moment_state_pending(dst, w);
		entry->id = given->id;
		entry->answered = given->answered;
		/* + 0.0: a score of -0.0 is kept as 0, as input reads it */
		for (int j = 0; j < k; j++)
			entry->values[j] = given->values[j] + 0.0;
	}
	dst->npending = result;
	pfree(is_fresh);
	return dst;
}

MomentState *
sq_moment_state_merge(MomentState *dst, const MomentState *src)
{
	if (src->kind == MOMENT_EMPTY)
		return dst;
	if (dst->kind == MOMENT_EMPTY)
		return sq_moment_state_trim(src);
	require_same_variables(dst, src);
	merge_moments(dst, src);
	if (src->npending == 0)
		return dst;
	return merge_pending(dst, src);
}

MomentState *
sq_moment_state_reserve(const MomentState *s, uint32 capacity)
{
	Size		entry_size = moment_pending_size(moment_variables(s));
	MomentState *grown = sq_moment_state_new(s->kind, s->ndims, capacity);

	Assert(capacity >= s->npending);
	memcpy(grown, s, moment_fixed_size(s->kind, s->ndims) + s->npending * entry_size);
	SET_VARSIZE(grown, moment_fixed_size(s->kind, s->ndims) + capacity * entry_size);
	return grown;
}

/* s with a new, empty entry for id at position at; grows the value if full. */
static MomentState *
insert_pending(MomentState *s, uint32 at, int64 id)
{
	Size		entry_size = moment_pending_size(moment_variables(s));
	MomentPending *entry;

	if (s->npending >= MOMENT_MAX_PENDING)
		report_too_many_pending();
	if (s->npending == moment_pending_capacity(s))
		s = sq_moment_state_reserve(s, Max(4, 2 * s->npending));
	entry = moment_state_pending(s, at);
	memmove((char *) entry + entry_size, entry, (s->npending - at) * entry_size);
	memset(entry, 0, entry_size);
	entry->id = id;
	s->npending++;
	return s;
}

MomentState *
sq_moment_state_answer(MomentState *s, int64 id, int variable, double value, uint32 max_moved)
{
	Size		entry_size = moment_pending_size(moment_variables(s));
	const char *base = (const char *) moment_state_pending(s, 0);
	uint32		n = s->npending;
	uint32		at = n - 1;
	bool		found;
	uint32		moved;
	MomentPending *entry;

	/* answers of a response mostly arrive together: try the newest first */
	found = n > 0 && ((const MomentPending *) (base + at * entry_size))->id == id;
	if (!found)
	{
		at = lower_bound(base, entry_size, 0, n, id);
		found = at < n && ((const MomentPending *) (base + at * entry_size))->id == id;
	}

	/*
	 * The later entries the answer moves: all of them to insert the response,
	 * those after it to remove the response it completes.
	 */
	if (!found)
		moved = n - at;
	else if ((((const MomentPending *) (base + at * entry_size))->answered |
			  (UINT64CONST(1) << variable)) == moment_all_answered(moment_variables(s)))
		moved = n - at - 1;
	else
		moved = 0;
	if (moved >= max_moved)
		return NULL;
	if (!found)
		s = insert_pending(s, at, id);
	entry = moment_state_pending(s, at);
	if (!moment_pending_answer(s, entry, variable, value))
		return s;
	sq_moment_state_add(s, entry->values, 1.0);
	s->npending--;
	memmove(entry, (char *) entry + entry_size, (s->npending - at) * entry_size);
	memset(moment_state_pending(s, s->npending), 0, entry_size);
	return s;
}

static MomentState *
copy_with_capacity(const MomentState *s, uint32 npending)
{
	MomentState *copy = sq_moment_state_new(s->kind, s->ndims, npending);

	memcpy(copy, s, VARSIZE(copy));
	SET_VARSIZE(copy, moment_fixed_size(s->kind, s->ndims) +
				(s->kind == MOMENT_NAMED ? npending * moment_pending_size(moment_variables(s)) : 0));
	copy->npending = npending;
	return copy;
}

MomentState *
sq_moment_state_trim(const MomentState *s)
{
	return copy_with_capacity(s, s->npending);
}

MomentState *
sq_moment_state_close(const MomentState *s)
{
	MomentState *closed = copy_with_capacity(s, 0);

	count_responses(&closed->incomplete, s->npending);
	return closed;
}

static int
pending_order(const void *a, const void *b, void *arg pg_attribute_unused())
{
	int64		x = ((const MomentPending *) a)->id;
	int64		y = ((const MomentPending *) b)->id;

	return x < y ? -1 : x > y;
}

void
sq_moment_state_sort_pending(MomentState *s)
{
	if (s->npending > 1)
		sq_qsort_interruptible(moment_state_pending(s, 0), s->npending,
							   moment_pending_size(moment_variables(s)), pending_order, NULL);
}

const char *
sq_moment_state_label(const MomentState *s, int i)
{
	if (s->kind == MOMENT_NAMED)
		return moment_state_names(s)[i];
	if (i == s->ndims)
		return "overall";
	return psprintf("%d", i + 1);
}

/*
 * |c_ij| <= sqrt(c_ii c_jj), as for any sums of squares and products, within
 * rounding.  Where a sum of squares is so small that it may have lost its
 * digits to underflow (scores within 1e-150 of their mean), it is no bound:
 * aggregation itself can produce such a state.
 */
static bool
within_cauchy_schwarz(double cij, double cii, double cjj)
{
	const double smallest = DBL_MIN / DBL_EPSILON;

	if (cii < smallest || cjj < smallest)
		return true;
	return fabs(cij) <= sqrt(cii) * sqrt(cjj) * (1.0 + 1e-9);
}

static const char *
moments_problem(const MomentState *s)
{
	int			k = moment_variables(s);
	const double *mean = moment_state_means(s);

	if (s->responses < 0 || s->incomplete < 0)
		return "a number of responses is negative";
	if (!isfinite(s->weight) || s->weight < 0.0)
		return "the total weight is negative or not finite";
	if (s->responses == 0 && s->weight != 0.0)
		return "the total weight is not 0 without responses";
	for (int i = 0; i < k; i++)
		for (int j = i; j < k; j++)
		{
			double		cij = moment_state_comoment(s, i, j);

			if (!isfinite(mean[i]) || !isfinite(cij))
				return "a mean or co-moment is not finite";
			if (s->weight == 0.0 && (mean[i] != 0.0 || cij != 0.0))
				return "a mean or co-moment is not 0 without weight";
			if (i == j && cij < 0.0)
				return "a sum of squared deviations is negative";
			if (s->responses == 1 && cij != 0.0)
				return "a co-moment of a single response is not 0";
			if (i != j && !within_cauchy_schwarz(cij, moment_state_comoment(s, i, i),
												 moment_state_comoment(s, j, j)))
				return "a co-moment exceeds the square root of the product of its variables' sums of squares";
		}
	return NULL;
}

static const char *
names_problem(const MomentState *s)
{
	int			k = moment_variables(s);

	for (int i = 0; i < k; i++)
	{
		const char *name = moment_state_names(s)[i];

		for (int j = 0; j < i; j++)
			if (strcmp(name, moment_state_names(s)[j]) == 0)
				return psprintf("the name \"%s\" appears twice", name);
	}
	return NULL;
}

static const char *
pending_problem(const MomentState *s)
{
	int			k = moment_variables(s);
	uint64		all = moment_all_answered(k);

	for (uint32 e = 0; e < s->npending; e++)
	{
		const MomentPending *entry = moment_state_pending(s, e);

		CHECK_FOR_INTERRUPTS();
		if (e > 0 && moment_state_pending(s, e - 1)->id >= entry->id)
			return "a response is pending twice";
		if (entry->answered == 0 || entry->answered == all || (entry->answered & ~all) != 0)
			return "a pending response has no answer, every answer, or answers beyond its variables";
		for (int j = 0; j < k; j++)
		{
			bool		answered = (entry->answered & (UINT64CONST(1) << j)) != 0;

			if (!isfinite(entry->values[j]) || (!answered && entry->values[j] != 0.0))
				return "a pending score is not finite, or not 0 where there is no answer";
		}
	}
	return NULL;
}

const char *
sq_moment_state_problem(const MomentState *s)
{
	if (s->kind == MOMENT_EMPTY)
		return (s->responses != 0 || s->incomplete != 0 || s->weight != 0.0) ?
			"an empty state has responses" : NULL;
	if (s->kind == MOMENT_NAMED)
	{
		const char *problem = names_problem(s);

		if (problem == NULL)
			problem = pending_problem(s);
		if (problem)
			return problem;
	}
	return moments_problem(s);
}
