/*-------------------------------------------------------------------------
 *
 * duration_outcome_state.c
 *	  duration_outcome_state type: construction, merging and the rules a
 *	  state follows (the bucket of a duration: duration_outcome_state.h).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"

#include "duration_outcome_state.h"
#include "duration_state.h"
#include "svcquality_names.h"

DurationOutcomeState *
sq_duration_outcome_state_new(int32 nedges, const int64 *edges_us)
{
	DurationOutcomeState *state;

	Assert(nedges >= 1 && nedges <= DURATION_OUTCOME_MAX_EDGES);
	state = palloc0(DurationOutcomeSize(nedges));
	SET_VARSIZE(state, DurationOutcomeSize(nedges));
	state->version = DURATION_OUTCOME_STATE_VERSION;
	state->nedges = nedges;
	memcpy(DurationOutcomeEdges(state), edges_us, sizeof(int64) * nedges);
	return state;
}

const char *
sq_duration_outcome_state_problem(const DurationOutcomeState *state)
{
	const int64 *edges = DurationOutcomeEdges(state);
	const int64 *outcomes = DurationOutcomeOutcomes(state);
	const int64 *trials = DurationOutcomeTrials(state);

	for (int i = 0; i < state->nedges; i++)
	{
		if (edges[i] < 0 || edges[i] > DURATION_MAX_US)
			return "a bucket edge is outside 0 to 10^12 seconds";
		if (i > 0 && edges[i] <= edges[i - 1])
			return "bucket edges must increase";
	}
	for (int b = 0; b < DurationOutcomeBuckets(state); b++)
	{
		if (outcomes[b] < 0 || trials[b] < 0 || outcomes[b] > trials[b])
			return psprintf("%s (bucket %d: " INT64_FORMAT "/" INT64_FORMAT ")",
							outcomes[b] < 0 || trials[b] < 0 ? "counts must not be negative" :
							"outcomes must not exceed trials",
							b + 1, outcomes[b], trials[b]);
	}
	return NULL;
}

/*
 * Whether two states have the same edges, compared inline rather than by a
 * call to memcmp: a merge aggregate compares the few edges of every stored
 * state it reads.
 */
static inline bool
same_edges(const DurationOutcomeState *a, const DurationOutcomeState *b)
{
	return a->nedges == b->nedges &&
		sq_bytes_equal((const char *) DurationOutcomeEdges(a), (const char *) DurationOutcomeEdges(b),
					   sizeof(int64) * a->nedges);
}

void
sq_duration_outcome_report_overflow(int64 count, int64 added)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("duration_outcome_state count exceeds the 64-bit range"),
			 sq_errdetail_count_sum(count, added)));
}

void
sq_duration_outcome_state_merge_into(DurationOutcomeState *dst, const DurationOutcomeState *src)
{
	/* the outcomes and then the trials: one array of 2 (k + 1) counts */
	int64	   *counts = DurationOutcomeOutcomes(dst);
	const int64 *added = DurationOutcomeOutcomes(src);
	int			ncounts = 2 * DurationOutcomeBuckets(dst);
	bool		overflow = false;

	if (!same_edges(dst, src))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge duration_outcome_state values with different bucket edges"),
				 dst->nedges == src->nedges ?
				 errdetail_plural("Both states have %d edge, at different durations.",
								  "Both states have %d edges, at different durations.",
								  dst->nedges, dst->nedges) :
				 errdetail("The states have %d and %d edges.", dst->nedges, src->nedges),
				 errhint("Aggregate every group with the same edges.")));

	/*
	 * One test before the adds, not one per count; no count is negative (the
	 * validity rule), so the subtractions cannot overflow.  The error names a
	 * trials count, looked for first: outcomes pass the range only where
	 * their trials do.
	 */
	for (int i = 0; i < ncounts; i++)
		overflow |= added[i] > PG_INT64_MAX - counts[i];
	if (unlikely(overflow))
		for (int i = ncounts - 1; i >= 0; i--)
			if (added[i] > PG_INT64_MAX - counts[i])
				sq_duration_outcome_report_overflow(counts[i], added[i]);
	for (int i = 0; i < ncounts; i++)
		counts[i] += added[i];
}
