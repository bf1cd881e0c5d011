/*-------------------------------------------------------------------------
 *
 * paired_state.c
 *	  paired_state type: transition functions of gap_agg and driver_agg,
 *	  merging, text and binary I/O.
 *
 * Text form, version 1; each dimension is (n sum_x sum_y m2_x m2_y c_xy
 * m2_d), or (0) when it has no pairs:
 *
 *	 v1								empty
 *	 v1 gap (2 6 8 2 0 0 2) (0)		gap analysis: x expectation, y perception
 *	 v1 driver (3 12 9 2 2 2 0)		driver analysis: x overall, y dimension
 *
 * Binary form: version byte, kind byte, int16 dimension count, then per
 * dimension n as int64 and the six sums as float8.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "paired_state.h"
#include "satisfaction_state_io.h"

PG_FUNCTION_INFO_V1(paired_state_in);
PG_FUNCTION_INFO_V1(paired_state_out);
PG_FUNCTION_INFO_V1(paired_state_recv);
PG_FUNCTION_INFO_V1(paired_state_send);
PG_FUNCTION_INFO_V1(paired_state_combine);
PG_FUNCTION_INFO_V1(paired_state_plus);
PG_FUNCTION_INFO_V1(paired_state_accum_gap);
PG_FUNCTION_INFO_V1(paired_state_accum_driver);

#define PAIRED_SUMS 6			/* the float8 fields of PairedStats */

static const char *const kind_names[] = {"", "gap", "driver"};

/*
 * A new state in CurrentMemoryContext, also for an aggregate: the executor
 * copies a returned state that is not its incoming one into the aggregate's
 * context (and frees the old one), so allocating there would leave a dead
 * copy per group.
 */
static PairedState *
paired_state_new(int kind, int ndims)
{
	PairedState *state;

	if (ndims > SATISFACTION_MAX_DIMENSIONS)
		satisfaction_report_too_many_dimensions(ndims);
	state = palloc0(PairedStateSize(ndims));
	SET_VARSIZE(state, PairedStateSize(ndims));
	state->version = PAIRED_STATE_VERSION;
	state->kind = kind;
	state->ndims = ndims;
	return state;
}

/* The six sums in the order of the text and binary forms. */
static void
sums_get(const PairedStats *s, double sums[PAIRED_SUMS])
{
	sums[0] = s->sum_x;
	sums[1] = s->sum_y;
	sums[2] = s->m2_x;
	sums[3] = s->m2_y;
	sums[4] = s->c_xy;
	sums[5] = s->m2_d;
}

static void
sums_set(PairedStats *s, const double sums[PAIRED_SUMS])
{
	s->sum_x = sums[0];
	s->sum_y = sums[1];
	s->m2_x = sums[2];
	s->m2_y = sums[3];
	s->c_xy = sums[4];
	s->m2_d = sums[5];
}

pg_attribute_noreturn() static void
report_overflow(int position)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sums or co-moments of dimension %d are out of range", position),
			 errdetail("Scores this far apart cannot be summarized in double precision.")));
}

/* Youngs and Cramer's update, extended to the cross and difference deviations. */
static inline void
paired_stats_add(PairedStats *s, double x, double y, int position)
{
	double		n,
				dx,
				dy,
				scale;

	satisfaction_check_score(x, position, NULL);
	satisfaction_check_score(y, position, NULL);
	s->n++;
	s->sum_x += x;
	s->sum_y += y;
	if (s->n > 1)
	{
		/* n times the deviations from the new means */
		n = (double) s->n;
		dx = x * n - s->sum_x;
		dy = y * n - s->sum_y;
		scale = 1.0 / (n * (n - 1.0));
		s->m2_x += dx * dx * scale;
		s->m2_y += dy * dy * scale;
		s->c_xy += dx * dy * scale;
		s->m2_d += (dy - dx) * (dy - dx) * scale;
	}
	if (unlikely(isinf(s->sum_x) || isinf(s->sum_y) || isinf(s->m2_x) || isinf(s->m2_y) ||
				 isinf(s->c_xy) || isinf(s->m2_d)))
		report_overflow(position);
}

