/*-------------------------------------------------------------------------
 *
 * business_calendar_value.h
 *	  The stored form of business_calendar, and the parts it is built from.
 *
 * Text and binary input both collect a CalendarParts, which
 * sq_calendar_parts_finish() normalizes (spans and holidays sorted and merged,
 * extra working dates sorted and checked) before sq_calendar_from_parts()
 * lays it out as a varlena.  So every stored calendar is canonical, and two
 * calendars with the same meaning have the same bytes.
 *
 * Stored layout, version 1 (all int32, so the value needs int4 alignment):
 *
 *	 header			version, flags, day_first[8], nholidays, nworkdays
 *	 spans			(start, end) seconds after local midnight, 0..86400,
 *					weekday by weekday (Monday first), each weekday's spans
 *					ascending and separated by gaps
 *	 holidays		(first, last) dates as days since 2000-01-01, ascending,
 *					neither overlapping nor adjacent
 *	 workdays		(date, weekday whose hours apply, Monday = 0), ascending
 *	 zone			the IANA time zone name as PostgreSQL spells it, NUL-ended
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_VALUE_H
#define BUSINESS_CALENDAR_VALUE_H

#include "postgres.h"

#include "business_calendar.h"

#define BUSINESS_CALENDAR_VERSION 1

#define CALENDAR_WEEKDAYS 7		/* Monday = 0 ... Sunday = 6 */
#define CALENDAR_DAY_SECONDS 86400

/* Dates a calendar may name: years 1 to 9999, as days since 2000-01-01. */
#define CALENDAR_FIRST_DATE (-730119)	/* 0001-01-01 */
#define CALENDAR_LAST_DATE 2921939	/* 9999-12-31 */

struct BusinessCalendar
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* BUSINESS_CALENDAR_VERSION */
	uint8		flags;			/* zero: reserved */
	uint16		reserved;		/* zero */
	int32		day_first[CALENDAR_WEEKDAYS + 1];	/* weekday d's spans are
													 * [day_first[d],
													 * day_first[d + 1]) */
	int32		nholidays;
	int32		nworkdays;
	int32		data[FLEXIBLE_ARRAY_MEMBER];
};

static inline const int32 *
calendar_spans(const BusinessCalendar *cal)
{
	return cal->data;
}

static inline const int32 *
calendar_holidays(const BusinessCalendar *cal)
{
	return cal->data + 2 * cal->day_first[CALENDAR_WEEKDAYS];
}

static inline const int32 *
calendar_workdays(const BusinessCalendar *cal)
{
	return calendar_holidays(cal) + 2 * cal->nholidays;
}

static inline const char *
calendar_zone(const BusinessCalendar *cal)
{
	return (const char *) (calendar_workdays(cal) + 2 * cal->nworkdays);
}

/*
 * A working span of one weekday, [from, to) in seconds after local
 * midnight, or a holiday range, [from, to] in days since 2000-01-01.
 */
typedef struct CalendarRange
{
	int32		from;
	int32		to;
} CalendarRange;

/* An extra working date and the weekday whose hours it takes. */
typedef struct CalendarWorkday
{
	int32		date;
	int32		weekday;		/* Monday = 0, or -1: not given */
	int			origin;			/* where the input named it, for errors */
} CalendarWorkday;

typedef struct CalendarParts
{
	char	   *zone;			/* canonical zone name, or NULL */
	int			nspans[CALENDAR_WEEKDAYS];
	int			maxspans[CALENDAR_WEEKDAYS];
	CalendarRange *spans[CALENDAR_WEEKDAYS];
	int			nholidays;
	int			maxholidays;
	CalendarRange *holidays;
	int			nworkdays;
	int			maxworkdays;
	CalendarWorkday *workdays;
} CalendarParts;

extern void sq_calendar_parts_init(CalendarParts *parts);
extern void sq_calendar_parts_add_span(CalendarParts *parts, int weekday, int32 start, int32 end);
extern void sq_calendar_parts_add_holidays(CalendarParts *parts, int32 first, int32 last);
extern void sq_calendar_parts_add_workday(CalendarParts *parts, int32 date, int weekday, int origin);

/*
 * Why parts do not make a calendar, in the words of each input: text input
 * says what it expected at a position, binary input what is wrong.
 */
typedef struct CalendarProblem
{
	const char *expected;		/* "a working date not given before" */
	const char *problem;		/* "a working date is given twice" */
} CalendarProblem;

/*
 * Normalize the parts.  Returns NULL when they make a valid calendar, else
 * the problem, with *origin set to the origin of the offending extra
 * working date, or -1 when the problem is not tied to one (no time zone).
 */
extern const CalendarProblem *sq_calendar_parts_finish(CalendarParts *parts, int *origin);

/* The stored value of finished parts, palloc'd in the current context. */
extern BusinessCalendar *sq_calendar_from_parts(const CalendarParts *parts);

/*
 * The zone of the tz database PostgreSQL knows by this name, or NULL; sets
 * the canonical name.  Input checks that the name is not a POSIX rule
 * string (check_database); stored calendars passed that check already.
 */
extern struct pg_tz *sq_calendar_find_zone(const char *name, bool check_database,
										   const char **canonical);

/* Short names of the weekdays, Monday first: "mon" ... "sun". */
extern const char *const sq_calendar_weekday_names[CALENDAR_WEEKDAYS];

#endif							/* BUSINESS_CALENDAR_VALUE_H */
