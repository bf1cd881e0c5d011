/*-------------------------------------------------------------------------
 *
 * contact_state_tree.c
 *	  The episodes of a key that come out of time order, held in a tree
 *	  while the working state is filled.
 *
 * A key keeps its episodes in an array in order, which contacts in time
 * order extend at its end.  An episode that lands far before the end,
 * between two or joining several, shifts every episode after it: one
 * customer and topic with contacts in reverse or random order, or daily
 * states merged from the last day, made aggregation and input quadratic
 * in the key's episodes (80 000 contacts in reverse order took 3 s).
 * Such a key moves its episodes into a treap, a search tree kept balanced
 * by random priorities, where an episode is placed, and the episodes its
 * interval meets found and joined, in time logarithmic in the key's
 * episodes.
 *
 * Nothing else changes: each episode is merged as it comes, as into the
 * array, so the same episodes join in the same order, an input's episode
 * that meets another is refused when it is read, and the limit on
 * episodes counts the same episodes at the same row.  Before the state is
 * read (flattened, or checked as an input), every tree is written back
 * into an array in order (sq_contact_work_settle).
 *
 * Nodes live in one array per tree, from index 1 (0: no node); the nodes
 * of joined episodes are chained for reuse.  A node's priority is a hash
 * of its index and of a seed made from the backend's (sq_hash_seed) and
 * the tree's address, which an order of rows cannot be chosen in advance
 * to match.  Splitting and merging walk down the tree without recursion:
 * a deep tree costs time, never stack.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "contact_state.h"

typedef struct TreeNode
{
	ContactEpisode e;
	uint32		left;
	uint32		right;
} TreeNode;

struct ContactTree
{
	TreeNode   *node;			/* node[0] unused */
	uint32		cap;			/* nodes allocated, node[0] included */
	uint32		next;			/* the first node never used */
	uint32		free;			/* nodes of joined episodes, chained by right */
	uint32		root;
	uint32		seed;
};

static inline uint32
priority(const ContactTree *t, uint32 x)
{
	return murmurhash32(x ^ t->seed);
}

static uint32
new_node(ContactTree *t, const ContactEpisode *e)
{
	uint32		x;

	if (t->free != 0)
	{
		x = t->free;
		t->free = t->node[x].right;
	}
	else
	{
		if (t->next == t->cap)
		{
			t->cap *= 2;
			t->node = repalloc_huge(t->node, (Size) t->cap * sizeof(TreeNode));
		}
		x = t->next++;
	}
	t->node[x].e = *e;
	t->node[x].left = t->node[x].right = 0;
	return x;
}

/*
 * Split tree x into the episodes that end before bound (*l) and the
 * others (*r); with by_start, into those that start at or before bound
 * and the others.  Episodes are disjoint: both orders are the tree's.
 */
static void
split(ContactTree *t, uint32 x, bool by_start, int64 bound, uint32 *l, uint32 *r)
{
	while (x != 0)
	{
		TreeNode   *n = &t->node[x];

		if (by_start ? n->e.start <= bound : n->e.last < bound)
		{
			*l = x;
			l = &n->right;
			x = n->right;
		}
		else
		{
			*r = x;
			r = &n->left;
			x = n->left;
		}
	}
	*l = *r = 0;
}

/* The tree of the episodes of a, then those of b. */
static uint32
merge(ContactTree *t, uint32 a, uint32 b)
{
	uint32		root;
	uint32	   *at = &root;

	while (a != 0 && b != 0)
	{
		if (priority(t, a) > priority(t, b))
		{
			*at = a;
			at = &t->node[a].right;
			a = t->node[a].right;
		}
		else
		{
			*at = b;
			at = &t->node[b].left;
			b = t->node[b].left;
		}
	}
	*at = a != 0 ? a : b;
	return root;
}

/* The node of the first episode that ends at or after bound, or 0. */
static uint32
first_ending_from(const ContactTree *t, int64 bound)
{
	uint32		found = 0;

	for (uint32 x = t->root; x != 0;)
	{
		if (t->node[x].e.last < bound)
			x = t->node[x].right;
		else
		{
			found = x;
			x = t->node[x].left;
		}
	}
	return found;
}

static void
free_tree(ContactTree *t)
{
	pfree(t->node);
	pfree(t);
}

