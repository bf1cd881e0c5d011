/*-------------------------------------------------------------------------
 *
 * duration_outcome_state.h
 *	  duration_outcome_state: an outcome rate by duration bucket (churn or
 *	  repurchase by refund completion time, satisfaction by time to first
 *	  response), for rates per bucket and a trend test across them.
 *
 * The buckets are given by k increasing edges e_1 < ... < e_k (whole
 * microseconds, as interval holds them): bucket 1 holds the durations
 * under e_1, bucket i + 1 those from e_i up to (not including) e_(i+1),
 * bucket k + 1 those from e_k on.  Each bucket keeps outcomes out of
 * trials as exact 64-bit counts, so states with the same edges merge
 * exactly; states with different edges do not merge (an error).
 *
 *-------------------------------------------------------------------------
 */
#ifndef DURATION_OUTCOME_STATE_H
#define DURATION_OUTCOME_STATE_H

#include "postgres.h"
#include "fmgr.h"

#include "svcquality.h"

#define DURATION_OUTCOME_STATE_VERSION 1

/* Enough for any sensible report; a state stays below 25 kB. */
#define DURATION_OUTCOME_MAX_EDGES 1000

/*
 * Edges up to which sq_duration_outcome_bucket compares each edge rather
 * than searching: 8 comparisons that do not wait on each other take a few
 * more instructions than the 3 steps of a search of 8 edges, each of which
 * waits for the one before, and less time (measured with 4 and 8 edges,
 * and with 16, of which one step of search leaves 8: docs/performance_log.md,
 * "Time on lines").
 */
#define DURATION_OUTCOME_COUNTED_EDGES 8

typedef struct DurationOutcomeState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* DURATION_OUTCOME_STATE_VERSION */
	uint8		reserved[3];	/* zero */
	int32		nedges;			/* k, 1 to DURATION_OUTCOME_MAX_EDGES */
	int32		reserved2;		/* zero; keeps the counts 8-byte aligned */

	/*
	 * int64 edges_us[k], outcomes[k + 1], trials[k + 1], in this order: the
	 * merge adds the outcomes and trials as one array of 2 (k + 1) counts
	 */
	int64		data[FLEXIBLE_ARRAY_MEMBER];
} DurationOutcomeState;

#define DurationOutcomeBuckets(s) ((s)->nedges + 1)
#define DurationOutcomeEdges(s) ((s)->data)
#define DurationOutcomeOutcomes(s) ((s)->data + (s)->nedges)
#define DurationOutcomeTrials(s) ((s)->data + 2 * (s)->nedges + 1)
#define DurationOutcomeSize(nedges) \
	(offsetof(DurationOutcomeState, data) + sizeof(int64) * (3 * (Size) (nedges) + 2))

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetDurationOutcomeState(d) \
	((DurationOutcomeState *) sq_detoast_state((d), "duration_outcome_state", \
											   DURATION_OUTCOME_STATE_VERSION))
#define DatumGetDurationOutcomeStateCopy(d) \
	((DurationOutcomeState *) sq_detoast_state_copy((d), "duration_outcome_state", \
													DURATION_OUTCOME_STATE_VERSION))
#define PG_GETARG_DURATION_OUTCOME_STATE(n) DatumGetDurationOutcomeState(PG_GETARG_DATUM(n))
#define PG_GETARG_DURATION_OUTCOME_STATE_COPY(n) DatumGetDurationOutcomeStateCopy(PG_GETARG_DATUM(n))

/* A state with these edges and no counts, palloc'd in the current context. */
extern DurationOutcomeState *sq_duration_outcome_state_new(int32 nedges, const int64 *edges_us);

/*
 * Why a decoded state is unacceptable ("bucket edges must increase",
 * "outcomes must not exceed trials", ...), or NULL: the rules text and
 * binary input share.  The number of edges is checked by the readers,
 * before they allocate.
 */
extern const char *sq_duration_outcome_state_problem(const DurationOutcomeState *state);

/*
 * The bucket (0 to k) of a duration: the number of edges at or below it.
 * Inline: it runs on every row of the aggregate.
 */
static inline int
sq_duration_outcome_bucket(const DurationOutcomeState *state, int64 us)
{
	const int64 *edges = DurationOutcomeEdges(state);
	int			lo = 0,
				len = state->nedges,
				bucket;

	/*
	 * Many edges: a binary search narrows them to at most
	 * DURATION_OUTCOME_COUNTED_EDGES.  Its steps depend only on the number of
	 * edges; the comparison picks lo with a conditional move, not a jump that
	 * durations in random order would mispredict half the time.  The answer
	 * stays in lo..lo + len, and edges before lo are at or below us.
	 */
	while (len > DURATION_OUTCOME_COUNTED_EDGES)
	{
		int			half = len / 2;

		lo = edges[lo + half - 1] <= us ? lo + half : lo;
		len -= half;
	}

	/*
	 * The rest are counted.  Each comparison loads its own edge, whatever the
	 * others give, where each step of a search waits for the load the step
	 * before chose: for a few edges the search's chain of loads costs more
	 * time a row than the comparisons it saves.
	 */
	bucket = lo;
	for (int i = 0; i < len; i++)
		bucket += edges[lo + i] <= us;
	return bucket;
}

/*
 * Add src's counts into dst: 22023 when their edges differ, 22003 beyond
 * the 64-bit range, after which dst holds wrapped counts and must be
 * thrown away (as an error does with an aggregate's state).
 */
extern void sq_duration_outcome_state_merge_into(DurationOutcomeState *dst,
												 const DurationOutcomeState *src);
pg_attribute_noreturn() extern void sq_duration_outcome_report_overflow(int64 count, int64 added);

#endif							/* DURATION_OUTCOME_STATE_H */
