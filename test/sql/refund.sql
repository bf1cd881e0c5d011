-- Refund paths and refund metrics (docs/methodology.md sections 3.2 and 3.4), checked by hand.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- The four paths, in order, with their numbers
SELECT p AS path, refund_path_number(p) AS number, refund_path(refund_path_number(p)) = p AS round_trip
FROM unnest(enum_range(NULL::refund_path)) AS p ORDER BY p;
-- refund_path_number names its argument path, as the manual writes it
SELECT refund_path_number(path => 'received, returned') AS named;

-- From the three facts, read down the decision tree of docs/methodology.md section 3.2; NULL only
-- when a fact the tree needs is NULL
SELECT shipped, received, return_required, refund_path(shipped, received, return_required) AS path
FROM (VALUES (true), (false), (NULL::boolean)) AS s(shipped),
     (VALUES (true), (false), (NULL::boolean)) AS r(received),
     (VALUES (true), (false), (NULL::boolean)) AS q(return_required)
ORDER BY shipped NULLS LAST, received NULLS LAST, return_required NULLS LAST;

-- Refund timelines, one per path and some odd ones (times 2026 UTC):
--  1 path 1: requested 03-01 10:00, responded 10:30, agreed 11:00, succeeded 12:00
--  2 path 2: shipped 02-28, requested 03-01 10:00, responded 14:00,
--    agreed 03-02 09:00, succeeded 03-02 09:05
--  3 path 3, disputed and ruled: shipped, received 02-28, requested 03-01 10:00,
--    refused 20:00, intervened 03-02 09:00, ruled 03-04 09:00, succeeded 03-04 10:00
--  4 path 4: shipped, received 02-25, requested 03-01 10:00, agreed 11:00,
--    return_shipped 03-02 08:00, return_received 03-04 15:00, succeeded 03-05 09:00
--  5 path 3, disputed, the merchant gave in before any ruling:
--    shipped, received, requested 03-01 10:00, refused 12:00, intervened 03-02 10:00,
--    agreed 03-02 11:00, succeeded 03-02 11:30
--  6 still open: requested 03-01 10:00 only
--  7 no request at all: shipped 02-28 only
--  8 shipped only after the request: requested 03-01 10:00, shipped 03-01 12:00,
--    closed 03-01 13:00 (the buyer cancelled) -> path 1
--  9 a return was asked for (path 4) but never shipped back: received 02-25,
--    requested 03-01 10:00, return_requested 11:00, closed 03-08 11:00
CREATE TABLE rf_events (refund int, stage text, at timestamptz);
INSERT INTO rf_events VALUES
    (1, 'requested', '2026-03-01 10:00+00'), (1, 'responded', '2026-03-01 10:30+00'),
    (1, 'agreed', '2026-03-01 11:00+00'), (1, 'succeeded', '2026-03-01 12:00+00'),
    (2, 'shipped', '2026-02-28 09:00+00'), (2, 'requested', '2026-03-01 10:00+00'),
    (2, 'responded', '2026-03-01 14:00+00'), (2, 'agreed', '2026-03-02 09:00+00'),
    (2, 'succeeded', '2026-03-02 09:05+00'),
    (3, 'shipped', '2026-02-27 09:00+00'), (3, 'received', '2026-02-28 18:00+00'),
    (3, 'requested', '2026-03-01 10:00+00'), (3, 'refused', '2026-03-01 20:00+00'),
    (3, 'intervened', '2026-03-02 09:00+00'), (3, 'ruled', '2026-03-04 09:00+00'),
    (3, 'succeeded', '2026-03-04 10:00+00'),
    (4, 'shipped', '2026-02-24 09:00+00'), (4, 'received', '2026-02-25 09:00+00'),
    (4, 'requested', '2026-03-01 10:00+00'), (4, 'agreed', '2026-03-01 11:00+00'),
    (4, 'return_shipped', '2026-03-02 08:00+00'), (4, 'return_received', '2026-03-04 15:00+00'),
    (4, 'succeeded', '2026-03-05 09:00+00'),
    (5, 'shipped', '2026-02-24 09:00+00'), (5, 'received', '2026-02-25 09:00+00'),
    (5, 'requested', '2026-03-01 10:00+00'), (5, 'refused', '2026-03-01 12:00+00'),
    (5, 'intervened', '2026-03-02 10:00+00'), (5, 'agreed', '2026-03-02 11:00+00'),
    (5, 'succeeded', '2026-03-02 11:30+00'),
    (6, 'requested', '2026-03-01 10:00+00'),
    (7, 'shipped', '2026-02-28 09:00+00'),
    (8, 'requested', '2026-03-01 10:00+00'), (8, 'shipped', '2026-03-01 12:00+00'),
    (8, 'closed', '2026-03-01 13:00+00'),
    (9, 'received', '2026-02-25 09:00+00'), (9, 'requested', '2026-03-01 10:00+00'),
    (9, 'return_requested', '2026-03-01 11:00+00'), (9, 'closed', '2026-03-08 11:00+00');
