/*-------------------------------------------------------------------------
 *
 * statistics_pairwise.c
 *	  Many groups, two at a time: every pair of groups (*_pairwise) and each
 *	  group against the rest (*_vs_rest), for rates, NPS and mean ratings,
 *	  with p-values adjusted for the number of comparisons.
 *
 * Each comparison is the two-sample one (proportion_compare's difference,
 * nps_compare, rating_mean_compare), except a mean rating against the rest
 * (below, mean_rest_pair); "the rest" is the merge of every other group's
 * state, so states must be mergeable (for rating states: all weighted or all
 * unweighted).  The rests are built from merges of the groups before and
 * after each group, O(k) merges for k groups rather than
 * k - 1 for each: *_vs_rest is where the pairwise limit sends large
 * problems.  Every row carries its own p-value and the family's Holm and
 * Benjamini-Hochberg adjusted p-values, the family being the comparisons of
 * the call that have a p-value.  Intervals are not adjusted: each holds at
 * the level for its own comparison.
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

PG_FUNCTION_INFO_V1(proportion_pairwise);
PG_FUNCTION_INFO_V1(nps_pairwise);
PG_FUNCTION_INFO_V1(rating_mean_pairwise);
PG_FUNCTION_INFO_V1(proportion_vs_rest);
PG_FUNCTION_INFO_V1(nps_vs_rest);
PG_FUNCTION_INFO_V1(rating_mean_vs_rest);

#define MAX_COLUMNS SQ_PROPORTION_COMPARE_COLUMNS

/* 499,500 pairs: far more than anyone reads, small enough to hold at once */
#define MAX_PAIRWISE_GROUPS 1000

/*
 * Each group against the rest holds a state and a row of figures per group,
 * about 350 bytes: a million groups is some 350 MB, checked before any of it
 * (or the labels) is read
 */
#define MAX_VS_REST_GROUPS 1000000

/*
 * The exact distribution of the sum of the ratings of m responses drawn
 * without replacement from a whole, for every m up to capacity (see
 * exact_sums_build); kept across the groups of one call, whose wholes (a
 * group and its rest) are all the same.
 */
typedef struct ExactSums
{
	uint64		whole[RATING_BUCKETS];	/* the counts it was built for */
	int			mode;			/* the whole's most common rating, left out */
	int			capacity;		/* rows 0 to capacity; 0: none built */
	int			width;			/* sums (less RATING_MIN each) 0 to width - 1 */
	double		x;				/* the rows' scale: row j is x^j times counts */
	double	   *cells;			/* row j: the chance, scaled, of a sum or less */
	double	   *upper;			/* row j: of that sum or more */
} ExactSums;

typedef struct Options
{
	double		level;
	bool		adjusted;		/* NPS: adjusted Wald */
	ExactSums  *sums;			/* rating_mean_vs_rest: the exact tables */
} Options;

/* How one metric compares two states, estimates one and merges two. */
typedef struct Metric
{
	const char *type_name;		/* of the states, and their format version */
	int			version;
	int			columns;		/* comparison columns in a result row */
	int			p_column;		/* the p-value among them */
	bool		(*compare) (Datum a, Datum b, const Options *options, double *out);
	double		(*estimate) (Datum state);
	Size		state_size;		/* every state of the metric has this size */
	Datum		(*empty) (void);
	void		(*merge) (Datum dst, Datum src);
} Metric;

/* ---- the metrics ------------------------------------------------------------ */

static bool
proportion_pair(Datum a, Datum b, const Options *options, double *out)
{
	ProportionState *x = (ProportionState *) DatumGetPointer(a);
	ProportionState *y = (ProportionState *) DatumGetPointer(b);

	return sq_proportion_compare((double) x->successes, (double) (x->trials - x->successes),
								 (double) y->successes, (double) (y->trials - y->successes),
								 options->level, out);
}

static double
proportion_estimate(Datum state)
{
	ProportionState *s = (ProportionState *) DatumGetPointer(state);

	return s->trials > 0 ? (double) s->successes / (double) s->trials : NAN;
}

static Datum
proportion_empty(void)
{
	return PointerGetDatum(sq_proportion_state_new(0, 0));
}

static void
proportion_merge(Datum dst, Datum src)
{
	sq_proportion_state_merge_into((ProportionState *) DatumGetPointer(dst),
								   (ProportionState *) DatumGetPointer(src));
}

static bool
nps_pair(Datum a, Datum b, const Options *options, double *out)
{
	return sq_nps_compare((RatingState *) DatumGetPointer(a), (RatingState *) DatumGetPointer(b),
						  options->level, options->adjusted, out);
}

