/*-------------------------------------------------------------------------
 *
 * funnel_state_io.c
 *	  Text and binary forms of funnel_state.
 *
 * Text form, version 1, on one line (docs/formats.md has the grammar):
 *
 *	 v1 cases=3 stages=seen clock=calendar
 *	 stage "new" reached=3 positions=0 starts=3 ends=0 time=(<duration_state>)
 *	 ...
 *	 transition 1>2 count=2 cases=2 ...
 *	 sequence 1>2>3 cases=2 sequence - cases=1 ...
 *
 * Stages in the state's order (a given list's, else by name); stage numbers
 * count from 1 in that order; the time in each stage is the text form of a
 * duration_state in parentheses; transitions in (from, to) order; sequences
 * in key order, "-" for a case without a counted stage, a "+" after the
 * last stage of a truncated one.
 *
 * Binary form: the version byte, the flags byte, the stage names as
 * timeline_state sends them (a count byte, then per name an int32 length
 * and the bytes), the cases (int8); per stage reached, positions, starts,
 * ends (int8 each) and its duration_state's binary form preceded by its
 * length (int4); the transitions (int4 count, then per transition from and
 * to bytes, 0-based, count and cases int8); the sequences (int4 count, then
 * per sequence a length byte, a truncated byte, the stage bytes and the
 * count int8).
 *
 * Both inputs put what they read in the canonical order first
 * (sq_funnel_canonicalize): the stages seen of a state written in another
 * encoding may come in another byte order, and the stage numbers of its
 * transitions and sequences with them.  Then they enforce
 * sq_funnel_problem().
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"

#include "funnel_state.h"
#include "svcquality_text.h"
#include "timeline_state_io.h"

PG_FUNCTION_INFO_V1(funnel_state_in);
PG_FUNCTION_INFO_V1(funnel_state_out);
PG_FUNCTION_INFO_V1(funnel_state_recv);
PG_FUNCTION_INFO_V1(funnel_state_send);

#define TYPE_NAME "funnel_state"

/* ---- text --------------------------------------------------------------- */

/* A stage number from 1 to nstages, as a 0-based index. */
static uint8
scan_stage_number(StateScanner *scan, int nstages)
{
	const char *start;
	int64		number;

	sq_scan_skip_space(scan);
	start = scan->pos;
	number = sq_scan_int64(scan);
	if (number < 1 || number > nstages)
	{
		scan->pos = start;
		sq_scan_error(scan, psprintf("a stage number from 1 to %d", nstages));
	}
	return (uint8) (number - 1);
}

/*
 * A stage's time is read by duration_state's own input, whose errors speak
 * of a duration_state and its own positions: the context line says which
 * stage of the funnel, and where its time starts in the funnel's text
 * (0 in binary input).
 */
typedef struct StageTimeContext
{
	const char *name;
	int			len;
	int			position;
} StageTimeContext;

static void
stage_time_context(void *arg)
{
	StageTimeContext *c = (StageTimeContext *) arg;

	if (c->position > 0)
		errcontext("the time of funnel_state stage \"%.*s\", at character %d",
				   c->len, c->name, c->position);
	else
		errcontext("the time of funnel_state stage \"%.*s\"", c->len, c->name);
}

/* Reads one stage's time by its type's input function, in the stage's context. */
static const DurationState *
read_stage_time(PGFunction input, Datum arg, const char *name, int len, int position)
{
	StageTimeContext context = {name, len, position};
	ErrorContextCallback callback = {error_context_stack, stage_time_context, &context};
	const DurationState *time;

	error_context_stack = &callback;
	time = (const DurationState *) DatumGetPointer(DirectFunctionCall1(input, arg));
	error_context_stack = callback.previous;
	return time;
}

/* time=(<duration_state text>), read by duration_state_in */
static const DurationState *
scan_time(StateScanner *scan, const char *name, int len)
{
	const char *open;
	const char *close;

	sq_scan_expect(scan, "time=(");
	open = scan->pos;
	close = strchr(open, ')');
	if (close == NULL)
		sq_scan_error(scan, "a duration_state and a closing parenthesis");
	scan->pos = close + 1;
	return read_stage_time(duration_state_in, CStringGetDatum(pnstrdup(open, close - open)),
						   name, len, (int) (open - scan->input) + 1);
}

