-- Repeat contacts and first-contact resolution (docs/contacts.md): cases
-- computed by hand, each with the arithmetic next to it.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;

-- Window edge (3 days): a return at exactly +3 days is a repeat (the window
-- is closed), one microsecond later is not.
--   customer 1: 03-01 10:00 -> 03-04 10:00 (exactly 3 days: repeat)
--               -> 03-07 10:00:00.000001 (3 days + 1 us: not)
--   contacts 3, repeated 1; episodes {03-01, 03-04}, {03-07}
SELECT s AS state, (contact_summary(s)).*
FROM (SELECT contact_agg(customer, topic, at, interval '3 days') AS s
      FROM (VALUES (1, 'billing', timestamptz '2026-03-01 10:00'),
                   (1, 'billing', '2026-03-04 10:00'),
                   (1, 'billing', '2026-03-07 10:00:00.000001')) AS t(customer, topic, at)) AS x;

-- The same instant twice: one contact repeats the other (the next row in
-- time order, as lead() has it); three at once: 2 repeated.
--   customer 2: 2 at 09:00 -> contacts 2, repeated 1;
--   customer 3: 3 at 09:00 -> contacts 3, repeated 2;  total 5 / 3
SELECT topic, contacts, repeated, repeat_rate
FROM contact_repeats((SELECT contact_agg(customer, 'billing', at, interval '1 day')
                      FROM (VALUES (2, timestamptz '2026-03-01 09:00'), (2, '2026-03-01 09:00'),
                                   (3, '2026-03-01 09:00'), (3, '2026-03-01 09:00'),
                                   (3, '2026-03-01 09:00')) AS t(customer, at)));

-- Several topics per customer: a return on another topic is not a repeat.
--   customer 1: billing 10:00, delivery 11:00, billing 12:00 (repeat of 10:00),
--               delivery 2 days later (not within 1 day): delivery 2 / 0
--   billing: 2 contacts, 1 repeated; delivery: 2, 0
SELECT topic, contacts, repeated, repeat_rate, alarm
FROM contact_repeats((SELECT contact_agg(1, topic, at, interval '1 day')
                      FROM (VALUES ('billing', timestamptz '2026-03-01 10:00'),
                                   ('delivery', '2026-03-01 11:00'),
                                   ('billing', '2026-03-01 12:00'),
                                   ('delivery', '2026-03-03 11:00')) AS t(topic, at)));

-- A chain: each contact within the window of the one before, though the
-- last is 4 days after the first: 3 contacts, 2 repeated, one episode,
-- which is not resolved at the first contact.
SELECT s AS state, r.repeated, f.episodes, f.resolved_first
FROM (SELECT contact_agg(7, 'refund', at, interval '2 days') AS s
      FROM (VALUES (timestamptz '2026-03-01'), ('2026-03-03'), ('2026-03-05')) AS t(at)) AS x,
     contact_repeats(s) AS r, contact_fcr(s) AS f;

-- Rows in any order give the same state (the one above, shuffled)
SELECT contact_agg(7, 'refund', at, interval '2 days')::text =
       'v1 within=172800000000 customers=bigint ("refund" 7 3 2026-03-01 00:00:00+00 2026-03-05 00:00:00+00)' AS same_state
FROM (VALUES (timestamptz '2026-03-05'), ('2026-03-01'), ('2026-03-03')) AS t(at);

-- Late contacts of one key (window 1 day), in the order given: five apart
-- in time order (03-01, 03-05, 03-09, 03-13, 03-17: 4 days apart, five
-- episodes), then 02-20 (before all), 02-25 (between the first two),
-- 02-20 12:00 (meets the first only), 03-06 (meets 03-05, not one of the
-- last two), 03-11 (between 03-09 and 03-13), 03-10 (joins 03-09 and
-- 03-11), 03-12 (joins that episode and 03-13).
--   episodes {02-20, 02-20 12:00} {02-25} {03-01} {03-05, 03-06}
--            {03-09 .. 03-13, 5 contacts} {03-17}
--   contacts 12, episodes 6, repeated (1 + 0 + 0 + 1 + 4 + 0) = 6; the same
--   state as the rows in time order
CREATE TEMP TABLE late_rows (seq int, at timestamptz);
INSERT INTO late_rows VALUES
    (1, '2026-03-01'), (2, '2026-03-05'), (3, '2026-03-09'), (4, '2026-03-13'), (5, '2026-03-17'),
    (6, '2026-02-20'), (7, '2026-02-25'), (8, '2026-02-20 12:00'), (9, '2026-03-06'),
    (10, '2026-03-11'), (11, '2026-03-10'), (12, '2026-03-12');
