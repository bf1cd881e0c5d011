-- Changes to objects that 0.1.0 created, for sql/svcquality--0.1.0--0.2.0.sql.
--
-- Make every change in place in its sql/<concept>.sql (that is what a fresh
-- install runs) and write here the statements that turn the 0.1.0 object into
-- the new one: ALTER FUNCTION ... (volatility, strictness, PARALLEL, COST,
-- ROWS, SUPPORT), CREATE OR REPLACE FUNCTION / AGGREGATE, COMMENT ON,
-- ALTER TYPE ... ADD VALUE.  New objects do not go here: mark them in their
-- concept file with a "-- @since 0.2.0" line (docs/upgrades.md).  This file
-- runs after those sections, so it may use the new objects.
--
-- Never drop or change an object in a way that breaks users' views, tables
-- and materialized views, and keep every C symbol that
-- sql/svcquality--0.1.0.sql names.  test/suites/upgrade.sh compares the
-- catalog after 0.1.0 + this upgrade with a fresh 0.2.0 install: a change
-- missing here fails it.

-- business_calendar: version 2 of its forms (dated hours, versions)
COMMENT ON TYPE business_calendar IS
    'Working hours per weekday in a time zone, with holidays, extra working dates, dates with hours of their own and versions in force from a date. Text form: v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=... workdays=...; v2 adds dated hours (2026-12-24=09:00-13:00) and versions (from=2026-06-01 tz=... mon-fri=...)';

-- The two-step naming rule (README, "Naming"; sql/satisfaction.sql): paired_agg
-- is now the alias of gap_agg(paired_state) and driver_agg(paired_state), and
-- the csat aggregates point to csat_agg for other scales.
COMMENT ON AGGREGATE paired_agg(paired_state) IS
    'Alias of gap_agg(paired_state) and driver_agg(paired_state), kept for compatibility: merge paired states (gap or driver, e.g. daily rollups) into one';
COMMENT ON AGGREGATE csat(smallint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(integer) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(bigint) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
COMMENT ON AGGREGATE csat(numeric) IS
    'CSAT in percent of ratings 1-5: share rated 4 or 5 (other scales: csat(csat_agg(score), min, max, satisfied_from))';
-- Refund outcomes and path-4 handling read stages in the order of the chain
-- (docs/refund.md, "Stages out of order"): the comments say so.
COMMENT ON FUNCTION refund_handling_time(timeline_state) IS
    'Refund handling time: paths 1-3 from the request, path 4 from the return''s receipt (or the request, if later), to the merchant''s decision (agreed, refused or succeeded)';
COMMENT ON FUNCTION refund_completed(timeline_state) IS
    'Whether the refund succeeded or was closed at or after the first request (exactly when it has a completion time)';
COMMENT ON FUNCTION refund_completed(timeline_state, jsonb) IS
    'Whether the refund succeeded or was closed at or after the first request, stage names mapped by the vocabulary';
-- The refund times count a response or success at the request's instant
-- (0:00:00), as docs/refund.md says: "at or after it".
COMMENT ON FUNCTION refund_completion_time(timeline_state) IS
    'Refund completion time: from the first request to the first success or close at or after it';
COMMENT ON FUNCTION refund_response_time(timeline_state) IS
    'Refund response time: from the first request to the merchant''s first response (responded, agreed or refused) at or after it';
-- Merging stored timeline sets steps with timeline_set_merge, at the default
-- cost (sql/timeline_set.sql says why).
CREATE OR REPLACE AGGREGATE timeline_set_agg(timeline_set) (
    SFUNC = timeline_set_merge, STYPE = timeline_set, SSPACE = 8192,
    COMBINEFUNC = timeline_set_combine, PARALLEL = SAFE
);
