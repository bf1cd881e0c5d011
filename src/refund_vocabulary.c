/*-------------------------------------------------------------------------
 *
 * refund_vocabulary.c
 *	  Which stage names play which role in a refund: the default
 *	  vocabulary, mappings given as jsonb, and the per-timeline role masks.
 *
 * The refund functions run once per refund, so the vocabulary is parsed
 * once per call site (again only if the jsonb argument changes), and
 * resolving it against a timeline compares each stage of the timeline with
 * the vocabulary's names, lengths first.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "refund_vocabulary.h"
#include "timeline_args.h"

static const char *const role_names[REFUND_ROLES] = {
	[ROLE_SHIPPED] = "shipped",
	[ROLE_RECEIVED] = "received",
	[ROLE_REQUESTED] = "requested",
	[ROLE_RESPONDED] = "responded",
	[ROLE_AGREED] = "agreed",
	[ROLE_REFUSED] = "refused",
	[ROLE_RETURN_REQUESTED] = "return_requested",
	[ROLE_RETURN_SHIPPED] = "return_shipped",
	[ROLE_RETURN_RECEIVED] = "return_received",
	[ROLE_SUCCEEDED] = "succeeded",
	[ROLE_CLOSED] = "closed",
	[ROLE_INTERVENED] = "intervened",
	[ROLE_RULED] = "ruled",
};

/* One distinct stage name and the roles it plays (a bit per role). */
typedef struct VocabularyEntry
{
	const char *name;
	int			len;
	uint32		roles;
} VocabularyEntry;

typedef struct Vocabulary
{
	int			n;
	VocabularyEntry *entries;
} Vocabulary;

/*
 * The role masks of a few recently seen dictionaries.  Most refunds of a
 * query use one of a handful of stage sets, so comparing a timeline's
 * dictionary bytes with these usually replaces resolving it name by name.
 */
#define MASK_CACHE_ENTRIES 4
#define MASK_CACHE_NAMES_BYTES 128

typedef struct MaskCacheEntry
{
	int			names_len;		/* -1: empty slot */
	int			nstages;
	char		names[MASK_CACHE_NAMES_BYTES];
	StageMask	role[REFUND_ROLES];
} MaskCacheEntry;

typedef struct VocabularyCache
{
	Vocabulary *standard;		/* the default vocabulary, built on first use */
	struct varlena *key;		/* the jsonb argument parsed last */
	Vocabulary *mapped;			/* ... and its vocabulary */
	const Vocabulary *masks_of; /* the vocabulary the masks below are for */
	MaskCacheEntry masks[MASK_CACHE_ENTRIES];
	int			next_slot;
} VocabularyCache;

const char *
sq_refund_role_name(RefundRole role)
{
	return role_names[role];
}

static void
add_name(Vocabulary *v, int *capacity, int role, const char *name, int len)
{
	for (int i = 0; i < v->n; i++)
	{
		if (v->entries[i].len == len && memcmp(v->entries[i].name, name, len) == 0)
		{
			v->entries[i].roles |= (uint32) 1 << role;
			return;
		}
	}
	if (v->n == *capacity)
	{
		*capacity *= 2;
		v->entries = repalloc(v->entries, *capacity * sizeof(VocabularyEntry));
	}
	v->entries[v->n].name = pnstrdup(name, len);
	v->entries[v->n].len = len;
	v->entries[v->n].roles = (uint32) 1 << role;
	v->n++;
}

pg_attribute_noreturn() static void
report_bad_value(const char *role)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("stage names of refund role \"%s\" must be a string or an array of strings", role),
			 errdetail("Map each role to your stage name, e.g. {\"succeeded\": [\"SUCCESS\", \"PAID\"]}.")));
}

static int
role_of_key(const JsonbValue *key)
{
	StringInfoData roles;
	char	   *name = pnstrdup(key->val.string.val, key->val.string.len);

	for (int r = 0; r < REFUND_ROLES; r++)
		if (strcmp(role_names[r], name) == 0)
			return r;

	initStringInfo(&roles);
	for (int r = 0; r < REFUND_ROLES; r++)
		appendStringInfo(&roles, "%s%s", r ? ", " : "", role_names[r]);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown refund stage role \"%s\" in the vocabulary", name),
			 errdetail("The roles are: %s.", roles.data)));
}

/*
 * The vocabulary of a jsonb mapping (NULL: the default one), built in the
 * current memory context.
 */
