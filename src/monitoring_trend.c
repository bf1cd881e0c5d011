/*-------------------------------------------------------------------------
 *
 * monitoring_trend.c
 *	  The Mann-Kendall trend test with Sen's slope (mann_kendall), over a
 *	  series of period values given as an array.
 *
 * A series is short (one value per week or day) and the test needs every
 * pair of values, so it is taken as an array built with
 * array_agg(value ORDER BY period) rather than kept in an aggregate state:
 * such a state would have to hold the whole series anyway, and the per-
 * period values it would be built from are already the output of the
 * mergeable states (nps(), proportion(), ...).  At most 10,000 points, so
 * that the O(n^2) pairs stay within seconds (the passes over them check
 * for interrupts).
 *
 * With the points (t_i, x_i) ordered by time (Mann 1945; Kendall 1975;
 * Gilbert 1987, ch. 16):
 *	 S = sum over i < j of sign(x_j - x_i),
 *	 Var(S) = (n (n - 1) (2n + 5) - sum_g u_g (u_g - 1) (2 u_g + 5)) / 18,
 * u_g the sizes of the groups of tied values, z = (S - sign(S)) / sqrt(Var)
 * (continuity correction), a two-sided normal p, Kendall's tau = S / (n (n
 * - 1) / 2).  Sen's (1968) slope is the median of the n (n - 1) / 2 slopes
 * (x_j - x_i) / (t_j - t_i); its interval takes the slopes at 0-based ranks
 * round((N - C) / 2) - 1 and round((N + C) / 2) of the N sorted slopes,
 * C = z_(1 - alpha/2) sqrt(Var) (Sen 1968, eq. 2.6; as scipy.stats.
 * theilslopes); the intercept is median(x) - slope median(t).
 *
 * correction 'hamed_rao' (Hamed and Rao 1998) multiplies Var(S) by
 *	 1 + 2 / (n (n - 1) (n - 2)) sum_k (n - k) (n - k - 1) (n - k - 2) r_k,
 * r_k the lag-k autocorrelations of the ranks of the detrended series
 * x_i - slope t_i that are significant at 5% (|r_k| > 1.96 / sqrt(n)); the
 * interval of the slope uses the corrected variance too.
 *
 * The slopes are selected without holding all N of them when N is large:
 * see kth_slope().
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "numerics.h"

PG_FUNCTION_INFO_V1(mann_kendall);

#define MAX_POINTS 10000

/* values and times beyond this could make a slope Infinity / Infinity */
#define MAX_MAGNITUDE 1e300

/* Slopes held at once: 8 MB.  Above it, slopes are selected in passes. */
#define SLOPE_BUFFER (1 << 20)
#define SLOPE_SAMPLE (1 << 16)

/* The two-sided 5% critical value of the normal, for Hamed and Rao's test. */
#define HAMED_RAO_CRITICAL 1.959963984540054

typedef struct Series
{
	int			n;
	double	   *t;				/* ascending, distinct */
	double	   *x;
} Series;

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static inline double
pair_slope(const Series *s, int i, int j)
{
	return (s->x[j] - s->x[i]) / (s->t[j] - s->t[i]);
}

/* ---- reading the arguments ------------------------------------------------ */

static double *
float8_elements(ArrayType *array, const char *what, bool **nulls, int *count)
{
	Datum	   *elems;
	double	   *values;

	sq_check_list_dimensions(ARR_NDIM(array), what);
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, nulls, count);
	values = palloc(sizeof(double) * Max(*count, 1));
	for (int i = 0; i < *count; i++)
		values[i] = (*nulls)[i] ? NAN : DatumGetFloat8(elems[i]);
	return values;
}

static void
check_magnitude(double value, const char *what)
{
	if (!(fabs(value) <= MAX_MAGNITUDE))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is out of range for a trend", what, sq_float8_text(value)),
				 errdetail("Values and times must be finite, at most 1e300 in magnitude.")));
}

typedef struct Point
{
	double		t;
	double		x;
} Point;

static int
compare_points(const void *a, const void *b)
{
	return compare_doubles(&((const Point *) a)->t, &((const Point *) b)->t);
}

/*
 * The series of times (NULL: positions 1, 2, ...) and values, without the
 * pairs holding a NULL, ordered by time.
 */
