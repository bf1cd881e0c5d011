#!/usr/bin/env bash
# PostgreSQL code style: every C file must come out of pg_bsd_indent, run
# with pgindent's options and followed by pgindent's return-type fix-up,
# unchanged.  `style.sh --fix` rewrites the files instead.  The typedef list (which pgindent needs
# to tell declarations from expressions) is collected from the server's
# headers and ours.
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
bash "$SQ_REPO/test/scripts/install-deps.sh" pg-bsd-indent >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
server_include=$("$PG_CONFIG" --includedir-server)
{
    grep -rhoE '^\}\s*[A-Za-z_][A-Za-z0-9_]*;' "$server_include" "$SQ_REPO/src" | sed -E 's/^\}\s*//; s/;$//'
    grep -rhoE '^typedef\s+[^;()]*\b[A-Za-z_][A-Za-z0-9_]*;' "$server_include" "$SQ_REPO/src" |
        sed -E 's/.*\b([A-Za-z_][A-Za-z0-9_]*);$/\1/'
    echo bool
} | sort -u |
    # names pgindent deliberately does not treat as typedefs (common variable names)
    grep -vxE 'ANY|FD_SET|U|abs|allocfunc|boolean|date|digit|ilist|interval|iterator|other|pointer|printfunc|reference|string|timestamp|type|wrap' \
        >"$work/typedefs.list"

number=0
failed=0
for file in "$SQ_REPO"/src/*.[ch]; do
    number=$((number + 1))
    name=$(basename "$file")
    pg_bsd_indent -bad -bap -bbb -bc -bl -cli1 -cp33 -cdb -nce -d0 -di12 -nfc1 -i4 -l79 \
        -lp -lpl -nip -npro -sac -tpg -ts4 -U"$work/typedefs.list" "$file" "$work/$name" 2>"$work/err" || true
    # as pgindent does afterwards: one space before '*' in a function's return type line
    sed -i -E 's/^([A-Za-z_][^ \t]*)[ \t]+\*$/\1 */' "$work/$name"
    if [ "${1:-}" = --fix ] && [ ! -s "$work/err" ]; then
        cp "$work/$name" "$file"
    fi
    if [ -s "$work/err" ] || ! diff -q "$file" "$work/$name" >/dev/null; then
        echo "not ok $number - src/$name is pgindent-clean"
        cat "$work/err" | sed 's/^/# /'
        # diff's status 1 (files differ) must not end the suite under pipefail
        { diff -u "$file" "$work/$name" || true; } | head -40 | sed 's/^/# /'
        failed=$((failed + 1))
    else
        echo "ok $number - src/$name is pgindent-clean"
    fi
done
echo "1..$number"
[ "$failed" -eq 0 ]
