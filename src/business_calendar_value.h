/*-------------------------------------------------------------------------
 *
 * business_calendar_value.h
 *	  The stored forms of business_calendar, and the parts they are built from.
 *
 * Text and binary input both collect a CalendarParts, which
 * sq_calendar_parts_finish() normalizes (spans, holidays and dated hours
 * sorted and merged, extra working dates sorted and checked, versions
 * checked and those equal to the one before dropped) before
 * sq_calendar_from_parts() lays it out as a varlena.  So every stored
 * calendar is canonical, and two calendars with the same meaning have the
 * same bytes.  Code that reads a stored calendar goes through
 * sq_calendar_view(), which reads either layout.
 *
 * Layout version 1, for calendars of one version without dated hours (the
 * only layout of svcquality 0.1.0, kept byte for byte: all int32, so the
 * value needs int4 alignment):
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
 * Layout version 2, for every other calendar:
 *
 *	 header			version, flags, nversions, nspans, nholidays, nworkdays,
 *					ndated, ndated_spans
 *	 versions		nversions records of CALENDAR_V2_VERSION_INTS: the first
 *					local date it governs (unused for the first), the byte
 *					offset of its zone name in the zones, and day_first[8]
 *					indexing the spans
 *	 spans			all versions' weekly spans, as in version 1
 *	 holidays		as in version 1
 *	 workdays		as in version 1
 *	 dated			ndated records (first, last, first span, number of
 *					spans): dates with hours of their own, ascending,
 *					disjoint
 *	 dated spans	their (start, end) pairs
 *	 zones			the versions' zone names, each NUL-ended
 *
 *-------------------------------------------------------------------------
 */
#ifndef BUSINESS_CALENDAR_VALUE_H
#define BUSINESS_CALENDAR_VALUE_H

#include "postgres.h"

#include "business_calendar.h"
#include "svcquality.h"

#define BUSINESS_CALENDAR_V1 1
#define BUSINESS_CALENDAR_V2 2

#define CALENDAR_WEEKDAYS 7		/* Monday = 0 ... Sunday = 6 */
#define CALENDAR_DAY_SECONDS 86400

/* Dates a calendar may name: years 1 to 9999, as days since 2000-01-01. */
#define CALENDAR_FIRST_DATE (-730119)	/* 0001-01-01 */
#define CALENDAR_LAST_DATE 2921939	/* 9999-12-31 */

/* What both layouts start with. */
struct BusinessCalendar
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* BUSINESS_CALENDAR_V1 or _V2 */
	uint8		flags;			/* zero: reserved */
	uint16		reserved;		/* zero */
};

/*
 * A calendar datum detoasted, its format version checked: one this build
 * does not read is an error (0A000, sq_check_stored_versions).
 */
#define DatumGetBusinessCalendar(d) \
	((BusinessCalendar *) sq_detoast_state_versions((d), "business_calendar", \
													BUSINESS_CALENDAR_V1, BUSINESS_CALENDAR_V2))

typedef struct CalendarLayoutV1
{
	struct BusinessCalendar header;
	int32		day_first[CALENDAR_WEEKDAYS + 1];	/* weekday d's spans are
													 * [day_first[d],
													 * day_first[d + 1]) */
	int32		nholidays;
	int32		nworkdays;
	int32		data[FLEXIBLE_ARRAY_MEMBER];
} CalendarLayoutV1;

#define CALENDAR_V2_VERSION_INTS (2 + CALENDAR_WEEKDAYS + 1)

typedef struct CalendarLayoutV2
{
	struct BusinessCalendar header;
	int32		nversions;
	int32		nspans;
	int32		nholidays;
	int32		nworkdays;
	int32		ndated;
	int32		ndated_spans;
	int32		data[FLEXIBLE_ARRAY_MEMBER];
} CalendarLayoutV2;

/* A version: a zone and a week, in force from a local date. */
typedef struct CalendarVersionView
{
	int32		from;			/* first local date it governs (not for the
								 * first version, which has no beginning) */
	const char *zone;
	const int32 *spans;			/* (start, end) pairs; weekday d's are */
	int32		day_first[CALENDAR_WEEKDAYS + 1];	/* [day_first[d],
													 * day_first[d + 1]) */
} CalendarVersionView;

/* Dates first..last with hours of their own. */
typedef struct CalendarDatedView
{
	int32		first;
	int32		last;
	int			nspans;
	const int32 *spans;			/* (start, end) pairs */
} CalendarDatedView;

