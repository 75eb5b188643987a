-- bench/users/probe-terms.sql: times PostgreSQL's ordered user search (ADR-0017) inside the server, term by term, for
-- every prefix/infix term bench/users can draw, in the largest organization of a database bench/users loaded and kept.
-- It is the per-term view behind docs/benchmarks/users.md (session 5); the app adds its own ≈ 1.5 ms per request.
--
--   bench/users/run.sh --print-terms > /tmp/terms.txt
--   PORTICO_BENCH_POSTGRES="Host=127.0.0.1;Port=…;Username=postgres;Password=…;Database=postgres" \
--     bench/users/run.sh --no-sqlite --no-access --postgres-database portico_bench
--   psql -h 127.0.0.1 -p … -U postgres -d portico_bench -f bench/users/probe-terms.sql < /tmp/terms.txt
--
-- The terms come on standard input, one per line. Prints p50/p95/p99/max in ms over the terms, then the ten slowest.
-- Reads only; changes nothing.
\set ON_ERROR_STOP on
SET jit = off;
CREATE TEMP TABLE probe_terms(term text);
\copy probe_terms FROM pstdin

CREATE FUNCTION pg_temp.probe(organization uuid, term text, OUT ms float8, OUT matched int) AS $$
DECLARE started timestamptz;
BEGIN
    started := clock_timestamp();
    SELECT count(*) INTO matched FROM portico_ordered_user_search(
        organization, term, '%' || replace(replace(replace(term, '\', '\\'), '%', '\%'), '_', '\_') || '%', NULL, NULL, 51);
    ms := extract(epoch FROM clock_timestamp() - started) * 1000;
END $$ LANGUAGE plpgsql;

CREATE TEMP TABLE probe_results AS
SELECT t.term, p.ms, p.matched
FROM probe_terms AS t,
     (SELECT "OrganizationId" AS id FROM "Accounts" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS largest,
     LATERAL pg_temp.probe(largest.id, t.term) AS p;

SELECT count(*) AS terms,
       round(percentile_cont(0.50) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p95_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p99_ms,
       round(max(ms)::numeric, 1) AS max_ms
FROM probe_results;

SELECT term, round(ms::numeric, 2) AS ms, matched FROM probe_results ORDER BY ms DESC LIMIT 10;
