/*-------------------------------------------------------------------------
 *
 * duration_state.h
 *	  duration_state: a mergeable summary of durations (response, handling,
 *	  resolution times) with exact count, sum, min and max and a quantile
 *	  sketch of guaranteed relative accuracy.
 *
 * A duration is a whole number of microseconds, the resolution of interval;
 * seconds given as double precision are rounded to it like make_interval
 * does.  Count, sum (a 128-bit integer), min and max are therefore exact and
 * independent of the order of the rows.
 *
 * Quantiles come from logarithmic buckets (the DDSketch idea): with relative
 * accuracy alpha and gamma = (1 + alpha) / (1 - alpha), bucket i holds the
 * durations x with gamma^(i-1) < x <= gamma^i seconds, and reports them as
 * gamma^i (1 - alpha), which is within alpha of every value in the bucket.
 * Zero durations have a bucket of their own and are reported exactly.  A
 * bucket index depends only on the value and alpha, so merged states are
 * bucket for bucket the states of all their rows.
 *
 * The type has two physical forms.  The dense form, a 64-bit counter per
 * bucket over a range of indexes, is what aggregates update in place row by
 * row.  The packed form, a varint stream of counts and runs of empty
 * buckets, is what final functions, operators and input functions return,
 * and what tables store.  Every function reads both.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DURATION_STATE_H
#define DURATION_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"

#include <math.h>

#ifndef HAVE_INT128
#error "svcquality needs a compiler with 128-bit integers for exact sums of durations"
#endif

#define DURATION_STATE_VERSION 1

#define DURATION_FORM_DENSE 1
#define DURATION_FORM_PACKED 2

#define DURATION_DEFAULT_ALPHA 0.01
#define DURATION_MIN_ALPHA 0.0001
#define DURATION_MAX_ALPHA 0.5

/* Longest accepted duration: 10^12 seconds (about 31,700 years). */
#define DURATION_MAX_US INT64CONST(1000000000000000000)
#define DURATION_MAX_SECONDS 1e12

#define USECS_PER_SECOND_F 1e6

typedef struct DurationState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* DURATION_STATE_VERSION */
	uint8		form;			/* DURATION_FORM_DENSE or _PACKED */
	uint16		reserved;		/* zero */
	int32		first;			/* bucket index of the first slot */
	int32		nslots;			/* dense: counters; packed: buckets spanned */
	double		alpha;			/* relative accuracy, as the user gave it */
	double		log_gamma;		/* derived from alpha, never read from input */
	double		scale;			/* 1 / log_gamma, likewise */
	int64		count;			/* durations, zero ones included */
	int64		zero_count;		/* durations of exactly 0 */
	int64		min_us;			/* 0 when count is 0 */
	int64		max_us;
	int128		sum_us;
	/* dense: uint64 counts[nslots]; packed: varint stream to the end */
} DurationState;

#define DURATION_HEADER_SIZE MAXALIGN(sizeof(DurationState))
#define DurationDenseCounts(s) ((uint64 *) ((char *) (s) + DURATION_HEADER_SIZE))
#define DurationPackedData(s) ((const uint8 *) (s) + DURATION_HEADER_SIZE)
#define DurationPackedSize(s) (VARSIZE(s) - DURATION_HEADER_SIZE)

#define DatumGetDurationState(d) ((DurationState *) PG_DETOAST_DATUM(d))
#define PG_GETARG_DURATION_STATE(n) DatumGetDurationState(PG_GETARG_DATUM(n))
#define PG_RETURN_DURATION_STATE(s) PG_RETURN_POINTER(s)

/*
 * Bucket geometry.  The boundaries use alpha shrunk by one part in a
 * million, which leaves room for the rounding of log() and exp(): a reported
 * value is then within alpha of the true one, not merely within alpha plus
 * a rounding error.
 */
static inline double
duration_shrunk_alpha(double alpha)
{
	return alpha * (1.0 - 1e-6);
}

static inline double
duration_log_gamma(double alpha)
{
	double		a = duration_shrunk_alpha(alpha);

	return log((1.0 + a) / (1.0 - a));
}

/*
 * Bucket of a positive duration, from its value in seconds: the ceiling of
 * log(seconds) * scale, scale being 1 / log_gamma.  Truncation toward zero
 * plus one where it cut something off is the ceiling for either sign.
 */
static inline int32
duration_bucket_of(double seconds, double scale)
{
	double		position = log(seconds) * scale;
	int32		index = (int32) position;

	return index + (position > (double) index);
}

static inline double
duration_us_to_seconds(int64 us)
{
	return (double) us / USECS_PER_SECOND_F;
}

/*
 * Durations from SQL values, in microseconds; errors (22003) name the value
 * as "<what> <value>" when it is negative, not finite or too long.
 */
extern int64 sq_duration_us_from_interval(const Interval *span, const char *what);
extern int64 sq_duration_us_from_seconds(double seconds, const char *what);

extern void sq_duration_append_seconds(StringInfo buf, int128 us);

/*
 * Text input: a decimal number of seconds with at most 6 decimals and at
 * most max_seconds whole seconds, in microseconds, as
 * sq_duration_append_seconds writes it (22P02 otherwise).
 */
struct StateScanner;
extern int128 sq_duration_scan_seconds(struct StateScanner *scan, int128 max_seconds);

/* Iteration over the non-empty buckets of either form, ascending. */
typedef struct DurationBucketIter
{
	const DurationState *state;
	int32		index;			/* index of the next slot or packed bucket */
	int32		slot;			/* dense: next slot */
	const uint8 *pos;			/* packed: next byte */
	const uint8 *end;
} DurationBucketIter;

extern bool sq_duration_read_varint(const uint8 **pos, const uint8 *end, uint64 *value);
extern void sq_duration_iter_init(DurationBucketIter *iter, const DurationState *state);
extern bool sq_duration_iter_next(DurationBucketIter *iter, int32 *index, int64 *count);

extern void sq_duration_check_alpha(double alpha);
extern DurationState *sq_duration_state_new(double alpha, int32 first, int32 nslots);
extern void sq_duration_valid_buckets(double alpha, int32 *lowest, int32 *highest);
extern DurationState *sq_duration_state_unpack(const DurationState *state);
extern DurationState *sq_duration_state_grow(const DurationState *state, int32 lo, int32 hi);
extern void sq_duration_check_mergeable(const DurationState *a, const DurationState *b);
pg_attribute_noreturn() extern void sq_duration_report_count_overflow(void);
extern DurationState *sq_duration_state_pack(const DurationState *state);
extern void sq_duration_state_merge_into(DurationState *dst, const DurationState *src);
extern DurationState *sq_duration_state_merge(const DurationState *a, const DurationState *b);
extern bool sq_duration_state_span(const DurationState *state, int32 *lo, int32 *hi);
extern const char *sq_duration_state_problem(const DurationState *state);

/*
 * Representative value of bucket i in seconds; longest duration in
 * microseconds in bucket i or below.
 */
extern double sq_duration_bucket_value(const DurationState *state, int32 index);
extern int64 sq_duration_bucket_last_us(const DurationState *state, int32 index);

#endif							/* DURATION_STATE_H */
