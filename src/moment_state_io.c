/*-------------------------------------------------------------------------
 *
 * moment_state_io.c
 *	  Text and binary forms of moment_state.
 *
 * Text form, version 1 (k = p + 1 variables, the overall score last; the
 * co-moments are the upper triangle of the k x k matrix, row by row):
 *
 *	 v1													empty
 *	 v1 dimensions=2 n=3 weight=3 incomplete=1
 *		mean=(4 3 4.5) comoment=(2 1 0.5 2 1 0.5)		positional
 *	 v1 dimensions=("speed" "attitude") overall="overall" n=3 weight=3
 *		incomplete=0 mean=(...) comoment=(...)
 *		pending=((17 4 _ _) (23 _ 3 5))					named
 *
 * A pending response is its id, then one score per variable, "_" where it
 * has none yet.  Output lists pending responses by id; input takes any order.
 *
 * Binary form, version 2 (satisfaction_state_io.h: version 1 is read too):
 * version byte, kind byte, uint16 dimensions, uint32 pending responses,
 * int64 responses, int64 incomplete, float8 weight; unless empty, k float8
 * means and k (k + 1) / 2 float8 co-moments; named, k names (a length byte
 * and the name in the client encoding, the overall's last); then per
 * pending response int64 id, int64 mask of the answered variables and k
 * float8 scores (0 where unanswered).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "miscadmin.h"

#include "moment_state.h"
#include "satisfaction_state_io.h"

PG_FUNCTION_INFO_V1(moment_state_in);
PG_FUNCTION_INFO_V1(moment_state_out);
PG_FUNCTION_INFO_V1(moment_state_recv);
PG_FUNCTION_INFO_V1(moment_state_send);

static void
scan_floats(StateScanner *scan, const char *label, double *values, int count)
{
	sq_scan_expect(scan, label);
	for (int i = 0; i < count; i++)
		values[i] = sq_scan_float8(scan);
	sq_scan_expect(scan, ")");
}

/* "dimensions=N" or "dimensions=(names) overall=name": the kind and p. */
static void
scan_layout(StateScanner *scan, int *kind, int *ndims, MomentName * names)
{
	sq_scan_expect(scan, "dimensions=");
	if (!sq_scan_try(scan, "("))
	{
		int64		p = sq_scan_int64(scan);

		if (p < 1 || p > MOMENT_MAX_DIMENSIONS)
			sq_scan_error(scan, psprintf("a number of dimensions from 1 to %d",
										 MOMENT_MAX_DIMENSIONS));
		*kind = MOMENT_POSITIONAL;
		*ndims = (int) p;
		return;
	}
	*kind = MOMENT_NAMED;
	*ndims = 0;
	while (!sq_scan_try(scan, ")"))
	{
		if (*ndims >= MOMENT_MAX_DIMENSIONS)
			sq_scan_error(scan, psprintf("\")\" (a state holds at most %d dimensions)",
										 MOMENT_MAX_DIMENSIONS));
		sq_satisfaction_scan_name(scan, names[(*ndims)++]);
	}
	if (*ndims == 0)
		sq_scan_error(scan, "a dimension name");
	sq_scan_expect(scan, "overall=");
	sq_satisfaction_scan_name(scan, names[*ndims]);
}

static void
scan_pending(StateScanner *scan, MomentPending *entry, int k)
{
	sq_scan_expect(scan, "(");
	entry->id = sq_scan_int64(scan);
	for (int j = 0; j < k; j++)
	{
		if (sq_scan_try(scan, "_"))
			continue;
		entry->values[j] = sq_scan_float8(scan);
		entry->answered |= UINT64CONST(1) << j;
	}
	sq_scan_expect(scan, ")");
}

/* Pending responses: "pending=(" entries ")", into a state with room. */
static MomentState *
scan_pending_list(StateScanner *scan, MomentState *s)
{
	int			k = moment_variables(s);
	Size		entry_size = moment_pending_size(k);
	uint32		capacity = 0;
	MomentPending *entry = palloc0(entry_size);

	if (!sq_scan_try(scan, "pending=("))
		return s;
	while (!sq_scan_try(scan, ")"))
	{
		CHECK_FOR_INTERRUPTS();
		if (s->npending >= MOMENT_MAX_PENDING)
			sq_scan_error(scan, psprintf("\")\" (at most %d pending responses)",
										 MOMENT_MAX_PENDING));
		memset(entry, 0, entry_size);
		scan_pending(scan, entry, k);
		if (s->npending == capacity)
		{
			capacity = Max(8, 2 * capacity);
			s = sq_moment_state_reserve(s, capacity);
		}
		memcpy(moment_state_pending(s, s->npending++), entry, entry_size);
	}
	if (s->npending == 0)
		sq_scan_error(scan, "a pending response (leave out \"pending=()\" when there is none)");
	return sq_moment_state_trim(s);
}

