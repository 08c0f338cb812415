-- Reverts 0002_search_functions. The indexes that use the function are dropped
-- by the down script of the migration after it, which runs first.
DROP FUNCTION IF EXISTS hindsight_json_strings(jsonb);
--> statement-breakpoint
DROP EXTENSION IF EXISTS pg_trgm;