static Vocabulary *
build_vocabulary(Jsonb *mapping)
{
	Vocabulary *v = palloc(sizeof(Vocabulary));
	int			capacity = 2 * REFUND_ROLES;
	bool		mapped[REFUND_ROLES] = {false};

	v->n = 0;
	v->entries = palloc(capacity * sizeof(VocabularyEntry));

	if (mapping)
	{
		JsonbIterator *it;
		JsonbIteratorToken token;
		JsonbValue	value;
		int			role = -1;
		int			level = 0;

		if (!JB_ROOT_IS_OBJECT(mapping))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a refund vocabulary must be a JSON object"),
					 errdetail("Map roles to your stage names, e.g. {\"requested\": \"WAIT_SELLER_AGREE\"}.")));
		it = JsonbIteratorInit(&mapping->root);
		while ((token = JsonbIteratorNext(&it, &value, false)) != WJB_DONE)
		{
			switch (token)
			{
				case WJB_BEGIN_OBJECT:
				case WJB_BEGIN_ARRAY:
					if (level == (token == WJB_BEGIN_OBJECT ? 0 : 1))
						level++;
					else
					{
						Assert(role >= 0);	/* nested: a key came first */
						report_bad_value(role_names[role]);
					}
					break;
				case WJB_END_OBJECT:
				case WJB_END_ARRAY:
					level--;
					break;
				case WJB_KEY:
					role = role_of_key(&value);
					mapped[role] = true;
					break;
				case WJB_VALUE:
				case WJB_ELEM:
					Assert(role >= 0);	/* the root is an object: keys first */
					if (value.type != jbvString)
						report_bad_value(role_names[role]);
					add_name(v, &capacity, role, value.val.string.val, value.val.string.len);
					break;
				case WJB_DONE:
					break;
			}
		}
	}
	for (int r = 0; r < REFUND_ROLES; r++)
		if (!mapped[r])
			add_name(v, &capacity, r, role_names[r], strlen(role_names[r]));
	return v;
}

static void
free_vocabulary(Vocabulary *v)
{
	for (int k = 0; k < v->n; k++)
		pfree((char *) v->entries[k].name);
	pfree(v->entries);
	pfree(v);
}

static const Vocabulary *
vocabulary_arg(FunctionCallInfo fcinfo, VocabularyCache *cache, int argno)
{
	MemoryContext old;
	struct varlena *mapping;

	if (argno < 0)
	{
		if (cache->standard == NULL)
		{
			old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
			cache->standard = build_vocabulary(NULL);
			MemoryContextSwitchTo(old);
		}
		return cache->standard;
	}

	mapping = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	if (cache->key == NULL || VARSIZE(cache->key) != VARSIZE(mapping) ||
		memcmp(cache->key, mapping, VARSIZE(mapping)) != 0)
	{
		/* parse first, so a bad mapping leaves the cache as it was */
		Vocabulary *parsed;

		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		parsed = build_vocabulary((Jsonb *) mapping);
		if (cache->key)
		{
			pfree(cache->key);
			free_vocabulary(cache->mapped);
		}
		cache->key = palloc(VARSIZE(mapping));
		memcpy(cache->key, mapping, VARSIZE(mapping));
		cache->mapped = parsed;
		MemoryContextSwitchTo(old);
	}
	return cache->mapped;
}

static void
resolve_roles(const TimelineState *t, const Vocabulary *v, StageMask *role)
{
	const char *entry = timeline_names(t);

	memset(role, 0, sizeof(StageMask) * REFUND_ROLES);
	for (int i = 0; i < t->nstages; i++)
	{
		int			len = (uint8) entry[0];

		for (int k = 0; k < v->n; k++)
		{
			uint32		roles;

			if (v->entries[k].len != len || memcmp(v->entries[k].name, entry + 1, len) != 0)
				continue;
			for (roles = v->entries[k].roles; roles != 0; roles &= roles - 1)
				role[pg_rightmost_one_pos32(roles)] |= STAGE_BIT(i);
			break;
		}
		entry += 1 + len;
	}
}

void
sq_refund_view(FunctionCallInfo fcinfo, bool has_vocabulary, RefundView *view)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);
	VocabularyCache *cache = call->vocabulary;
	const TimelineState *t = PG_GETARG_TIMELINE_STATE(0);
	const Vocabulary *v;
	MaskCacheEntry *slot;

	if (cache == NULL)
		call->vocabulary = cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(VocabularyCache));
	v = vocabulary_arg(fcinfo, cache, has_vocabulary ? 1 : -1);
	view->t = t;
	if (cache->masks_of != v)
	{
		for (int i = 0; i < MASK_CACHE_ENTRIES; i++)
			cache->masks[i].names_len = -1;
		cache->masks_of = v;
	}
	for (int i = 0; i < MASK_CACHE_ENTRIES; i++)
	{
		slot = &cache->masks[i];
		if (slot->names_len == t->names_len && slot->nstages == t->nstages &&
			memcmp(slot->names, timeline_names(t), t->names_len) == 0)
		{
			memcpy(view->role, slot->role, sizeof(view->role));
			return;
		}
	}
	resolve_roles(t, v, view->role);
	if (t->names_len <= MASK_CACHE_NAMES_BYTES)
	{
		slot = &cache->masks[cache->next_slot];
		cache->next_slot = (cache->next_slot + 1) % MASK_CACHE_ENTRIES;
		slot->names_len = t->names_len;
		slot->nstages = t->nstages;
		memcpy(slot->names, timeline_names(t), t->names_len);
		memcpy(slot->role, view->role, sizeof(view->role));
	}
}

void
sq_refund_role_stage_arrays(Jsonb *mapping, Datum *arrays)
{
	Vocabulary *v = build_vocabulary(mapping);

	for (int r = 0; r < REFUND_ROLES; r++)
	{
		Datum	   *names = palloc(Max(v->n, 1) * sizeof(Datum));
		int			n = 0;

		for (int k = 0; k < v->n; k++)
			if (v->entries[k].roles & ((uint32) 1 << r))
				names[n++] = PointerGetDatum(cstring_to_text_with_len(v->entries[k].name, v->entries[k].len));
		arrays[r] = PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
	}
	free_vocabulary(v);
}
