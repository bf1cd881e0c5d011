#!/usr/bin/python3
"""Check svcquality's Erlang C and Erlang A against independent implementations.

Run with Debian's /usr/bin/python3 (NumPy, SciPy, mpmath) against the
database psql connects to (PGHOST etc.), with the extension installed.

Erlang C: the M/M/n stationary distribution summed term by term (a^k / k!)
in 50-digit arithmetic with mpmath, so there is no recursion and no
rounding to speak of; from it the probability of waiting, the service level
1 - C exp(-(n - a) t / aht), the average speed of answer and the occupancy.
The inverse is checked against a scan over the number of agents.

Erlang A: the M/M/n+M birth-death chain (death rate k mu up to n agents,
n mu + j theta with j waiting) summed in 50 digits for the probability of
waiting, the abandonment theta E[queue] / lambda and the mean wait of all
arrivals E[queue] / lambda (Little's law).  The service level weights each
state an arrival can find by its chance to be answered within t before
abandoning: with j waiting ahead it is x / (x + j + 1) (1 - I(e^-theta t;
x + 1, j + 1)), x = n mu / theta, I SciPy's regularized incomplete beta.
A second reference uses the closed forms with SciPy's regularized
incomplete gamma (gammainc), as in Mandelbaum and Zeltyn's summary.

Erlang A with customers who abandon at once (patience from 1e-12 s down
to the smallest double, 5e-324 s): the same chain, and the limit, Erlang B
from the 50-digit terms a^k / k!: P(W > 0) and the abandonment tend to B,
the service level to 1 - B, the occupancy to a (1 - B) / n and the mean
wait to B times the patience.

Compares over a grid of loads from 0.1 to 1000 Erlangs: probabilities to
1e-9 absolute, times to 1e-9 relative.  Prints TAP lines "ok N - ..." and
the worst differences; exits 1 on any failure.
"""
import math
import sys

import mpmath as mp
import numpy as np
from scipy.special import betainc, gammainc

from crosscheck import Tap, sql_rows

mp.mp.dps = 50
TOLERANCE = 1e-9
tap = Tap()
report = tap.report


def lateral_rows(columns, call, cases, select="x.*"):
    """One row per case: its id, then `select` from `call` over the case's columns."""
    values = ",\n".join("(" + ", ".join(repr(v) for v in case) + ")" for case in cases)
    return sql_rows("SELECT v.id, %s FROM (VALUES %s) AS v(%s) CROSS JOIN LATERAL %s AS x ORDER BY v.id;"
                    % (select, values, columns, call))


def difference(ours, reference, relative=False):
    """|ours - reference|, relative to the reference for times."""
    if relative:
        return abs(ours - reference) / max(1.0, abs(reference))
    return abs(ours - reference)


def case_load(arrivals, aht):
    """The offered load in Erlangs of a case (arrivals an hour, aht seconds),
    from the case itself: the references never take the function's own."""
    return arrivals * aht / 3600.0


class Worst:
    """The worst difference of each measure, and where it was."""

    def __init__(self):
        self.by_measure = {}

    def add(self, measure, diff, where):
        if diff > self.by_measure.get(measure, (-1.0, None))[0]:
            self.by_measure[measure] = (diff, where)

    def overall(self):
        return max(d for d, _ in self.by_measure.values())

    def lines(self):
        return ["worst %-22s %.3g at %s" % (m, d, w) for m, (d, w) in sorted(self.by_measure.items())]


# ---- Erlang C -------------------------------------------------------------

class ErlangCReference:
    """Terms a^k / k! of one load, and their prefix sums, in 50 digits."""

    def __init__(self, load, upto):
        self.load = mp.mpf(load)
        term = mp.mpf(1)
        self.terms = [term]
        self.sums = [term]
        for k in range(1, upto + 1):
            term = term * self.load / k
            self.terms.append(term)
            self.sums.append(self.sums[-1] + term)

    def measures(self, n, aht, t):
        a = self.load
        tail = self.terms[n] * n / (n - a)
        wait = tail / (self.sums[n - 1] + tail)
        spare = n - a
        service_level = 1 - wait * mp.exp(-spare * mp.mpf(t) / aht)
        asa = wait * aht / spare
        return float(wait), float(service_level), float(asa), float(a / n)


