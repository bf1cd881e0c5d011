#!/usr/bin/env bash
# The numerical core (src/numerics*.c) on its own: build the standalone
# driver test/unit/numerics_test.c against it with the project's warning
# flags, then compare its answers with SciPy, NumPy and mpmath over grids
# covering each function's whole domain (test/scripts/numerics_check.py).
set -euo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
bash "$SQ_REPO/test/scripts/install-deps.sh" python3-scipy python3-numpy python3-mpmath >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -std=c99 -O2 -Wall -Wextra -Werror -I"$SQ_REPO/src" -o "$work/numerics_test" \
    "$SQ_REPO/test/unit/numerics_test.c" "$SQ_REPO"/src/numerics*.c -lm
/usr/bin/python3 "$SQ_REPO/test/scripts/numerics_check.py" "$work/numerics_test"