static double
nps_estimate(Datum state)
{
	NpsSummary	s = sq_nps_summarize((RatingState *) DatumGetPointer(state));

	return s.valid ? s.score : NAN;
}

static Datum
rating_empty(void)
{
	return PointerGetDatum(sq_rating_state_new(CurrentMemoryContext, false));
}

/* Merging checks that all are weighted or all unweighted. */
static void
rating_merge(Datum dst, Datum src)
{
	sq_rating_state_merge_into((RatingState *) DatumGetPointer(dst),
							   (RatingState *) DatumGetPointer(src));
}

static bool
mean_pair(Datum a, Datum b, const Options *options, double *out)
{
	return sq_rating_mean_compare((RatingState *) DatumGetPointer(a),
								  (RatingState *) DatumGetPointer(b), options->level, out);
}

static double
mean_estimate(Datum state)
{
	return sq_rating_state_mean((RatingState *) DatumGetPointer(state));
}

/*
 * The mean and the second and third central moments of a state's ratings
 * (mass-weighted, divided by the total mass), its (effective) size n, and
 * the count of each rating: the state's own, or for weighted states its
 * share of n.
 */
typedef struct Moments
{
	double		n;
	double		mean;
	double		m2;
	double		m3;
	double		count[RATING_BUCKETS];
} Moments;

static Moments
moments_of(const RatingState *state)
{
	Moments		m = {sq_rating_state_effective_n(state), sq_rating_state_mean(state), 0.0, 0.0, {0.0}};
	double		total = sq_rating_state_mass(state, RATING_MIN, RATING_MAX);

	for (int r = RATING_MIN; r <= RATING_MAX; r++)
	{
		double		share = sq_rating_state_mass(state, r, r) / total,
					dev = r - m.mean;

		m.count[r - RATING_MIN] = RatingStateIsWeighted(state) ? share * m.n : (double) state->count[r];
		m.m2 += share * dev * dev;
		m.m3 += share * dev * dev * dev;
	}
	return m;
}

/*
 * Half the chance that a side's m responses, drawn from the whole's n, are
 * all the k of the whole's top (or bottom) rating, 0 unless the side holds
 * that rating alone.  That chance is the product of (k - i) / (n - i) over
 * i < m, or of (n - m - i) / (n - i) over i < n - k (the others all in the
 * other side), whichever has fewer factors, up to 10,000 of them.  Beyond,
 * and for the effective counts of weighted states, it is the middle factor
 * of the first to the m-th power: within 1% for 30 of 300 with 270 tens
 * (0.0358 for 0.0356), where many factors are alike, but 0.043 for 0.029
 * for 3 of 7 with 3, hence exact where that is cheap.
 */
static double
half_extreme_atom(const Moments *side, int rating, double k, double n)
{
	double		m = side->n,
				others = n - k,
				chance = 1.0;

	if (side->count[rating - RATING_MIN] != m)
		return 0.0;
	if (m == floor(m) && others == floor(others) && fmin(m, others) <= 10000.0)
	{
		int			factors = (int) fmin(m, others);

		/* until the product underflows */
		for (int i = 0; i < factors && chance > 0.0; i++)
			chance *= (m <= others ? k - i : n - m - i) / (n - i);
		return 0.5 * chance;
	}
	return 0.5 * exp(m * log1p(-others / (n - (m - 1.0) / 2.0)));
}

/*
 * Below this |skewness| pearson3_tails takes the normal tails.  The gamma
 * form holds z in x = a + z sqrt(a), a = 4 / g^2, to x's relative 2^-53,
 * that is to 2^-52 / |g| in units of z: 2e-10 at 1e-6, but all of z lost
 * for the rounding residue (1e-18) a symmetric whole's skewness comes out
 * as, which took p to 1 at z = 6.9.  The normal differs from the curve by
 * about g (z^2 - 1) phi(z) / 6, a share of about |g| z^3 / 6 of a tail: at
 * most 2e-4 at z = 10 below 1e-6.
 */
#define PEARSON3_MIN_SKEWNESS 1e-6

/*
 * P(Z <= z) and P(Z >= z) for Z of Pearson's type III with mean 0, variance
 * 1 and skewness g: Z = (G - a) / sqrt(a), G gamma of shape a = 4 / g^2,
 * mirrored for g < 0; the normal distribution for |g| below
 * PEARSON3_MIN_SKEWNESS.
 */