static void
scan_header(StateScanner *scan, FunnelParts *p)
{
	sq_check_format_version(TYPE_NAME, sq_scan_version(scan), FUNNEL_STATE_VERSION,
							ERRCODE_INVALID_TEXT_REPRESENTATION);
	sq_scan_expect(scan, "cases=");
	p->cases = sq_scan_int64(scan);
	sq_scan_expect(scan, "stages=");
	p->flags = 0;
	if (!sq_scan_try(scan, "seen"))
	{
		sq_scan_expect(scan, "given");
		p->flags |= FUNNEL_GIVEN_STAGES;
	}
	sq_scan_expect(scan, "clock=");
	if (!sq_scan_try(scan, "calendar"))
	{
		sq_scan_expect(scan, "business");
		p->flags |= FUNNEL_BUSINESS_TIME;
	}
}

/*
 * The keyword of the next item and the whitespace after it, so that an
 * error about the item points at its first field.
 */
static bool
scan_item(StateScanner *scan, const char *keyword)
{
	if (!sq_scan_try(scan, keyword))
		return false;
	sq_scan_skip_space(scan);
	return true;
}

static void
scan_stages(StateScanner *scan, FunnelParts *p)
{
	for (p->nstages = 0; scan_item(scan, "stage"); p->nstages++)
	{
		FunnelStage *st = &p->stage[p->nstages];
		char	   *name = palloc(TIMELINE_MAX_STAGE_BYTES);

		if (p->nstages == FUNNEL_MAX_STAGES)
			sq_scan_error(scan, "at most 64 stages");
		p->lens[p->nstages] = (uint8) sq_timeline_scan_name(scan, name);
		p->names[p->nstages] = name;
		sq_scan_expect(scan, "reached=");
		st->reached = sq_scan_int64(scan);
		sq_scan_expect(scan, "positions=");
		st->positions = sq_scan_int64(scan);
		sq_scan_expect(scan, "starts=");
		st->starts = sq_scan_int64(scan);
		sq_scan_expect(scan, "ends=");
		st->ends = sq_scan_int64(scan);
		p->time[p->nstages] = scan_time(scan, name, p->lens[p->nstages]);
	}
}

static void
scan_transitions(StateScanner *scan, FunnelParts *p)
{
	FunnelTransition *out = palloc0(Max(p->nstages * p->nstages, 1) * sizeof(FunnelTransition));

	for (p->ntransitions = 0; scan_item(scan, "transition"); p->ntransitions++)
	{
		FunnelTransition *tr = &out[p->ntransitions];

		if (p->ntransitions == Max(p->nstages * (p->nstages - 1), 0))
			sq_scan_error(scan, "no more transitions than pairs of stages");
		tr->from = scan_stage_number(scan, p->nstages);
		sq_scan_expect(scan, ">");
		tr->to = scan_stage_number(scan, p->nstages);
		sq_scan_expect(scan, "count=");
		tr->count = sq_scan_int64(scan);
		sq_scan_expect(scan, "cases=");
		tr->cases = sq_scan_int64(scan);
	}
	p->transitions = out;
}

static void
scan_sequences(StateScanner *scan, FunnelParts *p)
{
	FunnelSequence *out = palloc0(FUNNEL_SEQUENCES * sizeof(FunnelSequence));

	for (p->nsequences = 0; scan_item(scan, "sequence"); p->nsequences++)
	{
		FunnelSequence *seq = &out[p->nsequences];

		if (p->nsequences == FUNNEL_SEQUENCES)
			sq_scan_error(scan, "at most 1000 sequences");
		if (!sq_scan_try(scan, "-"))
		{
			do
			{
				if (seq->len == FUNNEL_MAX_SEQUENCE)
					sq_scan_error(scan, "at most 32 stages in a sequence");
				seq->stages[seq->len++] = scan_stage_number(scan, p->nstages);
			} while (sq_scan_try(scan, ">"));
			seq->truncated = sq_scan_try(scan, "+");
		}
		sq_scan_expect(scan, "cases=");
		seq->count = sq_scan_int64(scan);
	}
	p->sequences = out;
}

Datum
funnel_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	StateScanner scan;
	FunnelParts p;
	const char *problem;

	sq_scan_init(&scan, input, TYPE_NAME);
	scan_header(&scan, &p);
	scan_stages(&scan, &p);
	scan_transitions(&scan, &p);
	scan_sequences(&scan, &p);
	sq_scan_expect_end(&scan);
	sq_funnel_canonicalize(&p);
	problem = sq_funnel_problem(&p);
	if (problem)
		sq_scan_reject(&scan, problem);
	PG_RETURN_POINTER(sq_funnel_build(&p));
}

