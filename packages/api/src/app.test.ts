import { DetailedSession, ProblemDetails } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { createTestServices, type TestServices } from '@hindsight/service/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from './app.js';
import { createClient } from './client.js';

const demoId = '6f1c2a4e-3b7d-4e59-9a10-demo00000001';

function recordingLogger() {
  const lines: Array<{ details: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    error: (details: Record<string, unknown>, message: string) => lines.push({ details, message }),
  };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = v.parse(ProblemDetails, await res.json());
  expect(body.trace_id).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('the API over real services', () => {
  let t: TestServices;
  let app: ReturnType<typeof createApi>;
  beforeEach(async () => {
    t = await createTestServices();
    await t.services.seedDemoSessions({ now_us: 1_767_225_600_000_000 });
    app = createApi({ services: t.services, logger: recordingLogger() });
  });
  afterEach(() => t.dispose());

  it('answers /health with a request id on the response', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('keeps a well-formed incoming request id', async () => {
    const res = await app.request('/health', { headers: { 'X-Request-Id': 'client-trace-42' } });
    expect(res.headers.get('x-request-id')).toBe('client-trace-42');
  });

  it('is ready while the database answers, and 503 with Retry-After when it does not', async () => {
    expect((await app.request('/ready')).status).toBe(200);
    await t.dispose();
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await problemOf(res)).status).toBe(503);
    // /health reports the process, not the database.
    expect((await app.request('/health')).status).toBe(200);
  });

  it('serves a session detail as a valid DetailedSession', async () => {
    const res = await app.request(`/api/v1/history/sessions/${demoId}`);
    expect(res.status).toBe(200);
    const body = v.parse(DetailedSession, await res.json());
    expect(body.session_id).toBe(demoId);
    expect(body.stages.map((s) => s.stage_index)).toEqual([0, 1, 2]);
  });

  it('answers 404 as problem details for an unknown session', async () => {
    const res = await app.request('/api/v1/history/sessions/does-not-exist');
    expect(res.status).toBe(404);
    const body = await problemOf(res);
    expect(body.detail).toContain('does-not-exist');
  });

  it('answers 400 naming the parameter for an id that is too long', async () => {
    const res = await app.request(`/api/v1/history/sessions/${'x'.repeat(256)}`);
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body.errors?.map((e) => e.path)).toEqual(['param.id']);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await app.request('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).instance).toBe('/api/v1/nothing-here');
  });

  it('works through the typed client', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    });
    const res = await client.api.v1.history.sessions[':id'].$get({ param: { id: demoId } });
    expect(res.status).toBe(200);
    if (res.status === 200) expect((await res.json()).session_id).toBe(demoId);
  });
});

describe('unexpected errors', () => {
  it('are logged with their stack but answered without it', async () => {
    const logger = recordingLogger();
    const failing: Services = {
      checkReadiness: async () => {},
      seedDemoSessions: async () => ({ inserted: 0, skipped: 0 }),
      ingestBatch: async () => ({ successes: [], errors: [] }),
      recordEvent: async () => ({ id: 'e', status: 201 }),
      listSessions: async () => {
        throw new Error('not used');
      },
      getSessionSummary: async () => {
        throw new Error('not used');
      },
      listActiveSessions: async () => [],
      getFilterOptions: async () => {
        throw new Error('not used');
      },
      getFinalAnalysis: async () => {
        throw new Error('not used');
      },
      getSessionDetail: async () => {
        throw new Error('secret connection string postgres://u:pw@db');
      },
    };
    const app = createApi({ services: failing, logger });
    const res = await app.request(`/api/v1/history/sessions/${demoId}`);
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    await problemOf(res);
    expect(logger.lines).toHaveLength(1);
    expect(JSON.stringify(logger.lines[0])).toContain('secret');
  });
});
