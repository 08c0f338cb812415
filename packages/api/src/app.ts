import { anonymousPrincipal, systemPrincipal } from '@hindsight/models';
import type { Hub } from '@hindsight/service';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { type AuthOptions, createAuthenticator } from './auth/authenticate.js';
import { csrfHeader } from './auth/csrf.js';
import { assertEveryRouteDeclared } from './declared-routes.js';
import type { ApiEnv } from './env.js';
import { type BulkheadOptions, createBulkheads, defaultBulkheadLimits } from './limits/bulkhead.js';
import { createRateLimiter, type RateLimitOptions } from './limits/rate-limit.js';
import { type ApiMetrics, createMetrics } from './observability/metrics.js';
import { requestLog } from './observability/request-log.js';
import { type ApiLogger, createErrorHandler } from './on-error.js';
import { problem } from './problem.js';
import { problemSafetyNet } from './problem-safety-net.js';
import { createRouteKit } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { casefileRoutes } from './routes/casefiles.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { ingestRoutes } from './routes/ingest.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { type LiveDeps, liveRoutes } from './routes/live.js';
import { otelRoutes } from './routes/otel.js';
import { priceRoutes } from './routes/prices.js';
import { recordRoutes } from './routes/records.js';
import { usageRoutes } from './routes/usage.js';
import { siteFallback } from './site.js';

/**
 * What `createApi` needs: the hub and a logger; every other dependency has a default fit for one
 * instance.
 */
export interface ApiDeps {
  /** The service's operation hub; every route calls it with the request's caller. */
  readonly hub: Hub;
  readonly logger: ApiLogger;
  /** Defaults to auth on with API keys only. */
  readonly auth?: AuthOptions;
  /** Defaults to 600 ingest and 1200 read requests a minute per principal, counted in memory. */
  readonly rateLimit?: RateLimitOptions;
  readonly limits?: {
    /** Largest request body in bytes (413 beyond); 5 MiB by default. */
    readonly maxBodyBytes?: number;
    /** Time a request may take before it is answered 504; 30 s by default. */
    readonly requestTimeoutMs?: number;
    /** Concurrency budgets of ingest, reads and searches (503 beyond); see bulkhead.ts. */
    readonly bulkheads?: BulkheadOptions;
  };
  /** Origins allowed to call the API from a browser; none by default. */
  readonly corsOrigins?: readonly string[];
  /** A registry of the API's metrics; a fresh one by default. */
  readonly metrics?: ApiMetrics;
  /**
   * The client's address for per-address rate limits (the server reads it
   * from the socket, or from X-Forwarded-For behind configured proxies);
   * `unknown` by default.
   */
  readonly clientAddress?: (c: Context) => string | undefined;
  /**
   * The address of the connection itself, never a header: the trusted auth
   * proxy is recognised by it. None by default (no proxy is trusted).
   */
  readonly peerAddress?: (c: Context) => string | undefined;
  /**
   * Believe X-Forwarded-Proto (the server sets this behind configured
   * proxies; it is believed from the auth proxy's addresses in any case):
   * a browser session's cookie is Secure when the browser used HTTPS.
   */
  readonly trustForwardedProto?: boolean;
  /** The version the OpenAPI document states. */
  readonly version?: string;
  /**
   * A static site served where no route matches, outside `/api`, `/health`,
   * `/ready` and `/metrics` (the server passes the dashboard's files). None by default.
   */
  readonly site?: MiddlewareHandler<ApiEnv>;
  /** Live updates (`/api/v1/ws`, `/api/v1/live`); without them those routes answer 503. */
  readonly live?: LiveDeps;
}

/** Requests a minute per principal when `ApiDeps.rateLimit` is not given, counted in memory. */
export const defaultRateLimit: RateLimitOptions = { perMinute: { ingest: 600, read: 1200 } };

/**
 * Inline styles only for Swagger UI; no inline scripts, nothing from another
 * origin, no framing.
 */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * CORS for the configured origins only, with credentials (the session cookie,
 * an auth proxy's cookie): a browser page from one of them may call the API
 * and read the answers. Requests from any other origin get no CORS header at
 * all, so their browser keeps the answer from them; hono/cors alone would send
 * `Access-Control-Allow-Credentials` to every origin.
 */
function corsFor(origins: readonly string[]): MiddlewareHandler<ApiEnv> {
  if (origins.length === 0) return async (_c, next) => next();
  const allowed = new Set(origins);
  const withCredentials = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', csrfHeader],
    exposeHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
  });
  return async (c, next) => {
    // Answers differ by origin: caches must keep them apart.
    c.header('Vary', 'Origin', { append: true });
    if (allowed.has(c.req.header('origin') ?? '')) return withCredentials(c, next);
    await next();
  };
}

