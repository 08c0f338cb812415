import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@hindsight/api';
import { DetailedSession } from '@hindsight/models';
import { demoSessions } from '@hindsight/service';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ServerProcess, startServerProcess } from './server-process.js';

const [completedDemo] = demoSessions(Date.now() * 1000);

describe('the built server, as a process', () => {
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-e2e-'));
    const env = { DATABASE_URL: join(dir, 'data'), LOG_LEVEL: 'info' };
    const seeded = await runCli(['seed'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('"inserted":3');
    server = await startServerProcess(env);
  });

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves a seeded demo session through the typed client', async () => {
    const client = createClient(server.url);
    const id = completedDemo?.session.session_id ?? '';
    const res = await client.api.v1.history.sessions[':id'].$get({ param: { id } });
    expect(res.status).toBe(200);
    const detail = v.parse(DetailedSession, await res.json());
    expect(detail.status).toBe('completed');
    expect(detail.stages).toHaveLength(3);
    expect(detail.final_analysis).toContain('Root cause');
  });

  it('answers a missing session with a 404 problem', async () => {
    const res = await fetch(`${server.url}/api/v1/history/sessions/missing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    const [code] = (await once(server.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(server.logs.some((line) => line.msg === 'hindsight stopped')).toBe(true);
  });
});

describe('the CLI', () => {
  it('refuses a bad configuration with a message per variable and exit code 2', async () => {
    const run = await runCli(['migrate'], { PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PORT="eighty"');
    expect(run.stderr).toContain('LOG_LEVEL="chatty"');
  });

  it('refuses an unknown command', async () => {
    const run = await runCli(['frobnicate'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });

  it('migrates an in-memory database and exits 0', async () => {
    const run = await runCli(['migrate'], { DATABASE_URL: 'memory://' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('migrations applied');
  });
});
