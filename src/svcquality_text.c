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
sq_scan_init(StateScanner *scan, const char *input, const char *type_name)
{
	scan->input = input;
	scan->pos = input;
	scan->type_name = type_name;
}

void
sq_scan_error(StateScanner *scan, const char *expected)
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
sq_scan_skip_space(StateScanner *scan)
{
	while (*scan->pos == ' ' || *scan->pos == '\t' ||
		   *scan->pos == '\n' || *scan->pos == '\r')
		scan->pos++;
}

bool
sq_scan_at_end(StateScanner *scan)
{
	sq_scan_skip_space(scan);
	return *scan->pos == '\0';
}

/* Consume the literal if it comes next (after optional spaces). */
bool
sq_scan_try(StateScanner *scan, const char *literal)
{
	size_t		len = strlen(literal);

	sq_scan_skip_space(scan);
	if (strncmp(scan->pos, literal, len) != 0)
		return false;
	scan->pos += len;
	return true;
}

void
sq_scan_expect(StateScanner *scan, const char *literal)
{
	if (!sq_scan_try(scan, literal))
	{
		char	   *quoted = psprintf("\"%s\"", literal);

		sq_scan_error(scan, quoted);
	}
}

int64
sq_scan_int64(StateScanner *scan)
{
	const char *start;
	char	   *end;
	long long	value;

	sq_scan_skip_space(scan);
	start = scan->pos;
	/* strtoll would accept leading spaces and '+'; the format has neither */
	if (!(*start == '-' || (*start >= '0' && *start <= '9')))
		sq_scan_error(scan, "an integer");
	errno = 0;
	value = strtoll(start, &end, 10);
	if (end == start || errno == ERANGE)
		sq_scan_error(scan, "an integer within the 64-bit range");
	scan->pos = end;
	return (int64) value;
}

/* A finite double; NaN and infinities are never part of a valid state. */
double
sq_scan_float8(StateScanner *scan)
{
	const char *start;
	char	   *end;
	double		value;

	sq_scan_skip_space(scan);
	start = scan->pos;
	if (!(*start == '-' || *start == '.' || (*start >= '0' && *start <= '9')))
		sq_scan_error(scan, "a number");
	errno = 0;
	value = strtod(start, &end);
	if (end == start || (errno == ERANGE && fabs(value) > 1.0) || !isfinite(value))
		sq_scan_error(scan, "a finite number");
	scan->pos = end;

	/*
	 * -0 reads as 0, as in binary input (sq_recv_float8): equal values, equal
	 * bytes
	 */
	return value + 0.0;
}

/* "v<N>" at the start of every state's text form. */
int
sq_scan_version(StateScanner *scan)
{
	int64		version;

	sq_scan_expect(scan, "v");
	if (*scan->pos < '0' || *scan->pos > '9')
		sq_scan_error(scan, "a format version number after \"v\"");
	version = sq_scan_int64(scan);
	if (version > PG_INT32_MAX)
		sq_scan_error(scan, "a format version number");
	return (int) version;
}

void
sq_scan_expect_end(StateScanner *scan)
{
	if (!sq_scan_at_end(scan))
		sq_scan_error(scan, "end of input");
}

void
sq_append_float8(StringInfo buf, double value)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	Assert(isfinite(value));
	double_to_shortest_decimal_buf(value, digits);
	appendStringInfoString(buf, digits);
}

int
sq_scan_quoted(StateScanner *scan, char *buf, int max_bytes, const char *what)
{
	int			len = 0;

	sq_scan_skip_space(scan);
	if (*scan->pos != '"')
		sq_scan_error(scan, psprintf("%s in double quotes", what));
	scan->pos++;
	while (*scan->pos != '"')
	{
		char		c = *scan->pos;

		if (c == '\0')
			sq_scan_error(scan, "a closing double quote");
		if (c == '\\')
		{
			c = *++scan->pos;
			if (c != '"' && c != '\\')
				sq_scan_error(scan, "\\\" or \\\\ (the only escapes in a name)");
		}
		if (len == max_bytes)
			sq_scan_error(scan, psprintf("a closing double quote (%s has at most %d bytes)",
										 what, max_bytes));
		buf[len++] = c;
		scan->pos++;
	}
	scan->pos++;
	return len;
}

void
sq_append_quoted(StringInfo buf, const char *name, int len)
{
	appendStringInfoChar(buf, '"');
	for (int i = 0; i < len; i++)
	{
		if (name[i] == '"' || name[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, name[i]);
	}
	appendStringInfoChar(buf, '"');
}
