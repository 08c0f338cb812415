import { IngestResult, ProblemDetails } from '@hindsight/models';
import { createHub, defaultIngestLimits } from '@hindsight/service';
import {
  createTestServices,
  envelope,
  type TestServices,
  testBodies,
  testRun,
} from '@hindsight/service/testing';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../app.js';
import { createClient } from '../client.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

function post(
  app: ReturnType<typeof createApi>,
  body: string,
  headers: Record<string, string> = {},
) {
  return app.request('/api/v1/ingest', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = v.parse(ProblemDetails, await res.json());
  expect(body.status).toBe(res.status);
  expect(body.trace_id).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('POST /api/v1/ingest', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  beforeEach(async () => {
    t = await createTestServices();
    app = createApi({
      hub: t.hub,
      logger,
      auth: { enabled: false },
      limits: { maxBodyBytes: 64 * 1024 },
    });
  });
  afterEach(() => t.dispose());

  it('answers 207 with one result per event, and 200s for a replay', async () => {
    const batch = testRun('s1');
    const res = await post(app, JSON.stringify({ batch }));
    expect(res.status).toBe(207);
    const result = v.parse(IngestResult, await res.json());
    expect(result.successes).toEqual(batch.map((e) => ({ id: e.id, status: 201 })));
    const again = v.parse(IngestResult, await (await post(app, JSON.stringify({ batch }))).json());
    expect(again.successes.every((s) => s.status === 200)).toBe(true);
    const detail = await app.request('/api/v1/history/sessions/s1');
    expect(((await detail.json()) as { status: string }).status).toBe('completed');
  });

  it('answers per-event errors inside the 207, with the others applied', async () => {
    const batch = [
      envelope('session.started', testBodies.sessionStarted('s1'), 'a'),
      envelope('session.completed', { session_id: 's1' }, 'b'),
      envelope('llm.interaction', testBodies.llm('ghost', 'l1', null), 'c'),
    ];
    const res = await post(app, JSON.stringify({ batch }));
    expect(res.status).toBe(207);
    const result = v.parse(IngestResult, await res.json());
    expect(result.successes).toEqual([{ id: 'a', status: 201 }]);
    expect(result.errors.map((e) => [e.id, e.status])).toEqual([
      ['b', 400],
      ['c', 404],
    ]);
  });

  it('works through the typed client', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    });
    const res = await client.api.v1.ingest.$post({
      json: { batch: [envelope('session.started', testBodies.sessionStarted('s1'), 'a')] as never },
    });
    expect(res.status).toBe(207);
    if (res.status === 207) expect((await res.json()).successes).toHaveLength(1);
  });

  it('refuses a body that is not JSON, or not sent as JSON, with a 400 problem', async () => {
    const malformed = await post(app, '{"batch": [');
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).detail).toContain('Malformed JSON');
    const text = await post(app, JSON.stringify({ batch: [] }), { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect((await problemOf(text)).errors?.map((e) => e.path)).toEqual(['header.content-type']);
  });

  it('refuses a malformed envelope with a 400 problem naming it', async () => {
    const batch = [{ id: 'x', timestamp: 'yesterday', type: 'session.started', body: {} }];
    const res = await post(app, JSON.stringify({ batch }));
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['batch.0.timestamp']);
  });

  it('refuses a body over the byte limit with 413, whether its length is declared or streamed', async () => {
    const big = JSON.stringify({ batch: testRun('s1'), pad: 'x'.repeat(70 * 1024) });
    const declared = await post(app, big);
    expect(declared.status).toBe(413);
    expect((await problemOf(declared)).detail).toContain('65536 bytes');
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const streamed = await app.request('/api/v1/ingest', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await problemOf(streamed);
  });

  it('refuses a batch of more events than configured with 413', async () => {
    const limited = createApi({
      hub: createHub(t.ctx, { ingestLimits: { ...defaultIngestLimits, maxEvents: 3 } }),
      logger,
      auth: { enabled: false },
    });
    const res = await post(limited, JSON.stringify({ batch: testRun('s1') }));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['batch']);
  });

  it('answers 503 with Retry-After when the database is gone', async () => {
    await t.dispose();
    const res = await post(app, JSON.stringify({ batch: testRun('s1') }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    await problemOf(res);
  });

  // Hundreds of requests: a generous bound for slow machines, not a measurement.
  it('never answers a 5xx, whatever JSON it is sent', { timeout: 300_000 }, async () => {
    const valid = testRun('p', { stages: 1, llmPerStage: 1, mcpPerStage: 1 });
    const anyBody = fc.oneof(
      fc.jsonValue(),
      fc.record({ batch: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }) }),
      // A valid batch with one event replaced by arbitrary JSON.
      fc
        .tuple(fc.nat({ max: valid.length - 1 }), fc.jsonValue({ maxDepth: 3 }))
        .map(([at, value]) => ({ batch: valid.map((e, i) => (i === at ? value : e)) })),
      // A valid batch with one body field replaced by arbitrary JSON.
      fc
        .tuple(fc.nat({ max: valid.length - 1 }), fc.string(), fc.jsonValue({ maxDepth: 3 }))
        .map(([at, field, value]) => ({
          batch: valid.map((e, i) =>
            i === at ? { ...e, body: { ...e.body, [field]: value } } : e,
          ),
        })),
    );
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const res = await post(app, JSON.stringify(body));
        expect([207, 400, 413]).toContain(res.status);
        if (res.status === 207) {
          const result = v.parse(IngestResult, await res.json());
          for (const error of result.errors) expect(error.status).toBeLessThan(500);
        } else {
          await problemOf(res);
        }
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (text) => {
        const res = await post(app, text);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
