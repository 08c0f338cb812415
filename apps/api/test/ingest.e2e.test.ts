import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@hindsight/api';
import { DetailedSession, IngestResult } from '@hindsight/models';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSessions } from '../src/seed/generate.js';
import { runCli, type ServerProcess, startServerProcess } from './server-process.js';

function seededLog(stdout: string) {
  const line = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((entry) => entry.msg === 'generated sessions loaded');
  expect(line).toBeDefined();
  return line as { created: number; repeated: number; failed: number; events: number };
}

describe('ingest through the built server, on PGlite', () => {
  let dir: string;
  let server: ServerProcess;
  const env = () => ({
    DATABASE_URL: join(dir, 'data'),
    LOG_LEVEL: 'info',
    INGEST_MAX_EVENTS: '50',
    HINDSIGHT_MAX_BODY_BYTES: '200000',
    // Authentication and rate limits have their own e2e tests; this one is about ingest.
    HINDSIGHT_AUTH: 'off',
    HINDSIGHT_RATE_LIMIT_INGEST: '0',
    HINDSIGHT_RATE_LIMIT_READ: '0',
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-ingest-e2e-'));
    const seeded = await runCli(['seed', '--sessions', '12', '--seed', '3'], env());
    expect(seeded.code).toBe(0);
    const first = seededLog(seeded.stdout);
    expect(first.failed).toBe(0);
    expect(first.created).toBe(first.events);
    const again = await runCli(['seed', '--sessions', '12', '--seed', '3'], env());
    expect(seededLog(again.stdout)).toMatchObject({ created: 0, repeated: first.events });
    server = await startServerProcess(env());
    // Two seeds and a start-up, each a process of its own: a bound for busy machines.
  }, 180_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the generated sessions', async () => {
    const [session] = generateSessions({ seed: 3, nowUs: Date.now() * 1000 });
    const client = createClient(server.url);
    const res = await client.api.v1.history.sessions[':id'].$get({
      param: { id: session?.sessionId ?? '' },
    });
    expect(res.status).toBe(200);
    const detail = v.parse(DetailedSession, await res.json());
    const events = session?.events ?? [];
    expect(detail.total_interactions).toBe(
      events.filter((e) => e.type === 'llm.interaction' || e.type === 'mcp.communication').length,
    );
  });

  it('ingests a batch over HTTP and answers 207', async () => {
    const sessions = generateSessions({ seed: 99, nowUs: Date.now() * 1000 });
    const batch = [...(sessions.next().value?.events ?? [])].slice(0, 40);
    const client = createClient(server.url);
    const res = await client.api.v1.ingest.$post({ json: { batch: batch as never } });
    expect(res.status).toBe(207);
    const result = v.parse(IngestResult, await res.json());
    expect(result.errors).toEqual([]);
    expect(result.successes).toHaveLength(batch.length);
  });

  it('applies the configured limits: events per batch and bytes per body', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({
      id: `e-${i}`,
      timestamp: new Date().toISOString(),
      type: 'session.updated',
      body: { session_id: 'x' },
    }));
    const tooMany = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batch: many }),
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers.get('content-type')).toBe('application/problem+json');
    const tooBig = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batch: many.slice(0, 1), pad: 'x'.repeat(200_001) }),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toBe('application/problem+json');
  });

  it('records a single session through its own route', async () => {
    const body = {
      session_id: 'single-1',
      alert_id: 'a-1',
      agent_type: 'kubernetes',
      alert_data: { pod: 'p' },
      chain_id: 'c',
      chain_definition: {},
      started_at_us: Date.now() * 1000,
    };
    const post = () =>
      fetch(`${server.url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(200);
  });
});
