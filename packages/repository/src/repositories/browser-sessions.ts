import type { ApiKeyRecord, BrowserSessionRecord } from '@hindsight/models';
import { eq, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { apiKeys } from '../schema/api-keys.js';
import { browserSessions } from '../schema/browser-sessions.js';

/** Stores a new browser session. */
export async function insertBrowserSession(db: Db, record: BrowserSessionRecord): Promise<void> {
  await db.insert(browserSessions).values(record);
}

/** The session a cookie's hash names, with the key it acts for; null when there is none. */
export async function findBrowserSessionByHash(
  db: Db,
  tokenHash: string,
): Promise<{ session: BrowserSessionRecord; key: ApiKeyRecord } | null> {
  const [row] = await db
    .select({ session: browserSessions, key: apiKeys })
    .from(browserSessions)
    .innerJoin(apiKeys, eq(apiKeys.id, browserSessions.api_key_id))
    .where(eq(browserSessions.token_hash, tokenHash))
    .limit(1);
  return row ?? null;
}

/**
 * Records a use, unless one was recorded less than `resolutionUs` ago: a busy
 * browser costs one write a minute, not one per request.
 */
export async function touchBrowserSession(
  db: Db,
  id: string,
  seenAtUs: number,
  resolutionUs: number,
): Promise<void> {
  await db
    .update(browserSessions)
    .set({ last_seen_at_us: seenAtUs })
    .where(
      sql`${eq(browserSessions.id, id)} and ${lte(browserSessions.last_seen_at_us, seenAtUs - resolutionUs)}`,
    );
}

/** Deletes the session a cookie's hash names; false when there was none. */
export async function deleteBrowserSessionByHash(db: Db, tokenHash: string): Promise<boolean> {
  const deleted = await db
    .delete(browserSessions)
    .where(eq(browserSessions.token_hash, tokenHash))
    .returning({ id: browserSessions.id });
  return deleted.length > 0;
}

/** Ends every browser session of a key (it was revoked); returns how many. */
export async function deleteBrowserSessionsOfApiKey(db: Db, apiKeyId: string): Promise<number> {
  const deleted = await db
    .delete(browserSessions)
    .where(eq(browserSessions.api_key_id, apiKeyId))
    .returning({ id: browserSessions.id });
  return deleted.length;
}

/** Deletes sessions past their absolute end, or unused since `idleSinceUs`; returns how many. */
export async function deleteExpiredBrowserSessions(
  db: Db,
  nowUs: number,
  idleSinceUs: number,
): Promise<number> {
  const deleted = await db
    .delete(browserSessions)
    .where(
      or(
        lte(browserSessions.expires_at_us, nowUs),
        lte(browserSessions.last_seen_at_us, idleSinceUs),
      ),
    )
    .returning({ id: browserSessions.id });
  return deleted.length;
}
