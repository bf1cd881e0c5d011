#!/usr/bin/python3
"""Check svcquality's Erlang C and Erlang A against independent implementations.

Run with Debian's /usr/bin/python3 (SciPy, mpmath) against the
database psql connects to (PGHOST etc.), with the extension installed.

Erlang C: the M/M/n stationary distribution summed term by term (a^k / k!)
in 50-digit arithmetic with mpmath, so there is no recursion and no
rounding to speak of; from it the probability of waiting, the service level
1 - C exp(-(n - a) t / aht), the average speed of answer and the occupancy.
The inverse is checked against a scan over the number of agents.

Erlang A: the M/M/n+M birth-death chain (death rate k mu up to n agents,
n mu + j theta with j waiting) summed in 50 digits for the probability of
waiting, the abandonment theta E[queue] / lambda and the mean wait of all
arrivals E[queue] / lambda (Little's law), until what it leaves out is
below 1e-45 of its sums over the waiting states, so that tiny
probabilities keep their digits.  The service level weights each state an
arrival can find by its chance to be answered within t before abandoning:
with j waiting ahead it is x / (x + j + 1) (1 - I(e^-theta t; x + 1,
j + 1)), x = n mu / theta, I the regularized incomplete beta function, as
a negative binomial sum in 50 digits.  A second reference uses the closed
forms with SciPy's regularized incomplete gamma (gammainc), as in
Mandelbaum and Zeltyn's summary.

Erlang A with customers who abandon at once (patience from 1e-12 s down
to the smallest double, 5e-324 s): the same chain, and the limit, Erlang B
from the 50-digit terms a^k / k!: P(W > 0) and the abandonment tend to B,
the service level to 1 - B, the occupancy to a (1 - B) / n and the mean
wait to B times the patience.

Erlang A where the incomplete gamma function underflows with at least one
arrival per mean patience (customers far more patient than the handling
time at a load below the agents, where erlang_a raised 22003 or reported
nobody waiting before it summed the waiting states): the chain over loads
from 1e-6 to 300 Erlangs, 1 to 2000 agents and patience up to 10^12
handling times, relative to 1e-12 for the probabilities of waiting and
abandoning, the mean wait and the occupancy, however small; and, where the
chain would take tens of millions of terms (agents times patience over
handling time 10^15 and 2e15, a load a millionth below the agents), the
sums over the waiting states written as integrals, by mpmath's quadrature.

Compares over a grid of loads from 0.1 to 1000 Erlangs: probabilities to
1e-9 absolute, times to 1e-9 relative, unless said otherwise.  Prints TAP
lines "ok N - ..." and the worst differences; exits 1 on any failure.
"""
import math
import sys

import mpmath as mp
from scipy.special import gammainc

from crosscheck import Tap, sql_rows

mp.mp.dps = 50
TOLERANCE = 1e-9
PATIENT_TOLERANCE = 1e-12
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

# the chain is summed until what it leaves out is below this share of its
# sums over the waiting states, so that tiny probabilities of waiting and
# abandonments keep 40 digits too (a share of the whole distribution would
# truncate a probability of waiting of 1e-30 after its first terms)
CHAIN_TRUNCATION = mp.mpf(10) ** -45
_erlang_b_terms = {}


def erlang_b_terms(load, n):
    """The terms a^k / k! of a load up to k = n at least, cached by load."""
    reference = _erlang_b_terms.get(load)
    if reference is None or len(reference.terms) <= n:
        reference = ErlangCReference(load, max(n, 2 * (len(reference.terms) if reference else 0)))
        _erlang_b_terms[load] = reference
    return reference


