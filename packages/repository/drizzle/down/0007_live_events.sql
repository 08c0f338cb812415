-- Reverts 0007_live_events.
DROP TABLE IF EXISTS "live_events";
