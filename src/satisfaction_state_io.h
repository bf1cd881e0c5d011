/*-------------------------------------------------------------------------
 *
 * satisfaction_state_io.h
 *	  Text and binary forms shared by dimension_state and paired_state:
 *	  a version, a kind, a dimension count, then per dimension a count n
 *	  and a fixed number of float8 sums, written "(n s1 s2 ...)" in text,
 *	  or "(0)" when n is 0 (all sums are 0 then).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SATISFACTION_STATE_IO_H
#define SATISFACTION_STATE_IO_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include "svcquality_text.h"

/*
 * A dimension name in double quotes, with \" and \\ escapes, 1 to 63 bytes:
 * read into name (NAMEDATALEN bytes), or appended.
 */
extern void sq_satisfaction_scan_name(StateScanner *scan, char *name);
extern void sq_satisfaction_append_name(StringInfo buf, const char *name);

/* Binary: a length byte, then the name's bytes (1 to 63, no zero byte). */
extern void sq_satisfaction_send_name(StringInfo buf, const char *name);
extern void sq_satisfaction_recv_name(StringInfo buf, const char *type_name, char *name);

extern void sq_satisfaction_append_sums(StringInfo buf, int64 n, const double *sums, int count);
extern void sq_satisfaction_scan_sums(StateScanner *scan, int64 *n, double *sums, int count);

/* Binary header: version byte, kind byte, int16 dimension count. */
extern void sq_satisfaction_send_header(StringInfo buf, int version, int kind, int ndims);
extern void sq_satisfaction_recv_header(StringInfo buf, const char *type_name, int version,
										int max_kind, int *kind, int *ndims);
extern void sq_satisfaction_send_sums(StringInfo buf, int64 n, const double *sums, int count);
extern void sq_satisfaction_recv_sums(StringInfo buf, const char *type_name, int64 *n,
									  double *sums, int count);

#endif							/* SATISFACTION_STATE_IO_H */
