-- Reverts 0012_scale.
DROP TRIGGER IF EXISTS alert_sessions_count_insert ON alert_sessions;--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_sessions_count_update ON alert_sessions;--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_sessions_count_delete ON alert_sessions;--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_sessions_count_truncate ON alert_sessions;--> statement-breakpoint
DROP FUNCTION IF EXISTS hindsight_count_sessions();--> statement-breakpoint
DROP FUNCTION IF EXISTS hindsight_reset_session_counts();--> statement-breakpoint
DROP FUNCTION IF EXISTS hindsight_recount_session();--> statement-breakpoint
DROP TABLE IF EXISTS "session_counts";
