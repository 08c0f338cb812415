import { BrowserSession } from '@hindsight/models';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness.js';

const minuteUs = 60_000_000;
const proxyAddress = '10.1.2.3';
const stranger = '203.0.113.9';

/** The connection's address, as the server would read it from the socket. */
const from = (peer: string) => ({ peer });

function cookieOf(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const pair = header.split(';')[0] ?? '';
  return pair;
}

describe('browser sign-in', () => {
  let h: Harness;
  let now = 1_900_000_000_000_000;
  beforeAll(async () => {
    h = await createHarness(
      {
        auth: {
          enabled: true,
          proxy: {
            header: 'X-Forwarded-Email',
            addresses: ['10.0.0.0/8'],
            scopes: ['read'],
          },
        },
        peerAddress: (c) => (c.env as { peer?: string } | undefined)?.peer,
        rateLimit: { perMinute: { ingest: 0, read: 0, signIn: 1000 } },
      },
      { clock: () => now, browserSessions: { absoluteUs: 60 * minuteUs, idleUs: 10 * minuteUs } },
    );
  });
  afterAll(() => h.dispose());

  const signIn = (apiKey: string, init: RequestInit = {}, url = '/api/v1/auth/session') =>
    h.app.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: apiKey }),
        ...init,
      },
      from(stranger),
    );

  async function signedIn(key: string) {
    const res = await signIn(key);
    expect(res.status).toBe(200);
    const body = v.parse(BrowserSession, await res.json());
    return { cookie: cookieOf(res), csrf: body.csrf_token ?? '', body };
  }

  const get = (path: string, headers: Record<string, string> = {}, peer = stranger) =>
    h.app.request(path, { headers }, from(peer));

  describe('POST /api/v1/auth/session', () => {
    it('sets an HttpOnly SameSite=Strict cookie and answers who signed in, with a CSRF token', async () => {
      const res = await signIn(h.keys.read);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^hindsight_session=[\w-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).toContain(`Max-Age=3600`);
      // Plain HTTP: a Secure cookie would never come back.
      expect(setCookie).not.toContain('Secure');
      const body = v.parse(BrowserSession, await res.json());
      expect(body).toMatchObject({
        principal: { kind: 'api_key', name: 'read', scopes: ['read'] },
        method: 'session',
        expires_at_us: now + 60 * minuteUs,
        idle_expires_at_us: now + 10 * minuteUs,
      });
      expect(body.csrf_token).toMatch(/^[\w-]{86}$/);
      // The cookie's secret is in the cookie only; the key is nowhere in the answer.
      const text = JSON.stringify(body);
      expect(text).not.toContain(cookieOf(res).split('=')[1]);
      expect(text).not.toContain(h.keys.read);
    });

    it('marks the cookie Secure, as __Host-, over HTTPS', async () => {
      const res = await signIn(h.keys.read, {}, 'https://hindsight.test/api/v1/auth/session');
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-hindsight_session=/);
      expect(setCookie).toContain('Secure');
    });

    it('believes X-Forwarded-Proto from the auth proxy only', async () => {
      const proto = { 'content-type': 'application/json', 'x-forwarded-proto': 'https' };
      const spoofed = await signIn(h.keys.read, { headers: proto });
      expect(spoofed.headers.get('set-cookie')).not.toContain('Secure');
      const proxied = await h.app.request(
        '/api/v1/auth/session',
        { method: 'POST', headers: proto, body: JSON.stringify({ api_key: h.keys.read }) },
        from(proxyAddress),
      );
      expect(proxied.headers.get('set-cookie')).toContain('Secure');
    });

    it('refuses a wrong or revoked key (401) and a bad body (400), setting no cookie', async () => {
      for (const key of ['hs_wrong', h.keys.revoked]) {
        const res = await signIn(key);
        expect(res.status).toBe(401);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      const empty = await signIn('');
      expect(empty.status).toBe(400);
      const text = await h.app.request(
        '/api/v1/auth/session',
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'api_key=x' },
        from(stranger),
      );
      expect(text.status).toBe(400);
    });
  });

  describe('GET /api/v1/auth/session', () => {
    it('answers 401 when signed out', async () => {
      const res = await get('/api/v1/auth/session');
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    });

    it('tells a signed-in browser who it is', async () => {
      const { cookie } = await signedIn(h.keys.admin);
      const res = await get('/api/v1/auth/session', { cookie });
      expect(res.status).toBe(200);
      const body = v.parse(BrowserSession, await res.json());
      expect(body).toMatchObject({ principal: { scopes: ['admin'] }, method: 'session' });
      expect(body.csrf_token).not.toBeNull();
    });

    it('answers 401 for a made-up cookie and clears it', async () => {
      const res = await get('/api/v1/auth/session', { cookie: 'hindsight_session=made-up' });
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toContain('Max-Age=0');
    });

    it('tells a bearer caller who it is, without a CSRF token', async () => {
      const res = await get('/api/v1/auth/session', h.bearer(h.keys.ingest));
      const body = v.parse(BrowserSession, await res.json());
      expect(body).toMatchObject({ method: 'bearer', csrf_token: null, expires_at_us: null });
    });
  });

  describe('the cookie on every route', () => {
    it('acts with the scopes of the key it came from', async () => {
      const reader = await signedIn(h.keys.read);
      expect((await get('/api/v1/history/sessions', { cookie: reader.cookie })).status).toBe(200);
      expect((await get('/api/v1/admin/api-keys', { cookie: reader.cookie })).status).toBe(403);
      const admin = await signedIn(h.keys.admin);
      expect((await get('/api/v1/admin/api-keys', { cookie: admin.cookie })).status).toBe(200);
    });

    it('needs the CSRF token of its own session for writes; bearer writes need none', async () => {
      const admin = await signedIn(h.keys.admin);
      const other = await signedIn(h.keys.admin);
      const create = (headers: Record<string, string>) =>
        h.app.request(
          '/api/v1/admin/api-keys',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ name: 'made in a browser', scopes: ['read'] }),
          },
          from(stranger),
        );
      const missing = await create({ cookie: admin.cookie });
      expect(missing.status).toBe(403);
      expect(((await missing.json()) as { detail: string }).detail).toContain('X-CSRF-Token');
      expect((await create({ cookie: admin.cookie, 'x-csrf-token': 'forged' })).status).toBe(403);
      expect((await create({ cookie: admin.cookie, 'x-csrf-token': other.csrf })).status).toBe(403);
      expect((await create({ cookie: admin.cookie, 'x-csrf-token': admin.csrf })).status).toBe(201);
      expect((await create(h.bearer(h.keys.admin))).status).toBe(201);
    });

    it('ends after the idle timeout, and with its key', async () => {
      const key = await h.services.apiKeys.create({ name: 'short-lived', scopes: ['read'] });
      const first = await signedIn(key.key);
      now += 11 * minuteUs;
      expect((await get('/api/v1/history/sessions', { cookie: first.cookie })).status).toBe(401);
      const second = await signedIn(key.key);
      expect((await get('/api/v1/history/sessions', { cookie: second.cookie })).status).toBe(200);
      await h.services.apiKeys.revoke({ id: key.id });
      const revoked = await get('/api/v1/history/sessions', { cookie: second.cookie });
      expect(revoked.status).toBe(401);
      expect(revoked.headers.get('www-authenticate')).toContain('invalid_token');
    });
  });

  describe('DELETE /api/v1/auth/session', () => {
    const signOut = (headers: Record<string, string>) =>
      h.app.request('/api/v1/auth/session', { method: 'DELETE', headers }, from(stranger));

    it('needs the CSRF token, then ends the session and clears the cookie', async () => {
      const { cookie, csrf } = await signedIn(h.keys.read);
      expect((await signOut({ cookie })).status).toBe(403);
      expect((await get('/api/v1/auth/session', { cookie })).status).toBe(200);
      const res = await signOut({ cookie, 'x-csrf-token': csrf });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toContain('Max-Age=0');
      expect((await get('/api/v1/auth/session', { cookie })).status).toBe(401);
      expect((await get('/api/v1/history/sessions', { cookie })).status).toBe(401);
    });

    it('changes nothing without a session', async () => {
      expect((await signOut({})).status).toBe(204);
    });
  });

  describe('the trusted auth proxy', () => {
    const person = { 'x-forwarded-email': 'ada@example.com' };

    it('authenticates the person it names, from its addresses, with the configured scopes', async () => {
      const res = await get('/api/v1/auth/session', person, proxyAddress);
      expect(res.status).toBe(200);
      const body = v.parse(BrowserSession, await res.json());
      expect(body).toMatchObject({
        principal: { kind: 'user', id: 'ada@example.com', scopes: ['read'] },
        method: 'proxy',
      });
      expect((await get('/api/v1/history/sessions', person, proxyAddress)).status).toBe(200);
      expect((await get('/api/v1/admin/api-keys', person, proxyAddress)).status).toBe(403);
      // An IPv4-mapped address from a dual-stack socket is the same proxy.
      expect((await get('/api/v1/history/sessions', person, '::ffff:10.1.2.3')).status).toBe(200);
    });

    it('ignores the header from any other address: a spoofed name gets nobody in', async () => {
      const spoofed = await get(
        '/api/v1/history/sessions',
        { ...person, 'x-forwarded-for': proxyAddress },
        stranger,
      );
      expect(spoofed.status).toBe(401);
      // With a session cookie beside it, the cookie decides, not the header.
      const { cookie } = await signedIn(h.keys.read);
      const res = await get('/api/v1/auth/session', { ...person, cookie }, stranger);
      const body = v.parse(BrowserSession, await res.json());
      expect(body.principal).toMatchObject({ kind: 'api_key', name: 'read' });
    });

    it('needs the CSRF token of the person for writes', async () => {
      const casefile = (headers: Record<string, string>) =>
        h.app.request(
          '/api/v1/casefiles',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...person, ...headers },
            body: JSON.stringify({ title: 'Checkout outage' }),
          },
          from(proxyAddress),
        );
      expect((await casefile({})).status).toBe(403);
      const session = v.parse(
        BrowserSession,
        await (await get('/api/v1/auth/session', person, proxyAddress)).json(),
      );
      expect((await casefile({ 'x-csrf-token': session.csrf_token ?? '' })).status).toBe(201);
      const grace = v.parse(
        BrowserSession,
        await (
          await get(
            '/api/v1/auth/session',
            { 'x-forwarded-email': 'grace@example.com' },
            proxyAddress,
          )
        ).json(),
      );
      expect((await casefile({ 'x-csrf-token': grace.csrf_token ?? '' })).status).toBe(403);
    });

    it('refuses a header that names nobody', async () => {
      const res = await get(
        '/api/v1/history/sessions',
        { 'x-forwarded-email': 'a b' },
        proxyAddress,
      );
      expect(res.status).toBe(401);
    });
  });
});