static void
pearson3_tails(double z, double g, double *below, double *above)
{
	double		a,
				x;

	if (fabs(g) < PEARSON3_MIN_SKEWNESS)
	{
		*below = sq_normal_cdf(z);
		*above = sq_normal_upper_tail(z);
		return;
	}
	a = 4.0 / (g * g);
	x = a + (g > 0.0 ? z : -z) * sqrt(a);
	*below = x <= 0.0 ? 0.0 : sq_gamma_p(a, x);
	*above = x <= 0.0 ? 1.0 : sq_gamma_q(a, x);
	if (g < 0.0)
	{
		double		swap = *below;

		*below = *above;
		*above = swap;
	}
}

/*
 * For the Pearson curve (the exact tails hold these outcomes already):
 * the group all at the whole's top rating, or the rest all at its bottom
 * one, is the largest difference any relabelling gives: the lower tail is
 * then 1, and the upper tail holds that outcome, an atom of the
 * permutation distribution that a smooth curve cannot hold where the whole
 * is nearly flat (5 tens against 9999 tens and a five got p = 0.025 from
 * the curve alone, the exact p being 1).  The upper tail is then at least
 * half the atom's chance, as a mid-p counts the outcome observed.  The
 * same mirrored at the smallest difference.  Still wanted for weighted
 * states (the weighted form of that example) and for unweighted ones past
 * EXACT_MAX_SIDE with a whole less flat.
 */
static void
extreme_atoms(const Moments *x, const Moments *y, double n, double *below, double *above)
{
	int			top = RATING_MAX,
				bottom = RATING_MIN;
	double		k_top,
				k_bottom,
				highest,
				lowest;

	while (top > RATING_MIN && x->count[top - RATING_MIN] == 0.0 && y->count[top - RATING_MIN] == 0.0)
		top--;
	while (bottom < RATING_MAX && x->count[bottom - RATING_MIN] == 0.0 && y->count[bottom - RATING_MIN] == 0.0)
		bottom++;
	k_top = x->count[top - RATING_MIN] + y->count[top - RATING_MIN];
	k_bottom = x->count[bottom - RATING_MIN] + y->count[bottom - RATING_MIN];
	highest = fmax(half_extreme_atom(x, top, k_top, n), half_extreme_atom(y, bottom, k_bottom, n));
	lowest = fmax(half_extreme_atom(x, bottom, k_bottom, n), half_extreme_atom(y, top, k_top, n));
	if (highest > 0.0)
	{
		*below = 1.0;
		*above = fmax(*above, highest);
	}
	if (lowest > 0.0)
	{
		*above = 1.0;
		*below = fmax(*below, lowest);
	}
}

/*
 * p is exact when the smaller side, or the whole's responses other than
 * its most common rating, number at most this (m rows).  The table for m
 * rows costs up to about 9 m^3 multiply-adds (less when some ratings are
 * rare) and 160 m^2 bytes, built once per call for its largest side: at
 * 200, every rating common, about 45 ms and 6 MB; 10,000 groups of 40
 * took 18 ms in all.  Each group then adds up to m + 1 rows' tails.
 */
#define EXACT_MAX_SIDE 200

/*
 * The responses of whole other than its mode (the first most common
 * rating), exact up to 2^53, as n - c in doubles was not at counts of
 * 10^18.
 */
static double
exact_others(const uint64 *whole)
{
	int			mode = 0;
	double		others = 0.0;

	for (int r = 1; r < RATING_BUCKETS; r++)
		if (whole[r] > whole[mode])
			mode = r;
	for (int r = 0; r < RATING_BUCKETS; r++)
		if (r != mode)
			others += (double) whole[r];
	return others;
}

/* The most rows the table needs for a side of m: others it can hold. */
static double
exact_rows_needed(const uint64 *whole, double m)
{
	return Min(m, exact_others(whole));
}

/*
 * The table of exact_sums for draws of up to capacity responses from the
 * whole (n responses) but its most common rating, the mode (c of them):
 * under relabelling the smaller side's m responses are a draw without
 * replacement, each composition (t_r of rating r) having chance
 * prod C(K_r, t_r) / C(n, m), and exact_tails adds the mode's m - j to
 * row j's compositions of j others.  Adding the other ratings one at a
 * time, row j holds, for every sum, the total over compositions of j
 * responses of prod C(K_r, t_r) x^j: each rating adds t of its K_r
 * responses with weight C(K_r, t) x^t.  The factor x^j is the same for a
 * whole row; x = C(n', h)^(-1/h), n' = n - c and h = min(EXACT_MAX_SIDE,
 * n' / 2) (1 at least), keeps the rows' totals, C(n', j) x^j, between 1
 * (C(n', j) is log-concave in j) and e^88 (found at n' = 400, j = 81) for
 * j up to h, and above 10^-37 up to 2h (n' = 300, j = 200), where the raw
 * binomials would overflow at counts of 10^9.  Sums whose chance is some
 * 10^-270 of their row's total underflow to 0.  Rows are updated in place
 * from the largest j down, so each adds from rows not yet updated; a row
 * never depends on the capacity, so a group's p is the same to the bit
 * whatever the other groups' sizes.  Each row is then summed from either
 * end, for the tails.
 */
