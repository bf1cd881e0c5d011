/*-------------------------------------------------------------------------
 *
 * refund.h
 *	  Refund times from a timeline, for any clock (see timeline_clock.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef REFUND_H
#define REFUND_H

#include "postgres.h"
#include "fmgr.h"

#include "timeline_clock.h"

typedef enum RefundTime
{
	REFUND_COMPLETION_TIME,		/* request -> succeeded or closed */
	REFUND_RESPONSE_TIME,		/* request -> first merchant response */
	REFUND_HANDLING_TIME		/* paths 1-3: request -> decision; path 4:
								 * return received -> decision */
} RefundTime;

/*
 * refund_<which>(timeline_state [, vocabulary jsonb]): argument 0 is the
 * timeline, argument 1 the vocabulary when has_vocabulary.
 */
extern Datum refund_time_clocked(FunctionCallInfo fcinfo, RefundTime which,
								 bool has_vocabulary, const TimelineClock *clock);

#endif							/* REFUND_H */
