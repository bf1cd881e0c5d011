-- The methodology's headcount formulas (docs/methodology.md, staffing
-- formulas): a volume divided by what one agent handles in the same time.
-- Every expected value below is worked out by hand in the comment above it.

-- Reception: 1,200 chat inquiries a day, 80 chats per agent per day
--   1200 / 80 = 15 agents; with 25% shrinkage 15 / 0.75 = 20 scheduled.
-- Review: 900 orders to review a day, 120 reviews per agent per day
--   900 / 120 = 7.5 agents -> 8 scheduled; with 10% shrinkage
--   7.5 / 0.9 = 8.33 -> 9.
SELECT * FROM reception_agents(1200, 80);
SELECT * FROM reception_agents(1200, 80, shrinkage => 0.25);
SELECT * FROM review_agents(900, 120);
SELECT * FROM review_agents(daily_orders_to_review => 900, reviews_per_agent_per_day => 120,
                            shrinkage => 0.1);

-- Refund: the cycle is read as the days of a month in which that month's
-- refunds are handled, so the formula is (refunds / month) / (days / month)
-- / (refunds / agent / day) = agents.  6,600 refunds a month, 25 per agent
-- per day, 22 working days: 6600 / 25 = 264 agent-days a month, / 22 = 12
-- agents.  The same month handled on all 30 days: 264 / 30 = 8.8 -> 9.
SELECT * FROM refund_agents(6600, 25, 22);
SELECT * FROM refund_agents(monthly_refunds => 6600, refunds_per_agent_per_day => 25,
                            handling_cycle_days => 30);
-- the same as reception_agents over the daily volume, by construction
SELECT r.agents = d.agents AS same_as_daily_volume
FROM refund_agents(6600, 25, 22) AS r, reception_agents(6600 / 22.0, 25) AS d;

-- Zero volume needs nobody; a fraction of an agent is one scheduled agent
SELECT * FROM reception_agents(0, 80);
SELECT * FROM review_agents(1, 120);
-- -0 is 0 (it gave agents -0)
SELECT * FROM reception_agents('-0', 80);
SELECT input, same_as_0 FROM (VALUES
    ('reception_agents daily_chat_inquiries',
     reception_agents('-0', 80)::text = reception_agents(0, 80)::text),
    ('reception_agents shrinkage',
     reception_agents(100, 80, '-0')::text = reception_agents(100, 80, 0)::text),
    ('review_agents daily_orders_to_review',
     review_agents('-0', 120)::text = review_agents(0, 120)::text),
    ('refund_agents monthly_refunds',
     refund_agents('-0', 25, 22)::text = refund_agents(0, 25, 22)::text),
    ('refund_agents shrinkage',
     refund_agents(6600, 25, 22, '-0')::text = refund_agents(6600, 25, 22, 0)::text)
) AS t(input, same_as_0);

-- Rounding up ignores floating-point noise in the quotient: 0.3 / 0.1 is
-- 2.9999999999999996 and 2.1 / 0.7 is 3.0000000000000004 in binary,
-- both 3 agents; 3.000001 is more than 3 and needs 4.
SELECT agents, scheduled_agents FROM reception_agents(0.3, 0.1);
SELECT agents, scheduled_agents FROM reception_agents(2.1, 0.7);
SELECT agents, scheduled_agents FROM reception_agents(3.000001, 1);
-- 7 agents with 30% shrinkage: 7 / 0.7 = 10 (10.000000000000002 in binary)
SELECT scheduled_agents FROM reception_agents(7, 1, 0.3);

-- STRICT: NULL in, NULL out
SELECT r IS NULL AS null_volume FROM reception_agents(NULL, 80) AS r;
SELECT (refund_agents(6600, 25, NULL)).agents IS NULL AS null_cycle;
