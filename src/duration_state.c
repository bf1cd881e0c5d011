/*-------------------------------------------------------------------------
 *
 * duration_state.c
 *	  duration_state: construction, the dense and packed forms, merging and
 *	  the consistency rules every input path enforces.
 *
 * Packed bucket stream: the buckets from `first` to first + nslots - 1,
 * ascending, as unsigned LEB128 varints.  A non-empty bucket with count c is
 * the varint 2c; a run of z empty buckets is the varint 2(z - 1) + 1.  The
 * first and the last bucket of the stream are non-empty, so a state has
 * exactly one packed form.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "common/int.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#include "duration_state.h"

void
sq_duration_check_alpha(double alpha)
{
	if (!(alpha >= DURATION_MIN_ALPHA && alpha <= DURATION_MAX_ALPHA))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("accuracy %s is out of range", sq_float8_text(alpha)),
				 errdetail("The relative accuracy must be from %s to %s, e.g. 0.01 for 1%%.",
						   sq_float8_text(DURATION_MIN_ALPHA), sq_float8_text(DURATION_MAX_ALPHA))));
}

DurationState *
sq_duration_state_new(double alpha, int32 first, int32 nslots)
{
	Size		size = DURATION_HEADER_SIZE + (Size) nslots * sizeof(uint64);
	DurationState *state = palloc0(size);

	SET_VARSIZE(state, size);
	state->version = DURATION_STATE_VERSION;
	state->form = DURATION_FORM_DENSE;
	state->alpha = alpha;
	state->log_gamma = duration_log_gamma(alpha);
	state->scale = 1.0 / state->log_gamma;
	state->first = first;
	state->nslots = nslots;
	return state;
}

/*
 * The bucket indexes durations from 1 microsecond to the maximum can have,
 * widened by one on each side so that a state written on a machine whose
 * log() rounds differently still reads.
 */
void
sq_duration_valid_buckets(double alpha, int32 *lowest, int32 *highest)
{
	double		scale = 1.0 / duration_log_gamma(alpha);

	*lowest = duration_bucket_of_us(1, scale) - 1;
	*highest = duration_bucket_of_us(DURATION_MAX_US, scale) + 1;
}

/* gamma^i, the upper edge of bucket i in seconds. */
static double
bucket_edge(const DurationState *state, int32 index)
{
	return exp((double) index * state->log_gamma);
}

/* gamma^i (1 - a) is within a of every value in (gamma^(i-1), gamma^i]. */
double
sq_duration_bucket_value(const DurationState *state, int32 index)
{
	return bucket_edge(state, index) * (1.0 - duration_shrunk_alpha(state->alpha));
}

static inline int32
bucket_of_us(const DurationState *state, int64 us)
{
	return duration_bucket_of_us(us, state->scale);
}

/*
 * The longest duration, in microseconds, that bucket `index` or a lower one
 * holds (0 when none does, at most the longest duration accepted).  exp()
 * and log() may round a value near gamma^i to either side of it, so the
 * bound is found by bisection on the bucket function itself: every duration
 * d of buckets lo..hi then has last_us(lo - 1) < d <= last_us(hi), exactly.
 * The bracket around exp()'s edge is far wider than any rounding of log()
 * or exp(), and falls back to the whole range if it is not.
 */
int64
sq_duration_bucket_last_us(const DurationState *state, int32 index)
{
	double		edge = bucket_edge(state, index) * USECS_PER_SECOND_F;
	double		below = edge * (1.0 - 1e-12);
	double		above = edge * (1.0 + 1e-12) + 1.0;
	int64		in = 0;			/* 0, or a duration in the bucket or lower */
	int64		out = DURATION_MAX_US + 1;	/* above the bucket, or too long */

	if (below >= 1.0 && below <= (double) DURATION_MAX_US &&
		bucket_of_us(state, (int64) below) <= index)
		in = (int64) below;
	if (above <= (double) DURATION_MAX_US && bucket_of_us(state, (int64) above) > index)
		out = (int64) above;
	while (out - in > 1)
	{
		int64		mid = in + (out - in) / 2;

		if (bucket_of_us(state, mid) <= index)
			in = mid;
		else
			out = mid;
	}
	return in;
}

