/*-------------------------------------------------------------------------
 *
 * sla.h
 *	  SLA clocks on case timelines: the clock engine (sla_clock.c), the SLA
 *	  roles of a help desk's stages, policies and metrics (sla_policy.c).
 *	  docs/sla.md states the definitions for users; the comments here say
 *	  how the code follows them.
 *
 * A clock runs over a timeline's events in time order, one instant at a
 * time.  The status of the case is the stage of the latest status event
 * (a running or paused stage); the clock runs while the status is a
 * running one or unknown, and pauses in a paused one.  An instance of the
 * clock starts at a start event, before the other events of its instant
 * (so a stop at the same instant stops it at once), and stops at a stop
 * event.  Between two instants the clock's state is the one the events of
 * the earlier instant left, in timeline order.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLA_H
#define SLA_H

#include "postgres.h"
#include "fmgr.h"

#include "timeline_clock.h"
#include "timeline_state.h"
#include "timeline_vocabulary.h"

/* How the instances of a clock follow each other. */
typedef enum SlaInstances
{
	SLA_ONCE,					/* one, from the first start event */
	SLA_EACH,					/* one at each start event while none is live
								 * (waits for a reply) */
	SLA_CHAIN					/* one at each start event, which also stops
								 * the live one (gaps between updates) */
} SlaInstances;

typedef struct SlaClockSpec
{
	StageMask	start;
	StageMask	stop;
	StageMask	running;		/* statuses in which the clock runs */
	StageMask	paused;			/* statuses in which it pauses */
	bool		reopen;			/* SLA_ONCE: a status event after a stop
								 * resumes it */
	SlaInstances instances;
} SlaClockSpec;

#define SLA_NO_TARGET INT64CONST(-1)

/*
 * The target of a clock under each priority of a timeline, in microseconds
 * (positive) or SLA_NO_TARGET.  With current, the target in force at each
 * instant is the one of the priority in force then; otherwise it is the
 * one in force when the instance started (after the events of its
 * instant).
 */
typedef struct SlaTargets
{
	StageMask	priority;		/* stages that set the priority */
	bool		current;
	int64		initial;		/* before any priority event */
	int64		of_stage[TIMELINE_MAX_STAGES];	/* under each priority stage */
} SlaTargets;

/* One instance of a clock, as the walk hands it out when it is over. */
typedef struct SlaInstance
{
	TimestampTz started;
	TimestampTz ended;			/* the last stop, or as_of */
	bool		stopped;		/* stopped at the end (not live) */
	int			stopped_by;		/* stage index of the event that stopped it
								 * last, -1 if none */
	bool		has_value;		/* false: still live at the end of a timeline
								 * read without as_of */
	int64		elapsed;		/* microseconds of clock time */
	int64		target;			/* in force at the end */
	bool		breached;
	TimestampTz breach_at;
} SlaInstance;

typedef void (*SlaEmitFn) (void *arg, const SlaInstance *instance);

/*
 * Run a clock over t up to *as_of (NULL: over every event), handing each
 * instance to emit when it is over (stopped for good, or at the end).
 * targets may be NULL (no target).
 */
extern void sq_sla_walk(const TimelineState *t, const SlaClockSpec *spec,
						const SlaTargets *targets, const TimelineClock *clock,
						const TimestampTz *as_of, SlaEmitFn emit, void *arg);

/* An instance's verdict: 1 met, 0 breached, -1 undecided (or no target). */
static inline int
sla_instance_met(const SlaInstance *instance)
{
	if (instance->breached)
		return 0;
	if (instance->stopped && instance->target != SLA_NO_TARGET)
		return 1;
	return -1;
}

/* A finite as_of or until argument, else 22008 naming it. */
extern void sq_sla_check_instant(TimestampTz at, const char *what);

/*
 * A target or a time limit given as an interval, in microseconds: 22023
 * unless hours, minutes and seconds only, and positive (or >= 0 when
 * zero_ok).  what names it in the message ("SLA target", "idle time").
 */
extern int64 sq_sla_amount_usecs(const Interval *amount, const char *what, bool zero_ok);

/* The SLA roles of a help desk's stage names. */
typedef enum SlaRole
{
	SLA_ROLE_NEW,
	SLA_ROLE_OPEN,
	SLA_ROLE_PENDING,
	SLA_ROLE_ON_HOLD,
	SLA_ROLE_SOLVED,
	SLA_ROLE_CUSTOMER_MESSAGE,
	SLA_ROLE_AGENT_REPLY,
	SLA_ROLES
} SlaRole;

