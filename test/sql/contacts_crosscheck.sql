-- Cross-check on a million generated contacts: repeat counts per topic and
-- first-contact resolution per channel equal a plain-SQL lead()/lag()
-- formulation, for the whole range in one pass, for daily states merged
-- back in random orders (and through weekly states), for states of
-- customer shards, for a forced parallel plan (whose workers' partial
-- states overlap in time), for a month followed by the next, with customer
-- ids as text, and (on a subset) for a window of working time.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SELECT setseed(0.42);

-- 1 000 000 contacts of 150 000 customers over 60 days on 12 topics (some
-- far more frequent than others); 1 in 16 at a whole hour and 1 in 16 at
-- midnight, so that ties and returns at exactly +3 days are common; the
-- rest at random microseconds.  About 1 in 200 has a NULL customer, time or
-- topic; channel and resolved flag (NULL: no rule) per contact; rows stored
-- shuffled.
CREATE TABLE xc_contacts AS
SELECT CASE WHEN (hashint8(i * 7) & 1023) < 5 THEN NULL
            ELSE (hashint8(i) & 2147483647) % 150000 END AS customer,
       CASE WHEN (hashint8(i * 11) & 1023) < 5 THEN NULL
            ELSE (ARRAY['delivery', 'delivery', 'delivery', 'damage', 'damage', 'refund', 'refund', 'billing',
                        'login', 'invoice', 'returns', 'warranty', 'address', 'coupon', 'quality', 'other'])
                 [1 + (hashint8(i * 13) & 15)] END AS topic,
       CASE WHEN (hashint8(i * 17) & 1023) < 5 THEN NULL
            WHEN (hashint8(i * 19) & 15) = 0
            THEN timestamptz '2026-01-01' + ((hashint8(i * 23) & 2147483647) % 60) * interval '1 day'
            WHEN (hashint8(i * 19) & 15) = 1
            THEN date_trunc('hour', timestamptz '2026-01-01' + ((hashint8(i * 29) & 2147483647) % 5184000) * interval '1 second')
            ELSE timestamptz '2026-01-01'
                 + ((hashint8extended(i * 29, 0) & 9223372036854775807) % 5184000000000) * interval '1 microsecond' END AS at,
       CASE WHEN (hashint8(i * 31) & 31) = 0 THEN NULL
            ELSE (ARRAY['chat', 'phone', 'email', 'app'])[1 + (hashint8(i * 37) & 3)] END AS channel,
       CASE WHEN (hashint8(i * 41) & 7) = 0 THEN NULL ELSE (hashint8(i * 43) & 7) <> 0 END AS resolved
FROM generate_series(1::bigint, 1000000) AS i
ORDER BY hashint8(i * 1000003);
ANALYZE xc_contacts;
SELECT count(*) AS rows, count(*) FILTER (WHERE customer IS NULL OR at IS NULL) AS skipped,
       count(*) FILTER (WHERE topic IS NULL) AS null_topic, count(DISTINCT customer) AS customers
FROM xc_contacts;
-- the times spread over the 60 days (no day has twice the contacts of another)
SELECT count(*) AS days, max(n) < 2 * min(n) AS evenly
FROM (SELECT at::date AS day, count(*) AS n FROM xc_contacts WHERE at IS NOT NULL GROUP BY 1) AS d;

SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- The reference.  Rows of a customer and topic in time order; at the same
-- instant by channel (NULL last) and resolved flag (unknown, false, true),
-- the order in which contact_state picks an episode's first contact.  A
-- contact is repeated when the next one comes within 3 days (at - lead <= 3
-- days); an episode starts where the one before is more than 3 days back.
CREATE TABLE xc_ordered AS
SELECT customer, topic, at, channel, resolved,
       lead(at) OVER w AS next_at, lag(at) OVER w AS prev_at,
       row_number() OVER w AS position, count(*) OVER (PARTITION BY customer, topic) AS key_rows
FROM xc_contacts
WHERE customer IS NOT NULL AND at IS NOT NULL
WINDOW w AS (PARTITION BY customer, topic
             ORDER BY at, channel COLLATE "C" NULLS LAST,
                      CASE WHEN resolved IS NULL THEN 0 WHEN NOT resolved THEN 1 ELSE 2 END);
