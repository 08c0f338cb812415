import { type ClientRequestOptions, hc } from 'hono/client';
import type { AppType } from './app.js';

/** Options of the server-side typed client: hono's client options and a bearer token. */
export interface ClientOptions extends ClientRequestOptions {
  /** An API key (hs_…) or a JWT, sent as `Authorization: Bearer <token>` with every request. */
  readonly token?: string;
}

/** A typed HTTP client of the Hindsight API. */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  const { token, headers, ...rest } = options;
  if (token === undefined) return hc<AppType>(baseUrl, options);
  return hc<AppType>(baseUrl, {
    ...rest,
    headers: async () => ({
      ...(typeof headers === 'function' ? await headers() : headers),
      Authorization: `Bearer ${token}`,
    }),
  });
}

/** The typed client `createClient` returns (`hc<AppType>`). */
export type HindsightClient = ReturnType<typeof createClient>;
