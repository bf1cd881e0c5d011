/*-------------------------------------------------------------------------
 *
 * refund.c
 *	  Refund paths and refund metrics from a refund's timeline.
 *
 * The four paths (docs/methodology.md section 3.2) follow from the state of the goods
 * when the buyer asks for the refund:
 *	 1 not shipped; 2 shipped, not received; 3 received, refund only;
 *	 4 received, returned.
 * From a timeline, "shipped" and "received" count when they happened at or
 * before the first request (goods shipped after a request do not turn a
 * not-shipped refund into another path), and a return is required when any
 * return stage occurs.  Without a request the path is unknown (NULL).
 *
 * The times, each from a start event to the first end event at or after it
 * (sq_timeline_span), so never negative:
 *	 completion: request -> succeeded or closed
 *	 response:	 request -> responded, agreed or refused
 *	 handling:	 paths 1-3: request -> agreed, refused or succeeded;
 *				 path 4:	return received -> agreed, refused or succeeded
 *				 (the merchant-side part: the decision after inspection)
 * Every one starts at or after the first request, as the stage chain of
 * docs/methodology.md section 3.3 does: a return logged as received before
 * the request starts path 4's handling at the request, when the merchant
 * has both the goods and the request.
 *
 * A refund is completed by a success or close at or after the first
 * request: the event that ends its completion time.  A success or close
 * logged only before the request (a stale event, a clock out of step) does
 * not complete it, so "completed" counts exactly the refunds that have a
 * completion time, and the self-completion rate (section 3.4: refunds the
 * merchant completed itself / all completed refunds) has that denominator.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "refund_vocabulary.h"
#include "timeline_args.h"
#include "timeline_clock.h"

#define REFUND_PATHS 4

typedef enum RefundTime
{
	REFUND_COMPLETION_TIME,		/* request -> succeeded or closed */
	REFUND_RESPONSE_TIME,		/* request -> first merchant response */
	REFUND_HANDLING_TIME		/* paths 1-3: request -> decision; path 4:
								 * return received -> decision */
} RefundTime;

PG_FUNCTION_INFO_V1(refund_path_from_facts);
PG_FUNCTION_INFO_V1(refund_path_from_number);
PG_FUNCTION_INFO_V1(refund_path_number);
PG_FUNCTION_INFO_V1(refund_path_of_timeline);
PG_FUNCTION_INFO_V1(refund_completion_time);
PG_FUNCTION_INFO_V1(refund_completion_time_business);
PG_FUNCTION_INFO_V1(refund_completion_time_vocabulary);
PG_FUNCTION_INFO_V1(refund_completion_time_vocabulary_business);
PG_FUNCTION_INFO_V1(refund_response_time);
PG_FUNCTION_INFO_V1(refund_response_time_business);
PG_FUNCTION_INFO_V1(refund_response_time_vocabulary);
PG_FUNCTION_INFO_V1(refund_response_time_vocabulary_business);
PG_FUNCTION_INFO_V1(refund_handling_time);
PG_FUNCTION_INFO_V1(refund_handling_time_business);
PG_FUNCTION_INFO_V1(refund_handling_time_vocabulary);
PG_FUNCTION_INFO_V1(refund_handling_time_vocabulary_business);
PG_FUNCTION_INFO_V1(refund_completed);
PG_FUNCTION_INFO_V1(refund_intervened);
PG_FUNCTION_INFO_V1(refund_self_completed);
PG_FUNCTION_INFO_V1(refund_intervened_self_completed);
PG_FUNCTION_INFO_V1(refund_vocabulary);

/* The labels of the refund_path enum, in path order (sql/refund.sql). */
static const char *const path_labels[REFUND_PATHS] = {
	"not shipped",
	"shipped, not received",
	"received, refund only",
	"received, returned",
};

/* OIDs of the refund_path labels, looked up once per call site. */
typedef struct PathEnum
{
	Oid			type;
	Oid			labels[REFUND_PATHS];
} PathEnum;

static const PathEnum *
path_enum(FunctionCallInfo fcinfo, Oid type)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);
	PathEnum   *e = call->path_enum;

	if (e != NULL && e->type == type)
		return e;
	if (!OidIsValid(type))
		elog(ERROR, "could not determine the refund_path type of the call");
	if (e == NULL)
		call->path_enum = e = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(PathEnum));
	for (int i = 0; i < REFUND_PATHS; i++)
		e->labels[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															CStringGetDatum(path_labels[i]),
															ObjectIdGetDatum(type)));
	e->type = type;
	return e;
}

