/*-------------------------------------------------------------------------
 *
 * timeline_state.c
 *	  timeline_state: adding events, merging, the dictionary of stage names,
 *	  spans from one stage to another.
 *
 * Events are kept sorted by (at, stage name), so the events a state holds
 * never depend on the order they arrived in.  While aggregating, stage
 * names are appended to the dictionary as they first arrive, which keeps
 * the per-row work to a lookup and an append; sq_timeline_state_trim (the
 * aggregates' final function, and every path that hands a state out)
 * reorders the dictionary by first occurrence, so finished states are
 * canonical: equal sets of events give byte-identical states.
 *
 * An event is appended in place in the common case (rows of a case arrive
 * roughly in time order); out-of-order events shift the tail.  A state
 * grows by doubling what is full (and what is nearly full, so one copy
 * serves both), so a case with n events costs O(log n) allocations, and
 * most cases none after their first row.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "timeline_state.h"

static inline int
name_len_at(const char *entry)
{
	return (uint8) entry[0];
}

void
sq_timeline_report_too_many_stages(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline has more than %d distinct stages", TIMELINE_MAX_STAGES),
			 errdetail("A timeline_state holds at most %d distinct stage names per case.",
					   TIMELINE_MAX_STAGES),
			 errhint("Aggregate only the stages you measure, e.g. timeline_agg(stage, at) FILTER (WHERE stage IN (...)).")));
}

void
sq_timeline_report_too_many_events(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline has more than %d distinct events", TIMELINE_MAX_EVENTS),
			 errdetail("A timeline_state holds at most %d distinct (stage, at) events per case.",
					   TIMELINE_MAX_EVENTS),
			 errhint("Check the GROUP BY (one timeline per case), or aggregate only the stages you measure.")));
}

void
sq_timeline_check_name(int len)
{
	if (len > TIMELINE_MAX_STAGE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("stage name of %d bytes is too long", len),
				 errdetail("Stage names are at most %d bytes.", TIMELINE_MAX_STAGE_BYTES)));
}

void
sq_timeline_check_time(TimestampTz at)
{
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event time %s is not finite", TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity"),
				 errdetail("Events need a finite timestamp; skip unknown times with NULL.")));
}

/* An empty state in mem, which has room for names_bytes of names and events events. */
static TimelineState *
init_state(void *mem, int names_bytes, int events)
{
	int			names_cap = TYPEALIGN(8, names_bytes);
	Size		size = sizeof(TimelineState) + names_cap + (Size) events * (sizeof(TimestampTz) + 1);
	TimelineState *t = mem;

	/*
	 * Unused room is never read.  A trimmed state still has up to 7 bytes of
	 * padding after its last name, within names[]' last 8 bytes: zero them,
	 * or equal states would differ there, and what compares states as bytes
	 * (REFRESH MATERIALIZED VIEW CONCURRENTLY, record *=) would see changes
	 * that are not there.
	 */
	memset(t, 0, sizeof(TimelineState));
	if (names_cap > 0)
		memset(timeline_names(t) + names_cap - 8, 0, 8);
	SET_VARSIZE(t, size);
	t->version = TIMELINE_STATE_VERSION;
	t->names_cap = names_cap;
	t->event_cap = events;
	return t;
}

/*
 * The room is zeroed too: an aggregate's state is handed out with its room
 * where no final function trims it, to the combine function of a parallel
 * plan, and a worker's sort may write it to a temporary file (valgrind saw
 * those bytes undefined in such a write).
 */
TimelineState *
sq_timeline_state_new(int names_bytes, int events)
{
	return init_state(palloc0(sizeof(TimelineState) + TYPEALIGN(8, names_bytes) +
							  (Size) events * (sizeof(TimestampTz) + 1)),
					  names_bytes, events);
}

static void
copy_content(const TimelineState *t, TimelineState *copy)
{
	copy->nstages = t->nstages;
	copy->nevents = t->nevents;
	copy->names_len = t->names_len;
	memcpy(timeline_names(copy), timeline_names(t), t->names_len);
	memcpy(timeline_at(copy), timeline_at(t), t->nevents * sizeof(TimestampTz));
	memcpy(timeline_stage(copy), timeline_stage(t), t->nevents);
}

/* A copy of t's content in a new state with the given room. */
static TimelineState *
copy_with_room(const TimelineState *t, int names_bytes, int events)
{
	TimelineState *copy = sq_timeline_state_new(names_bytes, events);

	copy_content(t, copy);
	return copy;
}

/*
 * A copy of t with room for names_needed bytes of names and events_needed
 * events.  What is full doubles, and so does what is three quarters full,
 * so that a refund adding its sixth stage does not copy again for its
 * seventh event.
 */
