import type { ApiKeyRecord } from '@hindsight/models';
import { asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { apiKeys } from '../schema/api-keys.js';

/** Serialises "create the first key" across servers starting together. */
const FIRST_KEY_LOCK = 0x48_49_4e_4b; // "HINK"

/** Inserts a key; returns false when one with that hash already exists. */
export async function insertApiKey(db: Db, record: ApiKeyRecord): Promise<boolean> {
  const inserted = await db
    .insert(apiKeys)
    .values(record)
    .onConflictDoNothing({ target: apiKeys.key_hash })
    .returning({ id: apiKeys.id });
  return inserted.length === 1;
}

/**
 * Inserts `record` only when the table holds no key at all. Runs under a
 * transaction-level advisory lock, so of several servers starting on an empty
 * database exactly one creates the first key.
 */
export async function insertFirstApiKey(db: Db, record: ApiKeyRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`);
    const rows = rowsOf<{ present: boolean }>(
      await tx.execute(sql`select exists (select 1 from api_keys) as present`),
    );
    if (rows[0]?.present) return false;
    await tx.insert(apiKeys).values(record);
    return true;
  });
}

/** The API key whose secret hashes to `keyHash` (revoked ones too), or null. */
export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRecord | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.key_hash, keyHash)).limit(1);
  return row ?? null;
}

/** The API key with this id (revoked ones too), or null. */
export async function findApiKey(db: Db, id: string): Promise<ApiKeyRecord | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return row ?? null;
}

/** Every key, oldest first. */
export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.created_at_us), asc(apiKeys.id));
}

/** Marks a key revoked (once: a second revocation keeps the first time). */
export async function revokeApiKey(
  db: Db,
  id: string,
  revokedAtUs: number,
): Promise<ApiKeyRecord | null> {
  await db
    .update(apiKeys)
    .set({ revoked_at_us: revokedAtUs })
    .where(sql`${apiKeys.id} = ${id} and ${apiKeys.revoked_at_us} is null`);
  return findApiKey(db, id);
}

/**
 * Records a use, unless one was recorded less than `resolutionUs` ago: a busy
 * key costs one write per interval, not one per request.
 */
export async function touchApiKey(
  db: Db,
  id: string,
  usedAtUs: number,
  resolutionUs: number,
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ last_used_at_us: usedAtUs })
    .where(
      sql`${eq(apiKeys.id, id)} and ${or(
        isNull(apiKeys.last_used_at_us),
        lt(apiKeys.last_used_at_us, usedAtUs - resolutionUs),
      )}`,
    );
}
