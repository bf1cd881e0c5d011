-- sq_close(a, b): two float arrays equal within 1e-9 relative, NULLs in the
-- same places, for float sums merged in another order.  Never NULL: a
-- comparison that cannot be made is false.
CREATE FUNCTION sq_close(a float8[], b float8[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS NOT DISTINCT FROM b
        OR coalesce(cardinality(a) = cardinality(b)
                    AND (SELECT bool_and(x IS NOT DISTINCT FROM y
                                         OR abs(x - y) <= 1e-9 * greatest(abs(x), abs(y), 1))
                         FROM unnest(a, b) AS u(x, y)), false)
$$;
