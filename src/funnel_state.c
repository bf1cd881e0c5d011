/*-------------------------------------------------------------------------
 *
 * funnel_state.c
 *	  funnel_state: the flat layout (building it, reading it back), the
 *	  validity rules every input path enforces, the order of a funnel's
 *	  stages and the pruning of its sequence summary.
 *
 * Pruning is the Misra-Gries step: with more than k sequences, the
 * (k + 1)-th largest count c is taken from every count and the sequences
 * left with nothing are dropped.  At least k + 1 sequences lose c each, so
 * the cases no longer counted grow by at least (k + 1) c while no count
 * loses more than c: every count stays within (cases - sum of counts) /
 * (k + 1) of the truth, through any number of prunings and merges
 * (Agarwal et al. 2012, "Mergeable summaries", section 3).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "funnel_state.h"

void
sq_funnel_report_too_many_stages(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("funnel has more than %d stages", FUNNEL_MAX_STAGES),
			 errdetail("A funnel_state holds at most %d distinct stage names.", FUNNEL_MAX_STAGES),
			 errhint("Give funnel_agg the list of the stages to count: funnel_agg(timeline, ARRAY['new', 'open', ...]).")));
}

void
sq_funnel_report_count_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("funnel_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

void
sq_funnel_report_mismatch(const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot merge funnel states: %s", problem),
			 errdetail("Funnels merge only when they count the same stages in the same clock."),
			 errhint("Aggregate every part with the same stage list (or every part without one), and with a calendar for all parts or for none.")));
}

/* ---- the flat layout ---------------------------------------------------- */

static Size
names_bytes(const FunnelParts *p)
{
	Size		len = 0;

	for (int s = 0; s < p->nstages; s++)
		len += 1 + p->lens[s];
	return len;
}

static void
write_sequences(char *out, const FunnelParts *p)
{
	for (int q = 0; q < p->nsequences; q++)
	{
		const FunnelSequence *seq = &p->sequences[q];

		memcpy(out, &seq->count, sizeof(int64));
		out[sizeof(int64)] = (char) seq->len;
		out[sizeof(int64) + 1] = (char) seq->truncated;
		memcpy(out + sizeof(int64) + 2, seq->stages, seq->len);
		out += funnel_sequence_size(seq->len);
	}
}

FunnelState *
sq_funnel_build(const FunnelParts *p)
{
	const DurationState *packed[FUNNEL_MAX_STAGES];
	Size		nbytes = names_bytes(p);
	Size		seq_bytes = 0;
	Size		size;
	Size		pos;
	FunnelState *f;
	char	   *names;

	for (int q = 0; q < p->nsequences; q++)
		seq_bytes += funnel_sequence_size(p->sequences[q].len);
	size = sizeof(FunnelState) + p->nstages * sizeof(FunnelStage) +
		p->ntransitions * sizeof(FunnelTransition) + TYPEALIGN(8, nbytes) + seq_bytes;
	for (int s = 0; s < p->nstages; s++)
	{
		packed[s] = sq_duration_state_pack(p->time[s]);
		size += MAXALIGN(VARSIZE(packed[s]));
	}

	f = palloc0(size);
	SET_VARSIZE(f, size);
	f->version = FUNNEL_STATE_VERSION;
	f->flags = p->flags;
	f->nstages = (uint8) p->nstages;
	f->ntransitions = (uint16) p->ntransitions;
	f->nsequences = (uint16) p->nsequences;
	f->names_len = (uint32) nbytes;
	f->cases = p->cases;
	f->sequences_len = (uint32) seq_bytes;

	for (int t = 0; t < p->ntransitions; t++)
	{
		FunnelTransition *dst = &funnel_transition_array(f)[t];

		dst->from = p->transitions[t].from;
		dst->to = p->transitions[t].to;
		dst->count = p->transitions[t].count;
		dst->cases = p->transitions[t].cases;
	}
	names = funnel_names(f);
	for (int s = 0; s < p->nstages; s++)
	{
		*names++ = (char) p->lens[s];
		memcpy(names, p->names[s], p->lens[s]);
		names += p->lens[s];
	}
	write_sequences(funnel_sequence_data(f), p);

	pos = funnel_sequence_data(f) + seq_bytes - (char *) f;
	for (int s = 0; s < p->nstages; s++)
	{
		FunnelStage *dst = &funnel_stage_array(f)[s];

		dst->reached = p->stage[s].reached;
		dst->positions = p->stage[s].positions;
		dst->starts = p->stage[s].starts;
		dst->ends = p->stage[s].ends;
		dst->time_offset = (uint32) pos;
		/* packed[s] is set for every stage above */
		/* cppcheck-suppress uninitvar */
		memcpy((char *) f + pos, packed[s], VARSIZE(packed[s]));
		pos += MAXALIGN(VARSIZE(packed[s]));
	}
	Assert(pos == size);
	return f;
}

