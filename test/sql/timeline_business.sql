-- Timeline and refund durations in business time: the same functions with a
-- trailing business_calendar count only its working time.  Hand-checked
-- cases, then a cross-check against business_time() on generated timelines.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- A Shanghai team: 09:00-12:00 and 13:00-18:00 on weekdays, National Day
-- holidays 1-7 October 2026 (Thursday to Wednesday), Saturday 10 October an
-- extra working day with Friday's hours.
CREATE TABLE tb_calendar AS
SELECT 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=2026-10-01..2026-10-07 workdays=2026-10-10:fri'::business_calendar AS cal;

-- Refund 1, not shipped: requested Friday 25 September 17:00, responded
-- Monday 28th 10:00, agreed Wednesday 30th 11:30, refunded Monday 12 October
-- 10:00 (Shanghai time).
CREATE TABLE tb_refund AS
SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('requested', timestamptz '2026-09-25 17:00+08'),
    ('responded', timestamptz '2026-09-28 10:00+08'),
    ('agreed',    timestamptz '2026-09-30 11:30+08'),
    ('succeeded', timestamptz '2026-10-12 10:00+08')) AS e(stage, at);

-- response:   Fri 17-18 (1h) + Mon 9-10 (1h)                         =  2h
-- handling:   Fri 1h + Mon 8h + Tue 8h + Wed 9:00-11:30 (2.5h)        = 19.5h
-- completion: Fri 1h + Mon-Wed 24h + (1-7 Oct off) + Thu 8, Fri 9 and
--             Sat 10 Oct 24h + Mon 12 Oct 9-10 1h                     = 50h
SELECT refund_path(t) AS path,
       refund_response_time(t) AS response, refund_response_time(t, cal) AS response_business,
       refund_handling_time(t) AS handling, refund_handling_time(t, cal) AS handling_business,
       refund_completion_time(t) AS completion, refund_completion_time(t, cal) AS completion_business
FROM tb_refund, tb_calendar;

-- With a vocabulary: the platform's own status names, same times
SELECT refund_response_time(t, v, cal) AS response_business,
       refund_handling_time(t, v, cal) AS handling_business,
       refund_completion_time(t, v, cal) AS completion_business
FROM tb_calendar,
     (SELECT timeline_agg(status, at) AS t FROM (VALUES
         ('WAIT_SELLER_AGREE', timestamptz '2026-09-25 17:00+08'),
         ('SELLER_REPLIED',    timestamptz '2026-09-28 10:00+08'),
         ('AGREED',            timestamptz '2026-09-30 11:30+08'),
         ('SUCCESS',           timestamptz '2026-10-12 10:00+08')) AS e(status, at)) AS x,
     (VALUES ('{"requested": "WAIT_SELLER_AGREE", "responded": "SELLER_REPLIED",
                "agreed": "AGREED", "succeeded": "SUCCESS"}'::jsonb)) AS m(v);

-- Ticket: opened Monday 28 September 11:00, waiting on the customer 11:30 to
-- 14:00 and from Tuesday 17:00 to Wednesday 09:30, resolved Wednesday 12:30.
CREATE TABLE tb_ticket AS
SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('opened',              timestamptz '2026-09-28 11:00+08'),
    ('waiting_on_customer', timestamptz '2026-09-28 11:30+08'),
    ('customer_replied',    timestamptz '2026-09-28 14:00+08'),
    ('waiting_on_customer', timestamptz '2026-09-29 17:00+08'),
    ('customer_replied',    timestamptz '2026-09-30 09:30+08'),
    ('resolved',            timestamptz '2026-09-30 12:30+08')) AS e(stage, at);

-- resolution: Mon 11-12, 13-18 (6h) + Tue 8h + Wed 9-12 (3h; 12:00-12:30 is lunch) = 17h
-- waiting:    Mon 11:30-12:00, 13-14 (1.5h) + Tue 17-18, Wed 9-9:30 (1.5h)          =  3h
-- opened until the first reply: Mon 11-12, 13-14                                  =  2h
-- opened or waiting: Mon 11:00-14:00 (2h of work) + Tue 17:00-Wed 09:30 (1.5h)     = 3.5h
-- waiting until Tuesday 18:00: 1.5h + Tue 17-18 (the open spell runs to until)      = 2.5h
SELECT timeline_duration(t, 'opened', 'resolved') AS resolution,
       timeline_duration(t, 'opened', 'resolved', cal) AS resolution_business,
       timeline_time_in(t, 'waiting_on_customer') AS waiting,
       timeline_time_in(t, 'waiting_on_customer', cal) AS waiting_business
