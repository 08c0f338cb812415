import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.js';
import { appliedMigrations, migrate, pendingMigrations, rollback, rowsOf } from './migrate.js';
import { testDrivers } from './testing/index.js';

const historyTables = [
  'alert_sessions',
  'api_keys',
  'audit_events',
  'browser_sessions',
  'casefile_notes',
  'casefile_permissions',
  'casefile_sessions',
  'casefiles',
  'ingest_events',
  'live_events',
  'llm_interactions',
  'mcp_communications',
  'otel_sessions',
  'otel_spans',
  'price_overrides',
  'session_counts',
  'session_tombstones',
  'stage_executions',
  'usage_dirty_hours',
  'usage_hourly',
];

async function publicTables(database: Database): Promise<string[]> {
  const rows = rowsOf<{ table_name: string }>(
    await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    ),
  );
  return rows.map((r) => r.table_name);
}

describe('migrations on a fresh in-memory database', () => {
  const opened: Database[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close()));
  });

  it('start with every migration pending and none applied', async () => {
    const database = await createDatabase('memory://');
    opened.push(database);
    expect(await appliedMigrations(database.db)).toEqual([]);
    expect(await pendingMigrations(database.db)).toContain('0000_initial');
  });

  it('are idempotent: a second migrate changes nothing', async () => {
    const database = await createDatabase('memory://');
    opened.push(database);
    await migrate(database);
    const applied = await appliedMigrations(database.db);
    await migrate(database);
    expect(await appliedMigrations(database.db)).toEqual(applied);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('migrations on $dialect', (driver) => {
  it('run up, down and up again', async () => {
    const database = await driver.create(); // created migrated ("up")
    try {
      expect(await publicTables(database)).toEqual(historyTables);
      const reverted = await rollback(database, 100);
      expect(reverted).toContain('0000_initial');
      expect(await publicTables(database)).toEqual([]);
      expect(await appliedMigrations(database.db)).toEqual([]);
      await migrate(database);
      expect(await publicTables(database)).toEqual(historyTables);
      expect(await pendingMigrations(database.db)).toEqual([]);
    } finally {
      await database.dispose();
    }
  });

  it('let two servers migrate at once: the lock serialises them', async () => {
    const database = await driver.create();
    try {
      await rollback(database, 100);
      // Both race for the advisory lock; neither fails, and the schema is applied once.
      await Promise.all([migrate(database), migrate(database)]);
      expect(await publicTables(database)).toEqual(historyTables);
      const rows = rowsOf<{ n: number }>(
        await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      );
      expect(rows[0]?.n).toBe((await appliedMigrations(database.db)).length);
    } finally {
      await database.dispose();
    }
  });
});
