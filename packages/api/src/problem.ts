import type { FieldError, ProblemDetails } from '@hindsight/models';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The media type of RFC 9457 problem documents, which every error answer has. */
export const problemContentType = 'application/problem+json';

/** Problem types are documented by status; `about:blank` means "see the title". */
export const titles: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The status of a request whose client went away before its answer (nginx's):
 * never sent, since no one is there to read it, but logged and counted.
 */
export const clientClosedRequest = 499 as ContentfulStatusCode;

export interface ProblemInit {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Record<string, string>;
}

/** The trace id of this request: the request id middleware sets it first. */
export function traceIdOf(c: Context): string {
  const id: unknown = c.get('requestId');
  return typeof id === 'string' ? id : '';
}

export function problemBody(c: Context, status: number, init: ProblemInit = {}): ProblemDetails {
  return {
    type: 'about:blank',
    title: titles[status] ?? 'Error',
    status,
    ...(init.detail === undefined ? {} : { detail: init.detail }),
    instance: c.req.path,
    trace_id: traceIdOf(c),
    ...(init.errors === undefined ? {} : { errors: [...init.errors] }),
  };
}

/** An RFC 9457 problem details response. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  init: ProblemInit = {},
): Response {
  return c.newResponse(JSON.stringify(problemBody(c, status, init)), status, {
    'Content-Type': problemContentType,
    ...init.headers,
  });
}
