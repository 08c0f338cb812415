import type { IngestEventType } from '@hindsight/models';
import { eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { ingestEvents } from '../schema/ingest-events.js';
import { inJsonPlaceholder, jsonRowsOf } from './json-rows.js';
import { compareIds } from './sessions.js';

/**
 * One applied ingest event, as `ingest_events` keeps it: written in the same
 * transaction as the event's effect, it is what makes a retried event
 * recognisable. Internal bookkeeping, so a plain type rather than a model.
 */
export interface AppliedEvent {
  readonly event_id: string;
  readonly received_at_us: number;
  readonly type: IngestEventType;
  /** The record the event created or changed: a session, stage or interaction id. */
  readonly entity_id: string;
  readonly session_id: string;
  /** SHA-256 of the type and canonical body; null for events recorded before it was kept. */
  readonly body_digest?: string | null;
}

/**
 * Claims events for this transaction: records each one unless its id is
 * recorded already, and returns the ids it recorded. An id not returned was
 * applied before (or by a concurrent transaction, which this one waited for).
 * One index probe per event does both the idempotency check and the write;
 * the claims of events that end up refused must be released before commit.
 */
export async function claimEvents(db: Db, events: readonly AppliedEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  // Sorted, so that two transactions claiming overlapping ids wait in one order.
  const sorted = [...events].sort((a, b) => compareIds(a.event_id, b.event_id));
  const rows = await db
    .insert(ingestEvents)
    .select(jsonRowsOf(ingestEvents))
    .onConflictDoNothing({ target: ingestEvents.event_id })
    .returning({ event_id: ingestEvents.event_id })
    .prepare('hindsight_claim_events')
    .execute({ rows: JSON.stringify(sorted) });
  return rows.map((row) => row.event_id);
}

/** Releases claims: the events were refused, so they are not recorded as applied. */
export async function releaseEvents(db: Db, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .delete(ingestEvents)
    .where(inJsonPlaceholder(ingestEvents.event_id, 'ids'))
    .prepare('hindsight_release_events')
    .execute({ ids: JSON.stringify(eventIds) });
}

/**
 * Rewrites claimed events with what was applied under their ids (a batch may
 * repeat an id with another body, the first refused and a later one applied).
 */
export async function correctClaimedEvents(db: Db, events: readonly AppliedEvent[]): Promise<void> {
  for (const event of events) {
    await db
      .update(ingestEvents)
      .set({
        type: event.type,
        entity_id: event.entity_id,
        session_id: event.session_id,
        body_digest: event.body_digest ?? null,
      })
      .where(eq(ingestEvents.event_id, event.event_id));
  }
}

/** The body digests of applied events (null where none was kept), for the ids among `eventIds`. */
export async function findEventDigests(
  db: Db,
  eventIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ event_id: ingestEvents.event_id, body_digest: ingestEvents.body_digest })
    .from(ingestEvents)
    .where(inJsonPlaceholder(ingestEvents.event_id, 'ids'))
    .prepare('hindsight_find_event_digests')
    .execute({ ids: JSON.stringify(eventIds) });
  return new Map(rows.map((row) => [row.event_id, row.body_digest]));
}

/** The ids among `eventIds` that were already applied. */
export async function findAppliedEventIds(db: Db, eventIds: readonly string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .select({ event_id: ingestEvents.event_id })
    .from(ingestEvents)
    .where(inJsonPlaceholder(ingestEvents.event_id, 'ids'))
    .prepare('hindsight_find_applied_event_ids')
    .execute({ ids: JSON.stringify(eventIds) });
  return rows.map((row) => row.event_id);
}

/**
 * Records applied events. An id that is already recorded throws a unique
 * violation: a concurrent transaction applied the same event first.
 */
export async function insertAppliedEvents(db: Db, events: readonly AppliedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const sorted = [...events].sort((a, b) => compareIds(a.event_id, b.event_id));
  await db
    .insert(ingestEvents)
    .select(jsonRowsOf(ingestEvents))
    .prepare('hindsight_insert_applied_events')
    .execute({ rows: JSON.stringify(sorted) });
}

/** The applied events of one session, oldest first (for tests and audits). */
export async function findAppliedEventsOfSession(
  db: Db,
  sessionId: string,
): Promise<AppliedEvent[]> {
  return db
    .select()
    .from(ingestEvents)
    .where(eq(ingestEvents.session_id, sessionId))
    .orderBy(ingestEvents.received_at_us, ingestEvents.event_id);
}
