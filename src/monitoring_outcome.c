/*-------------------------------------------------------------------------
 *
 * monitoring_outcome.c
 *	  Service linked to outcomes, from an outcome_state (a 2x2 table):
 *	  outcome_of, the sides as proportion states (outcome_exposed,
 *	  outcome_unexposed), and outcome_association: risk difference, risk
 *	  ratio, odds ratio, chi-square and Fisher's exact test.
 *
 * With a = exposed outcomes, b = exposed without, c = unexposed outcomes,
 * d = unexposed without, and risks r1 = a / (a + b), r2 = c / (c + d):
 *	 - risk difference r1 - r2 with Newcombe's hybrid score interval, and
 *	   risk ratio r1 / r2 with Katz's log interval (as proportion_compare,
 *	   whose code they are: NULL interval when a or c is 0);
 *	 - odds ratio ad / bc with Woolf's logit interval exp(log OR -/+ z
 *	   sqrt(1/a + 1/b + 1/c + 1/d)) (Woolf 1955); when a cell is 0 the
 *	   interval is that of the table with 0.5 added to every cell
 *	   (Haldane 1956; Anscombe 1956), the estimate stays ad / bc (0, or
 *	   NULL when infinite or 0/0);
 *	 - Pearson's chi-square on 1 df, X^2 = N (ad - bc)^2 / (r1 r2 c1 c2)
 *	   over the margins, or with Yates's correction N (|ad - bc| - N/2)^2
 *	   / (...) (0 when |ad - bc| < N/2, as scipy's chi2_contingency);
 *	 - Fisher's exact test, two-sided: the probability, given the margins,
 *	   of a table no more probable than the one observed (Agresti 2013,
 *	   §3.5; as R's fisher.test, tables within a relative 1e-7 of the
 *	   observed probability count as equally probable).
 * The chi-square and Fisher's p need every margin non-zero (NULL else).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "numerics.h"
#include "outcome_state.h"
#include "proportion_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(outcome_of);
PG_FUNCTION_INFO_V1(outcome_exposed);
PG_FUNCTION_INFO_V1(outcome_unexposed);
PG_FUNCTION_INFO_V1(outcome_association);

/* Fisher's test walks the tables with these margins: at most 10^6 + 1. */
#define FISHER_MAX_MARGIN 1000000

/* A state from counts kept elsewhere (a published table, a CRM report). */
Datum
outcome_of(PG_FUNCTION_ARGS)
{
	OutcomeState *state = sq_outcome_state_new(PG_GETARG_INT64(0), PG_GETARG_INT64(1),
											   PG_GETARG_INT64(2), PG_GETARG_INT64(3));
	const char *problem = sq_outcome_state_problem(state);

	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid counts for an outcome state: " INT64_FORMAT " of " INT64_FORMAT
						" exposed, " INT64_FORMAT " of " INT64_FORMAT " unexposed",
						state->exposed_outcomes, state->exposed_trials,
						state->unexposed_outcomes, state->unexposed_trials),
				 errdetail("The %s.", problem)));
	PG_RETURN_POINTER(state);
}

Datum
outcome_exposed(PG_FUNCTION_ARGS)
{
	OutcomeState *state = PG_GETARG_OUTCOME_STATE(0);

	PG_RETURN_POINTER(sq_proportion_state_new(state->exposed_outcomes, state->exposed_trials));
}

Datum
outcome_unexposed(PG_FUNCTION_ARGS)
{
	OutcomeState *state = PG_GETARG_OUTCOME_STATE(0);

	PG_RETURN_POINTER(sq_proportion_state_new(state->unexposed_outcomes, state->unexposed_trials));
}

/*
 * log P(x + 1) - log P(x) for the hypergeometric count x in the first cell,
 * given the first row total r1, the first column total c1 and N.
 */
static inline double
log_step(double x, double r1, double c1, double N)
{
	return log((r1 - x) * (c1 - x) / ((x + 1.0) * (N - r1 - c1 + x + 1.0)));
}

/*
 * Fisher's exact two-sided p of the table [a b; c d], margins non-zero.
 * The probabilities of the tables x = lo..hi, relative to the observed one
 * (x = a), are products of the ratios P(x + 1) / P(x), which are exact
 * fractions: no log-gamma differences, whose cancellation would cost
 * digits in large tables.  Walked twice from a, once for the largest
 * (the mode's), once to sum relative to it so nothing overflows.  NaN when
 * every margin exceeds FISHER_MAX_MARGIN (the chi-square is accurate there).
 */
