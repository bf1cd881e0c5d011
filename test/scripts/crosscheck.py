"""What the cross-check scripts share: TAP lines, rows from psql, queries
batched into one psql session, a checker of figures against references, and
the text forms of states.

Imported by the scripts next to it (staffing_crosscheck.py,
statistics_check.py, monitoring_check.py), which run with Debian's
/usr/bin/python3 against the database psql connects to (PGHOST etc.).
"""
import math
import subprocess


class Tap:
    """Numbered "ok N - title" / "not ok N - title" lines, and the plan."""

    def __init__(self):
        self.number = 0
        self.failures = 0

    def report(self, ok, title, comments=()):
        self.number += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.number, title))
        for line in comments:
            print("# " + line)
        if not ok:
            self.failures += 1

    def finish(self):
        """Print the plan; the exit status: 1 after any failure."""
        print("1..%d" % self.number)
        return 1 if self.failures else 0


def sql_rows(sql, separator=","):
    """The rows psql prints for sql (any number of statements), as lists of
    strings, NULL as None; the separator must not occur in the values."""
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", separator, "-v", "ON_ERROR_STOP=1"],
                         input=sql, capture_output=True, text=True, check=True)
    return [[None if v == "" else v for v in line.split(separator)]
            for line in out.stdout.splitlines() if line]


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def number_of(text):
    return None if text is None else float(text)


class Batch:
    """Queries run together in one psql session; rows come back by key."""

    def __init__(self, setup=""):
        self.setup = [setup] if setup else []
        self.queries = []

    def add(self, key, query):
        """query: a SELECT (no semicolon); its rows are returned under key, in order."""
        self.queries.append("SELECT %s AS key, q.* FROM (%s) AS q;" % (sql_literal(key), query))

    def run(self):
        rows = sql_rows("\n".join(self.setup + self.queries), "|")
        result = {}
        for row in rows:
            result.setdefault(row[0], []).append(row[1:])
        return result


class Checker:
    """Compares figures to references (relative to max(1, |reference|)) and
    keeps the worst difference of each; a figure that does not exist must be
    NULL (None) here and None, NaN or infinite in the reference."""

    def __init__(self, tap, tolerance):
        self.tap = tap
        self.tolerance = tolerance
        self.worst = {}
        self.problems = []

    def value(self, name, ours, reference, where):
        ours = number_of(ours) if isinstance(ours, str) or ours is None else ours
        missing_reference = reference is None or not math.isfinite(reference)
        if ours is None or missing_reference:
            if not (ours is None and missing_reference):
                self.problems.append("%s at %s: ours %r, reference %r" % (name, where, ours, reference))
            return
        diff = abs(ours - reference) / max(1.0, abs(reference))
        if diff > self.worst.get(name, (-1.0, None))[0]:
            self.worst[name] = (diff, where)
        if diff > self.tolerance:
            self.problems.append("%s at %s: ours %r, reference %r" % (name, where, ours, reference))

    def condition(self, name, ok, where):
        if not ok:
            self.problems.append("%s fails at %s" % (name, where))

    def report(self, title):
        lines = ["worst %-22s %.3g at %s" % (n, d, w) for n, (d, w) in sorted(self.worst.items())]
        self.tap.report(not self.problems, title, lines + self.problems[:10])


def proportion_text(x, n):
    return "v1 %d/%d" % (x, n)


def rating_text(ratings, weights=None):
    """A rating_state's text form from raw ratings 0-10 (a NumPy integer
    array) and weights."""
    import numpy as np

    if weights is None:
        counts = np.bincount(ratings, minlength=11)
        return "v1 " + " ".join("%d:%d" % (r, c) for r, c in enumerate(counts) if c)
    parts = []
    for r in range(11):
        mask = ratings == r
        if mask.any():
            parts.append("%d:%d:%r" % (r, mask.sum(), float(math.fsum(weights[mask]))))
    return "v1 weighted sumsq=%r %s" % (float(math.fsum(weights * weights)), " ".join(parts))
