// Dashboard load benchmark (not a test): first-load JavaScript against its budget, and in
// Chromium the time from navigation to the first list rows and to the first call of a
// 2,000-call session, against a blank page from the same server in the same run.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { bigInteraction, bigSessionId } from '../browser/fixtures.js';
import { chromiumArgs, chromiumPath, startSeededServer } from '../browser/harness.js';

const runs = 7;
const budget = 250 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function gzipOf(file: string): Promise<number> {
  return gzipSync(await readFile(join(dist, file))).length;
}

async function sizes() {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]*\ssrc="\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const assets = await readdir(join(dist, 'assets'));
  const sessionChunk = assets.find((a) => /^SessionPage-.*\.js$/.test(a));
  const first = (await Promise.all(entry.map(gzipOf))).reduce((a, b) => a + b, 0);
  const session = sessionChunk ? await gzipOf(`assets/${sessionChunk}`) : 0;
  return { first, session };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main() {
  const { first, session } = await sizes();
  console.log(
    `first-load JavaScript (the list): ${kb(first)} gzip, budget ${kb(budget)} (${Math.round((first / budget) * 100)}%)`,
  );
  console.log(
    `a session opened first: ${kb(first + session)} gzip (${Math.round(((first + session) / budget) * 100)}% of the budget)`,
  );

  const server = await startSeededServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    /** Milliseconds from navigation until `selector` is in the page, with a cold cache. */
    const timeTo = async (path: string, selector: string | undefined) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.url}${path}`, { waitUntil: selector ? 'commit' : 'load' });
      if (selector) await page.locator(selector).first().waitFor();
      const elapsed = performance.now() - started;
      await context.close();
      return elapsed;
    };
    const measure = async (path: string, selector: string | undefined) => {
      await timeTo(path, selector); // warm the server's caches, not the browser's
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) times.push(await timeTo(path, selector));
      return median(times);
    };
    const blank = await measure('/favicon.svg', undefined);
    const list = await measure('/', 'tbody tr[data-session-id]');
    const big = await measure(
      `/sessions/${bigSessionId}`,
      `[data-interaction-id="${bigInteraction(0)}"]`,
    );
    const line = (label: string, ms: number) =>
      console.log(
        `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / blank).toFixed(1)}× the blank page)`,
      );
    console.log(`\nChromium, cold cache, median of ${runs}:`);
    line('blank page (baseline)', blank);
    line('sessions list: first rows', list);
    line('2,000-call session: first call', big);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
