/*-------------------------------------------------------------------------
 *
 * duration.c
 *	  What a duration_state tells: count, sum, mean, min, max, quantiles,
 *	  the share within an SLA target and a histogram, as interval or seconds.
 *
 * Quantiles use the rank of percentile_disc: for q in [0, 1] over n
 * durations, the value of rank k = max(1, ceil(q n)) in ascending order.
 * Rank 1 and rank n are the exact min and max; other ranks are reported as
 * the value of their bucket, clamped to [min, max], which is within the
 * state's accuracy of the true value.  Interval results are the seconds
 * rounded to the microsecond.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "duration.h"
#include "duration_state.h"

PG_FUNCTION_INFO_V1(duration_count);
PG_FUNCTION_INFO_V1(duration_accuracy);
PG_FUNCTION_INFO_V1(duration_state_size);
PG_FUNCTION_INFO_V1(duration_sum);
PG_FUNCTION_INFO_V1(duration_sum_seconds);
PG_FUNCTION_INFO_V1(duration_mean);
PG_FUNCTION_INFO_V1(duration_mean_seconds);
PG_FUNCTION_INFO_V1(duration_min);
PG_FUNCTION_INFO_V1(duration_min_seconds);
PG_FUNCTION_INFO_V1(duration_max);
PG_FUNCTION_INFO_V1(duration_max_seconds);
PG_FUNCTION_INFO_V1(duration_quantile);
PG_FUNCTION_INFO_V1(duration_quantile_seconds);
PG_FUNCTION_INFO_V1(duration_quantiles);
PG_FUNCTION_INFO_V1(duration_quantiles_seconds);
PG_FUNCTION_INFO_V1(duration_sla_share);
PG_FUNCTION_INFO_V1(duration_sla_share_seconds);
PG_FUNCTION_INFO_V1(duration_sla_bounds);
PG_FUNCTION_INFO_V1(duration_sla_bounds_seconds);
PG_FUNCTION_INFO_V1(duration_histogram);
PG_FUNCTION_INFO_V1(duration_histogram_seconds);

/* A state with no durations answers NULL, as aggregates over no rows do. */
static DurationState *
nonempty_arg(FunctionCallInfo fcinfo)
{
	DurationState *state = PG_GETARG_DURATION_STATE(0);

	return state->count > 0 ? state : NULL;
}

/* Days of 24 hours plus the rest, as timestamptz subtraction writes it. */
Interval *
sq_duration_interval_from_us(int128 us)
{
	Interval   *result = palloc(sizeof(Interval));

	if (us / USECS_PER_DAY > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range"),
				 errdetail("%s seconds are more than the 2147483647 days an interval holds.",
						   sq_float8_text((double) us / USECS_PER_SEC)),
				 errhint("Read sums this large in seconds, with duration_sum_seconds().")));
	result->month = 0;
	result->day = (int32) (us / USECS_PER_DAY);
	result->time = (int64) (us % USECS_PER_DAY);
	return result;
}

Datum
duration_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_DURATION_STATE(0)->count);
}

Datum
duration_accuracy(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PG_GETARG_DURATION_STATE(0)->alpha);
}

/* Bytes of the packed form, as a table stores it before any compression. */
Datum
duration_state_size(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) VARSIZE(sq_duration_state_pack(PG_GETARG_DURATION_STATE(0))));
}

#define STATE_OR_NULL(state) \
	do { \
		(state) = nonempty_arg(fcinfo); \
		if ((state) == NULL) \
			PG_RETURN_NULL(); \
	} while (0)

Datum
duration_sum(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_INTERVAL_P(sq_duration_interval_from_us(state->sum_us));
}

