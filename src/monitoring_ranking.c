/*-------------------------------------------------------------------------
 *
 * monitoring_ranking.c
 *	  Fair rankings of teams and agents by empirical Bayes: rates shrunk
 *	  toward a beta prior (proportion_prior, proportion_ranking) and NPS
 *	  shrunk toward a Dirichlet prior (nps_prior, nps_ranking), both
 *	  fitted to the groups by the method of moments.
 *
 * An agent with 4 surveys, all promoters, has an NPS of 100 and tops a
 * league table of raw scores; with 400 surveys nobody gets there.  Treating
 * each group's true shares as drawn from a common prior, the posterior
 * mean pulls a group toward the prior mean by an amount that falls with
 * its own sample size, and its credible interval says how sure we are;
 * ranking by the lower bound ranks groups by what their data show at
 * least (Efron and Morris 1975; Robinson 2017).
 *
 * The model: group i has n_i responses in c categories (success and
 * failure; promoter, passive and detractor) with counts x_ij, drawn
 * multinomially from shares P_i ~ Dirichlet(A pi) (a beta for c = 2).
 * Then E[x_ij / n_i] = pi_j and Var(x_ij / n_i) = pi_j (1 - pi_j) (rho +
 * (1 - rho) / n_i) with rho = 1 / (A + 1) (Mosimann 1962).  The method of
 * moments (Kleinman 1973, weights n_i): with the pooled shares pi_j =
 * sum_i x_ij / N, the between-group sum of squares summed over categories
 *	 S = sum_i n_i sum_j (x_ij / n_i - pi_j)^2
 * has expectation V (rho D + (k - 1)), V = sum_j pi_j (1 - pi_j) and
 * D = N - sum_i n_i^2 / N - (k - 1), k groups with data; so
 *	 rho = (S / V - (k - 1)) / D,  strength A = 1 / rho - 1.
 * rho <= 0 (the groups vary no more than chance makes them; also when
 * every response falls in one category) means A = Infinity: every group
 * is estimated by the pooled shares (complete pooling).  The prior cannot
 * be fitted (NaN, NULL in SQL) with fewer than two groups with data, with
 * D <= 0 (every group of one response) or with rho >= 1 (groups all of
 * one category each).
 *
 * Posteriors: rates Beta(alpha + x, beta + n - x), alpha = pi A, beta =
 * (1 - pi) A, with the equal-tailed interval from the inverse incomplete
 * beta function (exact).  NPS: Dirichlet(A pi + x_i), a0 = A + n_i; the
 * NPS P - D has mean m = (a_P - a_D) / a0 and variance ((a_P + a_D) / a0 -
 * m^2) / (a0 + 1), and its interval is m -/+ z sd (normal approximation),
 * clipped to [-100, 100].  Weighted rating states enter with effective
 * counts (shares times Kish's n_eff).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/builtins.h"

#include "nps.h"
#include "numerics.h"
#include "proportion_state.h"
#include "rating_state.h"
#include "statistics.h"

PG_FUNCTION_INFO_V1(proportion_prior);
PG_FUNCTION_INFO_V1(proportion_ranking);
PG_FUNCTION_INFO_V1(nps_prior);
PG_FUNCTION_INFO_V1(nps_ranking);

#define MAX_CATEGORIES 3

/*
 * The counts of each group: x[i * categories + j] and n[i] (0: no data),
 * and its raw estimate (NaN without data).
 */
typedef struct GroupCounts
{
	int			count;
	int			categories;
	double	   *x;
	double	   *n;
	double	   *estimate;
} GroupCounts;

static GroupCounts
group_counts(int count, int categories)
{
	GroupCounts g = {count, categories, NULL, NULL, NULL};

	g.x = palloc0(sizeof(double) * categories * Max(count, 1));
	g.n = palloc0(sizeof(double) * Max(count, 1));
	g.estimate = palloc(sizeof(double) * Max(count, 1));
	for (int i = 0; i < count; i++)
		g.estimate[i] = NAN;
	return g;
}

