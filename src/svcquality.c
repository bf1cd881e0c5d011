/*-------------------------------------------------------------------------
 *
 * svcquality.c
 *	  Module entry point and helpers used by several concepts.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

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
