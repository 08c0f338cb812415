-- Reverts 0006_ingest_event_digest.
ALTER TABLE "ingest_events" DROP COLUMN IF EXISTS "body_digest";
