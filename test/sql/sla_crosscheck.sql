-- Cross-check of the SLA functions on 200 000 generated tickets against an
-- independent plain-SQL formulation: every clock (the six metrics, in
-- working time, finally and at an instant), every breach instant (targets
-- by priority, re-evaluated as the priority changes, and as at the start)
-- and every reply pair.  The reference works on status spells built with
-- lead() over the events in timeline order, clipped to a spine of working
-- hours made with generate_series from the calendar's hours, holidays and
-- time zone; it shares no code with the extension.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SET jit = off;

-- Berlin, 09:00-12:30 and 13:30-17:30 on weekdays; Easter, Labour Day,
-- Ascension and Whit Monday off; summer time from 29 March 2026.
CREATE TABLE xs_calendar AS
SELECT 'v1 tz=Europe/Berlin mon-fri=09:00-12:30,13:30-17:30 holidays=2026-04-03,2026-04-06,2026-05-01,2026-05-14,2026-05-25'::business_calendar AS cal;
CREATE TABLE xs_policy AS SELECT '{
    "first_reply":     {"urgent": "1 hour", "high": "4 hours", "normal": "8 hours", "low": "16 hours"},
    "next_reply":      {"urgent": "30 minutes", "high": "2 hours", "normal": "4 hours"},
    "periodic_update": "8 hours",
    "requester_wait":  {"urgent": "4 hours", "high": "8 hours", "normal": "16 hours", "low": "24 hours"},
    "agent_work":      {"urgent": "2 hours", "high": "6 hours", "normal": "12 hours", "low": "20 hours"},
    "resolution":      {"urgent": "8 hours", "high": "16 hours", "normal": "32 hours", "low": "48 hours"},
    "default_priority": "normal"}'::jsonb AS p;
