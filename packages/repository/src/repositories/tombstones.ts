import type { SessionTombstone } from '@hindsight/models';
import { count, lt } from 'drizzle-orm';
import type { Db } from '../database.js';
import { sessionTombstones } from '../schema/session-tombstones.js';
import { inJsonPlaceholder } from './json-rows.js';

/** Leaves a tombstone for a deleted session (a second deletion keeps the first one's). */
export async function insertTombstone(db: Db, tombstone: SessionTombstone): Promise<void> {
  await db
    .insert(sessionTombstones)
    .values(tombstone)
    .onConflictDoNothing({ target: sessionTombstones.session_id });
}

/** The tombstones among `sessionIds` (ingest refuses events that name them). */
export async function findTombstones(
  db: Db,
  sessionIds: readonly string[],
): Promise<SessionTombstone[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select()
    .from(sessionTombstones)
    .where(inJsonPlaceholder(sessionTombstones.session_id, 'ids'))
    .prepare('hindsight_find_tombstones')
    .execute({ ids: JSON.stringify(sessionIds) });
}

/** Removes tombstones older than `beforeUs`; returns how many (or would, with `dryRun`). */
export async function pruneTombstones(db: Db, beforeUs: number, dryRun = false): Promise<number> {
  const where = lt(sessionTombstones.deleted_at_us, beforeUs);
  if (dryRun) {
    const [row] = await db.select({ n: count() }).from(sessionTombstones).where(where);
    return row?.n ?? 0;
  }
  const deleted = await db
    .delete(sessionTombstones)
    .where(where)
    .returning({ session_id: sessionTombstones.session_id });
  return deleted.length;
}
