import { ServiceError, type ServiceErrorCode } from '@hindsight/service';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { problem } from './problem.js';
import { RequestValidationError } from './validation.js';

/** What the API needs of a logger; the server passes pino. */
export interface ApiLogger {
  error(details: Record<string, unknown>, message: string): void;
}

const statusByCode: Record<ServiceErrorCode, ContentfulStatusCode> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
};

/** Seconds a client should wait before retrying while the database is away. */
const unavailableRetryAfterSeconds = '5';

/**
 * The one place where errors become HTTP answers. Service errors map by code;
 * anything unexpected is logged with its stack and answered as a bare 500.
 */
export function createErrorHandler(logger: ApiLogger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof RequestValidationError) {
      return problem(c, 400, { detail: error.message, errors: error.errors });
    }
    if (error instanceof ServiceError) {
      const status = statusByCode[error.code];
      return problem(c, status, {
        detail: error.message,
        ...('problems' in error && Array.isArray(error.problems) ? { errors: error.problems } : {}),
        ...(status === 503 ? { headers: { 'Retry-After': unavailableRetryAfterSeconds } } : {}),
      });
    }
    if (error instanceof HTTPException) {
      return problem(c, error.status as ContentfulStatusCode, { detail: error.message });
    }
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
