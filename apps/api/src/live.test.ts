import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FrameClient, openFrameClient } from '../test/live-client.js';
import { loadConfig } from './env.js';
import { createLogger } from './logger.js';
import { type RunningServer, startServer } from './server.js';

const adminKey = 'live-test-admin-key-0123456789abcdef0123456789';

function sessionStarted(sessionId: string, id: string) {
  return {
    id,
    timestamp: '2026-01-01T00:00:00.000Z',
    type: 'session.started',
    body: {
      session_id: sessionId,
      alert_id: `alert-${sessionId}`,
      alert_type: 'PodCrashLooping',
      agent_type: 'kubernetes',
      alert_data: {},
      chain_id: 'chain',
      chain_definition: {},
      started_at_us: 1_767_225_600_000_000,
    },
  };
}

function progress(sessionId: string, id: string, phase: string) {
  return {
    id,
    timestamp: '2026-01-01T00:00:00.000Z',
    type: 'session.progress_update',
    body: { session_id: sessionId, phase },
  };
}

async function ingest(server: RunningServer, batch: unknown[], key = adminKey) {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  expect(response.status).toBe(207);
  return response.json();
}

async function readKey(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'reader', scopes: ['read'] }),
  });
  return ((await response.json()) as { key: string }).key;
}

/** Subscribes and waits for the confirmation. */
async function subscribe(client: FrameClient, channel: string) {
  client.send({ action: 'subscribe', channel });
  expect(await client.next()).toEqual({ type: 'subscription.confirmed', channel });
}

describe("the live WebSocket (Tarsy's protocol) and SSE, in process on PGlite", () => {
  let server: RunningServer;
  const clients: FrameClient[] = [];
  const connect = async (key: string = adminKey) => {
    const client = await openFrameClient(server.url, key);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      HINDSIGHT_BOOTSTRAP_KEY: adminKey,
      HINDSIGHT_WEB_DIR: 'off',
      HINDSIGHT_LIVE_MAX_CHANNELS: '3',
    });
    server = await startServer(config, createLogger('silent'));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await server?.close();
  });

  it('refuses an upgrade without credentials (401)', async () => {
    await expect(openFrameClient(server.url)).rejects.toThrow('upgrade refused: 401');
  });

  it('greets, confirms, ignores repeats and unknown frames, pongs, and sends ingested events', async () => {
    const client = await connect();
    const hello = await client.next();
    expect(hello.type).toBe('connection.established');
    expect(typeof hello.connection_id).toBe('string');
    await subscribe(client, 'sessions');
    client.send({ action: 'subscribe', channel: 'sessions' });
    client.send({ action: 'dance' });
    client.send({ action: 'subscribe' });
    client.send({ action: 'ping' });
    // Nothing answers the repeat, the unknown action or the missing channel: the pong comes next.
    expect(await client.next()).toEqual({ type: 'pong' });
    await ingest(server, [sessionStarted('s1', 'e1')]);
    const created = await client.next();
    const started = await client.next();
    expect(created).toMatchObject({
      type: 'session.created',
      session_id: 's1',
      alert_type: 'PodCrashLooping',
    });
    expect(started).toMatchObject({ type: 'session.started', session_id: 's1' });
    expect(typeof created.timestamp_us).toBe('number');
    expect(Number(started.id)).toBeGreaterThan(Number(created.id));
    // The REST read API already shows what the event announced.
    const detail = await fetch(`${server.url}/api/v1/history/sessions/s1`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(detail.status).toBe(200);
    client.send({ action: 'unsubscribe', channel: 'sessions' });
    expect(await client.next()).toEqual({ type: 'subscription.cancelled', channel: 'sessions' });
  });

  it('closes on a frame that is not JSON (1007)', async () => {
    const client = await connect();
    await client.next();
    client.send('{not json');
    expect((await client.closed).code).toBe(1007);
  });

  it('closes past the channel limit (1008), and on cancellations without admin (1008)', async () => {
    const client = await connect();
    await client.next();
    for (const channel of ['session:a', 'session:b', 'session:c']) await subscribe(client, channel);
    client.send({ action: 'subscribe', channel: 'session:d' });
    expect((await client.closed).code).toBe(1008);

    const reader = await connect(await readKey(server));
    await reader.next();
    reader.send({ action: 'subscribe', channel: 'cancellations' });
    expect(await reader.closed).toEqual({
      code: 1008,
      reason: 'the cancellations channel needs the admin scope',
    });
    const admin = await connect();
    await admin.next();
    await subscribe(admin, 'cancellations');
  });

  it('catches up exactly the events missed while disconnected, oldest first', async () => {
    await ingest(server, [sessionStarted('s2', 'e1')]);
    const first = await connect();
    await first.next();
    await subscribe(first, 'session:s2');
    await ingest(server, [progress('s2', 'p1', 'investigating')]);
    const seen = await first.next();
    expect(seen).toMatchObject({ type: 'session.progress_update', phase: 'investigating' });
    first.socket.close();
    await first.closed;
    await ingest(server, [
      progress('s2', 'p2', 'gathering_info'),
      progress('s2', 'p3', 'synthesizing'),
      progress('s2', 'p2', 'gathering_info'),
    ]);
    const second = await connect();
    await second.next();
    await subscribe(second, 'session:s2');
    second.send({ action: 'catchup', channel: 'session:s2', last_event_id: seen.id });
    const missed = [await second.next(), await second.next()];
    expect(missed.map((f) => f.phase)).toEqual(['gathering_info', 'synthesizing']);
    expect(Number(missed[1]?.id)).toBeGreaterThan(Number(missed[0]?.id));
    second.send({ action: 'ping' });
    // Nothing more was missed (the replayed p2 published nothing).
    expect(await second.next()).toEqual({ type: 'pong' });
  });

  it('serves the same events as SSE, resumed from Last-Event-ID', async () => {
    await ingest(server, [sessionStarted('s3', 'e1'), progress('s3', 'p1', 'investigating')]);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/live?channel=session:s3&channel=sessions`, {
      headers: { authorization: `Bearer ${adminKey}`, 'last-event-id': '0' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    let text = '';
    while (reader && (text.match(/\n\n/g)?.length ?? 0) < 6) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const events = text
      .split('\n\n')
      .filter((block) => block.includes('event:'))
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        ),
      );
    expect(events.map((e) => e.event)).toEqual([
      'session.created',
      'session.created',
      'session.started',
      'session.started',
      // progress is a session.* event: on both channels, one id each.
      'session.progress_update',
      'session.progress_update',
    ]);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(JSON.parse(events[4]?.data ?? '{}')).toMatchObject({
      id: ids[4],
      phase: 'investigating',
    });
  });

  it('asks for the read scope on SSE (401 without credentials)', async () => {
    const response = await fetch(`${server.url}/api/v1/live?channel=sessions`);
    expect(response.status).toBe(401);
  });

  it('closes open sockets with 1001 when the server shuts down', async () => {
    const client = await connect();
    await client.next();
    const closing = server.close();
    expect((await client.closed).code).toBe(1001);
    await closing;
    server = { url: server.url, close: async () => {} };
  });
});
