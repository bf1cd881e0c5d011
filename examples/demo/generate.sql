-- The demo CRM: a deterministic, set-based generator of a shop platform's
-- after-sales data, in schema crm.  Run with psql:
--
--   psql -v size=small   -f examples/demo/generate.sql   -- 5 000 of each, seconds (tests)
--   psql                 -f examples/demo/generate.sql   -- default: 1 000 000 of each
--   psql -v size=large   -f examples/demo/generate.sql   -- 5 000 000 of each (benchmarks)
--
-- "Of each": survey responses, tickets and refunds; their events, orders,
-- customers, agents and interval volumes scale with them.  Every random
-- draw is a hash of a row's id and a draw number (crm.u), so the same size
-- gives the same data on every run and machine: no row loops, no random().
--
-- Shapes built in, for the report to find:
--   * durations are log-normal (a median and a spread per channel and step);
--   * weekly and daily seasonality: weekend contacts partly wait for Monday,
--     a day peaks in the afternoon;
--   * the social channel is clearly worse (slower, lower NPS);
--   * NPS drops in April 2026 (a delivery partner's strike);
--   * contacts about installation are repeated within 7 days more than 15%
--     of the time;
--   * the pilot team (4 agents) looks best, by the luck of small numbers:
--     its customers are hardly more satisfied than everyone's (an edge well
--     within its noise, and it only takes chats), but it has few answers;
--   * refunds follow the four paths, with out-of-order and duplicated event
--     rows, disputes and platform rulings.
-- Requires the svcquality extension (business calendars).
--
-- The generator is in four parts, run in this order; the tickets and the
-- refunds are independent of each other, and examples/demo.sh runs those
-- two in concurrent sessions:
--   generate/setup.sql    the size, the draw functions, teams, agents,
--                         channels, topics, customers, shops;
--   generate/tickets.sql  tickets, their events, survey responses, volumes;
--   generate/refunds.sql  orders, refunds and their events;
--   generate/summary.sql  comments, statistics and the row counts.
\set ON_ERROR_STOP 1
\ir generate/setup.sql
\ir generate/tickets.sql
\ir generate/refunds.sql
\ir generate/summary.sql