static double
fisher_two_sided(double a, double b, double c, double d)
{
	double		r1 = a + b,
				c1 = a + c,
				N = a + b + c + d,
				lo = fmax(0.0, c1 - (N - r1)),
				hi = fmin(r1, c1),
				tolerance = log1p(1e-7),
				top = 0.0,
				total = 0.0,
				tail = 0.0,
				l;

	if (fmin(fmin(r1, N - r1), fmin(c1, N - c1)) > FISHER_MAX_MARGIN)
		return NAN;
	l = 0.0;
	for (int64 k = 0; a + k < hi; k++)
		top = fmax(top, l += log_step(a + k, r1, c1, N));
	l = 0.0;
	for (int64 k = 0; a - k > lo; k++)
		top = fmax(top, l -= log_step(a - k - 1.0, r1, c1, N));

	/* the observed table itself, then upward and downward */
	total = tail = exp(-top);
	l = 0.0;
	for (int64 k = 0; a + k < hi; k++)
	{
		double		p = exp((l += log_step(a + k, r1, c1, N)) - top);

		total += p;
		if (l <= tolerance)
			tail += p;
	}
	l = 0.0;
	for (int64 k = 0; a - k > lo; k++)
	{
		double		p = exp((l -= log_step(a - k - 1.0, r1, c1, N)) - top);

		total += p;
		if (l <= tolerance)
			tail += p;
	}
	return fmin(1.0, tail / total);
}

/*
 * The odds ratio (NaN when infinite or 0/0) and Woolf's interval, with
 * 0.5 added to every cell for the interval when a cell is 0.
 */
static void
odds_ratio(double a, double b, double c, double d, double z, double *out)
{
	double		shift = (a == 0.0 || b == 0.0 || c == 0.0 || d == 0.0) ? 0.5 : 0.0,
				log_or,
				se;

	out[0] = b * c > 0.0 ? (a * d) / (b * c) : NAN;
	a += shift;
	b += shift;
	c += shift;
	d += shift;
	log_or = log(a) + log(d) - log(b) - log(c);
	se = sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d);
	out[1] = exp(log_or - z * se);
	out[2] = exp(log_or + z * se);
}

/*
 * Pearson's X^2 of the table, with or without Yates's correction.  ad - bc
 * is formed exactly from the counts (in 128 bits): near independence it is
 * a small difference of large products, which doubles lost from about 10^8
 * a cell (X^2 of 8.9400992e-8 for 8.9400999e-8 at 10^12).
 */
static double
chi_square(const OutcomeState *state, bool yates)
{
	int64		a = state->exposed_outcomes,
				b = state->exposed_trials - a,
				c = state->unexposed_outcomes,
				d = state->unexposed_trials - c;
	double		da = (double) a,
				db = (double) b,
				dc = (double) c,
				dd = (double) d,
				N = da + db + dc + dd,
				margins = (da + db) * (dc + dd) * (da + dc) * (db + dd),
				excess = fabs((double) ((int128) a * d - (int128) b * c));

	if (yates)
		excess = fmax(0.0, excess - N / 2.0);
	return N * excess * excess / margins;
}

/*
 * outcome_association(state, level, yates): risk_exposed, risk_unexposed,
 * risk_difference, its interval, risk_ratio, its interval, odds_ratio, its
 * interval, chi_square, p_value, fisher_p_value.
 */
Datum
outcome_association(PG_FUNCTION_ARGS)
{
	OutcomeState *state = PG_GETARG_OUTCOME_STATE(0);
	double		level = PG_GETARG_FLOAT8(1);
	bool		yates = PG_GETARG_BOOL(2);
	double		a = (double) state->exposed_outcomes,
				n1 = (double) state->exposed_trials,
				c = (double) state->unexposed_outcomes,
				n2 = (double) state->unexposed_trials,
				b = (double) (state->exposed_trials - state->exposed_outcomes),
				d = (double) (state->unexposed_trials - state->unexposed_outcomes),
				compare[SQ_PROPORTION_COMPARE_COLUMNS],
				out[14];

	sq_check_level(level);
	for (int i = 0; i < 14; i++)
		out[i] = NAN;
	out[0] = n1 > 0.0 ? a / n1 : NAN;
	out[1] = n2 > 0.0 ? c / n2 : NAN;
	if (sq_proportion_compare(a, b, c, d, level, compare))
	{
		/* difference, lower, upper; risk ratio, lower, upper */
		out[2] = compare[0];
		out[3] = compare[3];
		out[4] = compare[4];
		out[5] = compare[5];
		out[6] = compare[6];
		out[7] = compare[7];
		odds_ratio(a, b, c, d, sq_normal_critical_value(level), &out[8]);
	}
	if (n1 > 0.0 && n2 > 0.0 && a + c > 0.0 && b + d > 0.0)
	{
		out[11] = chi_square(state, yates);
		out[12] = sq_chisq_upper_tail(out[11], 1.0);
		out[13] = fisher_two_sided(a, b, c, d);
	}
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, 14));
}
