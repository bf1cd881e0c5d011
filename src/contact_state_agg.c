/*-------------------------------------------------------------------------
 *
 * contact_state_agg.c
 *	  contact_agg(customer, topic, at, within [, calendar] [, label,
 *	  resolved]) and contact_agg(contact_state): transition and combine
 *	  functions, the + operator, and the windows they measure.
 *
 * One C function per customer type takes every argument list: after the
 * four shared arguments, a calendar (6 arguments with the state), a label
 * and resolved flag (7), or all three (8).  Inside an aggregate the state
 * is a read-write expanded object in a child context of the aggregate
 * context, kept from row to row and flattened by the executor when the
 * result leaves the aggregate.  Called directly, the functions take and
 * return flat states and never modify an argument.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "access/detoast.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "business_calendar.h"
#include "contact_state.h"

PG_FUNCTION_INFO_V1(contact_state_accum_int8);
PG_FUNCTION_INFO_V1(contact_state_accum_text);
PG_FUNCTION_INFO_V1(contact_state_combine);
PG_FUNCTION_INFO_V1(contact_state_plus);

extern Datum business_calendar_out(PG_FUNCTION_ARGS);

/* The calendar of the rows so far, kept in fn_extra. */
typedef struct RowCalendar
{
	BusinessCalendarCache *cache;
	char	   *bytes;			/* the calendar value last seen, or NULL */
	int			len;
	BusinessCalendarPrepared *prepared;
	uint64		fingerprint;
} RowCalendar;

static char *
interval_text(const Interval *span)
{
	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(span)));
}

/*
 * The window in microseconds.  Calendar time: a day is 24 hours, as
 * at2 - at1 <= interval '7 days' compares; months are refused, having no
 * fixed length.  Working time: hours, minutes and seconds only, as
 * business_deadline() takes them.
 */
static int64
window_of(const Interval *span, bool business)
{
	int128		us = (int128) span->day * USECS_PER_DAY + span->time;

#ifdef INTERVAL_NOT_FINITE
	if (INTERVAL_NOT_FINITE(span))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s is not finite", interval_text(span))));
#endif
	if (business && (span->month != 0 || span->day != 0 || span->time < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s of working time is invalid", interval_text(span)),
				 errdetail("A window of working time is zero or positive and given in hours, minutes and seconds, without days or months."),
				 errhint("A working day has no fixed length: write '16 hours' rather than '2 days'.")));
	if (span->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s has months", interval_text(span)),
				 errdetail("A month has no fixed length: give the window in days, as '30 days'.")));
	if (us < 0 || us > PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s is %s", interval_text(span), us < 0 ? "negative" : "out of range"),
				 us < 0 ?
				 errdetail("The window is how long after a contact a return on the same topic counts as a repeat: 0 or more.") :
				 errdetail("A window is at most 106751991 days 04:00:54.775807, the range of a 64-bit count of microseconds.")));
	return (int64) us;
}

/*
 * X(s) in working time: the earliest instant t with working time from t
 * to s at most window (the calendar's window start).  With no more
 * working time than the window since the first timestamp, the window
 * reaches back to it.
 */
static TimestampTz
business_window_start(BusinessCalendarPrepared *cal, TimestampTz s, int64 window)
{
	TimestampTz start;

	if (!sq_business_calendar_window_start(cal, s, window, &start))
		return MIN_TIMESTAMP;
	return start;
}

/*
 * The prepared calendar of this row and its fingerprint: a hash of its
 * canonical text form, which states keep so that only states of the same
 * calendar merge.  The calendar is usually the same on every row: its
 * bytes are compared with the last one's, and only a new one is prepared
 * and hashed.
 */
static BusinessCalendarPrepared *
row_calendar(FunctionCallInfo fcinfo, int argno, uint64 *fingerprint)
{
	RowCalendar *rc = fcinfo->flinfo->fn_extra;
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	int			len = VARSIZE_ANY_EXHDR(value);

	if (rc == NULL)
	{
		rc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RowCalendar));
		rc->cache = sq_business_calendar_cache_create(fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = rc;
	}
	if (rc->bytes == NULL || rc->len != len || memcmp(rc->bytes, VARDATA_ANY(value), len) != 0)
	{
		char	   *text = DatumGetCString(DirectFunctionCall1(business_calendar_out,
															   PG_GETARG_DATUM(argno)));
		uint64		h = hash_bytes_extended((const unsigned char *) text, (int) strlen(text), 0);

		if (rc->bytes)
			pfree(rc->bytes);
		rc->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, Max(len, 1));
		memcpy(rc->bytes, VARDATA_ANY(value), len);
		rc->len = len;
		rc->prepared = sq_business_calendar_cache_get(rc->cache, PG_GETARG_DATUM(argno));
		rc->fingerprint = h == 0 ? 1 : h;	/* 0 marks calendar time */
	}
	*fingerprint = rc->fingerprint;
	return rc->prepared;
}

