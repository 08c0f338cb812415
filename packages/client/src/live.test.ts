import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  connectLive,
  type LiveEventFrame,
  type LiveState,
  liveUrl,
  type WebSocketLike,
} from './live.js';

/** A socket the test plays the server of: it records what the client sent. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.drop(code);
  }
  // The server's side.
  accept() {
    this.readyState = 1;
    this.onopen?.({});
    this.push({ type: 'connection.established', connection_id: 'c1' });
  }
  push(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

let sockets: FakeSocket[];
const latest = () => {
  const socket = sockets.at(-1);
  if (!socket) throw new Error('no socket opened');
  return socket;
};

function open(extra: Partial<Parameters<typeof connectLive>[0]> = {}) {
  const events: LiveEventFrame[] = [];
  const states: LiveState[] = [];
  const live = connectLive({
    url: 'ws://hindsight.test/api/v1/ws',
    connect: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    ...extra,
  });
  return { live, events, states };
}

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('liveUrl', () => {
  it('turns the page origin into the WebSocket URL of the live endpoint', () => {
    expect(liveUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api/v1/ws');
    expect(liveUrl('https://hindsight.example/any/page')).toBe('wss://hindsight.example/api/v1/ws');
  });
});

describe('connectLive', () => {
  it('subscribes, pings on open and hands over event frames but not control frames', () => {
    const { live, events, states } = open();
    live.subscribe('sessions');
    latest().accept();
    expect(latest().sent).toEqual([
      { action: 'subscribe', channel: 'sessions' },
      { action: 'ping' },
    ]);
    latest().push({ type: 'subscription.confirmed', channel: 'sessions' });
    latest().push({ type: 'pong' });
    latest().push({ type: 'session.started', session_id: 's1', id: 7, timestamp_us: 1 });
    latest().push('not json');
    latest().push({ no: 'type' });
    expect(events).toEqual([{ type: 'session.started', session_id: 's1', id: 7, timestamp_us: 1 }]);
    expect(states).toEqual(['open']);
    expect(live.state).toBe('open');
  });

  it('after a drop, reconnects with backoff, subscribes again and catches up from the last id per channel', () => {
    const { live, states } = open();
    live.subscribe('sessions');
    live.subscribe('session:s1');
    latest().accept();
    latest().push({ type: 'session.started', session_id: 's1', id: 3 });
    latest().push({ type: 'llm.interaction', session_id: 's1', id: 5 });
    latest().push({ type: 'llm.stream.chunk', session_id: 's1' }); // transient: no id
    latest().drop();
    expect(states.at(-1)).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    latest().accept();
    expect(latest().sent).toEqual([
      { action: 'subscribe', channel: 'sessions' },
      { action: 'catchup', channel: 'sessions', last_event_id: 3 },
      { action: 'subscribe', channel: 'session:s1' },
      { action: 'catchup', channel: 'session:s1', last_event_id: 5 },
      { action: 'ping' },
    ]);
    expect(states.at(-1)).toBe('open');
  });

  it('does not catch up on the first connection nor on a channel that saw no event', () => {
    const { live } = open();
    live.subscribe('sessions');
    latest().accept();
    latest().drop();
    vi.advanceTimersByTime(500);
    latest().accept();
    expect(latest().sent.filter((f) => f.action === 'catchup')).toEqual([]);
  });

  it('doubles the reconnect delay up to its ceiling and resets it once connected', () => {
    open({ backoffMs: [100, 300] });
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    latest().drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().drop();
    vi.advanceTimersByTime(300);
    expect(sockets).toHaveLength(4);
    latest().accept();
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(5);
  });

  it('gives up a socket whose pong does not come back in time', () => {
    open({ pingIntervalMs: 1_000, pongTimeoutMs: 200 });
    latest().accept();
    vi.advanceTimersByTime(199);
    expect(latest().closedWith).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(latest().closedWith).toBe(4000);
  });

  it('keeps a socket whose pongs come back', () => {
    open({ pingIntervalMs: 1_000, pongTimeoutMs: 200 });
    latest().accept();
    for (let i = 0; i < 3; i++) {
      latest().push({ type: 'pong' });
      vi.advanceTimersByTime(1_000);
    }
    expect(latest().closedWith).toBeUndefined();
    expect(latest().sent.filter((f) => f.action === 'ping')).toHaveLength(4);
  });

  it('unsubscribes once and stops reconnecting when closed', () => {
    const { live, states } = open();
    live.subscribe('sessions');
    live.subscribe('sessions');
    latest().accept();
    live.unsubscribe('sessions');
    live.unsubscribe('sessions');
    expect(latest().sent.filter((f) => f.channel === 'sessions')).toEqual([
      { action: 'subscribe', channel: 'sessions' },
      { action: 'unsubscribe', channel: 'sessions' },
    ]);
    live.close();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(latest().closedWith).toBe(1000);
    expect(states.at(-1)).toBe('closed');
  });
});
