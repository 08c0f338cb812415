import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  preparedStatements,
  sessionRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { transaction } from '../transaction.js';
import { findExistingSessionIds } from './casefiles.js';
import {
  findOtelSessions,
  findTraceSpans,
  insertOtelSpans,
  lockTraces,
  markOtelSpansApplied,
  type OtelSessionRow,
  type OtelSpanRow,
  upsertOtelSessions,
} from './otel.js';
import { insertSessions } from './sessions.js';

function waiting(traceId: string, spanId: string, parent: string | null = null): OtelSpanRow {
  return {
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: parent,
    role: 'llm',
    received_at_us: 1_000,
    applied: false,
    span: null,
    session_id: null,
    stage_scope_id: null,
  };
}

function activity(overrides: Partial<OtelSessionRow> = {}): OtelSessionRow {
  return {
    session_id: 'otel-s',
    keyed_by_trace: true,
    last_received_at_us: 1_000,
    root_end_us: null,
    root_failed: null,
    root_error: null,
    root_output: null,
    closed: false,
    ...overrides,
  };
}

// The bookkeeping of the OTLP receiver, on every driver.
describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'OTLP span store on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('finds the spans of the traces asked for, and marks spans applied with their place', async () => {
      const { db } = database;
      await insertOtelSpans(db, [waiting('t1', 'a'), waiting('t1', 'b', 'a'), waiting('t2', 'c')]);
      await transaction(db, async (tx) => {
        await lockTraces(tx, ['t2', 't1', 't1']);
        await markOtelSpansApplied(tx, [
          { trace_id: 't1', span_id: 'b', session_id: 's1', stage_scope_id: 't1-a' },
        ]);
      });
      const spans = await findTraceSpans(db, ['t1', 't1', 'missing']);
      expect(
        spans.map((s) => [s.span_id, s.applied, s.session_id, s.stage_scope_id]).sort(),
      ).toEqual([
        ['a', false, null, null],
        ['b', true, 's1', 't1-a'],
      ]);
      expect(await findTraceSpans(db, [])).toEqual([]);
    });

    it('keeps the latest root outcome and moves the last activity only forward', async () => {
      const { db } = database;
      await upsertOtelSessions(db, [
        activity({
          last_received_at_us: 5_000,
          root_end_us: 2_000,
          root_failed: false,
          root_output: 'first',
        }),
      ]);
      // An earlier root and an older receipt change nothing; a later root replaces the outcome.
      await upsertOtelSessions(db, [
        activity({
          last_received_at_us: 4_000,
          root_end_us: 1_000,
          root_failed: true,
          root_error: 'old',
        }),
      ]);
      expect(await findOtelSessions(db, ['otel-s'])).toEqual([
        activity({
          last_received_at_us: 5_000,
          root_end_us: 2_000,
          root_failed: false,
          root_output: 'first',
        }),
      ]);
      await upsertOtelSessions(db, [
        activity({
          last_received_at_us: 6_000,
          root_end_us: 3_000,
          root_failed: true,
          root_error: 'boom',
        }),
      ]);
      expect(await findOtelSessions(db, ['otel-s'])).toEqual([
        activity({
          last_received_at_us: 6_000,
          root_end_us: 3_000,
          root_failed: true,
          root_error: 'boom',
        }),
      ]);
      // A span that is no root keeps the outcome.
      await upsertOtelSessions(db, [activity({ last_received_at_us: 7_000 })]);
      expect((await findOtelSessions(db, ['otel-s']))[0]).toMatchObject({
        last_received_at_us: 7_000,
        root_end_us: 3_000,
        root_error: 'boom',
      });
    });

    it('tells which session ids exist, whatever the repeats', async () => {
      const { db } = database;
      await insertSessions(db, [
        sessionRecord({ session_id: 's1' }),
        sessionRecord({ session_id: 's2' }),
      ]);
      expect([...(await findExistingSessionIds(db, ['s2', 'nope', 's2', 's1']))].sort()).toEqual([
        's1',
        's2',
      ]);
    });

    // postgres.js sends a statement that is not prepared with a Describe first and
    // waits for its answer before sending anything behind it: each one on an
    // export's path cost a round trip of its own and broke the pipelining of the
    // statements sent together with it.
    it.runIf(driver.dialect === 'postgres')(
      'prepares the statements of an export, so that they are pipelined',
      async () => {
        const { db } = database;
        const statements = await transaction(db, async (tx) => {
          await lockTraces(tx, ['t1']);
          await findTraceSpans(tx, ['t1']);
          await findExistingSessionIds(tx, ['s1']);
          await insertOtelSpans(tx, [waiting('t1', 'a')]);
          await markOtelSpansApplied(tx, [
            { trace_id: 't1', span_id: 'a', session_id: 's1', stage_scope_id: null },
          ]);
          await upsertOtelSessions(tx, [activity()]);
          return preparedStatements(tx);
        });
        for (const fragment of [
          'pg_advisory_xact_lock(hashtextextended',
          'from "otel_spans" where "otel_spans"."trace_id" = any',
          'from "alert_sessions" where "alert_sessions"."session_id" = any',
          'insert into "otel_spans"',
          'update "otel_spans" set',
          'insert into "otel_sessions"',
        ]) {
          expect(
            statements.some((statement) => statement.includes(fragment)),
            fragment,
          ).toBe(true);
        }
      },
    );
  },
);