Datum
moment_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	MomentName *names = palloc0(sizeof(MomentName) * (MOMENT_MAX_DIMENSIONS + 1));
	MomentState *s;
	int			kind,
				ndims,
				k;
	const char *problem;

	sq_scan_init(&scan, input, "moment_state");
	sq_check_format_version("moment_state", sq_scan_version(&scan), MOMENT_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	if (sq_scan_at_end(&scan))
		PG_RETURN_POINTER(sq_moment_state_new(MOMENT_EMPTY, 0, 0));
	scan_layout(&scan, &kind, &ndims, names);
	k = ndims + 1;
	s = sq_moment_state_new(kind, ndims, 0);
	if (kind == MOMENT_NAMED)
		memcpy(moment_state_names(s), names, sizeof(MomentName) * k);
	sq_scan_expect(&scan, "n=");
	s->responses = sq_scan_int64(&scan);
	sq_scan_expect(&scan, "weight=");
	s->weight = sq_scan_float8(&scan);
	sq_scan_expect(&scan, "incomplete=");
	s->incomplete = sq_scan_int64(&scan);
	scan_floats(&scan, "mean=(", moment_state_means(s), k);
	scan_floats(&scan, "comoment=(", moment_state_comoments(s), moment_comoment_count(k));
	if (kind == MOMENT_NAMED)
		s = scan_pending_list(&scan, s);
	sq_scan_expect_end(&scan);

	sq_moment_state_sort_pending(s);
	problem = sq_moment_state_problem(s);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(s);
}

static void
append_floats(StringInfo buf, const char *label, const double *values, int count)
{
	appendStringInfo(buf, " %s(", label);
	for (int i = 0; i < count; i++)
	{
		if (i > 0)
			appendStringInfoChar(buf, ' ');
		sq_append_float8(buf, values[i]);
	}
	appendStringInfoChar(buf, ')');
}

static void
append_pending(StringInfo buf, const MomentState *s)
{
	int			k = moment_variables(s);

	if (s->npending == 0)
		return;
	appendStringInfoString(buf, " pending=(");
	for (uint32 e = 0; e < s->npending; e++)
	{
		const MomentPending *entry = moment_state_pending(s, e);

		CHECK_FOR_INTERRUPTS();
		appendStringInfo(buf, "%s(" INT64_FORMAT, e > 0 ? " " : "", entry->id);
		for (int j = 0; j < k; j++)
		{
			appendStringInfoChar(buf, ' ');
			if (entry->answered & (UINT64CONST(1) << j))
				sq_append_float8(buf, entry->values[j]);
			else
				appendStringInfoChar(buf, '_');
		}
		appendStringInfoChar(buf, ')');
	}
	appendStringInfoChar(buf, ')');
}

Datum
moment_state_out(PG_FUNCTION_ARGS)
{
	MomentState *s = PG_GETARG_MOMENT_STATE(0);
	StringInfoData buf;
	int			k = moment_variables(s);

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", MOMENT_STATE_VERSION);
	if (s->kind == MOMENT_EMPTY)
		PG_RETURN_CSTRING(buf.data);
	if (s->kind == MOMENT_POSITIONAL)
		appendStringInfo(&buf, " dimensions=%d", s->ndims);
	else
	{
		appendStringInfoString(&buf, " dimensions=(");
		for (int i = 0; i < s->ndims; i++)
		{
			if (i > 0)
				appendStringInfoChar(&buf, ' ');
			sq_satisfaction_append_name(&buf, moment_state_names(s)[i]);
		}
		appendStringInfoString(&buf, ") overall=");
		sq_satisfaction_append_name(&buf, moment_state_names(s)[s->ndims]);
	}
	appendStringInfo(&buf, " n=" INT64_FORMAT " weight=", s->responses);
	sq_append_float8(&buf, s->weight);
	appendStringInfo(&buf, " incomplete=" INT64_FORMAT, s->incomplete);
	append_floats(&buf, "mean=", moment_state_means(s), k);
	append_floats(&buf, "comoment=", moment_state_comoments(s), moment_comoment_count(k));
	append_pending(&buf, s);
	PG_RETURN_CSTRING(buf.data);
}

