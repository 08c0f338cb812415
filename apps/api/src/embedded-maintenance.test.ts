import { systemPrincipal } from '@hindsight/models';
import { executeSql, pgliteTestDriver, type TestDatabase } from '@hindsight/repository/testing';
import { createHub } from '@hindsight/service';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingLogger } from '../test/recording-logger.js';
import { startEmbeddedMaintenance } from './embedded-maintenance.js';

describe('the embedded maintenance job', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await pgliteTestDriver.create();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('vacuums the pruned live events of an embedded database, and logs what it did', async () => {
    await executeSql(
      database.db,
      `insert into live_events (channel, session_id, type, payload, created_at_us)
         select 'sessions', 's' || g, 'session.started', '{}'::jsonb, g from generate_series(1, 500) g`,
    );
    await executeSql(database.db, 'delete from live_events where created_at_us <= 400');
    const system = createHub({ db: database.db }).as({ principal: systemPrincipal('server') });
    const { logger, lines } = recordingLogger();
    const stop = startEmbeddedMaintenance(system, 20, logger);
    try {
      await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0), { timeout: 30_000 });
    } finally {
      await stop();
    }
    const [line] = lines;
    expect(line?.level).toBe('info');
    expect(line?.message).toBe('embedded database maintained');
    const fields = line?.fields as { tables: { table: string; vacuumed: boolean }[] } | undefined;
    const tables = fields?.tables ?? [];
    expect(tables.find((t) => t.table === 'live_events')).toMatchObject({ vacuumed: true });
    const [stats] = await executeSql<{ dead: number }>(
      database.db,
      `select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'live_events'`,
    );
    expect(stats?.dead).toBe(0);
  });
});
