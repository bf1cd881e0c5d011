#!/usr/bin/env bash
# Logical replication of tables holding states (docs/scale_out.md), between
# two clusters on 127.0.0.1:
#   1. every table of test/scripts/stored_objects.sql and the fixtures (every
#      state type, each table with a primary key, a REPLICA IDENTITY USING
#      INDEX or FULL with a key), subscribed with binary = false (text
#      forms) and binary = true (send and receive): after the initial copy
#      and after streamed INSERT, UPDATE (state = state + another state) and
#      DELETE, every row prints the same text and sends the same bytes on
#      both sides, and every function reads the same;
#   2. the same for sq_names, a table of every type whose states carry
#      names that are not ASCII, from a UTF8 database into a LATIN1 one and
#      from LATIN1 into UTF8, both modes: the walsender writes the names in
#      the subscriber's encoding (text forms, and the binary forms' names,
#      version 2 for dimension_state, paired_state and moment_state), the
#      apply worker reads them so, and a UTF8 client gets the same text,
#      bytes and binary COPY from both sides;
#   3. REPLICA IDENTITY FULL without a key: the types have no equality
#      operator, so the subscriber cannot find the old row, and UPDATE and
#      DELETE stop the subscription with "could not identify an equality
#      operator"; a primary key added on the subscriber lets the waiting
#      change apply;
#   4. a name a LATIN1 subscriber cannot represent (€), and one a UTF8
#      subscriber holds in more bytes than its limit (200 é), stop the
#      subscription with the conversion error and the type's input error;
#      a publication's row filter cannot call the extension's functions.
# The clusters run in other time zones and date and interval styles than
# the clients that compare them, as servers in different places do.  Every
# wait has a timeout.
set -uo pipefail
source "$(dirname "$0")/../scripts/pg_cluster.sh"
source "$SQ_REPO/test/scripts/tap.sh"
source "$SQ_REPO/test/scripts/stored.sh"
trap sq_cleanup EXIT
sq_prepare_unless_prepared || exit 1

out="$SQ_WORK/logical_replication"
mkdir -p "$out"
chmod 700 "$out"
timeout=60

SQ_TCP=1 sq_cluster_start lr_pub "wal_level = logical" "max_wal_senders = 30" "max_replication_slots = 30" \
    "max_parallel_workers_per_gather = 0" "TimeZone = 'Asia/Kolkata'" "DateStyle = 'German, DMY'" \
    "IntervalStyle = 'sql_standard'" >/dev/null ||
    { tap_result fail "the publisher starts"; tap_done; exit 1; }
SQ_TCP=1 sq_cluster_start lr_sub "max_logical_replication_workers = 20" "max_worker_processes = 30" \
    "max_replication_slots = 30" "wal_retrieve_retry_interval = '200ms'" "TimeZone = 'America/Los_Angeles'" \
    "DateStyle = 'SQL, MDY'" "IntervalStyle = 'iso_8601'" "extra_float_digits = 0" >/dev/null ||
    { tap_result fail "the subscriber starts"; tap_done; exit 1; }
# the clients' settings, set after the servers started so that the apply
# workers' connections (libpq in the server) do not inherit them
export PGTZ=UTC PGDATESTYLE="ISO, YMD" PGCLIENTENCODING=UTF8 \
    PGOPTIONS="-c intervalstyle=postgres -c extra_float_digits=1 -c statement_timeout=120s"
# shellcheck disable=SC2154 # set by sq_cluster_start
publisher="host=127.0.0.1 port=$SQ_PORT_lr_pub user=postgres"
sublog="$SQ_WORK/lr_sub/server.log"

# on NODE COMMAND...: COMMAND (sq_q, sq_rows, ...) against cluster NODE
on() {
    local host=SQ_HOST_$1 port=SQ_PORT_$1
    shift
    PGHOST=${!host} PGPORT=${!port} "$@"
}
pub() { on lr_pub sq_q "$@"; }
sub() { on lr_sub sq_q "$@"; }

