-- The names in the binary forms of dimension_state, paired_state and
-- moment_state are text in the client encoding (binary version 2), as every
-- other type sends names: converted on output and on input, the 63-byte
-- limit counted in the database encoding (UTF8 here).  Binary version 1,
-- which 0.1.0 wrote, carried the database encoding's bytes unconverted and
-- still reads so.  Under client_encoding LATIN1 this script and its output
-- stay ASCII: names are made with chr() in the server, values compared
-- there or shown in hex.
\i test/sql/include/error_of.psql
\i test/sql/include/binary_input.psql

-- One named state of each type; %s is where the quoted name goes
CREATE TEMP TABLE named (type regtype, sample text);
INSERT INTO named VALUES
    ('dimension_state', 'v1 %s (1 3 0 3 3)'),
    ('paired_state', 'v1 gap %s (1 3 4 0 0 0 0)'),
    ('moment_state', 'v1 dimensions=(%s) overall="y" n=0 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0) pending=((7 5 _))');

-- the canonical text of the sample with the name, and its binary form
CREATE FUNCTION pg_temp.text_of(typ regtype, sample text, name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE format('SELECT %L::%s::text', format(sample, '"' || name || '"'), typ) INTO result;
    RETURN result;
END $$;
CREATE FUNCTION pg_temp.send_of(typ regtype, sample text, name text) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE result bytea;
BEGIN
    EXECUTE format('SELECT %s(%L::%s)', (SELECT typsend FROM pg_type WHERE oid = typ),
                   format(sample, '"' || name || '"'), typ) INTO result;
    RETURN result;
END $$;

-- In UTF8, the name U+00E9 is its two bytes after the length byte 2, and
-- the version byte is 2
CREATE TEMP TABLE sent AS
SELECT type, sample, pg_temp.send_of(type, sample, chr(233)) AS utf8 FROM named;
SELECT type, encode(substr(utf8, 1, 1), 'hex') AS version,
       position('\x02c3a9'::bytea IN utf8) > 0 AS name_in_utf8
FROM sent ORDER BY type::text;

SET client_encoding = 'LATIN1';
-- Output: the same bytes but for the name, one LATIN1 byte 0xe9 after the
-- length byte 1 (the length in the client encoding)
SELECT type, encode(substr(pg_temp.send_of(type, sample, chr(233)), 1, 1), 'hex') AS version,
       pg_temp.send_of(type, sample, chr(233))
           = overlay(utf8 PLACING '\x01e9'::bytea FROM position('\x02c3a9'::bytea IN utf8) FOR 3) AS latin1_bytes
FROM sent ORDER BY type::text;
-- Input: those LATIN1 bytes read back as U+00E9
SELECT type, pg_temp.binary_input(overlay(utf8 PLACING '\x01e9'::bytea FROM position('\x02c3a9'::bytea IN utf8) FOR 3), type)
           = pg_temp.text_of(type, sample, chr(233)) AS reads_back
FROM sent ORDER BY type::text;
-- A name the client encoding cannot represent (U+20AC, the euro sign) is
-- PostgreSQL's conversion error on output, 22P05, as textsend gives
SELECT pg_temp.error_of(format('SELECT textsend(%L)', chr(8364))) AS textsend;
SELECT type, pg_temp.error_of(format('SELECT pg_temp.send_of(%L, %L, %L)', type, sample, chr(8364))) AS send
FROM named ORDER BY type::text;
-- The 63-byte limit applies after conversion: 31 LATIN1 bytes 0xe9 and an
-- 'a' are 63 bytes in UTF8 and read; 32 bytes 0xe9 are 64 bytes in UTF8,
-- and 40 are 80 (22P03)
SELECT s.type, k.latin1_bytes, k.utf8_bytes,
       CASE WHEN r.result ~ '^[0-9A-Z]{5}: ' THEN r.result
            WHEN r.result = pg_temp.text_of(s.type, s.sample, convert_from(k.name, 'LATIN1'))
            THEN 'reads back' ELSE 'another value' END AS result
FROM sent s,
     LATERAL (VALUES (decode(repeat('e9', 31) || '61', 'hex')), (decode(repeat('e9', 32), 'hex')),
                     (decode(repeat('e9', 40), 'hex'))) AS n(name),
     LATERAL (SELECT n.name, length(n.name) AS latin1_bytes,
                     octet_length(convert_from(n.name, 'LATIN1')) AS utf8_bytes) AS k,
     LATERAL pg_temp.binary_input(overlay(s.utf8 PLACING set_byte('\x00'::bytea, 0, k.latin1_bytes) || k.name
                                          FROM position('\x02c3a9'::bytea IN s.utf8) FOR 3), s.type) AS r(result)
ORDER BY s.type::text, k.utf8_bytes;

-- Version 1 (0.1.0's binary form) reads its names unconverted, as the
-- database encoding's bytes, whatever the client encoding: c3a9 is U+00E9
-- under LATIN1 too, and the lone LATIN1 byte e9 is not UTF8 (22P03)
SELECT s.type, b.name,
       CASE WHEN r.result = pg_temp.text_of(s.type, s.sample, chr(233))
            THEN 'reads as U+00E9' ELSE r.result END AS result
FROM sent s,
     (VALUES ('\x02c3a9'::bytea), ('\x01e9')) AS b(name),
     LATERAL pg_temp.binary_input(overlay(set_byte(s.utf8, 0, 1) PLACING b.name
                                          FROM position('\x02c3a9'::bytea IN s.utf8) FOR 3), s.type) AS r(result)
ORDER BY s.type::text, b.name;
RESET client_encoding;

-- Under UTF8 (no conversion) version 1 and version 2 read alike, and a
-- name that is not UTF8 is refused in both
SELECT s.type, v.version, b.name,
       CASE WHEN r.result = pg_temp.text_of(s.type, s.sample, chr(233))
            THEN 'reads as U+00E9' ELSE r.result END AS result
FROM sent s,
     (VALUES (1), (2)) AS v(version),
     (VALUES ('\x02c3a9'::bytea), ('\x01e9')) AS b(name),
     LATERAL pg_temp.binary_input(overlay(set_byte(s.utf8, 0, v.version) PLACING b.name
                                          FROM position('\x02c3a9'::bytea IN s.utf8) FOR 3), s.type) AS r(result)
ORDER BY s.type::text, v.version, b.name;

-- A SQL_ASCII client's bytes are passed on as they are and checked in the
-- database encoding, as for text
SET client_encoding = 'SQL_ASCII';
SELECT type, encode(substr(pg_temp.send_of(type, sample, chr(233)), 1, 1), 'hex') AS version,
       pg_temp.send_of(type, sample, chr(233)) = utf8 AS utf8_bytes,
       pg_temp.binary_input(utf8, type) = pg_temp.text_of(type, sample, chr(233)) AS reads_back,
       pg_temp.binary_input(overlay(utf8 PLACING '\x01e9'::bytea FROM position('\x02c3a9'::bytea IN utf8) FOR 3),
                            type) AS latin1_byte
FROM sent ORDER BY type::text;
RESET client_encoding;
