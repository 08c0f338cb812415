import { DetailedSession, ProblemDetails } from '@hindsight/models';
import { createTestServices, type TestServices, testDrivers } from '@hindsight/service/testing';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './app.js';

// What is acknowledged is stored exactly: the JSON a client sends comes back
// the same (keys such as __proto__ included), or the event is refused with a
// 400 naming the field. Compared through canonical JSON (sorted keys), since
// jsonb does not keep key order.

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const specialKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id');

/** JSON text of an object whose keys include the ones JavaScript treats specially. */
const jsonObjectText = fc
  .array(
    fc.tuple(fc.oneof(specialKeys, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 3 })),
    {
      maxLength: 6,
    },
  )
  .map((members) => {
    const seen = new Set<string>();
    const unique = members.filter(([key]) => !seen.has(key) && seen.add(key));
    return `{${unique.map(([k, value]) => `${JSON.stringify(k)}:${JSON.stringify(value)}`).join(',')}}`;
  });

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('stored JSON on $dialect', (driver) => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestServices({ driver });
    app = createApi({
      hub: t.hub,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      auth: { enabled: false },
    });
  });
  afterAll(() => t.dispose());

  /** Starts a session whose alert_data is `alertData` (JSON text, sent as is). */
  function startSession(id: string, alertData: string) {
    const body = `{"session_id":${JSON.stringify(id)},"alert_id":"a","alert_type":"DiskFull","agent_type":"sre","alert_data":${alertData},"chain_id":"c","chain_definition":{"__proto__":{"polluted":true}},"started_at_us":1}`;
    return app.request('/api/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  }

  async function stored(id: string) {
    const res = await app.request(`/api/v1/history/sessions/${id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(v.safeParse(DetailedSession, JSON.parse(text)).success).toBe(true);
    // Parsed as JSON only: a model's record would itself drop __proto__ on the way in.
    return JSON.parse(text) as { alert_data: unknown; chain_definition: object };
  }

  it('stores every generated JSON object exactly as sent, special keys included', async () => {
    await fc.assert(
      fc.asyncProperty(jsonObjectText, async (text) => {
        n += 1;
        const id = `fidelity-${n}`;
        const res = await startSession(id, text);
        if (res.status !== 201) expect.fail(`${text}: ${res.status} ${await res.text()}`);
        const session = await stored(id);
        expect(canonical(session.alert_data)).toBe(canonical(JSON.parse(text)));
        expect(Object.keys(session.chain_definition)).toEqual(['__proto__']);
      }),
      { numRuns: 30 },
    );
  });

  it.each([
    ['1e400', 'alert_data.big'],
    ['-1e400', 'alert_data.big'],
    ['1e-400', 'alert_data.big'],
    ['9007199254740993', 'alert_data.big'],
    ['12345678901234567890123', 'alert_data.big'],
    ['0.10000000000000000000001', 'alert_data.big'],
  ])('refuses %s, which a float cannot hold, naming the field', async (number, path) => {
    n += 1;
    const res = await startSession(`inexact-${n}`, `{"big":${number},"ok":1}`);
    expect(res.status).toBe(400);
    const problem = v.parse(ProblemDetails, await res.json());
    expect(problem.errors?.map((e) => e.path)).toEqual([`body.${path}`]);
    expect(problem.errors?.[0]?.message).toContain(number);
  });

  it('keeps numbers that a float holds exactly, however they are written', async () => {
    n += 1;
    const id = `exact-${n}`;
    const res = await startSession(
      id,
      '{"a":1.50,"b":1E3,"c":-0.0,"d":9007199254740991,"e":1e300,"f":5e-324}',
    );
    expect(res.status).toBe(201);
    expect((await stored(id)).alert_data).toEqual({
      a: 1.5,
      b: 1000,
      c: 0,
      d: 9007199254740991,
      e: 1e300,
      f: 5e-324,
    });
  });

  it('answers an inexact number in one batch event with a 400 for that event only', async () => {
    const event = (id: string, big: string) =>
      `{"id":"${id}","timestamp":"2026-01-01T00:00:00.000Z","type":"session.started","body":{"session_id":"${id}","alert_id":"a","alert_type":"x","agent_type":"sre","alert_data":{"tool":{"id":${big}}},"chain_id":"c","chain_definition":{},"started_at_us":1}}`;
    const res = await app.request('/api/v1/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"batch":[${event('batch-ok', '42')},${event('batch-big', '18446744073709551615')}]}`,
    });
    expect(res.status).toBe(207);
    const result = (await res.json()) as {
      successes: Array<{ id: string }>;
      errors: Array<{ id: string; status: number; message: string }>;
    };
    expect(result.successes.map((s) => s.id)).toEqual(['batch-ok']);
    expect(result.errors).toEqual([
      {
        id: 'batch-big',
        status: 400,
        message: expect.stringContaining('body.alert_data.tool.id'),
      },
    ]);
  });
});
