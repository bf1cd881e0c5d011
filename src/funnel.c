/*-------------------------------------------------------------------------
 *
 * funnel.c
 *	  What to ask a funnel_state: the cases, the funnel with Wilson
 *	  intervals, the time in each stage, the transitions, the most frequent
 *	  sequences, and everything as jsonb.
 *
 * Every function lists the stages in the funnel's order (sq_funnel_order:
 * a given list's order, else by mean rank of first reach).  Transitions
 * include the starts (from NULL) and the ends (to NULL) of the cases'
 * sequences.  Sequences come by count, most frequent first, ties in the
 * funnel's order of their stages.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "duration.h"
#include "funnel_state.h"
#include "numerics.h"
#include "proportion_state.h"
#include "svcquality_text.h"

PG_FUNCTION_INFO_V1(funnel_cases);
PG_FUNCTION_INFO_V1(funnel_stages);
PG_FUNCTION_INFO_V1(funnel_stage_times);
PG_FUNCTION_INFO_V1(funnel_transitions);
PG_FUNCTION_INFO_V1(funnel_sequences);
PG_FUNCTION_INFO_V1(funnel_jsonb);

/* A funnel read for its functions: its parts and the funnel's order. */
typedef struct FunnelView
{
	FunnelParts p;
	int			order[FUNNEL_MAX_STAGES];	/* stage indexes, funnel order */
	int			rank[FUNNEL_MAX_STAGES];	/* the inverse */
} FunnelView;

static void
view_of(const FunnelState *f, FunnelView *v)
{
	sq_funnel_parts_of(f, &v->p);
	sq_funnel_order(&v->p, v->order);
	for (int r = 0; r < v->p.nstages; r++)
		v->rank[v->order[r]] = r;
}

static Datum
stage_name(const FunnelView *v, int s)
{
	return PointerGetDatum(cstring_to_text_with_len(v->p.names[s], v->p.lens[s]));
}

Datum
funnel_cases(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_FUNNEL_STATE(0)->cases);
}

