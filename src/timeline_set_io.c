/*-------------------------------------------------------------------------
 *
 * timeline_set_io.c
 *	  Text and binary forms of timeline_set.
 *
 * Text form, version 1: the cases by ascending id, each the id and, in
 * parentheses, its events as timeline_state writes them:
 *
 *	 v1 17 (2026-03-01 10:00:00+00 "requested", 2026-03-01 12:30:00+00 "responded"), 18 (...)
 *
 * On input, cases and events may come in any order, and a case given twice
 * is the union of its events, as if the two sets were added.
 *
 * Binary form: version byte, int32 case count, per case an int64 id and
 * the case's timeline_state in its own binary form.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "miscadmin.h"

#include "timeline_set.h"
#include "timeline_state_io.h"

PG_FUNCTION_INFO_V1(timeline_set_in);
PG_FUNCTION_INFO_V1(timeline_set_out);
PG_FUNCTION_INFO_V1(timeline_set_recv);
PG_FUNCTION_INFO_V1(timeline_set_send);

Datum
timeline_set_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	TimelineSetWork *w = sq_timeline_set_work_new(CurrentMemoryContext);
	char		name[TIMELINE_MAX_STAGE_BYTES];
	bool		first = true;

	sq_scan_init(&scan, input, "timeline_set");
	sq_check_format_version("timeline_set", sq_scan_version(&scan), TIMELINE_SET_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	while (!sq_scan_at_end(&scan))
	{
		int64		id;

		CHECK_FOR_INTERRUPTS();
		if (!first)
			sq_scan_expect(&scan, ",");
		first = false;
		id = sq_scan_int64(&scan);
		sq_scan_expect(&scan, "(");
		do
		{
			TimestampTz at = sq_timeline_scan_time(&scan);
			int			len = sq_timeline_scan_name(&scan, name);

			sq_timeline_set_work_add(w, id, name, len, at);
		} while (sq_scan_try(&scan, ","));
		sq_scan_expect(&scan, ")");
	}
	PG_RETURN_POINTER(sq_timeline_set_flatten_and_free(w));
}

Datum
timeline_set_out(PG_FUNCTION_ARGS)
{
	TimelineSet *s = PG_GETARG_TIMELINE_SET(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", TIMELINE_SET_VERSION);
	for (uint32 i = 0; i < s->ncases; i++)
	{
		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&buf, "%s" INT64_FORMAT " (", i == 0 ? " " : ", ", timeline_set_ids(s)[i]);
		sq_timeline_append_events(&buf, timeline_set_case(s, i));
		appendStringInfoChar(&buf, ')');
	}
	PG_RETURN_CSTRING(buf.data);
}

/* Sent in canonical form (cases by id, canonical timelines). */
Datum
timeline_set_send(PG_FUNCTION_ARGS)
{
	TimelineSet *s = PG_GETARG_TIMELINE_SET(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, TIMELINE_SET_VERSION);
	pq_sendint32(&buf, s->ncases);
	for (uint32 i = 0; i < s->ncases; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, timeline_set_ids(s)[i]);
		sq_timeline_send(&buf, timeline_set_case(s, i));
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Every case is read and checked as timeline_state's binary input does. */
Datum
timeline_set_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	TimelineSetWork *w = sq_timeline_set_work_new(CurrentMemoryContext);
	int			ncases;

	sq_recv_require(buf, 1, "timeline_set");
	sq_check_format_version("timeline_set", pq_getmsgbyte(buf), TIMELINE_SET_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 4, "timeline_set");
	ncases = pq_getmsgint(buf, 4);
	if (ncases < 0)
		sq_report_bad_binary("timeline_set", "the case count is negative");
	for (int i = 0; i < ncases; i++)
	{
		int64		id;
		TimelineState *t;

		CHECK_FOR_INTERRUPTS();
		sq_recv_require(buf, sizeof(int64), "timeline_set");
		id = pq_getmsgint64(buf);
		t = sq_timeline_recv(buf, "timeline_set");
		if (t->nevents == 0)
			sq_report_bad_binary("timeline_set",
								 psprintf("case " INT64_FORMAT " has no event", id));
		sq_timeline_set_work_merge_case(w, id, t);
		pfree(t);
	}
	sq_recv_end(buf, "timeline_set");
	PG_RETURN_POINTER(sq_timeline_set_flatten_and_free(w));
}