static void
exact_sums_build(ExactSums *table, const uint64 *whole, int capacity)
{
	double		log_binomial = 0.0,
				others,
			   *weight = palloc(sizeof(double) * (capacity + 1));
	int			width = (RATING_MAX - RATING_MIN) * capacity + 1,
				mode = 0,
				largest,
				drawn = 0,
				low = -1,
				high = 0;

	if (table->capacity > 0)
	{
		pfree(table->cells);
		pfree(table->upper);
	}
	table->capacity = 0;
	for (int r = 1; r < RATING_BUCKETS; r++)
		if (whole[r] > whole[mode])
			mode = r;
	others = exact_others(whole);
	largest = (int) Max(1.0, Min(EXACT_MAX_SIDE, floor(others / 2.0)));
	table->cells = palloc0(sizeof(double) * (capacity + 1) * width);
	table->upper = palloc(sizeof(double) * (capacity + 1) * width);
	table->width = width;
	for (int i = 0; i < largest; i++)
		log_binomial += log((others - i) / (i + 1.0));
	table->x = exp(-log_binomial / largest);
	table->cells[0] = 1.0;
	for (int r = 0; r < RATING_BUCKETS; r++)
	{
		double		k = (double) whole[r];
		int			most = (int) Min(whole[r], (uint64) capacity);

		if (whole[r] == 0 || r == mode)
			continue;
		weight[0] = 1.0;
		for (int t = 1; t <= most; t++)
			weight[t] = weight[t - 1] * (k - t + 1.0) / t * table->x;
		if (low < 0)
			low = r;
		for (int j = Min(drawn, capacity); j >= 0; j--)
		{
			const double *from = table->cells + (Size) j * width;

			CHECK_FOR_INTERRUPTS();
			for (int t = 1; t <= Min(most, capacity - j); t++)
			{
				double	   *to = table->cells + (Size) (j + t) * width + (Size) r * t;

				for (int s = low * j; s <= high * j; s++)
					to[s] += weight[t] * from[s];
			}
		}
		drawn = (int) Min((uint64) drawn + whole[r], (uint64) capacity);
		high = r;
	}
	for (int j = 0; j <= capacity; j++)
	{
		double	   *below = table->cells + (Size) j * width,
				   *above = table->upper + (Size) j * width;
		int			last = (RATING_MAX - RATING_MIN) * j;

		above[last] = below[last];
		for (int s = last - 1; s >= 0; s--)
			above[s] = above[s + 1] + below[s];
		for (int s = 1; s <= last; s++)
			below[s] += below[s - 1];
	}
	pfree(weight);
	memcpy(table->whole, whole, sizeof(table->whole));
	table->mode = mode;
	table->capacity = capacity;
}

/*
 * P(S <= sum) and P(S >= sum) for S the sum of the ratings (less
 * RATING_MIN each) of m responses (at most half of n) drawn without
 * replacement from whole, sum that of side's, when at most EXACT_MAX_SIDE
 * of them can be other than the mode: the mixture over j others of row j,
 * shifted by the mode's m - j (compared with side's others' sum and
 * count, so that no sum of 10^18 ratings overflows), with weights C(c, m - j) x^-j (row j holds x^j times the
 * counts), each the last times (c - m + j + 1) / (m - j) x going down
 * from the largest j, rescaled before they overflow; the weights rise then
 * fall (the ratio falls with j), so those that underflow are negligible.
 * The table is kept while the whole stays and grows by doubling, so a call
 * costs about as much as one table for its largest side.
 */
