/*-------------------------------------------------------------------------
 *
 * svcquality_text.c
 *	  A small strict scanner for state text forms, and exact float output.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality_text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "common/shortest_dec.h"

void
scan_init(StateScanner *scan, const char *input, const char *type_name)
{
	scan->input = input;
	scan->pos = input;
	scan->type_name = type_name;
}

void
scan_error(StateScanner *scan, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					scan->type_name, scan->input),
			 errdetail("At character %d: expected %s.",
					   (int) (scan->pos - scan->input) + 1, expected)));
}

void
sq_scan_reject(StateScanner *scan, const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					scan->type_name, scan->input),
			 errdetail("In this state %s.", problem)));
}

void
scan_skip_space(StateScanner *scan)
{
	while (*scan->pos == ' ' || *scan->pos == '\t' ||
		   *scan->pos == '\n' || *scan->pos == '\r')
		scan->pos++;
}

bool
scan_at_end(StateScanner *scan)
{
	scan_skip_space(scan);
	return *scan->pos == '\0';
}

/* Consume the literal if it comes next (after optional spaces). */
bool
scan_try(StateScanner *scan, const char *literal)
{
	size_t		len = strlen(literal);

	scan_skip_space(scan);
	if (strncmp(scan->pos, literal, len) != 0)
		return false;
	scan->pos += len;
	return true;
}

void
scan_expect(StateScanner *scan, const char *literal)
{
	if (!scan_try(scan, literal))
	{
		char	   *quoted = psprintf("\"%s\"", literal);

		scan_error(scan, quoted);
	}
}

int64
scan_int64(StateScanner *scan)
{
	const char *start;
	char	   *end;
	long long	value;

	scan_skip_space(scan);
	start = scan->pos;
	/* strtoll would accept leading spaces and '+'; the format has neither */
	if (!(*start == '-' || (*start >= '0' && *start <= '9')))
		scan_error(scan, "an integer");
	errno = 0;
	value = strtoll(start, &end, 10);
	if (end == start || errno == ERANGE)
		scan_error(scan, "an integer within the 64-bit range");
	scan->pos = end;
	return (int64) value;
}

/* A finite double; NaN and infinities are never part of a valid state. */
double
scan_float8(StateScanner *scan)
{
	const char *start;
	char	   *end;
	double		value;

	scan_skip_space(scan);
	start = scan->pos;
	if (!(*start == '-' || *start == '.' || (*start >= '0' && *start <= '9')))
		scan_error(scan, "a number");
	errno = 0;
	value = strtod(start, &end);
	if (end == start || (errno == ERANGE && fabs(value) > 1.0) || !isfinite(value))
		scan_error(scan, "a finite number");
	scan->pos = end;
	return value;
}

/* "v<N>" at the start of every state's text form. */
int
scan_version(StateScanner *scan)
{
	int64		version;

	scan_expect(scan, "v");
	if (*scan->pos < '0' || *scan->pos > '9')
		scan_error(scan, "a format version number after \"v\"");
	version = scan_int64(scan);
	if (version > PG_INT32_MAX)
		scan_error(scan, "a format version number");
	return (int) version;
}

void
scan_expect_end(StateScanner *scan)
{
	if (!scan_at_end(scan))
		scan_error(scan, "end of input");
}

void
append_float8(StringInfo buf, double value)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	Assert(isfinite(value));
	double_to_shortest_decimal_buf(value, digits);
	appendStringInfoString(buf, digits);
}
