import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  type ApiMetrics,
  type AuthOptions,
  type BulkheadOptions,
  closeCodes,
  createApi,
  createMetrics,
  LiveConnections,
  operationMetricsHook,
} from '@hindsight/api';
import { systemPrincipal } from '@hindsight/models';
import {
  checkSchema,
  createDatabase,
  type Database,
  formatSchemaReport,
  liveNotifyChannel,
  migrate,
  redactUrl,
} from '@hindsight/repository';
import { createHub, LiveFeed, PriceBook, type Services } from '@hindsight/service';
import { serve, upgradeWebSocket, type WebSocketServerLike } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { WebSocketServer } from 'ws';
import { clientAddress } from './client-address.js';
import { startEmbeddedMaintenance } from './embedded-maintenance.js';
import type { Config } from './env.js';
import { type StopJob, startIntervalJob, stopAll } from './interval-job.js';
import { startLifecycleJobs } from './lifecycle-jobs.js';
import type { Logger } from './logger.js';
import { startOtelSweep } from './otel-sweep.js';
import { startUsageRefresh } from './usage-refresh.js';
import { defaultWebDirs, findWebSite } from './web-site.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/** The database does not match the schema the code expects. */
export class SchemaDriftError extends Error {
  constructor(report: string) {
    super(
      `the database does not conform to the schema; refusing to serve (set HINDSIGHT_SCHEMA_CHECK=warn to start anyway)\n${report}`,
    );
    this.name = 'SchemaDriftError';
  }
}

/** Opens the database named by the configuration, without migrating it. */
export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  const { ingest, read, search } = config.concurrency;
  const database = await createDatabase(config.databaseUrl, {
    // Ingest transactions, plus room for key checks, readiness and administration.
    maxConnections: ingest + 2,
    // A list runs its page and its count side by side: two connections per request.
    poolConnections: { read: 2 * read, search: 2 * search },
    ...config.database,
  });
  logger.info(
    { database: redactUrl(config.databaseUrl), dialect: database.dialect },
    'database opened',
  );
  return database;
}

/**
 * Opens and migrates the database, then checks that it conforms to the schema
 * and the models: a server never serves from a database it does not understand.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await connectDatabase(config, logger);
  try {
    await migrate(database);
    logger.info('migrations applied');
    const report = await checkSchema(database);
    if (!report.ok) {
      if (config.schemaCheck === 'error') throw new SchemaDriftError(formatSchemaReport(report));
      logger.warn({ problems: report.problems }, 'the database does not conform to the schema');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** The server's version, for the OpenAPI document (package.json sits next to src/ and dist/). */
function serverVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}

/**
 * Makes sure nobody is locked out and nothing runs open by accident: the
 * bootstrap key exists when one is configured; otherwise, on a database with
 * no key at all, an admin key is created and printed this once.
 */
export async function prepareAuth(
  config: Config,
  services: Services,
  logger: Logger,
): Promise<void> {
  if (!config.auth.enabled) {
    logger.warn(
      'HINDSIGHT_AUTH=off: authentication is disabled and every request may read, ingest and manage keys; never use this outside local development',
    );
    return;
  }
  if (config.auth.bootstrapKey) {
    const result = await services.apiKeys.bootstrap({ key: config.auth.bootstrapKey });
    if (result.status === 'revoked') {
      logger.warn(
        { id: result.id },
        'HINDSIGHT_BOOTSTRAP_KEY names a revoked key; it stays revoked',
      );
    } else {
      logger.info({ id: result.id, status: result.status }, 'bootstrap admin key ready');
    }
    return;
  }
  const first = await services.apiKeys.ensureFirst();
  if (first) {
    logger.warn(
      { api_key: first.key, id: first.id, scopes: first.scopes },
      'no API key existed, so an admin key was created; it is shown this once: store it now (hindsight api-key create makes more)',
    );
  }
}

function authOptions(config: Config): AuthOptions {
  const { enabled, jwt, proxy, csrfSecret } = config.auth;
  return {
    enabled,
    ...(jwt ? { jwt } : {}),
    ...(proxy ? { proxy } : {}),
    ...(csrfSecret ? { csrfSecret } : {}),
  };
}

