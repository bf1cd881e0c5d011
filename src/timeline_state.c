/*-------------------------------------------------------------------------
 *
 * timeline_state.c
 *	  timeline_state: adding events, merging, the dictionary of stage names.
 *
 * Events are kept sorted by (at, stage index) and the dictionary by name,
 * so a state's content depends only on the set of events it holds.  An
 * event is appended in place in the common case (rows of a case arrive
 * roughly in time order); out-of-order events shift the tail.  A state
 * grows by doubling the part that is full, so a case with n events costs
 * O(log n) allocations, and most cases none after their first row.
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

static inline int
name_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	return c != 0 ? c : alen - blen;
}

pg_attribute_noreturn() static void
report_too_many_stages(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline has more than %d distinct stages", TIMELINE_MAX_STAGES),
			 errdetail("A timeline_state holds at most %d distinct stage names per case.",
					   TIMELINE_MAX_STAGES),
			 errhint("Aggregate only the stages you measure, e.g. timeline_agg(stage, at) FILTER (WHERE stage IN (...)).")));
}

pg_attribute_noreturn() static void
report_too_many_events(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("timeline has more than %d distinct events", TIMELINE_MAX_EVENTS),
			 errdetail("A timeline_state holds at most %d distinct (stage, at) events per case.",
					   TIMELINE_MAX_EVENTS),
			 errhint("Check the GROUP BY (one timeline per case), or aggregate only the stages you measure.")));
}

void
timeline_check_name(int len)
{
	if (len > TIMELINE_MAX_STAGE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("stage name of %d bytes is too long", len),
				 errdetail("Stage names are at most %d bytes.", TIMELINE_MAX_STAGE_BYTES)));
}

void
timeline_check_time(TimestampTz at)
{
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event time %s is not finite", TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity"),
				 errdetail("Events need a finite timestamp; skip unknown times with NULL.")));
}

TimelineState *
timeline_state_new(int names_bytes, int events)
{
	int			names_cap = TYPEALIGN(8, names_bytes);
	Size		size = sizeof(TimelineState) + names_cap + (Size) events * (sizeof(TimestampTz) + 1);
	TimelineState *t = palloc0(size);

	SET_VARSIZE(t, size);
	t->version = TIMELINE_STATE_VERSION;
	t->names_cap = names_cap;
	t->event_cap = events;
	return t;
}

/* A copy of t's content in a new state with the given room. */
static TimelineState *
copy_with_room(const TimelineState *t, int names_bytes, int events)
{
	TimelineState *copy = timeline_state_new(names_bytes, events);

	copy->nstages = t->nstages;
	copy->nevents = t->nevents;
	copy->names_len = t->names_len;
	memcpy(timeline_names(copy), timeline_names(t), t->names_len);
	memcpy(timeline_at(copy), timeline_at(t), t->nevents * sizeof(TimestampTz));
	memcpy(timeline_stage(copy), timeline_stage(t), t->nevents);
	return copy;
}

/*
 * A copy of t with at least the given room, copying only what is in use.
 * Doubling what must grow keeps the number of copies logarithmic.
 */
static TimelineState *
timeline_grow(const TimelineState *t, int names_bytes, int events)
{
	if (names_bytes > t->names_cap)
		names_bytes = Min(Max(names_bytes, 2 * t->names_cap), TIMELINE_MAX_NAMES_BYTES);
	else
		names_bytes = t->names_cap;
	if (events > t->event_cap)
		events = Min(Max(events, 2 * t->event_cap), TIMELINE_MAX_EVENTS);
	else
		events = t->event_cap;

	return copy_with_room(t, names_bytes, events);
}

TimelineState *
timeline_state_trim(const TimelineState *t)
{
	return copy_with_room(t, t->names_len, t->nevents);
}

/*
 * Runs for every event row.  Lengths first: most stage names of a case
 * differ in length.  Names are short, so a byte loop beats a call to
 * memcmp.
 */
int
timeline_find_stage(const TimelineState *t, const char *name, int len)
{
	const char *entry = timeline_names(t);

	for (int i = 0; i < t->nstages; i++)
	{
		int			entry_len = name_len_at(entry);

		if (entry_len == len)
		{
			int			k = 0;

			while (k < len && entry[1 + k] == name[k])
				k++;
			if (k == len)
				return i;
		}
		entry += 1 + entry_len;
	}
	return -1;
}

int
timeline_first_event(const TimelineState *t, StageMask stages)
{
	const uint8 *stage_of = timeline_stage(t);

	if (stages == 0)
		return -1;
	for (int e = 0; e < t->nevents; e++)
		if (stages & STAGE_BIT(stage_of[e]))
			return e;
	return -1;
}

void
timeline_name_offsets(const TimelineState *t, uint16 *offsets)
{
	int			offset = 0;

	for (int i = 0; i < t->nstages; i++)
	{
		offsets[i] = offset;
		offset += 1 + name_len_at(timeline_names(t) + offset);
	}
}

/*
 * Insert a name known to be absent, in name order; events referring to
 * later names are renumbered.  The caller has made room.
 */
static int
insert_stage(TimelineState *t, const char *name, int len)
{
	char	   *names = timeline_names(t);
	uint8	   *stages = timeline_stage(t);
	int			offset = 0;
	int			index = 0;

	while (index < t->nstages &&
		   name_cmp(names + offset + 1, name_len_at(names + offset), name, len) < 0)
	{
		offset += 1 + name_len_at(names + offset);
		index++;
	}
	memmove(names + offset + 1 + len, names + offset, t->names_len - offset);
	names[offset] = (char) len;
	memcpy(names + offset + 1, name, len);
	t->names_len += 1 + len;
	t->nstages++;

	if (index < t->nstages - 1)
	{
		for (int e = 0; e < t->nevents; e++)
			if (stages[e] >= index)
				stages[e]++;
	}
	return index;
}