/* numeric, so that the sum stays exact however large it grows */
Datum
duration_sum_seconds(PG_FUNCTION_ARGS)
{
	DurationState *state;
	StringInfoData buf;

	STATE_OR_NULL(state);
	initStringInfo(&buf);
	sq_duration_append_seconds(&buf, state->sum_us);
	PG_RETURN_DATUM(DirectFunctionCall3(numeric_in, CStringGetDatum(buf.data),
										ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

/* Exact mean rounded to the microsecond, halves away from zero. */
Datum
duration_mean(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_INTERVAL_P(sq_duration_interval_from_us((state->sum_us + state->count / 2) / state->count));
}

/*
 * The sum may be far beyond what a double holds exactly, the mean (at most
 * 10^18 microseconds) is not: quotient and remainder separately lose only a
 * few units in the last place.
 */
Datum
duration_mean_seconds(PG_FUNCTION_ARGS)
{
	DurationState *state;
	int64		whole,
				rest;

	STATE_OR_NULL(state);
	whole = (int64) (state->sum_us / state->count);
	rest = (int64) (state->sum_us % state->count);
	PG_RETURN_FLOAT8(((double) whole + (double) rest / (double) state->count) / USECS_PER_SECOND_F);
}

Datum
duration_min(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_INTERVAL_P(sq_duration_interval_from_us(state->min_us));
}

Datum
duration_min_seconds(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_FLOAT8(duration_us_to_seconds(state->min_us));
}

Datum
duration_max(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_INTERVAL_P(sq_duration_interval_from_us(state->max_us));
}

Datum
duration_max_seconds(PG_FUNCTION_ARGS)
{
	DurationState *state;

	STATE_OR_NULL(state);
	PG_RETURN_FLOAT8(duration_us_to_seconds(state->max_us));
}

/* ---- quantiles ---------------------------------------------------------- */

void
sq_duration_cdf_init(DurationCdf *cdf, const DurationState *state)
{
	DurationBucketIter iter;
	int32		index,
				lo,
				hi;
	int64		count,
				total = state->zero_count;

	cdf->state = state;
	cdf->nbuckets = 0;
	if (!sq_duration_state_span(state, &lo, &hi))
		lo = hi = 0;
	cdf->index = palloc(sizeof(int32) * (hi - lo + 1));
	cdf->cumulative = palloc(sizeof(int64) * (hi - lo + 1));
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
	{
		total += count;
		cdf->index[cdf->nbuckets] = index;
		cdf->cumulative[cdf->nbuckets++] = total;
	}
}

static DurationValue
exact_value(int64 us)
{
	DurationValue v = {true, us, duration_us_to_seconds(us)};

	return v;
}

void
sq_duration_check_fraction(double q)
{
	if (isnan(q) || q < 0.0 || q > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("quantile %s is not between 0 and 1", sq_float8_text(q)),
				 errdetail("A quantile is a fraction of the durations: 0.5 for the median, 0.9 for the 90th percentile.")));
}

/* Slot (in cdf->index) of the bucket holding rank, zero_count < rank <= count. */
static int
cdf_slot_of_rank(const DurationCdf *cdf, int64 rank)
{
	int			lo = 0,
				hi = cdf->nbuckets - 1;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cdf->cumulative[mid] >= rank)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

DurationValue
sq_duration_cdf_quantile(const DurationCdf *cdf, double q)
{
	const DurationState *state = cdf->state;
	DurationValue v = {false, 0, 0.0};
	double		position;
	int64		rank;

	/*
	 * The rank percentile_disc uses, compared with n before the cast: q n
	 * reaches 2^63 for counts near the 64-bit limit, beyond int64.
	 */
	position = ceil(q * (double) state->count);
	if (position <= 1.0)
		return exact_value(state->min_us);
	if (position >= (double) state->count)
		return exact_value(state->max_us);
	rank = (int64) position;
	if (rank <= state->zero_count)
		return exact_value(0);

	v.seconds = sq_duration_bucket_value(state, cdf->index[cdf_slot_of_rank(cdf, rank)]);
	if (v.seconds <= duration_us_to_seconds(state->min_us))
		return exact_value(state->min_us);
	if (v.seconds >= duration_us_to_seconds(state->max_us))
		return exact_value(state->max_us);
	v.us = (int64) rint(v.seconds * USECS_PER_SECOND_F);
	return v;
}

void
sq_duration_rank_range(const DurationCdf *cdf, int64 rank, int64 *shortest_us, int64 *longest_us)
{
	const DurationState *state = cdf->state;
	int32		bucket;

	if (rank <= 1 || rank >= state->count || rank <= state->zero_count)
	{
		*shortest_us = *longest_us = rank <= 1 ? state->min_us :
			rank >= state->count ? state->max_us : 0;
		return;
	}
	bucket = cdf->index[cdf_slot_of_rank(cdf, rank)];
	*shortest_us = Max(sq_duration_bucket_last_us(state, bucket - 1) + 1, state->min_us);
	*longest_us = Min(sq_duration_bucket_last_us(state, bucket), state->max_us);
}

static Datum
value_datum(DurationValue v, bool as_interval)
{
	if (as_interval)
		return IntervalPGetDatum(sq_duration_interval_from_us(v.us));
	return Float8GetDatum(v.exact ? duration_us_to_seconds(v.us) : v.seconds);
}

static Datum
quantile_common(FunctionCallInfo fcinfo, bool as_interval)
{
	DurationState *state = nonempty_arg(fcinfo);
	DurationCdf cdf;
	double		q = PG_GETARG_FLOAT8(1);

	/* before looking at the data, so that errors do not depend on it */
	sq_duration_check_fraction(q);
	if (state == NULL)
		PG_RETURN_NULL();
	sq_duration_cdf_init(&cdf, state);
	PG_RETURN_DATUM(value_datum(sq_duration_cdf_quantile(&cdf, q), as_interval));
}

Datum
duration_quantile(PG_FUNCTION_ARGS)
{
	return quantile_common(fcinfo, true);
}

Datum
duration_quantile_seconds(PG_FUNCTION_ARGS)
{
	return quantile_common(fcinfo, false);
}

/*
 * Several quantiles from one pass over the buckets.  Like percentile_disc
 * with an array, the result has the shape of the input and a NULL fraction
 * gives a NULL element.
 */
static Datum
quantiles_common(FunctionCallInfo fcinfo, bool as_interval)
{
	DurationState *state = PG_GETARG_DURATION_STATE(0);
	ArrayType  *fractions = PG_GETARG_ARRAYTYPE_P(1);
	DurationCdf cdf;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(fractions, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			sq_duration_check_fraction(DatumGetFloat8(elems[i]));
	if (state->count == 0)
		PG_RETURN_NULL();
	sq_duration_cdf_init(&cdf, state);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			elems[i] = value_datum(sq_duration_cdf_quantile(&cdf, DatumGetFloat8(elems[i])), as_interval);
	if (as_interval)
		PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, ARR_NDIM(fractions),
												 ARR_DIMS(fractions), ARR_LBOUND(fractions),
												 INTERVALOID, sizeof(Interval), false,
												 TYPALIGN_DOUBLE));
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, ARR_NDIM(fractions),
											 ARR_DIMS(fractions), ARR_LBOUND(fractions),
											 FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
											 TYPALIGN_DOUBLE));
}

