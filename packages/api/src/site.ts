import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './env.js';

/** Paths the API owns: a site never answers under them, so their 404s stay problem documents. */
export const apiPathPrefixes = ['/api', '/health', '/ready', '/metrics'] as const;

/** Whether a path is one the API owns (under `/api`, `/health`, `/ready` or `/metrics`). */
export function isApiPath(path: string): boolean {
  return apiPathPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * A static site (the dashboard) served beside the API. It is middleware, not
 * a route: it answers only GET and HEAD requests that no route matched and that
 * are outside the API's paths, is public (it holds no data; the data comes from
 * the API, which checks every request), and gets the same security headers
 * (CSP) as every answer. What it cannot answer falls through to the 404 problem.
 */
export function siteFallback(site: MiddlewareHandler<ApiEnv>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isApiPath(c.req.path)) {
      return next();
    }
    return site(c, next);
  };
}
