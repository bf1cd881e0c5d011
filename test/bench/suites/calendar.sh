# Business calendars: business_time over ticket rows against `closed_at -
# opened_at` (the cost of the scan and of interval arithmetic) and against a
# plain-SQL day spine, the way SQL packages compute business time:
# generate_series over each ticket's local days, joined to the weekly
# schedule, the holidays and the extra working dates, each working span
# clipped to the ticket.  Both give the same results (checked below).
#
# The targets are measured on what business time is for: each ticket's
# working time, here the share of tickets closed within 16 working hours
# (an SLA of two working days).  The spine then sums per ticket (a LATERAL
# subquery; the same with GROUP BY is slower, and wrong for tickets without
# working time unless outer-joined back).  The sum over all tickets, where
# the spine needs no per-ticket grouping, is reported too, without target.
#
# The spine is slow, so this suite uses min(BENCH_ROWS, 1000000) tickets.
# Tickets open at random over 2024-2026; their durations are log-uniform
# from a minute to two weeks (median about 10 hours).  The calendar is a
# Shanghai team's, with holidays and adjusted workdays (调休) modelled on
# China's 2024-2026 schedule.  Sums of ten-year spans would overflow an
# interval, so those use max().
cal_rows=$((BENCH_ROWS < 1000000 ? BENCH_ROWS : 1000000))
cal_zone='Asia/Shanghai'
cal_holidays='2024-01-01,2024-02-10..2024-02-17,2024-04-04..2024-04-06,2024-05-01..2024-05-05,2024-06-10,2024-09-15..2024-09-17,2024-10-01..2024-10-07,2025-01-01,2025-01-28..2025-02-04,2025-04-04..2025-04-06,2025-05-01..2025-05-05,2025-05-31..2025-06-02,2025-10-01..2025-10-08,2026-01-01..2026-01-03,2026-02-15..2026-02-23,2026-04-04..2026-04-06,2026-05-01..2026-05-05,2026-06-19..2026-06-21,2026-09-25..2026-09-27,2026-10-01..2026-10-07'
cal_workdays='2024-02-04,2024-02-18,2024-04-07,2024-04-28,2024-05-11,2024-09-14,2024-09-29,2024-10-12,2025-01-26,2025-02-08,2025-04-27,2025-09-28,2025-10-11,2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10'
cal="v1 tz=${cal_zone} mon-fri=09:00-12:00,13:00-18:00 holidays=${cal_holidays} workdays=${cal_workdays}"
cal_ny="v1 tz=America/New_York mon-fri=09:00-12:00,13:00-18:00 holidays=${cal_holidays}"

bench_sql "
    DROP TABLE IF EXISTS bench_ticket, bench_cal_hours, bench_cal_holiday, bench_cal_workday, bench_team;
    CREATE TABLE bench_ticket (id int, team int, opened_at timestamptz, closed_at timestamptz,
                               opened_10y_before timestamptz);
    INSERT INTO bench_ticket
    SELECT i, i % 4,
           timestamptz '2024-01-01 00:00+08' + ((hashint4(i) & 2147483647) % (1064 * 86400)) * interval '1 second',
           NULL, NULL
    FROM generate_series(1, ${cal_rows}) AS i;
    UPDATE bench_ticket
    SET closed_at = opened_at + exp(ln(60) + ((hashint4(id + 7) & 2147483647) / 2147483647.0) * ln(14 * 86400 / 60.0))
                                * interval '1 second',
        opened_10y_before = opened_at - interval '3650 days';
    -- the same calendar as tables, for the spine
    CREATE TABLE bench_cal_hours (isodow int, start_time time, end_time time);
    INSERT INTO bench_cal_hours SELECT d, s::time, e::time
    FROM generate_series(1, 5) AS d, (VALUES ('09:00', '12:00'), ('13:00', '18:00')) AS h(s, e);
    CREATE TABLE bench_cal_holiday (day date PRIMARY KEY);
    INSERT INTO bench_cal_holiday
    SELECT generate_series(split_part(r, '..', 1)::date, coalesce(nullif(split_part(r, '..', 2), ''), r)::date, interval '1 day')::date
    FROM unnest(string_to_array('${cal_holidays}', ',')) AS r;
    CREATE TABLE bench_cal_workday (day date PRIMARY KEY, isodow int);
    INSERT INTO bench_cal_workday SELECT d::date, 1 FROM unnest(string_to_array('${cal_workdays}', ',')) AS d;
    -- four teams, each with a calendar of its own
    CREATE TABLE bench_team (team int PRIMARY KEY, cal business_calendar);
    INSERT INTO bench_team VALUES (0, '${cal}'), (1, '${cal_ny}'),
        (2, 'v1 tz=Europe/Berlin mon-fri=08:00-17:00'), (3, 'v1 tz=Asia/Shanghai mon-sun=00:00-24:00');
    VACUUM (FREEZE, ANALYZE) bench_ticket, bench_cal_hours, bench_cal_holiday, bench_cal_workday, bench_team;"

