/*-------------------------------------------------------------------------
 *
 * category_state_io.c
 *	  Text and binary forms of category_state (docs/formats.md#category_state).
 *
 * Text form, version 1: the categories in byte order of their names, then
 * the NULL category, each with its count and, weighted, its sum of weights:
 *
 *	 v1 "damage":12 "late delivery":7 null:3
 *	 v1 weighted sumsq=20.5 "damage":12:10.5 null:3:1.5
 *
 * Binary form: version byte, flags byte (bit 0 weighted, bit 1 a NULL
 * category), for a weighted state the float8 sum of squared weights, an
 * int32 count of named categories, each as its name (sq_send_name), an
 * int64 count and for a weighted state a float8 sum of weights; then the
 * NULL category's count and sum of weights when it has rows.  Both inputs
 * accept categories in any order, each at most once.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"
#include "libpq/pqformat.h"

#include "category_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(category_state_in);
PG_FUNCTION_INFO_V1(category_state_out);
PG_FUNCTION_INFO_V1(category_state_recv);
PG_FUNCTION_INFO_V1(category_state_send);

#define TYPE_NAME "category_state"

/* Add an entry read from input, or why it cannot be; a category only once. */
static const char *
add_entry(CategoryWork *w, const char *name, uint32 len, bool *null_seen, int64 count,
		  double weight)
{
	const char *problem = sq_category_entry_problem(count, weight, w->weighted);
	int64		total;

	if (problem)
		return problem;
	if (name ? sq_names_find(&w->names, name, len) >= 0 : *null_seen)
		return name ? psprintf("the category \"%.*s\" is listed twice", (int) len, name) :
			"the null category is listed twice";
	if (pg_add_s64_overflow(w->total, count, &total))
		return "the total number of rows exceeds the 64-bit range";
	if (!name)
		*null_seen = true;
	sq_category_work_add(w, name, len, count, weight);
	return NULL;
}

Datum
category_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	CategoryWork *w = sq_category_work_new(CurrentMemoryContext);
	char		name[CATEGORY_MAX_NAME_BYTES];
	bool		null_seen = false;
	CategoryState *state;
	const char *problem;

	sq_scan_init(&scan, input, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, sq_scan_version(&scan), CATEGORY_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	sq_category_work_configure(w, sq_scan_try(&scan, "weighted"));
	if (w->weighted)
	{
		sq_scan_expect(&scan, "sumsq=");
		w->sumsq = sq_scan_float8(&scan);
	}
	while (!sq_scan_at_end(&scan))
	{
		int			len = -1;
		int64		count;
		double		weight = 0.0;

		if (!sq_scan_try(&scan, "null"))
			len = sq_scan_quoted(&scan, name, CATEGORY_MAX_NAME_BYTES, "a category name");
		sq_scan_expect(&scan, ":");
		count = sq_scan_int64(&scan);
		if (w->weighted)
		{
			sq_scan_expect(&scan, ":");
			weight = sq_scan_float8(&scan);
		}
		problem = add_entry(w, len < 0 ? NULL : name, Max(len, 0), &null_seen, count, weight);
		if (problem)
			sq_scan_reject(&scan, problem);
	}
	state = sq_category_work_flatten_and_free(w);
	problem = sq_category_state_problem(state);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(state);
}

static void
append_entry(StringInfo buf, const char *name, uint32 len, int64 count, const double *weight)
{
	appendStringInfoChar(buf, ' ');
	if (name)
		sq_append_quoted(buf, name, len);
	else
		appendStringInfoString(buf, "null");
	appendStringInfo(buf, ":" INT64_FORMAT, count);
	if (weight)
	{
		appendStringInfoChar(buf, ':');
		sq_append_float8(buf, *weight);
	}
}

Datum
category_state_out(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	const int64 *counts = category_counts(s);
	const double *weights = category_weights(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", CATEGORY_STATE_VERSION);
	if (weights)
	{
		appendStringInfoString(&buf, " weighted sumsq=");
		sq_append_float8(&buf, s->sumsq);
	}
	for (uint32 i = 0; i < category_n(s); i++)
	{
		uint32		len = 0;
		const char *name = i < s->ncategories ? category_name(s, i, &len) : NULL;

		append_entry(&buf, name, len, counts[i], weights ? &weights[i] : NULL);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
category_state_send(PG_FUNCTION_ARGS)
{
	CategoryState *s = PG_GETARG_CATEGORY_STATE(0);
	const int64 *counts = category_counts(s);
	const double *weights = category_weights(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CATEGORY_STATE_VERSION);
	pq_sendbyte(&buf, s->flags);
	if (weights)
		pq_sendfloat8(&buf, s->sumsq);
	pq_sendint32(&buf, s->ncategories);
	for (uint32 i = 0; i < category_n(s); i++)
	{
		if (i < s->ncategories)
		{
			uint32		len;
			const char *name = category_name(s, i, &len);

			sq_send_name(&buf, name, len);
		}
		pq_sendint64(&buf, counts[i]);
		if (weights)
			pq_sendfloat8(&buf, weights[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
recv_entry(StringInfo buf, CategoryWork *w, const char *name, uint32 len, bool *null_seen)
{
	int64		count;
	double		weight = 0.0;
	const char *problem;

	sq_recv_require(buf, w->weighted ? 16 : 8, TYPE_NAME);
	count = pq_getmsgint64(buf);
	if (w->weighted)
		weight = sq_recv_float8(buf);
	problem = add_entry(w, name, len, null_seen, count, weight);
	if (problem)
		sq_report_bad_binary(TYPE_NAME, problem);
}

Datum
category_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CategoryWork *w = sq_category_work_new(CurrentMemoryContext);
	uint8		flags;
	int			n;
	bool		null_seen = false;
	CategoryState *state;
	const char *problem;

	sq_recv_require(buf, 1, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, pq_getmsgbyte(buf), CATEGORY_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 1, TYPE_NAME);
	flags = pq_getmsgbyte(buf);
	if ((flags & ~CATEGORY_FLAGS) != 0)
		sq_report_bad_binary(TYPE_NAME, "the flags byte has unknown bits");
	sq_category_work_configure(w, (flags & CATEGORY_WEIGHTED) != 0);
	if (w->weighted)
	{
		sq_recv_require(buf, 8, TYPE_NAME);
		w->sumsq = sq_recv_float8(buf);
	}
	sq_recv_require(buf, 4, TYPE_NAME);
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > CATEGORY_MAX)
		sq_report_bad_binary(TYPE_NAME, psprintf("the number of categories, %d, is not from 0 to %d",
												 n, CATEGORY_MAX));
	for (int i = 0; i < n; i++)
	{
		int			len;
		char	   *name = sq_recv_name(buf, TYPE_NAME, CATEGORY_MAX_NAME_BYTES,
										"a category name", &len);

		recv_entry(buf, w, name, len, &null_seen);
	}
	if (flags & CATEGORY_HAS_NULL)
		recv_entry(buf, w, NULL, 0, &null_seen);
	sq_recv_end(buf, TYPE_NAME);
	state = sq_category_work_flatten_and_free(w);
	problem = sq_category_state_problem(state);
	if (problem)
		sq_report_bad_binary(TYPE_NAME, problem);
	PG_RETURN_POINTER(state);
}
