-- Tomorrow's chat staffing for the Shanghai team (Wednesday 2026-07-01):
-- arrivals per half hour forecast as the mean of the last four Wednesdays,
-- handling time from June, and Erlang C for 80% answered within 60 s with
-- 30% shrinkage; closed intervals of the team's calendar are left out, and
-- an open one without arrivals on those days needs no agents.
WITH history AS (
    SELECT (starts_at AT TIME ZONE 'Asia/Shanghai')::time AS local_time, sum(arrivals) / 4.0 * 2 AS arrivals_per_hour
    FROM crm.contact_volumes
    WHERE team = 'Shanghai' AND channel = 'chat'
      AND (starts_at AT TIME ZONE 'Asia/Shanghai')::date IN ('2026-06-03', '2026-06-10', '2026-06-17', '2026-06-24')
    GROUP BY 1),
aht AS (
    SELECT sum(mean_handle_seconds * arrivals) / sum(arrivals) AS seconds
    FROM crm.contact_volumes
    WHERE team = 'Shanghai' AND channel = 'chat'
      AND starts_at >= '2026-06-01 00:00+08' AND starts_at < '2026-07-01 00:00+08')
SELECT i.local_start::time AS local_time, round(coalesce(h.arrivals_per_hour, 0)::numeric, 1) AS arrivals_per_hour,
       round(aht.seconds::numeric) AS aht_s, s.agents, s.scheduled_agents,
       round(s.service_level::numeric, 3) AS service_level, round(s.occupancy::numeric, 2) AS occupancy
FROM crm.teams t
CROSS JOIN LATERAL staffing_intervals('2026-07-01', '2026-07-01', interval '30 minutes', t.hours) AS i
LEFT JOIN history h ON h.local_time = i.local_start::time
CROSS JOIN aht
CROSS JOIN LATERAL erlang_c_agents(coalesce(h.arrivals_per_hour, 0), aht.seconds, target_service_level => 0.8,
                                   answer_within_seconds => 60, shrinkage => 0.3) AS s
WHERE t.team = 'Shanghai' AND i.is_open
ORDER BY i.starts_at;