static Series
read_series(ArrayType *times_array, ArrayType *values_array)
{
	bool	   *x_nulls,
			   *t_nulls = NULL;
	int			count,
				t_count;
	double	   *x = float8_elements(values_array, "series", &x_nulls, &count);
	double	   *t = times_array ? float8_elements(times_array, "times", &t_nulls, &t_count) : NULL;
	Point	   *points = palloc(sizeof(Point) * Max(count, 1));
	Series		s = {0};

	if (t && t_count != count)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("times has length %d, but series has length %d", t_count, count),
				 errdetail("Each value has one time, in the same order.")));
	for (int i = 0; i < count; i++)
	{
		if (x_nulls[i] || (t && t_nulls[i]))
			continue;
		check_magnitude(x[i], "value");
		if (t)
			check_magnitude(t[i], "time");
		if (s.n == MAX_POINTS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a trend of more than %d points is not supported", MAX_POINTS),
					 errhint("Test a coarser series, e.g. weeks instead of days.")));
		points[s.n].t = t ? t[i] : (double) (i + 1);
		points[s.n].x = x[i];
		s.n++;
	}
	if (t)
		qsort(points, s.n, sizeof(Point), compare_points);
	s.t = palloc(sizeof(double) * Max(s.n, 1));
	s.x = palloc(sizeof(double) * Max(s.n, 1));
	for (int i = 0; i < s.n; i++)
	{
		if (i > 0 && points[i].t == points[i - 1].t)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time %s is given twice", sq_float8_text(points[i].t)),
					 errdetail("A trend takes one value per time; merge the states of a period first.")));
		s.t[i] = points[i].t;
		s.x[i] = points[i].x;
	}
	return s;
}

/* ---- S and its variance ------------------------------------------------------ */

static int64
kendall_s(const Series *s)
{
	int64		total = 0;

	for (int i = 0; i < s->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < s->n; j++)
			total += (s->x[j] > s->x[i]) - (s->x[j] < s->x[i]);
	}
	return total;
}

/* Var(S) under no trend, with the correction for tied values. */
static double
kendall_variance(const Series *s)
{
	double	   *sorted = palloc(sizeof(double) * Max(s->n, 1));
	double		n = s->n,
				ties = 0.0;

	memcpy(sorted, s->x, sizeof(double) * s->n);
	qsort(sorted, s->n, sizeof(double), compare_doubles);
	for (int i = 0, j; i < s->n; i = j)
	{
		double		u;

		for (j = i + 1; j < s->n && sorted[j] == sorted[i]; j++)
			;
		u = j - i;
		ties += u * (u - 1.0) * (2.0 * u + 5.0);
	}
	pfree(sorted);
	return (n * (n - 1.0) * (2.0 * n + 5.0) - ties) / 18.0;
}

/* ---- Sen's slope: order statistics of the pairwise slopes ------------------- */

/* All N slopes, sorted (N <= SLOPE_BUFFER). */
static double *
sorted_slopes(const Series *s, int64 count)
{
	double	   *slopes = palloc(sizeof(double) * Max(count, 1));
	int64		k = 0;

	for (int i = 0; i < s->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < s->n; j++)
			slopes[k++] = pair_slope(s, i, j);
	}
	qsort(slopes, count, sizeof(double), compare_doubles);
	return slopes;
}

/*
 * Candidate slopes lie in an open range (lo, hi), NaN standing for no
 * bound, so that infinite slopes (two times very close together) count.
 */
static inline bool
in_range(double slope, double lo, double hi)
{
	return (isnan(lo) || slope > lo) && (isnan(hi) || slope < hi);
}

/* The slopes in (lo, hi) into buffer (room for SLOPE_BUFFER); their number. */
static int64
collect_slopes(const Series *s, double lo, double hi, double *buffer)
{
	int64		count = 0;

	for (int i = 0; i < s->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < s->n; j++)
		{
			double		slope = pair_slope(s, i, j);

			if (in_range(slope, lo, hi))
				buffer[count++] = slope;
		}
	}
	return count;
}

/* Every stride-th slope in (lo, hi), at most SLOPE_SAMPLE; their number. */
static int
sample_slopes(const Series *s, double lo, double hi, int64 stride, double *sample)
{
	int64		seen = 0;
	int			count = 0;

	for (int i = 0; i < s->n && count < SLOPE_SAMPLE; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < s->n && count < SLOPE_SAMPLE; j++)
		{
			double		slope = pair_slope(s, i, j);

			if (in_range(slope, lo, hi) && seen++ % stride == 0)
				sample[count++] = slope;
		}
	}
	return count;
}

/*
 * How the slopes in (lo, hi) fall around the pivots a < b (b NaN: no
 * second pivot): below a, at a, strictly between (kept in between[] while
 * they fit), at b, above b.
 */
typedef struct SlopeSplit
{
	int64		below_a;
	int64		at_a;
	int64		between;
	int64		at_b;
	int64		above_b;
} SlopeSplit;