static Datum
path_datum(FunctionCallInfo fcinfo, int path)
{
	return ObjectIdGetDatum(path_enum(fcinfo, get_fn_expr_rettype(fcinfo->flinfo))->labels[path - 1]);
}

/* The decision tree of docs/methodology.md section 3.2, read literally. */
static int
path_from_facts(bool shipped, bool received, bool return_required)
{
	if (!shipped)
		return 1;
	if (!received)
		return 2;
	return return_required ? 4 : 3;
}

/*
 * refund_path(shipped, received, return_required): NULL only when a fact
 * the tree needs is NULL (not shipped is path 1 whatever the others say).
 */
Datum
refund_path_from_facts(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_GETARG_BOOL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_GETARG_BOOL(0) && PG_GETARG_BOOL(1) && PG_ARGISNULL(2))
		PG_RETURN_NULL();
	return path_datum(fcinfo, path_from_facts(PG_GETARG_BOOL(0),
											  !PG_ARGISNULL(1) && PG_GETARG_BOOL(1),
											  !PG_ARGISNULL(2) && PG_GETARG_BOOL(2)));
}

Datum
refund_path_from_number(PG_FUNCTION_ARGS)
{
	int32		number = PG_GETARG_INT32(0);

	if (number < 1 || number > REFUND_PATHS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("refund path number %d is out of range", number),
				 errdetail("Refund paths are numbered 1 to 4.")));
	return path_datum(fcinfo, number);
}

Datum
refund_path_number(PG_FUNCTION_ARGS)
{
	Oid			label = PG_GETARG_OID(0);
	const PathEnum *e = path_enum(fcinfo, get_fn_expr_argtype(fcinfo->flinfo, 0));

	for (int i = 0; i < REFUND_PATHS; i++)
		if (e->labels[i] == label)
			PG_RETURN_INT32(i + 1);
	/* a label added to the type after the extension made it */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("refund_path value \"%s\" is not one of the four refund paths",
					DatumGetCString(DirectFunctionCall1(enum_out, ObjectIdGetDatum(label)))),
			 errdetail("The paths, numbered 1 to 4, are: not shipped; shipped, not received; "
					   "received, refund only; received, returned.")));
}

/* 1-4, or 0 when the timeline has no request. */
static int
timeline_path(const RefundView *v)
{
	const TimestampTz *ats = timeline_at(v->t);
	int			requested = sq_timeline_first_event(v->t, v->role[ROLE_REQUESTED]);
	int			shipped,
				received;

	if (requested < 0)
		return 0;
	shipped = sq_timeline_first_event(v->t, v->role[ROLE_SHIPPED] | v->role[ROLE_RECEIVED]);
	received = sq_timeline_first_event(v->t, v->role[ROLE_RECEIVED]);
	return path_from_facts(shipped >= 0 && ats[shipped] <= ats[requested],
						   received >= 0 && ats[received] <= ats[requested],
						   (v->role[ROLE_RETURN_REQUESTED] | v->role[ROLE_RETURN_SHIPPED] |
							v->role[ROLE_RETURN_RECEIVED]) != 0);
}

/*
 * Path 4's handling starts at the first receipt of the return, or at the
 * first request when the return was logged as received before it: the
 * stages whose first event is the later of the two.  0 (no start) before
 * the return is received.
 */
static StageMask
path4_handling_start(const RefundView *v)
{
	int			requested = sq_timeline_first_event(v->t, v->role[ROLE_REQUESTED]);
	int			received = sq_timeline_first_event(v->t, v->role[ROLE_RETURN_RECEIVED]);

	if (received < 0)
		return 0;
	return received < requested ? v->role[ROLE_REQUESTED] : v->role[ROLE_RETURN_RECEIVED];
}

/* refund_path(timeline_state [, vocabulary]) */
Datum
refund_path_of_timeline(PG_FUNCTION_ARGS)
{
	RefundView	v;
	int			path;

	sq_refund_view(fcinfo, PG_NARGS() > 1, &v);
	path = timeline_path(&v);
	if (path == 0)
		PG_RETURN_NULL();
	return path_datum(fcinfo, path);
}

/*
 * refund_<which>_time(timeline_state [, vocabulary] [, calendar]):
 * argument 0 is the timeline, argument 1 the vocabulary when
 * has_vocabulary, the last one the calendar when business.
 */