describe('sign-in limits and modes', () => {
  it('rate-limits sign-in attempts per client address (429 with Retry-After)', async () => {
    const h = await createHarness({
      rateLimit: { perMinute: { ingest: 0, read: 0, signIn: 2 } },
      clientAddress: (c) => (c.env as { peer?: string } | undefined)?.peer,
    });
    try {
      const attempt = (peer: string) =>
        h.app.request(
          '/api/v1/auth/session',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ api_key: 'hs_guess' }),
          },
          from(peer),
        );
      expect((await attempt(stranger)).status).toBe(401);
      expect((await attempt(stranger)).status).toBe(401);
      const limited = await attempt(stranger);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another address has its own budget.
      expect((await attempt('198.51.100.1')).status).toBe(401);

      // With auth off there is nothing to sign in to: the browser is the development principal.
      const off = await createHarness({ auth: { enabled: false } });
      try {
        const res = await off.app.request('/api/v1/auth/session');
        const body = v.parse(BrowserSession, await res.json());
        expect(body).toMatchObject({
          principal: { kind: 'development' },
          method: 'off',
          csrf_token: null,
        });
      } finally {
        await off.dispose();
      }
    } finally {
      await h.dispose();
    }
  });
});

describe('CORS for a dashboard on another origin', () => {
  const allowed = 'https://dash.example';
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ corsOrigins: [allowed] });
  });
  afterAll(() => h.dispose());

  const preflight = (origin: string) =>
    h.app.request('/api/v1/auth/session', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-csrf-token',
      },
    });

  it('lets a configured origin send credentials and the CSRF header, and read the answer', async () => {
    const res = await preflight(allowed);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'x-csrf-token',
    );
    const read = await h.app.request('/api/v1/auth/session', { headers: { origin: allowed } });
    expect(read.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(read.headers.get('access-control-allow-credentials')).toBe('true');
    expect(read.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives any other origin no CORS header at all, credentials least of all', async () => {
    for (const origin of ['https://evil.example', 'https://dash.example.evil.example', 'null']) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const read = await h.app.request('/api/v1/auth/session', { headers: { origin } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});