/* ---- durations from SQL values ------------------------------------------ */

pg_attribute_noreturn() static void
report_bad_duration(const char *what, const char *value, bool negative)
{
	if (negative)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is negative", what, value),
				 errdetail("A negative duration means the end is before the start; durations must be 0 or more.")));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s %s is out of range", what, value),
			 errdetail("Durations must be finite, from 0 to 10^12 seconds (about 31,700 years).")));
}

/*
 * Microseconds of an interval, counted as extract(epoch from ...) counts
 * them: a day is 24 hours, a month 30 days, a year (12 months) 365.25 days.
 * The total decides; components may have mixed signs.
 */
int64
sq_duration_us_from_any_interval(const Interval *span, const char *what)
{
	int128		us;

#ifdef INTERVAL_NOT_FINITE
	if (INTERVAL_NOT_FINITE(span))
		report_bad_duration(what, DatumGetCString(DirectFunctionCall1(interval_out,
																	  IntervalPGetDatum(span))),
							false);
#endif
	us = (int128) span->time + (int128) span->day * USECS_PER_DAY;
	if (span->month != 0)
		us += (int128) (span->month / MONTHS_PER_YEAR) *
			((int64) (DAYS_PER_YEAR * SECS_PER_DAY) * USECS_PER_SEC) +
			(int128) (span->month % MONTHS_PER_YEAR) * (DAYS_PER_MONTH * USECS_PER_DAY);
	if (unlikely(us < 0 || us > DURATION_MAX_US))
		report_bad_duration(what, DatumGetCString(DirectFunctionCall1(interval_out,
																	  IntervalPGetDatum(span))),
							us < 0);
	return (int64) us;
}

/* Seconds rounded to the microsecond, as make_interval(secs => ...) does. */
int64
sq_duration_us_from_seconds(double seconds, const char *what)
{
	if (unlikely(!(seconds >= 0.0 && seconds <= DURATION_MAX_SECONDS)))
		report_bad_duration(what, psprintf("of %s seconds", sq_float8_text(seconds)),
							seconds < 0.0);
	return (int64) rint(seconds * USECS_PER_SECOND_F);
}

/*
 * Microseconds as exact decimal seconds: "86400", "0.25", "12.000001"; a
 * negative value (only a malformed state's sum has one) gets a sign.
 */
void
sq_duration_append_seconds(StringInfo buf, int128 us)
{
	char		digits[48];
	int			len = 0;
	uint128		magnitude = us < 0 ? -(uint128) us : (uint128) us;
	uint128		whole = magnitude / USECS_PER_SEC;
	int64		fraction = (int64) (magnitude % USECS_PER_SEC);

	if (us < 0)
		appendStringInfoChar(buf, '-');
	do
	{
		digits[len++] = (char) ('0' + (int) (whole % 10));
		whole /= 10;
	} while (whole > 0);
	while (len > 0)
		appendStringInfoChar(buf, digits[--len]);
	if (fraction != 0)
	{
		int			width = 6;

		while (fraction % 10 == 0)
		{
			fraction /= 10;
			width--;
		}
		appendStringInfo(buf, ".%0*lld", width, (long long) fraction);
	}
}

/* ---- varints of the packed form, and the span of buckets ---------------- */

static uint8 *
write_varint(uint8 *out, uint64 value)
{
	while (value >= 0x80)
	{
		*out++ = (uint8) (value | 0x80);
		value >>= 7;
	}
	*out++ = (uint8) value;
	return out;
}

/* Lowest and highest non-empty bucket; false when there is none. */
bool
sq_duration_state_span(const DurationState *state, int32 *lo, int32 *hi)
{
	const uint64 *counts;
	int32		a,
				b;

	if (state->form == DURATION_FORM_PACKED)
	{
		*lo = state->first;
		*hi = state->first + state->nslots - 1;
		return state->nslots > 0;
	}
	counts = DurationDenseCounts(state);
	for (a = 0; a < state->nslots && counts[a] == 0; a++)
		;
	if (a == state->nslots)
		return false;
	for (b = state->nslots - 1; counts[b] == 0; b--)
		;
	*lo = state->first + a;
	*hi = state->first + b;
	return true;
}

