-- The casts the manual tells users to write where a call would otherwise
-- resolve to a cast that changes the value, or to no function at all
-- (docs/business_calendar.md, duration.md, timeline.md, nps.md, sla.md,
-- refund.md, contacts.md, staffing.md): each without and with its cast.
-- These resolutions are 0.1.0's and stay (docs/upgrades.md); the manual
-- documents them, and this test fails if one changes under it.
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- A date is converted to timestamptz in the session's TimeZone: midnight of
-- Friday 6 March in Los Angeles is 16:00 in Shanghai, after the day's
-- hours (Monday's business day); under UTC it is 08:00 (Friday's), and
-- d::timestamp AT TIME ZONE the calendar's zone is Friday under both.
-- d AT TIME ZONE alone converts in the session's zone first: Monday.
SET TimeZone = 'America/Los_Angeles';
SELECT business_day(date '2026-03-06', c) AS session_zone,
       business_day(date '2026-03-06' AT TIME ZONE 'Asia/Shanghai', c) AS date_at_time_zone,
       business_day(date '2026-03-06'::timestamp AT TIME ZONE 'Asia/Shanghai', c) AS timestamp_at_time_zone
FROM (SELECT 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00'::business_calendar AS c) AS x;
SET TimeZone = 'UTC';
SELECT business_day(date '2026-03-06', c) AS session_zone,
       business_day(date '2026-03-06'::timestamp AT TIME ZONE 'Asia/Shanghai', c) AS timestamp_at_time_zone
FROM (SELECT 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00'::business_calendar AS c) AS x;

-- date - date is an integer of days, read as seconds: days 1, 0, 1, 1 give
-- a mean of 0.75 s, and as days 18 hours
SELECT duration_mean(duration_agg(d2 - d1)) AS days_read_as_seconds,
       duration_mean(duration_agg(make_interval(days => d2 - d1))) AS days,
       duration_mean(duration_agg((d2 - d1) * 86400)) AS times_86400
FROM (VALUES (date '2026-03-01', date '2026-03-02'), ('2026-03-01', '2026-03-01'),
             ('2026-03-01', '2026-03-02'), ('2026-03-01', '2026-03-02')) AS t(d1, d2);

-- A bound parameter sent untyped (as drivers send arrays) takes
-- timeline_time_in's text form: '{a,b}' is one stage's name, 00:00:00;
-- $1::text[] is the two stages, a (1 day) and b (2 days): 72:00:00
CREATE TEMP TABLE cd_timeline AS SELECT timeline_agg(s, at) AS t
FROM (VALUES ('a', timestamptz '2026-03-01 00:00+00'), ('b', '2026-03-02 00:00+00'),
             ('c', '2026-03-04 00:00+00')) AS e(s, at);
PREPARE cd_untyped AS SELECT timeline_time_in(t, $1) FROM cd_timeline;
PREPARE cd_typed AS SELECT timeline_time_in(t, $1::text[]) FROM cd_timeline;
EXECUTE cd_untyped('{a,b}');
EXECUTE cd_typed('{a,b}');
DEALLOCATE cd_untyped;
DEALLOCATE cd_typed;

-- Column types without an implicit cast: no function, until cast (the
-- enum is dropped at the end: later tests drop the extension)
CREATE TYPE cd_stage AS ENUM ('a', 'b', 'c');
SELECT timeline_agg(s, at) FROM (VALUES ('a'::cd_stage, timestamptz '2026-03-01 00:00+00')) AS e(s, at);
SELECT timeline_agg(s::text, at) FROM (VALUES ('a'::cd_stage, timestamptz '2026-03-01 00:00+00')) AS e(s, at);
SELECT nps(score) FROM (VALUES (9.0::float8), (6.0)) AS t(score);
SELECT nps(score::numeric) AS as_numeric, nps(round(score)::int) AS rounded
FROM (VALUES (9.0::float8), (6.0)) AS t(score);
SELECT * FROM sla_policy_targets('{"first_reply": "1 hour"}'::json);
SELECT * FROM sla_policy_targets('{"first_reply": "1 hour"}'::json::jsonb);
SELECT business_day_deadline(timestamptz '2026-03-06 10:00+00', 2::bigint, 'v1 tz=UTC mon-fri=09:00-17:00');
SELECT business_day_deadline(timestamptz '2026-03-06 10:00+00', 2::bigint::int, 'v1 tz=UTC mon-fri=09:00-17:00');
SELECT contact_agg('00000000-0000-0000-0000-000000000001'::uuid, 'damage', timestamptz '2026-03-02 09:00+00', '7 days');
SELECT contact_summary(contact_agg('00000000-0000-0000-0000-000000000001'::uuid::text, 'damage',
                                   timestamptz '2026-03-02 09:00+00', '7 days')) IS NOT NULL AS uuid_as_text;
DROP TYPE cd_stage;
