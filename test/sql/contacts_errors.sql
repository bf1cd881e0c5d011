-- Errors of the contacts concept: each bad input with its SQLSTATE and
-- message (docs/errors.md).
SET TimeZone = 'UTC';
SET IntervalStyle = 'postgres';
\i test/sql/include/error_of.psql

SELECT label, pg_temp.error_of(query) AS error
FROM (VALUES
    ('a window in months',
     $$SELECT contact_agg(1, 't', now(), interval '1 month')$$),
    ('a negative window',
     $$SELECT contact_agg(1, 't', now(), interval '-1 hour')$$),
    ('a window beyond 64-bit microseconds',
     $$SELECT contact_agg(1, 't', now(), interval '106751992 days')$$),
    ('a window of working time in days',
     $$SELECT contact_agg(1, 't', now(), interval '2 days', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar)$$),
    ('a NULL window',
     $$SELECT contact_agg(1, 't', now(), NULL::interval)$$),
    ('a NULL calendar',
     $$SELECT contact_agg(1, 't', now(), interval '1 hour', NULL::business_calendar)$$),
    ('an infinite time',
     $$SELECT contact_agg(1, 't', 'infinity', interval '1 hour')$$),
    ('the window changes between rows',
     $$SELECT contact_agg(1, 't', now(), w) FROM (VALUES (interval '1 day'), (interval '2 days')) AS v(w)$$),
    ('the calendar changes between rows',
     $$SELECT contact_agg(1, 't', now(), interval '1 hour', c::business_calendar)
       FROM (VALUES ('v1 tz=UTC mon-fri=09:00-17:00'), ('v1 tz=UTC mon-fri=09:00-18:00')) AS v(c)$$),
    ('a topic name of 256 bytes',
     $$SELECT contact_agg(1, repeat('t', 256), now(), interval '1 hour')$$),
    ('a label of 256 bytes',
     $$SELECT contact_agg(1, 't', now(), interval '1 hour', repeat('l', 256), true)$$),
    ('a customer id of 256 bytes',
     $$SELECT contact_agg(repeat('c', 256), 't', now(), interval '1 hour')$$),
    ('more than 65535 topics',
     $$SELECT contact_agg(1, i::text, now(), interval '1 hour') FROM generate_series(1, 65536) AS i$$),
    ('merging different windows',
     $$SELECT contact_agg(1, 't', now(), interval '1 day') + contact_agg(1, 't', now(), interval '2 days')$$),
    ('merging bigint and text customers',
     $$SELECT contact_agg(s) FROM (SELECT contact_agg(1, 't', now(), interval '1 day')
                                   UNION ALL SELECT contact_agg('1', 't', now(), interval '1 day')) AS v(s)$$),
    ('merging calendar and working time',
     $$SELECT contact_agg(1, 't', now(), interval '1 hour')
            + contact_agg(1, 't', now(), interval '1 hour', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar)$$),
    ('merging different calendars',
     $$SELECT contact_agg(1, 't', now(), interval '1 hour', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar)
            + contact_agg(1, 't', now(), interval '1 hour', 'v1 tz=UTC mon-fri=09:00-18:00'::business_calendar)$$),
    ('followed by a state of another window',
     $$SELECT * FROM contact_repeats((SELECT contact_agg(1, 't', now(), interval '1 day')),
                                     followed_by => (SELECT contact_agg(1, 't', now(), interval '7 days')))$$),
    ('followed by a state with a contact before the last one',
     $$SELECT * FROM contact_repeats((SELECT contact_agg(1, 't', timestamptz '2026-03-31 12:00', interval '1 day')),
                                     followed_by => (SELECT contact_agg(2, 'u', timestamptz '2026-03-31 11:59:59', interval '1 day')))$$),
    ('first-contact resolution followed by an overlapping state',
     $$SELECT * FROM contact_fcr((SELECT contact_agg(c, 't', at, interval '1 day')
                                  FROM (VALUES (1, timestamptz '2026-03-01'), (2, '2026-03-31')) AS v(c, at)),
                                 followed_by => (SELECT contact_agg(c, 't', at, interval '1 day')
                                                 FROM (VALUES (3, timestamptz '2026-04-01'), (1, '2026-03-15')) AS v(c, at)))$$),
    ('a threshold above 1',
     $$SELECT * FROM contact_repeats((SELECT contact_agg(1, 't', now(), interval '1 day')), 1.5)$$),
    ('a NULL threshold',
     $$SELECT * FROM contact_repeats((SELECT contact_agg(1, 't', now(), interval '1 day')), NULL)$$),
    ('a level of 1',
     $$SELECT * FROM contact_repeats((SELECT contact_agg(1, 't', now(), interval '1 day')), level => 1)$$),
    ('an unknown FCR grouping',
     $$SELECT * FROM contact_fcr((SELECT contact_agg(1, 't', now(), interval '1 day')), 'agent')$$),
    ('a NULL FCR grouping',
     $$SELECT * FROM contact_fcr((SELECT contact_agg(1, 't', now(), interval '1 day')), NULL)$$),
    ('an FCR level of 0',
     $$SELECT * FROM contact_fcr((SELECT contact_agg(1, 't', now(), interval '1 day')), level => 0)$$),
    ('a negative weight',
     $$SELECT category_agg('a', -1.0)$$),
    ('a NaN weight',
     $$SELECT category_agg('a', 'NaN')$$),
    ('an infinite weight',
     $$SELECT category_agg('a', 'Infinity')$$),
    ('weights whose squares overflow',
     $$SELECT category_agg('a', 1e200)$$),
    ('squared weights whose sum overflows',
     $$SELECT 'v1 weighted sumsq=1e308 "a":1:1e154'::category_state + 'v1 weighted sumsq=1e308 "a":1:1e154'$$),
    ('merged counts beyond the 64-bit range',
     $$SELECT 'v1 "a":5000000000000000000 "b":1'::category_state + 'v1 "a":4300000000000000000'$$),
    ('merged totals beyond the 64-bit range (two categories)',
     $$SELECT 'v1 "a":5000000000000000000'::category_state + 'v1 "a":2000000000000000000 "b":3000000000000000000'$$),
    ('a row added to a full state',
     $$SELECT category_state_accum('v1 "a":9223372036854775807', 'a')$$),
    ('more than 10000 categories',
     $$SELECT category_agg(i::text) FROM generate_series(1, 10001) AS i$$),
    ('a category name of 256 bytes',
     $$SELECT category_agg(repeat('c', 256))$$),
    ('merging weighted and unweighted',
     $$SELECT category_agg('a') + category_agg('a', 1.0)$$),
    ('Pareto limits in the wrong order',
     $$SELECT * FROM category_shares((SELECT category_agg('a')), class_a => 0.9, class_b => 0.8)$$),
    ('a Pareto limit of 0',
     $$SELECT * FROM category_shares((SELECT category_agg('a')), class_a => 0)$$),
    ('a Pareto limit above 1',
     $$SELECT * FROM category_shares((SELECT category_agg('a')), class_b => 1.5)$$),
    ('a shares level of 1',
     $$SELECT * FROM category_shares((SELECT category_agg('a')), 1)$$),
    ('a negative top k',
     $$SELECT category_top(category_agg('a'), -1)$$),
    ('a comparison level of 0',
     $$SELECT * FROM category_compare((SELECT category_agg('a')), (SELECT category_agg('a')), 0)$$),
    -- an episode of 2^32 - 1 contacts joined by one more: merged by + and
    -- by the merge aggregate, and a row added to it
    ('an episode of more than 4294967295 contacts (+)',
     $$SELECT 'v1 within=259200000000 customers=bigint ("billing" 17 4294967295 2026-03-01 10:00:00+00 2026-03-01 10:00:00+00)'::contact_state
              + 'v1 within=259200000000 customers=bigint ("billing" 17 1 2026-03-01 11:00:00+00 2026-03-01 11:00:00+00)'$$),
    ('an episode of more than 4294967295 contacts (merge)',
     $$SELECT contact_agg(s) FROM (VALUES ('v1 within=259200000000 customers=bigint ("billing" 17 4294967295 2026-03-01 10:00:00+00 2026-03-01 10:00:00+00)'::contact_state),
                                          ('v1 within=259200000000 customers=bigint ("billing" 17 1 2026-03-01 11:00:00+00 2026-03-01 11:00:00+00)')) AS v(s)$$),
    ('an episode of more than 4294967295 contacts (a row)',
     $$SELECT contact_state_accum('v1 within=259200000000 customers=bigint ("billing" 17 4294967295 2026-03-01 10:00:00+00 2026-03-01 10:00:00+00)',
                                  17, 'billing', '2026-03-01 11:00+00', '3 days')$$)
) AS t(label, query);
-- an empty state has no repeat rate; no state has no FCR rows, and at the
-- just-below limit a row joins its episode of 2^32 - 2 contacts
SELECT contact_repeat_rate('v1 within=86400000000 customers=bigint') AS empty_rate,
       (SELECT count(*) FROM contact_fcr(NULL::contact_state)) AS null_fcr_rows,
       contact_state_accum('v1 within=259200000000 customers=bigint ("billing" 17 4294967294 2026-03-01 10:00:00+00 2026-03-01 10:00:00+00)',
                           17, 'billing', '2026-03-01 11:00+00', '3 days') AS joined;