static void
exact_tails(ExactSums *table, const uint64 *whole, double n, int64 m, const int64 *side,
			double *below, double *above)
{
	int			needed = (int) exact_rows_needed(whole, (double) m);
	double		c,
				w = 1.0,
				total = 0.0,
				lower = 0.0,
				upper = 0.0;
	int			first;
	int64		others = 0,
				others_sum = 0;

	if (needed > table->capacity || memcmp(whole, table->whole, sizeof(table->whole)) != 0)
	{
		int			capacity = needed;

		if (memcmp(whole, table->whole, sizeof(table->whole)) == 0)
			capacity = (int) Min(Max(needed, 2 * table->capacity),
								 exact_rows_needed(whole, Min(EXACT_MAX_SIDE, floor(n / 2.0))));
		exact_sums_build(table, whole, capacity);
	}
	c = (double) whole[table->mode];
	first = (int) Max(0.0, (double) m - c);
	for (int r = 0; r < RATING_BUCKETS; r++)
		if (r != table->mode)
		{
			others += side[r];
			others_sum += (int64) r * side[r];
		}
	for (int j = needed; j >= first; j--)
	{
		const double *cum_below = table->cells + (Size) j * table->width,
				   *cum_above = table->upper + (Size) j * table->width;
		int64		last = (RATING_MAX - RATING_MIN) * j,
					at = others_sum + (int64) table->mode * (j - others);

		if (j < needed)
			w *= (c - (double) m + j + 1.0) / ((double) m - j) * table->x;
		if (w > 1e200)
		{
			w *= 1e-200;
			total *= 1e-200;
			lower *= 1e-200;
			upper *= 1e-200;
		}
		total += w * cum_below[last];
		if (at >= 0)
			lower += w * cum_below[Min(at, last)];
		if (at <= last)
			upper += w * cum_above[Max(at, 0)];
	}
	*below = fmin(1.0, lower / total);
	*above = fmin(1.0, upper / total);
}

/*
 * The exact tails of the smaller side's sum when both states are
 * unweighted and at most EXACT_MAX_SIDE of that side's responses can be
 * other than the whole's mode; false otherwise.  The group's mean rises with its own sum and falls with the
 * rest's, the whole being fixed.
 */
static bool
exact_mean_tails(ExactSums *table, const RatingState *group, const RatingState *rest,
				 double *below, double *above)
{
	uint64		whole[RATING_BUCKETS];
	int64		n_group = sq_rating_state_responses(group),
				n_rest = sq_rating_state_responses(rest);
	const RatingState *side = n_group <= n_rest ? group : rest;
	double		n = (double) n_group + (double) n_rest;

	if (table == NULL || RatingStateIsWeighted(group) || RatingStateIsWeighted(rest))
		return false;
	for (int r = 0; r < RATING_BUCKETS; r++)
		whole[r] = (uint64) group->count[r] + (uint64) rest->count[r];
	if (exact_others(whole) < 1.0 ||
		exact_rows_needed(whole, (double) Min(n_group, n_rest)) > EXACT_MAX_SIDE)
		return false;
	if (side == group)
		exact_tails(table, whole, n, n_group, side->count, below, above);
	else
		exact_tails(table, whole, n, n_rest, side->count, above, below);
	return true;
}

/*
 * A group against the rest: is the group drawn like the rest?  Welch's t
 * took the small group's own variance, which with ratings piled at the top
 * of the scale moves with its mean (a group of 30 with more tens than usual
 * has less spread, so a larger t): Holm over ten groups of 30 from one
 * population (90% tens) flagged a group in 40% of leagues.  Under that null the
 * labels are exchangeable, so the difference d is compared with its
 * distribution over relabellings of the whole (group and rest merged,
 * N = n1 + n2 responses, variance S^2 with N - 1): mean 0, variance
 * S^2 (1/n1 + 1/n2), and skewness that of the sum of n1 responses drawn
 * without replacement,
 *	 n1 mu3 (N - n1) (N - 2 n1) / ((N - 1) (N - 2)) / kappa2^(3/2),
 * mu3 the whole's third central moment and kappa2 = n1 n2 S^2 / N.  Those
 * three moments describe the distribution (z = d / stderr and the
 * skewness are reported whichever way p is found).  With weights some
 * 1e300 apart kappa2^(3/2) underflows and the skewness, finite in truth,
 * overflows: NULL, and the curve's p with it, never +-Infinity.
 *
 * p is twice the smaller tail at d, capped at 1 (a tail the skew makes
 * long no longer rejects too often on its side, nor the short one too
 * rarely, as P(|D| >= |d|) would).  When both states are unweighted and
 * at most EXACT_MAX_SIDE of the smaller side's responses can be other
 * than the whole's most common rating the tails are exact: the whole fixed, d moves with that side's sum, whose distribution
 * over relabellings exact_tails gives, each tail including the observed
 * sum, so p <= alpha in at most alpha of relabellings (less, the sums
 * being discrete).  Otherwise the three moments fit a Pearson type III
 * distribution, its tails beyond z each at least half the chance of a side
 * all at an end of the scale (extreme_atoms).  A flat group against a
 * varied rest has a test: the whole has a variance.
 *
 * The interval is the set of shifts delta for which the group's ratings
 * less delta would not be rejected by z alone at the level (critical value
 * c, no skewness): with W the within-sides sum of squares, d -/+ c
 * sqrt((1/n1 + 1/n2) W / (N - 1 - c^2)).  It exists when N - 1 > c^2 and
 * W > 0 (with neither side varying it would have no width).
 *
 * Weighted states enter with Kish's effective n as their size, their
 * weighted moments as their own.
 * out[] = {difference, stderr, z, skewness, p_value, lower, upper}.
 */
