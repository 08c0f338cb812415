-- Reverts 0007_browser_sessions.
DROP TABLE IF EXISTS "browser_sessions";