SELECT (contact_summary(s)).contacts, (contact_summary(s)).episodes, (contact_summary(s)).repeated,
       s::text = (SELECT contact_agg(9, 'delivery', at, interval '1 day' ORDER BY at)::text FROM late_rows) AS same_as_in_time_order
FROM (SELECT contact_agg(9, 'delivery', at, interval '1 day' ORDER BY seq) AS s FROM late_rows) AS x;

-- NULL customers and times are skipped (they cannot repeat anything); a NULL
-- topic is a topic of its own, listed last.
--   counted: (4, billing, 03-01), (4, NULL, 03-01 08:00), (4, NULL, 03-01 20:00)
--   NULL topic: 2 contacts, 1 repeated (12 hours apart, window 1 day)
SELECT topic, contacts, repeated
FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '1 day')
                      FROM (VALUES (4, 'billing', timestamptz '2026-03-01'),
                                   (NULL, 'billing', '2026-03-01 01:00'),
                                   (4, 'billing', NULL),
                                   (4, NULL, '2026-03-01 08:00'),
                                   (4, NULL, '2026-03-01 20:00')) AS t(customer, topic, at)));
-- only skipped rows: no state
SELECT contact_agg(customer, 'x', at, interval '1 day') IS NULL AS no_state
FROM (VALUES (NULL::bigint, timestamptz '2026-03-01'), (1, NULL)) AS t(customer, at);

-- A repeat across a period boundary belongs to the earlier period.
CREATE TEMP TABLE boundary (customer bigint, topic text, at timestamptz);
INSERT INTO boundary VALUES
    (5, 'damage', '2026-03-31 15:00'),	-- March: repeated by April 2
    (5, 'damage', '2026-04-02 09:00'),	-- April
    (6, 'damage', '2026-03-10 12:00'),	-- March, not repeated
    (6, 'damage', '2026-04-20 12:00');	-- April
CREATE TEMP TABLE monthly AS
SELECT date_trunc('month', at) AS month, contact_agg(customer, topic, at, interval '3 days') AS s
FROM boundary GROUP BY 1;
-- March alone: the 31 March contact is undecided (a contact up to 3 days
-- after March's latest, 31 March 15:00, could still repeat it): 0 repeated
SELECT month, topic, contacts, repeated, undecided
FROM monthly, contact_repeats(s) ORDER BY month;
-- March followed by April: March's 2 contacts, 1 repeated, none undecided
SELECT topic, contacts, repeated, undecided
FROM contact_repeats((SELECT s FROM monthly WHERE month = '2026-03-01'),
                     followed_by => (SELECT s FROM monthly WHERE month = '2026-04-01'));
-- merged: all 4 contacts, 1 repeated (the 31 March one); the merge equals the
-- state of all rows, with + and with the merge aggregate, in either order
SELECT r.contacts, r.repeated,
       (SELECT contact_agg(s ORDER BY month DESC) FROM monthly)::text =
           (SELECT contact_agg(customer, topic, at, interval '3 days') FROM boundary)::text AS merge_is_one_pass,
       (SELECT a.s + b.s FROM monthly a, monthly b WHERE a.month < b.month)::text =
           (SELECT b.s + a.s FROM monthly a, monthly b WHERE a.month < b.month)::text AS plus_commutes
FROM contact_repeats((SELECT contact_agg(s) FROM monthly)) AS r;

-- The 15% alarm: above the threshold, not at it.
--   topic a: 2 repeated of 13 contacts = 15.4% -> alarm
--   topic b: 3 repeated of 20 = 15% exactly -> no alarm; with threshold 0.1: alarm
CREATE TEMP TABLE alarm_rows AS
SELECT 'a' AS topic, c AS customer, timestamptz '2026-03-01' + k * interval '1 hour' AS at
FROM generate_series(1, 11) AS c, generate_series(1, CASE WHEN c <= 2 THEN 2 ELSE 1 END) AS k
UNION ALL
SELECT 'b', c, timestamptz '2026-03-01' + k * interval '1 hour'
FROM generate_series(101, 117) AS c, generate_series(1, CASE WHEN c <= 103 THEN 2 ELSE 1 END) AS k;
SELECT topic, contacts, repeated, round(repeat_rate::numeric, 4) AS rate,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper, alarm
FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '1 day') FROM alarm_rows));
SELECT topic, alarm
FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '1 day') FROM alarm_rows), threshold => 0.1);
-- the interval is proportion_ci's Wilson interval of repeated / contacts
SELECT bool_and(r.lower = p.lower AND r.upper = p.upper) AS wilson_of_proportion
FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '1 day') FROM alarm_rows), level => 0.9) AS r,
     proportion_ci(proportion_of(r.repeated, r.contacts), 0.9) AS p;
