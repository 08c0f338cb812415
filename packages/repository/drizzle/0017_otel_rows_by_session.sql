-- Deleting a session deletes the OTLP receiver's rows of it: its spans by the
-- session they went to.
CREATE INDEX "otel_spans_session_idx" ON "otel_spans" USING btree ("session_id");