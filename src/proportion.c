/*-------------------------------------------------------------------------
 *
 * proportion.c
 *	  proportion_state: successes out of trials, for rates such as the
 *	  refund dispute rate or the self-completion rate, with the Wilson score
 *	  interval.
 *
 * Counts are exact 64-bit integers, so merging is exact, associative and
 * commutative.  Text form, version 1: "v1 successes/trials", e.g. v1 3/40.
 * Binary form: version byte, then successes and trials as int64.
 *
 * The Wilson interval is used rather than the Wald interval p +/- z se
 * because rates like the dispute rate sit near 0, where Wald collapses to
 * a zero-width interval (no disputes among 20 refunds is not proof of a
 * 0% rate) and covers far less often than the level says.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "access/htup_details.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"

#include "normal_dist.h"
#include "svcquality_text.h"

#define PROPORTION_STATE_VERSION 1

typedef struct ProportionState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* PROPORTION_STATE_VERSION */
	uint8		reserved[3];	/* zero */
	int64		successes;
	int64		trials;
} ProportionState;

#define PG_GETARG_PROPORTION_STATE(n) ((ProportionState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

PG_FUNCTION_INFO_V1(proportion_state_in);
PG_FUNCTION_INFO_V1(proportion_state_out);
PG_FUNCTION_INFO_V1(proportion_state_recv);
PG_FUNCTION_INFO_V1(proportion_state_send);
PG_FUNCTION_INFO_V1(proportion_state_accum);
PG_FUNCTION_INFO_V1(proportion_state_retract);
PG_FUNCTION_INFO_V1(proportion_state_combine);
PG_FUNCTION_INFO_V1(proportion_state_plus);
PG_FUNCTION_INFO_V1(proportion_of);
PG_FUNCTION_INFO_V1(proportion_value);
PG_FUNCTION_INFO_V1(proportion_successes);
PG_FUNCTION_INFO_V1(proportion_trials);
PG_FUNCTION_INFO_V1(proportion_ci);

static ProportionState *
proportion_state_new(int64 successes, int64 trials)
{
	ProportionState *state = palloc0(sizeof(ProportionState));

	SET_VARSIZE(state, sizeof(ProportionState));
	state->version = PROPORTION_STATE_VERSION;
	state->successes = successes;
	state->trials = trials;
	return state;
}

/* Why counts are unacceptable, or NULL. */
static const char *
counts_problem(int64 successes, int64 trials)
{
	if (successes < 0 || trials < 0)
		return "counts must not be negative";
	if (successes > trials)
		return "successes must not exceed trials";
	return NULL;
}

Datum
proportion_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	int64		successes;
	int64		trials;
	const char *problem;

	scan_init(&scan, input, "proportion_state");
	sq_check_format_version("proportion_state", scan_version(&scan), PROPORTION_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	successes = scan_int64(&scan);
	scan_expect(&scan, "/");
	trials = scan_int64(&scan);
	scan_expect_end(&scan);
	problem = counts_problem(successes, trials);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type proportion_state: \"%s\"", input),
				 errdetail("In this state %s.", problem)));
	PG_RETURN_POINTER(proportion_state_new(successes, trials));
}

Datum
proportion_state_out(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);

	PG_RETURN_CSTRING(psprintf("v%d " INT64_FORMAT "/" INT64_FORMAT,
							   PROPORTION_STATE_VERSION, state->successes, state->trials));
}

Datum
proportion_state_send(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PROPORTION_STATE_VERSION);
	pq_sendint64(&buf, state->successes);
	pq_sendint64(&buf, state->trials);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
proportion_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		successes;
	int64		trials;
	const char *problem;

	/* bytes left over are for the caller to report (22P03) */
	if (buf->len - buf->cursor < 1 + 2 * (int) sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary proportion_state"),
				 errdetail("The message ends before the state does.")));
	sq_check_format_version("proportion_state", pq_getmsgbyte(buf), PROPORTION_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	successes = pq_getmsgint64(buf);
	trials = pq_getmsgint64(buf);
	problem = counts_problem(successes, trials);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary proportion_state"),
				 errdetail("In this state %s.", problem)));
	PG_RETURN_POINTER(proportion_state_new(successes, trials));
}

pg_attribute_noreturn() static void
report_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("proportion_state count exceeds the 64-bit range")));
}

