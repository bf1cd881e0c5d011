#!/usr/bin/env python3
"""The measured columns of docs/performance.md's "At a glance", computed
from the runs they come from:

    python3 test/bench/curves/glance.py docs/data/performance/glance/sources.csv

sources.csv names, per family, its label on the page, the runs of the
rows curve (test/bench/curves.sh) that give its time against count() at
10 million rows, and the paired rounds (test/bench/parallel.sh) that give
its speed-up against count()'s with 2 workers and with 1; file names are
relative to sources.csv, several separated by spaces.  Printed a line per
family, as the page's table has them:

    label | time / count() (lowest-highest over the runs) | 2 workers | 1 worker

where a parallel cell is the median ratio of the pooled rounds and the
verdict of its 95% interval (paired.py).  test/suites/perf_tables.sh
compares these with the page.  Standard library only.
"""
import functools
import os
import sys

from paired import results
from ranges import collect, span
from tables import load

ROWS = 10000000
TARGET = 0.95


# Families share their runs: each set of files is read, and its rounds
# bootstrapped, once.
@functools.lru_cache(maxsize=None)
def rows_points(paths):
    return collect([load(p) for p in paths], "rows", lambda r: (r["family"], int(r["rows"])))


@functools.lru_cache(maxsize=None)
def paired_results(paths):
    return results(list(paths), TARGET)


def time_cell(paths, family):
    pairs = rows_points(paths).get((family, ROWS))
    if pairs is None:
        sys.exit("glance.py: no %s at %d rows in every one of %s" % (family, ROWS, " ".join(paths)))
    return span([float(a["ratio_to_floor"]) for a, _ in pairs], "%.2f")


def parallel_cell(paths, family, workers):
    found = [r for r in paired_results(paths) if r["family"] == family and r["workers"] == workers]
    if not found:
        sys.exit("glance.py: no paired rounds of %s with %d workers in %s" % (family, workers, " ".join(paths)))
    return "%.3f, %s" % (found[0]["ratio"], found[0]["verdict"])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: glance.py sources.csv")
    here = os.path.dirname(os.path.abspath(sys.argv[1]))

    def files(cell):
        return tuple(os.path.join(here, name) for name in cell.split())
    for s in load(sys.argv[1]):
        print(" | ".join([s["label"], time_cell(files(s["time"]), s["family"]),
                          parallel_cell(files(s["paired"]), s["family"], 2),
                          parallel_cell(files(s["paired"]), s["family"], 1)]))


if __name__ == "__main__":
    main()
