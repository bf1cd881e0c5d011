#!/usr/bin/env python3
"""Compare two files of values line by line, allowing floating-point numbers
to differ in their last bits.

  same_values.py EXPECTED ACTUAL [RELATIVE_TOLERANCE]   (default 1e-12)

Lines must have the same text once every number is taken out; the numbers
must agree to the relative tolerance (or both be below 1e-300 in size).
Prints the first differing lines (at most 40) and exits 1 if any differ.
Used where a release may compute the same result from the same stored
state with a more accurate numerical routine (docs/upgrades.md).
"""
import re
import sys

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|Infinity|NaN)")


def close(a, b, tolerance):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if x != x or y != y:
        return False
    return abs(x - y) <= tolerance * max(abs(x), abs(y)) or max(abs(x), abs(y)) < 1e-300


def same(line_a, line_b, tolerance):
    if line_a == line_b:
        return True
    if NUMBER.sub("#", line_a) != NUMBER.sub("#", line_b):
        return False
    return all(close(a, b, tolerance)
               for a, b in zip(NUMBER.findall(line_a), NUMBER.findall(line_b)))


def main():
    expected = open(sys.argv[1], encoding="utf-8").read().splitlines()
    actual = open(sys.argv[2], encoding="utf-8").read().splitlines()
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-12
    differ = []
    if len(expected) != len(actual):
        differ.append("%d lines expected, %d found" % (len(expected), len(actual)))
    for number, (a, b) in enumerate(zip(expected, actual), 1):
        if not same(a, b, tolerance):
            differ.append("line %d:\n< %s\n> %s" % (number, a, b))
    print("\n".join(differ[:40]))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
