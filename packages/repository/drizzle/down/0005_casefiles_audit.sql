-- Reverts 0005_casefiles_audit.
DROP TABLE IF EXISTS "casefile_notes";
DROP TABLE IF EXISTS "casefile_permissions";
DROP TABLE IF EXISTS "casefile_sessions";
DROP TABLE IF EXISTS "casefiles";
DROP TABLE IF EXISTS "audit_events";
