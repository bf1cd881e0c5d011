/*-------------------------------------------------------------------------
 *
 * svcquality.c
 *	  Module entry point and helpers used by several concepts.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "funcapi.h"

PG_MODULE_MAGIC;

void
sq_check_level(double level)
{
	if (isnan(level) || level <= 0.0 || level >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level %g is out of range", level),
				 errdetail("The level must be strictly between 0 and 1, e.g. 0.95.")));
}

void
sq_check_format_version(const char *type_name, int version, int supported, int sqlstate)
{
	if (version != supported)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s format version %d is not supported", type_name, version),
				 errdetail("This build of svcquality reads format version %d.", supported)));
}

FuncCallContext *
sq_srf_first_call(FunctionCallInfo fcinfo)
{
	FuncCallContext *funcctx = SRF_FIRSTCALL_INIT();
	MemoryContext old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	funcctx->tuple_desc = BlessTupleDesc(tupdesc);
	MemoryContextSwitchTo(old);
	return funcctx;
}
