-- Reverts 0003_read_indexes: drops the list, sort and search indexes and puts
-- back the three filter indexes as 0000_initial made them.
DROP INDEX IF EXISTS "mcp_communications_search_trgm_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "mcp_communications_search_fts_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "llm_interactions_search_trgm_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "llm_interactions_search_fts_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_search_trgm_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_search_fts_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_duration_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_author_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_alert_type_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_agent_type_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_status_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_alert_type_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_agent_type_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_status_started_at_idx";
--> statement-breakpoint
CREATE INDEX "alert_sessions_status_started_at_idx" ON "alert_sessions" USING btree ("status","started_at_us");
--> statement-breakpoint
CREATE INDEX "alert_sessions_agent_type_idx" ON "alert_sessions" USING btree ("agent_type");
--> statement-breakpoint
CREATE INDEX "alert_sessions_alert_type_idx" ON "alert_sessions" USING btree ("alert_type");
