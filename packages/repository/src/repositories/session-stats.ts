import { canonicalUsd, type SessionStatsSource, type StageStatus } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

type Int8 = string | number | bigint;

interface StatsRow {
  started_at_us: Int8;
  completed_at_us: Int8 | null;
  llm_interaction_count: number;
  mcp_communication_count: number;
  failed_interaction_count: number;
  session_input_tokens: Int8 | null;
  session_output_tokens: Int8 | null;
  session_total_tokens: Int8 | null;
  stages: Array<{ agent: string; status: StageStatus }> | string;
  cost_usd: string;
  priced_llm_calls: number;
  unpriced_llm_calls: number;
}

function toNumberOrNull(value: Int8 | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * What a session's statistics are computed from, in one query that aggregates
 * its interactions through their (session_id, ...) indexes without reading
 * their messages; null when the session does not exist.
 */
export async function findSessionStatsSource(
  db: Db,
  sessionId: string,
): Promise<SessionStatsSource | null> {
  const [row] = rowsOf<StatsRow>(
    await db.execute(sql`
      select s.started_at_us, s.completed_at_us,
        llm.n as llm_interaction_count,
        mcp.n as mcp_communication_count,
        llm.failed + mcp.failed as failed_interaction_count,
        llm.input_tokens as session_input_tokens,
        llm.output_tokens as session_output_tokens,
        llm.total_tokens as session_total_tokens,
        stages.list as stages,
        s.cost_usd::text as cost_usd, s.priced_llm_calls, s.unpriced_llm_calls
      from alert_sessions s
      cross join lateral (
        select count(*)::int as n, (count(*) filter (where not l.success))::int as failed,
          sum(l.input_tokens) as input_tokens, sum(l.output_tokens) as output_tokens,
          sum(l.total_tokens) as total_tokens
        from llm_interactions l where l.session_id = s.session_id
      ) llm
      cross join lateral (
        select count(*)::int as n, (count(*) filter (where not m.success))::int as failed
        from mcp_communications m where m.session_id = s.session_id
      ) mcp
      cross join lateral (
        select coalesce(
          json_agg(json_build_object('agent', st.agent, 'status', st.status) order by st.stage_index),
          '[]'::json) as list
        from stage_executions st where st.session_id = s.session_id
          -- Top-level stages only, as Tarsy counts them: parallel children belong to their parent.
          and st.parent_stage_execution_id is null
      ) stages
      where s.session_id = ${sessionId}`),
  );
  if (!row) return null;
  const stages = typeof row.stages === 'string' ? JSON.parse(row.stages) : row.stages;
  return {
    started_at_us: Number(row.started_at_us),
    completed_at_us: toNumberOrNull(row.completed_at_us),
    stages,
    llm_interaction_count: row.llm_interaction_count,
    mcp_communication_count: row.mcp_communication_count,
    failed_interaction_count: row.failed_interaction_count,
    session_input_tokens: toNumberOrNull(row.session_input_tokens),
    session_output_tokens: toNumberOrNull(row.session_output_tokens),
    session_total_tokens: toNumberOrNull(row.session_total_tokens),
    // The session's maintained total (migration 0014's triggers), not a sum over its calls.
    session_cost_usd: row.priced_llm_calls > 0 ? canonicalUsd(row.cost_usd) : null,
    unpriced_llm_interaction_count: row.unpriced_llm_calls,
  };
}
