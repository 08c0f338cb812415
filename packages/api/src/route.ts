import type { ApiKeyScope } from '@hindsight/models';
import { withAbortSignal } from '@hindsight/service';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { type DescribeRouteOptions, describeRoute, uniqueSymbol } from 'hono-openapi';
import type { GenericSchema } from 'valibot';
import type { Authenticator } from './auth/authenticate.js';
import { hasScope, principalLabel } from './auth/principal.js';
import type { ApiEnv } from './env.js';
import type { Bulkheads, Workload } from './limits/bulkhead.js';
import type { Budget, RateLimiter } from './limits/rate-limit.js';
import { rateLimitWindowSeconds } from './limits/rate-limit.js';
import type { ApiMetrics } from './observability/metrics.js';
import { documented, problemResponse } from './openapi.js';
import { clientClosedRequest, problem } from './problem.js';

/** Who may call a route: anyone (`public`), or a principal holding this scope. */
export type Access = 'public' | ApiKeyScope;

export type Tag =
  | 'health'
  | 'auth'
  | 'history'
  | 'control'
  | 'ingest'
  | 'live'
  | 'casefiles'
  | 'usage'
  | 'audit'
  | 'admin'
  | 'docs';

/** A success answer: its description and the model of its body. */
export interface SuccessResponse {
  readonly description: string;
  /** The valibot model of the body; named models become components of the document. */
  readonly schema?: GenericSchema;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

/** Problem statuses a route may declare beyond those its kind always has. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429;

/**
 * What a route declares with `route(...)`: who may call it, its OpenAPI description, its answers
 * and its limits.
 */
export interface RouteSpec {
  readonly access: Access;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly [Tag, ...Tag[]];
  readonly operationId?: string;
  /** Success answers by status. Error answers are documented from `access` and `problems`. */
  readonly responses: Readonly<Record<number, SuccessResponse>>;
  /** Problems this route answers besides 401/403/429/503 (from `access`) and 500/504. */
  readonly problems?: readonly ProblemStatus[];
  /** A streaming route (SSE): no request timeout. */
  readonly stream?: boolean;
  /** Lowers the configured body limit (bytes) for this route; it never raises it. */
  readonly maxBodyBytes?: number;
  /** Public routes that read the database (e.g. /ready) document their 503. */
  readonly usesDatabase?: boolean;
  /**
   * The concurrency budget the request counts against (see bulkhead.ts); by
   * default `ingest` for the ingest scope and `read` for the others. Public
   * routes count against none.
   */
  readonly workload?: Workload | ((c: Context) => Workload);
  /**
   * A public route's rate limit, counted per client address (sign-in
   * attempts); protected routes are limited per principal by their scope.
   */
  readonly rateLimit?: Budget;
}

/** What the route kit needs; createApi builds it from its configuration. */
export interface RouteKitDeps {
  readonly authenticator: Authenticator;
  readonly rateLimit: RateLimiter;
  readonly metrics: ApiMetrics;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly bulkheads: Bulkheads;
  /** The client's address, the rate-limit key of requests without valid credentials. */
  readonly clientAddress: (c: Context) => string;
}

/** Marks the middleware of a declared route; `assertEveryRouteDeclared` looks for it. */
export const routeDeclaration: unique symbol = Symbol('hindsight.route');

/**
 * The access declaration a route's middleware carries, found again by
 * `assertEveryRouteDeclared`.
 */
export interface RouteDeclaration {
  readonly access: Access;
  readonly summary: string;
  readonly stream: boolean;
}

const realm = 'Bearer realm="hindsight"';

/** Why a write made with a cookie (or the proxy's header) was refused. */
export const csrfDetail =
  'a write made with the browser session needs its CSRF token in X-CSRF-Token (GET /api/v1/auth/session tells it)';

/** A budget per kind of work: ingest writes, everything else reads. */
function budgetOf(access: ApiKeyScope): Budget {
  return access === 'ingest' ? 'ingest' : 'read';
}

/**
 * Reads a JSON body as text first: hono keeps it, and parses JSON from it
 * later, so jsonBody can still see each number as it was sent (see json-number.ts).
 */
const keepJsonText: MiddlewareHandler<ApiEnv> = async (c, next) => {
  // A compressed body stays bytes: read as text, it would not survive (the OTLP route inflates it).
  if (
    c.req.method !== 'GET' &&
    c.req.method !== 'HEAD' &&
    /json/i.test(c.req.header('content-type') ?? '') &&
    c.req.header('content-encoding') === undefined
  ) {
    await c.req.text();
  }
  await next();
};

/** Seconds a shed request is asked to wait: slots free up as fast as requests end. */
const shedRetryAfterSeconds = '1';

function openApiSpec(spec: RouteSpec): DescribeRouteOptions {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: { schema: documented(response.schema) },
            },
          }
        : {}),
    };
  }
  const problems = new Set<number>([...(spec.problems ?? []), 500]);
  if (!spec.stream) problems.add(504);
  if (spec.access !== 'public' || spec.workload) problems.add(503);
  if (spec.access !== 'public') for (const s of [401, 403, 429, 503]) problems.add(s);
  if (spec.rateLimit) problems.add(429);
  if (spec.usesDatabase) problems.add(503);
  for (const status of [...problems].sort((a, b) => a - b))
    responses[String(status)] = problemResponse(status);
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [...spec.tags],
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    responses,
    security: spec.access === 'public' ? [] : [{ apiKey: [spec.access] }, { jwt: [spec.access] }],
    ...(spec.access === 'public' ? {} : { 'x-required-scope': spec.access }),
  };
}

