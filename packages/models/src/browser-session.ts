import * as v from 'valibot';
import { ApiKeyScope } from './api-key.js';
import { Id, Label, TimestampUs } from './primitives.js';

// A browser's sign-in: an API key exchanged for an HttpOnly session cookie.
// The cookie's value is a random secret; the database keeps only its SHA-256.

const Sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'));

/** A row of `browser_sessions`: the session a cookie stands for, and the key it was made from. */
export const BrowserSessionRecord = v.object({
  id: Id,
  token_hash: Sha256Hex,
  api_key_id: Id,
  created_at_us: TimestampUs,
  /** Refreshed at most once a minute; the session ends after the idle timeout without use. */
  last_seen_at_us: TimestampUs,
  /** The absolute end, whatever the use. */
  expires_at_us: TimestampUs,
});
export type BrowserSessionRecord = v.InferOutput<typeof BrowserSessionRecord>;

/** The sign-in request: the API key, sent once and never stored by the page. */
export const SignInRequest = v.object({
  api_key: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(512)),
});
export type SignInRequest = v.InferOutput<typeof SignInRequest>;

/**
 * How the caller was recognised: a session cookie, the trusted auth proxy's
 * header, an Authorization header, or not at all because auth is off.
 */
export const authMethods = ['session', 'proxy', 'bearer', 'off'] as const;
/** How a browser session was signed in. */
export const AuthMethod = v.picklist(authMethods);
export type AuthMethod = v.InferOutput<typeof AuthMethod>;

/** Who the browser is: the answer of `GET`/`POST /api/v1/auth/session`. */
export const BrowserSession = v.object({
  principal: v.object({
    kind: v.picklist(['api_key', 'user', 'development']),
    id: Id,
    name: v.optional(Label),
    scopes: v.array(ApiKeyScope),
  }),
  method: AuthMethod,
  /** When the session ends at the latest (the absolute timeout); null without a session. */
  expires_at_us: v.nullable(TimestampUs),
  /** When it ends unless used before (the idle timeout); null without a session. */
  idle_expires_at_us: v.nullable(TimestampUs),
  /**
   * Sent back as `X-CSRF-Token` with every write made with the cookie or the
   * proxy's header; null when none is needed (bearer credentials, auth off).
   */
  csrf_token: v.nullable(v.pipe(v.string(), v.maxLength(200))),
});
export type BrowserSession = v.InferOutput<typeof BrowserSession>;
