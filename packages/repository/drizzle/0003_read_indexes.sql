DROP INDEX "alert_sessions_status_started_at_idx";--> statement-breakpoint
DROP INDEX "alert_sessions_agent_type_idx";--> statement-breakpoint
DROP INDEX "alert_sessions_alert_type_idx";--> statement-breakpoint
CREATE INDEX "alert_sessions_status_sort_idx" ON "alert_sessions" USING btree ("status","session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_agent_type_sort_idx" ON "alert_sessions" USING btree ("agent_type","session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_alert_type_sort_idx" ON "alert_sessions" USING btree (("alert_type" is null),coalesce("alert_type", ''),"session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_author_sort_idx" ON "alert_sessions" USING btree (("author" is null),coalesce("author", ''),"session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_duration_sort_idx" ON "alert_sessions" USING btree (("completed_at_us" is null),coalesce(("completed_at_us" - "started_at_us") / 1000, 0),"session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_search_fts_idx" ON "alert_sessions" USING gin (to_tsvector('english'::regconfig, left(coalesce("alert_type", '') || chr(10) || "agent_type" || chr(10) || coalesce("error_message", '') || chr(10) || coalesce("final_analysis", '') || chr(10) || coalesce(hindsight_json_strings("alert_data"), '') || chr(10) || coalesce(hindsight_json_strings("session_metadata"), ''), 100000)));--> statement-breakpoint
CREATE INDEX "alert_sessions_search_trgm_idx" ON "alert_sessions" USING gin (left(coalesce("alert_type", '') || chr(10) || "agent_type" || chr(10) || coalesce("error_message", '') || chr(10) || coalesce("final_analysis", '') || chr(10) || coalesce(hindsight_json_strings("alert_data"), '') || chr(10) || coalesce(hindsight_json_strings("session_metadata"), ''), 100000) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "llm_interactions_search_fts_idx" ON "llm_interactions" USING gin (to_tsvector('english'::regconfig, left(coalesce(hindsight_json_strings(jsonb_path_query_array("messages", '$[*] ? (@.role != "system").content')), ''), 100000)));--> statement-breakpoint
CREATE INDEX "llm_interactions_search_trgm_idx" ON "llm_interactions" USING gin (left(coalesce(hindsight_json_strings(jsonb_path_query_array("messages", '$[*] ? (@.role != "system").content')), ''), 100000) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "mcp_communications_search_fts_idx" ON "mcp_communications" USING gin (to_tsvector('english'::regconfig, left(coalesce(hindsight_json_strings("result"), ''), 100000)));--> statement-breakpoint
CREATE INDEX "mcp_communications_search_trgm_idx" ON "mcp_communications" USING gin (left(coalesce(hindsight_json_strings("result"), ''), 100000) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "alert_sessions_status_started_at_idx" ON "alert_sessions" USING btree ("status","started_at_us","session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_agent_type_idx" ON "alert_sessions" USING btree ("agent_type","started_at_us","session_id");--> statement-breakpoint
CREATE INDEX "alert_sessions_alert_type_idx" ON "alert_sessions" USING btree ("alert_type","started_at_us","session_id");