import {
  findAppliedEventsOfSession,
  findLiveEventsAfter,
  tryRetentionLock,
} from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub, type Services } from '../services.js';
import { envelope, testBodies, testCaller, testRun, testT0 } from '../testing/index.js';
import { sessionDeletedEvents } from './live-events.js';

const dayUs = 86_400_000_000;
const minuteUs = 60_000_000;

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'data lifecycle on $dialect',
  (driver) => {
    let database: TestDatabase;
    let services: Services;
    beforeEach(async () => {
      database = await driver.create();
      services = createHub({ db: database.db }, { circuitBreaker: false }).as(testCaller);
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('deletes a session with everything under it and refuses a replay of its events (410)', async () => {
      const run = testRun('s1', { stages: 2, llmPerStage: 2, mcpPerStage: 1 });
      expect((await services.ingest.batch({ batch: run })).errors).toEqual([]);
      const result = await services.sessions.delete({ session_id: 's1' });
      expect(result.deleted).toMatchObject({
        sessions: 1,
        stages: 2,
        llm_interactions: 4,
        mcp_communications: 2,
        ingest_events: run.length,
      });
      await expect(services.sessions.get({ session_id: 's1' })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(await findAppliedEventsOfSession(database.db, 's1')).toEqual([]);
      // The session's own live events went with it; the deletion is announced on both channels.
      for (const channel of ['sessions', 'session:s1']) {
        const live = await findLiveEventsAfter(database.db, {
          channel,
          afterId: 0,
          untilId: Number.MAX_SAFE_INTEGER,
          limit: 100,
        });
        expect(live.map((e) => e.type)).toEqual(['session.deleted']);
      }
      const replay = await services.ingest.batch({ batch: run });
      expect(replay.successes).toEqual([]);
      expect(replay.errors).toHaveLength(run.length);
      for (const error of replay.errors) {
        expect(error.status).toBe(410);
        expect(error.message).toMatch(/session "s1" was deleted at .* by system:test/);
      }
      // The session stays gone; deleting it again says so.
      await expect(services.sessions.get({ session_id: 's1' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(services.sessions.delete({ session_id: 's1' })).rejects.toMatchObject({
        code: 'gone',
      });
      await expect(services.sessions.delete({ session_id: 'never' })).rejects.toMatchObject({
        code: 'not_found',
      });
      const audit = await services.audit.list({ operation: 'sessions.delete' });
      expect(audit.events.map((e) => [e.target, e.outcome])).toEqual([
        ['session:never', 'error'],
        ['session:s1', 'error'],
        ['session:s1', 'success'],
      ]);
    });

    it('times out a session with no event for the configured time, and stores late events with a note', async () => {
      await services.ingest.batch({ batch: testRun('idle', { running: true }) });
      await services.ingest.batch({ batch: testRun('done') });
      await services.ingest.batch({
        batch: [
          envelope('stage.started', testBodies.stageStarted('idle', 'open-stage', 5), 'open-1'),
        ],
      });
      // A cancel that no runtime answers (its runtime is gone) is stale too.
      await services.ingest.batch({ batch: testRun('orphan', { running: true }) });
      await services.sessions.cancel({ session_id: 'orphan' });
      const receivedUs = Date.now() * 1000;
      const early = await services.sessions.sweepStale({
        now_us: receivedUs + 30 * minuteUs,
        stale_after_ms: 60 * 60_000,
      });
      expect(early.sessions).toEqual([]);
      const swept = await services.sessions.sweepStale({
        now_us: receivedUs + 61 * minuteUs,
        stale_after_ms: 60 * 60_000,
      });
      expect(swept.sessions).toEqual(['idle', 'orphan']);
      expect((await services.sessions.get({ session_id: 'orphan' })).status).toBe('timed_out');
      expect(swept.stages).toBe(1);
      const timedOutLive = await findLiveEventsAfter(database.db, {
        channel: 'sessions',
        afterId: 0,
        untilId: Number.MAX_SAFE_INTEGER,
        limit: 100,
      });
      expect(
        timedOutLive.filter((e) => e.type === 'session.timed_out' && e.session_id === 'idle'),
      ).toEqual([
        expect.objectContaining({
          session_id: 'idle',
          payload: { status: 'timed_out', error_message: expect.stringMatching(/60 min/) },
        }),
      ]);
      const detail = await services.sessions.get({ session_id: 'idle' });
      expect(detail.status).toBe('timed_out');
      expect(detail.error_message).toMatch(/no event for 60 min/);
      expect(detail.stages.find((s) => s.execution_id === 'open-stage')).toMatchObject({
        status: 'timed_out',
        error_message: expect.stringMatching(/no event for 60 min/),
      });
      const late = await services.ingest.batch({
        batch: [
          envelope('llm.interaction', testBodies.llm('idle', 'late-llm', null), 'late-1'),
          envelope(
            'session.completed',
            { session_id: 'idle', completed_at_us: testT0 + 90 * minuteUs },
            'late-2',
          ),
        ],
      });
      expect(late.successes).toEqual([
        { id: 'late-1', status: 201, note: expect.stringMatching(/had timed out/) },
      ]);
      expect(late.errors).toEqual([
        expect.objectContaining({
          id: 'late-2',
          status: 409,
          message: expect.stringMatching(/timed_out/),
        }),
      ]);
      const audit = await services.audit.list({ operation: 'sessions.timeOut' });
      expect(audit.events.map((e) => e.target).sort()).toEqual(['session:idle', 'session:orphan']);
    });

    it('deletes expired sessions in batches, keeping those a longer rule covers; a dry run deletes nothing', async () => {
      for (const id of ['a', 'b', 'c', 'd', 'e']) {
        await services.ingest.batch({ batch: testRun(id) });
      }
      await services.ingest.batch({ batch: testRun('f', { running: true }) });
      const now_us = testT0 + 400 * dayUs;
      const policy = { default_days: 365, by_status: { in_progress: 500 } };
      const dry = await services.retention.run({ now_us, policy, dry_run: true });
      expect(dry.deleted.sessions).toBe(5);
      expect(dry.deleted.llm_interactions).toBe(20);
      expect((await services.sessions.list({})).pagination.total_items).toBe(6);
      const run = await services.retention.run({ now_us, policy, batch_size: 2 });
      expect(run).toMatchObject({ dry_run: false, skipped: false, batches: 3 });
      expect(run.deleted).toEqual(dry.deleted);
      const left = await services.sessions.list({});
      expect(left.sessions.map((s) => s.session_id)).toEqual(['f']);
    });

    it.runIf(driver.dialect === 'postgres')(
      'skips a run while another instance holds the retention lock, and deletes once it is free',
      async () => {
        await services.ingest.batch({ batch: testRun('old') });
        const now_us = testT0 + 400 * dayUs;
        // Another connection (another instance) holds the advisory lock in its transaction.
        const held = await database.db.transaction(async (tx) => {
          expect(await tryRetentionLock(tx)).toBe(true);
          return services.retention.run({ now_us });
        });
        expect(held).toMatchObject({ skipped: true, batches: 0, deleted: { sessions: 0 } });
        expect((await services.sessions.list({})).pagination.total_items).toBe(1);
        const free = await services.retention.run({ now_us });
        expect(free).toMatchObject({ skipped: false, batches: 1, deleted: { sessions: 1 } });
      },
    );

    it('describes a deletion as live events on the list and the session channel', () => {
      expect(sessionDeletedEvents('s1', 5)).toEqual([
        {
          channel: 'sessions',
          session_id: 's1',
          type: 'session.deleted',
          payload: {},
          created_at_us: 5,
        },
        {
          channel: 'session:s1',
          session_id: 's1',
          type: 'session.deleted',
          payload: {},
          created_at_us: 5,
        },
      ]);
    });
  },
);
