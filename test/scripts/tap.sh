# TAP lines for the suites in test/suites: source this file, make checks,
# end with tap_done.  check.sh counts the "ok" and "not ok" lines.
#
#   tap_result ok|fail NAME [DETAIL]   a result; DETAIL is printed as # lines on failure
#   tap_skip NAME REASON               "ok N - NAME # SKIP REASON"
#   tap_is NAME EXPECTED ACTUAL        ok when the two strings are equal
#   tap_empty NAME OUTPUT              ok when OUTPUT is empty (a list of offenders)
#   tap_status NAME STATUS [DETAIL]    ok when STATUS (an exit status) is 0
#   tap_same_file NAME EXPECTED ACTUAL ok when the files are identical (cmp);
#                                      the first lines of the diff otherwise
#   tap_same_values NAME EXPECTED ACTUAL
#                                      ok when the files have the same lines, numbers
#                                      agreeing to 1e-12 relative (same_values.py)
#   tap_done                           the plan line "1..N"

TAP_NUMBER=0

tap_result() {
    TAP_NUMBER=$((TAP_NUMBER + 1))
    if [ "$1" = ok ]; then
        echo "ok $TAP_NUMBER - $2"
    else
        echo "not ok $TAP_NUMBER - $2"
        [ -n "${3:-}" ] && printf '%s\n' "$3" | head -n 40 | sed 's/^/# /'
    fi
    return 0
}

tap_skip() {
    TAP_NUMBER=$((TAP_NUMBER + 1))
    echo "ok $TAP_NUMBER - $1 # SKIP $2"
}

tap_is() {
    if [ "$2" = "$3" ]; then tap_result ok "$1"; else tap_result fail "$1" "expected: $2
actual:   $3"; fi
}

tap_empty() {
    if [ -z "$2" ]; then tap_result ok "$1"; else tap_result fail "$1" "$2"; fi
}

tap_status() {
    if [ "$2" -eq 0 ]; then tap_result ok "$1"; else tap_result fail "$1" "${3:-}"; fi
}

tap_same_file() {
    if cmp -s "$2" "$3"; then
        tap_result ok "$1"
    elif [ -e "$2" ] && [ -e "$3" ]; then
        tap_result fail "$1" "$(diff "$2" "$3" | cut -c1-300)"
    else
        tap_result fail "$1" "missing: $(ls "$2" "$3" 2>&1 | grep -i 'no such')"
    fi
}

tap_same_values() {
    local report
    if report=$(/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/same_values.py" "$2" "$3" 2>&1); then
        tap_result ok "$1"
    else
        tap_result fail "$1" "$report"
    fi
}

tap_done() {
    echo "1..$TAP_NUMBER"
}