/** A Redis client for state the instances share; its errors are logged once per outage. */
function connectRedis(url: string, logger: Logger): Redis {
  // Rate-limit calls must not queue behind a dead connection: they fall back to memory at once.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let healthy = true;
  redis.on('ready', () => {
    if (!healthy) logger.info('redis is reachable again');
    healthy = true;
  });
  redis.on('error', (error: Error) => {
    if (healthy)
      logger.warn(
        { err: { message: error.message } },
        'redis is unreachable; rate limits are counted per instance until it returns',
      );
    healthy = false;
  });
  return redis;
}

/** The dashboard's files, when configured and built; a warning says why not otherwise. */
function dashboard(config: Config, logger: Logger) {
  if (!config.web.enabled) return undefined;
  const found = findWebSite(config.web.dir ? [config.web.dir] : defaultWebDirs);
  if ('missing' in found) {
    logger.warn(
      { dir: found.missing },
      'the dashboard is not built, so / answers 404 (pnpm build, or set HINDSIGHT_WEB_DIR)',
    );
    return undefined;
  }
  logger.info({ dir: found.dir }, 'serving the dashboard');
  return found.site;
}

/**
 * Prunes `what` (audit events, live events) at start-up and then every
 * `intervalMs`, logging what it deleted with `fields`. A failure (the
 * database is away) is logged and retried next time.
 */
function startPruning(
  logger: Logger,
  what: string,
  intervalMs: number,
  fields: Record<string, number>,
  prune: (nowUs: number) => Promise<{ deleted: number }>,
): StopJob {
  return startIntervalJob(
    intervalMs,
    async () => {
      const { deleted } = await prune(Date.now() * 1000);
      if (deleted > 0) logger.info({ deleted, ...fields }, `old ${what} pruned`);
    },
    (error: unknown) => logger.warn({ err: { message: String(error) } }, `pruning ${what} failed`),
    { immediately: true },
  );
}

/** Audit rows are pruned this often (and once at start-up). */
const auditRetentionIntervalMs = 60 * 60 * 1000;

/** Prunes audit rows older than the retention period, at start-up and then hourly. */
export function startAuditRetention(
  system: Services,
  retentionDays: number,
  logger: Logger,
): StopJob {
  return startPruning(
    logger,
    'audit events',
    auditRetentionIntervalMs,
    { retentionDays },
    (now_us) => system.audit.prune({ now_us, retention_days: retentionDays }),
  );
}

/** Live events are pruned this often (and once at start-up). */
const liveRetentionIntervalMs = 10 * 60 * 1000;

/**
 * Prunes live events older than HINDSIGHT_LIVE_RETENTION_HOURS. Every
 * instance runs it; deleting rows another instance already deleted is harmless.
 */
export function startLiveRetention(
  system: Services,
  retentionHours: number,
  logger: Logger,
): StopJob {
  return startPruning(
    logger,
    'live events',
    liveRetentionIntervalMs,
    { retentionHours },
    (now_us) => system.live.prune({ now_us, retention_hours: retentionHours }),
  );
}

/**
 * The instance's live feed: one reader of the event log, woken by NOTIFY.
 * While the log cannot be read, open live connections are closed (clients
 * reconnect, get 503 until the database returns, then catch up).
 */
async function startLiveFeed(
  database: Database,
  metrics: ApiMetrics,
  connections: LiveConnections,
  logger: Logger,
): Promise<LiveFeed> {
  const feed = new LiveFeed({
    db: database.db,
    listen: (handlers) => database.listen(liveNotifyChannel, handlers),
    observer: {
      delivered: (lagUs) => metrics.liveFanoutLag.observe(lagUs / 1_000_000),
      down: (error) => {
        const closed = connections.closeAll(
          closeCodes.unavailable,
          'the database is unavailable; reconnect and catch up',
          'outage',
        );
        logger.warn(
          { err: { message: String(error) }, closed },
          'the live event log cannot be read; live connections closed',
        );
      },
      up: () => logger.info('the live event log is readable again'),
    },
  });
  await feed.start();
  return feed;
}

