/*-------------------------------------------------------------------------
 *
 * numerics_linalg.c
 *	  Small dense symmetric linear algebra (n up to a few dozen): Cholesky
 *	  factorization and solves; the symmetric eigendecomposition by cyclic
 *	  Jacobi and matrix powers from it; the sweep operator and R^2 of every
 *	  subset of predictors.
 *
 * Matrices are row-major arrays of doubles, a[i * n + j]; callers provide
 * every buffer.  Algorithms (Golub & Van Loan, "Matrix Computations",
 * 4th ed.): Cholesky by columns (4.2), cyclic Jacobi with Rutishauser's
 * stable rotation formulas (8.5), which computes eigenvalues to within
 * about 1e-15 of the matrix norm; the symmetric sweep operator of
 * Goodnight (1979), "A tutorial on the SWEEP operator", The American
 * Statistician 33, in the form used by Little & Rubin.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "numerics.h"

#define JACOBI_MAX_SWEEPS 60
#define SUBSET_REFRESH_STEPS 256

int
sq_cholesky(double *a, int n, double tolerance)
{
	for (int j = 0; j < n; j++)
	{
		double		original = a[j * n + j];
		double		pivot = original;

		for (int k = 0; k < j; k++)
			pivot -= a[j * n + k] * a[j * n + k];
		if (!(original > 0.0) || !(pivot > tolerance * original))
			return j + 1;
		pivot = sqrt(pivot);
		a[j * n + j] = pivot;
		for (int i = j + 1; i < n; i++)
		{
			double		sum = a[i * n + j];

			for (int k = 0; k < j; k++)
				sum -= a[i * n + k] * a[j * n + k];
			a[i * n + j] = sum / pivot;
		}
		for (int i = 0; i < j; i++)
			a[i * n + j] = 0.0;
	}
	return 0;
}

void
sq_cholesky_solve(const double *l, int n, double *b)
{
	/* L z = b, then L' x = z */
	for (int i = 0; i < n; i++)
	{
		double		sum = b[i];

		for (int k = 0; k < i; k++)
			sum -= l[i * n + k] * b[k];
		b[i] = sum / l[i * n + i];
	}
	for (int i = n - 1; i >= 0; i--)
	{
		double		sum = b[i];

		for (int k = i + 1; k < n; k++)
			sum -= l[k * n + i] * b[k];
		b[i] = sum / l[i * n + i];
	}
}

/* One Jacobi rotation in the plane (p, q), zeroing a[p][q]. */
static void
jacobi_rotate(double *a, double *v, int n, int p, int q)
{
	double		apq = a[p * n + q];
	double		theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
	double		t = copysign(1.0, theta) / (fabs(theta) + sqrt(theta * theta + 1.0));
	double		c = 1.0 / sqrt(t * t + 1.0);
	double		s = t * c;

	for (int k = 0; k < n; k++)
	{
		double		akp = a[k * n + p],
					akq = a[k * n + q];

		a[k * n + p] = c * akp - s * akq;
		a[k * n + q] = s * akp + c * akq;
	}
	for (int k = 0; k < n; k++)
	{
		double		apk = a[p * n + k],
					aqk = a[q * n + k];

		a[p * n + k] = c * apk - s * aqk;
		a[q * n + k] = s * apk + c * aqk;
	}
	a[p * n + q] = a[q * n + p] = 0.0;
	for (int k = 0; k < n; k++)
	{
		double		vkp = v[k * n + p],
					vkq = v[k * n + q];

		v[k * n + p] = c * vkp - s * vkq;
		v[k * n + q] = s * vkp + c * vkq;
	}
}

/* Sort eigenvalues ascending, their vectors (columns of v) with them. */
static void
sort_eigen(double *values, double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && values[j] < values[j - 1]; j--)
		{
			double		swap = values[j];

			values[j] = values[j - 1];
			values[j - 1] = swap;
			for (int k = 0; k < n; k++)
			{
				swap = v[k * n + j];
				v[k * n + j] = v[k * n + j - 1];
				v[k * n + j - 1] = swap;
			}
		}
}

int
sq_symmetric_eigen(double *a, int n, double *values, double *vectors)
{
	double		norm = 0.0;

	for (int i = 0; i < n * n; i++)
		norm += a[i] * a[i];
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			vectors[i * n + j] = (i == j) ? 1.0 : 0.0;
	for (int sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++)
	{
		double		off = 0.0;

		for (int p = 0; p < n; p++)
			for (int q = p + 1; q < n; q++)
				off += 2.0 * a[p * n + q] * a[p * n + q];
		if (off <= 1e-32 * norm)
		{
			for (int i = 0; i < n; i++)
				values[i] = a[i * n + i];
			sort_eigen(values, vectors, n);
			return 0;
		}
		for (int p = 0; p < n; p++)
			for (int q = p + 1; q < n; q++)
				if (a[p * n + q] != 0.0)
					jacobi_rotate(a, vectors, n, p, q);
	}
	return 1;
}

