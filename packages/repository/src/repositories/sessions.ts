import {
  buildDetailedSession,
  buildDetailedStage,
  type DetailedSession,
  type Interaction,
  type SessionRecord,
  toLLMInteraction,
  toMCPInteraction,
} from '@hindsight/models';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { llmInteractions, mcpCommunications } from '../schema/index.js';
import { alertSessions } from '../schema/sessions.js';
import { stageExecutions } from '../schema/stages.js';

/** Inserts a session; returns false when a session with that id already exists. */
export async function insertSession(db: Db, session: SessionRecord): Promise<boolean> {
  const inserted = await db
    .insert(alertSessions)
    .values(session)
    .onConflictDoNothing({ target: alertSessions.session_id })
    .returning({ session_id: alertSessions.session_id });
  return inserted.length === 1;
}

export async function findSession(db: Db, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select()
    .from(alertSessions)
    .where(eq(alertSessions.session_id, sessionId))
    .limit(1);
  return row ?? null;
}

/**
 * A session with its stages and every interaction, read in one snapshot so a
 * run being written meanwhile is never seen half-way.
 */
export async function findSessionDetail(
  db: Db,
  sessionId: string,
): Promise<DetailedSession | null> {
  return db.transaction(
    async (tx) => {
      const session = await findSession(tx, sessionId);
      if (!session) return null;
      const [stages, llm, mcp] = [
        await tx
          .select()
          .from(stageExecutions)
          .where(eq(stageExecutions.session_id, sessionId))
          .orderBy(asc(stageExecutions.stage_index), asc(stageExecutions.started_at_us)),
        await tx
          .select()
          .from(llmInteractions)
          .where(eq(llmInteractions.session_id, sessionId))
          .orderBy(asc(llmInteractions.timestamp_us)),
        await tx
          .select()
          .from(mcpCommunications)
          .where(eq(mcpCommunications.session_id, sessionId))
          .orderBy(asc(mcpCommunications.timestamp_us)),
      ];
      const byStage = new Map<string | null, Interaction[]>();
      const add = (interaction: Interaction) => {
        const key = interaction.stage_execution_id;
        const list = byStage.get(key);
        if (list) list.push(interaction);
        else byStage.set(key, [interaction]);
      };
      for (const row of llm) add(toLLMInteraction(row));
      for (const row of mcp) add(toMCPInteraction(row));
      const detailedStages = stages.map((stage) =>
        buildDetailedStage(stage, byStage.get(stage.execution_id) ?? []),
      );
      return buildDetailedSession(session, detailedStages, byStage.get(null) ?? []);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