static SlopeSplit
split_slopes(const Series *s, double lo, double hi, double a, double b, double *between)
{
	SlopeSplit	c = {0};

	for (int i = 0; i < s->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < s->n; j++)
		{
			double		slope = pair_slope(s, i, j);

			if (!in_range(slope, lo, hi))
				continue;
			if (slope < a)
				c.below_a++;
			else if (slope == a)
				c.at_a++;
			else if (isnan(b) || slope < b)
			{
				if (c.between < SLOPE_BUFFER)
					between[c.between] = slope;
				c.between++;
			}
			else if (slope == b)
				c.at_b++;
			else
				c.above_b++;
		}
	}
	return c;
}

/*
 * The slope of 0-based rank k among all N, for N > SLOPE_BUFFER, in passes
 * over the pairs holding at most SLOPE_BUFFER slopes.  The candidates are
 * the slopes in an open range (lo, hi), among which rank is sought.  One
 * pass samples the range systematically; pivots a < b taken from the
 * sample around the sought position split it, and the next pass counts
 * the slopes below a, at a, between, at b and above b, keeping those
 * between: the answer is a or b, or lies in one of the three parts, which
 * becomes the range.  Pivots are slopes of the range, so each step removes
 * at least one; a sample of 2^16 usually leaves a part between the pivots
 * small enough to sort, so that two passes are the rule.
 */
static double
kth_slope(const Series *s, int64 count, int64 k)
{
	double		lo = NAN,
				hi = NAN;
	int64		candidates = count,
				rank = k;
	double	   *sample = palloc(sizeof(double) * SLOPE_SAMPLE);
	double	   *buffer = palloc(sizeof(double) * SLOPE_BUFFER);

	for (;;)
	{
		SlopeSplit	c;
		int			m;
		int64		position,
					margin;
		double		a,
					b;

		if (candidates <= SLOPE_BUFFER)
		{
			int64		kept = collect_slopes(s, lo, hi, buffer);

			qsort(buffer, kept, sizeof(double), compare_doubles);
			return buffer[rank];
		}
		m = sample_slopes(s, lo, hi, candidates / SLOPE_SAMPLE + 1, sample);
		qsort(sample, m, sizeof(double), compare_doubles);
		position = (int64) ((double) rank / (double) candidates * m);
		margin = Max(m / 128, 1);
		a = sample[Max(position - margin, 0)];
		b = sample[Min(position + margin, m - 1)];
		if (!(a < b))
			b = NAN;

		c = split_slopes(s, lo, hi, a, b, buffer);
		if (rank < c.below_a)
		{
			hi = a;
			candidates = c.below_a;
			continue;
		}
		rank -= c.below_a;
		if (rank < c.at_a)
			return a;
		rank -= c.at_a;
		if (rank < c.between)
		{
			if (c.between <= SLOPE_BUFFER)
			{
				qsort(buffer, c.between, sizeof(double), compare_doubles);
				return buffer[rank];
			}
			lo = a;
			hi = isnan(b) ? hi : b;
			candidates = c.between;
			continue;
		}
		rank -= c.between;
		if (rank < c.at_b)
			return b;
		rank -= c.at_b;
		lo = b;
		candidates = c.above_b;
	}
}

/* Slopes at the 0-based ranks[0..m-1] of the N sorted slopes. */
static void
slopes_at(const Series *s, const int64 *ranks, int m, double *out)
{
	int64		count = (int64) s->n * (s->n - 1) / 2;

	if (count <= SLOPE_BUFFER)
	{
		double	   *slopes = sorted_slopes(s, count);

		for (int r = 0; r < m; r++)
			out[r] = slopes[ranks[r]];
		pfree(slopes);
		return;
	}
	for (int r = 0; r < m; r++)
		out[r] = r > 0 && ranks[r] == ranks[r - 1] ? out[r - 1] : kth_slope(s, count, ranks[r]);
}

static double
median_of(const double *values, int n)
{
	double	   *sorted = palloc(sizeof(double) * n);
	double		median;

	memcpy(sorted, values, sizeof(double) * n);
	qsort(sorted, n, sizeof(double), compare_doubles);
	median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	pfree(sorted);
	return median;
}

/* ---- Hamed and Rao's correction ------------------------------------------- */

static int
compare_by_value(const void *a, const void *b, void *arg)
{
	const double *values = (const double *) arg;

	return compare_doubles(&values[*(const int *) a], &values[*(const int *) b]);
}

/* Ranks 1..n of values, ties sharing their average rank. */
static double *
average_ranks(const double *values, int n)
{
	int		   *order = palloc(sizeof(int) * n);
	double	   *ranks = palloc(sizeof(double) * n);

	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort_arg(order, n, sizeof(int), compare_by_value, (void *) values);
	for (int i = 0, j; i < n; i = j)
	{
		for (j = i + 1; j < n && values[order[j]] == values[order[i]]; j++)
			;
		for (int k = i; k < j; k++)
			ranks[order[k]] = (i + 1 + j) / 2.0;
	}
	pfree(order);
	return ranks;
}

