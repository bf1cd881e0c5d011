#!/usr/bin/env bash
# The demo (examples/demo.sh) at the small size, and the BI views:
#   - the generator (examples/demo/generate.sql) makes the rows its size
#     promises, the same rows on a second run, and refuses an unknown size;
#   - the shapes the report is meant to find are in the data: social is the
#     worst channel, NPS drops in April, installation contacts repeat more
#     than 15% of the time, the pilot team has the fewest answers;
#   - the rollups load, every report block runs and returns rows;
#   - the SLA verdicts (sla_met, sla_time, sla_breach_at under a policy per
#     channel), the repeat contacts (contact_agg) and the stage funnel
#     (funnel_agg) equal plain SQL over the events, ticket by ticket or
#     topic by topic;
#   - every view of examples/bi_views.sql has only the plain column types
#     BI tools read (date, text, bigint, numeric, interval, boolean), checked
#     from the catalog (and the check catches a view with another type), and
#     returns rows;
#   - two views against plain SQL over the raw rows: monthly NPS per channel
#     from the score counts, monthly disputes per shop from the refund
#     events;
#   - the visual report (examples/demo/charts.sql, report_html.js with
#     ECharts from npm) opened in headless Chromium: every chart finished
#     drawing with SVG shapes, no script error, and a screenshot is written.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/chromium.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1
cd /    # the postgres OS user runs the server commands: a directory it can read

export PGTZ=UTC PGDATESTYLE="ISO, YMD"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1" 2>&1; }
run_file() { psql -X -q -v ON_ERROR_STOP=1 "$@" 2>&1 >/dev/null; }
DEMO="$SQ_REPO/examples/demo"

sq_cluster_start demo "work_mem = 64MB" || { tap_result fail "the demo cluster starts"; tap_done; exit 1; }
q 'CREATE EXTENSION svcquality' >/dev/null

# --- the generator ----------------------------------------------------------------
out=$(run_file -v size=small -f "$DEMO/generate.sql")
tap_empty "generate.sql size=small runs" "$out"
tap_is "small: 5000 responses, tickets, refunds; 15000 orders; 1250 customers" "5000|5000|5000|15000|1250" \
    "$(q 'SELECT (SELECT count(*) FROM crm.survey_responses), (SELECT count(*) FROM crm.tickets),
                 (SELECT count(*) FROM crm.refunds), (SELECT count(*) FROM crm.orders), (SELECT count(*) FROM crm.customers)')"
digest="SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM (
            SELECT s::text AS x FROM crm.survey_responses s UNION ALL SELECT e::text FROM crm.ticket_events e
            UNION ALL SELECT e::text FROM crm.refund_events e) AS t"
first=$(q "$digest")
run_file -v size=small -f "$DEMO/generate.sql" >/dev/null
tap_is "a second run generates the same rows" "$first" "$(q "$digest")"
tap_is "an unknown size is refused" "22023" \
    "$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -v size=huge -f "$DEMO/generate.sql" 2>&1 |
       sed -n 's/.*ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -n 1)"
tap_is "every ticket has an opened event, refunds have requested events" "0|0" \
    "$(q "SELECT (SELECT count(*) FROM crm.tickets t WHERE NOT EXISTS
                    (SELECT FROM crm.ticket_events e WHERE e.ticket_id = t.ticket_id AND e.stage = 'opened')),
                 (SELECT count(*) FROM crm.refunds r WHERE NOT EXISTS
                    (SELECT FROM crm.refund_events e WHERE e.refund_id = r.refund_id AND e.stage = 'requested'))")"
tap_is "refund events include duplicated rows" "t" \
    "$(q 'SELECT count(*) > count(DISTINCT (refund_id, stage, at)) FROM crm.refund_events')"

# --- shapes, in plain SQL over the raw rows ---------------------------------------
plain_nps="100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) / count(*)"
tap_is "social is the channel with the lowest NPS" "social" \
    "$(q "SELECT channel FROM crm.survey_responses GROUP BY channel ORDER BY $plain_nps LIMIT 1")"
