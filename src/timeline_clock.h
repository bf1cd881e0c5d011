/*-------------------------------------------------------------------------
 *
 * timeline_clock.h
 *	  How timeline durations are measured, and the duration functions in a
 *	  form that any clock can drive.
 *
 * Every duration of a timeline (timeline_duration, timeline_time_in, the
 * refund times) is computed as a sum of elapsed(from, to) over spans of
 * the timeline.  A clock says what elapsed means: calendar time is
 * to - from; business time counts only the working hours of a calendar.
 *
 * Each SQL duration function is a thin wrapper around its *_clocked
 * implementation with timeline_calendar_clock.  A business-time overload
 * (same arguments plus a trailing calendar) is another thin wrapper that
 * builds a TimelineClock from its last argument and passes the same flags:
 * the implementations read only their leading arguments.  A clock provider
 * may keep prepared data per call site in timeline_call_cache()->clock
 * (timeline_args.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_CLOCK_H
#define TIMELINE_CLOCK_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"

#include "timeline_state.h"

/*
 * Elapsed time from `from` to `to` (from <= to, both finite) in
 * microseconds, >= 0.  May raise an error (e.g. on overflow).
 */
typedef int64 (*TimelineElapsedFn) (void *arg, TimestampTz from, TimestampTz to);

typedef struct TimelineClock
{
	TimelineElapsedFn elapsed;
	void	   *arg;
} TimelineClock;

/* to - from */
extern const TimelineClock timeline_calendar_clock;

/*
 * The first event whose stage is in `from`, and the first event in `to` at
 * or after it (events at the same instant count).  False when either is
 * missing.
 */
extern bool timeline_span(const TimelineState *t, StageMask from, StageMask to,
						  TimestampTz *start, TimestampTz *end);

/*
 * Time spent in a set of stages: the sum of its spells.  A spell starts at
 * an event in the set that does not follow another one in the set, and
 * ends at the next event outside the set.  A spell still open at the end
 * ends at the last event, so each event in the set counts the time to the
 * next event.  With until, events after it are ignored and an open spell
 * runs to until.  0 when the set was never entered.
 */
extern int64 timeline_time_in(const TimelineState *t, StageMask stages,
							  const TimestampTz *until, const TimelineClock *clock);

/* clock->elapsed with its contract checked */
extern int64 timeline_elapsed(const TimelineClock *clock, TimestampTz from, TimestampTz to);

/* Microseconds as an interval of hours, minutes and seconds (no day part). */
extern Datum timeline_interval_datum(int64 usecs);

/*
 * The duration functions, for any clock.  Flags say which SQL signature
 * called: stage arguments as text[] rather than text, an `until` argument.
 *
 *	 timeline_duration(timeline_state, from, to)		   args 0-2
 *	 timeline_time_in(timeline_state, stages [, until])	   args 0-1 [2]
 */
extern Datum timeline_duration_clocked(FunctionCallInfo fcinfo, bool stage_arrays,
									   const TimelineClock *clock);
extern Datum timeline_time_in_clocked(FunctionCallInfo fcinfo, bool stage_array,
									  bool has_until, const TimelineClock *clock);

#endif							/* TIMELINE_CLOCK_H */
