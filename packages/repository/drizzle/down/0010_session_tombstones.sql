-- Reverts 0010_session_tombstones.
DROP TABLE IF EXISTS "session_tombstones";
