-- Reverts 0013_usage.
DROP TRIGGER IF EXISTS llm_interactions_usage_insert ON llm_interactions;--> statement-breakpoint
DROP TRIGGER IF EXISTS llm_interactions_usage_update ON llm_interactions;--> statement-breakpoint
DROP TRIGGER IF EXISTS llm_interactions_usage_delete ON llm_interactions;--> statement-breakpoint
DROP FUNCTION IF EXISTS hindsight_mark_usage_hours();--> statement-breakpoint
DROP INDEX IF EXISTS "llm_interactions_timestamp_idx";--> statement-breakpoint
DROP TABLE IF EXISTS "usage_hourly";--> statement-breakpoint
DROP TABLE IF EXISTS "usage_dirty_hours";