static bool
mean_rest_pair(Datum a, Datum b, const Options *options, double *out)
{
	Moments		x,
				y;
	double		n,
				d,
				mu,
				within,
				whole_m2,
				whole_m3,
				s2,
				kappa2,
				c,
				below,
				above;

	if (isnan(sq_rating_state_mean((RatingState *) DatumGetPointer(a))) ||
		isnan(sq_rating_state_mean((RatingState *) DatumGetPointer(b))))
		return false;
	x = moments_of((RatingState *) DatumGetPointer(a));
	y = moments_of((RatingState *) DatumGetPointer(b));
	n = x.n + y.n;
	d = x.mean - y.mean;
	mu = (x.n * x.mean + y.n * y.mean) / n;
	within = x.n * x.m2 + y.n * y.m2;
	whole_m2 = (within + x.n * y.n / n * d * d) / n;
	whole_m3 = (x.n * (x.m3 + 3.0 * x.m2 * (x.mean - mu) + pow(x.mean - mu, 3)) +
				y.n * (y.m3 + 3.0 * y.m2 * (y.mean - mu) + pow(y.mean - mu, 3))) / n;
	s2 = whole_m2 * n / (n - 1.0);
	out[0] = d;
	out[1] = n > 1.0 ? sqrt(s2 * (1.0 / x.n + 1.0 / y.n)) : NAN;
	for (int i = 2; i < SQ_MEAN_COMPARE_COLUMNS; i++)
		out[i] = NAN;
	if (!(n > 2.0 && s2 > 0.0))
		return true;
	kappa2 = x.n * y.n * s2 / n;
	out[2] = d / out[1];
	out[3] = x.n * whole_m3 * (n - x.n) * (n - 2.0 * x.n) / ((n - 1.0) * (n - 2.0)) / pow(kappa2, 1.5);
	if (exact_mean_tails(options->sums, (RatingState *) DatumGetPointer(a),
						 (RatingState *) DatumGetPointer(b), &below, &above))
		out[4] = fmin(1.0, 2.0 * fmin(below, above));
	else if (isfinite(out[3]))
	{
		pearson3_tails(out[2], out[3], &below, &above);
		extreme_atoms(&x, &y, n, &below, &above);
		out[4] = fmin(1.0, 2.0 * fmin(below, above));
	}
	else
		out[3] = NAN;
	c = sq_normal_critical_value(options->level);
	if (n - 1.0 > c * c && within > 0.0)
	{
		double		margin = c * sqrt((1.0 / x.n + 1.0 / y.n) * within / (n - 1.0 - c * c));

		out[5] = d - margin;
		out[6] = d + margin;
	}
	return true;
}

/* proportions: the difference's columns, without the risk ratio */
static const Metric proportion_metric = {
	.type_name = "proportion_state",
	.version = PROPORTION_STATE_VERSION,
	.columns = SQ_PROPORTION_PAIRWISE_COLUMNS,
	.p_column = 2,
	.compare = proportion_pair,
	.estimate = proportion_estimate,
	.state_size = sizeof(ProportionState),
	.empty = proportion_empty,
	.merge = proportion_merge,
};

static const Metric nps_metric = {
	.type_name = "rating_state",
	.version = RATING_STATE_VERSION,
	.columns = SQ_NPS_COMPARE_COLUMNS,
	.p_column = 3,
	.compare = nps_pair,
	.estimate = nps_estimate,
	.state_size = sizeof(RatingState),
	.empty = rating_empty,
	.merge = rating_merge,
};

static const Metric mean_metric = {
	.type_name = "rating_state",
	.version = RATING_STATE_VERSION,
	.columns = SQ_MEAN_COMPARE_COLUMNS,
	.p_column = 4,
	.compare = mean_pair,
	.estimate = mean_estimate,
	.state_size = sizeof(RatingState),
	.empty = rating_empty,
	.merge = rating_merge,
};

