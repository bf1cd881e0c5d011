"""What the cross-check scripts share: TAP lines and rows from psql.

Imported by the scripts next to it (staffing_crosscheck.py,
statistics_check.py), which run with Debian's /usr/bin/python3 against the
database psql connects to (PGHOST etc.).
"""
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
