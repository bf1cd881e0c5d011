/*-------------------------------------------------------------------------
 *
 * satisfaction_state_io.c
 *	  Pieces of the text and binary forms of the satisfaction state types.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"

#include "satisfaction_args.h"
#include "satisfaction_state_io.h"

void
sq_satisfaction_scan_name(StateScanner *scan, char *name)
{
	int			len = 0;

	sq_scan_skip_space(scan);
	if (*scan->pos != '"')
		sq_scan_error(scan, "a dimension name in double quotes");
	scan->pos++;
	while (*scan->pos != '"')
	{
		if (*scan->pos == '\\' && (scan->pos[1] == '"' || scan->pos[1] == '\\'))
			scan->pos++;
		if (*scan->pos == '\0' || len >= SATISFACTION_NAME_MAX)
			sq_scan_error(scan, "a closing quote within 63 bytes of the name");
		name[len++] = *scan->pos++;
	}
	if (len == 0)
		sq_scan_error(scan, "a name that is not empty");
	name[len] = '\0';
	scan->pos++;
}

void
sq_satisfaction_append_name(StringInfo buf, const char *name)
{
	appendStringInfoChar(buf, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, '"');
}

/*
 * A name's length in the client encoding is sent in a u8: converting at most
 * 63 bytes gives at most 63 * MAX_CONVERSION_GROWTH = 252.
 */
StaticAssertDecl(SATISFACTION_NAME_MAX * MAX_CONVERSION_GROWTH <= PG_UINT8_MAX,
				 "a name converted to the client encoding must fit a u8 length");

void
sq_satisfaction_send_name(StringInfo buf, const char *name)
{
	sq_send_short_name(buf, name, strlen(name));
}

void
sq_satisfaction_recv_name(StringInfo buf, const char *type_name, int version, char *name)
{
	int			len;
	char	   *converted;

	sq_recv_require(buf, 1, type_name);
	len = pq_getmsgbyte(buf);
	if (version == SATISFACTION_BINARY_RAW_NAMES)
	{
		if (len < 1 || len > SATISFACTION_NAME_MAX)
			sq_report_bad_binary(type_name, "a name is empty or longer than 63 bytes");
		sq_recv_require(buf, len, type_name);
		pq_copymsgbytes(buf, name, len);
		name[len] = '\0';
		if (memchr(name, '\0', len) != NULL)
			sq_report_bad_binary(type_name, "a name contains a zero byte");
		if (!pg_verifymbstr(name, len, true))
			sq_report_bad_binary(type_name, "a name is not valid in the server encoding");
		return;
	}
	/* converting text that is not empty never makes it empty */
	if (len == 0)
		sq_report_bad_binary(type_name, "a name is empty");
	converted = sq_recv_name_bytes(buf, type_name, len, SATISFACTION_NAME_MAX, "a name", &len);
	memcpy(name, converted, len + 1);
	pfree(converted);
}

void
sq_satisfaction_append_sums(StringInfo buf, int64 n, const double *sums, int count)
{
	appendStringInfo(buf, "(" INT64_FORMAT, n);
	for (int k = 0; n != 0 && k < count; k++)
	{
		appendStringInfoChar(buf, ' ');
		sq_append_float8(buf, sums[k]);
	}
	appendStringInfoChar(buf, ')');
}

void
sq_satisfaction_scan_sums(StateScanner *scan, int64 *n, double *sums, int count)
{
	sq_scan_expect(scan, "(");
	*n = sq_scan_int64(scan);
	for (int k = 0; k < count; k++)
		sums[k] = *n != 0 ? sq_scan_float8(scan) : 0.0;
	sq_scan_expect(scan, ")");
}

void
sq_satisfaction_send_header(StringInfo buf, int kind, int ndims)
{
	pq_sendbyte(buf, SATISFACTION_BINARY_VERSION);
	pq_sendbyte(buf, kind);
	pq_sendint16(buf, ndims);
}

int
sq_satisfaction_recv_header(StringInfo buf, const char *type_name, int max_kind,
							int *kind, int *ndims)
{
	int			version;

	sq_recv_require(buf, 1, type_name);
	version = pq_getmsgbyte(buf);
	sq_check_format_versions(type_name, version, SATISFACTION_BINARY_RAW_NAMES,
							 SATISFACTION_BINARY_VERSION, ERRCODE_INVALID_BINARY_REPRESENTATION);
	sq_recv_require(buf, 3, type_name);
	*kind = pq_getmsgbyte(buf);
	*ndims = (uint16) pq_getmsgint(buf, 2);
	if (*kind > max_kind)
		sq_report_bad_binary(type_name, "the kind is unknown");
	if (*ndims > SATISFACTION_MAX_DIMENSIONS)
		sq_report_bad_binary(type_name, "there are more than 100 dimensions");
	/* kind 0 is the empty state of every type */
	if ((*kind == 0) != (*ndims == 0))
		sq_report_bad_binary(type_name, "the kind does not fit the number of dimensions");
	return version;
}

void
sq_satisfaction_send_sums(StringInfo buf, int64 n, const double *sums, int count)
{
	pq_sendint64(buf, n);
	for (int k = 0; k < count; k++)
		pq_sendfloat8(buf, sums[k]);
}

void
sq_satisfaction_recv_sums(StringInfo buf, const char *type_name, int64 *n, double *sums, int count)
{
	sq_recv_require(buf, sizeof(int64) + count * sizeof(double), type_name);
	*n = pq_getmsgint64(buf);
	for (int k = 0; k < count; k++)
		sums[k] = sq_recv_float8(buf);
}