CREATE TABLE xc_latest AS SELECT max(at) AS latest FROM xc_ordered;
CREATE TABLE xc_ref_repeats AS
SELECT topic, count(*) AS contacts,
       count(*) FILTER (WHERE next_at - at <= interval '3 days') AS repeated,
       count(*) FILTER (WHERE (next_at IS NULL OR next_at - at > interval '3 days')
                        AND at >= (SELECT latest FROM xc_latest) - interval '3 days') AS undecided
FROM xc_ordered GROUP BY topic;
-- episodes: from each start to the next start of the key
CREATE TABLE xc_episodes AS
SELECT channel, resolved, at,
       coalesce(lead(position) OVER (PARTITION BY customer, topic ORDER BY position), key_rows + 1)
           - position AS contacts
FROM xc_ordered
WHERE prev_at IS NULL OR at - prev_at > interval '3 days';
CREATE TABLE xc_ref_fcr AS
SELECT channel, count(*) AS episodes,
       count(*) FILTER (WHERE contacts = 1 AND resolved IS DISTINCT FROM false) AS resolved_first,
       count(*) FILTER (WHERE contacts = 1 AND resolved IS DISTINCT FROM false
                        AND at >= (SELECT latest FROM xc_latest) - interval '3 days') AS undecided
FROM xc_episodes GROUP BY channel;
SELECT sum(contacts) AS contacts, sum(repeated) AS repeated, sum(undecided) AS undecided
FROM xc_ref_repeats;

-- Ours, in one pass; states are compared by the digest of their binary form
CREATE FUNCTION pg_temp.repeats_differ(s contact_state) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM xc_ref_repeats r
    FULL JOIN contact_repeats(s) o ON coalesce(o.topic, '(null)') = coalesce(r.topic, '(null)')
    WHERE o.contacts IS DISTINCT FROM r.contacts OR o.repeated IS DISTINCT FROM r.repeated
       OR o.undecided IS DISTINCT FROM r.undecided $$;
CREATE FUNCTION pg_temp.fcr_differ(s contact_state) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM xc_ref_fcr r
    FULL JOIN contact_fcr(s, 'label') o ON coalesce(o.label, '(null)') = coalesce(r.channel, '(null)')
    WHERE o.episodes IS DISTINCT FROM r.episodes OR o.resolved_first IS DISTINCT FROM r.resolved_first
       OR o.undecided IS DISTINCT FROM r.undecided $$;
CREATE FUNCTION pg_temp.digest(s contact_state) RETURNS text LANGUAGE sql AS $$
    SELECT md5(contact_state_send(s)) $$;
CREATE TABLE xc_one_pass AS
SELECT pg_temp.digest(s) AS digest, pg_temp.repeats_differ(s) AS topics_differing,
       pg_temp.fcr_differ(s) AS channels_differing, (contact_summary(s)).episodes
FROM (SELECT contact_agg(customer, topic, at, interval '3 days', channel, resolved) AS s FROM xc_contacts) AS x;
SELECT (SELECT count(*) FROM xc_ref_repeats) AS topics, topics_differing,
       (SELECT count(*) FROM xc_ref_fcr) AS channels, channels_differing,
       episodes = (SELECT count(*) FROM xc_episodes) AS episodes_equal
FROM xc_one_pass;
CREATE FUNCTION pg_temp.same(s contact_state) RETURNS boolean LANGUAGE sql AS $$
    SELECT pg_temp.digest(s) = (SELECT digest FROM xc_one_pass) $$;

-- Daily states merged back: in random orders, and through weekly states
CREATE TABLE xc_daily AS
SELECT date_trunc('day', at) AS day, contact_agg(customer, topic, at, interval '3 days', channel, resolved) AS s
FROM xc_contacts GROUP BY 1;
SELECT count(*) AS days, pg_temp.same(contact_agg(s ORDER BY random())) AS random_order
FROM xc_daily;
SELECT pg_temp.same(contact_agg(w ORDER BY random())) AS weeks_of_days
FROM (SELECT contact_agg(s ORDER BY random()) AS w FROM xc_daily GROUP BY date_trunc('week', day)) AS weekly;
-- every day's state read alone sums to more contacts than were repeated
-- within days: the repeats across days show only in the merge
SELECT sum(r.repeated) < (SELECT sum(repeated) FROM xc_ref_repeats) AS days_alone_miss_repeats
FROM xc_daily, contact_repeats(s) AS r;