/* Chan, Golub and LeVeque's pairwise merge of two sets of pairs. */
static void
paired_stats_merge(PairedStats *a, const PairedStats *b, int position)
{
	int64		n;
	double		dx,
				dy,
				f;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		*a = *b;
		return;
	}
	if (pg_add_s64_overflow(a->n, b->n, &n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number of pairs of dimension %d exceeds the 64-bit range", position)));
	dx = PairedMeanX(a) - PairedMeanX(b);
	dy = PairedMeanY(a) - PairedMeanY(b);
	f = (double) a->n * (double) b->n / (double) n;
	a->m2_x += b->m2_x + f * dx * dx;
	a->m2_y += b->m2_y + f * dy * dy;
	a->c_xy += b->c_xy + f * dx * dy;
	a->m2_d += b->m2_d + f * (dy - dx) * (dy - dx);
	a->sum_x += b->sum_x;
	a->sum_y += b->sum_y;
	a->n = n;
	if (isinf(a->sum_x) || isinf(a->sum_y) || isinf(a->m2_x) || isinf(a->m2_y) ||
		isinf(a->c_xy) || isinf(a->m2_d))
		report_overflow(position);
}

/*
 * The running state, updatable in place; a new one on the first row.  `what`
 * names the row's array of ndims scores in errors.
 */
static PairedState *
state_for_update(FunctionCallInfo fcinfo, int kind, int ndims, const char *what)
{
	PairedState *state = NULL;

	if (!PG_ARGISNULL(0))
	{
		if (SQ_IN_AGGREGATE(fcinfo))
			state = (PairedState *) PG_GETARG_POINTER(0);
		else
			state = (PairedState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		if (state->kind == PAIRED_EMPTY)
			state = NULL;
		else if (state->kind != kind)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot add %s pairs to a paired_state of a %s analysis",
							kind_names[kind], kind_names[state->kind])));
	}
	if (state == NULL)
	{
		if (ndims == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is empty", what),
					 errdetail("Give one element per dimension; NULL for an unanswered one.")));
		return paired_state_new(kind, ndims);
	}
	if (unlikely(state->ndims != ndims))
		satisfaction_report_dimension_mismatch(what, ndims, "paired_state", state->ndims);
	return state;
}

/* gap_agg(expectation float8[], perception float8[]): one response */
Datum
paired_state_accum_gap(PG_FUNCTION_ARGS)
{
	PairedState *state;
	ScoreArray	expectation,
				perception;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	score_array_open(PG_GETARG_DATUM(1), &expectation, "expectation");
	score_array_open(PG_GETARG_DATUM(2), &perception, "perception");
	if (expectation.length != perception.length)
		satisfaction_report_length_mismatch("expectation array", expectation.length,
											"perception array", perception.length);
	state = state_for_update(fcinfo, PAIRED_GAP, expectation.length, "expectation array");
	for (int i = 0; i < expectation.length; i++)
	{
		double		x,
					y;
		bool		have_x = score_array_next(&expectation, i, &x);

		/* both readers must advance, so evaluate both */
		if (score_array_next(&perception, i, &y) && have_x)
			paired_stats_add(&state->dims[i], x, y, i + 1);
	}
	PG_RETURN_POINTER(state);
}

/* driver_agg(overall float8, scores float8[]): one response */
Datum
paired_state_accum_driver(PG_FUNCTION_ARGS)
{
	PairedState *state;
	ScoreArray	scores;
	double		overall;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return sq_keep_state(fcinfo);
	overall = PG_GETARG_FLOAT8(1);
	if (!isfinite(overall))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("overall score %s is not a finite number", float8out_internal(overall)),
				 errdetail("Scores must be finite; leave an unanswered item NULL.")));
	score_array_open(PG_GETARG_DATUM(2), &scores, "scores");
	state = state_for_update(fcinfo, PAIRED_DRIVER, scores.length, "scores array");
	for (int i = 0; i < scores.length; i++)
	{
		double		y;

		if (score_array_next(&scores, i, &y))
			paired_stats_add(&state->dims[i], overall, y, i + 1);
	}
	PG_RETURN_POINTER(state);
}

/* Merge src into dst; returns dst, or a copy of src when dst is empty. */
static PairedState *
paired_state_merge(PairedState *dst, const PairedState *src)
{
	if (src->kind == PAIRED_EMPTY)
		return dst;
	if (dst->kind == PAIRED_EMPTY)
	{
		PairedState *copy = palloc(VARSIZE(src));

		memcpy(copy, src, VARSIZE(src));
		return copy;
	}
	if (dst->kind != src->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a paired_state of a %s analysis with one of a %s analysis",
						kind_names[dst->kind], kind_names[src->kind])));
	if (dst->ndims != src->ndims)
		satisfaction_report_merge_mismatch("paired_state", dst->ndims, src->ndims);
	for (int i = 0; i < dst->ndims; i++)
		paired_stats_merge(&dst->dims[i], &src->dims[i], i + 1);
	return dst;
}

