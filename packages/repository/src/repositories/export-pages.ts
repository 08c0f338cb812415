import {
  buildDetailedSession,
  buildDetailedStage,
  type DetailedSession,
  type Interaction,
  type SessionListFilters,
  toLLMInteraction,
  toMCPInteraction,
} from '@hindsight/models';
import { and, asc, gt } from 'drizzle-orm';
import type { Db } from '../database.js';
import {
  alertSessions,
  llmInteractions,
  mcpCommunications,
  stageExecutions,
} from '../schema/index.js';
import { inJsonPlaceholder } from './json-rows.js';
import { sessionFilterCondition } from './session-list.js';
import { sessionRecordColumns } from './sessions.js';

/**
 * The ids of up to `limit` sessions passing the filters after `after`, in id
 * order: a keyset on the primary key, so an export of any size reads one
 * bounded page at a time and never skips or repeats a session.
 */
export async function findSessionIdsPage(
  db: Db,
  request: {
    readonly filters: SessionListFilters;
    readonly after?: string | undefined;
    readonly limit: number;
  },
): Promise<string[]> {
  const rows = await db
    .select({ session_id: alertSessions.session_id })
    .from(alertSessions)
    .where(
      and(
        sessionFilterCondition(request.filters),
        request.after === undefined ? undefined : gt(alertSessions.session_id, request.after),
      ),
    )
    .orderBy(asc(alertSessions.session_id))
    .limit(request.limit);
  return rows.map((row) => row.session_id);
}

/**
 * These sessions in full, in the order of `sessionIds` (missing ones left
 * out): four statements for the whole page, in one snapshot.
 */
export async function findSessionDetails(
  db: Db,
  sessionIds: readonly string[],
): Promise<DetailedSession[]> {
  if (sessionIds.length === 0) return [];
  const ids = { ids: JSON.stringify(sessionIds) };
  return db.transaction(
    async (tx) => {
      const sessions = await tx
        .select(sessionRecordColumns)
        .from(alertSessions)
        .where(inJsonPlaceholder(alertSessions.session_id, 'ids'))
        .prepare('hindsight_export_sessions')
        .execute(ids);
      const stages = await tx
        .select()
        .from(stageExecutions)
        .where(inJsonPlaceholder(stageExecutions.session_id, 'ids'))
        .orderBy(asc(stageExecutions.stage_index), asc(stageExecutions.started_at_us))
        .prepare('hindsight_export_stages')
        .execute(ids);
      const llm = await tx
        .select()
        .from(llmInteractions)
        .where(inJsonPlaceholder(llmInteractions.session_id, 'ids'))
        .prepare('hindsight_export_llm')
        .execute(ids);
      const mcp = await tx
        .select()
        .from(mcpCommunications)
        .where(inJsonPlaceholder(mcpCommunications.session_id, 'ids'))
        .prepare('hindsight_export_mcp')
        .execute(ids);
      // Interactions by session, then by stage (null: outside any stage).
      const bySession = new Map<string, Map<string | null, Interaction[]>>();
      const add = (sessionId: string, interaction: Interaction) => {
        let byStage = bySession.get(sessionId);
        if (!byStage) {
          byStage = new Map();
          bySession.set(sessionId, byStage);
        }
        const list = byStage.get(interaction.stage_execution_id);
        if (list) list.push(interaction);
        else byStage.set(interaction.stage_execution_id, [interaction]);
      };
      for (const row of llm) add(row.session_id, toLLMInteraction(row));
      for (const row of mcp) add(row.session_id, toMCPInteraction(row));
      const stagesBySession = new Map<string, typeof stages>();
      for (const stage of stages) {
        const list = stagesBySession.get(stage.session_id);
        if (list) list.push(stage);
        else stagesBySession.set(stage.session_id, [stage]);
      }
      const byId = new Map(sessions.map((session) => [session.session_id, session]));
      const details: DetailedSession[] = [];
      for (const id of sessionIds) {
        const session = byId.get(id);
        if (!session) continue;
        const interactions = bySession.get(id) ?? new Map<string | null, Interaction[]>();
        const detailed = (stagesBySession.get(id) ?? []).map((stage) =>
          buildDetailedStage(stage, interactions.get(stage.execution_id) ?? []),
        );
        details.push(buildDetailedSession(session, detailed, interactions.get(null) ?? []));
      }
      return details;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