void
sq_funnel_parts_of(const FunnelState *f, FunnelParts *p)
{
	const char *names = funnel_names(f);
	const char *data = funnel_sequence_data(f);
	FunnelSequence *seqs = palloc(Max(f->nsequences, 1) * sizeof(FunnelSequence));

	sq_check_stored_version(f, "funnel_state", FUNNEL_STATE_VERSION);
	if (f->nstages > FUNNEL_MAX_STAGES)
		elog(ERROR, "funnel_state is corrupt: too many stages");
	p->flags = f->flags;
	p->nstages = f->nstages;
	p->cases = f->cases;
	for (int s = 0; s < f->nstages; s++)
	{
		p->lens[s] = (uint8) *names;
		p->names[s] = names + 1;
		names += 1 + p->lens[s];
		p->stage[s] = funnel_stage_array(f)[s];
		p->time[s] = funnel_stage_time(f, s);
	}
	p->ntransitions = f->ntransitions;
	p->transitions = funnel_transition_array(f);
	for (int q = 0; q < f->nsequences; q++)
	{
		memcpy(&seqs[q].count, data, sizeof(int64));
		seqs[q].len = (uint8) data[sizeof(int64)];
		seqs[q].truncated = data[sizeof(int64) + 1] != 0;
		memcpy(seqs[q].stages, data + sizeof(int64) + 2, Min(seqs[q].len, FUNNEL_MAX_SEQUENCE));
		data += funnel_sequence_size(seqs[q].len);
	}
	p->nsequences = f->nsequences;
	p->sequences = seqs;
}

/* ---- sequences ---------------------------------------------------------- */

int
sq_funnel_sequence_cmp(const void *x, const void *y)
{
	const FunnelSequence *a = x;
	const FunnelSequence *b = y;
	int			c = memcmp(a->stages, b->stages, Min(a->len, b->len));

	if (c != 0)
		return c;
	if (a->len != b->len)
		return (int) a->len - (int) b->len;
	return (int) a->truncated - (int) b->truncated;
}

static int
int64_desc_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x < y) - (x > y);
}

int
sq_funnel_prune(FunnelSequence *seqs, int n, int keep)
{
	int64	   *counts;
	int64		cut;
	int			kept = 0;

	if (n <= keep)
		return n;
	counts = palloc(n * sizeof(int64));
	for (int q = 0; q < n; q++)
		counts[q] = seqs[q].count;
	qsort(counts, n, sizeof(int64), int64_desc_cmp);
	cut = counts[keep];
	pfree(counts);
	for (int q = 0; q < n; q++)
		if (seqs[q].count > cut)
		{
			seqs[kept] = seqs[q];
			seqs[kept++].count -= cut;
		}
	Assert(kept <= keep);
	return kept;
}

int64
sq_funnel_sequence_error(const FunnelParts *p)
{
	int64		counted = 0;

	for (int q = 0; q < p->nsequences; q++)
		counted += p->sequences[q].count;
	return (p->cases - counted) / (FUNNEL_SEQUENCES + 1);
}

/* ---- the order of the stages -------------------------------------------- */

/*
 * Stage a before stage b: a lower mean rank of first reach (positions /
 * reached, compared exactly), then more cases, then the name.  Every stage
 * sorted was reached (stages no case reached are only in given lists, which
 * are not sorted).
 */
static bool
stage_before(const FunnelParts *p, int a, int b)
{
	const FunnelStage *x = &p->stage[a];
	const FunnelStage *y = &p->stage[b];
	int128		lhs = (int128) x->positions * y->reached;
	int128		rhs = (int128) y->positions * x->reached;

	if (lhs != rhs)
		return lhs < rhs;
	if (x->reached != y->reached)
		return x->reached > y->reached;
	return timeline_name_cmp(p->names[a], p->lens[a], p->names[b], p->lens[b]) < 0;
}