/* A stored calendar of either layout, read (the arrays point into it). */
typedef struct CalendarView
{
	int			nversions;
	CalendarVersionView *versions;	/* ascending from dates */
	int			nholidays;
	const int32 *holidays;		/* (first, last) pairs */
	int			nworkdays;
	const int32 *workdays;		/* (date, weekday) pairs */
	int			ndated;
	CalendarDatedView *dated;	/* ascending */
} CalendarView;

/* Weekday d's spans in a version: how many, and the (start, end) pairs. */
static inline int
calendar_day_spans(const CalendarVersionView *version, int d)
{
	return version->day_first[d + 1] - version->day_first[d];
}

static inline const int32 *
calendar_day_span_list(const CalendarVersionView *version, int d)
{
	return version->spans + 2 * version->day_first[d];
}

/* Read a stored calendar; the view's own arrays are palloc'd. */
extern void sq_calendar_view(const BusinessCalendar *cal, CalendarView *view);

/*
 * A working span of one weekday or date, [from, to) in seconds after local
 * midnight, or a holiday range, [from, to] in days since 2000-01-01.
 */
typedef struct CalendarRange
{
	int32		from;
	int32		to;
} CalendarRange;

/* Growing lists of spans. */
typedef struct CalendarSpans
{
	int			count;
	int			allocated;
	CalendarRange *ranges;
} CalendarSpans;

/* An extra working date and the weekday whose hours it takes. */
typedef struct CalendarWorkday
{
	int32		date;
	int32		weekday;		/* Monday = 0, or -1: not given */
	int			origin;			/* where the input named it, for errors */
} CalendarWorkday;

/* Dates with hours of their own. */
typedef struct CalendarDated
{
	int32		first;
	int32		last;
	CalendarSpans spans;
	int			origin;
} CalendarDated;

typedef struct CalendarVersionParts
{
	int32		from;			/* first local date (not for the first) */
	char	   *zone;			/* canonical name, or NULL: the previous
								 * version's */
	CalendarSpans week[CALENDAR_WEEKDAYS];
} CalendarVersionParts;

typedef struct CalendarParts
{
	int			nversions;		/* at least 1; the last is being read */
	int			maxversions;
	CalendarVersionParts *versions;
	int			nholidays;
	int			maxholidays;
	CalendarRange *holidays;
	int			nworkdays;
	int			maxworkdays;
	CalendarWorkday *workdays;
	int			ndated;
	int			maxdated;
	CalendarDated *dated;
} CalendarParts;

/*
 * Why parts do not make a calendar, in the words of each input: text input
 * says what it expected at a position, binary input what is wrong.
 */
typedef struct CalendarProblem
{
	const char *expected;		/* "a working date not given before" */
	const char *problem;		/* "a working date is given twice" */
} CalendarProblem;

/* Parts with one version, the first, without zone or hours. */
extern void sq_calendar_parts_init(CalendarParts *parts);

/*
 * Start a version in force from a local date; later items fill it.  Returns
 * the problem, adding nothing, when the date is not after the previous
 * version's.
 */
extern const CalendarProblem *sq_calendar_parts_add_version(CalendarParts *parts, int32 from);

/* The last version's zone and hours. */
extern void sq_calendar_parts_set_zone(CalendarParts *parts, const char *canonical);
extern void sq_calendar_parts_add_span(CalendarParts *parts, int weekday, int32 start, int32 end);

extern void sq_calendar_parts_add_holidays(CalendarParts *parts, int32 first, int32 last);
extern void sq_calendar_parts_add_workday(CalendarParts *parts, int32 date, int weekday, int origin);

/* Dates first..last get (a copy of) these spans as their hours. */
extern void sq_calendar_parts_add_dated(CalendarParts *parts, int32 first, int32 last,
										const CalendarSpans *spans, int origin);

extern void sq_calendar_spans_add(CalendarSpans *spans, int32 start, int32 end);

/*
 * Normalize the parts.  Returns NULL when they make a valid calendar, else
 * the problem, with *origin set to the origin of the offending item, or -1
 * when the problem is not tied to one (no time zone).
 */
extern const CalendarProblem *sq_calendar_parts_finish(CalendarParts *parts, int *origin);

/*
 * The stored value of finished parts, palloc'd in the current context:
 * layout version 1 when the parts fit it, else version 2.
 */
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
