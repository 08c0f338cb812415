import type { AppType } from '@hindsight/api';
import type { ProblemDetails } from '@hindsight/models';
import { type ClientRequestOptions, type ClientResponse, hc } from 'hono/client';

/** Methods that change state: a cookie-authenticated request must prove it came from the app. */
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The header that carries a browser session's CSRF token on writes. */
export const csrfHeader = 'X-CSRF-Token';

/**
 * Every status the API answers with an RFC 9457 problem document: those a
 * route declares (400, 404, 405, 409, 413, 415, 422), those of its access
 * (401, 403, 429, 503) and those of any route (500, 504). The OpenAPI document
 * at `/api/v1/openapi.json` lists which ones each route answers.
 */
export type ProblemStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 409
  | 413
  | 415
  | 422
  | 429
  | 500
  | 503
  | 504;

/** A problem answer as the typed client sees it: `status` narrows it, `json()` is the problem. */
export type ProblemResponse = ClientResponse<ProblemDetails, ProblemStatus, 'json'>;

/**
 * The hc client with a problem answer added to what every request may resolve
 * to: hono infers only the statuses a handler returns itself (its successes),
 * while errors are answered by middleware and `onError`.
 */
export type WithProblems<T> = T extends (...args: infer A) => Promise<infer R>
  ? (...args: A) => Promise<R | ProblemResponse>
  : T extends (...args: never) => unknown
    ? T
    : T extends object
      ? { [K in keyof T]: WithProblems<T[K]> }
      : T;

type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response>;

/** Options of `createClient`: credentials, headers and fetch options sent with every request. */
export interface ClientOptions extends Omit<ClientRequestOptions, 'init'> {
  /** An API key (hs_…) or a JWT, sent as `Authorization: Bearer <token>` with every request. */
  readonly token?: string | undefined;
  /**
   * `'include'` sends the browser's session cookie (the dashboard's sign-in);
   * the default is the fetch default (`same-origin`).
   */
  readonly credentials?: RequestCredentials;
  /** The CSRF token of the browser session, sent as `X-CSRF-Token` with every write. */
  readonly csrfToken?: () => string | undefined;
  /** Further fetch options for every request. */
  readonly init?: RequestInit;
}

function methodOf(input: RequestInfo | URL, init: RequestInit | undefined): string {
  if (init?.method) return init.method.toUpperCase();
  return typeof input === 'object' && 'method' in input ? input.method.toUpperCase() : 'GET';
}

/**
 * A typed HTTP client of the Hindsight API (`hc<AppType>`): paths, parameters
 * and success bodies are checked by TypeScript. Only `hono/client` runs; the
 * server is a type, so the client bundles for a browser.
 */
export function createClient(baseUrl: string, options: ClientOptions = {}): HindsightClient {
  const { token, credentials, csrfToken, headers, fetch: customFetch, init, ...rest } = options;
  const baseFetch: FetchLike = customFetch ?? ((input, i) => fetch(input, i));
  const send = async (input: RequestInfo | URL, requestInit?: RequestInit): Promise<Response> => {
    const csrf = csrfToken?.();
    if (csrf === undefined || !unsafeMethods.has(methodOf(input, requestInit))) {
      return baseFetch(input, requestInit);
    }
    const withCsrf = new Headers(requestInit?.headers);
    withCsrf.set(csrfHeader, csrf);
    return baseFetch(input, { ...requestInit, headers: withCsrf });
  };
  return hc<AppType>(baseUrl, {
    ...rest,
    fetch: send,
    init: { ...init, ...(credentials ? { credentials } : {}) },
    headers: async () => ({
      ...(typeof headers === 'function' ? await headers() : headers),
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    }),
  });
}

/**
 * The typed client `createClient` returns: `hc` of the server's `AppType`,
 * each request resolving to its success answers or a `ProblemResponse`.
 */
export type HindsightClient = WithProblems<ReturnType<typeof hc<AppType>>>;