Datum
moment_state_send(PG_FUNCTION_ARGS)
{
	MomentState *s = PG_GETARG_MOMENT_STATE(0);
	StringInfoData buf;
	int			k = moment_variables(s);

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SATISFACTION_BINARY_VERSION);
	pq_sendbyte(&buf, s->kind);
	pq_sendint16(&buf, s->ndims);
	pq_sendint32(&buf, s->npending);
	pq_sendint64(&buf, s->responses);
	pq_sendint64(&buf, s->incomplete);
	pq_sendfloat8(&buf, s->weight);
	if (s->kind != MOMENT_EMPTY)
	{
		for (int i = 0; i < k + moment_comoment_count(k); i++)
			pq_sendfloat8(&buf, s->data[i]);
	}
	if (s->kind == MOMENT_NAMED)
	{
		for (int i = 0; i < k; i++)
			sq_satisfaction_send_name(&buf, moment_state_names(s)[i]);
	}
	for (uint32 e = 0; e < s->npending; e++)
	{
		const MomentPending *entry = moment_state_pending(s, e);

		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, entry->id);
		pq_sendint64(&buf, (int64) entry->answered);
		for (int j = 0; j < k; j++)
			pq_sendfloat8(&buf, entry->values[j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * The header fields, checked before any allocation; the version, which the
 * names are read in, in *version.
 */
static MomentState *
recv_header(StringInfo buf, int *version)
{
	int			kind,
				ndims;
	uint32		npending;
	MomentState *s;

	sq_recv_require(buf, 1, "moment_state");
	*version = pq_getmsgbyte(buf);
	sq_check_format_versions("moment_state", *version, SATISFACTION_BINARY_RAW_NAMES,
							 SATISFACTION_BINARY_VERSION, ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 1 + 2 + 4, "moment_state");
	kind = pq_getmsgbyte(buf);
	ndims = (uint16) pq_getmsgint(buf, 2);
	npending = (uint32) pq_getmsgint(buf, 4);
	if (kind > MOMENT_NAMED)
		sq_report_bad_binary("moment_state", "the kind is unknown");
	if (ndims > MOMENT_MAX_DIMENSIONS)
		sq_report_bad_binary("moment_state",
							 psprintf("there are more than %d dimensions", MOMENT_MAX_DIMENSIONS));
	if (npending > MOMENT_MAX_PENDING || (npending > 0 && kind != MOMENT_NAMED))
		sq_report_bad_binary("moment_state",
							 "pending responses are too many or in a state without names");
	if ((kind == MOMENT_EMPTY) != (ndims == 0))
		sq_report_bad_binary("moment_state", "the kind does not fit the number of dimensions");
	/* the totals, and the pending responses the allocation is sized by */
	sq_recv_require(buf, 8 + 8 + 8 + (int64) npending * (16 + (int64) (ndims + 1) * sizeof(double)),
					"moment_state");
	s = sq_moment_state_new(kind, ndims, npending);
	s->npending = npending;
	s->responses = pq_getmsgint64(buf);
	s->incomplete = pq_getmsgint64(buf);
	s->weight = sq_recv_float8(buf);
	return s;
}

Datum
moment_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	MomentState *s = recv_header(buf, &version);
	int			k = moment_variables(s);
	const char *problem;

	if (s->kind != MOMENT_EMPTY)
	{
		int			count = k + moment_comoment_count(k);

		sq_recv_require(buf, (int64) count * sizeof(double), "moment_state");
		for (int i = 0; i < count; i++)
			s->data[i] = sq_recv_float8(buf);
	}
	if (s->kind == MOMENT_NAMED)
	{
		for (int i = 0; i < k; i++)
			sq_satisfaction_recv_name(buf, "moment_state", version, moment_state_names(s)[i]);
	}
	sq_recv_require(buf, (int64) s->npending * (16 + (int64) k * sizeof(double)), "moment_state");
	for (uint32 e = 0; e < s->npending; e++)
	{
		MomentPending *entry = moment_state_pending(s, e);

		CHECK_FOR_INTERRUPTS();
		entry->id = pq_getmsgint64(buf);
		entry->answered = (uint64) pq_getmsgint64(buf);
		for (int j = 0; j < k; j++)
			entry->values[j] = sq_recv_float8(buf);
	}
	sq_recv_end(buf, "moment_state");

	sq_moment_state_sort_pending(s);
	problem = sq_moment_state_problem(s);
	if (problem)
		sq_report_bad_binary("moment_state", problem);
	PG_RETURN_POINTER(s);
}
