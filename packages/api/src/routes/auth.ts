import {
  type BrowserSession,
  BrowserSession as BrowserSessionModel,
  SignInRequest,
} from '@hindsight/models';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Authenticator, Credentials } from '../auth/authenticate.js';
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from '../auth/session-cookie.js';
import type { ApiEnv } from '../env.js';
import { problem } from '../problem.js';
import { csrfDetail } from '../route.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

export interface AuthRouteDeps extends RouteModuleDeps {
  readonly authenticator: Authenticator;
  /** Whether the browser reached the server over HTTPS (the cookie is then Secure). */
  readonly isHttps: (c: Context) => boolean;
}

/** Nothing about a session may be cached, by the browser or on the way. */
const noStore = { 'Cache-Control': 'no-store' };

function sessionBody(
  credentials: Extract<Credentials, { ok: true }>,
  csrfToken: string | null,
): BrowserSession {
  const { principal } = credentials;
  const kind =
    principal.kind === 'api_key' || principal.kind === 'user' ? principal.kind : 'development';
  return {
    principal: {
      kind,
      id: principal.id,
      ...('name' in principal ? { name: principal.name } : {}),
      scopes: [...principal.scopes],
    },
    method: credentials.method,
    expires_at_us: credentials.session?.expires_at_us ?? null,
    idle_expires_at_us: credentials.session?.idle_expires_at_us ?? null,
    csrf_token: csrfToken,
  };
}

/**
 * Browser sign-in, mounted at /api/v1/auth: an API key is exchanged for an
 * HttpOnly, SameSite=Strict session cookie; the session is read back with its
 * CSRF token, and ended. These routes are public (they are how one gets
 * credentials) and authenticate the request themselves, with the same
 * authenticator as every other route.
 */
export function authRoutes({ services, route, authenticator, isHttps }: AuthRouteDeps) {
  return new Hono<ApiEnv>()
    .post(
      '/session',
      route({
        access: 'public',
        summary: 'Sign a browser in with an API key',
        description:
          "Sets an HttpOnly, SameSite=Strict session cookie (Secure, as `__Host-hindsight_session`, over HTTPS) acting with the key's scopes until it ends: after the idle timeout without use, at the absolute timeout, at sign-out, or when the key is revoked. The answer holds the CSRF token that writes made with the cookie must send as `X-CSRF-Token`. Attempts are rate-limited per client address.",
        tags: ['auth'],
        responses: { 200: { description: 'Signed in', schema: BrowserSessionModel } },
        problems: [400, 401, 413, 429],
        rateLimit: 'signIn',
        usesDatabase: true,
        maxBodyBytes: 4 * 1024,
      }),
      validate('json', SignInRequest),
      async (c) => {
        const signedIn = await services(c).browserSessions.signIn(c.req.valid('json'));
        writeSessionCookie(c, signedIn.token, {
          secure: isHttps(c),
          expiresAtUs: signedIn.session.expires_at_us,
          nowUs: signedIn.created_at_us,
        });
        const credentials = {
          ok: true,
          method: 'session',
          principal: {
            kind: 'api_key',
            id: signedIn.key.id,
            name: signedIn.key.name,
            scopes: signedIn.key.scopes,
          },
          session: { ...signedIn.session, token: signedIn.token },
        } as const;
        return c.json(
          sessionBody(credentials, authenticator.csrfTokenFor(credentials)),
          200,
          noStore,
        );
      },
    )
    .get(
      '/session',
      route({
        access: 'public',
        summary: 'Who this browser is',
        description:
          'The principal the request authenticates as (session cookie, trusted auth proxy, Authorization header, or the development principal with auth off), its scopes, when its session ends, and the CSRF token for writes. 401 when signed out.',
        tags: ['auth'],
        responses: { 200: { description: 'Signed in', schema: BrowserSessionModel } },
        problems: [401, 429],
        rateLimit: 'read',
        usesDatabase: true,
      }),
      async (c) => {
        const credentials = await authenticator.authenticate(c);
        if (!credentials.ok) {
          if (readSessionCookie(c) !== undefined) clearSessionCookie(c, isHttps(c));
          return problem(c, 401, { detail: credentials.detail, headers: noStore });
        }
        return c.json(
          sessionBody(credentials, authenticator.csrfTokenFor(credentials)),
          200,
          noStore,
        );
      },
    )
    .delete(
      '/session',
      route({
        access: 'public',
        summary: 'Sign the browser out',
        description:
          'Ends the session of the cookie and clears it. Needs the CSRF token while the session is live. Signing out without a session changes nothing; people signed in through the auth proxy sign out there.',
        tags: ['auth'],
        responses: { 204: { description: 'Signed out' } },
        problems: [403, 429],
        rateLimit: 'read',
        usesDatabase: true,
      }),
      async (c) => {
        const credentials = await authenticator.authenticate(c);
        if (credentials.ok && credentials.method === 'session' && credentials.session) {
          if (!authenticator.passesCsrf(c, credentials)) {
            return problem(c, 403, { detail: csrfDetail });
          }
          c.set('principal', credentials.principal);
          await services(c).browserSessions.signOut({ token: credentials.session.token });
        }
        clearSessionCookie(c, isHttps(c));
        return c.body(null, 204, noStore);
      },
    );
}
