/*-------------------------------------------------------------------------
 *
 * duration_bucket.c
 *	  The tables behind duration_bucket_of_us() (duration_bucket.h): the
 *	  logarithms of the estimate, and the slots and bucket edges of one
 *	  accuracy, built on first use in each process.
 *
 * Pure C like its header: the unit test links this file alone.
 *
 *-------------------------------------------------------------------------
 */
#include "duration_bucket.h"

DurationLogEntry sq_duration_log_table[DURATION_LOG_TABLE_SIZE];
bool		sq_duration_log_table_ready = false;
DurationBucketTable sq_duration_bucket_table;

/*
 * Tables built in this process.  A query that alternates between more
 * accuracies than that would rebuild the table on every row: past the limit
 * the estimate answers instead.
 */
#define DURATION_TABLE_MAX_BUILDS 8

static int	table_builds = 0;
static double refused_scale = 0.0;

void
sq_duration_log_table_fill(void)
{
	for (int j = 0; j < DURATION_LOG_TABLE_SIZE; j++)
	{
		double		middle = 1.0 + (j + 0.5) / DURATION_LOG_TABLE_SIZE;
		double		inverse = 1.0 / middle;

		sq_duration_log_table[j].inverse = inverse;
		sq_duration_log_table[j].log_c = -log(inverse);
	}
	sq_duration_log_table_ready = true;
}

/* The definition, as states have always computed it. */
static int32_t
definition(int64_t us, double scale)
{
	return duration_bucket_of((double) us / 1e6, scale);
}

/*
 * The first duration in [1, DURATION_BUCKET_MAX_US] whose bucket exceeds
 * `bucket`: bisection on the definition, which is non-decreasing in us
 * (each of its roundings is), in a narrow window around exp(bucket / scale)
 * seconds when that window holds the edge, else over the whole range.
 */
static int64_t
first_above(int32_t bucket, double scale)
{
	double		guess = exp(bucket / scale) * 1e6;
	int64_t		lo = (int64_t) fmax(guess * (1.0 - 1e-9) - 2.0, 0.0),
				hi = (int64_t) fmin(guess * (1.0 + 1e-9) + 2.0, (double) DURATION_BUCKET_MAX_US);

	if ((lo > 0 && definition(lo, scale) > bucket) || definition(hi, scale) <= bucket)
	{
		lo = 0;
		hi = DURATION_BUCKET_MAX_US;
	}
	/* invariant: lo is 0 or in a bucket <= bucket; hi is above it */
	while (hi - lo > 1)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (definition(mid, scale) > bucket)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* The first duration of slot `slot` or of a later one. */
static int64_t
first_of_slot(int slot)
{
	int64_t		lo = 0,
				hi = DURATION_BUCKET_MAX_US + 1;

	while (hi - lo > 1)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (duration_slot(mid) >= slot)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/*
 * Build the table of a scale: false, and no table, when a slot holds more
 * than one edge.
 */
static bool
duration_bucket_table_build(double scale)
{
	DurationBucketTable *table = &sq_duration_bucket_table;
	int32_t		highest = definition(DURATION_BUCKET_MAX_US, scale);
	int64_t		first = 1;

	table->scale = 0.0;
	for (int slot = 0; slot < DURATION_SLOTS; slot++)
	{
		int64_t		next = first_of_slot(slot + 1);
		int32_t		bucket = first <= DURATION_BUCKET_MAX_US ? definition(first, scale) : highest;

		/* the slot's last duration may be at most one bucket further */
		if (first < next && first <= DURATION_BUCKET_MAX_US &&
			definition(next - 1 < DURATION_BUCKET_MAX_US ? next - 1 : DURATION_BUCKET_MAX_US,
					   scale) > bucket + 1)
			return false;
		table->slot[slot].bucket = bucket;
		/* consecutive slots share a bucket: its edge is searched once */
		if (slot > 0 && bucket == table->slot[slot - 1].bucket)
			table->slot[slot].next_edge = table->slot[slot - 1].next_edge;
		else
			table->slot[slot].next_edge = bucket < highest ? first_above(bucket, scale) : INT64_MAX;
		if (next > first)
			first = next;
	}
	table->scale = scale;
	return true;
}

/*
 * The bucket of us when the table is not built for this scale: build it
 * (a few milliseconds, once), or use the estimate, falling back to the
 * definition near an edge.
 */
int32_t
sq_duration_bucket_of_us_untabled(int64_t us, double scale)
{
	bool		decided;
	int32_t		index;

	if (scale != refused_scale && table_builds < DURATION_TABLE_MAX_BUILDS)
	{
		table_builds++;
		if (duration_bucket_table_build(scale))
			return duration_bucket_from_table(us);
		refused_scale = scale;
	}
	index = duration_bucket_estimate(us, scale, &decided);
	if (decided)
		return index;
	return definition(us, scale);
}
