-- Service linked to outcomes: the 2x2 outcome_state and the outcome rate by
-- duration bucket (duration_outcome_state).  Figures are set against
-- published examples and hand computations; monitoring_crosscheck.sh checks
-- the same functions against statsmodels and SciPy on generated data.
SET intervalstyle = 'postgres';

-------------------------------------------------------------------------------
-- outcome_state: building, merging, reading back
-------------------------------------------------------------------------------

CREATE TEMP TABLE customers (id int, day int, score int, repurchased boolean);
INSERT INTO customers
SELECT i, i % 3, CASE WHEN i % 17 = 0 THEN NULL ELSE i % 11 END,
       CASE WHEN i % 29 = 0 THEN NULL ELSE (i * 7) % 10 < CASE WHEN i % 11 >= 8 THEN 6 ELSE 3 END END
FROM generate_series(1, 2000) AS i;
-- rows with a NULL are skipped; the counts by plain SQL
SELECT outcome_agg(score >= 8, repurchased) AS state FROM customers;
SELECT count(*) FILTER (WHERE score >= 8 AND repurchased) AS a,
       count(*) FILTER (WHERE score >= 8 AND repurchased IS NOT NULL) AS n1,
       count(*) FILTER (WHERE score < 8 AND repurchased) AS c,
       count(*) FILTER (WHERE score < 8 AND repurchased IS NOT NULL) AS n2
FROM customers;
-- daily states merged (aggregate and +) equal the state of all rows; the
-- sides read as proportion states
WITH daily AS (SELECT day, outcome_agg(score >= 8, repurchased) AS st FROM customers GROUP BY day)
SELECT outcome_agg(st)::text = (SELECT outcome_agg(score >= 8, repurchased) FROM customers)::text AS merged_equals_whole,
       (SELECT d0.st + d1.st + d2.st FROM daily d0, daily d1, daily d2 WHERE d0.day = 0 AND d1.day = 1 AND d2.day = 2)::text
       = outcome_agg(st)::text AS plus_equals_merge,
       outcome_exposed(outcome_agg(st)) AS exposed, outcome_unexposed(outcome_agg(st)) AS unexposed
FROM daily;
-- the sides by name, as every reader of a state takes it
SELECT outcome_exposed(state => s) AS exposed, outcome_unexposed(state => s) AS unexposed
FROM (SELECT 'v1 exposed=54/120 unexposed=31/180'::outcome_state AS s) AS x;
-- no rows: NULL
SELECT outcome_agg(score >= 8, repurchased) IS NULL AS no_rows FROM customers WHERE false;
-- the text form reads back (binary: state_binary_input.sql)
SELECT 'v1 exposed=54/120 unexposed=31/180'::outcome_state AS text_form,
       'v1 exposed=54/120 unexposed=31/180'::outcome_state::text::outcome_state::text
       = 'v1 exposed=54/120 unexposed=31/180' AS reads_back;

-------------------------------------------------------------------------------
-- outcome_association
-------------------------------------------------------------------------------

-- Agresti, An Introduction to Categorical Data Analysis (2nd ed., 2007),
-- §2.2-2.4: the Physicians' Health Study, myocardial infarction in 189 of
-- 11034 on placebo (the "exposed" here) and 104 of 11037 on aspirin.
-- Published: difference 0.0077 (0.005, 0.011), relative risk 1.82, odds
-- ratio 1.83 (1.44, 2.33), Pearson X^2 = 25.01 (p < 0.0001); the risk ratio's
-- Katz interval by hand (statistics_two_sample.sql): 1.4330 to 2.3059.
SELECT round(risk_difference::numeric, 4) AS difference, round(risk_difference_lower::numeric, 3) AS d_lower,
       round(risk_difference_upper::numeric, 3) AS d_upper, round(risk_ratio::numeric, 2) AS rr,
       round(risk_ratio_lower::numeric, 2) AS rr_lower, round(risk_ratio_upper::numeric, 2) AS rr_upper,
       round(odds_ratio::numeric, 3) AS odds_ratio, round(odds_ratio_lower::numeric, 2) AS or_lower,
       round(odds_ratio_upper::numeric, 2) AS or_upper, round(chi_square::numeric, 2) AS chi_square,
       p_value < 1e-4 AS p_below_1e4
FROM outcome_association(outcome_of(189, 11034, 104, 11037));
-- Woolf by hand: log OR -/+ 1.96 sqrt(1/189 + 1/10845 + 1/104 + 1/10933)
SELECT abs(odds_ratio - 189.0 * 10933 / (10845.0 * 104)) < 1e-12 AS or_by_hand,
       abs(odds_ratio_lower - exp(ln(189.0 * 10933 / (10845.0 * 104))
           - 1.959963984540054 * sqrt(1 / 189.0 + 1 / 10845.0 + 1 / 104.0 + 1 / 10933.0))) < 1e-12 AS woolf_by_hand
FROM outcome_association(outcome_of(189, 11034, 104, 11037));
-- Yates's correction: N (|ad - bc| - N/2)^2 / (product of the margins)
SELECT round(chi_square::numeric, 4) AS yates,
       round((22071 * (abs(189.0 * 10933 - 10845.0 * 104) - 22071 / 2.0) ^ 2
              / (11034.0 * 11037 * 293 * 21778))::numeric, 4) AS yates_by_hand
