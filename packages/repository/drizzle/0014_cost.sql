CREATE TABLE "price_overrides" (
	"name" text PRIMARY KEY NOT NULL,
	"provider" text,
	"model" text NOT NULL,
	"effective_from_us" bigint NOT NULL,
	"input_per_mtok" double precision NOT NULL,
	"output_per_mtok" double precision NOT NULL,
	"cache_read_per_mtok" double precision,
	"cache_creation_per_mtok" double precision
);
--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "cost_usd" numeric(24, 12) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "priced_llm_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_sessions" ADD COLUMN "unpriced_llm_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "cost_usd" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "input_cost_usd" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "cache_read_cost_usd" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "cache_creation_cost_usd" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "output_cost_usd" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "price_source" text;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "priced_provider" text;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "priced_model" text;--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD COLUMN "unpriced_reason" text;--> statement-breakpoint
CREATE INDEX "alert_sessions_cost_sort_idx" ON "alert_sessions" USING btree ("cost_usd","session_id");--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD CONSTRAINT "llm_interactions_unpriced_reason_check" CHECK ("llm_interactions"."unpriced_reason" in ('unknown_model', 'unsupported_price', 'catalogue_mismatch', 'no_token_counts'));--> statement-breakpoint
ALTER TABLE "llm_interactions" ADD CONSTRAINT "llm_interactions_cost_or_reason" CHECK ("llm_interactions"."cost_usd" is null or "llm_interactions"."unpriced_reason" is null);--> statement-breakpoint
-- Calls stored before pricing existed have no cost yet: they count as unpriced until a reprice.
UPDATE "alert_sessions" AS s SET "unpriced_llm_calls" = c.n
FROM (SELECT "session_id", count(*)::int AS n FROM "llm_interactions" GROUP BY "session_id") AS c
WHERE s."session_id" = c."session_id";
--> statement-breakpoint
-- A session's cost total and its priced and unpriced call counts follow its calls, in the
-- writing statement's transaction: an insert adds, an update adds the difference, a delete
-- takes away. One update per session per statement (transition tables), whatever the batch
-- size; a replayed insert that ON CONFLICT skipped is in no transition table, so adds nothing.
CREATE FUNCTION hindsight_session_cost_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE alert_sessions AS s SET
      cost_usd = s.cost_usd + d.cost,
      priced_llm_calls = s.priced_llm_calls + d.priced,
      unpriced_llm_calls = s.unpriced_llm_calls + d.unpriced
    FROM (
      SELECT session_id, coalesce(sum(cost_usd), 0) AS cost, count(cost_usd)::int AS priced,
        (count(*) - count(cost_usd))::int AS unpriced
      FROM new_rows GROUP BY session_id
    ) AS d
    WHERE s.session_id = d.session_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE alert_sessions AS s SET
      cost_usd = s.cost_usd - d.cost,
      priced_llm_calls = s.priced_llm_calls - d.priced,
      unpriced_llm_calls = s.unpriced_llm_calls - d.unpriced
    FROM (
      SELECT session_id, coalesce(sum(cost_usd), 0) AS cost, count(cost_usd)::int AS priced,
        (count(*) - count(cost_usd))::int AS unpriced
      FROM old_rows GROUP BY session_id
    ) AS d
    WHERE s.session_id = d.session_id;
  ELSE
    UPDATE alert_sessions AS s SET
      cost_usd = s.cost_usd + d.cost,
      priced_llm_calls = s.priced_llm_calls + d.priced,
      unpriced_llm_calls = s.unpriced_llm_calls + d.unpriced
    FROM (
      SELECT session_id, sum(cost) AS cost, sum(priced)::int AS priced, sum(unpriced)::int AS unpriced
      FROM (
        SELECT session_id, coalesce(cost_usd, 0) AS cost, (cost_usd IS NOT NULL)::int AS priced,
          (cost_usd IS NULL)::int AS unpriced
        FROM new_rows
        UNION ALL
        SELECT session_id, -coalesce(cost_usd, 0), -(cost_usd IS NOT NULL)::int,
          -(cost_usd IS NULL)::int
        FROM old_rows
      ) AS changes
      GROUP BY session_id
      HAVING sum(cost) <> 0 OR sum(priced) <> 0 OR sum(unpriced) <> 0
    ) AS d
    WHERE s.session_id = d.session_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "llm_interactions_cost_insert" AFTER INSERT ON "llm_interactions"
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_session_cost_totals();
--> statement-breakpoint
CREATE TRIGGER "llm_interactions_cost_update" AFTER UPDATE ON "llm_interactions"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_session_cost_totals();
--> statement-breakpoint
CREATE TRIGGER "llm_interactions_cost_delete" AFTER DELETE ON "llm_interactions"
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION hindsight_session_cost_totals();
