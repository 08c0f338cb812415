import {
  DetailedSession,
  type IngestResult,
  IngestResult as IngestResultModel,
} from '@hindsight/models';
import { findAppliedEventIds, findAppliedEventsOfSession } from '@hindsight/repository';
import { executeSql, type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnavailableError, ValidationError } from '../errors.js';
import { createHub, type Services } from '../services.js';
import { envelope, testBodies, testCaller, testRun, testT0 } from '../testing/index.js';
import { defaultIngestLimits } from './limits.js';

function statuses(result: IngestResult): Record<string, number> {
  expect(v.safeParse(IngestResultModel, result).issues).toBeUndefined();
  return Object.fromEntries(
    [...result.successes, ...result.errors].map((entry) => [entry.id, entry.status]),
  );
}

function errorOf(result: IngestResult, id: string) {
  return result.errors.find((e) => e.id === id);
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('ingestBatch on $dialect', (driver) => {
  let database: TestDatabase;
  let services: Services;
  beforeEach(async () => {
    database = await driver.create();
    services = createHub({ db: database.db }).as(testCaller);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('applies a whole run in request order and reads it back with its counts and tokens', async () => {
    const run = testRun('s1', { stages: 2, llmPerStage: 3, mcpPerStage: 2 });
    const result = await services.ingest.batch({ batch: run });
    expect(result.errors).toEqual([]);
    expect(result.successes).toEqual(run.map((e) => ({ id: e.id, status: 201 })));

    const detail = v.parse(DetailedSession, await services.sessions.get({ session_id: 's1' }));
    expect(detail.status).toBe('completed');
    expect(detail.completed_at_us).toBe(testT0 + 60_000_000);
    expect(detail.final_analysis).toBe('The pod ran out of memory.');
    expect(detail.current_stage_index).toBe(1);
    expect(detail.current_stage_id).toBe('stage-1');
    expect(detail.stages.map((s) => [s.status, s.duration_ms])).toEqual([
      ['completed', 2500],
      ['completed', 2500],
    ]);
    expect(detail.llm_interaction_count).toBe(6);
    expect(detail.mcp_communication_count).toBe(4);
    expect(detail.total_interactions).toBe(10);
    expect(detail.stages[0]?.llm_interaction_count).toBe(3);
    // total_tokens is filled from input and output when the client leaves it out.
    expect(detail.session_input_tokens).toBe(600);
    expect(detail.session_output_tokens).toBe(120);
    expect(detail.session_total_tokens).toBe(720);
    const applied = await findAppliedEventsOfSession(database.db, 's1');
    expect(applied.map((e) => e.event_id).sort()).toEqual(run.map((e) => e.id).sort());
  });

  it('answers a replayed batch with 200s and leaves the data as it was', async () => {
    const run = testRun('s1');
    await services.ingest.batch({ batch: run });
    const before = await services.sessions.get({ session_id: 's1' });
    for (let i = 0; i < 2; i += 1) {
      const again = await services.ingest.batch({ batch: run });
      expect(again.errors).toEqual([]);
      expect(again.successes).toEqual(run.map((e) => ({ id: e.id, status: 200 })));
    }
    expect(await services.sessions.get({ session_id: 's1' })).toEqual(before);
  });

  it('continues a session across batches, updating stored rows', async () => {
    const run = testRun('s1', { stages: 1, llmPerStage: 1, mcpPerStage: 0 });
    for (const event of run) {
      const result = await services.ingest.batch({ batch: [event] });
      expect(result.successes).toEqual([{ id: event.id, status: 201 }]);
    }
    const update = envelope(
      'session.updated',
      { session_id: 's2', status: 'paused', session_metadata: { step: 2 } },
      'u1',
    );
    await services.ingest.batch({
      batch: [envelope('session.started', testBodies.sessionStarted('s2'), 'start-2'), update],
    });
    const detail = await services.sessions.get({ session_id: 's1' });
    expect(detail.status).toBe('completed');
    expect(detail.stages[0]?.status).toBe('completed');
    expect(detail.total_interactions).toBe(1);
    const paused = await services.sessions.get({ session_id: 's2' });
    expect(paused.status).toBe('paused');
    expect(paused.session_metadata).toEqual({ step: 2 });
  });

  it('answers a repeated event id within one batch as a repeat', async () => {
    const start = envelope('session.started', testBodies.sessionStarted('s1'), 'e1');
    const result = await services.ingest.batch({ batch: [start, start] });
    expect(result.successes).toEqual([
      { id: 'e1', status: 201 },
      { id: 'e1', status: 200 },
    ]);
  });

  it('records what was applied under an id that a batch repeats with another body', async () => {
    const result = await services.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted('s1'), 'start'),
        envelope('llm.interaction', testBodies.llm('ghost', 'l0', null), 'same-id'),
        envelope('llm.interaction', testBodies.llm('s1', 'l1', null), 'same-id'),
      ],
    });
    expect(result.errors.map((e) => [e.id, e.status])).toEqual([['same-id', 404]]);
    expect(result.successes).toEqual([
      { id: 'start', status: 201 },
      { id: 'same-id', status: 201 },
    ]);
    const applied = await findAppliedEventsOfSession(database.db, 's1');
    expect(applied.find((a) => a.event_id === 'same-id')).toMatchObject({
      type: 'llm.interaction',
      entity_id: 'l1',
      session_id: 's1',
    });
  });

  it('answers 404 for a missing session or stage, and lets the other events through', async () => {
    const batch = [
      envelope('session.started', testBodies.sessionStarted('s1'), 'ok-1'),
      envelope('stage.started', testBodies.stageStarted('ghost', 'x', 0), 'no-session'),
      envelope('stage.completed', testBodies.stageCompleted('s1', 'nope', testT0 + 5), 'no-stage'),
      envelope('llm.interaction', testBodies.llm('s1', 'l1', 'nope'), 'no-stage-llm'),
      envelope('mcp.communication', testBodies.mcp('ghost', 'm1', null), 'no-session-mcp'),
      envelope('session.completed', testBodies.sessionCompleted('ghost'), 'no-session-end'),
      envelope('llm.interaction', testBodies.llm('s1', 'l2', null), 'ok-2'),
    ];
    const result = await services.ingest.batch({ batch });
    expect(statuses(result)).toEqual({
      'ok-1': 201,
      'no-session': 404,
      'no-stage': 404,
      'no-stage-llm': 404,
      'no-session-mcp': 404,
      'no-session-end': 404,
      'ok-2': 201,
    });
    expect(result.errors.map((e) => e.id)).toEqual([
      'no-session',
      'no-stage',
      'no-stage-llm',
      'no-session-mcp',
      'no-session-end',
    ]);
    expect(errorOf(result, 'no-session')?.message).toContain('"ghost"');
    expect((await services.sessions.get({ session_id: 's1' })).total_interactions).toBe(1);
    // A rejected event is not recorded: once its session exists, a retry applies it.
    expect(await findAppliedEventIds(database.db, ['no-session'])).toEqual([]);
    await services.ingest.batch({
      batch: [envelope('session.started', testBodies.sessionStarted('ghost'), 'ghost-start')],
    });
    const retry = await services.ingest.batch({ batch: [batch[1]] });
    expect(retry.successes).toEqual([{ id: 'no-session', status: 201 }]);
  });

  it('answers 409 for events that break the lifecycle', async () => {
    await services.ingest.batch({ batch: testRun('done', { stages: 1 }) });
    await services.ingest.batch({ batch: testRun('open', { stages: 1, running: true }) });
    const batch = [
      envelope('session.started', testBodies.sessionStarted('open'), 'restart'),
      envelope('session.completed', testBodies.sessionCompleted('done'), 'recomplete'),
      envelope(
        'session.failed',
        { session_id: 'done', completed_at_us: testT0 + 9, error_message: 'x' },
        'refail',
      ),
      envelope('session.updated', { session_id: 'done', status: 'in_progress' }, 'revive'),
      envelope('stage.started', testBodies.stageStarted('done', 'late', 3), 'late-stage'),
      envelope(
        'stage.completed',
        testBodies.stageCompleted('open', 'open:exec-0', testT0 + 9e6),
        'stage-again',
      ),
      envelope('stage.started', testBodies.stageStarted('open', 'done:exec-0', 4), 'stolen-stage'),
      envelope('llm.interaction', testBodies.llm('open', 'x1', 'done:exec-0'), 'foreign-stage'),
      envelope(
        'stage.failed',
        {
          session_id: 'open',
          execution_id: 'done:exec-0',
          completed_at_us: testT0 + 9e6,
          error_message: 'x',
        },
        'foreign-end',
      ),
      envelope(
        'session.completed',
        testBodies.sessionCompleted('open', { completed_at_us: testT0 - 1 }),
        'before-start',
      ),
      envelope('llm.interaction', testBodies.llm('open', 'open:exec-0:llm-0', null), 'same-llm'),
      envelope('mcp.communication', testBodies.mcp('open', 'open:exec-0:mcp-0', null), 'same-mcp'),
    ];
    const result = await services.ingest.batch({ batch });
    expect(result.successes).toEqual([]);
    expect(result.errors.map((e) => [e.id, e.status])).toEqual(batch.map((e) => [e.id, 409]));
    expect(errorOf(result, 'recomplete')?.message).toContain('already completed');
    expect(errorOf(result, 'foreign-stage')?.message).toContain('belongs to session "done"');
    expect(errorOf(result, 'before-start')?.message).toContain('before');
    expect((await services.sessions.get({ session_id: 'done' })).status).toBe('completed');
    expect((await services.sessions.get({ session_id: 'open' })).status).toBe('in_progress');
  });

  it('rejects a second stored interaction and every repeat of its event', async () => {
    await services.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted('s1'), 'start'),
        envelope('llm.interaction', testBodies.llm('s1', 'l1', null), 'first'),
      ],
    });
    const second = envelope(
      'llm.interaction',
      testBodies.llm('s1', 'l1', null, { model_name: 'other' }),
      'second',
    );
    const fresh = envelope('llm.interaction', testBodies.llm('s1', 'l2', null), 'fresh');
    const result = await services.ingest.batch({ batch: [second, fresh, second] });
    expect(result.errors.map((e) => [e.id, e.status])).toEqual([
      ['second', 409],
      ['second', 409],
    ]);
    expect(result.successes).toEqual([{ id: 'fresh', status: 201 }]);
    expect(await findAppliedEventIds(database.db, ['second'])).toEqual([]);
    const detail = await services.sessions.get({ session_id: 's1' });
    expect(detail.session_level_interactions.map((i) => i.id).sort()).toEqual(['l1', 'l2']);
  });

  it('rejects a second stored interaction beside a stage start, whatever order the writes reach the database', async () => {
    await services.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted('s1'), 'start'),
        envelope('llm.interaction', testBodies.llm('s1', 'l1', null), 'first'),
      ],
    });
    // The stage start patches the session: a statement that reaches the database after the
    // interactions' insert, which fails; its "transaction is aborted" must not hide why.
    const result = await services.ingest.batch({
      batch: [
        envelope('stage.started', testBodies.stageStarted('s1', 'e1', 0), 'stage'),
        envelope('llm.interaction', testBodies.llm('s1', 'l1', 'e1'), 'again'),
      ],
    });
    expect(statuses(result)).toEqual({ stage: 201, again: 409 });
    const detail = v.parse(DetailedSession, await services.sessions.get({ session_id: 's1' }));
    expect(detail.current_stage_id).toBe(detail.stages[0]?.stage_id);
    expect(detail.llm_interaction_count).toBe(1);
  });

  it('answers 400 naming the field for a body that does not match its type', async () => {
    await services.ingest.batch({
      batch: [envelope('session.started', testBodies.sessionStarted('s1'), 'start')],
    });
    const batch = [
      envelope('session.completed', { session_id: 's1' }, 'no-time'),
      envelope(
        'llm.interaction',
        testBodies.llm('s1', 'l1', null, { input_tokens: 2 ** 31 }),
        'int32',
      ),
      envelope(
        'llm.interaction',
        testBodies.llm('s1', 'l2', null, { step_description: 'a\u0000b' }),
        'nul',
      ),
      envelope(
        'mcp.communication',
        testBodies.mcp('s1', 'm1', null, { result: { '\ud800': 1 } }),
        'surrogate',
      ),
      envelope(
        'mcp.communication',
        testBodies.mcp('s1', 'm2', null, { communication_type: 'tool_call', tool_name: null }),
        'no-tool',
      ),
    ];
    const result = await services.ingest.batch({ batch });
    expect(result.errors.map((e) => [e.id, e.status])).toEqual(batch.map((e) => [e.id, 400]));
    expect(errorOf(result, 'no-time')?.message).toContain('body.completed_at_us');
    expect(errorOf(result, 'int32')?.message).toContain('body.input_tokens');
    expect(errorOf(result, 'nul')?.message).toContain('body.step_description');
    expect(errorOf(result, 'surrogate')?.message).toContain('body.result');
    expect(errorOf(result, 'no-tool')?.message).toContain('body.tool_name');
  });

  it('enforces the configured size limits per event, truncating LLM messages', async () => {
    const limited = createHub(
      { db: database.db },
      {
        ingestLimits: {
          ...defaultIngestLimits,
          maxTextChars: 100,
          maxJsonChars: 200,
          maxMessageChars: 50,
          maxJsonDepth: 3,
        },
      },
    ).as(testCaller);
    const long = 'x'.repeat(120);
    const batch = [
      envelope('session.started', testBodies.sessionStarted('s1'), 'start'),
      envelope(
        'session.started',
        testBodies.sessionStarted('s2', { alert_data: { blob: long + long } }),
        'big-json',
      ),
      envelope(
        'llm.interaction',
        testBodies.llm('s1', 'l1', null, { error_message: long }),
        'big-text',
      ),
      envelope(
        'mcp.communication',
        testBodies.mcp('s1', 'm1', null, { result: { a: { b: { c: {} } } } }),
        'deep',
      ),
      envelope(
        'mcp.communication',
        testBodies.mcp('s1', 'm2', null, { result: { a: { b: { c: 1 } } } }),
        'deep-ok',
      ),
      envelope(
        'llm.interaction',
        testBodies.llm('s1', 'l2', null, {
          messages: [{ role: 'assistant', content: `${'y'.repeat(49)}\ud83d\ude00tail` }],
        }),
        'truncated',
      ),
    ];
    const result = await limited.ingest.batch({ batch });
    expect(statuses(result)).toEqual({
      start: 201,
      'big-json': 413,
      'big-text': 413,
      deep: 400,
      'deep-ok': 201,
      truncated: 201,
    });
    expect(errorOf(result, 'big-json')?.message).toContain('body.alert_data');
    expect(errorOf(result, 'deep')?.message).toContain('body.result.a.b.c');
    const detail = await limited.sessions.get({ session_id: 's1' });
    const llm = detail.session_level_interactions.find((i) => i.id === 'l2');
    const content = llm?.type === 'llm' ? llm.details.messages[0]?.content : undefined;
    // The cut never splits the emoji's surrogate pair, and says what it did.
    expect(content).toBe(
      `${'y'.repeat(49)}\n\n[truncated by Hindsight: 55 characters, the first 49 kept]`,
    );
  });

  it('refuses a malformed request whole, naming the envelope field', async () => {
    await expect(services.ingest.batch('nope')).rejects.toBeInstanceOf(ValidationError);
    await expect(services.ingest.batch({ batch: [] })).rejects.toBeInstanceOf(ValidationError);
    const bad = envelope('session.started', testBodies.sessionStarted('s1'), 'ok');
    const error = await services.ingest
      .batch({ batch: [bad, { ...bad, id: '', type: 'session.exploded' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path).sort()).toEqual([
      'batch.1.id',
      'batch.1.type',
    ]);
    // Nothing of a refused request is written, not even its valid events.
    expect(await findAppliedEventIds(database.db, ['ok'])).toEqual([]);
  });

  it('refuses a batch over the configured number of events with 413', async () => {
    const limited = createHub(
      { db: database.db },
      { ingestLimits: { ...defaultIngestLimits, maxEvents: 2 } },
    ).as(testCaller);
    const run = testRun('s1');
    await expect(limited.ingest.batch({ batch: run.slice(0, 3) })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    expect((await limited.ingest.batch({ batch: run.slice(0, 2) })).errors).toEqual([]);
  });

  it('answers alone an event the database refuses, committing the others', async () => {
    // A refusal no check above the database foresees: a trigger that rejects one id.
    await executeSql(
      database.db,
      `create function poison() returns trigger language plpgsql as $$
        begin
          if new.interaction_id = 'poison' then
            raise exception 'poisoned row' using errcode = '22023';
          end if;
          return new;
        end $$`,
    );
    await executeSql(
      database.db,
      'create trigger poison before insert on llm_interactions for each row execute function poison()',
    );
    const batch = [
      envelope('session.started', testBodies.sessionStarted('s1'), 'start'),
      envelope('llm.interaction', testBodies.llm('s1', 'fine-1', null), 'fine-1'),
      envelope('llm.interaction', testBodies.llm('s1', 'poison', null), 'poison'),
      envelope('llm.interaction', testBodies.llm('s1', 'fine-2', null), 'fine-2'),
      envelope('session.completed', testBodies.sessionCompleted('s1'), 'end'),
    ];
    const result = await services.ingest.batch({ batch });
    expect(statuses(result)).toEqual({
      start: 201,
      'fine-1': 201,
      poison: 400,
      'fine-2': 201,
      end: 201,
    });
    expect(errorOf(result, 'poison')?.message).toContain('poisoned row');
    const detail = await services.sessions.get({ session_id: 's1' });
    expect(detail.status).toBe('completed');
    expect(detail.session_level_interactions.map((i) => i.id).sort()).toEqual(['fine-1', 'fine-2']);
    expect(await findAppliedEventIds(database.db, ['poison'])).toEqual([]);
  });

  it('stores each event once when two clients send the same batch at once', async () => {
    const run = testRun('s1', { stages: 3, llmPerStage: 4 });
    const results = await Promise.all([
      services.ingest.batch({ batch: run }),
      services.ingest.batch({ batch: run }),
    ]);
    for (const result of results) expect(result.errors).toEqual([]);
    for (const event of run) {
      const answers = results.map((r) => r.successes.find((s) => s.id === event.id)?.status);
      expect(answers.sort()).toEqual([200, 201]);
    }
    const detail = await services.sessions.get({ session_id: 's1' });
    expect(detail.total_interactions).toBe(3 * 5);
    expect(detail.stages).toHaveLength(3);
    expect(await findAppliedEventsOfSession(database.db, 's1')).toHaveLength(run.length);
  });

  it('serialises concurrent batches that write to the same session', async () => {
    await services.ingest.batch({ batch: testRun('s1', { stages: 1, running: true }) });
    const clients = Array.from({ length: 4 }, (_, c) =>
      Array.from({ length: 25 }, (_, i) =>
        envelope(
          'llm.interaction',
          testBodies.llm('s1', `c${c}-l${i}`, 's1:exec-0'),
          `c${c}-e${i}`,
        ),
      ),
    );
    const results = await Promise.all(clients.map((batch) => services.ingest.batch({ batch })));
    for (const result of results) {
      expect(result.errors).toEqual([]);
      expect(result.successes.every((s) => s.status === 201)).toBe(true);
    }
    const detail = await services.sessions.get({ session_id: 's1' });
    expect(detail.stages[0]?.llm_interaction_count).toBe(2 + 100);
  });

  it('is unavailable, not failed, when the database is gone', async () => {
    await database.dispose();
    await expect(services.ingest.batch({ batch: testRun('s1') })).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});
