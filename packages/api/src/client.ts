import { hc } from 'hono/client';
import type { AppType } from './app.js';

/** A typed HTTP client of the Hindsight API. */
export function createClient(baseUrl: string, options?: Parameters<typeof hc>[1]) {
  return hc<AppType>(baseUrl, options);
}

export type HindsightClient = ReturnType<typeof createClient>;