/**
 * The route kit: `route(spec)` is the one middleware every route starts with.
 * It documents the route in the OpenAPI document, enforces its access (401
 * with WWW-Authenticate, 403 for a missing scope), applies the rate limit of
 * its budget, the request timeout (504) and the body limit (413). createApi
 * refuses to build an app with a route that lacks it.
 */
export function createRouteKit(deps: RouteKitDeps) {
  const timeoutError = () =>
    new HTTPException(504, { message: 'the request took too long and was abandoned' });

  /**
   * The request's deadline. Its signal aborts when the request times out
   * (504), when the client goes away, and when the answer is given, and every
   * database statement sent on the request's behalf is cancelled then: no
   * abandoned query keeps a connection busy after its request is over.
   */
  const deadline =
    (timeoutMs: number | undefined, stream: boolean): MiddlewareHandler<ApiEnv> =>
    async (c, next) => {
      const controller = new AbortController();
      const client = c.req.raw.signal;
      const onClientGone = () => controller.abort(new Error('the client went away'));
      if (client.aborted) onClientGone();
      else client.addEventListener('abort', onClientGone, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const run = withAbortSignal(controller.signal, () => next());
      try {
        if (timeoutMs === undefined) {
          await run;
          return;
        }
        const expired = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort(new Error('the request timed out'));
            reject(timeoutError());
          }, timeoutMs);
        });
        await Promise.race([run, expired]);
      } finally {
        // A client that left before its answer made the failure that followed (its statements
        // were cancelled): logged and counted as 499, as proxies do, not as the server's 503.
        if (client.aborted && c.error !== undefined) {
          c.res = problem(c, clientClosedRequest, {
            detail: 'the client closed the connection before the answer',
          });
        }
        clearTimeout(timer);
        client.removeEventListener('abort', onClientGone);
        // Statements still running (the loser of a race, a timed-out handler) end with the
        // request; a stream's handler returns at once, its statements end with its client.
        if (!stream) controller.abort(new Error('the request is over'));
        run.catch(() => {});
      }
    };

  /**
   * The request's concurrency budget: admitted at once while a slot is free,
   * queued briefly while the queue has room, shed with 503 and Retry-After
   * otherwise. Shedding early keeps a burst from turning into a wall of 504s.
   */
  const bulkhead =
    (workload: NonNullable<RouteSpec['workload']>): MiddlewareHandler<ApiEnv> =>
    async (c, next) => {
      const name = typeof workload === 'function' ? workload(c) : workload;
      const admitted = await deps.bulkheads[name].acquire(c.req.raw.signal);
      if (typeof admitted === 'string') {
        deps.metrics.shed.inc({ workload: name, reason: admitted });
        return problem(c, 503, {
          detail: `the server is busy with ${name} requests; retry in ${shedRetryAfterSeconds} s`,
          headers: { 'Retry-After': shedRetryAfterSeconds },
        });
      }
      try {
        await next();
      } finally {
        admitted();
      }
    };

  /** Counts a request against `key`'s budget: a 429 answer beyond it, else undefined. */
  const limit = async (c: Context, budget: Budget, key: string): Promise<Response | undefined> => {
    const decision = await deps.rateLimit(budget, key);
    if (!decision) return undefined;
    c.header('RateLimit-Policy', `${decision.limit};w=${rateLimitWindowSeconds}`);
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    c.header('RateLimit-Reset', String(decision.resetSeconds));
    if (decision.allowed) return undefined;
    deps.metrics.rateLimited.inc({ budget });
    return problem(c, 429, {
      detail: `more than ${decision.limit} ${budget} requests a minute; retry in ${decision.resetSeconds} s`,
      headers: { 'Retry-After': String(decision.resetSeconds) },
    });
  };

  const addressLimit =
    (budget: Budget): MiddlewareHandler<ApiEnv> =>
    async (c, next) => {
      const refused = await limit(c, budget, `address:${deps.clientAddress(c)}`);
      if (refused) return refused;
      await next();
    };

  const guard =
    (access: ApiKeyScope): MiddlewareHandler<ApiEnv> =>
    async (c, next) => {
      const credentials = await deps.authenticator.authenticate(c);
      if (credentials.ok) c.set('principal', credentials.principal);
      const budget = budgetOf(access);
      const key = credentials.ok
        ? principalLabel(credentials.principal)
        : `address:${deps.clientAddress(c)}`;
      const refused = await limit(c, budget, key);
      if (refused) return refused;
      if (!credentials.ok) {
        deps.metrics.authFailures.inc({ reason: credentials.reason });
        const challenge =
          credentials.reason === 'missing'
            ? realm
            : `${realm}, error="invalid_token", error_description="${credentials.detail}"`;
        return problem(c, 401, {
          detail: credentials.detail,
          headers: { 'WWW-Authenticate': challenge },
        });
      }
      if (!hasScope(credentials.principal, access)) {
        deps.metrics.authFailures.inc({ reason: 'scope' });
        return problem(c, 403, {
          detail: `this route needs the ${access} scope`,
          headers: {
            'WWW-Authenticate': `${realm}, error="insufficient_scope", scope="${access}"`,
          },
        });
      }
      if (!deps.authenticator.passesCsrf(c, credentials)) {
        deps.metrics.authFailures.inc({ reason: 'csrf' });
        return problem(c, 403, { detail: csrfDetail });
      }
      await next();
    };

  return function route(spec: RouteSpec): MiddlewareHandler<ApiEnv> {
    const declaration: RouteDeclaration = {
      access: spec.access,
      summary: spec.summary,
      stream: spec.stream === true,
    };
    const parts: MiddlewareHandler<ApiEnv>[] = [];
    parts.push(deadline(spec.stream ? undefined : deps.requestTimeoutMs, spec.stream === true));
    if (spec.access !== 'public') parts.push(guard(spec.access));
    else if (spec.rateLimit) parts.push(addressLimit(spec.rateLimit));
    const workload =
      spec.workload ??
      (spec.access === 'public' ? undefined : spec.access === 'ingest' ? 'ingest' : 'read');
    if (workload) parts.push(bulkhead(workload));
    // The configured limit is a ceiling; a route may only lower it.
    const maxSize = Math.min(spec.maxBodyBytes ?? deps.maxBodyBytes, deps.maxBodyBytes);
    parts.push(
      bodyLimit({
        maxSize,
        // The rest of the body is not read, so the connection cannot carry another request.
        onError: (c) =>
          problem(c, 413, {
            detail: `the request body is larger than ${maxSize} bytes`,
            headers: { Connection: 'close' },
          }),
      }),
    );
    parts.push(keepJsonText);
    const middleware = every(...parts) as MiddlewareHandler<ApiEnv>;
    const described = describeRoute(openApiSpec(spec)) as unknown as Record<symbol, unknown>;
    return Object.assign(middleware, {
      [uniqueSymbol]: described[uniqueSymbol],
      [routeDeclaration]: declaration,
    });
  };
}

export type RouteFactory = ReturnType<typeof createRouteKit>;
