/*-------------------------------------------------------------------------
 *
 * timeline_vocabulary.h
 *	  Which stage names of a timeline play which role: the roles of a kind
 *	  of case (the steps of a refund, the statuses and messages of a
 *	  help-desk ticket), their default stage names, mappings to a CRM's own
 *	  names given as a jsonb object
 *
 *	   {"requested": "WAIT_SELLER_AGREE", "succeeded": ["SUCCESS", "PAID"]}
 *
 *	  and the role masks of a timeline's dictionary.  Mapped roles take the
 *	  given names instead of their defaults; roles not mentioned keep
 *	  theirs; [] disables a role.
 *
 * Functions of a vocabulary run once per case, often a million times per
 * query, so a caller keeps the parsed vocabulary per call site and a
 * DictionaryMemo of what it computed from the few stage dictionaries most
 * cases of a query share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TIMELINE_VOCABULARY_H
#define TIMELINE_VOCABULARY_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/jsonb.h"

#include "timeline_state.h"

#define VOCABULARY_MAX_ROLES 16
#define VOCABULARY_MAX_DEFAULTS 2

/* The roles of a kind of case. */
typedef struct VocabularySpec
{
	const char *what;			/* "refund": in error messages */
	const char *object_message; /* errmsg when the mapping is no object,
								 * before ", not a JSON array" */
	const char *object_example; /* ... and its errdetail */
	const char *value_example;	/* errdetail when a role's value is bad */
	int			nroles;
	const char *roles[VOCABULARY_MAX_ROLES];
	/* default stage names of each role; none: the role's own name */
	const char *defaults[VOCABULARY_MAX_ROLES][VOCABULARY_MAX_DEFAULTS];
} VocabularySpec;

/* One distinct stage name and the roles it plays (a bit per role). */
typedef struct VocabularyEntry
{
	const char *name;
	int			len;
	uint32		roles;
} VocabularyEntry;

/*
 * A vocabulary's names and an open addressing table of them (entry index
 * + 1, 0: empty; at most a quarter full), so that resolving a timeline's
 * stages costs a hash and a compare per stage, however many names are
 * mapped.  The table grows as the names come, so building a vocabulary
 * costs a probe per name too.
 */
typedef struct Vocabulary
{
	const VocabularySpec *spec;
	int			n;
	VocabularyEntry *entries;
	uint32		mask;			/* number of slots - 1 */
	int		   *slots;
	uint64		seed;			/* sq_hash_seed() */
	uint32		given_roles;	/* bit r: the mapping names role r */
} Vocabulary;

/*
 * The vocabulary of a mapping (NULL: the defaults), in the current memory
 * context.  Errors (22023) on a mapping that is not an object of known
 * roles and strings or arrays of strings.
 */
extern Vocabulary *sq_vocabulary_build(const VocabularySpec *spec, JsonbContainer *mapping);
extern void sq_vocabulary_free(Vocabulary *v);

/*
 * The error (22023) for a mapping that is not an object, saying what it is:
 * json_type as sq_json_type_name() or JsonbTypeName() give it.
 */
pg_attribute_noreturn() extern void sq_vocabulary_report_not_object(const VocabularySpec *spec,
																	const char *json_type);

/*
 * The JSON type of a jsonb container: "object", "array", or its scalar's type
 * ("string", "number", "boolean", "null"), for errors that say what was
 * given instead of an object.
 */
extern const char *sq_json_type_name(JsonbContainer *container);

/* The stages of t's dictionary that play each role: role[spec->nroles]. */
extern void sq_vocabulary_resolve(const Vocabulary *v, const TimelineState *t, StageMask *role);

/* The stage names of every role as text[], arrays[spec->nroles]. */
extern void sq_vocabulary_role_arrays(const Vocabulary *v, Datum *arrays);

/*
 * What a caller computed from a stage dictionary (role masks, say), for
 * the last few dictionaries seen: comparing a timeline's dictionary bytes
 * with these is cheaper than resolving its names again.  Payloads are up
 * to DICTIONARY_MEMO_PAYLOAD bytes; dictionaries over
 * DICTIONARY_MEMO_NAMES bytes are not remembered.
 */
#define DICTIONARY_MEMO_SLOTS 4
#define DICTIONARY_MEMO_NAMES 128
#define DICTIONARY_MEMO_PAYLOAD 192

typedef struct DictionaryMemoSlot
{
	int			names_len;		/* -1: empty slot */
	int			nstages;
	char		names[DICTIONARY_MEMO_NAMES];
	union
	{
		char		bytes[DICTIONARY_MEMO_PAYLOAD];
		int64		align;
	}			payload;
} DictionaryMemoSlot;

typedef struct DictionaryMemo
{
	const void *owner;			/* what the payloads were computed with */
	int			next_slot;
	DictionaryMemoSlot slots[DICTIONARY_MEMO_SLOTS];
} DictionaryMemo;

/* Forget every payload unless they were computed with owner. */
extern void sq_dictionary_memo_use(DictionaryMemo *memo, const void *owner);

/* The payload remembered for t's dictionary, or NULL. */
extern const void *sq_dictionary_memo_find(const DictionaryMemo *memo, const TimelineState *t);

/* Remember size bytes of payload for t's dictionary (when it fits). */
extern void sq_dictionary_memo_store(DictionaryMemo *memo, const TimelineState *t,
									 const void *payload, Size size);

#endif							/* TIMELINE_VOCABULARY_H */
