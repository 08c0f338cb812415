-- Reverts 0016_usage_marks_by_index: the usage trigger's join as 0013_usage wrote it.
CREATE OR REPLACE FUNCTION hindsight_mark_usage_hours() RETURNS trigger
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
