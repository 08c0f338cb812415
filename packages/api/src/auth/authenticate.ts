import { randomBytes } from 'node:crypto';
import { type ApiKeyScope, type AuthMethod, Id } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import type { Context } from 'hono';
import * as v from 'valibot';
import { type AddressList, parseAddressList } from './address-list.js';
import { type CsrfBinding, csrfHeader, csrfToken, verifyCsrfToken } from './csrf.js';
import { createJwtVerifier, InvalidTokenError, type JwtOptions, looksLikeJwt } from './jwt.js';
import { developmentPrincipal, type Principal } from './principal.js';
import { readSessionCookie } from './session-cookie.js';

/**
 * A reverse proxy that authenticates people (oauth2-proxy) and names them in
 * a header. The header is believed only on connections from `addresses`;
 * from anywhere else it is ignored, so a client cannot name itself.
 */
export interface AuthProxyOptions {
  /** The header naming the person, e.g. `X-Forwarded-Email`. */
  readonly header: string;
  /** The proxy's addresses or networks (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`). */
  readonly addresses: readonly string[];
  /** What a person the proxy names may do. */
  readonly scopes: readonly ApiKeyScope[];
}

/**
 * How requests are authenticated: API keys always, people's JWTs and a trusted auth proxy when
 * configured.
 */
export interface AuthOptions {
  /** False only for local development (HINDSIGHT_AUTH=off): every request acts with every scope. */
  readonly enabled: boolean;
  /** People's tokens; without it only API keys are accepted. */
  readonly jwt?: JwtOptions;
  /** The trusted auth proxy; without it its header means nothing. */
  readonly proxy?: AuthProxyOptions;
  /**
   * Keys the CSRF tokens of proxy-authenticated people (sessions key theirs
   * with their own cookie secret). All instances behind one balancer need the
   * same; one is generated per process when absent.
   */
  readonly csrfSecret?: string;
}

/** A live browser session: when it ends, and the cookie secret its CSRF token derives from. */
export interface SessionCredentials {
  readonly id: string;
  readonly token: string;
  readonly expires_at_us: number;
  readonly idle_expires_at_us: number;
}

/**
 * What a request's credentials resolved to: a principal and how it signed in, or why they were
 * refused.
 */
export type Credentials =
  | {
      readonly ok: true;
      readonly principal: Principal;
      readonly method: AuthMethod;
      readonly session?: SessionCredentials;
    }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly detail: string };

const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const ProxyUser = v.pipe(v.string(), v.trim(), Id, v.regex(/^\S+$/, 'must have no spaces'));

/** What the authenticator needs to know of the request beside its headers. */
export interface RequestFacts {
  /** The address of the connection (the peer that sent the request, not X-Forwarded-For). */
  readonly peerAddress: (c: Context) => string | undefined;
}

/** Methods that change nothing: a cookie-authenticated read needs no CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One authenticator for every route, and for the live endpoints: an
 * Authorization header (API key or JWT), else the trusted proxy's header
 * (from its addresses only), else the browser session cookie. Whatever
 * authenticated the request, the principal carries the same scopes as the
 * credential behind it. Database trouble is not a credentials problem: it
 * propagates (as UnavailableError, a 503), it never becomes a 401.
 */
