// The client against the real API on a fresh PGlite, in process (fetch goes to app.request).
import { createApi } from '@hindsight/api';
import { createTestServices, type TestServices } from '@hindsight/service/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, HindsightProblemError, sessionListQuery, unwrap } from '../src/index.js';

const quietLogger = { info() {}, warn() {}, error() {} };

let t: TestServices;
let app: ReturnType<typeof createApi>;
let adminKey: string;
const seen: Array<{
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
}> = [];
const fetchThroughApp = (input: RequestInfo | URL, init?: RequestInit) => {
  seen.push({
    method: init?.method ?? 'GET',
    headers: new Headers(init?.headers),
    credentials: init?.credentials,
  });
  return app.request(input instanceof Request ? input : String(input), init);
};

beforeAll(async () => {
  t = await createTestServices();
  app = createApi({ hub: t.hub, logger: quietLogger, auth: { enabled: true } });
  adminKey = (await t.services.apiKeys.create({ name: 'admin', scopes: ['admin'] })).key;
  await t.services.demo.seed({ now_us: Date.now() * 1000 });
  // A ceiling for a fresh migrated PGlite on a busy machine, not a speed limit.
}, 180_000);

afterAll(async () => {
  await t?.dispose();
});

describe('createClient', () => {
  it('lists sessions with typed query params and reads the typed body', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: fetchThroughApp,
      token: adminKey,
    });
    const page = await unwrap(
      client.api.v1.history.sessions.$get({
        query: sessionListQuery({ page_size: 2, sort_by: 'started_at_us', sort_order: 'desc' }),
      }),
    );
    expect(page.sessions.length).toBeGreaterThan(0);
    expect(page.pagination.page_size).toBe(2);
  });

  it('turns a 400 into a HindsightProblemError naming the parameter', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: fetchThroughApp,
      token: adminKey,
    });
    const failure = await unwrap(
      client.api.v1.history.sessions.$get({ query: { page_size: '1000' } }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HindsightProblemError);
    const problem = failure as HindsightProblemError;
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.path)).toEqual(['query.page_size']);
    expect(problem.traceId).toBeTruthy();
  });

  it('turns a 401 without credentials into a problem error', async () => {
    const client = createClient('http://hindsight.test', { fetch: fetchThroughApp });
    await expect(unwrap(client.api.v1.history['filter-options'].$get())).rejects.toMatchObject({
      status: 401,
    });
  });

  it('sends the cookie credentials mode and the CSRF token with writes only', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: fetchThroughApp,
      token: adminKey,
      credentials: 'include',
      csrfToken: () => 'csrf-123',
    });
    seen.length = 0;
    await unwrap(client.api.v1.admin['api-keys'].$get());
    const created = await unwrap(
      client.api.v1.admin['api-keys'].$post({ json: { name: 'ci', scopes: ['read'] } }),
    );
    await unwrap(client.api.v1.admin['api-keys'][':id'].$delete({ param: { id: created.id } }));
    expect(seen.map((r) => [r.method, r.headers.get('x-csrf-token'), r.credentials])).toEqual([
      ['GET', null, 'include'],
      ['POST', 'csrf-123', 'include'],
      ['DELETE', 'csrf-123', 'include'],
    ]);
  });
});
