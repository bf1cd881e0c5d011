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

Compares over a grid of loads from 0.1 to 1000 Erlangs: probabilities to
1e-9 absolute, times to 1e-9 relative.  Prints TAP lines "ok N - ..." and
the worst differences; exits 1 on any failure.
"""
import math
import subprocess
import sys

import mpmath as mp
from scipy.special import betainc, gammainc

mp.mp.dps = 50
TOLERANCE = 1e-9
number = 0
failures = 0


def report(ok, title, comments=()):
    global number, failures
    number += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", number, title))
    for line in comments:
        print("# " + line)
    if not ok:
        failures += 1


def sql_rows(sql):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1"],
                         input=sql, capture_output=True, text=True, check=True)
    rows = []
    for line in out.stdout.splitlines():
        if line:
            rows.append([None if v == "" else v for v in line.split(",")])
    return rows


def values_list(cases):
    return ",\n".join("(" + ", ".join(repr(v) for v in case) + ")" for case in cases)


def difference(ours, reference, relative=False):
    """|ours - reference|, relative to the reference for times."""
    if relative:
        return abs(ours - reference) / max(1.0, abs(reference))
    return abs(ours - reference)


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
    rows = sql_rows("SELECT v.id, c.* FROM (VALUES %s) AS v(id, arrivals, aht, n, t) "
                    "CROSS JOIN LATERAL erlang_c(arrivals, aht, n, t) AS c ORDER BY v.id;"
                    % values_list(cases))
    references = {}
    worst = Worst()
    for (case_id, arrivals, aht, n, t), row in zip(cases, rows):
        load, wait, sl, asa, occupancy = (float(v) for v in row[1:])
        if load not in references:
            references[load] = ErlangCReference(load, int(load) + 200 + int(10 * math.sqrt(load)))
        ref = references[load].measures(n, aht, t)
        where = "load %g, %d agents, t %g" % (load, n, t)
        for name, ours, theirs, rel in (("wait_probability", wait, ref[0], False),
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
    rows = sql_rows("SELECT v.id, s.agents, s.load_erlangs FROM (VALUES %s) AS v(id, arrivals, aht, target, t, occ) "
                    "CROSS JOIN LATERAL erlang_c_agents(arrivals, aht, target, t, occ) AS s ORDER BY v.id;"
                    % values_list(cases))
    mismatches = []
    for (case_id, arrivals, aht, target, t, max_occupancy), row in zip(cases, rows):
        agents, load = int(row[1]), float(row[2])
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


def main():
    references = check_erlang_c()
    check_erlang_c_inverse(references)
    print("1..%d" % number)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
