-- Reverts 0015_usage_cost.
ALTER TABLE "usage_hourly" DROP COLUMN IF EXISTS "cost_usd";--> statement-breakpoint
ALTER TABLE "usage_hourly" DROP COLUMN IF EXISTS "unpriced_llm_calls";
