import type { BrowserSession as BrowserSessionModel } from '@hindsight/models';
import { csrfHeader } from './client.js';
import { problemFrom } from './problem.js';

/**
 * Who the browser is (the `BrowserSession` model): the principal, how it was
 * recognised, when its session ends, and the CSRF token that cookie writes send.
 */
export type BrowserSession = BrowserSessionModel;

/** Where the browser-session calls go and with which fetch. */
export interface BrowserSessionOptions {
  /** Where the API is; the page's own origin by default. */
  readonly baseUrl?: string;
  /** The fetch to send with; the global fetch by default. */
  readonly fetch?: typeof fetch;
}

const path = '/api/v1/auth/session';

function target(options: BrowserSessionOptions): { url: string; send: typeof fetch } {
  return {
    url: `${(options.baseUrl ?? '').replace(/\/$/, '')}${path}`,
    send: options.fetch ?? ((input, init) => fetch(input, init)),
  };
}

/**
 * The current browser session: its principal and CSRF token; `null` when
 * signed out (401). A server without browser sign-in (404) answers
 * `undefined`. Other failures throw a `HindsightProblemError`.
 */
export async function getBrowserSession(
  options: BrowserSessionOptions = {},
): Promise<BrowserSession | null | undefined> {
  const { url, send } = target(options);
  const res = await send(url, { credentials: 'include', headers: { Accept: 'application/json' } });
  if (res.status === 401) return null;
  if (res.status === 404) return undefined;
  if (!res.ok) throw await problemFrom(res);
  return (await res.json()) as BrowserSession;
}

/** Exchanges an API key for an HttpOnly session cookie; a 401 problem on a bad key. */
export async function signIn(
  apiKey: string,
  options: BrowserSessionOptions = {},
): Promise<BrowserSession> {
  const { url, send } = target(options);
  const res = await send(url, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ api_key: apiKey }),
  });
  if (!res.ok) throw await problemFrom(res);
  return (await res.json()) as BrowserSession;
}

/** Ends the browser session (the cookie is cleared). */
export async function signOut(
  csrfToken: string | undefined,
  options: BrowserSessionOptions = {},
): Promise<void> {
  const { url, send } = target(options);
  const res = await send(url, {
    method: 'DELETE',
    credentials: 'include',
    headers: csrfToken ? { [csrfHeader]: csrfToken } : {},
  });
  if (!res.ok && res.status !== 401) throw await problemFrom(res);
}
