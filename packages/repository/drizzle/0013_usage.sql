CREATE TABLE "usage_dirty_hours" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hour_us" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"hour_us" bigint NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"sessions" bigint NOT NULL,
	"llm_calls" bigint NOT NULL,
	"llm_errors" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_creation_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"latency_histogram" jsonb NOT NULL,
	CONSTRAINT "usage_hourly_pk" PRIMARY KEY("dimension","hour_us","value")
);
--> statement-breakpoint
CREATE INDEX "usage_dirty_hours_hour_idx" ON "usage_dirty_hours" USING btree ("hour_us");--> statement-breakpoint
CREATE INDEX "llm_interactions_timestamp_idx" ON "llm_interactions" USING btree ("timestamp_us");--> statement-breakpoint
-- Marks the hours whose usage rollup a write to llm_interactions makes stale
-- (schema/usage.ts says how the rollup is kept). Statement-level triggers
-- with transition tables: one marker per hour and statement, not per row.
-- Besides the hours of the rows written, a call stored earlier than the calls
-- of its session (or of its session and model, or provider) takes over that
-- session's "first call", so the hour of the call that was first is stale
-- too; after a delete, so is the hour of the call that is now first.
CREATE FUNCTION hindsight_mark_usage_hours() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    -- Set-based (hash joins against the transition table, never a scan of it
    -- per row): a bulk insert of 50,000 calls costs about what 50,000 calls do.
    INSERT INTO usage_dirty_hours (hour_us)
    WITH written AS (
      SELECT n.session_id, n.interaction_id, n.timestamp_us FROM new_rows n
    ),
    earliest AS (
      SELECT w.session_id, min(w.timestamp_us) AS t FROM written w GROUP BY w.session_id
    ),
    -- Calls stored before this statement, at or after its earliest call of their
    -- session: only these can have lost their place as a first call.
    later AS (
      SELECT li.session_id, li.model_name, li.provider, li.timestamp_us
      FROM earliest e
      JOIN llm_interactions li ON li.session_id = e.session_id AND li.timestamp_us >= e.t
      WHERE NOT EXISTS (
        SELECT 1 FROM written w
        WHERE w.session_id = li.session_id AND w.interaction_id = li.interaction_id
      )
    )
    SELECT DISTINCT marks.t - marks.t % 3600000000 FROM (
      SELECT w.timestamp_us AS t FROM written w
      UNION ALL
      SELECT min(l.timestamp_us) FROM later l GROUP BY l.session_id
      UNION ALL
      SELECT min(l.timestamp_us) FROM later l GROUP BY l.session_id, l.model_name
      UNION ALL
      SELECT min(l.timestamp_us) FROM later l GROUP BY l.session_id, l.provider
    ) marks;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO usage_dirty_hours (hour_us)
    SELECT DISTINCT marks.t - marks.t % 3600000000 FROM (
      SELECT o.timestamp_us AS t FROM old_rows o
      UNION ALL
      SELECT f.t FROM (
        SELECT o.session_id, min(o.timestamp_us) AS earliest FROM old_rows o GROUP BY o.session_id
      ) w
      CROSS JOIN LATERAL (
        SELECT li.timestamp_us AS t FROM llm_interactions li
        WHERE li.session_id = w.session_id 
        ORDER BY li.timestamp_us LIMIT 1
      ) f
      UNION ALL
      SELECT f.t FROM (
        SELECT o.session_id, o.model_name, min(o.timestamp_us) AS earliest FROM old_rows o GROUP BY o.session_id, o.model_name
      ) w
      CROSS JOIN LATERAL (
        SELECT li.timestamp_us AS t FROM llm_interactions li
        WHERE li.session_id = w.session_id AND li.model_name = w.model_name 
        ORDER BY li.timestamp_us LIMIT 1
      ) f
      UNION ALL
      SELECT f.t FROM (
        SELECT o.session_id, o.provider, min(o.timestamp_us) AS earliest FROM old_rows o GROUP BY o.session_id, o.provider
      ) w
      CROSS JOIN LATERAL (
        SELECT li.timestamp_us AS t FROM llm_interactions li
        WHERE li.session_id = w.session_id AND li.provider IS NOT DISTINCT FROM w.provider 
        ORDER BY li.timestamp_us LIMIT 1
      ) f
    ) marks;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER llm_interactions_usage_insert AFTER INSERT ON llm_interactions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_mark_usage_hours();
--> statement-breakpoint
CREATE TRIGGER llm_interactions_usage_update AFTER UPDATE ON llm_interactions
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_mark_usage_hours();
--> statement-breakpoint
CREATE TRIGGER llm_interactions_usage_delete AFTER DELETE ON llm_interactions
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_mark_usage_hours();
