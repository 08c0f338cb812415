// Browser sign-in in real Chromium against the built server with auth on.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type TestBrowser } from './harness.js';
import { instrument, screenshots, seriousViolations } from './page-tools.js';

const adminKey = `hs_browser_test_${'k'.repeat(40)}`;
let dir: string;
let server: { url: string; child: ChildProcess };
let browser: TestBrowser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-sign-in-'));
  server = await startServer({
    DATABASE_URL: join(dir, 'data'),
    HINDSIGHT_AUTH: 'on',
    HINDSIGHT_BOOTSTRAP_KEY: adminKey,
    HINDSIGHT_RATE_LIMIT_READ: '0',
    HINDSIGHT_RATE_LIMIT_INGEST: '0',
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

async function signInPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const { errors } = await instrument(page);
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Sign in to Hindsight' }).waitFor();
  return { page, errors };
}

describe('browser sign-in', () => {
  it('shows the sign-in page when signed out, with the key in a password field, and passes an accessibility scan', async () => {
    const { page } = await signInPage();
    expect(await page.getByLabel('API key').getAttribute('type')).toBe('password');
    expect(await page.locator('.live-indicator').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'sign-in');
    await page.close();
  });

  it('refuses a wrong key and says so', async () => {
    const { page } = await signInPage();
    await page.getByLabel('API key').fill('hs_not_a_key_at_all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That key was not accepted').waitFor();
    expect(await page.context().cookies(server.url)).toEqual([]);
    await page.close();
  });

  it('signs in with a key: an HttpOnly SameSite=Strict cookie, nothing in storage, live on; then signs out', async () => {
    const { page } = await signInPage();
    await page.getByLabel('API key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    const cookies = await page.context().cookies(server.url);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]?.value).not.toContain(adminKey);
    // No secret where page scripts could read it.
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    expect(stored.local).not.toContain(adminKey);
    expect(stored.session).not.toContain(adminKey);
    expect(stored.cookie).toBe('');
    // The cookie also opens the live WebSocket.
    await page.locator('.live-indicator.live-open').waitFor();
    // A write with the cookie (and its CSRF token): an admin page works.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Hindsight' }).waitFor();
    expect(await page.context().cookies(server.url)).toEqual([]);
    // Signed out for real: the API refuses the browser now.
    const status = await page.evaluate(
      async () => (await fetch('/api/v1/history/sessions', { credentials: 'include' })).status,
    );
    expect(status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Hindsight' }).waitFor();
    await page.close();
  });
});