/* ---- changing form ------------------------------------------------------ */

static void
copy_scalars(DurationState *dst, const DurationState *src)
{
	dst->alpha = src->alpha;
	dst->log_gamma = src->log_gamma;
	dst->scale = src->scale;
	dst->count = src->count;
	dst->zero_count = src->zero_count;
	dst->min_us = src->min_us;
	dst->max_us = src->max_us;
	dst->sum_us = src->sum_us;
}

/* A dense copy with slots for buckets lo..hi, which must cover the state's. */
static DurationState *
duration_state_widen(const DurationState *state, int32 lo, int32 hi)
{
	DurationState *wide = sq_duration_state_new(state->alpha, lo, hi - lo + 1);
	uint64	   *counts = DurationDenseCounts(wide);
	DurationBucketIter iter;
	int32		index;
	int64		count;

	copy_scalars(wide, state);
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
	{
		Assert(index >= lo && index <= hi);
		counts[index - lo] = (uint64) count;
	}
	return wide;
}

/* A dense copy of a state, with slots for exactly its non-empty buckets. */
DurationState *
sq_duration_state_unpack(const DurationState *state)
{
	int32		lo,
				hi;

	if (!sq_duration_state_span(state, &lo, &hi))
		lo = hi = 0;
	return duration_state_widen(state, lo, hi);
}

/* The packed form of a state (the state itself when already packed). */
DurationState *
sq_duration_state_pack(const DurationState *state)
{
	DurationState *packed;
	DurationBucketIter iter;
	int32		lo,
				hi,
				index,
				next;
	int64		count;
	uint8	   *out;

	if (state->form == DURATION_FORM_PACKED)
		return unconstify(DurationState *, state);

	if (!sq_duration_state_span(state, &lo, &hi))
		lo = hi = 0;
	/* at most one count and one run per bucket, each at most 10 bytes */
	packed = palloc0(DURATION_HEADER_SIZE + (Size) 20 * (hi - lo + 1));
	packed->version = DURATION_STATE_VERSION;
	packed->form = DURATION_FORM_PACKED;
	copy_scalars(packed, state);
	packed->first = lo;
	packed->nslots = 0;

	out = (uint8 *) DurationPackedData(packed);
	next = lo;
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
	{
		if (index > next)
			out = write_varint(out, ((uint64) (index - next - 1) << 1) | 1);
		out = write_varint(out, (uint64) count << 1);
		next = index + 1;
		packed->nslots = next - lo;
	}
	SET_VARSIZE(packed, out - (uint8 *) packed);
	return packed;
}

/* ---- merging ------------------------------------------------------------ */

