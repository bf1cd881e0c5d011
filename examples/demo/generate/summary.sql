-- The demo CRM generator, part 4 of 4 (examples/demo/generate.sql): table
-- comments and the row counts.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
COMMENT ON TABLE crm.settings IS 'demo CRM: the generated size';
COMMENT ON TABLE crm.teams IS 'demo CRM: support teams, their business calendars and agents';
COMMENT ON TABLE crm.agents IS 'demo CRM: agents and their teams';
COMMENT ON TABLE crm.channels IS 'demo CRM: contact channels and the parameters they were generated with';
COMMENT ON TABLE crm.topics IS 'demo CRM: contact topics and their chance of a repeat contact';
COMMENT ON TABLE crm.customers IS 'demo CRM: customers, segment and VIP flag';
COMMENT ON TABLE crm.shops IS 'demo CRM: shops and their top-level categories';
COMMENT ON TABLE crm.category_benchmarks IS 'demo CRM: platinum values of the after-sales composite per category';
COMMENT ON TABLE crm.tickets IS 'demo CRM: service tickets (contacts), topic, channel, team, agent; repeat_of links a repeat contact';
COMMENT ON TABLE crm.survey_responses IS 'demo CRM: survey responses: NPS 0-10, overall 1-5, six dimensions and two expectations 1-5';
COMMENT ON TABLE crm.orders IS 'demo CRM: paid orders, shipping and receipt';
COMMENT ON TABLE crm.refunds IS 'demo CRM: refunds, the order and the handling agent';
COMMENT ON TABLE crm.contact_volumes IS 'demo CRM: contacts per half hour, team and channel';
SELECT (SELECT count(*) FROM crm.survey_responses) AS survey_responses,
       (SELECT count(*) FROM crm.tickets) AS tickets, (SELECT count(*) FROM crm.ticket_events) AS ticket_events,
       (SELECT count(*) FROM crm.refunds) AS refunds, (SELECT count(*) FROM crm.refund_events) AS refund_events,
       (SELECT count(*) FROM crm.orders) AS orders \gx
