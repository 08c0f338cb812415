import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { describe, expect, it } from 'vitest';
import { fakeHub } from '../test/fake-hub.js';
import { recordingLogger } from '../test/harness.js';
import { createApi } from './app.js';
import {
  assertEveryRouteDeclared,
  registeredRoutes,
  UndeclaredRouteError,
} from './declared-routes.js';
import { createBulkheads, defaultBulkheadLimits } from './limits/bulkhead.js';
import { createRateLimiter } from './limits/rate-limit.js';
import { createMetrics } from './observability/metrics.js';
import { createRouteKit } from './route.js';

const route = createRouteKit({
  authenticator: {
    authenticate: async () => ({ ok: false, reason: 'missing', detail: 'no' }),
    fromTrustedProxy: () => false,
    csrfTokenFor: () => null,
    passesCsrf: () => true,
  },
  rateLimit: createRateLimiter({ perMinute: { ingest: 0, read: 0 } }),
  metrics: createMetrics(),
  requestTimeoutMs: 1000,
  maxBodyBytes: 1000,
  bulkheads: createBulkheads({ limits: defaultBulkheadLimits }),
  clientAddress: () => 'test',
});

describe('the app', () => {
  it('declares and documents every route it registers', () => {
    const app = createApi({ hub: fakeHub({}), logger: recordingLogger() });
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => !r.declaration || !r.documented)).toEqual([]);
  });
});

describe('assertEveryRouteDeclared', () => {
  it('refuses a route added without route(...), naming it', () => {
    const app = new Hono()
      .get(
        '/declared',
        route({
          access: 'read',
          summary: 's',
          tags: ['history'],
          responses: { 200: { description: 'ok' } },
        }),
        (c) => c.text('x'),
      )
      .post('/bare', (c) => c.text('no auth, no docs'));
    expect(() => assertEveryRouteDeclared(app)).toThrow(UndeclaredRouteError);
    expect(() => assertEveryRouteDeclared(app)).toThrow('POST /bare');
  });

  it('refuses a route that is documented but declares no access', () => {
    const app = new Hono().get(
      '/docs-only',
      describeRoute({ responses: { 200: { description: 'ok' } } }),
      (c) => c.text('x'),
    );
    expect(() => assertEveryRouteDeclared(app)).toThrow('GET /docs-only');
  });

  it('accepts declared routes in mounted sub-apps, and ignores app.use middleware', () => {
    const sub = new Hono().get(
      '/x/:id',
      route({
        access: 'public',
        summary: 's',
        tags: ['health'],
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.text('x'),
    );
    const app = new Hono().use(async (_c, next) => next()).route('/api', sub);
    expect(() => assertEveryRouteDeclared(app)).not.toThrow();
    expect(registeredRoutes(app).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/x/:id']);
  });
});

describe('CORS', () => {
  it('answers a preflight from a configured origin, and not from another', async () => {
    const app = createApi({
      hub: fakeHub({}),
      logger: recordingLogger(),
      corsOrigins: ['https://dash.example'],
    });
    const preflight = (origin: string) =>
      app.request('/api/v1/history/sessions/x', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://dash.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await app.request('/health', { headers: { origin: 'https://dash.example' } });
    expect(simple.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const app = createApi({ hub: fakeHub({}), logger: recordingLogger() });
    const res = await app.request('/health', { headers: { origin: 'https://dash.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