static void
append_sequence(StringInfo buf, const FunnelSequence *seq)
{
	appendStringInfoString(buf, " sequence ");
	if (seq->len == 0)
		appendStringInfoChar(buf, '-');
	for (int i = 0; i < seq->len; i++)
		appendStringInfo(buf, "%s%d", i > 0 ? ">" : "", seq->stages[i] + 1);
	appendStringInfo(buf, "%s cases=" INT64_FORMAT, seq->truncated ? "+" : "", seq->count);
}

Datum
funnel_state_out(PG_FUNCTION_ARGS)
{
	FunnelState *f = PG_GETARG_FUNNEL_STATE(0);
	FunnelParts p;
	StringInfoData buf;

	sq_funnel_parts_of(f, &p);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d cases=" INT64_FORMAT " stages=%s clock=%s", FUNNEL_STATE_VERSION,
					 p.cases, (p.flags & FUNNEL_GIVEN_STAGES) ? "given" : "seen",
					 (p.flags & FUNNEL_BUSINESS_TIME) ? "business" : "calendar");
	for (int s = 0; s < p.nstages; s++)
	{
		const FunnelStage *st = &p.stage[s];

		appendStringInfoString(&buf, " stage ");
		sq_append_quoted(&buf, p.names[s], p.lens[s]);
		appendStringInfo(&buf, " reached=" INT64_FORMAT " positions=" INT64_FORMAT
						 " starts=" INT64_FORMAT " ends=" INT64_FORMAT " time=(%s)",
						 st->reached, st->positions, st->starts, st->ends,
						 DatumGetCString(DirectFunctionCall1(duration_state_out,
															 PointerGetDatum(p.time[s]))));
	}
	for (int t = 0; t < p.ntransitions; t++)
		appendStringInfo(&buf, " transition %d>%d count=" INT64_FORMAT " cases=" INT64_FORMAT,
						 p.transitions[t].from + 1, p.transitions[t].to + 1,
						 p.transitions[t].count, p.transitions[t].cases);
	for (int q = 0; q < p.nsequences; q++)
		append_sequence(&buf, &p.sequences[q]);
	PG_RETURN_CSTRING(buf.data);
}

/* ---- binary ------------------------------------------------------------- */

Datum
funnel_state_send(PG_FUNCTION_ARGS)
{
	FunnelState *f = PG_GETARG_FUNNEL_STATE(0);
	FunnelParts p;
	StringInfoData buf;

	sq_funnel_parts_of(f, &p);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FUNNEL_STATE_VERSION);
	pq_sendbyte(&buf, p.flags);
	sq_timeline_send_names(&buf, funnel_names(f), p.nstages);
	pq_sendint64(&buf, p.cases);
	for (int s = 0; s < p.nstages; s++)
	{
		bytea	   *time = DatumGetByteaPP(DirectFunctionCall1(duration_state_send,
															   PointerGetDatum(p.time[s])));

		pq_sendint64(&buf, p.stage[s].reached);
		pq_sendint64(&buf, p.stage[s].positions);
		pq_sendint64(&buf, p.stage[s].starts);
		pq_sendint64(&buf, p.stage[s].ends);
		pq_sendint32(&buf, VARSIZE_ANY_EXHDR(time));
		pq_sendbytes(&buf, VARDATA_ANY(time), VARSIZE_ANY_EXHDR(time));
	}
	pq_sendint32(&buf, p.ntransitions);
	for (int t = 0; t < p.ntransitions; t++)
	{
		pq_sendbyte(&buf, p.transitions[t].from);
		pq_sendbyte(&buf, p.transitions[t].to);
		pq_sendint64(&buf, p.transitions[t].count);
		pq_sendint64(&buf, p.transitions[t].cases);
	}
	pq_sendint32(&buf, p.nsequences);
	for (int q = 0; q < p.nsequences; q++)
	{
		pq_sendbyte(&buf, p.sequences[q].len);
		pq_sendbyte(&buf, p.sequences[q].truncated);
		pq_sendbytes(&buf, (const char *) p.sequences[q].stages, p.sequences[q].len);
		pq_sendint64(&buf, p.sequences[q].count);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* One stage's duration_state, read by duration_state_recv from its own bytes. */
static const DurationState *
recv_time(StringInfo buf, const char *name, int name_len)
{
	StringInfoData part;
	int32		len;

	sq_recv_require(buf, 4, TYPE_NAME);
	len = pq_getmsgint(buf, 4);
	sq_recv_require(buf, len, TYPE_NAME);
	part.data = &buf->data[buf->cursor];
	part.len = part.maxlen = len;
	part.cursor = 0;
	buf->cursor += len;
	return read_stage_time(duration_state_recv, PointerGetDatum(&part), name, name_len, 0);
}

static void
recv_stages(StringInfo buf, FunnelParts *p)
{
	char	   *names[FUNNEL_MAX_STAGES];
	int			lens[FUNNEL_MAX_STAGES];

	p->nstages = sq_timeline_recv_names(buf, TYPE_NAME, names, lens);
	sq_recv_require(buf, 8, TYPE_NAME);
	p->cases = pq_getmsgint64(buf);
	for (int s = 0; s < p->nstages; s++)
	{
		p->names[s] = names[s];
		p->lens[s] = (uint8) lens[s];
		sq_recv_require(buf, 4 * sizeof(int64), TYPE_NAME);
		p->stage[s].reached = pq_getmsgint64(buf);
		p->stage[s].positions = pq_getmsgint64(buf);
		p->stage[s].starts = pq_getmsgint64(buf);
		p->stage[s].ends = pq_getmsgint64(buf);
		p->time[s] = recv_time(buf, names[s], lens[s]);
	}
}

/* A count of entries (int4) from 0 to max, each at least min_bytes long. */
static int
recv_entries(StringInfo buf, int max, int min_bytes, const char *what)
{
	int32		n;

	sq_recv_require(buf, 4, TYPE_NAME);
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > max)
		sq_report_bad_binary(TYPE_NAME, psprintf("the number of %s is not from 0 to %d", what, max));
	sq_recv_require(buf, (int64) n * min_bytes, TYPE_NAME);
	return n;
}

