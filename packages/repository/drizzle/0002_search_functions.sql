-- Search support (issue 4). pg_trgm is a trusted extension (PostgreSQL 13+): a
-- database owner may create it without being a superuser. PGlite loads it as
-- @electric-sql/pglite/contrib/pg_trgm (see database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The string values of a JSON document (at any depth), one per line: what search
-- reads of alert data, metadata, LLM messages and MCP results. IMMUTABLE, so
-- that indexes can be built on it; it only calls immutable built-ins.
CREATE OR REPLACE FUNCTION hindsight_json_strings(doc jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT string_agg(value #>> '{}', chr(10))
  FROM jsonb_path_query(doc, 'strict $.** ? (@.type() == "string")') AS strings(value)
$$;
