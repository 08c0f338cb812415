import type { SessionTotals } from '@hindsight/models';
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
        stages.failed as failed_stages
      from unnest(array[${ids}]::text[]) as ids(session_id)
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
          (count(*) filter (where s.status = 'failed'))::int as failed
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
      stage_count: row.stage_count,
      completed_stages: row.completed_stages,
      failed_stages: row.failed_stages,
    });
  }
  return totals;
}