void
sq_contact_tree_from_array(ContactWork *w, ContactSlot *slot)
{
	ContactEpisode *eps = slot->ep.many.at;
	ContactTree *t = MemoryContextAlloc(w->hdr.eoh_context, sizeof(ContactTree));

	t->cap = 2 * slot->nepisodes;
	t->node = MemoryContextAllocExtended(w->hdr.eoh_context, (Size) t->cap * sizeof(TreeNode),
										 MCXT_ALLOC_HUGE);
	t->next = 1;
	t->free = 0;
	t->root = 0;
	t->seed = (uint32) (sq_mix64(w->seed) ^ ((uintptr_t) t >> 4));
	for (uint32 i = 0; i < slot->nepisodes; i++)
		t->root = merge(t, t->root, new_node(t, &eps[i]));
	pfree(eps);
	slot->ep.many.at = NULL;
	slot->ep.many.tree = t;
	w->ntrees++;
}

/* Write the episodes of a key's tree into an array, in order. */
static void
tree_to_array(ContactWork *w, ContactSlot *slot)
{
	ContactTree *t = slot->ep.many.tree;
	ContactEpisode *eps = MemoryContextAllocExtended(w->hdr.eoh_context,
													 (Size) slot->nepisodes * sizeof(ContactEpisode),
													 MCXT_ALLOC_HUGE);
	uint32		n = 0;
	uint32	   *at = &t->root;

	/* rotations until no node has a left child: the nodes chained in order */
	while (*at != 0)
	{
		TreeNode   *x = &t->node[*at];

		if (x->left != 0)
		{
			uint32		l = x->left;

			x->left = t->node[l].right;
			t->node[l].right = *at;
			*at = l;
		}
		else
		{
			if (n == slot->nepisodes)
				elog(ERROR, "contact_state: a key's tree holds more episodes than counted");
			eps[n++] = x->e;
			at = &x->right;
		}
	}
	if (n != slot->nepisodes)
		elog(ERROR, "contact_state: a key's tree holds fewer episodes than counted");
	free_tree(t);
	slot->ep.many.at = eps;
	slot->ep.many.tree = NULL;
	slot->ep.many.cap = n;
	w->ntrees--;
}

bool
sq_contact_tree_insert(ContactWork *w, ContactSlot *slot, const ContactEpisode *e,
					   bool reject_overlap)
{
	ContactTree *t = slot->ep.many.tree;
	ContactEpisode joined = *e;
	uint32		joins = 0;
	uint32		l;
	uint32		m;
	uint32		r;

	/*
	 * Join the episodes that meet e, in order, before the tree changes: a
	 * join can overflow a count, or be refused.
	 */
	for (uint32 x = first_ending_from(t, e->start); x != 0 && t->node[x].e.start <= e->last;
		 x = first_ending_from(t, t->node[x].e.last + 1))
	{
		if (reject_overlap)
			return false;
		contact_join_episode(w, &joined, &t->node[x].e);
		joins++;
	}
	if (joins == 0 && w->nepisodes >= CONTACT_MAX_EPISODES)
		sq_contact_report_too_many_episodes(w->nepisodes + 1);
	split(t, t->root, false, e->start, &l, &r);
	split(t, r, true, e->last, &m, &r);
	/* free the joined nodes: the first left is the leftmost */
	while (m != 0)
	{
		uint32	   *at = &m;
		uint32		x;

		while (t->node[*at].left != 0)
			at = &t->node[*at].left;
		x = *at;
		*at = t->node[x].right;
		t->node[x].right = t->free;
		t->free = x;
	}
	t->root = merge(t, merge(t, l, new_node(t, &joined)), r);
	if (joins == 0)
	{
		slot->nepisodes++;
		w->nepisodes++;
		return true;
	}
	slot->nepisodes -= joins - 1;
	w->nepisodes -= joins - 1;
	if (slot->nepisodes == 1)
	{
		free_tree(t);
		w->ntrees--;
		slot->ep.one = joined;
	}
	return true;
}

void
sq_contact_work_settle(ContactWork *w)
{
	sq_contact_work_flush(w);
	for (uint64 i = 0; w->ntrees > 0 && i <= w->mask; i++)
	{
		ContactSlot *slot = &w->slots[i];

		if (slot->nepisodes > 1 && slot->ep.many.tree != NULL)
			tree_to_array(w, slot);
	}
}
