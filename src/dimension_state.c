/*-------------------------------------------------------------------------
 *
 * dimension_state.c
 *	  dimension_state type: construction, merging, text and binary I/O.
 *
 * Text form, version 1; each dimension is (n sum m2 min max), or (0) when
 * it has no answers (m2: the sum of squared deviations from the mean):
 *
 *	 v1											empty
 *	 v1 (3 12 2 3 5) (0) (2 9 0.5 4 5)			positional
 *	 v1 "attitude" (3 12 2 3 5) "speed" (0)		named ("\"" and "\\" escape)
 *
 * Output lists named dimensions sorted by name; input takes any order.
 * Binary form: version byte, kind byte, int16 dimension count, then per
 * dimension (named: a length byte and the name's bytes) n as int64 and
 * sum, m2, min, max as float8.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "dimension_state.h"
#include "satisfaction_state_io.h"

PG_FUNCTION_INFO_V1(dimension_state_in);
PG_FUNCTION_INFO_V1(dimension_state_out);
PG_FUNCTION_INFO_V1(dimension_state_recv);
PG_FUNCTION_INFO_V1(dimension_state_send);
PG_FUNCTION_INFO_V1(dimension_state_combine);
PG_FUNCTION_INFO_V1(dimension_state_plus);

DimensionState *
dimension_state_new(int kind, int ndims)
{
	DimensionState *state;

	if (ndims > SATISFACTION_MAX_DIMENSIONS)
		satisfaction_report_too_many_dimensions(ndims);
	state = palloc0(DimensionStateSize(kind, ndims));
	SET_VARSIZE(state, DimensionStateSize(kind, ndims));
	state->version = DIMENSION_STATE_VERSION;
	state->kind = kind;
	state->ndims = ndims;
	return state;
}

int
dimension_state_find(const DimensionState *state, const char *name)
{
	int			lo = 0,
				hi = state->ndims - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			cmp = strcmp(name, DimensionStateNames(state)[mid]);

		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -lo - 1;
}

DimensionState *
dimension_state_insert(const DimensionState *state, int at, const char *name)
{
	DimensionState *grown = dimension_state_new(DIMENSION_NAMED, state->ndims + 1);
	int			after = state->ndims - at;

	memcpy(grown->dims, state->dims, at * sizeof(DimensionStats));
	memcpy(grown->dims + at + 1, state->dims + at, after * sizeof(DimensionStats));
	memcpy(DimensionStateNames(grown), DimensionStateNames(state), at * sizeof(DimensionName));
	memcpy(DimensionStateNames(grown) + at + 1, DimensionStateNames(state) + at,
		   after * sizeof(DimensionName));
	strlcpy(DimensionStateNames(grown)[at], name, sizeof(DimensionName));
	return grown;
}

void
dimension_state_report_overflow(int position, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum or variance of the scores of dimension %s is out of range",
					satisfaction_dimension_label(position, name)),
			 errdetail("Scores this far apart cannot be summarized in double precision.")));
}

/* Chan, Golub and LeVeque: combine two sets' counts, sums and squared deviations. */
static void
dimension_stats_merge(DimensionStats *a, const DimensionStats *b, int position, const char *name)
{
	int64		n;
	double		mean_difference;

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
				 errmsg("number of answers of dimension %s exceeds the 64-bit range",
						satisfaction_dimension_label(position, name))));
	mean_difference = dimension_stats_mean(a) - dimension_stats_mean(b);
	a->m2 += b->m2 + (double) a->n * (double) b->n * mean_difference * mean_difference / (double) n;
	a->sum += b->sum;
	a->min = Min(a->min, b->min);
	a->max = Max(a->max, b->max);
	a->n = n;
	if (isinf(a->m2) || isinf(a->sum))
		dimension_state_report_overflow(position, name);
}

/*
 * Merge src into dst; returns dst, or a new state when dst must grow (new
 * names, or dst empty).  Positional states must agree on their number of
 * dimensions.
 */
static DimensionState *
dimension_state_merge(DimensionState *dst, const DimensionState *src)
{
	if (src->kind == DIMENSION_EMPTY)
		return dst;
	if (dst->kind == DIMENSION_EMPTY)
	{
		DimensionState *copy = palloc(VARSIZE(src));

		memcpy(copy, src, VARSIZE(src));
		return copy;
	}
	if (dst->kind != src->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a dimension_state with named dimensions and one with positional dimensions"),
				 errhint("Aggregate all responses in one form: dimension_agg(scores) or dimension_agg(dimension, score).")));
	if (dst->kind == DIMENSION_POSITIONAL)
	{
		if (dst->ndims != src->ndims)
			satisfaction_report_merge_mismatch("dimension_state", dst->ndims, src->ndims);
		for (int i = 0; i < dst->ndims; i++)
			dimension_stats_merge(&dst->dims[i], &src->dims[i], i + 1, NULL);
		return dst;
	}
	for (int j = 0; j < src->ndims; j++)
	{
		const char *name = DimensionStateNames(src)[j];
		int			at = dimension_state_find(dst, name);

		if (at < 0)
		{
			at = -at - 1;
			if (dst->ndims >= SATISFACTION_MAX_DIMENSIONS)
				satisfaction_report_too_many_dimensions(dst->ndims + 1);
			dst = dimension_state_insert(dst, at, name);
		}
		dimension_stats_merge(&dst->dims[at], &src->dims[j], at + 1, name);
	}
	return dst;
}

