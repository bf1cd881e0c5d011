#!/usr/bin/env bash
# Write test/fixtures/0.1.0/ with the real 0.1.0 release: its library and
# install script built from the release commit (git history needed), on a
# throwaway cluster.  For every type 0.1.0 stores in users' tables:
#   <type>.txt     COPY ... TO (text) of the table fx_<type> (label, value)
#   <type>.bin     the same rows as COPY ... (FORMAT binary)
#   accessors.out  what 0.1.0's functions read from every value (accessors.sql)
# The values are defined in states.sql.  test/suites/upgrade.sh loads the
# files into the current build and checks that they read back identically.
#
# Run by hand, once: a release's output is history, so the files only change
# when a variant is added (then check with `git diff` that the existing lines
# did not move).
#   bash test/scripts/fixtures-0.1.0.sh
set -euo pipefail
source "$(dirname "$0")/pg_cluster.sh"
trap sq_cleanup EXIT

release=0.1.0
out="$SQ_REPO/test/fixtures/$release"
SQ_WORK=$(mktemp -d /tmp/svcquality-fixtures.XXXXXX)
SQ_WORK_OWNER=$BASHPID
chmod 755 "$SQ_WORK"
sq_log "building svcquality $release from ${SQ_RELEASE_COMMIT[$release]}"
sq_stage_commit "${SQ_RELEASE_COMMIT[$release]}" "$SQ_WORK/stage"
SQ_PG_BIN=$(sq_stage_bin "$SQ_WORK/stage")
sq_cluster_start fixtures
export PGTZ=UTC PGDATESTYLE="ISO, YMD"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION svcquality"
installed=$(psql -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'svcquality'")
[ "$installed" = "$release" ] || { echo "built $installed, not $release" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -f "$out/states.sql"
for table in $(psql -X -At -c "SELECT relname FROM pg_class WHERE relname LIKE 'fx\_%' AND relkind = 'r' ORDER BY 1"); do
    type=${table#fx_}
    psql -X -q -v ON_ERROR_STOP=1 -c "COPY (SELECT * FROM $table ORDER BY label) TO STDOUT" >"$out/$type.txt"
    psql -X -q -v ON_ERROR_STOP=1 -c "COPY (SELECT * FROM $table ORDER BY label) TO STDOUT (FORMAT binary)" >"$out/$type.bin"
    echo "$type: $(wc -l <"$out/$type.txt") rows, $(wc -c <"$out/$type.txt") bytes of text, $(wc -c <"$out/$type.bin") bytes of binary"
done
psql -X -q -v ON_ERROR_STOP=1 -f "$out/accessors.sql" >"$out/accessors.out"
echo "accessors.out: $(wc -l <"$out/accessors.out") lines"