CREATE TABLE rf_refunds AS SELECT refund, timeline_agg(stage, at) AS t FROM rf_events GROUP BY refund;

-- Paths and times.  By hand:
--   completion (request -> succeeded/closed): 1 02:00; 2 23:05; 3 3 days;
--     4 3 days 23:00; 5 1 day 01:30; 8 03:00; 9 7 days 01:00
--   response (request -> responded/agreed/refused): 1 00:30; 2 04:00;
--     3 10:00; 4 01:00; 5 02:00
--   handling, paths 1-3 request -> agreed/refused/succeeded: 1 01:00;
--     2 23:00; 3 10:00; 5 02:00; 8 none; path 4 from the return's receipt:
--     4 03-04 15:00 -> 03-05 09:00 = 18:00; 9 never received back: NULL
SELECT refund, refund_path(t) AS path, refund_path_number(refund_path(t)) AS n,
       refund_completion_time(t) AS completion, refund_response_time(t) AS response,
       refund_handling_time(t) AS handling
FROM rf_refunds ORDER BY refund;

-- Outcomes: completed (succeeded or closed), intervened, self-completed
-- (NULL until completed: true without intervention), intervened and
-- self-completed (NULL unless intervened and completed: true without a ruling)
SELECT refund, refund_completed(t) AS completed, refund_intervened(t) AS intervened,
       refund_self_completed(t) AS self_completed,
       refund_intervened_self_completed(t) AS intervened_self_completed
FROM rf_refunds ORDER BY refund;

-- The rates, as proportions with Wilson intervals:
--   self-completion: completed without intervention 1, 2, 4, 8, 9 of 7 completed
--   intervened self-completion: refund 5 of the intervened 3 and 5
--   (dispute rate needs paid orders as denominator: see the README)
SELECT proportion_agg(refund_self_completed(t)) AS self_completion,
       round(proportion(proportion_agg(refund_self_completed(t)))::numeric, 4) AS rate,
       proportion_agg(refund_intervened_self_completed(t)) AS intervened_self_completion,
       proportion_agg(refund_intervened(t)) AS intervened_of_refunds
FROM rf_refunds;

-- Shuffled and repeated events give the same results
SELECT count(*) AS refunds,
       count(*) FILTER (WHERE s.t::text = r.t::text
                          AND refund_path(s.t) IS NOT DISTINCT FROM refund_path(r.t)
                          AND refund_completion_time(s.t) IS NOT DISTINCT FROM refund_completion_time(r.t)) AS same
FROM (SELECT refund, timeline_agg(stage, at ORDER BY md5(stage || refund)) AS t
      FROM (SELECT * FROM rf_events UNION ALL SELECT * FROM rf_events WHERE refund % 2 = 0) AS e
      GROUP BY refund) AS s
