import { randomBytes } from 'node:crypto';
import { ProblemDetails } from '@hindsight/models';
import postgres from 'postgres';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openFrameClient } from './live-client.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

// The shared PostgreSQL server keeps running: the link between it and the
// server under test goes through a proxy, and the test cuts that link.

const adminUrl = process.env.TEST_DATABASE_URL;
const key = `database-down-e2e-${'k'.repeat(32)}`;

describe.skipIf(!adminUrl)('when the database becomes unreachable', () => {
  const name = `hindsight_down_${randomBytes(6).toString('hex')}`;
  let proxy: TcpProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    const admin = postgres(adminUrl ?? '', { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    const target = new URL(adminUrl ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(adminUrl ?? '');
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.pathname = `/${name}`;
    server = await startServerProcess({
      DATABASE_URL: viaProxy.toString(),
      HINDSIGHT_BOOTSTRAP_KEY: key,
    });
  });

  afterAll(async () => {
    await stopServerProcess(server);
    await proxy?.close();
    const admin = postgres(adminUrl ?? '', { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  const get = (path: string, auth = true) =>
    fetch(`${server.url}${path}`, { headers: auth ? { authorization: `Bearer ${key}` } : {} });

  async function expectUnavailable(res: Response): Promise<void> {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = v.parse(ProblemDetails, await res.json());
    expect(body.trace_id).toBe(res.headers.get('x-request-id'));
  }

  it('answers data routes 503 with Retry-After, fails /ready, keeps /health, then recovers by itself', async () => {
    expect((await get('/ready', false)).status).toBe(200);
    expect((await get('/api/v1/history/sessions/none')).status).toBe(404);

    proxy.cut();
    expect((await get('/health', false)).status).toBe(200);
    await expectUnavailable(await get('/ready', false));
    await expectUnavailable(await get('/api/v1/history/sessions/none'));
    await expectUnavailable(await get('/api/v1/admin/api-keys'));
    // A wrong key is not told apart from a right one while keys cannot be checked: 503, not 401.
    await expectUnavailable(
      await fetch(`${server.url}/api/v1/history/sessions/none`, {
        headers: { authorization: 'Bearer hs_wrong' },
      }),
    );
    const metrics = await (await get('/metrics', false)).text();
    expect(metrics).toContain('hindsight_database_up 0');
    expect(server.child.exitCode).toBeNull();

    // A longer outage (postgres.js backs off between reconnects, which once left
    // requests hanging until their 504): every answer stays a prompt 503, ingest too.
    const cutAt = performance.now();
    let rounds = 0;
    while (performance.now() - cutAt < 4000 || rounds < 3) {
      rounds += 1;
      const answers = await Promise.all([
        get('/ready', false),
        get('/api/v1/history/sessions?search=disk'),
        get('/api/v1/history/sessions/none'),
        fetch(`${server.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ batch: [] }),
        }),
      ]);
      for (const res of answers) await expectUnavailable(res);
    }

    proxy.restore();
    // The circuit breaker probes for the database and closes once it answers: no restart.
    await vi.waitFor(async () => expect((await get('/ready', false)).status).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });
    expect((await get('/api/v1/history/sessions/none')).status).toBe(404);
    expect(await (await get('/metrics', false)).text()).toContain('hindsight_database_up 1');
  });

  it('closes live sockets when the log cannot be read (1011), answers 503 at connect, and recovers', async () => {
    // The live feed finds the database again at its own next read (within 2 s of
    // backoff), which may come after /ready recovered in the test above.
    const client = await vi.waitFor(() => openFrameClient(server.url, key), {
      timeout: 30_000,
      interval: 200,
    });
    expect((await client.next()).type).toBe('connection.established');
    client.send({ action: 'subscribe', channel: 'sessions' });
    expect((await client.next()).type).toBe('subscription.confirmed');

    proxy.cut();
    expect((await client.closed).code).toBe(1011);
    await expect(openFrameClient(server.url, key)).rejects.toThrow('upgrade refused: 503');

    proxy.restore();
    const again = await vi.waitFor(() => openFrameClient(server.url, key), {
      timeout: 30_000,
      interval: 200,
    });
    expect((await again.next()).type).toBe('connection.established');
    again.socket.close();
  });
});
