-- Reverts 0017_otel_rows_by_session.
DROP INDEX IF EXISTS "otel_spans_session_idx";