/*
 * Combine function of the dimension aggregates and transition function of
 * the merge aggregate.  Strict: state 1 is the executor's copy inside an
 * aggregate, so it is updated in place there.
 */
Datum
dimension_state_combine(PG_FUNCTION_ARGS)
{
	DimensionState *dst = PG_GETARG_DIMENSION_STATE(0);
	DimensionState *src = PG_GETARG_DIMENSION_STATE(1);

	if (!SQ_IN_AGGREGATE(fcinfo))
		dst = (DimensionState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	PG_RETURN_POINTER(dimension_state_merge(dst, src));
}

Datum
dimension_state_plus(PG_FUNCTION_ARGS)
{
	DimensionState *sum = (DimensionState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	PG_RETURN_POINTER(dimension_state_merge(sum, PG_GETARG_DIMENSION_STATE(1)));
}

/* ---- input and output ------------------------------------------------ */

/* Dimensions as decoded from text or binary input, before checking. */
typedef struct DecodedDimensions
{
	int			kind;
	int			ndims;
	DimensionStats dims[SATISFACTION_MAX_DIMENSIONS];
	DimensionName names[SATISFACTION_MAX_DIMENSIONS];
} DecodedDimensions;

static const char *
stats_problem(const DimensionStats *s)
{
	if (s->n < 0)
		return "a number of answers is negative";
	if (s->n == 0)
		return (s->sum != 0.0 || s->m2 != 0.0 || s->min != 0.0 || s->max != 0.0) ?
			"a dimension without answers has a nonzero sum, m2, min or max" : NULL;
	if (!isfinite(s->sum) || !isfinite(s->m2) || !isfinite(s->min) || !isfinite(s->max))
		return "a sum, m2, min or max is not finite";
	if (s->m2 < 0.0)
		return "a sum of squared deviations (m2) is negative";
	if (s->min > s->max)
		return "a minimum is greater than its maximum";
	return NULL;
}

static int
name_order(const void *a, const void *b, void *arg)
{
	const DecodedDimensions *d = (const DecodedDimensions *) arg;

	return strcmp(d->names[*(const int *) a], d->names[*(const int *) b]);
}

/*
 * The state for decoded dimensions, names sorted; or NULL with *problem
 * set.  Text and binary input share these rules, so that no path admits a
 * state the functions cannot handle.
 */
static DimensionState *
build_state(DecodedDimensions *d, const char **problem)
{
	DimensionState *state = dimension_state_new(d->kind, d->ndims);
	int			order[SATISFACTION_MAX_DIMENSIONS];

	for (int i = 0; i < d->ndims; i++)
	{
		order[i] = i;
		*problem = stats_problem(&d->dims[i]);
		if (*problem)
			return NULL;
	}
	if (d->kind == DIMENSION_NAMED)
		qsort_arg(order, d->ndims, sizeof(int), name_order, d);
	for (int i = 0; i < d->ndims; i++)
	{
		state->dims[i] = d->dims[order[i]];
		if (d->kind != DIMENSION_NAMED)
			continue;
		if (i > 0 && strcmp(d->names[order[i - 1]], d->names[order[i]]) == 0)
		{
			*problem = psprintf("dimension \"%s\" appears twice", d->names[order[i]]);
			return NULL;
		}
		memcpy(DimensionStateNames(state)[i], d->names[order[i]], sizeof(DimensionName));
	}
	*problem = NULL;
	return state;
}

/* A double-quoted name with \" and \\ escapes, 1 to 63 bytes. */
static void
scan_name(StateScanner *scan, DimensionName name)
{
	int			len = 0;

	scan_skip_space(scan);
	if (*scan->pos != '"')
		scan_error(scan, "a dimension name in double quotes");
	scan->pos++;
	while (*scan->pos != '"')
	{
		if (*scan->pos == '\\' && (scan->pos[1] == '"' || scan->pos[1] == '\\'))
			scan->pos++;
		if (*scan->pos == '\0' || len >= SATISFACTION_NAME_MAX)
			scan_error(scan, "a closing quote within 63 bytes of the name");
		name[len++] = *scan->pos++;
	}
	if (len == 0)
		scan_error(scan, "a name that is not empty");
	name[len] = '\0';
	scan->pos++;
}

#define DIMENSION_SUMS 4		/* sum, m2, min, max */

static void
sums_get(const DimensionStats *s, double sums[DIMENSION_SUMS])
{
	sums[0] = s->sum;
	sums[1] = s->m2;
	sums[2] = s->min;
	sums[3] = s->max;
}

static void
sums_set(DimensionStats *s, const double sums[DIMENSION_SUMS])
{
	s->sum = sums[0];
	s->m2 = sums[1];
	s->min = sums[2];
	s->max = sums[3];
}

Datum
dimension_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	DecodedDimensions *d = palloc0(sizeof(DecodedDimensions));
	DimensionState *state;
	const char *problem;

	scan_init(&scan, input, "dimension_state");
	satisfaction_check_version("dimension_state", scan_version(&scan), DIMENSION_STATE_VERSION,
							   input);
	d->kind = DIMENSION_EMPTY;
	if (!scan_at_end(&scan))
		d->kind = *scan.pos == '"' ? DIMENSION_NAMED : DIMENSION_POSITIONAL;
	while (!scan_at_end(&scan))
	{
		if (d->ndims >= SATISFACTION_MAX_DIMENSIONS)
			scan_error(&scan, "end of input (a state holds at most 100 dimensions)");
		if (d->kind == DIMENSION_NAMED)
			scan_name(&scan, d->names[d->ndims]);
		{
			double		sums[DIMENSION_SUMS];

			satisfaction_scan_sums(&scan, &d->dims[d->ndims].n, sums, DIMENSION_SUMS);
			sums_set(&d->dims[d->ndims], sums);
		}
		d->ndims++;
	}

	state = build_state(d, &problem);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type dimension_state: \"%s\"", input),
				 errdetail("In this state %s.", problem)));
	PG_RETURN_POINTER(state);
}

