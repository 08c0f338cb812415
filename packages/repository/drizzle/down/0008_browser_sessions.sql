-- Reverts 0008_browser_sessions.
DROP TABLE IF EXISTS "browser_sessions";
