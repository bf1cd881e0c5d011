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

#include "svcquality_names.h"
#include "timeline_vocabulary.h"

/*
 * The slot of a name: its entry's, or the empty one where it would go.
 * Every byte is hashed: a hash of the length and a few bytes put names
 * alike in those ("reason 10" to "reason 99") in one run of probes, and
 * building or resolving a mapping of many such names took their square.
 */
static inline int *
name_slot(const Vocabulary *v, const char *name, int len)
{
	for (uint32 h = sq_bytes_hash(name, len, v->seed);; h++)
	{
		int		   *slot = &v->slots[h & v->mask];
		const VocabularyEntry *entry;

		if (*slot == 0)
			return slot;
		entry = &v->entries[*slot - 1];
		if (entry->len == len && sq_bytes_equal(entry->name, name, len))
			return slot;
	}
}

/*
 * A table of the names so far, at most a quarter full: built empty, and
 * again, twice as large, whenever a new name fills a quarter.
 */
static void
index_names(Vocabulary *v)
{
	if (v->slots)
		pfree(v->slots);
	v->mask = 63;
	while (v->mask + 1 < 4 * (uint32) v->n)
		v->mask = v->mask * 2 + 1;
	v->slots = palloc0((v->mask + 1) * sizeof(int));
	for (int k = 0; k < v->n; k++)
		*name_slot(v, v->entries[k].name, v->entries[k].len) = k + 1;
}

/*
 * Add a role to a name, a new entry if the name has none: entries keep the
 * order in which their names first come, which the role arrays and the
 * errors about a name's roles follow.
 */
static void
add_name(Vocabulary *v, int *capacity, int role, const char *name, int len)
{
	int		   *slot = name_slot(v, name, len);

	if (*slot != 0)
	{
		v->entries[*slot - 1].roles |= (uint32) 1 << role;
		return;
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
	*slot = v->n;
	if (4 * (uint32) v->n > v->mask + 1)
		index_names(v);
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

/* Add the names a mapping gives its roles, marking them in given_roles. */
static void
add_mapping(Vocabulary *v, int *capacity, JsonbContainer *mapping)
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
	for (;;)
	{
		token = JsonbIteratorNext(&it, &value, false);
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
				v->given_roles |= (uint32) 1 << role;
				break;
			case WJB_VALUE:
			case WJB_ELEM:
				Assert(role >= 0);	/* the root is an object: keys first */
				if (value.type != jbvString)
					report_bad_value(spec, spec->roles[role]);
				add_name(v, capacity, role, value.val.string.val, value.val.string.len);
				break;
			case WJB_DONE:
				return;
		}
	}
}

Vocabulary *
sq_vocabulary_build(const VocabularySpec *spec, JsonbContainer *mapping)
{
	Vocabulary *v = palloc(sizeof(Vocabulary));
	int			capacity = 2 * spec->nroles;

	Assert(spec->nroles <= VOCABULARY_MAX_ROLES);
	v->spec = spec;
	v->seed = sq_hash_seed();
	v->n = 0;
	v->entries = palloc(capacity * sizeof(VocabularyEntry));
	v->slots = NULL;
	v->given_roles = 0;
	index_names(v);
	if (mapping)
		add_mapping(v, &capacity, mapping);
	for (int r = 0; r < spec->nroles; r++)
	{
		if (v->given_roles & ((uint32) 1 << r))
			continue;
		if (spec->defaults[r][0] == NULL)
			add_name(v, &capacity, r, spec->roles[r], strlen(spec->roles[r]));
		for (int d = 0; d < VOCABULARY_MAX_DEFAULTS && spec->defaults[r][d]; d++)
			add_name(v, &capacity, r, spec->defaults[r][d], strlen(spec->defaults[r][d]));
	}
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
