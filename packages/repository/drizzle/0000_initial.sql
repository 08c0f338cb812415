CREATE TABLE "alert_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"alert_id" text NOT NULL,
	"alert_type" text,
	"agent_type" text NOT NULL,
	"status" text NOT NULL,
	"started_at_us" bigint NOT NULL,
	"completed_at_us" bigint,
	"error_message" text,
	"final_analysis" text,
	"alert_data" jsonb NOT NULL,
	"session_metadata" jsonb,
	"chain_id" text NOT NULL,
	"chain_definition" jsonb NOT NULL,
	"current_stage_index" integer,
	"current_stage_id" text,
	"author" text,
	CONSTRAINT "alert_sessions_status_check" CHECK ("alert_sessions"."status" in ('pending', 'in_progress', 'paused', 'completed', 'failed', 'cancelled', 'timed_out')),
	CONSTRAINT "alert_sessions_completed_after_started" CHECK ("alert_sessions"."completed_at_us" is null or "alert_sessions"."completed_at_us" >= "alert_sessions"."started_at_us")
);
--> statement-breakpoint
CREATE TABLE "ingest_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"received_at_us" bigint NOT NULL,
	"type" text NOT NULL,
	"entity_id" text NOT NULL,
	"session_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_interactions" (
	"session_id" text NOT NULL,
	"interaction_id" text NOT NULL,
	"stage_execution_id" text,
	"timestamp_us" bigint NOT NULL,
	"duration_ms" bigint,
	"step_description" text,
	"model_name" text NOT NULL,
	"provider" text,
	"temperature" double precision,
	"messages" jsonb NOT NULL,
	"tool_calls" jsonb,
	"tool_results" jsonb,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"success" boolean NOT NULL,
	"error_message" text,
	CONSTRAINT "llm_interactions_pk" PRIMARY KEY("session_id","interaction_id")
);
--> statement-breakpoint
CREATE TABLE "mcp_communications" (
	"session_id" text NOT NULL,
	"communication_id" text NOT NULL,
	"stage_execution_id" text,
	"timestamp_us" bigint NOT NULL,
	"duration_ms" bigint,
	"step_description" text,
	"server_name" text NOT NULL,
	"tool_name" text,
	"communication_type" text NOT NULL,
	"parameters" jsonb,
	"result" jsonb,
	"available_tools" jsonb,
	"success" boolean NOT NULL,
	"error_message" text,
	CONSTRAINT "mcp_communications_pk" PRIMARY KEY("session_id","communication_id"),
	CONSTRAINT "mcp_communications_type_check" CHECK ("mcp_communications"."communication_type" in ('tool_list', 'tool_call')),
	CONSTRAINT "mcp_communications_tool_call_names_tool" CHECK ("mcp_communications"."communication_type" <> 'tool_call' or "mcp_communications"."tool_name" is not null)
);
--> statement-breakpoint
CREATE TABLE "stage_executions" (
	"session_id" text NOT NULL,
	"execution_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"stage_index" integer NOT NULL,
	"stage_name" text NOT NULL,
	"agent" text NOT NULL,
	"status" text NOT NULL,
	"started_at_us" bigint,
	"completed_at_us" bigint,
	"duration_ms" bigint,
	"stage_output" jsonb,
	"error_message" text,
	CONSTRAINT "stage_executions_pk" PRIMARY KEY("session_id","execution_id"),
	CONSTRAINT "stage_executions_status_check" CHECK ("stage_executions"."status" in ('pending', 'active', 'paused', 'completed', 'failed', 'cancelled', 'timed_out', 'partial')),
	CONSTRAINT "stage_executions_completed_after_started" CHECK ("stage_executions"."completed_at_us" is null or "stage_executions"."started_at_us" is null or "stage_executions"."completed_at_us" >= "stage_executions"."started_at_us")
);
--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD CONSTRAINT "llm_interactions_session_fk" FOREIGN KEY ("session_id") REFERENCES "public"."alert_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD CONSTRAINT "llm_interactions_stage_fk" FOREIGN KEY ("session_id","stage_execution_id") REFERENCES "public"."stage_executions"("session_id","execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_communications" ADD CONSTRAINT "mcp_communications_session_fk" FOREIGN KEY ("session_id") REFERENCES "public"."alert_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_communications" ADD CONSTRAINT "mcp_communications_stage_fk" FOREIGN KEY ("session_id","stage_execution_id") REFERENCES "public"."stage_executions"("session_id","execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_executions" ADD CONSTRAINT "stage_executions_session_fk" FOREIGN KEY ("session_id") REFERENCES "public"."alert_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_sessions_started_at_idx" ON "alert_sessions" USING btree ("started_at_us","session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_status_started_at_idx" ON "alert_sessions" USING btree ("status","started_at_us");--> statement-breakpoint
CREATE INDEX "alert_sessions_agent_type_idx" ON "alert_sessions" USING btree ("agent_type");--> statement-breakpoint
CREATE INDEX "alert_sessions_alert_type_idx" ON "alert_sessions" USING btree ("alert_type");--> statement-breakpoint
CREATE INDEX "ingest_events_session_idx" ON "ingest_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "llm_interactions_session_timestamp_idx" ON "llm_interactions" USING btree ("session_id","timestamp_us");--> statement-breakpoint
CREATE INDEX "mcp_communications_session_timestamp_idx" ON "mcp_communications" USING btree ("session_id","timestamp_us");--> statement-breakpoint
CREATE INDEX "stage_executions_session_stage_index_idx" ON "stage_executions" USING btree ("session_id","stage_index");--> statement-breakpoint
CREATE INDEX "stage_executions_agent_idx" ON "stage_executions" USING btree ("agent");