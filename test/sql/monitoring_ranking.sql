-- Fair rankings by empirical Bayes: rates shrunk toward a beta prior,
-- NPS toward a Dirichlet prior, both fitted by the method of moments.  The
-- prior is recomputed here in plain SQL from its formula;
-- monitoring_crosscheck.sh checks the same functions against NumPy and
-- scipy.stats.beta on generated data.

CREATE TEMP TABLE agents (agent text, resolved proportion_state, ratings rating_state);
INSERT INTO agents VALUES
    ('ana',   proportion_of(4, 4),     'v1 10:3 9:1'),            -- 4 surveys, all promoters
    ('ben',   proportion_of(300, 400), 'v1 10:150 8:150 3:100'),
    ('chen',  proportion_of(150, 250), 'v1 9:100 7:80 2:70'),
    ('dara',  proportion_of(90, 100),  'v1 10:60 8:25 5:15'),
    ('eli',   proportion_of(60, 100),  'v1 9:35 7:30 6:35');

-------------------------------------------------------------------------------
-- proportion_prior and proportion_ranking
-------------------------------------------------------------------------------

-- The method of moments by hand (Kleinman 1973): pooled p = 604/854,
-- S = sum n_i (p_i - p)^2 + sum n_i ((1 - p_i) - (1 - p))^2 (both
-- categories), V = 2 p (1 - p), D = N - sum n_i^2 / N - (k - 1),
-- rho = (S / V - (k - 1)) / D, strength A = 1 / rho - 1.
WITH g AS (SELECT proportion_successes(resolved)::float8 AS x, proportion_trials(resolved)::float8 AS n FROM agents),
     t AS (SELECT sum(x) / sum(n) AS p, sum(n) AS big_n, sum(n * n) AS n2, count(*) AS k FROM g),
     m AS (SELECT p, (SELECT 2 * sum(n * (x / n - p) ^ 2) FROM g) / (2 * p * (1 - p)) AS s_over_v,
                  big_n - n2 / big_n - (k - 1) AS d, k FROM t),
     hand AS (SELECT p, 1 / ((s_over_v - (k - 1)) / d) - 1 AS strength FROM m)
SELECT f.groups, round(f.mean::numeric, 6) AS mean, round(f.between_sd::numeric, 6) AS between_sd,
       round(f.strength::numeric, 4) AS strength, round(f.alpha::numeric, 4) AS alpha, round(f.beta::numeric, 4) AS beta,
       abs(f.strength - hand.strength) < 1e-9 * hand.strength AS strength_by_hand,
       abs(f.alpha - hand.p * hand.strength) < 1e-9 * f.alpha AS alpha_by_hand,
       abs(f.between_sd - sqrt(hand.p * (1 - hand.p) / (hand.strength + 1))) < 1e-12 AS sd_by_hand
FROM hand, proportion_prior((SELECT array_agg(resolved) FROM agents)) AS f;

-- ana's 4 of 4 is the best raw rate but ranks below dara's 90 of 100: her
-- shrunken rate (alpha + 4) / (alpha + beta + 4) stays near the mean and
-- her lower bound is low
SELECT label, successes, trials, round(estimate::numeric, 4) AS estimate, round(shrunken::numeric, 4) AS shrunken,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper, rank, round(percentile::numeric, 4) AS percentile
FROM proportion_ranking((SELECT array_agg(agent ORDER BY agent) FROM agents),
                        (SELECT array_agg(resolved ORDER BY agent) FROM agents))
ORDER BY rank;
-- the posterior by hand: Beta(alpha + x, beta + n - x), its mean and its
-- 2.5% quantile (as the inverse of the regularized incomplete beta)
SELECT r.label, abs(r.shrunken - (f.alpha + r.successes) / (f.alpha + f.beta + r.trials)) < 1e-12 AS mean_by_hand
FROM proportion_prior((SELECT array_agg(resolved) FROM agents)) AS f,
     proportion_ranking((SELECT array_agg(agent ORDER BY agent) FROM agents),
                        (SELECT array_agg(resolved ORDER BY agent) FROM agents)) AS r
ORDER BY r.label;

-- lower is better (say, a complaint rate): ranked by the upper bound, smallest first
SELECT label, round(shrunken::numeric, 4) AS shrunken, round(upper::numeric, 4) AS upper, rank
FROM proportion_ranking(ARRAY['a', 'b', 'c'], ARRAY[proportion_of(0, 3), proportion_of(5, 200), proportion_of(20, 210)],
                        0.95, higher_is_better => false)
ORDER BY rank;

