/*-------------------------------------------------------------------------
 *
 * svcquality_text.h
 *	  Reading and writing the text forms of svcquality state types.
 *
 * Text forms must round-trip exactly: Citus and postgres_fdw move partial
 * states between nodes as text.  Floats are therefore written as float8
 * output writes them at extra_float_digits 1 (digits that read back exactly,
 * whatever the setting) and read back with strtod.  The scanner reports malformed input as 22P02 and says where.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SVCQUALITY_TEXT_H
#define SVCQUALITY_TEXT_H

#include "svcquality.h"
#include "lib/stringinfo.h"

typedef struct StateScanner
{
	const char *input;			/* the whole text, for error messages */
	const char *pos;			/* next character to read */
	const char *type_name;		/* SQL type being parsed */
} StateScanner;

extern void sq_scan_init(StateScanner *scan, const char *input, const char *type_name);
extern void sq_scan_skip_space(StateScanner *scan);
extern bool sq_scan_at_end(StateScanner *scan);
extern bool sq_scan_try(StateScanner *scan, const char *literal);
extern void sq_scan_expect(StateScanner *scan, const char *literal);
extern int64 sq_scan_int64(StateScanner *scan);
extern double sq_scan_float8(StateScanner *scan);
extern int	sq_scan_version(StateScanner *scan);
extern void sq_scan_expect_end(StateScanner *scan);
pg_attribute_noreturn() extern void sq_scan_error(StateScanner *scan, const char *expected);

/*
 * Input that scanned well but is not a valid state: 22P02, the whole input
 * in the message and the problem ("a count is negative") as the detail,
 * read as "In this state <problem>.".
 */
pg_attribute_noreturn() extern void sq_scan_reject(StateScanner *scan, const char *problem);

/* Append a finite double as float8 output at extra_float_digits 1 writes it. */
extern void sq_append_float8(StringInfo buf, double value);

/*
 * A name in double quotes, with \" and \\ the only escapes, of at most
 * max_bytes bytes, copied into buf (room for max_bytes); returns its
 * length.  what names it in errors ("a topic name").
 */
extern int	sq_scan_quoted(StateScanner *scan, char *buf, int max_bytes, const char *what);

/* Append a name as sq_scan_quoted() reads it: in double quotes, escaped. */
extern void sq_append_quoted(StringInfo buf, const char *name, int len);

#endif							/* SVCQUALITY_TEXT_H */
