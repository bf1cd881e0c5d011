-- Mutated text and binary input for every state type and business_calendar:
-- each mutant is either rejected with a data exception (SQLSTATE class 22,
-- e.g. 22P02/22P03) or accepted as a value whose output reads back to itself.
-- Any other error (or a crash, which would end the test) fails.  Deterministic:
-- setseed per type (seed_for).

CREATE TABLE fuzz_seeds (type regtype, sample text);
INSERT INTO fuzz_seeds VALUES
    ('rating_state', 'v1'),
    ('rating_state', 'v1 0:3 6:1 8:12 9:7 10:9223372036854775'),
    ('rating_state', 'v1 weighted sumsq=7.0625 0:1:0.25 7:2:1.5 10:3:2.5'),
    ('dimension_state', 'v1'),
    ('dimension_state', 'v1 (4 16 2 3 5) (0) (3 6.5 3.1666666666666665 1 3.5)'),
    ('dimension_state', 'v1 "attitude" (3 12 2 3 5) "say \"hi\"" (0) "speed" (2 1e-3 5e-7 0 1e-3)'),
    ('paired_state', 'v1 gap (4 16 14 2 5 1 5) (0)'),
    ('paired_state', 'v1 driver (5 15 15 10 10 -10 40) (2 3 4 0.5 2 1 0.5)'),
    ('paired_state', 'v1 gap "attitude" (2 8 7 2 0.5 -1 4.5) "say \"hi\"" (0) "speed" (1 4 5 0 0 0 0)'),
    ('moment_state', 'v1'),
    ('moment_state', 'v1 dimensions=2 n=4 weight=4 incomplete=0 mean=(3 2.5 4) comoment=(2 1 1.5 3 0.5 2)'),
    ('moment_state', 'v1 dimensions=("speed" "attitude") overall="overall" n=3 weight=3.5 incomplete=1 mean=(3 4 4.5) comoment=(2 1 1.5 2 0.5 3) pending=((-17 4 _ _) (23 _ 3 5))'),
    ('duration_state', 'v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'),
    ('duration_state', 'v1 accuracy=0.01 n=7 sum=273726.5 min=0 max=273600 zero=1 0:2 35:1,1 240:1 626:1'),
    ('duration_state', 'v1 accuracy=0.0001 n=3 sum=1000000000000.000002 min=0.000001 max=1000000000000 zero=0 -69077:2 138156:1'),
    ('business_calendar', 'v1 tz=UTC mon-fri=09:00-17:00'),
    ('business_calendar', 'v1 tz=Asia/Shanghai mon-fri=09:00-12:00,13:00-18:00 holidays=2026-01-01..2026-01-03,2026-05-01 workdays=2026-02-14:mon'),
    ('business_calendar', 'v1 tz=America/New_York mon,wed,fri=08:30-12:00,12:45-17:15:30 sat=00:00-24:00'),
    ('business_calendar', 'v1 tz=Europe/Berlin sat-sun=01:15-03:45,22:00-24:00 holidays=0001-01-01,9999-12-25..9999-12-31 workdays=2026-03-21:sat,2026-03-22'),
    ('business_calendar', 'v2 tz=UTC mon-fri=09:00-17:00 2026-12-24,2026-12-31=09:00-12:00 from=2026-06-01 tz=Europe/Berlin sun=10:00-11:00'),
    ('proportion_state', 'v1 0/0'),
    ('proportion_state', 'v1 3/40'),
    ('timeline_state', 'v1'),
    ('timeline_state', 'v1 2026-03-02 01:00:00+00 "opened", 2026-03-02 01:40:00.5+00 "responded", 2026-03-03 03:00:00+00 "resolved"'),
    ('timeline_state', 'v1 0044-03-15 12:00:00+00 BC "a\"b", 2026-03-02 09:00:00+00 "", 2026-03-02 09:00:00+00 "x,y"'),
    ('funnel_state', 'v1 cases=0 stages=seen clock=calendar'),
    ('funnel_state', 'v1 cases=4 stages=seen clock=calendar stage "new" reached=4 positions=0 starts=4 ends=1 time=(v1 accuracy=0.01 n=4 sum=6600 min=0 max=3600 zero=1 355:1 375:1 410:1) stage "open" reached=3 positions=3 starts=0 ends=1 time=(v1 accuracy=0.01 n=3 sum=16200 min=0 max=9000 zero=1 445:1 456:1) stage "pending" reached=1 positions=2 starts=0 ends=0 time=(v1 accuracy=0.01 n=1 sum=3600 min=3600 max=3600 zero=0 410:1) stage "solved" reached=2 positions=5 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) transition 1>2 count=3 cases=3 transition 2>3 count=1 cases=1 transition 2>4 count=2 cases=2 transition 3>2 count=1 cases=1 sequence 1 cases=1 sequence 1>2 cases=1 sequence 1>2>3>2>4 cases=1 sequence 1>2>4 cases=1'),
    ('funnel_state', 'v1 cases=3 stages=given clock=business stage "solved" reached=2 positions=2 starts=0 ends=2 time=(v1 accuracy=0.01 n=2 sum=0 min=0 max=0 zero=2) stage "new" reached=2 positions=0 starts=2 ends=0 time=(v1 accuracy=0.01 n=2 sum=25200 min=10800 max=14400 zero=0 465:1 479:1) stage "unused" reached=0 positions=0 starts=0 ends=0 time=(v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0) transition 2>1 count=2 cases=2 sequence - cases=1'),
    ('timeline_set', 'v1'),
    ('timeline_set', 'v1 -3 (2026-03-02 01:00:00+00 "opened", 2026-03-02 01:40:00.5+00 "responded"), 17 (2026-03-03 03:00:00+00 "resolved")'),
    ('timeline_set', 'v1 9 (0044-03-15 12:00:00+00 BC "a\"b", 2026-03-02 09:00:00+00 ""), 10 (2026-03-02 09:00:00+00 "x,y")'),
    ('outcome_state', 'v1 exposed=0/0 unexposed=0/0'),
    ('outcome_state', 'v1 exposed=54/120 unexposed=31/9223372036854775807'),
    ('duration_outcome_state', 'v1 edges=3600 0/0 0/0'),
    ('duration_outcome_state', 'v1 edges=0.000001,259200,345600,1000000000000 12/40 5/60 3/20 0/0 1/1'),
    ('contact_state', 'v1 within=0 customers=bigint'),
    ('contact_state', 'v1 within=259200000000 customers=bigint ("billing" 17 2 2026-03-01 10:00:00+00 2026-03-02 10:00:00+00 by "chat" resolved=yes) ("billing" 17 1 2026-03-09 00:00:00+00 2026-03-09 00:00:00+00) (null -4 3 2026-03-05 09:00:00+00 2026-03-05 09:00:00+00 resolved=no)'),
    ('contact_state', 'v1 within=3600000000 calendar=aaa5e784c1832ea8 customers=text latest_start=2026-03-06 17:30:00+00 ("a\"b" "C-1" 1 2026-03-09 09:30:00+00 2026-03-09 09:30:00+00 from 2026-03-06 17:30:00+00 by "")'),
    ('category_state', 'v1'),
    ('category_state', 'v1 "damage":12 "late delivery":7 null:3'),
    ('category_state', 'v1 weighted sumsq=20.5 "a\"b":12:10.5 "":1:0 null:3:1.5');

