#!/usr/bin/python3
"""Check svcquality's key-driver analysis against independent implementations.

Run with Debian's /usr/bin/python3 (NumPy, SciPy, statsmodels) against the
database psql connects to (PGHOST etc.), with the extension installed.

Generated survey data with correlated dimensions (a common "service"
factor plus each dimension's own part, scores rounded to 1-10, a few
answers missing), loaded into a table in the wide layout (overall score,
an array of dimension scores, a frequency weight, a day) and in the long
layout (one row per answer, rows of a response shuffled, an extra question
the analysis ignores).  Then, against the moment_state functions:

- regression: statsmodels OLS on the complete responses (coefficients,
  standard errors, t, p, 95% intervals), standardized coefficients, R^2,
  adjusted R^2, F and its p-value, the residual standard deviation;
- correlations and their p-values: NumPy and scipy.stats.pearsonr; means
  and standard deviations: NumPy;
- Johnson's relative weights, written here from the definition with
  NumPy's eigendecomposition (Lambda = V diag(sqrt(lambda)) V', beta* =
  Lambda^-1 r_xy, eps = Lambda^2 beta*^2);
- Shapley (LMG) values, written here from the definition: R^2 of every
  subset by least squares on the data (not from the correlation matrix),
  weighted increments over all orders;
- weighted states against the same statistics on the data with every
  response repeated weight times (frequency weights);
- the long layout against the wide one; daily states merged against one
  pass; a parallel plan (checked to be one) against a serial one;
- gap analysis of long rows: each group's mean gap and its standard
  deviation (NumPy), and one group against another per dimension
  (scipy.stats.ttest_ind with equal_var=False: Welch's t, p; the interval
  from scipy.stats.t).

Regression statistics, correlations and means must agree to 1e-9
(relative to the larger of 1 and the reference), weights and Shapley
values to 1e-7; merged and parallel results with one pass to 1e-12.
Prints TAP lines and the worst difference of each check.
"""
import itertools
import math
import os
import sys

import numpy as np
import statsmodels.api as sm
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crosscheck import Tap, sql_rows  # noqa: E402

tap = Tap()
report = tap.report

DIMENSIONS = ["speed", "attitude", "resolution", "knowledge", "ease", "follow_up"]


def psql(sql, settings=""):
    return sql_rows(settings + sql, "|")


def floats(rows, skip=1):
    """The columns after the first `skip` of each row, as floats (NULL: NaN)."""
    return np.array([[float("nan") if v is None else float(v) for v in row[skip:]] for row in rows])