JOIN rf_refunds r USING (refund);

-- Reversed stages: a response logged before the request does not count
-- (the first response at or after the request does), so times are never
-- negative; a success only before the request leaves completion NULL
SELECT refund_response_time(t) AS response, refund_completion_time(t) AS completion
FROM (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('responded', '2026-03-01 09:00+00'::timestamptz), ('succeeded', '2026-03-01 09:30+00'),
    ('requested', '2026-03-01 10:00+00'), ('agreed', '2026-03-01 12:00+00')) AS v(stage, at)) AS x;
-- Completed means a success or close at or after the first request, the
-- event that ends the completion time, so "completed" and "has a completion
-- time" always agree (docs/methodology.md section 3.3: the refund starts with the
-- request).  By hand, with the request at 10:00:
--   a  succeeded 09:30 only before the request: not completed, no time, self-completion NULL
--   b  the same, with an intervention at 09:45: intervened, but not completed
--   c  closed 09:30 before, succeeded 11:00 after: completed, 01:00
--   d  succeeded at 10:00, the request's instant: completed, 00:00
--   e  succeeded 11:00 without any request: not completed (path NULL)
CREATE TABLE rf_early (refund text, stage text, at timestamptz);
INSERT INTO rf_early VALUES
    ('a', 'succeeded', '2026-03-01 09:30+00'), ('a', 'requested', '2026-03-01 10:00+00'),
    ('b', 'intervened', '2026-03-01 09:45+00'), ('b', 'succeeded', '2026-03-01 09:30+00'),
    ('b', 'requested', '2026-03-01 10:00+00'),
    ('c', 'closed', '2026-03-01 09:30+00'), ('c', 'requested', '2026-03-01 10:00+00'),
    ('c', 'succeeded', '2026-03-01 11:00+00'),
    ('d', 'requested', '2026-03-01 10:00+00'), ('d', 'succeeded', '2026-03-01 10:00+00'),
    ('e', 'succeeded', '2026-03-01 11:00+00');
SELECT refund, refund_completed(t) AS completed, refund_completion_time(t) AS completion,
       refund_intervened(t) AS intervened, refund_self_completed(t) AS self_completed,
       refund_intervened_self_completed(t) AS intervened_self_completed
FROM (SELECT refund, timeline_agg(stage, at) AS t FROM rf_early GROUP BY refund) AS x ORDER BY refund;
-- the self-completion rate counts the same refunds as completed in its
-- denominator: c and d, both self-completed (2/2), and the nine refunds
-- above: 1, 2, 4, 8, 9 of the completed 1, 2, 3, 4, 5, 8, 9 (5/7)
SELECT count(*) FILTER (WHERE refund_completed(t)) AS completed,
       count(refund_completion_time(t)) AS with_completion_time,
       proportion_agg(refund_self_completed(t)) AS self_completion
FROM (SELECT refund, timeline_agg(stage, at) AS t FROM rf_early GROUP BY refund) AS x;
SELECT count(*) FILTER (WHERE refund_completed(t)) AS completed,
       count(refund_completion_time(t)) AS with_completion_time,
       proportion_agg(refund_self_completed(t)) AS self_completion
FROM rf_refunds;
DROP TABLE rf_early;

-- Path 4's handling starts at the return's receipt, or at the request when the
-- return was logged as received before it (the merchant cannot decide on a
-- refund not yet requested), and ends at the first decision at or after that.
-- Goods shipped 02-20, received 02-22, so path 4 once a return stage occurs.
--   f  return_received 03-02 07:00, requested 10:00, agreed 11:30: 01:30 from
--      the request (not 04:30 from the receipt); in working time of
--      mon-fri 09:00-18:00 UTC (03-02 is a Monday) also 01:30
--   g  return_received 07:00, agreed 09:00 (before the request), requested
--      10:00, succeeded 10:30: the first decision after the request, 00:30
--   h  requested 10:00, return_received 12:00, refused 15:00: 03:00 from the receipt
CREATE TABLE rf_return (refund text, stage text, at timestamptz);
INSERT INTO rf_return
SELECT r, s, a FROM unnest(ARRAY['f', 'g', 'h']) AS r,
     (VALUES ('shipped', timestamptz '2026-02-20 09:00+00'), ('received', '2026-02-22 09:00+00')) AS g(s, a);