Datum
paired_state_combine(PG_FUNCTION_ARGS)
{
	PairedState *dst = PG_GETARG_PAIRED_STATE(0);

	if (!SQ_IN_AGGREGATE(fcinfo))
		dst = (PairedState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	PG_RETURN_POINTER(paired_state_merge(dst, PG_GETARG_PAIRED_STATE(1)));
}

Datum
paired_state_plus(PG_FUNCTION_ARGS)
{
	PairedState *sum = (PairedState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	PG_RETURN_POINTER(paired_state_merge(sum, PG_GETARG_PAIRED_STATE(1)));
}

PairedState *
paired_state_of_kind(Datum datum, int kind)
{
	PairedState *state = DatumGetPairedState(datum);

	if (state->kind != kind && state->kind != PAIRED_EMPTY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("this paired_state holds a %s analysis, not a %s analysis",
						kind_names[state->kind], kind_names[kind]),
				 errhint("Use %s_analysis() for a state built by %s_agg().",
						 kind_names[state->kind], kind_names[state->kind])));
	return state;
}

/* ---- input and output ------------------------------------------------ */

static const char *
stats_problem(const PairedStats *s)
{
	double		sums[PAIRED_SUMS];

	sums_get(s, sums);
	if (s->n < 0)
		return "a number of pairs is negative";
	for (int k = 0; k < PAIRED_SUMS; k++)
	{
		if (s->n == 0 && sums[k] != 0.0)
			return "a dimension without pairs has a nonzero sum or co-moment";
		if (!isfinite(sums[k]))
			return "a sum or co-moment is not finite";
	}
	if (s->m2_x < 0.0 || s->m2_y < 0.0 || s->m2_d < 0.0)
		return "a sum of squared deviations is negative";
	return NULL;
}

Datum
paired_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	PairedStats dims[SATISFACTION_MAX_DIMENSIONS];
	int			ndims = 0,
				kind = PAIRED_EMPTY;
	PairedState *state;

	scan_init(&scan, input, "paired_state");
	satisfaction_check_version("paired_state", scan_version(&scan), PAIRED_STATE_VERSION, input);
	if (scan_try(&scan, "gap"))
		kind = PAIRED_GAP;
	else if (scan_try(&scan, "driver"))
		kind = PAIRED_DRIVER;
	else if (!scan_at_end(&scan))
		scan_error(&scan, "\"gap\" or \"driver\"");
	while (!scan_at_end(&scan))
	{
		double		sums[PAIRED_SUMS];
		const char *problem;

		if (ndims >= SATISFACTION_MAX_DIMENSIONS)
			scan_error(&scan, "end of input (a state holds at most 100 dimensions)");
		satisfaction_scan_sums(&scan, &dims[ndims].n, sums, PAIRED_SUMS);
		sums_set(&dims[ndims], sums);
		problem = stats_problem(&dims[ndims]);
		if (problem)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type paired_state: \"%s\"", input),
					 errdetail("In this state %s.", problem)));
		ndims++;
	}
	if (kind != PAIRED_EMPTY && ndims == 0)
		scan_error(&scan, "at least one dimension");

	state = paired_state_new(kind, ndims);
	memcpy(state->dims, dims, ndims * sizeof(PairedStats));
	PG_RETURN_POINTER(state);
}

Datum
paired_state_out(PG_FUNCTION_ARGS)
{
	PairedState *state = PG_GETARG_PAIRED_STATE(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", PAIRED_STATE_VERSION);
	if (state->kind != PAIRED_EMPTY)
		appendStringInfo(&buf, " %s", kind_names[state->kind]);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		sums_get(&state->dims[i], sums);
		appendStringInfoChar(&buf, ' ');
		satisfaction_append_sums(&buf, state->dims[i].n, sums, PAIRED_SUMS);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
paired_state_send(PG_FUNCTION_ARGS)
{
	PairedState *state = PG_GETARG_PAIRED_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	satisfaction_send_header(&buf, PAIRED_STATE_VERSION, state->kind, state->ndims);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		sums_get(&state->dims[i], sums);
		satisfaction_send_sums(&buf, state->dims[i].n, sums, PAIRED_SUMS);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
paired_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	PairedState *state;
	int			kind,
				ndims;

	satisfaction_recv_header(buf, "paired_state", PAIRED_STATE_VERSION, PAIRED_DRIVER,
							 &kind, &ndims);
	state = paired_state_new(kind, ndims);
	for (int i = 0; i < ndims; i++)
	{
		double		sums[PAIRED_SUMS];
		const char *problem;

		satisfaction_recv_sums(buf, &state->dims[i].n, sums, PAIRED_SUMS);
		sums_set(&state->dims[i], sums);
		problem = stats_problem(&state->dims[i]);
		if (problem)
			satisfaction_report_bad_binary("paired_state", problem);
	}
	pq_getmsgend(buf);
	PG_RETURN_POINTER(state);
}