# wait_for NODE DB SQL: until SQL prints t, at most $timeout seconds
wait_for() {
    local deadline=$((SECONDS + timeout))
    until [ "$(on "$1" sq_q "$2" "$3" 2>/dev/null)" = t ]; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.2
    done
}
# synced DB SUB: every table of subscription SUB is ready (its copy done
# and caught up with the stream)
synced() {
    wait_for lr_sub "$1" "SELECT count(*) > 0 AND bool_and(r.srsubstate = 'r')
        FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = '$2'"
}
# caught_up SUB...: the subscribers have applied everything written on the
# publisher so far
caught_up() {
    local lsn names
    lsn=$(pub postgres "SELECT pg_current_wal_lsn()")
    names=$(printf "'%s'," "$@")
    wait_for lr_pub postgres "SELECT count(*) = $# AND bool_and(replay_lsn >= '$lsn')
        FROM pg_stat_replication WHERE application_name IN (${names%,})"
}

# names_batch FIRST LAST IDS: one row per id of states of every type, over
# answers FIRST to LAST, every name that can hold one not ASCII but in
# LATIN1 (a name LATIN1 cannot hold cannot reach a LATIN1 subscriber, as in
# a text column)
names_batch() {
    echo "WITH r AS (
        SELECT i, 1 + (i / 5) % $3 AS id, i / 5 AS case_id,
               (ARRAY['demandé', 'répondu', 'accordé', 'retourné', 'réglé'])[1 + i % 5] AS stage,
               (ARRAY['rapidité', 'amabilité', 'résolution'])[1 + i % 3] AS dim,
               (ARRAY['Lieferverzögerung', 'Rückerstattung', 'Größe falsch', 'Qualität'])[1 + (hashint4(i) & 3)] AS category,
               (ARRAY['Zoë', 'Ñaño', 'Øystein', 'Ægir', 'Jürgen'])[1 + (hashint4(i + 1) & 3)] || ' ' || i % 7 AS customer,
               'équipe ' || (ARRAY['å', 'ß', 'ç'])[1 + i % 3] AS team,
               timestamptz '2026-03-02 08:00+00' + i * interval '37 minutes' AS at,
               (hashint4(i) & 2147483647) % 11 AS score,
               0.25 * (1 + (hashint4(i + 2) & 7)) AS weight,
               make_interval(secs => (hashint4(i + 3) & 1048575) / 10.0) AS handled,
               ARRAY[1 + (hashint4(i + 4) & 3), 1 + (hashint4(i + 5) & 3), 1 + (hashint4(i + 6) & 3)]::float8[] AS dims,
               ((hashint4(i + 7) & 2147483647) % 11)::float8 AS overall
        FROM generate_series($1, $2) AS i),
    cases AS (SELECT id, timeline_agg(stage, at) AS t FROM r GROUP BY id, case_id),
    funnels AS (SELECT id, funnel_agg(t) AS funnel FROM cases GROUP BY id)
    SELECT s.*, f.funnel FROM (
    SELECT id, nps_agg(score, weight) AS ratings,
           dimension_agg(dim, dims[1]) AS dimensions,
           gap_agg(dim, dims[2], dims[1]) AS gaps,
           moment_agg(overall, dims, ARRAY['rapidité', 'amabilité', 'résolution']) AS moments,
           duration_agg(handled) AS durations,
           proportion_agg(score >= 9) AS promoters,
           timeline_agg(stage, at) AS timeline,
           timeline_set_agg(case_id, stage, at) AS cases,
           (CASE WHEN id % 2 = 0 THEN 'v1 tz=Europe/Berlin mon-fri=09:00-17:00 holidays=2026-03-06'
                 ELSE 'v2 tz=Europe/Paris mon-fri=08:00-17:00 2026-03-05=08:00-12:00' END)::business_calendar AS calendar,
           outcome_agg(score >= 9, i % 3 = 0) AS linked,
           duration_outcome_agg(handled, score >= 7, ARRAY[interval '1 hour', interval '1 day']) AS by_duration,
           contact_agg(customer, dim, at, interval '1 day', team, score >= 7) AS contacts,
           category_agg(category, weight) AS categories
    FROM r GROUP BY id) s JOIN funnels f USING (id)"
}
names_columns="ratings dimensions gaps moments durations promoters timeline cases linked by_duration contacts categories funnel"
# What the functions read from sq_names, for the types whose functions
# stored_accessors.sql (the functions of 0.1.0) does not read, and the
# timelines of a timeline_set as UTF8 (the md5 stored_accessors.sql takes of
# them hashes the bytes of the database encoding).
names_reads="SELECT id, nps_json(ratings), dimension_names(dimensions), dimension_means(dimensions),
       (SELECT array_agg(g::text) FROM gap_analysis(gaps) g), (SELECT array_agg(m::text) FROM moment_means(moments) m),
       timeline_stages(timeline), timeline_set_cases(cases),
       (SELECT md5(convert_to(string_agg(u.case_id || ' ' || u.timeline::text, E'\n' ORDER BY u.case_id), 'UTF8'))
        FROM unnest(cases) u),
       business_time(timestamptz '2026-03-02 00:00+00', timestamptz '2026-03-09 00:00+00', calendar),
       outcome_exposed(linked), (SELECT array_agg(d::text) FROM duration_outcome(by_duration) d),
       funnel_json(funnel), contact_repeat_rate(contacts), (SELECT array_agg(c::text) FROM contact_summary(contacts) c),
       category_total(categories), (SELECT array_agg(c::text) FROM category_top(categories, 3) c)