int
sq_symmetric_power(const double *a, int n, double power, double tolerance,
				   double *result, double *work)
{
	double	   *copy = work;
	double	   *vectors = work + n * n;
	double	   *values = work + 2 * n * n;

	memcpy(copy, a, sizeof(double) * n * n);
	if (sq_symmetric_eigen(copy, n, values, vectors) != 0)
		return -1;
	for (int k = 0; k < n; k++)
	{
		if (!(values[k] > tolerance * fabs(values[n - 1])))
			return k + 1;
		values[k] = pow(values[k], power);
	}
	for (int i = 0; i < n; i++)
		for (int j = i; j < n; j++)
		{
			double		sum = 0.0;

			for (int k = 0; k < n; k++)
				sum += vectors[i * n + k] * values[k] * vectors[j * n + k];
			result[i * n + j] = result[j * n + i] = sum;
		}
	return 0;
}

/*
 * The symmetric sweep on pivot k (reverse: its inverse), for a symmetric
 * matrix stored whole:
 *	 a_kk <- -1 / a_kk,  a_ik <- +- a_ik / a_kk,
 *	 a_ij <- a_ij - a_ik a_kj / a_kk  (i, j != k).
 */
static int
sweep(double *a, int n, int k, double tolerance, double sign)
{
	double		pivot = a[k * n + k];

	if (!(fabs(pivot) > tolerance))
		return 1;
	for (int i = 0; i < n; i++)
	{
		if (i == k)
			continue;
		for (int j = 0; j < n; j++)
			if (j != k)
				a[i * n + j] -= a[i * n + k] * a[k * n + j] / pivot;
	}
	for (int i = 0; i < n; i++)
		if (i != k)
		{
			a[i * n + k] *= sign / pivot;
			a[k * n + i] = a[i * n + k];
		}
	a[k * n + k] = -1.0 / pivot;
	return 0;
}

int
sq_sweep(double *a, int n, int k, double tolerance)
{
	return sweep(a, n, k, tolerance, 1.0);
}

int
sq_reverse_sweep(double *a, int n, int k, double tolerance)
{
	return sweep(a, n, k, tolerance, -1.0);
}

/*
 * The state of sq_subset_r2's walk: which predictors are in the subset, and
 * which of those are swept (the rest are aliased: within tolerance of the
 * span of the swept ones, so they add nothing to R^2).
 */
typedef struct
{
	const double *original;
	double	   *a;
	int			n;
	double		tolerance;
	unsigned long members;
	unsigned long swept;
} SubsetWalk;

/* Sweep k if its pivot, relative to its variance, clears the tolerance. */
static void
try_sweep(SubsetWalk *walk, int k)
{
	double		limit = walk->tolerance * walk->original[k * walk->n + k];

	if (sq_sweep(walk->a, walk->n, k, limit) == 0)
		walk->swept |= 1UL << k;
}

/* Start again from the original matrix: sweep the members afresh. */
static void
refresh(SubsetWalk *walk)
{
	memcpy(walk->a, walk->original, sizeof(double) * walk->n * walk->n);
	walk->swept = 0;
	for (int k = 0; k < walk->n - 1; k++)
		if (walk->members & (1UL << k))
			try_sweep(walk, k);
}

int
sq_subset_r2(const double *corr, int p, double tolerance, double *r2,
			 double *work, void (*poll) (void))
{
	SubsetWalk	walk = {corr, work, p + 1, tolerance, 0, 0};
	double		total = corr[p * (p + 1) + p];

	if (p < 0 || p > SQ_SUBSET_MAX_PREDICTORS || !(total > 0.0))
		return 1;
	memcpy(work, corr, sizeof(double) * (p + 1) * (p + 1));
	r2[0] = 0.0;
	for (unsigned long step = 1; step < (1UL << p); step++)
	{
		/* Gray code: step i flips the bit of i's lowest set bit */
		int			k = 0;
		unsigned long bit;

		while (!((step >> k) & 1UL))
			k++;
		bit = 1UL << k;

		walk.members ^= bit;
		if (step % SUBSET_REFRESH_STEPS == 0)
		{
			if (poll)
				poll();
			refresh(&walk);
		}
		else if (walk.members & bit)
			try_sweep(&walk, k);
		else if (walk.swept & bit)
		{
			sq_reverse_sweep(walk.a, walk.n, k, 0.0);
			walk.swept &= ~bit;
			/* aliased members may now add something of their own */
			for (int j = 0; j < p; j++)
				if ((walk.members & ~walk.swept) & (1UL << j))
					try_sweep(&walk, j);
		}
		r2[walk.members] = 1.0 - walk.a[p * (p + 1) + p] / total;
	}
	return 0;
}