# The working spans of ticket t's local days, clipped to the ticket
spine_spans="
    FROM generate_series(timezone('${cal_zone}', t.opened_at)::date::timestamp,
                         timezone('${cal_zone}', t.closed_at)::date::timestamp,
                         interval '1 day') AS g(d)
    LEFT JOIN bench_cal_workday w ON w.day = g.d::date
    JOIN bench_cal_hours h ON h.isodow = coalesce(w.isodow, extract(isodow FROM g.d)::int)
    WHERE NOT EXISTS (SELECT 1 FROM bench_cal_holiday x WHERE x.day = g.d::date)
      AND timezone('${cal_zone}', g.d + h.end_time) > t.opened_at
      AND timezone('${cal_zone}', g.d + h.start_time) < t.closed_at"
spine_clipped="least(t.closed_at, timezone('${cal_zone}', g.d + h.end_time))
               - greatest(t.opened_at, timezone('${cal_zone}', g.d + h.start_time))"
spine_share="
    SELECT avg((s.working <= interval '16 hours')::int)
    FROM bench_ticket t
    CROSS JOIN LATERAL (SELECT coalesce(sum(${spine_clipped}), interval '0') AS working ${spine_spans}) AS s"
spine_sum="SELECT sum(x.piece) FROM bench_ticket t CROSS JOIN LATERAL (SELECT ${spine_clipped} AS piece ${spine_spans}) AS x"
ours_share="SELECT avg((business_time(opened_at, closed_at, '${cal}') <= interval '16 hours')::int) FROM bench_ticket"

# Both formulations must agree before their speed means anything.
agree=$(psql -X -At -c "
    SELECT (${ours_share}) = (${spine_share})
       AND (SELECT extract(epoch FROM sum(business_time(opened_at, closed_at, '${cal}'))) FROM bench_ticket)
         = (SELECT extract(epoch FROM s) FROM (${spine_sum}) AS x(s))")
bench_note "business_time agrees with the day spine, per ticket and in total: ${agree} (${cal_rows} tickets)"

bench_query "SLA share: closed_at - opened_at w0" 0 \
    "SELECT avg((closed_at - opened_at <= interval '16 hours')::int) FROM bench_ticket"
bench_query "SLA share: business_time w0" 0 "${ours_share}"
bench_query "SLA share: plain SQL day spine w0" 0 "${spine_share}"
bench_query "SLA share: business_time w2" 2 "${ours_share}"
bench_query "sum: closed_at - opened_at w0" 0 "SELECT sum(closed_at - opened_at) FROM bench_ticket"
bench_query "sum: business_time w0" 0 "SELECT sum(business_time(opened_at, closed_at, '${cal}')) FROM bench_ticket"
bench_query "sum: plain SQL day spine w0" 0 "${spine_sum}"
bench_query "max: business_time, New York w0" 0 "SELECT max(business_time(opened_at, closed_at, '${cal_ny}')) FROM bench_ticket"
bench_query "max: business_time, 10-year spans, New York w0" 0 \
    "SELECT max(business_time(opened_10y_before, closed_at, '${cal_ny}')) FROM bench_ticket"
bench_query "sum: closed_at - opened_at, team join w0" 0 \
    "SELECT sum(t.closed_at - t.opened_at) FROM bench_ticket t JOIN bench_team c USING (team)"
bench_query "sum: business_time, calendar per team w0" 0 \
    "SELECT sum(business_time(t.opened_at, t.closed_at, c.cal)) FROM bench_ticket t JOIN bench_team c USING (team)"
bench_query "max: business_deadline(opened_at, 2 hours) w0" 0 \
    "SELECT max(business_deadline(opened_at, interval '2 hours', '${cal}')) FROM bench_ticket"
bench_query "count: is_business_time(opened_at) w0" 0 \
    "SELECT count(*) FILTER (WHERE is_business_time(opened_at, '${cal}')) FROM bench_ticket"
bench_measure

bench_ratio "SLA share: day spine / business_time, w0" "SLA share: plain SQL day spine w0" "SLA share: business_time w0" ">=" 50
bench_ratio "SLA share: business_time / (closed_at - opened_at), w0" "SLA share: business_time w0" "SLA share: closed_at - opened_at w0" "<=" 5
bench_compare "sum: day spine (no per-ticket grouping) / business_time" "sum: plain SQL day spine w0" "sum: business_time w0"
bench_compare "sum: business_time / (closed_at - opened_at)" "sum: business_time w0" "sum: closed_at - opened_at w0"
bench_compare "parallel speed-up of the SLA share: w0 / w2" "SLA share: business_time w0" "SLA share: business_time w2"
bench_compare "max, New York: 10-year spans / the tickets' spans" "max: business_time, 10-year spans, New York w0" "max: business_time, New York w0"
bench_compare "sum: calendar per team / (closed_at - opened_at), team join" "sum: business_time, calendar per team w0" "sum: closed_at - opened_at, team join w0"
bench_compare "max(business_deadline) / sum(closed_at - opened_at)" "max: business_deadline(opened_at, 2 hours) w0" "sum: closed_at - opened_at w0"
bench_compare "count(is_business_time) / sum(closed_at - opened_at)" "count: is_business_time(opened_at) w0" "sum: closed_at - opened_at w0"
bench_sql "DROP TABLE bench_ticket, bench_cal_hours, bench_cal_holiday, bench_cal_workday, bench_team"
