/*-------------------------------------------------------------------------
 *
 * satisfaction.c
 *	  What a dimension_state says dimension by dimension: the names, the
 *	  numbers of answers, the means and the variances, as arrays.
 *
 * The weighted index and its breakdown are in satisfaction_index.c, CSAT
 * in satisfaction_csat.c, gap and driver analysis in
 * satisfaction_gap_driver.c, AHP weights in satisfaction_ahp.c and
 * scorecards in satisfaction_scorecard.c.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "dimension_state.h"

PG_FUNCTION_INFO_V1(dimension_state_names);
PG_FUNCTION_INFO_V1(dimension_state_counts);
PG_FUNCTION_INFO_V1(dimension_state_means);
PG_FUNCTION_INFO_V1(dimension_state_variances);

/* NaN where a dimension has too few answers for the figure. */
static Datum
figure_array(const DimensionState *state, bool variance)
{
	double	   *values = palloc(sizeof(double) * Max(state->ndims, 1));

	for (int i = 0; i < state->ndims; i++)
	{
		const DimensionStats *s = &state->dims[i];

		if (variance)
			values[i] = dimension_stats_variance(s);
		else
			values[i] = s->n < 1 ? NAN : dimension_stats_mean(s);
	}
	return sq_float8_array(values, state->ndims);
}

Datum
dimension_state_names(PG_FUNCTION_ARGS)
{
	DimensionState *state = PG_GETARG_DIMENSION_STATE(0);
	Datum	   *elems;

	if (state->kind != DIMENSION_NAMED)
		PG_RETURN_NULL();
	elems = palloc(sizeof(Datum) * state->ndims);
	for (int i = 0; i < state->ndims; i++)
		elems[i] = CStringGetTextDatum(DimensionStateNames(state)[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, state->ndims, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum
dimension_state_counts(PG_FUNCTION_ARGS)
{
	DimensionState *state = PG_GETARG_DIMENSION_STATE(0);
	Datum	   *elems = palloc(sizeof(Datum) * Max(state->ndims, 1));

	for (int i = 0; i < state->ndims; i++)
		elems[i] = Int64GetDatum(state->dims[i].n);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, state->ndims, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum
dimension_state_means(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(figure_array(PG_GETARG_DIMENSION_STATE(0), false));
}

Datum
dimension_state_variances(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(figure_array(PG_GETARG_DIMENSION_STATE(0), true));
}
