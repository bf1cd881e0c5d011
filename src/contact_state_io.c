/*-------------------------------------------------------------------------
 *
 * contact_state_io.c
 *	  Text and binary forms of contact_state (docs/formats.md#contact_state).
 *
 * Text form, version 1: the header, then one parenthesized entry per
 * episode, in order of topic (NULL last), customer and start:
 *
 *	 v1 within=259200000000 customers=bigint
 *		("billing" 17 2 2026-03-01 10:00:00+00 2026-03-02 10:00:00+00)
 *		("billing" 18 1 2026-03-05 09:00:00+00 2026-03-05 09:00:00+00 by "chat" resolved=yes)
 *
 * (on one line): topic (or null), customer, contacts, first and last
 * contact in UTC, then in business time "from" and the start of the
 * episode's interval, the label ("by") and resolved flag of the first
 * contact when they are known.  A state in business time has
 * "calendar=<fingerprint>" after the window and "latest_start=<time>"
 * after the customers.
 *
 * Binary form: version byte, flags byte, int64 window, calendar
 * fingerprint and latest_start; topics, labels and text customers as an
 * int32 count and names (sq_send_name); an int32 key count, per key an
 * int64 customer (id or index), an int32 topic index (the topic count for
 * NULL) and an int32 episode count, then per episode int64 start, first,
 * last and count, an int32 label (0 none, else index + 1) and a resolved
 * byte.  Both inputs accept keys and episodes in any order and build the
 * canonical state (names may change order in another client encoding).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "miscadmin.h"

#include "contact_state.h"
#include "svcquality_text.h"
#include "timeline_state_io.h"

PG_FUNCTION_INFO_V1(contact_state_in);
PG_FUNCTION_INFO_V1(contact_state_out);
PG_FUNCTION_INFO_V1(contact_state_recv);
PG_FUNCTION_INFO_V1(contact_state_send);

#define TYPE_NAME "contact_state"

static uint64
scan_fingerprint(StateScanner *scan)
{
	uint64		value = 0;
	int			digits = 0;

	sq_scan_skip_space(scan);
	for (;; digits++, scan->pos++)
	{
		char		c = *scan->pos;
		int			v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			break;
		if (digits == 16)
			sq_scan_error(scan, "at most 16 hexadecimal digits");
		value = value << 4 | (uint64) v;
	}
	if (digits == 0)
		sq_scan_error(scan, "a calendar fingerprint in lowercase hexadecimal digits");
	return value;
}

/* One "(topic customer count first last [from start] [by label] [resolved=...])". */
static void
scan_episode(StateScanner *scan, ContactWork *w)
{
	char		topic[CONTACT_MAX_NAME_BYTES];
	char		customer_name[CONTACT_MAX_NAME_BYTES];
	char		label[CONTACT_MAX_NAME_BYTES];
	int			topic_len = -1;
	int			customer_len = 0;
	int			label_len = -1;
	int64		customer = 0;
	int64		count;
	ContactEpisode e = {0};
	const char *problem;

	sq_scan_expect(scan, "(");
	if (!sq_scan_try(scan, "null"))
		topic_len = sq_scan_quoted(scan, topic, CONTACT_MAX_NAME_BYTES, "a topic name");
	if (w->flags & CONTACT_TEXT_CUSTOMERS)
		customer_len = sq_scan_quoted(scan, customer_name, CONTACT_MAX_NAME_BYTES, "a customer id");
	else
		customer = sq_scan_int64(scan);
	count = sq_scan_int64(scan);
	if (count < 1 || count > PG_UINT32_MAX)
		sq_scan_reject(scan, "an episode's count of contacts is not from 1 to 4294967295");
	e.count = (uint32) count;
	e.first = sq_timeline_scan_time(scan);
	e.last = sq_timeline_scan_time(scan);
	if (w->flags & CONTACT_BUSINESS_TIME)
	{
		sq_scan_expect(scan, "from");
		e.start = sq_timeline_scan_time(scan);
	}
	else
		e.start = contact_calendar_start(e.first, w->window);
	if (sq_scan_try(scan, "by"))
		label_len = sq_scan_quoted(scan, label, CONTACT_MAX_NAME_BYTES, "a label");
	if (sq_scan_try(scan, "resolved="))
	{
		if (sq_scan_try(scan, "yes"))
			e.resolved = CONTACT_RESOLVED_YES;
		else if (sq_scan_try(scan, "no"))
			e.resolved = CONTACT_RESOLVED_NO;
		else
			sq_scan_error(scan, "\"yes\" or \"no\"");
	}
	sq_scan_expect(scan, ")");
	problem = sq_contact_work_add_episode(w, customer, customer_name, customer_len,
										  topic_len < 0 ? NULL : topic, Max(topic_len, 0),
										  label_len < 0 ? NULL : label, Max(label_len, 0), &e);
	if (problem)
		sq_scan_reject(scan, problem);
}