void
sq_funnel_order(const FunnelParts *p, int *order)
{
	for (int s = 0; s < p->nstages; s++)
	{
		int			j = s;

		if (!(p->flags & FUNNEL_GIVEN_STAGES))
			for (; j > 0 && stage_before(p, s, order[j - 1]); j--)
				order[j] = order[j - 1];
		order[j] = s;
	}
}

/* ---- the canonical order of stages, transitions and sequences ----------- */

void
sq_funnel_name_order(uint8 flags, int nstages, const char *const *names, const uint8 *lens,
					 int *order, int *rank)
{
	for (int s = 0; s < nstages; s++)
	{
		int			j = s;

		if (!(flags & FUNNEL_GIVEN_STAGES))
			for (; j > 0 && timeline_name_cmp(names[s], lens[s], names[order[j - 1]],
											  lens[order[j - 1]]) < 0; j--)
				order[j] = order[j - 1];
		order[j] = s;
	}
	for (int r = 0; r < nstages; r++)
		rank[order[r]] = r;
}

static int
transition_cmp(const void *x, const void *y)
{
	const FunnelTransition *a = x;
	const FunnelTransition *b = y;

	if (a->from != b->from)
		return (int) a->from - (int) b->from;
	return (int) a->to - (int) b->to;
}

/*
 * The new number of a stage number read from input; one that names no
 * stage (binary input does not check them before) stays out of range, for
 * the checks to refuse.
 */
static uint8
renumbered(const int *rank, int nstages, uint8 stage)
{
	return stage < nstages ? (uint8) rank[stage] : stage;
}

void
sq_funnel_canonicalize(FunnelParts *p)
{
	const FunnelParts in = *p;
	int			order[FUNNEL_MAX_STAGES];
	int			rank[FUNNEL_MAX_STAGES];
	FunnelTransition *transitions = palloc(Max(p->ntransitions, 1) * sizeof(FunnelTransition));
	FunnelSequence *sequences = palloc(Max(p->nsequences, 1) * sizeof(FunnelSequence));

	sq_funnel_name_order(p->flags, p->nstages, in.names, in.lens, order, rank);
	for (int r = 0; r < p->nstages; r++)
	{
		p->names[r] = in.names[order[r]];
		p->lens[r] = in.lens[order[r]];
		p->stage[r] = in.stage[order[r]];
		p->time[r] = in.time[order[r]];
	}
	for (int t = 0; t < p->ntransitions; t++)
	{
		transitions[t] = in.transitions[t];
		transitions[t].from = renumbered(rank, p->nstages, transitions[t].from);
		transitions[t].to = renumbered(rank, p->nstages, transitions[t].to);
	}
	qsort(transitions, p->ntransitions, sizeof(FunnelTransition), transition_cmp);
	p->transitions = transitions;
	for (int q = 0; q < p->nsequences; q++)
	{
		sequences[q] = in.sequences[q];
		for (int i = 0; i < sequences[q].len; i++)
			sequences[q].stages[i] = renumbered(rank, p->nstages, sequences[q].stages[i]);
	}
	qsort(sequences, p->nsequences, sizeof(FunnelSequence), sq_funnel_sequence_cmp);
	p->sequences = sequences;
}

/* ---- validity ----------------------------------------------------------- */

/* A stage's name for a message: "name" */
static char *
stage_label(const FunnelParts *p, int s)
{
	return psprintf("\"%.*s\"", (int) p->lens[s], p->names[s]);
}

/*
 * The parts are in canonical order (sq_funnel_canonicalize): a stage seen,
 * a transition or a sequence listed twice is next to its copy.
 */
static const char *
names_problem(const FunnelParts *p)
{
	if ((p->flags & FUNNEL_GIVEN_STAGES) && p->nstages == 0)
		return "the given stage list is empty";
	for (int s = 1; s < p->nstages; s++)
		for (int r = (p->flags & FUNNEL_GIVEN_STAGES) ? 0 : s - 1; r < s; r++)
			if (p->lens[r] == p->lens[s] && memcmp(p->names[r], p->names[s], p->lens[s]) == 0)
				return psprintf("the stage %s is listed twice", stage_label(p, s));
	return NULL;
}

