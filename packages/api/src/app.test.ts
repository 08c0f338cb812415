import { DetailedSession } from '@hindsight/models';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeHub } from '../test/fake-hub.js';
import { createHarness, type Harness, recordingLogger } from '../test/harness.js';
import { expectProblem } from '../test/problems.js';
import { createApi } from './app.js';
import { createClient } from './client.js';

const demoId = '6f1c2a4e-3b7d-4e59-9a10-demo00000001';

describe('the API over real services', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.services.demo.seed({ now_us: 1_767_225_600_000_000 });
  });
  afterEach(() => h.dispose());

  it('answers /health without credentials, with a request id on the response', async () => {
    const res = await h.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.0.0' });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await h.app.request('/health', { headers: { 'X-Request-Id': 'client-trace-42' } });
    expect(kept.headers.get('x-request-id')).toBe('client-trace-42');
    const replaced = await h.app.request('/health', { headers: { 'X-Request-Id': 'bad id <x>' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id <x>');
  });

  it('sets secure headers on every answer', async () => {
    const res = await h.app.request('/api/v1/nothing');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('is ready while the database answers, and 503 with Retry-After when it does not', async () => {
    expect((await h.app.request('/ready')).status).toBe(200);
    await h.dispose();
    const res = await h.app.request('/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    await expectProblem(res, 503);
    // /health reports the process, not the database.
    expect((await h.app.request('/health')).status).toBe(200);
  });

  it('answers data routes with 503 and Retry-After, not 401 or 500, while the database is away', async () => {
    await h.dispose();
    const res = await h.app.request(`/api/v1/history/sessions/${demoId}`, {
      headers: h.bearer(h.keys.read),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    await expectProblem(res, 503);
  });

  it('serves a session detail as a valid DetailedSession to a read key', async () => {
    const res = await h.app.request(`/api/v1/history/sessions/${demoId}`, {
      headers: h.bearer(h.keys.read),
    });
    expect(res.status).toBe(200);
    const body = v.parse(DetailedSession, await res.json());
    expect(body.session_id).toBe(demoId);
    expect(body.stages.map((s) => s.stage_index)).toEqual([0, 1, 2]);
  });

  it('answers 404 as problem details for an unknown session', async () => {
    const res = await h.app.request('/api/v1/history/sessions/does-not-exist', {
      headers: h.bearer(h.keys.read),
    });
    const body = await expectProblem(res, 404);
    expect(body.detail).toContain('does-not-exist');
  });

  it('answers 400 naming the parameter for an id that is too long', async () => {
    const res = await h.app.request(`/api/v1/history/sessions/${'x'.repeat(256)}`, {
      headers: h.bearer(h.keys.read),
    });
    const body = await expectProblem(res, 400);
    expect(body.errors?.map((e) => e.path)).toEqual(['param.id']);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await h.app.request('/api/v1/nothing-here');
    expect((await expectProblem(res, 404)).instance).toBe('/api/v1/nothing-here');
  });

  it('works through the typed client, with a token', async () => {
    const fetch = (input: string | URL | Request, init?: RequestInit) => h.app.request(input, init);
    const client = createClient('http://hindsight.test', { fetch, token: h.keys.read });
    const res = await client.api.v1.history.sessions[':id'].$get({ param: { id: demoId } });
    expect(res.status).toBe(200);
    if (res.status === 200) expect((await res.json()).session_id).toBe(demoId);
    const anonymous = createClient('http://hindsight.test', { fetch });
    expect(
      (await anonymous.api.v1.history.sessions[':id'].$get({ param: { id: demoId } })).status,
    ).toBe(401);
  });
});

describe('unexpected errors', () => {
  it('are logged with their stack but answered without it', async () => {
    const logger = recordingLogger();
    const failing = fakeHub({
      system: { readiness: async () => {} },
      sessions: {
        get: async () => {
          throw new Error('secret connection string postgres://u:pw@db');
        },
      },
    });
    const app = createApi({ hub: failing, logger, auth: { enabled: false } });
    const res = await app.request(`/api/v1/history/sessions/${demoId}`);
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    expect(text).not.toContain('secret');
    await expectProblem(res, 500);
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('secret');
  });
});

describe('HINDSIGHT_AUTH=off', () => {
  it('lets every request act with every scope, as the development principal', async () => {
    const h = await createHarness({ auth: { enabled: false } });
    try {
      const res = await h.app.request('/api/v1/admin/api-keys');
      expect(res.status).toBe(200);
      const line = h.logger.lines.find((l) => l.message === 'request');
      expect(line?.details.principal).toBe('development:anonymous');
    } finally {
      await h.dispose();
    }
  });
});
