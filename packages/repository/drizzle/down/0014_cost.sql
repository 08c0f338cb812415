-- Reverts 0014_cost.
DROP TRIGGER IF EXISTS "llm_interactions_cost_insert" ON "llm_interactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "llm_interactions_cost_update" ON "llm_interactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "llm_interactions_cost_delete" ON "llm_interactions";--> statement-breakpoint
DROP FUNCTION IF EXISTS hindsight_session_cost_totals();--> statement-breakpoint
DROP TABLE IF EXISTS "price_overrides";--> statement-breakpoint
DROP INDEX IF EXISTS "alert_sessions_cost_sort_idx";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP CONSTRAINT IF EXISTS "llm_interactions_cost_or_reason";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP CONSTRAINT IF EXISTS "llm_interactions_unpriced_reason_check";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "input_cost_usd";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "cache_read_cost_usd";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "cache_creation_cost_usd";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "output_cost_usd";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "price_source";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "priced_provider";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "priced_model";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "unpriced_reason";--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "priced_llm_calls";--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "unpriced_llm_calls";