FROM outcome_association(outcome_of(189, 11034, 104, 11037), yates => true);
-- near independence with 10^12 a cell, ad - bc is a small difference of
-- products near 2e24: formed exactly, X^2 agrees with numeric arithmetic
-- (in doubles it kept 7 digits: 8.9400992e-8 for 8.9400999e-8)
SELECT abs(chi_square::numeric / (4000000001528::numeric * (1000000000169::numeric * 1000000000296 - 1000000000893::numeric * 1000000000170) ^ 2
           / (2000000001062::numeric * 2000000000466 * 2000000000339 * 2000000001189)) - 1) < 1e-14 AS chi_square_ok
FROM outcome_association(outcome_of(1000000000169, 2000000001062, 1000000000170, 2000000000466));

-- Fisher's tea-tasting experiment (Agresti 2007, §2.6.2, Table 2.8): 3 of
-- 4 "milk first" cups guessed right, 1 of 4 otherwise; two-sided P = 0.486
-- (one-sided 0.243).  By hand: P(3) = P(1) = 16/70, P(4) = P(0) = 1/70,
-- P(2) = 36/70: tables no more probable than the observed: 34/70.
SELECT round(fisher_p_value::numeric, 4) AS fisher_p, round((34 / 70.0)::numeric, 4) AS by_hand,
       round(chi_square::numeric, 4) AS chi_square, round(odds_ratio::numeric, 4) AS odds_ratio
FROM outcome_association(outcome_of(3, 4, 1, 4));

-- "scorers of 8+ repurchase 2.7x as often": 54 of 120 against 31 of 180
SELECT round(risk_exposed::numeric, 4) AS risk_8plus, round(risk_unexposed::numeric, 4) AS risk_rest,
       round(risk_ratio::numeric, 4) AS risk_ratio, round(risk_ratio_lower::numeric, 4) AS lower,
       round(risk_ratio_upper::numeric, 4) AS upper, round(fisher_p_value::numeric, 8) AS fisher_p
FROM outcome_association('v1 exposed=54/120 unexposed=31/180');
-- Katz by hand: log(RR) -/+ 1.96 sqrt(1/54 - 1/120 + 1/31 - 1/180)
SELECT round(exp(ln((54 / 120.0) / (31 / 180.0)) - 1.959963984540054 * sqrt(1 / 54.0 - 1 / 120.0 + 1 / 31.0 - 1 / 180.0))::numeric, 4)
       AS lower_by_hand;

-- Zero cells.  0 of 10 against 5 of 10: odds ratio 0; its interval from the
-- table with 0.5 added to every cell (Haldane-Anscombe): log(0.5 (5.5) /
-- (10.5 (5.5))) -/+ 1.96 sqrt(1/0.5 + 1/10.5 + 1/5.5 + 1/5.5); the risk
-- ratio is 0 with no interval (Katz needs both outcome counts).  Fisher:
-- 5 outcomes among 20, 10 exposed; the observed table (0 of 5 exposed) and
-- its mirror (5 of 5) each have probability C(10,5) / C(20,5) = 252/15504.
SELECT risk_ratio, risk_ratio_lower, risk_ratio_upper, odds_ratio, round(odds_ratio_lower::numeric, 6) AS or_lower,
       round(odds_ratio_upper::numeric, 4) AS or_upper, round(fisher_p_value::numeric, 6) AS fisher_p
FROM outcome_association(outcome_of(0, 10, 5, 10));
SELECT round(exp(ln(0.5 * 5.5 / (10.5 * 5.5)) - 1.959963984540054 * sqrt(1 / 0.5 + 1 / 10.5 + 1 / 5.5 + 1 / 5.5))::numeric, 6)
       AS or_lower_by_hand,
       round((2 * 252 / 15504.0)::numeric, 6) AS fisher_by_hand;
-- all outcomes on both sides: no chi-square, no Fisher (a margin is 0), the
-- odds ratio does not exist; identical sides: difference 0, ratios 1, p 1
SELECT risk_difference, risk_ratio, odds_ratio, chi_square, p_value, fisher_p_value
FROM outcome_association(outcome_of(5, 5, 7, 7));
SELECT risk_difference, risk_ratio, odds_ratio, chi_square, p_value, fisher_p_value
FROM outcome_association(outcome_of(30, 100, 30, 100));
-- Fisher's test walks as many tables as the smallest margin plus one: it is
-- given while one margin is at most 10^6 (here 139, the others over 10^6:
-- SciPy's fisher_exact gives 1.12e-118), NULL once every margin exceeds it
SELECT fisher_p_value BETWEEN 1.11e-118 AND 1.13e-118 AS small_margin_walked
FROM outcome_association(outcome_of(0, 139, 4286669, 4994424));
SELECT fisher_p_value IS NULL AS every_margin_over_a_million, p_value IS NOT NULL AS chi_square_given
FROM outcome_association(outcome_of(2000000, 4000000, 2100000, 4000000));
-- n = 1 on each side, and an empty side: risks only where they exist
SELECT risk_exposed, risk_unexposed, risk_difference, round(risk_difference_lower::numeric, 4) AS d_lower, odds_ratio,
       chi_square, fisher_p_value
FROM outcome_association(outcome_of(1, 1, 0, 1));
SELECT risk_exposed, risk_unexposed, risk_difference, risk_ratio, odds_ratio, chi_square
FROM outcome_association(outcome_of(7, 12, 0, 0));
