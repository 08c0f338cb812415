import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database, Db, Schema } from './database.js';

/** The committed migrations, next to `src/` and `dist/` alike. */
export const migrationsFolder: string = fileURLToPath(new URL('../drizzle', import.meta.url));

const migrationsTable = { migrationsSchema: 'drizzle', migrationsTable: '__drizzle_migrations' };

/** Any constant works; it only has to be the same for every Hindsight server. */
const MIGRATION_LOCK_KEY = 0x48_49_4e_44; // "HIND"

/**
 * Applies pending migrations. Holds a session-level advisory lock on one
 * connection, so servers starting together migrate one after the other and
 * the later ones find nothing left to do.
 */
export async function migrate(database: Database): Promise<void> {
  const config: MigrationConfig = { migrationsFolder, ...migrationsTable };
  await database.withConnection(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      if (database.dialect === 'pglite') {
        await migratePglite(db as PgliteDatabase<Schema>, config);
      } else {
        await migratePostgres(db as PostgresJsDatabase<Schema>, config);
      }
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

interface JournalEntry {
  readonly idx: number;
  readonly tag: string;
  readonly when: number;
}

async function readJournal(): Promise<JournalEntry[]> {
  const text = await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8');
  return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

/** Tags of the migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const exists = await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return [];
  const rows = rowsOf<{ created_at: string | number }>(
    await db.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at`),
  );
  const journal = await readJournal();
  return rows.map((row) => {
    const entry = journal.find((e) => e.when === Number(row.created_at));
    return entry?.tag ?? `unknown@${row.created_at}`;
  });
}

/** Tags of committed migrations not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const applied = new Set(await appliedMigrations(db));
  return (await readJournal()).map((e) => e.tag).filter((tag) => !applied.has(tag));
}

/**
 * Reverts the newest `steps` applied migrations with their hand-written
 * `drizzle/down/<tag>.sql` scripts, each in its own transaction.
 */
export async function rollback(database: Database, steps = 1): Promise<string[]> {
  const journal = await readJournal();
  const reverted: string[] = [];
  await database.withConnection(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const applied = await appliedMigrations(db);
      for (const tag of applied.slice(-steps).reverse()) {
        const entry = journal.find((e) => e.tag === tag);
        if (!entry) throw new Error(`cannot roll back ${tag}: it is not in the journal`);
        const down = await readFile(`${migrationsFolder}/down/${tag}.sql`, 'utf8');
        await db.transaction(async (tx) => {
          // One statement per call: PGlite's extended protocol takes one at a time.
          for (const statement of down.split('--> statement-breakpoint')) {
            if (statement.replace(/--.*$/gm, '').trim() !== '')
              await tx.execute(sql.raw(statement));
          }
          await tx.execute(
            sql`delete from drizzle.__drizzle_migrations where created_at = ${entry.when}`,
          );
        });
        reverted.push(tag);
      }
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
  return reverted;
}

/** postgres.js returns the rows as the result; PGlite wraps them in `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
