/*-------------------------------------------------------------------------
 *
 * timeline_vocabulary.c
 *	  Roles of stage names: vocabularies built from their defaults and a
 *	  jsonb mapping, the role masks of a timeline, and the memo of results
 *	  per stage dictionary.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "catalog/pg_type.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "timeline_vocabulary.h"

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
report_bad_value(const VocabularySpec *spec, const char *role)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("stage names of %s role \"%s\" must be a string or an array of strings",
					spec->what, role),
			 errdetail("%s", spec->value_example)));
}

static int
role_of_key(const VocabularySpec *spec, const JsonbValue *key)
{
	StringInfoData roles;
	char	   *name = pnstrdup(key->val.string.val, key->val.string.len);

	for (int r = 0; r < spec->nroles; r++)
		if (strcmp(spec->roles[r], name) == 0)
			return r;

	initStringInfo(&roles);
	for (int r = 0; r < spec->nroles; r++)
		appendStringInfo(&roles, "%s%s", r ? ", " : "", spec->roles[r]);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown %s stage role \"%s\" in the vocabulary", spec->what, name),
			 errdetail("The roles are: %s.", roles.data)));
}

const char *
sq_json_type_name(JsonbContainer *container)
{
	JsonbValue	scalar;

	/* a bare scalar is stored as a one-element array flagged scalar */
	if (JsonbExtractScalar(container, &scalar))
		return JsonbTypeName(&scalar);
	return JsonContainerIsArray(container) ? "array" : "object";
}

void
sq_vocabulary_report_not_object(const VocabularySpec *spec, const char *json_type)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s, not a JSON %s", spec->object_message, json_type),
			 errdetail("%s", spec->object_example)));
}

/* Add the names a mapping gives its roles; mapped[r] tells which it maps. */
static void
add_mapping(Vocabulary *v, int *capacity, JsonbContainer *mapping, bool *mapped)
{
	const VocabularySpec *spec = v->spec;
	JsonbIterator *it;
	JsonbIteratorToken token;
	JsonbValue	value;
	int			role = -1;
	int			level = 0;

	if (!JsonContainerIsObject(mapping))
		sq_vocabulary_report_not_object(spec, sq_json_type_name(mapping));
	it = JsonbIteratorInit(mapping);
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
					report_bad_value(spec, spec->roles[role]);
				}
				break;
			case WJB_END_OBJECT:
			case WJB_END_ARRAY:
				level--;
				break;
			case WJB_KEY:
				role = role_of_key(spec, &value);
				mapped[role] = true;
				break;
			case WJB_VALUE:
			case WJB_ELEM:
				Assert(role >= 0);	/* the root is an object: keys first */
				if (value.type != jbvString)
					report_bad_value(spec, spec->roles[role]);
				add_name(v, capacity, role, value.val.string.val, value.val.string.len);
				break;
			case WJB_DONE:
				break;
		}
	}
}

/*
 * The length and the first, middle and last bytes tell a help desk's few
 * stage names apart; a collision costs a probe.  Cheaper than hashing
 * every byte, and this runs for every stage of every case.
 */
static inline uint32
name_hash(const char *name, int len)
{
	uint32		h = (uint32) len;

	if (len > 0)
		h |= ((uint32) (uint8) name[0] << 8) | ((uint32) (uint8) name[len / 2] << 16) |
			((uint32) (uint8) name[len - 1] << 24);
	/* the finalizer of MurmurHash3, so that every bit counts */
	h ^= h >> 16;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	h *= 0xC2B2AE35u;
	return h ^ (h >> 16);
}

/* The slot of a name: its entry's, or the empty one where it would go. */
static inline int *
name_slot(const Vocabulary *v, const char *name, int len)
{
	for (uint32 h = name_hash(name, len);; h++)
	{
		int		   *slot = &v->slots[h & v->mask];
		const VocabularyEntry *entry;

		if (*slot == 0)
			return slot;
		entry = &v->entries[*slot - 1];
		if (entry->len == len && memcmp(entry->name, name, len) == 0)
			return slot;
	}
}

