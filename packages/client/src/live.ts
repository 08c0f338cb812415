// A client of the live protocol at /api/v1/ws (Tarsy's: subscribe, unsubscribe,
// catchup, ping). Browser-safe: it uses the platform's WebSocket (or one handed
// in, for Node 20 where WebSocket is not global), nothing else at run time.

import type { LiveEvent } from '@hindsight/models';

/**
 * One event frame as the server sends it (the `LiveEvent` model): flat, with
 * `type`, `timestamp_us`, `session_id`, and the global `id` when it was stored.
 */
export type LiveEventFrame = LiveEvent;

/** Where the connection is: shown to people as the live indicator. */
export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the WebSocket API the client needs (the browser's and the `ws` package's both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the socket, with an optional close code and reason. */
  close(code?: number, reason?: string): void;
  /** Called once the socket is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called with each frame the server sends. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called when the socket closed, with its close code. */
  onclose: ((event: { code: number }) => void) | null;
  /** Called when the socket failed; a close follows. */
  onerror: ((event: unknown) => void) | null;
}

/** Opens a WebSocket to a URL, e.g. `(url) => new WebSocket(url)`. */
export type WebSocketFactory = (url: string) => WebSocketLike;

/**
 * Options of `connectLive`: where to connect, what to do with events and state changes, and the
 * timings.
 */
export interface LiveOptions {
  /** The WebSocket URL (`ws://host/api/v1/ws`); `liveUrl(origin)` builds it. */
  readonly url: string;
  /** Every event frame of a subscribed channel, in the order the server sent them. */
  readonly onEvent: (event: LiveEventFrame) => void;
  /** Called on every change of state; after a reconnect clients refetch what they show. */
  readonly onState?: (state: LiveState) => void;
  /** How to open a socket; the global WebSocket by default. */
  readonly connect?: WebSocketFactory;
  /** Ask the server for the events missed while disconnected (default true). */
  readonly catchUp?: boolean;
  /** Keep-alive: a ping this often (Tarsy's dashboard: 20 s)... */
  readonly pingIntervalMs?: number;
  /** ...and the socket is given up when no pong comes back within this (10 s). */
  readonly pongTimeoutMs?: number;
  /** Reconnect backoff: from the first delay, doubling, up to the last (0.5 s to 5 s). */
  readonly backoffMs?: readonly [first: number, max: number];
  /** Timers, replaceable in tests. */
  readonly timers?: {
    /** Schedules `fn` after `ms`, like `setTimeout`. */
    readonly set: (fn: () => void, ms: number) => unknown;
    /** Cancels what `set` scheduled, like `clearTimeout`. */
    readonly clear: (handle: unknown) => void;
  };
}

/** A live connection that reconnects until closed. */
export interface LiveConnection {
  /** Subscribes to a channel (`sessions`, `session:{id}`...); kept across reconnects. */
  subscribe(channel: string): void;
  /** Stops the events of a channel. */
  unsubscribe(channel: string): void;
  readonly state: LiveState;
  /** Closes the connection for good: no reconnect follows. */
  close(): void;
}

const OPEN = 1;

/** The WebSocket URL of the live endpoint for a page or API origin (`http(s)://` becomes `ws(s)://`). */
export function liveUrl(origin: string): string {
  const url = new URL('/api/v1/ws', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function parseFrame(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const controlTypes = new Set([
  'connection.established',
  'subscription.confirmed',
  'subscription.cancelled',
  'pong',
]);

/**
 * Opens the live connection. Channels are kept across reconnects: each is
 * subscribed again, and, where an event with an id was seen on it, caught up
 * from that id. Frames are routed to channels as Tarsy's dashboard routes them
 * (by `session_id` and `type`), since the server does not name the channel.
 */
export function connectLive(options: LiveOptions): LiveConnection {
  const connect =
    options.connect ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const pingEvery = options.pingIntervalMs ?? 20_000;
  const pongWithin = options.pongTimeoutMs ?? 10_000;
  const [firstDelay, maxDelay] = options.backoffMs ?? [500, 5_000];
  const catchUp = options.catchUp ?? true;

  const channels = new Set<string>();
  const lastIds = new Map<string, number>();
  let socket: WebSocketLike | undefined;
  let state: LiveState = 'connecting';
  let everOpened = false;
  let delay = firstDelay;
  let pingTimer: unknown;
  let pongTimer: unknown;
  let retryTimer: unknown;

  const setState = (next: LiveState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };
  const send = (frame: Record<string, unknown>) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  };
  const stopKeepAlive = () => {
    timers.clear(pingTimer);
    timers.clear(pongTimer);
  };
  const ping = () => {
    send({ action: 'ping' });
    timers.clear(pongTimer);
    pongTimer = timers.set(() => socket?.close(4000, 'no pong'), pongWithin);
    pingTimer = timers.set(ping, pingEvery);
  };
  const noteId = (frame: LiveEventFrame) => {
    if (typeof frame.id !== 'number') return;
    const targets = [
      frame.session_id === undefined ? undefined : `session:${frame.session_id}`,
      frame.type.startsWith('session.') ? 'sessions' : undefined,
    ];
    for (const channel of targets) {
      if (channel !== undefined && channels.has(channel)) {
        lastIds.set(channel, Math.max(lastIds.get(channel) ?? 0, frame.id));
      }
    }
  };

  const open = () => {
    const ws = connect(options.url);
    socket = ws;
    ws.onopen = () => {
      const reconnected = everOpened;
      everOpened = true;
      delay = firstDelay;
      for (const channel of channels) {
        send({ action: 'subscribe', channel });
        const last = lastIds.get(channel);
        if (reconnected && catchUp && last !== undefined && last > 0) {
          send({ action: 'catchup', channel, last_event_id: last });
        }
      }
      ping();
      setState('open');
    };
    ws.onmessage = (message) => {
      const frame = parseFrame(message.data);
      if (!frame || typeof frame.type !== 'string') return;
      if (frame.type === 'pong') timers.clear(pongTimer);
      if (controlTypes.has(frame.type)) return;
      const event = frame as LiveEventFrame;
      noteId(event);
      options.onEvent(event);
    };
    ws.onerror = () => {
      // A close follows every error; reconnecting is done there.
    };
    ws.onclose = () => {
      stopKeepAlive();
      if (socket !== ws) return;
      socket = undefined;
      if (state === 'closed') return;
      setState('reconnecting');
      retryTimer = timers.set(open, delay);
      delay = Math.min(delay * 2, maxDelay);
    };
  };

  open();

  return {
    get state() {
      return state;
    },
    subscribe(channel) {
      if (channels.has(channel)) return;
      channels.add(channel);
      send({ action: 'subscribe', channel });
    },
    unsubscribe(channel) {
      if (!channels.delete(channel)) return;
      lastIds.delete(channel);
      send({ action: 'unsubscribe', channel });
    },
    close() {
      setState('closed');
      stopKeepAlive();
      timers.clear(retryTimer);
      const ws = socket;
      socket = undefined;
      ws?.close(1000, 'closed by the client');
    },
  };
}
