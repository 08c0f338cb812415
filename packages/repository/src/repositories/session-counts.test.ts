import type { SessionListFilters, SessionRecord } from '@hindsight/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSql, sessionRecord, type TestDatabase, testDrivers } from '../testing/index.js';
import { transaction } from '../transaction.js';
import { compactSessionCounts, countedByKey, countSessionsByKey } from './session-counts.js';
import { deleteSessionsCascade } from './session-deletion.js';
import { countSessions } from './session-list.js';
import { insertSession, insertSessions, updateSession } from './sessions.js';
import { timeOutSessions } from './stale-sessions.js';

// The list's totals come from counters the triggers of migration 0012 keep
// (session-counts.ts). After every kind of write, each count must equal a
// `count(*)` of the same filter: the counters are checked against the rows.

const filterCases: Array<[string, SessionListFilters]> = [
  ['no filter', {}],
  ['one status', { status: ['completed'] }],
  ['several statuses', { status: ['in_progress', 'timed_out', 'failed'] }],
  ['agent type', { agent_type: 'database' }],
  ['alert type', { alert_type: 'DiskFull' }],
  ['status and agent type', { status: ['in_progress'], agent_type: 'kubernetes' }],
  ['everything', { status: ['completed'], agent_type: 'kubernetes', alert_type: 'DiskFull' }],
  ['nothing matches', { agent_type: 'nobody' }],
];

describe('which lists the counters answer', () => {
  it('only those filtered by status, agent type and alert type; any other filter counts rows', () => {
    for (const [, filters] of filterCases) expect(countedByKey(filters)).toBe(true);
    expect(countedByKey({ status: ['completed'], min_cost_usd: '0.5' })).toBe(false);
    expect(countedByKey({ search: 'disk' })).toBe(false);
    expect(countedByKey({ start_date_us: 1 })).toBe(false);
  });
});

const statuses = ['in_progress', 'completed', 'failed'] as const;
const agents = ['kubernetes', 'database'];
const alerts = ['DiskFull', 'PodCrashLooping', null];

function session(i: number): SessionRecord {
  return sessionRecord({
    session_id: `count-${String(i).padStart(4, '0')}`,
    alert_id: `alert-${i}`,
    status: statuses[i % 3] ?? 'in_progress',
    agent_type: agents[i % 2] ?? 'kubernetes',
    alert_type: alerts[i % 3] ?? null,
    started_at_us: 1_767_225_600_000_000 + i * 1_000_000,
    completed_at_us: i % 3 === 0 ? null : 1_767_225_600_000_000 + i * 1_000_000 + 5_000,
  });
}

/** The count of the same filter over the rows themselves. */
async function countedRows(database: TestDatabase, filters: SessionListFilters): Promise<number> {
  const rows = await executeSql<{ status: string; agent_type: string; alert_type: string | null }>(
    database.db,
    'select status, agent_type, alert_type from alert_sessions',
  );
  return rows.filter(
    (r) =>
      (filters.status === undefined || (filters.status as string[]).includes(r.status)) &&
      (filters.agent_type === undefined || r.agent_type === filters.agent_type) &&
      (filters.alert_type === undefined || r.alert_type === filters.alert_type),
  ).length;
}