def worst_difference(ours, reference):
    ours = np.asarray(ours, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if ours.shape != reference.shape:
        return float("inf")
    both_nan = np.isnan(ours) & np.isnan(reference)
    scale = np.maximum(1.0, np.abs(reference))
    diff = np.where(both_nan, 0.0, np.abs(ours - reference) / scale)
    diff = np.where(np.isnan(diff), np.inf, diff)
    return float(diff.max()) if diff.size else 0.0


def compare(title, ours, reference, tolerance):
    worst = worst_difference(ours, reference)
    report(worst <= tolerance, title, ["worst difference %.3g (tolerance %g)" % (worst, tolerance)])


# ---------------------------------------------------------------------------
# Data


def generate(rng, n, p):
    """Scores 1-10 driven by a common factor; overall from the dimensions."""
    factor = rng.normal(size=(n, 1))
    own = rng.normal(size=(n, p))
    loadings = np.linspace(0.8, 0.4, p)
    latent = factor * loadings + own * np.sqrt(1 - loadings ** 2)
    scores = np.clip(np.round(6.5 + 1.8 * latent), 1, 10)
    effects = np.linspace(0.45, 0.05, p)
    effects /= effects.sum()
    overall = np.clip(np.round(scores @ effects + rng.normal(scale=0.9, size=n)), 1, 10)
    return scores, overall


def sql_array(values):
    return "{" + ",".join("NULL" if v is None else repr(float(v)) for v in values) + "}"


def load(rng, n):
    scores, overall = generate(rng, n, len(DIMENSIONS))
    weights = rng.integers(1, 4, size=n)
    days = rng.integers(1, 31, size=n)
    missing = rng.random(size=(n, len(DIMENSIONS) + 1)) < 0.01
    wide, long_rows = [], []
    for i in range(n):
        dims = [None if missing[i, j] else scores[i, j] for j in range(len(DIMENSIONS))]
        ov = None if missing[i, -1] else overall[i]
        wide.append("%d\t%d\t%s\t%s\t%d" % (i + 1, days[i], "\\N" if ov is None else repr(float(ov)),
                                            sql_array(dims), weights[i]))
        answers = [(name, v) for name, v in zip(DIMENSIONS + ["overall"], dims + [ov]) if v is not None]
        answers.append(("nps", float(rng.integers(0, 11))))
        rng.shuffle(answers)
        long_rows += ["%d\t%s\t%r" % (i + 1, name, float(v)) for name, v in answers]
    psql("DROP TABLE IF EXISTS dc_wide, dc_long;"
         "CREATE TABLE dc_wide (id bigint, day int, overall float8, scores float8[], weight int);"
         "CREATE TABLE dc_long (id bigint, dimension text, score float8);"
         "COPY dc_wide FROM STDIN;\n" + "\n".join(wide) + "\n\\.\n"
         "COPY dc_long FROM STDIN;\n" + "\n".join(long_rows) + "\n\\.\n"
         "ANALYZE dc_wide; ANALYZE dc_long;")
    complete = ~missing.any(axis=1)
    return scores[complete], overall[complete], weights[complete]


# ---------------------------------------------------------------------------
# References, written from the definitions


def relative_weights(x, y):
    r = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    p = x.shape[1]
    values, vectors = np.linalg.eigh(r[:p, :p])
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, r[:p, p])
    return (lam ** 2) @ (beta ** 2)


def subset_r2(x, y, subset):
    if not subset:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(subset)]])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return 1.0 - residual @ residual / np.sum((y - y.mean()) ** 2)


def shapley(x, y):
    p = x.shape[1]
    r2 = {s: subset_r2(x, y, s) for size in range(p + 1) for s in itertools.combinations(range(p), size)}
    phi = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            w = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for s in itertools.combinations(others, size):
                phi[j] += w * (r2[tuple(sorted(s + (j,)))] - r2[s])
    return phi


def regression_reference(x, y):
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    ci = fit.conf_int(0.05)
    sd = x.std(axis=0, ddof=1)
    standardized = np.concatenate([[np.nan], fit.params[1:] * sd / y.std(ddof=1)])
    table = np.column_stack([fit.params, fit.bse, fit.tvalues, fit.pvalues, ci[:, 0], ci[:, 1], standardized])
    summary = [fit.rsquared, fit.rsquared_adj, fit.fvalue, fit.df_model, fit.df_resid, fit.f_pvalue,
               math.sqrt(fit.scale)]
    return table, summary


def correlation_reference(x, y):
    data = np.column_stack([x, y])
    rows = []
    for i in range(data.shape[1]):
        for j in range(i + 1, data.shape[1]):
            r, p = stats.pearsonr(data[:, i], data[:, j])
            rows.append([r, p])
    return np.array(rows)


# ---------------------------------------------------------------------------
# Checks


