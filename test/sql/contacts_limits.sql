-- The hard bound of a contact_state: 8 388 608 episodes (docs/contacts.md,
-- "Memory and limits").  One customer on one topic with a window of 0 and
-- contacts a microsecond apart: every contact is an episode of its own (a
-- return counts only at the same instant), all in one key, so the state at
-- the limit takes some 270 MB and no hash table of millions of keys.
SET TimeZone = 'UTC';
SET work_mem = '64MB';
\i test/sql/include/error_of.psql

CREATE TABLE lim_state AS
SELECT contact_agg(1, 'damage', timestamptz '2026-03-01' + i * interval '1 microsecond', interval '0') AS s
FROM generate_series(1, 8388608) AS i;

-- exactly at the limit: accepted, every contact an episode, none repeated
SELECT contacts, repeated, episodes, keys FROM lim_state, contact_summary(s);

-- one episode more (a contact at another instant), merged in: 54000
SELECT (SELECT s FROM lim_state)
     + (SELECT contact_agg(1, 'damage', timestamptz '2026-02-28', interval '0'));

-- a contact at an instant already held joins its episode: still at the limit
SELECT (contact_summary((SELECT s FROM lim_state)
                        + (SELECT contact_agg(1, 'damage', timestamptz '2026-03-01 00:00:00.000001', interval '0')))).*;

-- the same limit when a row is added (the transition function called on
-- the state): a contact after the last (appended to the key's episodes),
-- one before the first (inserted: the key becomes a tree), one of another
-- customer (a new key): 54000 each; a row joining an episode is fine
SELECT label, pg_temp.error_of(query) AS result FROM (VALUES
    ('after the last', $$SELECT contact_state_accum(s, 1, 'damage', timestamptz '2026-03-01 00:00:09', interval '0') FROM lim_state$$),
    ('before the first', $$SELECT contact_state_accum(s, 1, 'damage', timestamptz '2026-02-28', interval '0') FROM lim_state$$),
    ('another customer', $$SELECT contact_state_accum(s, 2, 'damage', timestamptz '2026-02-28', interval '0') FROM lim_state$$),
    ('joining an episode', $$SELECT contact_state_accum(s, 1, 'damage', timestamptz '2026-03-01 00:00:00.000001', interval '0') FROM lim_state$$)
) AS t(label, query);

DROP TABLE lim_state;