static const char *
stages_problem(const FunnelParts *p)
{
	int128		starts = 0;
	int128		ends = 0;

	for (int s = 0; s < p->nstages; s++)
	{
		const FunnelStage *st = &p->stage[s];

		if (st->reached < 0 || st->reached > p->cases)
			return "a stage was reached by fewer than 0 or more than all cases";
		if (st->reached == 0 && !(p->flags & FUNNEL_GIVEN_STAGES))
			return "a stage seen was reached by no case";
		if (st->starts < 0 || st->starts > st->reached || st->ends < 0 || st->ends > st->reached)
			return psprintf("the stage \"%.*s\" starts " INT64_FORMAT " and ends " INT64_FORMAT
							" cases, each of which must be from 0 to the " INT64_FORMAT " that reached it",
							p->lens[s], p->names[s], (int64) st->starts, (int64) st->ends,
							(int64) st->reached);
		if (st->positions < 0 || st->positions > (int128) st->reached * (p->nstages - 1))
			return "the ranks of a stage do not fit the cases that reached it";
		if (p->time[s]->alpha != FUNNEL_ALPHA || p->time[s]->count != st->reached)
			return "the times of a stage are not one per case that reached it, at accuracy 0.01";
		starts += st->starts;
		ends += st->ends;
	}
	if (starts != ends || starts > p->cases)
		return "the cases started and ended do not match, or exceed the cases";
	return NULL;
}

/*
 * Transitions in (from, to) order, each a real move; and every stage
 * entered as often as it is left (a start or a move in, an end or a move
 * out per spell), at least once per case that reached it.
 */
static const char *
transitions_problem(const FunnelParts *p)
{
	int128		balance[FUNNEL_MAX_STAGES] = {0};
	int128		entered[FUNNEL_MAX_STAGES] = {0};

	for (int t = 0; t < p->ntransitions; t++)
	{
		const FunnelTransition *tr = &p->transitions[t];

		if (tr->from >= p->nstages || tr->to >= p->nstages || tr->from == tr->to)
			return "a transition is not between two different stages";
		if (t > 0 && transition_cmp(&p->transitions[t - 1], tr) == 0)
			return psprintf("the transition from %s to %s is listed twice",
							stage_label(p, tr->from), stage_label(p, tr->to));
		if (tr->cases < 1 || tr->count < tr->cases ||
			tr->cases > Min(p->stage[tr->from].reached, p->stage[tr->to].reached))
			return "a transition's counts are not 1 <= cases <= moves, cases <= cases reaching its stages";
		balance[tr->from] -= tr->count;
		balance[tr->to] += tr->count;
		entered[tr->to] += tr->count;
	}
	for (int s = 0; s < p->nstages; s++)
	{
		if (balance[s] + p->stage[s].starts != p->stage[s].ends)
			return "a stage is not left as often as it is entered";
		if (entered[s] + p->stage[s].starts < p->stage[s].reached)
			return "a stage is entered less often than cases reached it";
	}
	return NULL;
}

/* A sequence for a message: its stages' names, "a" > "b", with its mark */
static char *
sequence_label(const FunnelParts *p, const FunnelSequence *seq)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < seq->len; i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? " > " : "", stage_label(p, seq->stages[i]));
	if (seq->len == 0)
		appendStringInfoString(&buf, "of no stage");
	if (seq->truncated)
		appendStringInfoString(&buf, " (truncated)");
	return buf.data;
}

static const char *
sequence_problem(const FunnelParts *p, const FunnelSequence *seq, int q)
{
	if (seq->count < 1 || seq->count > p->cases)
		return "a sequence's count is not from 1 to the number of cases";
	if (seq->len > FUNNEL_MAX_SEQUENCE || (seq->truncated && seq->len != FUNNEL_MAX_SEQUENCE))
		return "a sequence is longer than 32 stages, or marked truncated with fewer";
	for (int i = 0; i < seq->len; i++)
		if (seq->stages[i] >= p->nstages || (i > 0 && seq->stages[i] == seq->stages[i - 1]))
			return "a sequence names a stage that is not listed, or a stage twice in a row";
	if (q > 0 && sq_funnel_sequence_cmp(&p->sequences[q - 1], seq) == 0)
		return psprintf("the sequence %s is listed twice", sequence_label(p, seq));
	return NULL;
}