def erlang_c_cases():
    loads = [0.1, 0.25, 0.5, 0.9, 1, 2.7, 5, 10, 33.3, 48, 100, 250, 500, 750, 1000]
    aht = 300.0
    cases = []
    for a in loads:
        first = math.floor(a) + 1
        spread = int(8 * math.sqrt(a)) + 20
        offsets = sorted({0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, spread // 4, spread // 2, spread})
        for offset in offsets:
            for t in (0.0, 20.0, 120.0):
                cases.append((len(cases), a * 3600 / aht, aht, first + offset, t))
    return cases


def check_erlang_c():
    cases = erlang_c_cases()
    rows = lateral_rows("id, arrivals, aht, n, t", "erlang_c(arrivals, aht, n, t)", cases)
    references = {}
    worst = Worst()
    for (case_id, arrivals, aht, n, t), row in zip(cases, rows):
        ours_load, wait, sl, asa, occupancy = (float(v) for v in row[1:])
        load = case_load(arrivals, aht)
        if load not in references:
            references[load] = ErlangCReference(load, int(load) + 200 + int(10 * math.sqrt(load)))
        ref = references[load].measures(n, aht, t)
        where = "load %g, %d agents, t %g" % (load, n, t)
        for name, ours, theirs, rel in (("load_erlangs", ours_load, load, True),
                                        ("wait_probability", wait, ref[0], False),
                                        ("service_level", sl, ref[1], False),
                                        ("asa_seconds", asa, ref[2], True),
                                        ("occupancy", occupancy, ref[3], False)):
            worst.add(name, difference(ours, theirs, rel), where)
    report(len(rows) == len(cases) and worst.overall() <= TOLERANCE,
           "Erlang C: %d cases, loads 0.1-1000 Erlangs, agree with the 50-digit direct sum to 1e-9"
           % len(cases), worst.lines())
    return references


def check_erlang_c_inverse(references):
    targets = [(0.8, 20.0, 1.0), (0.9, 15.0, 1.0), (0.95, 60.0, 0.85), (0.5, 0.0, 1.0),
               (0.99, 30.0, 1.0), (0.8, 20.0, 0.9)]
    aht = 300.0
    cases = []
    for load in sorted(references):
        for target, t, max_occupancy in targets:
            cases.append((len(cases), load * 3600 / aht, aht, target, t, max_occupancy))
    rows = lateral_rows("id, arrivals, aht, target, t, occ", "erlang_c_agents(arrivals, aht, target, t, occ)",
                        cases, "x.agents, x.load_erlangs")
    mismatches = []
    for (case_id, arrivals, aht, target, t, max_occupancy), row in zip(cases, rows):
        agents, ours_load = int(row[1]), float(row[2])
        load = case_load(arrivals, aht)
        if difference(ours_load, load, True) > TOLERANCE:
            mismatches.append("arrivals %g aht %g: load_erlangs %r, the case's %r" % (arrivals, aht, ours_load, load))
        reference = references.get(load) or ErlangCReference(load, int(load) + 400)
        n = math.floor(load) + 1
        while True:
            _, sl, _, occupancy = reference.measures(n, aht, t)
            if sl >= target and occupancy <= max_occupancy:
                break
            n += 1
        if n != agents:
            mismatches.append("load %g target %g within %g s occupancy <= %g: ours %d, reference %d"
                              % (load, target, t, max_occupancy, agents, n))
    report(len(rows) == len(cases) and not mismatches,
           "Erlang C inverse: %d cases, the fewest agents equal a scan of the reference" % len(cases),
           mismatches)


# ---- Erlang A -------------------------------------------------------------

class ErlangAChain:
    """The M/M/n+M chain of one load, handling time, patience and n, in 50 digits."""

    def __init__(self, load, aht, patience, n):
        self.load, self.aht, self.patience, self.n = load, aht, patience, n
        lam = mp.mpf(load) / aht
        mu = 1 / mp.mpf(aht)
        theta = 1 / mp.mpf(patience)
        weights = [mp.mpf(1)]
        k = 0
        total = mp.mpf(1)
        while True:
            k += 1
            death = k * mu if k <= n else n * mu + (k - n) * theta
            weights.append(weights[-1] * lam / death)
            total += weights[-1]
            if k > n and weights[-1] < total * mp.mpf(10) ** -40 and lam < death:
                break
        probabilities = [w / total for w in weights]
        queue = mp.fsum((k - n) * p for k, p in enumerate(probabilities) if k > n)
        self.waiting = [float(p) for p in probabilities[n:]]  # P(arrival finds n + j)
        self.wait_probability = float(mp.fsum(probabilities[n:]))
        self.abandonment = float(theta * queue / lam)
        self.average_wait = float(queue / lam)
        self.occupancy = float(mp.fsum(min(k, n) * p for k, p in enumerate(probabilities)) / n)

    def service_level(self, t):
        """Answered within t: at once, or after waiting j ahead and before abandoning."""
        x = self.n * self.patience / self.aht
        j = np.arange(len(self.waiting), dtype=float)
        leaving = -math.expm1(-t / self.patience)  # 1 - e^(-theta t)
        within = x / (x + j + 1) * betainc(j + 1, x + 1, leaving)
        return (1 - self.wait_probability) + math.fsum(np.array(self.waiting) * within)


def erlang_a_closed_form(load, aht, patience, n, t):
    """The same measures from the closed forms with SciPy's gammainc (float64)."""
    r = patience / aht
    x, y = n * r, load * r
    recip = 1.0
    for k in range(1, n + 1):
        recip_minus_one = k / load * recip
        recip = 1 + recip_minus_one
    log_k = y - x * math.log(y) + math.lgamma(x + 1)
    p0, p1 = gammainc(x, y), gammainc(x + 1, y)
    p1_late = gammainc(x + 1, y * math.exp(-t / patience))
    wait = 1 / (1 + math.exp(math.log(recip_minus_one) - log_k - math.log(p0)))
    scale = wait / p0 * n / load
    abandonment = wait - scale * p1
    service_level = 1 - wait + scale * (p1 - p1_late)
    return wait, service_level, abandonment, abandonment * patience, load * (1 - abandonment) / n


def erlang_a_cases():
    loads = [0.1, 0.5, 1, 3, 10, 48, 100, 300, 500, 1000]
    ratios = [0.2, 1, 3, 10]  # patience / handling time
    aht = 300.0
    cases = []
    for a in loads:
        agents = {1, 2, math.floor(a) + 1, math.ceil(a + 2 * math.sqrt(a))}
        agents |= {max(1, round(f * a)) for f in (0.5, 0.8, 0.95, 1.0, 1.05, 1.2)}
        for ratio in ratios:
            for n in sorted(agents):
                for t in (0.0, 20.0, 120.0):
                    cases.append((len(cases), a * 3600 / aht, aht, ratio * aht, n, t))
    return cases


def check_erlang_a():
    cases = erlang_a_cases()
    rows = lateral_rows("id, arrivals, aht, patience, n, t", "erlang_a(arrivals, aht, patience, n, t)", cases)
    chains = {}
    worst = Worst()
    worst_closed = Worst()
    for (case_id, arrivals, aht, patience, n, t), row in zip(cases, rows):
        ours_load, wait, sl, abandonment, average_wait, occupancy = (float(v) for v in row[1:])
        load = case_load(arrivals, aht)
        worst.add("load_erlangs", difference(ours_load, load, True), "arrivals %g, aht %g" % (arrivals, aht))
        key = (load, patience, n)
        if key not in chains:
            chains[key] = ErlangAChain(load, aht, patience, n)
        chain = chains[key]
        where = "load %g, patience %g s, %d agents, t %g" % (load, patience, n, t)
        reference = (chain.wait_probability, chain.service_level(t), chain.abandonment,
                     chain.average_wait, chain.occupancy)
        closed = erlang_a_closed_form(load, aht, patience, n, t)
        for i, (name, ours, rel) in enumerate((("wait_probability", wait, False),
                                               ("service_level", sl, False),
                                               ("abandonment", abandonment, False),
                                               ("average_wait_seconds", average_wait, True),
                                               ("occupancy", occupancy, False))):
            worst.add(name, difference(ours, reference[i], rel), where)
            worst_closed.add(name, difference(ours, closed[i], rel), where)
    report(len(rows) == len(cases) and worst.overall() <= TOLERANCE,
           "Erlang A: %d cases, loads 0.1-1000 Erlangs, patience 0.2-10 handling times, agree with "
           "the 50-digit birth-death chain (service level by SciPy's betainc) to 1e-9" % len(cases),
           worst.lines())
    report(worst_closed.overall() <= TOLERANCE,
           "Erlang A: the same cases agree with the closed forms on SciPy's gammainc to 1e-9",
           worst_closed.lines())


def check_erlang_a_brief_patience():
    aht = 300.0
    cases = []
    for a in (0.1, 0.5, 1, 3, 10, 48, 100, 300, 1000):
        agents = {1, 2, math.floor(a) + 1, math.ceil(a + 2 * math.sqrt(a)), math.ceil(3 * a) + 10}
        agents |= {max(1, round(f * a)) for f in (0.5, 0.8, 1.0, 1.2)}
        for patience in (5e-324, 1e-310, 1e-300, 1e-291, 1e-250, 1e-100, 1e-12):
            for n in sorted(agents):
                for t in (0.0, 20.0):
                    cases.append((len(cases), a * 3600 / aht, aht, patience, n, t))
    rows = lateral_rows("id, arrivals, aht, patience, n, t", "erlang_a(arrivals, aht, patience, n, t)", cases)
    loss = {}
    chains = {}
    worst = Worst()
    worst_limit = Worst()
    for (case_id, arrivals, aht, patience, n, t), row in zip(cases, rows):
        ours = [float(v) for v in row[2:]]
        load = case_load(arrivals, aht)
        where = "load %g, patience %g s, %d agents, t %g" % (load, patience, n, t)
        key = (load, patience, n)
        if key not in chains:
            chains[key] = ErlangAChain(load, aht, patience, n)
        chain = chains[key]
        reference = (chain.wait_probability, chain.service_level(t), chain.abandonment,
                     chain.average_wait, chain.occupancy)
        for i, name in enumerate(("wait_probability", "service_level", "abandonment",
                                  "average_wait_seconds", "occupancy")):
            worst.add(name, difference(ours[i], reference[i], name == "average_wait_seconds"), where)
        if patience > 1e-100:
            continue
        if load not in loss:
            loss[load] = ErlangCReference(load, int(3 * load) + 20)
        b = loss[load].terms[n] / loss[load].sums[n]
        # relative to B, so that 1e-12 off a blocking of 1e-11 counts, where
        # B is a normal double (below, the recursion's 1/B overflows: 0)
        for i, name in ((0, "wait_probability / B"), (2, "abandonment / B")):
            worst_limit.add(name, float(abs(ours[i] / b - 1) if b > 1e-300 else abs(ours[i] - b)), where)
        worst_limit.add("service_level", float(abs(ours[1] - (1 - b))), where)
        worst_limit.add("occupancy", float(abs(ours[4] - load * (1 - b) / n)), where)
        if b * patience > mp.mpf("1e-307"):
            worst_limit.add("average_wait / (B patience)", float(abs(ours[3] / (b * patience) - 1)), where)
    report(len(rows) == len(cases) and worst.overall() <= TOLERANCE,
           "Erlang A, patience 1e-12 s down to 5e-324 s: %d cases, loads 0.1-1000 Erlangs, agree with "
           "the 50-digit birth-death chain to 1e-9" % len(cases), worst.lines())
    report(len(rows) == len(cases) and worst_limit.overall() <= TOLERANCE,
           "Erlang A, patience 1e-100 s and below: the limit, Erlang B in 50 digits, to 1e-9 (relative to B where B is a normal double)",
           worst_limit.lines())


def check_erlang_a_inverse():
    aht = 300.0
    cases = []
    for a in (0.1, 1, 3, 10, 48, 100, 300, 1000):
        for ratio in (0.2, 1, 3, 10):
            for target, t, max_abandonment in ((0.8, 20.0, 1.0), (0.9, 60.0, 0.05), (0.5, 0.0, 1.0),
                                               (0.95, 30.0, 0.01)):
                cases.append((len(cases), a * 3600 / aht, aht, ratio * aht, target, t, max_abandonment))
    rows = lateral_rows("id, arrivals, aht, patience, target, t, ab",
                        "erlang_a_agents(arrivals, aht, patience, target, t, ab)", cases, "x.agents, x.load_erlangs")
    mismatches = []
    for (case_id, arrivals, aht, patience, target, t, max_abandonment), row in zip(cases, rows):
        agents, ours_load = int(row[1]), float(row[2])
        load = case_load(arrivals, aht)
        if difference(ours_load, load, True) > TOLERANCE:
            mismatches.append("arrivals %g aht %g: load_erlangs %r, the case's %r" % (arrivals, aht, ours_load, load))

        def meets(n):
            chain = ErlangAChain(load, aht, patience, n)
            return chain.service_level(t) >= target and chain.abandonment <= max_abandonment

        if not meets(agents) or (agents > 1 and meets(agents - 1)):
            mismatches.append("load %g patience %g target %g within %g s abandonment <= %g: ours %d"
                              % (load, patience, target, t, max_abandonment, agents))
    report(len(rows) == len(cases) and not mismatches,
           "Erlang A inverse: %d cases, the chain says the answer meets the targets and one agent "
           "fewer does not" % len(cases), mismatches)


def main():
    references = check_erlang_c()
    check_erlang_c_inverse(references)
    check_erlang_a()
    check_erlang_a_brief_patience()
    check_erlang_a_inverse()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
