/*-------------------------------------------------------------------------
 *
 * nps.c
 *	  Net Promoter Score from a rating_state: score, mix, uncertainty,
 *	  comparison of two states, a jsonb summary, and the rating histogram.
 *
 * Promoters rate 9-10, passives 7-8, detractors 0-6.  With shares p and d
 * (by weight when weighted), NPS = 100 (p - d), and its variance is
 * (p + d - (p - d)^2) / n on the 0-1 scale, n being the number of responses
 * or, for weighted responses, Kish's effective sample size; with passive
 * share s that is ((p + d) s + 4 p d) / n, the form computed.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "nps.h"
#include "numerics.h"
#include "svcquality_text.h"

#define DETRACTOR_MAX 6
#define PASSIVE_MAX 8
#define PROMOTER_MIN 9

PG_FUNCTION_INFO_V1(nps_final);
PG_FUNCTION_INFO_V1(nps_promoters);
PG_FUNCTION_INFO_V1(nps_passives);
PG_FUNCTION_INFO_V1(nps_detractors);
PG_FUNCTION_INFO_V1(nps_responses);
PG_FUNCTION_INFO_V1(nps_promoter_share);
PG_FUNCTION_INFO_V1(nps_passive_share);
PG_FUNCTION_INFO_V1(nps_detractor_share);
PG_FUNCTION_INFO_V1(nps_effective_n);
PG_FUNCTION_INFO_V1(nps_stderr);
PG_FUNCTION_INFO_V1(nps_ci);
PG_FUNCTION_INFO_V1(nps_compare);
PG_FUNCTION_INFO_V1(nps_compare_method);
PG_FUNCTION_INFO_V1(nps_jsonb);
PG_FUNCTION_INFO_V1(rating_state_counts);

/*
 * The variance of one response's NPS on the 0-1 scale, p + d - (p - d)^2,
 * written with the passive share s = 1 - p - d as (p + d) s + 4 p d: a sum
 * of non-negative terms.  The textbook form cancels when nearly everyone is
 * a promoter (or a detractor): 10^12 promoters beside one detractor lost 5
 * of its digits.
 */
double
sq_nps_unit_variance(double p, double s, double d)
{
	return (p + d) * s + 4.0 * p * d;
}

/* Standard error in points for shares p, s, d on n responses (Wald). */
static double
wald_stderr(double p, double s, double d, double n)
{
	return 100.0 * sqrt(sq_nps_unit_variance(p, s, d) / n);
}

/*
 * Each figure is one division of sums, so unweighted results are the
 * correctly rounded value of the exact fraction: {9, 10, 6, 8} gives 25, and
 * 30 promoters, 40 detractors of 100 give exactly -10.
 */
NpsSummary
sq_nps_summarize(const RatingState *state)
{
	NpsSummary	s = {0};
	double		total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX);
	double		promoters = sq_rating_state_mass(state, PROMOTER_MIN, RATING_MAX);
	double		detractors = sq_rating_state_mass(state, RATING_MIN, DETRACTOR_MAX);
	double		p,
				d;

	if (total <= 0.0)
		return s;

	s.valid = true;
	p = promoters / total;
	d = detractors / total;
	s.promoter_share = p;
	s.detractor_share = d;
	s.passive_share = sq_rating_state_mass(state, DETRACTOR_MAX + 1, PASSIVE_MAX) / total;

	/*
	 * Unweighted, the net count is an exact integer even beyond 2^53.  Both
	 * are computed as 0.1.0 did (stored views must read the same after an
	 * upgrade), except that a unanimous state is exactly 100 or -100 (100 W /
	 * W can round either way), and clamped: 100 * net / total can round past
	 * the range (-2.8000000000000003 / 0.028 is -100.00000000000001).
	 */
	if (promoters == total || detractors == total)
		s.score = promoters == total ? 100.0 : -100.0;
	else if (RatingStateIsWeighted(state))
		s.score = 100.0 * (promoters - detractors) / total;
	else
		s.score = 100.0 * (double) (sq_rating_state_count(state, PROMOTER_MIN, RATING_MAX) -
									sq_rating_state_count(state, RATING_MIN, DETRACTOR_MAX)) / total;
	s.score = fmin(100.0, fmax(-100.0, s.score));
	s.effective_n = sq_rating_state_effective_n(state);

	s.stderr_points = s.effective_n > 0.0 ?
		wald_stderr(p, s.passive_share, d, s.effective_n) : NAN;
	return s;
}

#define RETURN_SUMMARY_FIELD(field) \
	do { \
		NpsSummary	s_ = sq_nps_summarize(PG_GETARG_RATING_STATE(0)); \
		return sq_float8_result(fcinfo, s_.valid ? s_.field : NAN); \
	} while (0)

Datum
nps_final(PG_FUNCTION_ARGS)
{
	RETURN_SUMMARY_FIELD(score);
}

Datum
nps_promoter_share(PG_FUNCTION_ARGS)
{
	RETURN_SUMMARY_FIELD(promoter_share);
}