Datum
contact_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	uint8		flags = 0;
	int64		window;
	uint64		calendar = 0;
	bool		has_latest_start = false;
	int64		latest_start = 0;
	ContactWork *w;
	ContactState *result;
	const char *problem;

	sq_scan_init(&scan, input, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, sq_scan_version(&scan), CONTACT_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	sq_scan_expect(&scan, "within=");
	window = sq_scan_int64(&scan);
	if (window < 0)
		sq_scan_reject(&scan, "the window is negative");
	if (sq_scan_try(&scan, "calendar="))
	{
		flags |= CONTACT_BUSINESS_TIME;
		calendar = scan_fingerprint(&scan);
		if (calendar == 0)
			sq_scan_reject(&scan, "the calendar fingerprint is 0");
	}
	sq_scan_expect(&scan, "customers=");
	if (sq_scan_try(&scan, "text"))
		flags |= CONTACT_TEXT_CUSTOMERS;
	else
		sq_scan_expect(&scan, "bigint");
	if ((flags & CONTACT_BUSINESS_TIME) && sq_scan_try(&scan, "latest_start="))
	{
		has_latest_start = true;
		latest_start = sq_timeline_scan_time(&scan);
	}
	w = sq_contact_work_new(CurrentMemoryContext);
	sq_contact_work_configure(w, flags, window, calendar);
	while (!sq_scan_at_end(&scan))
	{
		CHECK_FOR_INTERRUPTS();
		scan_episode(&scan, w);
	}
	result = sq_contact_work_input_result(w, has_latest_start, latest_start, &problem);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(result);
}

static void
append_customer(StringInfo buf, const ContactState *s, int64 customer)
{
	if (s->flags & CONTACT_TEXT_CUSTOMERS)
	{
		uint32		len;
		const char *name = contact_text_customer(s, customer, &len);

		sq_append_quoted(buf, name, len);
	}
	else
		appendStringInfo(buf, INT64_FORMAT, customer);
}

static void
append_episode(StringInfo buf, const ContactState *s, const ContactKey *key,
			   const ContactEpisode *e)
{
	uint32		len;
	const char *name;

	appendStringInfoString(buf, " (");
	if (key->topic == s->ntopics)
		appendStringInfoString(buf, "null");
	else
	{
		name = contact_topic(s, key->topic, &len);
		sq_append_quoted(buf, name, len);
	}
	appendStringInfoChar(buf, ' ');
	append_customer(buf, s, key->customer);
	appendStringInfo(buf, " %u ", e->count);
	sq_timeline_append_time(buf, e->first);
	appendStringInfoChar(buf, ' ');
	sq_timeline_append_time(buf, e->last);
	if (s->flags & CONTACT_BUSINESS_TIME)
	{
		appendStringInfoString(buf, " from ");
		sq_timeline_append_time(buf, e->start);
	}
	if (e->label != 0)
	{
		appendStringInfoString(buf, " by ");
		name = contact_label(s, e->label, &len);
		sq_append_quoted(buf, name, len);
	}
	if (e->resolved != CONTACT_RESOLVED_UNKNOWN)
		appendStringInfoString(buf, e->resolved == CONTACT_RESOLVED_YES ? " resolved=yes" : " resolved=no");
	appendStringInfoChar(buf, ')');
}

