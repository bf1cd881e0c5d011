#!/usr/bin/env python3
"""Markdown tables of a growth-curves CSV (test/bench/curves.sh), for
docs/performance.md and docs/performance_log.md:

    python3 test/bench/curves/tables.py build/curves.csv [build/instructions.csv]

One table per curve: rows (time of the aggregate and of its floor, ratio,
state size), workers (speed-ups and their ratio to count()'s, the workers
planned), groups (time, ratio, peak memory and spill of the hash
aggregation) and state sizes (typical and worst input).  With an instructions CSV
(test/bench/instructions.sh), a table of instructions per row too.
Standard library only.
"""
import csv
import sys
from collections import OrderedDict


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def ms(row):
    return "%s (%s-%s)" % (round(float(row["median_ms"])), round(float(row["fastest_ms"])),
                           round(float(row["slowest_ms"])))


def pairs(rows, curve, key):
    """(family, key) -> {floor: row, aggregate: row} in file order."""
    found = OrderedDict()
    for r in rows:
        if r["curve"] == curve:
            found.setdefault((r["family"], key(r)), {})[r["query"]] = r
    return found


def rows_table(rows):
    out = []
    for (family, n), p in pairs(rows, "rows", lambda r: int(r["rows"])).items():
        a, f = p["aggregate"], p["floor"]
        out.append([family, "`%s`" % a["aggregate"], "{:,}".format(n), ms(a), ms(f),
                    a["ratio_to_floor"], a["state_bytes"]])
    return table(["family", "aggregate", "rows", "ms (fastest-slowest)", "floor ms",
                  "ratio", "state bytes"], out)


def workers_table(rows):
    out = []
    for (family, w), p in pairs(rows, "workers", lambda r: int(r["workers"])).items():
        a, f = p["aggregate"], p["floor"]
        out.append([family, w, a.get("workers_planned") or "?", ms(a), a["speedup"], ms(f),
                    f["speedup"], a["speedup_vs_floor"]])
    return table(["family", "workers", "planned", "ms", "speed-up", "floor ms", "floor speed-up",
                  "speed-up / floor's"], out)


def groups_table(rows):
    out = []
    for (family, g), p in pairs(rows, "groups", lambda r: int(r["groups"])).items():
        a, f = p["aggregate"], p["floor"]
        out.append([family, "{:,}".format(g), ms(a), ms(f), a["ratio_to_floor"],
                    a["peak_memory_kb"], a["disk_kb"], a["batches"],
                    f["peak_memory_kb"], f["disk_kb"]])
    return table(["family", "groups", "ms", "floor ms", "ratio", "peak kB", "disk kB",
                  "batches", "floor peak kB", "floor disk kB"], out)


def state_table(rows):
    sizes = OrderedDict()
    for r in rows:
        if r["curve"] == "state":
            sizes.setdefault((r["family"], r["input"]), OrderedDict())[int(r["rows"])] = r["state_bytes"]
    ns = sorted({n for s in sizes.values() for n in s})
    out = [[family, input_] + [s.get(n, "") for n in ns] for (family, input_), s in sizes.items()]
    return table(["family", "input"] + ["{:,} rows".format(n) for n in ns], out)


def instructions_table(rows):
    out = [[r["build"], r["family"], "`%s`" % r["aggregate"], r["aggregate_instructions_per_row"],
            r["floor_instructions_per_row"], r["ratio"], r["aggregate_mispredicts_per_row"],
            r["floor_mispredicts_per_row"]] for r in rows]
    return table(["build", "family", "aggregate", "instructions/row", "floor", "ratio",
                  "mispredicted/row", "floor"], out)


def main():
    rows = load(sys.argv[1])
    for title, make in (("Rows, one group, serial", rows_table),
                        ("Parallel workers", workers_table),
                        ("Groups, serial", groups_table),
                        ("State size per group, bytes", state_table)):
        print("### %s\n\n%s\n" % (title, make(rows)))
    if len(sys.argv) > 2:
        print("### Instructions per row\n\n%s\n" % instructions_table(load(sys.argv[2])))


if __name__ == "__main__":
    main()
