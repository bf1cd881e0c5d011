/*-------------------------------------------------------------------------
 *
 * timeline_state_io.c
 *	  Text and binary forms of timeline_state.
 *
 * Text form, version 1: the events in time order (ties by stage name), each
 * a UTC timestamp in ISO form and the stage name in double quotes, with \"
 * and \\ inside the quotes:
 *
 *	 v1 2026-03-01 10:00:00+00 "requested", 2026-03-01 12:30:00.5+00 "responded"
 *
 * Timestamps are always written in UTC, whatever TimeZone and DateStyle
 * say, so the text reads back to the same state anywhere.  On input the
 * events may come in any order and repeated events count once.
 *
 * Binary form: version byte, stage count byte, per stage (in order of first
 * occurrence) an int32 byte length and the name (in the client encoding,
 * like text), an int32 event count, per event an int64 timestamp
 * (microseconds since 2000-01-01 UTC) and a byte indexing the stages as
 * sent.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"
#include "svcquality_text.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "timeline_state_io.h"

PG_FUNCTION_INFO_V1(timeline_state_in);
PG_FUNCTION_INFO_V1(timeline_state_out);
PG_FUNCTION_INFO_V1(timeline_state_recv);
PG_FUNCTION_INFO_V1(timeline_state_send);

#define TIMESTAMP_FORM "a UTC timestamp like 2026-03-01 10:00:00+00"

/* Exactly `digits` decimal digits (at least `digits` when open-ended). */
static int
scan_digits(StateScanner *scan, int digits, bool open_ended)
{
	int			value = 0;
	int			n = 0;

	while (*scan->pos >= '0' && *scan->pos <= '9' && (open_ended ? n < 9 : n < digits))
	{
		value = value * 10 + (*scan->pos - '0');
		scan->pos++;
		n++;
	}
	if (n < digits || (*scan->pos >= '0' && *scan->pos <= '9'))
		sq_scan_error(scan, TIMESTAMP_FORM);
	return value;
}

static void
scan_char(StateScanner *scan, char c)
{
	if (*scan->pos != c)
		sq_scan_error(scan, TIMESTAMP_FORM);
	scan->pos++;
}

/* The form EncodeDateTime writes in ISO style at offset 0, and only that. */
TimestampTz
sq_timeline_scan_time(StateScanner *scan)
{
	struct pg_tm tm = {0};
	fsec_t		fsec = 0;
	int			tz = 0;
	Timestamp	result;
	const char *start;

	sq_scan_skip_space(scan);
	start = scan->pos;
	tm.tm_year = scan_digits(scan, 4, true);
	scan_char(scan, '-');
	tm.tm_mon = scan_digits(scan, 2, false);
	scan_char(scan, '-');
	tm.tm_mday = scan_digits(scan, 2, false);
	scan_char(scan, ' ');
	tm.tm_hour = scan_digits(scan, 2, false);
	scan_char(scan, ':');
	tm.tm_min = scan_digits(scan, 2, false);
	scan_char(scan, ':');
	tm.tm_sec = scan_digits(scan, 2, false);
	if (*scan->pos == '.')
	{
		int			scale = 100000;

		scan->pos++;
		if (*scan->pos < '0' || *scan->pos > '9')
			sq_scan_error(scan, TIMESTAMP_FORM);
		while (*scan->pos >= '0' && *scan->pos <= '9')
		{
			if (scale == 0)
				sq_scan_error(scan, "at most 6 digits of fractional seconds");
			fsec += (*scan->pos - '0') * scale;
			scale /= 10;
			scan->pos++;
		}
	}
	if (strncmp(scan->pos, "+00", 3) != 0 || (scan->pos[3] >= '0' && scan->pos[3] <= '9') ||
		scan->pos[3] == ':')
		sq_scan_error(scan, "\"+00\" (timestamps are written in UTC)");
	scan->pos += 3;
	if (tm.tm_year < 1)
	{
		scan->pos = start;
		sq_scan_error(scan, "a year from 1 (years before 1 are written with \" BC\")");
	}
	if (strncmp(scan->pos, " BC", 3) == 0)
	{
		scan->pos += 3;
		tm.tm_year = 1 - tm.tm_year;	/* 1 BC is year 0 */
	}

	if (tm.tm_mon < 1 || tm.tm_mon > MONTHS_PER_YEAR || tm.tm_mday < 1 ||
		tm.tm_mday > day_tab[isleap(tm.tm_year)][tm.tm_mon - 1] ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59 ||
		tm2timestamp(&tm, fsec, &tz, &result) != 0 || !IS_VALID_TIMESTAMP(result))
	{
		scan->pos = start;
		sq_scan_error(scan, "a valid UTC timestamp within the range of timestamptz");
	}
	return result;
}