static TimelineState *
timeline_grow(const TimelineState *t, int names_needed, int events_needed)
{
	int			names_bytes = t->names_cap;
	int			events = t->event_cap;

	if (4 * names_needed > 3 * names_bytes)
		names_bytes = Min(Max(names_needed, 2 * names_bytes), TIMELINE_MAX_NAMES_BYTES);
	if (4 * events_needed > 3 * events)
		events = Min(Max(events_needed, 2 * events), TIMELINE_MAX_EVENTS);
	return copy_with_room(t, names_bytes, events);
}

/*
 * Runs for every event row.  Lengths first: most stage names of a case
 * differ in length.  Names are short: compared a word at a time, inline,
 * rather than by a call to memcmp.
 */
int
sq_timeline_find_stage(const TimelineState *t, const char *name, int len)
{
	const char *entry = timeline_names(t);

	for (int i = 0; i < t->nstages; i++)
	{
		int			entry_len = name_len_at(entry);

		if (entry_len == len && sq_bytes_equal(entry + 1, name, len))
			return i;
		entry += 1 + entry_len;
	}
	return -1;
}

int
sq_timeline_first_event(const TimelineState *t, StageMask stages)
{
	const uint8 *stage_of = timeline_stage(t);

	/* every stage of t has an event: none only for stages t lacks */
	if (stages != 0)
		for (int e = 0; e < t->nevents; e++)
			if (stages & STAGE_BIT(stage_of[e]))
				return e;
	return -1;
}

bool
sq_timeline_span(const TimelineState *t, StageMask from, StageMask to,
				 TimestampTz *start, TimestampTz *end)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	int			e = sq_timeline_first_event(t, from);

	if (e < 0 || to == 0)
		return false;
	*start = ats[e];
	/* back to the first event of that instant: a B tied with A counts */
	while (e > 0 && ats[e - 1] == *start)
		e--;
	while (e < t->nevents && !(to & STAGE_BIT(stages[e])))
		e++;
	if (e == t->nevents)
		return false;
	*end = ats[e];
	return true;
}

void
sq_timeline_name_offsets(const TimelineState *t, uint16 *offsets)
{
	int			offset = 0;

	for (int i = 0; i < t->nstages; i++)
	{
		offsets[i] = offset;
		offset += 1 + name_len_at(timeline_names(t) + offset);
	}
}

/* Order of two stages of t by name, for events at the same instant. */
static int
stage_timeline_name_cmp(const TimelineState *t, int a, int b)
{
	const char *entry = timeline_names(t);
	const char *ea = NULL;
	const char *eb = NULL;

	for (int i = 0; i < t->nstages && (ea == NULL || eb == NULL); i++)
	{
		if (i == a)
			ea = entry;
		if (i == b)
			eb = entry;
		entry += 1 + name_len_at(entry);
	}
	Assert(ea != NULL && eb != NULL);	/* a and b are stages of t */
	return timeline_name_cmp(ea + 1, name_len_at(ea), eb + 1, name_len_at(eb));
}

/*
 * Where (at, stage) belongs: searched from the end, where in-order events
 * go.  Names are compared only among events of the same instant.
 * *duplicate tells whether the very event is already there.
 */
static inline int
event_position(const TimelineState *t, int stage, TimestampTz at, bool *duplicate)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	int			i = t->nevents;

	*duplicate = false;
	while (i > 0 && ats[i - 1] >= at)
	{
		if (ats[i - 1] == at)
		{
			if (stages[i - 1] == stage)
			{
				*duplicate = true;
				break;
			}
			if (stage_timeline_name_cmp(t, stages[i - 1], stage) < 0)
				break;
		}
		i--;
	}
	return i;
}

TimelineState *
sq_timeline_add_event(TimelineState *t, const char *name, int len, TimestampTz at)
{
	int			stage = sq_timeline_find_stage(t, name, len);
	int			names_needed = t->names_len;
	int			position = 0;
	bool		duplicate = false;
	TimestampTz *ats;
	uint8	   *stages;

	if (stage >= 0)
	{
		position = event_position(t, stage, at, &duplicate);
		if (duplicate)
			return t;
	}
	else
	{
		if (unlikely(len > TIMELINE_MAX_STAGE_BYTES))
			sq_timeline_check_name(len);
		if (unlikely(t->nstages >= TIMELINE_MAX_STAGES))
			sq_timeline_report_too_many_stages();
		names_needed += 1 + len;
	}
	if (unlikely(t->nevents >= TIMELINE_MAX_EVENTS))
		sq_timeline_report_too_many_events();

	if (unlikely(names_needed > t->names_cap || t->nevents >= t->event_cap))
		t = timeline_grow(t, names_needed, t->nevents + 1);
	if (stage < 0)
	{
		char	   *entry = timeline_names(t) + t->names_len;

		entry[0] = (char) len;
		memcpy(entry + 1, name, len);
		t->names_len += 1 + len;
		stage = t->nstages++;
		position = event_position(t, stage, at, &duplicate);
	}

	ats = timeline_at(t);
	stages = timeline_stage(t);
	if (position < t->nevents)
	{
		memmove(ats + position + 1, ats + position, (t->nevents - position) * sizeof(TimestampTz));
		memmove(stages + position + 1, stages + position, t->nevents - position);
	}
	ats[position] = at;
	stages[position] = (uint8) stage;
	t->nevents++;
	return t;
}

