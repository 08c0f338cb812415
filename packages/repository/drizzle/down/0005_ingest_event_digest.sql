-- Reverts 0005_ingest_event_digest.
ALTER TABLE "ingest_events" DROP COLUMN IF EXISTS "body_digest";
