/*-------------------------------------------------------------------------
 *
 * staffing_intervals.c
 *	  staffing_intervals(): the intervals (15, 30, 60 minutes, ...) of a
 *	  range of local dates in a team's business calendar, whether each is
 *	  open, and optionally the arrivals counted in each.
 *
 * Intervals follow the calendar's wall clock across daylight saving: each
 * local date is cut from its first instant (local midnight, the first of
 * two where a fall-back repeats it, or the end of a skipped hour that
 * swallows it) into steps of real time, the last one ending at the next
 * date's first instant.  So a 30-minute step gives 48 intervals on most
 * days, 46 on a spring-forward day (01:30 is followed by 03:00) and 50 on a
 * fall-back day (01:00 and 01:30 happen twice), every interval lasting 30
 * real minutes; a zone whose offset moves by less than the step (Lord Howe
 * Island's 30-minute shift under a 60-minute step) gets one shorter
 * interval at the end of that day.  A step must divide 24 hours;
 * a step of 1 day (or 24 hours) gives each local date as one interval, of
 * 23 or 25 hours on the days of a change.
 *
 * The open share of an interval is its working time under the calendar
 * divided by its length; arrivals are counted in [starts_at, ends_at), and
 * arrivals_per_hour divides them by the interval's real length, ready for
 * erlang_c_agents().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "business_calendar.h"
#include "svcquality.h"

PG_FUNCTION_INFO_V1(staffing_intervals);

#define INTERVAL_COLUMNS 7

/* Arrival instants, sorted, and the next one to count. */
typedef struct Arrivals
{
	int64	   *at;
	int			count;
	int			next;
} Arrivals;

/* The offset of a zone at an instant, in seconds west of UTC. */
static int
offset_at(pg_tz *zone, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			offset;

	if (timestamp2tm(ts, &offset, &tm, &fsec, NULL, zone) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return offset;
}

/* The wall-clock reading of an instant in a zone. */
static Timestamp
local_time(pg_tz *zone, TimestampTz ts)
{
	return ts - (int64) offset_at(zone, ts) * USECS_PER_SEC;
}

/*
 * The first instant whose wall-clock reading is midnight or later, between
 * one that reads before midnight and one that reads after it: the end of a
 * skipped hour that swallows midnight.
 */
static TimestampTz
end_of_skipped_hour(pg_tz *zone, Timestamp midnight, TimestampTz before, TimestampTz after)
{
	while (after - before > 1)
	{
		TimestampTz middle = before + (after - before) / 2;

		if (local_time(zone, middle) < midnight)
			before = middle;
		else
			after = middle;
	}
	return after;
}

/*
 * The first instant of a local date in a zone.  DetermineTimeZoneOffset
 * reads midnight under one offset, which is not always the date's first
 * instant.  Where a skipped hour swallows midnight, it gives an instant
 * inside the hour or after it; the date begins where the hour ends, which
 * is not at a whole offset from midnight when the hour did not start at
 * midnight (America/Toronto went from 1919-03-30 23:30 to 00:30).  Where a
 * fall-back repeats midnight (Atlantic/Azores every October,
 * America/Havana every November), it gives the later midnight; the date
 * begins at the earlier one, midnight under the offset of the day before.
 */
static TimestampTz
local_day_start(pg_tz *zone, DateADT date)
{
	Timestamp	midnight = (Timestamp) date * USECS_PER_DAY;
	struct pg_tm tm = {0};
	int			offset;
	int			offset_day_before;
	TimestampTz result;
	TimestampTz earlier;

	j2date(date + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	offset = DetermineTimeZoneOffset(&tm, zone);
	if (tm2timestamp(&tm, 0, &offset, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date %s is out of range for timestamp with time zone",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(date))))));
	if (!IS_VALID_TIMESTAMP(result - USECS_PER_DAY))
		return result;
	if (local_time(zone, result) > midnight)
		return end_of_skipped_hour(zone, midnight, result - USECS_PER_DAY, result);
	offset_day_before = offset_at(zone, result - USECS_PER_DAY);
	earlier = result + (int64) (offset_day_before - offset) * USECS_PER_SEC;
	if (earlier < result && offset_at(zone, earlier) == offset_day_before)
		return earlier;
	return result;
}

/* The step in microseconds; it must divide a day. */
static int64
step_usecs(const Interval *step)
{
	int64		usecs = step->time + (int64) step->day * USECS_PER_DAY;

	if (step->month != 0 || step->day < 0 || step->day > 1 || usecs <= 0 ||
		USECS_PER_DAY % usecs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step %s does not divide a day",
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(step)))),
				 errdetail("The step must be a length of time that divides 24 hours, "
						   "such as 15 minutes, 30 minutes, 1 hour or 1 day.")));
	return usecs;
}