INSERT INTO rf_return VALUES
    ('f', 'return_received', '2026-03-02 07:00+00'), ('f', 'requested', '2026-03-02 10:00+00'),
    ('f', 'agreed', '2026-03-02 11:30+00'),
    ('g', 'return_received', '2026-03-02 07:00+00'), ('g', 'agreed', '2026-03-02 09:00+00'),
    ('g', 'requested', '2026-03-02 10:00+00'), ('g', 'succeeded', '2026-03-02 10:30+00'),
    ('h', 'requested', '2026-03-02 10:00+00'), ('h', 'return_received', '2026-03-02 12:00+00'),
    ('h', 'refused', '2026-03-02 15:00+00');
SELECT refund, refund_path_number(refund_path(t)) AS path, refund_handling_time(t) AS handling,
       refund_handling_time(t, 'v1 tz=UTC mon-fri=09:00-18:00'::business_calendar) AS business_handling
FROM (SELECT refund, timeline_agg(stage, at) AS t FROM rf_return GROUP BY refund) AS x ORDER BY refund;
DROP TABLE rf_return;

-- a second request starts nothing new: times count from the first one
SELECT refund_completion_time(t) AS completion
FROM (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('requested', '2026-03-01 10:00+00'::timestamptz), ('closed', '2026-03-01 11:00+00'),
    ('requested', '2026-03-02 10:00+00'), ('succeeded', '2026-03-02 12:00+00')) AS v(stage, at)) AS x;

-- Your own stage names: a vocabulary maps roles to them.  A platform's
-- status codes for the same refunds give the same paths and times.
CREATE TABLE rf_vocabulary (v jsonb);
INSERT INTO rf_vocabulary VALUES ('{
    "shipped": "CONSIGNED", "received": "SIGNED",
    "requested": "WAIT_SELLER_AGREE", "responded": "SELLER_MESSAGE",
    "agreed": ["SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS"],
    "return_requested": "WAIT_BUYER_RETURN_GOODS",
    "return_shipped": "WAIT_SELLER_CONFIRM_GOODS", "return_received": "SELLER_RECEIVED_GOODS",
    "refused": "SELLER_REFUSE_BUYER", "succeeded": "SUCCESS", "closed": "CLOSED",
    "intervened": "CS_INTERVENE", "ruled": "CS_RULED"}');
SELECT * FROM refund_vocabulary((SELECT v FROM rf_vocabulary));
CREATE TABLE rf_coded AS
SELECT refund, timeline_agg(CASE stage
        WHEN 'shipped' THEN 'CONSIGNED' WHEN 'received' THEN 'SIGNED'
        WHEN 'requested' THEN 'WAIT_SELLER_AGREE' WHEN 'responded' THEN 'SELLER_MESSAGE'
        WHEN 'agreed' THEN CASE WHEN refund IN (4, 9) THEN 'WAIT_BUYER_RETURN_GOODS' ELSE 'SELLER_AGREE' END
        WHEN 'return_requested' THEN 'WAIT_BUYER_RETURN_GOODS'
        WHEN 'return_shipped' THEN 'WAIT_SELLER_CONFIRM_GOODS' WHEN 'return_received' THEN 'SELLER_RECEIVED_GOODS'
        WHEN 'refused' THEN 'SELLER_REFUSE_BUYER' WHEN 'succeeded' THEN 'SUCCESS' WHEN 'closed' THEN 'CLOSED'
        WHEN 'intervened' THEN 'CS_INTERVENE' WHEN 'ruled' THEN 'CS_RULED' END, at) AS t
