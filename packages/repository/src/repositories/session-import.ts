import type {
  LLMInteractionRecord,
  MCPCommunicationRecord,
  SessionRecord,
  StageExecutionRecord,
} from '@hindsight/models';
import type { Db } from '../database.js';
import {
  alertSessions,
  llmInteractions,
  mcpCommunications,
  stageExecutions,
} from '../schema/index.js';

/** The rows of sessions to restore, as an export described them. */
export interface SessionImport {
  readonly sessions: readonly SessionRecord[];
  readonly stages: readonly StageExecutionRecord[];
  readonly llm: readonly LLMInteractionRecord[];
  readonly mcp: readonly MCPCommunicationRecord[];
}

/**
 * Inserts the sessions that are not there yet, with their stages and
 * interactions; a session already stored is left exactly as it is, with
 * everything under it (an import replayed changes nothing). Returns the ids
 * of the sessions inserted. Runs in the caller's transaction.
 */
export async function insertImportedSessions(db: Db, rows: SessionImport): Promise<string[]> {
  if (rows.sessions.length === 0) return [];
  const inserted = await db
    .insert(alertSessions)
    .values([...rows.sessions])
    .onConflictDoNothing({ target: alertSessions.session_id })
    .returning({ session_id: alertSessions.session_id });
  const fresh = new Set(inserted.map((row) => row.session_id));
  const stages = rows.stages.filter((row) => fresh.has(row.session_id));
  const llm = rows.llm.filter((row) => fresh.has(row.session_id));
  const mcp = rows.mcp.filter((row) => fresh.has(row.session_id));
  // In chunks: a statement binds at most 65,535 parameters.
  for (const chunk of chunks(stages)) await db.insert(stageExecutions).values(chunk);
  for (const chunk of chunks(llm)) await db.insert(llmInteractions).values(chunk);
  for (const chunk of chunks(mcp)) await db.insert(mcpCommunications).values(chunk);
  return [...fresh];
}

function* chunks<T>(rows: readonly T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
