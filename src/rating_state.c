/*-------------------------------------------------------------------------
 *
 * rating_state.c
 *	  rating_state type: construction, merging, text and binary I/O.
 *
 * Text form, version 1 (written with ratings ascending and zero counts
 * omitted; read with ratings in any order, each at most once):
 *
 *	 v1 6:1 8:1 9:1 10:1						unweighted: rating:count
 *	 v1 weighted sumsq=3.5 6:1:0.5 9:2:2.5		weighted: rating:count:sum_of_weights
 *
 * The binary form (send/recv) carries the same version byte.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "common/int.h"
#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "rating_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(rating_state_in);
PG_FUNCTION_INFO_V1(rating_state_out);
PG_FUNCTION_INFO_V1(rating_state_recv);
PG_FUNCTION_INFO_V1(rating_state_send);
PG_FUNCTION_INFO_V1(rating_state_combine);
PG_FUNCTION_INFO_V1(rating_state_plus);
PG_FUNCTION_INFO_V1(rating_state_counts);

RatingState *
rating_state_new(MemoryContext context, bool weighted)
{
	RatingState *state = MemoryContextAllocZero(context, sizeof(RatingState));

	SET_VARSIZE(state, sizeof(RatingState));
	state->version = RATING_STATE_VERSION;
	state->flags = weighted ? RATING_STATE_WEIGHTED : 0;
	return state;
}

/* Cannot overflow: merging and input reject totals beyond the int64 range. */
int64
rating_state_responses(const RatingState *state)
{
	return rating_state_count(state, RATING_MIN, RATING_MAX);
}

int64
rating_state_count(const RatingState *state, int lo, int hi)
{
	int64		total = 0;

	for (int r = lo; r <= hi; r++)
		total += state->count[r];
	return total;
}

double
rating_state_mass(const RatingState *state, int lo, int hi)
{
	double		total = 0.0;

	for (int r = lo; r <= hi; r++)
		total += RatingStateIsWeighted(state) ? state->weight[r] : (double) state->count[r];
	return total;
}

/*
 * NaN when undefined: weights below about 1e-154 have squares that underflow
 * to 0, and then the ratio cannot be formed.
 */
double
rating_state_effective_n(const RatingState *state)
{
	double		sum_w;

	if (!RatingStateIsWeighted(state))
		return (double) rating_state_responses(state);
	sum_w = rating_state_mass(state, RATING_MIN, RATING_MAX);
	if (sum_w == 0.0)
		return 0.0;
	if (state->weight_sq == 0.0)
		return NAN;
	return sum_w * sum_w / state->weight_sq;
}

void
rating_state_report_weight_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum of weights in rating_state is out of range"),
			 errdetail("Sums of weights and of squared weights must stay below about 1e308; rescale the weights.")));
}

/*
 * Why a decoded state is unacceptable, or NULL when it is fine.  Text and
 * binary input share these rules so that no path admits a state the
 * functions cannot handle.
 */
static const char *
rating_state_problem(const RatingState *state)
{
	int64		total = 0;
	bool		weighted = RatingStateIsWeighted(state);

	if ((state->flags & ~RATING_STATE_WEIGHTED) != 0)
		return "unknown flags";
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		if (state->count[r] < 0)
			return "a response count is negative";
		if (pg_add_s64_overflow(total, state->count[r], &total))
			return "the total number of responses exceeds the 64-bit range";
		if (!weighted)
			continue;
		if (!isfinite(state->weight[r]) || state->weight[r] < 0.0)
			return "a sum of weights is negative or not finite";
		if (state->count[r] == 0 && state->weight[r] != 0.0)
			return "a rating with no responses has a nonzero weight";
	}
	if (weighted)
	{
		/* may be 0 with nonzero weights: squares of tiny weights underflow */
		if (!isfinite(state->weight_sq) || state->weight_sq < 0.0)
			return "the sum of squared weights is negative or not finite";
	}
	return NULL;
}

static void
check_version(int version, int errcode_value, const char *input)
{
	if (version != RATING_STATE_VERSION)
		ereport(ERROR,
				(errcode(errcode_value),
				 errmsg("rating_state format version %d is not supported", version),
				 errdetail("This build of svcquality reads format version %d.",
						   RATING_STATE_VERSION),
				 input ? errcontext("rating_state input \"%s\"", input) : 0));
}

Datum
rating_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	RatingState *state;
	bool		seen[RATING_BUCKETS] = {false};
	const char *problem;

	scan_init(&scan, input, "rating_state");
	check_version(scan_version(&scan), ERRCODE_INVALID_TEXT_REPRESENTATION, input);

	state = rating_state_new(CurrentMemoryContext, false);
	if (scan_try(&scan, "weighted"))
	{
		state->flags |= RATING_STATE_WEIGHTED;
		scan_expect(&scan, "sumsq=");
		state->weight_sq = scan_float8(&scan);
	}

	while (!scan_at_end(&scan))
	{
		const char *rating_at = scan.pos;
		int64		rating = scan_int64(&scan);

		if (rating < RATING_MIN || rating > RATING_MAX || seen[rating - RATING_MIN])
		{
			scan.pos = rating_at;
			scan_error(&scan, "a rating from 0 to 10 not given before");
		}
		seen[rating - RATING_MIN] = true;
		scan_expect(&scan, ":");
		state->count[rating] = scan_int64(&scan);
		if (RatingStateIsWeighted(state))
		{
			scan_expect(&scan, ":");
			state->weight[rating] = scan_float8(&scan);
		}
		else if (*scan.pos == ':')
			scan_error(&scan, "a space (rating:count:weight needs \"weighted sumsq=...\" first)");
	}

	problem = rating_state_problem(state);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type rating_state: \"%s\"", input),
				 errdetail("In this state %s.", problem)));
	PG_RETURN_RATING_STATE(state);
}

