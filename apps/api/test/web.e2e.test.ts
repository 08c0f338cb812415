// The built server serves the built dashboard (apps/web/dist): `pnpm start` shows it at /.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebDirs } from '../src/web-site.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';

const html = { Accept: 'text/html,application/xhtml+xml' };

describe('the dashboard, served by the built server', () => {
  let server: ServerProcess;
  let entryScript: string;

  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: 'memory://', HINDSIGHT_AUTH: 'on' });
    // The server's build copies the dashboard into dist/web: that copy is what it serves.
    const assets = await readdir(join(defaultWebDirs[1] ?? '', 'assets'));
    entryScript = assets.find((name) => /^index-[\w-]+\.js$/.test(name)) ?? '';
  });

  afterAll(async () => {
    await stopServerProcess(server);
  });

  it('serves the copy its build put into dist/web, as the production bundle does', () => {
    const line = server.logs.find((l) => l.msg === 'serving the dashboard');
    expect(String(line?.dir)).toMatch(/apps\/api\/dist\/web\/?$/);
  });

  it('answers / with index.html, revalidated every time, under the strict CSP', async () => {
    const res = await fetch(`${server.url}/`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    const body = await res.text();
    expect(body).toContain('<div id="root"></div>');
    expect(body).toContain(`/assets/${entryScript}`);
    // No inline script: every <script> names a file of the app.
    expect(body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });

  it('falls back to index.html for the app routes a browser opens', async () => {
    for (const path of ['/sessions/some-id', '/api-keys', '/no/such/page']) {
      const res = await fetch(`${server.url}${path}`, { headers: html });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('caches hashed assets for a year and sends them compressed when asked', async () => {
    const res = await fetch(`${server.url}/assets/${entryScript}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await res.text()).length).toBeGreaterThan(1000);
  });

  it('keeps the API paths: their 404s stay problem documents, and a missing asset is a 404', async () => {
    for (const path of ['/api/v1/nothing', '/api', '/assets/index-gone.js']) {
      const res = await fetch(`${server.url}${path}`, { headers: html });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const sessions = await fetch(`${server.url}/api/v1/history/sessions`, { headers: html });
    expect(sessions.status).toBe(401);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).headers.get('content-type')).toContain(
      'text/plain',
    );
  });

  it('answers a script or JSON client with a 404 problem, not the app', async () => {
    const res = await fetch(`${server.url}/sessions/x`, {
      headers: { Accept: 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
