/*-------------------------------------------------------------------------
 *
 * timeline_state_io.h
 *	  Pieces of the timeline_state text form (see timeline_state_io.c), shared with
 *	  timeline_set, whose text form lists each case's events the same way.
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
extern TimestampTz timeline_scan_time(StateScanner *scan);

/* A double-quoted stage name into buf (TIMELINE_MAX_STAGE_BYTES bytes); returns its length. */
extern int	timeline_scan_name(StateScanner *scan, char *buf);

/* The events of t in time order: <UTC timestamp> "<stage>", ... */
extern void timeline_append_events(StringInfo buf, const TimelineState *t);

/* Binary I/O of one timeline (timeline_state_io.c), which timeline_set's reuses per case. */
extern Datum timeline_state_send(PG_FUNCTION_ARGS);
extern Datum timeline_state_recv(PG_FUNCTION_ARGS);

#endif							/* TIMELINE_STATE_IO_H */