-- Shards split by customer
SELECT pg_temp.same(contact_agg(s ORDER BY random())) AS customer_shards
FROM (SELECT contact_agg(customer, topic, at, interval '3 days', channel, resolved) AS s
      FROM xc_contacts GROUP BY customer % 7) AS shards;

-- States of rows split at random, so that most keys have contacts in
-- several and their episodes join across them: two or three states of
-- comparable size merge in one pass (with +, and in the merge aggregate, as
-- a parallel plan's partial states), with bigint and with text customers
CREATE TABLE xc_thirds AS
SELECT (hashtext(coalesce(customer::text, '') || coalesce(at::text, '')) & 2147483647) % 3 AS third,
       contact_agg(customer, topic, at, interval '3 days', channel, resolved) AS s,
       contact_agg('C' || customer, topic, at, interval '3 days', channel, resolved) AS t
FROM xc_contacts GROUP BY 1;
SELECT count(*) AS thirds,
       pg_temp.same((SELECT a.s + b.s + c.s FROM xc_thirds a, xc_thirds b, xc_thirds c
                     WHERE a.third = 0 AND b.third = 1 AND c.third = 2)) AS plus_of_thirds,
       pg_temp.same((SELECT c.s + (b.s + a.s) FROM xc_thirds a, xc_thirds b, xc_thirds c
                     WHERE a.third = 0 AND b.third = 1 AND c.third = 2)) AS plus_other_order,
       pg_temp.same((SELECT contact_agg(s ORDER BY third DESC) FROM xc_thirds)) AS merge_of_thirds,
       md5(contact_state_send((SELECT contact_agg(t ORDER BY third) FROM xc_thirds))) =
           md5(contact_state_send((SELECT contact_agg('C' || customer, topic, at, interval '3 days', channel, resolved)
                                   FROM xc_contacts))) AS text_customers_of_thirds
FROM xc_thirds;

-- The merge aggregate over two states of comparable size that make 1 MB or
-- more together keeps their union flat, in a holder of its own
-- (contact_state_held.c), until smaller states follow: then it takes the
-- union into a working state.  January's rows in thirds (held: each holds
-- more than half a megabyte of keys and episodes), then February's days
-- (working): the same state, whether returned, stored, passed through
-- text, merged again, or read row by row as a running (window) aggregate.
CREATE TABLE xc_parts AS
SELECT 0 AS part, (hashtext(coalesce(customer::text, '') || coalesce(at::text, '')) & 2147483647) % 3 AS piece,
       contact_agg(customer, topic, at, interval '3 days', channel, resolved) AS s
FROM xc_contacts WHERE at < '2026-02-01' GROUP BY 1, 2
UNION ALL
SELECT 1, day::date - date '2026-02-01', s FROM xc_daily WHERE day >= '2026-02-01';
CREATE TABLE xc_parts_merged AS
SELECT contact_agg(s ORDER BY part, piece) AS s FROM xc_parts;
SELECT count(*) FILTER (WHERE part = 0) AS thirds, count(*) FILTER (WHERE part = 1) AS days,
       bool_and(16 * (contact_summary(s)).keys + 32 * (contact_summary(s)).episodes > 524288)
           FILTER (WHERE part = 0) AS thirds_held,
       pg_temp.same((SELECT contact_agg(s ORDER BY part, piece) FROM xc_parts)) AS returned,
       pg_temp.same((SELECT s FROM xc_parts_merged)) AS stored,
       pg_temp.same((SELECT contact_agg(s ORDER BY part, piece)::text::contact_state FROM xc_parts)) AS through_text,
       pg_temp.same((SELECT contact_agg(g) FROM (SELECT contact_agg(s ORDER BY piece) AS g
                                                 FROM xc_parts GROUP BY part) AS per_part)) AS per_part_merged
