import { ServiceError, type ServiceErrorCode } from '@hindsight/service';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiMetrics } from './observability/metrics.js';
import { problem } from './problem.js';
import { RequestValidationError } from './validation.js';

/** What the API needs of a logger; the server passes pino. */
export interface ApiLogger {
  /** Logs a fact worth keeping, e.g. one request line. */
  info(details: Record<string, unknown>, message: string): void;
  /** Logs something a person should look at that did not fail a request. */
  warn(details: Record<string, unknown>, message: string): void;
  /** Logs a failure, e.g. an unexpected error answered 500 (`details.err` holds it). */
  error(details: Record<string, unknown>, message: string): void;
}

const statusByCode: Record<ServiceErrorCode, ContentfulStatusCode> = {
  validation: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
  gone: 410,
};

/** Seconds a client should wait before retrying while the database is away. */
export const unavailableRetryAfterSeconds = '5';

/** A driver error with a SQLSTATE (five characters) somewhere in its cause chain. */
function isQueryError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (e.name === 'DrizzleQueryError' || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)))
      return true;
    e = e.cause;
  }
  return false;
}

/**
 * The one place where errors become HTTP answers. Service errors map by code;
 * anything unexpected is logged with its stack and answered as a bare 500.
 */
export function createErrorHandler(logger: ApiLogger, metrics: ApiMetrics) {
  return (error: Error, c: Context): Response => {
    if (error instanceof RequestValidationError) {
      metrics.validationFailures.inc({ model: error.model, target: error.target });
      return problem(c, 400, { detail: error.message, errors: error.errors });
    }
    if (error instanceof ServiceError) {
      const status = statusByCode[error.code];
      if (error.code === 'validation') {
        metrics.validationFailures.inc({ model: 'service', target: 'input' });
      }
      if (error.code === 'unavailable') {
        metrics.databaseErrors.inc({ kind: 'unavailable' });
        metrics.databaseUp.set(0);
        logger.warn(
          {
            requestId: c.get('requestId'),
            err: { message: error.message, cause: String(error.cause) },
          },
          'a dependency is unavailable',
        );
      }
      return problem(c, status, {
        detail: error.message,
        ...('problems' in error && Array.isArray(error.problems) ? { errors: error.problems } : {}),
        ...(status === 503 ? { headers: { 'Retry-After': unavailableRetryAfterSeconds } } : {}),
      });
    }
    if (error instanceof HTTPException) {
      // hono's own exceptions (malformed JSON, timeouts) carry messages meant for clients.
      return problem(c, error.status as ContentfulStatusCode, { detail: error.message });
    }
    if (isQueryError(error)) metrics.databaseErrors.inc({ kind: 'query' });
    logger.error(
      {
        err: { name: error.name, message: error.message, stack: error.stack },
        requestId: c.get('requestId'),
      },
      'unhandled error',
    );
    return problem(c, 500, {
      detail: 'an unexpected error occurred; quote the trace_id when reporting it',
    });
  };
}
