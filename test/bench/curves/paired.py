#!/usr/bin/env python3
"""The parallel target from paired rounds (test/bench/parallel.sh):

    python3 test/bench/curves/paired.py [--target 0.95] CSV [CSV ...]

Each round of a family timed its aggregate and its floor (count() of the same
column), serial and with workers.  A round's ratio is the aggregate's
speed-up over the floor's: (aggregate serial / aggregate parallel) /
(floor serial / floor parallel).  Printed per family, as a markdown table:
the median times, the median speed-ups, the median of the rounds' ratios and
its 95% interval by the percentile bootstrap (resampling the rounds, seeded,
so the same CSV prints the same interval), and the verdict against the
target (default 0.95: within 5% of count()'s speed-up): met when the whole
interval is at or above it, missed when it is below, undecided otherwise.
Several CSVs pool the rounds of separate runs (a round stays a round of its
own run), to narrow an undecided interval with more rounds.
Standard library only.
"""
import argparse
import random
import statistics
from collections import OrderedDict

from tables import load, table

RESAMPLES = 10000


def rounds_of(paths):
    """family -> workers -> (run, round) -> {agg: ms, floor: ms}, in file order."""
    found = OrderedDict()
    for run, path in enumerate(paths):
        for r in load(path):
            w = int(r["workers"])
            found.setdefault(r["family"], {}).setdefault(w, {}).setdefault(
                (run, int(r["round"])), {})[r["query"]] = float(r["ms"])
    return found


def median_interval(values, rng):
    """The median and its 95% percentile-bootstrap interval."""
    medians = sorted(statistics.median(rng.choices(values, k=len(values)))
                     for _ in range(RESAMPLES))
    return (statistics.median(values), medians[int(0.025 * RESAMPLES)],
            medians[int(0.975 * RESAMPLES) - 1])


def verdict(lo, hi, target):
    if lo >= target:
        return "met"
    if hi < target:
        return "missed"
    return "undecided"


def results(paths, target):
    """One dict per family and number of workers, in the CSVs' order: the
    rounds, median times and speed-ups, the median ratio, its interval and
    the verdict."""
    out = []
    for family, by_workers in rounds_of(paths).items():
        serial = by_workers[0]
        for w, parallel in sorted(by_workers.items()):
            if w == 0:
                continue
            common = [r for r in sorted(parallel) if r in serial
                      and len(parallel[r]) == 2 and len(serial[r]) == 2]
            agg_speedup = [serial[r]["agg"] / parallel[r]["agg"] for r in common]
            floor_speedup = [serial[r]["floor"] / parallel[r]["floor"] for r in common]
            ratios = [a / f for a, f in zip(agg_speedup, floor_speedup)]
            mid, lo, hi = median_interval(ratios, random.Random(family + str(w)))

            def ms(times, query):
                return round(statistics.median(times[r][query] for r in common))
            out.append({"family": family, "workers": w, "rounds": len(common),
                        "agg_ms": (ms(serial, "agg"), ms(parallel, "agg")),
                        "floor_ms": (ms(serial, "floor"), ms(parallel, "floor")),
                        "speedup": statistics.median(agg_speedup),
                        "floor_speedup": statistics.median(floor_speedup),
                        "ratio": mid, "interval": (lo, hi), "verdict": verdict(lo, hi, target)})
    return out


def main():
    parser = argparse.ArgumentParser(description="the parallel target from paired rounds")
    parser.add_argument("--target", type=float, default=0.95)
    parser.add_argument("csv", nargs="+")
    args = parser.parse_args()
    out = [[r["family"], r["workers"], r["rounds"], "%d / %d" % r["agg_ms"], "%d / %d" % r["floor_ms"],
            "%.2f" % r["speedup"], "%.2f" % r["floor_speedup"], "%.3f" % r["ratio"],
            "%.3f-%.3f" % r["interval"], r["verdict"]]
           for r in results(args.csv, args.target)]
    print(table(["family", "workers", "rounds", "ms serial / parallel", "floor ms",
                 "speed-up", "floor speed-up", "ratio (median)", "95% interval",
                 "within %d%%" % round((1 - args.target) * 100)], out))


if __name__ == "__main__":
    main()
