"""The report of test/scripts/line_coverage.sh, from gcovr's JSON.

    python3 line_coverage_report.py GCOVR_JSON SOURCE_ROOT OUT_DIR

A line counts once even where gcovr lists it several times (a header's
inline function compiled into several objects): it ran if any copy ran,
and so did each of its branches.
Prints the total and the files with lines never run; writes summary.md and
never_run.md into OUT_DIR.
"""
import collections
import json
import os
import sys


def merged_lines(entry):
    """line number -> [times run, branch counts] over every copy of the line:
    the copies of one line have the same branches, so a branch counts once,
    taken if any copy took it."""
    lines = {}
    for line in entry["lines"]:
        if line.get("gcovr/noncode"):
            continue
        counts = [branch["count"] for branch in line["branches"]]
        merged = lines.setdefault(line["line_number"], [0, None])
        merged[0] += line["count"]
        if merged[1] is None or len(merged[1]) != len(counts):
            merged[1] = counts if merged[1] is None else merged[1] + counts
        else:
            merged[1] = [a + b for a, b in zip(merged[1], counts)]
    return lines


def never_run_ranges(lines):
    """Runs of never-run lines, joined across lines that are not code."""
    ranges = []
    for number in sorted(n for n, (count, _) in lines.items() if count == 0):
        if ranges and all(k not in lines for k in range(ranges[-1][1] + 1, number)):
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ranges


def main(report_path, root, out_dir):
    with open(report_path) as f:
        report = json.load(f)
    rows = []
    listing = []
    for entry in sorted(report["files"], key=lambda e: e["file"]):
        lines = merged_lines(entry)
        if not lines:
            continue
        run = sum(1 for count, _ in lines.values() if count > 0)
        branches = [c for _, counts in lines.values() for c in counts]
        calls = collections.Counter()
        for function in entry["functions"]:
            calls[(function["name"], function["lineno"])] += function["execution_count"]
        uncalled = sorted((k for k, v in calls.items() if v == 0), key=lambda k: k[1])
        rows.append((entry["file"], len(lines), run, len(branches),
                     sum(1 for c in branches if c > 0), uncalled))
        ranges = never_run_ranges(lines)
        if ranges:
            with open(os.path.join(root, entry["file"])) as f:
                text = f.read().split("\n")
            listing.append("## %s (%d of %d lines never run)\n" % (entry["file"], len(lines) - run, len(lines)))
            for first, last in ranges:
                listing.append("### %s:%d%s\n```c" % (entry["file"], first, "" if first == last else "-%d" % last))
                for k in range(max(1, first - 3), min(len(text), last + 2) + 1):
                    mark = "     " if k not in lines else ("#####" if lines[k][0] == 0 else "  run")
                    listing.append("%s %5d: %s" % (mark, k, text[k - 1]))
                listing.append("```\n")

    total = sum(r[1] for r in rows)
    total_run = sum(r[2] for r in rows)
    total_branches = sum(r[3] for r in rows)
    total_taken = sum(r[4] for r in rows)
    headline = ("%d of %d lines run (%.1f%%), %d of %d branches taken (%.1f%%)"
                % (total_run, total, 100.0 * total_run / total,
                   total_taken, total_branches, 100.0 * total_taken / total_branches))
    rows.sort(key=lambda r: (r[2] - r[1], r[0]))
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write("# Lines of src/ the tests run\n\n%s.\n\n" % headline)
        f.write("| file | lines | run | never run | branches taken | functions never called |\n"
                "|---|---|---|---|---|---|\n")
        for name, n, run, nb, taken, uncalled in rows:
            f.write("| %s | %d | %d | %d | %s | %s |\n" % (
                name, n, run, n - run, "%d/%d" % (taken, nb) if nb else "-",
                ", ".join("%s (:%d)" % k for k in uncalled)))
    with open(os.path.join(out_dir, "never_run.md"), "w") as f:
        f.write("# Never-run lines of src/\n\n`#####` never run, `run` run, blank: not code.\n\n")
        f.write("\n".join(listing))
    print(headline)
    for name, n, run, _, _, _ in rows:
        if run < n:
            print("%5d never run  %s" % (n - run, name))
    print("details: %s/summary.md, %s/never_run.md" % (out_dir, out_dir))


if __name__ == "__main__":
    main(*sys.argv[1:4])
