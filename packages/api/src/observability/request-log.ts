import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { principalLabel } from '../auth/principal.js';
import type { ApiEnv } from '../env.js';
import type { ApiLogger } from '../on-error.js';
import type { ApiMetrics } from './metrics.js';

/** The route pattern that answered (`/api/v1/history/sessions/:id`), or `unmatched`. */
function routePattern(c: Parameters<MiddlewareHandler>[0]): string {
  const endpoint = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return endpoint?.path ?? 'unmatched';
}

/**
 * One JSON log line and one metrics sample per request: method, route pattern
 * (never the raw path as a label: it would grow without bound), status,
 * duration, request id and principal. Headers are not logged, so neither are
 * credentials.
 */
export function requestLog(logger: ApiLogger, metrics: ApiMetrics): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routePattern(c);
    const status = c.res.status;
    const labels = { method: c.req.method, route, status: String(status) };
    metrics.httpRequests.inc(labels);
    metrics.httpRequestDuration.observe(labels, seconds);
    const principal = c.get('principal');
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        path: c.req.path,
        status,
        duration_ms: Math.round(seconds * 1e6) / 1e3,
        principal: principal ? principalLabel(principal) : null,
      },
      'request',
    );
  };
}