export function createAuthenticator(
  services: {
    readonly apiKeys: Pick<Services['apiKeys'], 'authenticate'>;
    readonly browserSessions: Pick<Services['browserSessions'], 'authenticate'>;
  },
  options: AuthOptions,
  facts: RequestFacts = { peerAddress: () => undefined },
) {
  const verifyJwt = options.jwt ? createJwtVerifier(options.jwt) : undefined;
  const proxy = options.proxy;
  const proxyAddresses: AddressList | undefined = proxy
    ? parseAddressList(proxy.addresses)
    : undefined;
  const csrfSecret = options.csrfSecret ?? randomBytes(32).toString('base64url');

  const fromBearer = async (token: string): Promise<Credentials> => {
    if (looksLikeJwt(token)) {
      if (!verifyJwt)
        return {
          ok: false,
          reason: 'invalid',
          detail: 'this server accepts no tokens, only API keys',
        };
      try {
        return { ok: true, principal: await verifyJwt(token), method: 'bearer' };
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          return { ok: false, reason: 'invalid', detail: error.message };
        }
        throw error;
      }
    }
    const check = await services.apiKeys.authenticate({ key: token });
    switch (check.status) {
      case 'valid':
        return {
          ok: true,
          method: 'bearer',
          principal: {
            kind: 'api_key',
            id: check.key.id,
            name: check.key.name,
            scopes: check.key.scopes,
          },
        };
      case 'revoked':
        return { ok: false, reason: 'invalid', detail: 'the API key was revoked' };
      default:
        return { ok: false, reason: 'invalid', detail: 'the API key is not valid' };
    }
  };

  const fromSession = async (token: string): Promise<Credentials> => {
    const check = await services.browserSessions.authenticate({ token });
    if (check.status !== 'valid') {
      const why = {
        expired: 'the browser session has ended; sign in again',
        revoked: 'the API key of this browser session was revoked',
        unknown: 'the browser session is not valid; sign in again',
      }[check.status];
      return { ok: false, reason: 'invalid', detail: why };
    }
    return {
      ok: true,
      method: 'session',
      principal: {
        kind: 'api_key',
        id: check.key.id,
        name: check.key.name,
        scopes: check.key.scopes,
      },
      session: { ...check.session, token },
    };
  };

  const authenticate = async (c: Context): Promise<Credentials> => {
    if (!options.enabled) return { ok: true, principal: developmentPrincipal, method: 'off' };
    const authorization = c.req.header('authorization');
    if (authorization !== undefined && authorization.trim() !== '') {
      const token = bearer.exec(authorization)?.[1];
      if (!token) {
        return {
          ok: false,
          reason: 'invalid',
          detail: 'use the Bearer scheme: Authorization: Bearer <credential>',
        };
      }
      return fromBearer(token);
    }
    // Only the proxy's own connections may name a person; anyone else's header is ignored.
    const named = proxy ? c.req.header(proxy.header) : undefined;
    if (proxy && named !== undefined && proxyAddresses?.has(facts.peerAddress(c))) {
      const user = v.safeParse(ProxyUser, named);
      if (!user.success) {
        return { ok: false, reason: 'invalid', detail: `the ${proxy.header} header is not a name` };
      }
      return {
        ok: true,
        method: 'proxy',
        principal: { kind: 'user', id: user.output, scopes: [...proxy.scopes] },
      };
    }
    const cookie = readSessionCookie(c);
    if (cookie !== undefined && cookie !== '') return fromSession(cookie);
    return {
      ok: false,
      reason: 'missing',
      detail: 'send an API key or a token as Authorization: Bearer <credential>, or sign in',
    };
  };

  const bindingOf = (credentials: Credentials): CsrfBinding | undefined => {
    if (!credentials.ok) return undefined;
    if (credentials.method === 'session' && credentials.session) {
      return { key: credentials.session.token, binding: `session:${credentials.session.id}` };
    }
    if (credentials.method === 'proxy') {
      return { key: csrfSecret, binding: `proxy:${credentials.principal.id}` };
    }
    return undefined;
  };

  return {
    authenticate,
    /** Whether a proxy header on this request would be believed (its X-Forwarded-Proto too). */
    fromTrustedProxy: (c: Context) => proxyAddresses?.has(facts.peerAddress(c)) === true,
    /** A CSRF token for these credentials; null when they need none (bearer, auth off). */
    csrfTokenFor(credentials: Credentials): string | null {
      const binding = bindingOf(credentials);
      return binding ? csrfToken(binding) : null;
    },
    /**
     * Whether the request may go on: reads always; writes made with a cookie
     * or the proxy's header only with the CSRF token of those credentials.
     * Bearer credentials are never sent by a browser on its own: they need none.
     */
    passesCsrf(c: Context, credentials: Credentials): boolean {
      if (safeMethods.has(c.req.method)) return true;
      const binding = bindingOf(credentials);
      return binding === undefined || verifyCsrfToken(c.req.header(csrfHeader), binding);
    },
  };
}

/**
 * Resolves a request's credentials (bearer token, session cookie, auth proxy header) to a
 * principal.
 */
export type Authenticator = ReturnType<typeof createAuthenticator>;