void
sq_duration_report_count_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("duration_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

/*
 * Add src into dst, a dense state whose slots cover src's buckets.  Both
 * are non-empty and of the same accuracy.  Sums cannot overflow: every
 * state has sum <= count * max, and counts are checked here.
 */
void
sq_duration_state_merge_into(DurationState *dst, const DurationState *src)
{
	uint64	   *counts = DurationDenseCounts(dst);
	DurationBucketIter iter;
	int32		index;
	int64		count;

	Assert(dst->form == DURATION_FORM_DENSE && dst->count > 0 && src->count > 0);
	if (pg_add_s64_overflow(dst->count, src->count, &count))
		sq_duration_report_count_overflow(dst->count, src->count);
	dst->count = count;
	dst->zero_count += src->zero_count;
	dst->sum_us += src->sum_us;
	dst->min_us = Min(dst->min_us, src->min_us);
	dst->max_us = Max(dst->max_us, src->max_us);

	sq_duration_iter_init(&iter, src);
	while (sq_duration_iter_next(&iter, &index, &count))
		counts[index - dst->first] += (uint64) count;
}

/*
 * A dense copy of the state with room for buckets lo..hi as well as its own.
 * The sides that grow get half the width again as slack (within the range
 * of valid buckets), so a range found row by row is reallocated only a
 * logarithmic number of times.
 */
DurationState *
sq_duration_state_grow(const DurationState *state, int32 lo, int32 hi)
{
	int32		cur_lo,
				cur_hi,
				new_lo,
				new_hi,
				pad,
				lowest,
				highest;

	if (state->form == DURATION_FORM_DENSE && state->nslots > 0)
	{
		cur_lo = state->first;
		cur_hi = state->first + state->nslots - 1;
	}
	else if (!sq_duration_state_span(state, &cur_lo, &cur_hi))
	{
		cur_lo = lo;
		cur_hi = hi;
	}
	new_lo = Min(cur_lo, lo);
	new_hi = Max(cur_hi, hi);
	pad = Max(32, (new_hi - new_lo + 1) / 2);
	sq_duration_valid_buckets(state->alpha, &lowest, &highest);
	if (lo < cur_lo || state->nslots == 0)
		new_lo = Max(new_lo - pad, Min(lowest, lo));
	if (hi > cur_hi || state->nslots == 0)
		new_hi = Min(new_hi + pad, Max(highest, hi));
	return duration_state_widen(state, new_lo, new_hi);
}

/* Error unless two non-empty states have the same accuracy. */
void
sq_duration_check_mergeable(const DurationState *a, const DurationState *b)
{
	if (a->count > 0 && b->count > 0 && a->alpha != b->alpha)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge duration states of accuracy %s and %s", sq_float8_text(a->alpha), sq_float8_text(b->alpha)),
				 errdetail("Buckets of different accuracies do not line up."),
				 errhint("Aggregate every part with the same accuracy argument of duration_agg.")));
}

/*
 * A new dense state holding a and b.  An empty state merges with anything
 * (the result takes the other's accuracy, or the finer of two empty ones,
 * so that merging stays commutative); two non-empty states must have the
 * same accuracy, since their buckets would not line up.
 */
DurationState *
sq_duration_state_merge(const DurationState *a, const DurationState *b)
{
	DurationState *sum;
	int32		lo,
				hi;

	sq_duration_check_mergeable(a, b);
	if (a->count == 0 && b->count == 0)
		return sq_duration_state_unpack(a->alpha <= b->alpha ? a : b);
	if (a->count == 0)
	{
		a = b;
		b = NULL;
	}
	else if (b->count == 0)
		b = NULL;
	if (b == NULL || !sq_duration_state_span(b, &lo, &hi))
		sum = sq_duration_state_unpack(a);
	else
		sum = sq_duration_state_grow(a, lo, hi);
	if (b != NULL)
		sq_duration_state_merge_into(sum, b);
	return sum;
}

/* ---- consistency -------------------------------------------------------- */

/*
 * The shortest and the longest duration, in microseconds, that bucket index
 * can hold: (gamma^(i-1), gamma^i] seconds, and within min and max.  The
 * edges are widened by one part in 10^9, far more than the rounding of
 * log() on any machine moves a boundary, so that a state aggregated
 * elsewhere always fits.
 */
static void
bucket_bounds_us(const DurationState *state, int32 index, int64 *shortest, int64 *longest)
{
	double		low = exp((double) (index - 1) * state->log_gamma) * USECS_PER_SECOND_F * (1.0 - 1e-9);
	double		high = exp((double) index * state->log_gamma) * USECS_PER_SECOND_F * (1.0 + 1e-9);

	*shortest = low < 1.0 ? 1 : (int64) Min(floor(low), (double) DURATION_MAX_US);
	*longest = high >= (double) DURATION_MAX_US ? DURATION_MAX_US : (int64) ceil(high);
	*shortest = Max(*shortest, state->min_us);
	*longest = Min(*longest, state->max_us);
}

/*
 * The extremes of a non-empty state: the lowest non-empty bucket (when
 * there are no zero durations) and the highest hold min and max, with one
 * bucket of slack for another machine's log().
 */
