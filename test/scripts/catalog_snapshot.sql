-- The catalog entries of the svcquality extension as sorted text lines, one
-- per object: what two installs must agree on to be the same version (names
-- and types, never OIDs, so different databases compare).  Used by
-- test/suites/upgrade.sh: "previous release + upgrade script" against a
-- fresh install.  Run with psql -At.
WITH members AS (
    SELECT d.classid, d.objid
    FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'svcquality'
),
lines AS (
    -- the extension itself
    SELECT format('extension: version=%s relocatable=%s schema=%s config=%s condition=%s comment=%L',
                  extversion, extrelocatable, extnamespace::regnamespace, extconfig::regclass[],
                  extcondition, obj_description(oid, 'pg_extension'))
    FROM pg_extension WHERE extname = 'svcquality'

    -- every member object with its comment: catches kinds not detailed below
    UNION ALL
    SELECT format('member %s: comment=%L', pg_describe_object(classid, objid, 0),
                  obj_description(objid, classid::regclass::text))
    FROM members

    -- functions and aggregates: signature, result, every planner property,
    -- the C symbol and library, security and access
    UNION ALL
    SELECT format('function %s: arguments=(%s) result=%s kind=%s language=%s volatility=%s strict=%s '
                  'parallel=%s cost=%s rows=%s support=%s security_definer=%s leakproof=%s '
                  'returns_set=%s config=%s symbol=%L library=%L body=%L owner=%s acl=%s',
                  p.oid::regprocedure, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
                  p.prokind, l.lanname, p.provolatile, p.proisstrict, p.proparallel, p.procost,
                  p.prorows, p.prosupport::regprocedure, p.prosecdef, p.proleakproof, p.proretset,
                  p.proconfig, p.prosrc, p.probin, pg_get_function_sqlbody(p.oid),
                  pg_get_userbyid(p.proowner), p.proacl)
    FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    JOIN pg_language l ON l.oid = p.prolang

    UNION ALL
    SELECT format('aggregate %s: kind=%s direct_args=%s sfunc=%s stype=%s sspace=%s finalfunc=%s '
                  'finalextra=%s finalmodify=%s combinefunc=%s serialfunc=%s deserialfunc=%s '
                  'initcond=%L msfunc=%s minvfunc=%s mstype=%s msspace=%s mfinalfunc=%s '
                  'mfinalextra=%s mfinalmodify=%s minitcond=%L sortop=%s',
                  a.aggfnoid::regprocedure, a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure,
                  a.aggtranstype::regtype, a.aggtransspace, a.aggfinalfn::regprocedure,
                  a.aggfinalextra, a.aggfinalmodify, a.aggcombinefn::regprocedure,
                  a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure, a.agginitval,
                  a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure,
                  a.aggmtranstype::regtype, a.aggmtransspace, a.aggmfinalfn::regprocedure,
                  a.aggmfinalextra, a.aggmfinalmodify, a.aggminitval, a.aggsortop::regoperator)
    FROM members m JOIN pg_aggregate a ON m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid

    UNION ALL
    SELECT format('operator %s: kind=%s result=%s function=%s commutator=%s negator=%s '
                  'restrict=%s join=%s merges=%s hashes=%s owner=%s',
                  o.oid::regoperator, o.oprkind, o.oprresult::regtype, o.oprcode::regprocedure,
                  o.oprcom::regoperator, o.oprnegate::regoperator, o.oprrest::regprocedure,
                  o.oprjoin::regprocedure, o.oprcanmerge, o.oprcanhash, pg_get_userbyid(o.oprowner))
    FROM members m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid

    -- types: I/O functions and physical layout
    UNION ALL
    SELECT format('type %s: kind=%s length=%s by_value=%s category=%s preferred=%s delimiter=%s '
                  'input=%s output=%s receive=%s send=%s typmod_in=%s typmod_out=%s analyze=%s '
                  'subscript=%s alignment=%s storage=%s not_null=%s base=%s typmod=%s dims=%s '
                  'collation=%s default=%L element=%s array=%s owner=%s acl=%s',
                  t.oid::regtype, t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred,
                  t.typdelim, t.typinput::regprocedure, t.typoutput::regprocedure,
                  t.typreceive::regprocedure, t.typsend::regprocedure, t.typmodin::regprocedure,
                  t.typmodout::regprocedure, t.typanalyze::regprocedure, t.typsubscript::regprocedure,
                  t.typalign, t.typstorage, t.typnotnull, t.typbasetype::regtype, t.typtypmod,
                  t.typndims, t.typcollation, t.typdefault, t.typelem::regtype, t.typarray::regtype,
                  pg_get_userbyid(t.typowner), t.typacl)
    FROM members m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid

    -- enum labels in their order (sort positions themselves may differ
    -- after ALTER TYPE ... ADD VALUE BEFORE, the order may not)
    UNION ALL
    SELECT format('enum %s: labels=%s', e.enumtypid::regtype,
                  string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder))
    FROM members m JOIN pg_enum e ON m.classid = 'pg_type'::regclass AND e.enumtypid = m.objid
    GROUP BY e.enumtypid

    UNION ALL
    SELECT format('cast %s -> %s: function=%s context=%s method=%s',
                  c.castsource::regtype, c.casttarget::regtype, c.castfunc::regprocedure,
                  c.castcontext, c.castmethod)
    FROM members m JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid

    -- operator classes and families, with their operators and support functions
    UNION ALL
    SELECT format('operator class %s using %s: type=%s key=%s default=%s family=%s',
                  c.opcname, am.amname, c.opcintype::regtype, c.opckeytype::regtype, c.opcdefault,
                  f.opfname)
    FROM members m JOIN pg_opclass c ON m.classid = 'pg_opclass'::regclass AND c.oid = m.objid
    JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
    UNION ALL
    SELECT format('operator family %s using %s: operator %s strategy %s purpose %s sortfamily %s',
                  f.opfname, am.amname, o.amopopr::regoperator, o.amopstrategy, o.amoppurpose,
                  o.amopsortfamily)
    FROM members m JOIN pg_opfamily f ON m.classid = 'pg_opfamily'::regclass AND f.oid = m.objid
    JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amop o ON o.amopfamily = f.oid
    UNION ALL
    SELECT format('operator family %s using %s: function %s (%s, %s) %s',
                  f.opfname, am.amname, p.amprocnum, p.amproclefttype::regtype,
                  p.amprocrighttype::regtype, p.amproc::regprocedure)
    FROM members m JOIN pg_opfamily f ON m.classid = 'pg_opfamily'::regclass AND f.oid = m.objid
    JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amproc p ON p.amprocfamily = f.oid

    -- relations the extension owns (configuration tables, views): columns
    UNION ALL
    SELECT format('relation %s: kind=%s columns=%s', c.oid::regclass, c.relkind,
                  (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                                     ORDER BY a.attnum)
                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
    FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
)
SELECT l.line FROM lines AS l(line) ORDER BY l.line COLLATE "C";
