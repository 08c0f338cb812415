import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@hindsight/api';
import { DetailedSession, ProblemDetails } from '@hindsight/models';
import { demoSessions } from '@hindsight/service';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstStartKey,
  runCli,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from './server-process.js';

const [completedDemo] = demoSessions(Date.now() * 1000);

describe('the built server, as a process', () => {
  let dir: string;
  let server: ServerProcess;
  let adminKey: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-e2e-'));
    const env = { DATABASE_URL: join(dir, 'data'), LOG_LEVEL: 'info' };
    const seeded = await runCli(['seed'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('"inserted":3');
    server = await startServerProcess(env);
    adminKey = firstStartKey(server) ?? '';
  });

  afterAll(async () => {
    await stopServerProcess(server);
    await rm(dir, { recursive: true, force: true });
  });

  it('printed an admin key on its first start, since the database had none', () => {
    expect(adminKey).toMatch(/^hs_[\w-]{43}$/);
    const line = server.logs.find((l) => l.api_key === adminKey);
    expect(line?.level).toBe(40); // warn: it must be seen
  });

  it('answers /health without credentials', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('serves a seeded demo session through the typed client, with the key', async () => {
    const client = createClient(server.url, { token: adminKey });
    const id = completedDemo?.session.session_id ?? '';
    const res = await client.api.v1.history.sessions[':id'].$get({ param: { id } });
    expect(res.status).toBe(200);
    const detail = v.parse(DetailedSession, await res.json());
    expect(detail.status).toBe('completed');
    expect(detail.stages).toHaveLength(3);
    expect(detail.final_analysis).toContain('Root cause');
  });

  it('manages keys through the typed client: create, use, list without secrets, revoke', async () => {
    const admin = createClient(server.url, { token: adminKey });
    const created = await admin.api.v1.admin['api-keys'].$post({
      json: { name: 'ci', scopes: ['read'] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const key = created.status === 201 ? await created.json() : undefined;
    expect(key?.key).toMatch(/^hs_/);

    const reader = createClient(server.url, { token: key?.key ?? '' });
    const id = completedDemo?.session.session_id ?? '';
    expect((await reader.api.v1.history.sessions[':id'].$get({ param: { id } })).status).toBe(200);
    expect((await reader.api.v1.admin['api-keys'].$get()).status).toBe(403);

    const listed = await admin.api.v1.admin['api-keys'].$get();
    const text = await listed.text();
    expect(text).toContain(key?.id ?? 'missing');
    expect(text).not.toContain(key?.key ?? 'missing');

    const revoked = await admin.api.v1.admin['api-keys'][':id'].$delete({
      param: { id: key?.id ?? '' },
    });
    expect(revoked.status).toBe(200);
    const refused = await reader.api.v1.history.sessions[':id'].$get({ param: { id } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('answers without credentials with 401 problem details', async () => {
    const res = await fetch(`${server.url}/api/v1/history/sessions/missing`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = v.parse(ProblemDetails, await res.json());
    expect(body.trace_id).toBe(res.headers.get('x-request-id'));
  });

  it('answers a missing session with a 404 problem', async () => {
    const res = await fetch(`${server.url}/api/v1/history/sessions/missing`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves its OpenAPI document, docs page and metrics without credentials', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      info: { version: string };
    };
    expect(doc.info.version).toBe('0.1.0');
    expect((await fetch(`${server.url}/api/v1/docs`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('hindsight_process_cpu_user_seconds_total');
    expect(metrics).toContain('hindsight_database_pool_max_connections{dialect="pglite"} 1');
    expect(metrics).toMatch(
      /hindsight_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/,
    );
  });

  it('logs one JSON line per request with the route pattern and principal, never the key', async () => {
    await fetch(`${server.url}/api/v1/history/sessions/log-probe`, {
      headers: { authorization: `Bearer ${adminKey}`, 'x-request-id': 'e2e-log-probe' },
    });
    const line = await server.waitForLog((l) => l.requestId === 'e2e-log-probe');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/api/v1/history/sessions/:id',
      status: 404,
    });
    expect(String(line?.principal)).toMatch(/^api_key:key_/);
    const requestLines = server.logs.filter((l) => l.msg === 'request');
    expect(JSON.stringify(requestLines)).not.toContain(adminKey);
  });

  it('shuts down gracefully on SIGTERM, its background jobs stopped before the database closes', async () => {
    const before = server.logs.length;
    server.child.kill('SIGTERM');
    const [code] = (await once(server.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(server.logs.some((line) => line.msg === 'hindsight stopped')).toBe(true);
    // pino's warn is 40: no job failed for the database closing under it.
    expect(server.logs.slice(before).filter((line) => Number(line.level) >= 40)).toEqual([]);
  });

  it('does not print a key again on the next start: one exists', async () => {
    const again = await startServerProcess({ DATABASE_URL: join(dir, 'data') });
    try {
      expect(firstStartKey(again)).toBeUndefined();
    } finally {
      await stopServerProcess(again);
    }
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
