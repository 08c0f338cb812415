import {
  churnLiveEvents,
  executeSql,
  type TestDatabase,
  testDrivers,
} from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub, type Services } from '../services.js';
import { testCaller } from '../testing/index.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'database.maintain on $dialect',
  (driver) => {
    let database: TestDatabase;
    let services: Services;
    beforeEach(async () => {
      database = await driver.create();
      if (driver.dialect === 'postgres') {
        await executeSql(database.db, 'alter table live_events set (autovacuum_enabled = false)');
      }
      services = createHub({ db: database.db }).as(testCaller);
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('vacuums the tables that are due, once: a second run finds nothing left on them', async () => {
      await churnLiveEvents(database.db, 400, 300);
      const first = await services.database.maintain({});
      const live = first.tables.find((table) => table.table === 'live_events');
      expect(live).toMatchObject({ vacuumed: true, analyzed: true });
      expect(live?.reasons).toContain('dead tuples');
      const second = await services.database.maintain({});
      expect(second.tables.map((table) => table.table)).not.toContain('live_events');
    });
  },
);
