/*-------------------------------------------------------------------------
 *
 * svcquality_names.c
 *	  A dictionary of names interned to indices (see svcquality_names.h).
 *
 * Open addressing with linear probing over a table at most half full; the
 * slots hold index + 1 and the full 32-bit hash of each name is kept, so
 * most probes compare no bytes.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/builtins.h"
#include "utils/memutils.h"

#include "svcquality_names.h"

#define FIRST_SLOTS 16
#define NAME_FIRST_BLOCK_BYTES 128
#define NAME_BLOCK_BYTES 8192

void
sq_names_init(SqNames *d, MemoryContext cxt)
{
	memset(d, 0, sizeof(SqNames));
	d->cxt = cxt;
	d->seed = sq_hash_seed();
	d->slot = MemoryContextAllocZero(cxt, FIRST_SLOTS * sizeof(uint32));
	d->mask = FIRST_SLOTS - 1;
}

static void
rebuild_slots(SqNames *d, uint32 nslots)
{
	pfree(d->slot);
	d->slot = MemoryContextAllocExtended(d->cxt, (Size) nslots * sizeof(uint32),
										 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	d->mask = nslots - 1;
	for (uint32 i = 0; i < d->n; i++)
	{
		uint32		s = d->entry[i].hash & d->mask;

		while (d->slot[s] != 0)
			s = (s + 1) & d->mask;
		d->slot[s] = i + 1;
	}
}

/*
 * A copy of the name's bytes in the dictionary's blocks.  The empty name
 * gets a pointer too: readers take NULL for "no name" (the NULL topic of a
 * contact_state), which "" is not, and there may be no block yet.
 */
static const char *
copy_name(SqNames *d, const char *name, uint32 len)
{
	static const char empty_name[1] = "";
	char	   *copy;

	if (len == 0)
		return empty_name;
	if (len > d->block_left)
	{
		Size		size;

		/*
		 * Blocks double from a small first one: a dictionary of a few names
		 * (the categories of one group among thousands) stays small.
		 */
		d->block_bytes = d->block_bytes == 0 ? NAME_FIRST_BLOCK_BYTES :
			Min(2 * d->block_bytes, NAME_BLOCK_BYTES);
		size = Max(d->block_bytes, len);

		d->block = MemoryContextAllocExtended(d->cxt, size, MCXT_ALLOC_HUGE);
		d->block_left = size;
	}
	copy = d->block;
	memcpy(copy, name, len);
	d->block += len;
	d->block_left -= len;
	return copy;
}

static void
grow_entries(SqNames *d)
{
	uint32		cap = d->cap == 0 ? 16 : 2 * d->cap;

	d->entry = d->cap == 0 ?
		MemoryContextAllocExtended(d->cxt, cap * sizeof(SqName), MCXT_ALLOC_HUGE) :
		repalloc_huge(d->entry, cap * sizeof(SqName));
	d->cap = cap;
}

uint32
sq_names_add(SqNames *d, const char *name, uint32 len, uint32 hash, uint32 slot)
{
	uint32		i;

	if (d->n == d->cap)
		grow_entries(d);
	i = d->n++;
	d->entry[i].name = copy_name(d, name, len);
	d->entry[i].len = len;
	d->entry[i].hash = hash;
	d->bytes += len;
	d->slot[slot] = i + 1;
	if ((uint64) d->n * 2 > (uint64) d->mask + 1)
		rebuild_slots(d, 2 * (d->mask + 1));
	return i;
}

static int
index_by_name(const void *a, const void *b, void *arg)
{
	const SqNames *d = arg;
	uint32		i = *(const uint32 *) a;
	uint32		j = *(const uint32 *) b;

	return sq_names_cmp(d->entry[i].name, d->entry[i].len, d->entry[j].name, d->entry[j].len);
}

uint32 *
sq_names_order(const SqNames *d)
{
	uint32	   *order = palloc_extended((Size) Max(d->n, 1) * sizeof(uint32), MCXT_ALLOC_HUGE);
	bool		sorted = true;

	for (uint32 i = 0; i < d->n; i++)
	{
		order[i] = i;
		if (i > 0 && sorted)
			sorted = sq_names_cmp(d->entry[i - 1].name, d->entry[i - 1].len,
								  d->entry[i].name, d->entry[i].len) < 0;
	}
	if (!sorted)
		qsort_arg(order, d->n, sizeof(uint32), index_by_name, (void *) d);
	return order;
}

Datum
sq_names_listed_text(const uint32 *ends, const char *bytes, uint32 i)
{
	uint32		len;
	const char *name = sq_names_listed(ends, bytes, i, &len);

	return PointerGetDatum(cstring_to_text_with_len(name, (int) len));
}

int64
sq_names_search(const uint32 *ends, const char *bytes, uint32 from, uint32 n,
				const char *name, uint32 len)
{
	int64		lo = 0;
	int64		hi = (int64) n - 1;

	while (lo <= hi)
	{
		int64		mid = (lo + hi) / 2;
		uint32		mlen;
		const char *m = sq_names_listed(ends, bytes, from + (uint32) mid, &mlen);
		int			c = sq_names_cmp(m, mlen, name, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}
