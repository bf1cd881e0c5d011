-- Key-driver analysis from a moment_state: hand-computed cases with 2 and 3
-- dimensions, published worked examples (Shapley values, relative
-- weights), the report, weights, the long layout, merging, serial and
-- parallel plans.

-- analysis(state): every number of every analysis of a state, in order;
-- worst(a, b): the largest difference relative to the larger of 1 and b
CREATE FUNCTION pg_temp.analysis(s moment_state) RETURNS float8[] LANGUAGE sql AS $$
    SELECT array_agg(v ORDER BY k, i) FROM (
        SELECT 1 AS k, ordinality AS i, v FROM unnest((SELECT array_agg(x) FROM (
            SELECT unnest(ARRAY[coefficient, stderr, t, p_value, lower, upper, standardized]) AS x
            FROM driver_regression(s)) AS r)) WITH ORDINALITY AS u(v)
        UNION ALL SELECT 2, 0, r2 FROM driver_fit(s)
        UNION ALL SELECT 3, row_number() OVER (), raw_weight FROM driver_relative_weights(s)
        UNION ALL SELECT 4, row_number() OVER (), shapley FROM driver_shapley(s)
        UNION ALL SELECT 5, row_number() OVER (), correlation FROM moment_correlations(s)) AS all_numbers
$$;
CREATE FUNCTION pg_temp.worst(a float8[], b float8[]) RETURNS float8 LANGUAGE sql AS $$
    SELECT max(abs(x - y) / greatest(1, abs(y))) FROM unnest(a, b) AS u(x, y)
$$;

