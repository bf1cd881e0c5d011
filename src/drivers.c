/*-------------------------------------------------------------------------
 *
 * drivers.c
 *	  Reading a moment_state: moment_summary, moment_means and
 *	  moment_correlations.
 *
 * Correlations are Pearson's r over the complete responses, with the
 * two-sided p-value of t = r sqrt((n - 2) / (1 - r^2)) on n - 2 degrees of
 * freedom (n the total weight): NULL where a variable does not vary or
 * below 3 responses, 0 for |r| = 1.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "drivers.h"
#include "numerics.h"

PG_FUNCTION_INFO_V1(moment_summary);
PG_FUNCTION_INFO_V1(moment_means);
PG_FUNCTION_INFO_V1(moment_correlations);

Datum
moment_summary(PG_FUNCTION_ARGS)
{
	MomentState *s = PG_GETARG_MOMENT_STATE(0);
	Datum		values[5];
	bool		nulls[5] = {false};
	int64		incomplete;

	/* pending responses count as incomplete, as closing the state counts them */
	if (pg_add_s64_overflow(s->incomplete, s->npending, &incomplete))
		sq_moment_state_report_count_overflow(s->incomplete, s->npending);
	values[0] = Int64GetDatum(s->responses);
	values[1] = Int64GetDatum(incomplete);
	values[2] = Float8GetDatum(s->weight);
	nulls[3] = nulls[4] = s->kind == MOMENT_EMPTY;
	if (s->kind != MOMENT_EMPTY)
	{
		Datum	   *names = palloc(sizeof(Datum) * s->ndims);

		for (int i = 0; i < s->ndims; i++)
			names[i] = CStringGetTextDatum(sq_moment_state_label(s, i));
		values[3] = PointerGetDatum(construct_array(names, s->ndims, TEXTOID, -1, false,
													TYPALIGN_INT));
		values[4] = CStringGetTextDatum(sq_moment_state_label(s, s->ndims));
	}
	return sq_result_row(fcinfo, values, nulls);
}

Datum
moment_means(PG_FUNCTION_ARGS)
{
	SqRows		rows;
	DriverModel m;

	if (!driver_rows_begin(fcinfo, &rows, &m))
		return (Datum) 0;
	for (int i = 0; i < m.k; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false};

		values[0] = sq_driver_label_datum(&m, i);
		values[1] = sq_float8_or_null(m.n > 0.0 ? m.mean[i] : NAN, &nulls[1]);
		values[2] = sq_float8_or_null(m.sd[i], &nulls[2]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

static double
correlation_p(double r, double n)
{
	if (isnan(r) || n < 3.0)
		return NAN;
	if (fabs(r) >= 1.0)
		return 0.0;
	return sq_t_two_sided_p(r * sqrt((n - 2.0) / ((1.0 - r) * (1.0 + r))), n - 2.0);
}

Datum
moment_correlations(PG_FUNCTION_ARGS)
{
	SqRows		rows;
	DriverModel m;

	if (!driver_rows_begin(fcinfo, &rows, &m))
		return (Datum) 0;
	for (int i = 0; i < m.k; i++)
		for (int j = i + 1; j < m.k; j++)
		{
			Datum		values[4];
			bool		nulls[4] = {false};
			double		r = m.corr[i * m.k + j];

			values[0] = sq_driver_label_datum(&m, i);
			values[1] = sq_driver_label_datum(&m, j);
			values[2] = sq_float8_or_null(r, &nulls[2]);
			values[3] = sq_float8_or_null(correlation_p(r, m.n), &nulls[3]);
			sq_rows_add(&rows, values, nulls);
		}
	return (Datum) 0;
}
