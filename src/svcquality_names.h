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
 * one allocation per name: names cost their bytes plus 24 to 48 bytes each
 * (an entry of 16 bytes in an array grown by doubling, and 2 to 4 uint32
 * slots of a table at most half full), some 25 for a million names.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SVCQUALITY_NAMES_H
#define SVCQUALITY_NAMES_H

#include "postgres.h"
#include "fmgr.h"

/*
 * A name's address, length and hash side by side: a lookup that reaches an
 * entry reads one 16-byte entry instead of three arrays, which matters when
 * a thousand groups' dictionaries no longer fit in the nearer caches.
 */
typedef struct SqName
{
	const char *name;			/* its bytes, in the dictionary's blocks */
	uint32		len;
	uint32		hash;
} SqName;

typedef struct SqNames
{
	/* what a lookup reads first */
	uint32	   *slot;			/* open addressing: index + 1, or 0 */
	SqName	   *entry;
	uint32		mask;			/* slots - 1 (a power of 2 minus 1) */
	uint32		n;				/* names */
	uint64		seed;			/* sq_hash_seed() */
	uint32		cap;			/* room in entry */
	MemoryContext cxt;
	uint64		bytes;			/* sum of the lengths */
	char	   *block;			/* where the next name's bytes go */
	Size		block_left;
	Size		block_bytes;	/* size of the last block */
} SqNames;

/*
 * Short keys are looked up once per row (the stage of an event, a category,
 * a topic, a funnel's sequence of stages), so they are hashed and compared
 * a word at a time: 8 bytes per load, the last load overlapping the one
 * before it (keys of 4 to 7 bytes take two overlapping 4-byte loads), so
 * every byte is read without a loop over bytes or a call to memcmp.  Keys
 * of 8 to 16 bytes take their first and last word without entering the
 * loop over the words between: names of 8 bytes and of 9 ("reason 9",
 * "reason 10") mixed in a column would otherwise make the processor guess
 * wrong, row after row, whether the loop runs once.
 */
static inline uint64
sq_bytes_word(const char *p, int bytes)
{
	uint64		w = 0;

	if (bytes == 8)
		memcpy(&w, p, 8);
	else
	{
		uint32		w4;

		memcpy(&w4, p, 4);
		w = w4;
	}
	return w;
}

/*
 * Whether two keys of len bytes are equal, read as sq_bytes_hash reads
 * them; keys under 4 bytes byte by byte.
 */