/* a group against the rest: {difference, stderr, z, skewness, p, lower, upper} */
static const Metric mean_rest_metric = {
	.type_name = "rating_state",
	.version = RATING_STATE_VERSION,
	.columns = SQ_MEAN_COMPARE_COLUMNS,
	.p_column = 4,
	.compare = mean_rest_pair,
	.estimate = mean_estimate,
	.state_size = sizeof(RatingState),
	.empty = rating_empty,
	.merge = rating_merge,
};

/* ---- rows --------------------------------------------------------------- */

/* One comparison: its columns (NaN when either side has no data). */
typedef struct Comparison
{
	double		out[MAX_COLUMNS];
} Comparison;

static void
compare_or_nan(const Metric *metric, Datum a, bool a_missing, Datum b, bool b_missing,
			   const Options *options, Comparison *c)
{
	if (a_missing || b_missing || !metric->compare(a, b, options, c->out))
		for (int i = 0; i < MAX_COLUMNS; i++)
			c->out[i] = NAN;
}

/*
 * Emit the rows: the leading columns each row starts with (labels,
 * estimates), then the comparison's columns with the Holm and BH adjusted
 * p-values after its p-value.
 */
static void
emit_rows(FunctionCallInfo fcinfo, const Metric *metric, Comparison *c, int count,
		  const Datum *leading, const bool *leading_nulls, int nleading)
{
	double	   *p = palloc(sizeof(double) * Max(count, 1)),
			   *holm = palloc(sizeof(double) * Max(count, 1)),
			   *bh = palloc(sizeof(double) * Max(count, 1));
	SqRows		rows;

	for (int r = 0; r < count; r++)
		p[r] = c[r].out[metric->p_column];
	sq_p_adjust(p, count, SQ_ADJUST_HOLM, holm);
	sq_p_adjust(p, count, SQ_ADJUST_BH, bh);
	sq_rows_begin(fcinfo, &rows);
	for (int r = 0; r < count; r++)
	{
		Datum		values[4 + MAX_COLUMNS];
		bool		nulls[4 + MAX_COLUMNS];
		int			k = 0;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < nleading; i++, k++)
		{
			values[k] = leading[r * nleading + i];
			nulls[k] = leading_nulls[r * nleading + i];
		}
		for (int i = 0; i < metric->columns; i++, k++)
		{
			values[k] = sq_float8_or_null(c[r].out[i], &nulls[k]);
			if (i != metric->p_column)
				continue;
			k++;
			values[k] = sq_float8_or_null(holm[r], &nulls[k]);
			k++;
			values[k] = sq_float8_or_null(bh[r], &nulls[k]);
		}
		sq_rows_add(&rows, values, nulls);
	}
}

static void
pairwise_limit(int count)
{
	if (count > MAX_PAIRWISE_GROUPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pairwise comparisons of %d groups are too many", count),
				 errdetail("At most %d groups (%d pairs) can be compared pairwise.",
						   MAX_PAIRWISE_GROUPS, MAX_PAIRWISE_GROUPS * (MAX_PAIRWISE_GROUPS - 1) / 2),
				 errhint("Compare each group against the rest with the *_vs_rest functions.")));
}

/* (labels, states, level[, method]): every pair in the order given. */
static Datum
pairwise(FunctionCallInfo fcinfo, const Metric *metric, const Options *options)
{
	SqGroups	g;
	Comparison *c;
	Datum	   *leading;
	bool	   *leading_nulls;
	int			count = 0;

	sq_groups_read(fcinfo, 0, 1, metric->type_name, metric->version, pairwise_limit, &g);
	c = palloc(sizeof(Comparison) * Max((int64) g.count * (g.count - 1) / 2, 1));
	leading = palloc(sizeof(Datum) * 2 * Max((int64) g.count * (g.count - 1) / 2, 1));
	leading_nulls = palloc0(sizeof(bool) * 2 * Max((int64) g.count * (g.count - 1) / 2, 1));
	for (int i = 0; i < g.count; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < g.count; j++, count++)
		{
			compare_or_nan(metric, g.states[i], g.missing[i], g.states[j], g.missing[j],
						   options, &c[count]);
			leading[2 * count] = CStringGetTextDatum(g.labels[i]);
			leading[2 * count + 1] = CStringGetTextDatum(g.labels[j]);
		}
	}
	emit_rows(fcinfo, metric, c, count, leading, leading_nulls, 2);
	return (Datum) 0;
}

/*
 * The merges of the groups after each group, in one array of fixed-size
 * states: entry i holds groups i+1 to k-1, the last entry none.  Allocated
 * huge, as each NULL state, a bit in the array, takes a whole state here.
 */
