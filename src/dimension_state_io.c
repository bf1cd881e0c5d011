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
 * Binary form, version 2 (satisfaction_state_io.h: version 1 is read too):
 * version byte, kind byte, int16 dimension count, then per dimension
 * (named: a length byte and the name in the client encoding) n as int64
 * and sum, m2, min, max as float8.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

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

	*problem = NULL;
	for (int i = 0; i < d->ndims; i++)
	{
		order[i] = i;
		*problem = sq_dimension_stats_problem(&d->dims[i]);
		if (*problem)
			return NULL;
	}
	if (d->kind == DIMENSION_NAMED)
	{
		*problem = sq_satisfaction_sort_names(d->names, d->ndims, order);
		if (*problem)
			return NULL;
	}
	for (int i = 0; i < d->ndims; i++)
	{
		state->dims[i] = d->dims[order[i]];
		if (d->kind == DIMENSION_NAMED)
			memcpy(DimensionStateNames(state)[i], d->names[order[i]], sizeof(DimensionName));
	}
	return state;
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
			sq_satisfaction_scan_name(&scan, d->names[d->ndims]);
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
			sq_satisfaction_append_name(&buf, DimensionStateNames(state)[i]);
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
	sq_satisfaction_send_header(&buf, state->kind, state->ndims);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[DIMENSION_SUMS];

		if (state->kind == DIMENSION_NAMED)
			sq_satisfaction_send_name(&buf, DimensionStateNames(state)[i]);
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
	int			version;

	version = sq_satisfaction_recv_header(buf, "dimension_state", DIMENSION_NAMED, &d->kind, &d->ndims);
	for (int i = 0; i < d->ndims; i++)
	{
		double		sums[DIMENSION_SUMS];

		if (d->kind == DIMENSION_NAMED)
			sq_satisfaction_recv_name(buf, "dimension_state", version, d->names[i]);
		sq_satisfaction_recv_sums(buf, "dimension_state", &d->dims[i].n, sums, DIMENSION_SUMS);
		sums_set(&d->dims[i], sums);
	}
	sq_recv_end(buf, "dimension_state");

	state = build_state(d, &problem);
	if (problem)
		sq_report_bad_binary("dimension_state", problem);
	PG_RETURN_POINTER(state);
}
