-- Text and binary forms of contact_state and category_state
-- (docs/formats.md): documented forms, canonical output, round trips, and
-- every malformed input with its SQLSTATE.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql

-- The documented example reads back to itself; input in any order (keys,
-- episodes) and with extra spaces gives the canonical form
SELECT 'v1 within=259200000000 customers=bigint ("billing" 17 2 2026-03-01 10:00:00+00 2026-03-02 10:00:00+00) ("billing" 18 1 2026-03-05 09:00:00+00 2026-03-05 09:00:00+00 by "chat" resolved=yes)'::contact_state;
SELECT 'v1   within=259200000000   customers=bigint
        (null 3 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00)
        ("b" 2 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00)
        ("a" 9 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00)
        ("a" 1 1 2026-03-20 00:00:00+00 2026-03-20 00:00:00+00)
        ("a" 1 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00 resolved=no)'::contact_state AS canonical;
-- text customers, quotes and backslashes in names, an empty state
SELECT 'v1 within=0 customers=text ("say \"hi\"" "C\\1" 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 by "a\\b")'::contact_state;
SELECT 'v1 within=3600000000 customers=text'::contact_state AS empty,
       (contact_summary('v1 within=3600000000 customers=text')).*;
-- business time: calendar fingerprint, latest_start and each episode's start
SELECT 'v1 within=3600000000 calendar=aaa5e784c1832ea8 customers=bigint latest_start=2026-03-06 17:30:00+00 ("t" 1 1 2026-03-09 09:30:00+00 2026-03-09 09:30:00+00 from 2026-03-06 17:30:00+00)'::contact_state;

-- Text output read back, and binary output read back, give the same value
-- (states from aggregates, with labels, flags, NULL topics, text customers)
CREATE TEMP TABLE io_states AS
SELECT contact_agg(c, t, at, interval '2 days', l, r) AS s
FROM (VALUES (1::bigint, 'x', timestamptz '2026-03-01', 'chat', true), (1, 'x', '2026-03-02', 'app', NULL),
             (2, NULL, '2026-03-01 10:00', NULL, false), (3, 'y', '2026-03-05', 'phone', true)) AS v(c, t, at, l, r)