FROM rf_events GROUP BY refund;
SELECT c.refund,
       refund_path(c.t, v) IS NOT DISTINCT FROM refund_path(r.t) AS same_path,
       refund_completion_time(c.t, v) IS NOT DISTINCT FROM refund_completion_time(r.t) AS same_completion,
       refund_response_time(c.t, v) IS NOT DISTINCT FROM refund_response_time(r.t) AS same_response,
       refund_handling_time(c.t, v) IS NOT DISTINCT FROM refund_handling_time(r.t) AS same_handling,
       refund_self_completed(c.t, v) IS NOT DISTINCT FROM refund_self_completed(r.t) AS same_self,
       refund_intervened_self_completed(c.t, v) IS NOT DISTINCT FROM refund_intervened_self_completed(r.t) AS same_intervened_self,
       refund_completed(c.t, v) = refund_completed(r.t) AND refund_intervened(c.t, v) = refund_intervened(r.t) AS same_flags
FROM rf_coded c JOIN rf_refunds r USING (refund), rf_vocabulary ORDER BY c.refund;
-- refund 9's code WAIT_BUYER_RETURN_GOODS also answers as "agreed", which the
-- standard names did not log: its response time appears (01:00)
SELECT refund_response_time(t, v) AS response_9 FROM rf_coded, rf_vocabulary WHERE refund = 9;
-- without the vocabulary, coded timelines know no request: NULL everywhere
SELECT count(*) FILTER (WHERE refund_path(t) IS NULL AND refund_completion_time(t) IS NULL) AS unknown
FROM rf_coded;
-- roles not mapped keep their standard names; [] switches a role off
SELECT refund, refund_path(t, '{"received": []}') AS received_off,
       refund_completion_time(t, '{"succeeded": "paid"}'::jsonb) AS succeeded_renamed
FROM rf_refunds WHERE refund IN (3, 8) ORDER BY refund;
SELECT * FROM refund_vocabulary('{"received": [], "succeeded": ["paid", "refunded"]}')
WHERE role IN ('received', 'succeeded', 'closed');
-- a vocabulary that changes from row to row is parsed again each time it changes
SELECT refund, refund_path(t, jsonb_build_object('requested', CASE WHEN refund % 2 = 0 THEN 'requested' ELSE 'x' END)) AS path
FROM rf_refunds ORDER BY refund;

-- Named notation, with the names the manual writes (t, vocabulary, calendar),
-- in any order.  On the calendar Monday to Friday 09:00-17:00 UTC, refund 2
-- (requested Sunday 03-01 10:00, succeeded Monday 09:05) took 00:05 of working
-- time and refund 8 (closed on Sunday) none; with closed switched off, refund 8
-- is not completed and has no completion time
SELECT refund, refund_path(t => t) AS path,
       refund_completed(t => t, vocabulary => '{"closed": []}') AS completed_without_closed,
       refund_completion_time(t => t, calendar => 'v1 tz=UTC mon-fri=09:00-17:00') AS working_completion,
       refund_completion_time(calendar => 'v1 tz=UTC mon-fri=09:00-17:00', vocabulary => '{"closed": []}',
                              t => t) AS working_without_closed,
       refund_response_time(t => t, vocabulary => '{}') AS response
FROM rf_refunds WHERE refund IN (2, 8) ORDER BY refund;

-- Mean times per path (interval avg; the timing-statistics aggregates work too)
SELECT refund_path(t) AS path, count(*) AS refunds,
       avg(refund_completion_time(t)) AS mean_completion,
       avg(refund_handling_time(t)) AS mean_handling
FROM rf_refunds GROUP BY 1 ORDER BY 1;

DROP TABLE rf_events, rf_refunds, rf_vocabulary, rf_coded;
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
