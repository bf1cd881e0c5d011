/*-------------------------------------------------------------------------
 *
 * sla_clock.c
 *	  The SLA clock engine: one pass over a timeline's events, instant by
 *	  instant, measuring the time each instance of a clock runs and the
 *	  instant it reaches its target.
 *
 * Between two consecutive instants a and b (event times, or as_of) the
 * case's state is constant: the state the events at a left.  So the walk
 * measures the span [a, b) with that state, then applies the events at b
 * in timeline order.  An instance that starts at b starts before b's
 * events.  A target is reached either inside a span where the clock runs
 * (the clock's deadline, found only when the span's elapsed time reaches
 * it, so it always exists and lies within the span) or at an instant
 * whose events change the target or resume a stopped clock.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include "common/int.h"

#include "sla.h"

typedef struct Walk
{
	const SlaClockSpec *spec;
	const SlaTargets *targets;	/* never NULL here */
	const TimelineClock *clock;
	const TimestampTz *as_of;
	SlaEmitFn	emit;
	void	   *emit_arg;
	int			status;			/* stage index of the status, -1: none yet */
	int64		priority_target;	/* target under the priority in force */
	bool		live;			/* an instance started and is not over */
	bool		started_once;
	TimestampTz since;			/* instant of the last events applied */
	int64		fixed_target;	/* the live instance's target at its start */
	int64		target_before;	/* in force before the events of this instant */
	SlaInstance inst;
} Walk;

static const SlaTargets no_targets = {.priority = 0,.current = false,.initial = SLA_NO_TARGET};

static inline int64
target_now(const Walk *w)
{
	return w->targets->current ? w->priority_target : w->fixed_target;
}

static inline bool
running(const Walk *w)
{
	return w->live && !w->inst.stopped &&
		(w->status < 0 || (w->spec->paused & STAGE_BIT(w->status)) == 0);
}

/* The span [a, b) in the state the events at a left. */
static void
measure(Walk *w, TimestampTz a, TimestampTz b)
{
	int64		elapsed;
	int64		target = target_now(w);
	SlaInstance *inst = &w->inst;

	if (!running(w) || a >= b)
		return;
	elapsed = sq_timeline_elapsed(w->clock, a, b);
	if (!inst->breached && target != SLA_NO_TARGET && inst->elapsed < target &&
		elapsed >= target - inst->elapsed)
	{
		TimestampTz reached = w->clock->deadline(w->clock->arg, a, target - inst->elapsed);

		/*
		 * reached exactly at b: the events at b decide (a stop there meets
		 * it)
		 */
		if (reached < b)
		{
			inst->breached = true;
			inst->breach_at = reached;
		}
	}
	if (pg_add_s64_overflow(inst->elapsed, elapsed, &inst->elapsed))
		sq_timeline_report_interval_overflow();
}

static void
begin(Walk *w, TimestampTz at)
{
	memset(&w->inst, 0, sizeof(SlaInstance));
	w->inst.started = at;
	w->inst.stopped_by = -1;
	w->live = true;
	w->started_once = true;
}

/*
 * Hand out the live instance: stopped, or at the end of the walk.  Its
 * target is the one it ran against: in force before its last stop (set
 * there), or now if it is live.
 */
static void
finish(Walk *w)
{
	if (!w->inst.stopped)
		w->inst.target = target_now(w);
	w->inst.has_value = w->inst.stopped || w->as_of != NULL;
	w->emit(w->emit_arg, &w->inst);
	w->live = false;
}

/*
 * Stop the live instance at this instant.  One that began here too has
 * run against no target before: its target is fixed after the instant's
 * events (see instant()).
 */
static inline void
stop(Walk *w, int stage, TimestampTz at)
{
	w->inst.stopped = true;
	w->inst.stopped_by = stage;
	w->inst.ended = at;
	w->inst.target = w->target_before;
}

/* One event at instant at, in timeline order. */
static void
apply(Walk *w, int stage, TimestampTz at)
{
	StageMask	bit = STAGE_BIT(stage);

	if (bit & w->targets->priority)
		w->priority_target = w->targets->of_stage[stage];
	if (bit & (w->spec->running | w->spec->paused))
	{
		w->status = stage;
		if (w->live && w->inst.stopped && w->spec->reopen)
			w->inst.stopped = false;
	}
	if (w->live && !w->inst.stopped && (bit & w->spec->stop))
		stop(w, stage, at);
}

/* Does an instance start before the events [first, end) at instant at? */
static bool
starts(Walk *w, const uint8 *stages, int first, int end, TimestampTz at)
{
	int			k = first;

	while (k < end && (w->spec->start & STAGE_BIT(stages[k])) == 0)
		k++;
	if (k == end)
		return false;
	switch (w->spec->instances)
	{
		case SLA_ONCE:
			return !w->started_once;
		case SLA_EACH:
			return !w->live;
		case SLA_CHAIN:
			break;
	}
	/* a chain: a start stops the live instance and starts the next */
	if (w->live)
	{
		stop(w, stages[k], at);
		finish(w);
	}
	return true;
}

/* The events [first, end) of instant at. */
static void
instant(Walk *w, const uint8 *stages, int first, int end, TimestampTz at)
{
	bool		began;
	int64		target;

	if (w->live)
		measure(w, w->since, at);
	w->since = at;
	w->target_before = target_now(w);
	began = starts(w, stages, first, end, at);
	if (began)
		begin(w, at);
	for (int k = first; k < end; k++)
		apply(w, stages[k], at);
	if (began)
	{
		w->fixed_target = w->priority_target;
		if (w->inst.stopped)
			w->inst.target = target_now(w);
	}

	/* a live clock at or over a target that just came into force */
	target = target_now(w);
	if (w->live && !w->inst.stopped && !w->inst.breached && target != SLA_NO_TARGET &&
		w->inst.elapsed >= target && (w->as_of == NULL || at < *w->as_of))
	{
		w->inst.breached = true;
		w->inst.breach_at = at;
	}
	if (w->live && w->inst.stopped && !(w->spec->instances == SLA_ONCE && w->spec->reopen))
		finish(w);
}

void
sq_sla_walk(const TimelineState *t, const SlaClockSpec *spec, const SlaTargets *targets,
			const TimelineClock *clock, const TimestampTz *as_of, SlaEmitFn emit, void *arg)
{
	const TimestampTz *ats = timeline_at(t);
	const uint8 *stages = timeline_stage(t);
	Walk		w = {0};
	int			i = 0;

	w.spec = spec;
	w.targets = targets ? targets : &no_targets;
	w.clock = clock;
	w.as_of = as_of;
	w.emit = emit;
	w.emit_arg = arg;
	w.status = -1;
	w.priority_target = w.targets->initial;
	while (i < t->nevents && (as_of == NULL || ats[i] <= *as_of))
	{
		int			end = i + 1;

		while (end < t->nevents && ats[end] == ats[i])
			end++;
		instant(&w, stages, i, end, ats[i]);
		if (spec->instances == SLA_ONCE && w.started_once && !w.live)
			return;				/* stopped for good */
		i = end;
	}
	if (!w.live)
		return;
	if (as_of)
	{
		measure(&w, w.since, *as_of);
		if (!w.inst.stopped)
			w.inst.ended = *as_of;
	}
	finish(&w);
}