Datum
rating_state_out(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	StringInfoData buf;
	bool		weighted = RatingStateIsWeighted(state);

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", RATING_STATE_VERSION);
	if (weighted)
	{
		appendStringInfoString(&buf, " weighted sumsq=");
		append_float8(&buf, state->weight_sq);
	}
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		if (state->count[r] == 0)
			continue;
		appendStringInfo(&buf, " %d:" INT64_FORMAT, r + RATING_MIN, state->count[r]);
		if (weighted)
		{
			appendStringInfoChar(&buf, ':');
			append_float8(&buf, state->weight[r]);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* Binary: version byte, flags byte, 11 counts, then 11 weights and sumsq if weighted. */
Datum
rating_state_send(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RATING_STATE_VERSION);
	pq_sendbyte(&buf, state->flags);
	for (int r = 0; r < RATING_BUCKETS; r++)
		pq_sendint64(&buf, state->count[r]);
	if (RatingStateIsWeighted(state))
	{
		for (int r = 0; r < RATING_BUCKETS; r++)
			pq_sendfloat8(&buf, state->weight[r]);
		pq_sendfloat8(&buf, state->weight_sq);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
rating_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RatingState *state = rating_state_new(CurrentMemoryContext, false);
	const char *problem;

	check_version(pq_getmsgbyte(buf), ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	state->flags = pq_getmsgbyte(buf);
	for (int r = 0; r < RATING_BUCKETS; r++)
		state->count[r] = pq_getmsgint64(buf);
	if (RatingStateIsWeighted(state))
	{
		for (int r = 0; r < RATING_BUCKETS; r++)
			state->weight[r] = pq_getmsgfloat8(buf);
		state->weight_sq = pq_getmsgfloat8(buf);
	}
	pq_getmsgend(buf);

	problem = rating_state_problem(state);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary rating_state"),
				 errdetail("In this state %s.", problem)));
	PG_RETURN_RATING_STATE(state);
}

/*
 * Add src into dst.  An empty state merges with anything; two non-empty
 * states must agree on being weighted, since unit weights mixed with survey
 * weights would silently give a meaningless estimate.
 */
static void
rating_state_merge_into(RatingState *dst, const RatingState *src)
{
	int64		total = 0;

	if (rating_state_responses(src) == 0)
		return;
	if (rating_state_responses(dst) == 0)
	{
		memcpy(dst, src, sizeof(RatingState));
		return;
	}
	if (RatingStateIsWeighted(dst) != RatingStateIsWeighted(src))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a weighted rating_state with an unweighted one"),
				 errhint("Aggregate all responses with weights, e.g. nps_agg(score, 1.0) for unit weights.")));

	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		if (pg_add_s64_overflow(dst->count[r], src->count[r], &dst->count[r]) ||
			pg_add_s64_overflow(total, dst->count[r], &total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("rating_state response count exceeds the 64-bit range")));
		dst->weight[r] += src->weight[r];
	}
	dst->weight_sq += src->weight_sq;
	for (int r = 0; r < RATING_BUCKETS; r++)
		rating_state_check_weights(dst, r);
}

/*
 * Combine function of every rating aggregate, and transition function of
 * the merge aggregate nps_agg(rating_state).  Strict: the executor copies
 * the first non-NULL state into the aggregate context, so state 1 is ours
 * to update in place there.
 */
Datum
rating_state_combine(PG_FUNCTION_ARGS)
{
	RatingState *dst = PG_GETARG_RATING_STATE(0);
	RatingState *src = PG_GETARG_RATING_STATE(1);

	if (!SQ_IN_AGGREGATE(fcinfo))
		dst = (RatingState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	rating_state_merge_into(dst, src);
	PG_RETURN_RATING_STATE(dst);
}

/* The + operator: a new state holding both. */
Datum
rating_state_plus(PG_FUNCTION_ARGS)
{
	RatingState *sum = (RatingState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	rating_state_merge_into(sum, PG_GETARG_RATING_STATE(1));
	PG_RETURN_RATING_STATE(sum);
}

/* Responses per rating as bigint[], index 1 holding rating 0. */
Datum
rating_state_counts(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	Datum		elems[RATING_BUCKETS];

	for (int r = 0; r < RATING_BUCKETS; r++)
		elems[r] = Int64GetDatum(state->count[r]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, RATING_BUCKETS, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
