/*-------------------------------------------------------------------------
 *
 * refund_vocabulary.h
 *	  The stage names a refund timeline uses for each step of a refund
 *	  (its roles), by default the role names themselves, optionally mapped
 *	  to a CRM's own stage names with a jsonb argument:
 *
 *	   {"requested": "WAIT_SELLER_AGREE", "succeeded": ["SUCCESS", "PAID"]}
 *
 *	  Mapped roles take the given names instead of their default; roles not
 *	  mentioned keep theirs; [] disables a role.  One name may serve several
 *	  roles.
 *
 *-------------------------------------------------------------------------
 */
#ifndef REFUND_VOCABULARY_H
#define REFUND_VOCABULARY_H

#include "postgres.h"
#include "fmgr.h"

#include "utils/jsonb.h"

#include "timeline_state.h"

typedef enum RefundRole
{
	ROLE_SHIPPED,				/* merchant shipped the goods */
	ROLE_RECEIVED,				/* buyer received the goods */
	ROLE_REQUESTED,				/* buyer requested the refund */
	ROLE_RESPONDED,				/* merchant responded */
	ROLE_AGREED,				/* merchant agreed (to refund or to a return) */
	ROLE_REFUSED,				/* merchant refused */
	ROLE_RETURN_REQUESTED,		/* a return of the goods was asked for */
	ROLE_RETURN_SHIPPED,		/* buyer gave the return tracking number */
	ROLE_RETURN_RECEIVED,		/* merchant received and inspected the return */
	ROLE_SUCCEEDED,				/* refund paid */
	ROLE_CLOSED,				/* refund closed without payment */
	ROLE_INTERVENED,			/* platform intervened (a dispute) */
	ROLE_RULED,					/* platform ruled on the dispute */
	REFUND_ROLES
} RefundRole;

/*
 * A refund timeline seen through a vocabulary: the stages of each role.  Not
 * to be copied by value: t may point into its own timeline_copy.
 */
typedef struct RefundView
{
	const TimelineState *t;		/* in timeline_copy, or in the argument */
	StageMask	role[REFUND_ROLES];
	SqShortCopy timeline_copy;
} RefundView;

/*
 * Argument 0 (a timeline) seen through the vocabulary in argument 1 when
 * has_vocabulary, else the default one.  The parsed vocabulary is cached
 * per call site.
 */
extern void sq_refund_view(FunctionCallInfo fcinfo, bool has_vocabulary, RefundView *view);

/* Name of a role, as used in vocabularies and the README. */
extern const char *sq_refund_role_name(RefundRole role);

/* The stage names of every role under a mapping, as text[] per role. */
extern void sq_refund_role_stage_arrays(Jsonb *mapping, Datum *arrays);

#endif							/* REFUND_VOCABULARY_H */