/*
 * The canonical copy: no unused room, and the dictionary in order of first
 * occurrence, so equal sets of events give byte-identical states.
 */
void
sq_timeline_state_trim_into(const TimelineState *t, TimelineState *out)
{
	uint16		offsets[TIMELINE_MAX_STAGES];
	uint8		order[TIMELINE_MAX_STAGES];
	const uint8 *stages = timeline_stage(t);
	uint8	   *out_stages;
	char	   *names;
	int			n = 0;

	init_state(out, t->names_len, t->nevents);
	/* events that arrived in time order leave the dictionary canonical */
	for (int e = 0; e < t->nevents && stages[e] <= n; e++)
		if (stages[e] == n)
			n++;
	if (n == t->nstages)
	{
		copy_content(t, out);
		return;
	}

	out_stages = timeline_stage(out);
	names = timeline_names(out);
	n = 0;
	sq_timeline_name_offsets(t, offsets);
	memset(order, 0xFF, sizeof(order));
	for (int e = 0; e < t->nevents; e++)
	{
		int			s = stages[e];

		if (order[s] == 0xFF)
		{
			const char *entry = timeline_names(t) + offsets[s];

			memcpy(names, entry, 1 + name_len_at(entry));
			names += 1 + name_len_at(entry);
			order[s] = n++;
		}
		out_stages[e] = order[s];
	}
	/* every stage was added with an event, so every stage has one */
	Assert(n == t->nstages);
	memcpy(timeline_at(out), timeline_at(t), t->nevents * sizeof(TimestampTz));
	out->nstages = n;
	out->nevents = t->nevents;
	out->names_len = t->names_len;
}

TimelineState *
sq_timeline_state_trim(const TimelineState *t)
{
	TimelineState *out = palloc(timeline_trimmed_size(t));

	sq_timeline_state_trim_into(t, out);
	return out;
}

/*
 * A sorted run of events to merge: times and stage indexes, the stages
 * renumbered through map when it is not NULL.
 */
typedef struct EventRun
{
	const TimestampTz *at;
	const uint8 *stage;
	int			n;
	const uint8 *map;
} EventRun;

static inline uint8
run_stage(const EventRun *run, int i)
{
	return run->map ? run->map[run->stage[i]] : run->stage[i];
}

/*
 * Order of event i of a and event j of b (both present): by time, then by
 * stage name (names and offsets of the output's dictionary); 0 when they
 * are the same event.
 */
static inline int
event_order(const EventRun *a, int i, const EventRun *b, int j,
			const char *names, const uint16 *offsets)
{
	const char *ea;
	const char *eb;

	if (a->at[i] != b->at[j])
		return a->at[i] < b->at[j] ? -1 : 1;
	if (run_stage(a, i) == run_stage(b, j))
		return 0;
	ea = names + offsets[run_stage(a, i)];
	eb = names + offsets[run_stage(b, j)];
	return timeline_name_cmp(ea + 1, name_len_at(ea), eb + 1, name_len_at(eb));
}

/*
 * Merge two sorted runs into out_at and out_stage, ordering events of the
 * same instant by name and keeping one copy of events present in both.
 * The output may overlap run a if it starts at least b->n slots before it:
 * each write then lands on a slot already read.
 */
static int
merge_events(const EventRun *a, const EventRun *b, const char *names, const uint16 *offsets,
			 TimestampTz *out_at, uint8 *out_stage)
{
	int			i = 0,
				j = 0,
				k = 0;

	while (i < a->n || j < b->n)
	{
		int			c;

		if (j == b->n)
			c = -1;
		else if (i == a->n)
			c = 1;
		else
			c = event_order(a, i, b, j, names, offsets);

		if (k == TIMELINE_MAX_EVENTS)
			sq_timeline_report_too_many_events();
		if (c <= 0)
		{
			out_at[k] = a->at[i];
			out_stage[k] = run_stage(a, i);
			i++;
			if (c == 0)
				j++;
		}
		else
		{
			out_at[k] = b->at[j];
			out_stage[k] = run_stage(b, j);
			j++;
		}
		k++;
	}
	return k;
}

