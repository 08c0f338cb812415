ALTER TABLE "usage_hourly" ADD COLUMN "cost_usd" numeric(24, 12) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "unpriced_llm_calls" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every hour the rollup holds is rebuilt, now with its cost.
INSERT INTO "usage_dirty_hours" ("hour_us") SELECT DISTINCT "hour_us" FROM "usage_hourly";