FROM xc_parts;
SELECT count(*) AS running_states,
       bool_and(pg_temp.digest(s) = pg_temp.digest((SELECT contact_agg(customer, topic, at, interval '3 days', channel, resolved)
                                                    FROM xc_contacts WHERE at < '2026-02-01')))
           FILTER (WHERE position = 3) AS january_after_thirds,
       bool_and(pg_temp.same(s)) FILTER (WHERE position = count) AS all_at_the_end,
       bool_and((contact_summary(s)).contacts > (contact_summary(before)).contacts)
           FILTER (WHERE position > 1) AS growing
FROM (SELECT s, lag(s) OVER w AS before, row_number() OVER w AS position, count(*) OVER () AS count
      FROM (SELECT contact_agg(s) OVER (ORDER BY part, piece) AS s, part, piece FROM xc_parts) AS r
      WINDOW w AS (ORDER BY part, piece)) AS running;

-- January followed by February: January's contacts, their repeats found in
-- February too, equal the reference restricted to January
SELECT count(*) AS topics_differing
FROM (SELECT topic, count(*) AS contacts,
             count(*) FILTER (WHERE next_at - at <= interval '3 days') AS repeated
      FROM xc_ordered WHERE at < '2026-02-01' GROUP BY topic) AS r
FULL JOIN contact_repeats((SELECT contact_agg(customer, topic, at, interval '3 days')
                           FROM xc_contacts WHERE at < '2026-02-01'),
                          followed_by => (SELECT contact_agg(customer, topic, at, interval '3 days')
                                          FROM xc_contacts WHERE at >= '2026-02-01')) AS o
       ON coalesce(o.topic, '(null)') = coalesce(r.topic, '(null)')
WHERE o.contacts IS DISTINCT FROM r.contacts OR o.repeated IS DISTINCT FROM r.repeated;