class ErlangAChain:
    """The M/M/n+M chain of one load, handling time, patience and n, in 50 digits.

    Up to n agents busy the weights are a^k / k!; with j waiting, those of n
    times u_j = prod_{i <= j} lambda / (n mu + i theta).  The waiting states
    are summed until the rest, at most u_j r / (1 - r) with r the next ratio
    (the ratios fall), and the rest of the queue's sum, are below
    CHAIN_TRUNCATION of their sums.  The exact values (mpf) are in `exact`.
    """

    def __init__(self, load, aht, patience, n):
        self.load, self.aht, self.patience, self.n = load, aht, patience, n
        lam = mp.mpf(load) / aht
        mu = 1 / mp.mpf(aht)
        theta = 1 / mp.mpf(patience)
        below = erlang_b_terms(load, n)
        u = [mp.mpf(1)]
        waiting = mp.mpf(1)
        queue = mp.mpf(0)
        j = 0
        while True:
            j += 1
            u.append(u[-1] * lam / (n * mu + j * theta))
            waiting += u[-1]
            queue += j * u[-1]
            r = lam / (n * mu + (j + 1) * theta)
            if r < 1:
                rest = u[-1] * r / (1 - r)
                if rest < CHAIN_TRUNCATION * waiting and rest * (j + 1 / (1 - r)) < CHAIN_TRUNCATION * queue:
                    break
        total = below.sums[n - 1] + below.terms[n] * waiting
        scale = below.terms[n] / total
        self.waiting = [scale * v for v in u]  # P(arrival finds n + j)
        busy = (below.load * below.sums[n - 2] if n >= 2 else 0) + n * below.terms[n] * waiting
        self.exact = {
            "wait_probability": scale * waiting,
            "abandonment": theta * scale * queue / lam,
            "average_wait": scale * queue / lam,
            "occupancy": busy / total / n,
        }
        self.wait_probability = float(self.exact["wait_probability"])
        self.abandonment = float(self.exact["abandonment"])
        self.average_wait = float(self.exact["average_wait"])
        self.occupancy = float(self.exact["occupancy"])

    def exact_service_level(self, t):
        """Answered within t: at once, or after waiting j ahead and before abandoning.

        With j ahead, a caller is answered before abandoning with chance
        x / (x + j + 1), x = n mu / theta, and then within t with chance
        I(1 - e^-theta t; j + 1, x + 1), the regularized incomplete beta
        function, here for its whole first argument as a negative binomial
        sum: 1 - e^-(x + 1) theta t sum_{k <= j} (x + 1)_k z^k / k!,
        z = 1 - e^-theta t, accumulated over j in 50 digits.
        """
        if t == 0:
            return 1 - self.exact["wait_probability"]
        x = self.n * mp.mpf(self.patience) / self.aht
        decay = mp.mpf(t) / self.patience
        stay = mp.exp(-decay * (x + 1))
        z = -mp.expm1(-decay)
        term = mp.mpf(1)
        partial = term
        answered = mp.mpf(0)
        for j, p in enumerate(self.waiting):
            if j:
                term *= (x + j) * z / j
                partial += term
            answered += p * x / (x + j + 1) * (1 - stay * partial)
        return 1 - self.exact["wait_probability"] + answered

    def service_level(self, t):
        return float(self.exact_service_level(t))


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
           "the 50-digit birth-death chain to 1e-9" % len(cases),
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


def patient_cases(loads, agents, ratios, ahts, times):
    """Cases (id, arrivals, aht, patience, n, t) of a grid; agents(a) gives n."""
    cases = []
    for a in loads:
        for ratio in ratios:
            for aht in ahts:
                for n in agents(a):
                    for t in times:
                        cases.append((len(cases), a * 3600 / aht, aht, ratio * aht, n, t))
    return cases


def underflows(load, aht, patience, n):
    """Whether P(x + 1, y) is below 1e-290 with y >= 1 (SciPy's gammainc):
    the region where erlang_a raised 22003 or reported nobody waiting."""
    r = patience / aht
    return load * r >= 1 and gammainc(n * r + 1, load * r) < 1e-290


def check_erlang_a_patient(cases, title):
    """Every measure against the chain: the probabilities of waiting and of
    abandoning, the mean wait and the occupancy relative to the chain's
    value, or within 1e-300 of it where that is below the double range
    (1 / B overflows there); the service level absolutely."""
    rows = lateral_rows("id, arrivals, aht, patience, n, t", "erlang_a(arrivals, aht, patience, n, t)", cases)
    chains = {}
    relative = Worst()
    tiny = Worst()
    service_level = Worst()
    absolute = Worst()
    for (case_id, arrivals, aht, patience, n, t), row in zip(cases, rows):
        ours = [float(v) for v in row[2:]]
        load = case_load(arrivals, aht)
        key = (load, aht, patience, n)
        if key not in chains:
            chains[key] = ErlangAChain(load, aht, patience, n)
        chain = chains[key]
        where = "load %g, aht %g s, patience %g s, %d agents, t %g" % (load, aht, patience, n, t)
        for i, name in ((0, "wait_probability"), (2, "abandonment"), (3, "average_wait"), (4, "occupancy")):
            reference = chain.exact[name]
            absolute.add(name, float(abs(ours[i] - reference)), where)
            if reference > mp.mpf("1e-300"):
                relative.add(name, float(abs(ours[i] / reference - 1)), where)
            else:
                tiny.add(name + " below 1e-300", float(abs(ours[i] - reference)), where)
        service_level.add("service_level", float(abs(ours[1] - chain.exact_service_level(t))), where)
    ok = (len(rows) == len(cases) and relative.overall() <= PATIENT_TOLERANCE and
          (not tiny.by_measure or tiny.overall() <= 1e-300) and service_level.overall() <= PATIENT_TOLERANCE)
    report(ok, "%s: %d cases agree with the 50-digit chain to %g (relative; the service level absolute)"
           % (title, len(cases), PATIENT_TOLERANCE),
           ["relative " + line for line in relative.lines()] + tiny.lines() + service_level.lines())
    return relative, tiny, service_level, absolute