static inline bool
sq_bytes_equal(const char *a, const char *b, uint32 len)
{
	if (len >= 8)
	{
		uint64		differ = sq_bytes_word(a, 8) ^ sq_bytes_word(b, 8);

		differ |= sq_bytes_word(a + len - 8, 8) ^ sq_bytes_word(b + len - 8, 8);
		for (uint32 i = 8; i + 8 < len; i += 8)
			differ |= sq_bytes_word(a + i, 8) ^ sq_bytes_word(b + i, 8);
		return differ == 0;
	}
	if (len >= 4)
		return sq_bytes_word(a, 4) == sq_bytes_word(b, 4) &&
			sq_bytes_word(a + len - 4, 4) == sq_bytes_word(b + len - 4, 4);
	for (uint32 i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * The 128-bit product of a and b folded to 64 bits.  A plain product keeps
 * a difference in the top bit of its factor as it is (x * M and (x ^ 2^63)
 * * M differ by 2^63 whatever x), so two words of a key each with its top
 * bit flipped cancel: with a plain product for every word, the keys of n
 * words could be made to collide in sets of 2^(n - 1), whatever the seed.
 * The high half of a folded product depends on all of x, carries included,
 * and the words between the first and the last are folded: only pairs are
 * left (the first word and the second, each flipped), which cost nothing.
 */
static inline uint64
sq_fold_multiply(uint64 a, uint64 b)
{
	uint128		p = (uint128) a * b;

	return (uint64) p ^ (uint64) (p >> 64);
}

/*
 * A hash of a key of len bytes under seed (sq_hash_seed()), for in-memory
 * lookup tables only (it depends on the seed and the machine's byte order,
 * so it is never stored).  Every byte, the length and the seed take part;
 * the seed is added, not xored, to the length, so that keys of two lengths
 * do not differ by a constant it cannot change.
 */
static inline uint32
sq_bytes_hash(const char *name, uint32 len, uint64 seed)
{
	uint64		h = (seed + len + 1) * UINT64CONST(0x9E3779B97F4A7C15);

	if (len >= 8)
	{
		h = (h ^ sq_bytes_word(name, 8)) * UINT64CONST(0xff51afd7ed558ccd);
		for (uint32 i = 8; i + 8 < len; i += 8)
			h = sq_fold_multiply(h ^ sq_bytes_word(name + i, 8), UINT64CONST(0xff51afd7ed558ccd));
		h = (h ^ sq_bytes_word(name + len - 8, 8)) * UINT64CONST(0xc4ceb9fe1a85ec53);
	}
	else if (len >= 4)
		h = (h ^ sq_bytes_word(name, 4) ^ (sq_bytes_word(name + len - 4, 4) << 32)) *
			UINT64CONST(0xc4ceb9fe1a85ec53);
	else if (len > 0)
		h = (h ^ (uint8) name[0] ^ ((uint64) (uint8) name[len / 2] << 8) ^
			 ((uint64) (uint8) name[len - 1] << 16)) * UINT64CONST(0xc4ceb9fe1a85ec53);

	/*
	 * A bit of a product depends only on the bits below it, so the low bits
	 * of h do not see the last bytes: fold the high half down and multiply
	 * again, so that every bit of the result depends on every byte (names
	 * that differ only at their end, "reason 1" and "reason 2", would share
	 * their low bits otherwise).
	 */
	h ^= h >> 32;
	h *= UINT64CONST(0xd6e8feb86659fd93);
	return (uint32) (h >> 32);
}

/* An empty dictionary whose memory lives in cxt. */
extern void sq_names_init(SqNames *d, MemoryContext cxt);

/* The slot holding the name, or the free slot where it belongs. */
static inline uint32
sq_names_slot(const SqNames *d, const char *name, uint32 len, uint32 hash)
{
	uint32		s = hash & d->mask;

	for (;;)
	{
		uint32		i = d->slot[s];

		if (i == 0)
			return s;
		i--;
		if (d->entry[i].hash == hash && d->entry[i].len == len &&
			sq_bytes_equal(d->entry[i].name, name, len))
			return s;
		s = (s + 1) & d->mask;
	}
}

/* Add a name that sq_names_slot did not find, in its free slot: its index. */
extern uint32 sq_names_add(SqNames *d, const char *name, uint32 len, uint32 hash, uint32 slot);

/*
 * The index of a name, added (copied) if new: the new one is index d->n - 1.
 * Inline: it runs for every row of the aggregates keyed by text.
 */
static inline uint32
sq_names_intern(SqNames *d, const char *name, uint32 len)
{
	uint32		hash;
	uint32		s;

	hash = sq_bytes_hash(name, len, d->seed);
	s = sq_names_slot(d, name, len, hash);
	if (d->slot[s] == 0)
		return sq_names_add(d, name, len, hash, s);
	return d->slot[s] - 1;
}

/* Name i of the dictionary (not NUL-terminated) and its length. */
static inline const char *
sq_names_get(const SqNames *d, uint32 i, uint32 *len)
{
	*len = d->entry[i].len;
	return d->entry[i].name;
}

/* The index of a name, or -1 when the dictionary does not hold it. */
static inline int64
sq_names_find(const SqNames *d, const char *name, uint32 len)
{
	uint32		s = sq_names_slot(d, name, len, sq_bytes_hash(name, len, d->seed));

	return d->slot[s] == 0 ? -1 : (int64) d->slot[s] - 1;
}

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
