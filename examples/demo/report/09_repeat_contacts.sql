-- Repeat contacts per topic: the share of contacts followed by another one
-- of the same customer on the same topic within 7 days, from the daily
-- contact states (contact_agg; merging the days finds the repeats across
-- them), with its Wilson interval.  Above 15% raises the alarm; ALARM when
-- even the interval's lower bound is above.  Undecided: contacts within 7
-- days before the data's latest contact, whose repeat may still come.
SELECT topic, contacts, repeated, round(100 * repeat_rate::numeric, 1) AS "repeat %",
       format('%s-%s', round(100 * lower::numeric, 1), round(100 * upper::numeric, 1)) AS "95% CI",
       CASE WHEN lower > 0.15 THEN 'ALARM > 15%' WHEN alarm THEN 'above 15%?' ELSE '' END AS alarm, undecided
FROM contact_repeats((SELECT contact_agg(contacts) FROM crm.daily_contacts))
ORDER BY repeat_rate DESC;
