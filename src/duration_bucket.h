/*-------------------------------------------------------------------------
 *
 * duration_bucket.h
 *	  The bucket index of a duration_state: which logarithmic bucket a
 *	  duration falls in, computed without a logarithm call per row.
 *
 * The definition (duration_state.h has the geometry) is
 *
 *	 index = ceil(log(us / 1e6) * scale),	scale = 1 / log(gamma),
 *
 * evaluated in double precision exactly as duration_bucket_of() below
 * writes it: the quotient, log() and the product each rounded.  States
 * store the counts of these indexes, so a faster computation must give the
 * same index for every duration, to the last rounding, or states built by
 * different releases would not merge bucket for bucket.
 *
 * duration_bucket_of_us() reads it from a table built, once per process,
 * for the accuracy in use (below), and when the accuracy is too fine for
 * the table computes it in two steps.  An estimate of the
 * position log(us / 1e6) * scale comes from the exponent of the double
 * (us), a table of log(c) for 64 sub-intervals c of the octave and a short
 * polynomial for log(1 + r), |r| < 1/128; it is within about 3e-14 * scale
 * of the rounded definition (the polynomial's truncation, the roundings of
 * both computations, and log()'s own error of at most one ulp).  When the
 * whole interval position +- 1e-10 * scale lies strictly between two
 * integers, its ceiling is the definition's: that is the answer.  Only a
 * duration within 1e-10 * scale of a bucket edge, one row in about
 * 10^10 / (2 * scale) (about 10^8 rows at the default accuracy), is
 * computed with log() like before.  test/unit/duration_bucket_test.c checks
 * the two against each other on every bucket edge and millions of durations
 * over the whole range.
 *
 * Pure C99 with <math.h> and <stdint.h>, like numerics.h, so that the
 * unit test builds without the server.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SQ_DURATION_BUCKET_H
#define SQ_DURATION_BUCKET_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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
 * The definition: the bucket of a positive duration from its value in
 * seconds, the ceiling of log(seconds) * scale.  Truncation toward zero
 * plus one where it cut something off is the ceiling for either sign.
 */
static inline int32_t
duration_bucket_of(double seconds, double scale)
{
	double		position = log(seconds) * scale;
	int32_t		index = (int32_t) position;

	return index + (position > (double) index);
}

/* ---- the fast estimate -------------------------------------------------- */

#define DURATION_LOG_TABLE_BITS 6
#define DURATION_LOG_TABLE_SIZE (1 << DURATION_LOG_TABLE_BITS)

/* The longest duration, 10^12 seconds (DURATION_MAX_US of a state). */
#define DURATION_BUCKET_MAX_US INT64_C(1000000000000000000)

/* Half-width, relative to scale, of the interval the definition lies in. */
#define DURATION_BUCKET_MARGIN 1e-10

#define DURATION_LN_2 0.69314718055994530942
#define DURATION_LN_USECS_PER_SECOND 13.815510557964274104	/* log(1e6) */

/*
 * For the sub-interval j of the octave [1, 2): inverse = 1 / c (rounded,
 * c being the sub-interval's middle) and log_c = -log(inverse), exactly
 * minus the log of the inverse used, so that m * inverse = 1 + r and
 * log(m) = log_c + log(1 + r) with nothing lost but roundings.
 */
typedef struct DurationLogEntry
{
	double		inverse;
	double		log_c;
} DurationLogEntry;

extern DurationLogEntry sq_duration_log_table[DURATION_LOG_TABLE_SIZE];
extern bool sq_duration_log_table_ready;
extern void sq_duration_log_table_fill(void);

/*
 * log(us) for 1 <= us <= 2^62, to about 1e-14: us = 2^e m with m in
 * [1, 2), and log(m) from the table entry of m's top bits and the Taylor
 * series of log(1 + r) to r^5 (truncation error below r^6 / 6 < 4e-14),
 * summed in Estrin's order to shorten the chain of dependent operations.
 */