tap_is "April has the lowest monthly NPS" "2026-04" \
    "$(q "SELECT to_char(answered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') FROM crm.survey_responses
          WHERE answered_at < '2026-07-01 00:00+08' GROUP BY 1 ORDER BY $plain_nps LIMIT 1")"
tap_is "installation contacts repeat within 7 days more than 15% of the time, no other topic does" "installation" \
    "$(q "SELECT string_agg(topic, ',') FROM (
            SELECT topic, avg(coalesce(next_at <= opened_at + interval '7 days', false)::int::float8) AS rate
            FROM (SELECT topic, opened_at, lead(opened_at) OVER (PARTITION BY customer_id, topic ORDER BY opened_at, ticket_id) AS next_at
                  FROM crm.tickets) AS c GROUP BY topic) AS r WHERE rate > 0.15")"
tap_is "the pilot team has the fewest answers" "Pilot" \
    "$(q 'SELECT team FROM crm.survey_responses GROUP BY team ORDER BY count(*) LIMIT 1')"

# --- rollups and the report -------------------------------------------------------
out=$(run_file -f "$DEMO/rollups.sql")
tap_empty "rollups.sql runs" "$out"
for block in "$DEMO"/report/*.sql; do
    name=$(basename "$block")
    if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -f "$block" 2>&1); then
        if [ -n "$out" ]; then tap_result ok "report block $name returns rows"; else
            tap_result fail "report block $name returns rows" "no rows"; fi
    else
        tap_result fail "report block $name runs" "$out"
    fi
done

# --- the SLA, repeat-contact and funnel blocks against plain SQL over the events ---
# SLA verdicts: working time (business_time) between the events, against the
# policy's target of the priority in force when the clock stopped
# (escalations only raise it, so that is the binding target); resolution
# sums the working time over a reopening; an open ticket is breached once
# its working time since the opening reached the target, else undecided.
sla_plain="
WITH e AS (
    SELECT ticket_id, stage, at, min(at) OVER w AS first_at,
           min(at) FILTER (WHERE stage = 'customer_replied') OVER w AS cust
    FROM crm.ticket_events WINDOW w AS (PARTITION BY ticket_id)),
x AS (
    SELECT ticket_id, min(at) FILTER (WHERE stage = 'opened') AS opened,
           min(at) FILTER (WHERE stage = 'replied') AS replied1, min(cust) AS cust,
           min(at) FILTER (WHERE stage = 'replied' AND at >= cust) AS replied2,
           min(at) FILTER (WHERE stage = 'resolved') AS resolved1, min(at) FILTER (WHERE stage = 'reopened') AS reopened,
           max(at) FILTER (WHERE stage = 'resolved') AS resolved2, max(at) AS last_at,
           min(at) FILTER (WHERE stage LIKE 'priority:%' AND at > first_at) AS esc_at
    FROM e GROUP BY ticket_id),
p AS (
    SELECT x.ticket_id, s.policy, x.esc_at, t.priority AS p0,
           CASE t.priority WHEN 'normal' THEN 'high' ELSE 'urgent' END AS p1,
           business_time(x.opened, x.replied1, tm.hours) AS fr, x.replied1 AS fr_stop,
           business_time(x.cust, x.replied2, tm.hours) AS nr, x.replied2 AS nr_stop,
           business_time(x.opened, coalesce(x.resolved1, x.last_at), tm.hours)
               + coalesce(business_time(x.reopened, x.resolved2, tm.hours), interval '0') AS rs,
           coalesce(x.resolved2, x.last_at) AS rs_stop, x.resolved1 IS NOT NULL AS rs_stopped
    FROM x JOIN crm.tickets t USING (ticket_id) JOIN crm.teams tm USING (team) JOIN crm.sla_policies s USING (channel)),
v AS (
    SELECT ticket_id, fr,
           fr <= (policy -> 'first_reply' ->> CASE WHEN esc_at <= fr_stop THEN p1 ELSE p0 END)::interval AS fr_met,
           nr <= (policy -> 'next_reply' ->> CASE WHEN esc_at <= nr_stop THEN p1 ELSE p0 END)::interval AS nr_met,
           CASE WHEN rs <= (policy -> 'resolution' ->> CASE WHEN esc_at <= rs_stop THEN p1 ELSE p0 END)::interval
                THEN CASE WHEN rs_stopped THEN true END ELSE false END AS rs_met
    FROM p)"
tap_is "SLA first reply, next reply, resolution: sla_time and sla_met equal plain working time against the policy, ticket by ticket (some breached)" \
    "0|0|0|0|t|t|t" \
    "$(q "$sla_plain
          SELECT count(*) FILTER (WHERE v.fr IS DISTINCT FROM f.first_reply),
                 count(*) FILTER (WHERE v.fr_met IS DISTINCT FROM f.first_reply_met),
                 count(*) FILTER (WHERE v.nr_met IS DISTINCT FROM f.next_reply_met),
                 count(*) FILTER (WHERE v.rs_met IS DISTINCT FROM f.resolution_met),
                 bool_or(NOT v.fr_met), bool_or(NOT v.nr_met), bool_or(NOT v.rs_met)
          FROM v FULL JOIN crm.ticket_facts f USING (ticket_id)")"
tap_is "SLA: a breached first reply breached when its working time reached the target of its priority" "0|t" \
    "$(q "SELECT count(*) FILTER (WHERE f.first_reply_breach_at IS NULL
                                  OR business_time(f.opened_at, f.first_reply_breach_at, tm.hours)
                                     <> (s.policy -> 'first_reply' ->> f.priority)::interval),
                 count(*) > 0
          FROM crm.ticket_facts f JOIN crm.teams tm USING (team) JOIN crm.sla_policies s USING (channel)
          WHERE NOT f.first_reply_met")"
tap_is "repeat contacts per topic from the daily contact states equal lead() over the tickets" "" \
    "$(q "SELECT string_agg(format('%s: %s/%s vs %s/%s', topic, r.repeated, r.contacts, p.repeated, p.contacts), '; ')
          FROM contact_repeats((SELECT contact_agg(contacts) FROM crm.daily_contacts)) AS r
          FULL JOIN (SELECT topic, count(*) AS contacts,
                            count(*) FILTER (WHERE next_at <= opened_at + interval '7 days') AS repeated
                     FROM (SELECT topic, opened_at,
                                  lead(opened_at) OVER (PARTITION BY customer_id, topic ORDER BY opened_at, ticket_id) AS next_at
                           FROM crm.tickets) AS c GROUP BY topic) AS p USING (topic)
          WHERE r.contacts IS DISTINCT FROM p.contacts OR r.repeated IS DISTINCT FROM p.repeated")"
tap_is "the funnel's tickets per stage equal the tickets with an event of the stage" \
    "opened replied waiting_on_customer customer_replied resolved reopened|" \
    "$(q "SELECT string_agg(f.stage, ' ' ORDER BY f.position),
                 string_agg(format('%s: %s vs %s', stage, f.cases, p.tickets), '; ')
                     FILTER (WHERE f.cases IS DISTINCT FROM p.tickets)
          FROM funnel_stages((SELECT funnel_agg(funnel) FROM crm.daily_tickets)) AS f
          FULL JOIN (SELECT stage, count(DISTINCT ticket_id) AS tickets FROM crm.ticket_events
                     WHERE stage NOT LIKE 'priority:%' GROUP BY stage) AS p USING (stage)")"

# --- BI views ----------------------------------------------------------------------
out=$(run_file -f "$SQ_REPO/examples/bi_views.sql")
tap_empty "bi_views.sql runs" "$out"
# columns of the views of a schema whose type a BI tool may not read
bad_types() {
    q "SELECT string_agg(format('%s.%s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                         ORDER BY c.relname, a.attnum)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE n.nspname = '$1' AND c.relkind IN ('v', 'm')
         AND a.atttypid NOT IN ('date'::regtype, 'text'::regtype, 'bigint'::regtype, 'numeric'::regtype,
                                'interval'::regtype, 'boolean'::regtype)"
}
q "CREATE SCHEMA bi_bad; CREATE VIEW bi_bad.v AS SELECT day, nps FROM crm.daily_surveys" >/dev/null
tap_is "the type check catches a view with a state column" "v.nps rating_state" "$(bad_types bi_bad)"
views=$(q "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
           WHERE relnamespace = 'bi'::regnamespace AND relkind = 'v'")
tap_is "the BI views" "key_drivers nps_daily nps_monthly refund_rates_monthly refunds_daily satisfaction_monthly sla_daily" "$views"
tap_is "every BI view column has a plain type" "" "$(bad_types bi)"
for view in $views; do
    tap_is "bi.$view returns rows" "t" "$(q "SELECT count(*) > 0 FROM bi.$view")"
done
tap_is "bi.nps_monthly equals NPS from the raw score counts" "" \
    "$(q "SELECT string_agg(format('%s %s: %s vs %s', month, channel, v.nps, p.nps), '; ')
          FROM bi.nps_monthly v
          FULL JOIN (SELECT date_trunc('month', answered_at AT TIME ZONE 'Asia/Shanghai')::date AS month, channel,
                            round($plain_nps, 2) AS nps, count(*) AS responses
                     FROM crm.survey_responses GROUP BY 1, 2) AS p USING (month, channel)
          WHERE v.nps IS DISTINCT FROM p.nps OR v.responses IS DISTINCT FROM p.responses")"
tap_is "bi.refund_rates_monthly disputes equal refunds with an intervened event, per shop and month" "" \
    "$(q "SELECT string_agg(format('%s %s: %s vs %s', month, shop, v.disputes, p.disputes), '; ')
          FROM (SELECT month, shop, disputes FROM bi.refund_rates_monthly) AS v
          FULL JOIN (SELECT month, shop, sum(d)::bigint AS disputes FROM (
                       SELECT date_trunc('month', min(e.at) FILTER (WHERE e.stage = 'requested') AT TIME ZONE 'Asia/Shanghai')::date AS month,
                              format('shop %s', o.shop_id) AS shop, bool_or(e.stage = 'intervened')::int AS d
                       FROM crm.refund_events e JOIN crm.refunds r USING (refund_id) JOIN crm.orders o USING (order_id)
                       GROUP BY e.refund_id, o.shop_id) AS x GROUP BY 1, 2) AS p USING (month, shop)
          WHERE v.disputes IS DISTINCT FROM p.disputes")"

# --- the visual report in headless Chromium ---------------------------------------
bash "$SQ_REPO/test/scripts/install-deps.sh" chromium nodejs npm >/dev/null
html="$SQ_WORK/demo-html"
mkdir -p "$html"
if (cd "$html" && npm install --no-audit --no-fund --silent echarts@5 >/dev/null 2>&1) &&
    psql -X -At -v ON_ERROR_STOP=1 -f "$DEMO/charts.sql" >"$html/charts.json" 2>&1 &&
    node "$DEMO/report_html.js" "$html/charts.json" "$html/node_modules/echarts/dist/echarts.min.js" \
        "$html/report.html" 2>&1; then
    tap_result ok "the HTML report is written"
else
    tap_result fail "the HTML report is written" "$(cat "$html/charts.json" 2>/dev/null | head -c 2000)"
fi
chromium_run() { sq_chromium "$html" 1400,1500 "$html/report.html" "$@"; }
chromium_run --dump-dom >"$html/dom.html"
for chart in nps_trend refund_times quadrant sla pareto funnel; do
    shapes=$(sq_chart_shapes "$html/dom.html" "$chart")
    if [ "${shapes:-0}" -ge 10 ]; then
        tap_result ok "chart $chart drew ($shapes SVG shapes)"
    else
        tap_result fail "chart $chart drew" "rendered shapes: '${shapes:-none}'"
    fi
done
tap_is "no script errors in the page" "" "$(grep -o 'data-errors="[^"]*"' "$html/dom.html")"
chromium_run --screenshot="$html/report.png" >/dev/null
tap_is "a screenshot is written" "t" "$([ "$(stat -c %s "$html/report.png" 2>/dev/null || echo 0)" -gt 20000 ] && echo t || echo f)"
tap_done