static char *
merges_after(const Metric *metric, const SqGroups *g)
{
	Size		size = metric->state_size;
	char	   *after = MemoryContextAllocHuge(CurrentMemoryContext, size * Max(g->count, 1));
	Datum		empty = metric->empty();

	if (g->count > 0)
		memcpy(after + size * (g->count - 1), DatumGetPointer(empty), size);
	pfree(DatumGetPointer(empty));
	for (int i = g->count - 2; i >= 0; i--)
	{
		CHECK_FOR_INTERRUPTS();
		memcpy(after + size * i, after + size * (i + 1), size);
		if (!g->missing[i + 1])
			metric->merge(PointerGetDatum(after + size * i), g->states[i + 1]);
	}
	return after;
}

static void
vs_rest_limit(int count)
{
	if (count > MAX_VS_REST_GROUPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("comparisons of %d groups against the rest are too many", count),
				 errdetail("At most %d groups can each be compared against the rest.",
						   MAX_VS_REST_GROUPS),
				 errhint("Compare fewer, larger groups, e.g. by grouping the labels more coarsely.")));
}

/*
 * (labels, states, level[, method]): each group against the merge of the
 * others, that is of the groups before it (merged as the loop goes) with
 * those after it.  Neither side ever holds every group: that merge would
 * refuse a mix of weighted and unweighted states which the rests of two
 * groups, each a single state, allow.  Sums of weights are added in another
 * order than merging the others one by one would, which can move a weighted
 * rest's last bits, as any order of merging (a parallel aggregate's) can.
 */
static Datum
vs_rest(FunctionCallInfo fcinfo, const Metric *metric, const Options *options)
{
	SqGroups	g;
	Comparison *c;
	Datum	   *leading;
	bool	   *leading_nulls;
	Datum		before = metric->empty();

	/* the groups before i merged with those after it, rebuilt for each i */
	Datum		rest = PointerGetDatum(palloc(metric->state_size));
	char	   *after;

	sq_groups_read(fcinfo, 0, 1, metric->type_name, metric->version, vs_rest_limit, &g);
	c = palloc(sizeof(Comparison) * Max(g.count, 1));
	leading = palloc(sizeof(Datum) * 3 * Max(g.count, 1));
	leading_nulls = palloc0(sizeof(bool) * 3 * Max(g.count, 1));
	after = merges_after(metric, &g);
	for (int i = 0; i < g.count; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (i > 0 && !g.missing[i - 1])
			metric->merge(before, g.states[i - 1]);
		memcpy(DatumGetPointer(rest), DatumGetPointer(before), metric->state_size);
		metric->merge(rest, PointerGetDatum(after + metric->state_size * i));
		compare_or_nan(metric, g.states[i], g.missing[i], rest, false, options, &c[i]);
		leading[3 * i] = CStringGetTextDatum(g.labels[i]);
		leading[3 * i + 1] = sq_float8_or_null(g.missing[i] ? NAN : metric->estimate(g.states[i]),
											   &leading_nulls[3 * i + 1]);
		leading[3 * i + 2] = sq_float8_or_null(metric->estimate(rest), &leading_nulls[3 * i + 2]);
	}
	pfree(after);
	emit_rows(fcinfo, metric, c, g.count, leading, leading_nulls, 3);
	return (Datum) 0;
}

/* ---- SQL entry points ------------------------------------------------------ */

static Options
options_of(FunctionCallInfo fcinfo, bool with_method)
{
	Options		options = {PG_GETARG_FLOAT8(2), false, NULL};

	sq_check_level(options.level);
	if (with_method)
		options.adjusted = sq_nps_method_is_adjusted(PG_GETARG_TEXT_PP(3));
	return options;
}

Datum
proportion_pairwise(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, false);

	return pairwise(fcinfo, &proportion_metric, &options);
}

Datum
nps_pairwise(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, true);

	return pairwise(fcinfo, &nps_metric, &options);
}

Datum
rating_mean_pairwise(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, false);

	return pairwise(fcinfo, &mean_metric, &options);
}

Datum
proportion_vs_rest(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, false);

	return vs_rest(fcinfo, &proportion_metric, &options);
}

Datum
nps_vs_rest(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, true);

	return vs_rest(fcinfo, &nps_metric, &options);
}

Datum
rating_mean_vs_rest(PG_FUNCTION_ARGS)
{
	Options		options = options_of(fcinfo, false);
	ExactSums	sums = {{0}, 0, 0, 0, 0.0, NULL, NULL};
	Datum		result;

	options.sums = &sums;
	result = vs_rest(fcinfo, &mean_rest_metric, &options);
	if (sums.capacity > 0)
	{
		pfree(sums.cells);
		pfree(sums.upper);
	}
	return result;
}