async function expectCountsMatchRows(database: TestDatabase, step: string): Promise<void> {
  for (const [name, filters] of filterCases) {
    const expected = await countedRows(database, filters);
    expect(await countSessionsByKey(database.db, filters), `${step}: ${name}`).toBe(expected);
    expect(await countSessions(database.db, filters), `${step}: ${name}`).toBe(expected);
  }
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'session counters on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await driver.create();
    });
    afterAll(() => database.dispose());

    it('start at zero', async () => {
      expect(await countSessions(database.db, {})).toBe(0);
      await expectCountsMatchRows(database, 'empty');
    });

    it('count sessions inserted in one statement and one at a time', async () => {
      await insertSessions(
        database.db,
        Array.from({ length: 30 }, (_, i) => session(i)),
      );
      for (let i = 30; i < 36; i++) expect(await insertSession(database.db, session(i))).toBe(true);
      // A second insert of an existing session changes nothing.
      expect(await insertSession(database.db, session(3))).toBe(false);
      expect(await countSessions(database.db, {})).toBe(36);
      await expectCountsMatchRows(database, 'after ingest');
    });

    it('follow a session whose status, agent or alert type changes, and ignore other updates', async () => {
      await updateSession(database.db, 'count-0000', {
        status: 'completed',
        completed_at_us: null,
      });
      await updateSession(database.db, 'count-0001', { agent_type: 'database' });
      await updateSession(database.db, 'count-0002', { alert_type: null });
      await updateSession(database.db, 'count-0004', { current_stage_index: 1 });
      await expectCountsMatchRows(database, 'after updates');
    });

    it('follow the stale sweep, which ends many sessions in one statement', async () => {
      const running = await executeSql<{ session_id: string }>(
        database.db,
        `select session_id from alert_sessions where status = 'in_progress'`,
      );
      expect(running.length).toBeGreaterThan(3);
      await timeOutSessions(
        database.db,
        running.map((r) => r.session_id),
        1_767_325_600_000_000,
        'stale',
      );
      await expectCountsMatchRows(database, 'after the stale sweep');
      expect(await countSessions(database.db, { status: ['in_progress'] })).toBe(0);
    });

    it('follow deletion', async () => {
      await deleteSessionsCascade(database.db, ['count-0005', 'count-0006', 'count-0007']);
      expect(await countSessions(database.db, {})).toBe(33);
      await expectCountsMatchRows(database, 'after deletion');
    });

    it('leave nothing behind of a transaction rolled back', async () => {
      const before = await countSessions(database.db, {});
      await expect(
        transaction(database.db, async (tx) => {
          await insertSessions(tx, [session(100), session(101)]);
          await deleteSessionsCascade(tx, ['count-0010']);
          expect(await countSessions(tx, {})).toBe(before + 1);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await countSessions(database.db, {})).toBe(before);
      await expectCountsMatchRows(database, 'after a rollback');
    });

    it('keep every count when the deltas are folded, one row per key', async () => {
      const deltas = await executeSql<{ n: number }>(
        database.db,
        'select count(*)::int as n from session_counts',
      );
      const folded = await compactSessionCounts(database.db);
      expect(folded).toBe(Number(deltas[0]?.n));
      const keys = await executeSql<{ rows: number; keys: number }>(
        database.db,
        `select count(*)::int as rows,
         count(distinct (status, agent_type, coalesce(alert_type, '')))::int as keys
       from session_counts`,
      );
      expect(keys[0]?.rows).toBe(keys[0]?.keys);
      expect(keys[0]?.rows).toBeLessThan(Number(deltas[0]?.n));
      await expectCountsMatchRows(database, 'after folding');
      // Writes after a fold are counted on top of it.
      await insertSessions(database.db, [session(200), session(201)]);
      await expectCountsMatchRows(database, 'after folding and ingest');
    });

    it('fold by themselves once a count reads past a thousand deltas', async () => {
      for (let i = 0; i < 1_010; i += 1) {
        await updateSession(database.db, 'count-0011', {
          status: i % 2 === 0 ? 'failed' : 'completed',
        });
      }
      await expectCountsMatchRows(database, 'after many status changes');
      const rows = await executeSql<{ n: number }>(
        database.db,
        'select count(*)::int as n from session_counts',
      );
      expect(Number(rows[0]?.n)).toBeLessThan(100);
    });

    it('still count the rows for a time range or a search', async () => {
      const range = { start_date_us: 1_767_225_600_000_000, end_date_us: 1_767_225_620_000_000 };
      const inRange = await executeSql<{ n: number }>(
        database.db,
        `select count(*)::int as n from alert_sessions
       where started_at_us between ${range.start_date_us} and ${range.end_date_us}`,
      );
      expect(await countSessions(database.db, range)).toBe(Number(inRange[0]?.n));
      expect(await countSessions(database.db, { search: 'payments' })).toBe(
        await countSessions(database.db, {}),
      );
    });

    it('are emptied by a truncate', async () => {
      await executeSql(database.db, 'truncate alert_sessions cascade');
      expect(await countSessions(database.db, {})).toBe(0);
      await expectCountsMatchRows(database, 'after a truncate');
    });
  },
);
