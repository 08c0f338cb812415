CREATE TABLE "session_tombstones" (
	"session_id" text PRIMARY KEY NOT NULL,
	"deleted_at_us" bigint NOT NULL,
	"deleted_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "session_tombstones_deleted_at_idx" ON "session_tombstones" USING btree ("deleted_at_us");