static void
index_names(Vocabulary *v)
{
	v->mask = 63;
	while (v->mask + 1 < 4 * (uint32) v->n)
		v->mask = v->mask * 2 + 1;
	v->slots = palloc0((v->mask + 1) * sizeof(int));
	for (int k = 0; k < v->n; k++)
		*name_slot(v, v->entries[k].name, v->entries[k].len) = k + 1;
}

Vocabulary *
sq_vocabulary_build(const VocabularySpec *spec, JsonbContainer *mapping)
{
	Vocabulary *v = palloc(sizeof(Vocabulary));
	int			capacity = 2 * spec->nroles;
	bool		mapped[VOCABULARY_MAX_ROLES] = {false};

	Assert(spec->nroles <= VOCABULARY_MAX_ROLES);
	v->spec = spec;
	v->n = 0;
	v->entries = palloc(capacity * sizeof(VocabularyEntry));
	if (mapping)
		add_mapping(v, &capacity, mapping, mapped);
	for (int r = 0; r < spec->nroles; r++)
	{
		if (mapped[r])
			continue;
		if (spec->defaults[r][0] == NULL)
			add_name(v, &capacity, r, spec->roles[r], strlen(spec->roles[r]));
		for (int d = 0; d < VOCABULARY_MAX_DEFAULTS && spec->defaults[r][d]; d++)
			add_name(v, &capacity, r, spec->defaults[r][d], strlen(spec->defaults[r][d]));
	}
	index_names(v);
	return v;
}

void
sq_vocabulary_free(Vocabulary *v)
{
	for (int k = 0; k < v->n; k++)
		pfree((char *) v->entries[k].name);
	pfree(v->entries);
	pfree(v->slots);
	pfree(v);
}

void
sq_vocabulary_resolve(const Vocabulary *v, const TimelineState *t, StageMask *role)
{
	const char *entry = timeline_names(t);

	memset(role, 0, sizeof(StageMask) * v->spec->nroles);
	for (int i = 0; i < t->nstages; i++)
	{
		int			len = (uint8) entry[0];
		int			k = *name_slot(v, entry + 1, len);

		if (k != 0)
			for (uint32 roles = v->entries[k - 1].roles; roles != 0; roles &= roles - 1)
				role[pg_rightmost_one_pos32(roles)] |= STAGE_BIT(i);
		entry += 1 + len;
	}
}

void
sq_vocabulary_role_arrays(const Vocabulary *v, Datum *arrays)
{
	for (int r = 0; r < v->spec->nroles; r++)
	{
		Datum	   *names = palloc(Max(v->n, 1) * sizeof(Datum));
		int			n = 0;

		for (int k = 0; k < v->n; k++)
			if (v->entries[k].roles & ((uint32) 1 << r))
				names[n++] = PointerGetDatum(cstring_to_text_with_len(v->entries[k].name, v->entries[k].len));
		arrays[r] = PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
	}
}

void
sq_dictionary_memo_use(DictionaryMemo *memo, const void *owner)
{
	if (memo->owner == owner)
		return;
	for (int i = 0; i < DICTIONARY_MEMO_SLOTS; i++)
		memo->slots[i].names_len = -1;
	memo->owner = owner;
}

const void *
sq_dictionary_memo_find(const DictionaryMemo *memo, const TimelineState *t)
{
	for (int i = 0; i < DICTIONARY_MEMO_SLOTS; i++)
	{
		const DictionaryMemoSlot *slot = &memo->slots[i];

		if (slot->names_len == t->names_len && slot->nstages == t->nstages &&
			memcmp(slot->names, timeline_names(t), t->names_len) == 0)
			return slot->payload.bytes;
	}
	return NULL;
}

void
sq_dictionary_memo_store(DictionaryMemo *memo, const TimelineState *t, const void *payload,
						 Size size)
{
	DictionaryMemoSlot *slot;

	Assert(size <= DICTIONARY_MEMO_PAYLOAD);
	if (t->names_len > DICTIONARY_MEMO_NAMES)
		return;
	slot = &memo->slots[memo->next_slot];
	memo->next_slot = (memo->next_slot + 1) % DICTIONARY_MEMO_SLOTS;
	slot->names_len = t->names_len;
	slot->nstages = t->nstages;
	memcpy(slot->names, timeline_names(t), t->names_len);
	memcpy(slot->payload.bytes, payload, size);
}