def check_state(label, state_sql, x, y):
    ours = floats(psql("SELECT * FROM driver_regression((%s));" % state_sql))
    table, summary = regression_reference(x, y)
    compare("%s: coefficients, standard errors, t, p, intervals as statsmodels OLS" % label, ours, table, 1e-9)
    ours = floats(psql("SELECT * FROM driver_fit((%s));" % state_sql), skip=0)
    compare("%s: R^2, adjusted R^2, F, degrees of freedom, p, residual stddev" % label, ours[0], summary, 1e-9)
    ours = floats(psql("SELECT * FROM moment_correlations((%s));" % state_sql), skip=2)
    compare("%s: correlations and p-values as scipy.stats.pearsonr" % label, ours, correlation_reference(x, y), 1e-9)
    ours = floats(psql("SELECT * FROM moment_means((%s));" % state_sql))
    data = np.column_stack([x, y])
    compare("%s: means and standard deviations" % label, ours,
            np.column_stack([data.mean(axis=0), data.std(axis=0, ddof=1)]), 1e-9)
    ours = floats(psql("SELECT * FROM driver_relative_weights((%s));" % state_sql))
    eps = relative_weights(x, y)
    compare("%s: relative weights (raw and rescaled) as NumPy's eigendecomposition" % label, ours,
            np.column_stack([eps, 100 * eps / eps.sum()]), 1e-7)
    ours = floats(psql("SELECT * FROM driver_shapley((%s));" % state_sql))
    phi = shapley(x, y)
    compare("%s: Shapley values (raw and rescaled) from every subset's least squares" % label, ours,
            np.column_stack([phi, 100 * phi / phi.sum()]), 1e-7)
    report(abs(phi.sum() - summary[0]) < 1e-12 and abs(eps.sum() - summary[0]) < 1e-12,
           "%s: the references' weights and Shapley values add up to R^2" % label)


def text_of(sql, settings=""):
    return psql(sql, settings)[0][0]


def same_analysis(title, state_a, state_b, settings_b=""):
    """Every analysis of two states agrees to 1e-12."""
    worst = 0.0
    for function in ["driver_regression", "moment_correlations", "moment_means",
                     "driver_relative_weights", "driver_shapley"]:
        skip = 2 if function == "moment_correlations" else 1
        a = floats(psql("SELECT * FROM %s((%s));" % (function, state_a)), skip)
        b = floats(psql(settings_b + "SELECT * FROM %s((%s));" % (function, state_b)), skip)
        worst = max(worst, worst_difference(a, b))
    report(worst <= 1e-12, title, ["worst difference %.3g (tolerance 1e-12)" % worst])


def check_layouts_and_merges():
    wide = "SELECT moment_agg(overall, scores, %s) FROM dc_wide" % names_array()
    long = ("SELECT moment_agg(id, dimension, score, %s, 'overall') FROM dc_long" % names_array())
    summary_wide = psql("SELECT responses, incomplete FROM moment_summary((%s));" % wide)
    summary_long = psql("SELECT responses, incomplete FROM moment_summary((%s));" % long)
    report(summary_wide == summary_long, "long layout: as many complete and incomplete responses as the wide one",
           ["wide %s, long %s" % (summary_wide, summary_long)])
    same_analysis("long layout (rows of a response shuffled, an extra question) equals the wide one", wide, long)
    columns = ("SELECT moment_agg(overall, %s, %s) FROM dc_wide"
               % (names_array(), ", ".join("scores[%d]" % (j + 1) for j in range(len(DIMENSIONS)))))
    same_analysis("scores as columns equal the array form", wide, columns)
    daily = ("SELECT moment_agg(s) FROM (SELECT day, moment_agg(overall, scores, %s) AS s FROM dc_wide "
             "GROUP BY day) AS d" % names_array())
    same_analysis("30 daily states merged equal one pass", wide, daily)
    daily_long = ("SELECT moment_agg(s) FROM (SELECT id %% 30, moment_agg(id, dimension, score, %s, 'overall') "
                  "AS s FROM dc_long GROUP BY id %% 30) AS d" % names_array())
    same_analysis("long-layout states of 30 groups of responses merged equal one pass", wide, daily_long)
    parallel = ("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; "
                "SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
                "SET parallel_leader_participation = off;")
    for label, query in [("wide", wide), ("long", long)]:
        plan = "\n".join(r[0] for r in psql("EXPLAIN (COSTS OFF) " + query + ";", parallel))
        report("Partial Aggregate" in plan and "Gather" in plan, "%s layout: the forced plan is parallel" % label,
               plan.splitlines())
        same_analysis("%s layout: parallel plan equals serial" % label, query, query, parallel)


def names_array():
    return "ARRAY[%s]" % ", ".join("'%s'" % d for d in DIMENSIONS)


