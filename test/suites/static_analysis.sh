#!/usr/bin/env bash
# Static analysis of the C sources: every file of src/ must be clean under
# cppcheck (options below, suppressions in test/cppcheck.suppress) and
# clang-tidy (checks in .clang-tidy), each with its reasons.  One TAP line
# per tool and file; a failing line lists the findings.  See
# docs/development.md, "Static analysis".
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$(dirname "$0")/../scripts/tap.sh"

bash "$SQ_REPO/test/scripts/install-deps.sh" cppcheck clang-tidy >/dev/null ||
    { echo "not ok 1 - cppcheck and clang-tidy are installed"; echo "1..1"; exit 1; }
server_include=$("$PG_CONFIG" --includedir-server)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$SQ_REPO" || exit 1

# Both tools see the code with assertions enabled (USE_ASSERT_CHECKING, as
# in a server built with --enable-cassert): an Assert states an invariant
# the analyzers cannot work out (a stage index is one of the state's), and
# a value computed only for an Assert is then not a dead store.
#
# cppcheck: all files in one run, so that its cross-file checks (a NULL
# passed to a function of another file) see them together.  It reads
# PostgreSQL's headers, and is told what gcc on x86-64 predefines where our
# code or the server's headers test for it.
cppcheck --quiet --std=c11 --enable=style,performance,portability --inline-suppr \
    --suppressions-list=test/cppcheck.suppress --error-exitcode=0 -DUSE_ASSERT_CHECKING \
    -D__GNUC__ -D__x86_64__ -D__SIZEOF_INT128__=16 -Isrc -I"$server_include" \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    src/*.c 2>"$work/cppcheck.out" &
cppcheck_pid=$!

# clang-tidy: each file with the build's include paths and warnings; up to
# one process per core
export server_include work
ls src/*.c | xargs -P "$(nproc)" -I{} sh -c \
    'clang-tidy --quiet "$1" -- -Isrc -isystem "$server_include" -D_GNU_SOURCE -DUSE_ASSERT_CHECKING -Wall -Wextra \
        >"$work/tidy.$(basename "$1").out" 2>&1; echo $? >"$work/tidy.$(basename "$1").status"' _ {}
wait $cppcheck_pid
cppcheck_status=$?

# findings TOOLOUTPUT FILE: the findings of one tool about one file
findings() {
    grep -hE "^(\S*/)?$2:[0-9]+:[0-9]+: (warning|error|style|performance|portability|information): " $1 |
        sed -E "s|^\S*/($2:)|\1|; s|^($2:)|src/\1|" | sort -u
}

# cppcheck itself must have run: any line of its output that is not a
# finding in the template above is a failure to run
tap_empty "cppcheck runs" "$( ([ $cppcheck_status -ne 0 ] && echo "exit status $cppcheck_status"
    grep -vE '^\S+:[0-9]+:[0-9]+: [a-z]+: ' "$work/cppcheck.out" | grep -vE '^\s|^\s*\^?$') | head -n 20)"
for path in src/*.c src/*.h; do
    file=$(basename "$path")
    tap_empty "cppcheck: src/$file" "$(findings "$work/cppcheck.out" "$file")"
done
for path in src/*.c; do
    file=$(basename "$path")
    out=$(findings "$work/tidy.$file.out" "$file")
    # a non-zero exit without a finding about the file itself: a finding in
    # a header (reported below) or a failure to run, shown here
    if [ -z "$out" ] && [ "$(cat "$work/tidy.$file.status")" != 0 ] &&
        ! grep -qE '^\S*src/[^/]*\.h:[0-9]+:[0-9]+: (warning|error): ' "$work/tidy.$file.out"; then
        out=$(head -n 20 "$work/tidy.$file.out")
    fi
    tap_empty "clang-tidy: src/$file" "$out"
done
for path in src/*.h; do
    file=$(basename "$path")
    tap_empty "clang-tidy: src/$file (as included)" "$(findings "$work/tidy.*.out" "$file")"
done
tap_done
