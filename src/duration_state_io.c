/*-------------------------------------------------------------------------
 *
 * duration_state_io.c
 *	  Text and binary forms of duration_state.
 *
 * Text form, version 1 (seconds as exact decimals of whole microseconds;
 * buckets as runs "first_index:count,count,..." of consecutive non-empty
 * buckets, ascending):
 *
 *	 v1 accuracy=0.01 n=5 sum=12.5 min=0 max=7.25 zero=1 -35:1,1 99:2
 *
 * On input the fields come in this order, runs ascending without overlap;
 * zero counts inside runs are accepted.  Binary form: the version byte, the
 * accuracy (float8), n, zero, min and max in microseconds (int8), the sum
 * in microseconds as two int8 (high, then low 64 bits), the index of the
 * first bucket (int4) and the packed bucket stream of duration_state.c to
 * the end.  Both inputs enforce sq_duration_state_problem() and return the
 * packed form.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "duration_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(duration_state_in);
PG_FUNCTION_INFO_V1(duration_state_out);
PG_FUNCTION_INFO_V1(duration_state_recv);
PG_FUNCTION_INFO_V1(duration_state_send);

/* Whole seconds beyond these cannot occur in a valid state. */
#define MAX_EXTREME_SECONDS ((int128) 1000000000000)	/* min, max: 10^12 */
#define MAX_SUM_SECONDS ((int128) 10000000000000000 * 1000000000000000) /* 10^31 */

int128
sq_duration_scan_seconds(StateScanner *scan, int128 max_seconds)
{
	const char *start;
	int128		whole = 0;
	int64		fraction = 0;
	int			decimals = 0;

	sq_scan_skip_space(scan);
	start = scan->pos;
	if (*scan->pos < '0' || *scan->pos > '9')
		sq_scan_error(scan, "a number of seconds");
	while (*scan->pos >= '0' && *scan->pos <= '9')
	{
		whole = whole * 10 + (*scan->pos++ - '0');
		if (whole > max_seconds)
		{
			scan->pos = start;
			sq_scan_error(scan, "a number of seconds within the range of the field");
		}
	}
	if (*scan->pos == '.')
	{
		scan->pos++;
		while (*scan->pos >= '0' && *scan->pos <= '9')
		{
			if (++decimals > 6)
				sq_scan_error(scan, "at most 6 decimals (microseconds)");
			fraction = fraction * 10 + (*scan->pos++ - '0');
		}
		if (decimals == 0)
			sq_scan_error(scan, "decimals after \".\"");
		for (; decimals < 6; decimals++)
			fraction *= 10;
	}
	return whole * USECS_PER_SEC + fraction;
}

static int64
scan_count(StateScanner *scan)
{
	const char *start;
	int64		value;

	sq_scan_skip_space(scan);
	start = scan->pos;
	value = sq_scan_int64(scan);
	if (value < 0)
	{
		scan->pos = start;
		sq_scan_error(scan, "a count of 0 or more");
	}
	return value;
}

/* Add an input bucket to a dense state being built (may reallocate it). */
static DurationState *
add_bucket(DurationState *state, int32 index, int64 count)
{
	if (count == 0)
		return state;
	if (index < state->first || index >= state->first + state->nslots)
		state = sq_duration_state_grow(state, index, index);
	DurationDenseCounts(state)[index - state->first] = (uint64) count;
	return state;
}

Datum
duration_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	DurationState *state;
	const char *problem;
	double		alpha;
	int32		lowest,
				highest,
				next = PG_INT32_MIN;

	sq_scan_init(&scan, input, "duration_state");
	sq_check_format_version("duration_state", sq_scan_version(&scan), DURATION_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);

	sq_scan_expect(&scan, "accuracy=");
	alpha = sq_scan_float8(&scan);
	if (!(alpha >= DURATION_MIN_ALPHA && alpha <= DURATION_MAX_ALPHA))
		sq_scan_error(&scan, "an accuracy from 0.0001 to 0.5 before this point");
	sq_duration_valid_buckets(alpha, &lowest, &highest);
	state = sq_duration_state_new(alpha, 0, 0);

	sq_scan_expect(&scan, "n=");
	state->count = scan_count(&scan);
	sq_scan_expect(&scan, "sum=");
	state->sum_us = sq_duration_scan_seconds(&scan, MAX_SUM_SECONDS);
	sq_scan_expect(&scan, "min=");
	state->min_us = (int64) sq_duration_scan_seconds(&scan, MAX_EXTREME_SECONDS);
	sq_scan_expect(&scan, "max=");
	state->max_us = (int64) sq_duration_scan_seconds(&scan, MAX_EXTREME_SECONDS);
	sq_scan_expect(&scan, "zero=");
	state->zero_count = scan_count(&scan);

	while (!sq_scan_at_end(&scan))
	{
		const char *run_at = scan.pos;
		int64		index = sq_scan_int64(&scan);

		if (index < Max(lowest, next) || index > highest)
		{
			scan.pos = run_at;
			sq_scan_error(&scan, psprintf("a bucket index from %d to %d above the previous run",
										  Max(lowest, next), highest));
		}
		sq_scan_expect(&scan, ":");
		for (;;)
		{
			if (index > highest)
				sq_scan_error(&scan, psprintf("no bucket above index %d", highest));
			state = add_bucket(state, (int32) index, scan_count(&scan));
			index++;
			if (*scan.pos != ',')
				break;
			scan.pos++;
		}
		next = (int32) index;
	}

	problem = sq_duration_state_problem(state);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_DURATION_STATE(sq_duration_state_pack(state));
}

