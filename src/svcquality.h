/*-------------------------------------------------------------------------
 *
 * svcquality.h
 *	  Conventions shared by every svcquality state type and function.
 *
 * Every aggregate state is a varlena whose first byte after the length word
 * is a format version.  Text and binary forms carry the same version, so a
 * later release can change a layout and still read states stored by this one.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SVCQUALITY_H
#define SVCQUALITY_H

#include "postgres.h"
#include "fmgr.h"

/*
 * Update a transition state in place only when the executor owns it: inside
 * an aggregate (or window aggregate) call.  Called directly, a transition
 * function must not scribble on its argument.
 */
#define SQ_IN_AGGREGATE(fcinfo) (AggCheckCallContext((fcinfo), NULL) != 0)

/*
 * A transition function's answer to a row it skips (a NULL input): the
 * state unchanged, or still NULL before the first counted row.
 */
static inline Datum
sq_keep_state(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* Check a confidence level (0 < level < 1); errors with 22023 otherwise. */
extern void sq_check_level(double level);

/*
 * Check the format version of a state's text or binary input: an error
 * with the given SQLSTATE (22P02 text, 22P03 binary) unless it is supported.
 */
extern void sq_check_format_version(const char *type_name, int version, int supported,
									int sqlstate);

/*
 * First call of a set-returning function that returns rows one per call:
 * sets up the FuncCallContext with a blessed tuple descriptor for the
 * function's result type.
 */
struct FuncCallContext;
extern struct FuncCallContext *sq_srf_first_call(FunctionCallInfo fcinfo);

/*
 * Set-returning functions that fill a tuplestore (materialize mode), which
 * works the same on PostgreSQL 13 to 17 and spares the per-row copies of
 * value-per-call mode.
 */
typedef struct SqRows
{
	struct Tuplestorestate *store;
	struct TupleDescData *desc;
} SqRows;

extern void sq_rows_begin(FunctionCallInfo fcinfo, SqRows *rows);
extern void sq_rows_add(SqRows *rows, Datum *values, bool *nulls);

#endif							/* SVCQUALITY_H */