int
sq_timeline_scan_name(StateScanner *scan, char *buf)
{
	int			len = 0;

	sq_scan_skip_space(scan);
	if (*scan->pos != '"')
		sq_scan_error(scan, "a stage name in double quotes");
	scan->pos++;
	for (;;)
	{
		char		c = *scan->pos;

		if (c == '\0')
			sq_scan_error(scan, "a closing double quote");
		if (c == '"')
			break;
		if (c == '\\')
		{
			scan->pos++;
			c = *scan->pos;
			if (c != '"' && c != '\\')
				sq_scan_error(scan, "\\\" or \\\\ (the only escapes in a stage name)");
		}
		if (len == TIMELINE_MAX_STAGE_BYTES)
			sq_scan_error(scan, "a closing double quote (stage names are at most 255 bytes)");
		buf[len++] = c;
		scan->pos++;
	}
	scan->pos++;
	return len;
}

Datum
timeline_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	TimelineState *t = sq_timeline_state_new(0, 0);
	char		name[TIMELINE_MAX_STAGE_BYTES];
	bool		first = true;

	sq_scan_init(&scan, input, "timeline_state");
	sq_check_format_version("timeline_state", sq_scan_version(&scan), TIMELINE_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	while (!sq_scan_at_end(&scan))
	{
		TimestampTz at;
		int			len;

		if (!first)
			sq_scan_expect(&scan, ",");
		first = false;
		at = sq_timeline_scan_time(&scan);
		len = sq_timeline_scan_name(&scan, name);
		t = sq_timeline_add_event(t, name, len, at);
	}
	PG_RETURN_TIMELINE_STATE(sq_timeline_state_trim(t));
}

void
sq_timeline_append_time(StringInfo buf, TimestampTz at)
{
	struct pg_tm tm;
	fsec_t		fsec;
	char		encoded[MAXDATELEN + 1];

	if (timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "state is corrupt: " INT64_FORMAT " is not a valid timestamp", at);
	tm.tm_isdst = 0;			/* else EncodeDateTime leaves out the offset */
	EncodeDateTime(&tm, fsec, true, 0, NULL, USE_ISO_DATES, encoded);
	appendStringInfoString(buf, encoded);
}

void
sq_timeline_append_events(StringInfo buf, const TimelineState *t)
{
	const char *names = timeline_names(t);
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	uint16		offsets[TIMELINE_MAX_STAGES];

	sq_timeline_name_offsets(t, offsets);
	for (int e = 0; e < t->nevents; e++)
	{
		const char *entry = names + offsets[stages[e]];
		int			len = (uint8) entry[0];

		if (e > 0)
			appendStringInfoString(buf, ", ");
		sq_timeline_append_time(buf, ats[e]);
		appendStringInfoChar(buf, ' ');
		sq_append_quoted(buf, entry + 1, len);
	}
}

Datum
timeline_state_out(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", TIMELINE_STATE_VERSION);
	if (t->nevents > 0)
		appendStringInfoChar(&buf, ' ');
	sq_timeline_append_events(&buf, t);
	PG_RETURN_CSTRING(buf.data);
}

void
sq_timeline_send_names(StringInfo buf, const char *entries, int nstages)
{
	pq_sendbyte(buf, nstages);
	for (int i = 0; i < nstages; i++)
	{
		int			len = (uint8) entries[0];
		char	   *converted = pg_server_to_client(entries + 1, len);
		int			converted_len = converted == entries + 1 ? len : (int) strlen(converted);

		pq_sendint32(buf, converted_len);
		pq_sendbytes(buf, converted, converted_len);
		entries += 1 + len;
	}
}