def check_many_dimensions(rng):
    """Shapley of 12 dimensions (4096 subsets) and relative weights of 30."""
    for p, with_shapley in [(12, True), (30, False)]:
        scores, overall = generate(rng, 3000, p)
        rows = "\n".join("%r\t%s" % (float(o), sql_array(s)) for o, s in zip(overall, scores))
        psql("DROP TABLE IF EXISTS dc_many; CREATE TABLE dc_many (overall float8, scores float8[]);"
             "COPY dc_many FROM STDIN;\n" + rows + "\n\\.\n")
        state = "SELECT moment_agg(overall, scores) FROM dc_many"
        table, summary = regression_reference(scores, overall)
        compare("%d dimensions: regression as statsmodels OLS" % p,
                floats(psql("SELECT * FROM driver_regression((%s));" % state)), table, 1e-9)
        eps = relative_weights(scores, overall)
        compare("%d dimensions: relative weights" % p,
                floats(psql("SELECT raw_weight FROM driver_relative_weights((%s));" % state), 0)[:, 0], eps, 1e-7)
        if with_shapley:
            compare("%d dimensions: Shapley values from 4096 subsets" % p,
                    floats(psql("SELECT shapley FROM driver_shapley((%s));" % state), 0)[:, 0],
                    shapley(scores, overall), 1e-7)


def check_gaps(rng):
    """Two groups' gaps per dimension: the analysis and Welch's test."""
    rows, pairs = [], {}
    for group, shift in [("a", 0.0), ("b", 0.3)]:
        for dimension, n in [("speed", 400), ("attitude", 250), ("ease", 60)]:
            expectation = np.clip(np.round(rng.normal(7.5, 1.2, size=n)), 1, 10)
            perception = np.clip(np.round(expectation - 0.6 + shift + rng.normal(0, 1.5, size=n)), 1, 10)
            pairs[group, dimension] = perception - expectation
            rows += ["%s\t%s\t%r\t%r" % (group, dimension, e, q) for e, q in zip(expectation, perception)]
    psql("DROP TABLE IF EXISTS dc_gaps; CREATE TABLE dc_gaps (grp text, dimension text, e float8, p float8);"
         "COPY dc_gaps FROM STDIN;\n" + "\n".join(rows) + "\n\\.\n")
    state = "(SELECT gap_agg(dimension, e, p) FROM dc_gaps WHERE grp = '%s')"
    ours = floats(psql("SELECT dimension, gap, stddev FROM gap_analysis(%s);" % (state % "a")))
    names = ["attitude", "ease", "speed"]
    reference = [[pairs["a", d].mean(), pairs["a", d].std(ddof=1)] for d in names]
    compare("gap analysis of long rows: mean gaps and their standard deviations", ours, reference, 1e-9)
    ours = floats(psql("SELECT dimension, difference, stderr, df, t, p_value, lower, upper FROM gap_compare(%s, %s);"
                       % (state % "a", state % "b")))
    reference = []
    for d in names:
        a, b = pairs["a", d], pairs["b", d]
        test = stats.ttest_ind(a, b, equal_var=False)
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
        diff = a.mean() - b.mean()
        reference.append([diff, math.sqrt(va + vb), df, test.statistic, test.pvalue, diff - half, diff + half])
    compare("gap_compare: Welch's standard error, degrees of freedom, t, p and interval as scipy.stats", ours,
            reference, 1e-9)
    psql("DROP TABLE dc_gaps;")


def main():
    rng = np.random.default_rng(20260316)
    x, y, w = load(rng, 4000)
    report(len(y) > 3700, "generated data: %d complete responses of 4000" % len(y))
    check_state("unweighted", "SELECT moment_agg(overall, scores) FROM dc_wide", x, y)
    check_state("frequency weights", "SELECT moment_agg(overall, scores, weight::float8) FROM dc_wide",
                np.repeat(x, w, axis=0), np.repeat(y, w))
    check_layouts_and_merges()
    check_many_dimensions(rng)
    check_gaps(rng)
    psql("DROP TABLE dc_wide, dc_long, dc_many;")
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