-------------------------------------------------------------------------------
-- Two dimensions, eight responses built from orthogonal contrasts
--   u = ( 1  1  1  1 -1 -1 -1 -1)    v = ( 1  1 -1 -1  1  1 -1 -1)
--   w = ( 1 -1  1 -1  1 -1  1 -1)    (each sums to 0 and squares to 8)
--   speed = 3 + u, attitude = 3 + u + v, overall = 4 + u + v + w
-- Co-moments: C(speed) = 8, C(attitude) = 16, C(speed, attitude) = 8,
--   C(overall) = 24, C(speed, overall) = 8, C(attitude, overall) = 16.
-- Correlations: r12 = 8 / sqrt(8 * 16) = 1/sqrt(2) = 0.707107,
--   r1y = 8 / sqrt(8 * 24) = 1/sqrt(3) = 0.577350, r2y = 16 / sqrt(16 * 24) = sqrt(2/3) = 0.816497.
-- Regression: overall - 4 = (attitude - 3) + w exactly, and w is orthogonal to
--   both dimensions, so b_speed = 0, b_attitude = 1, intercept 4 - 3 = 1,
--   residuals w: RSS = 8, df = 8 - 3 = 5, sigma^2 = 8/5 = 1.6, residual sd 1.264911.
--   C_xx^-1 = [[16, -8], [-8, 8]] / (8 * 16 - 8 * 8) = [[0.25, -0.125], [-0.125, 0.125]]:
--   se(speed) = sqrt(1.6 * 0.25) = 0.632456, se(attitude) = sqrt(1.6 * 0.125) = 0.447214,
--   t(attitude) = 1 / 0.447214 = sqrt(5) = 2.236068;
--   se(intercept) = sqrt(1.6 * (1/8 + [3 3] C_xx^-1 [3 3]')) = sqrt(1.6 * (0.125 + 1.125)) = sqrt(2).
--   Standardized: beta_attitude = 1 * sqrt(16 / 24) = 0.816497, beta_speed = 0.
-- R^2 = 16 / 24 = 2/3; adjusted 1 - (1/3)(7/5) = 8/15 = 0.533333;
--   F = (2/3 / 2) / ((1/3) / 5) = 5 on 2 and 5 df, p = (1 + 2 * 5 / 5)^(-5/2) = 3^-2.5 = 0.064150
--   (for F(2, d), P(F > f) = (1 + 2 f / d)^(-d/2)).
-- Shapley: R^2(speed) = 1/3, R^2(attitude) = 2/3, R^2(both) = 2/3:
--   speed = (1/3 + (2/3 - 2/3)) / 2 = 1/6, attitude = (2/3 + (2/3 - 1/3)) / 2 = 1/2.
-- Relative weights: R_xx = [[1, r], [r, 1]] with r = 1/sqrt(2) has eigenvalues 1 -/+ r,
--   so R_xx^(1/2) = [[a, b], [b, a]], a = (sqrt(1 + r) + sqrt(1 - r)) / 2 = cos(pi/8) = 0.923880,
--   b = (sqrt(1 + r) - sqrt(1 - r)) / 2 = sin(pi/8) = 0.382683, and
--   R_xx^(-1/2) = [[c, d], [d, c]], c = (1/sqrt(1 + r) + 1/sqrt(1 - r)) / 2 = 1.306563,
--   d = (1/sqrt(1 + r) - 1/sqrt(1 - r)) / 2 = -0.541196.
--   beta* = R_xx^(-1/2) r_xy = (1.306563 * 0.577350 - 0.541196 * 0.816497,
--                               -0.541196 * 0.577350 + 1.306563 * 0.816497) = (0.312460, 0.754344);
--   eps_speed = a^2 0.312460^2 + b^2 0.754344^2 = 0.853553 * 0.097631 + 0.146447 * 0.569035 = 1/6,
--   eps_attitude = b^2 0.097631 + a^2 0.569035 = 0.014298 + 0.485702 = 1/2.
--   With two dimensions relative weights always equal the Shapley values.
CREATE TABLE dr_two (id int, overall float8, scores float8[]);
INSERT INTO dr_two
SELECT i, 4 + u + v + w, ARRAY[3 + u, 3 + u + v]
FROM (VALUES (1, 1, 1, 1), (2, 1, 1, -1), (3, 1, -1, 1), (4, 1, -1, -1),
             (5, -1, 1, 1), (6, -1, 1, -1), (7, -1, -1, 1), (8, -1, -1, -1)) AS c(i, u, v, w);
-- two incomplete responses: left out (listwise), counted
INSERT INTO dr_two VALUES (9, NULL, '{1, 1}'), (10, 5, '{NULL, 2}');
CREATE TABLE dr_two_state AS
SELECT moment_agg(overall, scores, ARRAY['speed', 'attitude']) AS st FROM dr_two;
SELECT st FROM dr_two_state;
SELECT (moment_summary(st)).* FROM dr_two_state;
SELECT m.* FROM dr_two_state, moment_means(st) AS m;
SELECT c.variable1, c.variable2, round(c.correlation::numeric, 6) AS r, round(c.p_value::numeric, 6) AS p
FROM dr_two_state, moment_correlations(st) AS c;
SELECT r.term, round(r.coefficient::numeric, 9) AS b, round(r.stderr::numeric, 6) AS se,
       round(r.t::numeric, 6) AS t, round(r.p_value::numeric, 6) AS p,
       round(r.lower::numeric, 6) AS lower, round(r.upper::numeric, 6) AS upper,
       round(r.standardized::numeric, 6) AS beta
FROM dr_two_state, driver_regression(st) AS r;
SELECT round(f.r2::numeric, 12) AS r2, round(f.adjusted_r2::numeric, 12) AS adjusted,
       round(f.f::numeric, 9) AS f, f.df_model, f.df_residual, round(f.p_value::numeric, 9) AS p,
       round(f.residual_stddev::numeric, 9) AS residual_sd,
       round(power(3, -2.5)::numeric, 9) AS p_by_hand
FROM dr_two_state, driver_fit(st) AS f;
SELECT w.dimension, round(w.raw_weight::numeric, 12) AS raw, round(w.rescaled::numeric, 9) AS pct,
       round(s.shapley::numeric, 12) AS shapley, round(s.rescaled::numeric, 9) AS shapley_pct
FROM dr_two_state, driver_relative_weights(st) AS w JOIN driver_shapley(st) AS s USING (dimension);
-- PostgreSQL's own regr_* and corr on the complete responses: attitude alone
-- has slope 1 and R^2 2/3 (the full model's), the dimensions correlate 0.707107
SELECT round(regr_slope(overall, scores[2])::numeric, 12) AS simple_slope_attitude,
       round(regr_r2(overall, scores[2])::numeric, 12) AS r2_attitude_alone,
       round(corr(scores[1], scores[2])::numeric, 6) AS r12
FROM dr_two WHERE overall IS NOT NULL AND scores[1] IS NOT NULL AND scores[2] IS NOT NULL;

-------------------------------------------------------------------------------
-- Three dimensions with equal intercorrelations, as a state written out
-- R_xx = (1 - rho) I + rho J with rho = 0.5, r_xy = (0.6, 0.5, 0.3), unit variances:
-- 100 responses, co-moments 99 * correlation.
-- Regression: R_xx^-1 = I / (1 - rho) - rho / ((1 - rho)(1 + 2 rho)) J = 2 I - 0.5 J, so
--   beta = 2 r_xy - 0.5 * 1.4 = (0.5, 0.3, -0.1), R^2 = r_xy' beta = 0.3 + 0.15 - 0.03 = 0.42;
--   adjusted 1 - 0.58 * 99 / 96 = 0.401875; F = (0.42 / 3) / (0.58 / 96) = 23.172414;
--   se(beta_j) = sqrt(0.58 * 1.5 / 96) = 0.095197 (the diagonal of R_xx^-1 is 1.5).
-- Subset R^2: singles 0.36, 0.25, 0.09; pairs (ri^2 + rj^2 - 2 rho ri rj) / (1 - rho^2):
--   {1,2} 0.31 / 0.75 = 0.413333, {1,3} 0.27 / 0.75 = 0.36, {2,3} 0.19 / 0.75 = 0.253333.
-- Shapley, order weights 1/3 (alone), 1/6 (after one), 1/3 (last):
--   1: 0.36/3 + (0.163333 + 0.27)/6 + (0.42 - 0.253333)/3 = 0.12 + 0.072222 + 0.055556 = 0.247778
--   2: 0.25/3 + (0.053333 + 0.163333)/6 + (0.42 - 0.36)/3 = 0.083333 + 0.036111 + 0.02 = 0.139444
--   3: 0.09/3 + (0 + 0.003333)/6 + (0.42 - 0.413333)/3 = 0.03 + 0.000556 + 0.002222 = 0.032778
-- Relative weights: eigenvalues 1 + 2 rho = 2 (vector 1/sqrt(3)) and 1 - rho = 0.5 (twice):
--   R_xx^(1/2) = sqrt(0.5) I + (sqrt(2) - sqrt(0.5)) / 3 J: diagonal 0.942809, off 0.235702;
--   R_xx^(-1/2) = sqrt(2) I + (sqrt(0.5) - sqrt(2)) / 3 J: beta*_j = 1.414214 r_j - 0.235702 * 1.4
--   = (0.518545, 0.377124, 0.094281), squares (0.268889, 0.142222, 0.008889), adding up to 0.42;
--   Lambda^2: diagonal 8/9, off 1/18:
--   eps_1 = 8/9 * 0.268889 + (0.142222 + 0.008889)/18 = 0.239012 + 0.008395 = 0.247407
--   eps_2 = 8/9 * 0.142222 + (0.268889 + 0.008889)/18 = 0.126420 + 0.015432 = 0.141852
--   eps_3 = 8/9 * 0.008889 + (0.268889 + 0.142222)/18 = 0.007901 + 0.022840 = 0.030741
-- Unlike two dimensions, relative weights and Shapley values differ here.
CREATE TABLE dr_three AS SELECT
    'v1 dimensions=("a" "b" "c") overall="y" n=100 weight=100 incomplete=0 mean=(3 3 3 4)
     comoment=(99 49.5 49.5 59.4  99 49.5 49.5  99 29.7  99)'::moment_state AS st;
SELECT round(f.r2::numeric, 12) AS r2, round(f.adjusted_r2::numeric, 12) AS adjusted,
       round(f.f::numeric, 6) AS f, f.df_model, f.df_residual, f.p_value < 1e-9 AS p_tiny
FROM dr_three, driver_fit(st) AS f;
SELECT r.term, round(r.coefficient::numeric, 12) AS b, round(r.stderr::numeric, 6) AS se,
       round(r.standardized::numeric, 12) AS beta
FROM dr_three, driver_regression(st) AS r;
SELECT w.dimension, round(w.raw_weight::numeric, 6) AS raw_weight, round(s.shapley::numeric, 6) AS shapley,
       round(w.rescaled::numeric, 4) AS weight_pct, round(s.rescaled::numeric, 4) AS shapley_pct
FROM dr_three, driver_relative_weights(st) AS w JOIN driver_shapley(st) AS s USING (dimension);
SELECT round(sum(w.raw_weight)::numeric, 12) AS weights_total, round(sum(w.rescaled)::numeric, 9) AS pct_total
FROM dr_three, driver_relative_weights(st) AS w;

-------------------------------------------------------------------------------
-- Published example: Azen and Budescu (2003), "The dominance analysis approach
-- for comparing predictors in multiple regression", Psychological Methods 8(2),
-- 129-148: the correlation matrix of y and X1-X4 of their example, and their
-- table of each predictor's average additional contribution to R^2 at each
-- subset size (k = 0 to 3), to 3 decimals:
--          X1     X2     X3     X4
--   k = 0  0.360  0.090  0.160  0.250
--   k = 1  0.300  0.074  0.095  0.152
--   k = 2  0.263  0.069  0.063  0.073
--   k = 3  0.246  0.071  0.061  0.010
-- General dominance weights are the means of the four rows; they are the Shapley
-- values (LMG): X1 0.292, X2 0.076, X3 0.095, X4 0.121, adding up to R^2 = 0.584.
CREATE TABLE dr_azen AS SELECT
    'v1 dimensions=("X1" "X2" "X3" "X4") overall="Y" n=200 weight=200 incomplete=0 mean=(0 0 0 0 0)
     comoment=(199 159.2 19.9 59.7 119.4  199 19.9 19.9 59.7  199 99.5 79.6  199 99.5  199)'::moment_state AS st;
WITH published(dimension, k0, k1, k2, k3) AS (VALUES
    ('X1', 0.360, 0.300, 0.263, 0.246), ('X2', 0.090, 0.074, 0.069, 0.071),
    ('X3', 0.160, 0.095, 0.063, 0.061), ('X4', 0.250, 0.152, 0.073, 0.010))
SELECT s.dimension, round(s.shapley::numeric, 3) AS shapley, (k0 + k1 + k2 + k3) / 4 AS published_mean,
       abs(s.shapley - (k0 + k1 + k2 + k3) / 4) < 0.0005 AS agrees,
       round(w.raw_weight::numeric, 4) AS relative_weight
FROM dr_azen, driver_shapley(st) AS s JOIN published USING (dimension)
     JOIN driver_relative_weights(st) AS w USING (dimension);
SELECT round(r2::numeric, 4) AS r2 FROM dr_azen, driver_fit(st);
-- the first row of the table is the squared correlations with Y
SELECT variable1, round((correlation ^ 2)::numeric, 3) AS r_squared
FROM dr_azen, moment_correlations(st) WHERE variable2 = 'Y';

-------------------------------------------------------------------------------
-- Published worked example of relative weights: the documentation of the R
-- package rwa (Martin Chan, vignette "Regression methods: multiple and
-- logistic RWA", rwa_multiregress(mtcars, "mpg", c("cyl", "disp", "hp", "wt")),
-- which follows Tonidandel and LeBreton (2015) and Johnson (2000)) prints
--   cyl 0.2096904 (24.70914%), disp 0.1883043 (22.18908%),
--   hp 0.1799590 (21.20570%), wt 0.2706812 (31.89607%),
-- raw weights adding up to the model's R^2 = 0.8486.  The data are R's
-- mtcars (Henderson and Velleman 1981, from Motor Trend 1974): miles per
-- gallon, cylinders, displacement, horsepower and weight of 32 cars.
CREATE TABLE dr_mtcars AS
SELECT moment_agg(mpg, ARRAY['cyl', 'disp', 'hp', 'wt'], cyl, disp, hp, wt) AS st
FROM (VALUES (21.0, 6, 160.0, 110, 2.620), (21.0, 6, 160.0, 110, 2.875), (22.8, 4, 108.0, 93, 2.320),
             (21.4, 6, 258.0, 110, 3.215), (18.7, 8, 360.0, 175, 3.440), (18.1, 6, 225.0, 105, 3.460),
             (14.3, 8, 360.0, 245, 3.570), (24.4, 4, 146.7, 62, 3.190), (22.8, 4, 140.8, 95, 3.150),
             (19.2, 6, 167.6, 123, 3.440), (17.8, 6, 167.6, 123, 3.440), (16.4, 8, 275.8, 180, 4.070),
             (17.3, 8, 275.8, 180, 3.730), (15.2, 8, 275.8, 180, 3.780), (10.4, 8, 472.0, 205, 5.250),
             (10.4, 8, 460.0, 215, 5.424), (14.7, 8, 440.0, 230, 5.345), (32.4, 4, 78.7, 66, 2.200),
             (30.4, 4, 75.7, 52, 1.615), (33.9, 4, 71.1, 65, 1.835), (21.5, 4, 120.1, 97, 2.465),
             (15.5, 8, 318.0, 150, 3.520), (15.2, 8, 304.0, 150, 3.435), (13.3, 8, 350.0, 245, 3.840),
             (19.2, 8, 400.0, 175, 3.845), (27.3, 4, 79.0, 66, 1.935), (26.0, 4, 120.3, 91, 2.140),
             (30.4, 4, 95.1, 113, 1.513), (15.8, 8, 351.0, 264, 3.170), (19.7, 6, 145.0, 175, 2.770),
             (15.0, 8, 301.0, 335, 3.570), (21.4, 4, 121.0, 109, 2.780)) AS mtcars(mpg, cyl, disp, hp, wt);
WITH published(dimension, raw_weight, rescaled) AS (VALUES
    ('cyl', 0.2096904, 24.70914), ('disp', 0.1883043, 22.18908),
    ('hp', 0.1799590, 21.20570), ('wt', 0.2706812, 31.89607))
SELECT w.dimension, round(w.raw_weight::numeric, 7) AS raw_weight, round(w.rescaled::numeric, 5) AS rescaled,
       round(w.raw_weight::numeric, 7) = p.raw_weight AND round(w.rescaled::numeric, 5) = p.rescaled AS as_published
FROM dr_mtcars, driver_relative_weights(st) AS w JOIN published AS p USING (dimension);
-- The data as R has them: mean(mtcars$mpg) = 642.9 / 32 = 20.090625,
-- cor(mtcars$mpg, mtcars$wt) = -0.8676594
SELECT round(f.r2::numeric, 4) AS r2, (SELECT round(mean::numeric, 5) FROM moment_means(st) WHERE variable = 'overall') AS mean_mpg,
       (SELECT round(correlation::numeric, 7) FROM moment_correlations(st)
        WHERE variable1 = 'wt' AND variable2 = 'overall') AS r_wt_mpg
FROM dr_mtcars, driver_fit(st) AS f;

-------------------------------------------------------------------------------
-- The report: performance, correlation, beta and its p-value, importance,
-- share, quadrant.  For the three-dimension state: beta p-values are
-- 2 P(T_96 > |beta| / 0.095197); c (beta -0.1, t = -1.050) is not significant.
-- Shares are the relative weights in percent of 0.42: 58.906, 33.774, 7.319;
-- cross-hairs at 100/3 = 33.333 and mean performance 3 (every mean is 3,
-- so every dimension counts as performing).
SELECT r.dimension, r.performance, round(r.correlation::numeric, 6) AS correlation,
       round(r.beta::numeric, 6) AS beta, round(r.p_value::numeric, 6) AS p, r.significant,
       round(r.importance::numeric, 6) AS importance, round(r.share::numeric, 3) AS share, r.quadrant
FROM dr_three, driver_report(st) AS r;
-- zero_insignificant: c gets 0, the shares are those of a and b alone:
-- 0.2474074 / 0.3892593 = 63.559%, 0.1418519 / 0.3892593 = 36.441%
SELECT r.dimension, r.significant, round(r.importance::numeric, 6) AS importance,
       round(r.share::numeric, 3) AS share, r.quadrant
FROM dr_three, driver_report(st, zero_insignificant => true) AS r;
-- Shapley values as importance; a stricter alpha makes b (t = 3.151, p = 0.0022) insignificant too
SELECT r.dimension, round(r.importance::numeric, 6) AS importance, round(r.share::numeric, 3) AS share,
       r.significant AS at_001
FROM dr_three, driver_report(st, alpha => 0.001, method => 'shapley') AS r;

-- Performance sets the quadrants: the Azen-Budescu state with means 4, 3, 2, 5
-- (cross-hairs at 3.5 and 25%): X1 important and above par, X2 and X3 less important
-- and below par, X4 less important and above par
SELECT r.dimension, r.performance, round(r.share::numeric, 3) AS share, r.quadrant
FROM dr_azen, driver_report(
    replace(st::text, 'mean=(0 0 0 0 0)', 'mean=(4 3 2 5 4)')::moment_state) AS r;

-------------------------------------------------------------------------------
-- Scores in columns: moment_agg(overall, names, column, ...) takes one column
-- per dimension, of any numeric type, without building an array per row;
-- the same state as the array form
SELECT moment_agg(overall, ARRAY['speed', 'attitude'], scores[1]::int, scores[2]::numeric)::text
       = (SELECT st FROM dr_two_state)::text AS columns_equal_array
FROM dr_two;
-- columns of domains over numbers are read as their base types (a VARIADIC
-- "any" argument keeps the domain's type)
CREATE DOMAIN pg_temp.dr_likert AS smallint CHECK (VALUE BETWEEN 1 AND 10);
CREATE DOMAIN pg_temp.dr_score AS numeric;
SELECT moment_agg(overall, ARRAY['speed', 'attitude'], scores[1]::int::pg_temp.dr_likert,
                  scores[2]::numeric::pg_temp.dr_score)::text
       = (SELECT st FROM dr_two_state)::text AS domain_columns_equal_array
FROM dr_two;
-- One column: the names typed, as docs/satisfaction.md says (ARRAY['speed']
-- or '{speed}'::text[]), give the columns form, a state of the one
-- dimension; an untyped '{speed}' with one float8 column resolves to the
-- weighted array form (overall, scores, weight) and fails on the name.
SELECT moment_agg(overall, ARRAY['speed'], scores[1])::text AS one_column,
       moment_agg(overall, '{speed}'::text[], scores[1])::text
       = moment_agg(overall, ARRAY['speed'], scores[1])::text AS cast_equal_array,
       moment_agg(overall, ARRAY['speed'], scores[1])::text
       = moment_agg(overall, ARRAY[scores[1]], ARRAY['speed'])::text AS one_column_equal_array
FROM dr_two;
SELECT moment_agg(overall, '{speed}', scores[1]) FROM dr_two;

-------------------------------------------------------------------------------
-- Frequency weights: a weight of 2 counts like the response twice
CREATE TABLE dr_weighted AS
SELECT moment_agg(overall, scores, CASE WHEN id <= 4 THEN 2.0 ELSE 1.0 END) AS weighted,
       (SELECT moment_agg(overall, scores) FROM (SELECT * FROM dr_two UNION ALL
                                                  SELECT * FROM dr_two WHERE id <= 4) AS twice) AS repeated
FROM dr_two;
SELECT (moment_summary(weighted)).responses AS rows_counted, (moment_summary(weighted)).total_weight,
       (moment_summary(repeated)).responses AS repeated_rows
FROM dr_weighted;
SELECT a.term, round(a.coefficient::numeric, 12) = round(b.coefficient::numeric, 12) AS same_b,
       round(a.stderr::numeric, 12) = round(b.stderr::numeric, 12) AS same_se
FROM dr_weighted, driver_regression(weighted) AS a
JOIN driver_regression(repeated) AS b USING (term);
-- weight 0 counts the response but adds nothing
SELECT (moment_summary(moment_agg(overall, scores, 0.0))).* FROM dr_two;

-------------------------------------------------------------------------------
-- The long layout: one row per answer; the dimensions and the overall score
-- named by the call; other questions ignored; a response enters when its last
-- answer arrives, whatever the order of its rows
CREATE TABLE dr_answers (response_id bigint, question text, score float8);
INSERT INTO dr_answers
SELECT id, q, CASE q WHEN 'speed' THEN scores[1] WHEN 'attitude' THEN scores[2]
                     WHEN 'overall' THEN overall ELSE 9 END
FROM dr_two, unnest(ARRAY['overall', 'nps', 'attitude', 'speed']) AS q
WHERE (q <> 'speed' OR scores[1] IS NOT NULL) AND (q <> 'overall' OR overall IS NOT NULL)
ORDER BY (id * 7) % 10, q DESC;
-- in response order the state is the wide one, byte for byte
SELECT moment_agg(response_id, question, score, ARRAY['speed', 'attitude'], 'overall')::text
       = (SELECT st FROM dr_two_state)::text AS long_equals_wide
FROM (SELECT * FROM dr_answers ORDER BY response_id, question) AS ordered;
-- in the table's order (responses and answers shuffled) the same up to rounding;
-- responses 9 (no overall) and 10 (no speed) are incomplete at the end
SELECT (moment_summary(st)).*,
       pg_temp.worst(pg_temp.analysis(st), pg_temp.analysis((SELECT st FROM dr_two_state))) < 1e-12 AS as_wide
FROM (SELECT moment_agg(response_id, question, score, ARRAY['speed', 'attitude'], 'overall') AS st
      FROM dr_answers) AS x;
-- while a response is incomplete the state keeps it (the transition called directly)
SELECT moment_state_accum(moment_state_accum(NULL::moment_state, 7::bigint, 'speed', 4,
                                             ARRAY['speed', 'attitude'], 'overall'),
                          3::bigint, 'overall', 5, ARRAY['speed', 'attitude'], 'overall') AS pending;
-- two partial states (as parallel workers or shards make them) complete a response when merged
SELECT 'v1 dimensions=("speed" "attitude") overall="overall" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((7 4 _ _))'::moment_state
     + 'v1 dimensions=("speed" "attitude") overall="overall" n=0 weight=0 incomplete=0 mean=(0 0 0) comoment=(0 0 0 0 0 0) pending=((3 _ _ 5) (7 _ 3 5))'::moment_state
       AS merged;

-------------------------------------------------------------------------------
-- Merging: daily states give the one-pass analysis; + and moment_agg(state)
CREATE TABLE dr_survey AS
SELECT i AS id, date '2026-03-01' + i % 31 AS day,
       1 + (hashint4(i) & 2147483647) % 10 AS speed,
       1 + (hashint4(i + 1) & 2147483647) % 10 AS attitude,
       1 + (hashint4(i + 2) & 2147483647) % 10 AS ease
FROM generate_series(1, 60000) AS i;
ALTER TABLE dr_survey ADD COLUMN overall float8;
UPDATE dr_survey SET overall = round((speed * 3 + attitude * 2 + ease + (hashint4(id + 3) & 7)) / 6.0);
ANALYZE dr_survey;
CREATE TABLE dr_one_pass AS
SELECT moment_agg(overall, ARRAY[speed, attitude, ease]::float8[], ARRAY['speed', 'attitude', 'ease']) AS st
FROM dr_survey;
CREATE TABLE dr_daily AS
SELECT day, moment_agg(overall, ARRAY[speed, attitude, ease]::float8[], ARRAY['speed', 'attitude', 'ease']) AS st
FROM dr_survey GROUP BY day;
-- merged vs one pass, + of two days vs those days in one pass
SELECT pg_temp.worst(pg_temp.analysis((SELECT moment_agg(st) FROM dr_daily)),
                     pg_temp.analysis((SELECT st FROM dr_one_pass))) < 1e-12 AS merged_as_one_pass,
       pg_temp.worst(pg_temp.analysis((SELECT st FROM dr_daily WHERE day = '2026-03-01')
                                      + (SELECT st FROM dr_daily WHERE day = '2026-03-02')),
                     pg_temp.analysis((SELECT moment_agg(overall, ARRAY[speed, attitude, ease]::float8[],
                                                         ARRAY['speed', 'attitude', 'ease'])
                                       FROM dr_survey WHERE day <= '2026-03-02'))) < 1e-12 AS plus_as_one_pass,
       (moment_summary((SELECT moment_agg(st) FROM dr_daily))).responses AS responses;
-- the merge of states in any order: the same up to rounding
SELECT pg_temp.worst(pg_temp.analysis((SELECT moment_agg(st ORDER BY day DESC) FROM dr_daily)),
                     pg_temp.analysis((SELECT moment_agg(st ORDER BY day) FROM dr_daily))) < 1e-12 AS order_free;

-- a parallel plan gives the serial result
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT moment_agg(overall, ARRAY[speed, attitude, ease]::float8[], ARRAY['speed', 'attitude', 'ease'])
FROM dr_survey;
SELECT pg_temp.worst(pg_temp.analysis(moment_agg(overall, ARRAY[speed, attitude, ease]::float8[],
                                                 ARRAY['speed', 'attitude', 'ease'])),
                     pg_temp.analysis((SELECT st FROM dr_one_pass))) < 1e-12 AS parallel_as_serial
FROM dr_survey;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;

-- Too few responses to fit (p + 2 = 4 needed for 2 dimensions): NULL estimates, no error
SELECT r.* FROM (SELECT moment_agg(overall, scores) AS st FROM dr_two WHERE id <= 3) AS x,
     driver_report(st) AS r;
SELECT f.* FROM (SELECT moment_agg(overall, scores) AS st FROM dr_two WHERE id <= 3) AS x, driver_fit(st) AS f;
-- an empty state has no dimensions: no rows
SELECT count(*) AS rows FROM driver_report('v1');
SELECT (moment_summary('v1')).*;
SELECT (SELECT count(*) FROM moment_means('v1')) AS means, (SELECT count(*) FROM moment_correlations('v1')) AS correlations,
       (SELECT count(*) FROM driver_regression('v1')) AS regression, (SELECT count(*) FROM driver_relative_weights('v1')) AS relative_weights,
       (SELECT count(*) FROM driver_shapley('v1')) AS shapley;
-- ... and its fit is one row of NULLs
SELECT * FROM driver_fit('v1');
-- an empty state merges as nothing, on either side of +
SELECT ('v1' + st)::text = st::text AS empty_plus, (st + 'v1')::text = st::text AS plus_empty
FROM (SELECT moment_agg(o, ARRAY[a, b]) AS st
      FROM (VALUES (1.0, 1.0, 2.0), (2.0, 2.0, 2.5), (4.0, 3.5, 1.0)) AS t(o, a, b)) AS x;

-- Columns of bigint as scores: a 1, 3, 5 (mean 3), b 2, 1, 4 (mean 7/3),
-- overall 1, 2, 3 (mean 2); co-moments by hand: aa 8, ab 4, bb 14/3,
-- a-overall 4, b-overall 2, overall 2
SELECT moment_agg(o, ARRAY['a', 'b'], a, b)
FROM (VALUES (1.0::float8, 1::bigint, 2::bigint), (2, 3, 1), (3, 5, 4)) AS t(o, a, b);
-- Long rows: a row without its dimension is skipped (response 1 has its
-- speed and overall, response 2 only its overall: pending)
SELECT moment_agg(id, d, sc, ARRAY['speed'], 'overall')
FROM (VALUES (1::bigint, 'speed', 2.0::float8), (1, NULL, 1.0), (1, 'overall', 3.0), (2, NULL, 5.0), (2, 'overall', 4.0)) AS t(id, d, sc);

-- Overall scores the dimensions do not explain at all: uncorrelated with
-- both (every correlation 0 exactly in the data, R^2 0): the importances
-- are rounding (about 1e-34), and their shares are not given
CREATE TEMP TABLE dr_none (o float8, a float8, b float8);
INSERT INTO dr_none VALUES (1, 1, 1), (3, 1, 1), (1, 3, 2), (3, 3, 2), (2, 2, 4), (2, 2, 4), (1, 5, 3), (3, 5, 3);
SELECT (SELECT r2 FROM driver_fit(st)) AS r2,
       (SELECT count(*) FROM driver_relative_weights(st) WHERE abs(raw_weight) < 1e-30 AND rescaled IS NULL) AS weights_without_share,
       (SELECT count(*) FROM driver_shapley(st) WHERE shapley = 0 AND rescaled IS NULL) AS shapley_without_share,
       (SELECT count(*) FROM driver_report(st) WHERE share IS NULL) AS report_without_share
FROM (SELECT moment_agg(o, ARRAY[a, b]) AS st FROM dr_none) AS x;
-- A third dimension within 6e-5 of the sum of the first two (1 - R^2 of it
-- on them about 2e-10, above the 1e-10 rule): every analysis fits it,
-- relative weights too (their eigenvalue ratio is below 1e-10, which they
-- used to refuse), and both importances add up to the fit's R^2 within
-- 1e-6: at a condition number near 1e11 the moments lose that many digits
CREATE TEMP TABLE dr_near AS
SELECT (hashint4(i) & 1023) / 256.0::float8 AS a, (hashint4(i + 5000) & 1023) / 256.0::float8 AS b,
       (hashint4(i + 9000) & 1023) / 1024.0::float8 AS u, (hashint4(i + 13000) & 1023) / 256.0::float8 AS y
FROM generate_series(1, 200) AS i;
SELECT round(f.r2::numeric, 6) AS r2,
       abs((SELECT sum(raw_weight) FROM driver_relative_weights(st)) - f.r2) < 1e-6 AS weights_add_up,
       abs((SELECT sum(shapley) FROM driver_shapley(st)) - f.r2) < 1e-6 AS shapley_add_up
FROM (SELECT moment_agg(y + a, ARRAY['a', 'b', 'c'], a, b, a + b + 6e-5 * u) AS st FROM dr_near) AS x, driver_fit(st) AS f;
-- An overall score that is a small difference of large dimensions, hold
-- time as total - wait - talk: R^2 is 1 (an exact fit), with rounding in
-- r' R^-1 r of about 3e-10 that the check of consistent co-moments below
-- must not take for inconsistency
CREATE TEMP TABLE dr_calls AS
SELECT w, tk, w + tk + h AS total
FROM (SELECT (hashint4(i) & 1023)::float8 * 10 AS w, (hashint4(i + 77) & 1023)::float8 * 10 AS tk,
             (hashint4(i + 99) & 15)::float8 AS h FROM generate_series(1, 500) AS i) AS s;
SELECT round(f.r2::numeric, 9) AS r2, (SELECT count(*) FROM driver_relative_weights(st)) AS weights
FROM (SELECT moment_agg(total - w - tk, ARRAY['wait', 'talk', 'total'], w, tk, total) AS st FROM dr_calls) AS x,
     driver_fit(st) AS f;
-- Five responses that three dimensions fit exactly: overall = (16 - 4a + 2b) / 3.
-- The fit is exact in every one of the 120 orders of input: R^2 1, NULL F
-- and p.  The sweep left a residual share of about 6e-16 in 48 orders,
-- which gave an F near 6e14 and a p of 3e-8 made of rounding.
CREATE TEMP TABLE dr_exact (i int, overall float8, dims float8[]);
INSERT INTO dr_exact VALUES (1, 2, '{3,1,2}'), (2, 4, '{3,4,2.8}'), (3, 2, '{4,3,4.1}'),
                            (4, 2, '{3,1,2.4}'), (5, 2, '{4,3,1.2}');
WITH RECURSIVE orders(o) AS (SELECT ARRAY[]::int[]
                             UNION ALL
                             SELECT o || i FROM orders, generate_series(1, 5) AS i WHERE i <> ALL (o))
SELECT count(*) AS orders, count(*) FILTER (WHERE f.r2 = 1 AND f.f IS NULL AND f.p_value IS NULL) AS exact
FROM orders,
     LATERAL (SELECT moment_agg(overall, dims ORDER BY array_position(o, i)) AS st FROM dr_exact) AS x,
     driver_fit(st) AS f
WHERE cardinality(o) = 5;
-- Rounding in the co-moments grows with the responses: 3,000 of them, an
-- overall score exactly 3 (b - 1.7 a) of two nearly collinear dimensions
-- (|beta|^2 near 8e3), are an exact fit in each of 20 orders of input; one
-- of them left a residual share of 3.4e-11, an F of 4.4e13, before the
-- cut grew with the square root of the responses.
CREATE TEMP TABLE dr_exact_many AS
SELECT i, a, b, (b - 1.7 * a) * 3 AS overall
FROM (SELECT i, a, round((1.7 * a + CASE WHEN i % 50 = 0 THEN 0.1 ELSE 0 END)::numeric, 1)::float8 AS b
      FROM (SELECT i, 1 + (abs(hashint4(i)) % 41) / 10.0::float8 AS a FROM generate_series(1, 3000) AS i) AS s) AS t;
SELECT count(*) AS orders, count(*) FILTER (WHERE f.r2 = 1 AND f.f IS NULL AND f.p_value IS NULL) AS exact
FROM generate_series(1, 20) AS o,
     LATERAL (SELECT moment_agg(overall, ARRAY[a, b] ORDER BY hashint4(i + 7919 * o)) AS st FROM dr_exact_many) AS x,
     driver_fit(st) AS f;
-- A real residual keeps its test: the third response's overall moved by
-- 1e-3 and by 1e-5, against statsmodels' OLS (F 114238128.23 and
-- 1142663809937, p 6.8777114e-05 and 6.8768611e-07); at 1e-5 the residual
-- share is 3e-13 and keeps two or three digits.
SELECT e, abs(f.f / ref_f - 1) < tolerance AS f_agrees, abs(f.p_value / ref_p - 1) < tolerance AS p_agrees
FROM (VALUES (1e-3::float8, 114238128.23::float8, 6.8777114e-05::float8, 1e-6::float8),
             (1e-5, 1142663809937, 6.8768611e-07, 1e-2)) AS r(e, ref_f, ref_p, tolerance),
     LATERAL (SELECT moment_agg(overall + CASE i WHEN 3 THEN e ELSE 0 END, dims) AS st FROM dr_exact) AS x,
     driver_fit(st) AS f;
-- co-moments no responses have (given as text: the dimensions' block is
-- valid, but they would explain the overall score beyond R^2 = 1): refused
SELECT * FROM driver_fit('v1 dimensions=2 n=10 weight=10 incomplete=0 mean=(0 0 0) comoment=(1 0.9 0.5 1 -0.9 1)');

-- Called directly, as from PL/pgSQL, a transition function reads the names
-- it is given on every call: the names in a variable change between calls
-- that keep the function's cache
DO $$
DECLARE names text[]; overall text;
BEGIN
    FOREACH names SLICE 1 IN ARRAY ARRAY[['speed', 'ease'], ['price', 'range']] LOOP
        overall := names[1] || '_overall';
        RAISE NOTICE 'named %: %', names,
            moment_state_accum(NULL::moment_state, 4::float8, ARRAY[3, 5]::float8[], names)::text;
        RAISE NOTICE 'columns %: %', names,
            moment_state_accum(NULL::moment_state, 4::float8, names, 3::float8, 5::float8)::text;
        RAISE NOTICE 'long %: %', names,
            moment_state_accum(NULL::moment_state, 1::bigint, names[1], 3::float8, names, overall)::text;
    END LOOP;
END $$;

-- A dimension exactly on a cross-hair keeps its quadrant whatever order its
-- sums were formed in (found on Citus, where shards' states arrive in any
-- order): resolution's mean, 26/9, is the mean of the three (29/9, 23/9,
-- 26/9), so it is on the performance cross-hair, which counts as above, in
-- one pass and in the two halves merged, in driver_report and
-- driver_analysis.
CREATE TEMP TABLE dr_tie (i int, overall float8, speed float8, attitude float8, resolution float8);
INSERT INTO dr_tie VALUES (1, 2, 2, 2, 3), (2, 7, 4, 4, 4), (3, 5, 3, 3, 2), (4, 2, 4, 1, 1), (5, 3, 4, 3, 3),
    (6, 5, 4, 1, 4), (7, 6, 2, 3, 2), (8, 7, 2, 4, 3), (9, 2, 4, 2, 4);
SELECT 'driver_report' AS function, r.dimension, r.quadrant AS one_pass, h.quadrant AS halves_merged
FROM driver_report((SELECT moment_agg(overall, ARRAY['speed', 'attitude', 'resolution'], speed, attitude, resolution)
                    FROM dr_tie)) AS r
JOIN driver_report((SELECT moment_agg(overall, ARRAY['speed', 'attitude', 'resolution'], speed, attitude, resolution)
                           FILTER (WHERE i <= 4)
                           + moment_agg(overall, ARRAY['speed', 'attitude', 'resolution'], speed, attitude, resolution)
                             FILTER (WHERE i > 4)
                    FROM dr_tie)) AS h USING (dimension)
UNION ALL
SELECT 'driver_analysis', r.dimension, r.quadrant, h.quadrant
FROM driver_analysis((SELECT driver_agg(overall, ARRAY[speed, attitude, resolution]) FROM dr_tie),
                     ARRAY['speed', 'attitude', 'resolution']) AS r
JOIN driver_analysis((SELECT driver_agg(overall, ARRAY[speed, attitude, resolution]) FILTER (WHERE i <= 4)
                             + driver_agg(overall, ARRAY[speed, attitude, resolution]) FILTER (WHERE i > 4)
                      FROM dr_tie), ARRAY['speed', 'attitude', 'resolution']) AS h USING (dimension);

DROP TABLE dr_two, dr_two_state, dr_three, dr_azen, dr_mtcars, dr_weighted, dr_answers, dr_survey, dr_one_pass, dr_daily,
    dr_none, dr_near, dr_calls, dr_tie;