Datum
nps_passive_share(PG_FUNCTION_ARGS)
{
	RETURN_SUMMARY_FIELD(passive_share);
}

Datum
nps_detractor_share(PG_FUNCTION_ARGS)
{
	RETURN_SUMMARY_FIELD(detractor_share);
}

Datum
nps_stderr(PG_FUNCTION_ARGS)
{
	RETURN_SUMMARY_FIELD(stderr_points);
}

Datum
nps_effective_n(PG_FUNCTION_ARGS)
{
	return sq_float8_result(fcinfo, sq_rating_state_effective_n(PG_GETARG_RATING_STATE(0)));
}

Datum
nps_promoters(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(sq_rating_state_count(PG_GETARG_RATING_STATE(0), PROMOTER_MIN, RATING_MAX));
}

Datum
nps_passives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(sq_rating_state_count(PG_GETARG_RATING_STATE(0), DETRACTOR_MAX + 1, PASSIVE_MAX));
}

Datum
nps_detractors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(sq_rating_state_count(PG_GETARG_RATING_STATE(0), RATING_MIN, DETRACTOR_MAX));
}

Datum
nps_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(sq_rating_state_responses(PG_GETARG_RATING_STATE(0)));
}

/* Responses per rating as bigint[], index 1 holding rating 0. */
Datum
rating_state_counts(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	Datum		elems[RATING_BUCKETS];

	for (int r = 0; r < RATING_BUCKETS; r++)
		elems[r] = Int64GetDatum(state->count[r]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, RATING_BUCKETS, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

NpsSummary
sq_nps_adjusted(NpsSummary s)
{
	double		n = s.effective_n + 3.0;

	s.promoter_share = (s.promoter_share * s.effective_n + 0.75) / n;
	/* 1 - p - d of the adjusted shares: the other 1.5 of the 3 added */
	s.passive_share = (s.passive_share * s.effective_n + 1.5) / n;
	s.detractor_share = (s.detractor_share * s.effective_n + 0.75) / n;
	s.effective_n = n;
	s.score = 100.0 * (s.promoter_share - s.detractor_share);
	s.stderr_points = wald_stderr(s.promoter_share, s.passive_share, s.detractor_share, n);
	return s;
}

/*
 * NPS(a) - NPS(b) in points.  When promoters (or detractors) are the
 * majority on both sides, each score is 100 (1 - s - 2d) (or 100 (2p + s -
 * 1)), and the difference is formed from the small shares: the scores
 * themselves, near 100, keep too few digits of it once the dissenters are
 * one in 10^14.
 */
double
sq_nps_difference(const NpsSummary *a, const NpsSummary *b)
{
	double		passives = a->passive_share - b->passive_share;

	if (a->promoter_share > 0.5 && b->promoter_share > 0.5)
		return -100.0 * (2.0 * (a->detractor_share - b->detractor_share) + passives);
	if (a->detractor_share > 0.5 && b->detractor_share > 0.5)
		return 100.0 * (2.0 * (a->promoter_share - b->promoter_share) + passives);
	return a->score - b->score;
}

bool
sq_nps_method_is_adjusted(text *method_text)
{
	char	   *method = text_to_cstring(method_text);

	if (strcmp(method, "wald") != 0 && strcmp(method, "adjusted_wald") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence interval method \"%s\" is not supported", method),
				 errdetail("Use 'wald' or 'adjusted_wald'.")));
	return strcmp(method, "adjusted_wald") == 0;
}

/*
 * Confidence interval center +/- z * stderr, clipped to the possible range;
 * NULL without responses.
 *
 * 'wald' centres on the estimate with the plain variance, so a unanimous
 * sample gets a zero-width interval.  'adjusted_wald' first adds 3/4 of a
 * response to the promoters and to the detractors and 3 to n, which Rocks
 * (The American Statistician, 2016) found to keep coverage near the nominal
 * level for small samples and extreme shares.
 */
Datum
nps_ci(PG_FUNCTION_ARGS)
{
	NpsSummary	s = sq_nps_summarize(PG_GETARG_RATING_STATE(0));
	double		level = PG_GETARG_FLOAT8(1);
	bool		adjusted;
	double		z,
				bounds[2];

	sq_check_level(level);
	adjusted = sq_nps_method_is_adjusted(PG_GETARG_TEXT_PP(2));
	if (!s.valid || isnan(s.stderr_points))
		PG_RETURN_NULL();

	if (adjusted)
		s = sq_nps_adjusted(s);
	z = sq_normal_critical_value(level);
	bounds[0] = fmax(-100.0, s.score - z * s.stderr_points);
	bounds[1] = fmin(100.0, s.score + z * s.stderr_points);
	PG_RETURN_DATUM(sq_float8_row(fcinfo, bounds, 2));
}

/*
 * Difference nps(a) - nps(b) of two independent samples, its standard
 * error, z, two-sided p-value and interval.  Under Wald a unanimous sample
 * has a standard error of 0, though its NPS is not known exactly: z would
 * take the other side's error alone (in a simulation of ten groups of 30
 * from one population at an NPS of 93, where a fifth of the groups are
 * unanimous, Holm-adjusted nps_vs_rest found a difference in 88% of the
 * leagues), so z, p and the interval are NaN when either side is
 * unanimous.  The adjusted method always has them.
 */
