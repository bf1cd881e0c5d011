/*-------------------------------------------------------------------------
 *
 * outcome_state.h
 *	  outcome_state: a 2x2 table of counts, exposed or not by outcome or
 *	  not (customers who scored 8+ or not, by whether they bought again),
 *	  for risk ratios, odds ratios and their tests.
 *
 * Each side is kept as outcomes out of trials, like a proportion_state:
 * the cells are exposed_outcomes, exposed_trials - exposed_outcomes,
 * unexposed_outcomes and unexposed_trials - unexposed_outcomes.  Counts are
 * exact 64-bit integers, so merging is exact, associative and commutative.
 *
 *-------------------------------------------------------------------------
 */
#ifndef OUTCOME_STATE_H
#define OUTCOME_STATE_H

#include "postgres.h"
#include "fmgr.h"

#include "svcquality.h"

#define OUTCOME_STATE_VERSION 1

typedef struct OutcomeState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* OUTCOME_STATE_VERSION */
	uint8		reserved[3];	/* zero */
	int64		exposed_outcomes;
	int64		exposed_trials;
	int64		unexposed_outcomes;
	int64		unexposed_trials;
} OutcomeState;

/*
 * A state argument or datum detoasted, its format version checked
 * (sq_check_stored_version); _COPY: a private copy, to change.
 */
#define DatumGetOutcomeState(d) \
	((OutcomeState *) sq_detoast_state((d), "outcome_state", OUTCOME_STATE_VERSION))
#define DatumGetOutcomeStateCopy(d) \
	((OutcomeState *) sq_detoast_state_copy((d), "outcome_state", OUTCOME_STATE_VERSION))
#define PG_GETARG_OUTCOME_STATE(n) DatumGetOutcomeState(PG_GETARG_DATUM(n))
#define PG_GETARG_OUTCOME_STATE_COPY(n) DatumGetOutcomeStateCopy(PG_GETARG_DATUM(n))

/* A new state holding these counts, palloc'd in the current context. */
extern OutcomeState *sq_outcome_state_new(int64 exposed_outcomes, int64 exposed_trials,
										  int64 unexposed_outcomes, int64 unexposed_trials);

/*
 * Why the counts of a state are unacceptable (as "outcomes must not exceed
 * trials"), or NULL: the rules text and binary input and outcome_of share.
 */
extern const char *sq_outcome_state_problem(const OutcomeState *state);

/* Add src's counts into dst (22003 beyond the 64-bit range). */
extern void sq_outcome_state_merge_into(OutcomeState *dst, const OutcomeState *src);
pg_attribute_noreturn() extern void sq_outcome_state_report_overflow(int64 count, int64 added);

#endif							/* OUTCOME_STATE_H */
