# Helpers of the growth curves (test/bench/curves.sh) and the instruction
# counts (test/bench/instructions.sh): the registry of aggregate families
# (families.sh calls `family`), their tables and their queries.

declare -A CURVES_COLUMNS CURVES_VALUES CURVES_AGG CURVES_FLOOR CURVES_WORST CURVES_GROUP_BY CURVES_STATE CURVES_LIMIT
CURVES_FAMILIES=()
CURVES_MERGES=()

family_define() {
    CURVES_COLUMNS[$1]=$2
    CURVES_VALUES[$1]=$3
    CURVES_AGG[$1]=$4
    CURVES_FLOOR[$1]=$5
}
family() { CURVES_FAMILIES+=("$1"); family_define "$@"; }
merge_family() { CURVES_MERGES+=("$1"); family_define "$@"; }
family_worst() { CURVES_WORST[$1]=$2; }
family_state() { CURVES_STATE[$1]=$2; }
family_group_by() { CURVES_GROUP_BY[$1]=$2; }
family_limit() { CURVES_LIMIT[$1]=$2; }

source "$(dirname "${BASH_SOURCE[0]}")/families.sh"

# curves_select_families [NAME ...]: CURVES_SELECTED, every family but the
# merge aggregates by default; `merge` stands for all of those
curves_select_families() {
    local name
    CURVES_SELECTED=()
    [ $# -gt 0 ] || CURVES_SELECTED=("${CURVES_FAMILIES[@]}")
    for name in "$@"; do
        if [ "$name" = merge ]; then
            CURVES_SELECTED+=("${CURVES_MERGES[@]}")
        elif [ -n "${CURVES_AGG[$name]:-}" ]; then
            CURVES_SELECTED+=("$name")
        else
            echo "unknown family $name (known: ${CURVES_FAMILIES[*]} ${CURVES_MERGES[*]} merge)" >&2
            exit 2
        fi
    done
}

# curves_cluster_start NAME WORK_MEM: the throwaway cluster of the timing
# runs (room for the tables in shared buffers, workers up to 8, no JIT or
# autovacuum to disturb the times), with the extension created
curves_cluster_start() {
    sq_cluster_start "$1" \
        "shared_buffers = 4GB" "work_mem = $2" "maintenance_work_mem = 1GB" \
        "max_worker_processes = 8" "max_parallel_workers = 8" "jit = off" "autovacuum = off"
    psql -X -q -c "CREATE EXTENSION svcquality" >/dev/null
}

# curves_machine TITLE: the lines that say where the times were taken
curves_machine() {
    echo "$1: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), jit=off"
    psql -X -At -c 'SELECT version()'
    echo "(the leader takes part in a parallel plan: with $(nproc) cores, n workers speed it up at most min(n + 1, $(nproc)) times)"
}

# curves_create_table NAME FROM TO [TABLE] [VALUES]: rows FROM+1..TO of the
# family's table (created when FROM is 0), then VACUUM (FREEZE, ANALYZE)
curves_create_table() {
    local name=$1 from=$2 to=$3 table=${4:-curves_$1} values=${5:-${CURVES_VALUES[$1]}}
    {
        [ "$from" -gt 0 ] ||
            echo "DROP TABLE IF EXISTS $table; CREATE TABLE $table (k bigint, ${CURVES_COLUMNS[$name]});"
        echo "INSERT INTO $table SELECT hashint8(i), $values FROM generate_series($from + 1, $to) AS i;"
        echo "VACUUM (FREEZE, ANALYZE) $table;"
    } | PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -f - >/dev/null
}

# curves_query NAME agg|floor [GROUPS]: the aggregate (or its floor) over the
# family's table, in one group or GROUPS groups (k % GROUPS), or per case for
# a family with family_group_by; only a count or a size reaches the client
curves_query() {
    local name=$1 call group_by=${CURVES_GROUP_BY[$1]:-}
    [ "$2" = agg ] && call=${CURVES_AGG[$name]} || call=${CURVES_FLOOR[$name]}
    [ -z "${3:-}" ] || group_by="k % $3"
    if [ -n "$group_by" ]; then
        echo "SELECT count(s) FROM (SELECT $call AS s FROM curves_$name GROUP BY $group_by) AS q"
    else
        echo "SELECT pg_column_size($call) FROM curves_$name"
    fi
}

# curves_state_query NAME TABLE ROWS: bytes of the state per group (per case
# with family_group_by) over the first ROWS rows of TABLE
curves_state_query() {
    local name=$1 call=${CURVES_STATE[$1]:-${CURVES_AGG[$1]}} group_by=${CURVES_GROUP_BY[$1]:-}
    if [ -n "$group_by" ]; then
        echo "SELECT round(avg(pg_column_size(s))) FROM (SELECT $call AS s FROM (SELECT * FROM $2 LIMIT $3) AS t GROUP BY $group_by) AS q"
    else
        echo "SELECT pg_column_size($call) FROM (SELECT * FROM $2 LIMIT $3) AS t"
    fi
}