-- A forced parallel plan: partial states of arbitrary blocks of rows
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan_is_partial(query text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text; partial boolean := false;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        partial := partial OR line LIKE '%Partial Aggregate%';
    END LOOP;
    RETURN partial;
END $$;
SELECT pg_temp.plan_is_partial('SELECT contact_agg(customer, topic, at, interval ''3 days'', channel, resolved) FROM xc_contacts')
           AS parallel_plan,
       pg_temp.same((SELECT contact_agg(customer, topic, at, interval '3 days', channel, resolved)
                     FROM xc_contacts)) AS parallel_equal;
RESET parallel_leader_participation;

-- Customer ids as text: the same counts (in the parallel plan)
SELECT pg_temp.repeats_differ(s) AS topics_differing, pg_temp.fcr_differ(s) AS channels_differing
FROM (SELECT contact_agg('C' || customer, topic, at, interval '3 days', channel, resolved) AS s
      FROM xc_contacts) AS x;
SET max_parallel_workers_per_gather = 0;

-- Working time: a window of 10 working hours in a Berlin calendar with a
-- lunch break and a holiday, on 1 customer in 10 (contact times in the
-- calendar's weekends and nights are common): against business_time()
CREATE TABLE xc_business AS SELECT * FROM xc_contacts WHERE customer % 10 = 0;
\set cal '''v1 tz=Europe/Berlin mon-fri=09:00-12:00,13:00-17:00 holidays=2026-01-06'''::business_calendar
CREATE TABLE xc_business_ref AS
SELECT topic, count(*) AS contacts, count(*) FILTER (WHERE business_time(at, next_at, :cal) <= interval '10 hours') AS repeated
FROM (SELECT topic, at, lead(at) OVER (PARTITION BY customer, topic ORDER BY at) AS next_at
      FROM xc_business WHERE customer IS NOT NULL AND at IS NOT NULL) AS s
GROUP BY topic;
CREATE TABLE xc_business_state AS
SELECT contact_agg(customer, topic, at, interval '10 hours', :cal) AS s FROM xc_business;
SELECT (SELECT count(*) FROM xc_business_ref) AS topics,
       (SELECT count(*) FROM xc_business_ref r FULL JOIN contact_repeats(s) o ON coalesce(o.topic, '(null)') = coalesce(r.topic, '(null)')
        WHERE o.contacts IS DISTINCT FROM r.contacts OR o.repeated IS DISTINCT FROM r.repeated) AS topics_differing,
       pg_temp.digest((SELECT contact_agg(d ORDER BY random())
                       FROM (SELECT contact_agg(customer, topic, at, interval '10 hours', :cal) AS d
                             FROM xc_business GROUP BY date_trunc('day', at)) AS daily)) = pg_temp.digest(s)
           AS daily_merge_equal
FROM xc_business_state;

-- contact_fcr by topic and label on a state of many topics and labels, each
-- topic with some of them: every row, in order (topics, then labels, in
-- byte order, the NULL ones last), against plain SQL.  Episodes by the
-- same lead()/lag() formulation, at 2-day windows; an episode has the
-- label of its first contact; it is a first-contact resolution when it has
-- one contact, not marked unresolved, undecided when that contact lies
-- within the window of the latest contact.
CREATE TABLE xc_tl AS
SELECT (hashint8(i) & 2147483647) % 4000 AS customer,
       CASE WHEN (hashint8(i * 3) & 63) = 0 THEN NULL ELSE 't' || (hashint8(i * 5) & 2147483647) % 700 END AS topic,
       timestamptz '2026-01-01' + ((hashint8(i * 7) & 2147483647) % 2592000) * interval '1 second' AS at,
       CASE WHEN (hashint8(i * 11) & 31) = 0 THEN NULL
            ELSE 'l' || ((hashint8(i * 5) & 2147483647) % 700 * 7 + (hashint8(i * 13) & 7)) % 900 END AS label,
       CASE WHEN (hashint8(i * 17) & 7) = 0 THEN NULL ELSE (hashint8(i * 19) & 3) <> 0 END AS resolved
FROM generate_series(1::bigint, 60000) AS i;
CREATE TABLE xc_tl_ref AS
WITH ordered AS (
    SELECT topic, label, resolved, at, lag(at) OVER w AS prev_at, row_number() OVER w AS position,
           count(*) OVER (PARTITION BY customer, topic) AS key_rows, customer
    FROM xc_tl
    WINDOW w AS (PARTITION BY customer, topic
                 ORDER BY at, label COLLATE "C" NULLS LAST,
                          CASE WHEN resolved IS NULL THEN 0 WHEN NOT resolved THEN 1 ELSE 2 END)),
episodes AS (
    SELECT topic, label, resolved, at,
           coalesce(lead(position) OVER (PARTITION BY customer, topic ORDER BY position), key_rows + 1)
               - position AS contacts
    FROM ordered WHERE prev_at IS NULL OR at - prev_at > interval '2 days')
SELECT row_number() OVER (ORDER BY topic COLLATE "C" NULLS LAST, label COLLATE "C" NULLS LAST) AS k,
       topic, label, count(*) AS episodes,
       count(*) FILTER (WHERE contacts = 1 AND resolved IS DISTINCT FROM false) AS resolved_first,
       count(*) FILTER (WHERE contacts = 1 AND resolved IS DISTINCT FROM false
                        AND at >= (SELECT max(at) FROM xc_tl) - interval '2 days') AS undecided
FROM episodes GROUP BY topic, label;
SELECT count(*) AS rows, count(DISTINCT topic) AS topics, count(DISTINCT label) AS labels,
       count(*) FILTER (WHERE topic IS NULL) AS null_topic_rows, count(*) FILTER (WHERE label IS NULL) AS null_label_rows,
       (SELECT count(*) FROM xc_tl_ref r
        FULL JOIN (SELECT * FROM contact_fcr((SELECT contact_agg(customer, topic, at, interval '2 days', label, resolved)
                                                   FROM xc_tl), 'topic_label') WITH ORDINALITY AS o(topic, label, episodes,
                                                   resolved_first, fcr, lower, upper, undecided, k)) AS o USING (k)
        WHERE o.topic IS DISTINCT FROM r.topic OR o.label IS DISTINCT FROM r.label
           OR o.episodes IS DISTINCT FROM r.episodes OR o.resolved_first IS DISTINCT FROM r.resolved_first
           OR o.undecided IS DISTINCT FROM r.undecided) AS rows_differing
FROM xc_tl_ref;

DROP TABLE xc_contacts, xc_ordered, xc_latest, xc_ref_repeats, xc_episodes, xc_ref_fcr, xc_one_pass, xc_daily, xc_thirds,
    xc_parts, xc_parts_merged, xc_business, xc_business_ref, xc_business_state, xc_tl, xc_tl_ref;
