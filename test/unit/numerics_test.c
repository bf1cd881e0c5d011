/*-------------------------------------------------------------------------
 *
 * numerics_test.c
 *	  Standalone driver for the numerical core (src/numerics*.c), used by
 *	  test/suites/numerics.sh: test/scripts/numerics_check.py writes one
 *	  request per line on stdin and compares the answers with SciPy, NumPy
 *	  and mpmath.
 *
 * A request is a function name followed by its arguments; the answer is
 * one line of numbers printed with %.17g (NaN as "nan").  Scalar functions
 * take their arguments in the order of their C signature, e.g.
 * "gamma_p 2.5 1e-3".  Matrix requests give the order n first, then any
 * scalar parameters, then the matrix row by row (and a right-hand side);
 * they answer with the status code, then the result:
 *	 cholesky n tolerance A				-> status L
 *	 cholesky_solve n A b				-> status x
 *	 eigen n A							-> status values vectors
 *	 power n power tolerance A			-> status A^power
 *	 sweep n k tolerance A				-> status swept A (reverse_sweep too)
 *	 sweep_all n tolerance A			-> status A swept on 0 .. n - 2
 *	 subset_r2 p tolerance corr			-> status r2[0 .. 2^p - 1]
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numerics.h"

typedef struct
{
	const char *name;
	int			arity;
	double		(*f1) (double);
	double		(*f2) (double, double);
	double		(*f3) (double, double, double);
} ScalarFunction;

#define F1(name) { #name, 1, sq_##name, NULL, NULL }
#define F2(name) { #name, 2, NULL, sq_##name, NULL }
#define F3(name) { #name, 3, NULL, NULL, sq_##name }

static const ScalarFunction scalar_functions[] = {
	F1(normal_cdf), F1(normal_upper_tail), F1(normal_two_sided_p),
	F1(normal_quantile), F1(normal_upper_quantile),
	F1(normal_critical_value),
	F2(gamma_p), F2(gamma_q),
	F3(beta_inc), F3(beta_inc_c), F3(beta_inc_inv), F3(beta_inc_c_inv),
	F2(t_two_sided_p), F2(t_quantile), F2(t_upper_quantile),
	F2(t_critical_value), F2(chisq_upper_tail), F3(f_upper_tail),
	F1(log1pmx), F1(lgamma1p),
};

static void
print_numbers(const double *x, int n)
{
	for (int i = 0; i < n; i++)
		printf(i ? " %.17g" : "%.17g", x[i]);
	printf("\n");
}

/* Read up to max numbers following the request name; returns how many. */
static int
read_numbers(char *rest, double *x, int max)
{
	int			n = 0;
	char	   *token;

	for (token = strtok(rest, " \t\n"); token && n < max; token = strtok(NULL, " \t\n"))
		x[n++] = strtod(token, NULL);
	return n;
}

static int
scalar_request(const char *name, const double *x, int n)
{
	for (size_t i = 0; i < sizeof(scalar_functions) / sizeof(scalar_functions[0]); i++)
	{
		const ScalarFunction *f = &scalar_functions[i];
		double		y;

		if (strcmp(f->name, name) != 0)
			continue;
		if (n != f->arity)
			return 0;
		y = f->arity == 1 ? f->f1(x[0]) :
			f->arity == 2 ? f->f2(x[0], x[1]) : f->f3(x[0], x[1], x[2]);
		print_numbers(&y, 1);
		return 1;
	}
	return 0;
}

/* Print the status, then n numbers. */
static void
print_result(int status, const double *x, int n)
{
	printf("%d", status);
	for (int i = 0; i < n; i++)
		printf(" %.17g", x[i]);
	printf("\n");
}

static int
matrix_request(const char *name, double *x, int count)
{
	int			n = (int) x[0];
	static double work[3 * 65 * 65 + 65],
				out[65 * 65 + 65];
	static double r2[1 << 16];
	int			status;

	if (count < 1 || n < 1 || n > 64)
		return 0;
	if (strcmp(name, "cholesky") == 0 && count == 2 + n * n)
		print_result(sq_cholesky(x + 2, n, x[1]), x + 2, n * n);
	else if (strcmp(name, "cholesky_solve") == 0 && count == 1 + n * n + n)
	{
		status = sq_cholesky(x + 1, n, SQ_COLLINEAR);
		if (status == 0)
			sq_cholesky_solve(x + 1, n, x + 1 + n * n);
		print_result(status, x + 1 + n * n, n);
	}
	else if (strcmp(name, "eigen") == 0 && count == 1 + n * n)
	{
		status = sq_symmetric_eigen(x + 1, n, out, out + n);
		print_result(status, out, n + n * n);
	}
	else if (strcmp(name, "power") == 0 && count == 3 + n * n)
	{
		status = sq_symmetric_power(x + 3, n, x[1], x[2], out, work);
		print_result(status, out, n * n);
	}
	else if ((strcmp(name, "sweep") == 0 || strcmp(name, "reverse_sweep") == 0) &&
			 count == 3 + n * n)
	{
		status = (name[0] == 's' ? sq_sweep : sq_reverse_sweep) (x + 3, n, (int) x[1], x[2]);
		print_result(status, x + 3, n * n);
	}
	else if (strcmp(name, "sweep_all") == 0 && count == 2 + n * n)
	{
		status = 0;
		for (int k = 0; k < n - 1 && status == 0; k++)
			status = sq_sweep(x + 2, n, k, x[1]);
		print_result(status, x + 2, n * n);
	}
	else if (strcmp(name, "subset_r2") == 0 && n <= 16 && count == 2 + (n + 1) * (n + 1))
	{
		status = sq_subset_r2(x + 2, n, x[1], r2, work, NULL);
		print_result(status, r2, 1 << n);
	}
	else
		return 0;
	return 1;
}

int
main(void)
{
	static char line[1 << 20];
	static double x[1 << 16];

	while (fgets(line, sizeof(line), stdin))
	{
		char	   *name = strtok(line, " \t\n");
		char	   *rest = name ? name + strlen(name) + 1 : NULL;
		int			n;

		if (!name)
			continue;
		n = read_numbers(rest, x, (int) (sizeof(x) / sizeof(x[0])));
		if (!scalar_request(name, x, n) && !matrix_request(name, x, n))
		{
			fprintf(stderr, "numerics_test: bad request \"%s\" with %d arguments\n", name, n);
			return 2;
		}
	}
	return 0;
}
