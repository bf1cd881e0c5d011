#!/usr/bin/env python3
"""The exported-symbol rule of svcquality, checked on a built library.

    exported_symbols.py LIBRARY SQL_SCRIPT...

On PostgreSQL 13-15 PGXS does not hide symbols, so every global symbol of
the library shares one namespace with every other library loaded into the
backend; a clash is a silent wrong call.  So the library may export only:

  - the module magic, Pg_magic_func;
  - pg_finfo_<name>, the records of PG_FUNCTION_INFO_V1;
  - the C entry points that the SQL scripts name;
  - names prefixed sq_.

And the converse: every C entry point named by any of the scripts (the
install scripts of every release, the upgrade scripts) is exported with its
pg_finfo_ record, so a server running this library with an older release's
SQL still finds every function.

Prints one line per problem ("not allowed: NAME", "not exported: NAME",
"no pg_finfo_ record: NAME") and exits 1 if there is any; prints the counts
checked and exits 0 otherwise.  Reads the dynamic symbol table with
nm -D --defined-only.
"""
import re
import subprocess
import sys

CREATE_FUNCTION = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:\w+\.)?(\w+)\s*\(", re.I)
C_LINK = re.compile(
    r"\bAS\s+'(?:MODULE_PATHNAME|\$libdir/svcquality)'\s*(?:,\s*'(\w+)')?", re.I)
NEXT_STATEMENT = re.compile(r"\bCREATE\s", re.I)


def without_comments(sql):
    """SQL text without -- comments (which may mention CREATE or AS)."""
    return re.sub(r"--[^\n]*", "", sql)


def entry_points(sql):
    """C symbols of the C functions an SQL script creates.

    A function is C when its AS clause names the module; the symbol is the
    clause's second string, or the function's own name when there is none.
    """
    sql = without_comments(sql)
    found = set()
    for match in CREATE_FUNCTION.finditer(sql):
        rest = sql[match.end():]
        end = NEXT_STATEMENT.search(rest)
        link = C_LINK.search(rest[:end.start()] if end else rest)
        if link:
            found.add((link.group(1) or match.group(1)).lower())
    return found


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def problems(library, scripts):
    symbols = exported(library)
    entries = set()
    for script in scripts:
        with open(script, encoding="utf-8") as f:
            entries |= entry_points(f.read())
    found = []
    for name in sorted(symbols):
        if (name == "Pg_magic_func" or name.startswith("pg_finfo_")
                or name.startswith("sq_") or name in entries):
            continue
        found.append("not allowed: " + name)
    for name in sorted(entries):
        if name not in symbols:
            found.append("not exported: " + name)
        elif "pg_finfo_" + name not in symbols:
            found.append("no pg_finfo_ record: " + name)
    return found, len(symbols), len(entries)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    found, nsymbols, nentries = problems(argv[1], argv[2:])
    for line in found:
        print(line)
    if found:
        return 1
    print(f"{nsymbols} exported symbols allowed, {nentries} entry points exported")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
