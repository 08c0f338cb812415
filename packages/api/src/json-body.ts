import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import { problem } from './problem.js';
import { RequestValidationError } from './validation.js';

/** Bytes of a request body, beyond which the answer is 413 before anything is parsed. */
export const defaultMaxBodyBytes = 5 * 1024 * 1024;

/** Refuses a body over `maxBytes` with a 413 problem, counting streamed bodies as they come. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      problem(c, 413, { detail: `the request body must be at most ${maxBytes} bytes` }),
  });
}

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON body handed on unvalidated: the service validates it, so that the
 * HTTP API and the in-process recorder answer bad input alike. `T` types the
 * body for the typed client. Malformed JSON is a 400 (hono's HTTPException).
 */
export function jsonBody<T>() {
  return validator('json', (value, c): T => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!jsonMediaType.test(mediaType)) {
      throw new RequestValidationError([
        { path: 'header.content-type', message: 'must be application/json' },
      ]);
    }
    return value as T;
  });
}
