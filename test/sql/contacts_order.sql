-- Contacts and episodes in any order (docs/contacts.md, "How the counts
-- stay exact"): keys of thousands of episodes, where about half the
-- contacts join the episode before them, and thousands of small keys,
-- built with rows in time order, reverse and random order, read from
-- text and binary input listing the episodes in reverse, and merged from
-- states in reverse, give the same state: the same text and binary forms,
-- the same bytes, the same readers.  Episodes that arrive far from the
-- end of their key take another path than those in order
-- (contact_state_tree.c): this checks that the path changes nothing.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql
\i test/sql/include/same_bytes.psql

-- Two keys of 5000 and 3000 contacts, 0 to 47 hours apart (about one in
-- 48 at the instant of the one before), and 3000 customers with 4
-- contacts on random topics (the NULL topic among them) over 12 weeks;
-- labels and resolved flags vary, so that joins pick a first contact
-- among contacts at the same instant.
CREATE TEMP TABLE co_contacts AS
SELECT row_number() OVER (ORDER BY customer, g) AS id, customer, topic, at
FROM (SELECT k AS customer, 'big' AS topic, g,
             timestamptz '2026-01-01' + sum(((hashint4(g * 7 + k) & 2147483647) % 48) * interval '1 hour')
                                        OVER (PARTITION BY k ORDER BY g) AS at
      FROM (VALUES (1, 5000), (2, 3000)) AS v(k, n), generate_series(1, n) AS g
      UNION ALL
      SELECT c + 10, (ARRAY['a', 'b', 'c', NULL])[1 + (hashint4(c * 3 + j) & 3)], j,
             timestamptz '2026-01-01' + ((hashint4(c * 13 + j) & 2147483647) % 2000) * interval '1 hour'
      FROM generate_series(1, 3000) AS c, generate_series(1, 4) AS j) AS x;
ALTER TABLE co_contacts ADD label text, ADD resolved boolean;
UPDATE co_contacts SET label = (ARRAY['chat', 'phone', 'email', NULL])[1 + (hashint4(id::int * 5) & 3)],
                       resolved = (ARRAY[true, false, NULL])[1 + (hashint4(id::int * 11) & 2147483647) % 3];
CREATE TEMP TABLE co_order(ord text, key text);
INSERT INTO co_order VALUES ('in time order', 'at, id'), ('reverse', 'at DESC, id DESC'),
    ('random', 'hashint4(id::int)'), ('odd rows, then the rest in reverse', 'id % 2 DESC, at DESC, id DESC');
CREATE TEMP TABLE co_kind(kind text, customer text);
INSERT INTO co_kind VALUES ('bigint customers', 'customer'), ('text customers', 'customer::text');

-- state(customer, key, rows): contact_agg over the rows where `rows`, in the order `key`
CREATE FUNCTION pg_temp.state(customer text, key text, rows text DEFAULT 'true') RETURNS contact_state
LANGUAGE plpgsql AS $$
DECLARE
    st contact_state;
BEGIN
    EXECUTE format('SELECT contact_agg(%s, topic, at, interval ''1 day'', label, resolved ORDER BY %s)
                    FROM co_contacts WHERE %s', customer, key, rows) INTO st;
    RETURN st;
END
$$;
-- readers(s): what every reader gives
CREATE FUNCTION pg_temp.readers(s contact_state) RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws(' | ', (SELECT array_agg(r ORDER BY topic) FROM contact_repeats(s) AS r),
                     (SELECT array_agg(f ORDER BY topic, label) FROM contact_fcr(s, 'topic_label') AS f),
                     (SELECT array_agg(f ORDER BY label) FROM contact_fcr(s, 'label', decided_only => true) AS f),
                     contact_summary(s), contact_repeat_rate(s), contact_repeat_rate(s, 'big'))
$$;
-- same_state(s, r): 'same' text and binary forms, bytes and readers, or what differs
CREATE FUNCTION pg_temp.same_state(s contact_state, r contact_state) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(nullif(concat_ws(', ', CASE WHEN s::text IS DISTINCT FROM r::text THEN 'text differs' END,
                     CASE WHEN contact_state_send(s) IS DISTINCT FROM contact_state_send(r) THEN 'binary differs' END,
                     CASE WHEN NOT pg_temp.same_bytes(s, r) THEN 'bytes differ' END,
                     CASE WHEN pg_temp.readers(s) IS DISTINCT FROM pg_temp.readers(r) THEN 'readers differ' END,
                     CASE WHEN s IS NULL THEN 'no state' END), ''), 'same')
$$;
-- reversed_text(s): the text form with its episodes listed last first
CREATE FUNCTION pg_temp.reversed_text(s contact_state) RETURNS text LANGUAGE sql AS $$
    SELECT substring(s::text FROM '^[^(]*') || string_agg(e[1], ' ' ORDER BY i DESC)
    FROM regexp_matches(s::text, '\([^)]*\)', 'g') WITH ORDINALITY AS m(e, i)
$$;
-- int4_of(b): the int32 of 4 bytes in network order
CREATE FUNCTION pg_temp.int4_of(b bytea) RETURNS int LANGUAGE sql AS $$
    SELECT ('x' || encode(b, 'hex'))::bit(32)::int
$$;
-- reversed_binary(s): the binary form with each episode a key of its own,
-- last first (a key may be listed more than once)
CREATE FUNCTION pg_temp.reversed_binary(s contact_state) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    b bytea := contact_state_send(s);
    pos int := 27;                  -- after the version, flags, window, calendar, latest_start
    n int;
    head bytea;
    key bytea;
    entries bytea[] := '{}';
BEGIN
    FOR l IN 1..3 LOOP              -- topics, labels, text customers: a count, then each name after its length
        n := pg_temp.int4_of(substring(b FROM pos FOR 4));
        pos := pos + 4;
        FOR i IN 1..n LOOP
            pos := pos + 4 + pg_temp.int4_of(substring(b FROM pos FOR 4));
        END LOOP;
    END LOOP;
    head := substring(b FROM 1 FOR pos - 1);
    n := pg_temp.int4_of(substring(b FROM pos FOR 4));
    pos := pos + 4;
    FOR k IN 1..n LOOP              -- customer and topic (12 bytes), the episode count, 37 bytes an episode
        key := substring(b FROM pos FOR 12);
        FOR j IN 0..pg_temp.int4_of(substring(b FROM pos + 12 FOR 4)) - 1 LOOP
            entries := entries || (key || int4send(1) || substring(b FROM pos + 16 + 37 * j FOR 37));
        END LOOP;
        pos := pos + 16 + 37 * pg_temp.int4_of(substring(b FROM pos + 12 FOR 4));
    END LOOP;
    RETURN head || int4send(cardinality(entries))
           || (SELECT string_agg(e, ''::bytea ORDER BY i DESC) FROM unnest(entries) WITH ORDINALITY AS u(e, i));
END
$$;

-- The reference, in time order: keys, episodes, contacts, repeats; the
-- two large keys, and how many of their contacts joined an episode
CREATE TEMP TABLE co_reference AS
SELECT kind, pg_temp.state(customer, 'at, id') AS st FROM co_kind;
SELECT kind, (contact_summary(st)).* FROM co_reference ORDER BY kind;
SELECT customer, count(*) AS contacts, count(*) FILTER (WHERE gap <= interval '1 day') AS within_a_day,
       count(*) FILTER (WHERE gap = interval '0') AS same_instant
FROM (SELECT customer, at - lag(at) OVER (PARTITION BY customer ORDER BY at) AS gap
      FROM co_contacts WHERE topic = 'big') AS x
GROUP BY customer ORDER BY customer;

-- Rows in each order: the same state as in time order
SELECT kind, ord, pg_temp.same_state(pg_temp.state(k.customer, o.key), r.st) AS differences
FROM co_kind AS k JOIN co_reference AS r USING (kind), co_order AS o
ORDER BY kind, ord;

-- Text input listing the episodes last first, and binary input listing
-- each episode as a key of its own, last first: the same state
SELECT kind, pg_temp.same_state(pg_temp.reversed_text(st)::contact_state, st) AS text_reversed,
       pg_temp.binary_input(pg_temp.reversed_binary(st), 'contact_state') = st::text AS binary_reversed
FROM co_reference ORDER BY kind;

-- Merges in reverse: daily states from the last day, 20 interleaved
-- states from the last, and a state per contact from the latest, merged
-- by the aggregate (the first few flat, the rest into a table of keys)
CREATE TEMP TABLE co_daily AS
SELECT at::date AS day, contact_agg(customer, topic, at, interval '1 day', label, resolved ORDER BY at, id) AS s
FROM co_contacts GROUP BY 1;
CREATE TEMP TABLE co_twenty AS
SELECT id % 20 AS part, contact_agg(customer, topic, at, interval '1 day', label, resolved ORDER BY at, id) AS s
FROM co_contacts GROUP BY 1;
CREATE TEMP TABLE co_single AS
SELECT id, at, contact_agg(customer, topic, at, interval '1 day', label, resolved) AS s
FROM co_contacts GROUP BY id, at;
SELECT 'daily, last day first' AS merged,
       pg_temp.same_state((SELECT contact_agg(s ORDER BY day DESC) FROM co_daily), st) AS differences
FROM co_reference WHERE kind = 'bigint customers'
UNION ALL
SELECT 'daily, random', pg_temp.same_state((SELECT contact_agg(s ORDER BY hashint4(day - date '2026-01-01')) FROM co_daily), st)
FROM co_reference WHERE kind = 'bigint customers'
UNION ALL
SELECT '20 interleaved, last first', pg_temp.same_state((SELECT contact_agg(s ORDER BY part DESC) FROM co_twenty), st)
FROM co_reference WHERE kind = 'bigint customers'
UNION ALL
SELECT 'a state per contact, latest first',
       pg_temp.same_state((SELECT contact_agg(s ORDER BY at DESC, id DESC) FROM co_single), st)
FROM co_reference WHERE kind = 'bigint customers'
UNION ALL
SELECT 'a state per contact, random',
       pg_temp.same_state((SELECT contact_agg(s ORDER BY hashint8(id)) FROM co_single), st)
FROM co_reference WHERE kind = 'bigint customers';

-- Contacts that bridge the gaps of a key: contacts 12 hours apart (the
-- window), the even ones first, from the latest (301 episodes), then the
-- odd ones from the latest, each joining two episodes into one: at the
-- end a single episode
SELECT pg_temp.same_state(
           (SELECT contact_agg(7, 'x', timestamptz '2026-01-01' + g * interval '12 hours', interval '12 hours', 'l' || g % 3, g % 2 = 0
                               ORDER BY g % 2, g DESC) FROM generate_series(0, 600) AS g),
           (SELECT contact_agg(7, 'x', timestamptz '2026-01-01' + g * interval '12 hours', interval '12 hours', 'l' || g % 3, g % 2 = 0
                               ORDER BY g) FROM generate_series(0, 600) AS g)) AS differences,
       (SELECT contact_agg(7, 'x', timestamptz '2026-01-01' + g * interval '12 hours', interval '12 hours', 'l' || g % 3, g % 2 = 0
                           ORDER BY g % 2, g DESC) FROM generate_series(0, 600) AS g) AS state;

-- A state read at every row (a running aggregate writes it out after each
-- one) while a key's contacts come in random order, 20 or 30 hours apart
-- (the window is a day): at each row, the state of the rows so far in
-- time order
CREATE TEMP TABLE co_run AS
SELECT row_number() OVER (ORDER BY hashint4(g)) AS ord,
       timestamptz '2026-01-01' + g * interval '20 hours' + g / 3 * interval '10 hours' AS at
FROM generate_series(1, 400) AS g;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE s::text = (SELECT contact_agg(3, 'run', b.at, interval '1 day' ORDER BY b.at)
                                         FROM co_run AS b WHERE b.ord <= a.ord)::text) AS as_in_time_order
FROM (SELECT ord, contact_agg(3, 'run', at, interval '1 day') OVER (ORDER BY ord) AS s FROM co_run) AS a;

-- Input whose episodes meet: refused at the episode that meets an
-- earlier one (here the one listed just before it), before a malformed
-- episode after it, wherever it lands among 300 episodes listed last
-- first
SELECT meets, left(error, 5) AS sqlstate, split_part(error, ' | ', 2) AS detail
FROM (SELECT meets, pg_temp.error_of(format('SELECT %L::contact_state', input)) AS error
      FROM (SELECT meets, 'v1 within=3600000000 customers=bigint '
                   || string_agg(format('("t" 1 1 %s %s)', at, at), ' ' ORDER BY g DESC)
                   || ' ("t" 1 0 2026-01-01 00:00:00+00 2026-01-01 00:00:00+00)' AS input
            FROM (VALUES (5), (150), (295)) AS p(meets),
                 LATERAL (SELECT g::numeric AS g, timestamptz '2026-01-01' + g * interval '2 hours' AS at
                          FROM generate_series(1, 300) AS g
                          UNION ALL
                          SELECT meets - 0.5, timestamptz '2026-01-01' + meets * interval '2 hours' + interval '30 minutes') AS e
            GROUP BY meets) AS x) AS y
ORDER BY meets;