static const char *
extremes_problem(const DurationState *state)
{
	int32		lo,
				hi,
				min_bucket,
				max_bucket;

	if (!sq_duration_state_span(state, &lo, &hi))
		return NULL;
	min_bucket = duration_bucket_of_us(Max(state->min_us, 1), state->scale);
	max_bucket = duration_bucket_of_us(state->max_us, state->scale);
	if ((state->zero_count == 0 && abs(lo - min_bucket) > 1) || abs(hi - max_bucket) > 1)
		return psprintf("min or max does not lie in the lowest or highest bucket (min in bucket %d, max in %d; the buckets run from %d to %d)",
						min_bucket, max_bucket, lo, hi);
	return NULL;
}

/* "the sum S is below|above B, the least|most that <what> allow" */
static const char *
sum_bound_problem(int128 sum, int128 bound, bool below, const char *what)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "the sum ");
	sq_duration_append_seconds(&buf, sum);
	appendStringInfoString(&buf, below ? " is below " : " is above ");
	sq_duration_append_seconds(&buf, bound);
	appendStringInfo(&buf, ", the %s that %s allow", below ? "least" : "most", what);
	return buf.data;
}

/*
 * The sum of n durations between min and max, both among them, lies between
 * (n - 1) min + max and min + (n - 1) max, and between what the buckets
 * hold at their shortest and at their longest.
 */
static const char *
sum_problem(const DurationState *state, int128 bucket_least, int128 bucket_most)
{
	int128		least = (int128) (state->count - 1) * state->min_us + state->max_us;
	int128		most = (int128) (state->count - 1) * state->max_us + state->min_us;
	const char *problem;

	if (state->sum_us < least || state->sum_us > most)
		return sum_bound_problem(state->sum_us, state->sum_us < least ? least : most, state->sum_us < least,
								 "n, min and max ((n - 1) * min + max to min + (n - 1) * max)");
	problem = extremes_problem(state);
	if (problem)
		return problem;
	if (state->sum_us < bucket_least || state->sum_us > bucket_most)
		return sum_bound_problem(state->sum_us, state->sum_us < bucket_least ? bucket_least : bucket_most,
								 state->sum_us < bucket_least, "the bucket counts, min and max");
	return NULL;
}

/*
 * Why a decoded state is unacceptable, or NULL when it is fine.  Text and
 * binary input share these rules, so no path admits a state the functions
 * cannot handle: counts add up, the extremes lie in the right buckets, and
 * the sum is one the durations could have (sum_problem).  The readers have
 * checked the accuracy and every bucket index as they read them: they
 * need both to build the state.
 */
const char *
sq_duration_state_problem(const DurationState *state)
{
	DurationBucketIter iter;
	int32		index;
	int64		count,
				total,
				shortest,
				longest;
	int128		bucket_least = 0,
				bucket_most = 0;

	if (state->count < 0 || state->zero_count < 0 || state->zero_count > state->count)
		return "a count is negative or exceeds the total";

	total = state->zero_count;
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
	{
		if (count < 0 || pg_add_s64_overflow(total, count, &total))
			return "a bucket count is negative or the counts exceed the 64-bit range";
		bucket_bounds_us(state, index, &shortest, &longest);
		bucket_least += (int128) count * shortest;
		bucket_most += (int128) count * longest;
	}
	if (total != state->count)
		return psprintf("the bucket counts and zero add up to " INT64_FORMAT ", not n = " INT64_FORMAT,
						total, state->count);

	if (state->count == 0)
		return (state->min_us == 0 && state->max_us == 0 && state->sum_us == 0) ? NULL :
			"an empty state has a nonzero sum, min or max";
	if (state->min_us < 0 || state->min_us > state->max_us || state->max_us > DURATION_MAX_US)
		return "min and max are not 0 <= min <= max <= 10^12 seconds";
	if ((state->zero_count > 0) != (state->min_us == 0))
		return "min is 0 but there is no zero duration, or the reverse";
	if ((state->zero_count < state->count) != (state->max_us > 0))
		return "max is 0 but there are positive durations, or the reverse";
	return sum_problem(state, bucket_least, bucket_most);
}
