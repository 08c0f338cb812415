CREATE TABLE "otel_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"keyed_by_trace" boolean NOT NULL,
	"last_received_at_us" bigint NOT NULL,
	"root_end_us" bigint,
	"root_failed" boolean,
	"root_error" text,
	"root_output" text,
	"closed" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otel_spans" (
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"role" text NOT NULL,
	"received_at_us" bigint NOT NULL,
	"applied" boolean NOT NULL,
	"span" jsonb,
	"session_id" text,
	"stage_scope_id" text,
	CONSTRAINT "otel_spans_pk" PRIMARY KEY("trace_id","span_id")
);
--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "cache_read_tokens" integer;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "cache_creation_tokens" integer;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "reasoning_tokens" integer;--> statement-breakpoint
CREATE INDEX "otel_sessions_open_idx" ON "otel_sessions" USING btree ("last_received_at_us") WHERE not "otel_sessions"."closed";--> statement-breakpoint
CREATE INDEX "otel_spans_waiting_idx" ON "otel_spans" USING btree ("received_at_us") WHERE not "otel_spans"."applied";