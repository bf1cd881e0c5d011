/*-------------------------------------------------------------------------
 *
 * dimension_state_io.c
 *	  Text and binary forms of dimension_state.
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

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"

#include "dimension_state.h"
#include "satisfaction_state_io.h"

PG_FUNCTION_INFO_V1(dimension_state_in);
PG_FUNCTION_INFO_V1(dimension_state_out);
PG_FUNCTION_INFO_V1(dimension_state_recv);
PG_FUNCTION_INFO_V1(dimension_state_send);

/* Dimensions as decoded from text or binary input, before checking. */
typedef struct DecodedDimensions
{
	int			kind;
	int			ndims;
	DimensionStats dims[SATISFACTION_MAX_DIMENSIONS];
	DimensionName names[SATISFACTION_MAX_DIMENSIONS];
} DecodedDimensions;

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
	DimensionState *state = sq_dimension_state_new(d->kind, d->ndims);
	int			order[SATISFACTION_MAX_DIMENSIONS];

	for (int i = 0; i < d->ndims; i++)
	{
		order[i] = i;
		*problem = sq_dimension_stats_problem(&d->dims[i]);
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

	sq_scan_skip_space(scan);
	if (*scan->pos != '"')
		sq_scan_error(scan, "a dimension name in double quotes");
	scan->pos++;
	while (*scan->pos != '"')
	{
		if (*scan->pos == '\\' && (scan->pos[1] == '"' || scan->pos[1] == '\\'))
			scan->pos++;
		if (*scan->pos == '\0' || len >= SATISFACTION_NAME_MAX)
			sq_scan_error(scan, "a closing quote within 63 bytes of the name");
		name[len++] = *scan->pos++;
	}
	if (len == 0)
		sq_scan_error(scan, "a name that is not empty");
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

	sq_scan_init(&scan, input, "dimension_state");
	sq_check_format_version("dimension_state", sq_scan_version(&scan), DIMENSION_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	d->kind = DIMENSION_EMPTY;
	if (!sq_scan_at_end(&scan))
		d->kind = *scan.pos == '"' ? DIMENSION_NAMED : DIMENSION_POSITIONAL;
	while (!sq_scan_at_end(&scan))
	{
		if (d->ndims >= SATISFACTION_MAX_DIMENSIONS)
			sq_scan_error(&scan, "end of input (a state holds at most 100 dimensions)");
		if (d->kind == DIMENSION_NAMED)
			scan_name(&scan, d->names[d->ndims]);
		{
			double		sums[DIMENSION_SUMS];

			sq_satisfaction_scan_sums(&scan, &d->dims[d->ndims].n, sums, DIMENSION_SUMS);
			sums_set(&d->dims[d->ndims], sums);
		}
		d->ndims++;
	}

	state = build_state(d, &problem);
	if (problem)
		sq_scan_reject(&scan, problem);
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
		sq_satisfaction_append_sums(&buf, s->n, sums, DIMENSION_SUMS);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
dimension_state_send(PG_FUNCTION_ARGS)
{
	DimensionState *state = PG_GETARG_DIMENSION_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	sq_satisfaction_send_header(&buf, DIMENSION_STATE_VERSION, state->kind, state->ndims);
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
		sq_satisfaction_send_sums(&buf, state->dims[i].n, sums, DIMENSION_SUMS);
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

	sq_satisfaction_recv_header(buf, "dimension_state", DIMENSION_STATE_VERSION, DIMENSION_NAMED,
								&d->kind, &d->ndims);
	for (int i = 0; i < d->ndims; i++)
	{
		double		sums[DIMENSION_SUMS];

		if (d->kind == DIMENSION_NAMED)
		{
			int			len;

			sq_recv_require(buf, 1, "dimension_state");
			len = pq_getmsgbyte(buf);

			if (len < 1 || len > SATISFACTION_NAME_MAX)
				sq_report_bad_binary("dimension_state",
									 "a name is empty or longer than 63 bytes");
			sq_recv_require(buf, len, "dimension_state");
			pq_copymsgbytes(buf, d->names[i], len);
			if (memchr(d->names[i], '\0', len) != NULL)
				sq_report_bad_binary("dimension_state", "a name contains a zero byte");
			if (!pg_verifymbstr(d->names[i], len, true))
				sq_report_bad_binary("dimension_state",
									 "a name is not valid in the server encoding");
		}
		sq_satisfaction_recv_sums(buf, "dimension_state", &d->dims[i].n, sums, DIMENSION_SUMS);
		sums_set(&d->dims[i], sums);
	}
	sq_recv_end(buf, "dimension_state");

	state = build_state(d, &problem);
	if (problem)
		sq_report_bad_binary("dimension_state", problem);
	PG_RETURN_POINTER(state);
}
