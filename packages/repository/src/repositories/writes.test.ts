import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseErrorKind } from '../errors.js';
import {
  llmRecord,
  mcpRecord,
  preparedStatements,
  sessionRecord,
  stageRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { transaction } from '../transaction.js';
import {
  claimEvents,
  correctClaimedEvents,
  findAppliedEventIds,
  findAppliedEventsOfSession,
  insertAppliedEvents,
  releaseEvents,
} from './ingest-events.js';
import { insertLLMInteractions, insertMCPCommunications } from './interactions.js';
import { appendLiveEvents } from './live-events.js';
import {
  findSession,
  findSessionDetail,
  insertSessions,
  lockSessionStates,
  updateSession,
} from './sessions.js';
import { findStageStates, insertStages, updateStage, updateStages } from './stages.js';

async function kindOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return databaseErrorKind(error);
  }
  return 'no error';
}

// The write side ingest uses, on every driver.
describe.each(testDrivers(process.env.TEST_DATABASE_URL))('ingest writes on $dialect', (driver) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await driver.create();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('inserts sessions in bulk and reads back their lifecycle state under a lock', async () => {
    const { db } = database;
    await insertSessions(db, [
      sessionRecord({ session_id: 's-b' }),
      sessionRecord({
        session_id: 's-a',
        status: 'completed',
        completed_at_us: 1_767_225_601_000_000,
      }),
    ]);
    const states = await transaction(db, (tx) => lockSessionStates(tx, ['s-b', 'missing', 's-a']));
    expect(states).toEqual([
      { session_id: 's-a', status: 'completed', started_at_us: 1_767_225_600_000_000 },
      { session_id: 's-b', status: 'in_progress', started_at_us: 1_767_225_600_000_000 },
    ]);
    expect(await lockSessionStates(db, [])).toEqual([]);
  });

  it('reports a duplicate session as a unique violation', async () => {
    await insertSessions(database.db, [sessionRecord()]);
    expect(await kindOf(insertSessions(database.db, [sessionRecord()]))).toBe('unique_violation');
  });

  it('updates only the fields of a patch', async () => {
    const { db } = database;
    await insertSessions(db, [sessionRecord({ session_metadata: { a: 1 } })]);
    expect(
      await updateSession(db, 'session-1', {
        status: 'completed',
        completed_at_us: 1_767_225_609_000_000,
        final_analysis: 'done',
      }),
    ).toBe(true);
    expect(await updateSession(db, 'missing', { status: 'failed' })).toBe(false);
    expect(await updateSession(db, 'session-1', {})).toBe(true);
    const stored = await findSession(db, 'session-1');
    expect(stored).toMatchObject({
      status: 'completed',
      final_analysis: 'done',
      session_metadata: { a: 1 },
      alert_data: sessionRecord().alert_data,
    });
  });

  it('finds stages by execution id in whichever session holds them', async () => {
    const { db } = database;
    await insertSessions(db, [sessionRecord(), sessionRecord({ session_id: 'session-2' })]);
    await insertStages(db, [
      stageRecord({ execution_id: 'exec-1' }),
      stageRecord({ session_id: 'session-2', execution_id: 'exec-2' }),
    ]);
    const states = await findStageStates(db, ['exec-2', 'exec-1', 'exec-9']);
    expect(states.map((s) => [s.session_id, s.execution_id, s.status]).sort()).toEqual([
      ['session-1', 'exec-1', 'active'],
      ['session-2', 'exec-2', 'active'],
    ]);
    expect(await findStageStates(db, [])).toEqual([]);
    expect(
      await updateStage(
        db,
        { session_id: 'session-1', execution_id: 'exec-1' },
        { status: 'failed', completed_at_us: 1_767_225_602_001_000, duration_ms: 2000 },
      ),
    ).toBe(true);
    expect(
      await updateStage(
        db,
        { session_id: 'session-2', execution_id: 'exec-1' },
        { status: 'failed' },
      ),
    ).toBe(false);
    const detail = await findSessionDetail(db, 'session-1');
    expect(detail?.stages[0]).toMatchObject({ status: 'failed', duration_ms: 2000 });
  });

  it('applies many stage patches at once, each to its own stage and columns only', async () => {
    const { db } = database;
    await insertSessions(db, [sessionRecord(), sessionRecord({ session_id: 'session-2' })]);
    await insertStages(db, [
      stageRecord({ execution_id: 'exec-1' }),
      stageRecord({ execution_id: 'exec-2', stage_name: 'kept' }),
      stageRecord({ session_id: 'session-2', execution_id: 'exec-3' }),
    ]);
    await updateStages(db, [
      {
        key: { session_id: 'session-1', execution_id: 'exec-1' },
        patch: { status: 'completed', completed_at_us: 1_767_225_602_001_000, duration_ms: 2000 },
      },
      { key: { session_id: 'session-1', execution_id: 'exec-2' }, patch: { status: 'failed' } },
      // Another session's stage of that id, and a patch of nothing: no change.
      { key: { session_id: 'session-2', execution_id: 'exec-1' }, patch: { status: 'failed' } },
      { key: { session_id: 'session-2', execution_id: 'exec-3' }, patch: {} },
    ]);
    await updateStages(db, []);
    const states = await findStageStates(db, ['exec-1', 'exec-2', 'exec-3']);
    expect(states.map((s) => [s.session_id, s.execution_id, s.status]).sort()).toEqual([
      ['session-1', 'exec-1', 'completed'],
      ['session-1', 'exec-2', 'failed'],
      ['session-2', 'exec-3', 'active'],
    ]);
    const detail = await findSessionDetail(db, 'session-1');
    expect(detail?.stages.map((stage) => [stage.duration_ms, stage.stage_name])).toEqual([
      [2000, stageRecord().stage_name],
      [stageRecord().duration_ms, 'kept'],
    ]);
  });

  // postgres.js sends an unprepared statement with a Describe first and holds
  // back everything behind it: each would cost ingest's write step a round trip.
  it.runIf(driver.dialect === 'postgres')(
    'prepares the statements of the write step that patch stages and append live events',
    async () => {
      const { db } = database;
      await insertSessions(db, [sessionRecord()]);
      await insertStages(db, [stageRecord({ execution_id: 'exec-1' })]);
      const statements = await transaction(db, async (tx) => {
        await updateStages(tx, [
          { key: { session_id: 'session-1', execution_id: 'exec-1' }, patch: { status: 'failed' } },
        ]);
        await appendLiveEvents(
          tx,
          [
            {
              channel: 'sessions',
              session_id: 'session-1',
              type: 'session.started',
              payload: {},
              created_at_us: 1,
            },
          ],
          { announce: false },
        );
        return preparedStatements(tx);
      });
      expect(
        statements.filter((text) => text.startsWith('update "stage_executions" set')),
      ).toHaveLength(1);
      expect(statements.filter((text) => text.includes('insert into "live_events"'))).toHaveLength(
        1,
      );
    },
  );

  it('inserts interactions in bulk, refusing or skipping (on request) the keys already stored', async () => {
    const { db } = database;
    await insertSessions(db, [sessionRecord(), sessionRecord({ session_id: 'session-2' })]);
    await insertStages(db, [stageRecord()]);
    expect(
      await insertLLMInteractions(db, [
        llmRecord({ interaction_id: 'a' }),
        llmRecord({ interaction_id: 'b' }),
      ]),
    ).toEqual([]);
    expect(await insertLLMInteractions(db, [])).toEqual([]);
    const again = [
      llmRecord({ interaction_id: 'b', model_name: 'other' }),
      llmRecord({ interaction_id: 'c' }),
      // Same id, other session: another interaction.
      llmRecord({ interaction_id: 'a', session_id: 'session-2', stage_execution_id: null }),
    ];
    expect(await kindOf(insertLLMInteractions(db, again))).toBe('unique_violation');
    expect(await insertLLMInteractions(db, again, { skipStored: true })).toEqual([
      { session_id: 'session-1', id: 'b' },
    ]);
    expect(await insertMCPCommunications(db, [mcpRecord()])).toEqual([]);
    expect(await kindOf(insertMCPCommunications(db, [mcpRecord()]))).toBe('unique_violation');
    expect(await insertMCPCommunications(db, [mcpRecord()], { skipStored: true })).toEqual([
      { session_id: 'session-1', id: 'mcp-1' },
    ]);
    const detail = await findSessionDetail(db, 'session-1');
    expect(detail?.llm_interaction_count).toBe(3);
    expect(detail?.stages[0]?.llm_interactions.find((i) => i.id === 'b')?.details.model_name).toBe(
      'gpt-4o',
    );
  });

  it('claims events once, releases refused ones, and corrects a claim', async () => {
    const { db } = database;
    const event = (event_id: string) => ({
      event_id,
      received_at_us: 5,
      type: 'session.started' as const,
      entity_id: 'session-1',
      session_id: 'session-1',
    });
    expect((await claimEvents(db, [event('b'), event('a')])).sort()).toEqual(['a', 'b']);
    expect(await claimEvents(db, [event('a'), event('c')])).toEqual(['c']);
    expect(await claimEvents(db, [])).toEqual([]);
    await releaseEvents(db, ['b', 'c']);
    await releaseEvents(db, []);
    expect(await findAppliedEventIds(db, ['a', 'b', 'c'])).toEqual(['a']);
    await correctClaimedEvents(db, [
      { ...event('a'), type: 'llm.interaction', entity_id: 'l-1', body_digest: 'd-1' },
    ]);
    expect(await findAppliedEventsOfSession(db, 'session-1')).toEqual([
      { ...event('a'), type: 'llm.interaction', entity_id: 'l-1', body_digest: 'd-1' },
    ]);
  });

  it('records applied events once; a second record of an id is a unique violation', async () => {
    const { db } = database;
    const event = {
      event_id: 'evt-1',
      received_at_us: 1,
      type: 'session.started' as const,
      entity_id: 'session-1',
      session_id: 'session-1',
    };
    await insertAppliedEvents(db, [event, { ...event, event_id: 'evt-0', received_at_us: 2 }]);
    expect((await findAppliedEventIds(db, ['evt-1', 'evt-2', 'evt-0'])).sort()).toEqual([
      'evt-0',
      'evt-1',
    ]);
    expect(await findAppliedEventIds(db, [])).toEqual([]);
    expect((await findAppliedEventsOfSession(db, 'session-1')).map((e) => e.event_id)).toEqual([
      'evt-1',
      'evt-0',
    ]);
    expect(await kindOf(insertAppliedEvents(db, [event]))).toBe('unique_violation');
  });

  it('classifies values the database refuses, and a closed database', async () => {
    const { db } = database;
    await insertSessions(db, [sessionRecord()]);
    await insertStages(db, [stageRecord()]);
    expect(await kindOf(insertLLMInteractions(db, [llmRecord({ input_tokens: 2 ** 40 })]))).toBe(
      'data',
    );
    expect(
      await kindOf(insertStages(db, [stageRecord({ execution_id: 'x', session_id: 'nope' })])),
    ).toBe('integrity');
    await database.dispose();
    expect(await kindOf(findSession(db, 'session-1'))).toBe('unavailable');
  });
});

describe('databaseErrorKind', () => {
  it('looks through wrapping errors to the driver code', () => {
    const wrapped = new Error('query failed', {
      cause: Object.assign(new Error('x'), { code: '40P01' }),
    });
    expect(databaseErrorKind(wrapped)).toBe('retryable');
    expect(databaseErrorKind(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(
      'unavailable',
    );
    expect(databaseErrorKind(Object.assign(new Error('x'), { code: '57P01' }))).toBe('unavailable');
    expect(databaseErrorKind(new Error('plain'))).toBe('other');
    expect(databaseErrorKind('not an error')).toBe('other');
  });
});