static Datum
refund_time(FunctionCallInfo fcinfo, RefundTime which, bool has_vocabulary, bool business)
{
	TimelineClock clock = sq_timeline_clock(fcinfo, business);
	RefundView	v;
	StageMask	from = 0;
	StageMask	to = 0;
	TimestampTz start,
				end;

	sq_refund_view(fcinfo, has_vocabulary, &v);
	switch (which)
	{
		case REFUND_COMPLETION_TIME:
			from = v.role[ROLE_REQUESTED];
			to = v.role[ROLE_SUCCEEDED] | v.role[ROLE_CLOSED];
			break;
		case REFUND_RESPONSE_TIME:
			from = v.role[ROLE_REQUESTED];
			to = v.role[ROLE_RESPONDED] | v.role[ROLE_AGREED] | v.role[ROLE_REFUSED];
			break;
		case REFUND_HANDLING_TIME:
			switch (timeline_path(&v))
			{
				case 0:
					PG_RETURN_NULL();
				case 4:
					from = path4_handling_start(&v);
					break;
				default:
					from = v.role[ROLE_REQUESTED];
					break;
			}
			to = v.role[ROLE_AGREED] | v.role[ROLE_REFUSED] | v.role[ROLE_SUCCEEDED];
			break;
	}
	if (!sq_timeline_span(v.t, from, to, &start, &end))
		PG_RETURN_NULL();
	return sq_timeline_interval_datum(sq_timeline_elapsed(&clock, start, end));
}

/* The SQL entry points: with or without a vocabulary, calendar or business time. */

Datum
refund_completion_time(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_COMPLETION_TIME, false, false);
}

Datum
refund_completion_time_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_COMPLETION_TIME, false, true);
}

Datum
refund_completion_time_vocabulary(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_COMPLETION_TIME, true, false);
}

Datum
refund_completion_time_vocabulary_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_COMPLETION_TIME, true, true);
}

Datum
refund_response_time(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_RESPONSE_TIME, false, false);
}

Datum
refund_response_time_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_RESPONSE_TIME, false, true);
}

Datum
refund_response_time_vocabulary(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_RESPONSE_TIME, true, false);
}

Datum
refund_response_time_vocabulary_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_RESPONSE_TIME, true, true);
}

Datum
refund_handling_time(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_HANDLING_TIME, false, false);
}

Datum
refund_handling_time_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_HANDLING_TIME, false, true);
}

Datum
refund_handling_time_vocabulary(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_HANDLING_TIME, true, false);
}

Datum
refund_handling_time_vocabulary_business(PG_FUNCTION_ARGS)
{
	return refund_time(fcinfo, REFUND_HANDLING_TIME, true, true);
}

/* Outcome flags, each refund_x(timeline_state [, vocabulary]). */

/* A success or close at or after the first request (see the header). */
static bool
is_completed(const RefundView *v)
{
	TimestampTz start,
				end;

	return sq_timeline_span(v->t, v->role[ROLE_REQUESTED],
							v->role[ROLE_SUCCEEDED] | v->role[ROLE_CLOSED], &start, &end);
}

Datum
refund_completed(PG_FUNCTION_ARGS)
{
	RefundView	v;

	sq_refund_view(fcinfo, PG_NARGS() > 1, &v);
	PG_RETURN_BOOL(is_completed(&v));
}

Datum
refund_intervened(PG_FUNCTION_ARGS)
{
	RefundView	v;

	sq_refund_view(fcinfo, PG_NARGS() > 1, &v);
	PG_RETURN_BOOL(v.role[ROLE_INTERVENED] != 0);
}

/* Completed without platform intervention; NULL while not completed. */
Datum
refund_self_completed(PG_FUNCTION_ARGS)
{
	RefundView	v;

	sq_refund_view(fcinfo, PG_NARGS() > 1, &v);
	if (!is_completed(&v))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(v.role[ROLE_INTERVENED] == 0);
}

/*
 * An intervened refund completed without a platform ruling: the merchant
 * settled the dispute.  Any ruling counts, even one logged after the
 * completion, because the ruled stage says the platform decided.  NULL
 * unless intervened and completed: an open dispute has no outcome yet.
 */
Datum
refund_intervened_self_completed(PG_FUNCTION_ARGS)
{
	RefundView	v;

	sq_refund_view(fcinfo, PG_NARGS() > 1, &v);
	if (v.role[ROLE_INTERVENED] == 0 || !is_completed(&v))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(v.role[ROLE_RULED] == 0);
}

/* refund_vocabulary(mapping): each role and the stage names it matches. */
Datum
refund_vocabulary(PG_FUNCTION_ARGS)
{
	Datum		arrays[REFUND_ROLES];
	SqRows		rows;

	sq_refund_role_stage_arrays(PG_GETARG_JSONB_P(0), arrays);
	sq_rows_begin(fcinfo, &rows);
	for (int r = 0; r < REFUND_ROLES; r++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(sq_refund_role_name((RefundRole) r));
		values[1] = arrays[r];
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}