/** Listens on the configured port; rejects if it cannot (the port is taken, say). */
function listen(
  config: Config,
  fetch: (request: Request) => Response | Promise<Response>,
  websockets: WebSocketServer,
) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch,
        // ws's own types differ in details (optional noServer, send's callback); it is what the adapter drives.
        websocket: { server: websockets as unknown as WebSocketServerLike },
        port: config.port,
        hostname: config.host,
        // Node looks for expired header and request timeouts this often (30 s by default,
        // which would hold a slow client that much longer than the timeout says).
        serverOptions: {
          connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
}

/**
 * Node's HTTP timeouts, set on purpose rather than left at Node's defaults:
 * a client gets `headersTimeoutMs` to send its headers and the request
 * timeout to send the whole request (408 beyond), an idle keep-alive socket
 * is closed after `keepAliveTimeoutMs`, and a socket with no traffic at all
 * after `socketIdleTimeoutMs`.
 */
function applyHttpTimeouts(server: ReturnType<typeof serve>, config: Config): void {
  const http = server as import('node:http').Server;
  http.headersTimeout = config.http.headersTimeoutMs;
  http.requestTimeout = Math.max(config.requestTimeoutMs, config.http.headersTimeoutMs);
  http.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  // Node counts a socket idle even while its request is being handled: never below the request timeout.
  http.timeout = Math.max(config.http.socketIdleTimeoutMs, config.requestTimeoutMs + 1000);
}

/** The composition root: database, services and API wired together and served. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  let redis: Redis | undefined;
  // Whatever start-up opened is closed again if it fails, so the process can exit.
  const jobs: StopJob[] = [];
  const stopJobs = () => stopAll(jobs);
  let feed: LiveFeed | undefined;
  const release = async () => {
    await stopJobs();
    await feed?.stop();
    redis?.disconnect();
    await database.close();
  };
  try {
    if (!config.cursorSecrets) {
      logger.warn(
        'HINDSIGHT_CURSOR_SECRET is not set: list cursors are signed with a secret made for this process, so they stop working after a restart and on other instances; set it (32+ characters) behind a load balancer',
      );
    }
    const metrics = serverMetrics(database);
    // Every operation, from any route or task, is counted by the metrics hook.
    const hub = createHub(
      { db: database.db },
      {
        ingestLimits: config.ingest,
        otel: config.otel,
        pools: database.pools,
        hooks: [operationMetricsHook(metrics)],
        ...(config.cursorSecrets ? { cursorSecrets: config.cursorSecrets } : {}),
        ...(config.live.enabled ? {} : { publishLive: false }),
        browserSessions: {
          absoluteUs: config.browserSessions.absoluteHours * 3_600_000_000,
          idleUs: config.browserSessions.idleMinutes * 60_000_000,
        },
        pricing: new PriceBook({
          fileOverrides: config.prices.fileOverrides,
          cacheMs: config.prices.cacheMs,
        }),
      },
    );
    if (config.prices.file) {
      logger.info(
        { file: config.prices.file, overrides: config.prices.fileOverrides.length },
        'price overrides loaded',
      );
    }
    const system = hub.as({ principal: systemPrincipal('server') });
    await prepareAuth(config, system, logger);
    jobs.push(
      startAuditRetention(system, config.auditRetentionDays, logger),
      startLiveRetention(system, config.live.retentionHours, logger),
      startOtelSweep(system, config.otel.sweepIntervalMs, logger),
      startUsageRefresh(system, config.usageRefreshMs, logger),
    );
    if (database.dialect === 'pglite' && config.embeddedMaintenanceMs > 0) {
      jobs.push(startEmbeddedMaintenance(system, config.embeddedMaintenanceMs, logger));
    }
    if (config.lifecycle.enabled) {
      jobs.push(
        startLifecycleJobs(
          system,
          {
            policy: config.lifecycle.retention,
            batchSize: config.lifecycle.retentionBatchSize,
            retentionIntervalMs: config.lifecycle.retentionIntervalMs,
            staleAfterMs: config.lifecycle.staleAfterMs,
            staleSweepIntervalMs: config.lifecycle.staleSweepIntervalMs,
          },
          logger,
          metrics,
        ),
      );
    }
    const connections = new LiveConnections(metrics);
    feed = await startLiveFeed(database, metrics, connections, logger);
    const websockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
    const site = dashboard(config, logger);
    const app = createApi({
      hub,
      logger,
      auth: authOptions(config),
      rateLimit: {
        perMinute: {
          ingest: config.rateLimit.ingestPerMinute,
          read: config.rateLimit.readPerMinute,
        },
        keyPrefix: config.rateLimit.keyPrefix,
        ...(redis ? { redis } : {}),
      },
      limits: {
        maxBodyBytes: config.maxBodyBytes,
        requestTimeoutMs: config.requestTimeoutMs,
        bulkheads: bulkheadOptions(config),
      },
      corsOrigins: config.corsOrigins,
      metrics,
      // The socket's own peer: how the trusted auth proxy is recognised, never a header.
      peerAddress: (c) => getConnInfo(c).remote.address,
      // Behind configured proxies their X-Forwarded-Proto says whether the browser used HTTPS.
      trustForwardedProto: config.trustedProxies > 0,
      clientAddress: (c) =>
        clientAddress(
          getConnInfo(c).remote.address,
          c.req.header('x-forwarded-for'),
          config.trustedProxies,
        ),
      version: serverVersion(),
      ...(site ? { site } : {}),
      live: {
        feed,
        enabled: config.live.enabled,
        upgradeWebSocket,
        connections,
        limits: {
          connectionsPerPrincipal: config.live.connectionsPerPrincipal,
          channelsPerConnection: config.live.channelsPerConnection,
          framesPerSecond: config.live.framesPerSecond,
          maxBufferedBytes: config.live.maxBufferedBytes,
          catchUpLimit: config.live.catchUpLimit,
          heartbeatMs: config.live.heartbeatMs,
        },
      },
    });
    const server = await listen(config, app.fetch, websockets);
    applyHttpTimeouts(server, config);
    const live = { feed, connections, websockets };
    return running(server, {
      redis,
      database,
      logger,
      stopJobs,
      live,
    });
  } catch (error) {
    await release();
    throw error;
  }
}

/** Each workload may queue as many requests as it runs, for at most the queue wait. */
function bulkheadOptions(config: Config): BulkheadOptions {
  const { ingest, read, search, queueWaitMs } = config.concurrency;
  return {
    limits: {
      ingest: { concurrency: ingest, queue: ingest },
      read: { concurrency: read, queue: read },
      search: { concurrency: search, queue: search },
    },
    maxQueueWaitMs: queueWaitMs,
  };
}

