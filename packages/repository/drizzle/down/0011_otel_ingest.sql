-- Reverts 0011_otel_ingest.
DROP TABLE IF EXISTS "otel_spans";--> statement-breakpoint
DROP TABLE IF EXISTS "otel_sessions";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "cache_read_tokens";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "cache_creation_tokens";--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "reasoning_tokens";