Datum
duration_state_out(PG_FUNCTION_ARGS)
{
	DurationState *state = PG_GETARG_DURATION_STATE(0);
	StringInfoData buf;
	DurationBucketIter iter;
	int32		index,
				next = 0;
	int64		count;
	bool		first = true;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d accuracy=", DURATION_STATE_VERSION);
	sq_append_float8(&buf, state->alpha);
	appendStringInfo(&buf, " n=" INT64_FORMAT " sum=", state->count);
	sq_duration_append_seconds(&buf, state->sum_us);
	appendStringInfoString(&buf, " min=");
	sq_duration_append_seconds(&buf, state->min_us);
	appendStringInfoString(&buf, " max=");
	sq_duration_append_seconds(&buf, state->max_us);
	appendStringInfo(&buf, " zero=" INT64_FORMAT, state->zero_count);

	sq_duration_iter_init(&iter, state);
	while (sq_duration_iter_next(&iter, &index, &count))
	{
		if (first || index != next)
			appendStringInfo(&buf, " %d:" INT64_FORMAT, index, count);
		else
			appendStringInfo(&buf, "," INT64_FORMAT, count);
		first = false;
		next = index + 1;
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
duration_state_send(PG_FUNCTION_ARGS)
{
	DurationState *state = sq_duration_state_pack(PG_GETARG_DURATION_STATE(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, DURATION_STATE_VERSION);
	pq_sendfloat8(&buf, state->alpha);
	pq_sendint64(&buf, state->count);
	pq_sendint64(&buf, state->zero_count);
	pq_sendint64(&buf, state->min_us);
	pq_sendint64(&buf, state->max_us);
	pq_sendint64(&buf, (int64) (state->sum_us >> 64));
	pq_sendint64(&buf, (int64) (uint64) state->sum_us);
	pq_sendint32(&buf, state->first);
	pq_sendbytes(&buf, (const char *) DurationPackedData(state), DurationPackedSize(state));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * The packed bucket stream, from the first bucket's index to the end of the
 * value, into a dense state being built.  As documented, zero counts and
 * skips at either end are accepted (send never writes them), so the stream
 * has no end of its own before the value's.
 */
static DurationState *
recv_buckets(StringInfo buf, DurationState *state, int32 index)
{
	const uint8 *pos = (const uint8 *) &buf->data[buf->cursor];
	const uint8 *end = (const uint8 *) &buf->data[buf->len];
	int32		lowest,
				highest;

	sq_duration_valid_buckets(state->alpha, &lowest, &highest);
	buf->cursor = buf->len;
	while (pos < end)
	{
		uint64		token;

		if (!sq_duration_read_varint(&pos, end, &token))
			sq_report_bad_binary("duration_state", "the bucket stream is truncated or has an overlong number");
		if (index < lowest || index > highest)
			sq_report_bad_binary("duration_state", "a bucket index is outside the range of durations from 1 microsecond to 10^12 seconds");
		if (token & 1)
		{
			if ((token >> 1) >= (uint64) (highest - index))
				sq_report_bad_binary("duration_state", "a run of empty buckets goes past the highest bucket");
			index += (int32) (token >> 1) + 1;
			continue;
		}
		state = add_bucket(state, index++, (int64) (token >> 1));
	}
	return state;
}

Datum
duration_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DurationState *state;
	const char *problem;
	double		alpha;
	int64		sum_high;
	int32		index;

	sq_recv_require(buf, 1, "duration_state");
	sq_check_format_version("duration_state", pq_getmsgbyte(buf), DURATION_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);

	/*
	 * the fixed part: accuracy, six int8 (n, zero, min, max, the sum) and an
	 * int4
	 */
	sq_recv_require(buf, sizeof(double) + 6 * sizeof(int64) + sizeof(int32), "duration_state");
	alpha = sq_recv_float8(buf);
	if (!(alpha >= DURATION_MIN_ALPHA && alpha <= DURATION_MAX_ALPHA))
		sq_report_bad_binary("duration_state", "the accuracy is outside 0.0001 to 0.5");
	state = sq_duration_state_new(alpha, 0, 0);
	state->count = pq_getmsgint64(buf);
	state->zero_count = pq_getmsgint64(buf);
	state->min_us = pq_getmsgint64(buf);
	state->max_us = pq_getmsgint64(buf);
	sum_high = pq_getmsgint64(buf);

	/*
	 * a multiplication, not a shift: shifting a negative high half is
	 * undefined
	 */
	state->sum_us = (int128) sum_high * ((int128) 1 << 64) + (int128) (uint64) pq_getmsgint64(buf);
	index = pq_getmsgint(buf, 4);

	state = recv_buckets(buf, state, index);

	problem = sq_duration_state_problem(state);
	if (problem)
		sq_report_bad_binary("duration_state", problem);
	PG_RETURN_DURATION_STATE(sq_duration_state_pack(state));
}