Datum
contact_state_out(PG_FUNCTION_ARGS)
{
	const ContactState *s = PG_GETARG_CONTACT_STATE(0);
	const ContactKey *keys = contact_keys(s);
	const ContactEpisode *e = contact_episodes(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d within=" INT64_FORMAT, CONTACT_STATE_VERSION, s->window);
	if (s->flags & CONTACT_BUSINESS_TIME)
		appendStringInfo(&buf, " calendar=%016llx", (unsigned long long) s->calendar);
	appendStringInfoString(&buf, s->flags & CONTACT_TEXT_CUSTOMERS ? " customers=text" :
						   " customers=bigint");
	if ((s->flags & CONTACT_BUSINESS_TIME) && s->nepisodes > 0)
	{
		appendStringInfoString(&buf, " latest_start=");
		sq_timeline_append_time(&buf, s->latest_start);
	}
	for (uint32 k = 0; k < s->nkeys; k++)
	{
		CHECK_FOR_INTERRUPTS();
		for (uint32 j = 0; j < keys[k].nepisodes; j++)
			append_episode(&buf, s, &keys[k], e++);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
contact_state_send(PG_FUNCTION_ARGS)
{
	const ContactState *s = PG_GETARG_CONTACT_STATE(0);
	const ContactKey *keys = contact_keys(s);
	const ContactEpisode *e = contact_episodes(s);
	uint32		lists[3] = {s->ntopics, s->nlabels, s->ncustomers};
	uint32		name = 0;
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CONTACT_STATE_VERSION);
	pq_sendbyte(&buf, s->flags);
	pq_sendint64(&buf, s->window);
	pq_sendint64(&buf, (int64) s->calendar);
	pq_sendint64(&buf, s->latest_start);
	for (int l = 0; l < 3; l++)
	{
		pq_sendint32(&buf, lists[l]);
		for (uint32 i = 0; i < lists[l]; i++, name++)
		{
			uint32		len;
			const char *bytes = contact_name(s, name, &len);

			sq_send_name(&buf, bytes, len);
		}
	}
	pq_sendint32(&buf, s->nkeys);
	for (uint32 k = 0; k < s->nkeys; k++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, keys[k].customer);
		pq_sendint32(&buf, keys[k].topic);
		pq_sendint32(&buf, keys[k].nepisodes);
		for (uint32 j = 0; j < keys[k].nepisodes; j++, e++)
		{
			pq_sendint64(&buf, e->start);
			pq_sendint64(&buf, e->first);
			pq_sendint64(&buf, e->last);
			pq_sendint64(&buf, e->count);
			pq_sendint32(&buf, e->label);
			pq_sendbyte(&buf, e->resolved);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A list of names as sent: an int32 count (at most max) and the names. */
typedef struct NameList
{
	SqNames		names;			/* index i: the name listed i-th */
	bool	   *used;
} NameList;

static void
recv_names(StringInfo buf, NameList *list, int64 max, const char *what)
{
	int			n;

	sq_recv_require(buf, 4, TYPE_NAME);
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > max)
		sq_report_bad_binary(TYPE_NAME, psprintf("the number of %s, %d, is not from 0 to " INT64_FORMAT,
												 what, n, max));
	/* a name takes at least its length: no memory for names the value lacks */
	sq_recv_require(buf, (int64) n * 4, TYPE_NAME);
	sq_names_init(&list->names, CurrentMemoryContext);
	list->used = palloc0(Max(n, 1) * sizeof(bool));
	for (int i = 0; i < n; i++)
	{
		int			len;
		char	   *name = sq_recv_name(buf, TYPE_NAME, CONTACT_MAX_NAME_BYTES, "a name", &len);

		if (sq_names_intern(&list->names, name, len) != (uint32) i)
			sq_report_bad_binary(TYPE_NAME, psprintf("the list of %s has a name twice", what));
		pfree(name);
	}
}

/* The name at index i of the list, marked used. */
static const char *
listed_name(NameList *list, int64 i, uint32 *len, const char *what)
{
	if (i < 0 || i >= list->names.n)
		sq_report_bad_binary(TYPE_NAME, psprintf("an episode refers to %s that is not listed", what));
	list->used[i] = true;
	return sq_names_get(&list->names, (uint32) i, len);
}

static void
recv_episodes(StringInfo buf, ContactWork *w, NameList *lists)
{
	int			nkeys;

	sq_recv_require(buf, 4, TYPE_NAME);
	nkeys = pq_getmsgint(buf, 4);
	if (nkeys < 0)
		sq_report_bad_binary(TYPE_NAME, "the number of keys is negative");
	for (int k = 0; k < nkeys; k++)
	{
		int64		customer;
		int			topic;
		int			n;
		uint32		topic_len = 0;
		uint32		customer_len = 0;
		const char *topic_name = NULL;
		const char *customer_name = NULL;

		CHECK_FOR_INTERRUPTS();

		sq_recv_require(buf, 16, TYPE_NAME);
		customer = pq_getmsgint64(buf);
		topic = pq_getmsgint(buf, 4);
		n = pq_getmsgint(buf, 4);
		if (n < 1)
			sq_report_bad_binary(TYPE_NAME, "a key has no episodes");
		/* the index after the topics' marks the NULL topic */
		if (topic != (int64) lists[0].names.n)
			topic_name = listed_name(&lists[0], topic, &topic_len, "a topic");
		if (w->flags & CONTACT_TEXT_CUSTOMERS)
			customer_name = listed_name(&lists[2], customer, &customer_len, "a customer");
		sq_recv_require(buf, (int64) n * 37, TYPE_NAME);
		for (int j = 0; j < n; j++)
		{
			ContactEpisode e = {0};
			int64		count;
			int			label;
			uint32		label_len = 0;
			const char *label_name = NULL;
			const char *problem;

			e.start = pq_getmsgint64(buf);
			e.first = pq_getmsgint64(buf);
			e.last = pq_getmsgint64(buf);
			count = pq_getmsgint64(buf);
			label = pq_getmsgint(buf, 4);
			e.resolved = pq_getmsgbyte(buf);
			if (count < 1 || count > PG_UINT32_MAX)
				sq_report_bad_binary(TYPE_NAME, "an episode's count of contacts is not from 1 to 4294967295");
			e.count = (uint32) count;
			if (label != 0)
				label_name = listed_name(&lists[1], (int64) label - 1, &label_len, "a label");
			problem = sq_contact_work_add_episode(w, customer, customer_name, customer_len,
												  topic_name, topic_len, label_name, label_len, &e);
			if (problem)
				sq_report_bad_binary(TYPE_NAME, problem);
		}
	}
}

Datum
contact_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint8		flags;
	int64		window;
	uint64		calendar;
	int64		latest_start;
	NameList	lists[3];
	ContactWork *w;
	ContactState *result;
	const char *problem;

	sq_recv_require(buf, 1, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, pq_getmsgbyte(buf), CONTACT_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 25, TYPE_NAME);
	flags = pq_getmsgbyte(buf);
	window = pq_getmsgint64(buf);
	calendar = (uint64) pq_getmsgint64(buf);
	latest_start = pq_getmsgint64(buf);
	if ((flags & ~CONTACT_FLAGS) != 0)
		sq_report_bad_binary(TYPE_NAME, "the flags byte has unknown bits");
	if (window < 0)
		sq_report_bad_binary(TYPE_NAME, "the window is negative");
	if (((flags & CONTACT_BUSINESS_TIME) != 0) != (calendar != 0))
		sq_report_bad_binary(TYPE_NAME, "the calendar fingerprint is 0 in business time or set in calendar time");
	recv_names(buf, &lists[0], CONTACT_MAX_TOPICS, "topics");
	recv_names(buf, &lists[1], CONTACT_MAX_TOPICS, "labels");
	recv_names(buf, &lists[2], (flags & CONTACT_TEXT_CUSTOMERS) ? CONTACT_MAX_EPISODES : 0,
			   "text customers");
	w = sq_contact_work_new(CurrentMemoryContext);
	sq_contact_work_configure(w, flags, window, calendar);
	recv_episodes(buf, w, lists);
	sq_recv_end(buf, TYPE_NAME);
	for (int l = 0; l < 3; l++)
		for (uint32 i = 0; i < lists[l].names.n; i++)
			if (!lists[l].used[i])
				sq_report_bad_binary(TYPE_NAME, "a listed name has no episode");
	result = sq_contact_work_input_result(w, (flags & CONTACT_BUSINESS_TIME) && w->nepisodes > 0,
										  latest_start, &problem);
	if (problem)
		sq_report_bad_binary(TYPE_NAME, problem);
	if (result->latest_start != latest_start)
		sq_report_bad_binary(TYPE_NAME, "latest_start is not the latest contact minus the window");
	PG_RETURN_POINTER(result);
}
