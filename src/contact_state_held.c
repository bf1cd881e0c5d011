/*-------------------------------------------------------------------------
 *
 * contact_state_held.c
 *	  A flat contact_state held as an expanded object of its own memory
 *	  context: the form of an aggregate's state while it merges flat.
 *
 * An aggregate keeps a flat state that its combine function returns only
 * after copying it into the aggregate's context, the whole state, at
 * every merge: the leader of a parallel plan copied hundreds of megabytes
 * to merge three partial states.  An expanded object whose context is a
 * child of the aggregate's is kept as it is; so the merge writes its
 * result into the holder's context and the holder takes it in place of
 * the state before.  Read as a datum, the holder is the flat state: its
 * flat form is a copy (which PostgreSQL 15 makes when the result leaves
 * the aggregate), and sq_contact_state_of() reads it where it is (a
 * merge; from PostgreSQL 16 on, a reader of the aggregate's result).
 * Only two states of 1 MB or more together are held (contact_state_agg.c,
 * HOLD_MIN_BYTES): a context per group would slow hash aggregation over
 * many small ones.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "utils/memutils.h"

#include "contact_state.h"

typedef struct ContactHeld
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	ContactState *flat;			/* in hdr.eoh_context */
} ContactHeld;

static Size
held_get_flat_size(ExpandedObjectHeader *eohptr)
{
	return VARSIZE(((ContactHeld *) eohptr)->flat);
}

static void
held_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	ContactHeld *held = (ContactHeld *) eohptr;

	if (allocated_size != VARSIZE(held->flat))
		elog(ERROR, "contact_state: flat form does not have the size measured");
	memcpy(result, held->flat, allocated_size);
}

static const ExpandedObjectMethods held_methods = {
	held_get_flat_size,
	held_flatten_into
};

static ContactHeld *
held_of(Datum d)
{
	return (ContactHeld *) sq_expanded_object(d, &held_methods);
}

const ContactState *
sq_contact_held_state(Datum d)
{
	ContactHeld *held = held_of(d);

	return held ? held->flat : NULL;
}

const ContactState *
sq_contact_state_of(Datum d)
{
	ContactHeld *held = held_of(d);

	return held ? held->flat : DatumGetContactStateFlat(d);
}

Datum
sq_contact_hold_merge(Datum state, const ContactState *b, MemoryContext aggcontext)
{
	ContactHeld *held = held_of(state);
	const ContactState *a = held ? held->flat : DatumGetContactStateFlat(state);
	ContactState *merged;

	if (held == NULL)
	{
		MemoryContext cxt = AllocSetContextCreate(aggcontext, "contact_state merged",
												  ALLOCSET_SMALL_SIZES);

		held = MemoryContextAllocZero(cxt, sizeof(ContactHeld));
		EOH_init_header(&held->hdr, &held_methods, cxt);
	}
	merged = sq_contact_state_merge(a, b, held->hdr.eoh_context);
	if (held->flat)
		pfree(held->flat);
	held->flat = merged;
	return EOHPGetRWDatum(&held->hdr);
}
