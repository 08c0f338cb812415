import type { DeletedRows } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import {
  alertSessions,
  ingestEvents,
  liveEvents,
  llmInteractions,
  mcpCommunications,
  otelSessions,
  otelSpans,
  stageExecutions,
} from '../schema/index.js';
import { anyOfIds } from './json-rows.js';

type SessionTable =
  | typeof llmInteractions
  | typeof mcpCommunications
  | typeof stageExecutions
  | typeof ingestEvents
  | typeof liveEvents
  | typeof otelSessions
  | typeof alertSessions;

/** `delete ... where session_id in ids`, counting the rows in the database (none come back). */
async function deleteCounted(db: Db, table: SessionTable, ids: readonly string[]): Promise<number> {
  const rows = await db.execute<{ n: number }>(
    sql`with gone as (delete from ${table} where ${table.session_id} = ${anyOfIds(ids)} returning 1) select count(*)::int as n from gone`,
  );
  return Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0);
}

/** Deletes the `live_events` rows of these sessions (their catch-up goes with them); returns how many. */
export async function deleteLiveEventsOfSessions(
  db: Db,
  sessionIds: readonly string[],
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  return deleteCounted(db, liveEvents, sessionIds);
}

/**
 * Deletes the OTLP receiver's rows of these sessions: every span of a trace
 * that went to one of them (a trace goes to one session, so spans of it still
 * waiting for a parent go too), the spans of a trace that is one of them
 * (a session keyed by its trace, before its root came), and their activity
 * rows. Its bookkeeping, not the session's record, so the counts of
 * `deleteSessionsCascade` leave it out.
 */
async function deleteOtelRowsOfSessions(db: Db, sessionIds: readonly string[]): Promise<void> {
  // `= any(array(...))`: an index scan of the spans by trace, never a join the planner may
  // run as a scan of the whole table (see json-rows.ts).
  await db.execute(sql`
    delete from ${otelSpans}
     where ${otelSpans.trace_id} = any(array(
       select s.trace_id from ${otelSpans} s where s.session_id = ${anyOfIds(sessionIds)}
       union
       select jsonb_array_elements_text(${JSON.stringify(sessionIds)}::jsonb)))`);
  await deleteCounted(db, otelSessions, sessionIds);
}

/**
 * Deletes sessions with everything under them: interactions, stages, their
 * ingest bookkeeping (so nothing says the events were applied), live
 * events and the OTLP receiver's rows. Children first, so the cascades find nothing left to do and each
 * count is exact; casefile links go by cascade. Returns the rows per table.
 */
export async function deleteSessionsCascade(
  db: Db,
  sessionIds: readonly string[],
): Promise<DeletedRows> {
  if (sessionIds.length === 0) {
    return {
      sessions: 0,
      stages: 0,
      llm_interactions: 0,
      mcp_communications: 0,
      ingest_events: 0,
      live_events: 0,
    };
  }
  const llm_interactions = await deleteCounted(db, llmInteractions, sessionIds);
  const mcp_communications = await deleteCounted(db, mcpCommunications, sessionIds);
  const stages = await deleteCounted(db, stageExecutions, sessionIds);
  const ingest_events = await deleteCounted(db, ingestEvents, sessionIds);
  const live_events = await deleteLiveEventsOfSessions(db, sessionIds);
  await deleteOtelRowsOfSessions(db, sessionIds);
  const sessions = await deleteCounted(db, alertSessions, sessionIds);
  return { sessions, stages, llm_interactions, mcp_communications, ingest_events, live_events };
}