UNION ALL
SELECT contact_agg(c::text, t, at, interval '36 hours') FROM (VALUES (7, 'x', timestamptz '2026-03-01'), (8, 'z', '2026-03-04')) AS v(c, t, at)
UNION ALL
SELECT contact_agg(1, 'x', at, interval '8 hours', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00'::business_calendar)
FROM (VALUES (timestamptz '2026-03-02 01:00'), ('2026-03-03 03:00'), ('2026-03-06 09:00')) AS v(at)
UNION ALL
-- the empty topic and label are names, not the NULL topic and no label
SELECT contact_agg(1, t, at, interval '1 hour', l, true)
FROM (VALUES ('', timestamptz '2026-03-02 10:00', ''), (NULL, '2026-03-02 10:00', 'x'), ('a', '2026-03-02 10:00', '')) AS v(t, at, l);
SELECT s::text::contact_state::text = s::text AS text_round_trip,
       pg_temp.binary_input(contact_state_send(s), 'contact_state') = s::text AS binary_round_trip,
       contact_state_send(s::text::contact_state) = contact_state_send(s) AS same_bytes
FROM io_states;

-- Malformed text: 22P02, naming where or what
SELECT input, pg_temp.error_of(format('SELECT %L::contact_state', input)) AS error
FROM (VALUES
    ('v2 within=1 customers=bigint'),
    ('v1 within=-1 customers=bigint'),
    ('v1 customers=bigint'),
    ('v1 within=1 customers=uuid'),
    ('v1 within=1 customers=bigint latest_start=2026-03-01 00:00:00+00'),
    ('v1 within=1 calendar=0 customers=bigint'),
    ('v1 within=1 calendar=12345678901234567 customers=bigint'),
    ('v1 within=1 customers=bigint ("a" 1 0 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-02 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" 1 2 2026-03-02 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=86400000000 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("a" 1 1 2026-03-02 00:00:00+00 2026-03-02 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" 1 3000000000 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("a" 1 3000000000 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=86400000000 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("a" 1 1 2026-03-05 00:00:00+00 2026-03-05 00:00:00+00) ("a" 1 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00) ("a" 1 1 2026-03-01 12:00:00+00 2026-03-01 12:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" x 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=1 customers=text ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 resolved=maybe)'),
    ('v1 within=1 customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 from 2026-02-28 00:00:00+00)'),
    ('v1 within=1 calendar=ab customers=bigint latest_start=2026-03-01 00:00:00+00 ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)'),
    ('v1 within=1 calendar=ab customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 from 2026-02-28 00:00:00+00)'),
    ('v1 within=1 calendar=ab customers=bigint latest_start=2026-03-02 00:00:00+00 ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 from 2026-02-28 00:00:00+00)'),
    ('v1 within=1 calendar=ab customers=bigint latest_start=2026-02-27 00:00:00+00 ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 from 2026-02-28 00:00:00+00)'),
    ('v1 within=1 calendar=ab customers=bigint ("a" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 from 2026-03-02 00:00:00+00)'),
    ('v1 within=1 customers=bigint ("' || repeat('x', 256) || '" 1 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)')
) AS t(input);

-- Malformed binary: 22P03.  The binary form of a small state:
--   version 1, flags 0, window 1 (us), calendar fingerprint 0, latest_start
--   (the last contact - 1 us); 1 topic "a", 1 label "c", 0 text customers;
--   1 key: customer 5, topic 0, 1 episode: start, first, last, count 1,
--   label 1, resolved 1 (no).  105 bytes; the variants change bytes of it.
CREATE TEMP TABLE bin_contact AS
SELECT contact_state_send('v1 within=1 customers=bigint ("a" 5 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 by "c" resolved=no)') AS p;
SELECT p, length(p) AS bytes FROM bin_contact;
SELECT label, pg_temp.binary_input(v, 'contact_state') AS result
FROM bin_contact, LATERAL (VALUES
    ('valid', p),
    ('version 2', overlay(p placing '\x02' from 1)),
    ('unknown flag', overlay(p placing '\x04' from 2)),
    ('negative window', overlay(p placing '\xffffffffffffffff' from 3)),
    ('fingerprint in calendar time', overlay(p placing '\x0000000000000001' from 11)),
    ('wrong latest_start', overlay(p placing '\x0002eee9eb8b7ffe' from 19)),
    ('topic index not listed', overlay(p placing '\x00000007' from 61)),
    ('topic index -1', overlay(p placing '\xffffffff' from 61)),
    ('key without episodes', overlay(p placing '\x00000000' from 65)),
    ('start not first - window', overlay(p placing '\x0002eee9eb8b7ffe' from 69)),
    ('count 0', overlay(p placing '\x0000000000000000' from 93)),
    ('label listed but unused', overlay(p placing '\x00000000' from 101)),
    ('resolved flag 3', overlay(p placing '\x03' from 105)),
    ('cut short', substr(p, 1, 60)),
    ('a byte left over', p || '\x00'::bytea)
) AS t(label, v);
-- Only the documented markers stand for no name: topic index t (the number
-- of topics) for the NULL topic, label 0 for none.  Index -1 (bytes
-- ffffffff) names nothing: not the NULL topic, not a customer "".  The
-- state of a NULL topic: 0 topics, 0 labels, 0 customers, 1 key whose
-- customer is at byte 42 and topic index at 50 (0-based); flags byte 01
-- makes the customer an index of text customers, of which none is listed.
CREATE TEMP TABLE bin_null_topic AS
SELECT contact_state_send('v1 within=1 customers=bigint (null 5 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)') AS p;
SELECT label, pg_temp.binary_input(v, 'contact_state') AS result
FROM bin_null_topic, LATERAL (VALUES
    ('valid', p),
    ('topic index -1', overlay(p placing '\xffffffff' from 51)),
    ('text customer index -1', overlay(overlay(p placing '\x01' from 2) placing '\xffffffffffffffff' from 43))
) AS t(label, v);
-- Each list of names without duplicates: a second topic "b" (byte 39),
-- label "d" (byte 48) or text customer "y" (byte 52) made the same as the
-- first, both used by an episode
SELECT label, pg_temp.binary_input(overlay(contact_state_send(s::contact_state) placing '\x61' from k), 'contact_state') AS result
FROM (VALUES
    ('topics a, a', 'v1 within=1 customers=bigint ("a" 5 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("b" 6 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00)', 40),
    ('labels a, a', 'v1 within=1 customers=bigint ("t" 5 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 by "a") ("t" 6 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00 by "d")', 49),
    ('text customers a, a', 'v1 within=1 customers=text ("t" "a" 1 2026-03-01 00:00:00+00 2026-03-01 00:00:00+00) ("t" "y" 1 2026-03-02 00:00:00+00 2026-03-02 00:00:00+00)', 53)
) AS t(label, s, k);
-- A count of names the value cannot hold is refused before memory is
-- allocated for them: 8 388 608 text customers in a value of 38 bytes
SELECT pg_temp.binary_input('\x0101' || int8send(1) || int8send(0) || int8send(0) || int4send(0) || int4send(0)
                            || int4send(8388608), 'contact_state') AS huge_count;

-- category_state: the documented forms, canonical output, round trips
SELECT 'v1 "late delivery":7 null:3 "damage":12'::category_state AS canonical,
       'v1 weighted sumsq=20.5 "damage":12:10.5 null:3:1.5'::category_state AS weighted,
       'v1'::category_state AS empty;
SELECT s::text::category_state::text = s::text AS text_round_trip,
       pg_temp.binary_input(category_state_send(s), 'category_state') = s::text AS binary_round_trip
FROM (SELECT category_agg(r) AS s FROM (VALUES ('a'), ('b'), (NULL), ('a "quoted"')) AS v(r)
      UNION ALL SELECT category_agg(r, w) FROM (VALUES ('a', 0.1), ('b', 2.5), (NULL, 1e-300)) AS v(r, w)) AS x;
SELECT category_state_send('v1 weighted sumsq=2 "a":1:1 null:1:1');
SELECT input, pg_temp.error_of(format('SELECT %L::category_state', input)) AS error
FROM (VALUES ('v2'), ('v1 "a":0'), ('v1 "a":1 "a":2'), ('v1 null:1 null:1'), ('v1 "a":-3'),
             ('v1 weighted "a":1:1'), ('v1 weighted sumsq=-1 "a":1:1'), ('v1 weighted sumsq=1 "a":1:-1'),
             ('v1 weighted sumsq=1 "a":1'), ('v1 "a":1:1'), ('v1 a:1'), ('v1 "a"')) AS t(input);
-- binary: version 1, flags 2 (a NULL category), 1 named category "a" with
-- count 1, then the NULL category's count 3
CREATE TEMP TABLE bin_category AS SELECT category_state_send('v1 "a":1 null:3') AS p;
SELECT p, length(p) AS bytes FROM bin_category;
SELECT label, pg_temp.binary_input(v, 'category_state') AS result
FROM bin_category, LATERAL (VALUES
    ('valid', p),
    ('version 2', overlay(p placing '\x02' from 1)),
    ('unknown flag', overlay(p placing '\x06' from 2)),
    ('count 0', overlay(p placing '\x0000000000000000' from 12)),
    ('NULL category flagged but missing', substr(p, 1, 19)),
    ('a byte left over', p || '\x00'::bytea),
    ('a name twice', '\x0100'::bytea || '\x00000002' || '\x0000000161' || '\x0000000000000001'
                     || '\x0000000161' || '\x0000000000000001'),
    ('negative sum of squares', '\x0101bff000000000000000000000'::bytea)
) AS t(label, v);
