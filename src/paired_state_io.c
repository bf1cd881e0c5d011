/*-------------------------------------------------------------------------
 *
 * paired_state_io.c
 *	  Text and binary forms of paired_state.
 *
 * Text form, version 1; each dimension is (n sum_x sum_y m2_x m2_y c_xy
 * m2_d), or (0) when it has no pairs:
 *
 *	 v1								empty
 *	 v1 gap (2 6 8 2 0 0 2) (0)		gap analysis: x expectation, y perception
 *	 v1 driver (3 12 9 2 2 2 0)		driver analysis: x overall, y dimension
 *	 v1 gap "attitude" (2 6 8 2 0 0 2)	gap analysis of named dimensions
 *
 * Binary form, version 2 (satisfaction_state_io.h: version 1 is read too):
 * version byte, kind byte (0 empty, 1 gap, 2 driver, 3 gap of named
 * dimensions), int16 dimension count, then per dimension (named: a length
 * byte and the name in the client encoding) n as int64 and the six sums as
 * float8.
 * Named dimensions are written in byte order of their names; input takes
 * any order.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "paired_state.h"
#include "satisfaction_state_io.h"

PG_FUNCTION_INFO_V1(paired_state_in);
PG_FUNCTION_INFO_V1(paired_state_out);
PG_FUNCTION_INFO_V1(paired_state_recv);
PG_FUNCTION_INFO_V1(paired_state_send);

#define PAIRED_SUMS 6			/* the float8 fields of PairedStats */

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

/* Dimensions as decoded from text or binary input, before checking. */
typedef struct DecodedPairs
{
	int			kind;
	int			ndims;
	PairedStats dims[SATISFACTION_MAX_DIMENSIONS];
	SatisfactionName names[SATISFACTION_MAX_DIMENSIONS];
} DecodedPairs;

/*
 * The state of decoded dimensions, named ones sorted by name; or NULL with
 * *problem set.  Text and binary input share these rules.
 */
static PairedState *
build_state(DecodedPairs *d, const char **problem)
{
	PairedState *state = sq_paired_state_new(d->kind, d->ndims);
	int			order[SATISFACTION_MAX_DIMENSIONS];

	*problem = NULL;
	for (int i = 0; i < d->ndims; i++)
	{
		order[i] = i;
		*problem = sq_paired_stats_problem(&d->dims[i]);
		if (*problem)
			return NULL;
	}
	if (d->kind == PAIRED_GAP_NAMED)
	{
		*problem = sq_satisfaction_sort_names(d->names, d->ndims, order);
		if (*problem)
			return NULL;
	}
	for (int i = 0; i < d->ndims; i++)
	{
		state->dims[i] = d->dims[order[i]];
		if (d->kind == PAIRED_GAP_NAMED)
			memcpy(PairedStateNames(state)[i], d->names[order[i]], sizeof(SatisfactionName));
	}
	return state;
}

Datum
paired_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	DecodedPairs *d = palloc0(sizeof(DecodedPairs));
	PairedState *state;
	const char *problem;

	sq_scan_init(&scan, input, "paired_state");
	sq_check_format_version("paired_state", sq_scan_version(&scan), PAIRED_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	d->kind = PAIRED_EMPTY;
	if (sq_scan_try(&scan, "gap"))
		d->kind = sq_scan_at_end(&scan) || *scan.pos != '"' ? PAIRED_GAP : PAIRED_GAP_NAMED;
	else if (sq_scan_try(&scan, "driver"))
		d->kind = PAIRED_DRIVER;
	else if (!sq_scan_at_end(&scan))
		sq_scan_error(&scan, "\"gap\" or \"driver\"");
	while (!sq_scan_at_end(&scan))
	{
		double		sums[PAIRED_SUMS];

		if (d->ndims >= SATISFACTION_MAX_DIMENSIONS)
			sq_scan_error(&scan, "end of input (a state holds at most 100 dimensions)");
		if (d->kind == PAIRED_GAP_NAMED)
			sq_satisfaction_scan_name(&scan, d->names[d->ndims]);
		sq_satisfaction_scan_sums(&scan, &d->dims[d->ndims].n, sums, PAIRED_SUMS);
		sums_set(&d->dims[d->ndims], sums);
		d->ndims++;
	}
	if (d->kind != PAIRED_EMPTY && d->ndims == 0)
		sq_scan_error(&scan, "at least one dimension");

	state = build_state(d, &problem);
	if (problem)
		sq_scan_reject(&scan, problem);
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
		appendStringInfo(&buf, " %s", sq_paired_kind_names[state->kind]);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		sums_get(&state->dims[i], sums);
		appendStringInfoChar(&buf, ' ');
		if (state->kind == PAIRED_GAP_NAMED)
		{
			sq_satisfaction_append_name(&buf, PairedStateNames(state)[i]);
			appendStringInfoChar(&buf, ' ');
		}
		sq_satisfaction_append_sums(&buf, state->dims[i].n, sums, PAIRED_SUMS);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
paired_state_send(PG_FUNCTION_ARGS)
{
	PairedState *state = PG_GETARG_PAIRED_STATE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	sq_satisfaction_send_header(&buf, state->kind, state->ndims);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		if (state->kind == PAIRED_GAP_NAMED)
			sq_satisfaction_send_name(&buf, PairedStateNames(state)[i]);
		sums_get(&state->dims[i], sums);
		sq_satisfaction_send_sums(&buf, state->dims[i].n, sums, PAIRED_SUMS);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
paired_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DecodedPairs *d = palloc0(sizeof(DecodedPairs));
	PairedState *state;
	const char *problem;
	int			version;

	version = sq_satisfaction_recv_header(buf, "paired_state", PAIRED_GAP_NAMED, &d->kind, &d->ndims);
	for (int i = 0; i < d->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		if (d->kind == PAIRED_GAP_NAMED)
			sq_satisfaction_recv_name(buf, "paired_state", version, d->names[i]);
		sq_satisfaction_recv_sums(buf, "paired_state", &d->dims[i].n, sums, PAIRED_SUMS);
		sums_set(&d->dims[i], sums);
	}
	sq_recv_end(buf, "paired_state");

	state = build_state(d, &problem);
	if (problem)
		sq_report_bad_binary("paired_state", problem);
	PG_RETURN_POINTER(state);
}
