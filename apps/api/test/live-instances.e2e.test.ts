import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameClient, openFrameClient } from './live-client.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const key = 'live-two-processes-key-0123456789abcdef012345';

/** Two server processes on one PostgreSQL: subscribe on one, ingest on the other. */
describe.skipIf(!adminUrl)('live updates across two server processes on PostgreSQL', () => {
  let database: ScratchDatabase;
  let one: ServerProcess;
  let two: ServerProcess;

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl ?? '');
    const env = {
      DATABASE_URL: database.url,
      HINDSIGHT_BOOTSTRAP_KEY: key,
      HINDSIGHT_WEB_DIR: 'off',
    };
    one = await startServerProcess(env);
    two = await startServerProcess(env);
  });
  afterAll(async () => {
    await Promise.all([one, two].filter(Boolean).map((s) => stopServerProcess(s)));
    await database?.drop();
  });

  it('delivers every event ingested on one instance to a subscriber of the other, in id order, once', async () => {
    const client: FrameClient = await openFrameClient(one.url, key);
    await client.next();
    client.send({ action: 'subscribe', channel: 'sessions' });
    expect(await client.next()).toEqual({ type: 'subscription.confirmed', channel: 'sessions' });
    const sessions = Array.from({ length: 12 }, (_, i) => `two-${i}`);
    // Concurrent batches on the other instance (within its ingest concurrency): commits interleave.
    await Promise.all(
      sessions.map((session_id) =>
        fetch(`${two.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            batch: [
              {
                id: `${session_id}-start`,
                timestamp: '2026-01-01T00:00:00.000Z',
                type: 'session.started',
                body: {
                  session_id,
                  alert_id: 'a',
                  agent_type: 'k8s',
                  alert_data: {},
                  chain_id: 'c',
                  chain_definition: {},
                  started_at_us: 1_767_225_600_000_000,
                },
              },
            ],
          }),
        }).then((r) => expect(r.status).toBe(207)),
      ),
    );
    const frames: Array<Record<string, unknown>> = [];
    while (frames.length < sessions.length * 2) frames.push(await client.next());
    const ids = frames.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(frames.map((f) => f.session_id))).toEqual(new Set(sessions));
    expect(frames.filter((f) => f.type === 'session.started')).toHaveLength(sessions.length);
    client.socket.close();
  });
});
