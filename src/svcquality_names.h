/*-------------------------------------------------------------------------
 *
 * svcquality_names.h
 *	  A dictionary of names (topics, labels, categories, customer ids given
 *	  as text): each distinct name gets an index, found again by a hash
 *	  table, and the names can be put in byte order.
 *
 * States keyed by text keep the names once, in their dictionary, and refer
 * to them by index, so a row costs one hash probe and the per-row data
 * stays fixed-size.  A stored state lists its names in byte order (memcmp,
 * a shorter name before its extensions), so that equal states are equal
 * bytes: sq_names_order() gives that order, for writing the state out.
 *
 * The names' bytes live in blocks of the dictionary's memory context, not
 * one allocation per name: a million customer ids cost their bytes plus 12
 * bytes each.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SVCQUALITY_NAMES_H
#define SVCQUALITY_NAMES_H

#include "postgres.h"
#include "fmgr.h"

typedef struct SqNames
{
	MemoryContext cxt;
	uint32		n;				/* names */
	uint32		cap;			/* room in name, len and hash */
	const char **name;
	uint32	   *len;
	uint32	   *hash;
	uint32	   *slot;			/* open addressing: index + 1, or 0 */
	uint32		mask;			/* slots - 1 (a power of 2 minus 1) */
	uint64		bytes;			/* sum of the lengths */
	char	   *block;			/* where the next name's bytes go */
	Size		block_left;
	const char *last;			/* the name found or added last (a cache) */
	uint32		last_len;
	uint32		last_index;
} SqNames;

/* An empty dictionary whose memory lives in cxt. */
extern void sq_names_init(SqNames *d, MemoryContext cxt);

/* The index of a name, added (copied) if new: the new one is index d->n - 1. */
extern uint32 sq_names_intern(SqNames *d, const char *name, uint32 len);

/* The index of a name, or -1 when the dictionary does not hold it. */
extern int64 sq_names_find(const SqNames *d, const char *name, uint32 len);

/*
 * The names in byte order: element r is the index of the name of rank r
 * (palloc'd in the current context).  The dictionary is not changed:
 * indices handed out stay valid for its whole life.
 */
extern uint32 *sq_names_order(const SqNames *d);

/*
 * Flat states keep a list of names as the end offset of each name in their
 * concatenated bytes: name i runs from ends[i - 1] (0 for the first) to
 * ends[i].  Lists of a state may follow one another in one array of ends.
 */
static inline const char *
sq_names_listed(const uint32 *ends, const char *bytes, uint32 i, uint32 *len)
{
	uint32		begin = i == 0 ? 0 : ends[i - 1];

	*len = ends[i] - begin;
	return bytes + begin;
}

/* Listed name i as a text Datum. */
extern Datum sq_names_listed_text(const uint32 *ends, const char *bytes, uint32 i);

/* Index of a name among listed names from .. from + n - 1, in byte order, or -1. */
extern int64 sq_names_search(const uint32 *ends, const char *bytes, uint32 from, uint32 n,
							 const char *name, uint32 len);

/* Byte order of names: memcmp, then a shorter name first. */
static inline int
sq_names_cmp(const char *a, uint32 alen, const char *b, uint32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

#endif							/* SVCQUALITY_NAMES_H */