/* Sent in canonical form, so equal states give equal bytes. */
void
sq_timeline_send(StringInfo buf, const TimelineState *state)
{
	TimelineState *t = sq_timeline_state_trim(state);
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);

	pq_sendbyte(buf, TIMELINE_STATE_VERSION);
	sq_timeline_send_names(buf, timeline_names(t), t->nstages);
	pq_sendint32(buf, t->nevents);
	for (int e = 0; e < t->nevents; e++)
	{
		pq_sendint64(buf, ats[e]);
		pq_sendbyte(buf, stages[e]);
	}
	pfree(t);
}

Datum
timeline_state_send(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	StringInfoData buf;

	pq_begintypsend(&buf);
	sq_timeline_send(&buf, sq_timeline_state_read(PG_GETARG_DATUM(0), &copy));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * The stage names of a binary timeline, as sent: each read and checked
 * against the bytes left, so truncated input is a 22P03 like any other
 * malformed state.
 */
int
sq_timeline_recv_names(StringInfo buf, const char *type_name, char **names, int *lens)
{
	int			nstages;

	sq_recv_require(buf, 1, type_name);
	nstages = pq_getmsgbyte(buf);
	if (nstages > TIMELINE_MAX_STAGES)
		sq_report_bad_binary(type_name,
							 psprintf("there are %d stages, more than the %d allowed",
									  nstages, TIMELINE_MAX_STAGES));
	for (int i = 0; i < nstages; i++)
	{
		names[i] = sq_recv_name(buf, type_name, TIMELINE_MAX_STAGE_BYTES, "a stage name", &lens[i]);
		for (int j = 0; j < i; j++)
			if (lens[j] == lens[i] && memcmp(names[j], names[i], lens[i]) == 0)
				sq_report_bad_binary(type_name, "a stage name is listed twice");
	}
	return nstages;
}

TimelineState *
sq_timeline_recv(StringInfo buf, const char *type_name)
{
	char	   *names[TIMELINE_MAX_STAGES];
	int			lens[TIMELINE_MAX_STAGES];
	bool		used[TIMELINE_MAX_STAGES] = {false};
	int			nstages;
	int			nevents;
	TimelineState *t = sq_timeline_state_new(0, 0);

	sq_recv_require(buf, 1, type_name);
	sq_check_format_version("timeline_state", pq_getmsgbyte(buf), TIMELINE_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	nstages = sq_timeline_recv_names(buf, type_name, names, lens);
	sq_recv_require(buf, 4, type_name);
	nevents = pq_getmsgint(buf, 4);
	if (nevents < 0 || nevents > TIMELINE_MAX_EVENTS)
		sq_report_bad_binary(type_name,
							 psprintf("the event count %d is not from 0 to %d",
									  nevents, TIMELINE_MAX_EVENTS));
	sq_recv_require(buf, nevents * (int) (sizeof(int64) + 1), type_name);
	for (int e = 0; e < nevents; e++)
	{
		TimestampTz at = pq_getmsgint64(buf);
		int			stage = pq_getmsgbyte(buf);

		if (!IS_VALID_TIMESTAMP(at))
			sq_report_bad_binary(type_name,
								 psprintf("an event time (" INT64_FORMAT " microseconds from 2000-01-01) is not a finite timestamp within the range of timestamptz",
										  (int64) at));
		if (stage >= nstages)
			sq_report_bad_binary(type_name, "an event refers to a stage that is not listed");
		used[stage] = true;
		t = sq_timeline_add_event(t, names[stage], lens[stage], at);
	}
	for (int i = 0; i < nstages; i++)
		if (!used[i])
			sq_report_bad_binary(type_name, psprintf("the stage \"%.*s\" has no event", lens[i], names[i]));
	return sq_timeline_state_trim(t);
}

Datum
timeline_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	TimelineState *t = sq_timeline_recv(buf, "timeline_state");

	sq_recv_end(buf, "timeline_state");
	PG_RETURN_TIMELINE_STATE(t);
}
