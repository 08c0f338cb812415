import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertSessions } from '../schema/sessions.js';
import { stageExecutions } from '../schema/stages.js';
import {
  executeSql,
  sessionRecord,
  stageRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { transaction } from '../transaction.js';
import { lockSessionStates } from './sessions.js';
import { findStageStates } from './stages.js';
import { timeOutSessions } from './stale-sessions.js';
import { findTombstones } from './tombstones.js';

// Statements that name their rows by a JSON list of ids. Written as `in (select
// jsonb_array_elements_text(...))`, the planner took the list for 100 rows and read
// tens of thousands of sessions or stages by a sequential scan, on every ingest batch:
// a cost that grew with the history. They must stay index lookups.
const postgres = testDrivers(process.env.TEST_DATABASE_URL).filter((d) => d.dialect === 'postgres');

// The plans are PostgreSQL's (PGlite's tables here would be too small to tell): without
// TEST_DATABASE_URL the suite is reported skipped, not missing.
describe.runIf(postgres.length === 0)('id-list lookups at scale', () => {
  it.skip('needs PostgreSQL: set TEST_DATABASE_URL', () => {});
});

describe.each(postgres)('id-list lookups at scale on $dialect', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await driver.create();
  });
  afterEach(() => db.dispose());

  it('read sessions and stages by index, not by scanning the tables', async () => {
    // Enough rows that a scan costs more than looking ten ids up (a scan of a small
    // table is the right plan, and not what this is about).
    const count = 20_000;
    const id = (i: number) => `s${String(i).padStart(6, '0')}`;
    for (let start = 0; start < count; start += 1_000) {
      const ids = Array.from({ length: 1_000 }, (_, k) => id(start + k));
      await db.db
        .insert(alertSessions)
        .values(ids.map((session_id) => sessionRecord({ session_id, status: 'in_progress' })));
      await db.db
        .insert(stageExecutions)
        .values(
          ids.map((session_id) => stageRecord({ session_id, execution_id: `${session_id}:e` })),
        );
    }
    await executeSql(db.db, 'analyze alert_sessions; analyze stage_executions');
    const sessionIds = Array.from({ length: 10 }, (_, k) => id(k * 1_999));
    const stageIds = sessionIds.map((s) => `${s}:e`);
    const outcome = await transaction(db.db, async (tx) => {
      const sessions = await lockSessionStates(tx, sessionIds);
      const stages = await findStageStates(tx, stageIds);
      await findTombstones(tx, sessionIds);
      await timeOutSessions(tx, sessionIds, Date.now() * 1000, 'timed out in a test');
      // This transaction's own counts, before they are reported.
      const scans = await executeSql<{ relname: string; n: number }>(
        tx,
        `select relname, seq_scan::int as n from pg_stat_xact_user_tables
            where relname in ('alert_sessions', 'stage_executions') order by relname`,
      );
      return { sessions, stages, scans };
    });
    expect(outcome.sessions).toHaveLength(10);
    expect(outcome.stages).toHaveLength(10);
    expect(outcome.scans).toEqual([
      { relname: 'alert_sessions', n: 0 },
      { relname: 'stage_executions', n: 0 },
    ]);
  });
});
