/*-------------------------------------------------------------------------
 *
 * satisfaction_state_io.h
 *	  Text and binary forms shared by dimension_state and paired_state (and
 *	  the binary version and names, by moment_state):
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

/*
 * The binary forms of dimension_state, paired_state and moment_state, whose
 * text and stored forms are version 1.  Binary version 1 (0.1.0) sent names
 * as bytes of the database encoding, unconverted; version 2 sends them as
 * text in the client encoding, as the other types send names.  Input reads
 * both, output writes version 2.
 */
#define SATISFACTION_BINARY_RAW_NAMES 1
#define SATISFACTION_BINARY_VERSION 2

/*
 * Binary: a length byte, then the name's bytes, no zero byte.  Version 2:
 * the name in the client encoding (at most 252 bytes on output), 1 to 63
 * bytes once converted (sq_recv_name_bytes); version 1: 1 to 63 bytes of
 * the database encoding.
 */
extern void sq_satisfaction_send_name(StringInfo buf, const char *name);
extern void sq_satisfaction_recv_name(StringInfo buf, const char *type_name, int version,
									  char *name);

extern void sq_satisfaction_append_sums(StringInfo buf, int64 n, const double *sums, int count);
extern void sq_satisfaction_scan_sums(StateScanner *scan, int64 *n, double *sums, int count);

/*
 * Binary header: version byte, kind byte, int16 dimension count.  Input
 * returns the version, which the names that follow are read in.
 */
extern void sq_satisfaction_send_header(StringInfo buf, int kind, int ndims);
extern int	sq_satisfaction_recv_header(StringInfo buf, const char *type_name, int max_kind,
										int *kind, int *ndims);
extern void sq_satisfaction_send_sums(StringInfo buf, int64 n, const double *sums, int count);
extern void sq_satisfaction_recv_sums(StringInfo buf, const char *type_name, int64 *n,
									  double *sums, int count);

#endif							/* SATISFACTION_STATE_IO_H */
