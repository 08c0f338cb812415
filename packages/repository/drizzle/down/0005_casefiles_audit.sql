-- Reverts 0005_casefiles_audit.
DROP TABLE IF EXISTS "casefile_notes";
--> statement-breakpoint
DROP TABLE IF EXISTS "casefile_permissions";
--> statement-breakpoint
DROP TABLE IF EXISTS "casefile_sessions";
--> statement-breakpoint
DROP TABLE IF EXISTS "casefiles";
--> statement-breakpoint
DROP TABLE IF EXISTS "audit_events";