/*
 * The working state to update in place for state argument 0 of an
 * aggregate call: the state itself once it is a working state, else a new
 * one (holding the episodes of a flat or held state, when there is one).  The
 * states of all groups share one memory context, so every caller returns
 * this state, updated.
 */
static ContactWork *
aggregate_work(FunctionCallInfo fcinfo, MemoryContext aggcontext)
{
	ContactWork *w;

	if (!PG_ARGISNULL(0) && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))) &&
		(w = sq_contact_work_of(PG_GETARG_DATUM(0))) != NULL)
		return w;
	w = sq_contact_work_new_in(sq_aggregate_arena(aggcontext));
	if (!PG_ARGISNULL(0))
		sq_contact_work_merge(w, PG_GETARG_DATUM(0));
	return w;
}

static void
check_row_window(ContactWork *w, int64 window, uint64 calendar)
{
	Interval	a = {.time = w->window};
	Interval	b = {.time = window};

	if (w->window != window)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window %s differs from the window %s of the contacts before",
						interval_text(&b), interval_text(&a)),
				 errdetail("A contact_state counts repeats within one window: give the same window on every row.")));
	if (w->calendar != calendar)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("business calendar differs from the calendar of the contacts before"),
				 errdetail("A contact_state measures its window in one calendar: give the same calendar on every row.")));
}

/* What a row says, its optional arguments decoded. */
typedef struct ContactRow
{
	TimestampTz at;
	TimestampTz start;
	int64		window;
	uint64		calendar;
	text	   *topic;
	text	   *label;
	uint8		resolved;
} ContactRow;