Datum
duration_quantiles(PG_FUNCTION_ARGS)
{
	return quantiles_common(fcinfo, true);
}

Datum
duration_quantiles_seconds(PG_FUNCTION_ARGS)
{
	return quantiles_common(fcinfo, false);
}

/* ---- SLA share ---------------------------------------------------------- */

/*
 * Durations at or under a target: those certainly under it (lower), those
 * possibly under it (upper), and an estimate between them.  The exact count
 * lies between lower and upper: only the bucket holding the target is
 * uncertain, and the exact min and max settle targets outside [min, max).
 * The estimate takes the part of that bucket's count that lies at or under
 * the target if its durations are spread evenly on the logarithmic scale,
 * the bucket narrowed to [min, max] when it holds either; the min then
 * certainly counts and the max certainly does not.
 */
SlaCounts
sq_duration_sla_counts(const DurationState *state, int64 target_us)
{
	SlaCounts	c = {0, 0.0, 0};
	DurationBucketIter iter;
	int32		index,
				bucket;
	int64		count,
				in_bucket = 0;
	double		position,
				from,
				to,
				part;

	if (target_us >= state->max_us)
	{
		c.lower = c.upper = state->count;
		c.estimate = (double) state->count;
		return c;
	}
	if (target_us < state->min_us)
		return c;

	/* min <= target < max, so the target is positive unless min is 0 */
	c.lower = c.upper = state->zero_count;
	c.estimate = (double) c.lower;
	if (target_us == 0)
		return c;

	/* positions on the bucket scale: bucket i spans (i - 1, i] */
	position = log(duration_us_to_seconds(target_us)) * state->scale;
	bucket = duration_bucket_of_us(target_us, state->scale);
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count) && index <= bucket)
	{
		if (index < bucket)
			c.lower += count;
		else
			in_bucket = count;
	}
	c.estimate = (double) c.lower;
	c.upper = c.lower + in_bucket;

	/* the min (<= target) and the max (> target) may share its bucket */
	from = bucket - 1;
	to = bucket;
	if (in_bucket > 0 && state->min_us > 0 &&
		duration_bucket_of_us(state->min_us, state->scale) == bucket)
	{
		from = log(duration_us_to_seconds(state->min_us)) * state->scale;
		c.lower++;
	}
	if (c.upper > c.lower &&
		duration_bucket_of_us(state->max_us, state->scale) == bucket)
	{
		to = log(duration_us_to_seconds(state->max_us)) * state->scale;
		c.upper--;
	}
	part = (to > from) ? (position - from) / (to - from) : 1.0;
	c.estimate += (double) in_bucket * Min(Max(part, 0.0), 1.0);
	c.estimate = Min(Max(c.estimate, (double) c.lower), (double) c.upper);
	return c;
}

static Datum
sla_share_common(FunctionCallInfo fcinfo, int64 target_us)
{
	DurationState *state = nonempty_arg(fcinfo);

	if (state == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sq_duration_sla_counts(state, target_us).estimate / (double) state->count);
}

