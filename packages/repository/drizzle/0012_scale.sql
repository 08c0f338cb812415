CREATE TABLE "session_counts" (
	"status" text NOT NULL,
	"agent_type" text NOT NULL,
	"alert_type" text,
	"n" bigint NOT NULL
);
--> statement-breakpoint
-- Session counts kept by the database itself (issue 18): every statement that
-- inserts, deletes or re-keys sessions appends its net change per key, in its
-- own transaction, so a count read from session_counts is exact and never
-- sees uncommitted work. Appending (never updating) means no counter row is
-- locked, so concurrent ingest cannot queue on one. Inserts and deletes are
-- counted per statement (transition tables: one row per key per statement).
CREATE FUNCTION hindsight_count_sessions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO session_counts (status, agent_type, alert_type, n)
    SELECT status, agent_type, alert_type, count(*) FROM new_rows GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO session_counts (status, agent_type, alert_type, n)
    SELECT status, agent_type, alert_type, -count(*) FROM old_rows GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- An update is counted per row, and only when it changes a key (the WHEN of
-- its trigger, checked without calling a function): ingest updates a session
-- many times (progress, stages), and those updates must cost nothing here.
CREATE FUNCTION hindsight_recount_session() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO session_counts (status, agent_type, alert_type, n)
  VALUES (OLD.status, OLD.agent_type, OLD.alert_type, -1),
         (NEW.status, NEW.agent_type, NEW.alert_type, 1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION hindsight_reset_session_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM session_counts;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER alert_sessions_count_insert AFTER INSERT ON alert_sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hindsight_count_sessions();
--> statement-breakpoint
CREATE TRIGGER alert_sessions_count_update AFTER UPDATE OF status, agent_type, alert_type ON alert_sessions
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.agent_type IS DISTINCT FROM NEW.agent_type
    OR OLD.alert_type IS DISTINCT FROM NEW.alert_type)
  EXECUTE FUNCTION hindsight_recount_session();
--> statement-breakpoint
CREATE TRIGGER alert_sessions_count_delete AFTER DELETE ON alert_sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hindsight_count_sessions();
--> statement-breakpoint
CREATE TRIGGER alert_sessions_count_truncate AFTER TRUNCATE ON alert_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION hindsight_reset_session_counts();
--> statement-breakpoint
-- The sessions already stored. The triggers above were created first in this
-- transaction, and CREATE TRIGGER holds a lock that keeps writers out until it
-- commits, so no session is counted twice or missed.
INSERT INTO session_counts (status, agent_type, alert_type, n)
SELECT status, agent_type, alert_type, count(*) FROM alert_sessions GROUP BY 1, 2, 3;
