"""TAP lines for the Python checkers that test/suites run.

    from tap_report import report, done
    report(ok, "title", ["comment", ...])   # "ok N - title" or "not ok N - title", comments as "# ..."
    sys.exit(done())                        # the plan "1..N"; 1 when any check failed, else 0
"""

_count = {"number": 0, "failures": 0}


def report(ok, title, comments=()):
    _count["number"] += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", _count["number"], title))
    for line in comments:
        print("# " + line)
    if not ok:
        _count["failures"] += 1


def done():
    print("1..%d" % _count["number"])
    return 1 if _count["failures"] else 0
