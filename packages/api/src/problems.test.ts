import { UnavailableError } from '@hindsight/service';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeHub } from '../test/fake-hub.js';
import { createHarness, type Harness, recordingLogger } from '../test/harness.js';
import { expectProblem } from '../test/problems.js';
import { createApi } from './app.js';
import { registeredRoutes } from './declared-routes.js';
import { problemSafetyNet } from './problem-safety-net.js';

// Every error answer, from every route and every middleware, is problem details
// with the trace id, and never a stack trace.

let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    limits: { maxBodyBytes: 64 },
    rateLimit: { perMinute: { ingest: 1_000, read: 1_000 } },
  });
});
afterAll(() => h.dispose());

const concrete = (path: string) => path.replace(/:(\w+)/g, 'probe');

describe('every registered route', () => {
  it('answers a bad request as problem details (bad parameters, bad or oversized bodies)', async () => {
    const routes = registeredRoutes(h.app);
    expect(routes.length).toBeGreaterThan(5);
    for (const { method, path, declaration } of routes) {
      const headers = { ...h.bearer(h.keys.admin), 'content-type': 'application/json' };
      const attempts: RequestInit[] = [];
      if (['POST', 'PUT', 'PATCH'].includes(method)) {
        attempts.push(
          { body: '{"unterminated' },
          { body: '[]' },
          { body: JSON.stringify({ x: 'y'.repeat(100) }) },
        );
      }
      if (path.includes(':')) {
        // A parameter far beyond any bound: every route validates its parameters.
        const res = await h.app.request(path.replace(/:(\w+)/g, 'x'.repeat(300)), {
          method,
          headers,
        });
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        await expectProblem(res);
      }
      for (const init of attempts) {
        const res = await h.app.request(concrete(path), { method, headers, ...init });
        expect(
          res.status,
          `${method} ${path} ${String(init.body).slice(0, 20)}`,
        ).toBeGreaterThanOrEqual(400);
        await expectProblem(res);
      }
      expect(declaration, `${method} ${path}`).toBeDefined();
    }
  });

  it('answers a method it does not have with 405, Allow and problem details', async () => {
    const routes = registeredRoutes(h.app);
    for (const { path } of routes) {
      // A method no route answers at this path (PUT sets price overrides, and its
      // `/prices/:name` also matches `/prices/reprice`; PATCH edits casefiles).
      const matches = (pattern: string) =>
        new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`).test(concrete(path));
      const taken = new Set(routes.filter((r) => matches(r.path)).map((r) => r.method));
      const method = ['PUT', 'PATCH', 'DELETE'].find((m) => !taken.has(m)) ?? 'PUT';
      const res = await h.app.request(concrete(path), { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      const body = await expectProblem(res, 405);
      expect(res.headers.get('allow')).toBeTruthy();
      expect(body.detail).toContain(method);
    }
  });
});

describe('middleware errors', () => {
  it('404 for unknown routes, under and outside /api', async () => {
    for (const path of ['/nope', '/api/v1/history/nope', '/api/v2/anything', '/health/']) {
      await expectProblem(await h.app.request(path), 404);
    }
  });

  it('400 for malformed JSON and a JSON body of the wrong shape, naming the fields', async () => {
    const post = (body: string) =>
      h.app.request('/api/v1/admin/api-keys', {
        method: 'POST',
        headers: { ...h.bearer(h.keys.admin), 'content-type': 'application/json' },
        body,
      });
    expect((await expectProblem(await post('{"name":'), 400)).detail).toMatch(/JSON/i);
    const shaped = await expectProblem(await post('{"name":"","scopes":["x"]}'), 400);
    expect(shaped.errors?.map((e) => e.path).sort()).toEqual(['json.name', 'json.scopes.0']);
  });

  it('413 for a body over the limit, before it is parsed', async () => {
    const res = await h.app.request('/api/v1/admin/api-keys', {
      method: 'POST',
      headers: { ...h.bearer(h.keys.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'n'.repeat(200), scopes: ['read'] }),
    });
    expect((await expectProblem(res, 413)).detail).toContain('64 bytes');
  });

  it('429 with Retry-After and RateLimit headers once a budget is spent', async () => {
    const limited = await createHarness({ rateLimit: { perMinute: { ingest: 5, read: 2 } } });
    try {
      const get = () =>
        limited.app.request('/api/v1/history/sessions/none', {
          headers: limited.bearer(limited.keys.read),
        });
      const first = await get();
      expect(first.headers.get('ratelimit-limit')).toBe('2');
      expect(first.headers.get('ratelimit-remaining')).toBe('1');
      expect(first.headers.get('ratelimit-policy')).toBe('2;w=60');
      await get();
      const res = await get();
      await expectProblem(res, 429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
      // Another principal has a budget of its own.
      const other = await limited.app.request('/api/v1/history/sessions/none', {
        headers: limited.bearer(limited.keys.admin),
      });
      expect(other.status).toBe(404);
    } finally {
      await limited.dispose();
    }
  });

  it('504 when a request outlives the timeout', async () => {
    const never = new Promise<never>(() => {});
    const app = createApi({
      hub: fakeHub({ sessions: { get: () => never } }),
      logger: recordingLogger(),
      auth: { enabled: false },
      limits: { requestTimeoutMs: 20 },
    });
    await expectProblem(await app.request('/api/v1/history/sessions/slow'), 504);
  });
  it('499, logged as such, when the client went away and its work failed for it', async () => {
    const client = new AbortController();
    const logger = recordingLogger();
    const app = createApi({
      hub: fakeHub({
        sessions: {
          // The client leaves; its statement is cancelled, which the hub reports as unavailable.
          get: async () => {
            client.abort();
            throw new UnavailableError('the database did not answer in time', {
              reason: 'timeout',
            });
          },
        },
      }),
      logger,
      auth: { enabled: false },
    });
    const res = await app.request('/api/v1/history/sessions/left', { signal: client.signal });
    const body = await expectProblem(res, 499);
    expect(body.title).toBe('Client Closed Request');
    const logged = logger.lines.find((line) => line.message === 'request');
    expect(logged?.details).toMatchObject({ status: 499 });
    // The same failure with the client still there is the server's: 503.
    const stayed = createApi({
      hub: fakeHub({
        sessions: {
          get: async () => {
            throw new UnavailableError('the database did not answer in time', {
              reason: 'timeout',
            });
          },
        },
      }),
      logger: recordingLogger(),
      auth: { enabled: false },
    });
    await expectProblem(await stayed.request('/api/v1/history/sessions/left'), 503);
  });
});

describe('the safety net', () => {
  it('turns an error answer of another form into problem details, keeping its headers', async () => {
    const logger = recordingLogger();
    const app = new Hono<{ Variables: { requestId: string } }>()
      .use(async (c, next) => {
        c.set('requestId', 'req-1');
        c.header('x-request-id', 'req-1');
        await next();
      })
      .use(problemSafetyNet(logger))
      .get('/careless', (c) =>
        c.json({ error: 'stack at foo.ts:1:2' }, 409, { 'Retry-After': '3' }),
      )
      .get('/fine', (c) => c.json({ ok: true }, 200));
    const res = await app.request('/careless');
    expect(res.status).toBe(409);
    expect(res.headers.get('retry-after')).toBe('3');
    const body = await expectProblem(res, 409);
    expect(body.title).toBe('Conflict');
    expect(logger.lines.map((l) => l.message)).toEqual([
      'an error answer was not problem details; replaced',
    ]);
    expect((await app.request('/fine')).status).toBe(200);
  });
});
