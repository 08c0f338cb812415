ALTER TABLE "alert_sessions" DROP CONSTRAINT "alert_sessions_status_check";--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_scopes_check";--> statement-breakpoint
DROP INDEX "alert_sessions_search_fts_idx";--> statement-breakpoint
DROP INDEX "llm_interactions_search_fts_idx";--> statement-breakpoint
DROP INDEX "mcp_communications_search_fts_idx";--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "final_analysis_summary" text;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "executive_summary_error" text;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "pause_metadata" jsonb;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "runbook_url" text;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "mcp_selection" jsonb;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "slack_message_fingerprint" text;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "interaction_type" text DEFAULT 'investigation' NOT NULL;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "thinking_content" text;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "response_metadata" jsonb;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "native_tools_config" jsonb;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "mcp_event_id" text;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "iteration_strategy" text;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "parallel_type" text DEFAULT 'single' NOT NULL;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "parallel_index" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "parent_stage_execution_id" text;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "chat_id" text;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "chat_user_message_id" text;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD COLUMN "chat_user_message" jsonb;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD CONSTRAINT "alert_sessions_status_check" CHECK ("alert_sessions"."status" in ('pending', 'in_progress', 'paused', 'canceling', 'completed', 'failed', 'cancelled', 'timed_out'));--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check" CHECK (cardinality("api_keys"."scopes") > 0 and "api_keys"."scopes" <@ array['ingest', 'read', 'control', 'admin']::text[]);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD CONSTRAINT "llm_interactions_interaction_type_check" CHECK ("llm_interactions"."interaction_type" in ('investigation', 'summarization', 'final_analysis', 'forced_conclusion', 'final_analysis_summary', 'chat'));--> statement-breakpoint
ALTER TABLE "stage_executions" ADD CONSTRAINT "stage_executions_parallel_type_check" CHECK ("stage_executions"."parallel_type" in ('single', 'multi_agent', 'replica'));