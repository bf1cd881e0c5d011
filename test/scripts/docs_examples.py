#!/usr/bin/env python3
"""Check the manual: README.md and every docs/*.md page.

Per page, in a database of its own (CREATE DATABASE + CREATE EXTENSION
svcquality, dropped afterwards):

  * every ```sql block runs, in document order, each in its own psql call
    (so use real tables rather than temporary ones between blocks);
  * a ```text block right after a ```sql block must equal what psql printed
    (stdout and stderr, trailing spaces ignored): "<page> line N";
  * a ```sql block with no ```text block after it must not print an ERROR
    (an example that fails silently): "<page> line N (runs)";
  * every relative link points to a file of the repository, and every
    #anchor to a heading or an <a id> of its target: "<page> links".

Then, over all pages together: every function and aggregate of the extension
(except type I/O and aggregate support functions) appears in some ```sql
block: "every function has an example".

A block marked ```sql norun is shown but not run (the install commands of
the README, which cannot run in a database that already has the extension).
A page that cannot be read or whose database cannot be made is a failure.
Pages without SQL (methodology, development) give only their links line.
Prints TAP lines and exits 1 on any failure.

  docs_examples.py [page ...]            check (default: README.md, docs/*.md)
  docs_examples.py --write [page ...]    rewrite the text blocks with the
                                         actual output (review with git diff)
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FENCE = re.compile(r"^```(\w*)((?:[ \t]+\S+)*)[ \t]*$")
# a server error, or psql's own (a failed connection, a bad meta-command)
ERROR_LINE = re.compile(r"^(psql: )?(ERROR|FATAL|PANIC|error):", re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")
ANCHOR_TAG = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")

# Pages other branches of this wave are writing: a link to one of them that
# is not in this checkout yet is skipped (and said so), not failed.  Any other
# missing target is a broken link.
WAVE_PAGES = {"docs/" + name + ".md" for name in (
    "development", "rollups", "upgrades", "scale_out", "sla", "statistics",
    "contacts", "staffing", "performance", "security")}


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
        kind = m.group(1)
        if "norun" in m.group(2).split():
            kind += " norun"
        yield kind, start, i, "".join(lines[start + 1:i])
        i += 1


def psql(sql, database):
    env = dict(os.environ, PGTZ="UTC", PGDATESTYLE="ISO, YMD")
    out = subprocess.run(["psql", "-X", "-q", "-v", "VERBOSITY=default", "-d", database],
                         input=sql, capture_output=True, text=True, env=env)
    text = out.stdout + out.stderr
    # psql prefixes errors from stdin with "psql:<stdin>:N: "; drop that noise
    return re.sub(r"^psql:<stdin>:\d+: ", "", text, flags=re.M)


def normalize(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def database_name(page):
    return "docs_" + re.sub(r"[^a-z0-9]+", "_", page.lower().removesuffix(".md"))


def comment(text):
    return "# " + text.replace("\n", "\n# ")


class Page:
    """One page: its TAP results (ok, title, diagnostics) in document order."""

    def __init__(self, page):
        self.page = page
        self.path = os.path.join(REPO, page)
        self.results = []
        self.sql_blocks = []
        self.rewrites = []

    def result(self, ok, title, diagnostics=""):
        self.results.append((ok, title, diagnostics))

    def run(self, write):
        try:
            with open(self.path, encoding="utf-8") as f:
                self.lines = f.read().splitlines(keepends=True)
        except OSError as e:
            self.result(False, "%s (cannot be read)" % self.page, str(e))
            return self
        found = list(blocks(self.lines))
        self.sql_blocks = [text for kind, _, _, text in found if kind == "sql"]
        if self.sql_blocks:
            self.run_examples(found, write)
        self.check_links()
        return self

    def run_examples(self, found, write):
        db = database_name(self.page)
        made = psql("DROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s;" % (db, db), "postgres")
        if not ERROR_LINE.search(made):
            made = psql("CREATE EXTENSION svcquality;", db)
        if ERROR_LINE.search(made):
            self.result(False, "%s (no database to run it in)" % self.page, made)
            return
        try:
            for k, (kind, start, end, text) in enumerate(found):
                if kind == "sql":
                    self.run_block(found, k, db, write)
        finally:
            psql("DROP DATABASE IF EXISTS %s WITH (FORCE);" % db, "postgres")

    def run_block(self, found, k, db, write):
        _, start, end, text = found[k]
        actual = psql(text, db)
        title = "%s line %d" % (self.page, start + 1)
        following = found[k + 1] if k + 1 < len(found) else None
        if not (following and following[0] == "text" and following[1] == end + 1):
            errors = ERROR_LINE.search(actual) is not None
            self.result(not errors, title + " (runs)",
                        "an ERROR and no ```text block to show it:\n" + normalize(actual)
                        if errors else "")
            return
        expected = following[3]
        if normalize(actual) == normalize(expected):
            self.result(True, title)
        elif write:
            self.rewrites.append((following[1], following[2], normalize(actual)))
            self.result(True, title + " (rewritten)")
        else:
            self.result(False, title, "expected:\n%s\nactual:\n%s"
                        % (normalize(expected), normalize(actual)))

    def check_links(self):
        problems = []
        skipped = []
        text = "".join(self.lines)
        # links inside code blocks and inline code are not links
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        prose = re.sub(r"`[^`\n]*`", "", prose)
        for target in LINK.findall(prose):
            if re.match(r"^[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            if file_part:
                resolved = os.path.normpath(os.path.join(os.path.dirname(self.page), file_part))
            else:
                resolved = self.page
            if not os.path.exists(os.path.join(REPO, resolved)):
                if resolved in WAVE_PAGES:
                    skipped.append(resolved)
                else:
                    problems.append("%s: no file %s" % (target, resolved))
                continue
            if anchor and anchor not in anchors_of(resolved):
                problems.append("%s: no anchor #%s in %s" % (target, anchor, resolved))
        title = "%s links" % self.page
        if skipped and not problems:
            title += " # SKIP for %s (not in this checkout yet)" % ", ".join(sorted(set(skipped)))
        self.result(not problems, title, "\n".join(problems))

    def write_back(self):
        for start, end, text in reversed(self.rewrites):
            self.lines[start + 1:end] = [text + "\n"]
        if self.rewrites:
            with open(self.path, "w", encoding="utf-8") as f:
                f.write("".join(self.lines))


_anchors = {}


def slug(heading):
    """The anchor GitHub gives a heading."""
    heading = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading)
    kept = "".join(c for c in heading.strip().lower()
                   if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors_of(page):
    if page not in _anchors:
        seen = {}
        found = set()
        text = open(os.path.join(REPO, page), encoding="utf-8").read()
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        for line in prose.splitlines():
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                base = slug(m.group(1))
                n = seen.get(base, 0)
                seen[base] = n + 1
                found.add(base if n == 0 else "%s-%d" % (base, n))
            found.update(ANCHOR_TAG.findall(line))
        _anchors[page] = found
    return _anchors[page]


def documented_functions(pages):
    """Functions of the extension that no ```sql block of the manual calls."""
    names = psql(r"""
        SELECT DISTINCT p.proname FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'svcquality'
        WHERE NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
          AND NOT EXISTS (SELECT FROM pg_aggregate a
                          WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggmtransfn,
                                          a.aggminvtransfn, a.aggmfinalfn))
          AND NOT EXISTS (SELECT FROM pg_operator o WHERE o.oprcode = p.oid)
        ORDER BY 1;""", "docs_functions")
    return [line.strip() for line in names.splitlines()[2:] if re.match(r"^ \w+$", line)]


def check_functions(pages):
    """A TAP result: every function name appears in some sql block."""
    made = psql("DROP DATABASE IF EXISTS docs_functions;\nCREATE DATABASE docs_functions;", "postgres")
    made += psql("CREATE EXTENSION svcquality;", "docs_functions")
    try:
        if ERROR_LINE.search(made):
            return False, made
        names = documented_functions(pages)
    finally:
        psql("DROP DATABASE IF EXISTS docs_functions WITH (FORCE);", "postgres")
    sql = "\n".join(block for page in pages for block in page.sql_blocks)
    missing = [name for name in names if not re.search(r"\b%s\b" % re.escape(name), sql)]
    if not names:
        return False, "no functions found in the catalog"
    return not missing, "no example calls: " + ", ".join(missing) if missing else ""


def main():
    args = sys.argv[1:]
    write = "--write" in args
    names = [a for a in args if a != "--write"]
    whole_manual = not names
    if whole_manual:
        names = ["README.md"] + sorted(os.path.relpath(p, REPO)
                                       for p in glob.glob(os.path.join(REPO, "docs", "*.md")))
    else:
        # pages named on the command line are relative to where it runs
        names = [os.path.relpath(os.path.abspath(n), REPO) for n in names]
    # pages are independent (a database each): run two at a time
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        pages = list(pool.map(lambda p: Page(p).run(write), names))

    results = [r for page in pages for r in page.results]
    if whole_manual:
        ok, diagnostics = check_functions(pages)
        results.append((ok, "every function has an example", diagnostics))
    failures = 0
    for number, (ok, title, diagnostics) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", number, title))
        if not ok:
            failures += 1
            if diagnostics:
                print(comment(diagnostics))
    print("1..%d" % len(results))
    if write:
        for page in pages:
            page.write_back()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