def check_erlang_a_underflow():
    """Where P(x + 1, y) underflows with y >= 1, erlang_a raised 22003 or
    reported nobody waiting until the sums over the waiting states: loads
    from 1e-6 to 300 Erlangs, 1 to 2000 agents, patience 10 to 10^12
    handling times of 1 s to 10^5 s (agents times patience over handling
    time up to 2e15)."""
    def agents(a):
        return sorted({n for n in (1, 2, 5, math.floor(a) + 1, math.ceil(1.1 * a) + 1, math.ceil(2 * a), 200, 2000)
                       if 1 <= n <= 2000})

    cases = [case for case in patient_cases((1e-6, 1e-3, 0.5, 10, 300), agents, (10, 1e3, 1e6, 1e9, 1e12),
                                            (1.0, 300.0, 1e5), (0.0, 20.0, 120.0))
             if underflows(case_load(case[1], case[2]), case[2], case[3], case[4])]
    check_erlang_a_patient([(i,) + case[1:] for i, case in enumerate(cases)],
                           "Erlang A where the incomplete gamma function underflows, loads 1e-6-300 Erlangs, "
                           "1-2000 agents, patience 10-1e12 handling times")


def kummer_integral(b, z, power=0):
    """(b - 1) times the integral over [0, 1] of s^power e^(z s) (1 - s)^(b - 2):
    Kummer's M(1, b, z) for power 0, its derivative in z for power 1 (50
    digits, in pieces that follow the integrand's fall near 0 when b is huge)."""
    def integrand(s):
        return s ** power * mp.exp(z * s + (b - 2) * mp.log1p(-s))

    return (b - 1) * mp.quad(integrand, [mp.mpf(0)] + [mp.mpf(10) ** k for k in range(-12, 1)])


def erlang_a_by_integrals(load, aht, patience, n, t):
    """The measures from the sums over the waiting states written as
    integrals, S = M(1, x + 1, y) and sum_j j u_j = y dS/dy, and the closed
    forms' P(x + 1, .) / P(x, y) as M(1, x + 2, .): for queues whose chain
    would take tens of millions of terms."""
    a = mp.mpf(load)
    ratio = mp.mpf(patience) / aht
    x, y = n * ratio, a * ratio
    below = erlang_b_terms(load, n)
    rest = below.sums[n - 1] / below.terms[n]  # 1/B - 1
    s = kummer_integral(x + 1, y)
    pi_n = 1 / (rest + s)
    wait = pi_n * s
    abandonment = pi_n * kummer_integral(x + 1, y, 1)
    decay = mp.mpf(t) / patience
    y_late = y * mp.exp(-decay)
    late = mp.exp(-(x + 1) * decay + y - y_late) * kummer_integral(x + 2, y_late)
    service_level = 1 - wait + pi_n * x / (x + 1) * (kummer_integral(x + 2, y) - late)
    return wait, service_level, abandonment, abandonment * patience, a * (1 - abandonment) / n


def check_erlang_a_longest_sums():
    """Near the longest sums over the waiting states: agents times patience
    over handling time 10^15 and 2e15, loads 1.01 to 4 times the distance
    from the agents at which the incomplete gamma function underflows."""
    cases = []
    for n, x in ((1000, 1e15), (2000, 2e15)):
        for factor in (1.01, 1.5, 4):
            load = n * (1 - 36.43 / math.sqrt(x) * factor)
            for aht, t in ((1.0, 20.0), (300.0, 120.0)):
                cases.append((len(cases), load * 3600 / aht, aht, x / n * aht, n, t))
    rows = lateral_rows("id, arrivals, aht, patience, n, t", "erlang_a(arrivals, aht, patience, n, t)", cases)
    worst = Worst()
    for (case_id, arrivals, aht, patience, n, t), row in zip(cases, rows):
        ours = [float(v) for v in row[2:]]
        reference = erlang_a_by_integrals(case_load(arrivals, aht), aht, patience, n, t)
        where = "load %r, aht %g s, patience %g s, %d agents, t %g" % (case_load(arrivals, aht), aht, patience, n, t)
        for i, name in enumerate(("wait_probability", "service_level", "abandonment", "average_wait",
                                  "occupancy")):
            worst.add(name, float(abs(ours[i] - reference[i]) if i == 1 else abs(ours[i] / reference[i] - 1)), where)
    report(len(rows) == len(cases) and worst.overall() <= PATIENT_TOLERANCE,
           "Erlang A near the longest sums (x 1e15 and 2e15, loads 1.01 to 4 times as far below the agents "
           "as underflow needs): "
           "%d cases agree with the sums as integrals in 50 digits to %g (relative; the service level absolute)"
           % (len(cases), PATIENT_TOLERANCE), worst.lines())


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
    check_erlang_a_underflow()
    check_erlang_a_longest_sums()
    check_erlang_a_inverse()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
