/*-------------------------------------------------------------------------
 *
 * business_calendar.h
 *	  Business calendars and the working time they imply: the C API.
 *
 * A business_calendar holds a team's weekly working hours (several spans a
 * day), its time zone, holidays, extra working dates and dates with hours
 * of their own; it may have versions, each with its own zone and weekly
 * hours, in force from a date.  SQL code uses it through business_time(),
 * business_deadline(), business_start(), is_business_time(),
 * business_days(), business_day() and business_day_deadline(); other
 * svcquality concepts (case timelines measuring durations in business
 * time, SLA clocks, staffing intervals) use the functions below.
 *
 * Meaning.  Working hours are wall-clock times of a local date in the zone
 * of the version in force.  An instant is working time when its wall-clock
 * reading (date and time of day, as AT TIME ZONE gives it) falls inside a
 * working span of that date: on a holiday there is none; on an extra
 * working date the spans of the weekday it names apply; a date with hours
 * of its own has those.  Elapsed working time is the real time spent in
 * working instants, so daylight saving needs no special case: on the
 * spring-forward day the skipped wall-clock hour does not exist and holds
 * no working time, on the fall-back day the repeated hour happens twice
 * and counts twice when it is working time.
 *
 * Versions.  A version takes over at the instant from which its zone's
 * clocks read its first date or later for good (local midnight in its
 * zone, or the end of a skipped hour that swallows midnight), and is in
 * force until the next one takes over; working spans of the version
 * before that run past that instant are cut there.  Exceptions belong to
 * the calendar and apply under whichever version is in force.
 *
 * Business days.  A business day is a local date with working hours, under
 * the version whose dates include it (the last first date on or before
 * it).  It closes at the end of its last working span (the instant from
 * which the zone's clocks read that time or later for good, and never
 * before an earlier business day's close).  An instant belongs to the
 * first business day that closes at or after it.
 *
 * Use, in a function whose calendar is argument 2:
 *
 *	  BusinessCalendarPrepared *cal = sq_business_calendar_lookup(fcinfo, 2);
 *	  int64 usecs = sq_business_calendar_elapsed(cal, start, end);
 *
 * sq_business_calendar_lookup() keeps prepared calendars in fn_extra, keyed on
 * the bytes of the argument (a constant argument is not even compared), so
 * a constant calendar or one per team costs one preparation per query.  A
 * function that needs fn_extra for itself keeps a BusinessCalendarCache in
 * its own struct instead:
 *
 *	  if (my->calendars == NULL)
 *		  my->calendars = sq_business_calendar_cache_create(fcinfo->flinfo->fn_mcxt);
 *	  cal = sq_business_calendar_cache_get(my->calendars, PG_GETARG_DATUM(3));
 *
 * or calls sq_business_calendar_prepare() itself (on a detoasted value) and
 * keeps the result as long as its memory context lives.  In parallel
 * queries each worker prepares its own.
 *
 * The per-row functions do no catalog access and no allocation, except
 * that a prepared calendar caches the zone's UTC offset changes for the
 * time range seen so far and extends that cache (in its own memory
 * context) when an instant falls outside it.  That is why they take a
 * non-const pointer; a prepared calendar belongs to one backend.  The
 * cache stops growing at the year 10800, after which the zone's rules
 * repeat every 400 years, so it stays within about a megabyte whatever the
 * instants.
 *
 * Errors: infinite timestamps raise 22008 (datetime_field_overflow), as do
 * results outside the timestamp or interval range; a negative amount or
 * number of days raises 22023, and so does preparing a calendar whose time zone the
 * server does not know (after a change of its time zone data).
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_H
#define BUSINESS_CALENDAR_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/date.h"

/* The SQL value (a varlena); its layout is private to the calendar code. */
typedef struct BusinessCalendar BusinessCalendar;

/* A calendar ready for per-row use, built once per query. */
typedef struct BusinessCalendarPrepared BusinessCalendarPrepared;

/* A few prepared calendars, keyed on the SQL values they came from. */
typedef struct BusinessCalendarCache BusinessCalendarCache;

/*
 * Prepare a calendar: resolve its zone (22023 if this server does not know
 * it) and precompute its week.  Everything is allocated in mcxt, which
 * must outlive every use of the result.
 */
