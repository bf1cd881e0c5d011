#!/usr/bin/env python3
"""Run the SQL examples of a Markdown manual and check their printed output.

Every ```sql block runs, in document order, in one database (each block in
its own psql call, so use real tables rather than temporary ones between
blocks).  When a ```text block follows a ```sql block directly, it must equal
what psql printed (stdout and stderr, trailing spaces ignored).  Prints TAP
lines "ok N - ..." / "not ok N - ..." and exits 1 on any mismatch.

  readme_examples.py README.md            check
  readme_examples.py README.md --write    rewrite the text blocks with actual
                                          output (review the result with git diff)
"""
import os
import re
import subprocess
import sys

FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(lines):
    """Yield (kind, first_line_index, last_line_index, text) for fenced blocks."""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and lines[i].rstrip() != "```":
            i += 1
        yield m.group(1), start, i, "".join(lines[start + 1:i])
        i += 1


def run_sql(sql):
    env = dict(os.environ, PGTZ="UTC", PGDATESTYLE="ISO, YMD")
    out = subprocess.run(["psql", "-X", "-q", "-v", "VERBOSITY=default"],
                         input=sql, capture_output=True, text=True, env=env)
    text = out.stdout + out.stderr
    # psql prefixes errors from stdin with "psql:<stdin>:N: "; drop that noise
    text = re.sub(r"^psql:<stdin>:\d+: ", "", text, flags=re.M)
    return text


def normalize(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def main():
    path = sys.argv[1]
    write = "--write" in sys.argv[2:]
    lines = open(path, encoding="utf-8").read().splitlines(keepends=True)
    found = list(blocks(lines))
    failures = 0
    number = 0
    replacements = []
    for k, (kind, start, end, text) in enumerate(found):
        if kind != "sql":
            continue
        actual = run_sql(text)
        following = found[k + 1] if k + 1 < len(found) else None
        if not (following and following[0] == "text" and following[1] == end + 1):
            continue
        number += 1
        expected = following[3]
        title = "%s line %d" % (os.path.basename(path), start + 1)
        if normalize(actual) == normalize(expected):
            print("ok %d - %s" % (number, title))
            continue
        if write:
            replacements.append((following[1], following[2], normalize(actual)))
            print("ok %d - %s (rewritten)" % (number, title))
            continue
        failures += 1
        print("not ok %d - %s" % (number, title))
        print("# expected:\n# " + normalize(expected).replace("\n", "\n# "))
        print("# actual:\n# " + normalize(actual).replace("\n", "\n# "))
    if write and replacements:
        for start, end, text in reversed(replacements):
            lines[start + 1:end] = [text + "\n"]
        open(path, "w", encoding="utf-8").write("".join(lines))
    print("1..%d" % number)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