bool
sq_nps_compare(const RatingState *state_a, const RatingState *state_b, double level,
			   bool adjusted, double *out)
{
	NpsSummary	a = sq_nps_summarize(state_a);
	NpsSummary	b = sq_nps_summarize(state_b);
	double		center,
				se,
				margin;

	if (!a.valid || !b.valid || isnan(a.stderr_points) || isnan(b.stderr_points))
		return false;

	out[0] = sq_nps_difference(&a, &b);
	if (adjusted)
	{
		a = sq_nps_adjusted(a);
		b = sq_nps_adjusted(b);
	}
	center = sq_nps_difference(&a, &b);
	se = sqrt(a.stderr_points * a.stderr_points + b.stderr_points * b.stderr_points);
	out[1] = se;
	if (!(a.stderr_points > 0.0 && b.stderr_points > 0.0))
	{
		out[2] = out[3] = out[4] = out[5] = NAN;
		return true;
	}
	out[2] = center / se;
	out[3] = sq_normal_two_sided_p(out[2]);
	margin = sq_normal_critical_value(level) * se;
	out[4] = fmax(-200.0, center - margin);
	out[5] = fmin(200.0, center + margin);
	return true;
}

Datum
nps_compare(PG_FUNCTION_ARGS)
{
	double		level = PG_GETARG_FLOAT8(2);
	double		out[SQ_NPS_COMPARE_COLUMNS];

	sq_check_level(level);
	if (!sq_nps_compare(PG_GETARG_RATING_STATE(0), PG_GETARG_RATING_STATE(1), level, false, out))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, SQ_NPS_COMPARE_COLUMNS));
}

/* nps_compare(a, b, level, method): the same with a choice of method. */
Datum
nps_compare_method(PG_FUNCTION_ARGS)
{
	double		level = PG_GETARG_FLOAT8(2);
	bool		adjusted;
	double		out[SQ_NPS_COMPARE_COLUMNS];

	sq_check_level(level);
	adjusted = sq_nps_method_is_adjusted(PG_GETARG_TEXT_PP(3));
	if (!sq_nps_compare(PG_GETARG_RATING_STATE(0), PG_GETARG_RATING_STATE(1), level,
						adjusted, out))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(sq_float8_row(fcinfo, out, SQ_NPS_COMPARE_COLUMNS));
}

static void
append_json_number(StringInfo buf, const char *key, double value)
{
	appendStringInfo(buf, ", \"%s\": ", key);
	/* JSON has no NaN or Infinity */
	if (!isfinite(value))
		appendStringInfoString(buf, "null");
	else
		sq_append_float8(buf, value);
}

/* Everything a dashboard needs, as jsonb: the mix, the score, the histogram. */
Datum
nps_jsonb(PG_FUNCTION_ARGS)
{
	RatingState *state = PG_GETARG_RATING_STATE(0);
	NpsSummary	s = sq_nps_summarize(state);
	bool		weighted = RatingStateIsWeighted(state);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"format\": %d, \"weighted\": %s, \"responses\": " INT64_FORMAT,
					 RATING_STATE_VERSION, weighted ? "true" : "false",
					 sq_rating_state_responses(state));
	appendStringInfo(&buf, ", \"promoters\": " INT64_FORMAT ", \"passives\": " INT64_FORMAT
					 ", \"detractors\": " INT64_FORMAT,
					 sq_rating_state_count(state, PROMOTER_MIN, RATING_MAX),
					 sq_rating_state_count(state, DETRACTOR_MAX + 1, PASSIVE_MAX),
					 sq_rating_state_count(state, RATING_MIN, DETRACTOR_MAX));
	append_json_number(&buf, "nps", s.valid ? s.score : NAN);
	append_json_number(&buf, "stderr", s.valid ? s.stderr_points : NAN);
	append_json_number(&buf, "promoter_share", s.valid ? s.promoter_share : NAN);
	append_json_number(&buf, "passive_share", s.valid ? s.passive_share : NAN);
	append_json_number(&buf, "detractor_share", s.valid ? s.detractor_share : NAN);
	append_json_number(&buf, "effective_n", sq_rating_state_effective_n(state));
	appendStringInfoString(&buf, ", \"counts\": [");
	for (int r = 0; r < RATING_BUCKETS; r++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, r ? ", " : "", state->count[r]);
	appendStringInfoChar(&buf, ']');
	if (weighted)
	{
		append_json_number(&buf, "weight_total", sq_rating_state_mass(state, RATING_MIN, RATING_MAX));
		appendStringInfoString(&buf, ", \"weights\": [");
		for (int r = 0; r < RATING_BUCKETS; r++)
		{
			if (r)
				appendStringInfoString(&buf, ", ");
			sq_append_float8(&buf, state->weight[r]);
		}
		appendStringInfoChar(&buf, ']');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