/*
 * dst's stages keep their indexes; src's stages missing from dst are
 * appended after them.
 */
TimelineState *
sq_timeline_merge(TimelineState *dst, const TimelineState *src)
{
	char		added[TIMELINE_MAX_NAMES_BYTES];
	uint8		map_src[TIMELINE_MAX_STAGES];
	uint16		offsets[TIMELINE_MAX_STAGES];
	const char *entry = timeline_names(src);
	int			added_len = 0;
	int			nstages = dst->nstages;
	int			nd = dst->nevents;
	int			ns = src->nevents;
	TimelineState *out;
	EventRun	dst_run = {NULL, NULL, nd, NULL};
	EventRun	src_run = {timeline_at(src), timeline_stage(src), ns, NULL};

	if (ns == 0)
		return dst;
	for (int i = 0; i < src->nstages; i++)
	{
		int			len = name_len_at(entry);
		int			index = sq_timeline_find_stage(dst, entry + 1, len);

		if (index < 0)
		{
			if (nstages == TIMELINE_MAX_STAGES)
				sq_timeline_report_too_many_stages();
			memcpy(added + added_len, entry, 1 + len);
			added_len += 1 + len;
			index = nstages++;
		}
		map_src[i] = index;
		entry += 1 + len;
	}
	src_run.map = map_src;

	if (dst->names_len + added_len <= dst->names_cap && nd + ns <= dst->event_cap)
	{
		/* in place: move dst's events to the end of its arrays, merge forward */
		int			from = dst->event_cap - nd;

		out = dst;
		memmove(timeline_at(dst) + from, timeline_at(dst), nd * sizeof(TimestampTz));
		memmove(timeline_stage(dst) + from, timeline_stage(dst), nd);
		dst_run.at = timeline_at(dst) + from;
		dst_run.stage = timeline_stage(dst) + from;
	}
	else
	{
		/* doubling, as when adding events: O(log n) copies, not one per merge */
		out = timeline_grow(dst, dst->names_len + added_len, Min(nd + ns, TIMELINE_MAX_EVENTS));
		dst_run.at = timeline_at(dst);
		dst_run.stage = timeline_stage(dst);
	}
	memcpy(timeline_names(out) + out->names_len, added, added_len);
	out->names_len += added_len;
	out->nstages = nstages;
	sq_timeline_name_offsets(out, offsets);
	out->nevents = merge_events(&dst_run, &src_run, timeline_names(out), offsets,
								timeline_at(out), timeline_stage(out));
	return out;
}

TimelineState *
sq_timeline_union(const TimelineState *a, const TimelineState *b)
{
	TimelineState *copy = copy_with_room(a, a->names_len + b->names_len,
										 Min(a->nevents + b->nevents, TIMELINE_MAX_EVENTS));
	TimelineState *merged = sq_timeline_merge(copy, b);

	/* merged in place unless the events hit the limit of the copy's room */
	if (merged != copy)
		pfree(copy);
	return merged;
}

void
sq_timeline_state_build(TimelineState *out, int n, const TimestampTz *at, const uint8 *stage,
						const char *const *names, const uint8 *lens, int names_len)
{
	uint8		local[256];
	char	   *entry;
	uint8	   *out_stages;
	int			nstages = 0;
	int			needed = 0;

	memset(local, 0xFF, sizeof(local));
	for (int e = 0; e < n; e++)
		if (local[stage[e]] == 0xFF)
		{
			local[stage[e]] = 0;
			needed += 1 + lens[stage[e]];
		}
	if (needed != names_len)
		elog(ERROR, "sq_timeline_state_build: events do not match their dictionary");

	init_state(out, names_len, n);
	entry = timeline_names(out);
	out_stages = timeline_stage(out);
	memset(local, 0xFF, sizeof(local));
	for (int e = 0; e < n; e++)
	{
		int			s = stage[e];

		if (local[s] == 0xFF)
		{
			entry[0] = (char) lens[s];
			memcpy(entry + 1, names[s], lens[s]);
			entry += 1 + lens[s];
			local[s] = nstages++;
		}
		out_stages[e] = local[s];
	}
	if (nstages > TIMELINE_MAX_STAGES)
		sq_timeline_report_too_many_stages();
	memcpy(timeline_at(out), at, n * sizeof(TimestampTz));
	out->nstages = nstages;
	out->nevents = n;
	out->names_len = names_len;
}