/**
 * The whole HTTP API. Routes are chained so that `hc<AppType>` infers a typed
 * client. Every route starts with `route(...)` (access, docs, limits): the app
 * refuses to build otherwise.
 */
export function createApi(deps: ApiDeps) {
  const metrics = deps.metrics ?? createMetrics();
  // Checking credentials is the server's own work: an internal operation, as the system.
  const server = deps.hub.as({ principal: systemPrincipal('api') });
  const authenticator = createAuthenticator(server, deps.auth ?? { enabled: true }, {
    peerAddress: (c) => deps.peerAddress?.(c),
  });
  const isHttps = (c: Context): boolean => {
    if (new URL(c.req.url).protocol === 'https:') return true;
    if (!deps.trustForwardedProto && !authenticator.fromTrustedProxy(c)) return false;
    // The nearest proxy's word: the last entry, which it set.
    const forwarded = c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim();
    return forwarded?.toLowerCase() === 'https';
  };
  const maxBodyBytes = deps.limits?.maxBodyBytes ?? 5 * 1024 * 1024;
  const route = createRouteKit({
    authenticator,
    rateLimit: createRateLimiter(deps.rateLimit ?? defaultRateLimit),
    metrics,
    requestTimeoutMs: deps.limits?.requestTimeoutMs ?? 30_000,
    maxBodyBytes,
    bulkheads: createBulkheads(deps.limits?.bulkheads ?? { limits: defaultBulkheadLimits }),
    clientAddress: (c) => deps.clientAddress?.(c) ?? 'unknown',
  });
  const services = (c: Context<ApiEnv>) =>
    deps.hub.as({
      principal: c.get('principal') ?? anonymousPrincipal,
      requestId: c.get('requestId'),
      signal: c.req.raw.signal,
    });
  const modules = { services, route, metrics };
  const origins = deps.corsOrigins ?? [];

  const base = new Hono<ApiEnv>();
  base
    .use(requestId())
    .use(requestLog(deps.logger, metrics))
    .use(secureHeaders({ contentSecurityPolicy }))
    .use(corsFor(origins))
    .use(problemSafetyNet(deps.logger))
    .use(
      methodNotAllowed({
        app: base,
        onMethodNotAllowed: (c, methods) =>
          problem(c, 405, {
            detail: `${c.req.method} is not allowed here; use ${methods.join(', ')}`,
            headers: { Allow: methods.join(', ') },
          }),
      }),
    );

  // The document describes the whole app, which exists only once every route is mounted.
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema.
  let whole: Hono<any, any, any> = base;
  const app = base
    .route('/', healthRoutes(modules, deps.version ?? '0.0.0'))
    .route(
      '/api/v1',
      docsRoutes({ ...modules, app: () => whole, version: deps.version ?? '0.0.0' }),
    )
    .route('/api/v1/auth', authRoutes({ ...modules, authenticator, isHttps }))
    .route('/api/v1/history', historyRoutes(modules))
    .route('/api/v1', lifecycleRoutes(modules))
    .route('/api/v1', ingestRoutes(modules))
    .route('/api/v1', recordRoutes(modules))
    .route('/api/v1', otelRoutes(modules, { maxInflatedBytes: maxBodyBytes }))
    .route('/api/v1', liveRoutes(modules, deps.live))
    .route('/api/v1/casefiles', casefileRoutes(modules))
    .route('/api/v1/audit', auditRoutes(modules))
    .route('/api/v1/usage', usageRoutes(modules))
    .route('/api/v1/admin', adminRoutes(modules))
    .route('/api/v1/admin/prices', priceRoutes(modules));

  // After every route: the site only sees what no route answered.
  if (deps.site) app.use(siteFallback(deps.site));

  app.notFound((c) => problem(c, 404, { detail: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError(createErrorHandler(deps.logger, metrics));
  whole = app;
  assertEveryRouteDeclared(app);
  return app;
}

/**
 * The type of the app `createApi` returns: give it to `hc<AppType>` for a client typed by the
 * routes.
 */
export type AppType = ReturnType<typeof createApi>;