static inline double
duration_log_us(int64_t us)
{
	double		x = (double) us;
	uint64_t	bits;
	int			exponent;
	double		m,
				r,
				r2;
	const DurationLogEntry *entry;

	if (!sq_duration_log_table_ready)
		sq_duration_log_table_fill();
	memcpy(&bits, &x, sizeof(bits));
	exponent = (int) (bits >> 52) - 1023;
	entry = &sq_duration_log_table[(bits >> (52 - DURATION_LOG_TABLE_BITS)) &
								   (DURATION_LOG_TABLE_SIZE - 1)];
	bits = (bits & UINT64_C(0x000fffffffffffff)) | UINT64_C(0x3ff0000000000000);
	memcpy(&m, &bits, sizeof(m));
	r = m * entry->inverse - 1.0;
	r2 = r * r;
	return (double) exponent * DURATION_LN_2 + entry->log_c +
		(r + r2 * (-0.5 + r * (1.0 / 3.0))) + r2 * r2 * (-0.25 + r * 0.2);
}

/*
 * The bucket of us microseconds (us >= 1) as the estimate sees it, with
 * *decided false when the estimate lies within DURATION_BUCKET_MARGIN *
 * scale of an edge, where only the definition can tell.
 */
static inline int32_t
duration_bucket_estimate(int64_t us, double scale, bool *decided)
{
	double		position = (duration_log_us(us) - DURATION_LN_USECS_PER_SECOND) * scale;
	double		margin = scale * DURATION_BUCKET_MARGIN;
	int32_t		ceiling = (int32_t) position;

	ceiling += (position > (double) ceiling);
	*decided = position - margin > (double) (ceiling - 1) &&
		position + margin < (double) ceiling;
	return ceiling;
}

/* ---- the table of one accuracy -------------------------------------------- */

/*
 * A duration's slot: its double's exponent and the top DURATION_SLOT_BITS
 * bits of its mantissa, a sixty-fourth of an octave.  The slot is a
 * non-decreasing function of us, like the bucket; when no slot holds more
 * than one bucket edge, the bucket of us is the bucket of the first
 * duration of its slot, plus one at or above the next edge.  Both come from
 * the definition when the table is built, so the table is exact by
 * construction, and duration_bucket.c refuses an accuracy
 * at which a slot would hold two edges: none from alpha = 0.00775 up (a
 * bucket is then wider than the widest slot), most below it, every one
 * below about 0.0069.
 */
#define DURATION_SLOT_BITS 6
#define DURATION_SLOTS (60 << DURATION_SLOT_BITS)	/* every us < 2^60 */

/*
 * A slot's bucket and the edge that may follow it in the slot, side by
 * side: both loads of a lookup depend only on the slot, not one on the
 * other (docs/performance_log.md, "Time on lines").
 */
typedef struct DurationSlot
{
	int64_t		next_edge;		/* first us of bucket + 1; INT64_MAX after the
								 * last bucket */
	int32_t		bucket;			/* of the slot's first us */
} DurationSlot;

typedef struct DurationBucketTable
{
	double		scale;			/* the accuracy's scale; 0 until built */
	DurationSlot slot[DURATION_SLOTS];
} DurationBucketTable;

extern DurationBucketTable sq_duration_bucket_table;
extern int32_t sq_duration_bucket_of_us_untabled(int64_t us, double scale);

static inline int
duration_slot(int64_t us)
{
	double		x = (double) us;
	uint64_t	bits;

	memcpy(&bits, &x, sizeof(bits));
	return (int) ((bits >> (52 - DURATION_SLOT_BITS)) -
				  ((uint64_t) 1023 << DURATION_SLOT_BITS));
}

/*
 * The bucket of us microseconds (1 <= us <= DURATION_BUCKET_MAX_US):
 * duration_bucket_of, from the table when it is built for this scale
 * (a load, a compare: duration_bucket_from_table), else
 * sq_duration_bucket_of_us_untabled() builds it or uses the estimate.
 */
static inline int32_t
duration_bucket_from_table(int64_t us)
{
	const DurationSlot *slot = &sq_duration_bucket_table.slot[duration_slot(us)];

	return slot->bucket + (us >= slot->next_edge);
}

static inline int32_t
duration_bucket_of_us(int64_t us, double scale)
{
	if (sq_duration_bucket_table.scale == scale)
		return duration_bucket_from_table(us);
	return sq_duration_bucket_of_us_untabled(us, scale);
}

#endif							/* SQ_DURATION_BUCKET_H */