/*
 * Where (at, stage) belongs: searched from the end, where in-order events
 * go.  *duplicate tells whether the very event is already there.
 */
static inline int
event_position(const TimelineState *t, int stage, TimestampTz at, bool *duplicate)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	int			i = t->nevents;

	while (i > 0 && (ats[i - 1] > at || (ats[i - 1] == at && stages[i - 1] > stage)))
		i--;
	*duplicate = i > 0 && ats[i - 1] == at && stages[i - 1] == stage;
	return i;
}

TimelineState *
timeline_add_event(TimelineState *t, const char *name, int len, TimestampTz at)
{
	int			stage = timeline_find_stage(t, name, len);
	int			names_needed = t->names_len;
	int			position;
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
		timeline_check_name(len);
		if (t->nstages >= TIMELINE_MAX_STAGES)
			report_too_many_stages();
		names_needed += 1 + len;
	}
	if (t->nevents >= TIMELINE_MAX_EVENTS)
		report_too_many_events();

	if (unlikely(names_needed > t->names_cap || t->nevents >= t->event_cap))
		t = timeline_grow(t, names_needed, t->nevents + 1);
	if (stage < 0)
	{
		stage = insert_stage(t, name, len);
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
 * The union of two dictionaries, in name order, written to names; map_a and
 * map_b give each input index its index in the union.
 */
static void
merge_dictionaries(const TimelineState *a, const TimelineState *b, char *names,
				   int *names_len, int *nstages, uint8 *map_a, uint8 *map_b)
{
	const char *pa = timeline_names(a);
	const char *pb = timeline_names(b);
	int			ia = 0,
				ib = 0,
				n = 0,
				len = 0;

	while (ia < a->nstages || ib < b->nstages)
	{
		int			c;
		const char *entry;

		if (ib == b->nstages)
			c = -1;
		else if (ia == a->nstages)
			c = 1;
		else
			c = name_cmp(pa + 1, name_len_at(pa), pb + 1, name_len_at(pb));

		if (n == TIMELINE_MAX_STAGES)
			report_too_many_stages();
		entry = c <= 0 ? pa : pb;
		memcpy(names + len, entry, 1 + name_len_at(entry));
		len += 1 + name_len_at(entry);
		if (c <= 0)
		{
			map_a[ia++] = n;
			pa += 1 + name_len_at(pa);
		}
		if (c >= 0)
		{
			map_b[ib++] = n;
			pb += 1 + name_len_at(pb);
		}
		n++;
	}
	*names_len = len;
	*nstages = n;
}

/*
 * Merge two sorted event lists, renumbering stages through the maps and
 * keeping one copy of events present in both.  The output may overlap the
 * a-list if it starts at least nb slots before it: each write then lands
 * on a slot already read.
 */
static int
merge_events(const TimestampTz *a_at, const uint8 *a_stage, int na, const uint8 *map_a,
			 const TimestampTz *b_at, const uint8 *b_stage, int nb, const uint8 *map_b,
			 TimestampTz *out_at, uint8 *out_stage)
{
	int			i = 0,
				j = 0,
				k = 0;

	while (i < na || j < nb)
	{
		TimestampTz at;
		uint8		stage;
		int			c;

		if (j == nb)
			c = -1;
		else if (i == na)
			c = 1;
		else if (a_at[i] != b_at[j])
			c = a_at[i] < b_at[j] ? -1 : 1;
		else
			c = (int) map_a[a_stage[i]] - (int) map_b[b_stage[j]];

		if (c <= 0)
		{
			at = a_at[i];
			stage = map_a[a_stage[i]];
			i++;
			if (c == 0)
				j++;
		}
		else
		{
			at = b_at[j];
			stage = map_b[b_stage[j]];
			j++;
		}
		if (k == TIMELINE_MAX_EVENTS)
			report_too_many_events();
		out_at[k] = at;
		out_stage[k] = stage;
		k++;
	}
	return k;
}

TimelineState *
timeline_merge(TimelineState *dst, const TimelineState *src)
{
	char		names[TIMELINE_MAX_NAMES_BYTES];
	uint8		map_dst[TIMELINE_MAX_STAGES];
	uint8		map_src[TIMELINE_MAX_STAGES];
	int			names_len;
	int			nstages;
	int			nd = dst->nevents;
	int			ns = src->nevents;
	TimelineState *out;

	if (ns == 0)
		return dst;
	merge_dictionaries(dst, src, names, &names_len, &nstages, map_dst, map_src);

	if (names_len <= dst->names_cap && nd + ns <= dst->event_cap)
	{
		/* in place: move dst's events to the end of its arrays, merge forward */
		TimestampTz *ats = timeline_at(dst);
		uint8	   *stages = timeline_stage(dst);
		int			from = dst->event_cap - nd;

		memmove(ats + from, ats, nd * sizeof(TimestampTz));
		memmove(stages + from, stages, nd);
		out = dst;
		out->nevents = merge_events(ats + from, stages + from, nd, map_dst,
									timeline_at(src), timeline_stage(src), ns, map_src,
									ats, stages);
	}
	else
	{
		out = timeline_state_new(Max(names_len, dst->names_cap),
								 Min(Max(nd + ns, dst->event_cap), TIMELINE_MAX_EVENTS));
		out->nevents = merge_events(timeline_at(dst), timeline_stage(dst), nd, map_dst,
									timeline_at(src), timeline_stage(src), ns, map_src,
									timeline_at(out), timeline_stage(out));
	}
	memcpy(timeline_names(out), names, names_len);
	out->names_len = names_len;
	out->nstages = nstages;
	return out;
}
