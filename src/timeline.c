/*-------------------------------------------------------------------------
 *
 * timeline.c
 *	  What a timeline says about its stages: when first and last reached,
 *	  how often, in which order, and its events as rows; the cases of a
 *	  timeline_set as rows, and their number.
 *
 * Durations are in timeline_duration.c, refunds in refund.c.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "timeline_args.h"
#include "timeline_set.h"
#include "timeline_state.h"

PG_FUNCTION_INFO_V1(timeline_first);
PG_FUNCTION_INFO_V1(timeline_last);
PG_FUNCTION_INFO_V1(timeline_reached);
PG_FUNCTION_INFO_V1(timeline_count);
PG_FUNCTION_INFO_V1(timeline_stages);
PG_FUNCTION_INFO_V1(timeline_events);
PG_FUNCTION_INFO_V1(timeline_set_unnest);
PG_FUNCTION_INFO_V1(timeline_set_cases);

Datum
timeline_first(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	int			e = sq_timeline_first_event(t, sq_timeline_stage_arg(fcinfo, 1, false, t));

	if (e < 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(timeline_at(t)[e]);
}

Datum
timeline_last(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	StageMask	stage = sq_timeline_stage_arg(fcinfo, 1, false, t);
	const uint8 *stages = timeline_stage(t);

	for (int e = t->nevents - 1; e >= 0; e--)
		if (stage & STAGE_BIT(stages[e]))
			PG_RETURN_TIMESTAMPTZ(timeline_at(t)[e]);
	PG_RETURN_NULL();
}

/* Every dictionary entry has at least one event, so a known name was reached. */
Datum
timeline_reached(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);

	PG_RETURN_BOOL(sq_timeline_stage_arg(fcinfo, 1, false, t) != 0);
}

Datum
timeline_count(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	StageMask	stage = sq_timeline_stage_arg(fcinfo, 1, false, t);
	const uint8 *stages = timeline_stage(t);
	int32		count = 0;

	for (int e = 0; e < t->nevents; e++)
		if (stage & STAGE_BIT(stages[e]))
			count++;
	PG_RETURN_INT32(count);
}

Datum
sq_timeline_stage_text(const TimelineState *t, const uint16 *offsets, int stage)
{
	const char *entry = timeline_names(t) + offsets[stage];

	return PointerGetDatum(cstring_to_text_with_len(entry + 1, (uint8) entry[0]));
}

/* Distinct stages in the order they were first reached. */
Datum
timeline_stages(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	const uint8 *stages = timeline_stage(t);
	uint16		offsets[TIMELINE_MAX_STAGES];
	Datum		names[TIMELINE_MAX_STAGES];
	StageMask	seen = 0;
	int			n = 0;

	sq_timeline_name_offsets(t, offsets);
	for (int e = 0; e < t->nevents; e++)
	{
		if (seen & STAGE_BIT(stages[e]))
			continue;
		seen |= STAGE_BIT(stages[e]);
		names[n++] = sq_timeline_stage_text(t, offsets, stages[e]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* The events as rows (stage, at), in time order. */
Datum
timeline_events(PG_FUNCTION_ARGS)
{
	SqShortCopy copy;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &copy);
	uint16		offsets[TIMELINE_MAX_STAGES];
	SqRows		rows;

	sq_timeline_name_offsets(t, offsets);
	sq_rows_begin(fcinfo, &rows);
	for (int e = 0; e < t->nevents; e++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = sq_timeline_stage_text(t, offsets, timeline_stage(t)[e]);
		values[1] = TimestampTzGetDatum(timeline_at(t)[e]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/*
 * The cases as rows (case_id, timeline), by ascending case id, written to a
 * tuplestore in one go (materialize mode): a million rows are copied once.
 */
Datum
timeline_set_unnest(PG_FUNCTION_ARGS)
{
	TimelineSet *s = PG_GETARG_TIMELINE_SET(0);
	SqRows		rows;

	sq_rows_begin(fcinfo, &rows);
	for (uint32 i = 0; i < s->ncases; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int64GetDatum(timeline_set_ids(s)[i]);
		values[1] = PointerGetDatum(timeline_set_case(s, i));
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* Number of cases; reads only the header of a stored set. */
Datum
timeline_set_cases(PG_FUNCTION_ARGS)
{
	TimelineSetWork *w = sq_timeline_set_work_of(PG_GETARG_DATUM(0));
	TimelineSet *s;

	if (w != NULL)
		PG_RETURN_INT64((int64) sq_timeline_set_work_cases(w));
	s = (TimelineSet *) PG_DETOAST_DATUM_SLICE(PG_GETARG_DATUM(0), 0, sizeof(TimelineSet));
	sq_check_stored_version(s, "timeline_set", TIMELINE_SET_VERSION);
	PG_RETURN_INT64((int64) s->ncases);
}
