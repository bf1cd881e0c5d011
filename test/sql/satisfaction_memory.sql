-- Transition and combine functions keep one state per group in the aggregate's
-- memory.  A new state (the first row's, or one grown by a new dimension name
-- in a row or a merge) is made in the per-call context: the executor
-- copies any state it did not pass in into the aggregate's context, so a state
-- made there directly would stay behind as a dead copy per group.
-- Checked from the hash aggregate's memory use: close to groups x state size.
-- States are sized so that their memory chunks are barely larger than they
-- are (4008 and 3928 bytes in 4 kB chunks; above 8 kB, chunks fit exactly).
SET work_mem = '256MB';
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET jit = off;
-- kilobytes used by the top hash aggregate of a query, NULL if it spilled
CREATE FUNCTION pg_temp.hash_memory_kb(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
        IF line ~ 'Batches: \d+  Memory Usage: \d+kB' THEN
            RETURN CASE WHEN line ~ 'Batches: 1 ' THEN substring(line FROM 'Memory Usage: (\d+)kB')::bigint END;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
CREATE FUNCTION pg_temp.memory_per_state(query text, groups int, state_bytes int) RETURNS float8 LANGUAGE sql AS
$$ SELECT pg_temp.hash_memory_kb(query) * 1024.0 / (groups::float8 * state_bytes) $$;
CREATE TABLE sat_mem_states AS
SELECT (SELECT pg_column_size(dimension_agg(array_fill(1::float8, ARRAY[100])))) AS wide_bytes,
       (SELECT pg_column_size(gap_agg(array_fill(1::float8, ARRAY[70]), array_fill(1::float8, ARRAY[70])))) AS gap_bytes,
       (SELECT pg_column_size(dimension_agg('dimension ' || k, 1)) FROM generate_series(1, 80) AS k) AS long_bytes;
SELECT wide_bytes, gap_bytes, long_bytes FROM sat_mem_states;
SELECT pg_temp.memory_per_state($$SELECT g, dimension_agg(array_fill(g::float8, ARRAY[100]))
                                  FROM generate_series(1, 10000) AS g, generate_series(1, 2) AS r GROUP BY g$$,
                                10000, wide_bytes) BETWEEN 0.9 AND 1.5 AS wide,
       pg_temp.memory_per_state($$SELECT g, gap_agg(array_fill(g::float8, ARRAY[70]), array_fill(r::float8, ARRAY[70]))
                                  FROM generate_series(1, 10000) AS g, generate_series(1, 2) AS r GROUP BY g$$,
                                10000, gap_bytes) BETWEEN 0.9 AND 1.5 AS gap,
       pg_temp.memory_per_state($$SELECT g, dimension_agg('dimension ' || k, k)
                                  FROM generate_series(1, 500) AS g, LATERAL generate_series(1, 80 + 0 * g) AS k GROUP BY g$$,
                                500, long_bytes) BETWEEN 0.9 AND 1.5 AS long,
       pg_temp.memory_per_state($$SELECT g, dimension_agg(format('v1 "dimension %s" (1 %s 0 %s %s)', k, k, k, k)::dimension_state)
                                  FROM generate_series(1, 500) AS g, LATERAL generate_series(1, 80 + 0 * g) AS k GROUP BY g$$,
                                500, long_bytes) BETWEEN 0.9 AND 1.5 AS long_merged
FROM sat_mem_states;
DROP TABLE sat_mem_states;
RESET work_mem;
RESET max_parallel_workers_per_gather;
RESET enable_sort;
RESET jit;
