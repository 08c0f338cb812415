import { markInexactNumbers } from '@hindsight/models';
import { validator } from 'hono/validator';
import { RequestValidationError } from './validation.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/**
 * A JSON body handed on unvalidated (but for numbers that cannot be stored exactly): the service validates it, so that the
 * HTTP API and the in-process recorder answer bad input alike. `T` types the
 * body for the typed client. Malformed JSON is a 400 (hono's HTTPException).
 */
export function jsonBody<T>() {
  return validator('json', async (value, c): Promise<T> => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!jsonMediaType.test(mediaType)) {
      throw new RequestValidationError(
        [{ path: 'header.content-type', message: 'must be application/json' }],
        'inline',
        'header',
      );
    }
    // Numbers a 64-bit float cannot hold become markers that the service refuses by field.
    const marked = markInexactNumbers(await c.req.text());
    return (marked === undefined ? value : JSON.parse(marked)) as T;
  });
}
