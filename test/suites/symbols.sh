#!/usr/bin/env bash
# Exported symbols of the built library (test/scripts/exported_symbols.py
# states the rule): only the module magic, pg_finfo_* records, the C entry
# points the SQL scripts name and sq_* names; and every entry point named by
# any script in sql/ (install scripts of every release, upgrade scripts) is
# exported with its pg_finfo_ record.  The last tests run the same check on a
# small library built here, to show that it fails on an unprefixed symbol
# and on a missing entry point.
#
# Run by test/check.sh after sq_prepare (SQ_WORK, SQ_PG_BIN exported); run
# alone, it prepares its own build.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
if [ -z "${SQ_WORK:-}" ]; then
    trap sq_cleanup EXIT
    sq_prepare >/dev/null || { echo "not ok 1 - build"; exit 1; }
fi
check="$SQ_REPO/test/scripts/exported_symbols.py"
work=$(mktemp -d)
trap 'rm -rf "$work"; sq_cleanup' EXIT

number=0
failed=0
report() {                  # report PASSED(0/1) DESCRIPTION [DIAGNOSTICS]
    number=$((number + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $number - $2"
    else
        echo "not ok $number - $2"
        failed=$((failed + 1))
        if [ -n "${3:-}" ]; then echo "$3" | sed 's/^/# /'; fi
    fi
}

# --- the installed library ---------------------------------------------------
lib="$("$SQ_PG_BIN/pg_config" --pkglibdir)/svcquality.so"
scripts=("$SQ_REPO"/sql/svcquality--*.sql)
out=$(python3 "$check" "$lib" "${scripts[@]}" 2>&1)
status=$?
not_allowed=$(echo "$out" | grep '^not allowed' || true)
missing=$(echo "$out" | grep '^not exported\|^no pg_finfo_' || true)
# a check that fails without naming a symbol (no library, no nm) fails both
[ $status -ne 0 ] && [ -z "$not_allowed$missing" ] && not_allowed=$out && missing=$out
[ -z "$not_allowed" ]
report $? "svcquality.so exports only Pg_magic_func, pg_finfo_*, SQL entry points and sq_* names" \
    "$not_allowed"
[ -z "$missing" ]
report $? "every C entry point named by $(basename -a "${scripts[@]}" | paste -sd' ') is exported with its pg_finfo_ record" \
    "$missing"
[ $status -eq 0 ] && echo "# $out"

# --- the check itself, on a small library that breaks the rule ---------------
cat >"$work/bad.c" <<'EOF'
int Pg_magic_func(void) { return 0; }
int pg_finfo_entry_point(void) { return 0; }
int entry_point(void) { return 0; }
int sq_helper(void) { return 0; }
int unprefixed_helper(void) { return 0; }
EOF
cat >"$work/bad.sql" <<'EOF'
CREATE FUNCTION entry_point(integer) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION renamed(text) RETURNS text
    AS 'MODULE_PATHNAME', 'missing_entry_point' LANGUAGE C STRICT;
-- an SQL function is not an entry point
CREATE FUNCTION sql_only(integer) RETURNS integer
    AS $$ SELECT $1 $$ LANGUAGE sql;
EOF
if cc -shared -fPIC -o "$work/bad.so" "$work/bad.c" 2>"$work/cc.log"; then
    out=$(python3 "$check" "$work/bad.so" "$work/bad.sql" 2>&1)
    status=$?
    [ $status -ne 0 ] && [ "$(echo "$out" | grep '^not allowed')" = "not allowed: unprefixed_helper" ]
    report $? "the check fails on an unprefixed exported symbol, and names it alone" "$out"
    [ $status -ne 0 ] && [ "$(echo "$out" | grep '^not exported\|^no pg_finfo_')" = "not exported: missing_entry_point" ]
    report $? "the check fails on an entry point the SQL names but the library lacks" "$out"
else
    report 1 "a small library to test the check builds" "$(cat "$work/cc.log")"
fi
echo "1..$number"
[ "$failed" -eq 0 ]