Datum
duration_sla_share(PG_FUNCTION_ARGS)
{
	return sla_share_common(fcinfo, sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(1), "target"));
}

Datum
duration_sla_share_seconds(PG_FUNCTION_ARGS)
{
	return sla_share_common(fcinfo, sq_duration_us_from_seconds(PG_GETARG_FLOAT8(1), "target"));
}

static Datum
sla_bounds_common(FunctionCallInfo fcinfo, int64 target_us)
{
	DurationState *state = nonempty_arg(fcinfo);
	SlaCounts	c;
	double		bounds[2];

	if (state == NULL)
		PG_RETURN_NULL();
	c = sq_duration_sla_counts(state, target_us);
	bounds[0] = (double) c.lower / (double) state->count;
	bounds[1] = (double) c.upper / (double) state->count;
	PG_RETURN_DATUM(sq_float8_row(fcinfo, bounds, 2));
}

Datum
duration_sla_bounds(PG_FUNCTION_ARGS)
{
	return sla_bounds_common(fcinfo, sq_duration_us_from_interval(PG_GETARG_INTERVAL_P(1), "target"));
}

Datum
duration_sla_bounds_seconds(PG_FUNCTION_ARGS)
{
	return sla_bounds_common(fcinfo, sq_duration_us_from_seconds(PG_GETARG_FLOAT8(1), "target"));
}

/* ---- histogram ---------------------------------------------------------- */

typedef struct HistogramBin
{
	int64		lower_us;		/* a bin holds the durations in (lower, upper] */
	int64		upper_us;
	int64		count;
} HistogramBin;

typedef struct Histogram
{
	int			nbins;
	HistogramBin *bins;
} Histogram;

/*
 * Bins from the lowest to the highest non-empty bucket, each `width`
 * consecutive buckets starting at the lowest (empty bins included, so that
 * a chart has no holes), after a bin [0, 0] for zero durations if any.
 * The bounds are the longest durations the buckets hold, so that each
 * duration lies in the bin that counts it, microsecond for microsecond.
 */
static Histogram *
build_histogram(const DurationState *state, int32 max_bins)
{
	Histogram  *h = palloc0(sizeof(Histogram));
	DurationBucketIter iter;
	int32		lo,
				hi,
				width = 1,
				index,
				groups = 0;
	int64		count;

	if (!sq_duration_state_span(state, &lo, &hi))
		lo = hi = 0;
	else
	{
		if (max_bins > 0)
			width = (hi - lo) / max_bins + 1;
		groups = (hi - lo) / width + 1;
	}
	h->bins = palloc0(sizeof(HistogramBin) * (groups + 1));
	if (state->zero_count > 0)
		h->bins[h->nbins++].count = state->zero_count;
	for (int g = 0; g < groups; g++)
	{
		HistogramBin *bin = &h->bins[h->nbins + g];

		bin->lower_us = g > 0 ? bin[-1].upper_us : sq_duration_bucket_last_us(state, lo - 1);
		bin->upper_us = sq_duration_bucket_last_us(state, Min(lo + (g + 1) * width - 1, hi));
	}
	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
		h->bins[h->nbins + (index - lo) / width].count += count;
	h->nbins += groups;
	return h;
}

static Datum
histogram_common(FunctionCallInfo fcinfo, bool as_interval)
{
	DurationState *state = PG_GETARG_DURATION_STATE(0);
	int32		max_bins = 0;
	Histogram  *h;
	SqRows		rows;

	if (PG_NARGS() > 1)
	{
		max_bins = PG_GETARG_INT32(1);
		if (max_bins < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of bins %d is invalid", max_bins),
					 errdetail("Ask for 1 or more bins, or leave the argument out for one row per bucket.")));
	}
	h = build_histogram(state, max_bins);
	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < h->nbins; i++)
	{
		HistogramBin *bin = &h->bins[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		if (as_interval)
		{
			values[0] = IntervalPGetDatum(sq_duration_interval_from_us(bin->lower_us));
			values[1] = IntervalPGetDatum(sq_duration_interval_from_us(bin->upper_us));
		}
		else
		{
			values[0] = Float8GetDatum(duration_us_to_seconds(bin->lower_us));
			values[1] = Float8GetDatum(duration_us_to_seconds(bin->upper_us));
		}
		values[2] = Int64GetDatum(bin->count);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

Datum
duration_histogram(PG_FUNCTION_ARGS)
{
	return histogram_common(fcinfo, true);
}

Datum
duration_histogram_seconds(PG_FUNCTION_ARGS)
{
	return histogram_common(fcinfo, false);
}