function serverMetrics(database: Database) {
  return createMetrics({
    processMetrics: true,
    register: (registry) => {
      new Gauge({
        name: 'hindsight_database_pool_max_connections',
        help: 'Connections the database pool may open (PGlite has one)',
        labelNames: ['dialect'],
        registers: [registry],
      }).set({ dialect: database.dialect }, database.maxConnections);
    },
  });
}

/** Resolves once every WebSocket has closed, or after `ms`. */
function closedWithin(websockets: WebSocketServer, ms: number): Promise<void> {
  const open = [...websockets.clients].filter((socket) => socket.readyState !== socket.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    let left = open.length;
    for (const socket of open) {
      socket.once('close', () => {
        left -= 1;
        if (left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

function running(
  server: ReturnType<typeof serve>,
  opened: {
    readonly redis: Redis | undefined;
    readonly database: Database;
    readonly logger: Logger;
    /** Stops the background jobs; resolves once the runs in flight have ended. */
    readonly stopJobs: () => Promise<void>;
    readonly live: {
      readonly feed: LiveFeed;
      readonly connections: LiveConnections;
      readonly websockets: WebSocketServer;
    };
  },
): RunningServer {
  const { redis, database, logger, stopJobs, live } = opened;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'hindsight is listening');
  return {
    url,
    async close() {
      // Runs in flight end (or are cancelled) while the connections drain; the database waits for both.
      const jobsStopped = stopJobs();
      // Live clients are told the server is going away (1001) and reconnect elsewhere.
      live.connections.closeAll(closeCodes.goingAway, 'the server is shutting down', 'shutdown');
      await live.feed.stop();
      await closedWithin(live.websockets, 1_000);
      // A client that did not answer the close handshake is cut off.
      for (const socket of live.websockets.clients) socket.terminate();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      // QUIT only over a live connection: while Redis is away it would wait for a reconnect.
      if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis?.disconnect();
      await jobsStopped;
      await database.close();
      logger.info('hindsight stopped');
    },
  };
}
