import { ProblemDetails } from '@hindsight/models';
import {
  createTestServices,
  type TestServices,
  testBodies,
  testT0,
} from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { createClient } from '../client.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return v.parse(ProblemDetails, await res.json());
}

describe('single-record routes', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api/v1${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  beforeEach(async () => {
    t = await createTestServices();
    app = createApi({
      hub: t.hub,
      logger,
      auth: { enabled: false },
      limits: { maxBodyBytes: 16 * 1024 },
    });
  });
  afterEach(() => t.dispose());

  it('record a whole run through the same service as the batch', async () => {
    const started = await post('/sessions', testBodies.sessionStarted('s1'));
    expect(started.status).toBe(201);
    const { session_id: _, ...stage } = testBodies.stageStarted('s1', 'e1', 0);
    expect((await post('/sessions/s1/stages', stage)).status).toBe(201);
    const { session_id: __, ...llm } = testBodies.llm('s1', 'l1', 'e1');
    expect((await post('/sessions/s1/interactions', { type: 'llm', ...llm })).status).toBe(201);
    const { session_id: ___, ...mcp } = testBodies.mcp('s1', 'm1', 'e1');
    expect((await post('/sessions/s1/interactions', { type: 'mcp', ...mcp })).status).toBe(201);
    expect(
      (await post('/stages/e1/complete', { session_id: 's1', completed_at_us: testT0 + 5e6 }))
        .status,
    ).toBe(201);
    expect(
      (await post('/sessions/s1/complete', { completed_at_us: testT0 + 6e6, final_analysis: 'ok' }))
        .status,
    ).toBe(201);
    const detail = await t.services.sessions.get({ session_id: 's1' });
    expect(detail.status).toBe('completed');
    expect(detail.stages[0]?.status).toBe('completed');
    expect(detail.stages[0]?.duration_ms).toBe(4000);
    expect(detail.total_interactions).toBe(2);
  });

  it('answer a retried request with 200 and the same event id', async () => {
    const first = await post('/sessions', testBodies.sessionStarted('s1'));
    const again = await post('/sessions', testBodies.sessionStarted('s1'));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...((await first.json()) as object), status: 200 });
    // Another idempotency key is another event: starting the session twice conflicts.
    const other = await post('/sessions', testBodies.sessionStarted('s1'), {
      'idempotency-key': 'client-key-1',
    });
    expect(other.status).toBe(409);
    expect((await problemOf(other)).detail).toContain('already exists');
  });

  it('end sessions and stages once: a second outcome is a 409', async () => {
    await post('/sessions', testBodies.sessionStarted('s1'));
    await post('/sessions', testBodies.sessionStarted('s2'));
    expect(
      (await post('/sessions/s1/fail', { completed_at_us: testT0 + 1, error_message: 'x' })).status,
    ).toBe(201);
    expect((await post('/sessions/s1/cancel', { completed_at_us: testT0 + 2 })).status).toBe(409);
    expect((await post('/sessions/s2/cancel', { completed_at_us: testT0 + 2 })).status).toBe(201);
    const { session_id: _, ...stage } = testBodies.stageStarted('s1', 'e1', 0);
    expect((await post('/sessions/s1/stages', stage)).status).toBe(409);
  });

  it('answer 404 for a missing session or stage and 409 for a stage of another session', async () => {
    const missing = await post('/sessions/ghost/complete', { completed_at_us: testT0 });
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).detail).toContain('ghost');
    await post('/sessions', testBodies.sessionStarted('s1'));
    await post('/sessions', testBodies.sessionStarted('s2'));
    const { session_id: _, ...stage } = testBodies.stageStarted('s1', 'e1', 0);
    await post('/sessions/s1/stages', stage);
    expect(
      (
        await post('/stages/nope/fail', {
          session_id: 's1',
          completed_at_us: testT0,
          error_message: 'x',
        })
      ).status,
    ).toBe(404);
    const foreign = await post('/stages/e1/complete', {
      session_id: 's2',
      completed_at_us: testT0 + 5e6,
    });
    expect(foreign.status).toBe(409);
    expect((await problemOf(foreign)).detail).toContain('belongs to session "s1"');
  });

  it('answer 400 naming the field for bad input', async () => {
    await post('/sessions', testBodies.sessionStarted('s1'));
    const noTime = await post('/sessions/s1/complete', {});
    expect(noTime.status).toBe(400);
    expect((await problemOf(noTime)).errors?.map((e) => e.path)).toEqual(['body.completed_at_us']);
    const otherSession = await post('/sessions/s1/complete', {
      session_id: 's2',
      completed_at_us: testT0,
    });
    expect((await problemOf(otherSession)).errors?.map((e) => e.path)).toEqual(['body.session_id']);
    const noType = await post('/sessions/s1/interactions', testBodies.llm('s1', 'l', null));
    expect((await problemOf(noType)).errors?.map((e) => e.path)).toEqual(['body.type']);
    const noSession = await post('/stages/e1/complete', { completed_at_us: testT0 });
    expect((await problemOf(noSession)).errors?.map((e) => e.path)).toEqual(['body.session_id']);
    const longKey = await post('/sessions', testBodies.sessionStarted('s3'), {
      'idempotency-key': 'k'.repeat(300),
    });
    expect((await problemOf(longKey)).errors?.map((e) => e.path)).toEqual([
      'header.idempotency-key',
    ]);
    const longId = await post(`/sessions/${'x'.repeat(300)}/complete`, { completed_at_us: 1 });
    expect((await problemOf(longId)).errors?.map((e) => e.path)).toEqual(['param.id']);
  });

  it('refuse a body over the byte limit with a 413 problem', async () => {
    const res = await post(
      '/sessions',
      testBodies.sessionStarted('s1', { alert_data: { x: 'y'.repeat(20_000) } }),
    );
    expect(res.status).toBe(413);
    await problemOf(res);
  });

  it('work through the typed client', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    });
    const res = await client.api.v1.sessions.$post({
      json: {
        session_id: 's1',
        alert_id: 'a1',
        agent_type: 'kubernetes',
        alert_data: {},
        chain_id: 'c',
        chain_definition: {},
        started_at_us: testT0,
      },
    });
    expect(res.status).toBe(201);
    if (res.status === 201) expect((await res.json()).status).toBe(201);
    const done = await client.api.v1.sessions[':id'].complete.$post({
      param: { id: 's1' },
      json: { completed_at_us: testT0 + 1 },
    });
    expect(done.status).toBe(201);
  });
});