-- overall and per topic: 5 / 33; a: 2 / 13; unknown topic: NULL
SELECT round(contact_repeat_rate(s)::numeric, 6) AS overall, 5 / 33.0 AS by_hand,
       round(contact_repeat_rate(s, 'a')::numeric, 6) AS a, contact_repeat_rate(s, 'zzz') AS unknown
FROM (SELECT contact_agg(customer, topic, at, interval '1 day') AS s FROM alarm_rows) AS x;

-- A window of 0: only contacts at the same instant repeat each other.
SELECT contacts, repeated
FROM contact_repeats((SELECT contact_agg(8, 'x', at, interval '0')
                      FROM (VALUES (timestamptz '2026-03-01 10:00'), ('2026-03-01 10:00'),
                                   ('2026-03-01 10:00:00.000001')) AS t(at)));

-- Customer ids as text count the same way
SELECT topic, contacts, repeated
FROM contact_repeats((SELECT contact_agg(customer, topic, at, interval '1 day')
                      FROM (VALUES ('C-1', 'billing', timestamptz '2026-03-01 10:00'),
                                   ('C-1', 'billing', '2026-03-01 12:00'),
                                   ('c-1', 'billing', '2026-03-01 13:00')) AS t(customer, topic, at)));

-- First-contact resolution: an episode is resolved at the first contact when
-- it has one contact and its case was not marked unresolved (NULL: no rule).
--   customer 10 (chat, resolved): alone -> FCR
--   customer 11 (phone, resolved) then (chat) 1 hour later -> episode of 2: not FCR, label phone
--   customer 12 (chat, resolved = false): alone but unresolved -> not FCR
--   customer 13 (email, resolved NULL): alone -> FCR
--   customer 14: two contacts at the same instant, chat and app: one episode,
--     its first contact's label by name (app < chat): not FCR, label app
-- by label: app 0/1, chat 1/2, email 1/1, phone 0/1; all: 2/5
CREATE TEMP TABLE fcr_rows (customer bigint, at timestamptz, channel text, resolved boolean);
INSERT INTO fcr_rows VALUES
    (10, '2026-03-01 09:00', 'chat', true),
    (11, '2026-03-01 09:00', 'phone', true), (11, '2026-03-01 10:00', 'chat', true),
    (12, '2026-03-01 09:00', 'chat', false),
    (13, '2026-03-01 09:00', 'email', NULL),
    (14, '2026-03-01 09:00', 'chat', true), (14, '2026-03-01 09:00', 'app', true),
    (15, '2026-03-10 09:00', NULL, true);
CREATE TEMP TABLE fcr_state AS
SELECT contact_agg(customer, 'order', at, interval '2 days', channel, resolved) AS s
FROM fcr_rows WHERE customer < 15;
SELECT label, episodes, resolved_first, fcr, undecided FROM contact_fcr((SELECT s FROM fcr_state), 'label');
SELECT topic, label, episodes, resolved_first, round(fcr::numeric, 4) AS fcr,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM contact_fcr((SELECT s FROM fcr_state), 'all');
-- every customer's contact was on 1 March, the latest instant: the single
-- contacts are undecided; customer 15 on 10 March decides them, and is
-- itself undecided (no label: listed last)
SELECT label, episodes, resolved_first, undecided
FROM contact_fcr((SELECT contact_agg(customer, 'order', at, interval '2 days', channel, resolved) FROM fcr_rows),
                 'label');
-- decided_only leaves the undecided single contacts out
SELECT label, episodes, resolved_first, undecided
FROM contact_fcr((SELECT s FROM fcr_state), 'label', decided_only => true);
-- by topic and label
SELECT topic, label, episodes, resolved_first
FROM contact_fcr((SELECT contact_agg(customer, CASE WHEN customer % 2 = 0 THEN 'order' ELSE 'refund' END, at,
                                     interval '2 days', channel, resolved) FROM fcr_rows),
                 'topic_label');