static void
read_row(FunctionCallInfo fcinfo, ContactRow *row)
{
	int			nargs = PG_NARGS();
	bool		business = nargs == 6 || nargs == 8;
	int			label_arg = business ? 6 : 5;

	row->at = PG_GETARG_TIMESTAMPTZ(3);
	if (TIMESTAMP_NOT_FINITE(row->at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("contact time %s is not finite", TIMESTAMP_IS_NOBEGIN(row->at) ? "-infinity" : "infinity"),
				 errdetail("Contacts need a finite timestamp; skip unknown times with NULL.")));
	if (PG_ARGISNULL(4) || (business && PG_ARGISNULL(5)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the %s of contact_agg must not be NULL", PG_ARGISNULL(4) ? "window" : "calendar")));
	row->window = window_of(PG_GETARG_INTERVAL_P(4), business);
	row->calendar = 0;
	if (business)
	{
		BusinessCalendarPrepared *cal = row_calendar(fcinfo, 5, &row->calendar);

		row->start = business_window_start(cal, row->at, row->window);
	}
	else
		row->start = contact_calendar_start(row->at, row->window);
	row->topic = PG_ARGISNULL(2) ? NULL : PG_GETARG_TEXT_PP(2);
	row->label = NULL;
	row->resolved = CONTACT_RESOLVED_UNKNOWN;
	if (nargs >= 7)
	{
		row->label = PG_ARGISNULL(label_arg) ? NULL : PG_GETARG_TEXT_PP(label_arg);
		if (!PG_ARGISNULL(label_arg + 1))
			row->resolved = PG_GETARG_BOOL(label_arg + 1) ? CONTACT_RESOLVED_YES : CONTACT_RESOLVED_NO;
	}
}

/*
 * Rows with a NULL customer or time are skipped: they cannot be a repeat
 * of anything.  A NULL topic is a topic of its own (as GROUP BY and
 * PARTITION BY have it), a NULL label no label.
 */
static Datum
accumulate(FunctionCallInfo fcinfo, bool text_customer)
{
	MemoryContext aggcontext;
	bool		in_aggregate;
	ContactWork *w;
	ContactRow	row;
	uint8		flags;
	text	   *customer_text = NULL;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return sq_keep_state(fcinfo);
	read_row(fcinfo, &row);
	flags = (text_customer ? CONTACT_TEXT_CUSTOMERS : 0) |
		(row.calendar != 0 ? CONTACT_BUSINESS_TIME : 0);
	if (text_customer)
		customer_text = PG_GETARG_TEXT_PP(1);

	in_aggregate = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	if (in_aggregate)
		w = aggregate_work(fcinfo, aggcontext);
	else
		w = PG_ARGISNULL(0) ? sq_contact_work_new(CurrentMemoryContext) :
			sq_contact_work_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);
	if (w->configured && w->flags == flags)
		check_row_window(w, row.window, row.calendar);
	sq_contact_work_configure(w, flags, row.window, row.calendar);
	sq_contact_work_add(w, text_customer ? 0 : PG_GETARG_INT64(1),
						customer_text ? VARDATA_ANY(customer_text) : NULL,
						customer_text ? VARSIZE_ANY_EXHDR(customer_text) : 0,
						row.topic ? VARDATA_ANY(row.topic) : NULL,
						row.topic ? VARSIZE_ANY_EXHDR(row.topic) : 0,
						row.at, row.start,
						row.label ? VARDATA_ANY(row.label) : NULL,
						row.label ? VARSIZE_ANY_EXHDR(row.label) : 0,
						row.resolved);
	if (!in_aggregate)
		PG_RETURN_POINTER(sq_contact_work_flatten_and_free(w));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

Datum
contact_state_accum_int8(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, false);
}

Datum
contact_state_accum_text(PG_FUNCTION_ARGS)
{
	return accumulate(fcinfo, true);
}

/*
 * How many times larger than the state merged into it a flat (or held)
 * state may be and still be merged flat (contact_state_merge.c), which
 * rewrites it whole, rather than read into a working state once, which
 * then takes each state merged into it key by key.
 */
#define FLAT_MERGE_MAX_RATIO 4

/*
 * Two flat states that make this many bytes together merge into a holder
 * (contact_state_held.c), which the executor keeps as it is, rather than
 * into a new flat state, which it copies.  A holder is a memory context,
 * and hash aggregation walks all of them after each new group (see
 * sq_aggregate_arena): small states, which many groups can have, are
 * copied, which costs them little; of states this large, at most
 * hash_mem / 1 MB fit in memory.
 */
#define HOLD_MIN_BYTES (1024 * 1024)

typedef enum MergeWay
{
	MERGE_INTO_WORKING,			/* into a working state (a table of keys) */
	MERGE_FLAT,					/* into a new flat state */
	MERGE_FLAT_HELD				/* into a new flat state, held */
} MergeWay;

/*
 * How an aggregate merges state argument 1 into argument 0.  The few
 * partial states of a parallel plan, of comparable sizes, merge flat, so
 * that the leader merges them in order instead of inserting every key of
 * every worker into a table.  (The leader's own partial state comes as a
 * working state, to be written flat as the workers' were.)  Large ones
 * are held, and a held state stays held while states of comparable size
 * follow.  A merge aggregate over many small states (days of a rollup)
 * merges its first few flat, then into a working state, which it keeps.
 */
static MergeWay
merge_way(FunctionCallInfo fcinfo)
{
	Datum		state = PG_GETARG_DATUM(0);
	Size		state_size;
	Size		other_size;

	if (sq_contact_work_of(state) != NULL)
		return MERGE_INTO_WORKING;
	state_size = toast_raw_datum_size(state);
	other_size = toast_raw_datum_size(PG_GETARG_DATUM(1));
	if (state_size > FLAT_MERGE_MAX_RATIO * other_size)
		return MERGE_INTO_WORKING;
	if (sq_contact_held_state(state) != NULL || state_size + other_size >= HOLD_MIN_BYTES)
		return MERGE_FLAT_HELD;
	return MERGE_FLAT;
}

/*
 * Combine function of every contact_agg, and transition function of the
 * merge aggregate.  Not strict: the first state is taken as it comes (the
 * executor copies it into the aggregate's context), not copied first.
 */
Datum
contact_state_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	ContactWork *w;

	if (PG_ARGISNULL(1))
		return sq_keep_state(fcinfo);
	if (!AggCheckCallContext(fcinfo, &aggcontext))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(DatumGetContactStateFlatCopy(PG_GETARG_DATUM(1)));
		return contact_state_plus(fcinfo);
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(DatumGetContactStateFlat(PG_GETARG_DATUM(1)));
	switch (merge_way(fcinfo))
	{
		case MERGE_FLAT:
			return contact_state_plus(fcinfo);
		case MERGE_FLAT_HELD:
			PG_RETURN_DATUM(sq_contact_hold_merge(PG_GETARG_DATUM(0),
												  PG_GETARG_CONTACT_STATE(1), aggcontext));
		case MERGE_INTO_WORKING:
			break;
	}
	w = aggregate_work(fcinfo, aggcontext);
	sq_contact_work_merge(w, PG_GETARG_DATUM(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&w->hdr));
}

/* The + operator: the contacts of both states, repeats across them found. */
Datum
contact_state_plus(PG_FUNCTION_ARGS)
{
	const ContactState *a = PG_GETARG_CONTACT_STATE(0);
	const ContactState *b = PG_GETARG_CONTACT_STATE(1);

	PG_RETURN_POINTER(sq_contact_state_merge(a, b, CurrentMemoryContext));
}