-- Edge cases.  One group: no prior (NULL); the group keeps its raw rate
-- and has no shrunken figures and no rank
SELECT * FROM proportion_prior(ARRAY[proportion_of(3, 10)]);
SELECT * FROM proportion_ranking(ARRAY['only'], ARRAY[proportion_of(3, 10)]);
-- identical groups vary less than chance: strength Infinity, every group
-- is estimated by the pooled rate, and they share rank 1
SELECT groups, mean, between_sd, strength, alpha, beta FROM proportion_prior(ARRAY[proportion_of(30, 100), proportion_of(30, 100)]);
SELECT label, estimate, shrunken, lower, upper, rank, percentile
FROM proportion_ranking(ARRAY['x', 'y'], ARRAY[proportion_of(30, 100), proportion_of(30, 100)]);
-- all successes everywhere: complete pooling at 1
SELECT groups, mean, strength, alpha, beta FROM proportion_prior(ARRAY[proportion_of(5, 5), proportion_of(9, 9)]);
-- a group without data (an empty or a NULL state) keeps its row, unranked;
-- groups of one response each (D = 0) cannot fit a prior
SELECT label, successes, trials, estimate, shrunken, rank
FROM proportion_ranking(ARRAY['a', 'b', 'c', 'd'], ARRAY[proportion_of(1, 1), proportion_of(0, 0), proportion_of(0, 1), NULL]);
SELECT * FROM proportion_prior(ARRAY[]::proportion_state[]);
-- whatever their number, also when all answer alike: D was summed an ulp
-- either side of 0, so 9, 10 and 13 groups of one success (or one
-- promoter, or one weighted promoter) got an Infinity strength and shared
-- rank 1, where 2 to 8, 11 and 12 got none
SELECT count(*) AS group_counts,
       count(*) FILTER (WHERE (SELECT strength FROM proportion_prior(array_fill(proportion_of(1, 1), ARRAY[k]))) IS NULL
                          AND (SELECT strength FROM nps_prior(array_fill('v1 9:1'::rating_state, ARRAY[k]))) IS NULL
                          AND (SELECT strength FROM nps_prior(array_fill('v1 weighted sumsq=4 9:1:2'::rating_state, ARRAY[k]))) IS NULL
                          AND (SELECT count(rank) FROM nps_ranking(ARRAY(SELECT 'agent ' || i FROM generate_series(1, k) AS i),
                                                                   array_fill('v1 9:1'::rating_state, ARRAY[k]))) = 0)
           AS without_prior
FROM generate_series(2, 100) AS k;
-- also one weighted response typed with a sum of squares within its input
-- slack (its effective n came out 1.0000000000000004: Infinity, rank 1)
SELECT strength FROM nps_prior(array_fill('v1 weighted sumsq=0.9999999999999996 9:1:1'::rating_state, ARRAY[5]));

-------------------------------------------------------------------------------
-- nps_prior and nps_ranking
-------------------------------------------------------------------------------

-- The Dirichlet prior by hand, over promoter/passive/detractor counts:
-- S = sum_i n_i sum_j (x_ij / n_i - pi_j)^2, V = sum_j pi_j (1 - pi_j),
-- rho = (S / V - (k - 1)) / D as above
WITH g AS (SELECT nps_promoters(ratings)::float8 AS p, nps_passives(ratings)::float8 AS q,
                  nps_detractors(ratings)::float8 AS d, nps_responses(ratings)::float8 AS n FROM agents),
     t AS (SELECT sum(p) / sum(n) AS pp, sum(q) / sum(n) AS pq, sum(d) / sum(n) AS pd,
                  sum(n) AS big_n, sum(n * n) AS n2, count(*) AS k FROM g),
     m AS (SELECT pp, pd, (SELECT sum(n * ((p / n - pp) ^ 2 + (q / n - pq) ^ 2 + (d / n - pd) ^ 2)) FROM g)
                           / (pp * (1 - pp) + pq * (1 - pq) + pd * (1 - pd)) AS s_over_v,
                  big_n - n2 / big_n - (k - 1) AS dd, k FROM t)
SELECT f.groups, round(f.nps::numeric, 4) AS nps, round(f.between_sd::numeric, 4) AS between_sd,
       round(f.strength::numeric, 4) AS strength,
       abs(f.strength - (1 / ((s_over_v - (k - 1)) / dd) - 1)) < 1e-9 * f.strength AS strength_by_hand,
       abs(f.nps - 100 * (pp - pd)) < 1e-12 AS nps_by_hand
FROM m, nps_prior((SELECT array_agg(ratings) FROM agents)) AS f;

-- ana (NPS 100 from 4 surveys) does not top the league: dara (NPS 45 from
-- 100) does, by the lower bound
SELECT label, effective_n, round(estimate::numeric, 2) AS estimate, round(shrunken::numeric, 2) AS shrunken,
       round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper, rank, round(percentile::numeric, 4) AS percentile
FROM nps_ranking((SELECT array_agg(agent ORDER BY agent) FROM agents),
                 (SELECT array_agg(ratings ORDER BY agent) FROM agents))