-- a later period may begin at the very instant the period ends: the contact
-- of customer 1 there repeats the period's last one, as the next row in time
-- order does (a contact before that instant is refused: contacts_errors)
SELECT topic, contacts, repeated, undecided
FROM contact_repeats((SELECT contact_agg(c, 't', at, interval '1 day')
                      FROM (VALUES (1, timestamptz '2026-03-31 12:00'), (2, '2026-03-30 12:00')) AS v(c, at)),
                     followed_by => (SELECT contact_agg(c, 't', at, interval '1 day')
                                     FROM (VALUES (1, timestamptz '2026-03-31 12:00'), (2, '2026-04-02 12:00')) AS v(c, at)));
-- a later period's contact follows an episode: no longer resolved at the first contact
SELECT episodes, resolved_first
FROM contact_fcr((SELECT s FROM fcr_state), 'all',
                 followed_by => (SELECT contact_agg(10::bigint, 'order', timestamptz '2026-03-02 09:00',
                                                    interval '2 days', 'chat', true)));
-- an empty later period (the same settings: fcr_state's text up to its
-- first episode) decides nothing: the same rows as none
SELECT f.*
FROM fcr_state,
     LATERAL (SELECT 'no later period' AS later, * FROM contact_fcr(s, 'all')
              UNION ALL
              SELECT 'an empty one', * FROM contact_fcr(s, 'all', followed_by => rtrim(substring(s::text FROM '^[^(]*'))::contact_state)) AS f;

-- Business time: a window of 1 working hour in a calendar of Monday to Friday
-- 09:00-18:00 UTC.  Friday 6 March 17:30 -> Monday 9 March 09:30 is exactly 1
-- working hour (repeat); from 17:29:59 it is 1 hour 1 second (not); two
-- contacts on Saturday are 0 working hours apart (repeat).
SELECT label, contacts, repeated
FROM (VALUES ('exactly 1 working hour', timestamptz '2026-03-06 17:30', timestamptz '2026-03-09 09:30'),
             ('1 second more', '2026-03-06 17:29:59', '2026-03-09 09:30'),
             ('both on Saturday', '2026-03-07 10:00', '2026-03-07 23:00')) AS v(label, a, b),
     contact_repeats((SELECT contact_agg(1, 't', at, interval '1 hour',
                                         'v1 tz=UTC mon-fri=09:00-18:00'::business_calendar)
                      FROM (VALUES (a), (b)) AS t(at)));
-- in calendar time the first pair is far beyond an hour
SELECT contacts, repeated
FROM contact_repeats((SELECT contact_agg(1, 't', at, interval '1 hour')
                      FROM (VALUES (timestamptz '2026-03-06 17:30'), ('2026-03-09 09:30')) AS t(at)));
-- the state keeps the start of each episode's window in working time and the
-- calendar's fingerprint
SELECT contact_agg(1, 't', at, interval '1 hour', 'v1 tz=UTC mon-fri=09:00-18:00'::business_calendar) AS state
FROM (VALUES (timestamptz '2026-03-09 09:30')) AS t(at);
-- A window that reaches back past the first timestamp starts there, in
-- working time as in calendar time: 8 working hours before 10:00 on the
-- first day, which has had one, under 09:00-17:00 hours; and 10^12
-- seconds (some 95 000 years of 8-hour days) before 2 March 2026, which
-- hold the contact on the first day (about 20 million working hours
-- before): a repeat.  (The interval is a product: PostgreSQL 13, which
-- test/suites/postgresql13.sh runs this on, reads no literal of 2^31
-- seconds or more.)
SELECT contact_agg(1, 'd', timestamptz '4714-11-24 10:00+00 BC', interval '8 hours',
                   'v1 tz=UTC mon-sun=09:00-17:00'::business_calendar) AS state;
SELECT s AS state, (SELECT (contacts, repeated) FROM contact_repeats(s) WHERE topic = 'd') AS repeats
FROM (SELECT contact_agg(1, 'd', at, interval '1000000 seconds' * 1000000,
                         'v1 tz=UTC mon-sun=09:00-17:00'::business_calendar) AS s
      FROM (VALUES (timestamptz '4714-11-24 10:00+00 BC'), ('2026-03-02 00:00+00')) AS t(at)) AS x;

