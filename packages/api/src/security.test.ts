import type { ApiKeyScope } from '@hindsight/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, userToken } from '../test/harness.js';
import { expectProblem } from '../test/problems.js';
import { registeredRoutes } from './declared-routes.js';

// The matrix runs over every route the app has, so a route added later is
// covered without touching this file: its declaration decides what it expects.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

/** A concrete path for a route pattern: `:param` becomes a value that passes validation. */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) =>
    name === 'file' ? 'init.js' : `probe-${name}`,
  );
}

function request(method: string, path: string, headers: Record<string, string> = {}) {
  const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  return h.app.request(concrete(path), {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

/** A key holding every scope but the one a route needs (admin implies all, so it never counts). */
function keyWithout(scope: ApiKeyScope): string {
  return scope === 'read' ? h.keys.ingest : h.keys.read;
}

function routes() {
  const app = h?.app;
  if (!app) throw new Error('harness not ready');
  return registeredRoutes(app);
}

describe('every protected route', async () => {
  const harness = await createHarness();
  const protectedRoutes = registeredRoutes(harness.app)
    .filter((r) => r.declaration?.access !== 'public')
    .map((r) => ({
      ...r,
      name: `${r.method} ${r.path}`,
      scope: r.declaration?.access as ApiKeyScope,
    }));
  await harness.dispose();

  it('exists: the app has protected routes to check', () => {
    expect(protectedRoutes.length).toBeGreaterThan(0);
    expect(routes().length).toBeGreaterThan(protectedRoutes.length);
  });

  describe.each(protectedRoutes)('$name (scope $scope)', ({ method, path, scope }) => {
    it('answers 401 with a Bearer challenge without credentials', async () => {
      const res = await request(method, path);
      await expectProblem(res, 401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="hindsight"');
    });

    it('answers 401 to a wrong key, a non-Bearer scheme and a revoked key', async () => {
      for (const authorization of [
        'Bearer hs_not-a-real-key',
        `Basic ${Buffer.from('u:p').toString('base64')}`,
        `Bearer ${h.keys.revoked}`,
      ]) {
        const res = await request(method, path, { authorization });
        await expectProblem(res, 401);
        expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
      const revoked = await request(method, path, h.bearer(h.keys.revoked));
      expect(((await revoked.json()) as { detail?: string }).detail).toBe(
        'the API key was revoked',
      );
    });

    it('answers 403 naming the scope to a key without it', async () => {
      const res = await request(method, path, h.bearer(keyWithout(scope)));
      const body = await expectProblem(res, 403);
      expect(body.detail).toContain(scope);
      expect(res.headers.get('www-authenticate')).toContain(
        `error="insufficient_scope", scope="${scope}"`,
      );
    });

    it('answers 401 to an expired JWT and to one signed with another secret', async () => {
      const expired = await userToken({ roles: [scope], exp: Math.floor(Date.now() / 1000) - 60 });
      const expiredRes = await request(method, path, h.bearer(expired));
      expect((await expectProblem(expiredRes, 401)).detail).toBe('the token has expired');
      const forged = await userToken(
        { roles: [scope] },
        'another-secret-that-is-32-characters-long!',
      );
      const forgedRes = await request(method, path, h.bearer(forged));
      expect((await expectProblem(forgedRes, 401)).detail).toBe(
        'the token signature does not verify',
      );
    });

    it('answers 403 to a valid JWT without the role', async () => {
      const token = await userToken({ roles: [scope === 'read' ? 'ingest' : 'read'] });
      await expectProblem(await request(method, path, h.bearer(token)), 403);
    });

    it('lets a key with the scope, an admin key and a JWT with the role through', async () => {
      const token = await userToken({ roles: [scope] });
      for (const credential of [
        scope === 'admin' ? h.keys.admin : h.keys[scope],
        h.keys.admin,
        token,
      ]) {
        const res = await request(method, path, h.bearer(credential));
        expect([401, 403], `${method} ${path}`).not.toContain(res.status);
      }
    });
  });
});

describe('every public route', () => {
  it('answers without credentials, and ignores credentials it does not need', async () => {
    const publicRoutes = routes().filter((r) => r.declaration?.access === 'public');
    expect(publicRoutes.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/health',
        '/ready',
        '/metrics',
        '/api/v1/openapi.json',
        '/api/v1/docs',
      ]),
    );
    // Browser sign-in is public but answers by its own rules (401 signed out, 400 without a
    // key, 204 on sign-out): routes/auth.test.ts covers it.
    const plainPublic = publicRoutes.filter((r) => !r.path.startsWith('/api/v1/auth/'));
    expect(plainPublic.length).toBeLessThan(publicRoutes.length);
    for (const { method, path } of plainPublic) {
      for (const headers of [{}, { authorization: 'Bearer hs_wrong' }]) {
        const res = await request(method, path, headers);
        expect(res.status, `${method} ${path}`).toBe(200);
      }
    }
  });
});
