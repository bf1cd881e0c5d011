/*-------------------------------------------------------------------------
 *
 * timeline_state_io.h
 *	  Pieces of the timeline_state text and binary forms (timeline_state_io.c)
 *	  shared with timeline_set, whose forms list each case's timeline the
 *	  same way.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_STATE_IO_H
#define TIMELINE_STATE_IO_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"

#include "svcquality_text.h"
#include "timeline_state.h"

/* A UTC timestamp as the text form writes it (2026-03-01 10:00:00+00). */
extern TimestampTz sq_timeline_scan_time(StateScanner *scan);

/* Append a finite timestamp in that form (other states' text forms use it too). */
extern void sq_timeline_append_time(StringInfo buf, TimestampTz at);

/* A double-quoted stage name into buf (TIMELINE_MAX_STAGE_BYTES bytes); returns its length. */
extern int	sq_timeline_scan_name(StateScanner *scan, char *buf);

/* The events of t in time order: <UTC timestamp> "<stage>", ... */
extern void sq_timeline_append_events(StringInfo buf, const TimelineState *t);

/* Append the binary form of state to buf (timeline_set sends each case so). */
extern void sq_timeline_send(StringInfo buf, const TimelineState *state);

/*
 * Binary stage names: a count byte, then per name its byte length (int32)
 * and its bytes in the client encoding.  Sending reads nstages entries of
 * a dictionary (a length byte and the name's bytes each); receiving checks
 * them (at most TIMELINE_MAX_STAGES names of at most
 * TIMELINE_MAX_STAGE_BYTES bytes, none twice), names type_name in errors
 * and returns the count.
 */
extern void sq_timeline_send_names(StringInfo buf, const char *entries, int nstages);
extern int	sq_timeline_recv_names(StringInfo buf, const char *type_name, char **names,
								   int *lens);

/*
 * Read one timeline's binary form from buf, checked as timeline_state_recv
 * checks it; bytes after it are left for the caller.  Errors name
 * type_name, the type being read (timeline_state or timeline_set).
 */
extern TimelineState *sq_timeline_recv(StringInfo buf, const char *type_name);

#endif							/* TIMELINE_STATE_IO_H */
