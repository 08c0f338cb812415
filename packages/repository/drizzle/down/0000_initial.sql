-- Reverts 0000_initial: drops every table it created, children first.
-- Statements are separated as in drizzle's own migrations.
DROP TABLE IF EXISTS "llm_interactions";
--> statement-breakpoint
DROP TABLE IF EXISTS "mcp_communications";
--> statement-breakpoint
DROP TABLE IF EXISTS "stage_executions";
--> statement-breakpoint
DROP TABLE IF EXISTS "ingest_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "alert_sessions";