-- the seeds themselves are valid
\i test/sql/include/error_of.psql
SELECT type, count(*) AS seeds,
       bool_and(pg_temp.error_of(format('SELECT %L::%s', sample, type)) = 'no error') AS all_valid
FROM fuzz_seeds GROUP BY type ORDER BY type;

-- Each type's mutants come from a seed of its own, set from its name: the
-- same mutants whatever order the types are fuzzed in (a shared stream
-- followed the types' OIDs, which change as other tests add objects).
CREATE FUNCTION pg_temp.seed_for(typ regtype) RETURNS void LANGUAGE sql AS $$
    SELECT setseed(('x' || left(md5(typ::text), 7))::bit(28)::int / 268435456.0)
$$;

CREATE FUNCTION pg_temp.mutate(s text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE floor(random() * 6)::int
        WHEN 0 THEN overlay(s placing '' from p for 1 + floor(random() * 3)::int)     -- delete
        WHEN 1 THEN overlay(s placing substr(' :,=0123456789v-.e+w', 1 + floor(random() * 20)::int, 1)
                            from p for 0)                                             -- insert
        WHEN 2 THEN overlay(s placing substr(' :,=0123456789v-.e+w', 1 + floor(random() * 20)::int, 1)
                            from p for 1)                                             -- replace
        WHEN 3 THEN left(s, p)                                                        -- truncate
        WHEN 4 THEN s || substr(s, p, 4)                                              -- repeat a piece
        ELSE overlay(s placing '99999999999999999999' from p for 1)                   -- huge number
    END
    FROM (SELECT 1 + floor(random() * greatest(length(s), 1))::int AS p) AS pos
$$;

CREATE FUNCTION pg_temp.fuzz_text(typ regtype, rounds int,
        OUT accepted int, OUT rejected int, OUT wrong_error int, OUT not_round_trip int)
LANGUAGE plpgsql AS $$
DECLARE
    mutant text;
    out1 text;
    out2 text;
BEGIN
    accepted := 0; rejected := 0; wrong_error := 0; not_round_trip := 0;
    PERFORM pg_temp.seed_for(typ);
    FOR i IN 1..rounds LOOP
        SELECT pg_temp.mutate(pg_temp.mutate(sample)) INTO mutant
        FROM fuzz_seeds WHERE type = typ ORDER BY random() LIMIT 1;
        BEGIN
            EXECUTE format('SELECT %L::%s::text', mutant, typ) INTO out1;
            EXECUTE format('SELECT %L::%s::text', out1, typ) INTO out2;
            accepted := accepted + 1;
            IF out1 IS DISTINCT FROM out2 THEN
                not_round_trip := not_round_trip + 1;
                RAISE NOTICE 'no round trip: % -> % -> %', mutant, out1, out2;
            END IF;
        EXCEPTION WHEN data_exception THEN
            rejected := rejected + 1;
        WHEN OTHERS THEN
            wrong_error := wrong_error + 1;
            RAISE NOTICE 'unexpected % for %: %', SQLSTATE, mutant, SQLERRM;
        END;
    END LOOP;
END $$;

-- Binary input goes through COPY ... (FORMAT binary): the mutated send()
-- output is written as a one-column COPY file and read back.
CREATE FUNCTION pg_temp.fuzz_binary(typ regtype, rounds int,
        OUT accepted int, OUT rejected int, OUT wrong_error int, OUT not_round_trip int)
LANGUAGE plpgsql AS $$
DECLARE
    send regproc := (SELECT typsend FROM pg_type WHERE oid = typ);
    payload bytea;
    pos int;
    file bytea;
    got text;
    again bytea;
BEGIN
    accepted := 0; rejected := 0; wrong_error := 0; not_round_trip := 0;
    PERFORM pg_temp.seed_for(typ);
    EXECUTE format('CREATE TEMP TABLE fuzz_target (v %s)', typ);
    FOR i IN 1..rounds LOOP
        EXECUTE format('SELECT %s(sample::%s) FROM fuzz_seeds WHERE type = %L::regtype ORDER BY random() LIMIT 1',
                       send, typ, typ) INTO payload;
        pos := floor(random() * length(payload))::int;
        CASE floor(random() * 3)::int
            WHEN 0 THEN payload := set_byte(payload, pos, floor(random() * 256)::int);
            WHEN 1 THEN payload := substr(payload, 1, pos);
            ELSE payload := payload || substr(payload, 1 + pos, 8);
        END CASE;
        file := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea   -- header
             || '\x0001'::bytea || int4send(length(payload)) || payload          -- one tuple
             || '\xffff'::bytea;                                                  -- trailer
        BEGIN
            EXECUTE format($c$COPY fuzz_target FROM PROGRAM 'perl -e "print pack(q{H*}, q{%s})"' (FORMAT binary)$c$,
                           encode(file, 'hex'));
            EXECUTE 'SELECT v::text FROM fuzz_target' INTO got;
            EXECUTE format('SELECT %s(%L::%s)', send, got, typ) INTO again;
            accepted := accepted + 1;
            EXECUTE format('SELECT %s(v) FROM fuzz_target', send) INTO payload;
            IF payload IS DISTINCT FROM again THEN
                not_round_trip := not_round_trip + 1;
            END IF;
            TRUNCATE fuzz_target;
        EXCEPTION WHEN data_exception THEN
            -- truncated and overlong values too: 22P03, never 08P01
            rejected := rejected + 1;
        WHEN OTHERS THEN
            wrong_error := wrong_error + 1;
            RAISE NOTICE 'unexpected % for %: %', SQLSTATE, encode(payload, 'hex'), SQLERRM;
        END;
    END LOOP;
    DROP TABLE fuzz_target;
END $$;

-- wrong_error and not_round_trip must be 0; both outcomes must occur, or the
-- mutations are not exercising the parser
SELECT type, f.accepted > 0 AND f.rejected > 0 AS both_outcomes, f.wrong_error, f.not_round_trip
FROM (SELECT DISTINCT type FROM fuzz_seeds) t, pg_temp.fuzz_text(type, 3000) f
ORDER BY type;
SELECT type, f.accepted > 0 AND f.rejected > 0 AS both_outcomes, f.wrong_error, f.not_round_trip
FROM (SELECT DISTINCT type FROM fuzz_seeds) t, pg_temp.fuzz_binary(type, 200) f
ORDER BY type;

DROP TABLE fuzz_seeds;
