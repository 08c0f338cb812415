import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { churnLiveEvents, executeSql, type TestDatabase, testDrivers } from '../testing/index.js';
import { findTablesDueForMaintenance, maintainTable } from './maintenance.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'table maintenance on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
      if (driver.dialect === 'postgres') {
        // The server's own autovacuum must not get there first.
        await executeSql(database.db, 'alter table live_events set (autovacuum_enabled = false)');
      }
    });
    afterEach(async () => {
      await database.dispose();
    });

    /** 300 live events written, 250 of them deleted. */
    const churn = () => churnLiveEvents(database.db, 300, 250);
    const dueOf = async (table: string) =>
      (await findTablesDueForMaintenance(database.db)).find((due) => due.table === table);

    it('finds a table with dead tuples and changes as due, and not once vacuumed', async () => {
      await churn();
      const due = await dueOf('live_events');
      expect(due).toEqual({
        table: 'live_events',
        vacuum: true,
        analyze: true,
        reasons: ['dead tuples', 'changes since analyze'],
      });
      await maintainTable(database.db, 'live_events', { vacuum: true, analyze: true });
      expect(await dueOf('live_events')).toBeUndefined();
      const [stats] = await executeSql<{ dead: number; vacuumed: boolean; analyzed: boolean }>(
        database.db,
        `select n_dead_tup::int as dead, last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
         from pg_stat_user_tables where relname = 'live_events'`,
      );
      expect(stats).toEqual({ dead: 0, vacuumed: true, analyzed: true });
    });

    it('analyzes alone when asked to', async () => {
      await churn();
      await maintainTable(database.db, 'live_events', { vacuum: false, analyze: true });
      const due = await dueOf('live_events');
      expect(due?.reasons).toEqual(['dead tuples']);
      expect(due?.analyze).toBe(false);
    });
  },
);