ANALYZE xs_calendar, xs_policy;
-- The tickets.  Each starts at a time spread over 110 days from 1 March
-- 2026 with "new" (one in ten with "open"), mostly with the customer's
-- message and a priority (urgent, high, normal, low, one the policy does
-- not name, or none: the policy's default, normal); then 2 to 12 steps,
-- each an agent reply (half of them setting pending), a customer message
-- (mostly reopening to open), on hold, open, solved, closed, a reply and a
-- solve together, a priority change, ...; gaps from 0 to about 70 hours,
-- shorter ones more likely.  Every 5th ticket has its times cut to the hour
-- (many events at the same instant); 3 in 100 have a solve or a reply
-- logged an hour before the creation; every 11th is stored twice.  Half the
-- tickets are read as of an instant up to 200 hours after their creation.
CREATE TABLE xs_ticket AS
SELECT c, t0, prio0, CASE WHEN c % 2 = 0 THEN t0 + ((hashint8(c * 5) & 2147483647) % 12000) * interval '1 minute' END AS h
FROM (SELECT c, timestamptz '2026-03-01 00:00Z' + ((hashint8(c) & 2147483647) % 9504000) * interval '1 second' AS t0,
             (ARRAY['urgent', 'high', 'high', 'normal', 'normal', 'normal', 'low', 'low', NULL, 'p5'])
                 [1 + (hashint8(c * 3) & 2147483647) % 10] AS prio0
      FROM generate_series(1::bigint, 200000) AS c) AS x;
CREATE TABLE xs_step AS
SELECT c, k, (hashint8(c * 131 + k) & 2147483647) % 100 AS kind, (hashint8(c * 17 + k) & 1) = 1 AS flag,
       t0 + sum(CASE WHEN (hashint8(c * 19 + k) & 2147483647) % 20 = 0 THEN 0
                     ELSE ((hashint8(c * 23 + k) & 2147483647) % 1000) ^ 2 / 4 END) OVER (PARTITION BY c ORDER BY k)
          * interval '1 second' AS at
FROM xs_ticket, generate_series(1, 12) AS k
WHERE k <= 2 + (hashint8(c * 7) & 2147483647) % 11;
CREATE TABLE xs_events AS
SELECT c, stage, CASE WHEN c % 5 = 0 THEN date_trunc('hour', at) ELSE at END AS at
FROM (SELECT c, CASE WHEN (hashint8(c * 11) & 2147483647) % 10 = 0 THEN 'open' ELSE 'new' END AS stage, t0 AS at
      FROM xs_ticket
      UNION ALL SELECT c, 'customer_message', t0 FROM xs_ticket WHERE (hashint8(c * 13) & 2147483647) % 5 > 0
      UNION ALL SELECT c, 'priority:' || prio0, t0 FROM xs_ticket WHERE prio0 IS NOT NULL
      UNION ALL SELECT c, (ARRAY['solved', 'agent_reply'])[1 + (c & 1)], t0 - interval '1 hour'
                FROM xs_ticket WHERE (hashint8(c * 29) & 2147483647) % 100 < 3
      UNION ALL
      SELECT c, s.stage, at
      FROM xs_step,
           LATERAL unnest(CASE
               WHEN kind < 30 THEN CASE WHEN flag THEN ARRAY['agent_reply', 'pending'] ELSE ARRAY['agent_reply'] END
               WHEN kind < 55 THEN CASE WHEN kind < 48 THEN ARRAY['customer_message', 'open'] ELSE ARRAY['customer_message'] END
               WHEN kind < 63 THEN ARRAY['on_hold']
               WHEN kind < 70 THEN ARRAY['open']
               WHEN kind < 80 THEN ARRAY['solved']
               WHEN kind < 82 THEN ARRAY['closed']
               WHEN kind < 90 THEN ARRAY['priority:' || (ARRAY['urgent', 'high', 'normal', 'low', 'p5'])[1 + kind % 5]]
               WHEN kind < 92 THEN ARRAY['new']
               WHEN kind < 95 THEN ARRAY['pending']
               ELSE ARRAY['agent_reply', 'solved'] END) AS s(stage)) AS e,
     generate_series(1, 2) AS copy
WHERE copy = 1 OR c % 11 = 0;
ANALYZE xs_events;
SELECT count(*) AS rows, count(DISTINCT c) AS tickets,
       (SELECT count(*) FROM (SELECT DISTINCT c, stage, at FROM xs_events) AS d) AS distinct_events
FROM xs_events;

-- Ours: a timeline per ticket in one pass over the events
CREATE TABLE xs_ours AS
SELECT s.case_id AS c, s.timeline AS t, x.h
FROM unnest((SELECT timeline_set_agg(c, stage, at) FROM xs_events)) AS s JOIN xs_ticket AS x ON x.c = s.case_id;

-- The reference.  The events each ticket has as of its instant h (all of
-- them without one), in timeline order: by time, then by stage name.
CREATE TABLE xs_e AS
SELECT e.c, e.stage, e.at, x.h,
       row_number() OVER (PARTITION BY e.c ORDER BY e.at, e.stage COLLATE "C") AS k
FROM (SELECT DISTINCT c, stage, at FROM xs_events) AS e JOIN xs_ticket AS x USING (c)
WHERE x.h IS NULL OR e.at <= x.h;
-- Each instant at which something happened: what happened, and the state
-- its events left: the last status (solved and closed included) and the
-- last priority in timeline order, carried as k * 10 + a code of the stage.
CREATE TABLE xs_i AS
SELECT c, at, h,
       (ARRAY['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])[status_kc % 10] AS status,
       coalesce(priority_kc % 10, 3) AS prio,
       msg, reply, solve, opens, stop_stage
FROM (SELECT c, at, min(h) AS h, max(status_kc) AS status_kc, max(priority_kc) AS priority_kc,
             bool_or(stage = 'customer_message') AS msg, bool_or(stage = 'agent_reply') AS reply,
             bool_or(stage IN ('solved', 'closed')) AS solve,
             bool_or(stage IN ('new', 'open', 'pending', 'on_hold')) AS opens,
             -- what stops a wait here: the first such event by name
             (array_agg(stage ORDER BY stage COLLATE "C")
                  FILTER (WHERE stage IN ('agent_reply', 'solved', 'closed')))[1] AS stop_stage
      FROM (SELECT c, at, h, stage,
                   max(k * 10 + array_position(ARRAY['new', 'open', 'pending', 'on_hold', 'solved', 'closed'], stage))
                       OVER (PARTITION BY c ORDER BY k) AS status_kc,
                   max(k * 10 + CASE stage WHEN 'priority:urgent' THEN 1 WHEN 'priority:high' THEN 2
                                           WHEN 'priority:normal' THEN 3 WHEN 'priority:low' THEN 4 ELSE 5 END)
                       FILTER (WHERE stage LIKE 'priority:%') OVER (PARTITION BY c ORDER BY k) AS priority_kc
            FROM xs_e) AS s
      GROUP BY c, at) AS g;

-- The working-hours spine: every working span from February to December,
-- each day's local hours turned into instants in the calendar's zone, with
-- the working time of all spans before it.
CREATE TABLE xs_spine AS
SELECT row_number() OVER (ORDER BY lo) AS n, lo, hi, sum(hi - lo) OVER (ORDER BY lo) - (hi - lo) AS before
FROM (SELECT (d + f) AT TIME ZONE 'Europe/Berlin' AS lo, (d + t) AT TIME ZONE 'Europe/Berlin' AS hi
      FROM generate_series(timestamp '2026-02-01', '2026-12-31', '1 day') AS d,
           (VALUES (time '09:00', time '12:30'), (time '13:30', time '17:30')) AS s(f, t)
      WHERE extract(isodow FROM d) <= 5
        AND d::date NOT IN ('2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25')) AS s;
CREATE INDEX ON xs_spine (before);
ANALYZE xs_spine;
-- W(x), the working time from the spine's start to x: (-infinity, x)
-- clipped to the spine, from the last span starting at or before x; for
-- every instant and every h.
CREATE TABLE xs_w AS
SELECT u.c, u.at, u.is_h,
       coalesce(sp.before + least(greatest(u.at - sp.lo, interval '0'), sp.hi - sp.lo), interval '0') AS w
FROM (SELECT c, at, is_h, kind, max(n) OVER (ORDER BY at, kind ROWS UNBOUNDED PRECEDING) AS n
      FROM (SELECT c, at, false AS is_h, 1 AS kind, NULL::bigint AS n FROM xs_i
            UNION ALL SELECT c, h, true, 1, NULL FROM xs_ticket WHERE h IS NOT NULL
            UNION ALL SELECT NULL, lo, NULL, 0, n FROM xs_spine) AS a) AS u
LEFT JOIN xs_spine AS sp ON sp.n = u.n
WHERE u.kind = 1;

-- Spells: from each instant to the next (to h after the last, or open),
-- with the state the instant left and the working time between.
CREATE TABLE xs_seg AS
SELECT i.*, row_number() OVER t AS n, w.w AS w_lo,
       coalesce(lead(i.at) OVER t, i.h) AS hi,
       coalesce(lead(w.w) OVER t, wh.w) - w.w AS work
FROM xs_i AS i
JOIN xs_w AS w ON w.c = i.c AND w.at = i.at AND NOT w.is_h
LEFT JOIN xs_w AS wh ON wh.c = i.c AND wh.is_h
WINDOW t AS (PARTITION BY i.c ORDER BY i.at);
-- the targets by priority code (5: a priority the policy does not name)
CREATE TABLE xs_tp AS
SELECT code, (p->'first_reply'->>pr)::interval AS fr, (p->'next_reply'->>pr)::interval AS nr,
       (p->>'periodic_update')::interval AS pu, (p->'requester_wait'->>pr)::interval AS rw,
       (p->'agent_work'->>pr)::interval AS aw, (p->'resolution'->>pr)::interval AS rs
FROM xs_policy, unnest(ARRAY['urgent', 'high', 'normal', 'low', 'p5']) WITH ORDINALITY AS x(pr, code);

-- The clocks, spell by spell, in three passes of window functions over each
-- ticket's spells:
--   the creation c0: the first instant with new, open, pending or on_hold;
--   first_reply: from c0 to e1, the first agent reply or solve at or after it;
--     waits that start later are next_reply's (first_reply_at: e1, or without
--     a creation the first reply or solve);
--   waits (next_reply): a customer message starts one at an instant when
--     none is open (no message since the last reply or solve before that
--     instant); it lasts to the first reply or solve at or after it;
--   gaps (periodic_update): from each reply to the next, or to the first
--     solve at or after it;
--   requester_wait, agent_work, resolution: from c0 on, running in their
--     statuses; a solve is a status in which they are not live.
-- "before": the clock's time before the spell; the reply clocks always run,
-- so theirs is W(spell) - W(start).
CREATE TABLE xs_clock AS
SELECT c, at, hi, h, prio, status, work, w_lo, msg, reply, solve, stop_stage, c0, e1,
       CASE WHEN c0 IS NULL THEN first_stop_anywhere ELSE e1 END AS first_reply_at,
       starts_wait, ws, we, w_ws, gs, ge, w_gs, n_c0_prio, n_ws_prio, n_gs_prio,
       at >= c0 AND at < coalesce(e1, 'infinity') AS in_fr, w_lo - w_c0 AS before_fr,
       at < we AS in_nr, w_lo - w_ws AS before_nr,
       at < ge AS in_pu, w_lo - w_gs AS before_pu,
       coalesce(sum(work) FILTER (WHERE at >= c0 AND status IN ('new', 'open', 'on_hold')) OVER prior, '0') AS before_rw,
       coalesce(sum(work) FILTER (WHERE at >= c0 AND status IN ('new', 'open')) OVER prior, '0') AS before_aw,
       coalesce(sum(work) FILTER (WHERE at >= c0 AND status IN ('new', 'open', 'pending', 'on_hold')) OVER prior, '0') AS before_rs
FROM (SELECT *,
             max(at) FILTER (WHERE starts_wait) OVER upto AS ws,
             max(wait_end) FILTER (WHERE starts_wait) OVER upto AS we,
             max(w_lo) FILTER (WHERE starts_wait) OVER upto AS w_ws,
             max(n * 10 + prio) FILTER (WHERE starts_wait) OVER upto % 10 AS n_ws_prio,
             max(at) FILTER (WHERE reply) OVER upto AS gs,
             max(gap_end) FILTER (WHERE reply) OVER upto AS ge,
             max(w_lo) FILTER (WHERE reply) OVER upto AS w_gs,
             max(n * 10 + prio) FILTER (WHERE reply) OVER upto % 10 AS n_gs_prio
      FROM (SELECT *,
                   msg AND NOT coalesce(last_msg > last_stop OR (last_msg IS NOT NULL AND last_stop IS NULL), false)
                       AS starts_wait,
                   CASE WHEN msg THEN coalesce(stop_from, 'infinity') END AS wait_end,
                   CASE WHEN reply THEN coalesce(least(next_reply, solve_from), 'infinity') END AS gap_end,
                   min(at) FILTER (WHERE (reply OR solve) AND at >= c0) OVER ticket AS e1,
                   max(w_lo) FILTER (WHERE at = c0) OVER ticket AS w_c0,
                   max(prio) FILTER (WHERE at = c0) OVER ticket AS n_c0_prio
            FROM (SELECT *,
                         min(at) FILTER (WHERE opens) OVER ticket AS c0,
                         min(at) FILTER (WHERE reply OR solve) OVER ticket AS first_stop_anywhere,
                         max(at) FILTER (WHERE msg) OVER prior AS last_msg,
                         max(at) FILTER (WHERE reply OR solve) OVER prior AS last_stop,
                         min(at) FILTER (WHERE reply OR solve) OVER from_here AS stop_from,
                         min(at) FILTER (WHERE solve) OVER from_here AS solve_from,
                         min(at) FILTER (WHERE reply) OVER after_here AS next_reply
                  FROM xs_seg
                  WINDOW ticket AS (PARTITION BY c),
                         prior AS (PARTITION BY c ORDER BY at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                         from_here AS (PARTITION BY c ORDER BY at ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
                         after_here AS (PARTITION BY c ORDER BY at ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)) AS a
            WINDOW ticket AS (PARTITION BY c)) AS b
      WINDOW upto AS (PARTITION BY c ORDER BY at ROWS UNBOUNDED PRECEDING)) AS d
WINDOW prior AS (PARTITION BY c ORDER BY at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING);

-- Each spell once per metric (and clock instance) in which the clock is
-- live, with whether it runs there, the clock's time before it, the target
-- in force ("current": the spell's priority) and the target at the
-- instance's start ("initial").  Breaches: the first instant the live clock
-- stands at or over the target in force, either where a spell starts (a new
-- target, a reopening) but before h, or inside a running spell: where W
-- reaches W(spell) + target - before, if that is strictly before the spell's
-- end (at the end, the next spell's start decides).
CREATE TABLE xs_live AS
SELECT x.c, m.metric, m.start, x.at, x.hi, x.h, x.w_lo, m.running, m.before,
       CASE WHEN m.before + x.work >= m.target AND m.before < m.target AND m.running
            THEN x.w_lo + m.target - m.before END AS w_reach,
       CASE WHEN m.before + x.work >= m.initial_target AND m.before < m.initial_target AND m.running
            THEN x.w_lo + m.initial_target - m.before END AS w_reach_initial,
       CASE WHEN m.before >= m.target AND (x.h IS NULL OR x.at < x.h) THEN x.at END AS at_start,
       CASE WHEN m.before >= m.initial_target AND (x.h IS NULL OR x.at < x.h) THEN x.at END AS at_start_initial
FROM xs_clock AS x
JOIN xs_tp AS t ON t.code = x.prio
LEFT JOIN xs_tp AS t0 ON t0.code = x.n_c0_prio
LEFT JOIN xs_tp AS tw ON tw.code = x.n_ws_prio
LEFT JOIN xs_tp AS tg ON tg.code = x.n_gs_prio,
LATERAL (VALUES
    ('first_reply', x.c0, x.in_fr, x.in_fr, x.before_fr, t.fr, t0.fr),
    ('next_reply', x.ws, x.in_nr AND x.ws > x.first_reply_at, x.in_nr, x.before_nr, t.nr, tw.nr),
    ('periodic_update', x.gs, x.in_pu, x.in_pu, x.before_pu, t.pu, tg.pu),
    ('requester_wait', x.c0, x.at >= x.c0 AND x.status NOT IN ('solved', 'closed'),
        x.status IN ('new', 'open', 'on_hold'), x.before_rw, t.rw, t0.rw),
    ('agent_work', x.c0, x.at >= x.c0 AND x.status NOT IN ('solved', 'closed'),
        x.status IN ('new', 'open'), x.before_aw, t.aw, t0.aw),
    ('resolution', x.c0, x.at >= x.c0 AND x.status NOT IN ('solved', 'closed'),
        x.status IN ('new', 'open', 'pending', 'on_hold'), x.before_rs, t.rs, t0.rs))
    AS m(metric, start, live, running, before, target, initial_target)
WHERE m.live AND (m.before >= least(m.target, m.initial_target)
                  OR m.before + x.work >= least(m.target, m.initial_target));
-- the instant W reaches a value: in the span where the spine's cumulative
-- working time reaches it
CREATE TABLE xs_breach AS
SELECT c, metric, start,
       min(least(at_start, CASE WHEN reach < hi THEN reach END)) AS breach_at,
       min(least(at_start_initial, CASE WHEN reach_initial < hi THEN reach_initial END)) AS breach_at_initial
FROM (SELECT l.*,
             (SELECT sp.lo + (l.w_reach - sp.before) FROM xs_spine sp
              WHERE sp.before < l.w_reach ORDER BY sp.before DESC LIMIT 1) AS reach,
             (SELECT sp.lo + (l.w_reach_initial - sp.before) FROM xs_spine sp
              WHERE sp.before < l.w_reach_initial ORDER BY sp.before DESC LIMIT 1) AS reach_initial
      FROM xs_live AS l) AS x
GROUP BY c, metric, start;

-- Per ticket and metric: the time (the longest instance; NULL when one has
-- not stopped and there is no h) and the earliest breach.
--   status clocks: the running time from c0, if h or the ticket is solved
--     at its end;
--   first reply: W(e1 or h) - W(c0);
--   waits and gaps: W(end or h) - W(start), 0 when they end where they start.
CREATE TABLE xs_inst AS
SELECT c, 'first_reply' AS metric, c0 AS start,
       CASE WHEN e1 IS NOT NULL OR h IS NOT NULL THEN
           coalesce(sum(work) FILTER (WHERE in_fr), '0') END AS elapsed
FROM xs_clock WHERE c0 IS NOT NULL GROUP BY c, c0, e1, h
UNION ALL
SELECT c, 'next_reply', at, NULL FROM xs_clock WHERE starts_wait AND at > first_reply_at
UNION ALL
SELECT c, 'periodic_update', at, NULL FROM xs_clock WHERE reply
UNION ALL
SELECT c, m.metric, c0,
       CASE WHEN h IS NOT NULL OR bool_or(hi IS NULL AND status IN ('solved', 'closed')) THEN
           coalesce(sum(work) FILTER (WHERE at >= c0 AND status = ANY (m.running)), '0') END
FROM xs_clock,
     (VALUES ('requester_wait', '{new,open,on_hold}'::text[]), ('agent_work', '{new,open}'),
             ('resolution', '{new,open,pending,on_hold}')) AS m(metric, running)
WHERE c0 IS NOT NULL GROUP BY c, m.metric, c0, h;
-- waits and gaps: the working time from their start to their end or h
CREATE TABLE xs_span AS
SELECT c, 'next_reply' AS metric, at AS start, we AS stop, w_lo AS w_start, h FROM xs_clock WHERE starts_wait
UNION ALL
SELECT c, 'periodic_update', at, ge, w_lo, h FROM xs_clock WHERE reply;
UPDATE xs_inst AS i SET elapsed = CASE WHEN s.stop = s.start THEN interval '0'
                                       WHEN s.stop < 'infinity' THEN w.w - s.w_start
                                       WHEN s.h IS NOT NULL THEN wh.w - s.w_start END
FROM xs_span AS s
LEFT JOIN xs_w AS w ON w.c = s.c AND w.at = s.stop AND NOT w.is_h
LEFT JOIN xs_w AS wh ON wh.c = s.c AND wh.is_h
WHERE i.metric = s.metric AND i.c = s.c AND i.start = s.start;
CREATE TABLE xs_ref_case AS
SELECT i.c, i.metric, count(*) AS instances,
       CASE WHEN bool_and(i.elapsed IS NOT NULL) THEN max(i.elapsed) END AS elapsed,
       min(b.breach_at) AS breach_at, min(b.breach_at_initial) AS breach_at_initial
FROM xs_inst AS i LEFT JOIN xs_breach AS b USING (c, metric, start)
GROUP BY i.c, i.metric;

-- Ours for every ticket and metric, in working time, as of h (NULL: over
-- every event).
CREATE TABLE xs_ours_case AS
SELECT o.c, m AS metric,
       sla_time(o.t, m, p, o.h, cal) AS elapsed,
       sla_breach_at(o.t, m, p, o.h, cal) AS breach_at,
       sla_breach_at(o.t, m, p || '{"priority_mode": "initial"}', o.h, cal) AS breach_at_initial
FROM xs_ours AS o, xs_policy, xs_calendar,
     unnest(ARRAY['first_reply', 'next_reply', 'periodic_update', 'requester_wait', 'agent_work', 'resolution']) AS m;

-- Mismatches per metric: all 0.  (A metric with no instance in a ticket is
-- NULL on both sides.)
SELECT metric, count(*) AS tickets,
       count(r.c) AS with_instances,
       count(*) FILTER (WHERE o.elapsed IS DISTINCT FROM r.elapsed) AS time_differs,
       count(*) FILTER (WHERE o.breach_at IS DISTINCT FROM r.breach_at) AS breach_differs,
       count(*) FILTER (WHERE o.breach_at_initial IS DISTINCT FROM r.breach_at_initial) AS initial_breach_differs,
       count(o.elapsed) AS with_time, count(o.breach_at) AS breached, count(o.breach_at_initial) AS breached_initial
FROM xs_ours_case AS o LEFT JOIN xs_ref_case AS r USING (c, metric)
GROUP BY metric ORDER BY metric;

CREATE TABLE xs_ours_pairs AS
SELECT o.c, w.* FROM xs_ours AS o, xs_policy, xs_calendar, sla_reply_pairs(o.t, p, o.h, cal) AS w;
-- Every reply pair: the waits (first replies too) against the reference's,
-- row by row: message, reply (NULL when a solve ended the wait or it is
-- still open), time waited, whether it is the first reply's, breach.
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE o.c IS NULL OR r.c IS NULL) AS missing,
       count(*) FILTER (WHERE o.reply_at IS DISTINCT FROM r.reply_at) AS reply_differs,
       count(*) FILTER (WHERE o.waited IS DISTINCT FROM r.waited) AS waited_differs,
       count(*) FILTER (WHERE o.first_reply IS DISTINCT FROM r.first_reply) AS first_differs,
       count(*) FILTER (WHERE o.breach_at IS DISTINCT FROM r.breach_at) AS breach_differs,
       count(o.reply_at) AS replied, count(*) FILTER (WHERE o.reply_at IS NULL) AS without_reply,
       count(o.breach_at) AS breached
FROM xs_ours_pairs AS o
FULL JOIN (SELECT s.c, s.start AS message_at,
                  CASE WHEN i.stop_stage = 'agent_reply' THEN s.stop END AS reply_at,
                  CASE WHEN s.stop = s.start THEN interval '0'
                       WHEN s.stop < 'infinity' THEN w.w - s.w_start
                       WHEN s.h IS NOT NULL THEN wh.w - s.w_start END AS waited,
                  NOT coalesce(s.start > f.first_reply_at, false) AS first_reply,
                  CASE WHEN s.start > f.first_reply_at THEN b.breach_at END AS breach_at
           FROM xs_span AS s
           LEFT JOIN xs_i AS i ON i.c = s.c AND i.at = s.stop
           LEFT JOIN xs_w AS w ON w.c = s.c AND w.at = s.stop AND NOT w.is_h
           LEFT JOIN xs_w AS wh ON wh.c = s.c AND wh.is_h
           LEFT JOIN (SELECT DISTINCT c, first_reply_at FROM xs_clock) AS f ON f.c = s.c
           LEFT JOIN xs_breach AS b ON b.c = s.c AND b.metric = 'next_reply' AND b.start = s.start
           WHERE s.metric = 'next_reply') AS r
    ON r.c = o.c AND r.message_at = o.message_at;

-- The generic clock: agent work stopping for good at the first solve
-- (reopen => false), in working time, as of h: the spells from c0 to the
-- first solve at or after it in which it runs.
SELECT count(*) AS tickets, count(o.v) AS with_time,
       count(*) FILTER (WHERE o.v IS DISTINCT FROM r.v) AS differs
FROM (SELECT c, sla_clock(t, '{new,open,pending,on_hold}', '{solved,closed}', '{pending,on_hold}', '{new,open}', h, cal) AS v
      FROM xs_ours, xs_calendar) AS o
LEFT JOIN (SELECT c, CASE WHEN min(at) FILTER (WHERE solve AND at >= c0) IS NOT NULL OR h IS NOT NULL THEN
                      coalesce(sum(work) FILTER (WHERE at >= c0 AND status IN ('new', 'open')
                                                  AND at < coalesce(solve_first, 'infinity')), '0') END AS v
           FROM (SELECT *, min(at) FILTER (WHERE solve AND at >= c0) OVER (PARTITION BY c) AS solve_first
                 FROM xs_clock) AS x
           WHERE c0 IS NOT NULL GROUP BY c, h) AS r
    USING (c);

-- The data exercise what they should: reopened tickets, ties, stops before
-- the creation, priority changes, open tickets at h.
SELECT count(DISTINCT c) FILTER (WHERE n_solves > 1) AS solved_more_than_once,
       count(DISTINCT c) FILTER (WHERE n_priorities > 1) AS priority_changed,
       (SELECT count(*) FROM (SELECT c, at FROM xs_e GROUP BY c, at HAVING count(*) > 1) AS ties) AS instants_with_ties,
       (SELECT count(*) FROM xs_e e JOIN (SELECT DISTINCT c, c0 FROM xs_clock) AS c0 USING (c)
        WHERE e.at < c0.c0) AS events_before_creation
FROM (SELECT c, count(*) FILTER (WHERE stage IN ('solved', 'closed')) AS n_solves,
             count(*) FILTER (WHERE stage LIKE 'priority:%') AS n_priorities
      FROM xs_e GROUP BY c) AS s;