/* Share of the cases reaching stage s, and its Wilson interval (NaN without cases). */
static void
stage_share(const FunnelView *v, int s, double z, double *out)
{
	double		n = (double) v->p.cases;
	double		reached = (double) v->p.stage[s].reached;

	if (v->p.cases == 0)
	{
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	out[0] = reached / n;
	sq_wilson_interval(reached, n, z, &out[1], &out[2]);
}

/* Rows (position, stage, cases, share, lower, upper) in the funnel's order. */
Datum
funnel_stages(PG_FUNCTION_ARGS)
{
	FunnelView	v;
	double		level = PG_GETARG_FLOAT8(1);
	double		z;
	SqRows		rows;

	sq_check_level(level);
	z = sq_normal_critical_value(level);
	view_of(PG_GETARG_FUNNEL_STATE(0), &v);
	sq_rows_begin(fcinfo, &rows);
	for (int r = 0; r < v.p.nstages; r++)
	{
		int			s = v.order[r];
		double		share[3];
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		stage_share(&v, s, z, share);
		values[0] = Int32GetDatum(r + 1);
		values[1] = stage_name(&v, s);
		values[2] = Int64GetDatum(v.p.stage[s].reached);
		for (int i = 0; i < 3; i++)
			values[3 + i] = sq_float8_or_null(share[i], &nulls[3 + i]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* Rows (position, stage, time): each stage's duration_state. */
Datum
funnel_stage_times(PG_FUNCTION_ARGS)
{
	FunnelView	v;
	SqRows		rows;

	view_of(PG_GETARG_FUNNEL_STATE(0), &v);
	sq_rows_begin(fcinfo, &rows);
	for (int r = 0; r < v.p.nstages; r++)
	{
		int			s = v.order[r];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(r + 1);
		values[1] = stage_name(&v, s);
		values[2] = PointerGetDatum(v.p.time[s]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* Moves between stages; from or to -1 for the starts and the ends. */
typedef struct Move
{
	int			from;
	int			to;
	int64		count;
	int64		cases;
} Move;

/* Position of a move's end in the funnel's order: a start first, an end last. */
static inline int
move_rank(const int *rank, int s, int none)
{
	return s < 0 ? none : rank[s];
}

static int
move_cmp(const void *a, const void *b, void *arg)
{
	const Move *x = a;
	const Move *y = b;
	const int  *rank = arg;
	int			c = move_rank(rank, x->from, -1) - move_rank(rank, y->from, -1);

	return c != 0 ? c : move_rank(rank, x->to, FUNNEL_MAX_STAGES) - move_rank(rank, y->to, FUNNEL_MAX_STAGES);
}

static inline void
add_move(Move *moves, int *n, int from, int to, int64 count, int64 cases)
{
	moves[*n].from = from;
	moves[*n].to = to;
	moves[*n].count = count;
	moves[(*n)++].cases = cases;
}

/* The moves in funnel order: by from (starts first), then by to (ends last). */
static Move *
moves_of(const FunnelView *v, int *n)
{
	Move	   *moves = palloc((v->p.ntransitions + 2 * v->p.nstages + 1) * sizeof(Move));

	*n = 0;
	for (int s = 0; s < v->p.nstages; s++)
	{
		if (v->p.stage[s].starts > 0)
			add_move(moves, n, -1, s, v->p.stage[s].starts, v->p.stage[s].starts);
		if (v->p.stage[s].ends > 0)
			add_move(moves, n, s, -1, v->p.stage[s].ends, v->p.stage[s].ends);
	}
	for (int t = 0; t < v->p.ntransitions; t++)
		add_move(moves, n, v->p.transitions[t].from, v->p.transitions[t].to,
				 v->p.transitions[t].count, v->p.transitions[t].cases);
	qsort_arg(moves, *n, sizeof(Move), move_cmp, (void *) v->rank);
	return moves;
}

/* Rows (from_stage, to_stage, transitions, cases). */
Datum
funnel_transitions(PG_FUNCTION_ARGS)
{
	FunnelView	v;
	Move	   *moves;
	int			n;
	SqRows		rows;

	view_of(PG_GETARG_FUNNEL_STATE(0), &v);
	moves = moves_of(&v, &n);
	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {moves[i].from < 0, moves[i].to < 0, false, false};

		values[0] = nulls[0] ? (Datum) 0 : stage_name(&v, moves[i].from);
		values[1] = nulls[1] ? (Datum) 0 : stage_name(&v, moves[i].to);
		values[2] = Int64GetDatum(moves[i].count);
		values[3] = Int64GetDatum(moves[i].cases);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* ---- sequences ---------------------------------------------------------- */

/* More cases first; ties stage by stage in the funnel's order. */
static int
sequence_by_count(const void *a, const void *b, void *arg)
{
	const FunnelSequence *x = a;
	const FunnelSequence *y = b;
	const int  *rank = arg;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	for (int i = 0; i < Min(x->len, y->len); i++)
		if (x->stages[i] != y->stages[i])
			return rank[x->stages[i]] - rank[y->stages[i]];
	if (x->len != y->len)
		return (int) x->len - (int) y->len;
	return (int) x->truncated - (int) y->truncated;
}

/* The view's sequences, most frequent first (a copy). */
static FunnelSequence *
sequences_by_count(const FunnelView *v)
{
	FunnelSequence *seqs = palloc(Max(v->p.nsequences, 1) * sizeof(FunnelSequence));

	memcpy(seqs, v->p.sequences, v->p.nsequences * sizeof(FunnelSequence));
	qsort_arg(seqs, v->p.nsequences, sizeof(FunnelSequence), sequence_by_count,
			  (void *) v->rank);
	return seqs;
}

static Datum
sequence_array(const FunnelView *v, const FunnelSequence *seq)
{
	Datum		names[FUNNEL_MAX_SEQUENCE];

	for (int i = 0; i < seq->len; i++)
		names[i] = stage_name(v, seq->stages[i]);
	return PointerGetDatum(construct_array(names, seq->len, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Rows (sequence, cases, max_error, truncated), the top ones by cases. */
Datum
funnel_sequences(PG_FUNCTION_ARGS)
{
	FunnelView	v;
	int32		top = PG_GETARG_INT32(1);
	FunnelSequence *seqs;
	int64		error;
	SqRows		rows;

	if (top < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("top %d is negative", top),
				 errdetail("Ask for 0 or more sequences; a funnel keeps at most %d.", FUNNEL_SEQUENCES)));
	view_of(PG_GETARG_FUNNEL_STATE(0), &v);
	seqs = sequences_by_count(&v);
	error = sq_funnel_sequence_error(&v.p);
	sq_rows_begin(fcinfo, &rows);
	for (int q = 0; q < Min(top, v.p.nsequences); q++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = sequence_array(&v, &seqs[q]);
		values[1] = Int64GetDatum(seqs[q].count);
		values[2] = Int64GetDatum(error);
		values[3] = BoolGetDatum(seqs[q].truncated);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* ---- jsonb -------------------------------------------------------------- */

static void
append_json_name(StringInfo buf, const FunnelView *v, int s)
{
	if (s < 0)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, pnstrdup(v->p.names[s], v->p.lens[s]));
}

static void
append_json_float(StringInfo buf, const char *key, double value)
{
	appendStringInfo(buf, ", \"%s\": ", key);
	/* JSON has no NaN or Infinity */
	if (!isfinite(value))
		appendStringInfoString(buf, "null");
	else
		sq_append_float8(buf, value);
}

/* A stage's time: count, total, mean, median and 90th percentile in seconds. */
static void
append_json_time(StringInfo buf, const DurationState *time)
{
	DurationCdf cdf;
	bool		empty = time->count == 0;

	appendStringInfo(buf, ", \"time\": {\"count\": " INT64_FORMAT, time->count);
	if (!empty)
		sq_duration_cdf_init(&cdf, time);
	append_json_float(buf, "total_seconds", (double) time->sum_us / USECS_PER_SECOND_F);
	append_json_float(buf, "mean_seconds",
					  empty ? NAN : (double) time->sum_us / USECS_PER_SECOND_F / time->count);
	append_json_float(buf, "median_seconds", empty ? NAN : sq_duration_cdf_quantile(&cdf, 0.5).seconds);
	append_json_float(buf, "p90_seconds", empty ? NAN : sq_duration_cdf_quantile(&cdf, 0.9).seconds);
	appendStringInfoChar(buf, '}');
}

static void
append_json_stages(StringInfo buf, const FunnelView *v, double z)
{
	appendStringInfoString(buf, ", \"stages\": [");
	for (int r = 0; r < v->p.nstages; r++)
	{
		int			s = v->order[r];
		double		share[3];

		stage_share(v, s, z, share);
		appendStringInfo(buf, "%s{\"stage\": ", r ? ", " : "");
		append_json_name(buf, v, s);
		appendStringInfo(buf, ", \"cases\": " INT64_FORMAT, v->p.stage[s].reached);
		append_json_float(buf, "share", share[0]);
		append_json_float(buf, "lower", share[1]);
		append_json_float(buf, "upper", share[2]);
		append_json_time(buf, v->p.time[s]);
		appendStringInfoChar(buf, '}');
	}
	appendStringInfoChar(buf, ']');
}

static void
append_json_moves(StringInfo buf, const FunnelView *v)
{
	int			n;
	Move	   *moves = moves_of(v, &n);

	appendStringInfoString(buf, ", \"transitions\": [");
	for (int i = 0; i < n; i++)
	{
		appendStringInfo(buf, "%s{\"from\": ", i ? ", " : "");
		append_json_name(buf, v, moves[i].from);
		appendStringInfoString(buf, ", \"to\": ");
		append_json_name(buf, v, moves[i].to);
		appendStringInfo(buf, ", \"transitions\": " INT64_FORMAT ", \"cases\": " INT64_FORMAT "}",
						 moves[i].count, moves[i].cases);
	}
	appendStringInfoChar(buf, ']');
}

static void
append_json_sequences(StringInfo buf, const FunnelView *v)
{
	FunnelSequence *seqs = sequences_by_count(v);

	appendStringInfo(buf, ", \"sequences_max_error\": " INT64_FORMAT ", \"sequences\": [",
					 sq_funnel_sequence_error(&v->p));
	for (int q = 0; q < v->p.nsequences; q++)
	{
		appendStringInfo(buf, "%s{\"sequence\": [", q ? ", " : "");
		for (int i = 0; i < seqs[q].len; i++)
		{
			if (i > 0)
				appendStringInfoString(buf, ", ");
			append_json_name(buf, v, seqs[q].stages[i]);
		}
		appendStringInfo(buf, "], \"cases\": " INT64_FORMAT ", \"truncated\": %s}",
						 seqs[q].count, seqs[q].truncated ? "true" : "false");
	}
	appendStringInfoChar(buf, ']');
}

/* The whole funnel as jsonb: what a dashboard draws. */
Datum
funnel_jsonb(PG_FUNCTION_ARGS)
{
	FunnelView	v;
	double		level = PG_GETARG_FLOAT8(1);
	StringInfoData buf;

	sq_check_level(level);
	view_of(PG_GETARG_FUNNEL_STATE(0), &v);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"cases\": " INT64_FORMAT ", \"stage_list\": %s, \"clock\": \"%s\"",
					 v.p.cases, (v.p.flags & FUNNEL_GIVEN_STAGES) ? "\"given\"" : "\"seen\"",
					 (v.p.flags & FUNNEL_BUSINESS_TIME) ? "business" : "calendar");
	append_json_float(&buf, "level", level);
	append_json_stages(&buf, &v, sq_normal_critical_value(level));
	append_json_moves(&buf, &v);
	append_json_sequences(&buf, &v);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