FROM tb_ticket, tb_calendar;
SELECT timeline_duration(t, ARRAY['opened'], ARRAY['customer_replied', 'resolved'], cal) AS to_first_reply,
       timeline_time_in(t, ARRAY['opened', 'waiting_on_customer'], cal) AS opened_or_waiting,
       timeline_time_in(t, 'waiting_on_customer', timestamptz '2026-09-29 18:00+08', cal) AS waiting_until,
       timeline_time_in(t, ARRAY['waiting_on_customer'], timestamptz '2026-09-29 18:00+08', cal) AS waiting_until_array
FROM tb_ticket, tb_calendar;

-- Missing stages still give NULL; a stage never entered still gives 0
SELECT timeline_duration(t, 'opened', 'escalated', cal) AS missing,
       timeline_time_in(t, 'escalated', cal) AS never_entered,
       refund_response_time(t, cal) AS not_a_refund
FROM tb_ticket, tb_calendar;
-- A NULL calendar gives NULL, like any NULL argument
SELECT timeline_duration(t, 'opened', 'resolved', NULL::business_calendar) AS null_calendar
FROM tb_ticket;
-- A calendar without working hours measures no working time
SELECT timeline_duration(t, 'opened', 'resolved', 'v1 tz=UTC'::business_calendar) AS no_hours
FROM tb_ticket;
-- One calendar per team, in the same query.  Berlin (UTC+2 in September):
-- opened 05:00 and resolved Wednesday 06:30 local time, so Mon 08-16 (8h) +
-- Tue 8h = 16h; the 24h team counts all 49.5h.
SELECT team, timeline_duration(t, 'opened', 'resolved', cal) AS resolution_business
FROM tb_ticket,
     (VALUES ('Shanghai', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00'::business_calendar),
             ('Berlin', 'v1 tz=Europe/Berlin mon-fri=08:00-16:00'),
             ('24h', 'v1 tz=UTC mon-sun=00:00-24:00')) AS teams(team, cal)
ORDER BY team;

-- An untyped literal next to a calendar overload is ambiguous: type it
\i test/sql/include/error_of.psql
SELECT pg_temp.error_of($$SELECT timeline_time_in(t, 'waiting_on_customer', '2026-09-29 18:00+08') FROM tb_ticket$$)
    AS untyped_until;

-- Cross-check: on 3000 generated tickets, every business-time duration equals
-- business_time() between the events the calendar-time functions pick.
CREATE TABLE tb_gen AS
SELECT id, timeline_agg(stage, at) AS t
FROM (SELECT id, (ARRAY['opened', 'waiting', 'replied', 'waiting', 'replied', 'resolved'])[k] AS stage,
             timestamptz '2026-09-20 00:00+08'
                 + (hashint4(id) & 4095) * interval '13 minutes'
                 + sum((1 + (hashint4(id * 8 + k) & 1023)) * interval '7 minutes') OVER (PARTITION BY id ORDER BY k) AS at
      FROM generate_series(1, 3000) AS id, generate_series(1, 6) AS k) AS e
GROUP BY id;
SELECT count(*) AS tickets,
       count(*) FILTER (WHERE timeline_duration(t, 'opened', 'resolved', cal)
                        = business_time(timeline_first(t, 'opened'), timeline_first(t, 'resolved'), cal))
           AS resolution_agrees,
       count(*) FILTER (WHERE timeline_time_in(t, 'waiting', cal)
                        = business_time(e1.at, e2.at, cal) + business_time(e3.at, e4.at, cal))
           AS waiting_agrees
FROM tb_gen, tb_calendar,
     LATERAL (SELECT at FROM timeline_events(t) OFFSET 1 LIMIT 1) AS e1,
     LATERAL (SELECT at FROM timeline_events(t) OFFSET 2 LIMIT 1) AS e2,
     LATERAL (SELECT at FROM timeline_events(t) OFFSET 3 LIMIT 1) AS e3,
     LATERAL (SELECT at FROM timeline_events(t) OFFSET 4 LIMIT 1) AS e4;

DROP TABLE tb_calendar, tb_refund, tb_ticket, tb_gen;
