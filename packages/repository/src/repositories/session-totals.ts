import { canonicalUsd, type SessionTotals } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

interface TotalsRow {
  session_id: string;
  llm_interaction_count: number;
  mcp_communication_count: number;
  session_input_tokens: string | number | bigint | null;
  session_output_tokens: string | number | bigint | null;
  session_total_tokens: string | number | bigint | null;
  stage_count: number;
  completed_stages: number;
  failed_stages: number;
  has_parallel_stages: boolean;
  chat_message_count: number;
  cost_usd: string | null;
  priced_llm_calls: number | null;
  unpriced_llm_calls: number | null;
}

/** int8 sums come back as strings (postgres.js) or bigints (PGlite); tokens fit a double exactly. */
function toNumberOrNull(value: string | number | bigint | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * Interaction, token and stage totals of the given sessions, in one query: per
 * session, one range of each child table's (session_id, ...) index. This is the
 * one place totals are computed; if ingest keeps running totals some day, only
 * this function changes.
 */
export async function findSessionTotals(
  db: Db,
  sessionIds: readonly string[],
): Promise<Map<string, SessionTotals>> {
  const totals = new Map<string, SessionTotals>();
  if (sessionIds.length === 0) return totals;
  const ids = sql.join(
    sessionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = rowsOf<TotalsRow>(
    await db.execute(sql`
      select ids.session_id,
        llm.n as llm_interaction_count,
        mcp.n as mcp_communication_count,
        llm.input_tokens as session_input_tokens,
        llm.output_tokens as session_output_tokens,
        llm.total_tokens as session_total_tokens,
        stages.n as stage_count,
        stages.completed as completed_stages,
        stages.failed as failed_stages,
        stages.parallel as has_parallel_stages,
        stages.chat_messages as chat_message_count,
        a.cost_usd::text as cost_usd,
        a.priced_llm_calls,
        a.unpriced_llm_calls
      from unnest(array[${ids}]::text[]) as ids(session_id)
      left join alert_sessions a on a.session_id = ids.session_id
      cross join lateral (
        select count(*)::int as n, sum(input_tokens) as input_tokens,
          sum(output_tokens) as output_tokens, sum(total_tokens) as total_tokens
        from llm_interactions l where l.session_id = ids.session_id
      ) llm
      cross join lateral (
        select count(*)::int as n from mcp_communications m where m.session_id = ids.session_id
      ) mcp
      cross join lateral (
        select count(*)::int as n,
          (count(*) filter (where s.status = 'completed'))::int as completed,
          (count(*) filter (where s.status = 'failed'))::int as failed,
          coalesce(bool_or(s.parallel_type <> 'single' or s.parent_stage_execution_id is not null), false) as parallel,
          (count(distinct coalesce(s.chat_user_message ->> 'message_id', s.chat_user_message_id))
            filter (where s.chat_id is not null))::int as chat_messages
        from stage_executions s where s.session_id = ids.session_id
      ) stages`),
  );
  for (const row of rows) {
    totals.set(row.session_id, {
      llm_interaction_count: row.llm_interaction_count,
      mcp_communication_count: row.mcp_communication_count,
      session_input_tokens: toNumberOrNull(row.session_input_tokens),
      session_output_tokens: toNumberOrNull(row.session_output_tokens),
      session_total_tokens: toNumberOrNull(row.session_total_tokens),
      // Kept by triggers as calls are written (migration 0014): no sum over the calls here.
      session_cost_usd:
        row.cost_usd !== null && (row.priced_llm_calls ?? 0) > 0
          ? canonicalUsd(row.cost_usd)
          : null,
      unpriced_llm_interaction_count: row.unpriced_llm_calls ?? 0,
      stage_count: row.stage_count,
      completed_stages: row.completed_stages,
      failed_stages: row.failed_stages,
      has_parallel_stages: row.has_parallel_stages,
      // Tarsy reports no chat and a chat without messages alike: null.
      chat_message_count: row.chat_message_count === 0 ? null : row.chat_message_count,
    });
  }
  return totals;
}
