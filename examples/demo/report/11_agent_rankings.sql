-- Agent rankings with shrinkage (empirical Bayes): the ten agents with the
-- highest raw NPS, their NPS pulled toward the common mean by how little
-- data they have, and their rank by the lower bound of the credible
-- interval among all agents.  The pilot's agents have a few dozen answers.
WITH per_agent AS (
    SELECT a.name, nps_agg(s.nps_score) AS st, count(*) AS responses
    FROM crm.survey_responses s JOIN crm.agents a USING (agent_id) GROUP BY a.name),
ranked AS (
    SELECT r.*, p.responses, count(*) OVER () AS agents, rank() OVER (ORDER BY r.estimate DESC) AS raw_rank
    FROM (SELECT array_agg(name ORDER BY name) AS labels, array_agg(st ORDER BY name) AS states FROM per_agent) AS g,
         nps_ranking(labels, states) AS r JOIN per_agent AS p ON p.name = r.label)
SELECT label AS agent, responses, round(estimate::numeric, 1) AS raw_nps, raw_rank,
       round(shrunken::numeric, 1) AS shrunken,
       format('%s to %s', round(lower::numeric, 1), round(upper::numeric, 1)) AS interval,
       rank, agents
FROM ranked ORDER BY estimate DESC, label LIMIT 10;
