// Starts the built server (apps/api/dist) on a seeded temporary database, and Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { bigSessionEvents, type IngestEvent, xssSessionEvents } from './fixtures.js';

const cliPath = fileURLToPath(new URL('../../api/dist/cli.js', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function runCli(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`hindsight ${args.join(' ')} exited with ${code}: ${stderr}`);
}

export interface TestServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** `hindsight start` on `env`; resolves with its address once it logs that it listens. */
export async function startServer(env: Record<string, string>): Promise<{
  url: string;
  child: ChildProcess;
}> {
  const child = spawn(process.execPath, [cliPath, 'start'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'hindsight is listening') resolve(String(entry.url));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

export async function ingest(url: string, events: readonly IngestEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ batch: events.slice(i, i + 1000) }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (res.status !== 207 || (body.errors?.length ?? 0) > 0) {
      throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

/**
 * A server with auth off on a fresh database holding the demo sessions,
 * `generated` realistic sessions, the hostile session and the 2,000-call one.
 */
export async function startSeededServer(generated = 60): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'hindsight-browser-'));
  const env = { DATABASE_URL: join(dir, 'data'), HINDSIGHT_AUTH: 'off', LOG_LEVEL: 'warn' };
  await runCli(['seed'], env);
  await runCli(['seed', '--sessions', String(generated), '--seed', '12'], env);
  const { url, child } = await startServer({
    ...env,
    // The tests read quickly: no rate limit gets in their way.
    HINDSIGHT_RATE_LIMIT_READ: '0',
    HINDSIGHT_RATE_LIMIT_INGEST: '0',
  });
  const nowUs = Date.now() * 1000;
  await ingest(url, xssSessionEvents(nowUs));
  await ingest(url, bigSessionEvents(nowUs));
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'hindsight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