typedef enum SlaMetric
{
	SLA_FIRST_REPLY,
	SLA_NEXT_REPLY,
	SLA_PERIODIC_UPDATE,
	SLA_REQUESTER_WAIT,
	SLA_AGENT_WORK,
	SLA_RESOLUTION,
	SLA_METRICS
} SlaMetric;

/* A parsed policy: see docs/sla.md for its jsonb form. */
typedef struct SlaPolicy
{
	Vocabulary *stages;
	char	   *priority_prefix;
	int			priority_prefix_len;
	bool		current_priority;	/* priority_mode "current" */
	bool		reopen;			/* reopen "resume" */
	int			npriorities;	/* names given in targets or as default */
	char	  **priorities;
	int		   *priority_lens;
	int			default_priority;	/* index, or -1 */
	int64		any_target[SLA_METRICS];	/* for every priority */
	int64	   *targets[SLA_METRICS];	/* [npriorities], per priority */
} SlaPolicy;

#define SLA_NOT_PRIORITY (-1)
#define SLA_UNNAMED_PRIORITY (-2)

/* A timeline seen through a policy. */
typedef struct SlaView
{
	const TimelineState *t;
	StageMask	role[SLA_ROLES];
	/* per stage: index of the priority it sets, or one of the two above */
	int8		priority[TIMELINE_MAX_STAGES];
} SlaView;

/*
 * The policy given as argument argno (the default policy when NULL),
 * parsed once per call site; 22023 or 22P02 naming what is malformed.
 */
extern SlaPolicy *sq_sla_policy_arg(FunctionCallInfo fcinfo, int argno);

extern void sq_sla_view(SlaPolicy *policy, const TimelineState *t, SlaView *view);

/* The metric named by text argument argno; 22023 if there is none. */
extern SlaMetric sq_sla_metric_arg(FunctionCallInfo fcinfo, int argno);

/* The clock and targets of a metric on a timeline seen through its policy. */
extern void sq_sla_metric_clock(const SlaPolicy *policy, const SlaView *view, SlaMetric metric,
								SlaClockSpec *spec, SlaTargets *targets);

/*
 * The instant the first reply's clock stops, at or before *as_of (NULL: at
 * all); false when it has not.  Waits that start later are next_reply's.
 */
extern bool sq_sla_first_reply_stop(const SlaView *view, const TimestampTz *as_of,
									TimestampTz *at);

/*
 * A metric's clock on the timeline of a call, ready to walk.  Not to be
 * copied by value: t may point into its own timeline_copy.
 */
typedef struct SlaMetricCall
{
	const TimelineState *t;		/* in timeline_copy, or in the argument */
	SqShortCopy timeline_copy;
	bool		has_as_of;
	TimestampTz as_of;
	TimelineClock clock;
	SlaView		view;
	SlaClockSpec spec;
	SlaTargets	targets;
	bool		first_reply_stopped;	/* by as_of; next_reply only */
	TimestampTz first_reply_stop;
} SlaMetricCall;

/*
 * Read a call whose argument 0 is the timeline (not NULL) and whose policy,
 * as_of and calendar (optional, NULL: their defaults) are at the given
 * positions; check them and set up the metric's clock.
 */
extern void sq_sla_metric_call(FunctionCallInfo fcinfo, SlaMetric metric, int policy_arg,
							   int as_of_arg, int calendar_arg, SlaMetricCall *call);

/* Walk the call's clock, handing each instance to emit. */
static inline void
sla_metric_walk(const SlaMetricCall *call, SlaEmitFn emit, void *arg)
{
	sq_sla_walk(call->t, &call->spec, &call->targets, &call->clock,
				call->has_as_of ? &call->as_of : NULL, emit, arg);
}

/* Statuses of the view: every stage of a status role. */
static inline StageMask
sla_statuses(const SlaView *view)
{
	return view->role[SLA_ROLE_NEW] | view->role[SLA_ROLE_OPEN] | view->role[SLA_ROLE_PENDING] |
		view->role[SLA_ROLE_ON_HOLD] | view->role[SLA_ROLE_SOLVED];
}

#endif							/* SLA_H */
