/** Bounds of live connections; every one is configurable (see the server's env.ts). */
export interface LiveLimits {
  /** Open live connections (WebSocket and SSE) per principal; more are answered 429. */
  readonly connectionsPerPrincipal: number;
  /** Channels one connection may follow; one more closes it (1008). */
  readonly channelsPerConnection: number;
  /** Frames a client may send per second; more close the connection (1008). */
  readonly framesPerSecond: number;
  /** Bytes queued for a client that does not read; beyond, it is closed (1008) and catches up later. */
  readonly maxBufferedBytes: number;
  /** Events per catch-up request. */
  readonly catchUpLimit: number;
  /** An SSE comment is sent this often, so proxies keep the stream open. */
  readonly heartbeatMs: number;
}

/** Limits of live connections when the server configures none. */
export const defaultLiveLimits: LiveLimits = {
  connectionsPerPrincipal: 20,
  channelsPerConnection: 100,
  framesPerSecond: 50,
  maxBufferedBytes: 1024 * 1024,
  catchUpLimit: 100,
  heartbeatMs: 15_000,
};

/** WebSocket close codes the server uses (RFC 6455). */
export const closeCodes = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** A frame that is not JSON. */
  invalidData: 1007,
  /** A limit or an access rule: too many channels or frames, a channel not allowed, too slow. */
  policy: 1008,
  /** The database is away: reconnect later and catch up. */
  unavailable: 1011,
} as const;