typedef struct Prior
{
	int			groups;			/* with data */
	double		pooled[MAX_CATEGORIES]; /* NaN without data */
	double		rho;			/* 0 with complete pooling; NaN: not fitted */
	double		strength;		/* A = 1 / rho - 1: Infinity or NaN */
} Prior;

static Prior
fit_prior(const GroupCounts *g)
{
	Prior		prior = {0};
	double	   *after = palloc(sizeof(double) * (g->count + 1));
	double		N = 0.0,
				before = 0.0,
				S = 0.0,
				V = 0.0,
				D = 0.0,
				others_pooled = 0.0;	/* of the categories but the dominant */
	int			dominant = 0;

	for (int i = 0; i < g->count; i++)
		if (g->n[i] > 0.0)
		{
			prior.groups++;
			N += g->n[i];
		}
	prior.rho = prior.strength = NAN;
	for (int j = 0; j < g->categories; j++)
	{
		double		total = 0.0;

		for (int i = 0; i < g->count; i++)
			total += g->n[i] > 0.0 ? g->x[i * g->categories + j] : 0.0;
		prior.pooled[j] = prior.groups > 0 ? total / N : NAN;
		if (prior.pooled[j] > prior.pooled[dominant])
			dominant = j;
	}

	/*
	 * Shares near 1 cancel in 1 - p and in x / n - p: the largest share's are
	 * taken from the others' (the shares sum to 1), whose terms keep their
	 * digits however small the rates (at rates of 1e-12 the strength was
	 * 2.3e-5 off).
	 */
	for (int j = 0; j < g->categories; j++)
		if (j != dominant)
		{
			V += prior.pooled[j] * (1.0 - prior.pooled[j]);
			others_pooled += prior.pooled[j];
		}
	V += prior.pooled[dominant] * others_pooled;

	/*
	 * D = sum n_i (N - n_i) / N - (k - 1) = sum (n_i - 1) (N - n_i) / N,
	 * summed in the second form: its terms are not negative (an effective n
	 * is at least 1), so every group of one response gives 0 exactly, where
	 * the first form came out an ulp either side of 0 depending on the number
	 * of groups.  Each N - n_i is summed from the other groups: N - n_i
	 * cancels where one group holds nearly all of N.
	 */
	after[g->count] = 0.0;
	for (int i = g->count - 1; i >= 0; i--)
		after[i] = after[i + 1] + (g->n[i] > 0.0 ? g->n[i] : 0.0);
	for (int i = 0; i < g->count; i++)
		if (g->n[i] > 0.0)
		{
			D += (g->n[i] - 1.0) * ((before + after[i + 1]) / N);
			before += g->n[i];
		}
	pfree(after);
	if (prior.groups < 2 || !(D > 0.0))
		return prior;

	for (int i = 0; i < g->count; i++)
	{
		double		others = 0.0;

		if (!(g->n[i] > 0.0))
			continue;
		for (int j = 0; j < g->categories; j++)
		{
			double		deviation;

			if (j == dominant)
				continue;
			deviation = g->x[i * g->categories + j] / g->n[i] - prior.pooled[j];
			others += deviation;
			S += g->n[i] * deviation * deviation;
		}
		S += g->n[i] * others * others;
	}
	prior.rho = V > 0.0 ? (S / V - (prior.groups - 1)) / D : 0.0;
	if (prior.rho >= 1.0)
		prior.rho = NAN;
	else if (prior.rho <= 0.0)
	{
		prior.rho = 0.0;
		prior.strength = INFINITY;
	}
	else
		prior.strength = 1.0 / prior.rho - 1.0;
	return prior;
}

static GroupCounts
proportion_counts(const SqGroups *groups)
{
	GroupCounts g = group_counts(groups->count, 2);

	for (int i = 0; i < g.count; i++)
		if (!groups->missing[i])
		{
			ProportionState *s = (ProportionState *) DatumGetPointer(groups->states[i]);

			g.x[2 * i] = (double) s->successes;
			g.x[2 * i + 1] = (double) (s->trials - s->successes);
			g.n[i] = (double) s->trials;
			if (s->trials > 0)
				g.estimate[i] = (double) s->successes / (double) s->trials;
		}
	return g;
}

