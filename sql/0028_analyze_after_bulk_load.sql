-- 0028: the planner's statistics after a bulk load. `erp demo` writes months of history in a few
-- minutes; autovacuum analyzes the tables a minute or more later, and until then the planner
-- plans from statistics of empty tables (the reorder suggestions of the medium demo took 57 ms
-- instead of 5). ANALYZE is the owner's to do, so the application asks for it through this
-- function, which runs as the owner and can do nothing else (DemoLoader, at the end of a load).
CREATE FUNCTION analyze_after_bulk_load() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname
    LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END
$$;
