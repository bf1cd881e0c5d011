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
 * "gamma_p 2.5 1e-3".
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
		if (!scalar_request(name, x, n))
		{
			fprintf(stderr, "numerics_test: bad request \"%s\" with %d arguments\n", name, n);
			return 2;
		}
	}
	return 0;
}
