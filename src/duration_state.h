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

#include "duration_bucket.h"
#include "svcquality.h"

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
#define DURATION_MAX_US DURATION_BUCKET_MAX_US
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

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version).
 */
#define DatumGetDurationState(d) \
	((DurationState *) sq_detoast_state((d), "duration_state", DURATION_STATE_VERSION))
#define PG_GETARG_DURATION_STATE(n) DatumGetDurationState(PG_GETARG_DATUM(n))
#define PG_RETURN_DURATION_STATE(s) PG_RETURN_POINTER(s)

static inline double
duration_us_to_seconds(int64 us)
{
	return (double) us / USECS_PER_SECOND_F;
}

/*
 * Durations from SQL values, in microseconds; errors (22003) name the value
 * as "<what> <value>" when it is negative, not finite or too long.
 */
extern int64 sq_duration_us_from_any_interval(const Interval *span, const char *what);

/*
 * Microseconds of an interval (sq_duration_us_from_any_interval): inline for
 * the usual duration, a time and days without months, all of it in range, as
 * once per row in duration_agg.
 */
static inline int64
sq_duration_us_from_interval(const Interval *span, const char *what)
{
	if (likely(span->month == 0 && span->day >= 0 &&
			   span->day <= DURATION_MAX_US / USECS_PER_DAY &&
			   span->time >= 0 && span->time <= DURATION_MAX_US))
	{
		int64		us = span->time + span->day * USECS_PER_DAY;

		if (likely(us <= DURATION_MAX_US))
			return us;
	}
	return sq_duration_us_from_any_interval(span, what);
}
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

/*
 * The iterator and its varint reader are inline: a merge aggregate calls
 * them for every bucket of every state it reads, and inline, the
 * iterator's fields stay in registers instead of memory.
 */
static inline void
sq_duration_iter_init(DurationBucketIter *iter, const DurationState *state)
{
	iter->state = state;
	iter->index = state->first;
	iter->slot = 0;
	if (state->form == DURATION_FORM_PACKED)
	{
		iter->pos = DurationPackedData(state);
		iter->end = iter->pos + DurationPackedSize(state);
	}
	else
		iter->pos = iter->end = NULL;
}

/* One unsigned LEB128 varint; false when truncated or longer than 64 bits. */
static inline bool
sq_duration_read_varint(const uint8 **pos, const uint8 *end, uint64 *value)
{
	int			shift = 0;

	*value = 0;
	while (*pos < end && shift <= 63)
	{
		uint8		byte = *(*pos)++;

		if (shift == 63 && (byte & 0x7E) != 0)
			return false;
		*value |= (uint64) (byte & 0x7F) << shift;
		if ((byte & 0x80) == 0)
			return true;
		shift += 7;
	}
	return false;
}

static inline bool
sq_duration_iter_next(DurationBucketIter *iter, int32 *index, int64 *count)
{
	const DurationState *state = iter->state;

	/* always set, even when returning false: callers read none uninitialized */
	*index = 0;
	*count = 0;
	if (state->form == DURATION_FORM_DENSE)
	{
		const uint64 *counts = DurationDenseCounts(state);

		while (iter->slot < state->nslots)
		{
			int32		slot = iter->slot++;

			if (counts[slot] != 0)
			{
				*index = state->first + slot;
				*count = (int64) counts[slot];
				return true;
			}
		}
		return false;
	}

	while (iter->pos < iter->end)
	{
		uint64		token;

		/* packed states are checked on input; this only guards memory */
		if (!sq_duration_read_varint(&iter->pos, iter->end, &token))
			elog(ERROR, "duration_state is corrupt: its bucket stream does not decode");

		if (token & 1)
		{
			iter->index += (int32) (token >> 1) + 1;
			continue;
		}
		*index = iter->index++;
		*count = (int64) (token >> 1);
		return true;
	}
	return false;
}

extern void sq_duration_check_alpha(double alpha);
extern DurationState *sq_duration_state_new(double alpha, int32 first, int32 nslots);
extern void sq_duration_valid_buckets(double alpha, int32 *lowest, int32 *highest);
extern DurationState *sq_duration_state_unpack(const DurationState *state);
extern DurationState *sq_duration_state_grow(const DurationState *state, int32 lo, int32 hi);
extern void sq_duration_check_mergeable(const DurationState *a, const DurationState *b);
pg_attribute_noreturn() extern void sq_duration_report_count_overflow(int64 count, int64 added);
extern DurationState *sq_duration_state_pack(const DurationState *state);
extern void sq_duration_state_merge_into(DurationState *dst, const DurationState *src);
extern DurationState *sq_duration_state_merge(const DurationState *a, const DurationState *b);
extern bool sq_duration_state_span(const DurationState *state, int32 *lo, int32 *hi);
extern const char *sq_duration_state_problem(const DurationState *state);

/*
 * Add one duration of us microseconds (0 to DURATION_MAX_US) to a dense
 * state; returns the state to use from now on: the state itself, or a
 * wider copy in CurrentMemoryContext when the duration falls outside its
 * buckets (the old one is left as it was).  duration_agg and the aggregates
 * that keep durations inside their own states (funnel_agg) add rows so.
 */
static inline DurationState *
duration_state_add(DurationState *state, int64 us)
{
	Assert(state->form == DURATION_FORM_DENSE && us >= 0 && us <= DURATION_MAX_US);
	if (unlikely(state->count == PG_INT64_MAX))
		sq_duration_report_count_overflow(state->count, 1);
	if (us == 0)
		state->zero_count++;
	else
	{
		int32		index = duration_bucket_of_us(us, state->scale);
		uint32		slot = (uint32) (index - state->first);

		if (unlikely(slot >= (uint32) state->nslots))
		{
			state = sq_duration_state_grow(state, index, index);
			slot = (uint32) (index - state->first);
		}
		DurationDenseCounts(state)[slot]++;
	}
	if (state->count == 0)
		state->min_us = state->max_us = us;
	else if (us < state->min_us)
		state->min_us = us;
	else if (us > state->max_us)
		state->max_us = us;
	state->count++;
	state->sum_us += us;
	return state;
}

/*
 * The type's text and binary input and output (duration_state_io.c), which
 * funnel_state calls for the duration_state values it embeds.
 */
extern PGDLLEXPORT Datum duration_state_in(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum duration_state_out(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum duration_state_recv(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum duration_state_send(PG_FUNCTION_ARGS);

/*
 * Representative value of bucket i in seconds; longest duration in
 * microseconds in bucket i or below.
 */
extern double sq_duration_bucket_value(const DurationState *state, int32 index);
extern int64 sq_duration_bucket_last_us(const DurationState *state, int32 index);

#endif							/* DURATION_STATE_H */
