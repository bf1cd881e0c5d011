/*-------------------------------------------------------------------------
 *
 * moment_state_held.c
 *	  A named moment_state held as an expanded object while the long
 *	  aggregate gathers its pending responses in an order that the sorted
 *	  flat form would pay for.
 *
 * The flat form keeps its pending responses sorted by id, so a response
 * inserted before the last one, or completed before it, moves every
 * entry after it: rows by descending or random response id made the long
 * aggregate quadratic in the number of incomplete responses (20 000 rows
 * by descending id took seconds).  Held, the entries stay in the order they
 * came, a hash table finds a response's entry, and a completed entry
 * gives its place to the last one; the entries are sorted only when the
 * state is flattened, as it leaves the aggregate (its final function, a
 * partial state of a parallel plan).  The moments do not depend on where
 * the entries are: a response is added as its last answer arrives, in the
 * flat form as here, so both give the same bytes.
 *
 * The holder has a memory context of its own, a child of the aggregate's,
 * which the executor keeps as the state without copying it; the aggregate
 * takes it only when a row would move many entries (so states in response
 * order, and small ones, stay flat), and never in hashed aggregation
 * (moment_state_agg.c).
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "moment_state.h"

typedef struct HeldSlot
{
	int64		id;
	uint32		index;			/* of the response's entry in the flat state */
	char		status;			/* simplehash's */
} HeldSlot;

#define SH_PREFIX held_ids
#define SH_ELEMENT_TYPE HeldSlot
#define SH_KEY_TYPE int64
#define SH_KEY id
/* private_data: the seed (MomentHeld's) */
#define SH_HASH_KEY(tb, key) ((uint32) sq_hash_int64((uint64) (key), *(const uint64 *) (tb)->private_data))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

struct MomentHeld
{
	ExpandedObjectHeader hdr;	/* first: the object lives in hdr.eoh_context */
	MomentState *flat;			/* pending entries in the order they came */
	held_ids_hash *ids;			/* id of each pending response: its entry */
	uint64		seed;			/* of ids, sq_hash_seed() */
};

typedef struct HeldOrder
{
	int64		id;
	uint32		index;
} HeldOrder;

static Size
held_get_flat_size(ExpandedObjectHeader *eohptr)
{
	const MomentState *s = ((MomentHeld *) eohptr)->flat;

	return moment_fixed_size(s->kind, s->ndims) +
		s->npending * moment_pending_size(moment_variables(s));
}

static int
held_order_cmp(const void *a, const void *b)
{
	int64		x = ((const HeldOrder *) a)->id;
	int64		y = ((const HeldOrder *) b)->id;

	return x < y ? -1 : x > y;
}

/* The flat form: the entries sorted by id, and no room past them. */
static void
held_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	MomentHeld *held = (MomentHeld *) eohptr;
	const MomentState *s = held->flat;
	MomentState *flat = (MomentState *) result;
	Size		entry_size = moment_pending_size(moment_variables(s));
	HeldOrder  *order;

	if (allocated_size != held_get_flat_size(eohptr))
		elog(ERROR, "moment_state: flat form does not have the size measured");
	memcpy(flat, s, moment_fixed_size(s->kind, s->ndims));
	SET_VARSIZE(flat, allocated_size);
	if (s->npending == 0)
		return;
	order = MemoryContextAlloc(held->hdr.eoh_context, sizeof(HeldOrder) * s->npending);
	for (uint32 e = 0; e < s->npending; e++)
	{
		order[e].id = moment_state_pending(s, e)->id;
		order[e].index = e;
	}
	qsort(order, s->npending, sizeof(HeldOrder), held_order_cmp);
	for (uint32 e = 0; e < s->npending; e++)
	{
		CHECK_FOR_INTERRUPTS();
		memcpy(moment_state_pending(flat, e), moment_state_pending(s, order[e].index), entry_size);
	}
	pfree(order);
}

const ExpandedObjectMethods sq_moment_held_methods = {
	held_get_flat_size,
	held_flatten_into
};

MomentState *
sq_moment_held_state(MomentHeld *held)
{
	return held->flat;
}

Datum
sq_moment_held_datum(MomentHeld *held)
{
	return EOHPGetRWDatum(&held->hdr);
}

MomentHeld *
sq_moment_hold(const MomentState *s, MemoryContext aggcontext)
{
	MemoryContext cxt = AllocSetContextCreate(aggcontext, "moment_state held",
											  ALLOCSET_DEFAULT_SIZES);
	MomentHeld *held = MemoryContextAllocZero(cxt, sizeof(MomentHeld));

	Assert(s->kind == MOMENT_NAMED);
	EOH_init_header(&held->hdr, &sq_moment_held_methods, cxt);
	held->flat = MemoryContextAlloc(cxt, VARSIZE(s));
	memcpy(held->flat, s, VARSIZE(s));
	held->seed = sq_hash_seed();
	held->ids = held_ids_create(cxt, Max(64, 2 * s->npending), &held->seed);
	for (uint32 e = 0; e < s->npending; e++)
	{
		bool		found;

		CHECK_FOR_INTERRUPTS();
		held_ids_insert(held->ids, moment_state_pending(s, e)->id, &found)->index = e;
	}
	return held;
}

void
sq_moment_held_answer(MomentHeld *held, int64 id, int variable, double value)
{
	MomentState *s = held->flat;
	Size		entry_size = moment_pending_size(moment_variables(s));
	HeldSlot   *slot = held_ids_lookup(held->ids, id);
	MomentPending *entry;
	uint32		index,
				last;

	if (slot == NULL)
	{
		bool		found;

		sq_moment_state_check_pending_limit(s);
		if (s->npending == moment_pending_capacity(s))
		{
			uint32		capacity = Max(4, 2 * s->npending);

			s = held->flat = repalloc(s, moment_fixed_size(s->kind, s->ndims) +
									  capacity * entry_size);
			SET_VARSIZE(s, moment_fixed_size(s->kind, s->ndims) + capacity * entry_size);
		}
		entry = moment_state_pending(s, s->npending);
		memset(entry, 0, entry_size);
		entry->id = id;
		slot = held_ids_insert(held->ids, id, &found);
		slot->index = s->npending++;
	}
	index = slot->index;
	entry = moment_state_pending(s, index);
	if (!moment_pending_answer(s, entry, variable, value))
		return;
	sq_moment_state_add(s, entry->values, 1.0);
	held_ids_delete(held->ids, id);
	last = --s->npending;
	if (index != last)
	{
		memcpy(entry, moment_state_pending(s, last), entry_size);
		held_ids_lookup(held->ids, entry->id)->index = index;
	}
}