-- contact_summary: totals and settings
SELECT (contact_summary(s)).*
FROM (SELECT contact_agg(customer, topic, at, interval '1 day') AS s FROM alarm_rows) AS x;

-- Two states merged in one pass (the + operator, and the combine of a
-- parallel plan's partial states): the union of their topics, labels and
-- keys, and of each key's episodes.  Customer 1 on topic b: a's contacts
-- on the 1st and the 7th (3-day window) are bridged by b's on the 4th, one
-- episode of 4 contacts whose first is b's at 09:00 on the 1st, before
-- a's at 10:00, so that a's label 'zeta' is carried by no episode and left
-- out.  Customer 2 only in a, 3 only in b; topic a only in b, sorting
-- before a's topics; the NULL topic in both, 10 days apart.  At the same
-- instant, the first contact is the one whose label comes first by name,
-- a label before none (customers 4 and 5).
CREATE TEMP TABLE merge_rows (part text, customer bigint, topic text, at timestamptz, label text, resolved boolean);
INSERT INTO merge_rows VALUES
    ('a', 1, 'b', '2026-03-01 10:00', 'zeta', true),
    ('a', 1, 'b', '2026-03-07 10:00', 'mid', NULL),
    ('b', 1, 'b', '2026-03-01 09:00', 'alpha', false),
    ('b', 1, 'b', '2026-03-04 10:00', NULL, NULL),
    ('a', 2, 'c', '2026-03-02 10:00', 'mid', true),
    ('b', 3, 'c', '2026-03-02 10:00', NULL, true),
    ('b', 1, 'a', '2026-03-03 10:00', 'mid', NULL),
    ('a', 1, NULL, '2026-03-01 10:00', NULL, NULL),
    ('b', 1, NULL, '2026-03-11 10:00', NULL, NULL),
    ('a', 4, 'd', '2026-03-05 10:00', 'mid', true),
    ('b', 4, 'd', '2026-03-05 10:00', 'alpha', false),
    ('a', 5, 'd', '2026-03-05 10:00', NULL, true),
    ('b', 5, 'd', '2026-03-05 10:00', 'mid', false);
CREATE TEMP TABLE merge_parts AS
SELECT part, contact_agg(customer, topic, at, interval '3 days', label, resolved) AS s
FROM merge_rows GROUP BY part;
SELECT part, s FROM merge_parts ORDER BY part;
SELECT a.s + b.s AS merged
FROM merge_parts a, merge_parts b WHERE a.part = 'a' AND b.part = 'b';
-- the state of all the rows in one pass: with +, in either order, and with
-- the merge aggregate
SELECT (SELECT a.s + b.s FROM merge_parts a, merge_parts b WHERE a.part = 'a' AND b.part = 'b')::text = o.s::text
           AS a_plus_b_is_one_pass,
       (SELECT b.s + a.s FROM merge_parts a, merge_parts b WHERE a.part = 'a' AND b.part = 'b')::text = o.s::text
           AS b_plus_a_is_one_pass,
       (SELECT contact_agg(s ORDER BY part DESC) FROM merge_parts)::text = o.s::text AS merge_is_one_pass
FROM (SELECT contact_agg(customer, topic, at, interval '3 days', label, resolved) AS s FROM merge_rows) AS o;
SELECT label, episodes, resolved_first
FROM contact_fcr((SELECT a.s + b.s FROM merge_parts a, merge_parts b WHERE a.part = 'a' AND b.part = 'b'), 'label');
CREATE TEMP TABLE merge_big AS
SELECT contact_agg(i, 't', timestamptz '2026-03-01' + i * interval '1 minute', interval '3 days') AS s
FROM generate_series(1, 2000) AS i;
-- merging an empty state (the same window) into the merge aggregate's
-- working state of 2000 episodes changes nothing
SELECT contact_agg(s ORDER BY k)::text = (SELECT s FROM merge_big)::text AS empty_merged_in
FROM (SELECT 1 AS k, s FROM merge_big UNION ALL SELECT 2, 'v1 within=259200000000 customers=bigint') AS t(k, s);
-- a moving window of contacts with text customer ids, each its own
-- customer: 1 to 5 contacts
SELECT i, (contact_summary(contact_agg('C' || i, 't' || (i % 3), timestamptz '2026-01-01' + i * interval '1 hour', interval '3 days')
                           OVER (ORDER BY i))).contacts
FROM generate_series(1, 5) AS i;
