/*-------------------------------------------------------------------------
 *
 * staffing_args.c
 *	  Argument checks and headcount rounding shared by the staffing
 *	  functions.
 *
 *-------------------------------------------------------------------------
 */
#include "staffing.h"
#include "staffing_erlang.h"

#include <math.h>

#include "utils/float.h"

#include "svcquality.h"

void
sq_staffing_check(bool ok, const char *argument, double value, const char *allowed)
{
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is out of range", argument, sq_float8_text(value)),
				 errdetail("It must be %s.", allowed)));
}

void
sq_staffing_check_seconds(const char *argument, double value)
{
	sq_staffing_check(isfinite(value) && value > 0.0, argument, value,
					  "a finite number of seconds greater than 0");
}

void
sq_staffing_check_shrinkage(double shrinkage)
{
	sq_staffing_check(shrinkage >= 0.0 && shrinkage < 1.0, "shrinkage", shrinkage,
					  "a share from 0 up to but excluding 1, e.g. 0.3 when agents are "
					  "unavailable 30% of their paid time");
}

int32
sq_staffing_headcount(double agents, double shrinkage)
{
	double		needed = agents / (1.0 - shrinkage);
	double		whole = floor(needed);

	if (needed - whole > SQ_STAFFING_ROUNDING_SLACK * Max(whole, 1.0))
		whole += 1.0;
	if (!(whole <= PG_INT32_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("headcount %s is out of range for type integer",
						sq_float8_text(needed))));
	return (int32) whole;
}
