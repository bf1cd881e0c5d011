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
 *
 * Binary form: version byte, kind byte, int16 dimension count, then per
 * dimension n as int64 and the six sums as float8.
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

Datum
paired_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	PairedStats dims[SATISFACTION_MAX_DIMENSIONS];
	int			ndims = 0,
				kind = PAIRED_EMPTY;
	PairedState *state;

	sq_scan_init(&scan, input, "paired_state");
	sq_check_format_version("paired_state", sq_scan_version(&scan), PAIRED_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	if (sq_scan_try(&scan, "gap"))
		kind = PAIRED_GAP;
	else if (sq_scan_try(&scan, "driver"))
		kind = PAIRED_DRIVER;
	else if (!sq_scan_at_end(&scan))
		sq_scan_error(&scan, "\"gap\" or \"driver\"");
	while (!sq_scan_at_end(&scan))
	{
		double		sums[PAIRED_SUMS];
		const char *problem;

		if (ndims >= SATISFACTION_MAX_DIMENSIONS)
			sq_scan_error(&scan, "end of input (a state holds at most 100 dimensions)");
		sq_satisfaction_scan_sums(&scan, &dims[ndims].n, sums, PAIRED_SUMS);
		sums_set(&dims[ndims], sums);
		problem = sq_paired_stats_problem(&dims[ndims]);
		if (problem)
			sq_scan_reject(&scan, problem);
		ndims++;
	}
	if (kind != PAIRED_EMPTY && ndims == 0)
		sq_scan_error(&scan, "at least one dimension");

	state = sq_paired_state_new(kind, ndims);
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
		appendStringInfo(&buf, " %s", sq_paired_kind_names[state->kind]);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		sums_get(&state->dims[i], sums);
		appendStringInfoChar(&buf, ' ');
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
	sq_satisfaction_send_header(&buf, PAIRED_STATE_VERSION, state->kind, state->ndims);
	for (int i = 0; i < state->ndims; i++)
	{
		double		sums[PAIRED_SUMS];

		sums_get(&state->dims[i], sums);
		sq_satisfaction_send_sums(&buf, state->dims[i].n, sums, PAIRED_SUMS);
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

	sq_satisfaction_recv_header(buf, "paired_state", PAIRED_STATE_VERSION, PAIRED_DRIVER,
								&kind, &ndims);
	state = sq_paired_state_new(kind, ndims);
	for (int i = 0; i < ndims; i++)
	{
		double		sums[PAIRED_SUMS];
		const char *problem;

		sq_satisfaction_recv_sums(buf, "paired_state", &state->dims[i].n, sums, PAIRED_SUMS);
		sums_set(&state->dims[i], sums);
		problem = sq_paired_stats_problem(&state->dims[i]);
		if (problem)
			sq_report_bad_binary("paired_state", problem);
	}
	sq_recv_end(buf, "paired_state");
	PG_RETURN_POINTER(state);
}
