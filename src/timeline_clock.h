/*-------------------------------------------------------------------------
 *
 * timeline_clock.h
 *	  How timeline durations are measured: clocks.
 *
 * Every duration of a timeline (timeline_duration, timeline_time_in, the
 * refund times) is computed as a sum of elapsed(from, to) over spans of
 * the timeline.  A clock says what elapsed means: calendar time is
 * to - from; business time counts only the working hours of a calendar.
 *
 * Each SQL duration function has a business-time overload: the same
 * arguments plus a trailing business_calendar.  Both are one-line C entry
 * points calling one implementation, which takes its clock from
 * sq_timeline_clock(fcinfo, business) and reads only the leading
 * arguments.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_CLOCK_H
#define TIMELINE_CLOCK_H

#include "svcquality.h"
#include "fmgr.h"
#include "datatype/timestamp.h"

/*
 * Elapsed time from `from` to `to` (from <= to, both finite) in
 * microseconds, >= 0.  May raise an error (e.g. on overflow).
 */
typedef int64 (*TimelineElapsedFn) (void *arg, TimestampTz from, TimestampTz to);

/*
 * The first instant at which amount (> 0) microseconds have elapsed since
 * from, when elapsed(from, to) >= amount for a known finite to (so the
 * instant exists and is at most to).
 */
typedef TimestampTz (*TimelineDeadlineFn) (void *arg, TimestampTz from, int64 amount);

typedef struct TimelineClock
{
	TimelineElapsedFn elapsed;
	TimelineDeadlineFn deadline;
	void	   *arg;
} TimelineClock;

/*
 * The clock of a call: calendar time, or when business is true the working
 * time of the business_calendar given as the call's last argument.  Its
 * prepared calendars are kept per call site, in the clock slot of
 * sq_timeline_call_cache() (timeline_args.h), so a constant calendar or
 * one per team is prepared once per query.
 */
extern TimelineClock sq_timeline_clock(FunctionCallInfo fcinfo, bool business);

/*
 * The clock of a call whose argument argno is an optional calendar: the
 * calendar's working time, or calendar time when the argument is NULL.
 */
extern TimelineClock sq_timeline_clock_arg(FunctionCallInfo fcinfo, int argno);

/* clock->elapsed with its contract checked */
extern int64 sq_timeline_elapsed(const TimelineClock *clock, TimestampTz from, TimestampTz to);

/* A duration beyond the 64-bit range of microseconds: 22008. */
pg_attribute_noreturn() extern void sq_timeline_report_interval_overflow(void);

/*
 * Microseconds as an interval of hours, minutes and seconds without a day
 * part: durations then add and subtract cleanly (resolution - waiting is
 * '03:00:00', not '1 day -21:00:00'), and still compare equal to
 * timestamptz subtraction.
 */
extern Datum sq_timeline_interval_datum(int64 usecs);

#endif							/* TIMELINE_CLOCK_H */
