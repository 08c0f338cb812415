-- Reverts 0009_tarsy_parity. A session still `canceling` goes back to `in_progress`: the status
-- did not exist before, and the cancel request it records is lost with it. The `control` scope
-- goes from every key; a key that held only `control` is revoked (it could do nothing else).
UPDATE "api_keys" SET "revoked_at_us" = coalesce("revoked_at_us", (extract(epoch from clock_timestamp()) * 1000000)::bigint) WHERE "scopes" = array['control']::text[];
--> statement-breakpoint
UPDATE "api_keys" SET "scopes" = CASE WHEN "scopes" = array['control']::text[] THEN array['read']::text[] ELSE array_remove("scopes", 'control') END WHERE 'control' = ANY("scopes");
--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT IF EXISTS "api_keys_scopes_check";
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check" CHECK (cardinality("api_keys"."scopes") > 0 and "api_keys"."scopes" <@ array['ingest', 'read', 'admin']::text[]);
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP CONSTRAINT IF EXISTS "stage_executions_parallel_type_check";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP CONSTRAINT IF EXISTS "llm_interactions_interaction_type_check";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP CONSTRAINT IF EXISTS "alert_sessions_status_check";
--> statement-breakpoint
UPDATE "alert_sessions" SET "status" = 'in_progress' WHERE "status" = 'canceling';
--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD CONSTRAINT "alert_sessions_status_check" CHECK ("alert_sessions"."status" in ('pending', 'in_progress', 'paused', 'completed', 'failed', 'cancelled', 'timed_out'));
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "chat_user_message";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "chat_user_message_id";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "chat_id";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "parent_stage_execution_id";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "parallel_index";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "parallel_type";
--> statement-breakpoint
ALTER TABLE "stage_executions" DROP COLUMN IF EXISTS "iteration_strategy";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "mcp_event_id";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "native_tools_config";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "response_metadata";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "thinking_content";
--> statement-breakpoint
ALTER TABLE "llm_interactions" DROP COLUMN IF EXISTS "interaction_type";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "slack_message_fingerprint";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "mcp_selection";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "runbook_url";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "pause_metadata";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "executive_summary_error";
--> statement-breakpoint
ALTER TABLE "alert_sessions" DROP COLUMN IF EXISTS "final_analysis_summary";
--> statement-breakpoint
CREATE INDEX "alert_sessions_search_fts_idx" ON "alert_sessions" USING gin (to_tsvector('english'::regconfig, left(coalesce("alert_type", '') || chr(10) || "agent_type" || chr(10) || coalesce("error_message", '') || chr(10) || coalesce("final_analysis", '') || chr(10) || coalesce(hindsight_json_strings("alert_data"), '') || chr(10) || coalesce(hindsight_json_strings("session_metadata"), ''), 100000)));
--> statement-breakpoint
CREATE INDEX "llm_interactions_search_fts_idx" ON "llm_interactions" USING gin (to_tsvector('english'::regconfig, left(coalesce(hindsight_json_strings(jsonb_path_query_array("messages", '$[*] ? (@.role != "system").content')), ''), 100000)));
--> statement-breakpoint
CREATE INDEX "mcp_communications_search_fts_idx" ON "mcp_communications" USING gin (to_tsvector('english'::regconfig, left(coalesce(hindsight_json_strings("result"), ''), 100000)));