extern BusinessCalendarPrepared *sq_business_calendar_prepare(const BusinessCalendar *cal,
															  MemoryContext mcxt);

/*
 * A cache of up to 64 prepared calendars living in mcxt.  cache_get takes
 * the calendar Datum as passed (possibly toasted, compressed or with a
 * short header) and detoasts it only when it is not cached yet.
 */
extern BusinessCalendarCache *sq_business_calendar_cache_create(MemoryContext mcxt);
extern BusinessCalendarPrepared *sq_business_calendar_cache_get(BusinessCalendarCache *cache,
																Datum calendar);

/* cache_get on a cache kept in fcinfo->flinfo->fn_extra (owned by it). */
extern BusinessCalendarPrepared *sq_business_calendar_lookup(FunctionCallInfo fcinfo,
															 int argno);

/*
 * Working microseconds from start to end.  Antisymmetric: when end is
 * before start the result is minus the working time from end to start, so
 * elapsed(a, b) + elapsed(b, c) = elapsed(a, c) for any a, b, c.
 */
extern int64 sq_business_calendar_elapsed(BusinessCalendarPrepared *cal,
										  TimestampTz start, TimestampTz end);

/*
 * The first instant at which amount (>= 0) microseconds of working time
 * have elapsed since start: elapsed(start, *deadline) = amount, and no
 * earlier instant has that.  An amount of 0 gives start itself.  Returns
 * false when the calendar has less working time than amount after start:
 * its last version has no weekly hours (a calendar of one version without
 * dated hours then has no working hours at all).
 */
extern bool sq_business_calendar_deadline(BusinessCalendarPrepared *cal,
										  TimestampTz start, int64 amount,
										  TimestampTz *deadline);

/*
 * The latest start before a deadline: the last instant s at or before end
 * at which amount (>= 0) microseconds of working time remain until end,
 * elapsed(s, *start) = amount.  So work started at s or earlier gets amount
 * by end, work started later does not.  An amount of 0 gives end itself,
 * working time or not.  Returns false when the calendar has less working
 * time than amount before end (its first version has no weekly hours).
 */
extern bool sq_business_calendar_start(BusinessCalendarPrepared *cal,
									   TimestampTz end, int64 amount,
									   TimestampTz *start);

/*
 * The start of the window of amount (>= 0) microseconds of working time
 * ending at end: the first instant s with elapsed(s, end) <= amount, so
 * the instants within amount of working time before end are [*start,
 * end].  It differs from sq_business_calendar_start() where working time
 * pauses: for 1 hour before Monday 10:00 under office hours 09:00-18:00,
 * the latest start is Monday 09:00 and the window starts on Friday at
 * 18:00.  Returns false when every earlier instant is within the window:
 * the calendar has no more working time before end, or no more than
 * amount from the first timestamp on.
 */
extern bool sq_business_calendar_window_start(BusinessCalendarPrepared *cal,
											  TimestampTz end, int64 amount,
											  TimestampTz *start);

/* Is ts working time?  Spans include their start and exclude their end. */
extern bool sq_business_calendar_is_working(BusinessCalendarPrepared *cal,
											TimestampTz ts);

/*
 * The business day ts belongs to (a local date); false when no business
 * day closes at or after ts.
 */
extern bool sq_business_calendar_day(BusinessCalendarPrepared *cal, TimestampTz ts,
									 DateADT *day);

/*
 * Business days from start to end: the business days that close at or
 * after start and before end (minus those from end to start when end is
 * before start).  So 0 when end is on start's business day, 1 when on the
 * next, and days(a, b) + days(b, c) = days(a, c).
 */
extern int64 sq_business_calendar_days(BusinessCalendarPrepared *cal,
									   TimestampTz start, TimestampTz end);

/*
 * The close of the days-th (>= 0) business day after the one start belongs
 * to (0: that day's close): the last instant end with days(start, end) <=
 * days.  Returns false when there are not that many business days.
 */
extern bool sq_business_calendar_day_deadline(BusinessCalendarPrepared *cal,
											  TimestampTz start, int64 days,
											  TimestampTz *deadline);

/* The zone in which the calendar reads a local date. */
extern struct pg_tz *sq_business_calendar_zone(BusinessCalendarPrepared *cal, DateADT date);

#endif							/* BUSINESS_CALENDAR_H */
