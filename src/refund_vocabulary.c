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

#include "utils/jsonb.h"

#include "refund_vocabulary.h"
#include "timeline_args.h"
#include "timeline_vocabulary.h"

static const VocabularySpec refund_spec = {
	.what = "refund",
	.object_message = "a refund vocabulary must be a JSON object",
	.object_example = "Map roles to your stage names, e.g. {\"requested\": \"WAIT_SELLER_AGREE\"}.",
	.value_example = "Map each role to your stage name, e.g. {\"succeeded\": [\"SUCCESS\", \"PAID\"]}.",
	.nroles = REFUND_ROLES,
	.roles = {
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
	},
};

/*
 * What a call site keeps: the default vocabulary, the mapping parsed last,
 * and the role masks of recent dictionaries (most refunds of a query use a
 * handful of stage sets).
 */
typedef struct VocabularyCache
{
	Vocabulary *standard;		/* the default vocabulary, built on first use */
	struct varlena *key;		/* the jsonb argument parsed last */
	Vocabulary *mapped;			/* ... and its vocabulary */
	DictionaryMemo masks;		/* role masks per dictionary */
} VocabularyCache;

const char *
sq_refund_role_name(RefundRole role)
{
	return refund_spec.roles[role];
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
			cache->standard = sq_vocabulary_build(&refund_spec, NULL);
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
		parsed = sq_vocabulary_build(&refund_spec, &((Jsonb *) mapping)->root);
		if (cache->key)
		{
			pfree(cache->key);
			sq_vocabulary_free(cache->mapped);
		}
		cache->key = palloc(VARSIZE(mapping));
		memcpy(cache->key, mapping, VARSIZE(mapping));
		cache->mapped = parsed;
		MemoryContextSwitchTo(old);
	}
	return cache->mapped;
}

void
sq_refund_view(FunctionCallInfo fcinfo, bool has_vocabulary, RefundView *view)
{
	TimelineCallCache *call = sq_timeline_call_cache(fcinfo);
	VocabularyCache *cache = call->vocabulary;
	const TimelineState *t = sq_timeline_state_read(PG_GETARG_DATUM(0), &view->timeline_copy);
	const Vocabulary *v;
	const void *known;

	StaticAssertStmt(sizeof(view->role) <= DICTIONARY_MEMO_PAYLOAD, "role masks exceed a memo payload");
	if (cache == NULL)
		call->vocabulary = cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(VocabularyCache));
	v = vocabulary_arg(fcinfo, cache, has_vocabulary ? 1 : -1);
	view->t = t;
	sq_dictionary_memo_use(&cache->masks, v);
	known = sq_dictionary_memo_find(&cache->masks, t);
	if (known)
	{
		memcpy(view->role, known, sizeof(view->role));
		return;
	}
	sq_vocabulary_resolve(v, t, view->role);
	sq_dictionary_memo_store(&cache->masks, t, view->role, sizeof(view->role));
}

void
sq_refund_role_stage_arrays(Jsonb *mapping, Datum *arrays)
{
	Vocabulary *v = sq_vocabulary_build(&refund_spec, &mapping->root);

	sq_vocabulary_role_arrays(v, arrays);
	sq_vocabulary_free(v);
}
