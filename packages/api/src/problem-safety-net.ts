import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv } from './env.js';
import type { ApiLogger } from './on-error.js';
import { problem, problemContentType } from './problem.js';

/**
 * The last line of "every error is problem details": an error answer that
 * reached here in another form (a handler's own `c.json({...}, 400)`, a
 * middleware's plain text) is replaced by a problem with the same status.
 * Its headers (Allow, Retry-After, WWW-Authenticate...) are kept: Hono copies
 * them onto the replacement. The replaced body is not sent: it may say anything.
 */
export function problemSafetyNet(logger: ApiLogger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const status = c.res.status;
    if (status < 400 || c.req.method === 'HEAD') return;
    if (c.res.headers.get('content-type')?.startsWith(problemContentType)) return;
    logger.warn(
      { requestId: c.get('requestId'), status, path: c.req.path },
      'an error answer was not problem details; replaced',
    );
    c.res.headers.delete('content-length');
    c.res = problem(c, status as ContentfulStatusCode);
  };
}
