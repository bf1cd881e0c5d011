/*-------------------------------------------------------------------------
 *
 * timeline_args.h
 *	  Arguments of the timeline and refund functions: stage names given as
 *	  text or text[], parsed once per call site and cached in fn_extra.
 *
 * These functions run once per case, often a million times per query, so
 * an array argument is deconstructed only when it differs from the one
 * seen last, and looking a name up in a timeline costs a few length
 * comparisons.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_ARGS_H
#define TIMELINE_ARGS_H

#include "postgres.h"
#include "fmgr.h"

#include "timeline_state.h"

/* Stage names, pointing into memory that lives as long as the list. */
typedef struct StageList
{
	int			n;
	const char **names;
	int		   *lens;
	uint64		parse;			/* which parse of its call site made it (from
								 * 1): what a caller derived from the list
								 * holds while this stays the same */
} StageList;

/* A text[] argument as last parsed: its bytes, and the names in it. */
typedef struct StageArrayCache
{
	struct varlena *key;
	StageList	list;
} StageArrayCache;

/* text[] arguments 1 to TIMELINE_STAGE_ARGS can be cached */
#define TIMELINE_STAGE_ARGS 5

/*
 * What a call site keeps between calls (fn_extra, in fn_mcxt).  Every
 * timeline and refund function uses this one struct, so a function taking
 * several kinds of cached arguments (stage arrays, a refund vocabulary, a
 * clock) has room for all of them.
 */
typedef struct TimelineCallCache
{
	StageArrayCache stage_arrays[TIMELINE_STAGE_ARGS];
	void	   *vocabulary;		/* refund_vocabulary.c: parsed vocabulary */
	void	   *path_enum;		/* refund.c: OIDs of the refund_path labels */
	void	   *clock;			/* free for a clock provider, e.g. a prepared
								 * business calendar */
	void	   *sla;			/* sla_policy.c: parsed policies */
	void	   *row_desc;		/* sla.c: the blessed result row type */
	uint64		stage_parses;	/* text[] arguments parsed so far */
	uint64		disjoint[2];	/* sla.c: the parses of the running and paused
								 * lists last found disjoint */
} TimelineCallCache;

extern TimelineCallCache *sq_timeline_call_cache(FunctionCallInfo fcinfo);

/*
 * The stages of argument argno (text, or text[] when is_array; NULL
 * elements are ignored) as a mask over t's dictionary.  Names the timeline
 * does not contain are simply not in the mask.
 */
extern StageMask sq_timeline_stage_arg(FunctionCallInfo fcinfo, int argno, bool is_array,
									   const TimelineState *t);

/* The names of text[] argument argno (NULL elements left out), cached. */
extern const StageList *sq_timeline_stage_list(FunctionCallInfo fcinfo, int argno);

#endif							/* TIMELINE_ARGS_H */