-- an aggregate of the transition function with a starting state (INITCOND)
-- starts from it: 'a' 5 times then a and b once each, and from a count one
-- below the 64-bit limit a second row of it passes the limit (22003)
CREATE AGGREGATE pg_temp.categories_from_5(text) (SFUNC = category_state_accum, STYPE = category_state, INITCOND = 'v1 "a":5');
CREATE AGGREGATE pg_temp.categories_from_full(text) (SFUNC = category_state_accum, STYPE = category_state,
                                                    INITCOND = 'v1 "a":9223372036854775806');
SELECT pg_temp.categories_from_5(c) AS from_5,
       pg_temp.error_of($$SELECT pg_temp.categories_from_full(c) FROM (VALUES ('a')) AS v(c)$$) AS one_to_the_limit,
       pg_temp.error_of($$SELECT pg_temp.categories_from_full(c) FROM (VALUES ('a'), ('a')) AS v(c)$$) AS two_past_it
FROM (VALUES ('a'), ('b')) AS v(c);
-- a category name stored compressed is measured uncompressed: 10001 bytes
-- of which the table keeps some 200 (stored_small: compressed, without
-- pg_column_compression, which PostgreSQL 13 lacks)
CREATE TEMP TABLE long_reasons AS SELECT repeat('complaint ', 1000) || i % 3 AS reason FROM generate_series(1, 10) AS i;
SELECT bool_and(octet_length(reason) = 10001) AS bytes_10001, max(pg_column_size(reason)) < 1000 AS stored_small,
       pg_temp.error_of($$SELECT category_agg(reason) FROM long_reasons$$) AS result
FROM long_reasons;
