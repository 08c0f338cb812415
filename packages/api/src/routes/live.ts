import { randomUUID } from 'node:crypto';
import { anonymousPrincipal, LiveStreamQuery } from '@hindsight/models';
import type { LiveFeed } from '@hindsight/service';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { UpgradeWebSocket } from 'hono/ws';
import { principalLabel } from '../auth/principal.js';
import type { ApiEnv } from '../env.js';
import { corkedPerTurn } from '../live/cork.js';
import { closeCodes, defaultLiveLimits, type LiveLimits } from '../live/limits.js';
import { LiveSession } from '../live/session.js';
import { LiveConnections } from '../live/sockets.js';
import { serveLiveStream } from '../live/sse.js';
import { problem } from '../problem.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

/** What the live routes need from the server: the instance's feed and its WebSocket upgrade. */
export interface LiveDeps {
  readonly feed: LiveFeed;
  /** The node server's `upgradeWebSocket` (@hono/node-server). */
  readonly upgradeWebSocket: UpgradeWebSocket;
  /** The registry of open connections; the server closes them at shutdown. */
  readonly connections?: LiveConnections;
  readonly limits?: Partial<LiveLimits>;
  /** False (HINDSIGHT_LIVE=off): the routes answer 503. */
  readonly enabled?: boolean;
}

/** The buffered bytes of a `ws` socket, the raw socket of the node adapter. */
function bufferedBytesOf(raw: unknown): number {
  const amount = (raw as { bufferedAmount?: unknown } | undefined)?.bufferedAmount;
  return typeof amount === 'number' ? amount : 0;
}

/**
 * Live updates: Tarsy's WebSocket protocol at `/ws` and the same events as
 * SSE at `/live`. Both need the `read` scope through the same route guard as
 * every other route (so whatever credentials it accepts, these accept), and
 * answer 503 when the database or the live feed is away.
 */
export function liveRoutes({ services, route, metrics }: RouteModuleDeps, live?: LiveDeps) {
  const limits: LiveLimits = { ...defaultLiveLimits, ...live?.limits };
  const connections = live?.connections ?? new LiveConnections(metrics);

  /** The checks of a new connection: a problem answer, or undefined to go on. */
  const admit = async (c: Context<ApiEnv>) => {
    if (!live || live.enabled === false) {
      return problem(c, 503, { detail: 'live updates are not available on this server' });
    }
    await services(c).live.connect({});
    if (!live.feed.up) {
      return problem(c, 503, {
        detail: 'live updates are unavailable (the database is away); retry shortly',
        headers: { 'Retry-After': '1' },
      });
    }
    const principal = principalLabel(c.get('principal') ?? anonymousPrincipal);
    if (connections.count(principal) >= limits.connectionsPerPrincipal) {
      return problem(c, 429, {
        detail: `at most ${limits.connectionsPerPrincipal} live connections per principal`,
        headers: { 'Retry-After': '5' },
      });
    }
    return undefined;
  };

  return new Hono<ApiEnv>()
    .get(
      '/ws',
      route({
        access: 'read',
        summary: "Follow sessions live (Tarsy's WebSocket protocol)",
        description:
          'Upgrade to a WebSocket. Client frames: `{"action":"subscribe"|"unsubscribe","channel":C}`, `{"action":"catchup","channel":C,"last_event_id":N}`, `{"action":"ping"}`. Channels: `sessions`, `session:{id}`, `cancellations` (admin). Close codes: 1007 invalid JSON, 1008 a limit or access rule, 1011 the database is away, 1001 shutdown.',
        tags: ['live'],
        stream: true,
        responses: { 101: { description: 'Switching to the WebSocket protocol' } },
        problems: [400],
      }),
      async (c, next) => {
        const refused = await admit(c);
        if (refused || !live) return refused;
        const principal = principalLabel(c.get('principal') ?? anonymousPrincipal);
        const bound = services(c);
        let session: LiveSession | undefined;
        let release: (() => void) | undefined;
        const upgrade = live.upgradeWebSocket(() => ({
          onOpen(_event, ws) {
            session = new LiveSession({
              feed: live.feed,
              services: bound,
              limits,
              metrics,
              connectionId: randomUUID(),
              transport: {
                send: corkedPerTurn(ws.raw, (text) => ws.send(text)),
                close: (code, reason) => ws.close(code, reason),
                bufferedBytes: () => bufferedBytesOf(ws.raw),
              },
            });
            release = connections.add({
              principal,
              close: (code, reason) => {
                session?.end();
                ws.close(code, reason);
              },
            });
            metrics.liveConnections.inc({ transport: 'websocket' });
            session.open();
          },
          onMessage(event, ws) {
            if (typeof event.data !== 'string') {
              metrics.liveClosed.inc({ reason: 'policy' });
              session?.end();
              ws.close(closeCodes.invalidData, 'frames must be JSON text');
              return;
            }
            session?.receive(event.data);
          },
          onClose() {
            session?.end();
            if (release) {
              release();
              metrics.liveConnections.dec({ transport: 'websocket' });
            }
          },
        }));
        return upgrade(c, next);
      },
    )
    .get(
      '/live',
      route({
        access: 'read',
        summary: 'Follow sessions live as Server-Sent Events',
        description:
          '`channel` is repeatable (`sessions`, `session:{id}`, `cancellations`). Each event is `id:` (the event id), `event:` (its type) and `data:` (the event as JSON); resume with `Last-Event-ID`. A comment line is sent as a heartbeat.',
        tags: ['live'],
        stream: true,
        responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
        problems: [400],
      }),
      validate('query', LiveStreamQuery),
      async (c) => {
        const refused = await admit(c);
        if (refused || !live) return refused;
        const { channel: channels } = c.req.valid('query');
        const bound = services(c);
        for (const channel of channels) await bound.live.subscribe({ channel });
        const header = c.req.header('last-event-id');
        const lastEventId =
          header !== undefined && /^\d{1,15}$/.test(header.trim())
            ? Number(header.trim())
            : undefined;
        const principal = principalLabel(c.get('principal') ?? anonymousPrincipal);
        return streamSSE(c, async (stream) => {
          const release = connections.add({
            principal,
            close: () => stream.abort(),
          });
          metrics.liveConnections.inc({ transport: 'sse' });
          try {
            await serveLiveStream(stream, {
              feed: live.feed,
              services: bound,
              limits,
              metrics,
              channels,
              lastEventId,
              onSlow: () => metrics.liveClosed.inc({ reason: 'slow' }),
            });
          } finally {
            release();
            metrics.liveConnections.dec({ transport: 'sse' });
          }
        });
      },
    );
}
