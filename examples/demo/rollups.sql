-- The demo's rollups (docs/rollups.md): one timeline per ticket and per
-- refund from their events, then daily states in materialized views.  The
-- report and the BI views (examples/bi_views.sql) read these, as a
-- dashboard would: any period, team or channel is a merge of days.
-- Run after examples/demo/generate.sql.  The two parts are independent;
-- examples/demo.sh runs each right after its part of the generator, in
-- concurrent sessions.
\set ON_ERROR_STOP 1
\ir rollups/tickets.sql
\ir rollups/refunds.sql
