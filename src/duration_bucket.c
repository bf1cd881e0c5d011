/*-------------------------------------------------------------------------
 *
 * duration_bucket.c
 *	  The table of logarithms behind duration_bucket_of_us()
 *	  (duration_bucket.h), filled on first use in each process.
 *
 * Pure C like its header: the unit test links this file alone.
 *
 *-------------------------------------------------------------------------
 */
#include "duration_bucket.h"

DurationLogEntry sq_duration_log_table[DURATION_LOG_TABLE_SIZE];
bool		sq_duration_log_table_ready = false;

void
sq_duration_log_table_fill(void)
{
	for (int j = 0; j < DURATION_LOG_TABLE_SIZE; j++)
	{
		double		middle = 1.0 + (j + 0.5) / DURATION_LOG_TABLE_SIZE;
		double		inverse = 1.0 / middle;

		sq_duration_log_table[j].inverse = inverse;
		sq_duration_log_table[j].log_c = -log(inverse);
	}
	sq_duration_log_table_ready = true;
}
