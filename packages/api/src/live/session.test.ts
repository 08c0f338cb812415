import type { LiveDelivery, LiveFeed, Services } from '@hindsight/service';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../observability/metrics.js';
import { defaultLiveLimits, type LiveLimits } from './limits.js';
import { LiveSession } from './session.js';

/** A feed that delivers what the test pushes, to whoever subscribed. */
function fakeFeed() {
  const listeners = new Map<string, Set<(d: LiveDelivery) => void>>();
  let horizon = 0;
  const feed = {
    get horizon() {
      return horizon;
    },
    async fresh() {},
    subscribe(channel: string, listener: (d: LiveDelivery) => void) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  } as unknown as LiveFeed;
  const push = (channel: string, id: number, size = 10) => {
    horizon = id;
    const frame = {
      type: 'session.started',
      timestamp_us: 1,
      session_id: 's',
      id,
      pad: 'x'.repeat(size),
    };
    for (const listener of listeners.get(channel) ?? []) {
      listener({ channel, id, frame, text: JSON.stringify(frame) });
    }
  };
  const subscribers = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { feed, push, subscribers };
}

const services = {
  live: { subscribe: async ({ channel }: { channel: string }) => ({ channel }) },
} as unknown as Services;

/** A client that never reads: what it is sent stays buffered. */
function stuckTransport() {
  const sent: string[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  let buffered = 0;
  return {
    sent,
    closes,
    get buffered() {
      return buffered;
    },
    transport: {
      send: (text: string) => {
        sent.push(text);
        buffered += text.length;
      },
      close: (code: number, reason: string) => closes.push({ code, reason }),
      bufferedBytes: () => buffered,
    },
  };
}

function sessionWith(limits: Partial<LiveLimits>, clock = () => 0) {
  const { feed, push, subscribers } = fakeFeed();
  const client = stuckTransport();
  const session = new LiveSession({
    feed,
    services,
    limits: { ...defaultLiveLimits, ...limits },
    metrics: createMetrics(),
    transport: client.transport,
    connectionId: 'c1',
    now: clock,
  });
  return { session, client, push, subscribers };
}

/** Lets the session's frame chain run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a live session', () => {
  it('closes a client that does not read (1008) instead of buffering without bound', async () => {
    const { session, client, push, subscribers } = sessionWith({ maxBufferedBytes: 10_000 });
    session.open();
    session.receive(JSON.stringify({ action: 'subscribe', channel: 'sessions' }));
    await settle();
    for (let id = 1; id <= 1_000; id += 1) push('sessions', id, 1_000);
    expect(client.closes).toEqual([
      { code: 1008, reason: 'the client is too slow; reconnect and catch up' },
    ]);
    // What was handed to the socket stayed near the bound, not 1,000 events' worth.
    expect(client.buffered).toBeLessThan(10_000 + 2_000);
    expect(client.sent.length).toBeLessThan(20);
    // And it follows nothing any more.
    expect(subscribers('sessions')).toBe(0);
  });

  it('closes a client sending more frames a second than allowed (1008)', async () => {
    const { session, client } = sessionWith({ framesPerSecond: 5 });
    session.open();
    for (let i = 0; i < 6; i += 1) session.receive('{"action":"ping"}');
    await settle();
    expect(client.closes).toEqual([{ code: 1008, reason: 'too many frames a second' }]);
  });

  it('lets the frame budget refill each second', async () => {
    let now = 0;
    const { session, client } = sessionWith({ framesPerSecond: 2 }, () => now);
    session.open();
    session.receive('{"action":"ping"}');
    session.receive('{"action":"ping"}');
    now = 1_000;
    session.receive('{"action":"ping"}');
    await settle();
    expect(client.closes).toEqual([]);
    expect(client.sent.filter((f) => f === '{"type":"pong"}')).toHaveLength(3);
  });

  it('never sends an event twice, nor one older than what it sent', async () => {
    const { session, client, push } = sessionWith({});
    session.open();
    session.receive(JSON.stringify({ action: 'subscribe', channel: 'sessions' }));
    await settle();
    push('sessions', 3);
    push('sessions', 3);
    push('sessions', 2);
    push('sessions', 4);
    const ids = client.sent.map((f) => JSON.parse(f).id).filter((id) => id !== undefined);
    expect(ids).toEqual([3, 4]);
  });
});
