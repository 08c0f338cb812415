// The dashboard in real Chromium against the real built server on a seeded database.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bigInteraction, bigSessionId, hostile, xssSessionId } from './fixtures.js';
import {
  ingest,
  launchBrowser,
  startSeededServer,
  type TestBrowser,
  type TestServer,
} from './harness.js';
import { hostileEffects, instrument, screenshots, seriousViolations } from './page-tools.js';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  server = await startSeededServer();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string): Promise<Page> {
  page = await browser.context.newPage();
  pageErrors = (await instrument(page)).errors;
  await page.goto(`${server.url}${path}`);
  return page;
}

afterEach(async () => {
  // Nothing on any page may fail or be refused by the CSP (expected 404 answers aside).
  const effects = await hostileEffects(page);
  expect(effects.csp).toEqual([]);
  expect(effects.flag).toBeUndefined();
  expect(pageErrors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
  await page.close();
});

const rows = (p: Page) => p.locator('tbody tr[data-session-id]');

describe('the sessions list', () => {
  it('shows the first page of sessions, newest first, and passes an accessibility scan', async () => {
    const p = await open('/');
    await rows(p).first().waitFor();
    expect(await rows(p).count()).toBe(20);
    await expect(p.getByText(/65 sessions · page 1 of 4/).isVisible()).resolves.toBe(true);
    expect(await seriousViolations(p)).toEqual([]);
    await p.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(p)).toEqual([]);
    await p.emulateMedia({ colorScheme: 'light' });
    await screenshots(p, 'sessions');
  });

  it('filters by status through the URL, and a shared URL restores the filter', async () => {
    const p = await open('/');
    await rows(p).first().waitFor();
    await p.getByRole('button', { name: 'failed', exact: true }).click();
    await p.waitForURL(/status=/);
    await p.waitForFunction(
      () =>
        document.querySelectorAll('tbody tr[data-session-id]').length > 0 &&
        [...document.querySelectorAll('tbody tr[data-session-id] .badge')].every(
          (b) => b.textContent === 'failed',
        ),
    );
    const filteredUrl = p.url();
    const failedCount = await rows(p).count();
    expect(failedCount).toBeGreaterThan(0);
    await p.goto(filteredUrl);
    await rows(p).first().waitFor();
    expect(await rows(p).count()).toBe(failedCount);
    expect(
      await p.getByRole('button', { name: 'failed', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('filters by agent and searches', async () => {
    const p = await open('/');
    await rows(p).first().waitFor();
    await p.getByLabel('Search', { exact: true }).fill('XssProbe');
    await p.getByLabel('Search', { exact: true }).press('Enter');
    await p.waitForURL(/search=XssProbe/);
    await p.locator(`tr[data-session-id="${xssSessionId}"]`).waitFor();
    await p.waitForFunction(
      () => document.querySelectorAll('tbody tr[data-session-id]').length === 1,
    );
    await p.getByRole('button', { name: 'Clear filters' }).click();
    await p.getByLabel('Agent').selectOption('MarathonAgent');
    await p.waitForURL(/agent_type=MarathonAgent/);
    await p.locator(`tr[data-session-id="${bigSessionId}"]`).waitFor();
    await p.waitForFunction(
      () => document.querySelectorAll('tbody tr[data-session-id]').length === 1,
    );
  });

  it('pages by cursor, and Back returns to the previous page', async () => {
    const p = await open('/?page_size=10');
    await rows(p).first().waitFor();
    const first = await rows(p).first().getAttribute('data-session-id');
    await p.getByRole('button', { name: 'Next page' }).click();
    await p.waitForURL(/cursor=/);
    await p.getByText('Page 2 of 7', { exact: true }).waitFor();
    const second = await rows(p).first().getAttribute('data-session-id');
    expect(second).not.toBe(first);
    await p.getByRole('button', { name: 'Next page' }).click();
    await p.getByText('Page 3 of 7', { exact: true }).waitFor();
    await p.getByRole('button', { name: 'Previous' }).click();
    await p.getByText('Page 2 of 7', { exact: true }).waitFor();
    expect(await rows(p).first().getAttribute('data-session-id')).toBe(second);
  });
});

describe('a session', () => {
  it('opens from the list, and expands an LLM call and an MCP call', async () => {
    const p = await open(`/?search=XssProbe`);
    await p.getByRole('link', { name: 'XssProbe' }).click();
    await p.waitForURL(new RegExp(`/sessions/${xssSessionId}$`));
    await p.getByRole('heading', { name: 'XssProbe' }).waitFor();
    await p.getByRole('button', { name: /gpt-probe/ }).click();
    await p.getByRole('list', { name: 'Conversation' }).waitFor();
    // Its model is in no price catalogue: the call says so instead of showing a cost.
    await p.getByText('no price: unknown model').waitFor();
    expect(await p.locator('.message-role').allTextContents()).toEqual([
      'system',
      'user',
      'assistant',
    ]);
    await p.getByRole('button', { name: /web · fetch_page/ }).click();
    await p.getByRole('list', { name: 'Parameters' }).waitFor();
    expect(await p.locator('[data-interaction-id="xss-mcp-1"] .error-box').textContent()).toContain(
      'tool failed',
    );
    expect(await seriousViolations(p)).toEqual([]);
    await p.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(p)).toEqual([]);
    await p.emulateMedia({ colorScheme: 'light' });
    await screenshots(p, 'session');
  });

  it('shows recorded markup as text and runs none of it', async () => {
    const p = await open(`/sessions/${xssSessionId}?i=xss-llm-1`);
    await p.getByRole('list', { name: 'Conversation' }).waitFor();
    const conversation = await p.getByRole('list', { name: 'Conversation' }).textContent();
    expect(conversation).toContain(hostile.script);
    expect(conversation).toContain(hostile.img);
    // The final analysis: Markdown renders, raw HTML is text, the javascript: link goes nowhere.
    const analysis = p.locator('.final-analysis');
    expect(await analysis.getByRole('heading', { name: 'Root cause' }).count()).toBe(1);
    expect(await analysis.textContent()).toContain('<b>bold html</b>');
    expect(await analysis.locator('b').count()).toBe(0);
    const link = analysis.getByText('a link');
    expect(await link.getAttribute('href')).not.toMatch(/javascript/i);
    // No element came from recorded markup anywhere on the page.
    expect(await p.locator('main img, main script, main b').count()).toBe(0);
    await p.getByRole('tab', { name: 'Alert data' }).click();
    await p.getByRole('list', { name: 'Alert data' }).waitFor();
    expect(await p.getByRole('list', { name: 'Alert data' }).textContent()).toContain(hostile.img);
    expect(await p.locator('main img, main script').count()).toBe(0);
  });

  it('deep-links to one call of 2,000 and scrolls it into view, rendering only a window', async () => {
    const target = bigInteraction(1501);
    const p = await open(`/sessions/${bigSessionId}?i=${target}`);
    const card = p.locator(`[data-interaction-id="${target}"]`);
    await card.getByRole('list', { name: 'Parameters' }).waitFor();
    // The list settles its measured row heights after the jump: wait until the call is on screen.
    await p.waitForFunction((id) => {
      const element = document.querySelector(`[data-interaction-id="${id}"]`);
      const top = element?.getBoundingClientRect().top;
      return top !== undefined && top > -2 && top < window.innerHeight; // sub-pixel rounding
    }, target);
    expect(await card.isVisible()).toBe(true);
    const rendered = await p.locator('.timeline-row').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    await expect(p.getByText('2000 of 2000 calls').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(p)).toEqual([]);
  });

  it('copies a deep link from a call into the URL', async () => {
    const p = await open(`/sessions/${bigSessionId}`);
    await p.locator(`[data-interaction-id="${bigInteraction(2)}"]`).waitFor();
    await p.locator(`[data-interaction-id="${bigInteraction(2)}"] .permalink`).click();
    await p.waitForURL(new RegExp(`i=${bigInteraction(2)}`));
    await p.getByRole('list', { name: 'Conversation' }).waitFor();
  });

  it('shows the statistics', async () => {
    const p = await open(`/sessions/${bigSessionId}?tab=stats`);
    await p.getByText('LLM calls', { exact: true }).waitFor();
    expect(await p.locator('.stat-value').first().textContent()).toBe('2,000');
    expect(await seriousViolations(p)).toEqual([]);
    await screenshots(p, 'session-stats');
  });
});

describe('other pages', () => {
  it('answers an unknown address and an unknown session with a not-found page', async () => {
    const p = await open('/no/such/page');
    await p.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshots(p, 'not-found');
    await p.goto(`${server.url}/sessions/no-such-session`);
    await p.getByRole('heading', { name: 'Session not found' }).waitFor();
  });

  it('charts usage by model and by agent, with a totals table, and passes an accessibility scan', async () => {
    const p = await open('/');
    await p.getByRole('link', { name: 'Usage' }).click();
    await p.waitForURL(/\/usage$/);
    const totals = p.locator('table.usage-totals');
    await totals.locator('tbody tr').first().waitFor();
    expect(await totals.locator('caption').textContent()).toBe('Totals by model');
    expect(await totals.locator('tbody tr').count()).toBeGreaterThan(0);
    // Tokens, cost and calls as stacked bars, and the latency chart, drawn as SVG.
    await p.waitForFunction(
      () => document.querySelectorAll('.chart svg.recharts-surface').length >= 4,
    );
    await p.getByText('Cost by model (USD)').waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await p.getByLabel('Group by').selectOption('agent_type');
    await p.getByText('Totals by agent type').waitFor();
    expect(await totals.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshots(p, 'usage');
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    const p = await open('/api-keys');
    await p.getByRole('heading', { name: 'API keys' }).waitFor();
    await p.getByLabel('Name').fill('browser-test-key');
    await p.getByRole('button', { name: 'Create key' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('The new API key').textContent()).toMatch(/^hs_/);
    expect(await seriousViolations(p)).toEqual([]);
    await screenshots(p, 'api-key-created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = p.getByRole('row', { name: /browser-test-key/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await p.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText(/revoked/).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshots(p, 'api-keys');
  });

  it('is usable from the keyboard: skip link, then a session by Tab and Enter', async () => {
    const p = await open('/?search=XssProbe');
    await rows(p).first().waitFor();
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const link = p.getByRole('link', { name: 'XssProbe' });
    await link.focus();
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/sessions/${xssSessionId}`));
    const trigger = p.getByRole('button', { name: /gpt-probe/ });
    await trigger.focus();
    await p.keyboard.press('Enter');
    await p.getByRole('list', { name: 'Conversation' }).waitFor();
  });

  it('switches between light and dark', async () => {
    const p = await open('/');
    await rows(p).first().waitFor();
    const background = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await p.getByRole('button', { name: /Switch to dark theme/ }).click();
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).not.toBe(light);
    await p.getByRole('button', { name: /Switch to light theme/ }).click();
    expect(await background()).toBe(light);
  });
});

// Last: these add sessions, which the counts above do not expect.
describe('live updates', () => {
  const liveId = 'browser-test-live-session';
  const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
  const started = (nowUs: number) => ({
    id: 'live-e1',
    timestamp: iso(nowUs),
    type: 'session.started',
    body: {
      session_id: liveId,
      alert_id: 'live-alert',
      alert_type: 'LiveProbe',
      agent_type: 'ProbeAgent',
      alert_data: {},
      chain_id: 'probe-chain',
      chain_definition: { stages: [{ id: 'probe', agent: 'ProbeAgent' }] },
      started_at_us: nowUs,
    },
  });

  it('shows that it is live, and a new session appears on the open list', async () => {
    const p = await open('/');
    await rows(p).first().waitFor();
    await p.locator('.live-indicator.live-open').waitFor();
    expect(await p.locator(`tr[data-session-id="${liveId}"]`).count()).toBe(0);
    await ingest(server.url, [started(Date.now() * 1000)]);
    await p.locator(`tr[data-session-id="${liveId}"]`).waitFor();
    await expect(p.getByText(/66 sessions/).isVisible()).resolves.toBe(true);
  });

  it('grows an open session page as its run records calls, then shows it completed', async () => {
    const p = await open(`/sessions/${liveId}`);
    await p.locator('.live-indicator.live-open').waitFor();
    await p.getByText('LiveProbe').first().waitFor();
    expect(await p.locator('[data-interaction-id]').count()).toBe(0);
    const nowUs = Date.now() * 1000;
    await ingest(server.url, [
      {
        id: 'live-e2',
        timestamp: iso(nowUs),
        type: 'stage.started',
        body: {
          execution_id: 'live-stage-1',
          session_id: liveId,
          stage_id: 'probe',
          stage_index: 0,
          stage_name: 'Live stage',
          agent: 'ProbeAgent',
          started_at_us: nowUs,
        },
      },
      {
        id: 'live-e3',
        timestamp: iso(nowUs + 1000),
        type: 'llm.interaction',
        body: {
          interaction_id: 'live-llm-1',
          session_id: liveId,
          stage_execution_id: 'live-stage-1',
          timestamp_us: nowUs + 1000,
          duration_ms: 800,
          model_name: 'gpt-live',
          provider: 'openai',
          messages: [
            { role: 'user', content: 'Is the live page growing?' },
            { role: 'assistant', content: 'It is.' },
          ],
          success: true,
        },
      },
    ]);
    await p.locator('[data-interaction-id]').first().waitFor();
    await p.getByText('gpt-live').first().waitFor();
    await ingest(server.url, [
      {
        id: 'live-e4',
        timestamp: iso(nowUs + 5000),
        type: 'session.completed',
        body: { session_id: liveId, completed_at_us: nowUs + 5000, final_analysis: 'Live done.' },
      },
    ]);
    await p.locator('.session-header .badge.status-completed').waitFor();
  });
});

describe('control actions', () => {
  const runId = 'browser-test-paused-session';
  const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

  it('resumes and cancels a paused run from its page, and shows the runtime is asked', async () => {
    const nowUs = Date.now() * 1000;
    await ingest(server.url, [
      {
        id: 'pause-e1',
        timestamp: iso(nowUs),
        type: 'session.started',
        body: {
          session_id: runId,
          alert_id: 'pause-alert',
          alert_type: 'PauseProbe',
          agent_type: 'ProbeAgent',
          alert_data: {},
          chain_id: 'probe-chain',
          chain_definition: { stages: [] },
          started_at_us: nowUs,
        },
      },
      {
        id: 'pause-e2',
        timestamp: iso(nowUs + 1000),
        type: 'session.updated',
        body: {
          session_id: runId,
          status: 'paused',
          pause_metadata: {
            reason: 'max_iterations_reached',
            message: 'Paused after 30 iterations',
            paused_at_us: nowUs + 1000,
          },
        },
      },
    ]);
    const p = await open(`/sessions/${runId}`);
    await p.getByText('Paused after 30 iterations').waitFor();
    await p.getByRole('button', { name: 'Resume run' }).click();
    await p.getByText('Resume requested.').waitFor();
    p.once('dialog', (dialog) => void dialog.accept());
    await p.getByRole('button', { name: 'Cancel run' }).click();
    await p.locator('.session-header .badge.status-canceling').waitFor();
    await p.getByText('Cancel requested: waiting for the runtime').waitFor();
    expect(await p.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);
  });
});
