-- The example CRM refund schema and its query set run as documented, and
-- the numbers they are built from agree with independent computations.
-- (the files' statements and report are not echoed here: their results are
-- checked below)
SET client_min_messages = warning;
\set ECHO none
\o /dev/null
\i examples/refund_crm.sql
\i examples/refund_metrics.sql
\o
\pset footer on
\set ECHO all
RESET client_min_messages;

-- Both ways to a refund path agree on every refund: from the timeline
-- (shipping and receipt merged into the refund's events) and from the facts
-- kept in the order and refund rows
SELECT count(*) AS refunds,
       count(*) FILTER (WHERE f.path IS DISTINCT FROM
                              refund_path(coalesce(o.shipped_at <= f.requested_at, false),
                                          coalesce(o.received_at <= f.requested_at, false),
                                          r.return_required)) AS paths_differ
FROM refund_facts f JOIN crm_orders o USING (order_id) JOIN crm_refunds r USING (refund_id);

-- Completion and response times equal the plain-SQL pivot of the events
SELECT count(*) AS refunds,
       count(*) FILTER (WHERE f.completion_time IS DISTINCT FROM p.done - p.requested) AS completion_differs,
       count(*) FILTER (WHERE f.response_time IS DISTINCT FROM p.response - p.requested) AS response_differs
FROM refund_facts f
JOIN (SELECT e.refund_id, q.requested,
             min(e.at) FILTER (WHERE e.stage IN ('succeeded', 'closed') AND e.at >= q.requested) AS done,
             min(e.at) FILTER (WHERE e.stage IN ('responded', 'agreed', 'refused') AND e.at >= q.requested) AS response
      FROM crm_refund_events e
      JOIN (SELECT refund_id, min(at) AS requested FROM crm_refund_events
            WHERE stage = 'requested' GROUP BY refund_id) AS q USING (refund_id)
      GROUP BY e.refund_id, q.requested) AS p USING (refund_id);

-- The dispute rate's numerator counts every refund with an intervention once
SELECT (SELECT count(DISTINCT refund_id) FROM crm_refund_events e JOIN refund_facts USING (refund_id)
        WHERE e.stage = 'intervened') AS intervened_refunds,
       (SELECT proportion_successes(proportion_agg(coalesce(f.intervened, false)))
        FROM crm_orders o LEFT JOIN refund_facts f USING (order_id)) AS disputes_counted;

-- The sample exercises every path, disputes with and without a ruling,
-- partial and full refunds, repeated responses and every window
SELECT refund_path_number(path) AS path, count(*) AS refunds,
       count(*) FILTER (WHERE partial) AS partial,
       count(*) FILTER (WHERE intervened) AS disputed,
       count(*) FILTER (WHERE intervened_self_completed) AS settled_before_ruling,
       count(DISTINCT pg_temp.window_of(requested_at)) AS windows
FROM refund_facts GROUP BY 1 ORDER BY 1;
SELECT count(*) AS responses_logged_twice
FROM (SELECT refund_id FROM crm_refund_events WHERE stage = 'responded'
      GROUP BY refund_id, at HAVING count(*) > 1) AS d;

DROP TABLE crm_refund_events, crm_refunds, crm_orders, crm_agents, crm_shops, crm_categories;
