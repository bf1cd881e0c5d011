/*-------------------------------------------------------------------------
 *
 * business_calendar_cache.c
 *	  Prepared calendars cached per query, keyed on the SQL value.
 *
 * A query passes a calendar either as a constant or from a table (one per
 * team), so a few entries serve every row.  The key is the argument's
 * bytes as they arrive: the payload of a plain or short-header value, or
 * the compressed bytes or the on-disk TOAST pointer otherwise, so a hit
 * never detoasts.  A row with the same calendar as the last costs a memcmp
 * of the (small) value; another calendar, a hash of it too, so that rows
 * of many teams in any order still find their team's prepared calendar.
 * Each entry has its own memory context, freed when the entry is replaced,
 * so a query cycling through more calendars than the cache holds does not
 * accumulate memory.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "business_calendar.h"
#include "business_calendar_value.h"

#define CACHE_ENTRIES 64
#define CACHE_BUCKETS 128		/* a power of two */

typedef struct CacheEntry
{
	MemoryContext mcxt;			/* holds key and prepared; NULL if unused */
	int			next;			/* next entry in its bucket, or -1 */
	uint32		hash;			/* of the key */
	bool		raw;			/* key is the whole varlena, not its payload */
	Size		key_len;
	char	   *key;
	BusinessCalendarPrepared *prepared;
} CacheEntry;

struct BusinessCalendarCache
{
	MemoryContext mcxt;
	int			last_hit;
	int			next_victim;
	int			buckets[CACHE_BUCKETS]; /* first entry of each, or -1 */
	CacheEntry	entries[CACHE_ENTRIES];
};

BusinessCalendarCache *
sq_business_calendar_cache_create(MemoryContext mcxt)
{
	BusinessCalendarCache *cache = MemoryContextAllocZero(mcxt, sizeof(BusinessCalendarCache));

	cache->mcxt = mcxt;
	for (int b = 0; b < CACHE_BUCKETS; b++)
		cache->buckets[b] = -1;
	return cache;
}

static inline bool
entry_matches(const CacheEntry *entry, bool raw, const char *key, Size key_len)
{
	return entry->mcxt != NULL && entry->raw == raw && entry->key_len == key_len &&
		memcmp(entry->key, key, key_len) == 0;
}

static inline int *
bucket_of(BusinessCalendarCache *cache, uint32 hash)
{
	return &cache->buckets[hash & (CACHE_BUCKETS - 1)];
}

/* Take a used entry out of its bucket's chain. */
static void
unlink_entry(BusinessCalendarCache *cache, int i)
{
	int		   *link = bucket_of(cache, cache->entries[i].hash);

	while (*link != i)
		link = &cache->entries[*link].next;
	*link = cache->entries[i].next;
}

BusinessCalendarPrepared *
sq_business_calendar_cache_get(BusinessCalendarCache *cache, Datum calendar)
{
	struct varlena *value = (struct varlena *) DatumGetPointer(calendar);
	bool		raw = VARATT_IS_EXTERNAL_ONDISK(value) || VARATT_IS_COMPRESSED(value);
	const char *key;
	Size		key_len;
	uint32		hash;
	int			victim;
	CacheEntry *entry;
	MemoryContext mcxt;

	/* other external forms point at memory whose contents may change */
	if (VARATT_IS_EXTERNAL(value) && !raw)
		value = pg_detoast_datum_packed(value);
	key = raw ? (const char *) value : VARDATA_ANY(value);
	key_len = raw ? VARSIZE_ANY(value) : VARSIZE_ANY_EXHDR(value);

	if (entry_matches(&cache->entries[cache->last_hit], raw, key, key_len))
		return cache->entries[cache->last_hit].prepared;
	hash = hash_bytes((const unsigned char *) key, (int) key_len);
	for (int i = *bucket_of(cache, hash); i >= 0; i = cache->entries[i].next)
	{
		if (cache->entries[i].hash == hash && entry_matches(&cache->entries[i], raw, key, key_len))
		{
			cache->last_hit = i;
			return cache->entries[i].prepared;
		}
	}

	/* a miss: replace the entries in turn */
	victim = cache->next_victim;
	cache->next_victim = (victim + 1) % CACHE_ENTRIES;
	entry = &cache->entries[victim];
	if (entry->mcxt != NULL)
	{
		unlink_entry(cache, victim);
		MemoryContextDelete(entry->mcxt);
		entry->mcxt = NULL;
	}

	mcxt = AllocSetContextCreate(cache->mcxt, "business_calendar", ALLOCSET_SMALL_SIZES);
	entry->prepared = sq_business_calendar_prepare(DatumGetBusinessCalendar(PointerGetDatum(value)),
												   mcxt);
	entry->key = MemoryContextAlloc(mcxt, key_len);
	memcpy(entry->key, key, key_len);
	entry->key_len = key_len;
	entry->raw = raw;
	entry->hash = hash;
	entry->next = *bucket_of(cache, hash);
	*bucket_of(cache, hash) = victim;
	entry->mcxt = mcxt;
	cache->last_hit = victim;
	return entry->prepared;
}

/* What sq_business_calendar_lookup keeps in fn_extra. */
typedef struct LookupCache
{
	BusinessCalendarCache *cache;
	bool		constant;		/* is the argument a Const of the plan? */
	BusinessCalendarPrepared *prepared; /* its calendar, once prepared */
} LookupCache;

BusinessCalendarPrepared *
sq_business_calendar_lookup(FunctionCallInfo fcinfo, int argno)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	LookupCache *lookup = flinfo->fn_extra;

	if (lookup == NULL)
	{
		lookup = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(LookupCache));
		lookup->cache = sq_business_calendar_cache_create(flinfo->fn_mcxt);
		lookup->constant = sq_argument_is_const(flinfo, argno);
		flinfo->fn_extra = lookup;
	}
	if (lookup->prepared != NULL)
		return lookup->prepared;
	if (!lookup->constant)
		return sq_business_calendar_cache_get(lookup->cache, PG_GETARG_DATUM(argno));
	lookup->prepared = sq_business_calendar_cache_get(lookup->cache, PG_GETARG_DATUM(argno));
	return lookup->prepared;
}