/*
 * The state to update for this row: the running state in an aggregate, a
 * fresh one on the first row, a private copy when called directly.  As in
 * timeline_state_agg.c, a new state is built in the per-row context and the
 * executor copies it into the aggregate's context.
 */
static ProportionState *
state_for_update(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		return proportion_state_new(0, 0);
	if (SQ_IN_AGGREGATE(fcinfo))
		return (ProportionState *) PG_GETARG_POINTER(0);
	return (ProportionState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
}

/* A NULL outcome is skipped: it is neither a success nor a trial. */
Datum
proportion_state_accum(PG_FUNCTION_ARGS)
{
	ProportionState *state;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	state = state_for_update(fcinfo);
	if (unlikely(state->trials == PG_INT64_MAX))
		report_count_overflow();
	state->trials++;
	if (PG_GETARG_BOOL(1))
		state->successes++;
	PG_RETURN_POINTER(state);
}

/* Inverse transition, so a rolling 28-day rate does not recompute each frame. */
Datum
proportion_state_retract(PG_FUNCTION_ARGS)
{
	ProportionState *state;
	bool		success;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	state = state_for_update(fcinfo);
	success = PG_GETARG_BOOL(1);
	if (state->trials <= 0 || (success && state->successes <= 0))
		elog(ERROR, "proportion_state has no such outcome to remove");
	state->trials--;
	if (success)
		state->successes--;
	PG_RETURN_POINTER(state);
}

static void
merge_into(ProportionState *dst, const ProportionState *src)
{
	if (pg_add_s64_overflow(dst->successes, src->successes, &dst->successes) ||
		pg_add_s64_overflow(dst->trials, src->trials, &dst->trials))
		report_count_overflow();
}

/*
 * Combine function, and transition function of proportion_agg(state).
 * Strict: the executor copies the first non-NULL state into the aggregate
 * context, so state 1 is ours to update in place there.
 */
Datum
proportion_state_combine(PG_FUNCTION_ARGS)
{
	ProportionState *dst = PG_GETARG_PROPORTION_STATE(0);

	if (!SQ_IN_AGGREGATE(fcinfo))
		dst = (ProportionState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	merge_into(dst, PG_GETARG_PROPORTION_STATE(1));
	PG_RETURN_POINTER(dst);
}

Datum
proportion_state_plus(PG_FUNCTION_ARGS)
{
	ProportionState *sum = (ProportionState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	merge_into(sum, PG_GETARG_PROPORTION_STATE(1));
	PG_RETURN_POINTER(sum);
}

/* A state from counts kept elsewhere, e.g. disputes and paid orders. */
Datum
proportion_of(PG_FUNCTION_ARGS)
{
	int64		successes = PG_GETARG_INT64(0);
	int64		trials = PG_GETARG_INT64(1);
	const char *problem = counts_problem(successes, trials);

	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid counts for a proportion: " INT64_FORMAT " successes of " INT64_FORMAT " trials",
						successes, trials),
				 errdetail("The %s.", problem)));
	PG_RETURN_POINTER(proportion_state_new(successes, trials));
}

Datum
proportion_value(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);

	if (state->trials == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) state->successes / (double) state->trials);
}

Datum
proportion_successes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_PROPORTION_STATE(0)->successes);
}

Datum
proportion_trials(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_PROPORTION_STATE(0)->trials);
}

/*
 * Wilson score interval: the p for which |p_hat - p| = z sqrt(p (1 - p) / n),
 *	 (p_hat + z^2/2n -/+ z sqrt(p_hat (1 - p_hat)/n + z^2/4n^2)) / (1 + z^2/n),
 * clipped to [0, 1] against rounding.  NULL without trials.
 */
Datum
proportion_ci(PG_FUNCTION_ARGS)
{
	ProportionState *state = PG_GETARG_PROPORTION_STATE(0);
	double		level = PG_GETARG_FLOAT8(1);
	double		n,
				p,
				z,
				z2n,
				center,
				half;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	sq_check_level(level);
	if (state->trials == 0)
		PG_RETURN_NULL();
	n = (double) state->trials;
	p = (double) state->successes / n;
	z = normal_critical_value(level);
	z2n = z * z / n;
	center = (p + z2n / 2.0) / (1.0 + z2n);
	half = z / (1.0 + z2n) * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(state->successes == 0 ? 0.0 : fmax(0.0, center - half));
	values[1] = Float8GetDatum(state->successes == state->trials ? 1.0 : fmin(1.0, center + half));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