ORDER BY rank;
-- ana's posterior by hand: Dirichlet(A pi + x), a0 = A + 4, NPS mean
-- (a_P - a_D) / a0
SELECT abs(r.shrunken - 100 * ((f.strength * f.promoter_share + 4) - f.strength * f.detractor_share) / (f.strength + 4))
       < 1e-9 AS ana_by_hand
FROM nps_prior((SELECT array_agg(ratings) FROM agents)) AS f,
     nps_ranking((SELECT array_agg(agent ORDER BY agent) FROM agents),
                 (SELECT array_agg(ratings ORDER BY agent) FROM agents)) AS r
WHERE r.label = 'ana';

-- edge cases: one group; empty states
SELECT * FROM nps_prior(ARRAY['v1 10:3 0:1'::rating_state]);
SELECT label, effective_n, estimate, shrunken, rank FROM nps_ranking(ARRAY['a', 'b'], ARRAY['v1', 'v1 9:2 0:2']::rating_state[]);
-- a weighted group's size is Kish's effective n, as nps_effective_n, not
-- its 11 responses
SELECT r.label, nps_responses(s.st) AS responses, round(r.effective_n::numeric, 4) AS effective_n,
       r.effective_n = nps_effective_n(s.st) AS as_nps_effective_n
FROM (VALUES ('v1 weighted sumsq=21.25 0:1:0.5 3:1:3 7:1:1 8:1:1 9:1:2 10:6:6'::rating_state)) AS s(st),
     nps_ranking(ARRAY['w', 'u'], ARRAY[s.st, 'v1 9:5 7:3 0:2'::rating_state]) AS r
WHERE r.label = 'w';

-- Counts far beyond a survey's: D summed per group from the others (10^18
-- trials beside 2 gave D = -1 by cancellation, and no prior, for D = 3;
-- every response a failure, so the strength is Infinity), and the beta
-- interval of a group of 0 in 8.2e11 whose posterior has a = 0.227: its
-- lower bound is the 0.005 quantile, 6.0916e-23 by the gamma limit
-- (gammaincinv(a, 0.005) / b), where the incomplete beta's series lost its
-- first terms and the bound came out as 1 - 1/e, above the group's upper
-- bound, and ranked it first
SELECT groups, strength, alpha, beta
FROM proportion_prior(ARRAY[proportion_of(0, 1000000000000000000), proportion_of(0, 2)]);
-- Rates near 0: the failures' deviations, (n - x) / n - (1 - p), cancelled
-- between numbers near 1 and the strength lost 5 digits at rates of 1e-12
-- (1888451619617.1 for 1888407367260.8).  The formula of the first query in
-- numeric arithmetic, with 40 decimals, agrees to 1e-12.
CREATE TEMP TABLE tiny_rates AS
SELECT proportion_of(x, n) AS s, x::numeric(80, 40) AS x, n::numeric(80, 40) AS n
FROM (VALUES (0, 500000000000), (1, 400000000000), (3, 900000000000), (0, 700000000000),
             (2, 300000000000), (1, 800000000000), (0, 600000000000), (4, 1000000000000)) AS v(x, n);
WITH t AS (SELECT sum(x) / sum(n) AS p, sum(n) AS big_n, sum(n * n) AS n2, count(*) AS k FROM tiny_rates),
     m AS (SELECT p, (SELECT 2 * sum(n * (x / n - p) * (x / n - p)) FROM tiny_rates) / (2 * p * (1 - p)) AS s_over_v,
                  big_n - n2 / big_n - (k - 1) AS d, k FROM t),
     hand AS (SELECT round(1 / ((s_over_v - (k - 1)) / d) - 1, 1) AS strength FROM m)
SELECT hand.strength AS strength_in_numeric,
       abs(f.strength::numeric - hand.strength) < 1e-12 * hand.strength AS agrees
FROM hand, proportion_prior((SELECT array_agg(s) FROM tiny_rates)) AS f;
SELECT label, lower < shrunken AND shrunken < upper AS ordered,
       CASE WHEN label = 'g3' THEN lower BETWEEN 6.0915e-23 AND 6.0917e-23 END AS gamma_limit, rank
FROM proportion_ranking(ARRAY['g0', 'g1', 'g2', 'g3'],
                        ARRAY[proportion_of(0, 612045603409), proportion_of(279195813876, 861181972485),
                              proportion_of(0, 5), proportion_of(0, 817296021396)], 0.99)
ORDER BY label;
-- the counts columns are the states' own, past 2^53 too (through doubles,
-- 2^63 - 1 trials came back as -2^63, and 9223372036854775000 as
-- 9223372036854774784)
SELECT label, successes, trials
FROM proportion_ranking(ARRAY['a', 'b', 'c'],
                        ARRAY[proportion_of(4611686018427387904, 9223372036854775807),
                              proportion_of(9007199254740993, 9223372036854775000), proportion_of(3, 5)])
ORDER BY label;