static void
append_name(StringInfo buf, const char *name)
{
	appendStringInfoChar(buf, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, '"');
}

Datum
dimension_state_out(PG_FUNCTION_ARGS)
{
	DimensionState *state = PG_GETARG_DIMENSION_STATE(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", DIMENSION_STATE_VERSION);
	for (int i = 0; i < state->ndims; i++)
	{
		const DimensionStats *s = &state->dims[i];
		double		sums[DIMENSION_SUMS];

		appendStringInfoChar(&buf, ' ');
		if (state->kind == DIMENSION_NAMED)
		{
			append_name(&buf, DimensionStateNames(state)[i]);
			appendStringInfoChar(&buf, ' ');
		}
		sums_get(s, sums);
		satisfaction_append_sums(&buf, s->n, sums, DIMENSION_SUMS);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
dimension_state_send(PG_FUNCTION_ARGS)
{
	DimensionState *state = PG_GETARG_DIMENSION_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	satisfaction_send_header(&buf, DIMENSION_STATE_VERSION, state->kind, state->ndims);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[DIMENSION_SUMS];

		if (state->kind == DIMENSION_NAMED)
		{
			const char *name = DimensionStateNames(state)[i];

			pq_sendbyte(&buf, strlen(name));
			pq_sendbytes(&buf, name, strlen(name));
		}
		sums_get(&state->dims[i], sums);
		satisfaction_send_sums(&buf, state->dims[i].n, sums, DIMENSION_SUMS);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
dimension_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DecodedDimensions *d = palloc0(sizeof(DecodedDimensions));
	DimensionState *state;
	const char *problem;

	satisfaction_recv_header(buf, "dimension_state", DIMENSION_STATE_VERSION, DIMENSION_NAMED,
							 &d->kind, &d->ndims);
	for (int i = 0; i < d->ndims; i++)
	{
		double		sums[DIMENSION_SUMS];

		if (d->kind == DIMENSION_NAMED)
		{
			int			len = pq_getmsgbyte(buf);

			if (len < 1 || len > SATISFACTION_NAME_MAX)
				satisfaction_report_bad_binary("dimension_state",
											   "a name is empty or longer than 63 bytes");
			pq_copymsgbytes(buf, d->names[i], len);
			if (memchr(d->names[i], '\0', len) != NULL)
				satisfaction_report_bad_binary("dimension_state", "a name contains a zero byte");
			if (!pg_verifymbstr(d->names[i], len, true))
				satisfaction_report_bad_binary("dimension_state",
											   "a name is not valid in the server encoding");
		}
		satisfaction_recv_sums(buf, &d->dims[i].n, sums, DIMENSION_SUMS);
		sums_set(&d->dims[i], sums);
	}
	pq_getmsgend(buf);

	state = build_state(d, &problem);
	if (problem)
		satisfaction_report_bad_binary("dimension_state", problem);
	PG_RETURN_POINTER(state);
}
