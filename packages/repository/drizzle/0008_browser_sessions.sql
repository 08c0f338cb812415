CREATE TABLE "browser_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"api_key_id" text NOT NULL,
	"created_at_us" bigint NOT NULL,
	"last_seen_at_us" bigint NOT NULL,
	"expires_at_us" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "browser_sessions" ADD CONSTRAINT "browser_sessions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "browser_sessions_token_hash_idx" ON "browser_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "browser_sessions_api_key_id_idx" ON "browser_sessions" USING btree ("api_key_id");