static void
check_dates(DateADT first, DateADT last)
{
	if (DATE_NOT_FINITE(first) || DATE_NOT_FINITE(last))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is not a finite date",
						DATE_NOT_FINITE(first) ? "first_day" : "last_day",
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(DATE_NOT_FINITE(first) ?
																			first : last)))),
				 errdetail("The intervals cover the local dates from first_day to last_day, each a finite date.")));
	if (last < first)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("last_day %s is before first_day %s",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(last))),
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(first))))));
}

static int
compare_instants(const void *a, const void *b, void *arg pg_attribute_unused())
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * The non-NULL instants of a timestamptz array, sorted.  An array can hold
 * a hundred million: read and sorted with checks for interrupts, as the
 * rows are made.
 */
static void
arrivals_from_array(ArrayType *array, Arrivals *arrivals)
{
	int			n;
	ArrayIterator it;
	Datum		value;
	bool		isnull;

	sq_check_list_dimensions(ARR_NDIM(array), "arrival_times");
	n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
	it = array_create_iterator(array, 0, NULL);
	arrivals->at = palloc(Max(n, 1) * sizeof(int64));
	arrivals->count = 0;
	arrivals->next = 0;
	while (array_iterate(it, &value, &isnull))
	{
		CHECK_FOR_INTERRUPTS();
		if (!isnull)
			arrivals->at[arrivals->count++] = DatumGetTimestampTz(value);
	}
	array_free_iterator(it);
	sq_qsort_interruptible(arrivals->at, arrivals->count, sizeof(int64), compare_instants, NULL);
}

/* Arrivals in [start, end), given that none is left before start. */
static int64
count_until(Arrivals *arrivals, TimestampTz end)
{
	int			from = arrivals->next;

	while (arrivals->next < arrivals->count && arrivals->at[arrivals->next] < end)
		arrivals->next++;
	return arrivals->next - from;
}

/* The row of the interval [start, end); with arrivals, its count and rate. */
static void
add_interval(SqRows *rows, BusinessCalendarPrepared *calendar, pg_tz *zone,
			 TimestampTz start, TimestampTz end, Arrivals *arrivals)
{
	Datum		values[INTERVAL_COLUMNS];
	bool		nulls[INTERVAL_COLUMNS] = {false};
	double		length = (double) (end - start);
	double		open = sq_business_calendar_elapsed(calendar, start, end) / length;

	values[0] = TimestampTzGetDatum(start);
	values[1] = TimestampTzGetDatum(end);
	values[2] = TimestampGetDatum(local_time(zone, start));
	values[3] = BoolGetDatum(open > 0.0);
	values[4] = Float8GetDatum(open);
	if (arrivals)
	{
		int64		n = count_until(arrivals, end);

		values[5] = Int64GetDatum(n);
		values[6] = Float8GetDatum((double) n * (double) USECS_PER_HOUR / length);
	}
	sq_rows_add(rows, values, nulls);
}

Datum
staffing_intervals(PG_FUNCTION_ARGS)
{
	DateADT		first = PG_GETARG_DATEADT(0);
	DateADT		last = PG_GETARG_DATEADT(1);
	int64		step = step_usecs(PG_GETARG_INTERVAL_P(2));
	BusinessCalendarPrepared *prepared = sq_business_calendar_lookup(fcinfo, 3);
	bool		counting = PG_NARGS() > 4;
	Arrivals	arrivals = {NULL, 0, 0};
	SqRows		rows;
	TimestampTz day_start;

	check_dates(first, last);
	if (counting)
		arrivals_from_array(PG_GETARG_ARRAYTYPE_P(4), &arrivals);
	sq_rows_begin(fcinfo, &rows);
	day_start = local_day_start(sq_business_calendar_zone(prepared, first), first);
	if (counting)
		count_until(&arrivals, day_start);
	for (DateADT date = first; date <= last; date++)
	{
		/* each date in the zone of the calendar's version for it */
		pg_tz	   *zone = sq_business_calendar_zone(prepared, date);
		TimestampTz day_end = Max(day_start,
								  local_day_start(sq_business_calendar_zone(prepared, date + 1),
												  date + 1));

		/*
		 * A step of a day is the whole local day, however long.  A step of a
		 * microsecond makes 86.4 billion rows a day: each row checks for
		 * interrupts, so a statement timeout or a cancel stops the call as it
		 * stops generate_series.
		 */
		for (TimestampTz start = day_start; start < day_end;
			 start = (step == USECS_PER_DAY ? day_end : start + step))
		{
			CHECK_FOR_INTERRUPTS();
			add_interval(&rows, prepared, zone, start,
						 step == USECS_PER_DAY ? day_end : Min(start + step, day_end),
						 counting ? &arrivals : NULL);
		}
		day_start = day_end;
	}
	return (Datum) 0;
}