/* The factor n / n* by which Hamed and Rao multiply Var(S). */
static double
hamed_rao_factor(const Series *s, double slope)
{
	int			n = s->n;
	double	   *detrended = palloc(sizeof(double) * n);
	double	   *ranks;
	double		mean = (n + 1) / 2.0,
				total = 0.0,
				sum = 0.0,
				bound = HAMED_RAO_CRITICAL / sqrt(n);

	if (n < 3)
		return 1.0;
	for (int i = 0; i < n; i++)
		detrended[i] = s->x[i] - slope * s->t[i];
	ranks = average_ranks(detrended, n);
	for (int i = 0; i < n; i++)
		total += (ranks[i] - mean) * (ranks[i] - mean);
	if (total == 0.0)
		return 1.0;
	for (int k = 1; k < n - 2; k++)
	{
		double		r = 0.0;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i + k < n; i++)
			r += (ranks[i] - mean) * (ranks[i + k] - mean);
		r /= total;
		if (r > bound || r < -bound)
			sum += (double) (n - k) * (n - k - 1) * (n - k - 2) * r;
	}
	return 1.0 + 2.0 / ((double) n * (n - 1) * (n - 2)) * sum;
}

/* ---- the test ----------------------------------------------------------------- */

static bool
hamed_rao_of(text *correction_text)
{
	char	   *correction = text_to_cstring(correction_text);

	if (strcmp(correction, "none") != 0 && strcmp(correction, "hamed_rao") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trend correction \"%s\" is not supported", correction),
				 errdetail("Use 'none' or 'hamed_rao' (for autocorrelated series).")));
	return strcmp(correction, "hamed_rao") == 0;
}

/*
 * The row n, s, variance, z, p_value, tau, slope, lower, upper, intercept;
 * arguments: times (or NULL), values, level, correction.
 */
static Datum
trend_row(FunctionCallInfo fcinfo, ArrayType *times, ArrayType *values, int level_arg)
{
	double		level = PG_GETARG_FLOAT8(level_arg);
	bool		hamed_rao;
	Series		s;
	int64		pairs,
				S;
	double		out[8];			/* variance, z, p, tau, slope, lower, upper,
								 * intercept */
	Datum		row[10];
	bool		nulls[10];

	sq_check_level(level);
	hamed_rao = hamed_rao_of(PG_GETARG_TEXT_PP(level_arg + 1));
	s = read_series(times, values);
	pairs = (int64) s.n * (s.n - 1) / 2;
	S = kendall_s(&s);

	for (int i = 0; i < 8; i++)
		out[i] = NAN;
	if (pairs > 0)
	{
		int64		ranks[4];
		double		at[4],
					c;

		out[0] = kendall_variance(&s);
		out[3] = (double) S / (double) pairs;
		ranks[0] = (pairs - 1) / 2;
		ranks[1] = pairs / 2;
		slopes_at(&s, ranks, 2, at);
		out[4] = (at[0] + at[1]) / 2.0;
		if (hamed_rao)
		{
			/*
			 * Strong negative autocorrelation in a short series can take the
			 * factor to 0 or below: no variance exists then, not a negative
			 * one.
			 */
			double		factor = hamed_rao_factor(&s, out[4]);

			out[0] = factor > 0.0 ? out[0] * factor : NAN;
		}
		if (out[0] > 0.0)
		{
			out[1] = (double) (S - (S > 0) + (S < 0)) / sqrt(out[0]);
			out[2] = sq_normal_two_sided_p(out[1]);
		}
		if (out[0] >= 0.0)
		{
			c = sq_normal_critical_value(level) * sqrt(out[0]);
			ranks[2] = Max((int64) rint((pairs - c) / 2.0) - 1, 0);
			ranks[3] = Min((int64) rint((pairs + c) / 2.0), pairs - 1);
			slopes_at(&s, &ranks[2], 2, &at[2]);
			out[5] = at[2];
			out[6] = at[3];
		}
		out[7] = median_of(s.x, s.n) - out[4] * median_of(s.t, s.n);
	}

	row[0] = Int32GetDatum(s.n);
	nulls[0] = false;
	row[1] = Int64GetDatum(S);
	nulls[1] = false;
	for (int i = 0; i < 8; i++)
		row[2 + i] = sq_float8_or_null(out[i], &nulls[2 + i]);
	return sq_result_row(fcinfo, row, nulls);
}

/*
 * mann_kendall(series, level, correction, times): period i at time i without
 * times.  Not STRICT, for times' NULL default; any other NULL gives NULL.
 */
Datum
mann_kendall(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	return trend_row(fcinfo, PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3),
					 PG_GETARG_ARRAYTYPE_P(0), 1);
}
