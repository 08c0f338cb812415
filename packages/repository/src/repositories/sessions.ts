import {
  buildDetailedSession,
  type DetailedSession,
  type Interaction,
  nestStages,
  type SessionRecord,
  type SessionStatus,
  toLLMInteraction,
  toMCPInteraction,
} from '@hindsight/models';
import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../database.js';
import { llmInteractions, mcpCommunications } from '../schema/index.js';
import { alertSessions } from '../schema/sessions.js';
import { stageExecutions } from '../schema/stages.js';
import { inJsonPlaceholder, jsonRowsOf, updateFromPatches } from './json-rows.js';

/** What ingest needs to know of a stored session to apply its lifecycle. */
export type SessionState = Pick<SessionRecord, 'session_id' | 'status' | 'started_at_us'>;

/** Changes to a stored session; the id never changes. */
export type SessionPatch = Partial<Omit<SessionRecord, 'session_id'>>;

/**
 * The state of the sessions that exist among `sessionIds`, each row locked
 * until the transaction ends (`FOR NO KEY UPDATE`: writers of the same
 * session wait, foreign-key checks of other tables do not). Rows are locked in
 * id order, so two transactions locking overlapping sets cannot deadlock.
 */
export async function lockSessionStates(
  db: Db,
  sessionIds: readonly string[],
): Promise<SessionState[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select({
      session_id: alertSessions.session_id,
      status: alertSessions.status,
      started_at_us: alertSessions.started_at_us,
    })
    .from(alertSessions)
    .where(inJsonPlaceholder(alertSessions.session_id, 'ids'))
    .orderBy(asc(alertSessions.session_id))
    .for('no key update')
    .prepare('hindsight_lock_session_states')
    .execute({ ids: JSON.stringify(sessionIds) });
}

/**
 * Inserts new sessions with multi-row INSERTs, in id order. A session that
 * already exists makes it throw a unique violation (see `databaseErrorKind`):
 * callers that checked first know a concurrent transaction created it.
 */
export async function insertSessions(db: Db, sessions: readonly SessionRecord[]): Promise<void> {
  if (sessions.length === 0) return;
  const sorted = [...sessions]
    .sort((a, b) => compareIds(a.session_id, b.session_id))
    // jsonb_populate_recordset leaves absent keys null, not default: a new session costs nothing.
    .map((session) => ({ ...session, ...noCostYet }));
  await db
    .insert(alertSessions)
    .select(jsonRowsOf(alertSessions))
    .prepare('hindsight_insert_sessions')
    .execute({ rows: JSON.stringify(sorted) });
}

const noCostYet = { cost_usd: '0', priced_llm_calls: 0, unpriced_llm_calls: 0 } as const;

/** Applies `patch` to one session; returns false when there is no such session. */
export async function updateSession(
  db: Db,
  sessionId: string,
  patch: SessionPatch,
): Promise<boolean> {
  if (Object.keys(patch).length === 0) return true;
  const updated = await db
    .update(alertSessions)
    .set(patch)
    .where(eq(alertSessions.session_id, sessionId))
    .returning({ session_id: alertSessions.session_id });
  return updated.length === 1;
}

/**
 * Applies many patches, one UPDATE per set of patched columns (usually one),
 * the values bound as one JSON array as insertSessions binds its rows: a
 * batch that ends two hundred sessions costs one statement, not two hundred
 * (the OTLP sweep profile showed those round trips dominating). A patch
 * naming no session changes nothing, as updateSession's does.
 */
export async function updateSessions(
  db: Db,
  patches: ReadonlyMap<string, SessionPatch>,
): Promise<void> {
  const sorted = [...patches].sort(([a], [b]) => compareIds(a, b));
  await updateFromPatches(
    db,
    alertSessions,
    [alertSessions.session_id],
    sorted.map(([session_id, patch]) => [{ session_id }, patch]),
    'hindsight_update_sessions',
  );
}

/** One fixed order of ids, so that every transaction writes keys in the same order. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Inserts a session; returns false when a session with that id already exists. */
export async function insertSession(db: Db, session: SessionRecord): Promise<boolean> {
  const inserted = await db
    .insert(alertSessions)
    .values(session)
    .onConflictDoNothing({ target: alertSessions.session_id })
    .returning({ session_id: alertSessions.session_id });
  return inserted.length === 1;
}

/**
 * The columns of a SessionRecord: the cost totals are kept by triggers and read
 * into overviews and stats, not into the record.
 */
export const {
  cost_usd: _cost,
  priced_llm_calls: _priced,
  unpriced_llm_calls: _unpriced,
  ...sessionRecordColumns
} = getTableColumns(alertSessions);

/** The stored session with this id, or null. */
export async function findSession(db: Db, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select(sessionRecordColumns)
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
      const detailedStages = nestStages(stages, (id) => byStage.get(id) ?? []);
      return buildDetailedSession(session, detailedStages, byStage.get(null) ?? []);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A session's status alone (one index lookup), or null when there is no such session. */
export async function findSessionStatus(db: Db, sessionId: string): Promise<SessionStatus | null> {
  const [row] = await db
    .select({ status: alertSessions.status })
    .from(alertSessions)
    .where(eq(alertSessions.session_id, sessionId))
    .limit(1);
  return row?.status ?? null;
}
