#!/usr/bin/env python3
"""Ranges over several runs of the growth curves (test/bench/curves.sh), for
docs/performance.md: each run's CSV (CURVES_CSV) given in turn,

    python3 test/bench/curves/ranges.py run1.csv run2.csv run3.csv

prints, for every point measured in all the runs, the lowest and highest of
the runs' medians and of their ratios, so that a reader sees how far the
runs agree rather than the best of them:
  rows     ratio of the aggregate to its floor, and the state's size
  workers  speed-up of the aggregate, of count(), and the ratio of the two,
           with the workers the planner chose
  groups   ratio of the aggregate to its floor, with the memory, disk and
           batches of the hash aggregation (those do not change from run to
           run; a range shows if they did)
Standard library only.
"""
import sys
from collections import OrderedDict

from tables import load, table


def span(values, fmt):
    lo, hi = min(values), max(values)
    return fmt % lo if fmt % lo == fmt % hi else (fmt + "-" + fmt) % (lo, hi)


def collect(runs, curve, key):
    """key -> [(aggregate row, floor row) of each run], for keys in every run."""
    points = OrderedDict()
    for run in runs:
        seen = {}
        for r in run:
            if r["curve"] == curve:
                seen.setdefault(key(r), {})[r["query"]] = r
        for k, p in seen.items():
            points.setdefault(k, []).append((p["aggregate"], p["floor"]))
    return OrderedDict((k, v) for k, v in points.items() if len(v) == len(runs))


def ms(pairs, i):
    return span([float(p[i]["median_ms"]) for p in pairs], "%.0f")


def measured(pairs, i, column):
    """The column over the runs that measured it (CURVES_MEMORY=0 skips the
    memory of the groups curve), "-" where none did or the plan had no such
    figure (a plain Aggregate has no batches)."""
    values = [int(p[i][column]) for p in pairs if p[i][column] not in ("", "-")]
    return span(values, "%d") if values else "-"


MEMORY = [("peak kB", 0, "peak_memory_kb"), ("disk kB", 0, "disk_kb"), ("batches", 0, "batches"),
          ("floor peak kB", 1, "peak_memory_kb"), ("floor disk kB", 1, "disk_kb")]


def ratio_table(runs, curve, key, label):
    out = []
    for k, pairs in collect(runs, curve, key).items():
        row = [k[0], "{:,}".format(k[1]), ms(pairs, 0), ms(pairs, 1),
               span([float(a["ratio_to_floor"]) for a, _ in pairs], "%.2f")]
        if curve == "rows":
            row.append(span([int(a["state_bytes"]) for a, _ in pairs], "%d"))
        else:
            row += [measured(pairs, i, column) for _, i, column in MEMORY]
        out.append(row)
    return table(["family", label, "ms", "floor ms", "ratio"] +
                 (["state bytes"] if curve == "rows" else [title for title, _, _ in MEMORY]), out)


def workers_table(runs):
    out = []
    for (family, w), pairs in collect(runs, "workers", lambda r: (r["family"], int(r["workers"]))).items():
        planned = sorted({a.get("workers_planned") or "?" for a, _ in pairs})
        out.append([family, w, "/".join(planned), ms(pairs, 0),
                    span([float(a["speedup"]) for a, _ in pairs], "%.2f"), ms(pairs, 1),
                    span([float(f["speedup"]) for _, f in pairs], "%.2f"),
                    span([float(a["speedup_vs_floor"]) for a, _ in pairs], "%.2f")])
    return table(["family", "workers", "planned", "ms", "speed-up", "floor ms",
                  "floor speed-up", "speed-up / floor's"], out)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: ranges.py RUN.csv [RUN.csv ...]")
    runs = [load(p) for p in sys.argv[1:]]
    print("Lowest-highest over %d runs (each a median of its repetitions)\n" % len(runs))
    for title, text in (
            ("Rows, one group, serial",
             ratio_table(runs, "rows", lambda r: (r["family"], int(r["rows"])), "rows")),
            ("Parallel workers", workers_table(runs)),
            ("Groups, serial",
             ratio_table(runs, "groups", lambda r: (r["family"], int(r["groups"])), "groups"))):
        if text.count("\n") > 1:
            print("### %s\n\n%s\n" % (title, text))


if __name__ == "__main__":
    main()