/* Promoters, passives, detractors: effective counts when weighted. */
static GroupCounts
nps_counts(const SqGroups *groups)
{
	GroupCounts g = group_counts(groups->count, 3);

	for (int i = 0; i < g.count; i++)
		if (!groups->missing[i])
		{
			NpsSummary	s = sq_nps_summarize((RatingState *) DatumGetPointer(groups->states[i]));

			if (!s.valid || !(s.effective_n > 0.0))
				continue;
			g.x[3 * i] = s.promoter_share * s.effective_n;
			g.x[3 * i + 1] = s.passive_share * s.effective_n;
			g.x[3 * i + 2] = s.detractor_share * s.effective_n;
			g.n[i] = s.effective_n;
			g.estimate[i] = s.score;
		}
	return g;
}

/* ---- posteriors ------------------------------------------------------------- */

/* shrunken, lower, upper of group i's rate */
static void
rate_posterior(const Prior *prior, const GroupCounts *g, int i, double level, double *out)
{
	double		x = g->x[2 * i],
				n = g->n[i];
	double		a,
				b,
				tail = (1.0 - level) / 2.0;

	if (isnan(prior->strength))
	{
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	if (isinf(prior->strength))
	{
		out[0] = out[1] = out[2] = prior->pooled[0];
		return;
	}
	a = prior->pooled[0] * prior->strength + x;
	b = prior->pooled[1] * prior->strength + (n - x);
	out[0] = a / (a + b);
	out[1] = sq_beta_inc_inv(a, b, tail);
	out[2] = sq_beta_inc_c_inv(a, b, tail);
}

/* shrunken, lower, upper of group i's NPS in points */
static void
nps_posterior(const Prior *prior, const GroupCounts *g, int i, double level, double *out)
{
	const double *x = &g->x[3 * i];
	double		n = g->n[i],
				a_p,
				a_d,
				a0,
				mean,
				sd;

	if (isnan(prior->strength))
	{
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	if (isinf(prior->strength))
	{
		out[0] = out[1] = out[2] = 100.0 * (prior->pooled[0] - prior->pooled[2]);
		return;
	}
	a_p = prior->pooled[0] * prior->strength + x[0];
	a_d = prior->pooled[2] * prior->strength + x[2];
	a0 = prior->strength + n;
	mean = (a_p - a_d) / a0;
	sd = sqrt(fmax(0.0, ((a_p + a_d) / a0 - mean * mean) / (a0 + 1.0)));
	out[0] = 100.0 * mean;
	out[1] = 100.0 * fmax(-1.0, mean - sq_normal_critical_value(level) * sd);
	out[2] = 100.0 * fmin(1.0, mean + sq_normal_critical_value(level) * sd);
}

/* ---- ranks -------------------------------------------------------------------- */

typedef struct Ranked
{
	int			group;
	double		bound;			/* larger is better */
} Ranked;

static int
compare_ranked(const void *a, const void *b, void *arg pg_attribute_unused())
{
	double		x = ((const Ranked *) a)->bound,
				y = ((const Ranked *) b)->bound;

	return (x < y) - (x > y);	/* best first */
}

/*
 * rank[i] = 1 + the groups with a better bound, percentile[i] = 100 times
 * the share of the other groups with a worse one, for the groups whose
 * bound exists (bound[i] larger is better); NaN elsewhere.
 */
static void
rank_groups(const double *bound, int count, double *rank, double *percentile)
{
	Ranked	   *ranked = palloc(sizeof(Ranked) * Max(count, 1));
	int			k = 0;

	for (int i = 0; i < count; i++)
	{
		rank[i] = percentile[i] = NAN;
		if (!isnan(bound[i]))
		{
			ranked[k].group = i;
			ranked[k].bound = bound[i];
			k++;
		}
	}
	sq_qsort_interruptible(ranked, k, sizeof(Ranked), compare_ranked, NULL);
	for (int i = 0, j; i < k; i = j)
	{
		for (j = i + 1; j < k && ranked[j].bound == ranked[i].bound; j++)
			;
		for (int r = i; r < j; r++)
		{
			rank[ranked[r].group] = i + 1;
			percentile[ranked[r].group] = k > 1 ? 100.0 * (k - j) / (k - 1) : NAN;
		}
	}
}

/* ---- SQL functions --------------------------------------------------------------- */

/* The row groups, mean, between_sd, strength, alpha, beta */
Datum
proportion_prior(PG_FUNCTION_ARGS)
{
	SqGroups	groups;
	GroupCounts g;
	Prior		prior;
	double		out[5];
	Datum		values[6];
	bool		nulls[6];

	sq_groups_read(fcinfo, -1, 0, "proportion_state", PROPORTION_STATE_VERSION, NULL, &groups);
	g = proportion_counts(&groups);
	prior = fit_prior(&g);
	out[0] = prior.pooled[0];
	out[1] = sqrt(prior.rho * prior.pooled[0] * prior.pooled[1]);
	out[2] = prior.strength;
	/* with complete pooling a share of 0 keeps a parameter of 0 */
	out[3] = prior.pooled[0] == 0.0 ? 0.0 : prior.pooled[0] * prior.strength;
	out[4] = prior.pooled[1] == 0.0 ? 0.0 : prior.pooled[1] * prior.strength;
	if (isnan(prior.strength))
		out[3] = out[4] = NAN;
	values[0] = Int32GetDatum(prior.groups);
	nulls[0] = false;
	for (int i = 0; i < 5; i++)
		values[1 + i] = sq_float8_or_null(out[i], &nulls[1 + i]);
	return sq_result_row(fcinfo, values, nulls);
}

/* The row groups, nps, between_sd, strength, promoter/passive/detractor shares */
Datum
nps_prior(PG_FUNCTION_ARGS)
{
	SqGroups	groups;
	GroupCounts g;
	Prior		prior;
	double		p,
				d,
				out[6];
	Datum		values[7];
	bool		nulls[7];

	sq_groups_read(fcinfo, -1, 0, "rating_state", RATING_STATE_VERSION, NULL, &groups);
	g = nps_counts(&groups);
	prior = fit_prior(&g);
	p = prior.pooled[0];
	d = prior.pooled[2];
	out[0] = 100.0 * (p - d);
	out[1] = 100.0 * sqrt(prior.rho * sq_nps_unit_variance(p, prior.pooled[1], d));
	out[2] = prior.strength;
	out[3] = p;
	out[4] = prior.pooled[1];
	out[5] = d;
	values[0] = Int32GetDatum(prior.groups);
	nulls[0] = false;
	for (int i = 0; i < 6; i++)
		values[1 + i] = sq_float8_or_null(out[i], &nulls[1 + i]);
	return sq_result_row(fcinfo, values, nulls);
}

/*
 * What a ranking needs of a metric: the groups' counts, a group's
 * posterior, and the columns between the label and the estimate (the
 * counts, as the metric reports them).
 */
typedef struct RankingMetric
{
	const char *type_name;		/* of the states, and their format version */
	int			version;
	GroupCounts (*counts) (const SqGroups *groups);
	void		(*posterior) (const Prior *prior, const GroupCounts *g, int i,
							  double level, double *out);
	int			count_columns;
	void		(*count_values) (const SqGroups *groups, const GroupCounts *g, int i,
								 Datum *values);
} RankingMetric;

/* The state's own counts: their doubles lose digits past 2^53 */
static void
proportion_count_values(const SqGroups *groups, const GroupCounts *g pg_attribute_unused(), int i,
						Datum *values)
{
	ProportionState *s;

	values[0] = values[1] = Int64GetDatum(0);
	if (groups->missing[i])
		return;
	s = (ProportionState *) DatumGetPointer(groups->states[i]);
	values[0] = Int64GetDatum(s->successes);
	values[1] = Int64GetDatum(s->trials);
}

/* effective_n: Kish's for a weighted state, so not named as a count */
static void
nps_count_values(const SqGroups *groups pg_attribute_unused(), const GroupCounts *g, int i,
				 Datum *values)
{
	values[0] = Float8GetDatum(g->n[i]);
}

static const RankingMetric proportion_metric = {
	.type_name = "proportion_state",
	.version = PROPORTION_STATE_VERSION,
	.counts = proportion_counts,
	.posterior = rate_posterior,
	.count_columns = 2,
	.count_values = proportion_count_values,
};

static const RankingMetric nps_metric = {
	.type_name = "rating_state",
	.version = RATING_STATE_VERSION,
	.counts = nps_counts,
	.posterior = nps_posterior,
	.count_columns = 1,
	.count_values = nps_count_values,
};

/*
 * (labels, states, level): per group, the label, the count columns,
 * estimate, shrunken, lower, upper, rank and percentile; ranked by the
 * lower bound, or by the upper bound, smallest first, when higher is not
 * better.
 */
static Datum
ranking_rows(FunctionCallInfo fcinfo, const RankingMetric *metric, bool higher_is_better)
{
	double		level = PG_GETARG_FLOAT8(2);
	SqGroups	groups;
	GroupCounts g;
	Prior		prior;
	double	   *post,
			   *bound,
			   *rank,
			   *percentile;
	SqRows		rows;

	sq_check_level(level);
	sq_groups_read(fcinfo, 0, 1, metric->type_name, metric->version, NULL, &groups);
	g = metric->counts(&groups);
	prior = fit_prior(&g);
	post = palloc(sizeof(double) * 3 * Max(g.count, 1));
	bound = palloc(sizeof(double) * Max(g.count, 1));
	rank = palloc(sizeof(double) * Max(g.count, 1));
	percentile = palloc(sizeof(double) * Max(g.count, 1));
	for (int i = 0; i < g.count; i++)
	{
		/* some microseconds a group: a million take seconds */
		CHECK_FOR_INTERRUPTS();
		metric->posterior(&prior, &g, i, level, &post[3 * i]);
		/* an upper bound ranks with its sign turned: smaller is better */
		bound[i] = g.n[i] > 0.0 ? (higher_is_better ? post[3 * i + 1] : -post[3 * i + 2]) : NAN;
	}
	rank_groups(bound, g.count, rank, percentile);

	sq_rows_begin(fcinfo, &rows);
	for (int i = 0; i < g.count; i++)
	{
		Datum		values[9];
		bool		nulls[9] = {false};
		int			k = 1 + metric->count_columns;

		values[0] = CStringGetTextDatum(groups.labels[i]);
		metric->count_values(&groups, &g, i, &values[1]);
		values[k] = sq_float8_or_null(g.estimate[i], &nulls[k]);
		for (int c = 0; c < 3; c++)
			values[k + 1 + c] = sq_float8_or_null(post[3 * i + c], &nulls[k + 1 + c]);
		/* an unranked group's NaN has no int32: converting it is undefined */
		nulls[k + 4] = isnan(rank[i]);
		values[k + 4] = nulls[k + 4] ? (Datum) 0 : Int32GetDatum((int32) rank[i]);
		values[k + 5] = sq_float8_or_null(percentile[i], &nulls[k + 5]);
		sq_rows_add(&rows, values, nulls);
	}
	return (Datum) 0;
}

/* proportion_ranking(labels, states, level, higher_is_better) */
Datum
proportion_ranking(PG_FUNCTION_ARGS)
{
	return ranking_rows(fcinfo, &proportion_metric, PG_GETARG_BOOL(3));
}

/* nps_ranking(labels, states, level) */
Datum
nps_ranking(PG_FUNCTION_ARGS)
{
	return ranking_rows(fcinfo, &nps_metric, true);
}