/* The counts the sequences imply, when they are exact and whole. */
static void
derive_from_sequences(const FunnelParts *p, FunnelStage *stage, int64 *moves, int64 *move_cases)
{
	for (int q = 0; q < p->nsequences; q++)
	{
		const FunnelSequence *seq = &p->sequences[q];
		uint64		seen = 0;
		uint64		moved[FUNNEL_MAX_STAGES] = {0};
		int			rank = 0;

		for (int i = 0; i < seq->len; i++)
		{
			int			s = seq->stages[i];

			if (!(seen & STAGE_BIT(s)))
			{
				seen |= STAGE_BIT(s);
				stage[s].reached += seq->count;
				stage[s].positions += seq->count * rank++;
			}
			if (i == 0)
				continue;
			moves[seq->stages[i - 1] * FUNNEL_MAX_STAGES + s] += seq->count;
			if (!(moved[seq->stages[i - 1]] & STAGE_BIT(s)))
				move_cases[seq->stages[i - 1] * FUNNEL_MAX_STAGES + s] += seq->count;
			moved[seq->stages[i - 1]] |= STAGE_BIT(s);
		}
		if (seq->len > 0)
		{
			stage[seq->stages[0]].starts += seq->count;
			stage[seq->stages[seq->len - 1]].ends += seq->count;
		}
	}
}

/*
 * Exact sequences (they count every case) must give the starts; whole ones
 * (none truncated) every other count too.
 */
static const char *
exact_sequences_problem(const FunnelParts *p, bool truncated)
{
	FunnelStage stage[FUNNEL_MAX_STAGES];
	int64	   *moves = palloc0(2 * FUNNEL_MAX_STAGES * FUNNEL_MAX_STAGES * sizeof(int64));
	int64	   *move_cases = moves + FUNNEL_MAX_STAGES * FUNNEL_MAX_STAGES;
	const char *problem = NULL;

	memset(stage, 0, sizeof(stage));
	derive_from_sequences(p, stage, moves, move_cases);
	for (int s = 0; s < p->nstages && problem == NULL; s++)
	{
		if (stage[s].starts != p->stage[s].starts)
			problem = "the sequences counting every case do not start as the stages say";
		else if (!truncated && (stage[s].reached != p->stage[s].reached ||
								stage[s].positions != p->stage[s].positions ||
								stage[s].ends != p->stage[s].ends))
			problem = "the sequences counting every case do not reach or end the stages as counted";
	}
	for (int t = 0; t < p->ntransitions && problem == NULL && !truncated; t++)
	{
		int			cell = p->transitions[t].from * FUNNEL_MAX_STAGES + p->transitions[t].to;

		if (moves[cell] != p->transitions[t].count || move_cases[cell] != p->transitions[t].cases)
			problem = "the sequences counting every case do not make the transitions counted";
		moves[cell] = 0;
	}
	for (int cell = 0; cell < FUNNEL_MAX_STAGES * FUNNEL_MAX_STAGES && problem == NULL && !truncated; cell++)
		if (moves[cell] != 0)
			problem = "the sequences counting every case make a transition that is not counted";
	pfree(moves);
	return problem;
}

static const char *
sequences_problem(const FunnelParts *p)
{
	int128		counted = 0;
	bool		truncated = false;

	for (int q = 0; q < p->nsequences; q++)
	{
		const char *problem = sequence_problem(p, &p->sequences[q], q);

		if (problem)
			return problem;
		counted += p->sequences[q].count;
		truncated |= p->sequences[q].truncated;
	}
	if (counted > p->cases)
		return "the sequences count more cases than there are";
	if (counted == p->cases)
		return exact_sequences_problem(p, truncated);
	return NULL;
}

const char *
sq_funnel_problem(const FunnelParts *p)
{
	const char *problem;

	if (p->flags & ~FUNNEL_FLAGS)
		return "unknown flags are set";
	if (p->cases < 0)
		return "the number of cases is negative";
	if ((problem = names_problem(p)) != NULL ||
		(problem = stages_problem(p)) != NULL ||
		(problem = transitions_problem(p)) != NULL)
		return problem;
	return sequences_problem(p);
}
