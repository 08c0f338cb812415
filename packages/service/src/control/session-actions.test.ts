import type { Principal } from '@hindsight/models';
import { findSession, listAuditEvents, readLiveLog } from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { createRecorder } from '../recorder/recorder.js';
import { createHub, type Hub, type Services } from '../services.js';
import { envelope, testBodies, testCaller, testRun, testT0 } from '../testing/index.js';

const drivers = testDrivers(process.env.TEST_DATABASE_URL);

const operator: Principal = { kind: 'user', id: 'ops@example.com', scopes: ['control'] };
const reader: Principal = { kind: 'user', id: 'viewer@example.com', scopes: ['read'] };

describe.each(drivers)('control actions on $dialect', (driver) => {
  let database: TestDatabase;
  let hub: Hub;
  let system: Services;
  let ops: Services;
  beforeEach(async () => {
    database = await driver.create();
    hub = createHub({ db: database.db });
    system = hub.as(testCaller);
    ops = hub.as({ principal: operator, requestId: 'req-1' });
  });
  afterEach(() => database.dispose());

  const controlEvents = async () =>
    (await readLiveLog(database.db, 0, 1_000)).events
      .filter((e) => e.channel === 'cancellations')
      .map((e) => ({ type: e.type, session_id: e.session_id, payload: e.payload }));

  /** A running session with one parallel stage and two agents under it. */
  async function parallelRun(sessionId: string) {
    await system.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted(sessionId), `${sessionId}-a`),
        envelope(
          'stage.started',
          testBodies.stageStarted(sessionId, 'parent', 0, { parallel_type: 'multi_agent' }),
          `${sessionId}-b`,
        ),
      ],
    });
    // The children come in a later batch: their parent is found among the stored stages.
    const children = await system.ingest.batch({
      batch: [
        ...[1, 2].map((index) =>
          envelope(
            'stage.started',
            testBodies.stageStarted(sessionId, `child-${index}`, 0, {
              parallel_index: index,
              parent_stage_execution_id: 'parent',
              agent: `Agent${index}`,
            }),
            `${sessionId}-c${index}`,
          ),
        ),
      ],
    });
    expect(children.errors).toEqual([]);
  }

  it('cancels a running session: canceling, a control event, an audit row with the principal', async () => {
    await system.ingest.batch({ batch: testRun('s1', { running: true }) });
    const answer = await ops.sessions.cancel({ session_id: 's1' });
    expect(answer).toEqual({
      success: true,
      message: 'Cancellation request sent',
      session_id: 's1',
      status: 'canceling',
    });
    expect((await findSession(database.db, 's1'))?.status).toBe('canceling');
    expect(await controlEvents()).toEqual([
      { type: 'session.cancel_requested', session_id: 's1', payload: {} },
    ]);
    const audit = await listAuditEvents(database.db, {
      filters: { target: 'session:s1' },
      limit: 5,
    });
    expect(audit.map((a) => [a.operation, a.principal_id, a.outcome])).toEqual([
      ['sessions.cancel', 'user:ops@example.com', 'success'],
    ]);

    // A repeat sends the request again (a runtime may have missed it) and stays canceling.
    await ops.sessions.cancel({ session_id: 's1' });
    expect(await controlEvents()).toHaveLength(2);
  });

  it('keeps canceling through progress reports, until the runtime reports the end', async () => {
    await system.ingest.batch({ batch: testRun('s2', { running: true }) });
    await ops.sessions.cancel({ session_id: 's2' });
    await system.ingest.batch({
      batch: [envelope('session.updated', { session_id: 's2', status: 'in_progress' }, 'u1')],
    });
    expect((await findSession(database.db, 's2'))?.status).toBe('canceling');
    await system.ingest.batch({
      batch: [
        envelope('session.cancelled', { session_id: 's2', completed_at_us: testT0 + 9e6 }, 'u2'),
      ],
    });
    expect((await findSession(database.db, 's2'))?.status).toBe('cancelled');
    await expect(ops.sessions.cancel({ session_id: 's2' })).rejects.toThrow(ConflictError);
    await expect(ops.sessions.cancel({ session_id: 's2' })).rejects.toThrow(
      'session s2 is already cancelled: it cannot be cancelled',
    );
  });

  it('refuses a missing session (404), an ended one (409) and a caller without control (403)', async () => {
    await expect(ops.sessions.cancel({ session_id: 'nope' })).rejects.toThrow(NotFoundError);
    await system.ingest.batch({ batch: testRun('done') });
    await expect(ops.sessions.cancel({ session_id: 'done' })).rejects.toThrow(ConflictError);
    await expect(
      hub.as({ principal: reader }).sessions.cancel({ session_id: 'done' }),
    ).rejects.toThrow(ForbiddenError);
    // A refused call is audited too, and publishes nothing.
    const audit = await listAuditEvents(database.db, {
      filters: { target: 'session:done' },
      limit: 5,
    });
    expect(audit.map((a) => a.outcome).sort()).toEqual(['denied', 'error']);
    expect(await controlEvents()).toEqual([]);
  });

  it('resumes only a paused session, and tells the runtimes', async () => {
    await system.ingest.batch({ batch: testRun('p1', { running: true }) });
    await expect(ops.sessions.resume({ session_id: 'p1' })).rejects.toThrow(
      'session p1 is not paused (status: in_progress)',
    );
    const pause = { reason: 'max_iterations_reached', message: 'paused', paused_at_us: testT0 };
    await system.ingest.batch({
      batch: [
        envelope(
          'session.updated',
          { session_id: 'p1', status: 'paused', pause_metadata: pause },
          'pause',
        ),
      ],
    });
    expect((await findSession(database.db, 'p1'))?.pause_metadata).toEqual(pause);
    const answer = await ops.sessions.resume({ session_id: 'p1' });
    expect(answer).toMatchObject({ status: 'paused', message: 'Session resume initiated' });
    expect(await controlEvents()).toEqual([
      { type: 'session.resume_requested', session_id: 'p1', payload: {} },
    ]);
    // The runtime resumes: the pause reason goes.
    await system.ingest.batch({
      batch: [envelope('session.updated', { session_id: 'p1', status: 'in_progress' }, 'go')],
    });
    expect((await findSession(database.db, 'p1'))?.pause_metadata).toBeNull();
  });

  it('cancels one agent of a parallel stage, and only a child that is still running', async () => {
    await parallelRun('par');
    const answer = await ops.sessions.cancelStage({ session_id: 'par', execution_id: 'child-2' });
    expect(answer).toEqual({
      success: true,
      message: 'Agent cancellation request sent',
      session_id: 'par',
      execution_id: 'child-2',
      session_status: 'in_progress',
      stage_status: 'active',
    });
    expect(await controlEvents()).toEqual([
      {
        type: 'agent.cancel_requested',
        session_id: 'par',
        payload: {
          execution_id: 'child-2',
          agent_name: 'Agent2',
          parent_stage_execution_id: 'parent',
        },
      },
    ]);
    await expect(
      ops.sessions.cancelStage({ session_id: 'par', execution_id: 'parent' }),
    ).rejects.toThrow('is not a child stage');
    await expect(
      ops.sessions.cancelStage({ session_id: 'par', execution_id: 'ghost' }),
    ).rejects.toThrow(NotFoundError);
    await system.ingest.batch({
      batch: [
        envelope(
          'stage.completed',
          testBodies.stageCompleted('par', 'child-1', testT0 + 5e6),
          'end1',
        ),
      ],
    });
    await expect(
      ops.sessions.cancelStage({ session_id: 'par', execution_id: 'child-1' }),
    ).rejects.toThrow('stage execution child-1 is already completed');
  });

  it('refuses a child stage whose parent is not a stage of the session', async () => {
    await system.ingest.batch({ batch: testRun('orphan', { running: true, stages: 0 }) });
    const answer = await system.ingest.batch({
      batch: [
        envelope(
          'stage.started',
          testBodies.stageStarted('orphan', 'kid', 0, { parent_stage_execution_id: 'missing' }),
          'kid',
        ),
      ],
    });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]).toMatchObject({ status: 404 });
  });

  it("aborts a recorder's cancellation signal once a cancel is requested", async () => {
    await system.ingest.batch({ batch: testRun('r1', { running: true }) });
    const recorder = createRecorder({ ctx: { db: database.db } });
    const watch = recorder.cancellation('r1', { intervalMs: 5 });
    const aborted = new Promise<unknown>((resolve) =>
      watch.signal.addEventListener('abort', () => resolve(watch.signal.reason)),
    );
    expect(watch.signal.aborted).toBe(false);
    await ops.sessions.cancel({ session_id: 'r1' });
    const reason = await aborted;
    expect(reason).toMatchObject({ name: 'SessionCancelRequestedError', sessionId: 'r1' });
    watch.stop();
  });
});