static void
recv_transitions(StringInfo buf, FunnelParts *p)
{
	int			n = recv_entries(buf, p->nstages * Max(p->nstages - 1, 0), 2 + 2 * sizeof(int64),
								 "transitions");
	FunnelTransition *out = palloc0(Max(n, 1) * sizeof(FunnelTransition));

	for (int t = 0; t < n; t++)
	{
		out[t].from = pq_getmsgbyte(buf);
		out[t].to = pq_getmsgbyte(buf);
		out[t].count = pq_getmsgint64(buf);
		out[t].cases = pq_getmsgint64(buf);
	}
	p->ntransitions = n;
	p->transitions = out;
}

static void
recv_sequences(StringInfo buf, FunnelParts *p)
{
	int			n = recv_entries(buf, FUNNEL_SEQUENCES, 2 + sizeof(int64), "sequences");
	FunnelSequence *out = palloc0(Max(n, 1) * sizeof(FunnelSequence));

	for (int q = 0; q < n; q++)
	{
		int			truncated;

		sq_recv_require(buf, 2, TYPE_NAME);
		out[q].len = pq_getmsgbyte(buf);
		truncated = pq_getmsgbyte(buf);
		if (out[q].len > FUNNEL_MAX_SEQUENCE)
			sq_report_bad_binary(TYPE_NAME, "a sequence is longer than 32 stages");
		if (truncated > 1)
			sq_report_bad_binary(TYPE_NAME, psprintf("a sequence's truncated byte is %d, not 0 or 1",
													 truncated));
		out[q].truncated = truncated == 1;
		sq_recv_require(buf, out[q].len + sizeof(int64), TYPE_NAME);
		pq_copymsgbytes(buf, (char *) out[q].stages, out[q].len);
		out[q].count = pq_getmsgint64(buf);
	}
	p->nsequences = n;
	p->sequences = out;
}

Datum
funnel_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	FunnelParts p;
	const char *problem;

	sq_recv_require(buf, 2, TYPE_NAME);
	sq_check_format_version(TYPE_NAME, pq_getmsgbyte(buf), FUNNEL_STATE_VERSION,
							ERRCODE_INVALID_BINARY_REPRESENTATION);
	p.flags = pq_getmsgbyte(buf);
	recv_stages(buf, &p);
	recv_transitions(buf, &p);
	recv_sequences(buf, &p);
	sq_recv_end(buf, TYPE_NAME);
	sq_funnel_canonicalize(&p);
	problem = sq_funnel_problem(&p);
	if (problem)
		sq_report_bad_binary(TYPE_NAME, problem);
	PG_RETURN_POINTER(sq_funnel_build(&p));
}
