CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at_us" bigint NOT NULL,
	"principal_id" text NOT NULL,
	"operation" text NOT NULL,
	"target" text,
	"outcome" text NOT NULL,
	"request_id" text,
	"summary" jsonb NOT NULL,
	"error_code" text,
	CONSTRAINT "audit_events_outcome_check" CHECK ("audit_events"."outcome" in ('success', 'denied', 'error'))
);
--> statement-breakpoint
CREATE TABLE "casefile_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"casefile_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at_us" bigint NOT NULL,
	"updated_at_us" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casefile_permissions" (
	"casefile_id" text NOT NULL,
	"principal_id" text NOT NULL,
	"role" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at_us" bigint NOT NULL,
	CONSTRAINT "casefile_permissions_pk" PRIMARY KEY("casefile_id","principal_id"),
	CONSTRAINT "casefile_permissions_role_check" CHECK ("casefile_permissions"."role" in ('viewer', 'editor', 'owner'))
);
--> statement-breakpoint
CREATE TABLE "casefile_sessions" (
	"casefile_id" text NOT NULL,
	"session_id" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at_us" bigint NOT NULL,
	CONSTRAINT "casefile_sessions_pk" PRIMARY KEY("casefile_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "casefiles" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"tags" text[] NOT NULL,
	"owner_id" text NOT NULL,
	"created_at_us" bigint NOT NULL,
	"updated_at_us" bigint NOT NULL,
	"deleted_at_us" bigint,
	"deleted_by" text,
	CONSTRAINT "casefiles_status_check" CHECK ("casefiles"."status" in ('open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "casefile_notes" ADD CONSTRAINT "casefile_notes_casefile_fk" FOREIGN KEY ("casefile_id") REFERENCES "public"."casefiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile_permissions" ADD CONSTRAINT "casefile_permissions_casefile_fk" FOREIGN KEY ("casefile_id") REFERENCES "public"."casefiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile_sessions" ADD CONSTRAINT "casefile_sessions_casefile_fk" FOREIGN KEY ("casefile_id") REFERENCES "public"."casefiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile_sessions" ADD CONSTRAINT "casefile_sessions_session_fk" FOREIGN KEY ("session_id") REFERENCES "public"."alert_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_principal_idx" ON "audit_events" USING btree ("principal_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_operation_idx" ON "audit_events" USING btree ("operation","id");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target","id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at_us");--> statement-breakpoint
CREATE INDEX "casefile_notes_casefile_idx" ON "casefile_notes" USING btree ("casefile_id","created_at_us","id");--> statement-breakpoint
CREATE INDEX "casefile_permissions_principal_idx" ON "casefile_permissions" USING btree ("principal_id","casefile_id");--> statement-breakpoint
CREATE INDEX "casefile_sessions_session_idx" ON "casefile_sessions" USING btree ("session_id","casefile_id");--> statement-breakpoint
CREATE INDEX "casefiles_created_at_idx" ON "casefiles" USING btree ("created_at_us","id");--> statement-breakpoint
CREATE INDEX "casefiles_status_created_at_idx" ON "casefiles" USING btree ("status","created_at_us","id");--> statement-breakpoint
CREATE INDEX "casefiles_tags_idx" ON "casefiles" USING gin ("tags");