FROM sq_names ORDER BY id"

# --- the publisher ------------------------------------------------------------------
# pub (UTF8): the stored objects, keys on the tables that have none, and
# sq_names; pub_latin1: sq_names alone; pub_full: the tables without a key.
pub postgres "CREATE DATABASE pub" >/dev/null
pub pub "CREATE EXTENSION svcquality"
on lr_pub sq_stored_objects pub
if pub pub "
    ALTER TABLE sq_sample ADD PRIMARY KEY (id);
    ALTER TABLE sq_sample_daily ADD PRIMARY KEY (day, channel);
    ALTER TABLE sq_stored ALTER COLUMN channel SET NOT NULL;
    CREATE UNIQUE INDEX sq_stored_channel ON sq_stored (channel);
    ALTER TABLE sq_stored REPLICA IDENTITY USING INDEX sq_stored_channel;
    ALTER TABLE sq_merged ADD PRIMARY KEY (channel), REPLICA IDENTITY FULL;
    CREATE TABLE sq_names AS $(names_batch 1 2400 12);
    ALTER TABLE sq_names ADD PRIMARY KEY (id);
    CREATE PUBLICATION lr_all FOR ALL TABLES;
    CREATE PUBLICATION lr_names FOR TABLE sq_names;" 2>"$out/pub.log" &&
    pub postgres "CREATE DATABASE pub_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" &&
    pub pub_latin1 "CREATE EXTENSION svcquality;
        CREATE TABLE sq_names AS $(names_batch 1 2400 12);
        ALTER TABLE sq_names ADD PRIMARY KEY (id);
        CREATE PUBLICATION lr_names FOR TABLE sq_names;" 2>>"$out/pub.log" &&
    on lr_pub sq_sql pub_latin1 "$SQ_REPO/test/scripts/relation_rows.sql" 2>>"$out/pub.log" &&
    pub postgres "CREATE DATABASE pub_full" && pub pub_full "CREATE EXTENSION svcquality;
        CREATE TABLE sq_nokey_update AS $(names_batch 1 600 3);
        CREATE TABLE sq_nokey_delete AS SELECT * FROM sq_nokey_update;
        ALTER TABLE sq_nokey_update REPLICA IDENTITY FULL;
        ALTER TABLE sq_nokey_delete REPLICA IDENTITY FULL;
        CREATE PUBLICATION lr_update FOR TABLE sq_nokey_update;
        CREATE PUBLICATION lr_delete FOR TABLE sq_nokey_delete;" 2>>"$out/pub.log" >/dev/null; then
    tap_result ok "the publisher's tables and publications are created"
else
    tap_result fail "the publisher's tables and publications are created" "$(cat "$out/pub.log")"
fi
tables=$(pub pub "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1")
tap_empty "every table of the publication has a primary key or a replica identity index" \
    "$(pub pub "SELECT string_agg(relname, ', ') FROM pg_class c WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND (i.indisprimary OR i.indisreplident))")"
tap_empty "sq_names has a column of every state type" "$(pub pub "
    SELECT string_agg(t.oid::regtype::text, ', ') FROM pg_type t
    JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'svcquality')
      AND t.typtype = 'b' AND t.typcategory <> 'A'
      AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = 'sq_names'::regclass AND a.atttypid = t.oid)")"

# --- the subscribers ------------------------------------------------------------------
# subscribe DB ENCODING SOURCE_DB PUBLICATION BINARY: a database of the
# publication's tables (their definitions from pg_dump) and a subscription
# named like the database
subscribe() {
    local db=$1 encoding=$2 source=$3 publication=$4 binary=$5 only
    only=$(pub "$source" "SELECT string_agg('-t ' || quote_ident(tablename), ' ') FROM pg_publication_tables
                          WHERE pubname = '$publication'")
    # shellcheck disable=SC2086 # one -t option a table
    { sub postgres "CREATE DATABASE $db ENCODING '$encoding' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" &&
        sub "$db" "CREATE EXTENSION svcquality" &&
        on lr_pub "$SQ_PG_BIN/pg_dump" -s $only -d "$source" | on lr_sub psql -X -q -v ON_ERROR_STOP=1 -d "$db" &&
        on lr_sub sq_sql "$db" "$SQ_REPO/test/scripts/relation_rows.sql" &&
        sub "$db" "CREATE SUBSCRIPTION $db CONNECTION '$publisher dbname=$source' PUBLICATION $publication
                   WITH (binary = $binary, disable_on_error = true)"; } >/dev/null 2>"$out/$db.log"
}
subs=(sub_text:UTF8:pub:lr_all:false sub_binary:UTF8:pub:lr_all:true
    latin1_text:LATIN1:pub:lr_names:false latin1_binary:LATIN1:pub:lr_names:true
    utf8_text:UTF8:pub_latin1:lr_names:false utf8_binary:UTF8:pub_latin1:lr_names:true)
for s in "${subs[@]}"; do
    IFS=: read -r db encoding source publication binary <<<"$s"
    subscribe "$db" "$encoding" "$source" "$publication" "$binary" ||
        tap_result fail "$db: the subscription is created" "$(cat "$out/$db.log")"
done

# compare_all NAME: every subscriber's rows and function results equal its
# publisher's, for the tables the subscriber has
compare_all() {
    local s db encoding source only same
    for source in pub pub_latin1; do
        on lr_pub sq_rows "$source" "$out/rows.$source"
        on lr_pub sq_stored_accessors "$source" "$out/accessors.$source"
        pub "$source" "$names_reads" >"$out/reads.$source"
        pub "$source" "COPY (SELECT * FROM sq_names ORDER BY id) TO STDOUT (FORMAT binary)" >"$out/copy.$source"
    done
    for s in "${subs[@]}"; do
        IFS=: read -r db encoding source _ _ <<<"$s"
        same=(cat)
        [ "$encoding" = "$(pub "$source" "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = '$source'")" ] ||
            same=(grep -v 'md5(string_agg')
        only=$(sub "$db" "SELECT string_agg(relname, '|') FROM pg_class
                          WHERE relkind = 'r' AND (relname LIKE 'sq\_%' OR relname LIKE 'fx\_%')")
        on lr_sub sq_rows "$db" "$out/rows.$db" || continue
        on lr_sub sq_stored_accessors "$db" "$out/accessors.$db" || continue
        tap_same_file "$1, $db: every row prints the same text and sends the same bytes" \
            <(grep -E "^($only):" "$out/rows.$source") "$out/rows.$db"
        tap_same_file "$1, $db: every function reads the same from every state" \
            <(grep -E "^($only)[.]" "$out/accessors.$source" | "${same[@]}") <("${same[@]}" "$out/accessors.$db")
        tap_same_file "$1, $db: the functions of the later types read the same from sq_names" \
            "$out/reads.$source" <(sub "$db" "$names_reads" 2>&1)
        tap_same_file "$1, $db: a binary COPY of sq_names is the same file" \
            "$out/copy.$source" <(sub "$db" "COPY (SELECT * FROM sq_names ORDER BY id) TO STDOUT (FORMAT binary)" 2>&1)
    done
}

late=
for s in "${subs[@]}"; do
    db=${s%%:*}
    synced "$db" "$db" || late+="$db: $(sub "$db" "SELECT string_agg(format('%s %s', srrelid::regclass, srsubstate), ', ')
                                                FROM pg_subscription_rel WHERE srsubstate <> 'r'" 2>&1)
"
done
tap_empty "every subscription copies its tables within ${timeout}s" "$late"
compare_all "initial copy"

# --- INSERT, UPDATE and DELETE, streamed ----------------------------------------------------
# Every column whose type has a `+` is merged with the next row's (the
# next day or channel, the next fixture); rows are copied under new keys,
# and some are deleted.
plus_of() {
    pub pub "SELECT string_agg(format('%I = t.%I + n.%I', a.attname, a.attname, a.attname), ', ')
             FROM pg_attribute a WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped
               AND EXISTS (SELECT FROM pg_operator o WHERE o.oprname = '+' AND o.oprleft = a.atttypid
                                                       AND o.oprright = a.atttypid)"
}
stream_log="$out/stream.log"
: >"$stream_log"
change() { pub "$1" "$2" >/dev/null 2>>"$stream_log"; }
# copy_rows REL WHERE SET: the rows WHERE selects inserted again, changed by SET
copy_rows() {
    change pub "CREATE TEMP TABLE more AS SELECT * FROM $1 WHERE $2; UPDATE more SET $3;
                INSERT INTO $1 SELECT * FROM more"
}
copy_rows sq_sample "id <= 50" "id = id + 100000, day = day + 100"
change pub "DELETE FROM sq_sample WHERE id % 10 = 3"
copy_rows sq_sample_daily "day < date '2026-03-04'" "day = day + 100"
change pub "UPDATE sq_sample_daily t SET $(plus_of sq_sample_daily)
    FROM sq_sample_daily n WHERE n.channel = t.channel AND n.day = t.day + 1 AND t.day < date '2026-03-10';
    DELETE FROM sq_sample_daily WHERE day BETWEEN date '2026-03-12' AND date '2026-03-13'"
for rel in sq_stored sq_merged; do
    copy_rows $rel "channel = 'chat'" "channel = 'chat again'"
    change pub "UPDATE $rel t SET $(plus_of $rel)
        FROM $rel n WHERE n.channel = (SELECT min(x.channel) FROM $rel x WHERE x.channel > t.channel);
        DELETE FROM $rel WHERE channel = 'shop'"
done
# one column of a row whose other states are stored out of line (TOAST),
# which the stream sends as unchanged
tap_is "sq_stored keeps states out of line" t \
    "$(pub pub "SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE relname = 'sq_stored'")"
change pub "UPDATE sq_stored SET \"nps_agg(integer)\" = \"nps_agg(integer)\" + \"nps_agg(integer)\" WHERE channel = 'email'"
change pub "UPDATE sq_calendars SET calendar = 'v1 tz=UTC mon-sun=00:00-24:00', path = refund_path(2)
            WHERE name = 'berlin office'"
# Fixtures next to each other may not merge (weighted and unweighted,
# other accuracies, counts near 2^63): those rows keep their states.
for rel in $tables; do
    [[ $rel == fx_* ]] || continue
    plus=$(plus_of "$rel")
    [ -n "$plus" ] && change pub "DO \$\$
        DECLARE r record;
        BEGIN
            FOR r IN SELECT label FROM $rel ORDER BY label LOOP
                BEGIN
                    UPDATE $rel t SET $plus FROM $rel n
                    WHERE t.label = r.label AND n.label = (SELECT min(x.label) FROM $rel x WHERE x.label > r.label);
                EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range OR program_limit_exceeded THEN
                END;
            END LOOP;
        END \$\$"
    copy_rows "$rel" "label = (SELECT max(label) FROM $rel)" "label = label || ' again'"
    change pub "DELETE FROM $rel WHERE label = (SELECT min(label) FROM $rel)"
done
# sq_names, kept as a rollup: the next batch merged into the stored states
# (INSERT ... ON CONFLICT DO UPDATE), with two new ids
for db in pub pub_latin1; do
    change $db "INSERT INTO sq_names AS t $(names_batch 2401 3000 14)
        ON CONFLICT (id) DO UPDATE SET calendar = excluded.calendar,
        $(for c in $names_columns; do printf '%s = t.%s + excluded.%s, ' "$c" "$c" "$c"; done | sed 's/, $//');
        DELETE FROM sq_names WHERE id = 5"
done
tap_empty "the publisher inserts, updates and deletes" "$(cat "$stream_log")"
tap_is "the changes reach every subscriber within ${timeout}s" yes \
    "$(caught_up "${subs[@]%%:*}" && echo yes || echo no)"
compare_all "streamed changes"

# --- REPLICA IDENTITY FULL without a key -------------------------------------------------------
# The apply worker looks for the old row by comparing every column with the
# columns' equality operators (PostgreSQL 15, execReplication.c), which the
# state types do not have: the first row whose columns before the first
# state column match stops it.  disable_on_error ends the retries.
for op in update delete; do
    sub postgres "CREATE DATABASE full_$op" >/dev/null
    sub full_$op "CREATE EXTENSION svcquality" >/dev/null
    on lr_pub "$SQ_PG_BIN/pg_dump" -s -t sq_nokey_$op -d pub_full | on lr_sub psql -X -q -d full_$op >/dev/null
    sub full_$op "CREATE SUBSCRIPTION full_$op CONNECTION '$publisher dbname=pub_full' PUBLICATION lr_$op
                  WITH (disable_on_error = true)" >/dev/null 2>&1
done
if synced full_update full_update && synced full_delete full_delete; then
    tap_result ok "REPLICA IDENTITY FULL without a key: the rows are copied"
else
    tap_result fail "REPLICA IDENTITY FULL without a key: the rows are copied"
fi
rows_of() { "$1" "$2" "SELECT string_agg(id || ' ' || ratings::text, ', ' ORDER BY id) FROM sq_nokey_update"; }
pub pub_full "CREATE TEMP TABLE more AS SELECT * FROM sq_nokey_update WHERE id = 1; UPDATE more SET id = 4;
              INSERT INTO sq_nokey_update SELECT * FROM more" >/dev/null
caught_up full_update full_delete
tap_is "REPLICA IDENTITY FULL without a key: an INSERT is applied" "$(rows_of pub pub_full)" "$(rows_of sub full_update)"
old=$(rows_of pub pub_full)
pub pub_full "UPDATE sq_nokey_update SET ratings = ratings + ratings WHERE id = 2;
              DELETE FROM sq_nokey_delete WHERE id = 2" >/dev/null
for op in update delete; do
    wait_for lr_sub full_$op "SELECT NOT subenabled FROM pg_subscription WHERE subname = 'full_$op'"
    tap_is "REPLICA IDENTITY FULL without a key: the ${op^^} stops the subscription with the error" \
        "1 error, disabled; could not identify an equality operator for type public.rating_state; \"${op^^}\" for replication target relation \"public.sq_nokey_$op\"" \
        "$(sub full_$op "SELECT apply_error_count || ' error, ' || CASE WHEN subenabled THEN 'enabled' ELSE 'disabled' END
                         FROM pg_stat_subscription_stats JOIN pg_subscription USING (subname)
                         WHERE subname = 'full_$op'"); $(
            grep -A1 "ERROR:  could not identify an equality operator" "$sublog" | grep -B1 "sq_nokey_$op" |
                sed -n 's/.*ERROR:  \(.*\)/\1/p; s/.*during message type \(.*\) in transaction.*/\1/p' | paste -sd';' | sed 's/;/; /g')"
done
tap_is "REPLICA IDENTITY FULL without a key: the subscriber's rows are left as they were" \
    "$old" "$(rows_of sub full_update)"
# a primary key on the subscriber's table: the change that stopped it finds its row
sub full_update "ALTER TABLE sq_nokey_update ADD PRIMARY KEY (id); ALTER SUBSCRIPTION full_update ENABLE" >/dev/null
caught_up full_update
tap_is "REPLICA IDENTITY FULL: with a primary key added on the subscriber, the UPDATE is applied" \
    "$(rows_of pub pub_full)" "$(rows_of sub full_update)"


# --- Names the subscriber cannot hold; row filters ------------------------------------------
# A name LATIN1 cannot represent (€) stops a LATIN1 subscriber with the
# conversion error, and a name within its limit of 255 bytes in LATIN1 but
# not in UTF8 (200 é: 400 bytes) stops a UTF8 subscriber with the type's
# input error, in both kinds of subscription; the rows before them stay.
pub pub_full "CREATE TABLE sq_euro (id int PRIMARY KEY, categories category_state);
              INSERT INTO sq_euro SELECT 1, category_agg('Qualité', 1);
              CREATE PUBLICATION lr_euro FOR TABLE sq_euro" >/dev/null
pub pub_latin1 "CREATE TABLE sq_long (id int PRIMARY KEY, categories category_state);
                INSERT INTO sq_long SELECT 1, category_agg(repeat('é', 127), 1);
                CREATE PUBLICATION lr_long FOR TABLE sq_long" >/dev/null
# database:encoding:source:publication:binary:what its apply worker's error says
unheld=('euro_text:LATIN1:pub_full:lr_euro:false:has no equivalent in encoding "LATIN1"'
    'euro_binary:LATIN1:pub_full:lr_euro:true:has no equivalent in encoding "LATIN1"'
    'long_text:UTF8:pub_latin1:lr_long:false:(a category name has at most 255 bytes)'
    'long_binary:UTF8:pub_latin1:lr_long:true:a category name has 400 bytes, more than the 255 allowed')
for s in "${unheld[@]}"; do
    IFS=: read -r db encoding source publication binary _ <<<"$s"
    subscribe "$db" "$encoding" "$source" "$publication" "$binary" && synced "$db" "$db" ||
        tap_result fail "$db: the subscription is created and copies its table" "$(cat "$out/$db.log")"
done
pub pub_full "INSERT INTO sq_euro SELECT 2, category_agg('€', 1)" >/dev/null
pub pub_latin1 "INSERT INTO sq_long SELECT 2, category_agg(repeat('é', 200), 1)" >/dev/null
# errors_of SUB: the errors (and their details) of SUB's apply workers, by
# the process ids the server log (log_line_prefix '%m [%p] ') gives them
errors_of() {
    local pids
    pids=$(sed -n "s/.* \[\([0-9]*\)\] LOG:  logical replication apply worker for subscription \"$1\" has started/\1/p" \
        "$sublog" | paste -sd'|')
    grep -E "\[(${pids:-none})\] (ERROR|DETAIL):  " "$sublog" | sed 's/^.*\] //' | cut -c 1-160 | sort -u
}
for s in "${unheld[@]}"; do
    IFS=: read -r db _ _ _ _ error <<<"$s"
    wait_for lr_sub "$db" "SELECT NOT subenabled FROM pg_subscription WHERE subname = '$db'"
    errors=$(errors_of "$db")
    tap_is "$db: a name the subscriber cannot hold stops the subscription with the error, the row before it stays" \
        "disabled; 1; $error" \
        "$(sub "$db" "SELECT CASE WHEN subenabled THEN 'enabled' ELSE 'disabled' END FROM pg_subscription
                      WHERE subname = '$db'"); $(sub "$db" "SELECT string_agg(id::text, ',') FROM sq_${db%_*}"); $(
            echo "$errors" | grep -qF "$error" && echo "$error" || echo "$errors")"
done

# A row filter may use built-in immutable functions only
out=$(pub pub_full "CREATE PUBLICATION lr_filter FOR TABLE sq_euro WHERE (category_total(categories) > 0)" 2>&1)
echo "$out" | grep -q "User-defined or built-in mutable functions are not allowed"
tap_status "a publication's row filter cannot call the extension's functions" $? "$out"
tap_is "a publication's row filter on a plain column is accepted" "" \
    "$(pub pub_full "CREATE PUBLICATION lr_filter FOR TABLE sq_euro WHERE (id >= 1)" 2>&1)"

tap_done
